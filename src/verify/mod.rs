//! Is what is deployed what was designed? Reads a deployed rule set (`iptables-save`,
//! `nft -j list ruleset`, a Portolan CSV matrix, a Windows server's firewall rules as
//! CSV) into typed rules ([`Deployed`]) and
//! evaluates the plan's required flows against it by first match, as the firewall does
//! ([`verify`]): required flows it does not let through are missing, accept rules that
//! let through traffic no requirement explains are excess. Nothing here knows egui.

mod csv_matrix;
mod deployed;
mod evaluate;
mod icmp;
mod iptables_save;
mod nft_json;
mod report;
pub mod space;
mod windows_csv;

pub use deployed::{Action, Deployed, DeployedError, DeployedRule, MatchSpec, SyntaxError};
pub use evaluate::{Excess, Findings, Missing, rule_cubes, verify};
pub use report::{FirewallReport, write_report};

use std::collections::BTreeMap;

/// A deployed file: one firewall's rule set, or (a CSV matrix) one per firewall name, or
/// a Windows server's own inbound rules.
pub enum DeployedFile {
    One(Deployed),
    PerFirewall(BTreeMap<String, Deployed>),
    Host(Deployed),
}

/// Reads a deployed rule set, recognising its kind by its content: JSON is nft's, a
/// matrix header is Portolan's CSV, anything else is read as iptables-save.
///
/// # Errors
/// [`DeployedError`] listing every piece that cannot be evaluated, with its line (or, for
/// JSON, its position in the array).
pub fn read_deployed(text: &str, origin: &str) -> Result<DeployedFile, DeployedError> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let err = |unit, errors| DeployedError {
        origin: origin.to_owned(),
        unit,
        errors,
    };
    if start.starts_with('{') {
        nft_json::read(text)
            .map(DeployedFile::One)
            .map_err(|e| err("item", e))
    } else if windows_csv::looks_like(text) {
        windows_csv::read(text)
            .map(DeployedFile::Host)
            .map_err(|e| err("line", e))
    } else if csv_matrix::looks_like(text) {
        csv_matrix::read(text)
            .map(DeployedFile::PerFirewall)
            .map_err(|e| err("line", e))
    } else {
        iptables_save::read(text)
            .map(DeployedFile::One)
            .map_err(|e| err("line", e))
    }
}
