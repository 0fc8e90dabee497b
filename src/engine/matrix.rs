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
    // Flows between the same two nodes share one path, so they are merged a pair at a
    // time, without a hash map. `derive` sorts flows by source and destination; other
    // input is put in that order first (stably, so each row's flows stay ascending).
    let pair = |f: &Flow| (f.source, f.destination);
    let order: Vec<usize> = if flows.windows(2).all(|w| pair(&w[0]) <= pair(&w[1])) {
        (0..flows.len()).collect()
    } else {
        let mut order: Vec<usize> = (0..flows.len()).collect();
        order.sort_by_key(|&i| pair(&flows[i]));
        order
    };
    let mut rows: Vec<MatrixRow> = Vec::new();
    let mut unrouted = Vec::new();
    let zone_of = |id| index.node(id).map(|n| n.zone);
    let mut rest = order.as_slice();
    while let Some(&first) = rest.first() {
        let key = pair(&flows[first]);
        let len = rest.iter().take_while(|&&i| pair(&flows[i]) == key).count();
        let (group, tail) = rest.split_at(len);
        rest = tail;
        let path = match (zone_of(key.0), zone_of(key.1)) {
            (Some(from), Some(to)) => router.path(from, to),
            _ => None,
        };
        let Some(path) = path else {
            unrouted.extend_from_slice(group);
            continue;
        };
        // One row per protocol (in order of first appearance) and firewall crossed.
        for (k, &first_of) in group.iter().enumerate() {
            let protocol = flows[first_of].protocol;
            if group[..k].iter().any(|&j| flows[j].protocol == protocol) {
                continue;
            }
            let of_protocol = || {
                group[k..]
                    .iter()
                    .copied()
                    .filter(|&i| flows[i].protocol == protocol)
            };
            let count = of_protocol().count();
            let mut ports = PortSet::new();
            let mut requirements = Vec::with_capacity(count);
            let mut merged = Vec::with_capacity(count);
            for i in of_protocol() {
                ports.extend(&flows[i].ports);
                requirements.push(flows[i].requirement);
                merged.push(i);
            }
            requirements.sort_unstable();
            requirements.dedup();
            let mut row = MatrixRow {
                firewall: None,
                source: key.0,
                destination: key.1,
                protocol,
                ports,
                requirements,
                flows: merged,
            };
            if let Some((&last, others)) = path.split_last() {
                for &fw in others {
                    rows.push(MatrixRow {
                        firewall: Some(fw),
                        ..row.clone()
                    });
                }
                row.firewall = Some(last);
            }
            rows.push(row);
        }
    }
    unrouted.sort_unstable();
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
    let mut rank_at = vec![0; order.len()];
    for (rank, &pos) in order.iter().enumerate() {
        rank_at[pos] = rank;
    }
    let mut fws: Vec<_> = index.plan.firewalls.iter().collect();
    fws.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    let fw_rank: HashMap<FirewallId, usize> =
        fws.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let rank = |id: &NodeId| index.pos(*id).map_or(usize::MAX, |p| rank_at[p]);
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
