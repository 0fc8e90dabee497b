//! Hit testing: what lies under a point of the canvas.

use super::super::layout::{NODE_SIZE, ZONE_HEADER};
use super::geo::{Geo, border_point, firewall_boxes};
use crate::model::{FirewallId, NodeId, UsesLink, ZoneId};
use egui::{Pos2, Rect, Vec2};

/// What lies under the pointer, topmost first.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    /// The round handle on a card's right edge: dragging it draws a "uses" link.
    LinkHandle(NodeId),
    Node(NodeId),
    Firewall(FirewallId),
    Link(UsesLink),
    ZoneResize(ZoneId),
    ZoneHeader(ZoneId),
    ZoneBody(ZoneId),
    Empty,
}

/// The link handle of a card.
pub fn link_handle(card: Rect) -> Pos2 {
    card.right_center()
}

pub const HANDLE_RADIUS: f32 = 7.0;

/// The link handle's grab radius on screen, in pixels.
const HANDLE_GRAB_PX: f32 = 11.0;

/// The link handle's grab radius in canvas units at `zoom`: a fixed size on screen, but
/// never more than a quarter of the card's height, so that at low zoom a press on a card
/// moves it instead of starting a link.
pub fn handle_grab_radius(zoom: f32) -> f32 {
    (HANDLE_GRAB_PX / zoom.max(0.01)).min(NODE_SIZE.y / 4.0)
}

/// The firewall whose box is at `p` (canvas units), with a few pixels of slack at zoom
/// `zoom`. **O(firewalls)**.
pub fn firewall_at(geo: &Geo<'_>, p: Pos2, zoom: f32) -> Option<crate::model::FirewallId> {
    let slack = 4.0 / zoom.max(0.05);
    firewall_boxes(geo)
        .iter()
        .find(|(_, rect)| rect.expand(slack).contains(p))
        .map(|&(id, _)| id)
}

/// Hit-tests `p` (canvas units) at zoom `zoom`. **O(n)** over nodes, run only on clicks
/// and drag starts.
pub fn hit(geo: &Geo<'_>, p: Pos2, zoom: f32) -> Hit {
    let slack = 4.0 / zoom.max(0.05);
    if let Some(id) = firewall_at(geo, p, zoom) {
        return Hit::Firewall(id);
    }
    // Raised cards (selected, dragged) are drawn on top, then later nodes on earlier ones.
    let grab = handle_grab_radius(zoom);
    let raised = geo.raised;
    let order = geo
        .plan
        .nodes
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, n)| raised.contains(&n.id))
        .chain(
            geo.plan
                .nodes
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, n)| !raised.contains(&n.id)),
        );
    for (i, node) in order {
        let Some(rect) = geo.card(i).or_else(|| geo.node_rect(node.id)) else {
            continue;
        };
        if link_handle(rect).distance(p) <= grab {
            return Hit::LinkHandle(node.id);
        }
        if rect.contains(p) {
            return Hit::Node(node.id);
        }
    }
    for link in &geo.plan.uses {
        let (Some(a), Some(b)) = (geo.node_rect(link.from), geo.node_rect(link.to)) else {
            continue;
        };
        let (s, e) = (border_point(a, b.center()), border_point(b, a.center()));
        if segment_distance(p, s, e) <= 3.0 + slack {
            return Hit::Link(*link);
        }
    }
    let mut best: Option<(f32, Hit)> = None;
    for zone in &geo.plan.zones {
        let Some(r) = geo.zone_rect(zone.id) else {
            continue;
        };
        if !r.expand(slack).contains(p) {
            continue;
        }
        let corner = Rect::from_min_max(
            r.max - Vec2::splat(16.0 + slack),
            r.max + Vec2::splat(slack),
        );
        let hit = if corner.contains(p) {
            Hit::ZoneResize(zone.id)
        } else if p.y <= r.min.y + ZONE_HEADER {
            Hit::ZoneHeader(zone.id)
        } else {
            Hit::ZoneBody(zone.id)
        };
        if best.is_none_or(|(area, _)| r.area() < area) {
            best = Some((r.area(), hit));
        }
    }
    best.map_or(Hit::Empty, |(_, h)| h)
}

/// Distance from `p` to the segment `a`-`b`.
pub fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// The card size, for callers placing cards centred on a point.
pub fn card_half() -> Vec2 {
    NODE_SIZE / 2.0
}
