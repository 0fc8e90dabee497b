//! One call that runs the whole engine: derive, route, matrix, check.

use super::{Flow, Matrix, PlanIndex, Problem, Router, build_matrix, check, derive};
use crate::catalog::Catalog;
use crate::model::Plan;

/// Everything the engine computes for a plan. Recompute it when the plan changes; it
/// holds no references into the plan.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub flows: Vec<Flow>,
    pub matrix: Matrix,
    pub problems: Vec<Problem>,
    /// The paths of the zone pairs that have flows (and of no others).
    pub router: Router,
}

impl Analysis {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity == super::Severity::Error)
    }
}

/// Derives, routes, merges and checks. Cost is dominated by derivation and the matrix
/// sort: linear in the number of flows, plus **O(R log R)** for R rows.
pub fn analyze(plan: &Plan, catalog: &Catalog) -> Analysis {
    let index = PlanIndex::new(plan, catalog);
    let flows = derive(&index, catalog);
    let router = Router::for_flows(&index, &flows);
    let matrix = build_matrix(&index, &router, &flows);
    let problems = check(&index, catalog, &flows, &matrix);
    Analysis {
        flows,
        matrix,
        problems,
        router,
    }
}
