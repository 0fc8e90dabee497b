//! Running a format: to a stream, to a file written atomically, or to a folder that
//! replaces the target at once.

use super::{ExportError, ExportOptions, Format, Output, Sink, formats};
use crate::io::{WriteError, write_atomic_with, write_dir_atomic};
use crate::rules::RuleSet;
use std::fs;
use std::io::Write;
use std::path::Path;

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

/// Writes `rules` in `format` to `path` through [`crate::io`]'s atomic writers: a file
/// written beside and renamed over it, or a folder written beside and renamed into
/// place, so `path` holds either the previous output or the whole new one.
///
/// # Errors
/// The format's errors, or [`ExportError::Write`] naming the path.
pub fn export_to_path(
    format: &dyn Format,
    rules: &RuleSet<'_>,
    options: &ExportOptions,
    path: &Path,
) -> Result<(), ExportError> {
    // The atomic writers speak io::Error; the format's own error is kept aside and
    // returned as it is.
    let mut failure = None;
    let mut keep = |e: ExportError| {
        let io = std::io::Error::other(e.to_string());
        failure = Some(e);
        io
    };
    let result = match format.output() {
        Output::File => write_atomic_with(path, |out| {
            format
                .write(rules, options, Sink::File(out))
                .map_err(&mut keep)
        }),
        Output::Folder => write_dir_atomic(path, |dir| {
            format
                .write(rules, options, Sink::Folder(dir))
                .map_err(&mut keep)
        }),
    };
    match (failure, result) {
        (Some(e), _) => Err(e),
        (None, result) => Ok(result?),
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
    let err = |source| {
        ExportError::Write(WriteError {
            path: path.clone(),
            source,
        })
    };
    make_parent(dir, &path).map_err(err)?;
    let file = fs::File::create(&path).map_err(err)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    write(&mut out)?;
    out.flush().map_err(err)?;
    Ok(())
}

/// Creates `relative` (folders included) inside `dir` with `bytes` in one write: for
/// formats that build each file in memory (a few kilobytes each, thousands of them).
///
/// # Errors
/// [`ExportError::Write`] naming the file.
pub fn write_bytes_in(dir: &Path, relative: &str, bytes: &[u8]) -> Result<(), ExportError> {
    let path = dir.join(relative);
    (|| {
        make_parent(dir, &path)?;
        fs::write(&path, bytes)
    })()
    .map_err(|source| ExportError::Write(WriteError { path, source }))
}

/// The folders between `dir` (which exists) and the file at `path`.
fn make_parent(dir: &Path, path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(parent) if parent != dir => fs::create_dir_all(parent),
        _ => Ok(()),
    }
}
