//! What changed between two versions of a plan, object by object, matched by id: a node
//! whose name changed is a rename, not a removal and an addition.
//!
//! Layout and notes are not compared: they change no rule.

use crate::model::{
    Firewall, FirewallId, Node, NodeId, OPTIONS, Plan, UsesLink, Zone, ZoneId, join_blocks,
};
use rustc_hash::FxHashMap;
use std::fmt;

/// One change of the plan. Names are those of the version that has the object (the new
/// one when both do); texts are as a user reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanChange {
    NodeAdded {
        node: NodeId,
        name: String,
        zone: String,
    },
    NodeRemoved {
        node: NodeId,
        name: String,
        zone: String,
    },
    NodeRenamed {
        node: NodeId,
        old: String,
        new: String,
    },
    /// The node moved to another zone.
    ZoneMoved {
        node: NodeId,
        name: String,
        from: String,
        to: String,
    },
    RoleAdded {
        node: NodeId,
        name: String,
        role: String,
    },
    RoleRemoved {
        node: NodeId,
        name: String,
        role: String,
    },
    /// Address, domain, Windows family, "uses" links or roles it bypasses.
    NodeChanged {
        node: NodeId,
        name: String,
        what: &'static str,
        old: String,
        new: String,
    },
    /// A node's override of an option (`old`/`new` "plan value" when not overridden).
    NodeOptionChanged {
        node: NodeId,
        name: String,
        option: &'static str,
        old: String,
        new: String,
    },
    PlanOptionChanged {
        option: &'static str,
        old: String,
        new: String,
    },
    ZoneAdded {
        zone: ZoneId,
        name: String,
    },
    ZoneRemoved {
        zone: ZoneId,
        name: String,
    },
    ZoneChanged {
        zone: ZoneId,
        name: String,
        what: &'static str,
        old: String,
        new: String,
    },
    FirewallAdded {
        firewall: FirewallId,
        name: String,
    },
    FirewallRemoved {
        firewall: FirewallId,
        name: String,
    },
    FirewallChanged {
        firewall: FirewallId,
        name: String,
        what: &'static str,
        old: String,
        new: String,
    },
}

/// What a change touches, to find the changes that caused a rule change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Node(NodeId),
    Zone(ZoneId),
    Firewall(FirewallId),
    /// The whole plan (a plan option).
    Plan,
}

impl PlanChange {
    pub fn subject(&self) -> Subject {
        use PlanChange::*;
        match self {
            NodeAdded { node, .. }
            | NodeRemoved { node, .. }
            | NodeRenamed { node, .. }
            | ZoneMoved { node, .. }
            | RoleAdded { node, .. }
            | RoleRemoved { node, .. }
            | NodeChanged { node, .. }
            | NodeOptionChanged { node, .. } => Subject::Node(*node),
            ZoneAdded { zone, .. } | ZoneRemoved { zone, .. } | ZoneChanged { zone, .. } => {
                Subject::Zone(*zone)
            }
            FirewallAdded { firewall, .. }
            | FirewallRemoved { firewall, .. }
            | FirewallChanged { firewall, .. } => Subject::Firewall(*firewall),
            PlanOptionChanged { .. } => Subject::Plan,
        }
    }

    /// A short name of the kind of change, for the CSV's `kind` column.
    pub fn kind(&self) -> &'static str {
        use PlanChange::*;
        match self {
            NodeAdded { .. } => "node added",
            NodeRemoved { .. } => "node removed",
            NodeRenamed { .. } => "node renamed",
            ZoneMoved { .. } => "zone moved",
            RoleAdded { .. } => "role added",
            RoleRemoved { .. } => "role removed",
            NodeChanged { .. } => "node changed",
            NodeOptionChanged { .. } => "node option changed",
            PlanOptionChanged { .. } => "option changed",
            ZoneAdded { .. } => "zone added",
            ZoneRemoved { .. } => "zone removed",
            ZoneChanged { .. } => "zone changed",
            FirewallAdded { .. } => "firewall added",
            FirewallRemoved { .. } => "firewall removed",
            FirewallChanged { .. } => "firewall changed",
        }
    }
}

