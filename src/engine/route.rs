//! Routing: zones and firewalls form a graph; a flow between two zones crosses the
//! firewalls on the shortest path between them.

use super::{Flow, PlanIndex};
use crate::model::{FirewallId, NodeId, Plan, ZoneId};
use petgraph::Undirected;
use petgraph::csr::Csr;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The firewalls between the pairs of zones that were asked for (those that have flows),
/// computed once per analysis.
///
/// Building is one breadth-first search per source zone, stopped as soon as every zone
/// asked for from that source is reached: **O(s · (z + f + e))** at worst for s source
/// zones, z zones, f firewalls and e zone-firewall joins, plus the length of the paths
/// kept. Each distinct path is stored once (a hub firewall's thousands of zone pairs all
/// share the one path through it) and pairs map to it, so memory is the pairs plus the
/// distinct paths, never all pairs of zones. [`Router::path`] is **O(1)**.
///
/// Ties between equally short paths are broken the same way every time: vertices are
/// numbered zones first, then firewalls, each by id, and a path steps back through the
/// lowest-numbered vertex one step closer to the start.
#[derive(Clone, Debug, Default)]
pub struct Router {
    /// Each pair's path, as an index into `starts`.
    pairs: HashMap<(ZoneId, ZoneId), u32>,
    /// Path `i` is `firewalls[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    firewalls: Vec<FirewallId>,
}

impl Router {
    /// Routes the zone pairs `(from, to)` of `pairs` through the plan's firewalls.
    /// Repeats are harmless; pairs with a zone the plan does not define get no path.
    pub fn new(plan: &Plan, pairs: impl IntoIterator<Item = (ZoneId, ZoneId)>) -> Self {
        let graph = ZoneGraph::new(plan);
        // Destinations grouped by source zone, sorted, so each source is searched once
        // and the result does not depend on the order the pairs came in.
        let mut wanted: Vec<(u32, u32)> = pairs
            .into_iter()
            .filter_map(|(a, b)| Some((graph.zone_vertex(a)?, graph.zone_vertex(b)?)))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();

        let mut router = Router {
            starts: vec![0],
            ..Router::default()
        };
        let mut interned: HashMap<Box<[FirewallId]>, u32> = HashMap::default();
        let mut search = Search::new(graph.len());
        let mut crossed = Vec::new();
        for group in wanted.chunk_by(|x, y| x.0 == y.0) {
            let source = group[0].0;
            search.run(&graph, source, group.iter().map(|&(_, to)| to));
            for &(_, to) in group {
                if !search.path_to(&graph, to, &mut crossed) {
                    continue;
                }
                let id = match interned.get(crossed.as_slice()) {
                    Some(&id) => id,
                    None => {
                        let id = router.push_path(&crossed);
                        interned.insert(crossed.as_slice().into(), id);
                        id
                    }
                };
                router
                    .pairs
                    .insert((graph.zones[source as usize], graph.zones[to as usize]), id);
            }
        }
        router
    }

    /// Routes the zone pairs of `flows`: source node's zone to destination node's zone.
    /// **O(F)** to collect them (a look-up per distinct source and destination, not per
    /// flow), plus [`Router::new`].
    pub fn for_flows(index: &PlanIndex<'_>, flows: &[Flow]) -> Self {
        let zone = |id| index.pos(id).map(|p| index.facts[p].zone);
        let mut pairs: Vec<(ZoneId, ZoneId)> = Vec::new();
        // Flows come sorted by source, then destination, in the matrix's node order
        // (zone first): most repeats are adjacent and skipped without a look-up.
        let mut source: Option<(NodeId, Option<ZoneId>)> = None;
        let mut last_destination = None;
        let mut seen: HashSet<(ZoneId, ZoneId)> = HashSet::default();
        for flow in flows {
            if last_destination == Some((flow.source, flow.destination)) {
                continue;
            }
            last_destination = Some((flow.source, flow.destination));
            let from = match source {
                Some((id, zone)) if id == flow.source => zone,
                _ => {
                    let z = zone(flow.source);
                    source = Some((flow.source, z));
                    z
                }
            };
            if let (Some(a), Some(b)) = (from, zone(flow.destination))
                && pairs.last() != Some(&(a, b))
                && seen.insert((a, b))
            {
                pairs.push((a, b));
            }
        }
        Router::new(index.plan, pairs)
    }

