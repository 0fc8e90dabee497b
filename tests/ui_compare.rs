//! Compare mode in the app (*File ▸ Compare with...*), driven through egui_kittest: the
//! RD Web Access move of the README's worked example shows as coloured changes, a
//! summary in the status bar, and leaving compare mode restores the normal view.
#![cfg(feature = "gui")]

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portolan::app::PortolanApp;
use portolan::catalog::Catalog;
use std::path::Path;

const OLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/rds-perimeter.ron");
const NEW: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/diff/rds-rdweb-internal.ron"
);

fn harness() -> Harness<'static, PortolanApp> {
    let catalog = Catalog::builtin().expect("built-in catalog");
    let plan = portolan::io::load_plan(Path::new(NEW), &catalog).expect("fixture loads");
    let app = PortolanApp::new(catalog, plan, Some(NEW.into()));
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut PortolanApp| app.ui(ui), app);
    h.run();
    h
}

#[test]
fn compare_with_a_saved_file_then_leave() {
    let mut h = harness();
    assert!(h.state().compare_summary().is_none());
    assert!(h.state_mut().compare_with(Path::new(OLD)));
    h.run();
    let summary = h
        .state()
        .compare_summary()
        .expect("compare mode")
        .to_owned();
    assert_eq!(
        summary,
        "Compared with rds-perimeter.ron: rules +5 -5 ~2; 2 plan change(s)"
    );
    // The status bar and the Changes tab show it, each change in its colour.
    assert!(h.query_all_by_label(&summary).count() >= 1);
    let lines = h.state().compare_lines().to_vec();
    assert_eq!(lines.len(), 12);
    let removed = lines
        .iter()
        .find(|l| l.text.starts_with("- firewall internal: rdweb01 -> rdcb01"))
        .expect("the perimeter WMI flow is removed");
    assert_eq!(
        removed.mark.color(),
        egui::Color32::from_rgb(0xd0, 0x30, 0x30)
    );
    h.get_by_label(&removed.text);
    assert!(
        lines
            .iter()
            .any(|l| l.text.starts_with("+ host firewall of dc01"))
    );
    assert!(lines.iter().any(|l| l.text.starts_with("~ firewall edge")));

    // An edit of the open plan redoes the comparison.
    let id = h
        .state()
        .plan()
        .nodes
        .iter()
        .find(|n| n.name == "adm01")
        .map(|n| n.id)
        .expect("adm01");
    let mut sel = portolan::app::Selection::default();
    sel.nodes.insert(id);
    *h.state_mut().selection_mut() = sel;
    let deletion = h.state().selection().deletion();
    h.state_mut()
        .apply(portolan::app::Command::Delete(deletion));
    h.run();
    let after = h
        .state()
        .compare_summary()
        .expect("still comparing")
        .to_owned();
    assert_ne!(after, summary, "the comparison follows the edit");

    // Leaving restores the view: no summary, no Changes tab.
    h.get_by_label("Leave compare mode").click();
    h.run();
    assert!(h.state().compare_summary().is_none());
    assert!(h.query_by_label("Changes").is_none());
    assert!(h.query_by_label(&after).is_none());
}

#[test]
fn compare_with_the_saved_version_from_the_menu() {
    let mut h = harness();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Compare with the saved version")
        .click();
    h.run();
    assert_eq!(
        h.state().compare_summary(),
        Some("Compared with rds-rdweb-internal.ron: no difference")
    );
    h.get_by_label("File").click();
    h.run();
    // The menu's item (the Changes tab has a button of the same name).
    h.query_all_by_label_contains("Leave compare mode")
        .next()
        .expect("in the menu")
        .click();
    h.run();
    assert!(h.state().compare_summary().is_none());
}
