//! Plans change (issue 10) on the 10,000-node synthetic plan (`examples/synth.rs`):
//!
//! - `diff-10k`: two versions differing in 1 % of their nodes (100 nodes: a third moved
//!   to another zone, a third given another address, a third removed), the rule diff
//!   and plan changes of two analysed plans, and the same written as a Markdown change
//!   request. Goal: under 200 ms.
//! - `verify-10k`: the iptables rules of every firewall of the plan in one `FORWARD`
//!   chain as `iptables-save` text (117,174 rules), read and evaluated against every
//!   firewall rule of the plan (first match, missing and excess). Goal: under 1 s.
//!
//! ```text
//! cargo bench --no-default-features --bench change
//! ```

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use portolan::catalog::Catalog;
use portolan::change::diff;
use portolan::change::write::{DiffFormat, write_diff};
use portolan::engine::analyze;
use portolan::export::{ExportOptions, export_to_path, find_format};
use portolan::model::Plan;
use portolan::rules::{Rule, RuleSet};
use portolan::verify::{DeployedFile, read_deployed, verify};
use std::hint::black_box;
use std::time::Duration;

/// `plan` with every hundredth node changed: moved, readdressed or removed in turn.
fn one_percent_changed(plan: &Plan) -> Plan {
    let mut p = plan.clone();
    let zones: Vec<_> = p.zones.iter().map(|z| z.id).collect();
    let mut removed = Vec::new();
    for (k, i) in (0..p.nodes.len()).step_by(100).enumerate() {
        let node = &mut p.nodes[i];
        match k % 3 {
            0 => {
                let at = zones.iter().position(|z| *z == node.zone).unwrap_or(0);
                node.zone = zones[(at + 1) % zones.len()];
            }
            1 => {
                node.address = Some(
                    format!("172.16.{}.{}", k / 250, k % 250 + 1)
                        .parse()
                        .expect("address"),
                )
            }
            _ => removed.push(node.id),
        }
    }
    p.nodes.retain(|n| !removed.contains(&n.id));
    p.uses
        .retain(|l| !removed.contains(&l.from) && !removed.contains(&l.to));
    for id in &removed {
        p.layout.nodes.remove(id);
    }
    p
}

fn change(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let old = synth::synth_plan(10_000);
    let new = one_percent_changed(&old);
    let (a, b) = (analyze(&old, &catalog), analyze(&new, &catalog));
    let (ra, rb) = (
        RuleSet::new(&old, &catalog, &a),
        RuleSet::new(&new, &catalog, &b),
    );
    let d = diff(&ra, &rb);
    let (x, y, z) = d.totals();
    eprintln!(
        "diff-10k: {} and {} rules, {} plan changes, rules +{x} -{y} ~{z}",
        ra.len(),
        rb.len(),
        d.plan.len()
    );
    drop(d);
    let mut group = c.benchmark_group("diff-10k");
    group.bench_function("diff", |bench| {
        bench.iter(|| black_box(diff(&ra, &rb).rules.len()))
    });
    group.bench_function("diff+markdown", |bench| {
        bench.iter(|| {
            let d = diff(&ra, &rb);
            let mut out = Vec::with_capacity(1 << 20);
            write_diff(&d, DiffFormat::Markdown, "old", "new", &mut out).expect("written");
            black_box(out.len())
        });
    });
    group.finish();

    // The deployed set: every firewall's iptables rules in one chain.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("ipt");
    export_to_path(
        find_format("iptables").expect("format"),
        &ra,
        &ExportOptions::default(),
        &out,
    )
    .expect("exported");
    let mut text = String::from("*filter\n:FORWARD DROP [0:0]\n");
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "v4"))
        .collect();
    files.sort();
    for f in files {
        for line in std::fs::read_to_string(f).expect("file").lines() {
            if line.starts_with("-A FORWARD") && !line.contains("--ctstate") {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    text.push_str("COMMIT\n");
    let required: Vec<Rule<'_>> = ra.iter().filter(|r| r.firewall.is_some()).collect();
    let Ok(DeployedFile::One(deployed)) = read_deployed(&text, "bench") else {
        panic!("the deployed set reads");
    };
    let found = verify(&required, &deployed);
    eprintln!(
        "verify-10k: {} deployed rules ({} bytes), {} required rules, {} missing, {} excess",
        deployed.rules.len(),
        text.len(),
        required.len(),
        found.missing.len(),
        found.excess.len()
    );
    let mut group = c.benchmark_group("verify-10k");
    group.bench_function("read", |bench| {
        bench.iter(|| black_box(read_deployed(&text, "bench").is_ok()));
    });
    group.bench_function("evaluate", |bench| {
        bench.iter(|| black_box(verify(&required, &deployed).missing.len()));
    });
    group.bench_function("read+evaluate", |bench| {
        bench.iter(|| {
            let Ok(DeployedFile::One(d)) = read_deployed(&text, "bench") else {
                return 0;
            };
            black_box(verify(&required, &d).missing.len())
        });
    });
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
    targets = change
}
criterion_main!(benches);
