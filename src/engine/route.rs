//! Routing: zones and firewalls form a graph; a flow between two zones crosses the
//! firewalls on the shortest path between them.

use crate::model::{FirewallId, Plan, ZoneId};
use petgraph::algo::astar;
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug)]
enum Vertex {
    Zone,
    Firewall(FirewallId),
}

/// The firewalls between every pair of zones, computed once per plan.
///
/// Building is **O(z² · (z + f))** (one shortest-path search per pair of zones; plans
/// have tens of zones); [`Router::path`] is **O(1)**. Ties between equally short paths
/// are broken the same way every time: vertices are added in id order.
#[derive(Clone, Debug, Default)]
pub struct Router {
    paths: HashMap<(ZoneId, ZoneId), Vec<FirewallId>>,
}

impl Router {
    pub fn new(plan: &Plan) -> Self {
        let mut graph: UnGraph<Vertex, ()> = UnGraph::new_undirected();
        let mut zones: Vec<ZoneId> = plan.zones.iter().map(|z| z.id).collect();
        zones.sort_unstable();
        zones.dedup();
        let zone_vertex: HashMap<ZoneId, NodeIndex> = zones
            .iter()
            .map(|&z| (z, graph.add_node(Vertex::Zone)))
            .collect();
        let mut firewalls: Vec<_> = plan.firewalls.iter().collect();
        firewalls.sort_by_key(|f| f.id);
        for fw in firewalls {
            let v = graph.add_node(Vertex::Firewall(fw.id));
            for z in &fw.zones {
                if let Some(&zv) = zone_vertex.get(z) {
                    graph.update_edge(v, zv, ());
                }
            }
        }

        let mut paths = HashMap::new();
        for &a in &zones {
            for &b in &zones {
                let (va, vb) = (zone_vertex[&a], zone_vertex[&b]);
                if let Some((_, path)) = astar(&graph, va, |v| v == vb, |_| 1u32, |_| 0) {
                    let crossed = path
                        .into_iter()
                        .filter_map(|v| match graph[v] {
                            Vertex::Firewall(f) => Some(f),
                            Vertex::Zone => None,
                        })
                        .collect();
                    paths.insert((a, b), crossed);
                }
            }
        }
        Router { paths }
    }

    /// The firewalls a flow from zone `from` to zone `to` crosses, in order; empty within
    /// one zone; `None` when no path joins them.
    pub fn path(&self, from: ZoneId, to: ZoneId) -> Option<&[FirewallId]> {
        self.paths.get(&(from, to)).map(Vec::as_slice)
    }
}
