//! The open plan: its file, its undo history, whether it has unsaved changes, and its
//! analysis, recomputed once after each change.

use super::command::Command;
use super::derived::Derived;
use crate::catalog::Catalog;
use crate::model::Plan;
use std::path::{Path, PathBuf};

/// Undo points kept; older ones are dropped.
const MAX_UNDO: usize = 200;

/// A plan snapshot with the revision it had.
struct Snapshot {
    plan: Plan,
    revision: u64,
    label: &'static str,
}

/// The plan being edited and everything derived from it.
pub struct Document {
    plan: Plan,
    path: Option<PathBuf>,
    /// Identifies the plan's state: each edit gives a new one, undo restores the old one.
    revision: u64,
    next_revision: u64,
    saved_revision: u64,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    derived: Derived,
    stale: bool,
}

impl Document {
    /// A document for `plan`, read from `path` (or never saved), with no unsaved changes.
    pub fn new(mut plan: Plan, path: Option<PathBuf>, catalog: &Catalog) -> Self {
        super::layout::fill_missing(&mut plan);
        let derived = Derived::compute(&plan, catalog);
        Document {
            plan,
            path,
            revision: 0,
            next_revision: 1,
            saved_revision: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            derived,
            stale: false,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// Whether the plan differs from the file it was read from or last saved to.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Applies `command` as one undo step. Returns whether the plan changed.
    pub fn apply(&mut self, command: Command) -> bool {
        let label = command.label();
        let before = self.plan.clone();
        if !command.apply(&mut self.plan) {
            return false;
        }
        self.undo.push(Snapshot {
            plan: before,
            revision: self.revision,
            label,
        });
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision = self.next_revision;
        self.next_revision += 1;
        self.stale = true;
        true
    }

    /// The label of the edit undo would revert.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|s| s.label)
    }

    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|s| s.label)
    }

    pub fn undo(&mut self) -> bool {
        let Some(snapshot) = self.undo.pop() else {
            return false;
        };
        let current = self.swap_in(snapshot);
        self.redo.push(current);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(snapshot) = self.redo.pop() else {
            return false;
        };
        let current = self.swap_in(snapshot);
        self.undo.push(current);
        true
    }

    /// Makes `snapshot` current; returns the state it replaced, labelled as the edit.
    fn swap_in(&mut self, snapshot: Snapshot) -> Snapshot {
        let label = snapshot.label;
        let plan = std::mem::replace(&mut self.plan, snapshot.plan);
        let revision = std::mem::replace(&mut self.revision, snapshot.revision);
        self.stale = true;
        Snapshot {
            plan,
            revision,
            label,
        }
    }

    /// Records that the plan is now saved at `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_revision = self.revision;
    }

    /// Recomputes the analysis if the plan changed since the last time. Returns whether
    /// it did.
    pub fn refresh(&mut self, catalog: &Catalog) -> bool {
        if !self.stale {
            return false;
        }
        self.derived = Derived::compute(&self.plan, catalog);
        self.stale = false;
        true
    }
}
