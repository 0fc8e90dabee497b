//! "Uses" links: dashed arrows from a node to the provider it takes its roles from.

use super::super::theme;
use super::hit::{Geo, border_point};
use crate::model::UsesLink;
use egui::{Align2, FontId, Painter, Pos2, Rect, Shape, Stroke};
use std::collections::BTreeSet;

/// Draws every link overlapping `visible`.
pub fn paint(painter: &Painter, geo: &Geo<'_>, visible: Rect, selected: &BTreeSet<UsesLink>, text: bool) {
    for link in &geo.plan.uses {
        let (Some(a), Some(b)) = (geo.node_rect(link.from), geo.node_rect(link.to)) else {
            continue;
        };
        let (s, e) = (border_point(a, b.center()), border_point(b, a.center()));
        if !Rect::from_two_pos(s, e).expand(4.0).intersects(visible) {
            continue;
        }
        let color = if selected.contains(link) { theme::SELECTED } else { theme::LINK };
        let width = if selected.contains(link) { 2.5 } else { 1.5 };
        painter.extend(Shape::dashed_line(&[s, e], Stroke::new(width, color), 8.0, 5.0));
        arrow_head(painter, s, e, color, 11.0, false);
        if text {
            painter.text(s.lerp(e, 0.5), Align2::CENTER_BOTTOM, "uses", FontId::proportional(11.0), color);
        }
    }
}

/// An arrow head at `e` pointing away from `s`; filled or open.
pub fn arrow_head(painter: &Painter, s: Pos2, e: Pos2, color: egui::Color32, size: f32, filled: bool) {
    let dir = (e - s).normalized();
    if !dir.is_finite() {
        return;
    }
    let side = dir.rot90() * size * 0.45;
    let base = e - dir * size;
    if filled {
        painter.add(Shape::convex_polygon(vec![e, base + side, base - side], color, Stroke::NONE));
    } else {
        let stroke = Stroke::new(1.5, color);
        painter.line_segment([e, base + side], stroke);
        painter.line_segment([e, base - side], stroke);
    }
}
