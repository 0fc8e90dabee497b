//! Node cards: name, role badges and address.

use super::super::theme;
use super::MIN_TEXT_PX;
use super::geo::Geo;
use super::hit::{HANDLE_RADIUS, link_handle};
use super::scene_text::SceneText;
use crate::catalog::Catalog;
use crate::model::{NodeId, NodeKind};
use egui::{Align2, FontId, Painter, Rect, Stroke, StrokeKind, pos2, vec2};

/// What the cards show at the current zoom.
pub struct CardStyle<'a> {
    pub zoom: f32,
    pub selected: &'a std::collections::BTreeSet<NodeId>,
    /// Nodes at either end of the focused flow or problem.
    pub marked: &'a [NodeId],
    pub hovered: Option<NodeId>,
    /// Nodes the check found problems with (`true`: an error).
    pub problems: &'a std::collections::HashMap<NodeId, bool>,
}

/// Draws the cards overlapping `visible`, the selected ones last (on top); returns how
/// many were drawn.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    catalog: &Catalog,
    visible: Rect,
    style: &CardStyle<'_>,
) -> usize {
    let mut drawn = 0;
    for raised in [false, true] {
        for (i, node) in geo.plan.nodes.iter().enumerate() {
            let on_top = style.selected.contains(&node.id) || geo.preview.nodes.contains(&node.id);
            if on_top != raised {
                continue;
            }
            let Some(rect) = geo.card(i).or_else(|| geo.node_rect(node.id)) else {
                continue;
            };
            if !rect.intersects(visible) {
                continue;
            }
            drawn += 1;
            paint_card(painter, geo, catalog, node, rect, style);
        }
    }
    drawn
}

/// One text line of a card: its size in canvas units at zoom 1 and the smallest it may
/// be drawn on screen.
struct Line {
    text: String,
    size: f32,
    min_px: f32,
    font: fn(f32) -> FontId,
    color: egui::Color32,
}

