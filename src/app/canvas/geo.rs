//! Where things are drawn this frame (with the live drag preview): cards, zones and
//! firewall boxes. Painting and hit testing both read it.

use super::super::layout::{MIN_ZONE, from_rect, node_rect, to_pos, to_rect};
use crate::model::{FirewallId, NodeId, Plan, ZoneId};
use egui::{Pos2, Rect, Vec2, vec2};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

static NO_NODES: BTreeSet<NodeId> = BTreeSet::new();

/// Where each firewall's box is drawn, shared by the frames that reuse it.
pub type FirewallBoxes = Rc<[(FirewallId, Rect)]>;

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
    /// The firewall boxes, when placed once for several frames ([`Geo::with_firewalls`]).
    firewalls: Option<FirewallBoxes>,
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
            firewalls: None,
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

    /// The same geometry with the firewall boxes placed already: placing them looks at
    /// the cards near crowded zones (**O(n)**, about 10 ms on 10,000 nodes), too much for
    /// every frame and every hit test.
    pub fn with_firewalls(mut self, boxes: FirewallBoxes) -> Self {
        self.firewalls = Some(boxes);
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
            r.max = r.max.max(r.min + MIN_ZONE);
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

/// Where the segment from `rect`'s centre toward `toward` leaves `rect`: the diagram
/// module's ([`crate::diagram::border_point`]), so screen and picture agree.
pub fn border_point(rect: Rect, toward: Pos2) -> Pos2 {
    to_pos(crate::diagram::border_point(
        from_rect(rect),
        super::super::layout::to_point(toward),
    ))
}

/// The size of a firewall's box.
pub const FIREWALL_BOX: egui::Vec2 = vec2(crate::diagram::BADGE_W, crate::diagram::BADGE_H);

/// Where each firewall is drawn: between the facing edges of its zones
/// ([`crate::diagram::firewall_badges`], as the picture exports place them), with the
/// zones as this frame draws them. Firewalls joining the same zones are stacked.
pub fn firewall_boxes(geo: &Geo<'_>) -> FirewallBoxes {
    if let Some(boxes) = &geo.firewalls {
        return Rc::clone(boxes);
    }
    crate::diagram::firewall_badges(geo.plan, |z| geo.zone_rect(z).map(from_rect))
        .into_iter()
        .map(|(id, r)| (id, to_rect(r)))
        .collect()
}
