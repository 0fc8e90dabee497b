//! `report`: the design report, one self-contained HTML file (CSS and the SVG diagram
//! inline, nothing fetched) that prints well: title, the diagram, a summary, the rules
//! of each firewall, the host-firewall rules of each server, the security review (what
//! each firewall opens across trust boundaries and how to narrow it), the check's
//! problems and the documents cited. maud escapes every value.

use crate::diagram::{counted, inline_svg, plan_svg, zone_title};
use crate::engine::Severity;
use crate::export::cells::RequirementCells;
use crate::export::{ExportError, ExportOptions, Format, Output, Sink};
use crate::model::{Node, NodeKind, join_blocks};
use crate::rules::{Rule, RuleSet};
use maud::{Markup, html};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::time::{Duration, SystemTime};

/// The report format.
pub struct Report;

impl Format for Report {
    fn id(&self) -> &'static str {
        "report"
    }

    fn description(&self) -> &'static str {
        "the design report: one self-contained HTML file (diagram, summary, rules per firewall and per server, problems, sources)"
    }

    fn extension(&self) -> &'static str {
        "html"
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
                "the report format writes one file",
            )));
        };
        let svg = plan_svg(rules.plan, rules.catalog, rules.analysis, options.flows);
        let review = crate::review::review_rules(rules)?;
        let mut page = Page {
            out,
            buf: String::with_capacity(2 * FLUSH),
        };
        report(&mut page, rules, &review, &svg, &generated_on())?;
        page.finish()?;
        Ok(())
    }
}

/// When the report is made, in UTC to the minute; `SOURCE_DATE_EPOCH` (seconds), when
/// set, stands for now, so that builds of a document can be reproduced byte for byte.
fn generated_on() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(SystemTime::now, |s| {
            SystemTime::UNIX_EPOCH + Duration::from_secs(s)
        });
    // 2026-11-24T04:10:34Z -> 2026-11-24 04:10 UTC
    let stamp = humantime::format_rfc3339_seconds(now).to_string();
    format!(
        "{} UTC",
        stamp.get(..16).unwrap_or(&stamp).replace('T', " ")
    )
}

