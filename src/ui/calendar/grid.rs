//! The month grid: six weeks starting on Monday, each day with its
//! Gregorian number, its lunar day (or the festival's name), a 休/班 badge
//! for statutory days off and make-up working days, and how many customers
//! have an occasion that day. Clicking a day selects it.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind, vec2};

use super::items::day_name;
use crate::domain::calendar::OccasionKind;
use crate::domain::calendar::agenda::Occasion;
use crate::domain::calendar::year::lunar_day_label;
use crate::i18n::t;
use crate::ui::theme;

const CELL_HEIGHT: f32 = 72.0;

/// What one cell shows, worked out when the month is (re)loaded, not per frame.
pub struct DayCell {
    pub date: NaiveDate,
    pub lunar: String,
    /// The first festival, solar term or observance, shown instead of the lunar day.
    pub festival: Option<String>,
    /// `Some(true)` for a day off, `Some(false)` for a make-up working day.
    pub statutory_off: Option<bool>,
    pub customers: usize,
}

/// The 42 cells of the month containing `first` (its first day).
pub fn month_cells(first: NaiveDate, by_day: &BTreeMap<NaiveDate, Vec<Occasion>>) -> Vec<DayCell> {
    let start = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    (0..42)
        .map(|i| {
            let date = start + Days::new(i);
            let occasions = by_day.get(&date).map(Vec::as_slice).unwrap_or_default();
            let festival = occasions
                .iter()
                .find(|o| {
                    matches!(
                        o.kind,
                        OccasionKind::Festival | OccasionKind::SolarTerm | OccasionKind::Observance
                    )
                })
                .map(day_name);
            let statutory_off = occasions.iter().find_map(|o| match o.kind {
                OccasionKind::HolidayOff => Some(true),
                OccasionKind::HolidayWorkday => Some(false),
                _ => None,
            });
            let mut customers: Vec<i64> = occasions.iter().filter_map(|o| o.customer).collect();
            customers.sort_unstable();
            customers.dedup();
            DayCell {
                date,
                lunar: lunar_day_label(date).unwrap_or_default(),
                festival,
                statutory_off,
                customers: customers.len(),
            }
        })
        .collect()
}

/// Draws the grid; returns the day clicked, if any.
pub fn show(
    ui: &mut egui::Ui,
    cells: &[DayCell],
    month: u32,
    today: NaiveDate,
    selected: NaiveDate,
) -> Option<NaiveDate> {
    let width = ui.available_width().max(7.0 * 60.0);
    let cell_width = (width / 7.0).floor();
    let mut clicked = None;
    crate::ui::widgets::weekday_row(ui, cell_width, 22.0, 14.0);
    for week in cells.chunks(7) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            for cell in week {
                let (rect, response) =
                    ui.allocate_exact_size(vec2(cell_width, CELL_HEIGHT), Sense::click());
                // Named by its date for screen readers (and UI tests).
                let name = cell.date.format("%Y-%m-%d").to_string();
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone())
                });
                paint_cell(ui, rect, cell, month, today, selected, response.hovered());
                // A narrow cell shortens its texts; the tooltip has them whole.
                let response = response.on_hover_text(cell_summary(cell));
                if response.clicked() {
                    clicked = Some(cell.date);
                }
            }
        });
    }
    clicked
}

fn paint_cell(
    ui: &egui::Ui,
    rect: Rect,
    cell: &DayCell,
    month: u32,
    today: NaiveDate,
    selected: NaiveDate,
    hovered: bool,
) {
    let painter = ui.painter();
    let inner = rect.shrink(2.0);
    let visuals = ui.visuals();
    let fill = if cell.date == selected {
        visuals.selection.bg_fill.gamma_multiply(0.5)
    } else if hovered {
        visuals.widgets.hovered.bg_fill
    } else {
        visuals.extreme_bg_color
    };
    painter.rect_filled(inner, 4.0, fill);
    if cell.date == today {
        painter.rect_stroke(
            inner,
            4.0,
            Stroke::new(2.0, theme::ACCENT),
            StrokeKind::Inside,
        );
    }
    let in_month = cell.date.month() == month;
    let weekend = cell.date.weekday().num_days_from_monday() >= 5;
    let mut number_colour =
        if cell.statutory_off == Some(true) || (weekend && cell.statutory_off.is_none()) {
            theme::ERROR
        } else {
            visuals.text_color()
        };
    if !in_month {
        number_colour = number_colour.gamma_multiply(0.35);
    }
    painter.text(
        inner.left_top() + vec2(6.0, 4.0),
        Align2::LEFT_TOP,
        cell.date.day().to_string(),
        FontId::proportional(18.0),
        number_colour,
    );
    let (second, second_colour) = match &cell.festival {
        Some(name) => (name.as_str(), theme::ACCENT),
        None => (cell.lunar.as_str(), theme::MUTED),
    };
    let second_colour = if in_month {
        second_colour
    } else {
        second_colour.gamma_multiply(0.35)
    };
    let room = inner.width() - 8.0;
    let galley = one_line(ui, second, 12.0, second_colour, room);
    painter.galley(inner.left_top() + vec2(6.0, 28.0), galley, second_colour);
    if let Some(off) = cell.statutory_off {
        let (text, colour) = if off {
            (t!("calendar.off"), theme::SUCCESS)
        } else {
            (t!("calendar.work"), theme::ERROR)
        };
        let badge = Rect::from_min_size(inner.right_top() + vec2(-24.0, 4.0), vec2(20.0, 18.0));
        painter.rect_filled(badge, 3.0, colour);
        painter.text(
            badge.center(),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(11.0),
            Color32::WHITE,
        );
    }
    if cell.customers > 0 {
        let dot = inner.left_bottom() + vec2(10.0, -10.0);
        painter.circle_filled(dot, 4.0, theme::WARNING);
        let colour = if in_month {
            visuals.text_color()
        } else {
            theme::MUTED
        };
        let room = inner.right() - dot.x - 10.0;
        let people = t!("calendar.people", n = cell.customers);
        let fits = ui
            .painter()
            .layout_no_wrap(people.to_string(), FontId::proportional(10.5), colour)
            .size()
            .x
            <= room;
        // Too narrow for "5 people": the number alone (the tooltip says more).
        let text = if fits {
            people.into_owned()
        } else {
            cell.customers.to_string()
        };
        painter.text(
            dot + vec2(8.0, 0.0),
            Align2::LEFT_CENTER,
            text,
            FontId::proportional(10.5),
            colour,
        );
    }
}

/// `text` on one line no wider than `width`, ending in "…" when cut.
fn one_line(
    ui: &egui::Ui,
    text: &str,
    size: f32,
    colour: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple_singleline(
        text.to_owned(),
        FontId::proportional(size),
        colour,
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(width.max(10.0));
    ui.painter().layout_job(job)
}

/// The cell's whole story for its tooltip: the date, the lunar day, the
/// festival and how many customers have an occasion.
fn cell_summary(cell: &DayCell) -> String {
    let mut parts = vec![cell.date.format("%Y-%m-%d").to_string(), cell.lunar.clone()];
    if let Some(festival) = &cell.festival {
        parts.push(festival.clone());
    }
    if cell.customers > 0 {
        parts.push(t!("calendar.people", n = cell.customers).into_owned());
    }
    parts.join(" · ")
}
