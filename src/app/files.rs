//! File dialogs (rfd) and the recent-files list. Dialogs are only opened from here, so
//! tests drive the app through paths instead.

use std::path::{Path, PathBuf};

const MAX_RECENT: usize = 8;

/// Asks for a plan to open.
pub fn pick_open(dir: Option<&Path>) -> Option<PathBuf> {
    let mut d = rfd::FileDialog::new()
        .add_filter("Portolan plan", &["ron"])
        .add_filter("All files", &["*"]);
    if let Some(dir) = dir {
        d = d.set_directory(dir);
    }
    d.pick_file()
}

/// Asks where to save; `.ron` is added when the name has no extension.
pub fn pick_save(current: Option<&Path>, default_name: &str) -> Option<PathBuf> {
    save_dialog(current, "Portolan plan", "ron", default_name)
}

/// Asks where to export the matrix.
pub fn pick_csv(current: Option<&Path>) -> Option<PathBuf> {
    let stem = current
        .and_then(Path::file_stem)
        .map_or("matrix".to_owned(), |s| {
            format!("{}-matrix", s.to_string_lossy())
        });
    save_dialog(current, "CSV", "csv", &format!("{stem}.csv"))
}

/// A save dialog in the folder of `current`, proposing `name`; `.ext` is added when the
/// chosen name has no extension.
fn save_dialog(current: Option<&Path>, filter: &str, ext: &str, name: &str) -> Option<PathBuf> {
    let mut d = rfd::FileDialog::new()
        .add_filter(filter, &[ext])
        .set_file_name(name);
    if let Some(dir) = current.and_then(Path::parent) {
        d = d.set_directory(dir);
    }
    let path = d.save_file()?;
    Some(if path.extension().is_none() {
        path.with_extension(ext)
    } else {
        path
    })
}

/// Recently opened or saved plans, newest first, kept in a text file (one path a line).
#[derive(Default)]
pub struct RecentFiles {
    pub paths: Vec<PathBuf>,
    /// Where the list is kept; `None` keeps it in memory only (tests).
    store: Option<PathBuf>,
}

impl RecentFiles {
    /// The list kept in the user's configuration folder.
    pub fn load_default() -> Self {
        let Some(store) = config_dir().map(|d| d.join("portolan").join("recent.txt")) else {
            return RecentFiles::default();
        };
        let paths = std::fs::read_to_string(&store)
            .map(|t| {
                t.lines()
                    .filter(|l| !l.is_empty())
                    .map(PathBuf::from)
                    .take(MAX_RECENT)
                    .collect()
            })
            .unwrap_or_default();
        RecentFiles {
            paths,
            store: Some(store),
        }
    }

    /// Puts `path` first and saves the list (failures to save it are ignored: the list
    /// is a convenience).
    pub fn push(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.paths.retain(|p| *p != path);
        self.paths.insert(0, path);
        self.paths.truncate(MAX_RECENT);
        if let Some(store) = &self.store {
            if let Some(dir) = store.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let text: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
            let _ = std::fs::write(store, text.join("\n"));
        }
    }
}

fn config_dir() -> Option<PathBuf> {
    if cfg!(windows) {
        return std::env::var_os("APPDATA").map(PathBuf::from);
    }
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
}
