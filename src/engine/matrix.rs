//! The firewall matrix: flows routed through firewalls, merged into rows.

use super::permute::{counting_order, permute};
use super::{Flow, PlanIndex, Router};
use crate::model::NodeId;
use crate::model::{FirewallId, PortSet, Protocol};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::ops::Range;

/// One firewall rule: `source` may open `protocol` connections to `destination` on `ports`
/// through `firewall` (`None`: within one zone, for host firewalls).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixRow {
    pub firewall: Option<FirewallId>,
    pub source: NodeId,
    pub destination: NodeId,
    pub protocol: Protocol,
    /// The ports of every merged flow, joined into the fewest ranges.
    pub ports: PortSet,
    /// Index into [`Matrix::requirement_sets`]: the requirements of the merged flows.
    pub requirements: usize,
    /// The merged flows: a run of the flows the matrix was built from.
    pub flows: Range<usize>,
}

/// The matrix, and the flows that could not be routed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matrix {
    pub rows: Vec<MatrixRow>,
    /// Each distinct set of requirement indices (ascending, no repeats) that rows merge,
    /// held once: many rows share one, and so can the text cells made from it.
    pub requirement_sets: Vec<Vec<usize>>,
    /// Flow indices whose zones no chain of firewalls joins.
    pub unrouted: Vec<usize>,
}

impl Matrix {
    /// The requirement indices `row` merges, ascending.
    pub fn requirements(&self, row: &MatrixRow) -> &[usize] {
        self.requirement_sets
            .get(row.requirements)
            .map_or(&[], Vec::as_slice)
    }
}

/// Routes each flow and merges those with the same firewall, source, destination and
/// protocol. A flow is listed once per firewall it crosses.
///
/// `flows` should be in [`derive`](super::derive)'s order, where the flows one row merges
/// are adjacent: each run of flows with the same source, destination and protocol becomes
/// one row per firewall. (In another order rows are merged less, never wrong.)
///
/// Rows are sorted by firewall name (rows inside one zone last), then source zone and
/// name, destination zone and name, protocol; ids break ties between equal names, so the
/// same plan always gives the same rows. **O(F + R)** for F flows and R rows: in
/// `derive`'s order the runs already come in row order, so rows only need a stable
/// counting sort by firewall; other input costs a full sort.
pub fn build_matrix(index: &PlanIndex<'_>, router: &Router, flows: &[Flow]) -> Matrix {
    let firewalls = firewall_ranks(index);
    // The rank of "no firewall": last. (A plan has far fewer than 2^32 firewalls.)
    let inside = u32::try_from(firewalls.len()).unwrap_or(u32::MAX);
    let mut rows: Vec<MatrixRow> = Vec::new();
    // Each row's firewall rank, and each run's (source, destination, protocol) order.
    let mut ranks: Vec<u32> = Vec::new();
    let mut in_order = true;
    let mut last_run = None;
    let mut sets: FxHashMap<SmallVec<[usize; 8]>, usize> = FxHashMap::default();
    let mut requirement_sets: Vec<Vec<usize>> = Vec::new();
    let mut unrouted = Vec::new();
    let mut start = 0;
    while let Some(first) = flows.get(start) {
        let key = (first.source, first.destination, first.protocol);
        let len = flows[start..]
            .iter()
            .take_while(|f| (f.source, f.destination, f.protocol) == key)
            .count();
        let run = start..start + len;
        start += len;
        let (source, destination) = (index.pos(key.0), index.pos(key.1));
        let path = match (source, destination) {
            (Some(a), Some(b)) => router.path(index.facts[a].zone, index.facts[b].zone),
            _ => None,
        };
        let (Some(path), Some(source), Some(destination)) = (path, source, destination) else {
            unrouted.extend(run);
            continue;
        };
        let order = (source, destination, key.2);
        in_order &= last_run.is_none_or(|last| last < order);
        last_run = Some(order);
        let mut ports = PortSet::new();
        let mut requirements: SmallVec<[usize; 8]> = SmallVec::new();
        for flow in &flows[run.clone()] {
            ports.extend(&flow.ports);
            requirements.push(flow.requirement);
        }
        requirements.sort_unstable();
        requirements.dedup();
        let set = *sets.entry(requirements).or_insert_with_key(|reqs| {
            requirement_sets.push(reqs.to_vec());
            requirement_sets.len() - 1
        });
        let row = MatrixRow {
            firewall: None,
            source: key.0,
            destination: key.1,
            protocol: key.2,
            ports,
            requirements: set,
            flows: run,
        };
        let rank = |fw: &FirewallId| firewalls.get(fw).copied().unwrap_or(inside);
        if let Some((&last, others)) = path.split_last() {
            for &fw in others {
                ranks.push(rank(&fw));
                rows.push(MatrixRow {
                    firewall: Some(fw),
                    ..row.clone()
                });
            }
            ranks.push(rank(&last));
            rows.push(MatrixRow {
                firewall: Some(last),
                ..row
            });
        } else {
            ranks.push(inside);
            rows.push(row);
        }
    }
    if in_order {
        let (mut order, _) = counting_order(&ranks, firewalls.len() + 1);
        permute(&mut rows, &mut order);
    } else {
        let pos = |id| index.pos(id).unwrap_or(usize::MAX);
        let mut keyed: Vec<_> = ranks.into_iter().zip(rows).collect();
        keyed.sort_by_key(|(rank, r)| (*rank, pos(r.source), pos(r.destination), r.protocol));
        rows = keyed.into_iter().map(|(_, row)| row).collect();
    }
    unrouted.sort_unstable();
    Matrix {
        rows,
        requirement_sets,
        unrouted,
    }
}

/// Each firewall's rank in the matrix's order: by name, then id. Rows through firewalls
/// the plan does not list (never, in practice) go with those inside one zone, last.
fn firewall_ranks(index: &PlanIndex<'_>) -> FxHashMap<FirewallId, u32> {
    let mut fws: Vec<_> = index.plan.firewalls.iter().collect();
    fws.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    fws.iter().zip(0..).map(|(f, rank)| (f.id, rank)).collect()
}
