//! The open plan: its file, its undo history, whether it has unsaved changes, and its
//! analysis, recomputed once after each change.

use super::command::Command;
use super::derived::Derived;
use crate::catalog::Catalog;
use crate::model::Plan;
use std::path::{Path, PathBuf};

/// Undo points kept at most; older ones are dropped.
const MAX_UNDO: usize = 200;

/// Memory the undo history may take, by [`plan_bytes`]: a step keeps a whole plan, so a
/// large plan keeps fewer steps (about 25 at 10,000 nodes) and the app stays small.
const UNDO_BUDGET: usize = 96 << 20;

/// A plan snapshot with the revision it had.
struct Snapshot {
    plan: Plan,
    revision: u64,
    label: &'static str,
    /// [`plan_bytes`] of `plan`.
    bytes: usize,
}

/// About how many bytes `plan` takes in memory. **O(plan)**, a few microseconds per
/// thousand nodes.
pub fn plan_bytes(plan: &Plan) -> usize {
    use std::mem::size_of;
    let text = |s: &str| s.len();
    let nodes: usize = plan
        .nodes
        .iter()
        .map(|n| {
            size_of::<crate::model::Node>()
                + text(&n.name)
                + n.address.as_ref().map_or(0, |a| a.to_string().len())
                + text(&n.notes)
                + n.roles.iter().chain(&n.bypass).map(|r| r.len() + 24).sum::<usize>()
                // Its layout entry in a B-tree.
                + 48
        })
        .sum();
    let zones: usize = plan
        .zones
        .iter()
        .map(|z| size_of::<crate::model::Zone>() + z.name.len() + z.notes.len() + 64)
        .sum();
    let firewalls: usize = plan
        .firewalls
        .iter()
        .map(|f| size_of::<crate::model::Firewall>() + f.name.len() + f.zones.len() * 4)
        .sum();
    size_of::<Plan>() + nodes + zones + firewalls + plan.uses.len() * 8 + plan.notes.len()
}

/// The plan being edited and everything derived from it.
pub struct Document {
    plan: Plan,
    path: Option<PathBuf>,
    /// Identifies the plan's state: each edit gives a new one, undo restores the old one.
    revision: u64,
    next_revision: u64,
    saved_revision: u64,
    undo: std::collections::VecDeque<Snapshot>,
    /// Sum of the undo snapshots' bytes.
    undo_bytes: usize,
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
            undo: Default::default(),
            undo_bytes: 0,
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
        let bytes = plan_bytes(&before);
        self.push_undo(Snapshot {
            plan: before,
            revision: self.revision,
            label,
            bytes,
        });
        self.redo.clear();
        self.revision = self.next_revision;
        self.next_revision += 1;
        self.stale = true;
        true
    }

    /// Records an undo step, dropping the oldest ones over [`MAX_UNDO`] or the budget
    /// (the newest is always kept).
    fn push_undo(&mut self, snapshot: Snapshot) {
        self.undo_bytes += snapshot.bytes;
        self.undo.push_back(snapshot);
        while self.undo.len() > 1 && (self.undo.len() > MAX_UNDO || self.undo_bytes > UNDO_BUDGET) {
            if let Some(old) = self.undo.pop_front() {
                self.undo_bytes -= old.bytes;
            }
        }
    }

    /// How many undo steps are kept.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// The label of the edit undo would revert.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.back().map(|s| s.label)
    }

    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|s| s.label)
    }

    pub fn undo(&mut self) -> bool {
        let Some(snapshot) = self.undo.pop_back() else {
            return false;
        };
        self.undo_bytes -= snapshot.bytes;
        let current = self.swap_in(snapshot);
        self.redo.push(current);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(snapshot) = self.redo.pop() else {
            return false;
        };
        let current = self.swap_in(snapshot);
        self.push_undo(current);
        true
    }

    /// Makes `snapshot` current; returns the state it replaced, labelled as the edit.
    fn swap_in(&mut self, snapshot: Snapshot) -> Snapshot {
        let label = snapshot.label;
        let plan = std::mem::replace(&mut self.plan, snapshot.plan);
        let revision = std::mem::replace(&mut self.revision, snapshot.revision);
        self.stale = true;
        Snapshot {
            bytes: plan_bytes(&plan),
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