    /// The firewalls a flow from zone `from` to zone `to` crosses, in order; empty within
    /// one zone; `None` when no path joins them, or when the pair was not routed (see
    /// [`Router::new`]: the analysis routes the pairs that have flows).
    pub fn path(&self, from: ZoneId, to: ZoneId) -> Option<&[FirewallId]> {
        let &id = self.pairs.get(&(from, to))?;
        let id = id as usize;
        let (start, end) = (*self.starts.get(id)?, *self.starts.get(id + 1)?);
        self.firewalls.get(start as usize..end as usize)
    }

    /// How many zone pairs have a path.
    pub fn pairs(&self) -> usize {
        self.pairs.len()
    }

    /// How many distinct paths are stored, and how many firewalls they hold in all: the
    /// router's memory, whatever the number of pairs.
    pub fn stored(&self) -> (usize, usize) {
        (self.starts.len().saturating_sub(1), self.firewalls.len())
    }

    fn push_path(&mut self, path: &[FirewallId]) -> u32 {
        self.firewalls.extend_from_slice(path);
        self.starts.push(to_u32(self.firewalls.len()));
        to_u32(self.starts.len() - 2)
    }
}

/// Vertex numbers are `u32`; a plan has far fewer than 4 billion zones and firewalls.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Zones and firewalls as an undirected graph: an edge joins a firewall to each zone it
/// joins. Zones are vertices `0..zones.len()` in id order, firewalls follow in id order.
/// Compressed rows (petgraph's [`Csr`]): each vertex's neighbours are one sorted slice,
/// and a degree is one subtraction.
struct ZoneGraph {
    graph: Csr<(), (), Undirected, u32>,
    /// The zone of each zone vertex.
    zones: Vec<ZoneId>,
    /// The firewall of each firewall vertex, from vertex `zones.len()` on.
    firewalls: Vec<FirewallId>,
}

impl ZoneGraph {
    fn new(plan: &Plan) -> Self {
        let mut zones: Vec<ZoneId> = plan.zones.iter().map(|z| z.id).collect();
        zones.sort_unstable();
        zones.dedup();
        let mut firewalls: Vec<_> = plan.firewalls.iter().collect();
        firewalls.sort_by_key(|f| f.id);
        let mut edges: Vec<(u32, u32)> = Vec::new();
        for (i, fw) in firewalls.iter().enumerate() {
            let v = to_u32(zones.len() + i);
            for z in fw.zones.iter().filter_map(|z| zones.binary_search(z).ok()) {
                edges.extend([(v, to_u32(z)), (to_u32(z), v)]);
            }
        }
        edges.sort_unstable();
        edges.dedup();
        // Sorted and without repeats, as `from_sorted_edges` needs; it makes as many
        // vertices as the highest one with an edge: the rest are added bare.
        let mut graph = Csr::from_sorted_edges(&edges).unwrap_or_default();
        while graph.node_count() < zones.len() + firewalls.len() {
            graph.add_node(());
        }
        ZoneGraph {
            graph,
            zones,
            firewalls: firewalls.iter().map(|f| f.id).collect(),
        }
    }

    fn len(&self) -> usize {
        self.graph.node_count()
    }

    fn zone_vertex(&self, zone: ZoneId) -> Option<u32> {
        self.zones.binary_search(&zone).ok().map(to_u32)
    }