fn paint_card(
    painter: &Painter,
    geo: &Geo<'_>,
    catalog: &Catalog,
    node: &crate::model::Node,
    rect: Rect,
    style: &CardStyle<'_>,
) {
    let zone_color = geo
        .plan
        .zone(node.zone)
        .map_or(theme::CARD_STROKE, |z| theme::zone_color(z.kind));
    if style.zoom < 0.25 {
        painter.rect_filled(rect, 4.0, zone_color);
        if style.selected.contains(&node.id) {
            painter.rect_stroke(
                rect,
                4.0,
                Stroke::new(2.0 / style.zoom, theme::SELECTED),
                StrokeKind::Outside,
            );
        }
        return;
    }
    if node.kind == NodeKind::ClientGroup {
        for k in [8.0, 4.0] {
            let back = rect.translate(vec2(k, -k));
            painter.rect_filled(back, 6.0, theme::CARD_FILL);
            painter.rect_stroke(
                back,
                6.0,
                Stroke::new(1.0, theme::CARD_STROKE),
                StrokeKind::Inside,
            );
        }
    }
    painter.rect_filled(rect, 6.0, theme::CARD_FILL);
    let strip = Rect::from_min_size(rect.min, vec2(5.0, rect.height()));
    painter.rect_filled(
        strip,
        egui::CornerRadius {
            nw: 6,
            sw: 6,
            ne: 0,
            se: 0,
        },
        zone_color,
    );
    let selected = style.selected.contains(&node.id);
    let stroke = if selected {
        Stroke::new(2.5, theme::SELECTED)
    } else if style.marked.contains(&node.id) {
        Stroke::new(2.5, theme::FLOW_CROSSING)
    } else {
        Stroke::new(1.0, theme::CARD_STROKE)
    };
    painter.rect_stroke(rect, 6.0, stroke, StrokeKind::Inside);
    let zoom = style.zoom;
    let full = 11.0 * zoom >= MIN_TEXT_PX;
    let left = rect.min.x + 12.0;
    let width = rect.max.x - 8.0 - left;
    if full {
        painter.galley(
            pos2(left, rect.min.y + 6.0),
            elided(
                painter,
                &node.name,
                FontId::proportional(14.0),
                theme::TEXT,
                width,
            ),
            theme::TEXT,
        );
        let mut x = left;
        let y = rect.min.y + 25.0;
        for role in &node.roles {
            let short = catalog
                .role_by_id(role)
                .map_or(role.as_str(), |r| r.short.as_str());
            let galley = painter.layout_no_wrap(
                short.to_owned(),
                FontId::proportional(11.0),
                theme::BADGE_TEXT,
            );
            let badge = Rect::from_min_size(pos2(x, y), galley.size() + vec2(8.0, 2.0));
            if badge.max.x > rect.max.x - 6.0 {
                break;
            }
            painter.rect_filled(badge, 3.0, theme::BADGE_FILL);
            painter.galley(pos2(x + 4.0, y + 1.0), galley, theme::BADGE_TEXT);
            x = badge.max.x + 4.0;
        }
        if let Some(address) = &node.address {
            let galley = elided(
                painter,
                &address.to_string(),
                FontId::monospace(11.0),
                theme::TEXT_WEAK,
                width,
            );
            painter.galley(
                pos2(left, rect.max.y - 5.0 - galley.size().y),
                galley,
                theme::TEXT_WEAK,
            );
        }
    } else {
        // Zoomed out: fewer lines, each at least MIN_TEXT_PX tall on screen, as many as fit.
        let roles: Vec<&str> = node
            .roles
            .iter()
            .map(|r| {
                catalog
                    .role_by_id(r)
                    .map_or(r.as_str(), |r| r.short.as_str())
            })
            .collect();
        let mut lines = vec![Line {
            text: node.name.clone(),
            size: 14.0,
            min_px: MIN_TEXT_PX + 2.0,
            font: FontId::proportional,
            color: theme::TEXT,
        }];
        if !roles.is_empty() {
            lines.push(Line {
                text: roles.join(" · "),
                size: 11.0,
                min_px: MIN_TEXT_PX,
                font: FontId::proportional,
                color: theme::BADGE_TEXT,
            });
        }
        if let Some(a) = &node.address {
            lines.push(Line {
                text: a.to_string(),
                size: 11.0,
                min_px: MIN_TEXT_PX,
                font: FontId::monospace,
                color: theme::TEXT_WEAK,
            });
        }
        let room = rect.height() - 8.0;
        let mut y = rect.min.y + 4.0;
        for line in lines {
            let size = line.size.max(line.min_px / zoom);
            if y + size * 1.2 > rect.min.y + 4.0 + room {
                break;
            }
            // Laid out at its screen size (shrunk glyphs lose strokes).
            let font = (line.font)(size * zoom);
            let text = SceneText::new(painter, &line.text, font, line.color, width, zoom);
            let h = text.size().y;
            text.paint(painter, pos2(left, y), line.color);
            y += h;
        }
    }
    if let Some(&error) = style.problems.get(&node.id) {
        let color = if error { theme::ERROR } else { theme::WARNING };
        let at = rect.right_top() + vec2(-9.0, 9.0);
        painter.circle_filled(at, 5.0, color);
        if 9.0 * zoom >= MIN_TEXT_PX {
            painter.text(
                at,
                Align2::CENTER_CENTER,
                "!",
                FontId::proportional(9.0),
                theme::CARD_FILL,
            );
        }
    }
    if selected || style.hovered == Some(node.id) {
        let h = link_handle(rect);
        painter.circle(
            h,
            HANDLE_RADIUS - 1.0,
            theme::CARD_FILL,
            Stroke::new(1.5, theme::SELECTED),
        );
        painter.circle_filled(h, 2.5, theme::SELECTED);
    }
}

/// `text` on one line, cut with an ellipsis to fit `width` (never clipped mid-glyph).
pub fn elided(
    painter: &Painter,
    text: &str,
    font: FontId,
    color: egui::Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::single_section(
        text.to_owned(),
        egui::TextFormat::simple(font, color),
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(width.max(1.0));
    painter.layout_job(job)
}
