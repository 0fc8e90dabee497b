//! Firewalls: a labelled brick box where the zones it joins meet, wired to each zone.

use super::super::layout::{from_rect, to_pos, to_rect};
use super::super::theme;
use super::hit::Geo;
use crate::model::FirewallId;
use egui::{Align2, FontId, Painter, Pos2, Rect, Stroke, StrokeKind};

/// Where each firewall is drawn: between the facing edges of its zones
/// ([`crate::diagram::firewall_badges`], as the picture exports place them), with the
/// zones as this frame draws them. Firewalls joining the same zones are stacked.
pub fn firewall_boxes(geo: &Geo<'_>) -> Vec<(FirewallId, Rect)> {
    crate::diagram::firewall_badges(geo.plan, |z| geo.zone_rect(z).map(from_rect))
        .into_iter()
        .map(|(id, r)| (id, to_rect(r)))
        .collect()
}

/// Draws every firewall in `visible`, the selected ones outlined.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    visible: Rect,
    selected: &std::collections::BTreeSet<FirewallId>,
    text: bool,
) {
    for (id, rect) in firewall_boxes(geo) {
        let Some(fw) = geo.plan.firewall(id) else {
            continue;
        };
        let zones = fw
            .zones
            .iter()
            .filter_map(|z| geo.zone_rect(*z))
            .map(from_rect);
        let wires: Vec<Pos2> = crate::diagram::wire_ends(from_rect(rect), zones)
            .into_iter()
            .map(to_pos)
            .collect();
        let bounds = wires
            .iter()
            .fold(rect, |b, p| b.union(Rect::from_min_max(*p, *p)));
        if !bounds.intersects(visible) {
            continue;
        }
        for w in &wires {
            painter.line_segment([rect.center(), *w], Stroke::new(3.0, theme::FIREWALL));
            painter.circle_filled(*w, 4.0, theme::FIREWALL);
        }
        painter.rect_filled(rect, 4.0, theme::FIREWALL);
        if selected.contains(&id) {
            painter.rect_stroke(
                rect.expand(2.0),
                5.0,
                Stroke::new(2.5, theme::SELECTED),
                StrokeKind::Outside,
            );
        }
        if text {
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                &fw.name,
                FontId::proportional(12.0),
                egui::Color32::WHITE,
            );
        }
    }
}
