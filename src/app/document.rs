//! The open plan: its file, its undo history, whether it has unsaved changes, and its
//! analysis, recomputed once after each change.

use super::command::Command;
use super::derived::Derived;
use super::undo::Patch;
use crate::catalog::Catalog;
use crate::model::Plan;
use std::path::{Path, PathBuf};

/// Undo steps kept at most; older ones are dropped.
const MAX_UNDO: usize = 200;

/// Memory the undo history may take, by [`Patch::bytes`]: steps are patches the size of
/// their edit (a move keeps a point), so 200 ordinary steps take a few kilobytes; the
/// budget only bounds a run of huge edits (deleting thousands of nodes again and again).
const UNDO_BUDGET: usize = 64 << 20;

/// One undo (or redo) step: the patch that goes back, and the revision it goes back to.
struct Step {
    patch: Patch,
    revision: u64,
    label: &'static str,
    /// [`Patch::bytes`] of `patch`.
    bytes: usize,
}

impl Step {
    fn new(patch: Patch, revision: u64, label: &'static str) -> Self {
        Step {
            bytes: patch.bytes(),
            patch,
            revision,
            label,
        }
    }
}

/// The plan being edited and everything derived from it.
pub struct Document {
    plan: Plan,
    path: Option<PathBuf>,
    /// Identifies the plan's state: each edit gives a new one, undo restores the old one.
    revision: u64,
    next_revision: u64,
    saved_revision: u64,
    undo: std::collections::VecDeque<Step>,
    /// Sum of the undo steps' bytes.
    undo_bytes: usize,
    redo: Vec<Step>,
    derived: Derived,
    /// The plan changed since `derived` was computed.
    stale: bool,
    /// The analysis running in the background, and the revision it analyses.
    job: Option<(u64, std::sync::mpsc::Receiver<Derived>)>,
    /// Plans with this many nodes or more are analysed in the background.
    background_from: usize,
}

