//! The diagram exports: the SVG of each example carries every zone, firewall and server
//! with its name, parses with usvg and renders with resvg; the PNG has the size asked for
//! and is not blank; `--flows` decides which arrows are drawn; names are escaped.

mod common;
#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use common::{catalog, example};
use portolan::diagram::{Drawing, FlowFilter, plan_svg, png_size, render_png, svg_size};
use portolan::engine::analyze;
use portolan::export::{ExportOptions, export_to_writer, find_format};
use portolan::model::Plan;
use portolan::rules::RuleSet;
use resvg::tiny_skia::Pixmap;
use resvg::usvg::roxmltree::{Document, Node};
use std::collections::HashSet;

const EXAMPLES: [&str; 4] = ["rds-perimeter", "wds-pxe", "small-office", "enterprise"];

fn export(plan: &Plan, format: &str, options: &ExportOptions) -> Vec<u8> {
    let catalog = catalog();
    let analysis = analyze(plan, &catalog);
    let rules = RuleSet::new(plan, &catalog, &analysis);
    let mut out = Vec::new();
    export_to_writer(find_format(format).unwrap(), &rules, options, &mut out).unwrap();
    out
}

fn svg_of(plan: &Plan, flows: FlowFilter) -> String {
    let options = ExportOptions {
        flows,
        ..ExportOptions::default()
    };
    String::from_utf8(export(plan, "svg", &options)).unwrap()
}

fn by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Option<Node<'a, 'i>> {
    doc.descendants().find(|n| n.attribute("id") == Some(id))
}

/// The visible texts of an element (its `<text>` descendants), in order.
fn texts(node: Node<'_, '_>) -> Vec<String> {
    node.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| {
            t.descendants()
                .filter(|c| c.is_text() && !c.parent().is_some_and(|p| p.has_tag_name("title")))
                .filter_map(|c| c.text())
                .collect()
        })
        .collect()
}

fn title(node: Node<'_, '_>) -> String {
    node.children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default()
        .to_owned()
}

/// `shown` is `name`, or its start cut with an ellipsis.
fn shows(shown: &str, name: &str) -> bool {
    shown == name
        || shown
            .strip_suffix('…')
            .is_some_and(|s| !s.is_empty() && name.starts_with(s))
}

#[test]
fn every_zone_firewall_and_server_is_drawn_with_its_name() {
    for name in EXAMPLES {
        let plan = example(name);
        let svg = svg_of(&plan, FlowFilter::All);
        let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        for z in &plan.zones {
            let g = by_id(&doc, &format!("zone-{}", z.id.0))
                .unwrap_or_else(|| panic!("{name}: zone {}", z.name));
            assert!(title(g).starts_with(&z.name));
            // The title and ranges are drawn after the flows, so no arrow hides them.
            let label = by_id(&doc, &format!("zone-label-{}", z.id.0))
                .unwrap_or_else(|| panic!("{name}: zone label {}", z.name));
            assert!(
                texts(label)[0].starts_with(&z.name),
                "{name}: zone {} shows {:?}",
                z.name,
                texts(label)
            );
            let order = |id: &str| {
                doc.descendants()
                    .position(|n| n.attribute("id") == Some(id))
                    .unwrap_or_else(|| panic!("{name}: no {id}"))
            };
            assert!(order("flows") < order("zone-labels"), "{name}");
            for block in &z.cidrs {
                assert!(
                    texts(label).iter().any(|t| t.contains(&block.to_string())),
                    "{name}: {} ranges",
                    z.name
                );
            }
        }
        for f in &plan.firewalls {
            let g = by_id(&doc, &format!("firewall-{}", f.id.0))
                .unwrap_or_else(|| panic!("{name}: firewall {}", f.name));
            assert_eq!(texts(g), vec![f.name.clone()], "{name}");
        }
        let catalog = catalog();
        for n in &plan.nodes {
            let g = by_id(&doc, &format!("node-{}", n.id.0))
                .unwrap_or_else(|| panic!("{name}: node {}", n.name));
            let t = texts(g);
            assert!(
                shows(&t[0], &n.name),
                "{name}: node {} shows {:?}",
                n.name,
                t[0]
            );
            assert!(title(g).starts_with(&n.name));
            // The first role's badge, and the address when it has one.
            let short = &catalog.role_by_id(&n.roles[0]).unwrap().short;
            assert_eq!(&t[1], short, "{name}: {}", n.name);
            if let Some(a) = &n.address {
                let a = a.to_string();
                assert!(
                    t.iter().any(|x| shows(x, &a)),
                    "{name}: {} address in {t:?}",
                    n.name
                );
            }
        }
    }
}

