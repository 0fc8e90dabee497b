//! Zones: tinted rectangles with a title bar in their kind's colour.

use super::super::layout::ZONE_HEADER;
use super::super::theme;
use super::hit::Geo;
use crate::model::ZoneId;
use egui::{CornerRadius, FontId, Painter, Rect, Stroke, StrokeKind, pos2, vec2};
use std::collections::BTreeSet;

/// Draws every zone overlapping `visible`.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    visible: Rect,
    selected: &BTreeSet<ZoneId>,
    zoom: f32,
) {
    for zone in &geo.plan.zones {
        let Some(rect) = geo.zone_rect(zone.id) else {
            continue;
        };
        if !rect.intersects(visible) {
            continue;
        }
        let color = theme::zone_color(zone.kind);
        painter.rect_filled(rect, 8.0, theme::zone_fill(zone.kind));
        let header = Rect::from_min_size(rect.min, vec2(rect.width(), ZONE_HEADER));
        let header_fill =
            egui::Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), 60);
        painter.rect_filled(
            header,
            CornerRadius {
                nw: 8,
                ne: 8,
                sw: 0,
                se: 0,
            },
            header_fill,
        );
        let is_selected = selected.contains(&zone.id);
        let stroke = if is_selected {
            Stroke::new(2.5, theme::SELECTED)
        } else {
            Stroke::new(1.5, color)
        };
        painter.rect_stroke(rect, 8.0, stroke, StrokeKind::Inside);
        if zoom > 0.15 {
            let clip = painter.with_clip_rect(header.intersect(visible));
            let kind = zone.kind.label();
            let first_word = kind.split(' ').next().unwrap_or(kind);
            let title = if zone.name.contains(first_word) {
                zone.name.clone()
            } else {
                format!("{}  ({kind})", zone.name)
            };
            let galley = clip.layout_no_wrap(title, FontId::proportional(14.0), theme::TEXT);
            let title_width = galley.size().x;
            clip.galley(
                header.left_center() + vec2(10.0, -galley.size().y / 2.0),
                galley,
                theme::TEXT,
            );
            if !zone.cidrs.is_empty() {
                let cidrs = clip.layout_no_wrap(
                    crate::model::join_blocks(&zone.cidrs),
                    FontId::monospace(11.0),
                    theme::TEXT_WEAK,
                );
                if title_width + cidrs.size().x + 30.0 < header.width() {
                    let at =
                        header.right_center() - vec2(10.0 + cidrs.size().x, cidrs.size().y / 2.0);
                    clip.galley(at, cidrs, theme::TEXT_WEAK);
                }
            }
        }
        // Resize grip.
        let g = rect.max - vec2(4.0, 4.0);
        let grip = Stroke::new(1.5, if is_selected { theme::SELECTED } else { color });
        for k in [6.0, 11.0] {
            painter.line_segment([pos2(g.x - k, g.y), pos2(g.x, g.y - k)], grip);
        }
    }
}
