//! Routing: zones and firewalls form a graph; a flow between two zones crosses the
//! firewalls on the shortest path between them.

use crate::model::{FirewallId, Plan, ZoneId};
use petgraph::algo::dijkstra;
use petgraph::graph::{NodeIndex, UnGraph};
use rustc_hash::FxHashMap as HashMap;

#[derive(Clone, Copy, Debug)]
enum Vertex {
    Zone,
    Firewall(FirewallId),
}

/// The firewalls between every pair of zones, computed once per plan.
///
/// Building is one shortest-path search per zone, **O(z · (z + f) log(z + f))**, plus
/// the paths themselves; [`Router::path`] is **O(1)**. Ties between equally short paths
/// are broken the same way every time: vertices are added in id order and a path steps
/// back through the lowest-numbered vertex one step closer to the start.
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

        let mut paths = HashMap::default();
        for &a in &zones {
            let start = zone_vertex[&a];
            let dist = dijkstra(&graph, start, None, |_| 1u32);
            for &b in &zones {
                let Some(&d) = dist.get(&zone_vertex[&b]) else {
                    continue;
                };
                // Walk back from b to a, one step closer each time.
                let mut crossed = Vec::new();
                let (mut v, mut d) = (zone_vertex[&b], d);
                while d > 0 {
                    if let Vertex::Firewall(f) = graph[v] {
                        crossed.push(f);
                    }
                    let Some(prev) = graph
                        .neighbors(v)
                        .filter(|n| dist.get(n) == Some(&(d - 1)))
                        .min()
                    else {
                        break;
                    };
                    v = prev;
                    d -= 1;
                }
                crossed.reverse();
                paths.insert((a, b), crossed);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Firewall, Zone};

    fn plan(zones: u32, firewalls: &[(u32, &[u32])]) -> Plan {
        let mut plan = Plan::default();
        for z in 1..=zones {
            plan.zones.push(Zone {
                id: ZoneId(z),
                name: format!("z{z}"),
                kind: Default::default(),
                cidrs: vec![],
                notes: String::new(),
            });
        }
        for &(id, zs) in firewalls {
            plan.firewalls.push(Firewall {
                id: FirewallId(id),
                name: format!("f{id}"),
                zones: zs.iter().map(|&z| ZoneId(z)).collect(),
                notes: String::new(),
            });
        }
        plan
    }

    #[test]
    fn crosses_the_firewalls_on_the_shortest_path_in_order() {
        // 1 -f10- 2 -f11- 3 -f12- 4, and a shortcut f13 joining 1, 3 and 5.
        let router = Router::new(&plan(
            5,
            &[
                (10, &[1, 2]),
                (11, &[2, 3]),
                (12, &[3, 4]),
                (13, &[1, 3, 5]),
            ],
        ));
        let ids = |a, b| {
            router
                .path(ZoneId(a), ZoneId(b))
                .map(|p| p.iter().map(|f| f.0).collect::<Vec<_>>())
        };
        assert_eq!(ids(1, 1), Some(vec![]));
        assert_eq!(ids(1, 2), Some(vec![10]));
        assert_eq!(ids(1, 4), Some(vec![13, 12]));
        assert_eq!(ids(4, 1), Some(vec![12, 13]));
        assert_eq!(ids(2, 5), Some(vec![10, 13])); // a tie: through the lower zone id
    }

    #[test]
    fn no_path_between_unjoined_zones() {
        let router = Router::new(&plan(3, &[(10, &[1, 2])]));
        assert_eq!(router.path(ZoneId(1), ZoneId(3)), None);
        assert_eq!(router.path(ZoneId(3), ZoneId(3)), Some(&[][..]));
    }
}
