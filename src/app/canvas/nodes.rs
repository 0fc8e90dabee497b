//! Node cards: name, role badges and address.

use super::super::theme;
use super::hit::{Geo, HANDLE_RADIUS, link_handle};
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

/// Draws the cards overlapping `visible`; returns how many were drawn.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    catalog: &Catalog,
    visible: Rect,
    style: &CardStyle<'_>,
) -> usize {
    let mut drawn = 0;
    for (i, node) in geo.plan.nodes.iter().enumerate() {
        let Some(rect) = geo.card(i).or_else(|| geo.node_rect(node.id)) else {
            continue;
        };
        if !rect.intersects(visible) {
            continue;
        }
        drawn += 1;
        let zone_color = geo
            .plan
            .zone(node.zone)
            .map_or(theme::CARD_STROKE, |z| theme::zone_color(z.kind));
        if style.zoom < 0.25 {
            painter.rect_filled(rect, 4.0, zone_color);
            continue;
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
        let clip = painter.with_clip_rect(rect.shrink(2.0).intersect(visible));
        let left = rect.min.x + 12.0;
        clip.text(
            pos2(left, rect.min.y + 6.0),
            Align2::LEFT_TOP,
            &node.name,
            FontId::proportional(14.0),
            theme::TEXT,
        );
        if style.zoom >= 0.45 {
            let mut x = left;
            let y = rect.min.y + 25.0;
            for role in &node.roles {
                let short = catalog
                    .role_by_id(role)
                    .map_or(role.as_str(), |r| r.short.as_str());
                let galley = clip.layout_no_wrap(
                    short.to_owned(),
                    FontId::proportional(11.0),
                    theme::BADGE_TEXT,
                );
                let badge = Rect::from_min_size(pos2(x, y), galley.size() + vec2(8.0, 2.0));
                clip.rect_filled(badge, 3.0, theme::BADGE_FILL);
                clip.galley(pos2(x + 4.0, y + 1.0), galley, theme::BADGE_TEXT);
                x = badge.max.x + 4.0;
            }
            if let Some(address) = &node.address {
                clip.text(
                    pos2(left, rect.max.y - 5.0),
                    Align2::LEFT_BOTTOM,
                    address,
                    FontId::monospace(11.0),
                    theme::TEXT_WEAK,
                );
            }
        }
        if let Some(&error) = style.problems.get(&node.id) {
            let color = if error { theme::ERROR } else { theme::WARNING };
            let at = rect.right_top() + vec2(-9.0, 9.0);
            painter.circle_filled(at, 5.0, color);
            painter.text(
                at,
                Align2::CENTER_CENTER,
                "!",
                FontId::proportional(9.0),
                theme::CARD_FILL,
            );
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
    drawn
}
