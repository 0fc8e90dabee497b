//! The drawing as SVG: text stays text (selectable, searchable once printed to PDF), with
//! presentation attributes only (no CSS), so office programs that import SVG draw it as
//! browsers do. Every value goes through maud, which escapes it.

use super::drawing::{ArrowShape, Drawing, FlowFilter};
use super::placement::ZONE_HEADER;
use super::style::{self, MONO, SANS};
use super::text::{counted, elide, width};
use crate::catalog::Catalog;
use crate::engine::{Analysis, Severity};
use crate::model::{Firewall, Node, NodeKind, Point, Rect, Zone, join_blocks};
use maud::{Markup, PreEscaped, Render, html};
use rustc_hash::FxHashMap;

/// Room above the drawing for the plan's name, and below it for the legend.
const HEAD: f32 = 60.0;
const LEGEND: f32 = 44.0;

/// A coordinate, written with at most one decimal.
#[derive(Clone, Copy)]
struct N(f32);

impl Render for N {
    fn render_to(&self, w: &mut String) {
        let v = (self.0 * 10.0).round() / 10.0;
        if v.fract() == 0.0 {
            w.push_str(&(v as i64).to_string());
        } else {
            use std::fmt::Write as _;
            let _ = write!(w, "{v:.1}");
        }
    }
}

/// The SVG of `drawing`, whose plan `analysis` was computed from. **O(n + arrows)**.
pub fn svg(drawing: &Drawing<'_>, catalog: &Catalog, analysis: &Analysis) -> String {
    let plan = &*drawing.plan;
    let b = drawing.bounds;
    let (view, legend_markup) = frame(drawing);
    let mut problems: FxHashMap<_, bool> = FxHashMap::default();
    for p in &analysis.problems {
        for n in &p.nodes {
            *problems.entry(*n).or_default() |= p.severity == Severity::Error;
        }
    }
    let name = if plan.name.trim().is_empty() {
        "Untitled plan"
    } else {
        plan.name.as_str()
    };
    let what = match drawing.flows {
        FlowFilter::Auto | FlowFilter::All => "all flows",
        FlowFilter::Crossing => "flows through firewalls",
        FlowFilter::None => "flows not shown",
    };
    let mut left_out = Vec::new();
    if drawing.left_out > 0 {
        left_out.push(format!(
            "{} inside zones",
            counted(drawing.left_out, "arrow")
        ));
    }
    if drawing.links_left_out > 0 {
        left_out.push(counted(drawing.links_left_out, "\"uses\" link"));
    }
    let flows = if left_out.is_empty() {
        what.to_owned()
    } else {
        format!(
            "{what}; at this size the {} are left out: --flows all draws them",
            left_out.join(" and ")
        )
    };
    let subtitle = format!(
        "{} · {} · {} · {} ({flows})",
        counted(plan.zones.len(), "zone"),
        counted(plan.nodes.len(), "node"),
        counted(plan.firewalls.len(), "firewall"),
        counted(drawing.arrows.len(), "arrow")
    );
    let kinds = [
        ("inside", style::FLOW),
        ("crossing", style::FLOW_CROSSING),
        ("unrouted", style::ERROR),
        ("link", style::LINK),
    ];
    let by_kind = |k: &str| -> Vec<&ArrowShape> {
        drawing
            .arrows
            .iter()
            .filter(|a| arrow_kind(a) == k)
            .collect()
    };
    let groups: Vec<(&str, &str, Vec<&ArrowShape>)> = kinds[..3]
        .iter()
        .map(|(k, c)| (*k, *c, by_kind(k)))
        .collect();
    let markup = html! {
        svg xmlns="http://www.w3.org/2000/svg" version="1.1"
            width=(N(view.w)) height=(N(view.h))
            viewBox={ (N(view.x)) " " (N(view.y)) " " (N(view.w)) " " (N(view.h)) }
            font-family=(SANS) font-size=(N(style::NAME_SIZE)) fill=(style::TEXT) {
            title { (name) }
            desc { "Drawn by Portolan " (env!("CARGO_PKG_VERSION")) ": " (subtitle) }
            defs {
                @for (k, color) in kinds {
                    marker id={ "head-" (k) } viewBox="0 0 10 10" refX="10" refY="5"
                        markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10"
                        orient="auto" {
                        path d="M0,0 L10,5 L0,10 z" fill=(color) stroke="none" {}
                    }
                }
            }
            rect id="background" x=(N(view.x)) y=(N(view.y)) width=(N(view.w))
                height=(N(view.h)) fill=(style::CANVAS) {}
            g id="heading" {
                text x=(N(b.x + 10.0)) y=(N(b.y - HEAD + 30.0)) font-size=(N(style::HEADING_SIZE))
                    font-weight="bold" { (name) }
                text x=(N(b.x + 10.0)) y=(N(b.y - HEAD + 50.0)) font-size="12"
                    fill=(style::TEXT_WEAK) { (subtitle) }
            }
            g id="zones" {
                @for (zone, rect) in plan.zones.iter().zip(&drawing.zones) {
                    (zone_markup(zone, *rect))
                }
            }
            g id="links" stroke=(style::LINK) stroke-width="1.5" stroke-dasharray="8 5"
                fill="none" marker-end="url(#head-link)" {
                @for (s, e) in &drawing.links {
                    line x1=(N(s.x)) y1=(N(s.y)) x2=(N(e.x)) y2=(N(e.y)) {}
                }
            }
            g id="flows" fill="none" {
                @for (k, color, arrows) in &groups {
                    g class={ "flows-" (k) } stroke=(color) stroke-width="1.5"
                        marker-end={ "url(#head-" (k) ")" } {
                        @for a in arrows {
                            line x1=(N(a.start.x)) y1=(N(a.start.y)) x2=(N(a.end.x)) y2=(N(a.end.y)) {}
                        }
                    }
                }
            }
            g id="flow-labels" font-size=(N(style::LABEL_SIZE)) text-anchor="middle"
                stroke=(style::CANVAS) stroke-width="3" stroke-linejoin="round" paint-order="stroke" {
                @for (_, color, arrows) in &groups {
                    g fill=(color) {
                        @for a in arrows {
                            (label_markup(a))
                        }
                    }
                }
            }
            g id="zone-labels" stroke=(style::CANVAS) stroke-width="3" stroke-linejoin="round"
                paint-order="stroke" {
                @for (zone, rect) in plan.zones.iter().zip(&drawing.zones) {
                    (zone_label_markup(zone, *rect))
                }
            }
            g id="firewalls" {
                @for f in &drawing.firewalls {
                    (firewall_markup(drawing, &plan.firewalls[f.index], f.badge, &f.wires))
                }
            }
            g id="nodes" {
                @for (node, card) in plan.nodes.iter().zip(&drawing.cards) {
                    (node_markup(drawing, catalog, node, *card, problems.get(&node.id).copied()))
                }
            }
            (legend_markup)
        }
    };
    let mut out = String::with_capacity(markup.0.len() + 64);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&markup.0);
    out.push('\n');
    out
}

