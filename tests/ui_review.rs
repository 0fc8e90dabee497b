//! The app's *Review* tab and the canvas marks of broad rules, through egui_kittest.
#![cfg(feature = "gui")]

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portolan::app::PortolanApp;
use portolan::catalog::Catalog;
use portolan::model::NodeId;
use portolan::review::{Knowledge, Severity, review};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/rds-perimeter.ron");

#[test]
fn a_finding_selects_its_rule_and_servers() {
    let catalog = Catalog::builtin().expect("catalog");
    let plan = portolan::io::load_plan(std::path::Path::new(EXAMPLE), &catalog).expect("example");
    let analysis = portolan::engine::analyze(&plan, &catalog);
    let expected = review(
        &plan,
        &catalog,
        &analysis,
        &Knowledge::builtin(&catalog).expect("data"),
    );
    let first = expected
        .findings
        .first()
        .expect("the example has findings")
        .clone();
    assert_eq!(first.severity, Severity::High);

    let app = PortolanApp::new(catalog, plan, None);
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut PortolanApp| app.ui(ui), app);
    h.run();
    let tab = format!("Review ({})", expected.findings.len());
    h.get_by_label(&tab).click();
    h.run();
    // The first line: the rdgw01 -> dc01 dynamic range at the internal firewall.
    let line = "dynamic RPC range: rdgw01 -> dc01 at internal, TCP 49152-65535";
    h.get_by_label(line).click();
    h.run();
    let selection = h.state().selection();
    let nodes: Vec<NodeId> = selection.nodes.iter().copied().collect();
    assert_eq!(nodes, [first.source, first.destination]);
    assert_eq!(nodes, [NodeId(30), NodeId(45)]);
    let table = &h.state().document().derived().table;
    let row = selection
        .row
        .expect("the rule is selected in the rules table");
    assert_eq!(
        table.get(row).map(|r| (r.source, r.destination)),
        Some((NodeId(30), NodeId(45)))
    );

    // The canvas marks the arrows of broad rules: rdgw01 -> dc01 (high) and not the
    // administration arrows from the more trusted management zone.
    let derived = h.state().document().derived();
    let risk = |from: u32, to: u32| {
        derived
            .edges
            .iter()
            .position(|e| e.from == NodeId(from) && e.to == NodeId(to))
            .and_then(|i| derived.edge_risk[i])
    };
    assert_eq!(risk(30, 45), Some(Severity::High));
    assert_eq!(risk(50, 45), None);
    let edge = derived
        .edges
        .iter()
        .position(|e| e.from == NodeId(30) && e.to == NodeId(45))
        .expect("edge");
    let label = derived.edge_label(edge, h.state().document().plan());
    assert!(
        label.ends_with("\nrisk: high (see the Review tab)"),
        "{label}"
    );
}

#[test]
fn the_inspector_shows_a_zones_trust_and_a_custom_zone_chooses_it() {
    use portolan::model::{Trust, ZoneId, ZoneKind};
    let catalog = Catalog::builtin().expect("catalog");
    let mut plan =
        portolan::io::load_plan(std::path::Path::new(EXAMPLE), &catalog).expect("example");
    // Management (zone 4) keeps its kind's trust; make the perimeter (zone 2) a custom zone.
    if let Some(z) = plan.zones.iter_mut().find(|z| z.id == ZoneId(2)) {
        z.kind = ZoneKind::Custom;
    }
    let app = PortolanApp::new(catalog, plan, None);
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut PortolanApp| app.ui(ui), app);
    h.run();
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Zone(ZoneId(4)));
    h.run();
    h.get_by_label("Management (from the kind)");
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Zone(ZoneId(2)));
    h.run();
    h.get_by_label("zone trust").click();
    h.run();
    // The list offers the default (a custom zone is taken as internal) and each level.
    h.get_by_label("Internal (default)");
    // "Perimeter" is also the zone's name on the canvas: the choice is in the open list.
    let choices: Vec<_> = h.query_all_by_label("Perimeter").collect();
    assert!(choices.len() >= 2);
    choices.last().expect("the choice").click();
    h.run();
    let zone = h
        .state()
        .plan()
        .zones
        .iter()
        .find(|z| z.id == ZoneId(2))
        .cloned();
    assert_eq!(zone.and_then(|z| z.trust), Some(Trust::Perimeter));
    assert!(
        h.state().document().is_dirty(),
        "choosing the trust is an edit"
    );
}
