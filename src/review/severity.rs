//! The review's own severity scale, apart from the check's errors and warnings: how much
//! a rule opens across a trust boundary.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is, least first (`Ord` follows: `High` is the greatest).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Severity {
    /// Worth knowing; nothing to fix (a rule another rule already covers).
    #[default]
    Info,
    /// A narrower design exists (a role placed differently), or a fix left a remainder.
    Low,
    /// A service attackers use to move on (SMB, NetBIOS, plain LDAP) crosses the boundary.
    Medium,
    /// A wide port range, RDP from the Internet, or any address into an internal zone.
    High,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 4] = [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The word the command line, the CSV's `risk` column and the reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not a severity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a severity: write high, medium, low or info", crate::quote::quoted(.0))]
pub struct SeverityError(pub String);

impl FromStr for Severity {
    type Err = SeverityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| SeverityError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back_and_order_runs_from_info_to_high() {
        for s in Severity::ALL {
            assert_eq!(s.as_str().parse::<Severity>(), Ok(s));
        }
        assert!(Severity::High > Severity::Medium && Severity::Low > Severity::Info);
        assert!("critical".parse::<Severity>().is_err());
    }
}
