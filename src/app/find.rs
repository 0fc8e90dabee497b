//! Find a node (Ctrl+F): type part of a name, address or role; the matches are listed,
//! Enter (or a click) selects the first or the highlighted one and brings it into view.

use super::view::{Outbox, Request};
use crate::catalog::Catalog;
use crate::model::{NodeId, Plan};

/// Matches listed at most.
const SHOWN: usize = 12;

/// The find box's state.
#[derive(Debug, Default)]
pub struct Find {
    open: bool,
    query: String,
    /// The highlighted match (arrow keys move it).
    picked: usize,
    /// Focus the field on the next frame.
    focus: bool,
}

impl Find {
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }
}

/// The nodes matching `query` (case-insensitive, in name, address, role name or short
/// name), name matches first. **O(nodes)**, each frame the find box is open.
pub fn matches(plan: &Plan, catalog: &Catalog, query: &str) -> Vec<NodeId> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut by_name = Vec::new();
    let mut other = Vec::new();
    for n in &plan.nodes {
        if n.name.to_lowercase().contains(&q) {
            by_name.push(n.id);
        } else if n
            .address
            .as_ref()
            .is_some_and(|a| a.to_string().to_lowercase().contains(&q))
            || n.roles.iter().any(|r| {
                r.contains(&q)
                    || catalog.role_by_id(r).is_some_and(|role| {
                        role.name.to_lowercase().contains(&q) || role.short.to_lowercase() == q
                    })
            })
        {
            other.push(n.id);
        }
    }
    by_name.extend(other);
    by_name
}

/// Shows the find box while it is open; the node the user chooses is revealed.
pub fn find_ui(
    ctx: &egui::Context,
    find: &mut Find,
    plan: &Plan,
    catalog: &Catalog,
    tx: &mut Outbox,
) {
    if !find.open {
        return;
    }
    let mut chosen = None;
    let mut open = true;
    egui::Window::new("Find a node")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .default_width(360.0)
        .show(ctx, |ui| {
            let resp = ui.add(
                egui::TextEdit::singleline(&mut find.query)
                    .hint_text("name, address or role")
                    .desired_width(f32::INFINITY),
            );
            super::panels::fields::name_widget(&resp, "find");
            if find.focus {
                resp.request_focus();
                find.focus = false;
            }
            if resp.changed() {
                find.picked = 0;
            }
            let found = matches(plan, catalog, &find.query);
            let (down, up, enter, escape) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowDown),
                    i.key_pressed(egui::Key::ArrowUp),
                    i.key_pressed(egui::Key::Enter),
                    i.key_pressed(egui::Key::Escape),
                )
            });
            let last = found.len().min(SHOWN).saturating_sub(1);
            if down {
                find.picked = (find.picked + 1).min(last);
            }
            if up {
                find.picked = find.picked.saturating_sub(1);
            }
            if escape {
                find.open = false;
            }
            if enter && let Some(id) = found.get(find.picked.min(last)) {
                chosen = Some(*id);
            }
            if !find.query.trim().is_empty() {
                ui.label(
                    egui::RichText::new(match found.len() {
                        0 => "no node matches".to_owned(),
                        1 => "1 node".to_owned(),
                        n => format!("{n} nodes"),
                    })
                    .small()
                    .weak(),
                );
            }
            for (k, id) in found.iter().take(SHOWN).enumerate() {
                let Some(n) = plan.node(*id) else { continue };
                let zone = plan.zone(n.zone).map_or("", |z| z.name.as_str());
                let text = match &n.address {
                    Some(a) => format!("{}  ·  {a}  ·  {zone}", n.name),
                    None => format!("{}  ·  {zone}", n.name),
                };
                if ui
                    .add(egui::Button::selectable(k == find.picked, text).truncate())
                    .clicked()
                {
                    chosen = Some(*id);
                }
            }
        });
    if !open {
        find.open = false;
    }
    if let Some(id) = chosen {
        find.open = false;
        tx.send(Request::Reveal(id));
    }
}
