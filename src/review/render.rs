//! The review as text, CSV or Markdown: findings most severe first, then the summary
//! per firewall.

use super::{Finding, OptionFix, Review};
use crate::model::{NodeId, Plan};
use std::io::{self, Write};

/// How `portolan review` writes its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewFormat {
    Text,
    Csv,
    Markdown,
}

impl ReviewFormat {
    pub const ALL: [(&'static str, ReviewFormat); 3] = [
        ("text", ReviewFormat::Text),
        ("csv", ReviewFormat::Csv),
        ("markdown", ReviewFormat::Markdown),
    ];

    /// The format named `id` (`text`, `csv`, `markdown`).
    pub fn from_id(id: &str) -> Option<ReviewFormat> {
        Self::ALL.iter().find(|(i, _)| *i == id).map(|(_, f)| *f)
    }
}

/// Names of the plan's things, for the text.
struct Names<'a>(&'a Plan);

impl Names<'_> {
    fn node(&self, id: NodeId) -> &str {
        self.0.node(id).map_or("?", |n| n.name.as_str())
    }

    fn zone_of(&self, id: NodeId) -> &str {
        self.0
            .node(id)
            .and_then(|n| self.0.zone(n.zone))
            .map_or("", |z| z.name.as_str())
    }

    fn firewall(&self, f: &Finding) -> &str {
        self.0
            .firewalls
            .iter()
            .find(|fw| fw.id == f.firewall)
            .map_or("?", |fw| fw.name.as_str())
    }

    /// `set "Fixed WMI port" (wmi_port) on rdcb01`.
    fn option(&self, o: &OptionFix) -> String {
        let verb = if o.turn_off { "turn off" } else { "set" };
        format!("{verb} {} on {}", o.option.mention(), self.node(o.node))
    }

    fn options(&self, f: &Finding) -> String {
        let all: Vec<String> = f.fix.options.iter().map(|o| self.option(o)).collect();
        all.join("; ")
    }

    /// `internal: rdgw01 (Perimeter) -> dc01 (Internal), TCP 53,88,135`.
    fn rule(&self, f: &Finding) -> String {
        format!(
            "{}: {} ({}) -> {} ({}), {} {}",
            self.firewall(f),
            self.node(f.source),
            self.zone_of(f.source),
            self.node(f.destination),
            self.zone_of(f.destination),
            f.protocol,
            f.protocol.ports_text(&f.ports)
        )
    }
}

/// Writes `review` of `plan` in `format`.
///
/// # Errors
/// When `out` cannot be written.
pub fn write_review(
    out: &mut dyn Write,
    review: &Review,
    plan: &Plan,
    format: ReviewFormat,
) -> io::Result<()> {
    let names = Names(plan);
    match format {
        ReviewFormat::Text => text(out, review, &names),
        ReviewFormat::Csv => csv_rows(out, review, &names).map_err(io::Error::other),
        ReviewFormat::Markdown => markdown(out, review, &names),
    }
}

fn text(out: &mut dyn Write, review: &Review, names: &Names<'_>) -> io::Result<()> {
    for f in &review.findings {
        writeln!(out, "{}: {}: {}", f.severity, f.title, names.rule(f))?;
        if f.broad != f.ports && f.protocol.has_ports() {
            writeln!(out, "  ports: {} {}", f.protocol, f.broad)?;
        }
        writeln!(out, "  risk: {}", f.risk)?;
        writeln!(out, "  fix: {}", f.fix.text)?;
        if !f.fix.options.is_empty() {
            writeln!(out, "  in Portolan: {}", names.options(f))?;
        }
        for w in &f.fix.windows {
            writeln!(out, "  on Windows: {w}")?;
        }
        if !f.fix.references.is_empty() {
            writeln!(out, "  see: {}", f.fix.references)?;
        }
    }
    if !review.findings.is_empty() {
        writeln!(out)?;
    }
    let width = review
        .firewalls
        .iter()
        .map(|s| s.name.chars().count())
        .chain([8])
        .max()
        .unwrap_or(8);
    writeln!(
        out,
        "{:<width$}  {:>5}  {:>17}  {:>23}",
        "firewall", "rules", "across a boundary", "ports across a boundary"
    )?;
    for s in &review.firewalls {
        writeln!(
            out,
            "{:<width$}  {:>5}  {:>17}  {:>23}",
            s.name, s.rules, s.across, s.ports_across
        )?;
    }
    let count = |sev| review.findings.iter().filter(|f| f.severity == sev).count();
    writeln!(
        out,
        "{} findings: {} high, {} medium, {} low, {} info",
        review.findings.len(),
        count(super::Severity::High),
        count(super::Severity::Medium),
        count(super::Severity::Low),
        count(super::Severity::Info)
    )
}

/// The CSV's columns.
pub const CSV_COLUMNS: [&str; 15] = [
    "severity",
    "finding",
    "firewall",
    "source_zone",
    "source",
    "destination_zone",
    "destination",
    "protocol",
    "ports",
    "broad_ports",
    "risk",
    "fix",
    "portolan_option",
    "windows",
    "reference",
];

/// The cells of finding `f` of a review of `plan`, in [`CSV_COLUMNS`] order (the CSV
/// review and the workbook's *Review* sheet).
pub fn finding_cells(f: &Finding, plan: &Plan) -> [String; 15] {
    let names = Names(plan);
    let broad = if f.protocol.has_ports() {
        f.broad.to_string()
    } else {
        String::new()
    };
    [
        f.severity.to_string(),
        f.kind.id(),
        names.firewall(f).to_owned(),
        names.zone_of(f.source).to_owned(),
        names.node(f.source).to_owned(),
        names.zone_of(f.destination).to_owned(),
        names.node(f.destination).to_owned(),
        f.protocol.to_string(),
        f.protocol.ports_text(&f.ports),
        broad,
        f.risk.clone(),
        f.fix.text.clone(),
        names.options(f),
        f.fix.windows.join("; "),
        f.fix.references.clone(),
    ]
}

fn csv_rows(out: &mut dyn Write, review: &Review, names: &Names<'_>) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for f in &review.findings {
        let cells = finding_cells(f, names.0);
        w.write_record(cells.iter().map(|c| inert(c)))?;
    }
    w.flush()?;
    Ok(())
}

/// `cell`, prefixed with `'` when a spreadsheet would read it as a formula (as the
/// matrix's CSV does).
fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// A Markdown table cell: pipes escaped, lines joined.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn markdown(out: &mut dyn Write, review: &Review, names: &Names<'_>) -> io::Result<()> {
    writeln!(out, "# Security review: {}", cell(&names.0.name))?;
    writeln!(out)?;
    writeln!(
        out,
        "| firewall | rules | across a boundary | ports across a boundary |"
    )?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for s in &review.firewalls {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&s.name),
            s.rules,
            s.across,
            s.ports_across
        )?;
    }
    writeln!(out)?;
    if review.findings.is_empty() {
        return writeln!(out, "No findings.");
    }
    writeln!(out, "| severity | finding | rule | risk | fix |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for f in &review.findings {
        let mut fix = f.fix.text.clone();
        if !f.fix.options.is_empty() {
            fix.push_str(&format!(". In Portolan: {}", names.options(f)));
        }
        if !f.fix.windows.is_empty() {
            fix.push_str(&format!(". On Windows: `{}`", f.fix.windows.join("`; `")));
        }
        if !f.fix.references.is_empty() {
            fix.push_str(&format!(" ({})", f.fix.references));
        }
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            f.severity,
            cell(&f.title),
            cell(&names.rule(f)),
            cell(&f.risk),
            cell(&fix)
        )?;
    }
    Ok(())
}
