//! The Calendar section (日历): the month grid on the left; on the right the
//! selected day's list and the agenda (overdue, today, this week) with
//! copy greeting, contacted and snooze on each item.
//!
//! The book's calendar data comes from the book cache, read on a
//! background thread; the month's occasions are worked out once per new
//! data or month, not per frame. Home shows the same agenda through its
//! own [`AgendaPanel`].

pub mod agenda_panel;
mod grid;
pub mod items;

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use egui::RichText;

use self::grid::DayCell;
use super::app::ViewCtx;
use super::section::{Section, SectionView};
use super::theme;
use super::widgets::file_dialog;
use crate::agenda::AgendaBook;
use crate::domain::calendar::agenda::{LeadDays, Occasion, contacted_for};
use crate::domain::calendar::month::{first_of_month, shift_months};
use crate::domain::calendar::year::lunar_day_label;
use crate::i18n::t;
use agenda_panel::{AGENDA_ROW_HEIGHT, AgendaPanel};

/// The month shown and what is worked out for it.
pub struct MonthData {
    first: NaiveDate,
    cells: Vec<DayCell>,
    has_statutory_data: bool,
}

impl MonthData {
    /// The six weeks of cells around the month that starts on `first`,
    /// with each day's occasions. Tens of milliseconds on a big book (the
    /// year's festivals are worked out on first use): the book cache does
    /// it on its thread for the month of today.
    pub fn compute(book: &mut AgendaBook, first: NaiveDate) -> MonthData {
        let start = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
        let end = start + Days::new(41);
        let mut by_day: BTreeMap<NaiveDate, Vec<Occasion>> = BTreeMap::new();
        // The grid shows each thing on its own day: contacts already
        // overdue before the first cell belong to the agenda, not to it.
        for occasion in book.days(start, end) {
            by_day.entry(occasion.date).or_default().push(occasion);
        }
        MonthData {
            first,
            cells: grid::month_cells(first, &by_day),
            has_statutory_data: book.year(first.year()).has_statutory_data,
        }
    }
}

/// The selected day's list: its occasions still to act on, worked out for
/// one day from one version of the book's calendar data.
struct DayItems {
    generation: u64,
    date: NaiveDate,
    occasions: Vec<Occasion>,
    /// The lead days they were worked out with (to take a contacted
    /// customer off at once, by the same rule).
    lead: LeadDays,
}

/// State of the Calendar section.
pub struct CalendarView {
    first_of_month: Option<NaiveDate>,
    selected: Option<NaiveDate>,
    /// The month worked out, and the cache generation it came from.
    month: Option<(u64, MonthData)>,
    /// The selected day's list (any day, in the month shown or not).
    day: Option<DayItems>,
    agenda: AgendaPanel,
    /// How many days an .ics export covers.
    export_days: u32,
}

impl Default for CalendarView {
    fn default() -> Self {
        CalendarView::new()
    }
}

impl CalendarView {
    pub fn new() -> CalendarView {
        CalendarView {
            first_of_month: None,
            selected: None,
            month: None,
            day: None,
            agenda: AgendaPanel::default(),
            export_days: 30,
        }
    }

    /// The greeting most recently put on the clipboard (tests read it).
    pub fn last_copied(&self) -> Option<&str> {
        self.agenda.last_copied()
    }

    /// The month shown, as its first day.
    pub fn month_shown(&self) -> Option<NaiveDate> {
        self.first_of_month
    }

    /// Whether the month shown has been worked out from the book's data.
    pub fn has_month(&self) -> bool {
        self.month.is_some()
    }

    pub fn selected_day(&self) -> Option<NaiveDate> {
        self.selected
    }

    /// The names on the selected day's list, as last worked out (tests).
    pub fn day_names(&self) -> Vec<String> {
        self.day
            .iter()
            .flat_map(|d| &d.occasions)
            .filter_map(|o| o.customer_name.as_deref().map(String::from))
            .collect()
    }

