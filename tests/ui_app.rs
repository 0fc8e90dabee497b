//! The desktop app driven through egui_kittest: no GPU or display needed.
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, Vec2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portolan::app::PortolanApp;
use portolan::catalog::Catalog;
use portolan::model::{FirewallId, NodeId, Plan, UsesLink, ZoneId};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/rds-perimeter.ron");

fn catalog() -> Catalog {
    Catalog::builtin().expect("built-in catalog")
}

fn example() -> Plan {
    portolan::io::load_plan(std::path::Path::new(EXAMPLE), &catalog()).expect("example loads")
}

fn harness(plan: Plan) -> Harness<'static, PortolanApp> {
    let app = PortolanApp::new(catalog(), plan, None);
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut PortolanApp| app.ui(ui), app);
    h.run();
    h
}

/// Matrix rows as (firewall, source, destination, service) text.
fn rows(app: &PortolanApp) -> Vec<(String, String, String, String)> {
    let plan = app.plan();
    let catalog = catalog();
    let analysis = portolan::engine::analyze(plan, &catalog);
    portolan::export::rules_cells(&portolan::rules::RuleSet::new(plan, &catalog, &analysis))
        .into_iter()
        .map(|c| (c[0].clone(), c[2].clone(), c[5].clone(), c[9].clone()))
        .collect()
}

/// Presses the primary button at `from`, moves in steps to `to`, releases.
fn drag(h: &mut Harness<'_, PortolanApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for k in 1..=6 {
        h.hover_at(from.lerp(to, k as f32 / 6.0));
        h.step();
    }
    h.drop_at(to);
    h.run();
}

/// Presses and releases `button` at `pos` with `modifiers` held, without running a frame.
fn click_at(
    h: &mut Harness<'_, PortolanApp>,
    pos: Pos2,
    button: egui::PointerButton,
    modifiers: Modifiers,
) {
    for pressed in [true, false] {
        h.event_modifiers(
            egui::Event::PointerButton {
                pos,
                button,
                pressed,
                modifiers,
            },
            modifiers,
        );
    }
}

/// The selected nodes, in id order.
fn selected_nodes(h: &Harness<'_, PortolanApp>) -> Vec<NodeId> {
    h.state().selection().nodes.iter().copied().collect()
}

fn undo(h: &mut Harness<'_, PortolanApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

fn redo(h: &mut Harness<'_, PortolanApp>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
}

#[test]
fn palette_zone_node_and_role_show_new_flows_in_the_table() {
    let mut h = harness(Plan::default());
    h.get_by_label("+ Internal").click();
    h.run();
    assert_eq!(
        h.state().plan().zones.len(),
        1,
        "the zone button adds a zone"
    );
    h.get_by_role_and_label(Role::Button, "RD Licensing  [LIC]")
        .click();
    h.run();
    // The palette lists four groups of roles: the DNS server's button may need scrolling to.
    h.get_by_role_and_label(Role::Button, "DNS server  [DNS]")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, "DNS server  [DNS]")
        .click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.nodes.len(), 2);
    assert!(plan.nodes.iter().all(|n| n.zone == plan.zones[0].id));
    let dns = plan.nodes[1].id;
    assert_eq!(selected_nodes(&h), vec![dns]);
    let before = rows(h.state());
    assert!(!before.iter().any(|r| r.3.contains("LDAP")));

    // Give the selected node the domain controller role in the inspector.
    h.get_by_role_and_label(Role::CheckBox, "Domain controller  [DC]")
        .click();
    h.run();
    let node = h.state().plan().node(dns).expect("node");
    assert!(node.has_role("domain_controller"));
    let after = rows(h.state());
    assert_ne!(after, before, "the role changes the matrix");
    let ldap = after
        .iter()
        .find(|r| r.1 == "RD Licensing" && r.2 == "DNS server" && r.3.contains("LDAP"))
        .expect("licensing server reaches the new DC over LDAP");
    // The table shows it.
    assert!(
        h.query_by_label(&ldap.3).is_some(),
        "the table lists the new flow"
    );
    let counter = format!("Rules ({})", after.len());
    assert!(h.query_by_label(&counter).is_some());
    // The status bar names the two counts as the tab and the table do: flows (what the
    // roles need) and rules (the matrix rows they merge into).
    let flows = portolan::engine::analyze(h.state().plan(), &catalog())
        .flows
        .len();
    let status = format!("{flows} flows · {} rules", after.len());
    assert!(h.query_by_label_contains(&status).is_some(), "{status}");
    assert!(
        h.query_by_label_contains(&format!("of {} rules", after.len()))
            .is_some(),
        "the table's count"
    );

    undo(&mut h);
    assert!(
        !h.state()
            .plan()
            .node(dns)
            .expect("node")
            .has_role("domain_controller")
    );
    assert_eq!(rows(h.state()), before);
    undo(&mut h);
    assert_eq!(h.state().plan().nodes.len(), 1, "undo removes the node");
    undo(&mut h);
    assert_eq!(h.state().plan().nodes.len(), 0);
    undo(&mut h);
    assert!(h.state().plan().zones.is_empty(), "undo removes the zone");
    for _ in 0..4 {
        redo(&mut h);
    }
    assert!(
        h.state()
            .plan()
            .node(dns)
            .expect("node")
            .has_role("domain_controller")
    );
    assert_eq!(rows(h.state()), after);
}

#[test]
fn dragging_a_node_into_another_zone_moves_it_there_and_changes_the_matrix() {
    let mut h = harness(example());
    let web = NodeId(31);
    let internal = ZoneId(3);
    let before = rows(h.state());
    let key = |r: &(String, String, String, String)| {
        r.0 == "internal" && r.1 == "remote clients" && r.2 == "rdweb01"
    };
    assert!(!before.iter().any(key));
    let card = h.state().node_screen_rect(web).expect("card on screen");
    // Empty space in the Internal zone, below the session hosts.
    let target = h.state().canvas_to_screen(pos2(800.0, 560.0));
    drag(&mut h, card.center(), target);
    assert_eq!(
        h.state().plan().node(web).expect("node").zone,
        internal,
        "dropped into Internal"
    );
    let after = rows(h.state());
    assert_ne!(after, before);
    assert!(
        after.iter().any(key),
        "clients now reach rdweb01 through the internal firewall"
    );
    assert!(h.state().document().is_dirty());

    undo(&mut h);
    assert_eq!(h.state().plan().node(web).expect("node").zone, ZoneId(2));
    assert_eq!(rows(h.state()), before);
    redo(&mut h);
    assert_eq!(h.state().plan().node(web).expect("node").zone, internal);
    assert_eq!(rows(h.state()), after);
}

