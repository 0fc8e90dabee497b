//! The SVG rendered to PNG by resvg. Fonts: the system's (Segoe UI on Windows, DejaVu on
//! Debian), plus egui's bundled Ubuntu and Hack, so that text renders on a machine with
//! no fonts at all.

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// The largest picture rendered: this many pixels a side, and in all (a 10,000-pixel
/// square is 400 MB of memory while it is drawn).
const MAX_SIDE: f32 = 16_384.0;
const MAX_PIXELS: f32 = 100e6;

/// Why a PNG was not made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the scale must be a number above 0 and at most 16 (got {0})")]
    Scale(f32),
    #[error(
        "the picture would be {w} x {h} pixels, more than a PNG export makes ({} a side, {} million in all): lower --scale, or export SVG",
        MAX_SIDE,
        MAX_PIXELS / 1e6
    )]
    TooLarge { w: u32, h: u32 },
    #[error("the SVG does not parse: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the PNG cannot be encoded: {0}")]
    Encode(String),
}

/// The fonts, loaded once per process (scanning the system's fonts takes tens of
/// milliseconds).
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS.get_or_init(|| Arc::new(database(true))).clone()
}

/// The bundled fonts, and the system's when `system`, with the generic families set to
/// fonts that are there: resvg falls back to `serif` when none of a text's families is
/// found.
fn database(system: bool) -> fontdb::Database {
    let mut db = fontdb::Database::new();
    if system {
        db.load_system_fonts();
    }
    db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    db.load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
    let sans = first_present(
        &db,
        &[
            "Segoe UI",
            "DejaVu Sans",
            "Liberation Sans",
            "Arial",
            "Helvetica",
            "Ubuntu",
            "Ubuntu Light",
        ],
    );
    let mono = first_present(
        &db,
        &[
            "Consolas",
            "DejaVu Sans Mono",
            "Liberation Mono",
            "Courier New",
            "Menlo",
            "Hack",
        ],
    );
    if let Some(sans) = sans {
        db.set_sans_serif_family(sans.clone());
        db.set_serif_family(sans);
    }
    if let Some(mono) = mono {
        db.set_monospace_family(mono);
    }
    db
}

fn first_present(db: &fontdb::Database, families: &[&str]) -> Option<String> {
    families
        .iter()
        .find(|f| {
            db.faces()
                .any(|face| face.families.iter().any(|(name, _)| name == *f))
        })
        .map(|f| (*f).to_owned())
}

/// The size in pixels of a picture `w` x `h` units drawn at `scale`, or why it is not
/// drawn: a scale out of range, or a picture over `MAX_SIDE` a side or `MAX_PIXELS`
/// in all. The PNG export asks this of the drawing's size before it writes any SVG.
///
/// # Errors
/// [`PngError::Scale`] or [`PngError::TooLarge`].
pub fn png_size(w: f32, h: f32, scale: f32) -> Result<(u32, u32), PngError> {
    check_scale(scale)?;
    let (w, h) = ((w * scale).ceil(), (h * scale).ceil());
    if !(w <= MAX_SIDE && h <= MAX_SIDE && w * h <= MAX_PIXELS) {
        return Err(PngError::TooLarge {
            w: w as u32,
            h: h as u32,
        });
    }
    Ok((w as u32, h as u32))
}

fn check_scale(scale: f32) -> Result<(), PngError> {
    if scale > 0.0 && scale <= 16.0 {
        Ok(())
    } else {
        Err(PngError::Scale(scale))
    }
}

/// Renders `svg` at `scale` (1: one pixel per SVG unit) as PNG bytes.
///
/// # Errors
/// A scale out of range, a picture too large, or an SVG that does not parse.
pub fn render_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    render_with(svg, scale, fonts())
}

fn render_with(svg: &str, scale: f32, fonts: Arc<fontdb::Database>) -> Result<Vec<u8>, PngError> {
    check_scale(scale)?;
    let options = usvg::Options {
        fontdb: fonts,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size();
    let (w, h) = png_size(size.width(), size.height(), scale)?;
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(PngError::TooLarge { w, h })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a machine with no fonts at all, text still renders with the bundled ones.
    #[test]
    fn text_renders_with_the_bundled_fonts_alone() {
        let db = database(false);
        assert!(first_present(&db, &["Ubuntu", "Ubuntu Light"]).is_some());
        for family in [crate::diagram::style::SANS, crate::diagram::style::MONO] {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"40\">\
                 <text x=\"4\" y=\"28\" font-size=\"24\" font-family=\"{family}\">Portolan 10.0.2.5</text></svg>"
            );
            let png = render_with(&svg, 1.0, Arc::new(database(false))).unwrap();
            let pixmap = tiny_skia::Pixmap::decode_png(&png).unwrap();
            let inked = pixmap.pixels().iter().filter(|p| p.alpha() > 0).count();
            assert!(inked > 300, "{family}: {inked} pixels of text");
        }
    }
}
