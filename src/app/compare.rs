//! Compare mode (*File ▸ Compare with...*): the open plan against another version (a
//! saved file, or the open plan's own file on disk), as firewall changes. Rules to add
//! are green, to remove red, to change amber: drawn over the canvas as lines between the
//! two servers, listed in a *Changes* tab, and counted in the status bar. Leaving compare
//! mode restores the normal view. The comparison is [`crate::change::diff`]'s, redone
//! when the open plan changes.

use super::{Notice, PortolanApp, layout};
use crate::catalog::Catalog;
use crate::change::{RuleChange, diff};
use crate::engine::{Analysis, analyze};
use crate::model::{NodeId, Plan};
use crate::rules::RuleSet;
use std::path::{Path, PathBuf};

/// What a change is, and its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Added,
    Removed,
    Changed,
}

impl Mark {
    pub fn color(self) -> egui::Color32 {
        match self {
            Mark::Added => egui::Color32::from_rgb(0x2e, 0x9d, 0x3a),
            Mark::Removed => egui::Color32::from_rgb(0xd0, 0x30, 0x30),
            Mark::Changed => egui::Color32::from_rgb(0xe0, 0x9a, 0x10),
        }
    }
}

/// One listed change: its mark, its text, and the two nodes it joins.
#[derive(Clone, Debug)]
pub struct ChangeLine {
    pub mark: Mark,
    pub text: String,
    pub source: NodeId,
    pub destination: NodeId,
}

/// The comparison of the open plan with another version.
pub struct Compare {
    /// The other version's file.
    pub path: PathBuf,
    other: Plan,
    other_analysis: Analysis,
    /// The open plan's analysis generation the lines were made for.
    generation: Option<u64>,
    pub lines: Vec<ChangeLine>,
    /// Plan changes, as text.
    pub plan_changes: Vec<String>,
    pub summary: String,
    /// Where each removed rule's nodes were in the other version (for nodes the open plan
    /// no longer has).
    other_positions: std::collections::HashMap<NodeId, egui::Pos2>,
}

impl Compare {
    /// Loads the other version.
    ///
    /// # Errors
    /// The plan error, as text for the status bar.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Compare, String> {
        let other = crate::io::load_plan(path, catalog).map_err(|e| e.to_string())?;
        let other_analysis = analyze(&other, catalog);
        let other_positions = other
            .layout
            .nodes
            .iter()
            .map(|(id, p)| (*id, layout::node_rect(layout::to_pos(*p)).center()))
            .collect();
        Ok(Compare {
            path: path.to_owned(),
            other,
            other_analysis,
            generation: None,
            lines: Vec::new(),
            plan_changes: Vec::new(),
            summary: String::new(),
            other_positions,
        })
    }

    /// Redoes the comparison when the open plan's analysis changed.
    pub fn refresh(
        &mut self,
        plan: &Plan,
        analysis: &Analysis,
        catalog: &Catalog,
        generation: u64,
    ) {
        if self.generation == Some(generation) {
            return;
        }
        self.generation = Some(generation);
        let old = RuleSet::new(&self.other, catalog, &self.other_analysis);
        let new = RuleSet::new(plan, catalog, analysis);
        let d = diff(&old, &new);
        self.lines = d
            .rules
            .iter()
            .map(|c| {
                let r = c.rule();
                let mark = match c {
                    RuleChange::Added(_) => Mark::Added,
                    RuleChange::Removed(_) => Mark::Removed,
                    RuleChange::Changed { .. } => Mark::Changed,
                };
                let place = crate::change::Place::of(r).label();
                let was = match c {
                    RuleChange::Changed { old, .. } => {
                        format!(" (was {})", old.protocol.ports_text(old.ports))
                    }
                    _ => String::new(),
                };
                ChangeLine {
                    mark,
                    text: format!(
                        "{} {place}: {} -> {} {} {}{was}",
                        c.sign(),
                        r.source.name(),
                        r.destination.name(),
                        r.protocol,
                        r.protocol.ports_text(r.ports)
                    ),
                    source: r.source.id(),
                    destination: r.destination.id(),
                }
            })
            .collect();
        self.plan_changes = d.plan.iter().map(ToString::to_string).collect();
        let (a, r, c) = d.totals();
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.summary = if d.is_empty() {
            format!("Compared with {name}: no difference")
        } else {
            format!(
                "Compared with {name}: rules +{a} -{r} ~{c}; {} plan change(s)",
                d.plan.len()
            )
        };
    }

    /// Where node `id` is drawn: in the open plan, or where it was in the other version.
    fn position(&self, plan: &Plan, id: NodeId) -> Option<egui::Pos2> {
        plan.layout
            .nodes
            .get(&id)
            .map(|p| layout::node_rect(layout::to_pos(*p)).center())
            .or_else(|| self.other_positions.get(&id).copied())
    }
}

