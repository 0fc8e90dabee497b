//! Frame time of the desktop app, headless: one egui pass (UI logic, layout, painting)
//! plus tessellation, on synthetic plans of 1,000 and 10,000 nodes (see
//! `examples/synth.rs`), in a 1400x900 window.
//!
//! Three views per size: `fit` shows the whole plan (cards drawn at low detail), `zoom1`
//! shows a window-sized part at 100 % (off-screen objects culled), and `fit-pointer`
//! shows the whole plan while the pointer moves over the canvas (a new position every
//! frame: hovered card and arrow, tooltip), which is what a user does.
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

const SIZES: [usize; 2] = [2_000, 10_000];

fn input(pointer: Option<egui::Pos2>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        events: pointer
            .map(|p| vec![egui::Event::PointerMoved(p)])
            .unwrap_or_default(),
        ..Default::default()
    }
}

/// One frame: the app's UI pass and the tessellation of what it painted.
fn frame(ctx: &egui::Context, app: &mut PortolanApp) -> usize {
    frame_at(ctx, app, None)
}

/// One frame with the pointer moved to `pointer`.
fn frame_at(ctx: &egui::Context, app: &mut PortolanApp, pointer: Option<egui::Pos2>) -> usize {
    let output = ctx.run_ui(input(pointer), |ui| app.ui(ui));
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
        for view in ["fit", "zoom1", "fit-pointer"] {
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
            if view == "fit-pointer" {
                // Pointer positions over the canvas, a 7-pixel step apart.
                let spots: Vec<egui::Pos2> = (0..4000)
                    .map(|k| {
                        egui::pos2(
                            260.0 + (k % 120) as f32 * 7.0,
                            60.0 + (k / 120) as f32 * 14.0,
                        )
                    })
                    .collect();
                let mut k = 0;
                group.bench_function(BenchmarkId::new(view, n), |b| {
                    b.iter(|| {
                        k = (k + 1) % spots.len();
                        black_box(frame_at(&ctx, &mut app, Some(spots[k])))
                    });
                });
                continue;
            }
            group.bench_function(BenchmarkId::new(view, n), |b| {
                b.iter(|| black_box(frame(&ctx, &mut app)));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