    /// Works the month out again when the data or the month changed.
    /// Returns whether the book's calendar data is there.
    fn refresh(&mut self, view: &mut ViewCtx<'_>) -> bool {
        let today = view.clock.today();
        let first = *self
            .first_of_month
            .get_or_insert_with(|| first_of_month(today));
        let selected = *self.selected.get_or_insert(today);
        let slot = view.cache.agenda(view.store, &view.clock);
        let generation = slot.generation();
        let Some(data) = slot.get_mut() else {
            return false;
        };
        if self
            .day
            .as_ref()
            .is_none_or(|d| d.generation != generation || d.date != selected)
        {
            self.day = Some(DayItems {
                generation,
                date: selected,
                occasions: data.book.day(selected, &data.lead),
                lead: data.lead.clone(),
            });
        }
        if self
            .month
            .as_ref()
            .is_some_and(|(g, m)| *g == generation && m.first == first)
        {
            return true;
        }
        // Today's month comes worked out with the data; another month is
        // worked out here, once, when the user turns to it.
        let month = match data.month.take() {
            Some(month) if month.first == first => month,
            other => {
                data.month = other;
                MonthData::compute(&mut data.book, first)
            }
        };
        if let Some(old) = self.month.replace((generation, month)) {
            crate::ui::cache::drop_later(old);
        }
        true
    }