/// The (source, destination) pairs of the example's flows, as the arrows join them.
fn flow_pairs(plan: &Plan, crossing_only: bool) -> HashSet<(u32, u32)> {
    let catalog = catalog();
    let analysis = analyze(plan, &catalog);
    let zone = |id| plan.nodes.iter().find(|n| n.id == id).unwrap().zone;
    analysis
        .flows
        .iter()
        .filter(|f| {
            !crossing_only
                || analysis
                    .router
                    .path(zone(f.source), zone(f.destination))
                    .is_none_or(|p| !p.is_empty())
        })
        .map(|f| (f.source.0, f.destination.0))
        .collect()
}

fn lines_in(doc: &Document<'_>, group: &str) -> usize {
    by_id(doc, group).map_or(0, |g| {
        g.descendants().filter(|n| n.has_tag_name("line")).count()
    })
}

#[test]
fn flows_option_decides_which_arrows_are_drawn() {
    let plan = example("rds-perimeter");
    let all = svg_of(&plan, FlowFilter::All);
    let doc = Document::parse(&all).unwrap();
    let pairs = flow_pairs(&plan, false);
    assert!(pairs.len() > 20);
    assert_eq!(lines_in(&doc, "flows"), pairs.len());

    let crossing = svg_of(&plan, FlowFilter::Crossing);
    let doc = Document::parse(&crossing).unwrap();
    let crossing_pairs = flow_pairs(&plan, true);
    assert!(crossing_pairs.len() < pairs.len());
    assert_eq!(lines_in(&doc, "flows"), crossing_pairs.len());
    let inside = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("flows-inside"))
        .unwrap();
    assert_eq!(inside.children().filter(|c| c.is_element()).count(), 0);

    let none = svg_of(&plan, FlowFilter::None);
    let doc = Document::parse(&none).unwrap();
    assert_eq!(lines_in(&doc, "flows"), 0);
    assert_eq!(lines_in(&doc, "flow-labels"), 0);
    // Zones, firewalls and servers are all still there.
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("node"))
            .count(),
        plan.nodes.len()
    );
}

#[test]
fn every_arrow_is_labelled_with_its_ports_when_it_has_room() {
    let plan = example("small-office");
    let svg = svg_of(&plan, FlowFilter::All);
    let doc = Document::parse(&svg).unwrap();
    let labels = texts(by_id(&doc, "flow-labels").unwrap());
    assert!(!labels.is_empty());
    assert!(
        labels
            .iter()
            .all(|l| ["TCP ", "UDP ", "ICMP "].iter().any(|p| l.starts_with(p))),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l.contains("3389")), "{labels:?}");
}

#[test]
fn svg_renders_with_resvg_and_png_has_the_size_asked_for() {
    for name in EXAMPLES {
        let plan = example(name);
        let svg = svg_of(&plan, FlowFilter::All);
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
        let size = tree.size();
        for scale in [1.0_f32, 2.0] {
            let png = render_png(&svg, scale).unwrap();
            let pixmap = Pixmap::decode_png(&png).unwrap();
            assert_eq!(
                pixmap.width(),
                (size.width() * scale).ceil() as u32,
                "{name} at {scale}"
            );
            assert_eq!(
                pixmap.height(),
                (size.height() * scale).ceil() as u32,
                "{name} at {scale}"
            );
            // Not blank: many pixels differ from the background, in many colours.
            let background = pixmap.pixel(1, 1).unwrap();
            let pixels = pixmap.pixels();
            let drawn = pixels.iter().filter(|p| **p != background).count();
            assert!(
                drawn * 5 > pixels.len(),
                "{name}: only {drawn} of {} pixels drawn",
                pixels.len()
            );
            let colours: HashSet<_> = pixels
                .iter()
                .map(|p| (p.red(), p.green(), p.blue()))
                .collect();
            assert!(colours.len() > 50, "{name}: {} colours", colours.len());
        }
    }
}

