//! Portolan's own file chooser, used when the system's file dialog cannot be shown (no
//! desktop portal and no zenity on Linux, say): a folder listing with a path field, a
//! filter by extension, and a file name field when saving.
//!
//! It is a modal window drawn each frame; [`FileChooser::ui`] returns the outcome once
//! the user picks or cancels. Reading a folder happens only when the folder changes.

use super::theme;
use std::path::{Path, PathBuf};

/// What the chooser asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChooserMode {
    /// An existing file.
    Open,
    /// A file name to write (existing or new).
    Save,
    /// A folder (for exports that write several files).
    Folder,
}

/// What the user is choosing and how the chooser presents it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChooserSpec {
    pub mode: ChooserMode,
    /// Window title, e.g. "Save plan".
    pub title: String,
    /// The filter's name, e.g. "Portolan plan".
    pub filter: String,
    /// Extension without the dot, e.g. `ron`; files without it are hidden unless the
    /// user asks for all files. Added to a typed name that has no extension.
    pub ext: String,
    /// The file name proposed when saving.
    pub name: String,
}

/// How the chooser ended.
#[derive(Clone, Debug, PartialEq)]
pub enum ChooserOutcome {
    Picked(PathBuf),
    Cancelled,
}

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    name: String,
    dir: bool,
}

/// The chooser's state between frames.
#[derive(Debug)]
pub struct FileChooser {
    spec: ChooserSpec,
    /// Why the system dialog was not used, shown at the top.
    note: Option<String>,
    dir: PathBuf,
    /// The folder field; navigates on Enter.
    dir_text: String,
    /// The file name field (save), or the file picked (open).
    name: String,
    entries: Vec<Entry>,
    /// Why the folder cannot be listed.
    error: Option<String>,
    all_files: bool,
    /// A save target that exists, waiting for "Replace".
    confirm: Option<PathBuf>,
}

impl FileChooser {
    /// A chooser for `spec` opened on `dir` (the home folder or the current one when
    /// `dir` is not a readable folder); `note` says why it replaces the system dialog.
    pub fn new(spec: ChooserSpec, dir: Option<&Path>, note: Option<String>) -> Self {
        let start = dir
            .filter(|d| d.is_dir())
            .map(Path::to_owned)
            .or_else(home)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        let name = if spec.mode == ChooserMode::Save {
            spec.name.clone()
        } else {
            String::new()
        };
        let mut chooser = FileChooser {
            spec,
            note,
            dir: PathBuf::new(),
            dir_text: String::new(),
            name,
            entries: Vec::new(),
            error: None,
            all_files: false,
            confirm: None,
        };
        chooser.go(start);
        chooser
    }

    /// The folder shown.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Shows the folder `dir`. **O(entries)**, once per change of folder.
    fn go(&mut self, dir: PathBuf) {
        let dir = super::files::canonical(&dir);
        match list(&dir) {
            Ok(entries) => {
                self.entries = entries;
                self.error = None;
                self.dir_text = dir.display().to_string();
                self.dir = dir;
            }
            Err(e) => {
                self.error = Some(format!("Cannot open the folder {}: {e}", dir.display()));
                self.dir_text = self.dir.display().to_string();
            }
        }
        self.confirm = None;
    }

    /// Whether `name` passes the extension filter.
    fn shown(&self, name: &str) -> bool {
        self.all_files || has_ext(Path::new(name), &self.spec.ext)
    }

    /// The path the current name stands for: relative names are in the folder shown, and
    /// a saved name without an extension gets the filter's.
    fn target(&self) -> Option<PathBuf> {
        let name = self.name.trim();
        if name.is_empty() {
            return None;
        }
        let mut path = self.dir.join(name);
        if self.spec.mode == ChooserMode::Save && path.extension().is_none() {
            path.set_extension(&self.spec.ext);
        }
        Some(path)
    }

