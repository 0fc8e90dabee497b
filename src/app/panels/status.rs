//! The status bar: counts, and the latest notice.

use super::super::Notice;
use super::super::derived::Derived;
use super::super::theme;
use super::super::view::{Outbox, Request};
use crate::diagram::counted;
use crate::model::Plan;

/// Shows counts and the notice, with a button that dismisses it. `analysing`: the
/// analysis of the last edit is still running (large plans), so the counts are those
/// of the plan before it.
pub fn status_ui(
    ui: &mut egui::Ui,
    plan: &Plan,
    derived: &Derived,
    analysing: bool,
    notice: Option<&Notice>,
    tx: &mut Outbox,
) {
    ui.horizontal(|ui| {
        let counts = [
            (plan.zones.len(), "zone"),
            (plan.firewalls.len(), "firewall"),
            (plan.nodes.len(), "node"),
            (derived.analysis.flows.len(), "flow"),
            (derived.analysis.matrix.rows.len(), "rule"),
        ];
        let counts: Vec<String> = counts.iter().map(|(n, noun)| counted(*n, noun)).collect();
        ui.label(counts.join(" · "));
        ui.separator();
        let problems = format!(
            "{} · {}",
            counted(derived.errors, "error"),
            counted(derived.warnings, "warning")
        );
        let color = if derived.errors > 0 {
            theme::ERROR
        } else if derived.warnings > 0 {
            theme::WARNING
        } else {
            theme::TEXT_WEAK
        };
        ui.label(egui::RichText::new(problems).color(color));
        if analysing {
            ui.separator();
            ui.add(egui::Spinner::new().size(12.0));
            ui.label(egui::RichText::new("analysing the last change...").color(theme::TEXT_WEAK));
        }
        if let Some(n) = notice {
            ui.separator();
            let color = if n.error { theme::ERROR } else { theme::TEXT };
            ui.label(egui::RichText::new(&n.text).color(color));
            if let Some(dir) = &n.folder
                && ui
                    .small_button("Open folder")
                    .on_hover_text(dir.display().to_string())
                    .clicked()
            {
                tx.send(Request::OpenFolder(dir.clone()));
            }
            if ui.small_button("x").on_hover_text("Dismiss").clicked() {
                tx.send(Request::DismissNotice);
            }
        }
    });
}
