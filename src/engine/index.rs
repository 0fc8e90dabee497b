//! A plan indexed for the engine: nodes by id, their roles expanded through `implies`,
//! their effective options, and the providers of each role.

use crate::catalog::{Catalog, RoleIdx};
use crate::model::{Firewall, FirewallId, Node, NodeId, Options, Plan, Zone, ZoneId};
use std::borrow::Cow;
use std::collections::HashMap;

/// Look-up tables over a borrowed plan. Building it is **O(n log n + links)**; every
/// look-up after is **O(1)** or **O(log r)**.
pub struct PlanIndex<'a> {
    pub plan: &'a Plan,
    /// Nodes sorted by id: the engine's node positions index this.
    pub nodes: Vec<&'a Node>,
    node_pos: IdTable,
    /// Positions in `plan.zones` and `plan.firewalls` by id.
    zones: IdTable,
    firewalls: IdTable,
    /// Each node's roles with implied ones, sorted; unknown role ids are left out.
    pub roles: Vec<Vec<RoleIdx>>,
    /// Each node's plan options with its overrides applied.
    pub options: Vec<Options>,
    /// Node positions holding each role, in id order.
    providers: Vec<Vec<usize>>,
    /// Node positions each node "uses", in id order.
    uses: Vec<Vec<usize>>,
}

impl<'a> PlanIndex<'a> {
    pub fn new(plan: &'a Plan, catalog: &Catalog) -> Self {
        let mut nodes: Vec<&Node> = plan.nodes.iter().collect();
        nodes.sort_by_key(|n| n.id);
        let node_pos = IdTable::new(nodes.iter().enumerate().map(|(i, n)| (n.id.0, i)));
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
            if let (Some(from), Some(to)) = (node_pos.get(link.from.0), node_pos.get(link.to.0)) {
                uses[from].push(to);
            }
        }
        for targets in &mut uses {
            targets.sort_unstable();
            targets.dedup();
        }
        PlanIndex {
            plan,
            nodes,
            node_pos,
            zones: IdTable::new(plan.zones.iter().enumerate().map(|(i, z)| (z.id.0, i))),
            firewalls: IdTable::new(plan.firewalls.iter().enumerate().map(|(i, f)| (f.id.0, i))),
            roles,
            options,
            providers,
            uses,
        }
    }

    /// The position of node `id` in [`Self::nodes`].
    pub fn pos(&self, id: NodeId) -> Option<usize> {
        self.node_pos.get(id.0)
    }

    pub fn node(&self, id: NodeId) -> Option<&'a Node> {
        self.pos(id).map(|p| self.nodes[p])
    }

    pub fn zone(&self, id: ZoneId) -> Option<&'a Zone> {
        self.zones.get(id.0).map(|p| &self.plan.zones[p])
    }

    pub fn firewall(&self, id: FirewallId) -> Option<&'a Firewall> {
        self.firewalls.get(id.0).map(|p| &self.plan.firewalls[p])
    }

    /// Whether the node at `pos` holds `role`, directly or implied. **O(log r)**.
    pub fn holds(&self, pos: usize, role: RoleIdx) -> bool {
        self.roles[pos].binary_search(&role).is_ok()
    }

    /// Every node holding `role`, in id order.
    pub fn holders(&self, role: RoleIdx) -> &[usize] {
        &self.providers[role.0]
    }

    /// [`Self::providers_for`] without collecting: the same positions in the same order.
    pub(crate) fn each_provider(&self, pos: usize, role: RoleIdx) -> impl Iterator<Item = usize> {
        let uses = self.uses[pos].as_slice();
        let linked = move |p: &usize| *p != pos && self.holds(*p, role);
        let (uses, all) = if uses.iter().any(linked) {
            (uses, &[][..])
        } else {
            (&[][..], self.holders(role))
        };
        uses.iter()
            .copied()
            .filter(move |p| linked(p))
            .chain(all.iter().copied().filter(move |&p| p != pos))
    }

    /// The providers of `role` that the node at `pos` takes it from: those it "uses" when
    /// it uses any that hold the role, otherwise every holder. The node itself is never
    /// its own provider (co-located roles need no network flow).
    pub fn providers_for(&self, pos: usize, role: RoleIdx) -> Cow<'_, [usize]> {
        let linked: Vec<usize> = self.uses[pos]
            .iter()
            .copied()
            .filter(|&p| p != pos && self.holds(p, role))
            .collect();
        if !linked.is_empty() {
            return Cow::Owned(linked);
        }
        let all = self.holders(role);
        match all.binary_search(&pos) {
            Ok(i) => {
                let mut v = all.to_vec();
                v.remove(i);
                Cow::Owned(v)
            }
            Err(_) => Cow::Borrowed(all),
        }
    }
}

/// Positions by id. Ids come from one counter, so they are usually compact: then a plain
/// table indexed by id, else a hash map. Where an id repeats, the last position wins.
pub(super) enum IdTable {
    Dense(Vec<usize>),
    Sparse(HashMap<u32, usize>),
}

impl IdTable {
    pub(super) fn new(entries: impl Iterator<Item = (u32, usize)> + Clone) -> Self {
        let (count, max) = entries
            .clone()
            .fold((0usize, None), |(n, m), (id, _)| (n + 1, m.max(Some(id))));
        match max {
            Some(max) if (max as usize) <= 4 * count + 1024 => {
                let mut table = vec![usize::MAX; max as usize + 1];
                for (id, pos) in entries {
                    table[id as usize] = pos;
                }
                IdTable::Dense(table)
            }
            _ => IdTable::Sparse(entries.collect()),
        }
    }

    pub(super) fn get(&self, id: u32) -> Option<usize> {
        match self {
            IdTable::Dense(table) => table.get(id as usize).copied().filter(|&p| p != usize::MAX),
            IdTable::Sparse(map) => map.get(&id).copied(),
        }
    }
}