/// Draws each change as a coloured line with a head between its two servers, over the
/// canvas. `to_screen` maps canvas units to the screen.
pub fn overlay(
    ui: &egui::Ui,
    compare: &Compare,
    plan: &Plan,
    to_screen: impl Fn(egui::Pos2) -> egui::Pos2,
) {
    let painter = ui.painter();
    let mut drawn = std::collections::HashSet::new();
    for line in &compare.lines {
        if !drawn.insert((line.source, line.destination, line.mark as u8)) {
            continue;
        }
        let (Some(a), Some(b)) = (
            compare.position(plan, line.source),
            compare.position(plan, line.destination),
        ) else {
            continue;
        };
        let (a, b) = (to_screen(a), to_screen(b));
        let stroke = egui::Stroke::new(3.0, line.mark.color());
        painter.arrow(a, (b - a) * 0.92, stroke);
    }
}

/// The *Changes* tab: plan changes, then every rule change in its colour.
pub fn changes_ui(ui: &mut egui::Ui, compare: &Compare) -> bool {
    let mut leave = false;
    ui.horizontal(|ui| {
        ui.label(&compare.summary);
        if ui.button("Leave compare mode").clicked() {
            leave = true;
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("compare-changes")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for p in &compare.plan_changes {
                ui.label(egui::RichText::new(p).weak());
            }
            for line in &compare.lines {
                ui.label(
                    egui::RichText::new(&line.text)
                        .color(line.mark.color())
                        .monospace(),
                );
            }
        });
    leave
}

impl PortolanApp {
    /// Compares the open plan with the plan at `path` (compare mode).
    pub fn compare_with(&mut self, path: &Path) -> bool {
        match Compare::load(path, &self.catalog) {
            Ok(c) => {
                self.compare = Some(c);
                self.bottom_tab = super::BottomTab::Changes;
                self.refresh_compare();
                true
            }
            Err(e) => {
                self.notices
                    .show(Notice::error(format!("Cannot compare: {e}")));
                false
            }
        }
    }

    /// Compares the open plan with its file as saved on disk.
    pub fn compare_with_saved(&mut self) -> bool {
        match self.doc.path().map(Path::to_owned) {
            Some(p) => self.compare_with(&p),
            None => {
                self.notices.show(Notice::error(
                    "The plan has no file yet: save it, or compare with another file.",
                ));
                false
            }
        }
    }

    /// Leaves compare mode: the normal view comes back.
    pub fn leave_compare(&mut self) {
        self.compare = None;
        if self.bottom_tab == super::BottomTab::Changes {
            self.bottom_tab = super::BottomTab::Flows;
        }
    }

    /// The compare mode's status line, while it is on.
    pub fn compare_summary(&self) -> Option<&str> {
        self.compare.as_ref().map(|c| c.summary.as_str())
    }

    /// The listed changes, while compare mode is on.
    pub fn compare_lines(&self) -> &[ChangeLine] {
        self.compare.as_ref().map_or(&[], |c| c.lines.as_slice())
    }

    /// Brings the comparison up to date with the open plan.
    pub(super) fn refresh_compare(&mut self) {
        if let Some(c) = &mut self.compare {
            let derived = self.doc.derived();
            c.refresh(
                self.doc.plan(),
                &derived.analysis,
                &self.catalog,
                self.generation,
            );
        }
    }
}
