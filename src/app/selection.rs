//! What the user has selected on the canvas or in the tables.

use super::command::Deletion;
use super::derived::Derived;
use crate::model::{FirewallId, NodeId, UsesLink, ZoneId};
use std::collections::BTreeSet;

/// The selection: any mix of nodes, zones, firewalls and links, plus the focused matrix row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub nodes: BTreeSet<NodeId>,
    pub zones: BTreeSet<ZoneId>,
    pub firewalls: BTreeSet<FirewallId>,
    pub links: BTreeSet<UsesLink>,
    /// The row picked in the rules table (an index into its rows), shown on the canvas.
    pub row: Option<usize>,
}

/// One selectable object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Node(NodeId),
    Zone(ZoneId),
    Firewall(FirewallId),
    Link(UsesLink),
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
            && self.zones.is_empty()
            && self.firewalls.is_empty()
            && self.links.is_empty()
    }

    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    pub fn contains(&self, item: Item) -> bool {
        match item {
            Item::Node(id) => self.nodes.contains(&id),
            Item::Zone(id) => self.zones.contains(&id),
            Item::Firewall(id) => self.firewalls.contains(&id),
            Item::Link(l) => self.links.contains(&l),
        }
    }

    /// Selects only `item`.
    pub fn set(&mut self, item: Item) {
        self.clear();
        self.add(item);
    }

    pub fn add(&mut self, item: Item) {
        match item {
            Item::Node(id) => self.nodes.insert(id),
            Item::Zone(id) => self.zones.insert(id),
            Item::Firewall(id) => self.firewalls.insert(id),
            Item::Link(l) => self.links.insert(l),
        };
    }

    /// Adds `item`, or removes it if selected (shift-click).
    pub fn toggle(&mut self, item: Item) {
        if self.contains(item) {
            match item {
                Item::Node(id) => self.nodes.remove(&id),
                Item::Zone(id) => self.zones.remove(&id),
                Item::Firewall(id) => self.firewalls.remove(&id),
                Item::Link(l) => self.links.remove(&l),
            };
        } else {
            self.add(item);
        }
    }

    /// Drops what no longer exists (after undo, delete, open).
    pub fn prune(&mut self, derived: &Derived, links: &[UsesLink]) {
        self.nodes.retain(|id| derived.node_pos.contains_key(id));
        self.zones.retain(|id| derived.zone_pos.contains_key(id));
        self.firewalls
            .retain(|id| derived.firewall_pos.contains_key(id));
        self.links.retain(|l| links.contains(l));
        if self.row.is_some_and(|r| r >= derived.table.len()) {
            self.row = None;
        }
    }

    /// The deletion the Delete key sends.
    pub fn deletion(&self) -> Deletion {
        Deletion {
            zones: self.zones.iter().copied().collect(),
            firewalls: self.firewalls.iter().copied().collect(),
            nodes: self.nodes.iter().copied().collect(),
            links: self.links.iter().copied().collect(),
        }
    }
}
