//! The whole picture placed: every zone, card, firewall badge with its wires, flow arrow
//! and "uses" link of a plan, in canvas units. The SVG (and through it the PNG and the
//! report) draws exactly this.

use super::arrows::{Arrow, arrow_ends, arrows, border_point};
use super::firewalls::{firewall_badges, wire_ends};
use super::placement::{fill_missing, is_missing_any, node_rect};
use crate::engine::Analysis;
use crate::model::{NodeId, Plan, Point, Rect};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Which flows the picture shows, like the canvas's *Flows* switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FlowFilter {
    /// Every flow, unless the picture would hold more than [`AUTO_ARROWS`] arrows or
    /// "uses" links: then only the flows through firewalls, and no "uses" links (they
    /// hide the plan, and a browser takes minutes to draw 50,000 dashed lines). Every
    /// filter but `All` leaves out the "uses" links when there are more than that.
    #[default]
    Auto,
    All,
    /// Only flows that cross a firewall, or that no firewall joins yet.
    Crossing,
    None,
}

/// Above this many arrows or "uses" links, [`FlowFilter::Auto`] draws only the flows
/// through firewalls and no links. The 1,000-node synthetic plan has about 5,000 of
/// each; the 10,000-node one 50,000.
pub const AUTO_ARROWS: usize = 10_000;

impl FlowFilter {
    /// Whether `arrow` is shown ([`FlowFilter::Auto`] as [`FlowFilter::All`]).
    pub fn shows(self, arrow: &Arrow) -> bool {
        match self {
            FlowFilter::Auto | FlowFilter::All => true,
            FlowFilter::Crossing => arrow.crosses || arrow.unrouted,
            FlowFilter::None => false,
        }
    }
}

/// A firewall as drawn: its badge and where its wires meet its zones.
#[derive(Clone, Debug, PartialEq)]
pub struct FirewallShape {
    /// Position in `plan.firewalls`.
    pub index: usize,
    pub badge: Rect,
    pub wires: Vec<Point>,
}

/// An arrow with its two ends.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowShape {
    pub arrow: Arrow,
    pub start: Point,
    pub end: Point,
}

/// Everything placed. Objects the plan file gives no position are placed as the app
/// places them when it opens the plan.
pub struct Drawing<'a> {
    /// The plan, with a position for everything.
    pub plan: Cow<'a, Plan>,
    /// Each zone's rectangle, by position in `plan.zones`.
    pub zones: Vec<Rect>,
    /// Each node's card, by position in `plan.nodes`.
    pub cards: Vec<Rect>,
    pub firewalls: Vec<FirewallShape>,
    pub arrows: Vec<ArrowShape>,
    /// The flows drawn: the filter asked for, with [`FlowFilter::Auto`] decided.
    pub flows: FlowFilter,
    /// Arrows [`FlowFilter::Auto`] left out (inside zones), 0 otherwise.
    pub left_out: usize,
    /// "Uses" links left out: all of them when there are more than [`AUTO_ARROWS`] and
    /// the filter is not [`FlowFilter::All`] (or [`FlowFilter::Auto`] finds the picture
    /// large), 0 otherwise.
    pub links_left_out: usize,
    /// "Uses" links: from the user's card to the provider's.
    pub links: Vec<(Point, Point)>,
    /// What the drawing covers, margins included.
    pub bounds: Rect,
}

/// Empty space around the drawing.
const MARGIN: f32 = 30.0;

impl<'a> Drawing<'a> {
    /// Places `plan` (with `analysis` computed from it) showing the flows `filter` lets
    /// through. **O(n + F)** for n objects and F flows.
    pub fn new(plan: &'a Plan, analysis: &Analysis, filter: FlowFilter) -> Self {
        let plan: Cow<'a, Plan> = if is_missing_any(plan) {
            let mut placed = plan.clone();
            fill_missing(&mut placed);
            Cow::Owned(placed)
        } else {
            Cow::Borrowed(plan)
        };
        let zone_rect: FxHashMap<_, Rect> =
            plan.layout.zones.iter().map(|(k, v)| (*k, *v)).collect();
        let zones: Vec<Rect> = plan
            .zones
            .iter()
            .map(|z| zone_rect.get(&z.id).copied().unwrap_or_default())
            .collect();
        let cards: Vec<Rect> = plan
            .nodes
            .iter()
            .map(|n| node_rect(plan.layout.nodes.get(&n.id).copied().unwrap_or_default()))
            .collect();
        let firewall_pos: FxHashMap<_, usize> = plan
            .firewalls
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id, i))
            .collect();
        let firewalls: Vec<FirewallShape> = firewall_badges(&plan, |z| zone_rect.get(&z).copied())
            .into_iter()
            .filter_map(|(id, badge)| {
                let index = *firewall_pos.get(&id)?;
                let rects = plan.firewalls[index]
                    .zones
                    .iter()
                    .filter_map(|z| zone_rect.get(z).copied());
                Some(FirewallShape {
                    index,
                    badge,
                    wires: wire_ends(badge, rects),
                })
            })
            .collect();
        let mut shown = if filter == FlowFilter::None {
            Vec::new()
        } else {
            arrows(&plan, analysis)
        };
        let large = filter == FlowFilter::Auto
            && (shown.len() > AUTO_ARROWS || plan.uses.len() > AUTO_ARROWS);
        // Only `All` draws that many "uses" links.
        let many_links = filter != FlowFilter::All && plan.uses.len() > AUTO_ARROWS;
        let (flows, left_out) = match filter {
            FlowFilter::Auto if large => {
                let before = shown.len();
                shown.retain(|a| FlowFilter::Crossing.shows(a));
                (FlowFilter::Crossing, before - shown.len())
            }
            FlowFilter::Auto => (FlowFilter::All, 0),
            other => (other, 0),
        };
        let arrows: Vec<ArrowShape> = shown
            .into_iter()
            .filter(|a| flows.shows(a))
            .map(|arrow| {
                let (start, end) = arrow_ends(cards[arrow.from], cards[arrow.to], arrow.two_way);
                ArrowShape { arrow, start, end }
            })
            .collect();
        let node_pos: FxHashMap<NodeId, usize> = plan
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i))
            .collect();
        let links_left_out = if large || many_links {
            plan.uses.len()
        } else {
            0
        };
        let links = plan.uses[..plan.uses.len() - links_left_out]
            .iter()
            .filter_map(|l| {
                let (a, b) = (cards[*node_pos.get(&l.from)?], cards[*node_pos.get(&l.to)?]);
                Some((border_point(a, b.center()), border_point(b, a.center())))
            })
            .collect();
        let mut bounds: Option<Rect> = None;
        let mut add = |r: Rect| bounds = Some(bounds.map_or(r, |b| b.union(r)));
        zones.iter().chain(&cards).for_each(|r| add(*r));
        for f in &firewalls {
            add(f.badge);
            f.wires
                .iter()
                .for_each(|p| add(Rect::from_min_size(*p, 0.0, 0.0)));
        }
        let bounds = bounds
            .unwrap_or(Rect::new(0.0, 0.0, 400.0, 300.0))
            .expand(MARGIN);
        Drawing {
            plan,
            zones,
            cards,
            firewalls,
            arrows,
            flows,
            left_out,
            links_left_out,
            links,
            bounds,
        }
    }
}
