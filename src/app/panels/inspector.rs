//! The inspector: edits whatever is selected.

use super::super::command::{Command, Deletion};
use super::super::create;
use super::super::selection::{Item, Selection};
use super::super::view::{Outbox, Select};
use super::fields::{choice_ui, notes_ui, parsed_field_ui, row_ui, text_field_ui};
use super::options::node_options_ui;
use crate::catalog::{Catalog, RoleKind};
use crate::model::{Node, NodeKind, Plan, Trust, WindowsFamily, Zone, ZoneId, ZoneKind};

/// What the inspector reads.
pub struct InspectorView<'a> {
    pub plan: &'a Plan,
    pub catalog: &'a Catalog,
    pub selection: &'a Selection,
    /// Put the cursor in the selected object's name field (a double-click on the canvas
    /// asked for it).
    pub focus_name: bool,
}

/// Shows the inspector of the selection.
pub fn inspector_ui(ui: &mut egui::Ui, view: InspectorView<'_>, tx: &mut Outbox) {
    selection_ui(ui, &view, tx);
}

/// A node's address as typed: empty is none; otherwise what the model's parser reads.
fn parse_address(text: &str) -> Result<Option<crate::model::Address>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|e: crate::model::AddressError| e.to_string())
}

/// A zone's address ranges as typed, separated by commas.
fn parse_blocks(text: &str) -> Result<Vec<crate::model::AddressBlock>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|e: crate::model::AddressError| e.to_string())
        })
        .collect()
}

/// Moves the keyboard focus to the text field `id` when `asked`.
fn focus_if_asked_ui(ui: &egui::Ui, id: egui::Id, asked: bool) {
    if asked {
        ui.memory_mut(|m| m.request_focus(id.with("edit")));
    }
}

fn selection_ui(ui: &mut egui::Ui, io: &InspectorView<'_>, tx: &mut Outbox) {
    let sel = io.selection;
    let count = sel.nodes.len() + sel.zones.len() + sel.firewalls.len() + sel.links.len();
    if count == 0 {
        nothing_ui(ui, io.plan, tx);
        return;
    }
    if count > 1 {
        multi_ui(ui, io, tx);
        return;
    }
    if let Some(id) = sel.nodes.first()
        && let Some(node) = io.plan.node(*id)
    {
        node_ui(ui, node, io, tx);
    } else if let Some(id) = sel.zones.first()
        && let Some(zone) = io.plan.zone(*id)
    {
        zone_ui(ui, zone, io.plan, io.focus_name, tx);
    } else if let Some(id) = sel.firewalls.first()
        && let Some(fw) = io.plan.firewall(*id)
    {
        ui.heading("Firewall");
        let mut new = fw.clone();
        egui::Grid::new("fw-grid").num_columns(2).show(ui, |ui| {
            if let Some(name) = row_ui(ui, "Name", |ui| {
                text_field_ui(
                    ui,
                    ui.scope_id().with(("fw-name", fw.id)),
                    &fw.name,
                    "firewall name",
                )
            }) {
                new.name = name;
            }
        });
        ui.label("Joins the zones:");
        for z in &io.plan.zones {
            let mut on = new.zones.contains(&z.id);
            if ui.checkbox(&mut on, &z.name).changed() {
                if on {
                    new.zones.push(z.id);
                } else if new.zones.len() > 2 {
                    new.zones.retain(|x| *x != z.id);
                }
            }
        }
        ui.label(
            egui::RichText::new("A firewall joins at least two zones.")
                .small()
                .weak(),
        );
        if let Some(notes) = notes_ui(ui, ui.scope_id().with(("fw-notes", fw.id)), &fw.notes) {
            new.notes = notes;
        }
        if new != *fw {
            tx.edit(Command::UpdateFirewall(new));
        }
        ui.separator();
        if ui.button("Delete firewall").clicked() {
            tx.edit(Command::Delete(Deletion {
                firewalls: vec![fw.id],
                ..Deletion::default()
            }));
        }
    } else if let Some(link) = sel.links.first() {
        ui.heading("Uses link");
        let name = |id| io.plan.node(id).map_or("?", |n| n.name.as_str());
        ui.label(format!(
            "{} takes its services from {} only.",
            name(link.from),
            name(link.to)
        ));
        if ui.button("Remove link").clicked() {
            tx.edit(Command::Delete(Deletion {
                links: vec![*link],
                ..Deletion::default()
            }));
        }
    }
}

