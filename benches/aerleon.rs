//! The `aerleon` export on the synthetic plan of 10,000 nodes (see `examples/synth.rs`):
//! every firewall's policy and include files and the definitions, written to a folder.
//! Goal: under 300 ms and 300 MB.
//!
//! ```text
//! cargo bench --no-default-features --bench aerleon
//! ```

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::{ExportOptions, Sink, find_format};
use portolan::rules::RuleSet;
use std::hint::black_box;
use std::time::Duration;

fn aerleon(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let plan = synth::synth_plan(10_000);
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let format = find_format("aerleon").expect("the aerleon format is listed");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let options = ExportOptions::default();
    format
        .write(&rules, &options, Sink::Folder(dir.path()))
        .expect("the synthetic plan exports");
    let (files, bytes) = walk(dir.path());
    eprintln!(
        "aerleon/10k: {} matrix rows, {files} files, {bytes} bytes",
        analysis.matrix.rows.len()
    );
    let mut group = c.benchmark_group("aerleon");
    // Files are written over the previous run's: the cost of the format and of handing
    // the bytes to the system, as when exporting again into a folder.
    group.bench_function("export-10k", |b| {
        b.iter(|| {
            format
                .write(black_box(&rules), &options, Sink::Folder(dir.path()))
                .expect("exports")
        });
    });
    group.finish();
}

/// How many files, and bytes in all, under `dir`.
fn walk(dir: &std::path::Path) -> (usize, u64) {
    let mut total = (0, 0);
    for entry in std::fs::read_dir(dir).expect("folder lists").flatten() {
        let path = entry.path();
        if path.is_dir() {
            let (f, b) = walk(&path);
            total = (total.0 + f, total.1 + b);
        } else {
            total = (
                total.0 + 1,
                total.1 + entry.metadata().map_or(0, |m| m.len()),
            );
        }
    }
    total
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
}

criterion_group! {
    name = benches;
    config = config();
    targets = aerleon
}
criterion_main!(benches);