/// The SVG's viewport (the drawing with the heading above and the legend below) and the
/// legend.
fn frame(drawing: &Drawing<'_>) -> (Rect, Markup) {
    let b = drawing.bounds;
    let width = b.w.max(760.0);
    let (legend_markup, legend_h) = legend(Point::new(b.x + 10.0, b.y + b.h + 26.0), width - 20.0);
    let view = Rect::new(b.x, b.y - HEAD, width, b.h + HEAD + LEGEND + legend_h);
    (view, legend_markup)
}

/// The width and height the SVG of `drawing` declares, as written (to a tenth of a
/// unit), without writing it: what a PNG export checks before it draws anything.
pub fn svg_size(drawing: &Drawing<'_>) -> (f32, f32) {
    let (view, _) = frame(drawing);
    let tenth = |v: f32| (v * 10.0).round() / 10.0;
    (tenth(view.w), tenth(view.h))
}

/// The SVG element alone, for embedding in HTML.
pub fn inline_svg(full: &str) -> PreEscaped<&str> {
    PreEscaped(full.find("<svg").map_or(full, |i| &full[i..]))
}

fn arrow_kind(a: &ArrowShape) -> &'static str {
    if a.arrow.unrouted {
        "unrouted"
    } else if a.arrow.crosses {
        "crossing"
    } else {
        "inside"
    }
}

