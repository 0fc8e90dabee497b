//! The status bar: counts, and the latest notice.

use super::super::Notice;
use super::super::derived::Derived;
use super::super::theme;
use crate::model::Plan;

/// Shows counts and the notice; returns whether the notice was dismissed.
pub fn status_ui(
    ui: &mut egui::Ui,
    plan: &Plan,
    derived: &Derived,
    notice: Option<&Notice>,
) -> bool {
    let mut dismissed = false;
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} zones · {} firewalls · {} nodes · {} flows · {} rules",
            plan.zones.len(),
            plan.firewalls.len(),
            plan.nodes.len(),
            derived.analysis.flows.len(),
            derived.rows.len()
        ));
        ui.separator();
        let problems = format!("{} errors · {} warnings", derived.errors, derived.warnings);
        let color = if derived.errors > 0 {
            theme::ERROR
        } else if derived.warnings > 0 {
            theme::WARNING
        } else {
            theme::TEXT_WEAK
        };
        ui.label(egui::RichText::new(problems).color(color));
        if let Some(n) = notice {
            ui.separator();
            let color = if n.error { theme::ERROR } else { theme::TEXT };
            ui.label(egui::RichText::new(&n.text).color(color));
            if ui.small_button("x").on_hover_text("Dismiss").clicked() {
                dismissed = true;
            }
        }
    });
    dismissed
}
