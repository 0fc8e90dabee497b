//! RON reading and writing shared by plan and catalog files: errors with line and column,
//! and `implicit_some` so optional fields read as plain values.

use serde::{Serialize, de::DeserializeOwned};

/// A RON text that did not parse, with where (1-based line and column) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {col}: {message}")]
pub struct RonError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses `text` as RON into `T`. A UTF-8 byte order mark at the start (Windows editors
/// write one) is skipped; positions are counted as an editor shows them, without it.
///
/// # Errors
/// [`RonError`] with the position of the first problem.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, RonError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    options().from_str(text).map_err(|e| RonError {
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })
}

/// Writes `value` as RON with one object per line (each struct on one line, lists and
/// maps one entry per line): readable, diff-friendly, and about a third the size of fully
/// expanded RON, which matters for reading large plans. Carries the `implicit_some`
/// header so the file reads back with any RON reader.
///
/// # Errors
/// Only if `value` cannot be represented in RON (a map with non-string-like keys, say).
pub fn to_pretty<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .compact_structs(true)
        .depth_limit(1)
        .indentor("    ".to_owned())
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    ron::Options::default().to_string_pretty(value, config)
}
