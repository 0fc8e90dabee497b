//! What the app shows of the security review beside the analysis: which arrows carry a
//! broad rule (from `Medium` up), and the line their hover text gains for it.

use super::derived::Edge;
use crate::review::{Review, Severity};

/// Each edge's worst finding from `Medium` up. **O(edges + findings)**.
pub fn mark_edges(review: &Review, edges: &[Edge]) -> Vec<Option<Severity>> {
    let pairs = review.broad_pairs();
    edges
        .iter()
        .map(|e| pairs.get(&(e.from, e.to)).copied())
        .collect()
}

/// The line a marked arrow's hover text ends with.
pub fn risk_line(risk: Severity) -> String {
    format!("risk: {risk} (see the Review tab)")
}
