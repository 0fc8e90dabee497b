//! The subcommands that compare a plan with something else: `diff` (two versions),
//! `verify` (a deployed rule set) and `probe` (connectivity test scripts and their
//! results). Each runs from [`crate::cli`] and returns its exit code.

pub mod diff;
pub mod probe;
pub mod verify;

/// Exit code: the two things compared differ (`diff`), or something is missing or in
/// excess (`verify`), or a probe failed (`probe --results`).
pub const EXIT_DIFFERENT: u8 = 1;

/// Bad input of these commands (exit code 2), beyond plans and catalogs.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Usage(String),
}
