//! The canvas: zones, firewalls, nodes, links and flows in a pan-and-zoom scene.
//!
//! Painting is culled to the visible part of the scene. Drags move a live preview and
//! send one command on release.

pub mod firewalls;
pub mod flows;
pub mod grid;
pub mod hit;
pub mod links;
pub mod nodes;
pub mod zones;

use super::command::{Command, Deletion, Moves};
use super::create;
use super::derived::Derived;
use super::layout::{self, MIN_ZONE, from_rect, to_point, to_pos};
use super::panels::palette::PaletteItem;
use super::selection::{Item, Selection};
use super::{Notice, theme};
use crate::catalog::Catalog;
use crate::model::{NodeId, Plan, UsesLink, ZoneId, ZoneKind};
use egui::emath::TSTransform;
use egui::{Align2, FontId, PointerButton, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};
pub use flows::FlowMode;
use hit::{Geo, Hit, Preview};
use std::collections::HashSet;

/// A drag in progress.
#[derive(Clone, Debug)]
enum Drag {
    /// Moving nodes and zones; zones carry their nodes.
    Move {
        preview: Preview,
        start: Pos2,
    },
    Resize {
        zone: ZoneId,
        start: Pos2,
    },
    Link {
        from: NodeId,
        to: Pos2,
    },
    Select {
        from: Pos2,
        to: Pos2,
    },
    Pan,
}

/// Canvas view state, kept between frames.
pub struct Canvas {
    /// The part of the scene shown; pan and zoom change it.
    pub scene_rect: Rect,
    /// Scene to screen, as of the last frame (tests use it to find things).
    pub to_screen: TSTransform,
    pub flow_mode: FlowMode,
    drag: Option<Drag>,
    fit_pending: bool,
    /// What a right click hit, for the context menu.
    context: Hit,
    /// Cards drawn in the last frame.
    pub cards_drawn: usize,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            scene_rect: Rect::ZERO,
            to_screen: TSTransform::IDENTITY,
            flow_mode: FlowMode::All,
            drag: None,
            fit_pending: true,
            context: Hit::Empty,
            cards_drawn: 0,
        }
    }
}

/// What the canvas reads and writes.
pub struct CanvasIo<'a> {
    pub plan: &'a Plan,
    pub derived: &'a Derived,
    pub catalog: &'a Catalog,
    pub selection: &'a mut Selection,
    pub out: &'a mut Vec<Command>,
    pub notice: &'a mut Option<Notice>,
}

impl Canvas {
    /// Fits the whole plan in view on the next frame.
    pub fn fit(&mut self) {
        self.fit_pending = true;
    }

    /// Centres the view on `rect` (canvas units), zooming out if it does not fit.
    pub fn show_rect(&mut self, rect: Rect) {
        let size = self.scene_rect.size().max(rect.size() + Vec2::splat(120.0));
        self.scene_rect = Rect::from_center_size(rect.center(), size);
    }

    /// Shows exactly `rect` (canvas units), cancelling a pending fit.
    pub fn set_view(&mut self, rect: Rect) {
        self.scene_rect = rect;
        self.fit_pending = false;
    }

    /// Whether a drag is in progress (the app then holds back other edits).
    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    /// Screen position of a canvas point, as of the last frame.
    pub fn to_screen_pos(&self, p: Pos2) -> Pos2 {
        self.to_screen * p
    }
}

/// Bounds of everything drawn.
pub fn plan_bounds(plan: &Plan) -> Option<Rect> {
    let zones = plan.layout.zones.values().map(|r| layout::to_rect(*r));
    let nodes = plan
        .layout
        .nodes
        .values()
        .map(|p| layout::node_rect(to_pos(*p)));
    zones.chain(nodes).reduce(|a, b| a.union(b))
}