    /// Draws the section.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let today = view.clock.today();
        self.refresh(view);
        let first = self.first_of_month.unwrap_or(today);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading(crate::i18n::month_title(first));
            ui.add_space(16.0);
            let mut shift = None;
            if ui
                .button("«")
                .on_hover_text(t!("calendar.prev_year"))
                .clicked()
            {
                shift = Some(-12);
            }
            if ui
                .button("‹")
                .on_hover_text(t!("calendar.prev_month"))
                .clicked()
            {
                shift = Some(-1);
            }
            if ui.button(t!("calendar.today")).clicked() {
                self.first_of_month = Some(first_of_month(today));
                self.selected = Some(today);
            }
            if ui
                .button("›")
                .on_hover_text(t!("calendar.next_month"))
                .clicked()
            {
                shift = Some(1);
            }
            if ui
                .button("»")
                .on_hover_text(t!("calendar.next_year"))
                .clicked()
            {
                shift = Some(12);
            }
            if let Some(months) = shift {
                let shown = shift_months(first, months);
                self.first_of_month = Some(shown);
                // The selection moves with the page: the same day of the
                // new month (or its last day), never a day off the grid.
                let selected = self.selected.unwrap_or(today);
                self.selected = Some(
                    shown
                        .with_day(selected.day())
                        .or_else(|| shift_months(shown, 1).pred_opt())
                        .unwrap_or(shown),
                );
            }
            ui.add_space(16.0);
            let mut clicked = false;
            ui.menu_button(t!("calendar.export_ics"), |ui| {
                ui.horizontal(|ui| {
                    ui.label(t!("calendar.export_days"));
                    ui.add(egui::DragValue::new(&mut self.export_days).range(1..=366));
                });
                if ui.button(t!("calendar.export_save")).clicked() {
                    ui.close();
                    clicked = true;
                }
            });
            if let Some(file) = file_dialog::save_file(ui, "calendar.export_ics", clicked, || {
                rfd::FileDialog::new()
                    .set_file_name("genjin-agenda.ics")
                    .add_filter("iCalendar", &["ics"])
            }) {
                self.export_ics(view, &file);
            }
        });
        if let Some(error) = view.cache.agenda(view.store, &view.clock).error() {
            ui.colored_label(theme::ERROR, error);
        }
        self.refresh(view);
        if let Some((_, month)) = &self.month
            && !month.has_statutory_data
        {
            ui.colored_label(
                theme::WARNING,
                t!("calendar.no_statutory", year = month.first.year()),
            );
        }
        ui.add_space(4.0);
        let selected = self.selected.unwrap_or(today);
        ui.columns(2, |columns| {
            let (left, right) = columns.split_at_mut(1);
            let left = &mut left[0];
            let right = &mut right[0];
            match &self.month {
                Some((_, month)) => {
                    if let Some(day) =
                        grid::show(left, &month.cells, first.month(), today, selected)
                    {
                        self.selected = Some(day);
                        // The day's list is worked out on the next frame.
                        left.ctx().request_repaint();
                        if day.month() != first.month() {
                            self.first_of_month = Some(first_of_month(day));
                        }
                    }
                }
                None => {
                    left.horizontal(|ui| {
                        ui.spinner();
                        ui.label(t!("calendar.loading"));
                    });
                }
            }
            let day_height = (right.available_height() * 0.4).max(120.0);
            if let Some(action) = self.day_list(right, selected, day_height) {
                let contacted = match &action {
                    items::ItemAction::Contacted(occasion, _) => occasion.customer,
                    _ => None,
                };
                if self.agenda.act(action, view, right.ctx())
                    && let (Some(customer), Some(day)) = (contacted, &mut self.day)
                {
                    // Off the list at once, by the rule the book's data
                    // will follow when it is read again.
                    let now = Some(view.clock.now());
                    day.occasions.retain(|o| {
                        o.customer != Some(customer) || !contacted_for(o, &day.lead, now)
                    });
                }
            }
            right.separator();
            self.agenda.scroll(right, view);
        });
    }

    /// The selected day's occasions; only the rows in view are drawn (a
    /// big book has hundreds of birthdays on one day).
    fn day_list(
        &self,
        ui: &mut egui::Ui,
        day: NaiveDate,
        height: f32,
    ) -> Option<items::ItemAction> {
        let lunar = lunar_day_label(day).unwrap_or_default();
        ui.heading(t!(
            "calendar.day_title",
            date = day.format("%Y-%m-%d").to_string(),
            lunar = lunar
        ));
        let Some(occasions) = self
            .day
            .as_ref()
            .filter(|d| d.date == day)
            .map(|d| d.occasions.as_slice())
        else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t!("calendar.loading"));
            });
            return None;
        };
        if occasions.is_empty() {
            ui.label(RichText::new(t!("calendar.day_empty")).color(theme::MUTED));
            return None;
        }
        let mut action = None;
        egui::ScrollArea::vertical()
            .id_salt(("calendar-day", day))
            .max_height(height)
            .auto_shrink([false, true])
            .show_rows(ui, AGENDA_ROW_HEIGHT, occasions.len(), |ui, range| {
                for i in range {
                    ui.allocate_ui(egui::vec2(ui.available_width(), AGENDA_ROW_HEIGHT), |ui| {
                        ui.set_min_height(AGENDA_ROW_HEIGHT);
                        ui.push_id(("day", i), |ui| {
                            if let Some(a) = items::day_row(ui, &occasions[i]) {
                                action = Some(a);
                            }
                        });
                    });
                }
            });
        action
    }

    /// Writes the coming days' occasions to `file` as an iCalendar file for
    /// a phone's calendar.
    fn export_ics(&mut self, view: &mut ViewCtx<'_>, file: &std::path::Path) {
        let today = view.clock.today();
        let Some(data) = view.cache.agenda(view.store, &view.clock).get_mut() else {
            return;
        };
        let book = &mut data.book;
        let to = today + Days::new(u64::from(self.export_days.max(1) - 1));
        let occasions = book.occasions(today, to);
        let stamp = chrono::Utc::now().naive_utc();
        match crate::agenda::write_ics_file(&occasions, stamp, file) {
            Ok(()) => view.status.info(t!(
                "calendar.exported",
                n = occasions.len(),
                file = file.display().to_string()
            )),
            Err(e) => view.status.error(t!(
                "calendar.export_failed",
                file = file.display().to_string(),
                error = e.to_string()
            )),
        }
    }
}

impl SectionView for CalendarView {
    fn section(&self) -> Section {
        Section::Calendar
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        self.show(ui, cx);
    }

    fn invalidate(&mut self) {
        self.month = None;
        self.day = None;
    }
}
