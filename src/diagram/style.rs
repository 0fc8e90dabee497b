//! Colours, fonts and text sizes of the picture: the canvas's palette (src/app/theme.rs)
//! as SVG colours, and font lists that every system can satisfy.

use crate::model::ZoneKind;

/// Proportional text: Windows, then Linux, then macOS families, then egui's bundled
/// Ubuntu (which the PNG renderer always has), then the viewer's default.
pub const SANS: &str =
    "'Segoe UI', 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, Ubuntu, sans-serif";
/// Addresses and ports.
pub const MONO: &str =
    "Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'Courier New', Menlo, Hack, monospace";

/// The strong colour of a zone kind (border, title); fills use it faded.
pub fn zone_color(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::Internet => "#cd463c",
        ZoneKind::Perimeter => "#dc8c1e",
        ZoneKind::Internal => "#326ec3",
        ZoneKind::Management => "#8755b9",
        ZoneKind::Clients => "#379650",
        ZoneKind::Custom => "#6e6e6e",
    }
}

/// Opacity of a zone's fill and of its title bar.
pub const ZONE_FILL_OPACITY: &str = "0.086";
pub const ZONE_HEADER_OPACITY: &str = "0.235";

pub const CANVAS: &str = "#f8f9fb";
pub const CARD_FILL: &str = "#ffffff";
pub const CARD_STROKE: &str = "#969ba5";
pub const TEXT: &str = "#1e2026";
pub const TEXT_WEAK: &str = "#646870";
pub const BADGE_FILL: &str = "#e4ecfa";
pub const BADGE_TEXT: &str = "#1e4696";
pub const FIREWALL: &str = "#b23228";
pub const LINK: &str = "#5a5a64";
pub const FLOW: &str = "#008c96";
pub const FLOW_CROSSING: &str = "#d75a14";
pub const ERROR: &str = "#c8281e";
pub const WARNING: &str = "#be7800";

/// Text sizes, in canvas units (1 unit = 1 px at 100 %). Printed on A3 landscape a
/// drawing 1,600 units wide puts 14 units at about 10 pt.
pub const NAME_SIZE: f32 = 14.0;
pub const SMALL_SIZE: f32 = 11.0;
pub const FIREWALL_SIZE: f32 = 12.0;
pub const LABEL_SIZE: f32 = 10.0;
pub const HEADING_SIZE: f32 = 22.0;
