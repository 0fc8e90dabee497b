//! The problems found by the engine's check; clicking one selects what it involves.

use super::super::derived::Derived;
use super::super::selection::Selection;
use super::super::theme;
use super::super::view::{Outbox, Request, Select};
use crate::engine::Severity;

/// Lists the problems; a click selects their nodes and zones and shows the inspector.
pub fn problems_ui(ui: &mut egui::Ui, derived: &Derived, tx: &mut Outbox) {
    let problems = &derived.analysis.problems;
    if problems.is_empty() {
        ui.label("No problems found.");
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .auto_shrink([false, false])
        .show_rows(ui, 20.0, problems.len(), |ui, range| {
            for p in &problems[range] {
                let (icon, color) = match p.severity {
                    Severity::Error => ("Error", theme::ERROR),
                    Severity::Warning => ("Warning", theme::WARNING),
                };
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(icon).color(color));
                    let resp = ui.add(
                        egui::Label::new(&p.message)
                            .sense(egui::Sense::click())
                            .truncate(),
                    );
                    if resp.clicked() {
                        let mut selection = Selection::default();
                        selection.nodes.extend(p.nodes.iter().copied());
                        selection.zones.extend(p.zones.iter().copied());
                        tx.select(Select::Set(selection));
                        tx.send(Request::ShowInspector);
                    }
                    resp.on_hover_text(format!("{}\nClick to select what it involves.", p.message));
                });
            }
        });
}
