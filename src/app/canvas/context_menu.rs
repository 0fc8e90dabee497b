//! The right-click menu of the canvas.

use super::super::command::{Command, Deletion};
use super::super::create;
use super::super::view::Outbox;
use super::CanvasView;
use super::hit::Hit;
use crate::model::{UsesLink, ZoneKind};
use egui::Pos2;

/// Right-click menu for what was under the pointer.
pub(super) fn context_menu_ui(
    ui: &mut egui::Ui,
    hit: Hit,
    at: Option<Pos2>,
    io: &CanvasView<'_>,
    tx: &mut Outbox,
) {
    let plan = io.plan;
    let delete = |ui: &mut egui::Ui, tx: &mut Outbox, label: &str, d: Deletion| {
        if ui.button(label).clicked() {
            tx.edit(Command::Delete(d));
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
                    tx,
                    &format!("Remove link: uses {name}"),
                    Deletion {
                        links: vec![l],
                        ..Deletion::default()
                    },
                );
            }
            delete(
                ui,
                tx,
                "Delete node",
                Deletion {
                    nodes: vec![id],
                    ..Deletion::default()
                },
            );
        }
        Hit::Firewall(id) => delete(
            ui,
            tx,
            "Delete firewall",
            Deletion {
                firewalls: vec![id],
                ..Deletion::default()
            },
        ),
        Hit::Link(l) => delete(
            ui,
            tx,
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
                        tx.edit(cmd);
                        ui.close();
                    }
                }
            });
            delete(
                ui,
                tx,
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
                        tx.edit(create::zone(plan, kind, at).1);
                        ui.close();
                    }
                }
            });
        }
    }
}
