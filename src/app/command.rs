//! Every edit of the plan, as data. The UI only builds these; [`Command::apply`] is the one
//! place that changes a plan.

use crate::model::{
    Firewall, FirewallId, Node, NodeId, Options, Plan, Point, Rect, UsesLink, Zone, ZoneId,
};

/// One undoable edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    AddZone(Zone, Rect),
    /// Replaces the zone with the same id (name, kind, address ranges).
    UpdateZone(Zone),
    AddFirewall(Firewall),
    /// Replaces the firewall with the same id (name, joined zones).
    UpdateFirewall(Firewall),
    AddNode(Node, Point),
    /// Replaces the node with the same id (name, zone, address, roles, options).
    UpdateNode(Node),
    AddUses(UsesLink),
    /// Deletes these objects; nodes of deleted zones, links of deleted nodes and firewalls
    /// left joining fewer than two zones go with them.
    Delete(Deletion),
    /// Moves and resizes: new zone rectangles, new node positions and zones (a node
    /// dropped into another zone changes zone).
    Move(Moves),
    SetOptions(Options),
    SetPlanName(String),
    SetPlanNotes(String),
    /// Several edits as one undo step.
    Batch(Vec<Command>),
}

/// What a [`Command::Delete`] removes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deletion {
    pub zones: Vec<ZoneId>,
    pub firewalls: Vec<FirewallId>,
    pub nodes: Vec<NodeId>,
    pub links: Vec<UsesLink>,
}

impl Deletion {
    pub fn is_empty(&self) -> bool {
        self.zones.is_empty()
            && self.firewalls.is_empty()
            && self.nodes.is_empty()
            && self.links.is_empty()
    }
}

/// What a [`Command::Move`] changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moves {
    pub zones: Vec<(ZoneId, Rect)>,
    pub nodes: Vec<(NodeId, Point, ZoneId)>,
}

impl Command {
    /// A short name for the Edit menu ("Undo move").
    pub fn label(&self) -> &'static str {
        match self {
            Command::AddZone(..) => "add zone",
            Command::UpdateZone(_) => "edit zone",
            Command::AddFirewall(_) => "add firewall",
            Command::UpdateFirewall(_) => "edit firewall",
            Command::AddNode(..) => "add node",
            Command::UpdateNode(_) => "edit node",
            Command::AddUses(_) => "add link",
            Command::Delete(_) => "delete",
            Command::Move(_) => "move",
            Command::SetOptions(_) => "plan options",
            Command::SetPlanName(_) => "rename plan",
            Command::SetPlanNotes(_) => "plan notes",
            Command::Batch(commands) => commands.first().map_or("edit", Command::label),
        }
    }

    /// Applies the edit to `plan`. Returns whether anything changed; commands naming
    /// objects that no longer exist change nothing.
    pub fn apply(self, plan: &mut Plan) -> bool {
        match self {
            Command::AddZone(zone, rect) => {
                plan.layout.zones.insert(zone.id, rect);
                plan.zones.push(zone);
                true
            }
            Command::UpdateZone(zone) => replace(&mut plan.zones, zone, |z| z.id),
            Command::AddFirewall(fw) => {
                if fw.zones.len() < 2 || plan.firewalls.iter().any(|f| f.id == fw.id) {
                    return false;
                }
                plan.firewalls.push(fw);
                true
            }
            Command::UpdateFirewall(fw) => replace(&mut plan.firewalls, fw, |f| f.id),
            Command::AddNode(node, at) => {
                plan.layout.nodes.insert(node.id, at);
                plan.nodes.push(node);
                true
            }
            Command::UpdateNode(node) => replace(&mut plan.nodes, node, |n| n.id),
            Command::AddUses(link) => {
                if link.from == link.to || plan.uses.contains(&link) {
                    return false;
                }
                // In order, as a plan file holds them.
                let at = plan.uses.partition_point(|l| *l < link);
                plan.uses.insert(at, link);
                true
            }
            Command::Delete(deletion) => delete(plan, &deletion),
            Command::Move(moves) => apply_moves(plan, moves),
            Command::SetOptions(options) => {
                let changed = plan.options != options;
                plan.options = options;
                changed
            }
            Command::SetPlanName(name) => {
                let changed = plan.name != name;
                plan.name = name;
                changed
            }
            Command::SetPlanNotes(notes) => {
                let changed = plan.notes != notes;
                plan.notes = notes;
                changed
            }
            Command::Batch(commands) => commands
                .into_iter()
                .fold(false, |changed, c| c.apply(plan) | changed),
        }
    }
}

/// Replaces the item with `new`'s id; `false` when absent or equal.
fn replace<T: PartialEq, K: PartialEq>(items: &mut [T], new: T, key: impl Fn(&T) -> K) -> bool {
    let Some(slot) = items.iter_mut().find(|x| key(x) == key(&new)) else {
        return false;
    };
    if *slot == new {
        return false;
    }
    *slot = new;
    true
}

fn delete(plan: &mut Plan, d: &Deletion) -> bool {
    use std::collections::HashSet;
    let zones: HashSet<ZoneId> = d.zones.iter().copied().collect();
    let mut nodes: HashSet<NodeId> = d.nodes.iter().copied().collect();
    nodes.extend(
        plan.nodes
            .iter()
            .filter(|n| zones.contains(&n.zone))
            .map(|n| n.id),
    );
    let firewalls: HashSet<FirewallId> = d.firewalls.iter().copied().collect();
    let before = (
        plan.zones.len(),
        plan.nodes.len(),
        plan.firewalls.len(),
        plan.uses.len(),
    );
    plan.zones.retain(|z| !zones.contains(&z.id));
    plan.nodes.retain(|n| !nodes.contains(&n.id));
    plan.uses
        .retain(|l| !d.links.contains(l) && !nodes.contains(&l.from) && !nodes.contains(&l.to));
    for fw in &mut plan.firewalls {
        fw.zones.retain(|z| !zones.contains(z));
    }
    plan.firewalls
        .retain(|f| !firewalls.contains(&f.id) && f.zones.len() >= 2);
    for z in &zones {
        plan.layout.zones.remove(z);
    }
    for n in &nodes {
        plan.layout.nodes.remove(n);
    }
    before
        != (
            plan.zones.len(),
            plan.nodes.len(),
            plan.firewalls.len(),
            plan.uses.len(),
        )
}

fn apply_moves(plan: &mut Plan, moves: Moves) -> bool {
    let mut changed = false;
    for (id, rect) in moves.zones {
        if plan.zone(id).is_some() && plan.layout.zones.get(&id) != Some(&rect) {
            plan.layout.zones.insert(id, rect);
            changed = true;
        }
    }
    if moves.nodes.is_empty() {
        return changed;
    }
    let targets: std::collections::HashMap<NodeId, (Point, ZoneId)> = moves
        .nodes
        .into_iter()
        .map(|(id, p, z)| (id, (p, z)))
        .collect();
    for node in &mut plan.nodes {
        let Some(&(point, zone)) = targets.get(&node.id) else {
            continue;
        };
        if plan.layout.nodes.get(&node.id) != Some(&point) {
            plan.layout.nodes.insert(node.id, point);
            changed = true;
        }
        if node.zone != zone && plan.zones.iter().any(|z| z.id == zone) {
            node.zone = zone;
            changed = true;
        }
    }
    changed
}
