//! The whole pipeline on synthetic plans (see `examples/synth.rs`): load (parse and
//! validate the plan text), analyze (index, derive, route, matrix, check) and CSV export,
//! for 100, 1,000 and 10,000 nodes; and each stage alone for 10,000 nodes.
//!
//! ```text
//! cargo bench --bench pipeline
//! cargo bench --no-default-features --bench pipeline -- stages   # one group only
//! ```
//!
//! `benches/README-figures.md` has the figures measured on the reference machine.

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::engine::{PlanIndex, Router, analyze, build_matrix, check, derive};
use portolan::export::write_csv;
use portolan::io::parse_plan;
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// The plan of `n` nodes as the text a user's file would hold.
fn plan_text(n: usize) -> String {
    portolan::ron_text::to_pretty(&synth::synth_plan(n)).expect("a synthetic plan writes as RON")
}

/// Load, analyze and export: what `portolan export plan.ron` does, without the process.
fn run(text: &str, catalog: &Catalog) -> Vec<u8> {
    let plan = parse_plan(text, "synthetic plan", catalog).expect("the synthetic plan loads");
    let analysis = analyze(&plan, catalog);
    let mut csv = Vec::with_capacity(1 << 20);
    write_csv(&mut csv, &plan, catalog, &analysis).expect("writing to memory cannot fail");
    csv
}

fn pipeline(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let mut group = c.benchmark_group("pipeline");
    for n in SIZES {
        let text = plan_text(n);
        let plan = parse_plan(&text, "synthetic plan", &catalog).expect("the synthetic plan loads");
        let analysis = analyze(&plan, &catalog);
        eprintln!(
            "pipeline/{n}: {} bytes of plan, {} uses links, {} flows, {} matrix rows, {} problems",
            text.len(),
            plan.uses.len(),
            analysis.flows.len(),
            analysis.matrix.rows.len(),
            analysis.problems.len()
        );
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("load+analyze+csv", n), &text, |b, text| {
            b.iter(|| run(black_box(text), &catalog));
        });
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let n = 10_000;
    let text = plan_text(n);
    let plan = parse_plan(&text, "synthetic plan", &catalog).expect("the synthetic plan loads");
    let analysis = analyze(&plan, &catalog);
    let index = PlanIndex::new(&plan, &catalog);
    let router = Router::new(&plan);
    let flows = derive(&index, &catalog);
    let matrix = build_matrix(&index, &router, &flows);

    let mut group = c.benchmark_group("stages-10k");
    group.bench_function("load", |b| {
        b.iter(|| parse_plan(black_box(&text), "synthetic plan", &catalog).expect("loads"));
    });
    group.bench_function("analyze", |b| {
        b.iter(|| analyze(black_box(&plan), &catalog));
    });
    group.bench_function("csv", |b| {
        b.iter(|| {
            let mut csv = Vec::with_capacity(1 << 20);
            write_csv(&mut csv, black_box(&plan), &catalog, &analysis).expect("in memory");
            csv
        });
    });
    // The parts of analyze.
    group.bench_function("analyze/index", |b| {
        b.iter(|| PlanIndex::new(black_box(&plan), &catalog).nodes.len());
    });
    group.bench_function("analyze/route", |b| {
        b.iter(|| Router::new(black_box(&plan)));
    });
    group.bench_function("analyze/derive", |b| {
        b.iter(|| derive(black_box(&index), &catalog));
    });
    group.bench_function("analyze/matrix", |b| {
        b.iter(|| build_matrix(black_box(&index), &router, &flows));
    });
    group.bench_function("analyze/check", |b| {
        b.iter(|| check(black_box(&index), &catalog, &flows, &matrix));
    });
    group.finish();
}

fn config() -> Criterion {
    // Short runs: the whole bench takes a couple of minutes on a small machine.
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = pipeline, stages
}
criterion_main!(benches);