    /// Shows the chooser; returns the outcome once the user picks or cancels.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<ChooserOutcome> {
        let mut outcome = None;
        let modal = egui::Modal::new(egui::Id::unique("portolan-file-chooser")).show(ctx, |ui| {
            ui.set_width(620.0);
            ui.heading(&self.spec.title);
            if let Some(note) = &self.note {
                ui.add(egui::Label::new(egui::RichText::new(note).color(theme::TEXT_WEAK)).wrap());
            }
            ui.add_space(4.0);
            self.folder_row_ui(ui);
            if let Some(e) = &self.error {
                ui.label(egui::RichText::new(e).color(theme::ERROR));
            }
            if let Some(picked) = self.listing_ui(ui) {
                outcome = Some(picked);
            }
            ui.horizontal(|ui| {
                let label = if self.spec.ext.is_empty() || self.spec.mode == ChooserMode::Folder {
                    None
                } else {
                    Some(format!("{} (*.{})", self.spec.filter, self.spec.ext))
                };
                if let Some(label) = label {
                    ui.label(egui::RichText::new(label).weak());
                    ui.checkbox(&mut self.all_files, "show all files");
                }
            });
            ui.separator();
            if let Some(done) = self.bottom_ui(ui) {
                outcome = Some(done);
            }
        });
        if outcome.is_none() && modal.should_close() {
            outcome = Some(ChooserOutcome::Cancelled);
        }
        outcome
    }

    fn folder_row_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Folder");
            if ui
                .button("Up")
                .on_hover_text("The folder above this one")
                .clicked()
                && let Some(parent) = self.dir.parent()
            {
                self.go(parent.to_owned());
            }
            if let Some(h) = home()
                && ui.button("Home").clicked()
            {
                self.go(h);
            }
            let resp = ui
                .add(
                    egui::TextEdit::singleline(&mut self.dir_text)
                        .desired_width(f32::INFINITY)
                        .hint_text("a folder; Enter to go there"),
                )
                .labelled_by(label.id);
            if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let typed = PathBuf::from(self.dir_text.trim());
                let typed = if typed.is_relative() {
                    self.dir.join(typed)
                } else {
                    typed
                };
                // A file path typed in the folder field picks that file's folder and name.
                if typed.is_file() && self.spec.mode != ChooserMode::Folder {
                    if let Some(name) = typed.file_name() {
                        self.name = name.to_string_lossy().into_owned();
                    }
                    if let Some(parent) = typed.parent() {
                        self.go(parent.to_owned());
                    }
                } else {
                    self.go(typed);
                }
            }
        });
    }

    /// The folder's entries; a double-click opens a folder or picks a file.
    fn listing_ui(&mut self, ui: &mut egui::Ui) -> Option<ChooserOutcome> {
        let mut go_to = None;
        let mut picked = None;
        let files_pickable = self.spec.mode != ChooserMode::Folder;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("chooser-list")
                .max_height(300.0)
                .min_scrolled_height(300.0)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let mut any = false;
                    for e in &self.entries {
                        if !e.dir && !self.shown(&e.name) {
                            continue;
                        }
                        any = true;
                        let text = if e.dir {
                            egui::RichText::new(format!("{}/", e.name)).strong()
                        } else {
                            egui::RichText::new(&e.name)
                        };
                        let selected = !e.dir && self.name == e.name;
                        let enabled = e.dir || files_pickable;
                        let resp = ui.add_enabled(
                            enabled,
                            egui::Button::selectable(selected, text).frame_when_inactive(false),
                        );
                        if resp.double_clicked() {
                            if e.dir {
                                go_to = Some(self.dir.join(&e.name));
                            } else {
                                picked = Some(self.dir.join(&e.name));
                            }
                        } else if resp.clicked() {
                            if e.dir {
                                go_to = Some(self.dir.join(&e.name));
                            } else {
                                self.name = e.name.clone();
                                self.confirm = None;
                            }
                        }
                    }
                    if !any {
                        let text = if self.spec.mode == ChooserMode::Folder {
                            "(no folder inside)".to_owned()
                        } else if self.spec.ext.is_empty() || self.all_files {
                            "(empty folder)".to_owned()
                        } else {
                            format!(
                                "(no .{} file here: \"show all files\" lists the others)",
                                self.spec.ext
                            )
                        };
                        ui.label(egui::RichText::new(text).weak());
                    }
                });
        });
        if let Some(d) = go_to {
            self.go(d);
        }
        let path = picked?;
        match self.spec.mode {
            ChooserMode::Open => Some(ChooserOutcome::Picked(path)),
            ChooserMode::Save => {
                self.confirm = Some(path);
                None
            }
            ChooserMode::Folder => None,
        }
    }

    /// Name field, the overwrite question and the buttons.
    fn bottom_ui(&mut self, ui: &mut egui::Ui) -> Option<ChooserOutcome> {
        let mut outcome = None;
        let mut enter = false;
        if self.spec.mode != ChooserMode::Folder {
            ui.horizontal(|ui| {
                let label = ui.label("File name");
                let resp = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.name)
                            .desired_width(f32::INFINITY)
                            .hint_text(format!("name.{}", self.spec.ext)),
                    )
                    .labelled_by(label.id);
                if resp.changed() {
                    self.confirm = None;
                }
                enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
        }
        if let Some(path) = self.confirm.clone() {
            ui.horizontal_wrapped(|ui| {
                let name = path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                ui.label(
                    egui::RichText::new(format!("{name} already exists. Replace it?"))
                        .color(theme::WARNING),
                );
                if ui.button("Replace").clicked() {
                    outcome = Some(ChooserOutcome::Picked(path));
                }
            });
        }
        ui.horizontal(|ui| {
            let (verb, ready) = match self.spec.mode {
                ChooserMode::Open => ("Open", self.target().is_some_and(|p| p.is_file())),
                ChooserMode::Save => ("Save", self.target().is_some()),
                ChooserMode::Folder => ("Use this folder", self.error.is_none()),
            };
            if ui.add_enabled(ready, egui::Button::new(verb)).clicked() || (enter && ready) {
                outcome = outcome.take().or_else(|| self.confirm_choice());
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(ChooserOutcome::Cancelled);
            }
        });
        outcome
    }

    /// The outcome of pressing the main button: a folder name typed into the name field
    /// opens that folder, an existing save target asks first.
    fn confirm_choice(&mut self) -> Option<ChooserOutcome> {
        if self.spec.mode == ChooserMode::Folder {
            return Some(ChooserOutcome::Picked(self.dir.clone()));
        }
        let path = self.target()?;
        if path.is_dir() {
            self.name.clear();
            self.go(path);
            return None;
        }
        match self.spec.mode {
            ChooserMode::Save if path.exists() => {
                self.confirm = Some(path);
                None
            }
            _ => Some(ChooserOutcome::Picked(path)),
        }
    }
}

