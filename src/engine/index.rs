//! A plan indexed for the engine: nodes by id, their roles expanded through `implies`,
//! their effective options, and the providers of each role.

use crate::catalog::{Catalog, RoleIdx};
use crate::model::{
    Firewall, FirewallId, Node, NodeId, Options, Plan, WindowsFamily, Zone, ZoneId,
};
use rustc_hash::FxHashMap;

/// What the engine's inner loops read of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeFacts {
    pub id: NodeId,
    pub zone: ZoneId,
    pub windows: WindowsFamily,
    /// The node's domain, interned: equal numbers are the same domain (0: the plan's own).
    pub domain: u32,
}

/// Look-up tables over a borrowed plan. Building it is **O(n log n + links)**; every
/// look-up after is **O(1)** or **O(log r)**.
pub struct PlanIndex<'a> {
    pub plan: &'a Plan,
    /// Nodes in the matrix's order: by zone name, node name, then id. The engine's node
    /// positions index this, so anything ordered by position is in that order too, and
    /// independent of the order of the plan file.
    pub nodes: Vec<&'a Node>,
    node_pos: FxHashMap<NodeId, usize>,
    /// Each node's id, zone and Windows family, by position: the same as in `nodes`, in
    /// a compact array that hot loops read without chasing pointers to the nodes.
    pub facts: Vec<NodeFacts>,
    /// Positions in `plan.zones` and `plan.firewalls` by id.
    zones: FxHashMap<ZoneId, usize>,
    firewalls: FxHashMap<FirewallId, usize>,
    /// Each node's roles with implied ones, sorted; unknown role ids are left out.
    pub roles: Vec<Vec<RoleIdx>>,
    /// Each node's plan options with its overrides applied.
    pub options: Vec<Options>,
    /// Node positions holding each role, ascending.
    providers: Vec<Vec<usize>>,
    /// Node positions each node "uses", ascending.
    uses: Vec<Vec<usize>>,
    /// Roles each node takes from no provider ([`Node::bypass`]), sorted.
    bypass: Vec<Vec<RoleIdx>>,
    /// For roles taken from the consumer's own zone first ([`crate::catalog::Role::same_zone_first`]):
    /// their holders by zone, ascending. Empty for other roles.
    zone_holders: FxHashMap<(ZoneId, RoleIdx), Vec<usize>>,
    /// Whether each role is taken from the consumer's own zone first.
    same_zone_first: Vec<bool>,
}