/// Shows the canvas in the remaining space of `ui`.
pub fn canvas_ui(ui: &mut egui::Ui, canvas: &mut Canvas, io: CanvasIo<'_>) {
    let outer = ui.available_rect_before_wrap();
    if canvas.fit_pending && outer.width() > 50.0 && outer.height() > 50.0 {
        canvas.fit_pending = false;
        let bounds = plan_bounds(io.plan).unwrap_or(Rect::from_min_size(Pos2::ZERO, outer.size()));
        canvas.scene_rect = bounds.expand(30.0);
    }
    // Pan by right or middle drag, lag-free: applied before the scene is laid out.
    if matches!(canvas.drag, Some(Drag::Pan)) {
        let delta = ui.input(|i| i.pointer.delta());
        let zoom = canvas.to_screen.scaling.max(0.01);
        canvas.scene_rect = canvas.scene_rect.translate(-delta / zoom);
    }
    let mut scene_rect = canvas.scene_rect;
    egui::Scene::new()
        .zoom_range(0.02..=3.0)
        .sense(Sense::hover())
        .drag_pan_buttons(egui::DragPanButtons::empty())
        .show(ui, &mut scene_rect, |ui| scene_ui(ui, canvas, io));
    canvas.scene_rect = scene_rect;
}

fn scene_ui(ui: &mut egui::Ui, canvas: &mut Canvas, io: CanvasIo<'_>) {
    let visible = ui.clip_rect();
    canvas.to_screen = ui
        .ctx()
        .layer_transform_to_global(ui.layer_id())
        .unwrap_or(TSTransform::IDENTITY);
    let zoom = canvas.to_screen.scaling.max(0.01);
    let resp = ui.interact(
        visible,
        ui.scope_id().with("canvas"),
        Sense::click_and_drag(),
    );
    let pointer = resp.hover_pos();

    handle_drag(ui, canvas, &resp, &io, zoom);
    let empty = Preview::default();
    let preview = match &canvas.drag {
        Some(Drag::Move { preview, .. }) => preview.clone(),
        Some(Drag::Resize { zone, start }) => Preview {
            resize: pointer.map(|p| (*zone, snap_delta(p - *start))),
            ..Preview::default()
        },
        _ => empty,
    };
    let geo = Geo {
        plan: io.plan,
        preview: &preview,
    };
    handle_clicks(ui, canvas, &resp, &geo, io.selection, zoom);
    handle_drop(
        &resp,
        &geo,
        io.plan,
        io.catalog,
        io.out,
        io.selection,
        io.notice,
    );

    let painter = ui.painter_at(visible);
    grid::paint(&painter, visible, zoom);
    zones::paint(&painter, &geo, visible, &io.selection.zones, zoom);
    let text = zoom >= 0.25;
    firewalls::paint(&painter, &geo, visible, &io.selection.firewalls, text);
    links::paint(&painter, &geo, visible, &io.selection.links, zoom);
    let row = io
        .selection
        .row
        .and_then(|r| io.derived.analysis.matrix.rows.get(r))
        .map(|r| (r.source, r.destination));
    let dragging = canvas.drag.is_some();
    let focus = flows::Focus {
        nodes: &io.selection.nodes,
        row,
        mode: canvas.flow_mode,
        pointer: if dragging { None } else { pointer },
        zoom,
    };
    let drawn = flows::paint(&painter, &geo, io.derived, visible, &focus);
    let hovered_edge = drawn.hovered;
    let hovered_node = match pointer.map(|p| hit::hit(&geo, p, zoom)) {
        Some(Hit::Node(id) | Hit::LinkHandle(id)) if !dragging => Some(id),
        _ => None,
    };
    let marked: Vec<NodeId> = row.map(|(a, b)| vec![a, b]).unwrap_or_default();
    let style = nodes::CardStyle {
        zoom,
        selected: &io.selection.nodes,
        marked: &marked,
        hovered: hovered_node,
    };
    canvas.cards_drawn = nodes::paint(&painter, &geo, io.catalog, visible, &style);
    paint_drag_overlay(&painter, canvas, &geo, pointer, zoom);
    paint_drop_target(&painter, &resp, &geo, pointer);
    if io.plan.zones.is_empty() {
        let hint = "Empty plan: add a zone from the palette on the left (click it or drag it here),\nthen click or drag roles into the zone.";
        painter.text(
            visible.center(),
            Align2::CENTER_CENTER,
            hint,
            FontId::proportional(16.0 / zoom),
            theme::TEXT_WEAK,
        );
    }
    if drawn.left_out > 0 {
        let note = format!(
            "{} of {} flow arrows drawn: zoom in or select a node to see its flows",
            drawn.candidates - drawn.left_out,
            drawn.candidates
        );
        let at = visible.left_top() + Vec2::splat(10.0 / zoom);
        ui.painter().with_clip_rect(visible).text(
            at,
            Align2::LEFT_TOP,
            note,
            FontId::proportional(13.0 / zoom),
            theme::TEXT_WEAK,
        );
    }

    if let (Some(i), None) = (hovered_edge, hovered_node)
        && let Some(edge) = io.derived.edges.get(i)
    {
        egui::Tooltip::for_widget(&resp)
            .at_pointer()
            .gap(14.0)
            .show(|ui| {
                ui.label(egui::RichText::new(&edge.label).monospace());
                if edge.crosses {
                    ui.label(egui::RichText::new("crosses a firewall").color(theme::FLOW_CROSSING));
                }
            });
    }
    if resp.secondary_clicked()
        && let Some(p) = resp.interact_pointer_pos()
    {
        canvas.context = hit::hit(&geo, p, zoom);
    }
    let context = canvas.context;
    let click_at = resp.interact_pointer_pos();
    resp.context_menu(|ui| context_menu_ui(ui, context, click_at, &io));
}