/// Whether `path` ends in `.ext` (any case); every file passes an empty `ext`.
fn has_ext(path: &Path, ext: &str) -> bool {
    ext.is_empty()
        || path
            .extension()
            .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// The entries of `dir`, folders first, each group sorted by name; hidden ones left out.
fn list(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            // Follows links, so a link to a folder opens like one.
            let dir = e.path().is_dir();
            Some(Entry { name, dir })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.dir
            .cmp(&a.dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

fn home() -> Option<PathBuf> {
    let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_first_and_filters_by_extension() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("b-folder")).expect("mkdir");
        std::fs::write(dir.path().join("a.ron"), "").expect("write");
        std::fs::write(dir.path().join("c.RON"), "").expect("write");
        std::fs::write(dir.path().join("notes.txt"), "").expect("write");
        std::fs::write(dir.path().join(".hidden.ron"), "").expect("write");
        let entries = list(dir.path()).expect("list");
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["b-folder", "a.ron", "c.RON", "notes.txt"]);
        let spec = ChooserSpec {
            mode: ChooserMode::Save,
            title: "Save".into(),
            filter: "Plan".into(),
            ext: "ron".into(),
            name: "plan".into(),
        };
        let chooser = FileChooser::new(spec, Some(dir.path()), None);
        assert!(chooser.shown("c.RON"));
        assert!(!chooser.shown("notes.txt"));
        let target = chooser.target().expect("a name");
        assert_eq!(
            target.file_name().and_then(|n| n.to_str()),
            Some("plan.ron")
        );
    }
}
