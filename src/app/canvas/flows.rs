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

/// What to emphasise.
pub struct Focus<'a> {
    /// Selected nodes: their flows are drawn strong, the others faint.
    pub nodes: &'a std::collections::BTreeSet<NodeId>,
    /// The ends of the matrix row picked in the table.
    pub row: Option<(NodeId, NodeId)>,
}

/// The two ends of `edge` as drawn, shifted sideways when flows go both ways.
pub fn edge_ends(geo: &Geo<'_>, edge: &Edge) -> Option<(Pos2, Pos2)> {
    let (a, b) = (geo.node_rect(edge.from)?, geo.node_rect(edge.to)?);
    let (mut s, mut e) = (border_point(a, b.center()), border_point(b, a.center()));
    if edge.two_way {
        let side = (e - s).normalized().rot90() * 6.0;
        if side.is_finite() {
            s += side;
            e += side;
        }
    }
    Some((s, e))
}

fn shown(mode: FlowMode, edge: &Edge) -> bool {
    match mode {
        FlowMode::Hidden => false,
        FlowMode::All => true,
        FlowMode::Crossing => edge.crosses,
    }
}

/// Draws the flows overlapping `visible`; returns the edge nearest `pointer`, if close.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    derived: &Derived,
    visible: Rect,
    mode: FlowMode,
    focus: &Focus<'_>,
    pointer: Option<Pos2>,
    zoom: f32,
) -> Option<usize> {
    let any_focus = !focus.nodes.is_empty() || focus.row.is_some();
    let mut hovered: Option<(f32, usize, Pos2, Pos2)> = None;
    for (i, edge) in derived.edges.iter().enumerate() {
        let in_row = focus.row == Some((edge.from, edge.to));
        if !shown(mode, edge) && !in_row {
            continue;
        }
        let Some((s, e)) = edge_ends(geo, edge) else {
            continue;
        };
        if !Rect::from_two_pos(s, e).expand(4.0).intersects(visible) {
            continue;
        }
        let strong = in_row || focus.nodes.contains(&edge.from) || focus.nodes.contains(&edge.to);
        let base = if edge.crosses { theme::FLOW_CROSSING } else { theme::FLOW };
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
        arrow_head(painter, s, e, color, 9.0 + width, true);
        if let Some(p) = pointer {
            let d = segment_distance(p, s, e);
            if d <= 6.0 / zoom.max(0.05) && hovered.is_none_or(|(best, ..)| d < best) {
                hovered = Some((d, i, s, e));
            }
        }
    }
    let (_, i, s, e) = hovered?;
    let edge = &derived.edges[i];
    let base = if edge.crosses { theme::FLOW_CROSSING } else { theme::FLOW };
    painter.line_segment([s, e], Stroke::new(4.0, base));
    arrow_head(painter, s, e, base, 14.0, true);
    Some(i)
}
