//! Card sizes, zone rectangles and the automatic placement of objects a plan file gives
//! no position: the geometry the canvas and the picture exports share.

use crate::model::{Plan, Point, Rect, ZoneId};
use std::collections::{HashMap, HashSet};

/// Width of a node card, in canvas units.
pub const NODE_W: f32 = 168.0;
/// Height of a node card.
pub const NODE_H: f32 = 62.0;
/// Grid step for snapping.
pub const GRID: f32 = 10.0;
/// Height of a zone's title bar.
pub const ZONE_HEADER: f32 = 26.0;
/// Smallest zone: width and height.
pub const MIN_ZONE: (f32, f32) = (200.0, 120.0);
/// Slot for automatic node placement inside a zone: width and height.
const SLOT: (f32, f32) = (188.0, 80.0);
const PAD: f32 = 20.0;

/// `v` rounded to the grid.
pub fn snap(v: f32) -> f32 {
    (v / GRID).round() * GRID
}

/// `p` rounded to the grid.
pub fn snap_point(p: Point) -> Point {
    Point::new(snap(p.x), snap(p.y))
}

/// The card of a node whose top-left corner is `p`.
pub fn node_rect(p: Point) -> Rect {
    Rect::from_min_size(p, NODE_W, NODE_H)
}

/// How many slot columns fit in a zone `width` wide.
fn columns(width: f32) -> usize {
    ((width - 2.0 * PAD + (SLOT.0 - NODE_W)) / SLOT.0).max(1.0) as usize
}

/// The top-left corner of slot `k` in a zone whose corner is `min`, with `cols` columns.
fn slot(min: Point, k: usize, cols: usize) -> Point {
    Point::new(
        min.x + PAD + (k % cols) as f32 * SLOT.0,
        min.y + ZONE_HEADER + PAD + (k / cols) as f32 * SLOT.1,
    )
}

/// The size a new zone gets to hold `n` nodes: width and height.
pub fn zone_size_for(n: usize) -> (f32, f32) {
    let cols = ((n as f32).sqrt().ceil() as usize).clamp(2, 12);
    let rows = n.div_ceil(cols).max(1);
    (
        cols as f32 * SLOT.0 + 2.0 * PAD - (SLOT.0 - NODE_W),
        rows as f32 * SLOT.1 + ZONE_HEADER + 2.0 * PAD,
    )
}

/// Where a new zone goes: right of everything drawn, top-aligned.
pub fn free_zone_spot(plan: &Plan) -> Point {
    let right = plan
        .layout
        .zones
        .values()
        .map(|r| r.x + r.w)
        .fold(f32::NEG_INFINITY, f32::max);
    if right.is_finite() {
        Point::new(snap(right + 60.0), 0.0)
    } else {
        Point::default()
    }
}

/// A free spot for one more node in `zone`: the first grid slot no card covers.
/// **O(n)** in the zone's nodes per slot tried.
pub fn free_node_spot(plan: &Plan, zone: ZoneId) -> Point {
    let Some(rect) = plan.layout.zones.get(&zone).copied() else {
        return Point::default();
    };
    let taken: Vec<Rect> = plan
        .nodes
        .iter()
        .filter(|n| n.zone == zone)
        .filter_map(|n| plan.layout.nodes.get(&n.id))
        .map(|p| node_rect(*p))
        .collect();
    let cols = columns(rect.w);
    for k in 0..10_000 {
        let p = snap_point(slot(rect.min(), k, cols));
        let card = node_rect(p).expand(-2.0);
        if !taken.iter().any(|t| t.intersects(card)) {
            return p;
        }
    }
    rect.center()
}

/// Whether some zone or node of `plan` has no position.
pub fn is_missing_any(plan: &Plan) -> bool {
    plan.zones
        .iter()
        .any(|z| !plan.layout.zones.contains_key(&z.id))
        || plan
            .nodes
            .iter()
            .any(|n| !plan.layout.nodes.contains_key(&n.id))
}

