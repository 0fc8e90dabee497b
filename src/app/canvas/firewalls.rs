//! Firewalls: a labelled brick box where the zones it joins meet, wired to each zone.

use super::super::theme;
use super::hit::{Geo, border_point};
use crate::model::FirewallId;
use egui::{FontId, Painter, Pos2, Rect, Stroke, StrokeKind, vec2};
use std::collections::HashMap;

const BOX: egui::Vec2 = vec2(104.0, 26.0);

/// Where each firewall is drawn: between the facing edges of its zones. Firewalls joining
/// the same zones are stacked.
pub fn firewall_boxes(geo: &Geo<'_>) -> Vec<(FirewallId, Rect)> {
    let mut seen: HashMap<Vec<crate::model::ZoneId>, usize> = HashMap::new();
    let mut out = Vec::with_capacity(geo.plan.firewalls.len());
    for fw in &geo.plan.firewalls {
        let rects: Vec<Rect> = fw.zones.iter().filter_map(|z| geo.zone_rect(*z)).collect();
        if rects.is_empty() {
            continue;
        }
        let middle = centroid(rects.iter().map(|r| r.center()));
        let meet = centroid(rects.iter().map(|r| border_point(*r, middle)));
        let mut key = fw.zones.clone();
        key.sort_unstable();
        let k = seen.entry(key).or_default();
        let at = meet + vec2(0.0, *k as f32 * (BOX.y + 6.0));
        *k += 1;
        out.push((fw.id, Rect::from_center_size(at, BOX)));
    }
    out
}

fn centroid(points: impl Iterator<Item = Pos2>) -> Pos2 {
    let (mut sum, mut n) = (egui::Vec2::ZERO, 0.0);
    for p in points {
        sum += p.to_vec2();
        n += 1.0;
    }
    if n == 0.0 {
        Pos2::ZERO
    } else {
        (sum / n).to_pos2()
    }
}

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
    for (id, rect) in firewall_boxes(geo) {
        let Some(fw) = geo.plan.firewall(id) else {
            continue;
        };
        let wires: Vec<Pos2> = fw
            .zones
            .iter()
            .filter_map(|z| geo.zone_rect(*z))
            .map(|r| border_point(r, rect.center()))
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
        if size <= BOX.y - 4.0 {
            let galley = super::nodes::elided(
                painter,
                &fw.name,
                FontId::proportional(size),
                egui::Color32::WHITE,
                rect.width() - 8.0,
            );
            let at = rect.center() - galley.size() / 2.0;
            painter.galley(at, galley, egui::Color32::WHITE);
        }
    }
}