#[test]
fn a_drag_makes_one_undo_step_and_moves_the_whole_selection() {
    let mut h = harness(example());
    let (a, b) = (NodeId(41), NodeId(42));
    let pa = h.state().plan().layout.nodes[&a];
    let pb = h.state().plan().layout.nodes[&b];
    // Select both with shift-click.
    let ra = h.state().node_screen_rect(a).expect("a");
    let rb = h.state().node_screen_rect(b).expect("b");
    h.hover_at(ra.center());
    h.step();
    h.get_by_label("Fit").hover();
    click_at(
        &mut h,
        ra.center(),
        egui::PointerButton::Primary,
        Modifiers::NONE,
    );
    h.run();
    click_at(
        &mut h,
        rb.center(),
        egui::PointerButton::Primary,
        Modifiers::SHIFT,
    );
    h.run();
    assert_eq!(
        h.state().selection().nodes.len(),
        2,
        "shift-click adds to the selection"
    );
    let zoom = ra.width() / 168.0;
    drag(&mut h, ra.center(), ra.center() + vec2(0.0, 20.0 * zoom));
    let (na, nb) = (
        h.state().plan().layout.nodes[&a],
        h.state().plan().layout.nodes[&b],
    );
    assert!(
        (na.y - pa.y - 20.0).abs() < 0.5,
        "a moved 20 units: {pa:?} -> {na:?}"
    );
    assert!((nb.y - pb.y - 20.0).abs() < 0.5, "b moved with it");
    undo(&mut h);
    assert_eq!(
        h.state().plan().layout.nodes[&a],
        pa,
        "one undo reverts the whole drag"
    );
    assert_eq!(h.state().plan().layout.nodes[&b], pb);
}

#[test]
fn firewalls_are_created_between_zones_and_removed() {
    let mut h = harness(Plan::default());
    h.get_by_label("+ Internal").click();
    h.run();
    h.get_by_label("+ Clients").click();
    h.run();
    let zones: Vec<ZoneId> = h.state().plan().zones.iter().map(|z| z.id).collect();
    assert_eq!(zones.len(), 2);
    // The new Clients zone is selected: its inspector offers a firewall to the other zone.
    h.get_by_label("Add firewall to...").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Internal").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.firewalls.len(), 1);
    let fw: FirewallId = plan.firewalls[0].id;
    assert_eq!(
        plan.firewalls[0].name, "Clients–Internal",
        "named after its zones"
    );
    let mut joined = plan.firewalls[0].zones.clone();
    joined.sort();
    assert_eq!(joined, zones);

    // Click it on the canvas and delete it with the Delete key.
    let r = h.state().firewall_screen_rect(fw).expect("drawn");
    h.hover_at(r.center());
    h.step();
    click_at(
        &mut h,
        r.center(),
        egui::PointerButton::Primary,
        Modifiers::NONE,
    );
    h.run();
    assert!(
        h.state().selection().firewalls.contains(&fw),
        "clicking a firewall selects it"
    );
    h.key_press(Key::Delete);
    h.run();
    assert!(h.state().plan().firewalls.is_empty(), "Delete removes it");
    undo(&mut h);
    assert_eq!(h.state().plan().firewalls.len(), 1, "undo restores it");
    redo(&mut h);
    assert!(
        h.state().plan().firewalls.is_empty(),
        "redo removes it again"
    );
    undo(&mut h);
    undo(&mut h);
    assert!(
        h.state().plan().firewalls.is_empty(),
        "undo of the creation"
    );
    redo(&mut h);
    assert_eq!(h.state().plan().firewalls.len(), 1, "redo of the creation");
}

#[test]
fn dragging_from_a_card_handle_to_another_node_draws_a_uses_link() {
    let mut h = harness(example());
    let (sh, dc) = (NodeId(41), NodeId(45));
    assert!(h.state().plan().uses.is_empty());
    let from = h.state().node_screen_rect(sh).expect("sh");
    let to = h.state().node_screen_rect(dc).expect("dc");
    // Select the card so its handle shows, then drag from the handle.
    h.hover_at(from.center());
    h.step();
    drag(&mut h, from.right_center(), to.center());
    let link = UsesLink { from: sh, to: dc };
    assert_eq!(h.state().plan().uses, vec![link]);
    assert_eq!(
        h.state().plan().layout.nodes[&sh],
        example().layout.nodes[&sh],
        "the card did not move"
    );
    undo(&mut h);
    assert!(h.state().plan().uses.is_empty());
    redo(&mut h);
    assert_eq!(h.state().plan().uses, vec![link]);
    // Removing it: select through the inspector's Remove button.
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(sh));
    h.run();
    h.get_by_label("Remove").click_accesskit();
    h.run();
    assert!(
        h.state().plan().uses.is_empty(),
        "removed from the inspector"
    );
    undo(&mut h);
    assert_eq!(h.state().plan().uses, vec![link]);
}

#[test]
fn a_malformed_file_shows_its_error_and_leaves_the_plan_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "Plan(\n    version: 1,\n    zones: [ (id: 1 name: \"x\") ],\n)",
    )
    .expect("write");
    let mut h = harness(example());
    let before = h.state().plan().clone();
    assert!(!h.state_mut().open_path(&bad));
    h.run();
    let err = h.state().load_error().expect("error shown").to_owned();
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("column"), "{err}");
    assert_eq!(*h.state().plan(), before);
    assert!(h.query_by_label("Cannot open this plan").is_some());
    assert!(h.query_by_label_contains("line 3").is_some());
    h.get_by_label("OK").click();
    h.run();
    assert!(h.state().load_error().is_none());
    assert_eq!(*h.state().plan(), before);

    // Nothing makes it panic: binary junk, a missing file, a wrong shape.
    for junk in [
        &b"\xff\xfe\x00garbage"[..],
        b"",
        b"Plan(version: 99)",
        b"[1, 2, 3]",
        b"Plan(version: 1, nodes: [(id: 5, name: \"a\", zone: 77)])",
    ] {
        std::fs::write(&bad, junk).expect("write");
        assert!(!h.state_mut().open_path(&bad));
        h.run();
        assert_eq!(*h.state().plan(), before);
    }
    assert!(!h.state_mut().open_path(&dir.path().join("missing.ron")));
}

#[test]
fn save_reopen_and_compare() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("saved.ron");
    let mut h = harness(example());
    h.get_by_label("+ Management").click();
    h.run();
    assert!(h.state().document().is_dirty());
    assert!(h.state().title().ends_with('●'));
    assert!(h.state_mut().save_to(&path));
    h.run();
    assert!(!h.state().document().is_dirty());
    assert_eq!(h.state().title(), "Portolan — saved.ron");
    let mut other = harness(Plan::default());
    assert!(other.state_mut().open_path(&path));
    other.run();
    assert_eq!(other.state().plan(), h.state().plan());
    assert_eq!(rows(other.state()), rows(h.state()));

    // A failed save says why and loses nothing.
    let nowhere = dir.path().join("no-such-dir").join("x.ron");
    h.get_by_label("+ Clients").click();
    h.run();
    let plan = h.state().plan().clone();
    assert!(!h.state_mut().save_to(&nowhere));
    h.run();
    assert!(
        h.state()
            .notice()
            .is_some_and(|n| n.error && n.text.contains("cannot save"))
    );
    assert!(h.state().document().is_dirty());
    assert_eq!(*h.state().plan(), plan);

    // Export CSV equals the table.
    let csv = dir.path().join("m.csv");
    assert!(h.state_mut().export_csv_to(&csv));
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert_eq!(text.lines().count(), rows(h.state()).len() + 1);
}

