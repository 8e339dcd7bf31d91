//! A table whose first column stays put while the others scroll sideways:
//! wide reports (aging buckets, drifting customers) stay readable on a
//! 1024-pixel laptop, and the customer's name is always in view.
//!
//! It is two egui_extras tables side by side, the pinned column on the left
//! and the rest in a horizontal scroll area, kept at one vertical offset:
//! whichever half the user scrolled this frame sets the offset of both.
//! Only the rows in view are drawn, as with a plain table.

use egui::{Align, Layout, Sense};
use egui_extras::{Column, TableBuilder, TableRow};

/// Room kept right of the last column for the vertical scroll bar.
const BAR_ROOM: f32 = 16.0;

/// Which half of the table a cell belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The first column, which does not scroll sideways.
    Pinned,
    /// Every other column, in the horizontal scroll area.
    Scrolled,
}

/// What the caller is asked to draw: the header or one body row, of one
/// half. For a body row, `TableRow::index` is the row's index.
pub enum Draw<'r, 'a, 'b> {
    Header(Part, &'r mut TableRow<'a, 'b>),
    Row(Part, &'r mut TableRow<'a, 'b>),
}

/// The sizes of a pinned table.
pub struct Sizes {
    /// Width of the pinned first column.
    pub pinned: f32,
    /// Widths of the scrolled columns; the last one grows to fill the
    /// window when there is room.
    pub scrolled: Vec<f32>,
    pub header_height: f32,
    pub row_height: f32,
}

/// The shared vertical scroll position, kept between frames.
#[derive(Debug, Default, Clone)]
pub struct PinnedTable {
    offset: f32,
}

impl PinnedTable {
    /// Scrolls both halves back to the first row.
    pub fn scroll_to_top(&mut self) {
        self.offset = 0.0;
    }

    /// Draws `rows` rows with `draw` filling each half's cells in column
    /// order; returns the index of the row clicked, if any.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        id: &str,
        sizes: &Sizes,
        rows: usize,
        mut draw: impl FnMut(Draw<'_, '_, '_>),
    ) -> Option<usize> {
        let offset = self.offset;
        let height = ui.available_height();
        let mut clicked = None;
        let mut seen = [offset; 2];
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            ui.allocate_ui_with_layout(
                egui::vec2(sizes.pinned, height),
                Layout::top_down(Align::Min),
                |ui| {
                    ui.set_width(sizes.pinned);
                    seen[0] = half(
                        ui,
                        (id, Part::Pinned),
                        &[sizes.pinned],
                        sizes,
                        rows,
                        offset,
                        &mut draw,
                        &mut clicked,
                    );
                },
            );
            let spacing = ui.spacing().item_spacing.x.max(8.0);
            let mut widths = sizes.scrolled.clone();
            let needed: f32 = widths.iter().map(|w| w + spacing).sum();
            let room = ui.available_width() - BAR_ROOM;
            if let Some(last) = widths.last_mut()
                && needed < room
            {
                *last += room - needed;
            }
            egui::ScrollArea::horizontal()
                .id_salt((id, "sideways"))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // The scroll area lays out like the row around it: the
                    // table inside must go top-down again.
                    ui.vertical(|ui| {
                        // As wide as its columns, so the scroll area knows
                        // how far there is to scroll and clips nothing.
                        let gaps = ui.spacing().item_spacing.x * widths.len() as f32;
                        ui.set_width(widths.iter().sum::<f32>() + gaps + BAR_ROOM);
                        seen[1] = half(
                            ui,
                            (id, Part::Scrolled),
                            &widths,
                            sizes,
                            rows,
                            offset,
                            &mut draw,
                            &mut clicked,
                        );
                    });
                });
        });
        self.offset = if seen[0] != offset { seen[0] } else { seen[1] };
        if self.offset != offset {
            ui.ctx().request_repaint();
        }
        clicked
    }
}

/// One half: a table of fixed-width columns forced to `offset`; returns the
/// offset it ended the frame at (moved if the user scrolled it).
#[expect(
    clippy::too_many_arguments,
    reason = "private helper called twice from one place"
)]
fn half(
    ui: &mut egui::Ui,
    id: (&str, Part),
    widths: &[f32],
    sizes: &Sizes,
    rows: usize,
    offset: f32,
    draw: &mut impl FnMut(Draw<'_, '_, '_>),
    clicked: &mut Option<usize>,
) -> f32 {
    let part = id.1;
    let bar = if part == Part::Pinned {
        egui::scroll_area::ScrollBarVisibility::AlwaysHidden
    } else {
        egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded
    };
    let mut table = TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .vertical_scroll_offset(offset)
        .animate_scrolling(false)
        .scroll_bar_visibility(bar)
        .auto_shrink([false, false])
        .min_scrolled_height(0.0);
    for &w in widths {
        table = table.column(Column::exact(w).clip(true));
    }
    let output = table
        .header(sizes.header_height, |mut header| {
            draw(Draw::Header(part, &mut header));
        })
        .body(|body| {
            body.rows(sizes.row_height, rows, |mut row| {
                draw(Draw::Row(part, &mut row));
                if row.response().clicked() {
                    *clicked = Some(row.index());
                }
            });
        });
    output.state.clamped_offset().y
}
