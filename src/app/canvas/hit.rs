//! Geometry as drawn (with the live drag preview) and hit testing.

use super::super::layout::{NODE_SIZE, ZONE_HEADER, node_rect, to_pos, to_rect};
use super::firewalls::firewall_boxes;
use crate::model::{FirewallId, NodeId, Plan, UsesLink, ZoneId};
use egui::{Pos2, Rect, Vec2};
use std::collections::{BTreeSet, HashMap, HashSet};

static NO_NODES: BTreeSet<NodeId> = BTreeSet::new();

/// The geometry a drag in progress shows, before its command is sent on release.
#[derive(Clone, Debug, Default)]
pub struct Preview {
    pub offset: Vec2,
    pub nodes: HashSet<NodeId>,
    pub zones: HashSet<ZoneId>,
    /// A zone being resized and the size change.
    pub resize: Option<(ZoneId, Vec2)>,
}

/// Positions of the plan's objects as they are drawn this frame.
pub struct Geo<'a> {
    pub plan: &'a Plan,
    pub preview: &'a Preview,
    /// Cards drawn above the others (the selection): hit first.
    pub raised: &'a BTreeSet<NodeId>,
    /// Each node's card by position in `plan.nodes`, when built with [`Geo::indexed`].
    cards: Vec<Option<Rect>>,
    index: Option<&'a HashMap<NodeId, usize>>,
}

impl<'a> Geo<'a> {
    /// Geometry looked up in the plan's layout as needed (for one-off questions).
    pub fn new(plan: &'a Plan, preview: &'a Preview) -> Self {
        Geo {
            plan,
            preview,
            raised: &NO_NODES,
            cards: Vec::new(),
            index: None,
        }
    }

    /// Geometry with every card computed once, for painting a frame. `index` gives each
    /// node's position in `plan.nodes`. **O(n log n)**; look-ups after are **O(1)**.
    pub fn indexed(
        plan: &'a Plan,
        preview: &'a Preview,
        index: &'a HashMap<NodeId, usize>,
    ) -> Self {
        let mut geo = Geo::new(plan, preview);
        geo.cards = plan
            .nodes
            .iter()
            .map(|n| {
                let p = to_pos(*plan.layout.nodes.get(&n.id)?);
                Some(geo.node_rect_at(n.id, p))
            })
            .collect();
        geo.index = Some(index);
        geo
    }

    /// The same geometry with `raised` cards on top.
    pub fn with_raised(mut self, raised: &'a BTreeSet<NodeId>) -> Self {
        self.raised = raised;
        self
    }

    /// The card of the node at position `i` in `plan.nodes` (indexed geometry only).
    pub fn card(&self, i: usize) -> Option<Rect> {
        self.cards.get(i).copied().flatten()
    }

    pub fn node_rect(&self, id: NodeId) -> Option<Rect> {
        if let Some(i) = self.index.and_then(|x| x.get(&id)) {
            return self.card(*i);
        }
        let p = to_pos(*self.plan.layout.nodes.get(&id)?);
        Some(self.node_rect_at(id, p))
    }

    /// The card of node `id` whose stored position is `p`.
    pub fn node_rect_at(&self, id: NodeId, p: Pos2) -> Rect {
        if self.preview.nodes.contains(&id) {
            node_rect(p + self.preview.offset)
        } else {
            node_rect(p)
        }
    }

    pub fn zone_rect(&self, id: ZoneId) -> Option<Rect> {
        let mut r = to_rect(*self.plan.layout.zones.get(&id)?);
        if self.preview.zones.contains(&id) {
            r = r.translate(self.preview.offset);
        }
        if let Some((z, grow)) = self.preview.resize
            && z == id
        {
            r.max += grow;
            r.max = r.max.max(r.min + super::super::layout::MIN_ZONE);
        }
        Some(r)
    }

    /// The innermost zone containing `p`.
    pub fn zone_at(&self, p: Pos2) -> Option<ZoneId> {
        self.plan
            .zones
            .iter()
            .filter_map(|z| Some((z.id, self.zone_rect(z.id)?)))
            .filter(|(_, r)| r.contains(p))
            .min_by(|a, b| a.1.area().total_cmp(&b.1.area()))
            .map(|(id, _)| id)
    }
}

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

/// Hit-tests `p` (canvas units) at zoom `zoom`. **O(n)** over nodes, run only on clicks
/// and drag starts.
pub fn hit(geo: &Geo<'_>, p: Pos2, zoom: f32) -> Hit {
    let slack = 4.0 / zoom.max(0.05);
    for (id, rect) in firewall_boxes(geo) {
        if rect.expand(slack).contains(p) {
            return Hit::Firewall(id);
        }
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

/// Where the segment from `rect`'s centre toward `toward` leaves `rect`.
pub fn border_point(rect: Rect, toward: Pos2) -> Pos2 {
    let c = rect.center();
    let d = toward - c;
    if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
        return c;
    }
    let half = rect.size() / 2.0;
    let tx = if d.x.abs() > f32::EPSILON {
        half.x / d.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if d.y.abs() > f32::EPSILON {
        half.y / d.y.abs()
    } else {
        f32::INFINITY
    };
    c + d * tx.min(ty).min(1.0)
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