#[test]
fn the_flows_table_filters_by_text_and_firewall() {
    let mut h = harness(example());
    let all = h.state_mut().visible_table_rows().len();
    assert!(all > 10);
    let search = h.get_by_role_and_label(Role::TextInput, "search");
    search.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "search")
        .type_text("kerberos");
    h.run();
    let shown = h.state_mut().visible_table_rows();
    assert!(
        !shown.is_empty() && shown.len() < all,
        "{} of {all}",
        shown.len()
    );
    let label = format!("{} of {all} rules", shown.len());
    assert!(h.query_by_label_contains(&label).is_some(), "{label}");
    assert!(
        h.query_by_label("HTTPS").is_none(),
        "rows without Kerberos are hidden"
    );
    h.state_mut().table_filter_mut().text.clear();
    let edge = h
        .state()
        .plan()
        .firewalls
        .iter()
        .find(|f| f.name == "edge")
        .expect("edge firewall")
        .id;
    h.state_mut().table_filter_mut().through = Some(portolan::app::Through::Firewall(edge));
    h.run();
    let shown = h.state_mut().visible_table_rows();
    let all_rows = rows(h.state());
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|&i| all_rows[i].0 == "edge"));
    assert_eq!(
        shown.len(),
        all_rows.iter().filter(|r| r.0 == "edge").count()
    );
}

#[test]
fn clicking_a_table_row_selects_its_nodes() {
    let mut h = harness(example());
    let first = rows(h.state())[0].clone();
    h.query_all_by_label(&first.1)
        .next()
        .expect("row shown")
        .click();
    h.run();
    let sel = h.state().selection();
    assert_eq!(sel.row, Some(0));
    let names: Vec<String> = sel
        .nodes
        .iter()
        .filter_map(|id| h.state().plan().node(*id))
        .map(|n| n.name.clone())
        .collect();
    assert!(
        names.contains(&first.1) && names.contains(&first.2),
        "{names:?}"
    );
}

#[test]
fn escape_clears_and_ctrl_a_selects_everything() {
    let mut h = harness(example());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    assert_eq!(
        h.state().selection().nodes.len(),
        h.state().plan().nodes.len()
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().selection().is_empty());
}

#[test]
fn new_asks_before_throwing_away_changes() {
    let mut h = harness(example());
    h.get_by_label("+ Clients").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().plan().nodes.is_empty(), "cancel keeps the plan");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    assert!(h.state().plan().nodes.is_empty(), "a new, empty plan");
    assert!(!h.state().document().is_dirty());
}

#[test]
fn the_ui_goes_idle() {
    let mut h = harness(example());
    // `run` fails when frames keep being requested; count them after input.
    for p in [pos2(700.0, 300.0), pos2(900.0, 200.0), pos2(100.0, 100.0)] {
        h.hover_at(p);
        let steps = h.run();
        assert!(steps <= 4, "{steps} frames after a hover");
        assert_eq!(h.run(), 1, "no frame is requested while nothing happens");
    }
    h.get_by_label("+ Internal").click();
    let steps = h.run();
    assert!(steps <= 4, "{steps} frames after an edit");
    assert_eq!(h.run(), 1, "idle after an edit");
    let _ = Vec2::ZERO;
}

/// Drags a palette button to `to` on the canvas.
fn drag_from_palette(h: &mut Harness<'_, PortolanApp>, label: &str, to: Pos2) {
    let from = h.get_by_role_and_label(Role::Button, label).rect().center();
    drag(h, from, to);
}

#[test]
fn palette_items_dragged_onto_the_canvas_create_zones_and_nodes_there() {
    let mut h = harness(example());
    let zones = h.state().plan().zones.len();
    // Empty canvas right of the plan.
    let spot = h.state().canvas_to_screen(pos2(1260.0, 700.0));
    drag_from_palette(&mut h, "+ Perimeter (DMZ)", spot);
    assert_eq!(
        h.state().plan().zones.len(),
        zones + 1,
        "dropping a zone kind adds a zone"
    );
    let new = h.state().plan().zones.last().expect("zone").clone();
    assert_eq!(new.kind, portolan::model::ZoneKind::Perimeter);
    let r = h.state().plan().layout.zones[&new.id];
    assert!(
        (r.x - 1260.0).abs() <= 10.0 && (r.y - 700.0).abs() <= 10.0,
        "placed where dropped: {r:?}"
    );

    let nodes = h.state().plan().nodes.len();
    let inside = h.state().canvas_to_screen(pos2(800.0, 560.0));
    drag_from_palette(&mut h, "Domain controller  [DC]", inside);
    assert_eq!(h.state().plan().nodes.len(), nodes + 1);
    let node = h.state().plan().nodes.last().expect("node").clone();
    assert_eq!(node.zone, ZoneId(3), "dropped into the Internal zone");
    assert_eq!(node.roles, vec!["domain_controller".to_owned()]);
    undo(&mut h);
    assert_eq!(h.state().plan().nodes.len(), nodes);
}

#[test]
fn zones_move_with_their_nodes_and_resize_by_the_corner() {
    let mut h = harness(example());
    let mgmt = ZoneId(4);
    let adm = NodeId(50);
    let r0 = h.state().plan().layout.zones[&mgmt];
    let n0 = h.state().plan().layout.nodes[&adm];
    // Drag the title bar 40 units down.
    let grab = h.state().canvas_to_screen(pos2(r0.x + 200.0, r0.y + 10.0));
    let to = h.state().canvas_to_screen(pos2(r0.x + 200.0, r0.y + 50.0));
    drag(&mut h, grab, to);
    let r1 = h.state().plan().layout.zones[&mgmt];
    assert!((r1.y - r0.y - 40.0).abs() < 0.5, "{r0:?} -> {r1:?}");
    assert!(
        (h.state().plan().layout.nodes[&adm].y - n0.y - 40.0).abs() < 0.5,
        "its node moved along"
    );
    // Resize the perimeter zone from its bottom-right corner.
    let dmz = ZoneId(2);
    let p1 = h.state().plan().layout.zones[&dmz];
    let corner = h
        .state()
        .canvas_to_screen(pos2(p1.x + p1.w - 5.0, p1.y + p1.h - 5.0));
    let to = h
        .state()
        .canvas_to_screen(pos2(p1.x + p1.w + 15.0, p1.y + p1.h + 35.0));
    drag(&mut h, corner, to);
    let p2 = h.state().plan().layout.zones[&dmz];
    assert!(
        (p2.w - p1.w - 20.0).abs() < 0.5 && (p2.h - p1.h - 40.0).abs() < 0.5,
        "{p1:?} -> {p2:?}"
    );
    assert_eq!((p2.x, p2.y), (p1.x, p1.y));
    undo(&mut h);
    assert_eq!(h.state().plan().layout.zones[&dmz], p1);
    assert_eq!(h.state().plan().layout.zones[&mgmt], r1);
    undo(&mut h);
    assert_eq!(h.state().plan().layout.zones[&mgmt], r0);
    assert_eq!(h.state().plan().layout.nodes[&adm], n0);
}

