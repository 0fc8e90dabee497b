//! The security review (`portolan review`, the CSV's `risk` column, the app's *Review*
//! tab) on synthetic plans of 1,000 and 10,000 nodes, the analysis done beforehand: what
//! the review adds to `portolan check` and to each re-analysis in the app.
//!
//! ```text
//! cargo bench --no-default-features --bench review
//! ```

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::review::{Knowledge, review};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let knowledge = Knowledge::builtin(&catalog).expect("the built-in review data is valid");
    let mut group = c.benchmark_group("review");
    group.measurement_time(Duration::from_secs(8));
    group.sample_size(20);
    for n in [1_000, 10_000] {
        let plan = synth::synth_plan(n);
        let analysis = analyze(&plan, &catalog);
        let r = review(&plan, &catalog, &analysis, &knowledge);
        eprintln!(
            "review/{n}: {} rules, {} findings",
            analysis.matrix.rows.len(),
            r.findings.len()
        );
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                review(black_box(&plan), &catalog, &analysis, &knowledge)
                    .findings
                    .len()
            });
        });
    }
    group.bench_function("knowledge", |b| {
        b.iter(|| Knowledge::builtin(black_box(&catalog)).map(|k| k.exposures.len()));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