fn snap_delta(d: Vec2) -> Vec2 {
    Vec2::new(layout::snap(d.x), layout::snap(d.y))
}

/// Starts, updates and ends drags; ends send one command.
fn handle_drag(
    ui: &egui::Ui,
    canvas: &mut Canvas,
    resp: &egui::Response,
    io: &CanvasIo<'_>,
    zoom: f32,
) {
    let from_global = canvas.to_screen.inverse();
    if resp.drag_started() {
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .map(|p| from_global * p)
            .or(resp.interact_pointer_pos());
        let Some(origin) = origin else { return };
        if resp.dragged_by(PointerButton::Secondary) || resp.dragged_by(PointerButton::Middle) {
            canvas.drag = Some(Drag::Pan);
            return;
        }
        let empty = Preview::default();
        let geo = Geo {
            plan: io.plan,
            preview: &empty,
        };
        let alt = ui.input(|i| i.modifiers.alt);
        canvas.drag = Some(match hit::hit(&geo, origin, zoom) {
            Hit::LinkHandle(from) => Drag::Link { from, to: origin },
            Hit::Node(from) if alt => Drag::Link { from, to: origin },
            Hit::Node(id) => {
                let shift = ui.input(|i| i.modifiers.shift);
                let mut nodes: HashSet<NodeId> = HashSet::from([id]);
                let mut zones: HashSet<ZoneId> = HashSet::new();
                if io.selection.nodes.contains(&id) || shift {
                    nodes.extend(io.selection.nodes.iter().copied());
                    zones.extend(io.selection.zones.iter().copied());
                    nodes.extend(
                        io.plan
                            .nodes
                            .iter()
                            .filter(|n| zones.contains(&n.zone))
                            .map(|n| n.id),
                    );
                }
                Drag::Move {
                    preview: Preview {
                        offset: Vec2::ZERO,
                        nodes,
                        zones,
                        resize: None,
                    },
                    start: origin,
                }
            }
            Hit::ZoneHeader(id) => {
                let mut zones: HashSet<ZoneId> = HashSet::from([id]);
                if io.selection.zones.contains(&id) {
                    zones.extend(io.selection.zones.iter().copied());
                }
                let mut nodes: HashSet<NodeId> = io
                    .plan
                    .nodes
                    .iter()
                    .filter(|n| zones.contains(&n.zone))
                    .map(|n| n.id)
                    .collect();
                if io.selection.zones.contains(&id) {
                    nodes.extend(io.selection.nodes.iter().copied());
                }
                Drag::Move {
                    preview: Preview {
                        offset: Vec2::ZERO,
                        nodes,
                        zones,
                        resize: None,
                    },
                    start: origin,
                }
            }
            Hit::ZoneResize(zone) => Drag::Resize {
                zone,
                start: origin,
            },
            Hit::Firewall(_) | Hit::Link(_) | Hit::ZoneBody(_) | Hit::Empty => Drag::Select {
                from: origin,
                to: origin,
            },
        });
    }
    let pointer = resp.interact_pointer_pos();
    match (&mut canvas.drag, pointer) {
        (Some(Drag::Move { preview, start }), Some(p)) => preview.offset = snap_delta(p - *start),
        (Some(Drag::Link { to, .. }), Some(p)) => *to = p,
        (Some(Drag::Select { to, .. }), Some(p)) => *to = p,
        _ => {}
    }
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) && canvas.drag.is_some() {
        canvas.drag = None;
        return;
    }
    if !resp.drag_stopped() {
        return;
    }
    let Some(drag) = canvas.drag.take() else {
        return;
    };
    let end = pointer.or(resp.hover_pos());
    finish_drag(ui, drag, end, io, zoom);
}

