//! Every export format (`portolan formats`) on the 10,000-node synthetic plan (see
//! `examples/synth.rs`), from the analysis to the bytes: the rule view is built each
//! run, one-file formats write to a buffer kept between runs (as the command line writes
//! to a pipe or file), folder formats to a folder written and synced beside the target
//! and renamed into place, the way `portolan export --format F -o DIR` writes it.
//!
//! Folders are written in `/dev/shm` when there is one (memory: the sync costs nothing),
//! so the figures are Portolan's own work and not the disk's; set `PORTOLAN_BENCH_DIR` to
//! measure on another file system. The size of each format's output (bytes, files) is
//! printed before it is timed; PNG is left out (below). Goals: the rule sets under 300 ms
//! and 300 MB each (issue 8), SVG and report under 1 s (issue 11) (`benches/diagram.rs` times the pictures alone).
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
use std::path::{Path, PathBuf};
use std::time::Duration;

fn exports(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let plan = synth::synth_plan(10_000);
    let text = portolan::ron_text::to_pretty(&plan).expect("a synthetic plan writes as RON");
    let plan = parse_plan(&text, "synthetic plan", &catalog).expect("the synthetic plan loads");
    let analysis = analyze(&plan, &catalog);
    eprintln!(
        "exports-10k: {} matrix rows, {} requirement sets, {} firewalls",
        analysis.matrix.rows.len(),
        analysis.matrix.requirement_sets.len(),
        plan.firewalls.len()
    );
    let options = ExportOptions::default();
    let base = std::env::var_os("PORTOLAN_BENCH_DIR")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|p| p.is_dir()))
        .unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(&base).expect("a temporary folder");
    eprintln!("exports-10k: folders written in {}", base.display());
    let mut group = c.benchmark_group("exports-10k");
    // PNG is left out here: the 10,000-node picture (11,790 x 19,184 units) is over the
    // format's size bound at scale 1, and at 0.5 one run takes about two minutes of CPU
    // and 2.3 GB (resvg lays out and fills 10,000 cards of text), so criterion's ten
    // samples would take half an hour; the README gives its `/usr/bin/time` figures.
    for format in formats().iter().filter(|f| f.id() != "png") {
        let options = &options;
        let mut out = Vec::new();
        let target = dir.path().join(format.id());
        let rules = RuleSet::new(&plan, &catalog, &analysis);
        let (files, bytes) = match format.output() {
            Output::File => {
                export_to_writer(*format, &rules, options, &mut out).expect("exports");
                (1, out.len() as u64)
            }
            Output::Folder => {
                export_to_path(*format, &rules, options, &target).expect("exports");
                walk(&target)
            }
        };
        eprintln!(
            "exports-10k/{}: {bytes} bytes in {files} files",
            format.id()
        );
        group.bench_function(format.id(), |b| {
            b.iter(|| {
                let rules = RuleSet::new(black_box(&plan), &catalog, &analysis);
                match format.output() {
                    Output::File => {
                        out.clear();
                        export_to_writer(*format, &rules, options, &mut out).expect("exports");
                    }
                    Output::Folder => {
                        export_to_path(*format, &rules, options, &target).expect("exports");
                    }
                }
                out.len()
            });
        });
    }
    group.finish();
}

/// How many files, and bytes in all, under `dir`.
fn walk(dir: &Path) -> (usize, u64) {
    let mut total = (0, 0);
    for entry in std::fs::read_dir(dir).expect("the folder lists").flatten() {
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