#[test]
fn clicking_a_problem_selects_the_nodes_involved() {
    let mut h = harness(example());
    let problems = portolan::engine::analyze(h.state().plan(), &catalog()).problems;
    let first = problems.first().expect("the example has a problem").clone();
    assert!(!first.nodes.is_empty());
    // The right panel shows the plan's options when the problem is clicked...
    h.get_by_label("Plan options").click();
    h.get_by_label_contains("Problems (").click();
    h.run();
    assert!(h.query_by_label("Delete node").is_none());
    h.get_by_label(&first.message).click();
    h.run();
    let selected: Vec<NodeId> = selected_nodes(&h);
    assert_eq!(selected, first.nodes);
    // ...and switches to the inspector, showing what was selected.
    assert!(
        h.query_by_label_contains("Apply to every node").is_none(),
        "the plan options are gone"
    );
    let shown = if first.nodes.len() + first.zones.len() == 1 {
        "Delete node"
    } else {
        "Selection"
    };
    assert!(
        h.query_by_label(shown).is_some(),
        "the inspector shows the selection"
    );
}

#[test]
fn box_select_picks_the_cards_inside() {
    let mut h = harness(example());
    // A box around the two perimeter servers (400,110) and (400,330), inside the zone body.
    let from = h.state().canvas_to_screen(pos2(370.0, 90.0));
    let to = h.state().canvas_to_screen(pos2(600.0, 420.0));
    drag(&mut h, from, to);
    let selected: Vec<NodeId> = selected_nodes(&h);
    assert_eq!(selected, vec![NodeId(30), NodeId(31)]);
    assert!(!h.state().document().is_dirty(), "selecting edits nothing");
}

#[test]
fn renaming_in_the_inspector_is_one_undo_step() {
    let mut h = harness(example());
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(NodeId(30)));
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "node name");
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "node name")
        .type_text("gateway-a");
    h.run();
    assert_eq!(
        h.state().plan().node(NodeId(30)).expect("node").name,
        "rdgw01",
        "not committed while typing"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().plan().node(NodeId(30)).expect("node").name,
        "gateway-a"
    );
    assert!(
        rows(h.state())
            .iter()
            .any(|r| r.1 == "gateway-a" || r.2 == "gateway-a"),
        "the table follows"
    );
    undo(&mut h);
    assert_eq!(
        h.state().plan().node(NodeId(30)).expect("node").name,
        "rdgw01"
    );
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_plan_file_on_the_window_opens_it() {
    let mut h = harness(Plan::default());
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(EXAMPLE.into())));
    h.run();
    assert_eq!(*h.state().plan(), example());
    assert!(h.state().title().contains("rds-perimeter.ron"));
}

#[test]
fn adding_servers_grows_a_full_zone_and_keeps_them_in_view() {
    let mut h = harness(Plan::default());
    h.get_by_label("+ Internal").click();
    h.run();
    let zone = h.state().plan().zones[0].id;
    for _ in 0..9 {
        h.get_by_role_and_label(Role::Button, "RD Session Host  [SH]")
            .click();
        h.run();
    }
    let plan = h.state().plan();
    assert_eq!(plan.nodes.len(), 9);
    let rect = plan.layout.zones[&zone];
    for n in &plan.nodes {
        assert_eq!(n.zone, zone);
        let p = plan.layout.nodes[&n.id];
        assert!(
            p.x >= rect.x
                && p.y >= rect.y
                && p.x + 168.0 <= rect.x + rect.w
                && p.y + 62.0 <= rect.y + rect.h,
            "{} outside {rect:?}",
            n.name
        );
    }
    let names: std::collections::HashSet<&str> =
        plan.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names.len(), 9, "each server gets its own name");
    // The last one is on screen.
    let last = plan.nodes.last().expect("node").id;
    let card = h.state().node_screen_rect(last).expect("card");
    assert!(
        egui::Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0)).contains_rect(card),
        "{card:?}"
    );
    // One undo removes the last server and the growth it caused.
    let before_last = h.state().plan().clone();
    undo(&mut h);
    assert_eq!(h.state().plan().nodes.len(), 8);
    redo(&mut h);
    assert_eq!(*h.state().plan(), before_last);
}

#[test]
fn arrow_keys_nudge_the_selection() {
    let mut h = harness(example());
    let id = NodeId(30);
    let p0 = h.state().plan().layout.nodes[&id];
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(id));
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run();
    let p = h.state().plan().layout.nodes[&id];
    assert_eq!((p.x - p0.x, p.y - p0.y), (10.0, 50.0));
    undo(&mut h);
    undo(&mut h);
    assert_eq!(h.state().plan().layout.nodes[&id], p0);
}

fn viewport_commands(h: &Harness<'_, PortolanApp>) -> Vec<egui::ViewportCommand> {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn closing_the_window_asks_before_throwing_away_changes() {
    let mut h = harness(example());
    // Clean: closing is not held back.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    assert!(!viewport_commands(&h).contains(&egui::ViewportCommand::CancelClose));
    h.run();
    h.get_by_label("+ Clients").click();
    h.run();
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    assert!(
        viewport_commands(&h).contains(&egui::ViewportCommand::CancelClose),
        "close held back"
    );
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Don't save").click();
    h.step();
    assert!(
        viewport_commands(&h).contains(&egui::ViewportCommand::Close),
        "then closed"
    );
}

#[test]
fn double_clicking_a_card_puts_the_cursor_in_its_name() {
    let mut h = harness(example());
    let card = h.state().node_screen_rect(NodeId(45)).expect("dc01");
    h.hover_at(card.center());
    h.step();
    // The harness's clock moves a quarter second a frame: allow a slower double-click.
    h.ctx
        .options_mut(|o| o.input_options.max_double_click_delay = 2.0);
    for _ in 0..2 {
        click_at(
            &mut h,
            card.center(),
            egui::PointerButton::Primary,
            Modifiers::NONE,
        );
    }
    h.step();
    h.run();
    assert_eq!(selected_nodes(&h), vec![NodeId(45)]);
    assert!(
        h.get_by_role_and_label(Role::TextInput, "node name")
            .is_focused(),
        "name field focused"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "node name")
        .type_text("dc-east");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().plan().node(NodeId(45)).expect("node").name,
        "dc-east"
    );
}

#[test]
fn ctrl_d_duplicates_the_selected_servers_in_one_step() {
    let mut h = harness(example());
    let n = h.state().plan().nodes.len();
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(NodeId(41)));
    h.state_mut()
        .selection_mut()
        .add(portolan::app::Item::Node(NodeId(42)));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    let plan = h.state().plan().clone();
    assert_eq!(plan.nodes.len(), n + 2);
    let copies: Vec<_> = plan.nodes[n..].to_vec();
    assert_eq!(copies[0].name, "rdsh01 copy");
    assert_eq!(
        copies[0].roles,
        plan.node(NodeId(41)).expect("original").roles
    );
    assert_eq!(copies[0].zone, ZoneId(3));
    let sel: Vec<NodeId> = selected_nodes(&h);
    assert_eq!(
        sel,
        copies.iter().map(|c| c.id).collect::<Vec<_>>(),
        "the copies are selected"
    );
    assert!(portolan::io::validate_plan(&plan, &catalog()).is_ok());
    undo(&mut h);
    assert_eq!(h.state().plan().nodes.len(), n, "one undo removes both");
}

