//! The picture exports on the 10,000-node synthetic plan (see `examples/synth.rs`): the
//! SVG diagram (placing everything and writing it) and the HTML design report (the SVG
//! inline, every rule in its firewall's and its server's tables). Goal: under 1 s each.
//!
//! ```text
//! cargo bench --no-default-features --bench diagram
//! ```

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::diagram::{FlowFilter, plan_svg};
use portolan::engine::analyze;
use portolan::export::{ExportOptions, export_to_writer, find_format};
use portolan::rules::RuleSet;
use std::hint::black_box;
use std::time::Duration;

fn diagram(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let plan = synth::synth_plan(10_000);
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let svg = plan_svg(&plan, &catalog, &analysis, FlowFilter::All);
    let report = find_format("report").expect("the report format is listed");
    let mut html = Vec::new();
    export_to_writer(report, &rules, &ExportOptions::default(), &mut html).expect("in memory");
    eprintln!(
        "diagram/10k: {} nodes, {} flows, {} rules; SVG {} bytes, report {} bytes",
        plan.nodes.len(),
        analysis.flows.len(),
        rules.len(),
        svg.len(),
        html.len()
    );
    let mut group = c.benchmark_group("diagram-10k");
    group.bench_function("svg", |b| {
        b.iter(|| plan_svg(black_box(&plan), &catalog, &analysis, FlowFilter::All).len());
    });
    group.bench_function("svg auto", |b| {
        b.iter(|| plan_svg(black_box(&plan), &catalog, &analysis, FlowFilter::Auto).len());
    });
    group.bench_function("svg crossing", |b| {
        b.iter(|| plan_svg(black_box(&plan), &catalog, &analysis, FlowFilter::Crossing).len());
    });
    group.bench_function("report", |b| {
        b.iter(|| {
            html.clear();
            export_to_writer(
                report,
                black_box(&rules),
                &ExportOptions::default(),
                &mut html,
            )
            .expect("in memory");
            html.len()
        });
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
}

criterion_group! {
    name = benches;
    config = config();
    targets = diagram
}
criterion_main!(benches);
