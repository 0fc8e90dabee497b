//! The canvas: zones, firewalls, nodes, links and flows in a pan-and-zoom scene.
//!
//! Painting is culled to the visible part of the scene. Drags move a live preview and
//! send one command on release.

mod context_menu;
mod drag;
pub mod firewalls;
pub mod flows;
mod geo;
pub mod grid;
pub mod hit;
mod interact;
pub mod links;
pub mod nodes;
mod scene_text;
mod spatial;
pub mod zones;

use super::derived::Derived;
use super::layout::{self, to_pos};
use super::selection::Selection;
use super::theme;
use super::view::{FlowMode, Outbox};
use crate::catalog::Catalog;
use crate::model::{NodeId, Plan};
use context_menu::context_menu_ui;
use drag::Drag;
use drag::{drag_ui, paint_drag_overlay, snap_delta};
use egui::emath::TSTransform;
use egui::{Align2, FontId, Pos2, Rect, Sense, Vec2};
use geo::{Geo, Preview};
use hit::Hit;
use interact::{clicks_ui, handle_drop, paint_drop_target};

/// The smallest text drawn on the canvas, in screen pixels: text that would be smaller
/// at the current zoom is left out (or drawn larger where there is room), never drawn
/// unreadable.
pub const MIN_TEXT_PX: f32 = 9.0;

/// The zoom steps of zoom in and zoom out.
const ZOOM_STEP: f32 = 1.25;

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
    /// Where the canvas was drawn in the last frame, in screen points.
    pub screen_rect: Option<Rect>,
    /// The arrows of the current view, reused while only the pointer moves.
    flow_view: flows::FlowView,
    /// The cards by grid cell, for the analysis generation they were built for.
    card_grid: Option<(u64, spatial::Grid)>,
    /// The firewall boxes, for the analysis generation they were placed for.
    firewall_boxes: Option<(u64, geo::FirewallBoxes)>,
    /// What the last frame drew in screen space over the scene: zone titles too large
    /// for their header, and a note.
    overlay: Overlay,
}

/// Text drawn over the scene in screen pixels, at a size the scene's zoom does not
/// change: text laid out inside a zoomed-out scene is rasterised large and shrunk, which
/// drops strokes ("flow a rows"), so notes and overview titles are drawn here.
#[derive(Default)]
struct Overlay {
    titles: Vec<zones::Title>,
    note: Option<String>,
    /// A hint in the middle of an empty canvas.
    hint: Option<&'static str>,
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
            screen_rect: None,
            flow_view: flows::FlowView::default(),
            card_grid: None,
            firewall_boxes: None,
            overlay: Overlay::default(),
        }
    }
}

