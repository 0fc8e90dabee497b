//! Keyboard shortcuts. Editing keys are left to a text field that has focus.

use super::view::Action;
use egui::{Key, KeyboardShortcut, Modifiers};

/// The action of the shortcut pressed this frame, if any.
pub fn action(ctx: &egui::Context, dragging: bool) -> Option<Action> {
    let typing = ctx.text_edit_focused();
    let shortcut =
        |m: Modifiers, k: Key| ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)));
    let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
    if shortcut(Modifiers::COMMAND, Key::N) {
        return Some(Action::New);
    }
    if shortcut(Modifiers::COMMAND, Key::O) {
        return Some(Action::Open);
    }
    if shortcut(cmd_shift, Key::S) {
        return Some(Action::SaveAs);
    }
    if shortcut(Modifiers::COMMAND, Key::S) {
        return Some(Action::Save);
    }
    if shortcut(Modifiers::COMMAND, Key::E) {
        // The first format of the export menu (the matrix as CSV).
        return crate::export::formats()
            .first()
            .map(|f| Action::Export(f.id()));
    }
    if shortcut(Modifiers::COMMAND, Key::F) {
        return Some(Action::Find);
    }
    if shortcut(Modifiers::COMMAND, Key::Plus) || shortcut(Modifiers::COMMAND, Key::Equals) {
        return Some(Action::Zoom(1));
    }
    if shortcut(Modifiers::COMMAND, Key::Minus) {
        return Some(Action::Zoom(-1));
    }
    if shortcut(Modifiers::COMMAND, Key::Num0) {
        return Some(Action::ZoomReset);
    }
    if typing || dragging {
        return None;
    }
    if shortcut(cmd_shift, Key::Z) || shortcut(Modifiers::COMMAND, Key::Y) {
        return Some(Action::Redo);
    }
    if shortcut(Modifiers::COMMAND, Key::Z) {
        return Some(Action::Undo);
    }
    if shortcut(Modifiers::COMMAND, Key::D) {
        return Some(Action::Duplicate);
    }
    if shortcut(Modifiers::COMMAND, Key::A) {
        return Some(Action::SelectAll);
    }
    if shortcut(Modifiers::NONE, Key::Delete) || shortcut(Modifiers::NONE, Key::Backspace) {
        return Some(Action::Delete);
    }
    if shortcut(Modifiers::NONE, Key::Escape) {
        // Escape closes an open menu first; only then does it clear the selection.
        if egui::Popup::is_any_open(ctx) {
            egui::Popup::close_all(ctx);
            return None;
        }
        return Some(Action::ClearSelection);
    }
    if shortcut(Modifiers::NONE, Key::F) {
        return Some(Action::Fit);
    }
    for (key, dir) in [
        (Key::ArrowLeft, egui::vec2(-1.0, 0.0)),
        (Key::ArrowRight, egui::vec2(1.0, 0.0)),
        (Key::ArrowUp, egui::vec2(0.0, -1.0)),
        (Key::ArrowDown, egui::vec2(0.0, 1.0)),
    ] {
        if shortcut(Modifiers::SHIFT, key) {
            return Some(Action::Nudge(dir * 5.0 * super::layout::GRID));
        }
        if shortcut(Modifiers::NONE, key) {
            return Some(Action::Nudge(dir * super::layout::GRID));
        }
    }
    None
}
