//! Statutory days in Settings: one year at a time, the built-in schedule
//! with the shop's own days laid over it, a plain sentence when the year has
//! none, adding or changing a day, removing the shop's own, and a year's
//! schedule imported from or exported to CSV (`日期,名称,休/班`). An import
//! replaces the shop's own days of that year and writes nothing if any row
//! is bad.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use egui::RichText;

use super::days::saved;
use crate::domain::calendar::statutory::{StatutoryDay, last_builtin_year, merge};
use crate::i18n::{holiday_name, schedule_error, t, tr};
use crate::import::holidays::{parse_schedule, write_schedule};
use crate::store::Store;
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::{self, file_dialog};

/// Import problems shown at most; the rest are counted.
const SHOWN_PROBLEMS: usize = 20;

/// The year shown, the shop's own days and the add row.
pub struct StatutoryPanel {
    /// Set to the current year on first show.
    year: Option<i32>,
    own: Vec<StatutoryDay>,
    new_date: String,
    new_name: String,
    new_off: bool,
    /// The own day waiting for "yes, remove" (as days from the common era).
    pending_remove: Option<i64>,
    /// Why the last import was refused, one line each.
    import_problems: Vec<String>,
}

impl StatutoryPanel {
    pub fn new(store: &Store) -> crate::store::Result<StatutoryPanel> {
        Ok(StatutoryPanel {
            year: None,
            own: store.statutory_days()?,
            new_date: String::new(),
            new_name: String::new(),
            new_off: true,
            pending_remove: None,
            import_problems: Vec::new(),
        })
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let year = *self.year.get_or_insert(view.clock.today().year());
        ui.strong(t!("settings.statutory.title"));
        self.year_picker(ui, year);
        ui.label(
            RichText::new(t!(
                "settings.statutory.builtin_until",
                year = last_builtin_year()
            ))
            .small()
            .color(theme::MUTED),
        );
        let days = merge(year, &self.own);
        if days.is_empty() {
            ui.label(t!("settings.statutory.none", year = year));
        } else {
            self.day_list(ui, &days, view);
        }
        ui.add_space(6.0);
        self.add_row(ui, view);
        ui.add_space(6.0);
        self.transfer_row(ui, year, view);
        self.problem_list(ui);
    }

    fn year_picker(&mut self, ui: &mut egui::Ui, year: i32) {
        ui.horizontal(|ui| {
            if ui.button(t!("calendar.prev_year")).clicked() {
                self.show_year(year - 1);
            }
            ui.strong(t!("settings.statutory.year", year = year));
            if ui.button(t!("calendar.next_year")).clicked() {
                self.show_year(year + 1);
            }
        });
    }

    fn show_year(&mut self, year: i32) {
        self.year = Some(year.clamp(1901, 2099));
        self.import_problems.clear();
        self.pending_remove = None;
    }

    /// Whether `date` is one of the shop's own days.
    fn is_own(&self, date: NaiveDate) -> bool {
        self.own.iter().any(|d| d.date == date)
    }

