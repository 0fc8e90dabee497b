//! The one error type of every export, with messages that say what to fix.

use crate::io::WriteError;
use crate::rules::MissingAddresses;

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
    #[error(
        "the plan has no firewall, so the format `{format}` has nothing to write (it writes one file per firewall): add a firewall between zones, or export windows-firewall for the servers' own firewalls"
    )]
    NoFirewall { format: &'static str },
    #[error(
        "unknown format {}: use one of {known} (`portolan formats` describes them)",
        crate::quote::quoted(.given)
    )]
    UnknownFormat { given: String, known: String },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
    /// The review behind the `risk` column could not run.
    #[error(transparent)]
    Review(#[from] crate::review::KnowledgeError),
    #[error("cannot write the workbook: {0}")]
    Workbook(String),
    /// The PNG picture could not be made (scale, size).
    #[error("cannot draw the picture: {0}")]
    Picture(#[from] crate::diagram::PngError),
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Io(e.into())
    }
}