/// Gives every zone and node without geometry a place: zones in a row right of the
/// others, nodes in a grid inside their zone. **O(n)** for nodes placed in fresh zones.
pub fn fill_missing(plan: &mut Plan) {
    let mut counts: HashMap<ZoneId, usize> = HashMap::new();
    for n in &plan.nodes {
        *counts.entry(n.zone).or_default() += 1;
    }
    let zone_ids: Vec<ZoneId> = plan.zones.iter().map(|z| z.id).collect();
    let mut fresh = HashSet::new();
    for id in zone_ids {
        if plan.layout.zones.contains_key(&id) {
            continue;
        }
        let at = free_zone_spot(plan);
        let (w, h) = zone_size_for(counts.get(&id).copied().unwrap_or(0));
        plan.layout.zones.insert(id, Rect::from_min_size(at, w, h));
        fresh.insert(id);
    }
    // Nodes in fresh zones fill the grid in order; others look for a free slot.
    let mut next: HashMap<ZoneId, usize> = HashMap::new();
    for i in 0..plan.nodes.len() {
        let (id, zone) = (plan.nodes[i].id, plan.nodes[i].zone);
        if plan.layout.nodes.contains_key(&id) {
            continue;
        }
        let p = if fresh.contains(&zone) {
            let Some(rect) = plan.layout.zones.get(&zone).copied() else {
                continue;
            };
            let k = next.entry(zone).or_default();
            let p = slot(rect.min(), *k, columns(rect.w));
            *k += 1;
            p
        } else {
            free_node_spot(plan, zone)
        };
        plan.layout.nodes.insert(id, p);
    }
}

/// `card_min` moved the least so that the whole card lies inside `zone`, below its title.
pub fn clamp_card(card_min: Point, zone: Rect) -> Point {
    let lo = (zone.x + 6.0, zone.y + ZONE_HEADER + 4.0);
    let hi = (
        zone.x + zone.w - NODE_W - 6.0,
        zone.y + zone.h - NODE_H - 6.0,
    );
    if hi.0 < lo.0 || hi.1 < lo.1 {
        return card_min;
    }
    snap_point(Point::new(
        card_min.x.clamp(lo.0, hi.0),
        card_min.y.clamp(lo.1, hi.1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan of one zone and seven nodes, none placed.
    fn unplaced() -> Plan {
        let nodes: Vec<String> = (0..7)
            .map(|i| format!("(id: {}, name: \"n{i}\", zone: 1)", 10 + i))
            .collect();
        let text = format!(
            "(version: 2, zones: [(id: 1, name: \"A\")], nodes: [{}])",
            nodes.join(", ")
        );
        ron::from_str(&text).expect("the test plan parses")
    }

    #[test]
    fn nodes_without_positions_fill_their_zone_without_overlapping() {
        let mut plan = unplaced();
        assert!(is_missing_any(&plan));
        fill_missing(&mut plan);
        let zone = plan.layout.zones[&ZoneId(1)];
        let cards: Vec<Rect> = plan.layout.nodes.values().map(|p| node_rect(*p)).collect();
        assert_eq!(cards.len(), 7);
        for (i, a) in cards.iter().enumerate() {
            assert!(
                zone.contains(a.min()) && zone.contains(a.max()),
                "{a:?} in {zone:?}"
            );
            for b in &cards[i + 1..] {
                assert!(!a.expand(-1.0).intersects(*b), "{a:?} overlaps {b:?}");
            }
        }
        assert!(!is_missing_any(&plan));
    }

    #[test]
    fn a_card_is_clamped_below_the_title_bar() {
        let zone = Rect::new(0.0, 0.0, 400.0, 300.0);
        let p = clamp_card(Point::new(-50.0, -50.0), zone);
        assert!(p.y >= ZONE_HEADER && p.x >= 0.0);
        let p = clamp_card(Point::new(1000.0, 1000.0), zone);
        assert!(p.x + NODE_W <= 400.0 && p.y + NODE_H <= 300.0);
    }
}