    fn day_list(&mut self, ui: &mut egui::Ui, days: &[StatutoryDay], view: &mut ViewCtx<'_>) {
        egui::Grid::new("settings-statutory-days")
            .num_columns(5)
            .striped(true)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for day in days {
                    self.day_row(ui, day, view);
                }
            });
    }

    fn day_row(&mut self, ui: &mut egui::Ui, day: &StatutoryDay, view: &mut ViewCtx<'_>) {
        ui.label(date_with_weekday(day.date));
        ui.label(holiday_name(&day.name));
        ui.label(if day.off {
            RichText::new(t!("calendar.off")).color(theme::SUCCESS)
        } else {
            RichText::new(t!("calendar.work")).color(theme::WARNING)
        });
        let own = self.is_own(day.date);
        ui.label(
            RichText::new(if own {
                t!("settings.statutory.own")
            } else {
                t!("settings.statutory.builtin")
            })
            .color(theme::MUTED),
        );
        ui.horizontal(|ui| {
            if ui
                .small_button(t!("settings.statutory.edit"))
                .on_hover_text(t!("settings.statutory.edit_hint"))
                .clicked()
            {
                self.edit(day);
            }
            if own {
                let id = Some(i64::from(day.date.num_days_from_ce()));
                if widgets::confirm_remove(ui, &mut self.pending_remove, id) {
                    self.delete(day.date, view);
                }
            }
        });
        ui.end_row();
    }

    /// Puts a listed day into the add row, to change its name or 休/班.
    fn edit(&mut self, day: &StatutoryDay) {
        self.new_date = day.date.format("%Y-%m-%d").to_string();
        self.new_name = day.name.clone();
        self.new_off = day.off;
    }

    fn delete(&mut self, date: NaiveDate, view: &mut ViewCtx<'_>) {
        match view.store.delete_statutory_day(date) {
            Ok(()) => self.changed(view),
            Err(e) => view.status.error(crate::i18n::store_error(&e)),
        }
    }

    /// The date, name and 休/班 of a new day, checked as they are typed.
    fn add_row(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let date = widgets::parse_optional_date(&self.new_date);
        let name = self.new_name.trim().to_string();
        ui.horizontal(|ui| {
            let date_label = ui.label(t!("settings.statutory.date"));
            ui.add(
                DateInput::new(&mut self.new_date)
                    .hint_text("2027-01-01")
                    .desired_width(110.0),
            )
            .labelled_by(date_label.id);
            let name_label = ui.label(t!("settings.statutory.name"));
            ui.add(
                egui::TextEdit::singleline(&mut self.new_name)
                    .hint_text(t!("settings.statutory.name_hint"))
                    .desired_width(140.0),
            )
            .labelled_by(name_label.id);
            ui.radio_value(&mut self.new_off, true, t!("calendar.off"));
            ui.radio_value(&mut self.new_off, false, t!("calendar.work"));
            let ready = matches!(date, Ok(Some(_))) && !name.is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(t!("settings.statutory.add")))
                .on_hover_text(t!("settings.statutory.add_hint"))
                .on_disabled_hover_text(t!("settings.statutory.add_needs"))
                .clicked()
                && let Ok(Some(date)) = date
            {
                self.add(date, &name, view);
            }
        });
        if let Err(e) = &date {
            widgets::error_line(ui, Some(e));
        }
    }

    fn add(&mut self, date: NaiveDate, name: &str, view: &mut ViewCtx<'_>) {
        let day = StatutoryDay {
            date,
            name: name.to_string(),
            off: self.new_off,
        };
        match view.store.save_statutory_day(&day) {
            Ok(()) => {
                self.new_date.clear();
                self.new_name.clear();
                self.year = Some(date.year());
                self.changed(view);
            }
            Err(e) => view.status.error(crate::i18n::store_error(&e)),
        }
    }

    fn transfer_row(&mut self, ui: &mut egui::Ui, year: i32, view: &mut ViewCtx<'_>) {
        ui.horizontal(|ui| {
            let clicked = ui.button(t!("settings.statutory.import")).clicked();
            if let Some(path) =
                file_dialog::pick_file(ui, "settings.statutory.import", clicked, || {
                    rfd::FileDialog::new()
                        .set_title(t!("settings.statutory.import"))
                        .add_filter("CSV", &["csv", "txt"])
                })
            {
                self.import_file(&path, year, view);
            }
            let clicked = ui.button(t!("settings.statutory.export")).clicked();
            if let Some(path) =
                file_dialog::save_file(ui, "settings.statutory.export", clicked, || {
                    rfd::FileDialog::new()
                        .set_title(t!("settings.statutory.export"))
                        .set_file_name(t!("settings.statutory.file_name", year = year))
                        .add_filter("CSV", &["csv"])
                })
            {
                self.export_file(&path, year, view);
            }
        });
        ui.label(
            RichText::new(t!("settings.statutory.csv_hint", year = year))
                .small()
                .color(theme::MUTED),
        );
    }

    /// Reads a schedule file for `year` and, if every row is good, makes it
    /// the shop's own days of that year.
    pub fn import_file(&mut self, path: &Path, year: i32, view: &mut ViewCtx<'_>) {
        match std::fs::read(path) {
            Ok(bytes) => self.import_bytes(&bytes, year, view),
            Err(e) => view
                .status
                .error(t!("settings.statutory.read_failed", reason = e)),
        }
    }

    /// [`StatutoryPanel::import_file`] for a file already read.
    pub fn import_bytes(&mut self, bytes: &[u8], year: i32, view: &mut ViewCtx<'_>) {
        self.import_problems.clear();
        let days = match parse_schedule(bytes, year) {
            Ok(days) => days,
            Err(errors) => {
                self.import_problems = errors.iter().map(schedule_error).collect();
                view.status
                    .error(t!("settings.statutory.import_refused", n = errors.len()));
                return;
            }
        };
        match view.store.replace_statutory_year(year, &days) {
            Ok(()) => {
                self.changed(view);
                view.status.info(t!(
                    "settings.statutory.imported",
                    n = days.len(),
                    year = year
                ));
            }
            Err(e) => view.status.error(crate::i18n::store_error(&e)),
        }
    }

    /// Writes the year's schedule (built-in and own) to `path`.
    pub fn export_file(&self, path: &Path, year: i32, view: &mut ViewCtx<'_>) {
        let days = merge(year, &self.own);
        let mut bytes = Vec::new();
        let written = write_schedule(&days, &mut bytes)
            .map_err(|e| e.to_string())
            .and_then(|_| std::fs::write(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => view.status.info(t!(
                "settings.statutory.exported",
                n = days.len(),
                path = path.display()
            )),
            Err(reason) => view
                .status
                .error(t!("settings.statutory.write_failed", reason = reason)),
        }
    }

    fn problem_list(&self, ui: &mut egui::Ui) {
        if self.import_problems.is_empty() {
            return;
        }
        ui.label(RichText::new(t!("settings.statutory.problems")).color(theme::ERROR));
        for problem in self.import_problems.iter().take(SHOWN_PROBLEMS) {
            ui.label(RichText::new(format!("• {problem}")).color(theme::ERROR));
        }
        let more = self.import_problems.len().saturating_sub(SHOWN_PROBLEMS);
        if more > 0 {
            ui.label(
                RichText::new(t!("settings.statutory.more_problems", n = more)).color(theme::ERROR),
            );
        }
    }

    /// After a change: read the shop's days again and tell the calendar.
    fn changed(&mut self, view: &mut ViewCtx<'_>) {
        self.pending_remove = None;
        saved(view);
        match view.store.statutory_days() {
            Ok(own) => self.own = own,
            Err(e) => view.status.error(crate::i18n::store_error(&e)),
        }
    }
}