#[test]
fn the_flows_table_can_follow_the_selection() {
    let mut h = harness(example());
    let all = h.state_mut().visible_table_rows().len();
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(NodeId(30)));
    h.run();
    h.get_by_label("selected nodes only").click();
    h.run();
    let shown = h.state_mut().visible_table_rows();
    let rows = rows(h.state());
    let expected: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].1 == "rdgw01" || rows[i].2 == "rdgw01")
        .collect();
    assert!(!expected.is_empty() && expected.len() < all);
    assert_eq!(shown, expected);
}

#[test]
fn clients_can_be_switched_to_connect_without_the_gateway() {
    let mut h = harness(example());
    let clients = NodeId(20);
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(clients));
    h.run();
    let via_gateway = |h: &Harness<'_, PortolanApp>| {
        rows(h.state())
            .iter()
            .any(|r| r.1 == "remote clients" && r.2 == "rdgw01")
    };
    let direct = |h: &Harness<'_, PortolanApp>| {
        rows(h.state())
            .iter()
            .any(|r| r.0 == "edge" && r.1 == "remote clients" && r.2 == "rdsh01" && r.3 == "RDP")
    };
    assert!(via_gateway(&h) && !direct(&h));
    h.get_by_label("Connects directly, without RD Gateway")
        .click_accesskit();
    h.run();
    let node = h.state().plan().node(clients).expect("node");
    assert_eq!(node.bypass, vec!["rd_gateway".to_owned()]);
    assert!(!via_gateway(&h) && direct(&h), "the table follows");
    undo(&mut h);
    assert!(
        h.state()
            .plan()
            .node(clients)
            .expect("node")
            .bypass
            .is_empty()
    );
    assert!(via_gateway(&h) && !direct(&h));
}

#[test]
fn escape_closes_the_context_menu_before_it_clears_the_selection() {
    let mut h = harness(example());
    let card = h.state().node_screen_rect(NodeId(30)).expect("rdgw01");
    let at = card.center();
    h.hover_at(at);
    h.step();
    click_at(&mut h, at, egui::PointerButton::Primary, Modifiers::NONE);
    h.run();
    click_at(&mut h, at, egui::PointerButton::Secondary, Modifiers::NONE);
    h.run();
    // "Delete node" is in the inspector, and in the menu while it is open.
    let delete_buttons = |h: &Harness<'_, PortolanApp>| h.query_all_by_label("Delete node").count();
    assert_eq!(delete_buttons(&h), 2, "the menu is open");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(delete_buttons(&h), 1, "Escape closes it");
    assert_eq!(
        selected_nodes(&h),
        vec![NodeId(30)],
        "and keeps the selection"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(selected_nodes(&h).is_empty(), "a second Escape clears it");
}

/// Replaces the text of the text field labelled `label` with `text` and presses Enter.
fn type_into(h: &mut Harness<'_, PortolanApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn save_as_and_open_work_through_the_built_in_file_chooser() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().canonicalize().expect("canonical");
    std::fs::write(folder.join("notes.txt"), "not a plan").expect("write");
    std::fs::create_dir(folder.join("older plans")).expect("mkdir");
    let mut h = harness(example());
    h.get_by_label("+ Clients").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    assert!(
        h.query_by_label("Save the plan as").is_some(),
        "the chooser is open"
    );
    type_into(&mut h, "Folder", &folder.display().to_string());
    assert_eq!(h.state().chooser_dir(), Some(folder.as_path()));
    assert!(
        h.query_by_label("older plans/").is_some(),
        "folders are listed"
    );
    assert!(
        h.query_by_label("notes.txt").is_none(),
        "files of other kinds are filtered out"
    );
    type_into(&mut h, "File name", "mine");
    // Enter in the name field saves; `.ron` is added.
    let saved = folder.join("mine.ron");
    assert!(saved.is_file(), "saved through the chooser");
    assert!(h.state().chooser_dir().is_none(), "and the chooser closed");
    assert!(!h.state().document().is_dirty());
    assert_eq!(h.state().title(), "Portolan — mine.ron");

    // Open starts in the folder used last and lists the plan.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.state().plan().nodes.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(
        h.state().chooser_dir(),
        Some(folder.as_path()),
        "remembers the folder"
    );
    h.get_by_label("mine.ron").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Open").click();
    h.run();
    assert!(h.state().chooser_dir().is_none());
    assert_eq!(h.state().document().path(), Some(saved.as_path()));
    assert!(!h.state().plan().nodes.is_empty(), "the saved plan is open");

    // Export goes through it too, proposing a name after the plan.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    assert!(folder.join("mine-matrix.csv").is_file());
}

#[test]
fn quit_then_save_of_a_new_plan_asks_where_saves_and_closes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().canonicalize().expect("canonical");
    let mut h = harness(Plan::default());
    h.get_by_label("+ Clients").click();
    h.run();
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    h.run();
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    assert!(h.query_by_label("Save the plan as").is_some());
    assert!(
        !viewport_commands(&h).contains(&egui::ViewportCommand::Close),
        "not closed before the plan is saved"
    );
    type_into(&mut h, "Folder", &folder.display().to_string());
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.step();
    assert!(folder.join("plan.ron").is_file());
    assert!(
        viewport_commands(&h).contains(&egui::ViewportCommand::Close),
        "closed once saved"
    );
}

#[test]
fn status_messages_clear_when_the_plan_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(example());
    assert!(h.state_mut().open_path(std::path::Path::new(EXAMPLE)));
    h.run();
    assert!(
        h.state()
            .notice()
            .is_some_and(|n| n.text.starts_with("Opened"))
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(
        h.state().notice().is_none(),
        "Opened... goes with a new plan"
    );
    h.get_by_label("+ Clients").click();
    h.run();
    assert!(h.state_mut().save_to(&dir.path().join("a.ron")));
    h.run();
    assert!(
        h.state()
            .notice()
            .is_some_and(|n| n.text.starts_with("Saved"))
    );
    h.get_by_label("+ Internal").click();
    h.run();
    assert!(h.state().document().is_dirty());
    assert!(h.state().notice().is_none(), "no Saved while unsaved");
}

#[test]
fn notes_are_edited_in_the_inspector_and_kept_on_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("noted.ron");
    let mut h = harness(example());
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(NodeId(30)));
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "notes")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "notes")
        .type_text("Behind the load balancer");
    h.run();
    // Leaving the field commits it.
    h.get_by_role_and_label(Role::TextInput, "node name")
        .focus();
    h.run();
    assert_eq!(
        h.state().plan().node(NodeId(30)).expect("node").notes,
        "Behind the load balancer"
    );
    assert!(h.state_mut().save_to(&path));
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(
        text.starts_with("#![enable(implicit_some)]\nPlan(\n"),
        "{text}"
    );
    assert!(
        text.contains("notes: \"Behind the load balancer\""),
        "{text}"
    );
    assert!(
        text.contains("    options: (\n        central_nps: true,\n    ),\n"),
        "only options that differ, one a line:\n{text}"
    );
    assert!(
        text.lines().all(|l| l.len() < 200),
        "no long lines:\n{text}"
    );
    let back = portolan::io::load_plan(&path, &catalog()).expect("reads back");
    assert_eq!(back, *h.state().plan());
    assert!(h.state_mut().undo(), "one undo step");
    assert!(
        h.state()
            .plan()
            .node(NodeId(30))
            .expect("node")
            .notes
            .is_empty()
    );
}