/// Plans this large are analysed on a worker thread: the analysis of 10,000 nodes takes
/// longer than a frame, and a drag release must not wait for it.
const BACKGROUND_FROM: usize = 1000;

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
            job: None,
            background_from: BACKGROUND_FROM,
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

    /// Applies `command` as one undo step. Returns whether the plan changed. Costs a
    /// copy and a comparison of the plan (**O(plan)**, about a millisecond at 10,000
    /// nodes); keeps only what changed.
    pub fn apply(&mut self, command: Command) -> bool {
        let label = command.label();
        let before = self.plan.clone();
        if !command.apply(&mut self.plan) {
            return false;
        }
        let patch = Patch::between(&before, &self.plan);
        drop(before);
        self.push_undo(Step::new(patch, self.revision, label));
        self.redo.clear();
        self.revision = self.next_revision;
        self.next_revision += 1;
        self.stale = true;
        true
    }

    /// Records an undo step, dropping the oldest ones over [`MAX_UNDO`] or the budget
    /// (the newest is always kept).
    fn push_undo(&mut self, step: Step) {
        self.undo_bytes += step.bytes;
        self.undo.push_back(step);
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
        let Some(step) = self.undo.pop_back() else {
            return false;
        };
        self.undo_bytes -= step.bytes;
        let back = self.step(step);
        self.redo.push(back);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let back = self.step(step);
        self.push_undo(back);
        true
    }

    /// Applies `step`'s patch; returns the step that goes back, labelled as the edit.
    fn step(&mut self, step: Step) -> Step {
        let reverse = step.patch.apply(&mut self.plan);
        let revision = std::mem::replace(&mut self.revision, step.revision);
        self.stale = true;
        Step::new(reverse, revision, step.label)
    }

    /// How much memory the undo history takes, by `Patch::bytes`.
    pub fn undo_bytes(&self) -> usize {
        self.undo_bytes
    }

    /// Records that the plan is now saved at `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_revision = self.revision;
    }

    /// Brings the analysis up to date after a change. Small plans are analysed here;
    /// large ones (`BACKGROUND_FROM` nodes) get their positions re-indexed here (so
    /// what is drawn matches the plan at once) and their analysis started on a worker
    /// thread, which [`Self::poll`] collects. Returns whether anything derived changed.
    pub fn refresh(&mut self, catalog: &Catalog) -> bool {
        if !self.stale {
            return false;
        }
        self.stale = false;
        if self.plan.nodes.len() < self.background_from {
            self.job = None;
            self.derived = Derived::compute(&self.plan, catalog);
            return true;
        }
        self.derived.reindex(&self.plan);
        if self.job.is_none() {
            self.start_job(catalog);
        } else {
            // The running job is for an older revision: poll starts the next one.
            self.stale = true;
        }
        true
    }

    /// Starts analysing the current plan on a worker thread.
    fn start_job(&mut self, catalog: &Catalog) {
        let (tx, rx) = std::sync::mpsc::channel();
        let plan = self.plan.clone();
        let catalog = catalog.clone();
        std::thread::spawn(move || {
            // The receiver is gone when the document was replaced: nothing to do then.
            let _ = tx.send(Derived::compute(&plan, &catalog));
        });
        self.job = Some((self.revision, rx));
    }

    /// Whether an analysis is running in the background (the app then polls for it).
    pub fn is_analysing(&self) -> bool {
        self.job.is_some()
    }

    /// Takes the background analysis if it has finished: it becomes the analysis shown
    /// (re-indexed if the plan changed meanwhile), and the next one starts if the plan
    /// changed. `wait` blocks until it finishes. Returns whether the analysis changed.
    pub fn poll(&mut self, catalog: &Catalog, wait: bool) -> bool {
        let Some((revision, rx)) = &self.job else {
            return false;
        };
        let result = if wait {
            rx.recv().ok()
        } else {
            match rx.try_recv() {
                Err(std::sync::mpsc::TryRecvError::Empty) => return false,
                other => other.ok(),
            }
        };
        let revision = *revision;
        self.job = None;
        let Some(mut derived) = result else {
            // The worker died (a panic in the analysis): analyse here instead.
            self.derived = Derived::compute(&self.plan, catalog);
            self.stale = false;
            return true;
        };
        if revision != self.revision {
            derived.reindex(&self.plan);
            self.stale = true;
        }
        self.derived = derived;
        if self.stale {
            self.stale = false;
            self.start_job(catalog);
        }
        true
    }

    /// The plan's revision: each edit gives a new one, undo restores the old one.
    pub fn revision(&self) -> u64 {
        self.revision
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Point;

    fn example(catalog: &Catalog) -> Plan {
        crate::io::parse_plan(
            include_str!("../../examples/rds-perimeter.ron"),
            "example",
            catalog,
        )
        .expect("example")
    }

    #[test]
    fn a_large_plan_is_analysed_in_the_background_and_matches_the_plan_meanwhile() {
        let catalog = Catalog::builtin().expect("catalog");
        let mut doc = Document::new(example(&catalog), None, &catalog);
        doc.background_from = 1;
        let flows = doc.derived().analysis.flows.len();
        let gone = doc.plan().nodes[0].id;
        let moved = doc.plan().nodes[1].id;
        let zone = doc.plan().nodes[1].zone;
        assert!(doc.apply(Command::Delete(super::super::Deletion {
            nodes: vec![gone],
            ..Default::default()
        })));
        assert!(doc.refresh(&catalog));
        assert!(doc.is_analysing());
        // Positions already follow the plan: the deleted node is nowhere.
        assert!(!doc.derived().node_pos.contains_key(&gone));
        assert_eq!(doc.derived().node_pos[&moved], 0);
        // A second edit while the first analysis runs.
        assert!(doc.apply(Command::Move(super::super::Moves {
            zones: vec![],
            nodes: vec![(moved, Point { x: 5.0, y: 5.0 }, zone)],
        })));
        doc.refresh(&catalog);
        while doc.is_analysing() {
            doc.poll(&catalog, true);
        }
        assert!(!doc.stale);
        let fresh = Derived::compute(doc.plan(), &catalog);
        assert_eq!(doc.derived().analysis.flows, fresh.analysis.flows);
        assert!(
            doc.derived().analysis.flows.len() < flows,
            "the node's flows went"
        );
        assert_eq!(doc.derived().node_pos, fresh.node_pos);
    }
}
