//! Derived flows: one arrow per pair of nodes, coloured by whether it crosses a firewall.

use super::super::derived::{Derived, Edge};
use super::super::theme;
use super::super::view::FlowMode;
use super::geo::{Geo, border_point};
use super::hit::segment_distance;
use super::links::arrow_head;
use super::spatial::Grid;
use crate::model::NodeId;
use egui::{Painter, Pos2, Rect, Stroke};

/// What to show and emphasise.
pub struct Focus<'a> {
    /// Selected nodes: their flows are drawn strong, the others faint.
    pub nodes: &'a std::collections::BTreeSet<NodeId>,
    /// The ends of the matrix row picked in the table.
    pub row: Option<(NodeId, NodeId)>,
    pub mode: FlowMode,
    /// The pointer, to find the hovered arrow (none while dragging).
    pub pointer: Option<Pos2>,
    pub zoom: f32,
}

/// The two ends of an arrow between cards `a` and `b`, shifted sideways when flows go
/// both ways.
pub fn edge_ends(a: Rect, b: Rect, two_way: bool) -> (Pos2, Pos2) {
    let (mut s, mut e) = (border_point(a, b.center()), border_point(b, a.center()));
    if two_way {
        let side = (e - s).normalized().rot90() * 6.0;
        if side.is_finite() {
            s += side;
            e += side;
        }
    }
    (s, e)
}

/// Teal within zones joined without a firewall, orange through firewalls, red when no
/// firewall joins the zones at all.
fn edge_color(edge: &Edge) -> egui::Color32 {
    if edge.unrouted {
        theme::ERROR
    } else if edge.crosses {
        theme::FLOW_CROSSING
    } else {
        theme::FLOW
    }
}

fn shown(mode: FlowMode, edge: &Edge) -> bool {
    match mode {
        FlowMode::Hidden => false,
        FlowMode::All => true,
        FlowMode::Crossing => edge.crosses || edge.unrouted,
    }
}

/// Marks an arrow that carries a broad rule (the review's `Medium` and up): a ring at
/// its middle, red for high, amber for medium; with a `!` when the arrow is drawn in
/// full (zoomed in, or focused).
fn risk_mark(painter: &Painter, s: Pos2, e: Pos2, risk: crate::review::Severity, full: bool) {
    let color = if risk >= crate::review::Severity::High {
        theme::ERROR
    } else {
        theme::WARNING
    };
    let mid = s.lerp(e, 0.5);
    let r = if full { 7.0 } else { 4.0 };
    painter.circle(mid, r, theme::CARD_FILL, Stroke::new(2.0, color));
    if full {
        painter.text(
            mid,
            egui::Align2::CENTER_CENTER,
            "!",
            egui::FontId::proportional(10.0),
            color,
        );
    }
}

/// At most this many arrows are drawn a frame; focused ones first.
pub const MAX_DRAWN: usize = 2500;

/// What [`paint`] drew.
#[derive(Clone, Copy, Debug, Default)]
pub struct Drawn {
    pub hovered: Option<usize>,
    /// Arrows with an end on screen, and how many of them were left out over [`MAX_DRAWN`].
    pub candidates: usize,
    pub left_out: usize,
}

/// The cards at both ends of edge `i`, when both are laid out.
fn edge_cards(geo: &Geo<'_>, derived: &Derived, i: usize) -> Option<(Rect, Rect)> {
    let &(pa, pb) = derived.edge_pos.get(i)?;
    Some((geo.card(pa)?, geo.card(pb)?))
}

/// What decides which arrows a view draws: when none of it changes (the pointer moves,
/// say), the arrows and their grid are reused.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewKey {
    /// The analysis generation.
    pub generation: u64,
    pub visible: [u32; 4],
    /// A hash of the selected nodes.
    pub selection: u64,
    pub row: Option<(NodeId, NodeId)>,
    pub mode: FlowMode,
}

/// One arrow to draw: edge `i`, emphasised or not, from `s` to `e`.
struct Arrow {
    i: usize,
    strong: bool,
    s: Pos2,
    e: Pos2,
}

/// The arrows of the current view and a grid of them for hovering, built once per view.
#[derive(Default)]
pub struct FlowView {
    key: Option<ViewKey>,
    arrows: Vec<Arrow>,
    candidates: usize,
    left_out: usize,
    grid: Grid,
}

