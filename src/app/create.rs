//! Commands that create objects with fresh ids and sensible names.

use super::command::Command;
use super::layout::{self, free_node_spot};
use crate::catalog::{Catalog, RoleKind};
use crate::model::{
    Firewall, FirewallId, Node, NodeId, NodeKind, Plan, Rect, Zone, ZoneId, ZoneKind,
};
use egui::Pos2;

/// Size of a zone created from the palette.
pub const NEW_ZONE: egui::Vec2 = egui::vec2(420.0, 280.0);

/// `base`, or `base 2`, `base 3`... whichever no existing name uses.
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|k| format!("{base} {k}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_owned())
}

/// A new zone of `kind` with its top-left corner at `at` (or right of the others).
pub fn zone(plan: &Plan, kind: ZoneKind, at: Option<Pos2>) -> (ZoneId, Command) {
    let id = ZoneId(plan.fresh_id());
    let base = match kind {
        ZoneKind::Perimeter => "Perimeter",
        other => other.label(),
    };
    let name = unique(base, |n| plan.zones.iter().any(|z| z.name == n));
    let at = layout::snap_pos(at.unwrap_or_else(|| layout::free_zone_spot(plan)));
    let rect = Rect {
        x: at.x,
        y: at.y,
        w: NEW_ZONE.x,
        h: NEW_ZONE.y,
    };
    let zone = Zone {
        id,
        name,
        kind,
        cidrs: Vec::new(),
        trust: None,
        notes: String::new(),
    };
    (id, Command::AddZone(zone, rect))
}

/// A new node holding `role` in `zone`, its card's top-left at `at` (or a free slot).
pub fn node(
    plan: &Plan,
    catalog: &Catalog,
    role: &str,
    zone: ZoneId,
    at: Option<Pos2>,
) -> Option<(NodeId, Command)> {
    let r = catalog.role_by_id(role)?;
    let id = NodeId(plan.fresh_id());
    let name = unique(&r.name, |n| plan.nodes.iter().any(|x| x.name == n));
    let kind = if r.kind == RoleKind::Clients {
        NodeKind::ClientGroup
    } else {
        NodeKind::Server
    };
    let at = at.map_or_else(|| free_node_spot(plan, zone), layout::snap_pos);
    // Grow the zone when the new card would stick out of it.
    let grown = plan.layout.zones.get(&zone).and_then(|r| {
        let rect = layout::to_rect(*r);
        let card = layout::node_rect(at).expand(20.0);
        (!rect.contains_rect(card)).then(|| layout::from_rect(rect.union(card)))
    });
    let node = Node {
        id,
        name,
        zone,
        kind,
        roles: vec![r.id.clone()],
        address: None,
        windows: Default::default(),
        domain: None,
        options: Default::default(),
        bypass: Vec::new(),
        notes: String::new(),
    };
    let add = Command::AddNode(node, layout::to_point(at));
    let cmd = match grown {
        Some(rect) => Command::Batch(vec![
            add,
            Command::Move(super::command::Moves {
                zones: vec![(zone, rect)],
                nodes: Vec::new(),
            }),
        ]),
        None => add,
    };
    Some((id, cmd))
}

/// A new firewall joining `zones` (at least two).
pub fn firewall(plan: &Plan, zones: Vec<ZoneId>) -> Option<(FirewallId, Command)> {
    if zones.len() < 2 {
        return None;
    }
    let id = FirewallId(plan.fresh_id());
    // Named after the zones it joins ("Perimeter–Internal"), numbered when taken.
    let joined: Vec<&str> = zones
        .iter()
        .filter_map(|z| plan.zone(*z))
        .map(|z| z.name.as_str())
        .collect();
    let base = if joined.is_empty() {
        "Firewall".to_owned()
    } else {
        joined.join("–")
    };
    let name = unique(&base, |n| plan.firewalls.iter().any(|f| f.name == n));
    Some((
        id,
        Command::AddFirewall(Firewall {
            id,
            name,
            zones,
            notes: String::new(),
        }),
    ))
}

/// Copies of `nodes` (roles, options, zone) 20 units down and right, with fresh ids and
/// names, as one command; also returns the new ids.
pub fn duplicate(
    plan: &Plan,
    nodes: &std::collections::BTreeSet<NodeId>,
) -> (Vec<NodeId>, Option<Command>) {
    // Consecutive ids above every id in use (`fresh_id` gives one at a time).
    let top = plan
        .zones
        .iter()
        .map(|z| z.id.0)
        .chain(plan.firewalls.iter().map(|f| f.id.0))
        .chain(plan.nodes.iter().map(|n| n.id.0))
        .max()
        .unwrap_or(0);
    let mut next = top.saturating_add(1);
    let mut names: Vec<String> = plan.nodes.iter().map(|n| n.name.clone()).collect();
    let mut ids = Vec::new();
    let mut commands = Vec::new();
    for node in plan.nodes.iter().filter(|n| nodes.contains(&n.id)) {
        let Some(p) = plan.layout.nodes.get(&node.id) else {
            continue;
        };
        if next == u32::MAX {
            break;
        }
        let id = NodeId(next);
        next += 1;
        let name = unique(&format!("{} copy", node.name), |n| {
            names.iter().any(|x| x == n)
        });
        names.push(name.clone());
        let copy = Node {
            id,
            name,
            address: None,
            ..node.clone()
        };
        let at = crate::model::Point {
            x: p.x + 20.0,
            y: p.y + 20.0,
        };
        commands.push(Command::AddNode(copy, at));
        ids.push(id);
    }
    let cmd = (!commands.is_empty()).then_some(Command::Batch(commands));
    (ids, cmd)
}
