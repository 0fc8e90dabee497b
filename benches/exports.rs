//! Every export format (`portolan formats`) on the 10,000-node synthetic plan (see
//! `examples/synth.rs`), from the analysis to the bytes: the rule view is built each
//! run, one-file formats write to a buffer kept between runs (as the command line writes
//! to a pipe or file), folder formats to a temporary folder replaced atomically each run.
//!
//! ```text
//! cargo bench --bench exports
//! cargo bench --bench exports -- xlsx     # one format
//! ```

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::{ExportOptions, Output, export_to_path, export_to_writer, formats};
use portolan::io::parse_plan;
use portolan::rules::RuleSet;
use std::hint::black_box;
use std::time::Duration;

fn exports(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let plan = synth::synth_plan(10_000);
    let text = portolan::ron_text::to_pretty(&plan).expect("a synthetic plan writes as RON");
    let plan = parse_plan(&text, "synthetic plan", &catalog).expect("the synthetic plan loads");
    let analysis = analyze(&plan, &catalog);
    eprintln!(
        "exports-10k: {} matrix rows, {} requirement sets",
        analysis.matrix.rows.len(),
        analysis.matrix.requirement_sets.len()
    );
    let options = ExportOptions::default();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("exports-10k");
    for format in formats() {
        let mut out = Vec::new();
        let target = dir.path().join(format.id());
        group.bench_function(format.id(), |b| {
            b.iter(|| {
                let rules = RuleSet::new(black_box(&plan), &catalog, &analysis);
                match format.output() {
                    Output::File => {
                        out.clear();
                        export_to_writer(*format, &rules, &options, &mut out).expect("exports");
                    }
                    Output::Folder => {
                        export_to_path(*format, &rules, &options, &target).expect("exports");
                    }
                }
                out.len()
            });
        });
    }
    group.finish();
}

fn config() -> Criterion {
    // Short runs: a workbook of 100,000 rules takes about a second.
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
}

criterion_group! {
    name = benches;
    config = config();
    targets = exports
}
criterion_main!(benches);