fn finish_drag(ui: &egui::Ui, drag: Drag, end: Option<Pos2>, io: &CanvasIo<'_>, zoom: f32) {
    let _ = zoom;
    match drag {
        Drag::Pan => {}
        Drag::Move { preview, .. } => {
            if preview.offset == Vec2::ZERO {
                return;
            }
            let geo = Geo {
                plan: io.plan,
                preview: &preview,
            };
            let mut moves = Moves::default();
            for z in &preview.zones {
                if let Some(r) = geo.zone_rect(*z) {
                    moves.zones.push((*z, from_rect(r)));
                }
            }
            for node in &io.plan.nodes {
                if !preview.nodes.contains(&node.id) {
                    continue;
                }
                let Some(card) = geo.node_rect(node.id) else {
                    continue;
                };
                let zone = if preview.zones.contains(&node.zone) {
                    node.zone
                } else {
                    match geo.zone_at(card.center()) {
                        Some(z) => z,
                        None => {
                            set_notice(ui, "Drop nodes inside a zone: the move was cancelled.");
                            return;
                        }
                    }
                };
                let at = match (preview.zones.contains(&node.zone), geo.zone_rect(zone)) {
                    (false, Some(r)) => layout::clamp_card(card.min, r),
                    _ => card.min,
                };
                moves.nodes.push((node.id, to_point(at), zone));
            }
            push(ui, Command::Move(moves));
        }
        Drag::Resize { zone, start } => {
            let (Some(end), Some(r)) = (end, io.plan.layout.zones.get(&zone)) else {
                return;
            };
            let mut rect = layout::to_rect(*r);
            rect.max += snap_delta(end - start);
            rect.max = rect.max.max(rect.min + MIN_ZONE);
            push(
                ui,
                Command::Move(Moves {
                    zones: vec![(zone, from_rect(rect))],
                    nodes: Vec::new(),
                }),
            );
        }
        Drag::Link { from, to } => {
            let empty = Preview::default();
            let geo = Geo {
                plan: io.plan,
                preview: &empty,
            };
            match hit::hit(&geo, end.unwrap_or(to), zoom) {
                Hit::Node(target) | Hit::LinkHandle(target) if target != from => {
                    push(ui, Command::AddUses(UsesLink { from, to: target }));
                }
                _ => set_notice(
                    ui,
                    "Release a link on another node to make it use that node.",
                ),
            }
        }
        Drag::Select { from, to } => {
            let area = Rect::from_two_pos(from, end.unwrap_or(to));
            let shift = ui.input(|i| i.modifiers.shift);
            let mut picked = Selection::default();
            let empty = Preview::default();
            let geo = Geo {
                plan: io.plan,
                preview: &empty,
            };
            for (id, p) in &io.plan.layout.nodes {
                if area.intersects(geo.node_rect_at(*id, to_pos(*p))) {
                    picked.nodes.insert(*id);
                }
            }
            for (id, r) in &io.plan.layout.zones {
                if area.contains_rect(layout::to_rect(*r)) {
                    picked.zones.insert(*id);
                }
            }
            for (id, r) in firewalls::firewall_boxes(&geo) {
                if area.intersects(r) {
                    picked.firewalls.insert(id);
                }
            }
            ui.ctx()
                .data_mut(|d| d.insert_temp(egui::Id::unique(BOX_SELECT), (picked, shift)));
        }
    }
}

