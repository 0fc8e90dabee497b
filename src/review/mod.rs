//! The security review: what each firewall opens from a zone of lower trust into one of
//! higher trust ([`crate::model::Trust`]), which of those rules are broad, and how to
//! narrow each one: the Portolan option to set and the Windows setting that goes with it.
//! Also the rules another rule of the same firewall already covers.
//!
//! Which services count as broad is data ([`Knowledge`], `assets/review.ron`); dynamic
//! RPC ranges come from the catalog's port kinds (`DynamicRpc`, unset `RpcPort`), so a
//! fix is the option the catalog reads. Pure functions of the plan, the catalog and the
//! analysis: no UI, no I/O.

mod broad;
mod finding;
mod knowledge;
mod redundant;
mod render;
mod severity;

pub use finding::{Finding, Fix, Kind, OptionFix, covers, intersection, port_count};
pub use knowledge::{
    After, Alternative, BUILTIN_SOURCE, ExposedPorts, Exposure, Knowledge, KnowledgeError,
};
pub use render::{CSV_COLUMNS, ReviewFormat, finding_cells, write_review};
pub use severity::{Severity, SeverityError};

use crate::catalog::Catalog;
use crate::engine::{Analysis, PlanIndex};
use crate::model::{FirewallId, NodeId, Plan, Trust, ZoneId};
use crate::rules::{Hops, RuleSet};
use rustc_hash::FxHashMap;

/// What one firewall opens, and how much of it across a trust boundary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirewallSummary {
    pub firewall: FirewallId,
    pub name: String,
    /// Its rules.
    pub rules: usize,
    /// Its rules from a zone of lower trust into one of higher trust.
    pub across: usize,
    /// The TCP and UDP ports those rules open, counted per rule (a rule opening
    /// 49152-65535 counts 16,384).
    pub ports_across: u64,
}

/// The review of a plan: findings, most severe first (then in the matrix's order), and
/// a summary per firewall in the matrix's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    pub findings: Vec<Finding>,
    pub firewalls: Vec<FirewallSummary>,
}

impl Review {
    /// The most severe finding of each matrix row (`rows` long), leaving out `Info`
    /// (redundant rules are not a risk): the CSV's `risk` column.
    pub fn row_risks(&self, rows: usize) -> Vec<Option<Severity>> {
        let mut out = vec![None; rows];
        for f in self.findings.iter().filter(|f| f.severity > Severity::Info) {
            if let Some(slot) = out.get_mut(f.row) {
                *slot = (*slot).max(Some(f.severity));
            }
        }
        out
    }

    /// The most severe finding (from `Medium`) of each pair of nodes, source then
    /// destination: what the canvas marks on its arrows.
    pub fn broad_pairs(&self) -> FxHashMap<(NodeId, NodeId), Severity> {
        let mut out: FxHashMap<(NodeId, NodeId), Severity> = FxHashMap::default();
        for f in self
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Medium)
        {
            let slot = out.entry((f.source, f.destination)).or_insert(f.severity);
            *slot = (*slot).max(f.severity);
        }
        out
    }

    /// Whether a finding is at `severity` or above.
    pub fn any_at_least(&self, severity: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= severity)
    }
}

/// The review of `rules` with the built-in review data: what the exports' `risk`
/// column reads.
///
/// # Errors
/// Only if the built-in review data names what the catalog lacks (never with the
/// built-in catalog, extended or not).
pub fn review_rules(rules: &RuleSet<'_>) -> Result<Review, KnowledgeError> {
    let knowledge = Knowledge::builtin(rules.catalog)?;
    Ok(review(
        rules.plan,
        rules.catalog,
        rules.analysis,
        &knowledge,
    ))
}

/// The trust of each zone of the plan.
pub fn zone_trust(plan: &Plan) -> FxHashMap<ZoneId, Trust> {
    plan.zones.iter().map(|z| (z.id, z.trust())).collect()
}

/// Reviews `analysis`, which must have been computed from `plan` and `catalog`.
/// **O(R + F)** for R rules and F flows, plus the redundancy pass (see
/// `redundant`): about linear for plans whose wide address blocks are few.
pub fn review(
    plan: &Plan,
    catalog: &Catalog,
    analysis: &Analysis,
    knowledge: &Knowledge,
) -> Review {
    let rules = RuleSet::new(plan, catalog, analysis);
    let hops = Hops::new(&rules);
    let index = PlanIndex::new(plan, catalog);
    let trust = zone_trust(plan);
    let ctx = broad::Context {
        catalog,
        analysis,
        knowledge,
        index: &index,
    };
    let mut findings = Vec::new();
    let mut firewalls = Vec::new();
    for (fw, range) in rules.by_firewall() {
        let Some(fw) = fw else { continue };
        let mut summary = FirewallSummary {
            firewall: fw.id,
            name: fw.name.clone(),
            rules: range.len(),
            across: 0,
            ports_across: 0,
        };
        for (row, rule) in range.clone().zip(rules.slice(range.clone())) {
            let Some(hop) = hops.of(&rule) else { continue };
            let (from, to) = (trust.get(&hop.ingress), trust.get(&hop.egress));
            let (Some(&from), Some(&to)) = (from, to) else {
                continue;
            };
            if from >= to {
                continue;
            }
            summary.across += 1;
            summary.ports_across += port_count(rule.ports);
            broad::findings(&ctx, row, from, to, &mut findings);
        }
        firewalls.push(summary);
        redundant::findings(&rules, range, &mut findings);
    }
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.row.cmp(&b.row))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    Review {
        findings,
        firewalls,
    }
}
