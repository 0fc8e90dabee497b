//! Running a format: to a stream, to a file written atomically, or to a folder that
//! replaces the target at once.

use super::{ExportError, ExportOptions, Format, Output, Sink, formats};
use crate::io::{PlanError, write_atomic_with};
use crate::rules::RuleSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The name of the file every folder export holds, so that a later export may replace
/// the folder (and never a folder of someone else's).
pub const FOLDER_MARK: &str = ".portolan-export";

/// The format with id `id`.
///
/// # Errors
/// [`ExportError::UnknownFormat`] listing the known ids.
pub fn find_format(id: &str) -> Result<&'static dyn Format, ExportError> {
    super::format(id).ok_or_else(|| ExportError::UnknownFormat {
        given: id.to_owned(),
        known: formats()
            .iter()
            .map(|f| f.id())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Writes `rules` in `format` to `out` (stdout, say).
///
/// # Errors
/// [`ExportError::NeedsFolder`] for a folder format; the format's own errors.
pub fn export_to_writer(
    format: &dyn Format,
    rules: &RuleSet<'_>,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format.output() {
        Output::File => format.write(rules, options, Sink::File(out)),
        Output::Folder => Err(ExportError::NeedsFolder {
            format: format.id(),
        }),
    }
}

/// Writes `rules` in `format` to `path`: a file written beside and renamed over it, or a
/// folder written beside and renamed into place, so `path` holds either the previous
/// output or the whole new one.
///
/// # Errors
/// The format's errors, or [`ExportError::Write`] naming the path.
pub fn export_to_path(
    format: &dyn Format,
    rules: &RuleSet<'_>,
    options: &ExportOptions,
    path: &Path,
) -> Result<(), ExportError> {
    match format.output() {
        Output::File => {
            let mut failure = None;
            let result = write_atomic_with(path, |out| {
                format.write(rules, options, Sink::File(out)).map_err(|e| {
                    let io = std::io::Error::other(e.to_string());
                    failure = Some(e);
                    io
                })
            });
            match (failure, result) {
                (Some(e), _) => Err(e),
                (None, Ok(())) => Ok(()),
                (None, Err(PlanError::Write { path, source })) => {
                    Err(ExportError::Write { path, source })
                }
                (None, Err(e)) => Err(ExportError::Io(std::io::Error::other(e.to_string()))),
            }
        }
        Output::Folder => {
            write_folder_atomic(path, |dir| format.write(rules, options, Sink::Folder(dir)))
        }
    }
}

/// Creates `relative` (folders included) inside `dir` and streams what `write` produces
/// into it, buffered.
///
/// # Errors
/// [`ExportError::Write`] naming the file, or the error of `write`.
pub fn write_file_in(
    dir: &Path,
    relative: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let path = dir.join(relative);
    let err = |source| ExportError::Write {
        path: path.clone(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(err)?;
    }
    let file = fs::File::create(&path).map_err(err)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    write(&mut out)?;
    out.flush().map_err(err)?;
    Ok(())
}

/// Whether `dir` is one Portolan may replace: empty, or holding [`FOLDER_MARK`].
fn replaceable(dir: &Path) -> std::io::Result<bool> {
    let mut entries = fs::read_dir(dir)?;
    Ok(entries.next().is_none() || dir.join(FOLDER_MARK).is_file())
}

/// Writes a folder at `path` through a temporary folder beside it: `write` fills the
/// temporary folder, which then takes the place of `path` (an older export there is
/// moved aside and removed). A failure leaves `path` as it was and removes the
/// temporary folder. A `path` that is a file, or a folder with other content than a
/// previous export, is refused.
///
/// # Errors
/// [`ExportError::NotOurFolder`], [`ExportError::Write`] naming the folder, or the error
/// of `write`.
pub fn write_folder_atomic(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let err = |source| ExportError::Write {
        path: path.to_owned(),
        source,
    };
    let exists = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            if !replaceable(path).map_err(err)? {
                return Err(ExportError::NotOurFolder {
                    path: path.to_owned(),
                });
            }
            true
        }
        Ok(_) => {
            return Err(ExportError::NotOurFolder {
                path: path.to_owned(),
            });
        }
        Err(_) => false,
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let beside = |what: &str| parent.join(format!(".{name}.{}.{what}", std::process::id()));
    let (tmp, old) = (beside("tmp"), beside("old"));
    let _ = fs::remove_dir_all(&tmp);
    let filled = (|| {
        fs::create_dir(&tmp).map_err(err)?;
        fs::write(tmp.join(FOLDER_MARK), b"written by portolan export\n").map_err(err)?;
        write(&tmp)
    })();
    if let Err(e) = filled {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if exists {
        let _ = fs::remove_dir_all(&old);
        if let Err(e) = fs::rename(path, &old) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(err(e));
        }
    }
    if let Err(e) = fs::rename(&tmp, path) {
        if exists {
            let _ = fs::rename(&old, path);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(err(e));
    }
    if exists {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_replace_only_previous_exports_and_survive_failures() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        write_folder_atomic(&target, |dir| {
            fs::write(dir.join("a.txt"), "one").map_err(ExportError::Io)
        })
        .unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "one");
        // A failing export leaves the previous one whole.
        let failed = write_folder_atomic(&target, |dir| {
            fs::write(dir.join("a.txt"), "half").map_err(ExportError::Io)?;
            Err(ExportError::Io(std::io::Error::other("disk full")))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "one");
        // A later export replaces it: files of the old one are gone.
        write_folder_atomic(&target, |dir| {
            fs::write(dir.join("b.txt"), "two").map_err(ExportError::Io)
        })
        .unwrap();
        assert!(!target.join("a.txt").exists());
        assert_eq!(fs::read_to_string(target.join("b.txt")).unwrap(), "two");
        // Nothing but the target is left beside it.
        let names: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        // A folder of someone else's, and a file, are refused and left alone.
        let theirs = root.path().join("theirs");
        fs::create_dir(&theirs).unwrap();
        fs::write(theirs.join("keep.txt"), "mine").unwrap();
        let refused = write_folder_atomic(&theirs, |_| Ok(())).unwrap_err();
        assert!(
            refused.to_string().contains("not a folder Portolan wrote"),
            "{refused}"
        );
        assert_eq!(fs::read_to_string(theirs.join("keep.txt")).unwrap(), "mine");
        assert!(write_folder_atomic(&theirs.join("keep.txt"), |_| Ok(())).is_err());
    }
}
