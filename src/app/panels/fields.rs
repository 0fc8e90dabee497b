//! Form fields that send one command per finished edit, not one per keystroke.

use crate::model::PortRange;

/// A single-line text field showing `current`; returns the new text when the user
/// presses Enter or leaves the field with a changed value.
pub fn text_field_ui(ui: &mut egui::Ui, id: egui::Id, current: &str, hint: &str) -> Option<String> {
    let mut buffer = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.to_owned());
    let resp = ui.add(
        egui::TextEdit::singleline(&mut buffer)
            .id(id.with("edit"))
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    name_widget(&resp, hint);
    if resp.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, buffer));
        return None;
    }
    ui.data_mut(|d| d.remove::<String>(id));
    (resp.lost_focus() && buffer != current).then_some(buffer)
}

/// A text field for a value that must parse: while the text does not, it is drawn red
/// with the reason under it, and it stays so (the text kept, the stored value unchanged)
/// until the user fixes it. Returns the parsed value when the user leaves the field (or
/// presses Enter) with text that parses and differs from `current`.
pub fn parsed_field_ui<T>(
    ui: &mut egui::Ui,
    id: egui::Id,
    current: &str,
    hint: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let mut buffer = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.to_owned());
    let mut result = None;
    ui.vertical(|ui| {
        // The colour follows the text as the frame began (a keystroke repaints).
        let red = parse(&buffer).is_err();
        let mut edit = egui::TextEdit::singleline(&mut buffer)
            .id(id.with("edit"))
            .hint_text(hint)
            .desired_width(f32::INFINITY);
        if red {
            edit = edit.text_color(super::super::theme::ERROR);
        }
        let resp = ui.add(edit);
        name_widget(&resp, hint);
        let valid = parse(&buffer);
        if let Err(e) = &valid {
            let text = egui::RichText::new(e)
                .small()
                .color(super::super::theme::ERROR);
            ui.add(egui::Label::new(text).wrap());
        }
        if resp.has_focus() || valid.is_err() {
            ui.data_mut(|d| d.insert_temp(id, buffer.clone()));
            return;
        }
        ui.data_mut(|d| d.remove::<String>(id));
        if resp.lost_focus() && buffer != current {
            result = valid.ok();
        }
    });
    result
}

/// A multi-line notes field under a "Notes" heading; returns the new text when the user
/// leaves the field with a changed value (Enter starts a new line).
pub fn notes_ui(ui: &mut egui::Ui, id: egui::Id, current: &str) -> Option<String> {
    ui.label(egui::RichText::new("Notes").strong());
    let mut buffer = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.to_owned());
    let resp = ui.add(
        egui::TextEdit::multiline(&mut buffer)
            .id(id.with("edit"))
            .hint_text("anything worth keeping with the plan")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    name_widget(&resp, "notes");
    if resp.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, buffer));
        return None;
    }
    ui.data_mut(|d| d.remove::<String>(id));
    (resp.lost_focus() && buffer != current).then_some(buffer)
}

/// A labelled row in a two-column grid.
pub fn row_ui<R>(ui: &mut egui::Ui, label: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.label(label);
    let r = add(ui);
    ui.end_row();
    r
}

/// A port number field; invalid text is refused with the reason shown in the tooltip.
pub fn port_ui(ui: &mut egui::Ui, id: egui::Id, value: u16) -> Option<u16> {
    let text = text_field_ui(ui, id, &value.to_string(), "port")?;
    text.trim().parse::<u16>().ok().filter(|p| *p > 0)
}

/// An optional port: empty text is `None`.
pub fn opt_port_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    value: Option<u16>,
    hint: &str,
) -> Option<Option<u16>> {
    let current = value.map(|v| v.to_string()).unwrap_or_default();
    let text = text_field_ui(ui, id, &current, hint)?;
    let t = text.trim();
    if t.is_empty() {
        return Some(None);
    }
    t.parse::<u16>().ok().filter(|p| *p > 0).map(Some)
}

/// A port range such as `64001-65000`.
pub fn range_ui(ui: &mut egui::Ui, id: egui::Id, value: PortRange) -> Option<PortRange> {
    let text = text_field_ui(ui, id, &value.to_string(), "first-last")?;
    text.trim().parse::<PortRange>().ok()
}

/// An optional port range: empty text is `None`.
pub fn opt_range_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    value: Option<PortRange>,
    hint: &str,
) -> Option<Option<PortRange>> {
    let current = value.map(|v| v.to_string()).unwrap_or_default();
    let text = text_field_ui(ui, id, &current, hint)?;
    let t = text.trim();
    if t.is_empty() {
        return Some(None);
    }
    t.parse::<PortRange>().ok().map(Some)
}

/// A combo box over `choices`; returns the new choice when picked.
pub fn choice_ui<T: Copy + PartialEq + std::fmt::Debug>(
    ui: &mut egui::Ui,
    name: &str,
    id: egui::Id,
    value: T,
    choices: &[T],
    label: impl Fn(T) -> String,
) -> Option<T> {
    let mut picked = None;
    // Cut to the room left rather than widening the panel; the list shows it whole.
    let resp = egui::ComboBox::from_id_salt(id)
        .selected_text(label(value))
        .truncate()
        .show_ui(ui, |ui| {
            for &c in choices {
                if ui.selectable_label(c == value, label(c)).clicked() && c != value {
                    picked = Some(c);
                }
            }
        });
    name_widget(&resp.response, name);
    picked
}

/// Gives a widget without a visible label of its own an accessible name.
pub fn name_widget(resp: &egui::Response, name: &str) {
    resp.ctx
        .accesskit_node_builder(resp.id, |b| b.set_label(name));
}

/// A checkbox without text of its own (its row's label says what it is): `name` is its
/// accessible name. Returns the new value when toggled.
pub fn bool_ui(ui: &mut egui::Ui, value: bool, name: &str) -> Option<bool> {
    let mut v = value;
    let resp = ui.checkbox(&mut v, "");
    name_widget(&resp, name);
    resp.changed().then_some(v)
}