/// The title a zone shows: its name, with its kind unless the name says it.
pub fn zone_title(zone: &Zone) -> String {
    let kind = zone.kind.label();
    let first_word = kind.split(' ').next().unwrap_or(kind);
    if zone.name.contains(first_word) {
        zone.name.clone()
    } else {
        format!("{}  ({kind})", zone.name)
    }
}

/// A zone's area: its tinted body, title bar and border, with its name, kind and ranges
/// as the tooltip. Its title is written later, above the flows ([`zone_label_markup`]).
fn zone_markup(zone: &Zone, r: Rect) -> Markup {
    let color = style::zone_color(zone.kind);
    let ranges = join_blocks(&zone.cidrs);
    let header = format!(
        "M{},{} v{} a8,8 0 0 1 8,-8 h{} a8,8 0 0 1 8,8 v{} z",
        fmt(r.x),
        fmt(r.y + ZONE_HEADER),
        fmt(8.0 - ZONE_HEADER),
        fmt(r.w - 16.0),
        fmt(ZONE_HEADER - 8.0)
    );
    html! {
        g id={ "zone-" (zone.id.0) } class="zone" {
            title { (zone.name) " — " (zone.kind.label()) @if !ranges.is_empty() { ", " (ranges) } }
            rect x=(N(r.x)) y=(N(r.y)) width=(N(r.w)) height=(N(r.h)) rx="8"
                fill=(color) fill-opacity=(style::ZONE_FILL_OPACITY) stroke="none" {}
            path d=(header) fill=(color) fill-opacity=(style::ZONE_HEADER_OPACITY) {}
            rect x=(N(r.x + 0.75)) y=(N(r.y + 0.75)) width=(N(r.w - 1.5)) height=(N(r.h - 1.5))
                rx="8" fill="none" stroke=(color) stroke-width="1.5" {}
        }
    }
}

/// A zone's title and address ranges, drawn above the flows so that no arrow crossing
/// the title bar hides them (with the flow labels' halo).
fn zone_label_markup(zone: &Zone, r: Rect) -> Markup {
    let title = zone_title(zone);
    let ranges = join_blocks(&zone.cidrs);
    let title_w = width(&title, style::NAME_SIZE, false);
    let ranges_w = width(&ranges, style::SMALL_SIZE, true);
    // The ranges go in the title bar when they fit, else in the zone's bottom-right
    // corner.
    let in_header = title_w + ranges_w + 30.0 < r.w;
    let ranges_at = if in_header {
        Point::new(r.x + r.w - 10.0, r.y + 17.0)
    } else {
        Point::new(r.x + r.w - 8.0, r.y + r.h - 8.0)
    };
    html! {
        g id={ "zone-label-" (zone.id.0) } class="zone-label" {
            text x=(N(r.x + 10.0)) y=(N(r.y + 18.0)) {
                (elide(&title, style::NAME_SIZE, false, r.w - 20.0))
            }
            @if !ranges.is_empty() {
                text x=(N(ranges_at.x)) y=(N(ranges_at.y)) text-anchor="end" font-family=(MONO)
                    font-size=(N(style::SMALL_SIZE)) fill=(style::TEXT_WEAK) { (ranges) }
            }
        }
    }
}

fn firewall_markup(drawing: &Drawing<'_>, fw: &Firewall, badge: Rect, wires: &[Point]) -> Markup {
    let c = badge.center();
    let joins: Vec<&str> = fw
        .zones
        .iter()
        .filter_map(|z| drawing.plan.zone(*z))
        .map(|z| z.name.as_str())
        .collect();
    html! {
        g id={ "firewall-" (fw.id.0) } class="firewall" {
            title { "Firewall " (fw.name) ": joins " (joins.join(", ")) }
            @for w in wires {
                line x1=(N(c.x)) y1=(N(c.y)) x2=(N(w.x)) y2=(N(w.y)) stroke=(style::FIREWALL)
                    stroke-width="3" {}
                circle cx=(N(w.x)) cy=(N(w.y)) r="4" fill=(style::FIREWALL) {}
            }
            rect x=(N(badge.x)) y=(N(badge.y)) width=(N(badge.w)) height=(N(badge.h)) rx="4"
                fill=(style::FIREWALL) {}
            text x=(N(c.x)) y=(N(c.y + 4.0)) text-anchor="middle" fill="#ffffff"
                font-size=(N(style::FIREWALL_SIZE)) {
                (elide(&fw.name, style::FIREWALL_SIZE, false, badge.w - 8.0))
            }
        }
    }
}

