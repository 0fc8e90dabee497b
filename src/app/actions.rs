//! Menu and shortcut actions, and the question before unsaved changes are thrown away.

use super::file_ops::FileTask;
use super::view::Action;
use super::{Command, Pending, PortolanApp, theme};
use std::path::PathBuf;

impl PortolanApp {
    /// Runs `action`, asking first when it would throw away unsaved changes.
    pub(super) fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.guard(ctx, Pending::New),
            Action::Open => self.guard(ctx, Pending::Open(None)),
            Action::OpenRecent(p) => self.guard(ctx, Pending::Open(Some(p))),
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Save => {
                self.save_then(ctx, None);
            }
            Action::SaveAs => self.pick_file(ctx, FileTask::SavePlan { then: None }),
            Action::Export(format) => self.pick_file(ctx, FileTask::Export(format)),
            Action::ShowFlows(mode) => self.canvas.flow_mode = mode,
            Action::CompareWith => self.pick_file(ctx, FileTask::Compare),
            Action::CompareWithSaved => {
                self.compare_with_saved();
            }
            Action::LeaveCompare => self.leave_compare(),
            Action::Undo => {
                self.undo();
            }
            Action::Redo => {
                self.redo();
            }
            Action::Delete => {
                let d = self.selection.deletion();
                if !d.is_empty() {
                    self.apply(Command::Delete(d));
                }
            }
            Action::SelectAll => {
                let plan = self.doc.plan();
                self.selection.nodes = plan.nodes.iter().map(|n| n.id).collect();
                self.selection.zones = plan.zones.iter().map(|z| z.id).collect();
                self.selection.firewalls = plan.firewalls.iter().map(|f| f.id).collect();
            }
            Action::ClearSelection => self.selection.clear(),
            Action::Fit => self.canvas.fit(),
            Action::Zoom(steps) => self.canvas.zoom_by(steps),
            Action::ZoomReset => self.canvas.zoom_to(1.0),
            Action::Find => self.find.open(),
            Action::Duplicate => {
                let (ids, cmd) = super::create::duplicate(self.doc.plan(), &self.selection.nodes);
                if let Some(cmd) = cmd
                    && self.apply(cmd)
                {
                    self.selection.clear();
                    self.selection.nodes.extend(ids);
                }
            }
            Action::Nudge(by) => {
                if let Some(cmd) = self.nudge(by) {
                    self.apply(cmd);
                }
            }
        }
    }

    /// Runs `pending` now, or after asking when there are unsaved changes.
    pub(super) fn guard(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.doc.is_dirty() {
            self.pending = Some(pending);
        } else {
            self.proceed(ctx, pending);
        }
    }

    pub(super) fn proceed(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::New => self.new_plan(),
            Pending::Open(Some(p)) => {
                self.open_path(&p);
            }
            Pending::Open(None) => self.pick_file(ctx, FileTask::OpenPlan),
            Pending::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// The unsaved-changes question, while one is pending.
    pub(super) fn confirm_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.pending.clone() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "{} has changes that are not saved. Save them first?",
                self.title()
                    .trim_start_matches("Portolan — ")
                    .trim_end_matches(" ●")
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(0);
                }
                if ui.button("Don't save").clicked() {
                    choice = Some(1);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(2);
                }
            });
        });
        match choice {
            Some(0) => {
                self.pending = None;
                self.save_then(ctx, Some(pending));
            }
            Some(1) => {
                self.pending = None;
                self.proceed(ctx, pending);
            }
            Some(2) => self.pending = None,
            _ => {}
        }
    }

    pub(super) fn load_error_ui(&mut self, ctx: &egui::Context) {
        let Some(text) = self.load_error.clone() else {
            return;
        };
        let mut close = false;
        egui::Modal::new(egui::Id::unique("load-error")).show(ctx, |ui| {
            ui.heading("Cannot open this plan");
            ui.label(egui::RichText::new(text).color(theme::ERROR));
            if ui.button("OK").clicked() {
                close = true;
            }
        });
        if close {
            self.load_error = None;
        }
    }

    /// Dropped files, the window's close button.
    pub(super) fn window_events(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if let Some(p) = dropped.into_iter().next() {
            self.guard(ctx, Pending::Open(Some(p)));
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Pending::Close);
        }
    }

    /// Moves the selection by `by`; nodes of moved zones go along, nodes keep their zone.
    fn nudge(&self, by: egui::Vec2) -> Option<Command> {
        let plan = self.doc.plan();
        let zones = &self.selection.zones;
        let mut moves = super::command::Moves::default();
        for z in zones {
            if let Some(r) = plan.layout.zones.get(z) {
                let mut r = *r;
                r.x += by.x;
                r.y += by.y;
                moves.zones.push((*z, r));
            }
        }
        for n in &plan.nodes {
            if !(self.selection.nodes.contains(&n.id) || zones.contains(&n.zone)) {
                continue;
            }
            if let Some(p) = plan.layout.nodes.get(&n.id) {
                let to = crate::model::Point {
                    x: p.x + by.x,
                    y: p.y + by.y,
                };
                moves.nodes.push((n.id, to, n.zone));
            }
        }
        (!moves.zones.is_empty() || !moves.nodes.is_empty()).then_some(Command::Move(moves))
    }
}