const PENDING: &str = "portolan-canvas-commands";
const NOTICE: &str = "portolan-canvas-notice";
const BOX_SELECT: &str = "portolan-canvas-box";

/// Queues a command; the app collects them after the frame with [`take_pending`].
fn push(ui: &egui::Ui, cmd: Command) {
    ui.ctx().data_mut(|d| {
        d.get_temp_mut_or_default::<PendingCommands>(egui::Id::unique(PENDING))
            .0
            .push(cmd);
    });
}

fn set_notice(ui: &egui::Ui, text: &str) {
    ui.ctx()
        .data_mut(|d| d.insert_temp(egui::Id::unique(NOTICE), text.to_owned()));
}

#[derive(Clone, Default)]
struct PendingCommands(Vec<Command>);

/// Commands, a notice and a box selection the canvas queued while the plan was borrowed.
pub fn take_pending(
    ctx: &egui::Context,
    out: &mut Vec<Command>,
    notice: &mut Option<Notice>,
    selection: &mut Selection,
) {
    ctx.data_mut(|d| {
        if let Some(p) = d.remove_temp::<PendingCommands>(egui::Id::unique(PENDING)) {
            out.extend(p.0);
        }
        if let Some(text) = d.remove_temp::<String>(egui::Id::unique(NOTICE)) {
            *notice = Some(Notice::info(text));
        }
        if let Some((picked, additive)) =
            d.remove_temp::<(Selection, bool)>(egui::Id::unique(BOX_SELECT))
        {
            if !additive {
                selection.clear();
            }
            selection.nodes.extend(picked.nodes);
            selection.zones.extend(picked.zones);
            selection.firewalls.extend(picked.firewalls);
        }
    });
}

/// Clicks select; shift-click adds or removes.
fn handle_clicks(
    ui: &egui::Ui,
    canvas: &Canvas,
    resp: &egui::Response,
    geo: &Geo<'_>,
    selection: &mut Selection,
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
            if !shift {
                selection.clear();
            }
            selection.add(Item::Node(added[0]));
        }
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
        (Some(item), true) => selection.toggle(item),
        (Some(item), false) => selection.set(item),
        (None, false) => selection.clear(),
        (None, true) => {}
    }
}

/// Palette items dropped on the canvas.
fn handle_drop(
    resp: &egui::Response,
    geo: &Geo<'_>,
    plan: &Plan,
    catalog: &Catalog,
    out: &mut Vec<Command>,
    selection: &mut Selection,
    notice: &mut Option<Notice>,
) {
    let Some(item) = resp.dnd_release_payload::<PaletteItem>() else {
        return;
    };
    let Some(p) = resp.hover_pos() else { return };
    match &*item {
        PaletteItem::Zone(kind) => {
            let (id, cmd) = create::zone(plan, *kind, Some(p));
            out.push(cmd);
            selection.set(Item::Zone(id));
        }
        PaletteItem::Role(role) => {
            let Some(zone) = geo.zone_at(p) else {
                *notice = Some(Notice::info(
                    "Drop roles inside a zone (or pick the zone in the palette and click the role).",
                ));
                return;
            };
            let mut at = p - hit::card_half();
            if let Some(r) = geo.zone_rect(zone) {
                at = layout::clamp_card(at, r);
            }
            if let Some((id, cmd)) = create::node(plan, catalog, role, zone, Some(at)) {
                out.push(cmd);
                selection.set(Item::Node(id));
            }
        }
    }
}

