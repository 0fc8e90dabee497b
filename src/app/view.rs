//! The one contract between the app and its views (canvas, panels, menus, find box).
//!
//! Each view gets the state it reads, borrowed for the frame, and an [`Outbox`]: the
//! only way it asks for anything. Edits of the plan, selection changes, status messages,
//! menu actions and other requests all go into the outbox, and the app drains it in one
//! place at the end of the frame ([`PortolanApp::drain`](super::PortolanApp)), in the
//! order they were asked. No view writes into another view's state, and nothing travels
//! through egui's memory.

use super::command::Command;
use super::notices::Notice;
use super::selection::{Item, Selection};
use crate::model::{NodeId, ZoneKind};
use std::path::PathBuf;

/// Something the user asked for from a menu, the toolbar or a shortcut.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    New,
    Open,
    OpenRecent(PathBuf),
    Save,
    SaveAs,
    /// Export in the format with this id ([`crate::export::formats`]).
    Export(&'static str),
    Quit,
    Undo,
    Redo,
    Delete,
    SelectAll,
    ClearSelection,
    Fit,
    /// Zooms in (1) or out (-1) a step.
    Zoom(i32),
    /// Zooms to 100 %.
    ZoomReset,
    /// Opens the find box.
    Find,
    /// Moves the selected nodes and zones by this many canvas units.
    Nudge(egui::Vec2),
    /// Copies the selected nodes, with their roles and options, beside them.
    Duplicate,
    /// Which flows the canvas draws.
    ShowFlows(FlowMode),
    /// Compare the open plan with a file picked (compare mode, `compare.rs`).
    CompareWith,
    /// Compare the open plan with its file as saved.
    CompareWithSaved,
    LeaveCompare,
}

/// Which derived flows the canvas draws (the toolbar sets it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FlowMode {
    Hidden,
    #[default]
    All,
    /// Only flows that cross at least one firewall.
    Crossing,
}

/// What a palette entry creates when it is dragged onto the canvas (the drag payload the
/// palette sets and the canvas reads).
#[derive(Clone, Debug, PartialEq)]
pub enum PaletteItem {
    Zone(ZoneKind),
    Role(String),
}

/// A change of the selection.
#[derive(Clone, Debug, PartialEq)]
pub enum Select {
    /// Only this.
    Only(Item),
    /// Add or remove this one (Shift+click).
    Toggle(Item),
    Clear,
    /// Exactly these (a problem's nodes and zones, say).
    Set(Selection),
    /// These as well (a box selection with Shift).
    Add(Selection),
}

/// One request of a view.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// An edit of the plan: one undo step.
    Edit(Command),
    Select(Select),
    /// A message for the status bar.
    Notice(Notice),
    /// Take the status bar's message away.
    DismissNotice,
    Run(Action),
    /// Show the inspector.
    ShowInspector,
    /// Show the inspector and put the cursor in the selected object's name (double-click).
    Rename,
    /// Put this text on the clipboard; `what` says what it is for the status bar.
    Copy {
        text: String,
        what: String,
    },
    /// A table row was clicked: select the servers of the picked rows (given) and bring
    /// this row's two into view.
    ShowRow {
        row: usize,
        nodes: Vec<NodeId>,
    },
    /// Select this node and bring it into view (find).
    Reveal(NodeId),
    /// Open this folder in the system's file manager.
    OpenFolder(PathBuf),
}

/// Where views put their requests during a frame; the app drains it once.
#[derive(Debug, Default)]
pub struct Outbox {
    requests: Vec<Request>,
}

impl Outbox {
    pub fn send(&mut self, request: Request) {
        self.requests.push(request);
    }

    pub fn edit(&mut self, command: Command) {
        self.send(Request::Edit(command));
    }

    pub fn select(&mut self, change: Select) {
        self.send(Request::Select(change));
    }

    pub fn notice(&mut self, notice: Notice) {
        self.send(Request::Notice(notice));
    }

    pub fn run(&mut self, action: Action) {
        self.send(Request::Run(action));
    }

    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// The requests in the order they were sent, emptying the outbox.
    pub fn take(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }
}