#[test]
fn png_export_goes_through_the_format_list_and_checks_the_scale() {
    let plan = example("small-office");
    let png = export(
        &plan,
        "png",
        &ExportOptions {
            scale: 0.5,
            ..ExportOptions::default()
        },
    );
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let svg = svg_of(&plan, FlowFilter::All);
    let full = Pixmap::decode_png(&render_png(&svg, 1.0).unwrap()).unwrap();
    let half = Pixmap::decode_png(&png).unwrap();
    assert_eq!(half.width(), full.width().div_ceil(2));
    for bad in [0.0, -1.0, f32::NAN, 100.0] {
        let e = render_png(&svg, bad).unwrap_err();
        assert!(e.to_string().contains("scale"), "{e}");
    }
}

#[test]
fn names_are_escaped_and_come_back_as_written() {
    let mut plan = example("small-office");
    let hostile = "a<b>&\"c' </text><script>alert(1)</script>";
    plan.name = hostile.to_owned();
    plan.zones[0].name = hostile.to_owned();
    plan.firewalls[0].name = "<fw>&".to_owned();
    plan.nodes[0].name = "<n>".to_owned();
    let svg = svg_of(&plan, FlowFilter::All);
    let doc = Document::parse(&svg).unwrap();
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    assert_eq!(title(doc.root_element()), hostile);
    let zone = by_id(&doc, &format!("zone-{}", plan.zones[0].id.0)).unwrap();
    assert!(title(zone).starts_with(hostile));
    let label = by_id(&doc, &format!("zone-label-{}", plan.zones[0].id.0)).unwrap();
    assert!(shows(
        &texts(label)[0],
        &portolan::diagram::zone_title(&plan.zones[0])
    ));
    assert_eq!(
        texts(by_id(&doc, &format!("firewall-{}", plan.firewalls[0].id.0)).unwrap()),
        vec!["<fw>&"]
    );
    assert_eq!(
        texts(by_id(&doc, &format!("node-{}", plan.nodes[0].id.0)).unwrap())[0],
        "<n>"
    );
}

#[test]
fn objects_without_positions_are_placed_inside_their_zone() {
    let mut plan = example("wds-pxe");
    plan.layout = Default::default();
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let drawing = Drawing::new(&plan, &analysis, FlowFilter::All);
    for (node, card) in plan.nodes.iter().zip(&drawing.cards) {
        let zone = plan.zones.iter().position(|z| z.id == node.zone).unwrap();
        let r = drawing.zones[zone];
        assert!(
            r.contains(card.min()) && r.contains(card.max()),
            "{} outside its zone",
            node.name
        );
    }
    let svg = plan_svg(&plan, &catalog, &analysis, FlowFilter::All);
    Document::parse(&svg).unwrap();
}

#[test]
fn a_picture_too_large_is_refused_from_its_size_with_the_renderers_message() {
    // One zone moved 40,000 units away: the picture is far over the PNG bounds.
    let mut plan = example("small-office");
    let zone = plan.zones[0].id;
    let r = plan.layout.zones[&zone];
    plan.layout
        .zones
        .insert(zone, portolan::model::Rect { x: 40_000.0, ..r });
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let drawing = Drawing::new(&plan, &analysis, FlowFilter::All);
    let (w, h) = svg_size(&drawing);
    let svg = plan_svg(&plan, &catalog, &analysis, FlowFilter::All);
    // The size computed from the drawing is the size the SVG declares.
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
    assert_eq!((tree.size().width(), tree.size().height()), (w, h));
    let late = render_png(&svg, 1.0).unwrap_err().to_string();
    assert!(late.contains("lower --scale, or export SVG"), "{late}");
    assert_eq!(png_size(w, h, 1.0).unwrap_err().to_string(), late);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let e = export_to_writer(
        find_format("png").unwrap(),
        &rules,
        &ExportOptions::default(),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains(&late), "{e}");
    // A quarter of the scale fits.
    assert!(png_size(w, h, 0.25).is_ok());
}

