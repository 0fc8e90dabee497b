//! Undo steps as patches: the parts of the plan an edit changed, with the values they
//! had. Moving one node of a 10,000-node plan keeps one point, not a copy of the plan,
//! so the history's memory follows the size of the edits, not of the plan.
//!
//! A patch is found by comparing the plan before and after the edit, field by field
//! (every field is named, so a new one cannot be forgotten): lists keep the run between
//! their common start and common end, maps the entries that differ. Applying a patch
//! returns the patch that reverts it, so undo and redo are the same operation.

use crate::model::{
    Firewall, Layout, Node, NodeId, Options, Plan, Point, Rect, UsesLink, Zone, ZoneId,
};
use std::collections::BTreeMap;
use std::mem::size_of;

/// Put `items` in place of the `replaces` items from position `at` of a list.
#[derive(Debug)]
struct Splice<T> {
    at: usize,
    replaces: usize,
    items: Vec<T>,
}

impl<T: Clone + PartialEq> Splice<T> {
    /// How to turn `new` back into `old`; `None` when they are equal. **O(len)**.
    fn between(old: &[T], new: &[T]) -> Option<Self> {
        let start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        if start == old.len() && start == new.len() {
            return None;
        }
        let room = old.len().min(new.len()) - start;
        let end = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        Some(Splice {
            at: start,
            replaces: new.len() - start - end,
            items: old[start..old.len() - end].to_vec(),
        })
    }

    /// Applies the splice to `list`; returns the one that reverts it.
    fn apply(self, list: &mut Vec<T>) -> Self {
        let end = (self.at + self.replaces).min(list.len());
        let at = self.at.min(end);
        let added = self.items.len();
        let removed: Vec<T> = list.splice(at..end, self.items).collect();
        Splice {
            at,
            replaces: added,
            items: removed,
        }
    }
}

/// The entries of a map to set back (`None`: remove).
type MapPatch<K, V> = Vec<(K, Option<V>)>;

/// How to turn map `new` back into `old`. **O(len)**.
fn map_between<K: Ord + Copy, V: Copy + PartialEq>(
    old: &BTreeMap<K, V>,
    new: &BTreeMap<K, V>,
) -> MapPatch<K, V> {
    let mut out: MapPatch<K, V> = old
        .iter()
        .filter(|(k, v)| new.get(k) != Some(v))
        .map(|(k, v)| (*k, Some(*v)))
        .collect();
    out.extend(
        new.keys()
            .filter(|k| !old.contains_key(k))
            .map(|k| (*k, None)),
    );
    out
}

/// Applies `patch` to `map`; returns the patch that reverts it.
fn map_apply<K: Ord + Copy, V: Copy>(
    patch: MapPatch<K, V>,
    map: &mut BTreeMap<K, V>,
) -> MapPatch<K, V> {
    patch
        .into_iter()
        .map(|(k, v)| {
            let before = match v {
                Some(v) => map.insert(k, v),
                None => map.remove(&k),
            };
            (k, before)
        })
        .collect()
}

/// What one edit changed, as the values to put back.
#[derive(Debug, Default)]
pub struct Patch {
    version: Option<u32>,
    name: Option<String>,
    notes: Option<String>,
    options: Option<Box<Options>>,
    zones: Option<Splice<Zone>>,
    firewalls: Option<Splice<Firewall>>,
    nodes: Option<Splice<Node>>,
    uses: Option<Splice<UsesLink>>,
    zone_rects: MapPatch<ZoneId, Rect>,
    node_points: MapPatch<NodeId, Point>,
}

/// `Some(old)` when it differs from `new`.
fn changed<T: PartialEq + Clone>(old: &T, new: &T) -> Option<T> {
    (old != new).then(|| old.clone())
}

impl Patch {
    /// How to turn `new` back into `old`. **O(plan)** comparisons, copies only what
    /// differs.
    pub fn between(old: &Plan, new: &Plan) -> Self {
        let Plan {
            version,
            name,
            notes,
            options,
            zones,
            firewalls,
            nodes,
            uses,
            layout:
                Layout {
                    zones: zone_rects,
                    nodes: node_points,
                },
        } = new;
        Patch {
            version: changed(&old.version, version),
            name: changed(&old.name, name),
            notes: changed(&old.notes, notes),
            options: changed(&old.options, options).map(Box::new),
            zones: Splice::between(&old.zones, zones),
            firewalls: Splice::between(&old.firewalls, firewalls),
            nodes: Splice::between(&old.nodes, nodes),
            uses: Splice::between(&old.uses, uses),
            zone_rects: map_between(&old.layout.zones, zone_rects),
            node_points: map_between(&old.layout.nodes, node_points),
        }
    }