/// What the canvas reads.
pub struct CanvasView<'a> {
    pub plan: &'a Plan,
    /// The analysis generation: the plan has not changed while it stays the same.
    pub generation: u64,
    pub derived: &'a Derived,
    pub catalog: &'a Catalog,
    pub selection: &'a Selection,
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

    /// Widens the view just enough to include `rect` (canvas units).
    pub fn include(&mut self, rect: Rect) {
        self.scene_rect = self.scene_rect.union(rect.expand(30.0));
    }

    /// Shows exactly `rect` (canvas units), cancelling a pending fit.
    pub fn set_view(&mut self, rect: Rect) {
        self.scene_rect = rect;
        self.fit_pending = false;
    }

    /// The zoom of the last frame (screen pixels per canvas unit).
    pub fn zoom(&self) -> f32 {
        self.to_screen.scaling
    }

    /// Zooms to `zoom` around the centre of the view.
    pub fn zoom_to(&mut self, zoom: f32) {
        let current = self.zoom();
        if current <= 0.0 || !zoom.is_finite() || zoom <= 0.0 {
            return;
        }
        let zoom = zoom.clamp(0.02, 3.0);
        let size = self.scene_rect.size() * (current / zoom);
        self.scene_rect = Rect::from_center_size(self.scene_rect.center(), size);
        self.fit_pending = false;
    }

    /// Zooms in (`steps` > 0) or out by steps of 25 %.
    pub fn zoom_by(&mut self, steps: i32) {
        self.zoom_to(self.zoom() * ZOOM_STEP.powi(steps));
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

/// The card (or its link handle) under `p`, topmost first, found in a grid of the
/// cards built once per analysis generation. **O(cards in one cell)** a frame.
fn card_at(
    canvas: &mut Canvas,
    geo: &Geo<'_>,
    generation: u64,
    p: Pos2,
    zoom: f32,
) -> Option<NodeId> {
    if canvas
        .card_grid
        .as_ref()
        .is_none_or(|(g, _)| *g != generation)
    {
        let bounds = (0..geo.plan.nodes.len())
            .filter_map(|i| geo.card(i))
            .reduce(|a, b| a.union(b))
            .unwrap_or(Rect::ZERO)
            .expand(20.0);
        let mut grid = spatial::Grid::new(bounds, 96);
        for i in 0..geo.plan.nodes.len() {
            if let Some(r) = geo.card(i) {
                grid.insert_rect(r.expand(hit::card_half().y / 2.0), i as u32);
            }
        }
        canvas.card_grid = Some((generation, grid));
    }
    let (_, grid) = canvas.card_grid.as_ref()?;
    let grab = hit::handle_grab_radius(zoom);
    let mut best: Option<(bool, usize)> = None;
    for &k in grid.at(p) {
        let i = k as usize;
        let (Some(node), Some(r)) = (geo.plan.nodes.get(i), geo.card(i)) else {
            continue;
        };
        if !(r.contains(p) || hit::link_handle(r).distance(p) <= grab) {
            continue;
        }
        let rank = (geo.raised.contains(&node.id), i);
        if best.is_none_or(|b| rank > b) {
            best = Some(rank);
        }
    }
    best.and_then(|(_, i)| geo.plan.nodes.get(i)).map(|n| n.id)
}

/// The firewall boxes placed once per analysis generation and reused by every frame
/// and hit test until the plan changes; `None` while zones are dragged or resized (the
/// boxes follow them, placed each frame). Cards dragged over a box leave it in place
/// until the drop.
fn firewall_boxes_for(
    canvas: &mut Canvas,
    geo: &Geo<'_>,
    preview: &Preview,
    generation: u64,
) -> Option<geo::FirewallBoxes> {
    if !preview.zones.is_empty() || preview.resize.is_some() {
        return None;
    }
    match &canvas.firewall_boxes {
        Some((g, boxes)) if *g == generation => Some(std::rc::Rc::clone(boxes)),
        _ => {
            let boxes = geo::firewall_boxes(geo);
            canvas.firewall_boxes = Some((generation, std::rc::Rc::clone(&boxes)));
            Some(boxes)
        }
    }
}

/// Where firewall `id`'s box is drawn, in canvas units.
pub fn firewall_rect(plan: &Plan, id: crate::model::FirewallId) -> Option<Rect> {
    let preview = Preview::default();
    geo::firewall_boxes(&Geo::new(plan, &preview))
        .iter()
        .find_map(|&(f, r)| (f == id).then_some(r))
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

/// Shows the canvas in the remaining space of `ui`; edits, selection changes and
/// messages go to `tx`.
pub fn canvas_ui(ui: &mut egui::Ui, canvas: &mut Canvas, io: CanvasView<'_>, tx: &mut Outbox) {
    let outer = ui.available_rect_before_wrap();
    canvas.screen_rect = Some(outer);
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
        .show(ui, &mut scene_rect, |ui| scene_ui(ui, canvas, &io, tx));
    canvas.scene_rect = scene_rect;
    // A layer of its own directly above the scene's (created after it, so after it in
    // egui's order among the panel's sublayers).
    let layer = egui::LayerId::new(ui.layer_id().order, ui.scope_id().with("canvas-overlay"));
    ui.ctx().set_sublayer(ui.layer_id(), layer);
    let painter = egui::Painter::new(ui.ctx().clone(), layer, outer.intersect(ui.clip_rect()));
    paint_overlay(&painter, canvas, outer);
}

/// Draws the [`Overlay`] in screen space: zone titles on a plate at the zone's top left
/// (when the zone is wide enough on screen), the note at the canvas's top left.
fn paint_overlay(painter: &egui::Painter, canvas: &Canvas, outer: Rect) {
    let font = FontId::proportional(MIN_TEXT_PX + 3.0);
    for t in &canvas.overlay.titles {
        let rect = Rect::from_min_max(
            canvas.to_screen_pos(t.rect.min),
            canvas.to_screen_pos(t.rect.max),
        );
        if rect.width() < 40.0 || !rect.intersects(outer) {
            continue;
        }
        let galley = nodes::elided(
            painter,
            &t.text,
            font.clone(),
            theme::TEXT,
            rect.width() - 8.0,
        );
        let at = rect.min + Vec2::new(3.0, 3.0);
        let plate = Rect::from_min_size(at, galley.size()).expand2(Vec2::new(3.0, 1.0));
        painter.rect_filled(plate, 3.0, egui::Color32::from_white_alpha(225));
        painter.rect_stroke(
            plate,
            3.0,
            egui::Stroke::new(1.0, t.color),
            egui::StrokeKind::Inside,
        );
        painter.galley(at, galley, theme::TEXT);
    }
    if let Some(note) = &canvas.overlay.note {
        let galley = painter.layout(
            note.clone(),
            FontId::proportional(13.0),
            theme::TEXT_WEAK,
            (outer.width() - 40.0).max(100.0),
        );
        let at = outer.left_top() + Vec2::splat(10.0);
        let plate = Rect::from_min_size(at, galley.size()).expand(4.0);
        painter.rect_filled(plate, 4.0, egui::Color32::from_white_alpha(235));
        painter.galley(at, galley, theme::TEXT_WEAK);
    }
    if let Some(hint) = canvas.overlay.hint {
        painter.text(
            outer.center(),
            Align2::CENTER_CENTER,
            hint,
            FontId::proportional(16.0),
            theme::TEXT_WEAK,
        );
    }
}

fn scene_ui(ui: &mut egui::Ui, canvas: &mut Canvas, io: &CanvasView<'_>, tx: &mut Outbox) {
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

    drag_ui(ui, canvas, &resp, io, tx, zoom);
    let empty = Preview::default();
    let preview = match &canvas.drag {
        Some(Drag::Move { preview, .. }) => preview.clone(),
        Some(Drag::Resize { zone, start }) => Preview {
            resize: pointer.map(|p| (*zone, snap_delta(p - *start))),
            ..Preview::default()
        },
        _ => empty,
    };
    // The selection as it was at the start of the frame is drawn and hit on top.
    let geo =
        Geo::indexed(io.plan, &preview, &io.derived.node_pos).with_raised(&io.selection.nodes);
    let geo = match firewall_boxes_for(canvas, &geo, &preview, io.generation) {
        Some(boxes) => geo.with_firewalls(boxes),
        None => geo,
    };
    clicks_ui(ui, canvas, &resp, &geo, io.selection, tx, zoom);
    handle_drop(&resp, &geo, io.plan, io.catalog, tx);

    let painter = ui.painter_at(visible);
    grid::paint(&painter, visible, zoom);
    canvas.overlay.titles = zones::paint(&painter, &geo, visible, &io.selection.zones, zoom);
    links::paint(
        &painter,
        &geo,
        &io.derived.link_pos,
        visible,
        &io.selection.links,
        zoom,
    );
    let row = io
        .selection
        .row
        .and_then(|r| io.derived.table.get(r))
        .map(|r| (r.source, r.destination));
    let dragging = canvas.drag.is_some();
    let focus = flows::Focus {
        nodes: &io.selection.nodes,
        row,
        mode: canvas.flow_mode,
        pointer: if dragging { None } else { pointer },
        zoom,
    };
    let key = (!dragging).then(|| flows::ViewKey {
        generation: io.generation,
        visible: [visible.min.x, visible.min.y, visible.max.x, visible.max.y].map(f32::to_bits),
        selection: {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            io.selection.nodes.hash(&mut h);
            h.finish()
        },
        row,
        mode: canvas.flow_mode,
    });
    let drawn = flows::paint(
        &painter,
        &geo,
        io.derived,
        visible,
        &focus,
        &mut canvas.flow_view,
        key,
    );
    // Above the flows, as in the exported picture: a badge's name stays legible where
    // the arrows through it converge.
    firewalls::paint(&painter, &geo, visible, &io.selection.firewalls, zoom);
    let hovered_edge = drawn.hovered;
    let hovered_node = match pointer {
        Some(p) if !dragging => card_at(canvas, &geo, io.generation, p, zoom),
        _ => None,
    };
    let hovered_firewall = match pointer {
        Some(p) if !dragging && hovered_node.is_none() => hit::firewall_at(&geo, p, zoom),
        _ => None,
    };
    let marked: Vec<NodeId> = row.map(|(a, b)| vec![a, b]).unwrap_or_default();
    let style = nodes::CardStyle {
        zoom,
        selected: &io.selection.nodes,
        marked: &marked,
        hovered: hovered_node,
        problems: &io.derived.node_problems,
    };
    canvas.cards_drawn = nodes::paint(&painter, &geo, io.catalog, visible, &style);
    paint_drag_overlay(&painter, canvas, &geo, pointer, zoom);
    paint_drop_target(&painter, &resp, &geo, pointer);
    canvas.overlay.hint = io.plan.zones.is_empty().then_some(
        "Empty plan: add a zone from the palette on the left (click it or drag it here),\nthen click or drag roles into the zone.",
    );
    canvas.overlay.note = if drawn.left_out > 0 {
        Some(format!(
            "{} of {} flow arrows drawn: zoom in or select a node to see its flows",
            drawn.candidates - drawn.left_out,
            drawn.candidates
        ))
    } else {
        None
    };

    if let Some(fw) = hovered_firewall.and_then(|id| io.plan.firewall(id)) {
        let rules = io.derived.firewall_rules.get(&fw.id).copied().unwrap_or(0);
        egui::Tooltip::for_widget(&resp)
            .at_pointer()
            .gap(14.0)
            .show(|ui| firewalls::tooltip_ui(ui, io.plan, fw, rules));
    } else if let (Some(i), None) = (hovered_edge, hovered_node)
        && let Some(edge) = io.derived.edges.get(i)
    {
        egui::Tooltip::for_widget(&resp)
            .at_pointer()
            .gap(14.0)
            .show(|ui| {
                let label = io.derived.edge_label(i, io.plan);
                ui.label(egui::RichText::new(label).monospace());
                let firewalls = io.derived.edge_firewalls(i, io.plan);
                if edge.unrouted {
                    let text = "no firewall joins these zones: add one to route it";
                    ui.label(egui::RichText::new(text).color(theme::ERROR));
                } else if !firewalls.is_empty() {
                    let names = firewalls.join(", ");
                    let text = if firewalls.len() == 1 {
                        format!("through the firewall {names}")
                    } else {
                        format!("through the firewalls {names}")
                    };
                    ui.label(egui::RichText::new(text).color(theme::FLOW_CROSSING));
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
    resp.context_menu(|ui| context_menu_ui(ui, context, click_at, io, tx));
}
