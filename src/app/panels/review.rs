//! The *Review* tab: the security review's findings, most severe first. Clicking one
//! selects its rule in the rules table and its two servers, and brings them into view.

use super::super::derived::Derived;
use super::super::theme;
use super::super::view::{Outbox, Request};
use crate::model::Plan;
use crate::review::{Finding, Severity};

/// The colour of a severity's word.
fn color(severity: Severity) -> egui::Color32 {
    match severity {
        Severity::High => theme::ERROR,
        Severity::Medium => theme::WARNING,
        Severity::Low | Severity::Info => theme::TEXT_WEAK,
    }
}

/// One line of a finding: what is broad, the firewall and the two nodes.
fn line(f: &Finding, plan: &Plan) -> String {
    let name = |id| plan.node(id).map_or("?", |n| n.name.as_str());
    let firewall = plan
        .firewalls
        .iter()
        .find(|x| x.id == f.firewall)
        .map_or("?", |x| x.name.as_str());
    format!(
        "{}: {} -> {} at {firewall}, {} {}",
        f.title,
        name(f.source),
        name(f.destination),
        f.protocol,
        f.protocol.ports_text(&f.broad)
    )
}

/// Lists the findings; a click selects the rule and its servers.
pub fn review_ui(ui: &mut egui::Ui, derived: &Derived, plan: &Plan, tx: &mut Outbox) {
    let findings = &derived.review.findings;
    if findings.is_empty() {
        ui.label("The review found nothing broad across a trust boundary.");
        return;
    }
    // Table rows: the flows with no path come first, then the rules in matrix order.
    let offset = derived
        .table
        .len()
        .saturating_sub(derived.analysis.matrix.rows.len());
    egui::ScrollArea::vertical()
        .id_salt("review")
        .auto_shrink([false, false])
        .show_rows(ui, 20.0, findings.len(), |ui, range| {
            for f in &findings[range] {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(f.severity.as_str()).color(color(f.severity)));
                    let text = line(f, plan);
                    let resp = ui.add(
                        egui::Label::new(&text)
                            .sense(egui::Sense::click())
                            .truncate(),
                    );
                    if resp.clicked() {
                        tx.send(Request::ShowRow {
                            row: offset + f.row,
                            nodes: vec![f.source, f.destination],
                        });
                    }
                    let mut hover = format!("{text}\nRisk: {}\nFix: {}", f.risk, f.fix.text);
                    for o in &f.fix.options {
                        let name = plan.node(o.node).map_or("?", |n| n.name.as_str());
                        let verb = if o.turn_off { "turn off" } else { "set" };
                        hover.push_str(&format!(
                            "\nIn Portolan: {verb} {} on {name}",
                            o.option.mention()
                        ));
                    }
                    for w in &f.fix.windows {
                        hover.push_str(&format!("\nOn Windows: {w}"));
                    }
                    if !f.fix.references.is_empty() {
                        hover.push_str(&format!("\nSee: {}", f.fix.references));
                    }
                    resp.on_hover_text(format!(
                        "{hover}\nClick to select the rule and its servers."
                    ));
                });
            }
        });
}