impl fmt::Display for PlanChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PlanChange::*;
        match self {
            NodeAdded { name, zone, .. } => write!(f, "node {name} added in {zone}"),
            NodeRemoved { name, zone, .. } => write!(f, "node {name} removed from {zone}"),
            NodeRenamed { old, new, .. } => write!(f, "node {old} renamed {new}"),
            ZoneMoved { name, from, to, .. } => write!(f, "node {name} moved from {from} to {to}"),
            RoleAdded { name, role, .. } => write!(f, "role {role} added to {name}"),
            RoleRemoved { name, role, .. } => write!(f, "role {role} removed from {name}"),
            NodeChanged {
                name,
                what,
                old,
                new,
                ..
            } => write!(f, "{what} of {name}: {old} -> {new}"),
            NodeOptionChanged {
                name,
                option,
                old,
                new,
                ..
            } => write!(f, "option {option} of {name}: {old} -> {new}"),
            PlanOptionChanged { option, old, new } => {
                write!(f, "plan option {option}: {old} -> {new}")
            }
            ZoneAdded { name, .. } => write!(f, "zone {name} added"),
            ZoneRemoved { name, .. } => write!(f, "zone {name} removed"),
            ZoneChanged {
                name,
                what,
                old,
                new,
                ..
            } => write!(f, "{what} of zone {name}: {old} -> {new}"),
            FirewallAdded { name, .. } => write!(f, "firewall {name} added"),
            FirewallRemoved { name, .. } => write!(f, "firewall {name} removed"),
            FirewallChanged {
                name,
                what,
                old,
                new,
                ..
            } => write!(f, "{what} of firewall {name}: {old} -> {new}"),
        }
    }
}

/// Every change from `old` to `new`: zones, firewalls, nodes (in the new plan's order,
/// removed ones last), then plan options. **O(n)** for n objects (hash look-ups by id).
pub fn plan_changes(old: &Plan, new: &Plan) -> Vec<PlanChange> {
    let mut out = Vec::new();
    zones(old, new, &mut out);
    firewalls(old, new, &mut out);
    nodes(old, new, &mut out);
    for opt in OPTIONS {
        let (a, b) = (old.options.get(opt), new.options.get(opt));
        if a != b {
            out.push(PlanChange::PlanOptionChanged {
                option: opt.key,
                old: opt.text(a),
                new: opt.text(b),
            });
        }
    }
    out
}

fn zone_names(plan: &Plan) -> FxHashMap<ZoneId, &str> {
    plan.zones.iter().map(|z| (z.id, z.name.as_str())).collect()
}

fn zones(old: &Plan, new: &Plan, out: &mut Vec<PlanChange>) {
    let before: FxHashMap<ZoneId, &Zone> = old.zones.iter().map(|z| (z.id, z)).collect();
    for z in &new.zones {
        let Some(o) = before.get(&z.id) else {
            out.push(PlanChange::ZoneAdded {
                zone: z.id,
                name: z.name.clone(),
            });
            continue;
        };
        let mut changed = |what, old: String, new: String| {
            if old != new {
                out.push(PlanChange::ZoneChanged {
                    zone: z.id,
                    name: z.name.clone(),
                    what,
                    old,
                    new,
                });
            }
        };
        changed("name", o.name.clone(), z.name.clone());
        changed("kind", o.kind.label().into(), z.kind.label().into());
        changed("ranges", join_blocks(&o.cidrs), join_blocks(&z.cidrs));
    }
    let now: FxHashMap<ZoneId, ()> = new.zones.iter().map(|z| (z.id, ())).collect();
    for z in old.zones.iter().filter(|z| !now.contains_key(&z.id)) {
        out.push(PlanChange::ZoneRemoved {
            zone: z.id,
            name: z.name.clone(),
        });
    }
}

fn firewalls(old: &Plan, new: &Plan, out: &mut Vec<PlanChange>) {
    let before: FxHashMap<FirewallId, &Firewall> =
        old.firewalls.iter().map(|f| (f.id, f)).collect();
    let (old_zones, new_zones) = (zone_names(old), zone_names(new));
    let joined = |f: &Firewall, names: &FxHashMap<ZoneId, &str>| {
        let mut v: Vec<&str> = f
            .zones
            .iter()
            .map(|z| names.get(z).copied().unwrap_or("?"))
            .collect();
        v.sort_unstable();
        v.join(", ")
    };
    for f in &new.firewalls {
        let Some(o) = before.get(&f.id) else {
            out.push(PlanChange::FirewallAdded {
                firewall: f.id,
                name: f.name.clone(),
            });
            continue;
        };
        if o.name != f.name {
            out.push(PlanChange::FirewallChanged {
                firewall: f.id,
                name: f.name.clone(),
                what: "name",
                old: o.name.clone(),
                new: f.name.clone(),
            });
        }
        let mut a = o.zones.clone();
        let mut b = f.zones.clone();
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            out.push(PlanChange::FirewallChanged {
                firewall: f.id,
                name: f.name.clone(),
                what: "zones",
                old: joined(o, &old_zones),
                new: joined(f, &new_zones),
            });
        }
    }
    let now: FxHashMap<FirewallId, ()> = new.firewalls.iter().map(|f| (f.id, ())).collect();
    for f in old.firewalls.iter().filter(|f| !now.contains_key(&f.id)) {
        out.push(PlanChange::FirewallRemoved {
            firewall: f.id,
            name: f.name.clone(),
        });
    }
}

