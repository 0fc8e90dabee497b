//! Opening, saving and exporting: the seams tests call instead of the file dialogs.

use super::files;
use super::{Document, Notice, PortolanApp};
use crate::model::Plan;
use std::path::Path;

impl PortolanApp {
    /// Opens the plan at `path`, replacing the current one. On failure the error is
    /// shown and the current plan stays as it was. Does not ask about unsaved changes.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match crate::io::load_plan(path, &self.catalog) {
            Ok(plan) => {
                self.doc = Document::new(plan, Some(path.to_owned()), &self.catalog);
                self.generation += 1;
                self.selection.clear();
                self.canvas.fit();
                self.recent.push(path);
                self.load_error = None;
                self.notice = Some(Notice::info(format!("Opened {}", path.display())));
                true
            }
            Err(e) => {
                self.load_error = Some(format!(
                    "{e}\n\nThe plan you were editing is unchanged. Fix the file and open it again."
                ));
                false
            }
        }
    }

    /// Saves the plan to `path`. On failure says why; the plan stays open and unsaved.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match crate::io::save_plan(path, self.doc.plan()) {
            Ok(()) => {
                self.doc.mark_saved(path.to_owned());
                self.recent.push(path);
                self.notice = Some(Notice::info(format!("Saved {}", path.display())));
                true
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "{e}. Nothing was lost: use File > Save as to pick another place."
                )));
                false
            }
        }
    }

    /// Writes the matrix as CSV to `path`.
    pub fn export_csv_to(&mut self, path: &Path) -> bool {
        let result = crate::export::save_csv(
            path,
            self.doc.plan(),
            &self.catalog,
            &self.doc.derived().analysis,
        )
        .map_err(|e| e.to_string());
        match result {
            Ok(()) => {
                self.notice = Some(Notice::info(format!(
                    "Exported {} matrix rows to {}",
                    self.doc.derived().rows.len(),
                    path.display()
                )));
                true
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!("Export failed: {e}")));
                false
            }
        }
    }

    /// Starts a new, empty plan. Does not ask about unsaved changes.
    pub fn new_plan(&mut self) {
        self.doc = Document::new(Plan::default(), None, &self.catalog);
        self.generation += 1;
        self.selection.clear();
        self.canvas.fit();
    }

    pub(super) fn save(&mut self) -> bool {
        match self.doc.path().map(Path::to_owned) {
            Some(p) => self.save_to(&p),
            None => self.save_as(),
        }
    }

    pub(super) fn save_as(&mut self) -> bool {
        if !self.dialogs {
            return false;
        }
        let name = if self.doc.plan().name.is_empty() {
            "plan.ron".to_owned()
        } else {
            format!("{}.ron", self.doc.plan().name)
        };
        match files::pick_save(self.doc.path(), &name) {
            Some(p) => self.save_to(&p),
            None => false,
        }
    }
}