fn nothing_ui(ui: &mut egui::Ui, plan: &Plan, tx: &mut Outbox) {
    ui.heading("Plan");
    egui::Grid::new("plan-grid").num_columns(2).show(ui, |ui| {
        if let Some(name) = row_ui(ui, "Name", |ui| {
            text_field_ui(ui, ui.scope_id().with("plan-name"), &plan.name, "plan name")
        }) {
            tx.edit(Command::SetPlanName(name));
        }
    });
    if let Some(notes) = notes_ui(ui, ui.scope_id().with("plan-notes"), &plan.notes) {
        tx.edit(Command::SetPlanNotes(notes));
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new("How to").strong());
    for line in [
        "Add zones from the palette, then click or drag roles into them.",
        "Click to select, Shift+click to add, drag on empty space to box-select.",
        "Drag a zone by its title bar; drag its corner to resize.",
        "Drag a node's round handle (or Alt+drag) onto another node: it uses that node.",
        "Right-click a zone to add a firewall to another zone.",
        "Right or middle drag pans, Ctrl+wheel zooms, F fits the plan.",
    ] {
        ui.label(format!("• {line}"));
    }
}

/// The zone's trust (what the review counts as a boundary): shown for every zone, chosen
/// for a Custom zone (or one that already sets its own); `Some` when the user changed it.
fn trust_ui(ui: &mut egui::Ui, zone: &Zone) -> Option<Option<Trust>> {
    let default = zone.kind.default_trust();
    if zone.kind != ZoneKind::Custom && zone.trust.is_none() {
        row_ui(ui, "Trust", |ui| {
            ui.label(format!("{} (from the kind)", default.label()))
                .on_hover_text("Internet < Perimeter < Clients < Internal < Management");
        });
        return None;
    }
    let choices: Vec<Option<Trust>> = std::iter::once(None)
        .chain(Trust::ALL.into_iter().map(Some))
        .collect();
    row_ui(ui, "Trust", |ui| {
        choice_ui(
            ui,
            "zone trust",
            ui.scope_id().with(("zone-trust", zone.id)),
            zone.trust,
            &choices,
            |t| match t {
                None => format!("{} (default)", default.label()),
                Some(t) => t.label().to_owned(),
            },
        )
    })
}

fn zone_ui(ui: &mut egui::Ui, zone: &Zone, plan: &Plan, focus_name: bool, tx: &mut Outbox) {
    ui.heading("Zone");
    let mut new = zone.clone();
    egui::Grid::new("zone-grid").num_columns(2).show(ui, |ui| {
        if let Some(name) = row_ui(ui, "Name", |ui| {
            let id = ui.scope_id().with(("zone-name", zone.id));
            focus_if_asked_ui(ui, id, focus_name);
            text_field_ui(ui, id, &zone.name, "zone name")
        }) {
            new.name = name;
        }
        if let Some(kind) = row_ui(ui, "Kind", |ui| {
            choice_ui(
                ui,
                "zone kind",
                ui.scope_id().with(("zone-kind", zone.id)),
                zone.kind,
                &ZoneKind::ALL,
                |k| k.label().to_owned(),
            )
        }) {
            new.kind = kind;
        }
        if let Some(trust) = trust_ui(ui, zone) {
            new.trust = trust;
        }
        let cidrs = crate::model::join_blocks(&zone.cidrs);
        if let Some(blocks) = row_ui(ui, "Address ranges", |ui| {
            parsed_field_ui(
                ui,
                ui.scope_id().with(("zone-cidrs", zone.id)),
                &cidrs,
                "10.0.1.0/24, ...",
                parse_blocks,
            )
        }) {
            new.cidrs = blocks;
        }
    });
    if let Some(notes) = notes_ui(ui, ui.scope_id().with(("zone-notes", zone.id)), &zone.notes) {
        new.notes = notes;
    }
    if new != *zone {
        tx.edit(Command::UpdateZone(new));
    }
    ui.separator();
    ui.label(egui::RichText::new("Firewalls").strong());
    for fw in plan.firewalls.iter().filter(|f| f.zones.contains(&zone.id)) {
        let others: Vec<&str> = fw
            .zones
            .iter()
            .filter(|z| **z != zone.id)
            .filter_map(|z| plan.zone(*z))
            .map(|z| z.name.as_str())
            .collect();
        ui.horizontal(|ui| {
            ui.label(format!("{} -> {}", fw.name, others.join(", ")));
            if ui.small_button("Remove").clicked() {
                tx.edit(Command::Delete(Deletion {
                    firewalls: vec![fw.id],
                    ..Deletion::default()
                }));
            }
        });
    }
    ui.menu_button("Add firewall to...", |ui| {
        for other in plan.zones.iter().filter(|z| z.id != zone.id) {
            if ui.button(&other.name).clicked()
                && let Some((_, cmd)) = create::firewall(plan, vec![zone.id, other.id])
            {
                tx.edit(cmd);
                ui.close();
            }
        }
    });
    ui.separator();
    let n = plan.nodes.iter().filter(|x| x.zone == zone.id).count();
    if ui.button(format!("Delete zone ({n} nodes)")).clicked() {
        tx.edit(Command::Delete(Deletion {
            zones: vec![zone.id],
            ..Deletion::default()
        }));
    }
}