    /// Puts the patch's values into `plan`; returns the patch that reverts it.
    pub fn apply(self, plan: &mut Plan) -> Self {
        fn swap<T>(slot: &mut T, value: Option<T>) -> Option<T> {
            value.map(|v| std::mem::replace(slot, v))
        }
        Patch {
            version: swap(&mut plan.version, self.version),
            name: swap(&mut plan.name, self.name),
            notes: swap(&mut plan.notes, self.notes),
            options: self
                .options
                .map(|o| Box::new(std::mem::replace(&mut plan.options, *o))),
            zones: self.zones.map(|s| s.apply(&mut plan.zones)),
            firewalls: self.firewalls.map(|s| s.apply(&mut plan.firewalls)),
            nodes: self.nodes.map(|s| s.apply(&mut plan.nodes)),
            uses: self.uses.map(|s| s.apply(&mut plan.uses)),
            zone_rects: map_apply(self.zone_rects, &mut plan.layout.zones),
            node_points: map_apply(self.node_points, &mut plan.layout.nodes),
        }
    }

    /// About how many bytes the patch takes in memory.
    pub fn bytes(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let zones = self.zones.as_ref().map_or(0, |s| {
            s.items
                .iter()
                .map(|z| size_of::<Zone>() + z.name.len() + z.notes.len() + z.cidrs.len() * 24)
                .sum()
        });
        let firewalls = self.firewalls.as_ref().map_or(0, |s| {
            s.items
                .iter()
                .map(|f| size_of::<Firewall>() + f.name.len() + f.zones.len() * 4)
                .sum()
        });
        let nodes = self
            .nodes
            .as_ref()
            .map_or(0, |s| s.items.iter().map(plan_node_bytes).sum());
        let uses = self
            .uses
            .as_ref()
            .map_or(0, |s| s.items.len() * size_of::<UsesLink>());
        size_of::<Patch>()
            + text(&self.name)
            + text(&self.notes)
            + self.options.as_ref().map_or(0, |_| size_of::<Options>())
            + zones
            + firewalls
            + nodes
            + uses
            + self.zone_rects.len() * size_of::<(ZoneId, Option<Rect>)>()
            + self.node_points.len() * size_of::<(NodeId, Option<Point>)>()
    }
}

/// About how many bytes a node takes.
fn plan_node_bytes(n: &Node) -> usize {
    size_of::<Node>()
        + n.name.len()
        + n.notes.len()
        + n.domain.as_ref().map_or(0, String::len)
        + n.address.as_ref().map_or(0, |_| 32)
        + n.roles
            .iter()
            .chain(&n.bypass)
            .map(|r| r.len() + 24)
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u32) -> Node {
        Node {
            id: NodeId(id),
            name: format!("n{id}"),
            zone: ZoneId(1),
            kind: Default::default(),
            roles: vec!["dns".into()],
            address: None,
            windows: Default::default(),
            domain: None,
            options: Default::default(),
            bypass: Vec::new(),
            notes: String::new(),
        }
    }

    fn plan_with(n: u32) -> Plan {
        let mut plan = Plan::default();
        plan.zones.push(Zone {
            id: ZoneId(1),
            name: "Internal".into(),
            kind: Default::default(),
            cidrs: Vec::new(),
            notes: String::new(),
            trust: Default::default(),
        });
        for k in 0..n {
            plan.nodes.push(node(10 + k));
            plan.layout.nodes.insert(
                NodeId(10 + k),
                Point {
                    x: k as f32,
                    y: 0.0,
                },
            );
        }
        plan
    }

    /// Applies `edit` to a copy of `plan`, patches it back and forth, and checks both ends.
    fn round_trip(plan: &Plan, edit: impl FnOnce(&mut Plan)) -> usize {
        let mut edited = plan.clone();
        edit(&mut edited);
        let patch = Patch::between(plan, &edited);
        let bytes = patch.bytes();
        let mut back = edited.clone();
        let redo = patch.apply(&mut back);
        assert_eq!(&back, plan, "undo restores the plan");
        let again = redo.apply(&mut back);
        assert_eq!(back, edited, "redo restores the edit");
        let mut undone = back;
        let _ = again.apply(&mut undone);
        assert_eq!(&undone, plan, "and undo again");
        bytes
    }

    #[test]
    fn patches_revert_every_kind_of_edit_and_stay_small() {
        let plan = plan_with(1000);
        let moved = round_trip(&plan, |p| {
            p.layout.nodes.insert(NodeId(500), Point { x: 1.0, y: 2.0 });
        });
        assert!(moved < 400, "a move keeps a point: {moved} bytes");
        let renamed = round_trip(&plan, |p| p.nodes[500].name = "x".into());
        assert!(renamed < 1000, "an edit keeps one node: {renamed} bytes");
        let added = round_trip(&plan, |p| {
            p.nodes.push(node(5000));
            p.layout.nodes.insert(NodeId(5000), Point::default());
        });
        assert!(added < 400, "an addition keeps its place: {added} bytes");
        round_trip(&plan, |p| {
            p.nodes.remove(3);
            p.nodes.remove(700);
            p.layout.nodes.remove(&NodeId(13));
        });
        round_trip(&plan, |p| {
            p.name = "renamed".into();
            p.notes = "notes".into();
            p.options.central_nps = !p.options.central_nps;
            p.zones.clear();
        });
        round_trip(&plan, |p| p.nodes.reverse());
        round_trip(&plan, |p| *p = Plan::default());
    }
}
