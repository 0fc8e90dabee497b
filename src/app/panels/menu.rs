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
    /// Whether a comparison is shown (*Leave compare mode* is offered only then).
    pub comparing: bool,
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
                let mut group = None;
                for (k, f) in crate::export::formats().iter().enumerate() {
                    let kind = export_group(f.id());
                    if group.is_some_and(|g| g != kind) {
                        ui.separator();
                    }
                    group = Some(kind);
                    let shortcut = if k == 0 { "Ctrl+E" } else { "" };
                    let button = egui::Button::new(export_entry(*f)).shortcut_text(shortcut);
                    if ui
                        .add(button)
                        .on_hover_text(menu_text(f.description()))
                        .clicked()
                    {
                        action.set(Some(Action::Export(f.id())));
                        ui.close();
                    }
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
            item(
                ui,
                "Leave compare mode",
                "",
                state.comparing,
                Action::LeaveCompare,
            );
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

/// A short title for `format` ("Picture (SVG)"), for the export menu and the file
/// chooser; a format without one here shows its description.
pub fn export_title(format: &dyn crate::export::Format) -> String {
    match format.id() {
        "csv" => "Matrix as CSV".to_owned(),
        "xlsx" => "Matrix as an Excel workbook".to_owned(),
        "nftables" => "nftables scripts".to_owned(),
        "iptables" => "iptables-restore files".to_owned(),
        "aerleon" => "Aerleon policies".to_owned(),
        "windows-firewall" => "Windows Firewall scripts".to_owned(),
        "cisco-asa" => "Cisco ASA configurations".to_owned(),
        "svg" => "Picture (SVG)".to_owned(),
        "png" => "Picture (PNG)".to_owned(),
        "report" => "Design report (HTML)".to_owned(),
        _ => menu_text(format.description()),
    }
}

/// The export menu's entry for `format`: its `export_title`, the description showing
/// on hover. Folder formats say so, as they make a folder of files.
pub fn export_entry(format: &dyn crate::export::Format) -> String {
    let title = export_title(format);
    match format.output() {
        crate::export::Output::File => format!("{title}..."),
        crate::export::Output::Folder => format!("{title}, a folder..."),
    }
}

/// The export menu's groups, separated by lines: rule tables, firewall configurations,
/// pictures and the report.
fn export_group(id: &str) -> u8 {
    match id {
        "csv" | "xlsx" => 0,
        "svg" | "png" | "report" => 2,
        _ => 1,
    }
}

/// A format's description as a menu entry: capitalised, without the command line's
/// options in parentheses ("(--bom for Excel on Windows)").
fn menu_text(description: &str) -> String {
    let text = match description.find(" (--") {
        Some(i) => &description[..i],
        None => description,
    };
    let text = text
        .strip_suffix("; --policy)")
        .map_or(text.to_owned(), |t| format!("{t})"));
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}
