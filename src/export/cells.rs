//! The matrix as text cells: the columns shared by CSV export and the app's table.

use crate::catalog::Catalog;
use crate::engine::{Matrix, MatrixRow, PlanIndex};

/// Every distinct reference of `reqs`, in order of first appearance.
fn references(catalog: &Catalog, reqs: &[&crate::catalog::Requirement]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for r in reqs.iter().flat_map(|r| &r.references) {
        let cite = catalog.cite_one(r);
        if !parts.contains(&cite) {
            parts.push(cite);
        }
    }
    parts.join("; ")
}

/// Column names, in order, as the CSV header writes them.
pub const COLUMNS: [&str; 13] = [
    "firewall",
    "source_zone",
    "source",
    "source_address",
    "destination_zone",
    "destination",
    "destination_address",
    "protocol",
    "ports",
    "service",
    "purpose",
    "requirement",
    "reference",
];

/// The 13 cells of `row` (a row of `matrix`), in [`COLUMNS`] order. Merged requirements
/// join their texts with `"; "`, each text once, in catalog order.
pub fn row_cells(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    matrix: &Matrix,
    row: &MatrixRow,
) -> [String; 13] {
    cells_with(
        index,
        row,
        requirement_cells(catalog, matrix.requirements(row)),
    )
}

/// The cells of every row of `matrix`, in order, as [`row_cells`] gives them; the long
/// requirement cells are made once per requirement set, not once per row.
pub fn matrix_cells(
    index: &PlanIndex<'_>,
    catalog: &Catalog,
    matrix: &Matrix,
) -> Vec<[String; 13]> {
    let sets: Vec<[String; 4]> = matrix
        .requirement_sets
        .iter()
        .map(|set| requirement_cells(catalog, set))
        .collect();
    matrix
        .rows
        .iter()
        .map(|r| {
            cells_with(
                index,
                r,
                sets.get(r.requirements).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

/// The cells of `row` with its requirement cells already made.
fn cells_with(index: &PlanIndex<'_>, row: &MatrixRow, requirement: [String; 4]) -> [String; 13] {
    let fw = row
        .firewall
        .and_then(|f| index.firewall(f))
        .map_or(String::new(), |f| f.name.clone());
    let node = |id| index.node(id);
    let zone = |id| {
        node(id)
            .and_then(|n| index.zone(n.zone))
            .map_or(String::new(), |z| z.name.clone())
    };
    let name = |id| node(id).map_or(String::new(), |n| n.name.clone());
    let address = |id| node(id).and_then(|n| n.address.clone()).unwrap_or_default();
    let [service, purpose, requirement, reference] = requirement;
    [
        fw,
        zone(row.source),
        name(row.source),
        address(row.source),
        zone(row.destination),
        name(row.destination),
        address(row.destination),
        row.protocol.to_string(),
        row.protocol.ports_text(&row.ports),
        service,
        purpose,
        requirement,
        reference,
    ]
}

/// The service, purpose, requirement and reference cells of a row merging the requirements
/// `requirements` (indices into [`Catalog::requirements`]).
pub(crate) fn requirement_cells(catalog: &Catalog, requirements: &[usize]) -> [String; 4] {
    let reqs: Vec<_> = requirements
        .iter()
        .map(|&i| &catalog.requirements()[i])
        .collect();
    let join = |f: &dyn Fn(&crate::catalog::Requirement) -> String| {
        let mut parts: Vec<String> = Vec::new();
        for r in &reqs {
            let s = f(r);
            if !parts.contains(&s) {
                parts.push(s);
            }
        }
        parts.join("; ")
    };
    [
        join(&|r| r.service.clone()),
        join(&|r| r.purpose.clone()),
        join(&|r| r.id.clone()),
        references(catalog, &reqs),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    #[test]
    fn matrix_cells_are_the_row_cells_of_every_row() {
        let catalog = Catalog::builtin().unwrap();
        let text = include_str!("../../examples/rds-perimeter.ron");
        let plan = crate::io::parse_plan(text, "rds-perimeter", &catalog).unwrap();
        let analysis = analyze(&plan, &catalog);
        let index = PlanIndex::new(&plan, &catalog);
        let each: Vec<_> = analysis
            .matrix
            .rows
            .iter()
            .map(|r| row_cells(&index, &catalog, &analysis.matrix, r))
            .collect();
        assert!(!each.is_empty());
        assert_eq!(matrix_cells(&index, &catalog, &analysis.matrix), each);
    }
}
