//! `svg`: the plan's diagram as the canvas draws it, text kept as text.

use crate::diagram::plan_svg;
use crate::export::{ExportError, ExportOptions, Format, Output, Sink};
use crate::rules::RuleSet;

/// The SVG format.
pub struct Svg;

impl Format for Svg {
    fn id(&self) -> &'static str {
        "svg"
    }

    fn description(&self) -> &'static str {
        "the diagram as SVG: zones, firewalls, servers, flows with their ports (--flows auto|all|crossing|none)"
    }

    fn extension(&self) -> &'static str {
        "svg"
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
                "the svg format writes one file",
            )));
        };
        let svg = plan_svg(rules.plan, rules.catalog, rules.analysis, options.flows);
        out.write_all(svg.as_bytes())?;
        Ok(())
    }
}