/// `2027-02-06 周六` / `2027-02-06 Sat`.
fn date_with_weekday(date: NaiveDate) -> String {
    let weekday = tr(&format!(
        "calendar.weekday.{}",
        date.weekday().number_from_monday()
    ));
    t!(
        "settings.statutory.date_weekday",
        date = date.format("%Y-%m-%d"),
        weekday = weekday
    )
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::Command;
    use crate::ui::app::Status;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Runs `act` with a view over `store`; returns the commands pushed and
    /// whether the status shows an error.
    fn with_view(
        store: &mut Store,
        act: impl FnOnce(&mut ViewCtx<'_>),
    ) -> (Vec<Command>, Option<bool>) {
        let mut commands = Vec::new();
        let mut status = Status::default();
        let mut cache = crate::ui::cache::BookCache::default();
        let customers = crate::ui::customers::directory::CustomerDirectory::default();
        let mut view = ViewCtx {
            store,
            clock: crate::ui::clock::Clock::fixed_day(day(2026, 11, 23)),
            cache: &mut cache,
            customers: &customers,
            commands: &mut commands,
            status: &mut status,
            language: crate::i18n::Language::Chinese,
            renderer: Default::default(),
            is_demo: false,
        };
        act(&mut view);
        let error = status.current(0.0).map(|(_, error)| error);
        (commands, error)
    }

    #[test]
    fn an_import_with_a_bad_row_writes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let mut panel = StatutoryPanel::new(&store).unwrap();
        let file = "日期,名称,休/班\n2027-01-01,元旦,休\n2028-01-01,元旦,休\n";
        let (commands, error) = with_view(&mut store, |view| {
            panel.import_bytes(file.as_bytes(), 2027, view)
        });
        assert!(commands.is_empty());
        assert_eq!(error, Some(true));
        assert_eq!(panel.import_problems.len(), 1);
        assert!(panel.import_problems[0].contains('3'));
        assert!(store.statutory_days().unwrap().is_empty());
    }

    #[test]
    fn an_import_replaces_the_year_and_an_export_reads_back() {
        let mut store = Store::open_in_memory().unwrap();
        let old = StatutoryDay {
            date: day(2027, 3, 1),
            name: "旧".into(),
            off: true,
        };
        store.save_statutory_day(&old).unwrap();
        let mut panel = StatutoryPanel::new(&store).unwrap();
        let file = "日期,名称,休/班\n2027-01-01,元旦,休\n2027-02-14,春节,班\n";
        let (commands, error) = with_view(&mut store, |view| {
            panel.import_bytes(file.as_bytes(), 2027, view)
        });
        assert_eq!(commands, vec![Command::Reload]);
        assert_eq!(error, Some(false));
        let own = store.statutory_days().unwrap();
        assert_eq!(own.len(), 2);
        assert_eq!(own, panel.own);

        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("2027.csv");
        with_view(&mut store, |view| panel.export_file(&path, 2027, view));
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(parse_schedule(&bytes, 2027).unwrap(), own);
    }
}
