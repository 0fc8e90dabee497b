//! Zones: tinted rectangles with a title bar in their kind's colour.

use super::super::layout::ZONE_HEADER;
use super::super::theme;
use super::MIN_TEXT_PX;
use super::geo::Geo;
use crate::diagram::zone_title;
use crate::model::ZoneId;
use egui::{CornerRadius, FontId, Painter, Rect, Stroke, StrokeKind, pos2, vec2};
use std::collections::BTreeSet;

/// A zone title too large for the zone's header at this zoom: the canvas draws it in
/// screen space over the zone instead ([`super::paint_overlay`]).
pub struct Title {
    /// The zone, in canvas units.
    pub rect: Rect,
    pub text: String,
    pub color: egui::Color32,
}

/// Draws every zone overlapping `visible`; returns the titles left for the screen-space
/// overlay (zoomed out, where they would not fit the header).
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    visible: Rect,
    selected: &BTreeSet<ZoneId>,
    zoom: f32,
) -> Vec<Title> {
    let mut overlay = Vec::new();
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
        // The title at least MIN_TEXT_PX + 2 on screen, while it fits the header; else
        // the overlay draws it in screen pixels (text shrunk by the zoom loses strokes).
        let title_size = 14.0_f32.max((MIN_TEXT_PX + 2.0) / zoom);
        if title_size > ZONE_HEADER - 2.0 {
            overlay.push(Title {
                rect,
                text: zone_title(zone),
                color: theme::zone_color(zone.kind),
            });
        } else {
            let title = zone_title(zone);
            let galley = super::scene_text::SceneText::new(
                painter,
                &title,
                FontId::proportional(title_size * zoom),
                theme::TEXT,
                header.width() - 20.0,
                zoom,
            );
            let size = galley.size();
            let title_width = size.x;
            let y = if size.y <= ZONE_HEADER {
                header.center().y - size.y / 2.0
            } else {
                header.min.y + 2.0
            };
            galley.paint(painter, pos2(header.min.x + 10.0, y), theme::TEXT);
            if !zone.cidrs.is_empty() && 11.0 * zoom >= MIN_TEXT_PX {
                let cidrs = painter.layout_no_wrap(
                    crate::model::join_blocks(&zone.cidrs),
                    FontId::monospace(11.0),
                    theme::TEXT_WEAK,
                );
                if title_width + cidrs.size().x + 30.0 < header.width() {
                    let at =
                        header.right_center() - vec2(10.0 + cidrs.size().x, cidrs.size().y / 2.0);
                    painter.galley(at, cidrs, theme::TEXT_WEAK);
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
    overlay
}