fn node_ui(ui: &mut egui::Ui, node: &Node, io: &InspectorView<'_>, tx: &mut Outbox) {
    let (plan, catalog) = (io.plan, io.catalog);
    ui.heading(if node.kind == NodeKind::ClientGroup {
        "Client group"
    } else {
        "Server"
    });
    let mut new = node.clone();
    egui::Grid::new("node-grid").num_columns(2).show(ui, |ui| {
        if let Some(name) = row_ui(ui, "Name", |ui| {
            let id = ui.scope_id().with(("node-name", node.id));
            focus_if_asked_ui(ui, id, io.focus_name);
            text_field_ui(ui, id, &node.name, "node name")
        }) {
            new.name = name;
        }
        let zones: Vec<ZoneId> = plan.zones.iter().map(|z| z.id).collect();
        let zone_name = |z: ZoneId| plan.zone(z).map_or("?".to_owned(), |z| z.name.clone());
        if let Some(z) = row_ui(ui, "Zone", |ui| {
            choice_ui(
                ui,
                "zone",
                ui.scope_id().with(("node-zone", node.id)),
                node.zone,
                &zones,
                zone_name,
            )
        }) {
            new.zone = z;
        }
        let address = node
            .address
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        if let Some(a) = row_ui(ui, "Address", |ui| {
            parsed_field_ui(
                ui,
                ui.scope_id().with(("node-addr", node.id)),
                &address,
                "IP, CIDR or host name",
                parse_address,
            )
        }) {
            new.address = a;
        }
        if let Some(k) = row_ui(ui, "Kind", |ui| {
            choice_ui(
                ui,
                "node kind",
                ui.scope_id().with(("node-kind", node.id)),
                node.kind,
                &[NodeKind::Server, NodeKind::ClientGroup],
                |k| {
                    match k {
                        NodeKind::Server => "one server",
                        NodeKind::ClientGroup => "group of clients",
                    }
                    .to_owned()
                },
            )
        }) {
            new.kind = k;
        }
        // The Windows family sets a server's dynamic RPC range; client groups listen on none.
        if node.kind == NodeKind::ClientGroup && node.windows == WindowsFamily::default() {
            return;
        }
        if let Some(w) = row_ui(ui, "Windows", |ui| {
            choice_ui(
                ui,
                "Windows version",
                ui.scope_id().with(("node-win", node.id)),
                node.windows,
                &[WindowsFamily::Server2008OrLater, WindowsFamily::Pre2008],
                |w| w.label().to_owned(),
            )
        }) {
            new.windows = w;
        }
    });
    if let Some(notes) = notes_ui(ui, ui.scope_id().with(("node-notes", node.id)), &node.notes) {
        new.notes = notes;
    }
    ui.separator();
    ui.label(egui::RichText::new("Roles").strong());
    let mut groups: Vec<&str> = Vec::new();
    for r in catalog.roles() {
        if r.kind != RoleKind::Trait && !groups.contains(&r.group.as_str()) {
            groups.push(&r.group);
        }
    }
    for group in groups {
        egui::CollapsingHeader::new(group)
            .id_salt(("roles", group))
            .default_open(true)
            .show(ui, |ui| {
                for role in catalog
                    .roles()
                    .iter()
                    .filter(|r| r.group == group && r.kind != RoleKind::Trait)
                {
                    let mut on = new.has_role(&role.id);
                    let resp = ui.checkbox(&mut on, format!("{}  [{}]", role.name, role.short));
                    if resp.changed() {
                        if on {
                            new.roles.push(role.id.clone());
                        } else {
                            new.roles.retain(|r| *r != role.id);
                        }
                    }
                    resp.on_hover_text(&role.description);
                }
            });
    }
    for role in node.roles.iter().filter_map(|r| catalog.role_by_id(r)) {
        ui.label(
            egui::RichText::new(format!("{}: {}", role.name, role.description))
                .small()
                .weak(),
        );
    }
    ui.separator();
    ui.label(egui::RichText::new("Uses").strong());
    let links: Vec<_> = plan
        .uses
        .iter()
        .filter(|l| l.from == node.id)
        .copied()
        .collect();
    if links.is_empty() {
        ui.label(egui::RichText::new("Any provider in the plan. Drag the card's handle onto a node to use only that one.").small().weak());
    }
    for l in links {
        ui.horizontal(|ui| {
            ui.label(plan.node(l.to).map_or("?", |n| n.name.as_str()));
            if ui.small_button("Remove").clicked() {
                tx.edit(Command::Delete(Deletion {
                    links: vec![l],
                    ..Deletion::default()
                }));
            }
        });
    }
    bypass_ui(ui, node, catalog, &mut new);
    ui.separator();
    egui::CollapsingHeader::new("Options for this node")
        .id_salt(("node-opts", node.id))
        .show(ui, |ui| {
            let relevant = catalog.options_for(&node.roles);
            if let Some(o) = node_options_ui(ui, node.id.0, &node.options, &plan.options, &relevant)
            {
                new.options = o;
            }
        });
    if new != *node {
        tx.edit(Command::UpdateNode(new));
    }
    ui.separator();
    if ui.button("Delete node").clicked() {
        tx.edit(Command::Delete(Deletion {
            nodes: vec![node.id],
            ..Deletion::default()
        }));
    }
}