/// Picks the arrows to draw: those with an end in `visible`, focused ones first, up to
/// [`MAX_DRAWN`]. **O(edges)**: run once per view, not per frame.
fn pick(geo: &Geo<'_>, derived: &Derived, visible: Rect, focus: &Focus<'_>, view: &mut FlowView) {
    let mut picked: Vec<(usize, bool)> = Vec::new();
    let mut weak: Vec<usize> = Vec::new();
    for (i, edge) in derived.edges.iter().enumerate() {
        let in_row = focus.row == Some((edge.from, edge.to));
        if !shown(focus.mode, edge) && !in_row {
            continue;
        }
        let Some((a, b)) = edge_cards(geo, derived, i) else {
            continue;
        };
        if !a.intersects(visible) && !b.intersects(visible) {
            continue;
        }
        let strong = in_row || focus.nodes.contains(&edge.from) || focus.nodes.contains(&edge.to);
        if strong {
            picked.push((i, true));
        } else {
            weak.push(i);
        }
    }
    view.candidates = picked.len() + weak.len();
    let room = MAX_DRAWN.saturating_sub(picked.len());
    view.left_out = weak.len().saturating_sub(room);
    picked.extend(weak.into_iter().take(room).map(|i| (i, false)));
    view.arrows = picked
        .into_iter()
        .filter_map(|(i, strong)| {
            let (a, b) = edge_cards(geo, derived, i)?;
            let (s, e) = edge_ends(a, b, derived.edges[i].two_way);
            Some(Arrow { i, strong, s, e })
        })
        .collect();
    let mut grid = Grid::new(visible, 64);
    let pad = HOVER_PX / focus.zoom.max(0.01);
    for (k, a) in view.arrows.iter().enumerate() {
        if let Some((s, e)) = super::links::clip_segment(a.s, a.e, visible.expand(pad)) {
            grid.insert_segment(s, e, pad, k as u32);
        }
    }
    view.grid = grid;
}

/// How near the pointer must be to an arrow to hover it, in screen pixels.
const HOVER_PX: f32 = 6.0;

/// Draws the flows with an end in `visible` and finds the arrow nearest the pointer.
/// With a `key` equal to the last one, the arrows of the last frame are reused and the
/// hover is a look-up in their grid; `None` (a drag in progress) recomputes them.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    derived: &Derived,
    visible: Rect,
    focus: &Focus<'_>,
    view: &mut FlowView,
    key: Option<ViewKey>,
) -> Drawn {
    if key.is_none() || view.key != key {
        pick(geo, derived, visible, focus, view);
        view.key = key;
    }
    let zoom = focus.zoom;
    let any_focus = !focus.nodes.is_empty() || focus.row.is_some();
    let heads = zoom >= 0.3;
    for a in &view.arrows {
        let Some(edge) = derived.edges.get(a.i) else {
            continue;
        };
        let in_row = focus.row == Some((edge.from, edge.to));
        let base = edge_color(edge);
        let (color, width) = if in_row {
            (base, 4.0)
        } else if a.strong {
            (base, 2.5)
        } else if any_focus {
            (theme::FLOW_DIM, 1.0)
        } else {
            (base.gamma_multiply(0.8), 1.5)
        };
        painter.line_segment([a.s, a.e], Stroke::new(width, color));
        if heads || a.strong {
            arrow_head(painter, a.s, a.e, color, 9.0 + width, true);
        }
        if let Some(Some(risk)) = derived.edge_risk.get(a.i) {
            risk_mark(painter, a.s, a.e, *risk, heads || a.strong);
        }
    }
    let mut drawn = Drawn {
        hovered: None,
        candidates: view.candidates,
        left_out: view.left_out,
    };
    let Some(p) = focus.pointer else {
        return drawn;
    };
    let tolerance = HOVER_PX / zoom.max(0.05);
    let mut hovered: Option<(f32, &Arrow)> = None;
    for &k in view.grid.at(p) {
        let Some(a) = view.arrows.get(k as usize) else {
            continue;
        };
        let d = segment_distance(p, a.s, a.e);
        if d <= tolerance && hovered.is_none_or(|(best, _)| d < best) {
            hovered = Some((d, a));
        }
    }
    let Some((_, a)) = hovered else {
        return drawn;
    };
    let Some(edge) = derived.edges.get(a.i) else {
        return drawn;
    };
    let base = edge_color(edge);
    painter.line_segment([a.s, a.e], Stroke::new(4.0, base));
    arrow_head(painter, a.s, a.e, base, 14.0, true);
    drawn.hovered = Some(a.i);
    drawn
}
