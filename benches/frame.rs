//! Frame time of the desktop app, headless: one egui pass (UI logic, layout, painting)
//! plus tessellation, on synthetic plans of 1,000 and 10,000 nodes (see
//! `examples/synth.rs`), in a 1400x900 window.
//!
//! Two views per size: `fit` shows the whole plan (cards drawn at low detail), `zoom1`
//! shows a window-sized part at 100 % (off-screen objects culled).
//!
//! ```text
//! cargo bench --bench frame
//! ```

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use portolan::app::PortolanApp;
use portolan::catalog::Catalog;
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 2] = [1_000, 10_000];

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    }
}

/// One frame: the app's UI pass and the tessellation of what it painted.
fn frame(ctx: &egui::Context, app: &mut PortolanApp) -> usize {
    let output = ctx.run_ui(input(), |ui| app.ui(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn frames(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("the built-in catalog is valid");
    let mut group = c.benchmark_group("frame");
    group
        .measurement_time(Duration::from_secs(5))
        .sample_size(30);
    for n in SIZES {
        let plan = synth::synth_plan(n);
        for view in ["fit", "zoom1"] {
            let mut app = PortolanApp::new(catalog.clone(), plan.clone(), None);
            let ctx = egui::Context::default();
            ctx.set_visuals(egui::Visuals::light());
            // Settle: the first frames fit the plan and lay out the panels.
            for _ in 0..3 {
                frame(&ctx, &mut app);
            }
            if view == "zoom1" {
                let bounds = app.plan_bounds().unwrap_or(egui::Rect::ZERO);
                let centre = bounds.center();
                app.set_view(egui::Rect::from_center_size(
                    centre,
                    egui::vec2(800.0, 500.0),
                ));
                frame(&ctx, &mut app);
            }
            eprintln!(
                "frame/{n}/{view}: {} nodes, {} flows, {} cards drawn",
                app.plan().nodes.len(),
                app.document().derived().analysis.flows.len(),
                app.cards_drawn()
            );
            group.bench_function(BenchmarkId::new(view, n), |b| {
                b.iter(|| black_box(frame(&ctx, &mut app)));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
