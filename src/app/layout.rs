//! Canvas geometry: card sizes, the snapping grid, conversions to egui types, and the
//! automatic placement of objects a plan file gives no position.

use crate::model::{Plan, Point, Rect, ZoneId};
use egui::{Pos2, Vec2, pos2, vec2};

/// Size of a node card, in canvas units.
pub const NODE_SIZE: Vec2 = vec2(168.0, 62.0);
/// Grid step for snapping.
pub const GRID: f32 = 10.0;
/// Height of a zone's title bar (dragging it moves the zone).
pub const ZONE_HEADER: f32 = 26.0;
/// Smallest zone.
pub const MIN_ZONE: Vec2 = vec2(200.0, 120.0);
/// Slot for automatic node placement inside a zone.
const SLOT: Vec2 = vec2(188.0, 80.0);
const PAD: f32 = 20.0;

pub fn snap(v: f32) -> f32 {
    (v / GRID).round() * GRID
}

pub fn snap_pos(p: Pos2) -> Pos2 {
    pos2(snap(p.x), snap(p.y))
}

pub fn to_pos(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

pub fn to_point(p: Pos2) -> Point {
    Point { x: p.x, y: p.y }
}

pub fn to_rect(r: Rect) -> egui::Rect {
    egui::Rect::from_min_size(pos2(r.x, r.y), vec2(r.w, r.h))
}

pub fn from_rect(r: egui::Rect) -> Rect {
    Rect {
        x: r.min.x,
        y: r.min.y,
        w: r.width(),
        h: r.height(),
    }
}

/// The card of a node whose top-left corner is `p`.
pub fn node_rect(p: Pos2) -> egui::Rect {
    egui::Rect::from_min_size(p, NODE_SIZE)
}

/// The size a new zone gets to hold `n` nodes.
fn zone_size_for(n: usize) -> Vec2 {
    let cols = ((n as f32).sqrt().ceil() as usize).clamp(2, 12);
    let rows = n.div_ceil(cols).max(1);
    vec2(
        cols as f32 * SLOT.x + 2.0 * PAD - (SLOT.x - NODE_SIZE.x),
        rows as f32 * SLOT.y + ZONE_HEADER + 2.0 * PAD,
    )
}

/// Where a new zone goes: right of everything drawn, top-aligned.
pub fn free_zone_spot(plan: &Plan) -> Pos2 {
    let right = plan
        .layout
        .zones
        .values()
        .map(|r| r.x + r.w)
        .fold(f32::NEG_INFINITY, f32::max);
    if right.is_finite() {
        pos2(snap(right + 60.0), 0.0)
    } else {
        Pos2::ZERO
    }
}

/// A free spot for one more node in `zone`: the first grid slot no card covers.
pub fn free_node_spot(plan: &Plan, zone: ZoneId) -> Pos2 {
    let Some(rect) = plan.layout.zones.get(&zone).copied().map(to_rect) else {
        return Pos2::ZERO;
    };
    let taken: Vec<egui::Rect> = plan
        .nodes
        .iter()
        .filter(|n| n.zone == zone)
        .filter_map(|n| plan.layout.nodes.get(&n.id))
        .map(|p| node_rect(to_pos(*p)))
        .collect();
    let cols = (((rect.width() - 2.0 * PAD + (SLOT.x - NODE_SIZE.x)) / SLOT.x) as usize).max(1);
    for i in 0..10_000 {
        let p = rect.min
            + vec2(PAD + (i % cols) as f32 * SLOT.x, ZONE_HEADER + PAD)
            + vec2(0.0, (i / cols) as f32 * SLOT.y);
        let card = node_rect(snap_pos(p)).shrink(2.0);
        if !taken.iter().any(|t| t.intersects(card)) {
            return snap_pos(p);
        }
    }
    rect.center()
}

/// Gives every zone and node without geometry a place: zones in a row right of the
/// others, nodes in a grid inside their zone. **O(n)** for nodes placed in fresh zones.
pub fn fill_missing(plan: &mut Plan) {
    let mut counts: std::collections::HashMap<ZoneId, usize> = Default::default();
    for n in &plan.nodes {
        *counts.entry(n.zone).or_default() += 1;
    }
    let zone_ids: Vec<ZoneId> = plan.zones.iter().map(|z| z.id).collect();
    let mut fresh = std::collections::HashSet::new();
    for id in zone_ids {
        if plan.layout.zones.contains_key(&id) {
            continue;
        }
        let at = free_zone_spot(plan);
        let size = zone_size_for(counts.get(&id).copied().unwrap_or(0));
        plan.layout
            .zones
            .insert(id, from_rect(egui::Rect::from_min_size(at, size)));
        fresh.insert(id);
    }
    // Nodes in fresh zones fill the grid in order; others look for a free slot.
    let mut next: std::collections::HashMap<ZoneId, usize> = Default::default();
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
            let cols = ((rect.w - 2.0 * PAD + (SLOT.x - NODE_SIZE.x)) / SLOT.x).max(1.0) as usize;
            let p = pos2(
                rect.x + PAD + (*k % cols) as f32 * SLOT.x,
                rect.y + ZONE_HEADER + PAD + (*k / cols) as f32 * SLOT.y,
            );
            *k += 1;
            p
        } else {
            free_node_spot(plan, zone)
        };
        plan.layout.nodes.insert(id, to_point(p));
    }
}

/// `card_min` moved the least so that the whole card lies inside `zone`, below its title.
pub fn clamp_card(card_min: Pos2, zone: egui::Rect) -> Pos2 {
    let lo = zone.min + vec2(6.0, ZONE_HEADER + 4.0);
    let hi = zone.max - NODE_SIZE - vec2(6.0, 6.0);
    if hi.x < lo.x || hi.y < lo.y {
        return card_min;
    }
    snap_pos(pos2(
        card_min.x.clamp(lo.x, hi.x),
        card_min.y.clamp(lo.y, hi.y),
    ))
}