const CSS: &str = r#"
:root { --line: #c9ced6; --head: #eef1f5; --weak: #5d636d; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  color: #1e2026; margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 1600px; line-height: 1.4; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
p.meta, p.note, .weak { color: var(--weak); }
nav ol { margin: .3rem 0; }
nav ol ol { columns: 3; }
.notes { white-space: pre-wrap; border-left: 4px solid var(--line); padding: .3rem .8rem; }
figure { margin: 0; border: 1px solid var(--line); overflow: auto; max-height: 90vh; }
figure svg { display: block; width: 100%; height: auto; min-width: 900px; }
table { border-collapse: collapse; width: 100%; font-size: .82rem; margin: .4rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .4rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
td.prose, table.findings td, .url { overflow-wrap: anywhere; }
thead { position: sticky; top: 0; }
thead th { background: var(--head); }
th.group { text-align: center; }
table.fixed { font-size: .78rem; }
td.mono, td.num, .mono { font-family: Consolas, "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; }
td.num, th.num { text-align: right; }
tr.error td:first-child { color: #c8281e; font-weight: 600; }
tr.warning td:first-child { color: #9a6100; font-weight: 600; }
tr.risk-high td:first-child { color: #c8281e; font-weight: 600; }
tr.risk-medium td:first-child { color: #9a6100; font-weight: 600; }
dl.counts { display: grid; grid-template-columns: max-content max-content; gap: .1rem 1rem; }
dl.counts dt { color: var(--weak); } dl.counts dd { margin: 0; font-weight: 600; }
/* Long tables: fixed column widths (a row's layout never waits for the rest of the
   table), cut into blocks of rows that the browser lays out only near the screen. */
table.fixed { table-layout: fixed; }
div.rows { content-visibility: auto; }
div.rows > table { margin: 0; }
div.rows:last-child > table { margin-bottom: 1rem; }
section.server { content-visibility: auto; contain-intrinsic-size: auto 12rem; }
table.fw td:nth-child(1) { text-align: right; }
table.fw td:nth-child(1), table.fw td:nth-child(4), table.fw td:nth-child(7), table.fw td:nth-child(9),
table.host td:nth-child(3), table.host td:nth-child(5), table.nodes td:nth-child(5) {
  font-family: Consolas, "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; }
table.fw td:nth-child(11) { overflow-wrap: anywhere; }
@page { size: A4 landscape; margin: 11mm 10mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; }
  nav ol ol { columns: 4; }
  figure { border: none; overflow: visible; max-height: none; break-inside: avoid; }
  figure svg { min-width: 0; max-height: 160mm; }
  table, table.fixed { font-size: 7.5pt; }
  thead { display: table-header-group; }
  thead { position: static; }
  tr, caption { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  section.diagram, section#firewalls { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Rows per block of a long table: each block is a table of its own (the same columns,
/// the header repeated) that the browser lays out only when it comes near the screen
/// (`content-visibility: auto`), so that a report of 100,000 rules opens in seconds.
const BLOCK: usize = 250;
/// The estimated height of a table row in CSS pixels, for the space a block not yet
/// laid out takes.
const ROW_PX: usize = 40;
/// Bytes of HTML gathered before they are written out.
const FLUSH: usize = 1 << 18;

/// The report as it is written: HTML gathered in `buf` and written to `out` by pieces,
/// so that memory stays that of a piece whatever the number of rules.
struct Page<'w> {
    out: &'w mut dyn Write,
    buf: String,
}

impl Page<'_> {
    /// Appends trusted markup (a literal or maud's output).
    fn raw(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    fn markup(&mut self, m: &Markup) {
        self.buf.push_str(&m.0);
    }

    /// Writes the gathered HTML out once there is enough of it.
    fn flush_if_full(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= FLUSH {
            self.out.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.out.write_all(self.buf.as_bytes())?;
        self.buf.clear();
        self.out.flush()
    }

    /// A table of `rows` rows in blocks of [`BLOCK`], each a `div.rows` holding a table
    /// of class `class` with the columns `cols` (see [`head`]); `row(buf, i)` writes row
    /// `i`.
    fn blocks(
        &mut self,
        class: &str,
        cols: &[(u8, &str, &str)],
        rows: usize,
        mut row: impl FnMut(&mut String, usize),
    ) -> std::io::Result<()> {
        let head = head(cols);
        let mut start = 0;
        while start < rows {
            let end = (start + BLOCK).min(rows);
            let _ = write!(
                self.buf,
                "<div class=\"rows\" style=\"contain-intrinsic-size:auto {}px\"><table class=\"fixed {class}\">",
                (end - start + 1) * ROW_PX
            );
            self.markup(&head);
            self.raw("<tbody>");
            for i in start..end {
                row(&mut self.buf, i);
            }
            self.raw("</tbody></table></div>");
            self.flush_if_full()?;
            start = end;
        }
        Ok(())
    }
}

/// The column widths and header rows of a table with the columns `cols` (width in
/// percent, header, header class). A header `"Source|zone"` is the column *zone* under
/// a group header *Source* spanning the neighbours of the same group: short headers
/// that fit narrow columns, and a reader still sees which side a column belongs to.
fn head(cols: &[(u8, &str, &str)]) -> maud::Markup {
    /// A cell of the first header row.
    enum Head<'a> {
        /// A group's name over its `usize` columns.
        Group(&'a str, usize),
        /// An ungrouped column's header and class, over both rows.
        Whole(&'a str, &'a str),
    }
    let grouped = cols.iter().any(|(_, h, _)| h.contains('|'));
    // The first row: groups spanning their columns, ungrouped headers spanning both rows.
    let mut first: Vec<Head<'_>> = Vec::new();
    for (_, h, c) in cols {
        match h.split_once('|') {
            Some((g, _)) => match first.last_mut() {
                Some(Head::Group(last, n)) if *last == g => *n += 1,
                _ => first.push(Head::Group(g, 1)),
            },
            None => first.push(Head::Whole(h, c)),
        }
    }
    html! {
        colgroup { @for (w, _, _) in cols { col style={ "width:" (w) "%" }; } }
        thead {
            @if grouped {
                tr {
                    @for head in &first {
                        @match head {
                            Head::Group(h, n) => th.group colspan=(n) { (h) },
                            Head::Whole(h, c) => th rowspan="2" class=[(!c.is_empty()).then_some(*c)] { (h) },
                        }
                    }
                }
                tr { @for (_, h, c) in cols { @if let Some((_, sub)) = h.split_once('|') {
                    th class=[(!c.is_empty()).then_some(*c)] { (sub) }
                } } }
            } @else {
                tr { @for (_, h, c) in cols { th class=[(!c.is_empty()).then_some(*c)] { (h) } } }
            }
        }
    }
}

/// Appends `s` escaped as HTML text.
fn text(buf: &mut String, s: &str) {
    let _ = maud::Escaper::new(buf).write_str(s);
}

/// Appends a cell holding `s`.
fn td(buf: &mut String, s: &str) {
    buf.push_str("<td>");
    text(buf, s);
    buf.push_str("</td>");
}

/// Appends a cell holding `v` (an address, a number).
fn td_of(buf: &mut String, v: Option<impl std::fmt::Display>) {
    buf.push_str("<td>");
    if let Some(v) = v {
        let _ = write!(maud::Escaper::new(buf), "{v}");
    }
    buf.push_str("</td>");
}

/// Appends a cell with a port list, with a line-break opportunity after each comma so a
/// long list wraps instead of widening its column.
fn td_ports(buf: &mut String, ports: &str) {
    buf.push_str("<td>");
    for (i, part) in ports.split(',').enumerate() {
        if i > 0 {
            buf.push_str(",<wbr>");
        }
        text(buf, part);
    }
    buf.push_str("</td>");
}

/// The columns of a firewall's rule table: the matrix's without the firewall, with the
/// row number first (width in percent, header, header class).
const FIREWALL_COLUMNS: [(u8, &str, &str); 13] = [
    (3, "#", "num"),
    (8, "Source|zone", ""),
    (7, "Source|name", ""),
    (7, "Source|address", ""),
    (8, "Destination|zone", ""),
    (7, "Destination|name", ""),
    (7, "Destination|address", ""),
    (5, "Proto\u{ad}col", ""),
    (7, "Ports", ""),
    (8, "Service", ""),
    (14, "Purpose", ""),
    (10, "Requirement", ""),
    (9, "Reference", ""),
];

/// The columns of a server's host-firewall table.
const HOST_COLUMNS: [(u8, &str, &str); 8] = [
    (11, "Source|zone", ""),
    (13, "Source|name", ""),
    (13, "Source|address", ""),
    (6, "Proto\u{ad}col", ""),
    (13, "Ports", ""),
    (14, "Service", ""),
    (12, "Through", ""),
    (18, "Requirement", ""),
];

/// The columns of the summary's table of servers and client groups.
const NODE_COLUMNS: [(u8, &str, &str); 5] = [
    (20, "Name", ""),
    (15, "Zone", ""),
    (10, "Kind", ""),
    (40, "Roles", ""),
    (15, "Address", ""),
];

/// One row of a firewall's table: rule number `n`, then the matrix's cells.
fn firewall_row(buf: &mut String, n: usize, rule: &Rule<'_>, req: &RequirementCells) {
    let _ = write!(buf, "<tr><td>{n}</td>");
    td(buf, rule.source.zone_name());
    td(buf, rule.source.name());
    td_of(buf, rule.source.address());
    td(buf, rule.destination.zone_name());
    td(buf, rule.destination.name());
    td_of(buf, rule.destination.address());
    td_of(buf, Some(rule.protocol));
    td_ports(buf, &rule.protocol.ports_text(rule.ports));
    td(buf, &req.service);
    td(buf, &req.purpose);
    td(buf, &req.requirement);
    td(buf, &req.reference);
    buf.push_str("</tr>");
}

/// One row of a server's host-firewall table.
fn host_row(buf: &mut String, item: &Inbound<'_>, req: &RequirementCells) {
    let rule = &item.rule;
    buf.push_str("<tr>");
    td(buf, rule.source.zone_name());
    td(buf, rule.source.name());
    td_of(buf, rule.source.address());
    td_of(buf, Some(rule.protocol));
    td_ports(buf, &rule.protocol.ports_text(rule.ports));
    td(buf, &req.service);
    if item.through.is_empty() {
        buf.push_str("<td><span class=\"weak\">inside the zone</span></td>");
    } else {
        td(buf, &item.through.join(", "));
    }
    td(buf, &req.requirement);
    buf.push_str("</tr>");
}

/// The security review: per firewall what it opens across a trust boundary, then the
/// findings, most severe first, each with its rule, risk and fix.
fn review_section(rules: &RuleSet<'_>, review: &crate::review::Review) -> Markup {
    let findings: Vec<[String; 15]> = review
        .findings
        .iter()
        .map(|f| crate::review::finding_cells(f, rules.plan))
        .collect();
    html! {
        section #review {
            h2 { "Security review" }
            p.note {
                "Rules from a zone of lower trust into one of higher trust (Internet < Perimeter < Clients < Internal < Management), the broad ones among them, and how to narrow each: the Portolan option to set and the Windows setting that goes with it."
            }
            table {
                caption { "Across trust boundaries" }
                thead { tr { th { "Firewall" } th.num { "Rules" } th.num { "Rules across a boundary" } th.num { "Ports opened across a boundary" } } }
                tbody {
                    @for s in &review.firewalls {
                        tr { td { (s.name) } td.num { (s.rules) } td.num { (s.across) } td.num { (s.ports_across) } }
                    }
                }
            }
            @if findings.is_empty() {
                p { "The review found nothing broad." }
            } @else {
                table.findings {
                    caption { "Findings" }
                    thead { tr {
                        th { "Severity" } th { "Finding" } th { "Firewall" } th { "Source" } th { "Destination" }
                        th { "Protocol" } th { "Ports" } th { "Risk" } th { "Fix" } th { "In Portolan" } th { "On Windows" } th { "Reference" }
                    } }
                    tbody {
                        @for c in &findings {
                            tr class={ "risk-" (c[0]) } {
                                td { (c[0]) } td { (c[1]) } td { (c[2]) } td { (c[4]) " (" (c[3]) ")" } td { (c[6]) " (" (c[5]) ")" }
                                td { (c[7]) } td.mono { (breakable(&c[9])) } td { (c[10]) } td { (c[11]) } td { (c[12]) }
                                td.mono.prose { (c[13]) } td { (c[14]) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Inbound rules of one server, merged across the firewalls they cross.
struct Inbound<'a> {
    rule: Rule<'a>,
    through: Vec<&'a str>,
}

/// The whole report, written to `page` piece by piece. **O(n + R)** for n objects and R
/// rules; memory O(n + R) for the index of inbound rules, plus one piece of HTML.
fn report(
    page: &mut Page<'_>,
    rules: &RuleSet<'_>,
    review: &crate::review::Review,
    svg: &str,
    generated: &str,
) -> std::io::Result<()> {
    let plan = rules.plan;
    let title = if plan.name.trim().is_empty() {
        "Untitled plan"
    } else {
        plan.name.as_str()
    };
    let sets = RequirementCells::all(rules);
    let none = RequirementCells::default();
    let req = |r: &Rule<'_>| sets.get(r.requirements.set()).unwrap_or(&none);
    let groups = rules.by_firewall();
    let firewall_rules: Vec<_> = groups
        .iter()
        .filter_map(|(f, range)| Some((f.as_ref()?, range.clone())))
        .collect();
    let mut count_by_fw: BTreeMap<u32, usize> = BTreeMap::new();
    for (f, range) in &firewall_rules {
        count_by_fw.insert(f.id.0, range.len());
    }
    let crossing: usize = count_by_fw.values().sum();
    let inbound = inbound_by_server(rules);
    let problems = rules.problems();
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let sources = sources(rules);
    let servers = plan
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Server)
        .count();
    let mut in_zone: rustc_hash::FxHashMap<crate::model::ZoneId, usize> =
        rustc_hash::FxHashMap::default();
    for n in &plan.nodes {
        *in_zone.entry(n.zone).or_default() += 1;
    }
    let zone_name = |n: &Node| plan.zone(n.zone).map_or("", |z| z.name.as_str());
    let role_names = |n: &Node| -> String {
        n.roles
            .iter()
            .map(|r| {
                rules
                    .catalog
                    .role_by_id(r)
                    .map_or(r.as_str(), |x| x.name.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    page.raw("<!DOCTYPE html><html lang=\"en\">");
    page.markup(&html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="generator" content={ "Portolan " (env!("CARGO_PKG_VERSION")) };
            title { (title) " — design report" }
            style { (maud::PreEscaped(CSS)) }
        }
    });
    page.raw("<body>");
    page.markup(&html! {
        header {
            h1 { (title) }
            p.meta {
                "Design report: network flows and firewall rules. Generated on "
                (generated) " by Portolan " (env!("CARGO_PKG_VERSION")) "."
            }
        }
        nav aria-label="Contents" {
            h2 { "Contents" }
            ol {
                li { a href="#diagram" { "Diagram" } }
                li { a href="#summary" { "Summary" } }
                li {
                    a href="#firewalls" { "Rules per firewall" }
                    ol {
                        @for (f, range) in &firewall_rules {
                            li { a href={ "#firewall-" (f.id.0) } { (f.name) } " (" (range.len()) ")" }
                        }
                    }
                }
                li { a href="#host-firewalls" { "Host firewall rules per server" } }
                li { a href="#review" { "Security review" } " (" (review.findings.len()) ")" }
                li { a href="#problems" { "Problems" } " (" (problems.len()) ")" }
                li { a href="#sources" { "Sources" } }
            }
        }
        section.diagram #diagram {
            h2 { "Diagram" }
            figure {
                (inline_svg(svg))
            }
        }
    });
    page.flush_if_full()?;
    page.raw("<section id=\"summary\">");
    page.markup(&html! {
        h2 { "Summary" }
        dl.counts {
            dt { "Zones" } dd { (plan.zones.len()) }
            dt { "Servers" } dd { (servers) }
            dt { "Client groups" } dd { (plan.nodes.len() - servers) }
            dt { "Firewalls" } dd { (plan.firewalls.len()) }
            dt { "Rules" } dd { (rules.len()) " (" (crossing) " through firewalls, " (rules.len() - crossing) " inside zones)" }
            dt { "Problems" } dd { (counted(errors, "error")) ", " (counted(problems.len() - errors, "warning")) }
        }
        table {
            caption { "Zones" }
            thead { tr { th { "Zone" } th { "Kind" } th { "Address ranges" } th.num { "Nodes" } } }
            tbody {
                @for z in &plan.zones {
                    tr {
                        td { (z.name) }
                        td { (z.kind.label()) }
                        td.mono { (join_blocks(&z.cidrs)) }
                        td.num { (in_zone.get(&z.id).copied().unwrap_or(0)) }
                    }
                }
            }
        }
        h3 { "Servers and client groups" }
    });
    page.blocks("nodes", &NODE_COLUMNS, plan.nodes.len(), |buf, i| {
        let n = &plan.nodes[i];
        buf.push_str("<tr>");
        td(buf, &n.name);
        td(buf, zone_name(n));
        td(
            buf,
            if n.kind == NodeKind::Server {
                "server"
            } else {
                "client group"
            },
        );
        td(buf, &role_names(n));
        td_of(buf, n.address.as_ref());
        buf.push_str("</tr>");
    })?;
    page.markup(&html! {
        table {
            caption { "Firewalls" }
            thead { tr { th { "Firewall" } th { "Joins" } th.num { "Rules" } } }
            tbody {
                @for f in &plan.firewalls {
                    tr {
                        td { (f.name) }
                        td {
                            (f.zones.iter().filter_map(|z| plan.zone(*z)).map(zone_title).collect::<Vec<_>>().join(", "))
                        }
                        td.num { (count_by_fw.get(&f.id.0).copied().unwrap_or(0)) }
                    }
                }
            }
        }
    });
    page.raw("</section><section id=\"firewalls\">");
    page.markup(&html! {
        h2 { "Rules per firewall" }
        p.note {
            "One rule per source, destination and protocol; a flow through several firewalls is listed under each. Ports are the listener's."
        }
        @if firewall_rules.is_empty() { p { "No rule crosses a firewall." } }
    });
    for (f, range) in &firewall_rules {
        let _ = write!(
            page.buf,
            "<section class=\"firewall\" id=\"firewall-{}\">",
            f.id.0
        );
        page.markup(&html! { h3 { "Firewall " (f.name) " — " (counted(range.len(), "rule")) } });
        let mut at = rules.slice(range.clone()).enumerate();
        page.blocks("fw", &FIREWALL_COLUMNS, range.len(), |buf, _| {
            if let Some((i, rule)) = at.next() {
                firewall_row(buf, i + 1, &rule, req(&rule));
            }
        })?;
        page.raw("</section>");
    }
    page.raw("</section><section id=\"host-firewalls\">");
    page.markup(&html! {
        h2 { "Host firewall rules per server" }
        p.note {
            "What each server's own firewall (Windows Defender Firewall) must let in: every rule whose destination it is, through a network firewall or inside its zone."
        }
    });
    for (node, list) in &inbound {
        let _ = write!(
            page.buf,
            "<section class=\"server\" id=\"server-{}\">",
            node.id.0
        );
        page.markup(&html! {
            h3 { (node.name) " (" (zone_name(node)) ") — " (counted(list.len(), "inbound rule")) }
        });
        page.blocks("host", &HOST_COLUMNS, list.len(), |buf, i| {
            host_row(buf, &list[i], req(&list[i].rule));
        })?;
        page.raw("</section>");
    }
    page.raw("</section>");
    page.flush_if_full()?;
    page.markup(&review_section(rules, review));
    page.markup(&html! {
        section #problems {
            h2 { "Problems" }
            @if problems.is_empty() {
                p { "The check found no problems." }
            } @else {
                table {
                    thead { tr { th { "Severity" } th { "Problem" } } }
                    tbody {
                        @for p in problems {
                            tr class=(if p.severity == Severity::Error { "error" } else { "warning" }) {
                                td { (p.severity) } td { (p.message) }
                            }
                        }
                    }
                }
            }
        }
        section #sources {
            h2 { "Sources" }
            p.note { "The documents the rules cite, with the sections cited." }
            table {
                thead { tr { th { "Cited as" } th { "Document" } th { "Sections cited" } } }
                tbody {
                    @for (cite, title, url, sections) in &sources {
                        tr {
                            td { (cite) }
                            td {
                                (title)
                                @if let Some(url) = url { br; span.weak.mono.url { (url) } }
                            }
                            td { (sections.join("; ")) }
                        }
                    }
                }
            }
        }
        footer {
            p.meta { "Generated on " (generated) " by Portolan " (env!("CARGO_PKG_VERSION")) "." }
        }
    });
    page.raw("</body></html>");
    Ok(())
}

/// A port list with a line-break opportunity after each comma, so a long list wraps
/// instead of widening its column.
fn breakable(ports: &str) -> Markup {
    html! {
        @for (i, part) in ports.split(',').enumerate() {
            @if i > 0 { "," wbr; }
            (part)
        }
    }
}

/// Each node that is the destination of a rule, by zone and name, with its inbound
/// rules: one per source, protocol and ports, naming the firewalls crossed.
fn inbound_by_server<'a>(rules: &RuleSet<'a>) -> Vec<(&'a Node, Vec<Inbound<'a>>)> {
    let mut by_node: Vec<Vec<Inbound<'a>>> =
        (0..rules.plan.nodes.len()).map(|_| Vec::new()).collect();
    let mut seen: rustc_hash::FxHashMap<
        (usize, usize, crate::model::Protocol, &crate::model::PortSet),
        usize,
    > = rustc_hash::FxHashMap::default();
    for rule in rules.iter() {
        let d = rule.destination.index;
        let key = (d, rule.source.index, rule.protocol, rule.ports);
        let list = &mut by_node[d];
        let at = *seen.entry(key).or_insert_with(|| {
            list.push(Inbound {
                rule,
                through: Vec::new(),
            });
            list.len() - 1
        });
        if let Some(f) = rule.firewall {
            list[at].through.push(&f.name);
        }
    }
    let mut out: Vec<(&'a Node, Vec<Inbound<'a>>)> = rules
        .plan
        .nodes
        .iter()
        .zip(by_node)
        .filter(|(_, list)| !list.is_empty())
        .collect();
    let zone_name = |n: &Node| rules.plan.zone(n.zone).map_or("", |z| z.name.as_str());
    out.sort_by(|a, b| (zone_name(a.0), &a.0.name).cmp(&(zone_name(b.0), &b.0.name)));
    for (_, list) in &mut out {
        list.sort_by(|a, b| source_key(a).cmp(&source_key(b)));
    }
    out
}

fn source_key<'a>(i: &Inbound<'a>) -> (&'a str, &'a str, crate::model::Protocol) {
    (
        i.rule.source.zone_name(),
        i.rule.source.name(),
        i.rule.protocol,
    )
}

/// Each cited document (cite, title, address) with the sections cited, in catalog order.
fn sources<'a>(rules: &RuleSet<'a>) -> Vec<(&'a str, &'a str, Option<&'a str>, Vec<&'a str>)> {
    let docs = rules.catalog.documents();
    let mut sections: Vec<Option<Vec<&'a str>>> = vec![None; docs.len()];
    let matrix = &rules.analysis.matrix;
    for (set, ids) in matrix.requirement_sets.iter().enumerate() {
        for c in crate::rules::Requirements::new(rules.catalog, set, ids).citations() {
            let Some(list) = c.document_index.and_then(|i| sections.get_mut(i)) else {
                continue;
            };
            let list = list.get_or_insert_with(Vec::new);
            if !c.section.is_empty() && !list.contains(&c.section) {
                list.push(c.section);
            }
        }
    }
    docs.iter()
        .zip(sections)
        .filter_map(|(d, s)| {
            let mut s = s?;
            s.sort_unstable();
            Some((d.cite.as_str(), d.title.as_str(), d.url.as_deref(), s))
        })
        .collect()
}