/// A switch per role the node may take from no provider (see `Node::bypass`): the ones its
/// roles can do without, and any the file names.
fn bypass_ui(ui: &mut egui::Ui, node: &Node, catalog: &Catalog, new: &mut Node) {
    let mut roles: Vec<&str> = catalog
        .bypassable(&node.roles)
        .into_iter()
        .map(|r| catalog.role(r).id.as_str())
        .collect();
    for r in &node.bypass {
        if !roles.contains(&r.as_str()) {
            roles.push(r);
        }
    }
    for id in roles {
        let name = catalog.role_by_id(id).map_or(id, |r| r.name.as_str());
        let mut on = node.bypasses(id);
        let resp = ui.checkbox(&mut on, format!("Connects directly, without {name}"));
        if resp.changed() {
            if on {
                new.bypass.push(id.to_owned());
            } else {
                new.bypass.retain(|r| r != id);
            }
        }
        resp.on_hover_text(format!(
            "This node takes no {name} from any node: for clients inside the network that reach the servers directly. Its flows to {name} go, and the direct ones appear."
        ));
    }
}

fn multi_ui(ui: &mut egui::Ui, io: &InspectorView<'_>, tx: &mut Outbox) {
    let sel = io.selection;
    ui.heading("Selection");
    ui.label(format!(
        "{} nodes, {} zones, {} firewalls, {} links",
        sel.nodes.len(),
        sel.zones.len(),
        sel.firewalls.len(),
        sel.links.len()
    ));
    if sel.zones.len() >= 2 {
        let zones: Vec<ZoneId> = sel.zones.iter().copied().collect();
        if ui
            .button(format!("Add firewall between the {} zones", zones.len()))
            .clicked()
            && let Some((id, cmd)) = create::firewall(io.plan, zones)
        {
            tx.edit(cmd);
            tx.select(Select::Only(Item::Firewall(id)));
            return;
        }
    }
    if !sel.nodes.is_empty() {
        ui.menu_button("Move nodes to zone...", |ui| {
            for z in &io.plan.zones {
                if ui.button(&z.name).clicked() {
                    let moved: Vec<Node> = sel
                        .nodes
                        .iter()
                        .filter_map(|id| io.plan.node(*id))
                        .map(|n| Node {
                            zone: z.id,
                            ..n.clone()
                        })
                        .collect();
                    let mut moves = super::super::command::Moves::default();
                    let mut probe = io.plan.clone();
                    for n in &moved {
                        let at = super::super::layout::free_node_spot(&probe, z.id);
                        probe
                            .layout
                            .nodes
                            .insert(n.id, super::super::layout::to_point(at));
                        if let Some(p) = probe.nodes.iter_mut().find(|p| p.id == n.id) {
                            p.zone = z.id;
                        }
                        moves
                            .nodes
                            .push((n.id, super::super::layout::to_point(at), z.id));
                    }
                    tx.edit(Command::Move(moves));
                    ui.close();
                }
            }
        });
    }
    if ui.button("Delete selection").clicked() {
        tx.edit(Command::Delete(sel.deletion()));
    }
}