/// The ports along an arrow, turned to read left to right, when the arrow is long enough
/// to hold some of them; the whole label is the tooltip.
fn label_markup(a: &ArrowShape) -> Markup {
    let (s, e) = (a.start, a.end);
    let (dx, dy) = (e.x - s.x, e.y - s.y);
    let room = dx.hypot(dy) - 28.0;
    if room < 36.0 {
        return html! {};
    }
    let label = a.arrow.label();
    let shown = elide(&label, style::LABEL_SIZE, false, room);
    let mut angle = dy.atan2(dx).to_degrees();
    if angle > 90.0 {
        angle -= 180.0;
    } else if angle < -90.0 {
        angle += 180.0;
    }
    let m = Point::new((s.x + e.x) / 2.0, (s.y + e.y) / 2.0);
    html! {
        text x=(N(m.x)) y=(N(m.y)) dy="-3"
            transform={ "rotate(" (N(angle)) " " (N(m.x)) " " (N(m.y)) ")" } {
            @if shown.len() != label.len() { title { (label) } }
            (shown)
        }
    }
}

fn node_markup(
    drawing: &Drawing<'_>,
    catalog: &Catalog,
    node: &Node,
    r: Rect,
    problem: Option<bool>,
) -> Markup {
    let zone = drawing.plan.zone(node.zone);
    let color = zone.map_or(style::CARD_STROKE, |z| style::zone_color(z.kind));
    let roles: Vec<(&str, &str)> = node
        .roles
        .iter()
        .map(|id| {
            catalog
                .role_by_id(id)
                .map_or((id.as_str(), id.as_str()), |r| {
                    (r.short.as_str(), r.name.as_str())
                })
        })
        .collect();
    // Badges in one row; those that do not fit are counted in a last "+N" badge.
    let mut badges: Vec<(f32, f32, String)> = Vec::new();
    let mut x = r.x + 12.0;
    let right = r.x + r.w - 6.0;
    for (i, (short, _)) in roles.iter().enumerate() {
        let w = width(short, style::SMALL_SIZE, false) + 8.0;
        let rest = roles.len() - i - 1;
        let more_w = if rest > 0 {
            width("+99", style::SMALL_SIZE, false) + 12.0
        } else {
            0.0
        };
        if x + w + more_w > right && (rest > 0 || x + w > right) {
            let more = format!("+{}", roles.len() - i);
            let mw = width(&more, style::SMALL_SIZE, false) + 8.0;
            badges.push((x, mw, more));
            break;
        }
        badges.push((x, w, (*short).to_owned()));
        x += w + 4.0;
    }
    let address = node.address.as_ref().map(ToString::to_string);
    let role_names: Vec<&str> = roles.iter().map(|(_, n)| *n).collect();
    let name_room = r.w - 20.0 - if problem.is_some() { 14.0 } else { 0.0 };
    let strip = format!(
        "M{},{} a6,6 0 0 0 -6,6 v{} a6,6 0 0 0 6,6 z",
        fmt(r.x + 6.0),
        fmt(r.y),
        fmt(r.h - 12.0)
    );
    html! {
        g id={ "node-" (node.id.0) } class="node" {
            title {
                (node.name)
                @if let Some(z) = zone { " in " (z.name) }
                @if !role_names.is_empty() { ": " (role_names.join(", ")) }
                @if let Some(a) = &address { " (" (a) ")" }
            }
            @if node.kind == NodeKind::ClientGroup {
                @for k in [8.0, 4.0] {
                    rect x=(N(r.x + k)) y=(N(r.y - k)) width=(N(r.w)) height=(N(r.h)) rx="6"
                        fill=(style::CARD_FILL) stroke=(style::CARD_STROKE) {}
                }
            }
            rect x=(N(r.x)) y=(N(r.y)) width=(N(r.w)) height=(N(r.h)) rx="6"
                fill=(style::CARD_FILL) stroke=(style::CARD_STROKE) {}
            path d=(strip) fill=(color) {}
            text x=(N(r.x + 12.0)) y=(N(r.y + 20.0)) {
                (elide(&node.name, style::NAME_SIZE, false, name_room))
            }
            @for (bx, bw, short) in &badges {
                rect x=(N(*bx)) y=(N(r.y + 26.0)) width=(N(*bw)) height="15" rx="3"
                    fill=(style::BADGE_FILL) {}
                text x=(N(bx + 4.0)) y=(N(r.y + 37.5)) font-size=(N(style::SMALL_SIZE))
                    fill=(style::BADGE_TEXT) { (short) }
            }
            @if let Some(a) = &address {
                text x=(N(r.x + 12.0)) y=(N(r.y + r.h - 7.0)) font-family=(MONO)
                    font-size=(N(style::SMALL_SIZE)) fill=(style::TEXT_WEAK) {
                    (elide(a, style::SMALL_SIZE, true, r.w - 20.0))
                }
            }
            @if let Some(error) = problem {
                circle cx=(N(r.x + r.w - 9.0)) cy=(N(r.y + 9.0)) r="5"
                    fill=(if error { style::ERROR } else { style::WARNING }) {}
                text x=(N(r.x + r.w - 9.0)) y=(N(r.y + 12.0)) text-anchor="middle" font-size="9"
                    font-weight="bold" fill=(style::CARD_FILL) { "!" }
            }
        }
    }
}

