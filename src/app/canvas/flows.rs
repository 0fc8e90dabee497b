//! Derived flows: one arrow per pair of nodes, coloured by whether it crosses a firewall.

use super::super::derived::{Derived, Edge};
use super::super::theme;
use super::hit::{Geo, border_point, segment_distance};
use super::links::arrow_head;
use crate::model::NodeId;
use egui::{Painter, Pos2, Rect, Stroke};

/// Which derived flows the canvas shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FlowMode {
    Hidden,
    #[default]
    All,
    /// Only flows that cross at least one firewall.
    Crossing,
}

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

/// Draws the flows with an end in `visible`; finds the edge nearest `pointer`, if close.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    derived: &Derived,
    visible: Rect,
    focus: &Focus<'_>,
) -> Drawn {
    let (mode, pointer, zoom) = (focus.mode, focus.pointer, focus.zoom);
    let any_focus = !focus.nodes.is_empty() || focus.row.is_some();
    let mut hovered: Option<(f32, usize, Pos2, Pos2)> = None;
    // Focused arrows first, then the others, up to the cap.
    let mut picked: Vec<(usize, bool)> = Vec::new();
    let mut weak: Vec<usize> = Vec::new();
    for (i, edge) in derived.edges.iter().enumerate() {
        let in_row = focus.row == Some((edge.from, edge.to));
        if !shown(mode, edge) && !in_row {
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
    let candidates = picked.len() + weak.len();
    let room = MAX_DRAWN.saturating_sub(picked.len());
    let left_out = weak.len().saturating_sub(room);
    picked.extend(weak.into_iter().take(room).map(|i| (i, false)));
    let heads = zoom >= 0.3;
    for (i, strong) in picked {
        let edge = &derived.edges[i];
        let in_row = focus.row == Some((edge.from, edge.to));
        let Some((a, b)) = edge_cards(geo, derived, i) else {
            continue;
        };
        let (s, e) = edge_ends(a, b, edge.two_way);
        let base = edge_color(edge);
        let (color, width) = if in_row {
            (base, 4.0)
        } else if strong {
            (base, 2.5)
        } else if any_focus {
            (theme::FLOW_DIM, 1.0)
        } else {
            (base.gamma_multiply(0.8), 1.5)
        };
        painter.line_segment([s, e], Stroke::new(width, color));
        if heads || strong {
            arrow_head(painter, s, e, color, 9.0 + width, true);
        }
        if let Some(p) = pointer {
            let d = segment_distance(p, s, e);
            if d <= 6.0 / zoom.max(0.05) && hovered.is_none_or(|(best, ..)| d < best) {
                hovered = Some((d, i, s, e));
            }
        }
    }
    let mut drawn = Drawn {
        hovered: None,
        candidates,
        left_out,
    };
    let Some((_, i, s, e)) = hovered else {
        return drawn;
    };
    let edge = &derived.edges[i];
    let base = edge_color(edge);
    painter.line_segment([s, e], Stroke::new(4.0, base));
    arrow_head(painter, s, e, base, 14.0, true);
    drawn.hovered = Some(i);
    drawn
}
