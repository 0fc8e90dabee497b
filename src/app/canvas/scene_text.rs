//! Text in the zoomed scene, rasterized at its size on screen.
//!
//! egui rasterizes glyphs at the font size text is laid out with; the scene's zoom then
//! only scales the quads. Text laid out at 35 points and shown at 11 pixels (a card name
//! at 31 % zoom) samples glyphs three times larger than drawn, and thin strokes fall
//! between the samples ("dc01" reads "cc01"; egui issue 5691). Here text is laid out at
//! its on-screen size and its shape scaled down by the zoom, which the scene scales back
//! up: the glyphs are drawn at the size they were rasterized at.

use egui::emath::TSTransform;
use egui::epaint::TextShape;
use egui::{Color32, FontId, Galley, Painter, Pos2, Vec2};
use std::sync::Arc;

/// Text laid out at its screen size, for a scene at `zoom`.
pub struct SceneText {
    galley: Arc<Galley>,
    zoom: f32,
}

impl SceneText {
    /// `text` in `font` (its size in screen pixels), cut with "…" to `width` scene units.
    pub fn new(
        painter: &Painter,
        text: &str,
        font: FontId,
        color: Color32,
        width: f32,
        zoom: f32,
    ) -> Self {
        let zoom = zoom.max(0.01);
        SceneText {
            galley: super::nodes::elided(painter, text, font, color, width * zoom),
            zoom,
        }
    }

    /// The size in scene units.
    pub fn size(&self) -> Vec2 {
        self.galley.size() / self.zoom
    }

    /// Draws the text with its top left at `pos` (scene units).
    pub fn paint(self, painter: &Painter, pos: Pos2, color: Color32) {
        let mut shape = TextShape::new(pos, self.galley, color);
        // Scale about `pos`: the scene's zoom brings the glyphs back to their size.
        let scale = 1.0 / self.zoom;
        shape.transform(TSTransform::new(pos.to_vec2() * (1.0 - scale), scale));
        painter.add(shape);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_laid_out_at_its_screen_size_and_drawn_at_its_scene_size() {
        let ctx = egui::Context::default();
        let zoom = 0.3;
        let mut scene_size = Vec2::ZERO;
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let text = SceneText::new(
                ui.painter(),
                "dc01",
                FontId::proportional(11.0),
                Color32::BLACK,
                500.0,
                zoom,
            );
            // Glyphs rasterized at 11 px (what the screen shows), not at 11 / 0.3.
            let font_size = text.galley.job.sections[0].format.font_id.size;
            assert!((font_size - 11.0).abs() < 1e-3, "laid out at {font_size}");
            scene_size = text.size();
            text.paint(ui.painter(), Pos2::new(100.0, 50.0), Color32::BLACK);
        });
        out.textures_delta.clear();
        assert!((scene_size.y * zoom - 11.0).abs() < 3.0, "{scene_size:?}");
        let drawn: Vec<&TextShape> = out
            .shapes
            .iter()
            .filter_map(|s| match &s.shape {
                egui::Shape::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(drawn.len(), 1);
        // The shape spans the text's scene size from its position: the zoom shows it
        // at the size it was laid out at.
        let t = drawn[0];
        assert!(t.pos.distance(Pos2::new(100.0, 50.0)) < 1e-3, "{:?}", t.pos);
        let bounds = t.galley.mesh_bounds;
        assert!(bounds.height() > 2.0 * 11.0, "{bounds:?}");
        assert!((t.galley.rect.height() - scene_size.y).abs() < 1e-3);
    }
}