/// Every firewall badge of `plan`'s drawing clear of every card, every zone's title bar
/// and every other badge.
fn assert_badges_cover_nothing(what: &str, plan: &Plan) {
    use portolan::diagram::ZONE_HEADER;
    use portolan::model::Rect;
    let over =
        |a: Rect, b: Rect| a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    let catalog = catalog();
    let analysis = analyze(plan, &catalog);
    let drawing = Drawing::new(plan, &analysis, FlowFilter::None);
    assert_eq!(drawing.firewalls.len(), plan.firewalls.len(), "{what}");
    for (i, f) in drawing.firewalls.iter().enumerate() {
        let name = &plan.firewalls[f.index].name;
        for (card, node) in drawing.cards.iter().zip(&plan.nodes) {
            assert!(!over(f.badge, *card), "{what}: {name} covers {}", node.name);
        }
        for (r, zone) in drawing.zones.iter().zip(&plan.zones) {
            let title = Rect::new(r.x, r.y, r.w, ZONE_HEADER);
            assert!(
                !over(f.badge, title),
                "{what}: {name} covers the title of {}",
                zone.name
            );
        }
        for g in &drawing.firewalls[..i] {
            let other = &plan.firewalls[g.index].name;
            assert!(!over(f.badge, g.badge), "{what}: {name} covers {other}");
        }
    }
}

#[test]
fn firewall_badges_cover_no_card_no_zone_title_and_no_other_badge() {
    for name in EXAMPLES {
        assert_badges_cover_nothing(name, &example(name));
    }
    // Firewalls of three to eight zones: the sites' datacenter firewalls and the campus.
    let estate = synth::synth_plan(3_000);
    assert!(estate.firewalls.iter().any(|f| f.zones.len() >= 3));
    assert_badges_cover_nothing("synthetic estate", &estate);
    // One firewall joining every zone, laid out in rows.
    let hub = synth::segmented_plan(synth::Shape::Hub, 120, 3);
    assert_badges_cover_nothing("synthetic hub", &hub);
}

#[test]
fn auto_draws_every_flow_of_a_small_plan_and_only_the_crossing_ones_of_a_large_one() {
    use portolan::diagram::AUTO_ARROWS;
    let catalog = catalog();
    let small = example("rds-perimeter");
    let analysis = analyze(&small, &catalog);
    let auto = Drawing::new(&small, &analysis, FlowFilter::Auto);
    let all = Drawing::new(&small, &analysis, FlowFilter::All);
    assert_eq!(auto.arrows, all.arrows);
    assert_eq!(
        (auto.flows, auto.left_out, auto.links_left_out),
        (FlowFilter::All, 0, 0)
    );

    // 2,500 nodes: more than AUTO_ARROWS arrows.
    let large = synth::synth_plan(2_500);
    let analysis = analyze(&large, &catalog);
    let all = Drawing::new(&large, &analysis, FlowFilter::All);
    assert!(all.arrows.len() > AUTO_ARROWS, "{}", all.arrows.len());
    let crossing = Drawing::new(&large, &analysis, FlowFilter::Crossing);
    let auto = Drawing::new(&large, &analysis, FlowFilter::Auto);
    assert_eq!(auto.flows, FlowFilter::Crossing);
    assert_eq!(auto.arrows, crossing.arrows);
    assert_eq!(auto.left_out, all.arrows.len() - crossing.arrows.len());
    assert!(auto.left_out > 0);
    // The "uses" links are left out too, by every filter but `All`.
    assert!(large.uses.len() > AUTO_ARROWS);
    assert!(auto.links.is_empty() && crossing.links.is_empty());
    assert_eq!(all.links.len(), large.uses.len());
    assert_eq!(auto.links_left_out, large.uses.len());
    assert_eq!(crossing.links_left_out, large.uses.len());
    assert_eq!(
        (crossing.left_out, all.left_out, all.links_left_out),
        (0, 0, 0)
    );
    // The picture says what it leaves out and how to have it.
    let svg = portolan::diagram::svg(&auto, &catalog, &analysis);
    let doc = Document::parse(&svg).unwrap();
    let subtitle = texts(by_id(&doc, "heading").unwrap())[1].clone();
    assert!(
        subtitle.contains(&format!("{} arrows inside zones", auto.left_out))
            && subtitle.contains(&format!("{} \"uses\" links", large.uses.len()))
            && subtitle.contains("--flows all"),
        "{subtitle}"
    );
    assert_eq!(lines_in(&doc, "links"), 0);
}