#[test]
fn at_low_zoom_pressing_a_card_moves_it_instead_of_drawing_a_link() {
    let mut h = harness(example());
    // The example seen as small as a 2,000-node plan seen whole (about 5 %).
    h.state_mut().set_view(egui::Rect::from_center_size(
        pos2(620.0, 440.0),
        vec2(18_000.0, 12_000.0),
    ));
    h.run();
    assert!(h.state().zoom() < 0.06, "zoom {}", h.state().zoom());
    let id = NodeId(41);
    let before = h.state().plan().layout.nodes[&id];
    let card = h.state().node_screen_rect(id).expect("card");
    let to = h.state().canvas_to_screen(pos2(1000.0, 520.0));
    drag(&mut h, card.center(), to);
    assert!(h.state().plan().uses.is_empty(), "no link was drawn");
    assert_ne!(h.state().plan().layout.nodes[&id], before, "the card moved");
}

#[test]
fn the_selected_card_is_on_top_of_its_neighbours() {
    let mut h = harness(example());
    let (low, high) = (NodeId(41), NodeId(42));
    // Put the later card (drawn over the earlier one) half over it.
    let p = h.state().plan().layout.nodes[&low];
    let zone = h.state().plan().node(high).expect("node").zone;
    h.state_mut()
        .apply(portolan::app::Command::Move(portolan::app::Moves {
            zones: vec![],
            nodes: vec![(
                high,
                portolan::model::Point {
                    x: p.x + 60.0,
                    y: p.y + 20.0,
                },
                zone,
            )],
        }));
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(low));
    h.run();
    let overlap = h.state().canvas_to_screen(pos2(p.x + 100.0, p.y + 40.0));
    h.hover_at(overlap);
    h.step();
    click_at(
        &mut h,
        overlap,
        egui::PointerButton::Primary,
        Modifiers::NONE,
    );
    h.run();
    assert_eq!(
        selected_nodes(&h),
        vec![low],
        "the selected card is drawn and hit on top"
    );
}

#[test]
fn zoom_keys_and_the_zoom_level() {
    let mut h = harness(example());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert!(
        (h.state().zoom() - 1.0).abs() < 0.01,
        "{}",
        h.state().zoom()
    );
    assert!(h.query_by_role_and_label(Role::Label, "100 %").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.run();
    assert!(
        (h.state().zoom() - 0.8).abs() < 0.01,
        "{}",
        h.state().zoom()
    );
    assert!(
        h.query_by_role_and_label(Role::Label, "80 %").is_some(),
        "the zoom level is shown"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert!(
        (h.state().zoom() - 1.0).abs() < 0.01,
        "{}",
        h.state().zoom()
    );
}

#[test]
fn ctrl_f_finds_a_node_by_address_and_brings_it_into_view() {
    let mut h = harness(example());
    h.state_mut().set_view(egui::Rect::from_min_size(
        pos2(0.0, 0.0),
        vec2(300.0, 200.0),
    ));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "find")
        .type_text("10.0.2.40");
    h.run();
    assert!(
        h.query_by_label("rdlic01  ·  10.0.2.40  ·  Internal")
            .is_some(),
        "the match is listed"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(selected_nodes(&h), vec![NodeId(44)]);
    let card = h.state().node_screen_rect(NodeId(44)).expect("card");
    assert!(
        egui::Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0)).contains_rect(card),
        "brought into view: {card:?}"
    );
}

#[test]
fn hovering_a_firewall_names_its_zones_and_counts_its_rules() {
    let mut h = harness(example());
    let fw = h.state().plan().firewalls[0].clone();
    let zones: Vec<String> = fw
        .zones
        .iter()
        .filter_map(|z| h.state().plan().zone(*z).map(|z| z.name.clone()))
        .collect();
    let count = rows(h.state()).iter().filter(|r| r.0 == fw.name).count();
    assert!(count > 1, "{} has rules", fw.name);
    let badge = h.state().firewall_screen_rect(fw.id).expect("badge");
    assert!(h.query_by_label(&format!("{count} rules")).is_none());
    h.hover_at(badge.center());
    for _ in 0..4 {
        h.step();
    }
    let joins = format!("joins {} and {}", zones[0], zones[1]);
    assert!(h.query_by_label(&joins).is_some(), "{joins}");
    assert!(
        h.query_by_label(&format!("{count} rules")).is_some(),
        "{count} rules"
    );
}

#[test]
fn arrows_name_their_firewalls_and_merge_their_ports() {
    let h = harness(example());
    let derived = h.state().document().derived();
    let plan = h.state().document().plan();
    let edge = derived
        .edges
        .iter()
        .position(|e| e.from == NodeId(20) && e.to == NodeId(30))
        .expect("clients reach the gateway");
    assert_eq!(derived.edge_firewalls(edge, plan), vec!["edge"]);
    let label = derived.edge_label(edge, plan);
    assert!(
        label.starts_with("remote clients -> rdgw01\nTCP 443"),
        "{label}"
    );
    for i in 0..derived.edges.len() {
        let label = derived.edge_label(i, plan);
        let tcp = label.lines().filter(|l| l.starts_with("TCP ")).count();
        let udp = label.lines().filter(|l| l.starts_with("UDP ")).count();
        assert!(tcp <= 1 && udp <= 1, "one line per protocol:\n{label}");
        assert!(
            tcp + udp > 0 || label.contains("\nICMP"),
            "a line per protocol:\n{label}"
        );
    }
}

#[test]
fn the_flows_table_sorts_by_a_header_and_keeps_the_sort_across_edits() {
    let mut h = harness(example());
    let cells = |h: &mut Harness<'_, PortolanApp>| {
        let all = rows(h.state());
        let shown = h.state_mut().visible_table_rows();
        shown
            .iter()
            .map(|&i| all[i].2.clone())
            .collect::<Vec<String>>()
    };
    h.get_by_label("destination").click();
    h.run();
    let sorted = cells(&mut h);
    let mut want = sorted.clone();
    want.sort_by_key(|s| s.to_lowercase());
    assert_eq!(sorted, want, "sorted by destination");
    assert_ne!(
        rows(h.state())
            .iter()
            .map(|r| r.2.clone())
            .collect::<Vec<_>>(),
        sorted
    );
    h.get_by_label("destination (A-Z)").click();
    h.run();
    let reversed = cells(&mut h);
    want.reverse();
    assert_eq!(reversed, want, "a second click reverses");
    h.get_by_label("+ Clients").click();
    h.run();
    assert!(
        h.query_by_label("destination (Z-A)").is_some(),
        "kept after an edit"
    );
    let after = cells(&mut h);
    let mut want = after.clone();
    want.sort_by_key(|s| std::cmp::Reverse(s.to_lowercase()));
    assert_eq!(after, want);
}

