//! Memory and edit time of the app on a large plan, headless: opens a synthetic plan of
//! N nodes (10,000 by default), draws a frame, makes 200 edits (moves of one node, each
//! an undo step and a re-analysis, as a drag release is), and prints the time the UI
//! thread spends on each (the edit and the frame showing it), the time until its
//! analysis (on a worker thread) is in, the UI thread's work when it comes in (taking
//! it, and the frame that shows it), the undo history's size and the peak resident
//! memory (Linux).
//!
//! ```text
//! cargo run --release --example undo_memory -- 10000
//! ```

#[path = "synth.rs"]
#[allow(dead_code)]
mod synth;

use portolan::app::{Command, Moves, PortolanApp};
use portolan::catalog::Catalog;
use std::time::Instant;

fn frame(ctx: &egui::Context, app: &mut PortolanApp) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    let out = ctx.run_ui(input, |ui| app.ui(ui));
    let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
}

/// A memory figure of /proc/self/status in MB (Linux only): `VmHWM` peak, `VmRSS` now.
fn memory_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn peak_mb() -> Option<f64> {
    memory_mb("VmHWM:")
}

/// The CPU time this thread has run, in ms (Linux's schedstat): on a loaded machine it
/// says what the work costs, where the wall clock also counts the waits for a core.
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let Ok(catalog) = Catalog::builtin() else {
        eprintln!("the built-in catalog does not load");
        std::process::exit(1);
    };
    let plan = synth::synth_plan(n);
    let mut app = PortolanApp::new(catalog, plan, None);
    let ctx = egui::Context::default();
    frame(&ctx, &mut app);
    // Per edit: the UI thread's time (the edit, and the frame that shows it: what a
    // drag release costs), then the time until the new analysis is in.
    let edits: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    println!(
        "{n} nodes open: {} MB resident",
        memory_mb("VmRSS:").map_or("?".to_owned(), |m| format!("{m:.0}"))
    );
    let mut release = Vec::new();
    let mut release_cpu = Vec::new();
    let mut analysed = Vec::new();
    let mut arrival_cpu = Vec::new();
    for k in 0..edits {
        let node = &app.plan().nodes[k % app.plan().nodes.len()];
        let (id, zone) = (node.id, node.zone);
        let mut at = app.plan().layout.nodes[&id];
        at.x += if k % 2 == 0 { 10.0 } else { -10.0 };
        let started = Instant::now();
        let cpu = thread_cpu_ms();
        app.apply(Command::Move(Moves {
            zones: vec![],
            nodes: vec![(id, at, zone)],
        }));
        frame(&ctx, &mut app);
        release.push(started.elapsed().as_secs_f64() * 1000.0);
        if let (Some(a), Some(b)) = (cpu, thread_cpu_ms()) {
            release_cpu.push(b - a);
        }
        let cpu = thread_cpu_ms();
        app.wait_for_analysis();
        analysed.push(started.elapsed().as_secs_f64() * 1000.0);
        frame(&ctx, &mut app);
        if let (Some(a), Some(b)) = (cpu, thread_cpu_ms()) {
            arrival_cpu.push(b - a);
        }
    }
    frame(&ctx, &mut app);
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[v.len() - 1])
    };
    let (release_median, release_max) = median(&mut release);
    if !release_cpu.is_empty() {
        let (cpu_median, cpu_max) = median(&mut release_cpu);
        println!(
            "UI thread CPU time per edit + frame: median {cpu_median:.1} ms, most {cpu_max:.1} ms"
        );
    }
    if !arrival_cpu.is_empty() {
        let (cpu_median, cpu_max) = median(&mut arrival_cpu);
        println!(
            "UI thread CPU time when the analysis comes in (taking it, the frame showing it): median {cpu_median:.1} ms, most {cpu_max:.1} ms"
        );
    }
    let (analysed_median, analysed_max) = median(&mut analysed);
    println!(
        "{n} nodes, {edits} edits: edit + frame on the UI thread median {release_median:.1} ms, slowest {release_max:.1} ms; \
         analysis in (background) median {analysed_median:.0} ms, slowest {analysed_max:.0} ms; \
         {} undo steps kept in {} kB; peak memory {}",
        app.document().undo_depth(),
        app.document().undo_bytes().div_ceil(1024),
        peak_mb().map_or("unknown".to_owned(), |mb| format!("{mb:.0} MB"))
    );
}
