//! The plan: everything a user draws and saves.

use super::{FirewallId, Layout, Node, NodeId, Options, Zone, ZoneId};
use serde::{Deserialize, Serialize};

/// The version of the plan file format this build writes and reads. Files with a higher
/// version are refused with a clear error; lower ones are read as they are.
///
/// - 1: the first format.
/// - 2: "uses" links grouped by the node that uses them (`uses: {41: [39, 42]}`), canvas
///   geometry as tuples (`39: (1170, 50)`).
pub const FORMAT_VERSION: u32 = 2;

/// A firewall joining two or more zones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Firewall {
    pub id: FirewallId,
    pub name: String,
    pub zones: Vec<ZoneId>,
    /// The user's notes on the firewall.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A "uses" link: `from` takes the roles that `to` provides from `to` only, instead of
/// from every provider in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsesLink {
    pub from: NodeId,
    pub to: NodeId,
}

/// A topology plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// File format version; see [`FORMAT_VERSION`].
    pub version: u32,
    #[serde(default)]
    pub name: String,
    /// The user's notes on the whole plan.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default)]
    pub options: Options,
    #[serde(default)]
    pub zones: Vec<Zone>,
    #[serde(default)]
    pub firewalls: Vec<Firewall>,
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// Kept sorted, without repeats, when read from a file.
    #[serde(default, with = "super::uses_file")]
    pub uses: Vec<UsesLink>,
    /// Canvas geometry; the engine never reads it.
    #[serde(default)]
    pub layout: Layout,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            version: FORMAT_VERSION,
            name: String::new(),
            notes: String::new(),
            options: Options::default(),
            zones: Vec::new(),
            firewalls: Vec::new(),
            nodes: Vec::new(),
            uses: Vec::new(),
            layout: Layout::default(),
        }
    }
}

impl Plan {
    /// A fresh id, above every id in use (zones, firewalls and nodes share one counter so
    /// an id in a message is never ambiguous); the lowest free id if the top one is
    /// taken. **O(n)**, **O(n log n)** in that rare case.
    pub fn fresh_id(&self) -> u32 {
        let zones = self.zones.iter().map(|z| z.id.0);
        let firewalls = self.firewalls.iter().map(|f| f.id.0);
        let nodes = self.nodes.iter().map(|n| n.id.0);
        let mut ids: Vec<u32> = zones.chain(firewalls).chain(nodes).collect();
        match ids.iter().max() {
            None => 1,
            Some(&max) if max < u32::MAX => max + 1,
            Some(_) => {
                ids.sort_unstable();
                let mut next = 1;
                for id in ids {
                    if id > next {
                        break;
                    }
                    next = next.max(id.saturating_add(1));
                }
                next
            }
        }
    }

    /// The zone with `id`. **O(z)**.
    pub fn zone(&self, id: ZoneId) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The node with `id`. **O(n)**: index the plan for repeated look-ups.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The firewall with `id`. **O(f)**.
    pub fn firewall(&self, id: FirewallId) -> Option<&Firewall> {
        self.firewalls.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Zone, ZoneKind};

    fn zone(id: u32) -> Zone {
        Zone {
            id: ZoneId(id),
            name: String::new(),
            kind: ZoneKind::Internal,
            cidrs: vec![],
            trust: None,
            notes: String::new(),
        }
    }

    #[test]
    fn fresh_ids_never_overflow() {
        let mut plan = Plan::default();
        assert_eq!(plan.fresh_id(), 1);
        plan.zones.push(zone(7));
        assert_eq!(plan.fresh_id(), 8);
        plan.zones.push(zone(u32::MAX));
        plan.zones.push(zone(1));
        assert_eq!(plan.fresh_id(), 2);
    }
}
