//! What the canvas queues while the plan is borrowed: commands, a notice, a box selection.

use super::super::Notice;
use super::super::command::Command;
use super::super::selection::Selection;

pub(super) const PENDING: &str = "portolan-canvas-commands";
pub(super) const NOTICE: &str = "portolan-canvas-notice";
pub(super) const BOX_SELECT: &str = "portolan-canvas-box";

/// Queues a command; the app collects them after the frame with [`take_pending`].
pub(super) fn push(ctx: &egui::Context, cmd: Command) {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<PendingCommands>(egui::Id::unique(PENDING))
            .0
            .push(cmd);
    });
}

/// Queues a notice for the status bar.
pub(super) fn set_notice(ctx: &egui::Context, text: &str) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(NOTICE), text.to_owned()));
}

#[derive(Clone, Default)]
struct PendingCommands(Vec<Command>);

/// Commands, a notice and a box selection the canvas queued while the plan was borrowed.
pub fn take_pending(
    ctx: &egui::Context,
    out: &mut Vec<Command>,
    notice: &mut Option<Notice>,
    selection: &mut Selection,
) {
    ctx.data_mut(|d| {
        if let Some(p) = d.remove_temp::<PendingCommands>(egui::Id::unique(PENDING)) {
            out.extend(p.0);
        }
        if let Some(text) = d.remove_temp::<String>(egui::Id::unique(NOTICE)) {
            *notice = Some(Notice::hint(text));
        }
        if let Some((picked, additive)) =
            d.remove_temp::<(Selection, bool)>(egui::Id::unique(BOX_SELECT))
        {
            if !additive {
                selection.clear();
            }
            selection.nodes.extend(picked.nodes);
            selection.zones.extend(picked.zones);
            selection.firewalls.extend(picked.firewalls);
        }
    });
}
