//! What the app shows of the security review beside the analysis: which arrows carry a
//! broad rule (from `Medium` up), and a line in their hover text saying so.

use super::derived::Edge;
use crate::review::{Review, Severity};

/// Each edge's worst finding from `Medium` up; the edges' hover text gains a `risk:`
/// line for those. **O(edges + findings)**.
pub fn mark_edges(review: &Review, edges: &mut [Edge]) -> Vec<Option<Severity>> {
    let pairs = review.broad_pairs();
    edges
        .iter_mut()
        .map(|e| {
            let risk = pairs.get(&(e.from, e.to)).copied();
            if let Some(r) = risk {
                e.label
                    .push_str(&format!("\nrisk: {r} (see the Review tab)"));
            }
            risk
        })
        .collect()
}