/// The legend: what the colours and lines mean, in rows no wider than `max_w`; returns
/// it with the height it adds past the first row.
fn legend(at: Point, max_w: f32) -> (Markup, f32) {
    // (colour, text, how it is drawn)
    let items = [
        (style::FLOW, "flow inside a zone", Sample::Arrow(false)),
        (
            style::FLOW_CROSSING,
            "flow through a firewall",
            Sample::Arrow(false),
        ),
        (
            style::ERROR,
            "flow no firewall joins yet",
            Sample::Arrow(false),
        ),
        (
            style::LINK,
            "uses (takes its roles from)",
            Sample::Arrow(true),
        ),
        (style::FIREWALL, "firewall", Sample::Badge),
        (style::ERROR, "problem found by the check", Sample::Dot),
    ];
    let (mut x, mut y) = (at.x, at.y);
    let mut placed = Vec::new();
    for (color, text, sample) in items {
        let w = 40.0 + width(text, style::SMALL_SIZE, false) + 24.0;
        if x > at.x && x + w > at.x + max_w {
            x = at.x;
            y += 22.0;
        }
        placed.push((x, y, color, text, sample));
        x += w;
    }
    let markup = html! {
        g id="legend" font-size=(N(style::SMALL_SIZE)) fill=(style::TEXT_WEAK) {
            @for (x, y, color, text, sample) in placed {
                @match sample {
                    Sample::Arrow(dashed) => {
                        line x1=(N(x)) y1=(N(y - 4.0)) x2=(N(x + 32.0)) y2=(N(y - 4.0)) stroke=(color)
                            stroke-width="1.5" stroke-dasharray=(if dashed { "8 5" } else { "none" })
                            marker-end={ "url(#head-" (legend_marker(color, dashed)) ")" } {}
                    }
                    Sample::Badge => {
                        rect x=(N(x)) y=(N(y - 12.0)) width="32" height="14" rx="3" fill=(color) {}
                    }
                    Sample::Dot => {
                        circle cx=(N(x + 26.0)) cy=(N(y - 4.0)) r="5" fill=(color) {}
                    }
                }
                text x=(N(x + 40.0)) y=(N(y)) { (text) }
            }
        }
    };
    (markup, y - at.y)
}

#[derive(Clone, Copy)]
enum Sample {
    Arrow(bool),
    Badge,
    Dot,
}

fn legend_marker(color: &str, dashed: bool) -> &'static str {
    match color {
        _ if dashed => "link",
        c if c == style::FLOW_CROSSING => "crossing",
        c if c == style::ERROR => "unrouted",
        _ => "inside",
    }
}

/// A number for path data, with at most one decimal.
fn fmt(v: f32) -> String {
    let mut s = String::new();
    N(v).render_to(&mut s);
    s
}
