//! The plan's picture, without egui: where every zone, card, firewall badge and flow
//! arrow goes, and the SVG and PNG that draw it. The canvas (src/app) takes its geometry
//! from here, so the picture on screen and the picture on paper are one drawing.
//!
//! [`placement`] sizes cards and places what a plan file leaves unplaced, `firewalls`
//! puts the badges where zones meet, [`arrows`] groups flows into arrows and finds their
//! ends, [`Drawing`] holds all of it for one plan, [`svg`] writes it and `png`
//! renders that SVG.

mod arrows;
mod drawing;
mod firewalls;
pub mod placement;
mod png;
pub(crate) mod style;
mod svg;
mod text;

pub use arrows::{Arrow, arrow_ends, arrows, border_point};
pub use drawing::{AUTO_ARROWS, ArrowShape, Drawing, FirewallShape, FlowFilter};
pub use firewalls::{BADGE_H, BADGE_W, firewall_badges, wire_ends};
pub use placement::{NODE_H, NODE_W, ZONE_HEADER, fill_missing, node_rect};
pub use png::{PngError, png_size, render_png};
pub use svg::{inline_svg, svg, svg_size, zone_title};
pub use text::counted;

use crate::catalog::Catalog;
use crate::engine::Analysis;
use crate::model::Plan;

/// The SVG of `plan` (with `analysis` computed from it), showing the flows `filter` lets
/// through: [`Drawing::new`] then [`svg()`].
pub fn plan_svg(plan: &Plan, catalog: &Catalog, analysis: &Analysis, filter: FlowFilter) -> String {
    svg(&Drawing::new(plan, analysis, filter), catalog, analysis)
}
