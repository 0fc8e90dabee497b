//! Whether every node of the rules can be written in a vendor's rule set: vendor formats
//! need an address or, on the Internet, a DNS name for each end of each rule.

use super::RuleSet;
use crate::model::Address;
use std::collections::BTreeSet;
use std::fmt;

/// The nodes a vendor format cannot write, by name (sorted). CSV and XLSX export them
/// anyway; the vendor formats refuse the whole plan with this message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MissingAddresses {
    /// Nodes in a rule without an address or a DNS name.
    pub unaddressed: Vec<String>,
    /// Nodes in a rule reached by DNS name outside an Internet zone: inside the
    /// organisation a rule is never widened to any address, so they need their addresses.
    pub named_inside: Vec<String>,
}

impl MissingAddresses {
    pub fn is_empty(&self) -> bool {
        self.unaddressed.is_empty() && self.named_inside.is_empty()
    }
}

fn list(names: &[String]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| crate::quote::quoted(n).to_string())
        .collect();
    quoted.join(", ")
}

impl fmt::Display for MissingAddresses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.unaddressed.is_empty() {
            parts.push(format!(
                "these nodes have no address or DNS name: {}; give each one its address (or `any`, or a DNS name for a service on the Internet)",
                list(&self.unaddressed)
            ));
        }
        if !self.named_inside.is_empty() {
            parts.push(format!(
                "these nodes have a DNS name but are not on the Internet, and a rule inside the organisation is never widened to any address: {}; give each one its address",
                list(&self.named_inside)
            ));
        }
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for MissingAddresses {}

impl RuleSet<'_> {
    /// Every node at either end of a rule that a vendor format cannot write: without an
    /// address or DNS name, or with a DNS name outside the Internet. **O(R)** for R rules.
    ///
    /// # Errors
    /// The nodes to fix, listed all at once.
    pub fn require_addresses(&self) -> Result<(), MissingAddresses> {
        let mut unaddressed = BTreeSet::new();
        let mut named_inside = BTreeSet::new();
        let mut seen = rustc_hash::FxHashSet::default();
        for rule in self.iter() {
            for end in [rule.source, rule.destination] {
                if !seen.insert(end.id()) {
                    continue;
                }
                match end.address() {
                    None => {
                        unaddressed.insert(end.name());
                    }
                    Some(Address::Name(_)) if !end.on_internet() => {
                        named_inside.insert(end.name());
                    }
                    Some(_) => {}
                }
            }
        }
        let missing = MissingAddresses {
            unaddressed: unaddressed.into_iter().map(str::to_owned).collect(),
            named_inside: named_inside.into_iter().map(str::to_owned).collect(),
        };
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing)
        }
    }
}
