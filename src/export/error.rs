//! The one error type of every export, with messages that say what to fix.

use crate::rules::MissingAddresses;
use std::path::PathBuf;

/// Why an export did not happen. The command line exits with code 2 for each; the app
/// shows the same text.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A vendor format cannot write a node without an address (or with a DNS name
    /// inside the organisation).
    #[error(transparent)]
    MissingAddresses(#[from] MissingAddresses),
    #[error(
        "the format `{format}` writes a folder of files, not one stream: give the folder to write with -o DIR"
    )]
    NeedsFolder { format: &'static str },
    #[error("unknown format `{given}`: use one of {known} (`portolan formats` describes them)")]
    UnknownFormat { given: String, known: String },
    #[error("cannot save {path}: {source}; the previous output is untouched")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} exists and is not a folder Portolan wrote: choose a new or empty folder, or remove it first"
    )]
    NotOurFolder { path: PathBuf },
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the workbook: {0}")]
    Workbook(String),
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Io(e.into())
    }
}