    /// The firewall at vertex `v`, `None` for a zone.
    fn firewall(&self, v: u32) -> Option<FirewallId> {
        let i = (v as usize).checked_sub(self.zones.len())?;
        self.firewalls.get(i).copied()
    }

    /// Neighbours of `v`, ascending.
    fn neighbours(&self, v: u32) -> &[u32] {
        self.graph.neighbors_slice(v)
    }

    fn degree(&self, v: u32) -> usize {
        self.graph.out_degree(v)
    }
}

/// One breadth-first search, level by level, keeping for each vertex reached its
/// predecessor: the lowest-numbered neighbour one step closer to the start. The arrays are
/// kept from one search to the next and only the vertices touched are reset.
struct Search {
    /// Predecessor of each vertex reached; `UNSEEN` for the others, the start itself for
    /// the start.
    pred: Vec<u32>,
    /// Distance from the start of each vertex reached.
    dist: Vec<u32>,
    touched: Vec<u32>,
    /// Targets still to reach in the current search.
    wanted: Vec<bool>,
    /// The targets of the current search, to clear those never reached.
    targets: Vec<u32>,
    frontier: Vec<u32>,
    next: Vec<u32>,
}

const UNSEEN: u32 = u32::MAX;

impl Search {
    fn new(vertices: usize) -> Self {
        Search {
            pred: vec![UNSEEN; vertices],
            dist: vec![UNSEEN; vertices],
            touched: Vec::new(),
            wanted: vec![false; vertices],
            targets: Vec::new(),
            frontier: Vec::new(),
            next: Vec::new(),
        }
    }

