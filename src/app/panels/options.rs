//! Plan-wide options, and per-node overrides of them: one row per option descriptor
//! ([`OPTIONS`]), with the editor its kind calls for and its help on hover.

use super::fields::{bool_ui, choice_ui, opt_port_ui, opt_range_ui, port_ui, range_ui};
use crate::model::{NodeOptions, OPTIONS, OptionInfo, OptionKind, OptionValue, Options};

/// The editor of one option's value; the new value when the user changed it.
fn value_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    opt: &OptionInfo,
    value: OptionValue,
) -> Option<OptionValue> {
    match (opt.kind, value) {
        (OptionKind::Flag, OptionValue::Flag(v)) => {
            bool_ui(ui, v, opt.label).map(OptionValue::Flag)
        }
        (OptionKind::Port, OptionValue::Port(p)) => port_ui(ui, id, p).map(OptionValue::Port),
        (OptionKind::Range, OptionValue::Range(r)) => range_ui(ui, id, r).map(OptionValue::Range),
        (OptionKind::OptionalPort, OptionValue::OptionalPort(p)) => {
            opt_port_ui(ui, id, p, opt.unset).map(OptionValue::OptionalPort)
        }
        (OptionKind::OptionalRange, OptionValue::OptionalRange(r)) => {
            opt_range_ui(ui, id, r, opt.unset).map(OptionValue::OptionalRange)
        }
        (OptionKind::Choice(choices), OptionValue::Choice(i)) => {
            let indices: Vec<usize> = (0..choices.len()).collect();
            choice_ui(ui, opt.label, id, i, &indices, |c| {
                choices
                    .get(c)
                    .map_or_else(String::new, |c| c.label.to_owned())
            })
            .map(OptionValue::Choice)
        }
        // A descriptor's value is always of its kind.
        _ => None,
    }
}

/// The option's name, wrapping in the panel's width, with its help and file key on hover.
fn label_ui(ui: &mut egui::Ui, opt: &OptionInfo) {
    let mut help = format!("{}\n\nIn plan files: {}", opt.help, opt.key);
    if !opt.windows.is_empty() {
        help.push_str(&format!("\nOn Windows: {}", opt.windows));
    }
    ui.add(egui::Label::new(opt.label).wrap())
        .on_hover_text(help);
}

/// One option: its name on a line of its own (long names wrap instead of widening the
/// panel), its editor under it, indented, going to a new line where it does not fit.
fn option_row<R>(
    ui: &mut egui::Ui,
    opt: &OptionInfo,
    editor: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    label_ui(ui, opt);
    let r = ui
        .horizontal_wrapped(|ui| {
            ui.add_space(12.0);
            editor(ui)
        })
        .inner;
    ui.add_space(4.0);
    r
}

/// Edits the plan-wide options; returns the new options after a change.
pub fn plan_options_ui(ui: &mut egui::Ui, options: &Options) -> Option<Options> {
    let mut new = options.clone();
    for opt in OPTIONS {
        let id = ui.scope_id().with(("plan-opt", opt.key));
        if let Some(v) = option_row(ui, opt, |ui| value_ui(ui, id, opt, new.get(opt))) {
            new.set(opt, v);
        }
    }
    (new != *options).then_some(new)
}

/// Edits one node's overrides: each option is inherited until "override" is ticked.
/// Only `relevant` options (those that change a flow of the node's roles) are listed,
/// with any the node already overrides; the others are behind "Show all options".
pub fn node_options_ui(
    ui: &mut egui::Ui,
    salt: u32,
    own: &NodeOptions,
    plan: &Options,
    relevant: &[&'static OptionInfo],
) -> Option<NodeOptions> {
    let mut new = own.clone();
    let (shown, rest): (Vec<&OptionInfo>, Vec<&OptionInfo>) = OPTIONS
        .iter()
        .partition(|o| relevant.iter().any(|r| r.key == o.key) || own.get(o).is_some());
    if shown.is_empty() {
        ui.label(
            egui::RichText::new("No option changes a flow of this node's roles.")
                .small()
                .weak(),
        );
    } else {
        override_rows_ui(ui, salt, &shown, own, plan, &mut new);
    }
    if !rest.is_empty() {
        egui::CollapsingHeader::new(format!("Show all options ({} more)", rest.len()))
            .id_salt(("node-options-all", salt))
            .show(ui, |ui| {
                ui.label(
                    egui::RichText::new("These change no flow of this node's roles.")
                        .small()
                        .weak(),
                );
                override_rows_ui(ui, salt, &rest, own, plan, &mut new);
            });
    }
    (new != *own).then_some(new)
}

/// One row per option of `opts`: its name, then "override" and its editor.
fn override_rows_ui(
    ui: &mut egui::Ui,
    salt: u32,
    opts: &[&OptionInfo],
    own: &NodeOptions,
    plan: &Options,
    new: &mut NodeOptions,
) {
    let effective = own.apply(plan);
    for &opt in opts {
        let id = ui.scope_id().with(("node-opt", salt, opt.key));
        option_row(ui, opt, |ui| {
            if let Some(v) = optional_override_ui(ui, id, opt, own, plan) {
                new.set(opt, v);
                return;
            }
            let mut on = own.get(opt).is_some();
            if ui.checkbox(&mut on, "override").changed() {
                new.set(opt, on.then(|| effective.get(opt)));
            }
            ui.add_enabled_ui(on, |ui| {
                if let Some(v) = value_ui(ui, id, opt, effective.get(opt)) {
                    new.set(opt, Some(v));
                }
            });
        });
    }
}

/// For an optional option (a fixed port, a restricted range) the override is the field
/// itself: empty inherits the plan's value, shown as the hint. `None` for other kinds;
/// `Some(change)` when the row was drawn, with `Some(new override)` on an edit.
#[allow(clippy::option_option)]
fn optional_override_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    opt: &OptionInfo,
    own: &NodeOptions,
    plan: &Options,
) -> Option<Option<OptionValue>> {
    let hint = format!("plan: {}", opt.text(plan.get(opt)));
    let edited = match opt.kind {
        OptionKind::OptionalPort => {
            let current = match own.get(opt) {
                Some(OptionValue::OptionalPort(p)) => p,
                _ => None,
            };
            opt_port_ui(ui, id, current, &hint)
                .map(|p| p.map(|p| OptionValue::OptionalPort(Some(p))))
        }
        OptionKind::OptionalRange => {
            let current = match own.get(opt) {
                Some(OptionValue::OptionalRange(r)) => r,
                _ => None,
            };
            opt_range_ui(ui, id, current, &hint)
                .map(|r| r.map(|r| OptionValue::OptionalRange(Some(r))))
        }
        _ => return None,
    };
    Some(edited.unwrap_or_else(|| own.get(opt)))
}
