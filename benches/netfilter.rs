//! The `nftables` and `iptables` formats on the 10,000-node synthetic plan (see
//! `examples/synth.rs`): the whole export of an analysed plan, written to a folder on
//! disk the way `portolan export --format ... -o DIR` writes it (files built, written,
//! the folder renamed into place). Goal: each under 300 ms and 300 MB.
//!
//! ```text
//! cargo bench --no-default-features --bench netfilter
//! ```

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::engine::analyze;
use portolan::export::{ExportOptions, export_to_path, find_format};
use portolan::rules::RuleSet;
use std::time::Duration;

fn netfilter(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let plan = synth::synth_plan(10_000);
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("export-10k");
    for id in ["nftables", "iptables"] {
        let format = find_format(id).expect("the format exists");
        let out = dir.path().join(id);
        export_to_path(format, &rules, &ExportOptions::default(), &out).expect("exports");
        let bytes: u64 = std::fs::read_dir(&out)
            .expect("the folder was written")
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        eprintln!(
            "export-10k/{id}: {} matrix rows, {} firewalls, {bytes} bytes written",
            rules.len(),
            plan.firewalls.len()
        );
        group.bench_function(id, |b| {
            b.iter(|| export_to_path(format, &rules, &ExportOptions::default(), &out));
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = netfilter
}
criterion_main!(benches);
