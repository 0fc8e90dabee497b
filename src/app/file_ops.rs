//! Opening, saving and exporting, and picking the files for them (the system dialog or
//! Portolan's own chooser).

use super::file_chooser::{ChooserMode, ChooserOutcome, ChooserSpec, FileChooser};
use super::{Document, FileDialogs, FlowMode, Notice, Pending, PortolanApp, native_dialog};
use crate::diagram::FlowFilter;
use crate::export::{ExportOptions, Output};
use crate::model::Plan;
use std::path::{Path, PathBuf};

/// What a file is being picked for.
#[derive(Clone, Debug, PartialEq)]
pub enum FileTask {
    OpenPlan,
    /// Save the plan there, then run `then` (New, Open or Close waiting for the save).
    SavePlan {
        then: Option<Pending>,
    },
    /// Export in the format with this id ([`crate::export::formats`]).
    Export(&'static str),
    /// Compare the open plan with this one (compare mode).
    Compare,
}

impl PortolanApp {
    /// Opens the plan at `path`, replacing the current one. On failure the error is
    /// shown and the current plan stays as it was. Does not ask about unsaved changes.
    pub fn open_path(&mut self, path: &Path) -> bool {
        self.open_path_keeping(path, "The plan you were editing is unchanged.")
    }

    /// Opens the plan named on the command line. On failure the bundled example stays
    /// open, and the error says so.
    pub fn open_at_start(&mut self, path: &Path) -> bool {
        self.open_path_keeping(path, "The bundled example is open instead.")
    }

    /// [`Self::open_path`], with `kept` saying what stays open when it fails.
    fn open_path_keeping(&mut self, path: &Path, kept: &str) -> bool {
        match crate::io::load_plan(path, &self.catalog) {
            Ok(plan) => {
                self.doc = Document::new(plan, Some(path.to_owned()), &self.catalog);
                self.generation += 1;
                self.epoch += 1;
                self.selection.clear();
                self.canvas.fit();
                self.recent.push(path);
                self.load_error = None;
                self.notices
                    .show(Notice::info(format!("Opened {}", path.display())));
                true
            }
            Err(e) => {
                self.load_error = Some(format!("{e}\n\n{kept} Fix the file and open it again."));
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
                self.notices
                    .show(Notice::info(format!("Saved {}", path.display())));
                true
            }
            Err(e) => {
                self.notices.show(Notice::error(format!(
                    "{e}. Nothing was lost: use File > Save as to pick another place."
                )));
                false
            }
        }
    }

    /// Writes the matrix as CSV to `path`.
    pub fn export_csv_to(&mut self, path: &Path) -> bool {
        self.export_to("csv", path)
    }

    /// Exports the rules in format `id` to `path`: the file, or the folder a folder
    /// format fills (made or replaced whole). Pictures are the diagram module's
    /// ([`crate::diagram`], as the command line writes them) with the flows the canvas
    /// shows. Says where the files went, with a button that opens the folder.
    pub fn export_to(&mut self, id: &str, path: &Path) -> bool {
        let result = crate::export::find_format(id).and_then(|format| {
            let derived = self.doc.derived();
            let rules =
                crate::rules::RuleSet::new(self.doc.plan(), &self.catalog, &derived.analysis);
            // A picture shows the flows the canvas shows. *All* is the picture's `auto`:
            // the canvas draws at most 2,500 arrows too, and a picture of more than 10,000
            // arrows or links takes a browser minutes to draw (the subtitle says what was
            // left out; the command line's `--flows all` draws everything).
            let options = ExportOptions {
                flows: match self.canvas.flow_mode {
                    FlowMode::All => FlowFilter::Auto,
                    FlowMode::Crossing => FlowFilter::Crossing,
                    FlowMode::Hidden => FlowFilter::None,
                },
                ..ExportOptions::default()
            };
            crate::export::export_to_path(format, &rules, &options, path)?;
            Ok(format.output())
        });
        match result {
            Ok(output) => {
                let folder = match output {
                    Output::File => path.parent().map(Path::to_owned),
                    Output::Folder => Some(path.to_owned()),
                };
                let what = match export_stem(id) {
                    "diagram" => "the diagram".to_owned(),
                    "report" => "the design report".to_owned(),
                    _ => format!("{} rules", self.doc.derived().analysis.matrix.rows.len()),
                };
                let mut notice = Notice::info(format!("Exported {what} to {}", path.display()));
                notice.folder = folder.filter(|f| !f.as_os_str().is_empty());
                self.notices.show(notice);
                true
            }
            Err(e) => {
                self.notices
                    .show(Notice::error(format!("Export failed: {e}")));
                false
            }
        }
    }

