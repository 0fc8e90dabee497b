//! Firewalls: a labelled brick box where the zones it joins meet, wired to each zone.

use super::super::layout::{from_rect, to_pos};
use super::super::theme;
use super::geo::{FIREWALL_BOX, Geo, firewall_boxes};
use crate::model::FirewallId;
use egui::{FontId, Painter, Pos2, Rect, Stroke, StrokeKind};

/// Draws every firewall in `visible`, the selected ones outlined.
pub fn paint(
    painter: &Painter,
    geo: &Geo<'_>,
    visible: Rect,
    selected: &std::collections::BTreeSet<FirewallId>,
    zoom: f32,
) {
    // Labels at least MIN_TEXT_PX on screen, while they fit in the box.
    let size = 12.0_f32.max(super::MIN_TEXT_PX / zoom.max(0.01));
    for &(id, rect) in firewall_boxes(geo).iter() {
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
        if size <= FIREWALL_BOX.y - 4.0 {
            let label = super::scene_text::SceneText::new(
                painter,
                &fw.name,
                FontId::proportional(size * zoom),
                egui::Color32::WHITE,
                rect.width() - 8.0,
                zoom,
            );
            let at = rect.center() - label.size() / 2.0;
            label.paint(painter, at, egui::Color32::WHITE);
        }
    }
}

/// The hover text of firewall `fw`: its name, the zones it joins and how many rules it
/// has (`rules`).
pub fn tooltip_ui(
    ui: &mut egui::Ui,
    plan: &crate::model::Plan,
    fw: &crate::model::Firewall,
    rules: usize,
) {
    ui.label(egui::RichText::new(&fw.name).strong());
    let zones: Vec<&str> = fw
        .zones
        .iter()
        .filter_map(|z| plan.zone(*z).map(|z| z.name.as_str()))
        .collect();
    let joins = match zones.as_slice() {
        [] => "joins no zone yet: right-click a zone to join it".to_owned(),
        [one] => format!("joins {one} only: add another zone"),
        [init @ .., last] => format!("joins {} and {last}", init.join(", ")),
    };
    ui.label(joins);
    let count = crate::diagram::counted(rules, "rule");
    ui.label(egui::RichText::new(count).color(theme::FLOW_CROSSING));
}
