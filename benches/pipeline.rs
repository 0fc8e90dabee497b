//! The whole pipeline on synthetic plans (see `examples/synth.rs`): load (parse and
//! validate the plan text), analyze (index, derive, route, matrix, check) and CSV export,
//! for 100, 1,000 and 10,000 nodes; each stage alone for 10,000 nodes; and segmented
//! networks of many zones: 1,000 zones in a chain and 2,000 zones on one firewall.
//! (`benches/exports.rs` measures every export format.)
//!
//! ```text
//! cargo bench --bench pipeline
//! cargo bench --no-default-features --bench pipeline -- stages   # one group only
//! cargo bench --no-default-features --bench pipeline -- zones
//! ```
//!
//! `benches/README.md` has the figures measured on the reference machine.

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
/// The CSV goes to `out`, a buffer kept from one run to the next like the pipe or file
/// the command line writes to: every byte is produced and copied, but the system's cost
/// of handing a fresh 35 MB buffer to the process each run is not counted.
fn run(text: &str, catalog: &Catalog, out: &mut Vec<u8>) -> usize {
    let plan = parse_plan(text, "synthetic plan", catalog).expect("the synthetic plan loads");
    let analysis = analyze(&plan, catalog);
    out.clear();
    write_csv(&mut *out, &plan, catalog, &analysis).expect("writing to memory cannot fail");
    out.len()
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
        let mut out = Vec::new();
        group.bench_with_input(BenchmarkId::new("load+analyze+csv", n), &text, |b, text| {
            b.iter(|| run(black_box(text), &catalog, &mut out));
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
    let flows = derive(&index, &catalog);
    let router = Router::for_flows(&index, &flows);
    let matrix = build_matrix(&index, &router, &flows);

    let mut group = c.benchmark_group("stages-10k");
    group.bench_function("load", |b| {
        b.iter(|| parse_plan(black_box(&text), "synthetic plan", &catalog).expect("loads"));
    });
    group.bench_function("analyze", |b| {
        b.iter(|| analyze(black_box(&plan), &catalog));
    });
    let mut out = Vec::new();
    group.bench_function("csv", |b| {
        b.iter(|| {
            out.clear();
            write_csv(&mut out, black_box(&plan), &catalog, &analysis).expect("in memory");
            out.len()
        });
    });
    // The parts of analyze.
    group.bench_function("analyze/index", |b| {
        b.iter(|| PlanIndex::new(black_box(&plan), &catalog).nodes.len());
    });
    group.bench_function("analyze/route", |b| {
        b.iter(|| Router::for_flows(black_box(&index), &flows));
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

/// Many zones: the analysis (routing above all) must scale with the zone pairs that have
/// flows, not with all pairs of zones. Goal: each under 0.5 s and 200 MB.
fn zones(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let mut group = c.benchmark_group("zones");
    for (name, shape, count) in [
        ("chain-1000", synth::Shape::Chain, 1_000),
        ("hub-2000", synth::Shape::Hub, 2_000),
    ] {
        let plan = synth::segmented_plan(shape, count, 3);
        let text = portolan::ron_text::to_pretty(&plan).expect("writes as RON");
        let analysis = analyze(&plan, &catalog);
        let (paths, firewalls) = analysis.router.stored();
        eprintln!(
            "zones/{name}: {} zones, {} nodes, {} flows, {} matrix rows, {} problems; {} zone pairs routed, {paths} distinct paths holding {firewalls} firewalls",
            plan.zones.len(),
            plan.nodes.len(),
            analysis.flows.len(),
            analysis.matrix.rows.len(),
            analysis.problems.len(),
            analysis.router.pairs(),
        );
        group.bench_function(BenchmarkId::new("analyze", name), |b| {
            b.iter(|| analyze(black_box(&plan), &catalog));
        });
        let mut out = Vec::new();
        group.bench_function(BenchmarkId::new("load+analyze+csv", name), |b| {
            b.iter(|| run(black_box(&text), &catalog, &mut out));
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = pipeline, stages, zones
}
criterion_main!(benches);
