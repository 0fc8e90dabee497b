//! Plans change: what differs between two versions of a plan, as firewall changes.
//!
//! [`diff`] compares the typed rules of two versions ([`RuleSet`](crate::rules::RuleSet)s)
//! keyed by ids (firewall, source node, destination node, protocol), so a renamed node is a
//! rename and not a removal plus an addition, and lists the plan changes
//! ([`PlanChange`]) behind each rule change. [`mod@write`] turns a [`Diff`] into text, CSV,
//! Markdown (a change request), an Excel workbook, or the iptables and nftables commands
//! of the delta. Nothing here knows egui.

mod plan_changes;
mod rule_diff;
pub mod write;

pub use plan_changes::{PlanChange, Subject, plan_changes};
pub use rule_diff::{Diff, Differs, Group, Place, RuleChange, RuleKey, compare, diff, rule_key};
