//! Drags on the canvas: a live preview while the button is down, one command on release.

use super::super::command::{Command, Moves};
use super::super::layout::{self, MIN_ZONE, from_rect, to_point, to_pos};
use super::super::notices::Notice;
use super::super::selection::Selection;
use super::super::theme;
use super::super::view::{Outbox, Select};
use super::geo::{Geo, Preview, firewall_boxes};
use super::hit::{self, Hit};
use super::{Canvas, CanvasView, links};
use crate::model::{NodeId, UsesLink, ZoneId};
use egui::{Align2, FontId, PointerButton, Pos2, Rect, Stroke, StrokeKind, Vec2};
use std::collections::HashSet;

/// A drag in progress.
#[derive(Clone, Debug)]
pub(super) enum Drag {
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

impl Drag {
    /// A move of `nodes` and `zones` starting at `start`, not yet offset.
    fn moving(nodes: HashSet<NodeId>, zones: HashSet<ZoneId>, start: Pos2) -> Self {
        Drag::Move {
            preview: Preview {
                offset: Vec2::ZERO,
                nodes,
                zones,
                resize: None,
            },
            start,
        }
    }
}

pub(super) fn snap_delta(d: Vec2) -> Vec2 {
    Vec2::new(layout::snap(d.x), layout::snap(d.y))
}

/// Starts, updates and ends drags; ends send one command.
pub(super) fn drag_ui(
    ui: &egui::Ui,
    canvas: &mut Canvas,
    resp: &egui::Response,
    io: &CanvasView<'_>,
    tx: &mut Outbox,
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
        let geo = Geo::new(io.plan, &empty);
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
                Drag::moving(nodes, zones, origin)
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
                Drag::moving(nodes, zones, origin)
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
    finish_drag_ui(ui, drag, end, io, tx, zoom);
}

pub(super) fn finish_drag_ui(
    ui: &egui::Ui,
    drag: Drag,
    end: Option<Pos2>,
    io: &CanvasView<'_>,
    tx: &mut Outbox,
    zoom: f32,
) {
    match drag {
        Drag::Pan => {}
        Drag::Move { preview, .. } => {
            if preview.offset == Vec2::ZERO {
                return;
            }
            let geo = Geo::new(io.plan, &preview);
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
                            tx.notice(Notice::hint(
                                "Drop nodes inside a zone: the move was cancelled.",
                            ));
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
            tx.edit(Command::Move(moves));
        }
        Drag::Resize { zone, start } => {
            let (Some(end), Some(r)) = (end, io.plan.layout.zones.get(&zone)) else {
                return;
            };
            let mut rect = layout::to_rect(*r);
            rect.max += snap_delta(end - start);
            rect.max = rect.max.max(rect.min + MIN_ZONE);
            tx.edit(Command::Move(Moves {
                zones: vec![(zone, from_rect(rect))],
                nodes: Vec::new(),
            }));
        }
        Drag::Link { from, to } => {
            let empty = Preview::default();
            let geo = Geo::new(io.plan, &empty);
            match hit::hit(&geo, end.unwrap_or(to), zoom) {
                Hit::Node(target) | Hit::LinkHandle(target) if target != from => {
                    tx.edit(Command::AddUses(UsesLink { from, to: target }));
                }
                _ => tx.notice(Notice::hint(
                    "Release a link on another node to make it use that node.",
                )),
            }
        }
        Drag::Select { from, to } => {
            let area = Rect::from_two_pos(from, end.unwrap_or(to));
            let shift = ui.input(|i| i.modifiers.shift);
            let mut picked = Selection::default();
            let empty = Preview::default();
            let geo = Geo::new(io.plan, &empty);
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
            for &(id, r) in firewall_boxes(&geo).iter() {
                if area.intersects(r) {
                    picked.firewalls.insert(id);
                }
            }
            tx.select(if shift {
                Select::Add(picked)
            } else {
                Select::Set(picked)
            });
        }
    }
}

pub(super) fn paint_drag_overlay(
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
