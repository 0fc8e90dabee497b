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
/// `derive`'s order the runs already come in row order, so each row is written once,
/// straight into its firewall's part of the matrix; other input costs a sort of the runs.
pub fn build_matrix(index: &PlanIndex<'_>, router: &Router, flows: &[Flow]) -> Matrix {
    let firewalls = firewall_ranks(index);
    let inside = firewalls.len(); // rows inside one zone come last
    let rank = |fw: Option<FirewallId>| {
        fw.and_then(|f| firewalls.get(&f).copied())
            .unwrap_or(inside)
    };

    // The runs, their paths, and how many rows each firewall gets.
    let mut runs: Vec<Run<'_>> = Vec::new();
    let mut counts = vec![0usize; inside + 1];
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
        for fw in row_firewalls(path) {
            counts[rank(fw)] += 1;
        }
        runs.push(Run {
            order: (source, destination, key.2),
            flows: run,
            path,
        });
    }
    if !runs.is_sorted_by_key(|r| r.order) {
        runs.sort_by_key(|r| r.order);
    }

    // Each firewall's rows start where the previous firewall's end.
    let mut next = Vec::with_capacity(counts.len());
    let mut total = 0;
    for count in counts {
        next.push(total);
        total += count;
    }
    let empty = MatrixRow {
        firewall: None,
        source: NodeId(0),
        destination: NodeId(0),
        protocol: Protocol::Tcp,
        ports: PortSet::new(),
        requirements: 0,
        flows: 0..0,
    };
    let mut rows = vec![empty; total];
    let mut sets: FxHashMap<SmallVec<[usize; 8]>, usize> = FxHashMap::default();
    let mut requirement_sets: Vec<Vec<usize>> = Vec::new();
    for run in runs {
        let merged = &flows[run.flows.clone()];
        let mut ports = PortSet::new();
        let mut requirements: SmallVec<[usize; 8]> = SmallVec::new();
        for flow in merged {
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
            source: merged[0].source,
            destination: merged[0].destination,
            protocol: merged[0].protocol,
            ports,
            requirements: set,
            flows: run.flows,
        };
        for firewall in row_firewalls(run.path) {
            let slot = &mut next[rank(firewall)];
            rows[*slot] = MatrixRow {
                firewall,
                ..row.clone()
            };
            *slot += 1;
        }
    }
    unrouted.sort_unstable();
    Matrix {
        rows,
        requirement_sets,
        unrouted,
    }
}

/// The firewall of each row a run with `path` gives: one per firewall crossed, or one row
/// with none inside a zone.
fn row_firewalls(path: &[FirewallId]) -> impl Iterator<Item = Option<FirewallId>> + '_ {
    let inside = path.is_empty().then_some(None);
    inside.into_iter().chain(path.iter().copied().map(Some))
}

/// A run of flows with the same source, destination and protocol: one row per firewall.
struct Run<'r> {
    /// Source and destination positions and protocol: the order of rows within one
    /// firewall ([`PlanIndex::nodes`] is in the matrix's node order).
    order: (usize, usize, Protocol),
    flows: Range<usize>,
    path: &'r [FirewallId],
}

/// Each firewall's rank in the matrix's order: by name, then id. Rows through firewalls
/// the plan does not list (never, in practice) go with those inside one zone, last.
fn firewall_ranks(index: &PlanIndex<'_>) -> FxHashMap<FirewallId, usize> {
    let mut fws: Vec<_> = index.plan.firewalls.iter().collect();
    fws.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    fws.iter().zip(0..).map(|(f, rank)| (f.id, rank)).collect()
}
