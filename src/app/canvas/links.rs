//! "Uses" links: dashed arrows from a node to the provider it takes its roles from.

use super::super::theme;
use super::geo::{Geo, border_point};
use crate::model::UsesLink;
use egui::{Align2, FontId, Painter, Pos2, Rect, Shape, Stroke};
use std::collections::BTreeSet;

/// Links drawn in full detail (dashes, label) up to this many; beyond, plain lines.
const DETAILED: usize = 400;

/// Draws the links with an end in `visible`. Below zoom 0.3 only selected links are drawn.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    link_pos: &[(usize, usize)],
    visible: Rect,
    selected: &BTreeSet<UsesLink>,
    zoom: f32,
) {
    let mut shown = Vec::new();
    for (i, link) in geo.plan.uses.iter().enumerate() {
        let is_selected = selected.contains(link);
        if zoom < 0.3 && !is_selected {
            continue;
        }
        let (pa, pb) = link_pos.get(i).copied().unwrap_or((usize::MAX, usize::MAX));
        let (Some(a), Some(b)) = (geo.card(pa), geo.card(pb)) else {
            continue;
        };
        if !a.intersects(visible) && !b.intersects(visible) {
            continue;
        }
        shown.push((
            border_point(a, b.center()),
            border_point(b, a.center()),
            is_selected,
        ));
    }
    let detailed = shown.len() <= DETAILED;
    for (s, e, is_selected) in shown {
        let color = if is_selected {
            theme::SELECTED
        } else {
            theme::LINK
        };
        let width = if is_selected { 2.5 } else { 1.5 };
        // Dash only the visible part: a long link would otherwise make thousands of dashes.
        match clip_segment(s, e, visible.expand(10.0)) {
            Some((a, b)) if detailed || is_selected => {
                painter.extend(Shape::dashed_line(
                    &[a, b],
                    Stroke::new(width, color),
                    8.0,
                    5.0,
                ));
            }

            Some((a, b)) => {
                painter.line_segment([a, b], Stroke::new(1.0, color));
            }
            None => continue,
        }
        arrow_head(painter, s, e, color, 11.0, false);
        if detailed && (e - s).length() * zoom > 90.0 {
            painter.text(
                s.lerp(e, 0.5),
                Align2::CENTER_BOTTOM,
                "uses",
                FontId::proportional(11.0),
                color,
            );
        }
    }
}

/// An arrow head at `e` pointing away from `s`; filled or open.
pub fn arrow_head(
    painter: &Painter,
    s: Pos2,
    e: Pos2,
    color: egui::Color32,
    size: f32,
    filled: bool,
) {
    let dir = (e - s).normalized();
    if !dir.is_finite() {
        return;
    }
    let side = dir.rot90() * size * 0.45;
    let base = e - dir * size;
    if filled {
        painter.add(Shape::convex_polygon(
            vec![e, base + side, base - side],
            color,
            Stroke::NONE,
        ));
    } else {
        let stroke = Stroke::new(1.5, color);
        painter.line_segment([e, base + side], stroke);
        painter.line_segment([e, base - side], stroke);
    }
}

/// The part of segment `s`-`e` inside `r` (Liang-Barsky), if any.
pub fn clip_segment(s: Pos2, e: Pos2, r: Rect) -> Option<(Pos2, Pos2)> {
    let d = e - s;
    let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
    for (p, q) in [
        (-d.x, s.x - r.min.x),
        (d.x, r.max.x - s.x),
        (-d.y, s.y - r.min.y),
        (d.y, r.max.y - s.y),
    ] {
        if p.abs() < f32::EPSILON {
            if q < 0.0 {
                return None;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            t0 = t0.max(t);
        } else {
            t1 = t1.min(t);
        }
        if t0 > t1 {
            return None;
        }
    }
    Some((s + d * t0, s + d * t1))
}
