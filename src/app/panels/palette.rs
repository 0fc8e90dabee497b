//! The palette: zone kinds and the catalog's roles, to drag onto the canvas or click.

use super::super::create;
use super::super::notices::Notice;
use super::super::selection::{Item, Selection};
use super::super::theme;
use super::super::view::{Outbox, PaletteItem, Select};
use crate::catalog::{Catalog, RoleKind};
use crate::model::{Plan, ZoneId, ZoneKind};

/// What the palette reads.
pub struct PaletteView<'a> {
    pub plan: &'a Plan,
    pub catalog: &'a Catalog,
    pub selection: &'a Selection,
}

/// The zone a click on a role adds the node to: the selected zone, else the zone of a
/// selected node, else the one picked in the palette.
pub fn target_zone(plan: &Plan, selection: &Selection, picked: Option<ZoneId>) -> Option<ZoneId> {
    selection
        .zones
        .iter()
        .next()
        .copied()
        .or_else(|| {
            selection
                .nodes
                .iter()
                .find_map(|n| plan.node(*n).map(|n| n.zone))
        })
        .or(picked)
        .filter(|z| plan.zone(*z).is_some())
        .or_else(|| plan.zones.first().map(|z| z.id))
}

/// Shows the palette. `picked` is the zone chosen in its *Add to* box (its own state).
pub fn palette_ui(
    ui: &mut egui::Ui,
    view: PaletteView<'_>,
    picked: &mut Option<ZoneId>,
    tx: &mut Outbox,
) {
    let PaletteView {
        plan,
        catalog,
        selection,
    } = view;
    ui.heading("Zones");
    ui.label(
        egui::RichText::new("Click to add, or drag onto the canvas.")
            .small()
            .weak(),
    );
    // The buttons flow into as many rows as the panel's width needs.
    ui.horizontal_wrapped(|ui| {
        for kind in ZoneKind::ALL {
            let text =
                egui::RichText::new(format!("+ {}", kind.label())).color(theme::zone_color(kind));
            let resp = draggable_ui(ui, egui::Button::new(text), PaletteItem::Zone(kind));
            if resp.clicked() {
                let (id, cmd) = create::zone(plan, kind, None);
                tx.edit(cmd);
                tx.select(Select::Only(Item::Zone(id)));
            }
        }
    });
    ui.separator();
    ui.heading("Roles");
    let target = target_zone(plan, selection, *picked);
    ui.horizontal(|ui| {
        ui.label("Add to");
        let name = target
            .and_then(|z| plan.zone(z))
            .map_or("(no zone yet)", |z| z.name.as_str());
        let resp = egui::ComboBox::from_id_salt("palette-target")
            .selected_text(name)
            .show_ui(ui, |ui| {
                for z in &plan.zones {
                    if ui.selectable_label(target == Some(z.id), &z.name).clicked() {
                        *picked = Some(z.id);
                        tx.select(Select::Clear);
                    }
                }
            });
        super::fields::name_widget(&resp.response, "add roles to zone");
    });
    ui.label(
        egui::RichText::new("Click a role to add a server to that zone, or drag it into a zone.")
            .small()
            .weak(),
    );
    egui::ScrollArea::vertical()
        .id_salt("palette-roles")
        .show(ui, |ui| {
            let mut groups: Vec<&str> = Vec::new();
            for role in catalog.roles() {
                if role.kind != RoleKind::Trait && !groups.contains(&role.group.as_str()) {
                    groups.push(&role.group);
                }
            }
            let roles = groups.iter().flat_map(|g| {
                catalog
                    .roles()
                    .iter()
                    .filter(move |r| r.group == *g && r.kind != RoleKind::Trait)
            });
            let mut group = "";
            for role in roles {
                if role.group != group {
                    group = &role.group;
                    ui.add_space(4.0);
                    ui.label(egui::RichText::new(group).strong());
                }
                let button = egui::Button::new(format!("{}  [{}]", role.name, role.short));
                let resp = draggable_ui(ui, button, PaletteItem::Role(role.id.clone()));
                let clicked = resp.clicked();
                if !resp.dragged() {
                    resp.on_hover_text(&role.description);
                }
                if clicked {
                    let Some(zone) = target else {
                        tx.notice(Notice::hint("Add a zone first: servers live in zones."));
                        continue;
                    };
                    if let Some((id, cmd)) = create::node(plan, catalog, &role.id, zone, None) {
                        tx.edit(cmd);
                        tx.select(Select::Only(Item::Node(id)));
                    }
                }
            }
        });
}

/// A palette button: click it, or drag it onto the canvas (the drop carries `item`).
fn draggable_ui(ui: &mut egui::Ui, button: egui::Button<'_>, item: PaletteItem) -> egui::Response {
    let resp = ui.add(button.sense(egui::Sense::click_and_drag()));
    if resp.drag_started() {
        resp.dnd_set_drag_payload(item);
    }
    if resp.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        egui::Tooltip::for_widget(&resp)
            .at_pointer()
            .gap(14.0)
            .show(|ui| {
                ui.label("Drop it on the canvas");
            });
    }
    resp
}
