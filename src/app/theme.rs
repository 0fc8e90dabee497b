//! Colours and strokes of the canvas, and the text sizes of the panels.

use crate::model::ZoneKind;
use egui::Color32;

/// The strong colour of a zone kind (border, title); fills use it faded.
pub fn zone_color(kind: ZoneKind) -> Color32 {
    match kind {
        ZoneKind::Internet => Color32::from_rgb(205, 70, 60),
        ZoneKind::Perimeter => Color32::from_rgb(220, 140, 30),
        ZoneKind::Internal => Color32::from_rgb(50, 110, 195),
        ZoneKind::Management => Color32::from_rgb(135, 85, 185),
        ZoneKind::Clients => Color32::from_rgb(55, 150, 80),
        ZoneKind::Custom => Color32::from_rgb(110, 110, 110),
    }
}

/// The fill of a zone of `kind`.
pub fn zone_fill(kind: ZoneKind) -> Color32 {
    let c = zone_color(kind);
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 22)
}

pub const SELECTED: Color32 = Color32::from_rgb(20, 120, 255);
pub const CARD_FILL: Color32 = Color32::from_rgb(255, 255, 255);
pub const CARD_STROKE: Color32 = Color32::from_rgb(150, 155, 165);
pub const TEXT: Color32 = Color32::from_rgb(30, 32, 38);
pub const TEXT_WEAK: Color32 = Color32::from_rgb(100, 104, 112);
pub const BADGE_FILL: Color32 = Color32::from_rgb(228, 236, 250);
pub const BADGE_TEXT: Color32 = Color32::from_rgb(30, 70, 150);
pub const FIREWALL: Color32 = Color32::from_rgb(178, 50, 40);
pub const LINK: Color32 = Color32::from_rgb(90, 90, 100);
pub const FLOW: Color32 = Color32::from_rgb(0, 140, 150);
pub const FLOW_CROSSING: Color32 = Color32::from_rgb(215, 90, 20);
pub const FLOW_DIM: Color32 = Color32::from_rgba_premultiplied(60, 64, 75, 100);
pub const GRID: Color32 = Color32::from_rgb(236, 238, 242);
pub const CANVAS: Color32 = Color32::from_rgb(248, 249, 251);
pub const ERROR: Color32 = Color32::from_rgb(200, 40, 30);
pub const WARNING: Color32 = Color32::from_rgb(190, 120, 0);

/// The panels' text sizes: egui's small text (9 points) is too small to read for hints
/// and notes, so it is raised to 11.
pub fn apply_text_sizes(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles.insert(
            egui::TextStyle::Small,
            egui::FontId::new(11.0, egui::FontFamily::Proportional),
        );
    });
}