impl<'a> PlanIndex<'a> {
    pub fn new(plan: &'a Plan, catalog: &Catalog) -> Self {
        // Zones by name (then id); nodes in unknown zones first, as with an empty name.
        let mut zone_order: Vec<&Zone> = plan.zones.iter().collect();
        zone_order.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
        let zone_rank: FxHashMap<ZoneId, usize> =
            zone_order.iter().zip(1..).map(|(z, r)| (z.id, r)).collect();
        let mut nodes: Vec<&Node> = plan.nodes.iter().collect();
        nodes.sort_by_cached_key(|n| {
            let zone = zone_rank.get(&n.zone).copied().unwrap_or(0);
            (zone, n.name.as_str(), n.id)
        });
        let node_pos: FxHashMap<NodeId, usize> =
            nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let mut providers = vec![Vec::new(); catalog.roles().len()];
        let roles: Vec<Vec<RoleIdx>> = nodes
            .iter()
            .enumerate()
            .map(|(pos, node)| {
                let mut set: Vec<RoleIdx> = node
                    .roles
                    .iter()
                    .filter_map(|r| catalog.role_idx(r))
                    .flat_map(|r| catalog.closure(r).iter().copied())
                    .collect();
                set.sort_unstable();
                set.dedup();
                for r in &set {
                    providers[r.0].push(pos);
                }
                set
            })
            .collect();
        let options = nodes
            .iter()
            .map(|n| n.options.apply(&plan.options))
            .collect();
        let mut uses = vec![Vec::new(); nodes.len()];
        for link in &plan.uses {
            if let (Some(from), Some(to)) = (
                node_pos.get(&link.from).copied(),
                node_pos.get(&link.to).copied(),
            ) {
                uses[from].push(to);
            }
        }
        for targets in &mut uses {
            targets.sort_unstable();
            targets.dedup();
        }
        let bypass = nodes
            .iter()
            .map(|n| {
                let mut roles: Vec<RoleIdx> = n
                    .bypass
                    .iter()
                    .filter_map(|r| catalog.role_idx(r))
                    .collect();
                roles.sort_unstable();
                roles
            })
            .collect();
        let mut zone_holders: FxHashMap<(ZoneId, RoleIdx), Vec<usize>> = FxHashMap::default();
        for (r, holders) in providers.iter().enumerate() {
            if catalog.role(RoleIdx(r)).same_zone_first {
                for &pos in holders {
                    zone_holders
                        .entry((nodes[pos].zone, RoleIdx(r)))
                        .or_default()
                        .push(pos);
                }
            }
        }
        let mut domains: FxHashMap<&str, u32> = FxHashMap::default();
        let facts = nodes
            .iter()
            .map(|n| {
                let next = u32::try_from(domains.len() + 1).unwrap_or(u32::MAX);
                NodeFacts {
                    id: n.id,
                    zone: n.zone,
                    windows: n.windows,
                    domain: n
                        .domain
                        .as_deref()
                        .map_or(0, |d| *domains.entry(d).or_insert(next)),
                }
            })
            .collect();
        PlanIndex {
            plan,
            facts,
            nodes,
            node_pos,
            zones: plan
                .zones
                .iter()
                .enumerate()
                .map(|(i, z)| (z.id, i))
                .collect(),
            firewalls: plan
                .firewalls
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id, i))
                .collect(),
            roles,
            options,
            providers,
            uses,
            bypass,
            zone_holders,
            same_zone_first: catalog.roles().iter().map(|r| r.same_zone_first).collect(),
        }
    }

    /// The position of node `id` in [`Self::nodes`].
    pub fn pos(&self, id: NodeId) -> Option<usize> {
        self.node_pos.get(&id).copied()
    }

    pub fn node(&self, id: NodeId) -> Option<&'a Node> {
        self.pos(id).map(|p| self.nodes[p])
    }

    pub fn zone(&self, id: ZoneId) -> Option<&'a Zone> {
        self.zones.get(&id).map(|&p| &self.plan.zones[p])
    }

    pub fn firewall(&self, id: FirewallId) -> Option<&'a Firewall> {
        self.firewalls.get(&id).map(|&p| &self.plan.firewalls[p])
    }

    /// Whether the node at `pos` holds `role`, directly or implied. **O(log r)**.
    pub fn holds(&self, pos: usize, role: RoleIdx) -> bool {
        self.roles[pos].binary_search(&role).is_ok()
    }

    /// Every node holding `role`, by position.
    pub fn holders(&self, role: RoleIdx) -> &[usize] {
        &self.providers[role.0]
    }

    /// Whether the node at `pos` has any provider of `role` but itself: the same as
    /// `providers_for(pos, role).next().is_some()` (a linked provider is a holder too),
    /// in **O(1)**.
    pub fn has_provider(&self, pos: usize, role: RoleIdx) -> bool {
        !self.bypasses(pos, role) && self.holders(role).iter().take(2).any(|&p| p != pos)
    }

    /// Whether the node at `pos` takes `role` from no provider ([`Node::bypass`]).
    pub fn bypasses(&self, pos: usize, role: RoleIdx) -> bool {
        self.bypass[pos].binary_search(&role).is_ok()
    }

    /// The providers of `role` that the node at `pos` takes it from: none when it bypasses
    /// the role, those it "uses" when it uses any that hold the role, otherwise every
    /// holder (for a role taken from the own zone first: none when the node holds it
    /// itself, else the holders in the node's zone when there are any). The node itself is never its own provider (co-located roles
    /// need no network flow). Lazy, allocates nothing; **O(u)** to start for u "uses"
    /// links of the node.
    pub fn providers_for(&self, pos: usize, role: RoleIdx) -> impl Iterator<Item = usize> {
        let uses = self.uses[pos].as_slice();
        let linked = move |p: &usize| *p != pos && self.holds(*p, role);
        let (uses, all) = if self.bypasses(pos, role) {
            (&[][..], &[][..])
        } else if uses.iter().any(linked) {
            (uses, &[][..])
        } else {
            (&[][..], self.candidates(pos, role))
        };
        uses.iter()
            .copied()
            .filter(move |p| linked(p))
            .chain(all.iter().copied().filter(move |&p| p != pos))
    }

    /// The holders of `role` the node at `pos` chooses among when it uses none: for roles
    /// taken from the own zone first, none when the node holds the role itself, else those
    /// of its own zone when there are any; every holder for other roles.
    fn candidates(&self, pos: usize, role: RoleIdx) -> &[usize] {
        if !self.same_zone_first[role.0] {
            return self.holders(role);
        }
        if self.holds(pos, role) {
            // It is its own provider: a DNS server resolves names itself.
            return &[];
        }
        match self.zone_holders.get(&(self.facts[pos].zone, role)) {
            Some(local) if local.iter().any(|&p| p != pos) => local,
            _ => self.holders(role),
        }
    }
}
