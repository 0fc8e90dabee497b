//! Canvas geometry in egui types: the sizes and placement rules of
//! [`crate::diagram::placement`] (shared with the picture exports), the snapping grid, and
//! conversions between the model's points and rectangles and egui's.

use crate::diagram::placement as shared;
use crate::model::{Plan, Point, Rect, ZoneId};
use egui::{Pos2, Vec2, pos2, vec2};

/// Size of a node card, in canvas units.
pub const NODE_SIZE: Vec2 = vec2(shared::NODE_W, shared::NODE_H);
/// Grid step for snapping.
pub const GRID: f32 = shared::GRID;
/// Height of a zone's title bar (dragging it moves the zone).
pub const ZONE_HEADER: f32 = shared::ZONE_HEADER;
/// Smallest zone.
pub const MIN_ZONE: Vec2 = vec2(shared::MIN_ZONE.0, shared::MIN_ZONE.1);

pub use shared::{fill_missing, snap};

pub fn snap_pos(p: Pos2) -> Pos2 {
    to_pos(shared::snap_point(to_point(p)))
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
    to_rect(shared::node_rect(to_point(p)))
}

/// Where a new zone goes: right of everything drawn, top-aligned.
pub fn free_zone_spot(plan: &Plan) -> Pos2 {
    to_pos(shared::free_zone_spot(plan))
}

/// A free spot for one more node in `zone`: the first grid slot no card covers.
pub fn free_node_spot(plan: &Plan, zone: ZoneId) -> Pos2 {
    to_pos(shared::free_node_spot(plan, zone))
}

/// `card_min` moved the least so that the whole card lies inside `zone`, below its title.
pub fn clamp_card(card_min: Pos2, zone: egui::Rect) -> Pos2 {
    to_pos(shared::clamp_card(to_point(card_min), from_rect(zone)))
}
