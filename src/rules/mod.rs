//! The typed rule view: plan + catalog + analysis as firewall rules, the one thing every
//! export format and the app's flows table read.
//!
//! A [`Rule`] names its firewall (or none, for host firewalls inside one zone), its two
//! [`Endpoint`]s (node, zone, typed addresses), protocol, ports and the
//! [`Requirements`] behind it with their references. Everything is borrowed from the
//! plan, the catalog and the analysis: no strings are copied per rule. [`Names`] gives
//! vendor-safe, unique and stable object and rule names, and
//! [`RuleSet::require_addresses`] is the check every vendor format makes first.

mod hops;
mod names;
mod readiness;
mod requirements;
mod rule_set;

pub use hops::{Hop, Hops};
pub use names::{NameStyle, Names};
pub use readiness::MissingAddresses;
pub use requirements::{Citation, Requirements};
pub use rule_set::{Endpoint, Numeric, Rule, RuleSet};
