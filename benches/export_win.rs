//! The `windows-firewall` and `cisco-asa` formats on the synthetic estate of 10,000 nodes
//! (see `examples/synth.rs`): writing every file into a fresh folder, the plan already
//! loaded and analyzed (the pipeline bench times those).
//!
//! ```text
//! cargo bench --no-default-features --bench export_win
//! ```
//!
//! The figures measured on the reference machine are in the README (Windows Firewall and
//! Cisco ASA sections).

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::{ExportOptions, Sink, find_format};
use portolan::rules::RuleSet;
use std::time::Duration;

fn export_win(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let plan = synth::synth_plan(10_000);
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let options = ExportOptions::default();
    let mut group = c.benchmark_group("export-10k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for id in ["windows-firewall", "cisco-asa"] {
        let format = find_format(id).expect("the format is listed");
        let probe = tempfile::tempdir().expect("a temporary folder");
        format
            .write(&rules, &options, Sink::Folder(probe.path()))
            .expect("the synthetic plan exports");
        let (files, bytes) = std::fs::read_dir(probe.path())
            .expect("the folder lists")
            .filter_map(Result::ok)
            .fold((0, 0), |(n, b), e| {
                (n + 1, b + e.metadata().map_or(0, |m| m.len()))
            });
        eprintln!("{id}: {} rules, {files} files, {bytes} bytes", rules.len());
        group.bench_function(id, |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("a temporary folder"),
                |dir| {
                    format
                        .write(&rules, &options, Sink::Folder(dir.path()))
                        .expect("the synthetic plan exports");
                    dir
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, export_win);
criterion_main!(benches);
