//! `report`: the design report, one self-contained HTML file (CSS and the SVG diagram
//! inline, nothing fetched) that prints well: title, the diagram, a summary, the rules
//! of each firewall, the host-firewall rules of each server, the security review (what
//! each firewall opens across trust boundaries and how to narrow it), the check's
//! problems and the documents cited. maud escapes every value.

use crate::diagram::{counted, inline_svg, plan_svg, zone_title};
use crate::engine::Severity;
use crate::export::cells::{RequirementCells, rule_cells};
use crate::export::{ExportError, ExportOptions, Format, Output, Sink};
use crate::model::{Node, NodeKind, join_blocks};
use crate::rules::{Rule, RuleSet};
use maud::{DOCTYPE, Markup, html};
use std::collections::BTreeMap;
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
        let html = report(rules, &review, &svg, &generated_on());
        out.write_all(html.as_bytes())?;
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
td.prose { overflow-wrap: anywhere; }
thead th { background: var(--head); position: sticky; top: 0; }
td.mono, td.num { font-family: Consolas, "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; }
td.num, th.num { text-align: right; }
tr.error td:first-child { color: #c8281e; font-weight: 600; }
tr.warning td:first-child { color: #9a6100; font-weight: 600; }
tr.risk-high td:first-child { color: #c8281e; font-weight: 600; }
tr.risk-medium td:first-child { color: #9a6100; font-weight: 600; }
dl.counts { display: grid; grid-template-columns: max-content max-content; gap: .1rem 1rem; }
dl.counts dt { color: var(--weak); } dl.counts dd { margin: 0; font-weight: 600; }
@page { size: A4 landscape; margin: 11mm 10mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; }
  nav ol ol { columns: 4; }
  figure { border: none; overflow: visible; max-height: none; break-inside: avoid; }
  figure svg { min-width: 0; max-height: 160mm; }
  table { font-size: 7.5pt; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, caption { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  section.diagram, section#firewalls { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The matrix's columns without the firewall, as the firewall tables show them.
const RULE_HEADERS: [&str; 12] = [
    "Source zone",
    "Source",
    "Source address",
    "Destination zone",
    "Destination",
    "Destination address",
    "Protocol",
    "Ports",
    "Service",
    "Purpose",
    "Requirement",
    "Reference",
];

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
                table {
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
                                td.mono { (c[13]) } td { (c[14]) }
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

/// The whole report. **O(n + R)** for n objects and R rules.
fn report(
    rules: &RuleSet<'_>,
    review: &crate::review::Review,
    svg: &str,
    generated: &str,
) -> String {
    let plan = rules.plan;
    let title = if plan.name.trim().is_empty() {
        "Untitled plan"
    } else {
        plan.name.as_str()
    };
    let sets = RequirementCells::all(rules);
    let none = RequirementCells::default();
    let cells = |r: &Rule<'_>| rule_cells(r, sets.get(r.requirements.set()).unwrap_or(&none));
    let groups = rules.by_firewall();
    let firewall_rules: Vec<_> = groups.iter().filter(|(f, _)| f.is_some()).collect();
    let mut count_by_fw: BTreeMap<u32, usize> = BTreeMap::new();
    for (f, range) in &groups {
        if let Some(f) = f {
            count_by_fw.insert(f.id.0, range.len());
        }
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
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "Portolan " (env!("CARGO_PKG_VERSION")) };
                title { (title) " — design report" }
                style { (maud::PreEscaped(CSS)) }
            }
            body {
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
                                    @if let Some(f) = f {
                                        li { a href={ "#firewall-" (f.id.0) } { (f.name) } " (" (range.len()) ")" }
                                    }
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
                section #summary {
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
                                    td.num { (plan.nodes.iter().filter(|n| n.zone == z.id).count()) }
                                }
                            }
                        }
                    }
                    table {
                        caption { "Servers and client groups" }
                        thead { tr { th { "Name" } th { "Zone" } th { "Kind" } th { "Roles" } th { "Address" } } }
                        tbody {
                            @for n in &plan.nodes {
                                tr {
                                    td { (n.name) }
                                    td { (zone_name(n)) }
                                    td { @if n.kind == NodeKind::Server { "server" } @else { "client group" } }
                                    td { (role_names(n)) }
                                    td.mono { @if let Some(a) = &n.address { (a) } }
                                }
                            }
                        }
                    }
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
                }
                section #firewalls {
                    h2 { "Rules per firewall" }
                    p.note {
                        "One rule per source, destination and protocol; a flow through several firewalls is listed under each. Ports are the listener's."
                    }
                    @if firewall_rules.is_empty() { p { "No rule crosses a firewall." } }
                    @for (f, range) in &firewall_rules {
                        @if let Some(f) = f {
                            section.firewall id={ "firewall-" (f.id.0) } {
                                h3 { "Firewall " (f.name) " — " (counted(range.len(), "rule")) }
                                table {
                                    thead { tr { th.num { "#" } @for h in RULE_HEADERS { th { (h) } } } }
                                    tbody {
                                        @for (i, rule) in rules.slice(range.clone()).enumerate() {
                                            (rule_row(i + 1, &cells(&rule)))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section #host-firewalls {
                    h2 { "Host firewall rules per server" }
                    p.note {
                        "What each server's own firewall (Windows Defender Firewall) must let in: every rule whose destination it is, through a network firewall or inside its zone."
                    }
                    @for (node, list) in &inbound {
                        section.server id={ "server-" (node.id.0) } {
                            h3 { (node.name) " (" (zone_name(node)) ") — " (counted(list.len(), "inbound rule")) }
                            table {
                                thead { tr {
                                    th { "Source zone" } th { "Source" } th { "Source address" } th { "Protocol" }
                                    th { "Ports" } th { "Service" } th { "Through" } th { "Requirement" }
                                } }
                                tbody {
                                    @for item in list {
                                        @let c = cells(&item.rule);
                                        tr {
                                            td { (c[1]) } td { (c[2]) } td.mono { (c[3]) } td { (c[7]) }
                                            td.mono { (breakable(&c[8])) } td { (c[9]) }
                                            td { @if item.through.is_empty() { span.weak { "inside the zone" } } @else { (item.through.join(", ")) } }
                                            td { (c[11]) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (review_section(rules, review))
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
                                        @if let Some(url) = url { br; span.weak.mono { (url) } }
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
            }
        }
    };
    markup.into_string()
}

fn rule_row(n: usize, c: &[String; 13]) -> Markup {
    html! {
        tr {
            td.num { (n) }
            td { (c[1]) } td { (c[2]) } td.mono { (c[3]) }
            td { (c[4]) } td { (c[5]) } td.mono { (c[6]) }
            td { (c[7]) } td.mono { (breakable(&c[8])) } td { (c[9]) } td.prose { (c[10]) } td { (c[11]) } td { (c[12]) }
        }
    }
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
