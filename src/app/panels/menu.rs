//! The menu bar and toolbar: they send actions.

use super::super::view::{Action, FlowMode, Outbox};
use std::path::PathBuf;

/// What the menus show about the document.
pub struct MenuState<'a> {
    pub recent: &'a [PathBuf],
    pub undo: Option<&'static str>,
    pub redo: Option<&'static str>,
    pub has_selection: bool,
    /// The canvas zoom, 1.0 for 100 %.
    pub zoom: f32,
    pub flow_mode: FlowMode,
}

/// The menu bar and toolbar.
pub fn menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, tx: &mut Outbox) {
    let action = std::cell::Cell::new(None);
    let item = |ui: &mut egui::Ui, text: &str, shortcut: &str, enabled: bool, a: Action| {
        let button = egui::Button::new(text).shortcut_text(shortcut);
        if ui.add_enabled(enabled, button).clicked() {
            action.set(Some(a));
            ui.close();
        }
    };
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, "New", "Ctrl+N", true, Action::New);
            item(ui, "Open...", "Ctrl+O", true, Action::Open);
            ui.menu_button("Open recent", |ui| {
                if state.recent.is_empty() {
                    ui.label("(none yet)");
                }
                for p in state.recent {
                    item(
                        ui,
                        &p.display().to_string(),
                        "",
                        true,
                        Action::OpenRecent(p.clone()),
                    );
                }
            });
            ui.separator();
            item(ui, "Save", "Ctrl+S", true, Action::Save);
            item(ui, "Save as...", "Ctrl+Shift+S", true, Action::SaveAs);
            ui.menu_button("Export", |ui| {
                for (k, f) in crate::export::formats().iter().enumerate() {
                    let dots = match f.output() {
                        crate::export::Output::File => "...",
                        crate::export::Output::Folder => " (folder)...",
                    };
                    let shortcut = if k == 0 { "Ctrl+E" } else { "" };
                    let text = format!("{}{dots}", menu_text(f.description()));
                    item(ui, &text, shortcut, true, Action::Export(f.id()));
                }
            });
            ui.separator();
            item(ui, "Compare with...", "", true, Action::CompareWith);
            item(
                ui,
                "Compare with the saved version",
                "",
                true,
                Action::CompareWithSaved,
            );
            item(ui, "Leave compare mode", "", true, Action::LeaveCompare);
            ui.separator();
            item(ui, "Quit", "", true, Action::Quit);
        });
        ui.menu_button("Edit", |ui| {
            let undo = state
                .undo
                .map_or("Undo".to_owned(), |l| format!("Undo {l}"));
            item(ui, &undo, "Ctrl+Z", state.undo.is_some(), Action::Undo);
            let redo = state
                .redo
                .map_or("Redo".to_owned(), |l| format!("Redo {l}"));
            item(
                ui,
                &redo,
                "Ctrl+Shift+Z",
                state.redo.is_some(),
                Action::Redo,
            );
            ui.separator();
            item(
                ui,
                "Duplicate",
                "Ctrl+D",
                state.has_selection,
                Action::Duplicate,
            );
            item(ui, "Select all", "Ctrl+A", true, Action::SelectAll);
            item(
                ui,
                "Clear selection",
                "Esc",
                state.has_selection,
                Action::ClearSelection,
            );
            item(
                ui,
                "Delete selection",
                "Del",
                state.has_selection,
                Action::Delete,
            );
        });
        ui.menu_button("View", |ui| {
            item(ui, "Fit plan in view", "F", true, Action::Fit);
            item(ui, "Zoom in", "Ctrl++", true, Action::Zoom(1));
            item(ui, "Zoom out", "Ctrl+-", true, Action::Zoom(-1));
            item(ui, "Zoom to 100 %", "Ctrl+0", true, Action::ZoomReset);
            item(ui, "Find a node...", "Ctrl+F", true, Action::Find);
        });
        ui.separator();
        let tool = |ui: &mut egui::Ui, text: &str, hint: &str, a: Action| {
            if ui.button(text).on_hover_text(hint).clicked() {
                action.set(Some(a));
            }
        };
        tool(ui, "Fit", "Fit the plan in view (F)", Action::Fit);
        tool(ui, "−", "Zoom out (Ctrl+-)", Action::Zoom(-1));
        let pct = format!("{:.0} %", state.zoom * 100.0);
        ui.add(egui::Label::new(pct).selectable(false))
            .on_hover_text("Canvas zoom");
        tool(ui, "+", "Zoom in (Ctrl++)", Action::Zoom(1));
        tool(ui, "100 %", "Zoom to 100 % (Ctrl+0)", Action::ZoomReset);
        tool(
            ui,
            "Find",
            "Find a node by name, address or role (Ctrl+F)",
            Action::Find,
        );
        ui.separator();
        ui.label("Flows:");
        for (mode, text) in [
            (FlowMode::All, "All"),
            (FlowMode::Crossing, "Crossing firewalls"),
            (FlowMode::Hidden, "Hidden"),
        ] {
            if ui.selectable_label(state.flow_mode == mode, text).clicked() {
                action.set(Some(Action::ShowFlows(mode)));
            }
        }
    });
    if let Some(a) = action.into_inner() {
        tx.run(a);
    }
}

/// A format's description as a menu entry: capitalised, without the command line's
/// options in parentheses ("(--bom for Excel on Windows)").
fn menu_text(description: &str) -> String {
    let text = match description.find(" (--") {
        Some(i) => &description[..i],
        None => description,
    };
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}
