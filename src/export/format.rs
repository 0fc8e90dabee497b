//! The interface every export format implements, and the options they read.

use super::ExportError;
use crate::rules::RuleSet;
use std::io::Write;
use std::path::Path;

/// Whether a format writes one file or a folder of files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One file; it may also go to stdout.
    File,
    /// A folder of files (one per firewall or per server, say), written into a fresh
    /// folder that replaces the target at once; never to stdout.
    Folder,
}

/// Where a format writes: the stream of a one-file format, or the (new, empty) folder of
/// a folder format.
pub enum Sink<'s> {
    File(&'s mut dyn Write),
    Folder(&'s Path),
}

/// Options of the command line and the app's export dialog. Each format reads those
/// that concern it and ignores the others.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// CSV: start with a UTF-8 byte order mark, so Excel on Windows reads `§` and
    /// non-ASCII names right.
    pub bom: bool,
    /// nftables, iptables: what a firewall does with traffic no rule accepts.
    pub policy: Policy,
    /// Pictures (svg, png, report): which flows the diagram shows.
    pub flows: crate::diagram::FlowFilter,
    /// PNG: pixels per diagram unit (2 for print or high-density screens).
    pub scale: f32,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            bom: false,
            policy: Policy::Drop,
            flows: crate::diagram::FlowFilter::Auto,
            scale: 1.0,
        }
    }
}

/// The final policy of a firewall's rule set: what happens to traffic no rule accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Policy {
    /// Drop it: only the flows of the plan pass (the default).
    #[default]
    Drop,
    /// Let it through: the rules document the flows without enforcing them (to load the
    /// rules beside an existing policy first, say).
    Accept,
}

impl Policy {
    /// The ids the command line takes.
    pub const IDS: [&'static str; 2] = ["drop", "accept"];
}

impl std::str::FromStr for Policy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "drop" => Ok(Policy::Drop),
            "accept" => Ok(Policy::Accept),
            _ => Err(format!("unknown policy `{s}`: use drop or accept")),
        }
    }
}

/// An export format: one file in `src/export/formats/`, one line in
/// [`formats`](super::formats).
pub trait Format: Sync {
    /// The id `--format` takes, e.g. `csv`.
    fn id(&self) -> &'static str;
    /// One line for `portolan formats` and the app's menu.
    fn description(&self) -> &'static str;
    /// The file name extension without the dot: of the file, or of the folder's files.
    fn extension(&self) -> &'static str;
    fn output(&self) -> Output;
    /// Writes `rules` to `sink` (a [`Sink::File`] for [`Output::File`], a
    /// [`Sink::Folder`] for [`Output::Folder`]).
    ///
    /// # Errors
    /// [`ExportError`]: I/O, or what the format cannot write (vendor formats call
    /// [`RuleSet::require_addresses`] first).
    fn write(
        &self,
        rules: &RuleSet<'_>,
        options: &ExportOptions,
        sink: Sink<'_>,
    ) -> Result<(), ExportError>;
}