    /// Searches from `start` until every vertex of `targets` is reached (or none is left
    /// to reach). Each level is expanded in ascending vertex order, so the first vertex to
    /// reach another is its lowest-numbered neighbour on the previous level.
    ///
    /// Before a level is expanded, the targets left look for it themselves when their
    /// neighbours are fewer than the level's: if each has a neighbour on the level, those
    /// are the paths, and the rest of the level (the thousands of other zones of a hub
    /// firewall) need not be visited.
    fn run(&mut self, graph: &ZoneGraph, start: u32, targets: impl Iterator<Item = u32>) {
        for v in self.touched.drain(..) {
            self.pred[v as usize] = UNSEEN;
            self.dist[v as usize] = UNSEEN;
        }
        self.targets.clear();
        for t in targets {
            if !std::mem::replace(&mut self.wanted[t as usize], true) {
                self.targets.push(t);
            }
        }
        let mut left = self.targets.len();
        self.frontier.clear();
        self.reach(start, start, 0, &mut left);
        self.frontier.push(start);
        let mut level = 0;
        while left > 0 && !self.frontier.is_empty() {
            if self.pulled(graph, level, &mut left) {
                break;
            }
            self.frontier.sort_unstable();
            self.next.clear();
            'level: for i in 0..self.frontier.len() {
                let v = self.frontier[i];
                for &n in graph.neighbours(v) {
                    if self.pred[n as usize] == UNSEEN {
                        self.reach(n, v, level + 1, &mut left);
                        self.next.push(n);
                        if left == 0 {
                            break 'level;
                        }
                    }
                }
            }
            std::mem::swap(&mut self.frontier, &mut self.next);
            level += 1;
        }
        // Targets never reached are still marked: clear them for the next search.
        for &t in &self.targets {
            self.wanted[t as usize] = false;
        }
    }

    /// Whether every target left is next to a vertex at distance `level` (the frontier);
    /// if so each gets the lowest-numbered one as predecessor. Tried only when the targets
    /// left have fewer neighbours than the frontier, so it never costs more than the
    /// expansion it may spare.
    fn pulled(&mut self, graph: &ZoneGraph, level: u32, left: &mut usize) -> bool {
        let pending = || self.targets.iter().filter(|&&t| self.wanted[t as usize]);
        let pull_cost: usize = pending().map(|&t| graph.degree(t)).sum();
        let push_cost: usize = self.frontier.iter().map(|&v| graph.degree(v)).sum();
        if pull_cost >= push_cost {
            return false;
        }
        let mut found = Vec::with_capacity(*left);
        for &t in pending() {
            let on_level = graph
                .neighbours(t)
                .iter()
                .find(|&&n| self.dist[n as usize] == level);
            match on_level {
                Some(&n) => found.push((t, n)),
                None => return false,
            }
        }
        for (t, n) in found {
            self.reach(t, n, level + 1, left);
        }
        true
    }

    fn reach(&mut self, v: u32, from: u32, dist: u32, left: &mut usize) {
        self.pred[v as usize] = from;
        self.dist[v as usize] = dist;
        self.touched.push(v);
        if std::mem::replace(&mut self.wanted[v as usize], false) {
            *left -= 1;
        }
    }

    /// The firewalls on the path from the last search's start to `to`, in order, into
    /// `out`; false when `to` was not reached.
    fn path_to(&self, graph: &ZoneGraph, to: u32, out: &mut Vec<FirewallId>) -> bool {
        out.clear();
        let mut v = to;
        loop {
            let pred = self.pred[v as usize];
            if pred == UNSEEN {
                return false;
            }
            out.extend(graph.firewall(v));
            if pred == v {
                break;
            }
            v = pred;
        }
        out.reverse();
        true
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
                trust: None,
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

    /// Routes every pair of the plan's zones.
    fn all_pairs(plan: &Plan) -> Router {
        let zones: Vec<ZoneId> = plan.zones.iter().map(|z| z.id).collect();
        let pairs = zones
            .iter()
            .flat_map(|&a| zones.iter().map(move |&b| (a, b)));
        Router::new(plan, pairs)
    }

    #[test]
    fn crosses_the_firewalls_on_the_shortest_path_in_order() {
        // 1 -f10- 2 -f11- 3 -f12- 4, and a shortcut f13 joining 1, 3 and 5.
        let router = all_pairs(&plan(
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
        let router = all_pairs(&plan(3, &[(10, &[1, 2])]));
        assert_eq!(router.path(ZoneId(1), ZoneId(3)), None);
        assert_eq!(router.path(ZoneId(3), ZoneId(3)), Some(&[][..]));
        assert_eq!(Router::default().stored(), (0, 0));
        // A zone the plan does not define has no path, not even to itself.
        let router = Router::new(&plan(1, &[]), [(ZoneId(9), ZoneId(9))]);
        assert_eq!(router.path(ZoneId(9), ZoneId(9)), None);
    }

    #[test]
    fn routes_only_the_pairs_asked_for() {
        let plan = plan(3, &[(10, &[1, 2]), (11, &[2, 3])]);
        let router = Router::new(&plan, [(ZoneId(1), ZoneId(3)), (ZoneId(1), ZoneId(3))]);
        assert_eq!(
            router.path(ZoneId(1), ZoneId(3)),
            Some(&[FirewallId(10), FirewallId(11)][..])
        );
        assert_eq!(router.path(ZoneId(3), ZoneId(1)), None, "not asked for");
        assert_eq!(router.pairs(), 1);
    }

    /// The paths as the first router found them: a distance from the start to every
    /// vertex, then from the end back through the lowest-numbered vertex one step closer.
    fn reference(plan: &Plan, from: ZoneId, to: ZoneId) -> Option<Vec<FirewallId>> {
        let graph = ZoneGraph::new(plan);
        let (start, end) = (graph.zone_vertex(from)?, graph.zone_vertex(to)?);
        let mut dist = vec![u32::MAX; graph.len()];
        dist[start as usize] = 0;
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(v) = queue.pop_front() {
            for &n in graph.neighbours(v) {
                if dist[n as usize] == u32::MAX {
                    dist[n as usize] = dist[v as usize] + 1;
                    queue.push_back(n);
                }
            }
        }
        let (mut v, mut d) = (end, dist[end as usize]);
        if d == u32::MAX {
            return None;
        }
        let mut path = Vec::new();
        while d > 0 {
            path.extend(graph.firewall(v));
            v = graph
                .neighbours(v)
                .iter()
                .copied()
                .filter(|&n| dist[n as usize] == d - 1)
                .min()?;
            d -= 1;
        }
        path.reverse();
        Some(path)
    }

    proptest::proptest! {
        #[test]
        fn paths_are_the_shortest_with_the_same_ties_as_ever(
            zones in 1u32..9,
            firewalls in proptest::collection::vec(proptest::collection::vec(1u32..10, 0..4), 0..9),
            pairs in proptest::collection::vec((1u32..10, 1u32..10), 0..30),
        ) {
            let fws: Vec<(u32, &[u32])> = firewalls
                .iter()
                .enumerate()
                .map(|(i, z)| (100 - i as u32, z.as_slice()))
                .collect();
            let plan = plan(zones, &fws);
            let pairs: Vec<(ZoneId, ZoneId)> =
                pairs.iter().map(|&(a, b)| (ZoneId(a), ZoneId(b))).collect();
            let router = Router::new(&plan, pairs.iter().copied());
            for &(a, b) in &pairs {
                proptest::prop_assert_eq!(
                    router.path(a, b).map(<[_]>::to_vec),
                    reference(&plan, a, b),
                    "{:?} -> {:?}", a, b
                );
            }
        }
    }

    #[test]
    fn a_hub_stores_its_one_path_once() {
        // 2,000 zones on one firewall, every zone to its neighbour and back: 4,000 pairs,
        // one distinct path. Keeping a path per pair of zones took 36 s and 515 MB.
        let n = 2_000;
        let zones: Vec<u32> = (1..=n).collect();
        let plan = plan(n, &[(n + 1, &zones)]);
        let pairs = (1..=n).flat_map(|z| {
            let next = z % n + 1;
            [(ZoneId(z), ZoneId(next)), (ZoneId(next), ZoneId(z))]
        });
        let router = Router::new(&plan, pairs);
        assert_eq!(router.pairs(), 4_000);
        assert_eq!(router.stored(), (1, 1));
        assert_eq!(
            router.path(ZoneId(7), ZoneId(8)),
            Some(&[FirewallId(n + 1)][..])
        );
    }

    #[test]
    fn a_long_chain_stores_only_the_paths_asked_for() {
        // 1,000 zones in a chain: 1 -f- 2 -f- 3 ... Every zone to its neighbours, and the
        // first zone to every tenth: memory follows those paths, not the 1,000² pairs.
        let n = 1_000u32;
        let fws: Vec<(u32, Vec<u32>)> = (1..n).map(|z| (n + z, vec![z, z + 1])).collect();
        let fw_refs: Vec<(u32, &[u32])> = fws.iter().map(|(id, z)| (*id, z.as_slice())).collect();
        let plan = plan(n, &fw_refs);
        let neighbours =
            (1..n).flat_map(|z| [(ZoneId(z), ZoneId(z + 1)), (ZoneId(z + 1), ZoneId(z))]);
        let far = (10..=n).step_by(10).map(|z| (ZoneId(1), ZoneId(z)));
        let router = Router::new(&plan, neighbours.chain(far));
        assert_eq!(router.pairs(), 2 * 999 + 100);
        // A zone to its neighbour and back cross the same firewall: one path for both.
        let far_lengths: usize = (10..=n as usize).step_by(10).map(|z| z - 1).sum();
        assert_eq!(router.stored(), (999 + 100, 999 + far_lengths));
        let path = router.path(ZoneId(1), ZoneId(1_000)).map(<[_]>::to_vec);
        assert_eq!(path, Some((1..n).map(|z| FirewallId(n + z)).collect()));
    }
}