#[test]
fn selected_rows_copy_as_tab_separated_text_and_select_their_servers() {
    let mut h = harness(example());
    let all = rows(h.state());
    h.query_all_by_label(&all[0].1)
        .next()
        .expect("row 0")
        .click();
    h.run();
    // Ctrl+click a row with other servers.
    let other = (1..all.len())
        .find(|&i| all[i].1 != all[0].1 && all[i].2 != all[0].2 && all[i].1 != all[0].2)
        .expect("another row");
    let target = h
        .query_all_by_label(&all[other].2)
        .next()
        .expect("row shown")
        .rect()
        .center();
    h.hover_at(target);
    h.step();
    click_at(
        &mut h,
        target,
        egui::PointerButton::Primary,
        Modifiers::COMMAND,
    );
    h.run();
    let names: Vec<String> = h
        .state()
        .selection()
        .nodes
        .iter()
        .filter_map(|id| h.state().plan().node(*id))
        .map(|n| n.name.clone())
        .collect();
    for n in [&all[0].1, &all[0].2, &all[other].1, &all[other].2] {
        assert!(names.contains(n), "{n} selected: {names:?}");
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::C);
    h.run();
    let text = h.state().last_copy().expect("copied").to_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two rows:\n{text}");
    assert!(lines[0].starts_with("firewall\tsource_zone\tsource\t"));
    assert_eq!(lines[1].split('\t').nth(2), Some(all[0].1.as_str()));
    assert_eq!(lines[1].split('\t').count(), 13);
}

#[test]
fn flows_with_no_path_are_listed_in_the_table_and_marked() {
    let mut plan = example();
    let edge = plan
        .firewalls
        .iter()
        .find(|f| f.name == "edge")
        .expect("edge")
        .id;
    plan.firewalls.retain(|f| f.id != edge);
    let mut h = harness(plan);
    let rules = portolan::engine::analyze(h.state().plan(), &catalog())
        .matrix
        .rows
        .len();
    let all = h.state_mut().visible_table_rows().len();
    assert!(all > rules, "{all} rows for {rules} rules");
    assert!(
        h.query_by_label_contains("with no path").is_some(),
        "the count says so"
    );
    assert!(
        h.query_all_by_label("no path").next().is_some(),
        "rows marked in the firewall column"
    );
    h.state_mut().table_filter_mut().through = Some(portolan::app::Through::NoPath);
    h.run();
    let shown = h.state_mut().visible_table_rows();
    assert_eq!(shown.len(), all - rules);
    assert!(shown.iter().all(|&i| i < all - rules), "listed first");
    // Clicking one selects its two servers, as for a rule.
    h.query_all_by_label("no path").next().expect("row").click();
    h.run();
    assert_eq!(h.state().selection().nodes.len(), 2);
}

#[test]
fn the_export_menu_offers_every_format_and_says_where_the_files_went() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().canonicalize().expect("canonical");
    let mut h = harness(example());
    let entries: Vec<String> = portolan::export::formats()
        .iter()
        .map(|f| portolan::app::export_entry(*f))
        .collect();
    for picture in [
        "Picture (SVG)...",
        "Picture (PNG)...",
        "Design report (HTML)...",
    ] {
        assert!(
            entries.iter().any(|e| e == picture),
            "{picture} in {entries:?}"
        );
    }
    for format in portolan::export::formats() {
        h.get_by_label("File").click();
        h.run();
        h.get_by_label("Export").click();
        h.run();
        h.get_by_label_contains(&portolan::app::export_entry(*format))
            .click();
        h.run();
        assert!(
            h.state().chooser_dir().is_some(),
            "{}: chooser",
            format.id()
        );
        type_into(&mut h, "Folder", &folder.display().to_string());
        let before = std::fs::read_dir(&folder).expect("list").count();
        let button = match format.output() {
            portolan::export::Output::File => "Save",
            portolan::export::Output::Folder => "Use this folder",
        };
        h.get_by_role_and_label(Role::Button, button).click();
        h.run();
        let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
            .expect("list")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        assert_eq!(entries.len(), before + 1, "{}: one new entry", format.id());
        let target = entries.pop().expect("new");
        let name = target
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        match format.output() {
            portolan::export::Output::File => {
                assert!(target.is_file(), "{name}");
                assert!(
                    name.ends_with(&format!(".{}", format.extension())),
                    "{name}"
                );
            }
            portolan::export::Output::Folder => {
                assert!(target.is_dir(), "{name}");
                assert!(name.ends_with(format.id()), "{name}");
            }
        }
        assert!(h.state().chooser_dir().is_none(), "{}: closed", format.id());
        assert!(
            target.exists(),
            "{}: {} written",
            format.id(),
            target.display()
        );
        let notice = h.state().notice().expect("a notice").clone();
        assert!(notice.text.contains("Exported"), "{}", notice.text);
        if format.id() == "svg" {
            // The picture is the diagram module's, as the command line writes it.
            assert!(name.ends_with("-diagram.svg"), "{name}");
            assert!(notice.text.contains("the diagram"), "{}", notice.text);
            let plan = h.state().plan().clone();
            let analysis = portolan::engine::analyze(&plan, &catalog());
            let expected = portolan::diagram::plan_svg(
                &plan,
                &catalog(),
                &analysis,
                portolan::diagram::FlowFilter::Auto,
            );
            let written = std::fs::read_to_string(&target).expect("svg");
            assert_eq!(written, expected, "the diagram module's picture");
        }
        h.get_by_label("Open folder").click();
        h.run();
        let opened = h.state().opened_folder().expect("asked to open");
        let expected = match format.output() {
            portolan::export::Output::File => folder.clone(),
            portolan::export::Output::Folder => target.clone(),
        };
        assert_eq!(opened, expected.as_path());
    }
}

#[test]
fn an_address_that_does_not_parse_is_red_with_the_reason_and_never_stored() {
    let mut h = harness(example());
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(NodeId(30)));
    h.run();
    let before = h
        .state()
        .plan()
        .node(NodeId(30))
        .expect("node")
        .address
        .clone();
    let field = "IP, CIDR or host name";
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("10.0.0.300");
    h.run();
    assert!(
        h.query_by_label_contains("is not an address").is_some(),
        "the parser's reason is shown while typing"
    );
    h.key_press(Key::Enter);
    h.run();
    let node = h.state().plan().node(NodeId(30)).expect("node");
    assert_eq!(node.address, before, "the bad text is not stored");
    assert!(
        h.query_by_label_contains("is not an address").is_some(),
        "and it stays shown until fixed"
    );
    // A good address is stored.
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("192.0.2.7");
    h.run();
    assert!(h.query_by_label_contains("is not an address").is_none());
    h.key_press(Key::Enter);
    h.run();
    let node = h.state().plan().node(NodeId(30)).expect("node");
    assert_eq!(
        node.address.as_ref().map(ToString::to_string).as_deref(),
        Some("192.0.2.7")
    );
}

#[test]
fn a_zone_range_that_does_not_parse_is_red_with_the_reason_and_never_stored() {
    let mut h = harness(example());
    let zone = h.state().plan().zones[0].id;
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Zone(zone));
    h.run();
    let before = h.state().plan().zone(zone).expect("zone").cidrs.clone();
    let field = "10.0.1.0/24, ...";
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("10.1.0.0/24, 10.2.0.1/16");
    h.run();
    assert!(
        h.query_by_label_contains("host bits set").is_some(),
        "the parser's reason"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().plan().zone(zone).expect("zone").cidrs, before);
}

