//! The firewall matrix: flows routed through firewalls, merged into rows.

use super::{Flow, PlanIndex, Router};
use crate::model::{FirewallId, NodeId, PortSet, Protocol};
use std::collections::HashMap;

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
    /// Requirement indices of the merged flows, ascending, no repeats.
    pub requirements: Vec<usize>,
    /// Indices of the merged flows, ascending.
    pub flows: Vec<usize>,
}

/// The matrix, and the flows that could not be routed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matrix {
    pub rows: Vec<MatrixRow>,
    /// Flow indices whose zones no chain of firewalls joins.
    pub unrouted: Vec<usize>,
}

/// Routes each flow and merges those with the same firewall, source, destination and
/// protocol. A flow is listed once per firewall it crosses.
///
/// Rows are sorted by firewall name (rows inside one zone last), then source zone and
/// name, destination zone and name, protocol; ids break ties between equal names, so the
/// same plan always gives the same rows. **O(F · p + R log R)** for F flows crossing p
/// firewalls each, R rows.
pub fn build_matrix(index: &PlanIndex<'_>, router: &Router, flows: &[Flow]) -> Matrix {
    let mut rows: Vec<MatrixRow> = Vec::new();
    let mut by_key: HashMap<(Option<FirewallId>, NodeId, NodeId, Protocol), usize> = HashMap::new();
    let mut unrouted = Vec::new();
    let mut add = |fw: Option<FirewallId>, i: usize, flow: &Flow, rows: &mut Vec<MatrixRow>| {
        let key = (fw, flow.source, flow.destination, flow.protocol);
        let row = *by_key.entry(key).or_insert_with(|| {
            rows.push(MatrixRow {
                firewall: fw,
                source: flow.source,
                destination: flow.destination,
                protocol: flow.protocol,
                ports: PortSet::new(),
                requirements: Vec::new(),
                flows: Vec::new(),
            });
            rows.len() - 1
        });
        let row = &mut rows[row];
        row.ports.extend(&flow.ports);
        row.requirements.push(flow.requirement);
        row.flows.push(i);
    };
    for (i, flow) in flows.iter().enumerate() {
        let zone_of = |id| index.node(id).map(|n| n.zone);
        let (Some(from), Some(to)) = (zone_of(flow.source), zone_of(flow.destination)) else {
            unrouted.push(i);
            continue;
        };
        match router.path(from, to) {
            None => unrouted.push(i),
            Some([]) => add(None, i, flow, &mut rows),
            Some(firewalls) => {
                for &fw in firewalls {
                    add(Some(fw), i, flow, &mut rows);
                }
            }
        }
    }
    for row in &mut rows {
        row.requirements.sort_unstable();
        row.requirements.dedup();
    }
    sort_rows(index, &mut rows);
    Matrix { rows, unrouted }
}

fn sort_rows(index: &PlanIndex<'_>, rows: &mut [MatrixRow]) {
    // Rank nodes and firewalls once so the sort compares integers, not strings.
    let zone_name = |n: &crate::model::Node| index.zone(n.zone).map_or("", |z| z.name.as_str());
    let mut order: Vec<usize> = (0..index.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let (na, nb) = (index.nodes[a], index.nodes[b]);
        (zone_name(na), na.name.as_str(), na.id).cmp(&(zone_name(nb), nb.name.as_str(), nb.id))
    });
    let mut node_rank: HashMap<NodeId, usize> = HashMap::with_capacity(order.len());
    for (rank, pos) in order.into_iter().enumerate() {
        node_rank.insert(index.nodes[pos].id, rank);
    }
    let mut fws: Vec<_> = index.plan.firewalls.iter().collect();
    fws.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    let fw_rank: HashMap<FirewallId, usize> =
        fws.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let rank = |id: &NodeId| node_rank.get(id).copied().unwrap_or(usize::MAX);
    rows.sort_by_cached_key(|r| {
        (
            r.firewall.map_or(usize::MAX, |f| {
                fw_rank.get(&f).copied().unwrap_or(usize::MAX - 1)
            }),
            rank(&r.source),
            rank(&r.destination),
            r.protocol,
        )
    });
}