/// The "uses" links of each node, by name of the node used.
fn uses_of<'a>(
    plan: &'a Plan,
    names: &FxHashMap<NodeId, &'a str>,
) -> FxHashMap<NodeId, Vec<&'a str>> {
    let mut map: FxHashMap<NodeId, Vec<&str>> = FxHashMap::default();
    for UsesLink { from, to } in &plan.uses {
        map.entry(*from)
            .or_default()
            .push(names.get(to).copied().unwrap_or("?"));
    }
    for v in map.values_mut() {
        v.sort_unstable();
    }
    map
}

fn text_of<T: ToString>(value: Option<&T>, none: &str) -> String {
    value.map_or_else(|| none.to_owned(), ToString::to_string)
}

fn nodes(old: &Plan, new: &Plan, out: &mut Vec<PlanChange>) {
    let before: FxHashMap<NodeId, &Node> = old.nodes.iter().map(|n| (n.id, n)).collect();
    let (old_zones, new_zones) = (zone_names(old), zone_names(new));
    fn zone(names: &FxHashMap<ZoneId, &str>, id: ZoneId) -> String {
        names.get(&id).copied().unwrap_or("?").to_owned()
    }
    let old_names: FxHashMap<NodeId, &str> =
        old.nodes.iter().map(|n| (n.id, n.name.as_str())).collect();
    let new_names: FxHashMap<NodeId, &str> =
        new.nodes.iter().map(|n| (n.id, n.name.as_str())).collect();
    let (old_uses, new_uses) = (uses_of(old, &old_names), uses_of(new, &new_names));
    let no_uses: Vec<&str> = Vec::new();
    for n in &new.nodes {
        let Some(o) = before.get(&n.id) else {
            out.push(PlanChange::NodeAdded {
                node: n.id,
                name: n.name.clone(),
                zone: zone(&new_zones, n.zone),
            });
            continue;
        };
        let (id, name) = (n.id, n.name.clone());
        if o.name != n.name {
            out.push(PlanChange::NodeRenamed {
                node: id,
                old: o.name.clone(),
                new: n.name.clone(),
            });
        }
        if o.zone != n.zone {
            out.push(PlanChange::ZoneMoved {
                node: id,
                name: name.clone(),
                from: zone(&old_zones, o.zone),
                to: zone(&new_zones, n.zone),
            });
        }
        for role in n.roles.iter().filter(|r| !o.has_role(r)) {
            out.push(PlanChange::RoleAdded {
                node: id,
                name: name.clone(),
                role: role.clone(),
            });
        }
        for role in o.roles.iter().filter(|r| !n.has_role(r)) {
            out.push(PlanChange::RoleRemoved {
                node: id,
                name: name.clone(),
                role: role.clone(),
            });
        }
        let mut changed = |what, old: String, new: String| {
            if old != new {
                out.push(PlanChange::NodeChanged {
                    node: id,
                    name: name.clone(),
                    what,
                    old,
                    new,
                });
            }
        };
        changed(
            "address",
            text_of(o.address.as_ref(), "none"),
            text_of(n.address.as_ref(), "none"),
        );
        changed(
            "domain",
            text_of(o.domain.as_ref(), "the plan's"),
            text_of(n.domain.as_ref(), "the plan's"),
        );
        changed(
            "Windows version",
            o.windows.label().into(),
            n.windows.label().into(),
        );
        changed("bypassed roles", o.bypass.join(", "), n.bypass.join(", "));
        changed(
            "uses",
            old_uses.get(&id).unwrap_or(&no_uses).join(", "),
            new_uses.get(&id).unwrap_or(&no_uses).join(", "),
        );
        for opt in OPTIONS {
            let (a, b) = (o.options.get(opt), n.options.get(opt));
            if a != b {
                let text = |v: Option<_>| v.map_or_else(|| "plan value".into(), |v| opt.text(v));
                out.push(PlanChange::NodeOptionChanged {
                    node: id,
                    name: name.clone(),
                    option: opt.key,
                    old: text(a),
                    new: text(b),
                });
            }
        }
    }
    for n in old.nodes.iter().filter(|n| !new_names.contains_key(&n.id)) {
        out.push(PlanChange::NodeRemoved {
            node: n.id,
            name: n.name.clone(),
            zone: zone(&old_zones, n.zone),
        });
    }
}