#[test]
fn node_options_list_only_what_changes_a_flow_of_its_roles() {
    // Tall enough that the whole inspector is on screen (widgets scrolled out of view are
    // not in the accessibility tree).
    let app = PortolanApp::new(catalog(), example(), None);
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 2400.0))
        .build_ui_state(|ui, app: &mut PortolanApp| app.ui(ui), app);
    h.run();
    let gateway = h
        .state()
        .plan()
        .nodes
        .iter()
        .find(|n| n.roles.iter().any(|r| r == "rd_gateway"))
        .expect("a gateway")
        .id;
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(gateway));
    h.run();
    h.get_by_label("Options for this node").click();
    h.run();
    assert!(
        h.query_all_by_label("Certificate revocation check")
            .next()
            .is_some(),
        "the gateway's own option"
    );
    assert!(
        h.query_all_by_label("WDS RPC port").next().is_none(),
        "a WDS option is not listed for a gateway"
    );
    h.get_by_label_contains("Show all options").click();
    h.run();
    assert!(
        h.query_all_by_label("WDS RPC port").next().is_some(),
        "but it is behind Show all"
    );
}

#[test]
fn check_messages_name_options_by_the_labels_the_panels_show() {
    let mut h = harness(example());
    h.get_by_label_contains("Problems (").click();
    h.run();
    let wmi = portolan::model::option_info("wmi_port").expect("wmi_port");
    assert!(
        h.query_by_label_contains(&format!("\"{}\"", wmi.label))
            .is_some(),
        "the problem names {}",
        wmi.label
    );
    h.get_by_label("Plan options").click();
    h.run();
    assert!(
        h.query_all_by_label(wmi.label).next().is_some(),
        "as the panel does"
    );
}

#[test]
fn panels_keep_their_width_and_the_canvas_most_of_a_small_window() {
    let app = PortolanApp::new(catalog(), example(), None);
    let mut h = Harness::builder()
        .with_size(vec2(1024.0, 700.0))
        .build_ui_state(|ui, app: &mut PortolanApp| app.ui(ui), app);
    h.run();
    let canvas = h.state().canvas_rect().expect("canvas drawn");
    assert!(
        canvas.width() >= 0.55 * 1024.0,
        "the canvas keeps most of the width: {}",
        canvas.width()
    );
    // Opening the widest part of the inspector does not widen the panel.
    let gateway = h
        .state()
        .plan()
        .nodes
        .iter()
        .find(|n| n.roles.iter().any(|r| r == "rd_gateway"))
        .expect("a gateway")
        .id;
    h.state_mut()
        .selection_mut()
        .set(portolan::app::Item::Node(gateway));
    h.run();
    // The inspector scrolls at this height: bring each header into view, then open it.
    h.get_by_label("Options for this node").scroll_to_me();
    h.run();
    h.get_by_label("Options for this node").click();
    h.run();
    h.get_by_label_contains("Show all options").scroll_to_me();
    h.run();
    h.get_by_label_contains("Show all options").click();
    h.run();
    assert!(
        h.query_by_label_contains("These change no flow").is_some(),
        "the widest part is open"
    );
    let after = h.state().canvas_rect().expect("canvas drawn");
    assert_eq!(after.width(), canvas.width(), "panels kept their width");
    // Nor do the plan's options, a firewall or a zone.
    h.get_by_label("Plan options").click();
    h.run();
    let options = h.state().canvas_rect().expect("canvas drawn");
    assert_eq!(options.width(), canvas.width(), "plan options fit");
    h.get_by_label("Inspector").click();
    let plan = h.state().plan().clone();
    for item in [
        portolan::app::Item::Firewall(plan.firewalls[0].id),
        portolan::app::Item::Zone(plan.zones[0].id),
    ] {
        h.state_mut().selection_mut().set(item);
        h.run();
        let now = h.state().canvas_rect().expect("canvas drawn");
        assert_eq!(now.width(), canvas.width(), "{item:?} fits");
    }
}

#[test]
fn changing_a_filter_scrolls_the_table_back_to_its_first_row() {
    let mut h = harness(example());
    let first = "activation.sls.microsoft.com";
    assert!(
        h.query_all_by_label(first).next().is_some(),
        "the first rows are on screen"
    );
    // Scroll the table to its end.
    let table = h
        .query_all_by_label("10.0.2.5")
        .next()
        .expect("a row")
        .rect()
        .center();
    h.hover_at(table);
    h.run();
    for _ in 0..5 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, -800.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    assert!(
        h.query_all_by_label(first).next().is_none(),
        "scrolled past the first rows"
    );
    // A filter most rows pass: its first row is shown, not the old scroll position.
    h.state_mut().table_filter_mut().text = "tcp".into();
    h.run();
    assert!(
        h.query_all_by_label(first).next().is_some(),
        "back at the first matching row"
    );
}

#[test]
fn a_firewall_box_is_placed_again_when_its_zones_move() {
    // The boxes are placed once per change of the plan, not every frame: a move of the
    // zones must place them again, for drawing and for clicks.
    let mut h = harness(example());
    let plan = h.state().plan().clone();
    let edge = plan
        .firewalls
        .iter()
        .find(|f| f.name == "edge")
        .expect("edge firewall");
    let before = h.state().firewall_screen_rect(edge.id).expect("drawn");
    let zones = edge
        .zones
        .iter()
        .map(|z| {
            let mut r = plan.layout.zones[z];
            r.y += 120.0;
            (*z, r)
        })
        .collect();
    h.state_mut()
        .apply(portolan::app::Command::Move(portolan::app::Moves {
            zones,
            nodes: vec![],
        }));
    h.run();
    let after = h.state().firewall_screen_rect(edge.id).expect("drawn");
    assert!(
        (after.center().y - before.center().y).abs() > 20.0,
        "{before:?} -> {after:?}"
    );
    h.hover_at(after.center());
    h.step();
    click_at(
        &mut h,
        after.center(),
        egui::PointerButton::Primary,
        Modifiers::NONE,
    );
    h.run();
    assert!(
        h.state().selection().firewalls.contains(&edge.id),
        "the box is hit where it is drawn now"
    );
}

#[test]
fn the_status_bar_counts_in_the_singular_for_one() {
    let plan = portolan::io::load_plan(
        std::path::Path::new("examples/small-office.ron"),
        &catalog(),
    )
    .expect("example loads");
    let h = harness(plan);
    assert!(
        h.query_by_label_contains("2 zones · 1 firewall · 3 nodes · ")
            .is_some(),
        "one firewall, not 1 firewalls"
    );
    assert!(h.query_by_label("0 errors · 0 warnings").is_some());
}

#[test]
fn a_malformed_file_named_at_start_leaves_the_example_open_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Plan(zones: [ (name: \"a\", kind: Bogus) ])").expect("write");
    let mut h = harness(example());
    let before = h.state().plan().clone();
    assert!(!h.state_mut().open_at_start(&bad));
    h.run();
    let err = h.state().load_error().expect("error shown").to_owned();
    assert!(err.contains("Bogus"), "{err}");
    assert!(err.contains("The bundled example is open instead"), "{err}");
    assert!(!err.contains("you were editing"), "{err}");
    assert_eq!(*h.state().plan(), before);
}