fn paint_drag_overlay(
    painter: &egui::Painter,
    canvas: &Canvas,
    geo: &Geo<'_>,
    pointer: Option<Pos2>,
    zoom: f32,
) {
    match &canvas.drag {
        Some(Drag::Link { from, to }) => {
            let Some(card) = geo.node_rect(*from) else {
                return;
            };
            let s = hit::link_handle(card);
            painter.line_segment([s, *to], Stroke::new(2.0, theme::SELECTED));
            links::arrow_head(painter, s, *to, theme::SELECTED, 12.0, true);
            if let Some(Hit::Node(t)) = pointer.map(|p| hit::hit(geo, p, zoom))
                && t != *from
                && let Some(r) = geo.node_rect(t)
            {
                painter.rect_stroke(
                    r.expand(3.0),
                    7.0,
                    Stroke::new(2.0, theme::SELECTED),
                    StrokeKind::Outside,
                );
            }
        }
        Some(Drag::Select { from, to }) => {
            let r = Rect::from_two_pos(*from, *to);
            painter.rect_filled(r, 0.0, theme::SELECTED.gamma_multiply(0.08));
            painter.rect_stroke(
                r,
                0.0,
                Stroke::new(1.0 / zoom, theme::SELECTED),
                StrokeKind::Inside,
            );
        }
        Some(Drag::Move { preview, .. }) => {
            // Show the zone a lone node would land in.
            if preview.zones.is_empty()
                && let Some(first) = preview.nodes.iter().next()
                && let Some(card) = geo.node_rect(*first)
            {
                match geo.zone_at(card.center()).and_then(|z| geo.zone_rect(z)) {
                    Some(r) => {
                        painter.rect_stroke(
                            r,
                            8.0,
                            Stroke::new(3.0, theme::SELECTED),
                            StrokeKind::Inside,
                        );
                    }
                    None => {
                        painter.text(
                            card.center_top(),
                            Align2::CENTER_BOTTOM,
                            "drop inside a zone",
                            FontId::proportional(13.0),
                            theme::ERROR,
                        );
                    }
                }
            }
        }
        _ => {}
    }
}

/// While a palette role is dragged over the canvas, outlines the zone it would land in.
fn paint_drop_target(
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

/// Right-click menu for what was under the pointer.
fn context_menu_ui(ui: &mut egui::Ui, hit: Hit, at: Option<Pos2>, io: &CanvasIo<'_>) {
    let plan = io.plan;
    let delete = |ui: &mut egui::Ui, label: &str, d: Deletion| {
        if ui.button(label).clicked() {
            push(ui, Command::Delete(d));
            ui.close();
        }
    };
    match hit {
        Hit::Node(id) | Hit::LinkHandle(id) => {
            let links: Vec<UsesLink> = plan.uses.iter().filter(|l| l.from == id).copied().collect();
            for l in links {
                let name = plan.node(l.to).map_or("?", |n| n.name.as_str());
                delete(
                    ui,
                    &format!("Remove link: uses {name}"),
                    Deletion {
                        links: vec![l],
                        ..Deletion::default()
                    },
                );
            }
            delete(
                ui,
                "Delete node",
                Deletion {
                    nodes: vec![id],
                    ..Deletion::default()
                },
            );
        }
        Hit::Firewall(id) => delete(
            ui,
            "Delete firewall",
            Deletion {
                firewalls: vec![id],
                ..Deletion::default()
            },
        ),
        Hit::Link(l) => delete(
            ui,
            "Remove link",
            Deletion {
                links: vec![l],
                ..Deletion::default()
            },
        ),
        Hit::ZoneHeader(id) | Hit::ZoneBody(id) | Hit::ZoneResize(id) => {
            ui.menu_button("Add firewall to...", |ui| {
                for other in plan.zones.iter().filter(|z| z.id != id) {
                    if ui.button(&other.name).clicked()
                        && let Some((_, cmd)) = create::firewall(plan, vec![id, other.id])
                    {
                        push(ui, cmd);
                        ui.close();
                    }
                }
            });
            delete(
                ui,
                "Delete zone and its nodes",
                Deletion {
                    zones: vec![id],
                    ..Deletion::default()
                },
            );
        }
        Hit::Empty => {
            ui.menu_button("Add zone here", |ui| {
                for kind in ZoneKind::ALL {
                    if ui.button(kind.label()).clicked() {
                        push(ui, create::zone(plan, kind, at).1);
                        ui.close();
                    }
                }
            });
        }
    }
}
