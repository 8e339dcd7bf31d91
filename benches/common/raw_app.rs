//! One egui frame of the whole app, driven the way eframe drives it: shared
//! by the benchmarks that time frames (included with `#[path]`).

use egui::{Event, Pos2, RawInput, Rect, ViewportId};
use std::path::Path;

use genjin::i18n::Language;
use genjin::ui::{GenjinApp, Launch};

/// The window the frame benchmarks draw into.
pub const WINDOW: egui::Vec2 = egui::Vec2::new(1280.0, 800.0);

/// The app in a bare egui context, driven the way eframe drives it: one
/// `run_ui` per frame, then tessellation (no AccessKit, no GPU upload).
pub struct RawApp {
    pub ctx: egui::Context,
    pub app: GenjinApp,
    time: f64,
    /// The last point [`RawApp::hover_next`] moved to.
    hovered: usize,
}

impl RawApp {
    pub fn new(app: GenjinApp) -> RawApp {
        // As the binary does at start.
        genjin::allocator::keep_freed_memory();
        let ctx = egui::Context::default();
        GenjinApp::prepare_context(&ctx);
        RawApp {
            ctx,
            app,
            time: 0.0,
            hovered: 0,
        }
    }

    /// One frame with these events; returns the number of clipped meshes.
    pub fn frame(&mut self, events: Vec<Event>) -> usize {
        let mut input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, WINDOW)),
            time: Some(self.time),
            predicted_dt: 1.0 / 60.0,
            events,
            ..Default::default()
        };
        if let Some(viewport) = input.viewports.get_mut(&ViewportId::ROOT) {
            viewport.native_pixels_per_point = Some(1.0);
        }
        self.time += 1.0 / 60.0;
        let app = &mut self.app;
        let mut output = self.ctx.run_ui(input, |ui| app.show(ui));
        // Font atlas uploads are the GPU side's work; not measured here.
        output.textures_delta.clear();
        self.ctx
            .tessellate(output.shapes, output.pixels_per_point)
            .len()
    }

    /// One frame with the pointer moved to the next of `points` (round and
    /// round), so something under it changes hover state every frame.
    pub fn hover_next(&mut self, points: &[Pos2]) -> usize {
        self.hovered = (self.hovered + 1) % points.len();
        self.frame(vec![Event::PointerMoved(points[self.hovered])])
    }

    /// Frames until the window is still: the book cache has nothing left
    /// to compute (its background work is waited for between frames).
    pub fn settle(&mut self) {
        loop {
            for _ in 0..5 {
                self.frame(Vec::new());
            }
            if !self.app.cache().is_some_and(|c| c.is_updating()) {
                return;
            }
            if let Some(cache) = self.app.cache() {
                cache.wait();
            }
        }
    }
}

/// The app on the bench book, in Chinese, as the binary starts it (it takes
/// the writer's lock: only one at a time), with "today" fixed.
pub fn open_app(db: &Path) -> GenjinApp {
    let mut app = GenjinApp::new(
        &Launch {
            db: Some(db.to_path_buf()),
            demo: false,
            import: None,
            renderer: None,
        },
        Language::Chinese,
    );
    assert_eq!(app.open_error(), None, "the bench book opens");
    app.set_today(super::common::today());
    app
}
