//! The firewall matrix: flows routed through firewalls, merged into rows.

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
/// `derive`'s order the runs already come in row order, and rows are dealt out to one
/// bucket per firewall; other input costs a sort of the runs.
pub fn build_matrix(index: &PlanIndex<'_>, router: &Router, flows: &[Flow]) -> Matrix {
    let mut runs: Vec<Run<'_>> = Vec::new();
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
        let flows_of_run = start..start + len;
        start += len;
        let (source, destination) = (index.pos(key.0), index.pos(key.1));
        let path = match (source, destination) {
            (Some(a), Some(b)) => router.path(index.node_zone[a], index.node_zone[b]),
            _ => None,
        };
        let (Some(path), Some(source), Some(destination)) = (path, source, destination) else {
            unrouted.extend(flows_of_run);
            continue;
        };
        let mut ports = PortSet::new();
        let mut requirements: SmallVec<[usize; 8]> = SmallVec::new();
        for flow in &flows[flows_of_run.clone()] {
            ports.extend(&flow.ports);
            requirements.push(flow.requirement);
        }
        requirements.sort_unstable();
        requirements.dedup();
        let set = *sets.entry(requirements).or_insert_with_key(|reqs| {
            requirement_sets.push(reqs.to_vec());
            requirement_sets.len() - 1
        });
        runs.push(Run {
            order: (source, destination, key.2),
            path,
            row: MatrixRow {
                firewall: None,
                source: key.0,
                destination: key.1,
                protocol: key.2,
                ports,
                requirements: set,
                flows: flows_of_run,
            },
        });
    }
    if !runs.is_sorted_by_key(|r| r.order) {
        runs.sort_by_key(|r| r.order);
    }
    let firewalls = firewall_ranks(index);
    let bucket = |fw: Option<FirewallId>| {
        fw.and_then(|f| firewalls.get(&f).copied())
            .unwrap_or(firewalls.len())
    };
    let mut buckets: Vec<Vec<MatrixRow>> = vec![Vec::new(); firewalls.len() + 1];
    for run in runs {
        let Some((&last, others)) = run.path.split_last() else {
            buckets[bucket(None)].push(run.row);
            continue;
        };
        for &fw in others {
            let row = MatrixRow {
                firewall: Some(fw),
                ..run.row.clone()
            };
            buckets[bucket(Some(fw))].push(row);
        }
        buckets[bucket(Some(last))].push(MatrixRow {
            firewall: Some(last),
            ..run.row
        });
    }
    unrouted.sort_unstable();
    Matrix {
        rows: buckets.concat(),
        requirement_sets,
        unrouted,
    }
}

/// A run of flows merged into one row, before it is copied to each firewall it crosses.
struct Run<'r> {
    /// Source and destination positions and protocol: the order of rows within one
    /// firewall ([`PlanIndex::nodes`] is in the matrix's node order).
    order: (usize, usize, Protocol),
    path: &'r [FirewallId],
    row: MatrixRow,
}

/// Each firewall's rank in the matrix's order: by name, then id. Rows through firewalls
/// the plan does not list (never, in practice) go with those inside one zone, last.
fn firewall_ranks(index: &PlanIndex<'_>) -> FxHashMap<FirewallId, usize> {
    let mut fws: Vec<_> = index.plan.firewalls.iter().collect();
    fws.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    fws.iter().zip(0..).map(|(f, rank)| (f.id, rank)).collect()
}
