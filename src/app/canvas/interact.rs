//! Clicks that select, and palette items dropped on the canvas.

use super::super::create;
use super::super::layout::{self};
use super::super::notices::Notice;
use super::super::selection::{Item, Selection};
use super::super::theme;
use super::super::view::{Outbox, PaletteItem, Request, Select};
use super::Canvas;
use super::drag::Drag;
use super::geo::Geo;
use super::hit::{self, Hit};
use crate::catalog::Catalog;
use crate::model::{NodeId, Plan};
use egui::{Align2, FontId, Pos2, Rect, Stroke, StrokeKind};

/// Clicks select; shift-click adds or removes.
pub(super) fn clicks_ui(
    ui: &egui::Ui,
    canvas: &Canvas,
    resp: &egui::Response,
    geo: &Geo<'_>,
    selection: &Selection,
    tx: &mut Outbox,
    zoom: f32,
) {
    if let Some(Drag::Move { preview, .. }) = &canvas.drag
        && resp.drag_started()
    {
        // A drag on an unselected node selects it (unless shift adds to the selection).
        let shift = ui.input(|i| i.modifiers.shift);
        let added: Vec<NodeId> = preview
            .nodes
            .iter()
            .copied()
            .filter(|n| !selection.nodes.contains(n))
            .collect();
        if added.len() == 1 && preview.zones.is_empty() {
            tx.select(if shift {
                Select::Toggle(Item::Node(added[0]))
            } else {
                Select::Only(Item::Node(added[0]))
            });
        }
    }
    if resp.double_clicked() {
        // Select what was double-clicked and put the cursor in its name field.
        tx.send(Request::Rename);
    }
    if !resp.clicked() {
        return;
    }
    let Some(p) = resp.interact_pointer_pos() else {
        return;
    };
    let shift = ui.input(|i| i.modifiers.shift || i.modifiers.command);
    let item = match hit::hit(geo, p, zoom) {
        Hit::Node(id) | Hit::LinkHandle(id) => Some(Item::Node(id)),
        Hit::Firewall(id) => Some(Item::Firewall(id)),
        Hit::Link(l) => Some(Item::Link(l)),
        Hit::ZoneHeader(id) | Hit::ZoneBody(id) | Hit::ZoneResize(id) => Some(Item::Zone(id)),
        Hit::Empty => None,
    };
    match (item, shift) {
        (Some(item), true) => tx.select(Select::Toggle(item)),
        (Some(item), false) => tx.select(Select::Only(item)),
        (None, false) => tx.select(Select::Clear),
        (None, true) => {}
    }
}

/// Palette items dropped on the canvas.
pub(super) fn handle_drop(
    resp: &egui::Response,
    geo: &Geo<'_>,
    plan: &Plan,
    catalog: &Catalog,
    tx: &mut Outbox,
) {
    let Some(item) = resp.dnd_release_payload::<PaletteItem>() else {
        return;
    };
    let Some(p) = resp.hover_pos() else { return };
    match &*item {
        PaletteItem::Zone(kind) => {
            let (id, cmd) = create::zone(plan, *kind, Some(p));
            tx.edit(cmd);
            tx.select(Select::Only(Item::Zone(id)));
        }
        PaletteItem::Role(role) => {
            let Some(zone) = geo.zone_at(p) else {
                tx.notice(Notice::hint(
                    "Drop roles inside a zone (or pick the zone in the palette and click the role).",
                ));
                return;
            };
            let mut at = p - hit::card_half();
            if let Some(r) = geo.zone_rect(zone) {
                at = layout::clamp_card(at, r);
            }
            if let Some((id, cmd)) = create::node(plan, catalog, role, zone, Some(at)) {
                tx.edit(cmd);
                tx.select(Select::Only(Item::Node(id)));
            }
        }
    }
}

/// While a palette role is dragged over the canvas, outlines the zone it would land in.
pub(super) fn paint_drop_target(
    painter: &egui::Painter,
    resp: &egui::Response,
    geo: &Geo<'_>,
    pointer: Option<Pos2>,
) {
    let Some(item) = resp.dnd_hover_payload::<PaletteItem>() else {
        return;
    };
    let Some(p) = pointer else { return };
    match &*item {
        PaletteItem::Role(_) => match geo.zone_at(p).and_then(|z| geo.zone_rect(z)) {
            Some(r) => {
                painter.rect_stroke(
                    r,
                    8.0,
                    Stroke::new(3.0, theme::SELECTED),
                    StrokeKind::Inside,
                );
                painter.rect_stroke(
                    Rect::from_min_size(p - hit::card_half(), layout::NODE_SIZE),
                    6.0,
                    Stroke::new(1.5, theme::SELECTED),
                    StrokeKind::Inside,
                );
            }
            None => {
                painter.text(
                    p,
                    Align2::CENTER_BOTTOM,
                    "drop inside a zone",
                    FontId::proportional(13.0),
                    theme::ERROR,
                );
            }
        },
        PaletteItem::Zone(kind) => {
            let r = Rect::from_min_size(layout::snap_pos(p), create::NEW_ZONE);
            painter.rect_stroke(
                r,
                8.0,
                Stroke::new(2.0, theme::zone_color(*kind)),
                StrokeKind::Inside,
            );
        }
    }
}