    /// Opens `dir` in the system's file manager (`xdg-open`, `open`, `explorer`); the
    /// app made by [`PortolanApp::new`] only records it (see [`Self::opened_folder`]).
    pub(super) fn open_folder(&mut self, dir: &Path) {
        self.opened_folder = Some(dir.to_owned());
        if !self.open_folders {
            return;
        }
        let program = if cfg!(target_os = "windows") {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if let Err(e) = std::process::Command::new(program).arg(dir).spawn() {
            self.notices.show(Notice::error(format!(
                "Cannot open {} with {program}: {e}. Open it in your file manager.",
                dir.display()
            )));
        }
    }

    /// Starts a new, empty plan. Does not ask about unsaved changes.
    pub fn new_plan(&mut self) {
        self.doc = Document::new(Plan::default(), None, &self.catalog);
        self.generation += 1;
        self.epoch += 1;
        self.selection.clear();
        self.canvas.fit();
    }

    /// Saves to the plan's file, or asks where first; then runs `then` (the action that
    /// waited for the save). Returns whether the plan is saved now (`false` while a
    /// chooser is open or after a failure).
    pub(super) fn save_then(&mut self, ctx: &egui::Context, then: Option<Pending>) -> bool {
        match self.doc.path().map(Path::to_owned) {
            Some(p) => {
                let saved = self.save_to(&p);
                if saved && let Some(then) = then {
                    self.proceed(ctx, then);
                }
                saved
            }
            None => {
                self.pick_file(ctx, FileTask::SavePlan { then });
                false
            }
        }
    }

    /// Asks for the file `task` needs: the system dialog while it can be shown, else
    /// Portolan's own chooser (see [`native_dialog`]).
    pub(super) fn pick_file(&mut self, ctx: &egui::Context, task: FileTask) {
        let spec = self.chooser_spec(&task);
        let dir = self.start_dir();
        if self.file_dialogs == FileDialogs::System {
            if let Some(reason) = native_dialog::unavailable_here() {
                self.file_dialogs = FileDialogs::BuiltIn;
                self.chooser_note = Some(reason);
            } else {
                match native_dialog::run(&spec, dir.as_deref()) {
                    native_dialog::NativeOutcome::Picked(p) => {
                        self.finish_pick(ctx, task, p);
                        return;
                    }
                    native_dialog::NativeOutcome::Cancelled => return,
                    native_dialog::NativeOutcome::NotShown => {
                        self.file_dialogs = FileDialogs::BuiltIn;
                        self.chooser_note = Some(
                            "The system file dialog did not open (no desktop portal or zenity answered): using Portolan's file chooser.".to_owned(),
                        );
                    }
                }
            }
        }
        if let Some(note) = &self.chooser_note {
            self.notices.show(Notice::info(note.clone()));
        }
        let chooser = FileChooser::new(spec, dir.as_deref(), self.chooser_note.clone());
        self.chooser = Some((chooser, task));
        ctx.request_repaint();
    }

    /// The folder a chooser starts in: the last one used, else the plan's.
    fn start_dir(&self) -> Option<PathBuf> {
        self.recent
            .last_dir
            .clone()
            .or_else(|| self.doc.path().and_then(Path::parent).map(Path::to_owned))
    }

    /// What the chooser for `task` shows.
    fn chooser_spec(&self, task: &FileTask) -> ChooserSpec {
        let stem = self
            .doc
            .path()
            .and_then(Path::file_stem)
            .map(|s| s.to_string_lossy().into_owned())
            .or_else(|| {
                let name = self.doc.plan().name.trim();
                (!name.is_empty()).then(|| name.to_owned())
            });
        match task {
            FileTask::Compare => ChooserSpec {
                mode: ChooserMode::Open,
                title: "Compare the plan with".into(),
                filter: "Portolan plan".into(),
                ext: "ron".into(),
                name: String::new(),
            },
            FileTask::OpenPlan => ChooserSpec {
                mode: ChooserMode::Open,
                title: "Open a plan".into(),
                filter: "Portolan plan".into(),
                ext: "ron".into(),
                name: String::new(),
            },
            FileTask::SavePlan { .. } => ChooserSpec {
                mode: ChooserMode::Save,
                title: "Save the plan as".into(),
                filter: "Portolan plan".into(),
                ext: "ron".into(),
                name: format!("{}.ron", stem.as_deref().unwrap_or("plan")),
            },
            FileTask::Export(id) => {
                let (output, ext, description) =
                    crate::export::format(id).map_or((Output::File, "", String::new()), |f| {
                        (
                            f.output(),
                            f.extension(),
                            super::panels::menu::export_title(f),
                        )
                    });
                // `plan-matrix.csv`, `plan-diagram.svg`, `plan-nftables.nft`; a folder
                // format's folder goes inside the folder picked, as `plan-aerleon`.
                let what = export_stem(id);
                let base = stem.map_or(what.to_owned(), |s| format!("{s}-{what}"));
                match output {
                    Output::File => ChooserSpec {
                        mode: ChooserMode::Save,
                        title: format!("Export: {description}"),
                        filter: id.to_uppercase(),
                        ext: ext.into(),
                        name: format!("{base}.{ext}"),
                    },
                    Output::Folder => ChooserSpec {
                        mode: ChooserMode::Folder,
                        title: format!(
                            "Export: {description}. Choose the folder to put `{base}` in"
                        ),
                        filter: String::new(),
                        ext: String::new(),
                        name: base,
                    },
                }
            }
        }
    }

    /// Does what `task` picked `path` for.
    pub(super) fn finish_pick(&mut self, ctx: &egui::Context, task: FileTask, path: PathBuf) {
        if path.is_dir() {
            // A folder picked: the next chooser starts in it.
            self.recent.remember_dir(&path.join("_"));
        } else {
            self.recent.remember_dir(&path);
        }
        match task {
            FileTask::OpenPlan => {
                self.open_path(&path);
            }
            FileTask::Compare => {
                self.compare_with(&path);
            }
            FileTask::SavePlan { then } => {
                if self.save_to(&path)
                    && let Some(then) = then
                {
                    self.proceed(ctx, then);
                }
            }
            FileTask::Export(id) => {
                let folder_format =
                    crate::export::format(id).is_some_and(|f| f.output() == Output::Folder);
                let target = if folder_format {
                    path.join(self.chooser_spec(&FileTask::Export(id)).name)
                } else {
                    path
                };
                self.export_to(id, &target);
            }
        }
    }

    /// The in-app chooser, while one is open.
    pub(super) fn chooser_ui(&mut self, ctx: &egui::Context) {
        let Some((chooser, _)) = &mut self.chooser else {
            return;
        };
        let Some(outcome) = chooser.ui(ctx) else {
            return;
        };
        let Some((_, task)) = self.chooser.take() else {
            return;
        };
        match outcome {
            ChooserOutcome::Picked(path) => self.finish_pick(ctx, task, path),
            ChooserOutcome::Cancelled => {
                if matches!(task, FileTask::SavePlan { then: Some(_) }) {
                    self.notices
                        .show(Notice::info("Not saved: the plan is still open."));
                }
            }
        }
        ctx.request_repaint();
    }
}

/// What an export of format `id` is called in its file name and message: `diagram` for
/// the pictures, `matrix` for the rule tables (csv, xlsx), else the format's id.
fn export_stem(id: &str) -> &str {
    match id {
        "svg" | "png" => "diagram",
        "csv" | "xlsx" => "matrix",
        _ => id,
    }
}
