//! `png`: the SVG diagram rendered by resvg, at `--scale` pixels per unit. A picture too
//! large is refused from the drawing's size, before any SVG is written.

use crate::diagram::{Drawing, png_size, render_png, svg, svg_size};
use crate::export::{ExportError, ExportOptions, Format, Output, Sink};
use crate::rules::RuleSet;

/// The PNG format.
pub struct Png;

impl Format for Png {
    fn id(&self) -> &'static str {
        "png"
    }

    fn description(&self) -> &'static str {
        "the diagram as a PNG picture (--scale 2 for print, --flows as for svg)"
    }

    fn extension(&self) -> &'static str {
        "png"
    }

    fn output(&self) -> Output {
        Output::File
    }

    fn write(
        &self,
        rules: &RuleSet<'_>,
        options: &ExportOptions,
        sink: Sink<'_>,
    ) -> Result<(), ExportError> {
        let Sink::File(out) = sink else {
            return Err(ExportError::Io(std::io::Error::other(
                "the png format writes one file",
            )));
        };
        let drawing = Drawing::new(rules.plan, rules.analysis, options.flows);
        let (w, h) = svg_size(&drawing);
        png_size(w, h, options.scale)?;
        let svg = svg(&drawing, rules.catalog, rules.analysis);
        out.write_all(&render_png(&svg, options.scale)?)?;
        Ok(())
    }
}
