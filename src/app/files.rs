//! The recent-files list and the last folder a file was picked in, kept in the user's
//! configuration folder.

use std::path::{Path, PathBuf};

const MAX_RECENT: usize = 8;

/// Recently opened or saved plans, newest first, kept in a text file (one path a line).
#[derive(Default)]
pub struct RecentFiles {
    pub paths: Vec<PathBuf>,
    /// The folder of the last file opened, saved or exported: file choosers start there.
    pub last_dir: Option<PathBuf>,
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
        let last_dir = std::fs::read_to_string(store.with_file_name("last-folder.txt"))
            .ok()
            .map(|t| PathBuf::from(t.trim()))
            .filter(|d| d.is_dir());
        RecentFiles {
            paths,
            last_dir,
            store: Some(store),
        }
    }

    /// Puts `path` first and saves the list (failures to save it are ignored: the list
    /// is a convenience).
    pub fn push(&mut self, path: &Path) {
        let path = canonical(path);
        self.remember_dir(&path);
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

impl RecentFiles {
    /// Remembers the folder of `path` (a file) as where the next chooser starts.
    pub fn remember_dir(&mut self, path: &Path) {
        let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
            return;
        };
        let dir = canonical(dir);
        if self.last_dir.as_deref() == Some(dir.as_path()) {
            return;
        }
        if let Some(store) = &self.store {
            let _ = std::fs::write(
                store.with_file_name("last-folder.txt"),
                dir.display().to_string(),
            );
        }
        self.last_dir = Some(dir);
    }
}

/// `path` made absolute with links resolved, as the user would write it: on Windows
/// `canonicalize` answers in the verbatim form (`\\?\C:\plans\a.ron`), which the
/// recent-files menu and the chooser's path field would show as is, so that prefix is
/// dropped where the path has a plain form (a drive or a UNC share).
pub(crate) fn canonical(path: &Path) -> PathBuf {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    plain_form(path)
}

/// `\\?\C:\x` -> `C:\x`, `\\?\UNC\server\share\x` -> `\\server\share\x`; any other
/// path unchanged.
fn plain_form(path: PathBuf) -> PathBuf {
    let Some(text) = path.to_str() else {
        return path;
    };
    if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
        return PathBuf::from(format!(r"\\{rest}"));
    }
    match text.strip_prefix(r"\\?\") {
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => PathBuf::from(rest),
        _ => path,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_windows_paths_get_their_plain_form() {
        let plain = |s: &str| plain_form(PathBuf::from(s));
        assert_eq!(
            plain(r"\\?\C:\plans\a.ron"),
            PathBuf::from(r"C:\plans\a.ron")
        );
        assert_eq!(
            plain(r"\\?\UNC\srv\share\a.ron"),
            PathBuf::from(r"\\srv\share\a.ron")
        );
        assert_eq!(
            plain(r"\\?\Volume{1234}\a.ron"),
            PathBuf::from(r"\\?\Volume{1234}\a.ron")
        );
        assert_eq!(plain("/home/u/a.ron"), PathBuf::from("/home/u/a.ron"));
    }
}
