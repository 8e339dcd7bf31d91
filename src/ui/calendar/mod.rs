//! The Calendar section (日历): the month grid on the left; on the right the
//! selected day's list and the agenda (overdue, today, this week) with
//! copy greeting, contacted and snooze on each item.
//!
//! The book's calendar data ([`AgendaBook`]) is read on a background thread
//! with its own connection, so a large book never freezes the window; the
//! month's occasions and the agenda are worked out once per change, not
//! per frame. Home shows the same agenda through [`CalendarView::agenda_panel`].

mod grid;
pub mod items;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::{Datelike, Days, Months, NaiveDate};
use egui::RichText;

use self::grid::DayCell;
use self::items::ItemAction;
use super::app::{Command, ViewCtx};
use super::theme;
use crate::agenda::AgendaBook;
use crate::domain::calendar::agenda::{AgendaItem, Bucket, LeadDays, Occasion, OccasionKey};
use crate::domain::calendar::greeting::{context_for, fill};
use crate::domain::calendar::year::lunar_day_label;
use crate::domain::contact::{ContactEntry, ContactPurpose};
use crate::domain::customer::Gender;
use crate::i18n::{Language, t};
use crate::store::{OpenMode, Store};

/// Books up to this many customers are read on the UI thread (a few tens of
/// milliseconds); bigger ones on a background thread.
const READ_AT_ONCE_CUSTOMERS: i64 = 5_000;

/// The height of one agenda row (two lines: who and why, then the actions).
const AGENDA_ROW_HEIGHT: f32 = 58.0;

/// One row of the agenda list.
#[derive(Clone, Copy)]
enum AgendaRow {
    Heading(Bucket, usize),
    /// An index into the agenda's items.
    Item(usize),
}

/// Lays the agenda's items (sorted by bucket) out as a heading per
/// non-empty bucket followed by its items.
fn agenda_rows(items: &[AgendaItem]) -> Vec<AgendaRow> {
    let mut rows = Vec::with_capacity(items.len() + 3);
    for bucket in [Bucket::Today, Bucket::ThisWeek, Bucket::Overdue] {
        let start = rows.len();
        rows.extend(
            items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.bucket == bucket)
                .map(|(index, _)| AgendaRow::Item(index)),
        );
        let count = rows.len() - start;
        if count > 0 {
            rows.insert(start, AgendaRow::Heading(bucket, count));
        }
    }
    rows
}

/// The month shown and what is worked out for it.
struct MonthData {
    first: NaiveDate,
    by_day: BTreeMap<NaiveDate, Vec<Occasion>>,
    cells: Vec<DayCell>,
    has_statutory_data: bool,
}

/// State of the Calendar section (and of Home's agenda).
pub struct CalendarView {
    first_of_month: Option<NaiveDate>,
    selected: Option<NaiveDate>,
    book: Option<AgendaBook>,
    loading: Option<Receiver<Result<AgendaBook, String>>>,
    load_error: Option<String>,
    month: Option<MonthData>,
    agenda: Option<(NaiveDate, Vec<AgendaItem>)>,
    /// The agenda laid out as rows: a heading per bucket, then its items.
    agenda_rows: Vec<AgendaRow>,
    lead: LeadDays,
    snoozed: HashMap<OccasionKey, NaiveDate>,
    /// The greeting most recently put on the clipboard.
    last_copied: Option<String>,
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
            book: None,
            loading: None,
            load_error: None,
            month: None,
            agenda: None,
            agenda_rows: Vec::new(),
            lead: LeadDays::default(),
            snoozed: HashMap::new(),
            last_copied: None,
            export_days: 30,
        }
    }

    /// The greeting most recently put on the clipboard (tests read it).
    pub fn last_copied(&self) -> Option<&str> {
        self.last_copied.as_deref()
    }

    /// The book changed (a contact logged, an import, a card saved): read
    /// it again. What is shown stays until the new data is there.
    pub fn invalidate(&mut self) {
        self.loading = None;
        self.load_error = None;
        self.book = None;
    }

    /// Whether the book's calendar data has been read (tests wait for it).
    pub fn is_loaded(&self) -> bool {
        self.book.is_some()
    }

    /// The month shown, as its first day.
    pub fn month_shown(&self) -> Option<NaiveDate> {
        self.first_of_month
    }

    pub fn selected_day(&self) -> Option<NaiveDate> {
        self.selected
    }

    /// Today's agenda as last worked out (tests look inside).
    pub fn agenda_items(&self) -> &[AgendaItem] {
        self.agenda
            .as_ref()
            .map(|(_, a)| a.as_slice())
            .unwrap_or_default()
    }

    /// Starts reading the book, or picks up what the reading thread sent.
    /// Returns whether the data is ready.
    fn ensure_loaded(&mut self, view: &mut ViewCtx<'_>, ctx: &egui::Context) -> bool {
        if let Some(rx) = &self.loading {
            match rx.try_recv() {
                Ok(Ok(book)) => {
                    self.book = Some(book);
                    self.loading = None;
                    self.month = None;
                    self.agenda = None;
                    self.agenda_rows.clear();
                }
                Ok(Err(e)) => {
                    self.load_error = Some(e);
                    self.loading = None;
                }
                Err(TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
                Err(TryRecvError::Disconnected) => self.loading = None,
            }
        }
        if self.book.is_none() && self.loading.is_none() && self.load_error.is_none() {
            self.lead = view.store.lead_days().unwrap_or_default();
            self.snoozed = view.store.agenda_snoozes().unwrap_or_default();
            // A shop-sized book is read at once; a big one on a thread.
            let small = view
                .store
                .customer_count()
                .is_ok_and(|n| n <= READ_AT_ONCE_CUSTOMERS);
            match view.store.path().map(PathBuf::from).filter(|_| !small) {
                Some(path) => {
                    let (tx, rx) = std::sync::mpsc::channel();
                    let repaint = ctx.clone();
                    std::thread::spawn(move || {
                        let result = Store::open_with(&path, OpenMode::Reader)
                            .and_then(|store| AgendaBook::load(&store))
                            .map_err(|e| crate::i18n::store_error(&e));
                        let _ = tx.send(result);
                        repaint.request_repaint();
                    });
                    self.loading = Some(rx);
                }
                None => match AgendaBook::load(view.store) {
                    Ok(book) => self.book = Some(book),
                    Err(e) => self.load_error = Some(crate::i18n::store_error(&e)),
                },
            }
        }
        self.book.is_some()
    }

    fn refresh(&mut self, today: NaiveDate) {
        let first = *self
            .first_of_month
            .get_or_insert_with(|| today.with_day(1).expect("day 1"));
        self.selected.get_or_insert(today);
        let Some(book) = &mut self.book else { return };
        if self.month.as_ref().map(|m| m.first) != Some(first) {
            let start = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
            let end = start + Days::new(41);
            let mut by_day: BTreeMap<NaiveDate, Vec<Occasion>> = BTreeMap::new();
            // The grid shows each thing on its own day: contacts already
            // overdue before the first cell belong to the agenda, not to it.
            for occasion in book.days(start, end) {
                by_day.entry(occasion.date).or_default().push(occasion);
            }
            let cells = grid::month_cells(first, &by_day);
            let has_statutory_data = book.year(first.year()).has_statutory_data;
            self.month = Some(MonthData {
                first,
                by_day,
                cells,
                has_statutory_data,
            });
        }
        if self.agenda.as_ref().map(|(d, _)| *d) != Some(today) {
            let items = book.agenda(today, &self.lead, &self.snoozed);
            self.set_agenda(today, items);
        }
    }

    /// Draws the section.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, language: Language) {
        let today = view.today;
        let ready = self.ensure_loaded(view, ui.ctx());
        self.refresh(today);
        let first = self.first_of_month.unwrap_or(today);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading(month_title(first));
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
                self.first_of_month = Some(today.with_day(1).expect("day 1"));
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
                self.first_of_month = Some(shift_months(first, months));
            }
            ui.add_space(16.0);
            ui.menu_button(t!("calendar.export_ics"), |ui| {
                ui.horizontal(|ui| {
                    ui.label(t!("calendar.export_days"));
                    ui.add(egui::DragValue::new(&mut self.export_days).range(1..=366));
                });
                if ui.button(t!("calendar.export_save")).clicked() {
                    ui.close();
                    self.export_ics(today, view);
                }
            });
        });
        if let Some(error) = &self.load_error {
            ui.colored_label(theme::ERROR, error);
        }
        self.refresh(today);
        if let Some(month) = &self.month
            && !month.has_statutory_data
        {
            ui.colored_label(
                theme::WARNING,
                t!("calendar.no_statutory", year = month.first.year()),
            );
        }
        ui.add_space(4.0);
        let selected = self.selected.unwrap_or(today);
        let mut action = None;
        ui.columns(2, |columns| {
            let (left, right) = columns.split_at_mut(1);
            let left = &mut left[0];
            let right = &mut right[0];
            match &self.month {
                Some(month) => {
                    if let Some(day) =
                        grid::show(left, &month.cells, first.month(), today, selected)
                    {
                        self.selected = Some(day);
                        if day.month() != first.month() {
                            self.first_of_month = Some(day.with_day(1).expect("day 1"));
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
            if let Some(a) = self.day_list(right, selected, day_height) {
                action = Some(a);
            }
            right.separator();
            if let Some(a) = self.agenda_scroll(right, ready) {
                action = Some(a);
            }
        });
        if let Some(action) = action {
            self.act(action, view, language, ui.ctx());
        }
    }

    /// The agenda on Home: today's and overdue items, the rest counted.
    pub fn agenda_panel(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        language: Language,
        limit: usize,
    ) {
        let ready = self.ensure_loaded(view, ui.ctx());
        self.refresh(view.today);
        if let Some(action) = self.agenda_list(ui, ready, limit) {
            self.act(action, view, language, ui.ctx());
        }
    }

    /// The selected day's occasions; only the rows in view are drawn (a
    /// big book has hundreds of birthdays on one day).
    fn day_list(&self, ui: &mut egui::Ui, day: NaiveDate, height: f32) -> Option<ItemAction> {
        let lunar = lunar_day_label(day).unwrap_or_default();
        ui.heading(t!(
            "calendar.day_title",
            date = day.format("%Y-%m-%d").to_string(),
            lunar = lunar
        ));
        let occasions = self
            .month
            .as_ref()
            .and_then(|m| m.by_day.get(&day))
            .map(Vec::as_slice)
            .unwrap_or_default();
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

    /// Sets the agenda shown and lays out its rows once (not per frame).
    fn set_agenda(&mut self, today: NaiveDate, items: Vec<AgendaItem>) {
        self.agenda_rows = agenda_rows(&items);
        self.agenda = Some((today, items));
    }

    /// The first rows holding at most `limit` items, and how many items
    /// are left out.
    fn first_rows(&self, limit: usize) -> (&[AgendaRow], usize) {
        let mut shown = 0;
        let mut end = 0;
        for (i, row) in self.agenda_rows.iter().enumerate() {
            if let AgendaRow::Item(_) = row {
                if shown == limit {
                    break;
                }
                shown += 1;
            }
            end = i + 1;
        }
        (&self.agenda_rows[..end], self.agenda_items().len() - shown)
    }

    fn draw_agenda_row(&self, ui: &mut egui::Ui, row: AgendaRow) -> Option<ItemAction> {
        match row {
            AgendaRow::Heading(bucket, count) => {
                let title = match bucket {
                    Bucket::Overdue => t!("agenda.overdue"),
                    Bucket::Today => t!("agenda.today"),
                    Bucket::ThisWeek => t!("agenda.week"),
                };
                let colour = if bucket == Bucket::Overdue {
                    theme::ERROR
                } else {
                    theme::ACCENT
                };
                ui.add_space(6.0);
                ui.label(
                    RichText::new(format!("{title} ({count})"))
                        .strong()
                        .color(colour),
                );
                None
            }
            AgendaRow::Item(index) => {
                ui.push_id(("agenda", index), |ui| {
                    items::agenda_row(ui, &self.agenda_items()[index])
                })
                .inner
            }
        }
    }

    /// The agenda with a heading; every row drawn (Home's short list).
    fn agenda_list(&self, ui: &mut egui::Ui, ready: bool, limit: usize) -> Option<ItemAction> {
        if !self.agenda_heading(ui, ready) {
            return None;
        }
        let (rows, more) = self.first_rows(limit);
        let mut action = None;
        for &row in rows {
            if let Some(a) = self.draw_agenda_row(ui, row) {
                action = Some(a);
            }
        }
        if more > 0 {
            ui.label(RichText::new(t!("agenda.more", n = more)).color(theme::MUTED));
        }
        action
    }

    /// The whole agenda in a scroll area that only draws the rows in view,
    /// so a book with thousands of customers due draws as fast as a small one.
    fn agenda_scroll(&self, ui: &mut egui::Ui, ready: bool) -> Option<ItemAction> {
        if !self.agenda_heading(ui, ready) {
            return None;
        }
        let rows = &self.agenda_rows;
        let mut action = None;
        egui::ScrollArea::vertical()
            .id_salt("calendar-agenda")
            .auto_shrink([false, false])
            .show_rows(ui, AGENDA_ROW_HEIGHT, rows.len(), |ui, range| {
                for &row in &rows[range] {
                    ui.allocate_ui(egui::vec2(ui.available_width(), AGENDA_ROW_HEIGHT), |ui| {
                        ui.set_min_height(AGENDA_ROW_HEIGHT);
                        if let Some(a) = self.draw_agenda_row(ui, row) {
                            action = Some(a);
                        }
                    });
                }
            });
        action
    }

    /// The agenda's heading, or a spinner or "nobody today" instead of the
    /// list; whether there is a list to draw.
    fn agenda_heading(&self, ui: &mut egui::Ui, ready: bool) -> bool {
        ui.heading(t!("agenda.title"));
        if !ready {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t!("calendar.loading"));
            });
            return false;
        }
        if self.agenda_items().is_empty() {
            ui.label(RichText::new(t!("agenda.empty")).color(theme::MUTED));
            return false;
        }
        true
    }

    fn act(
        &mut self,
        action: ItemAction,
        view: &mut ViewCtx<'_>,
        language: Language,
        ctx: &egui::Context,
    ) {
        match action {
            ItemAction::OpenCustomer(id) => view.commands.push(Command::OpenCustomer(id)),
            ItemAction::CopyGreeting(occasion) => {
                let chinese = language == Language::Chinese;
                let gender = occasion
                    .customer
                    .and_then(|id| self.book.as_ref()?.customer(id))
                    .map_or(Gender::Unknown, |c| c.gender);
                let shop = view.store.shop_name();
                match view.store.greeting_template(occasion.kind, chinese) {
                    Ok(template) => {
                        let mut context = context_for(&occasion, gender, &shop, chinese);
                        if occasion.customer.is_none() {
                            // The day's name in the UI language.
                            context.festival = items::day_name(&occasion);
                        }
                        let text = fill(&template, &context);
                        ctx.copy_text(text.clone());
                        self.last_copied = Some(text);
                        view.status.info(t!("agenda.copied"));
                    }
                    Err(e) => view.status.error(crate::i18n::store_error(&e)),
                }
            }
            ItemAction::Contacted(occasion, channel) => {
                let Some(customer) = occasion.customer else {
                    return;
                };
                let entry = ContactEntry {
                    id: None,
                    customer_id: customer,
                    at: crate::store::now(),
                    channel,
                    purpose: ContactPurpose::Greeting,
                    summary: t!("agenda.contact_summary", reason = items::reason(&occasion))
                        .into_owned(),
                    outcome: String::new(),
                    referral_asked: false,
                    next_contact: None,
                };
                match view.store.add_contact(&entry) {
                    Ok(_) => {
                        self.forget(|item| item.occasion.customer == Some(customer));
                        view.status.info(t!(
                            "agenda.contacted_done",
                            name = occasion.customer_name.clone().unwrap_or_default()
                        ));
                        view.commands.push(Command::Reload);
                    }
                    Err(e) => view.status.error(crate::i18n::store_error(&e)),
                }
            }
            ItemAction::Snooze(occasion, days) => {
                let until = view.today + Days::new(u64::from(days));
                let key = OccasionKey::of(&occasion);
                match view.store.snooze(&key, until, view.today) {
                    Ok(()) => {
                        self.snoozed.insert(key.clone(), until);
                        self.forget(|item| OccasionKey::of(&item.occasion) == key);
                        view.status.info(t!(
                            "agenda.snoozed",
                            date = until.format("%Y-%m-%d").to_string()
                        ));
                    }
                    Err(e) => view.status.error(crate::i18n::store_error(&e)),
                }
            }
        }
    }

    /// Asks where to save, then writes the coming days' occasions as an
    /// iCalendar file for a phone's calendar.
    fn export_ics(&mut self, today: NaiveDate, view: &mut ViewCtx<'_>) {
        let Some(book) = &mut self.book else { return };
        let Some(file) = rfd::FileDialog::new()
            .set_file_name("genjin-agenda.ics")
            .add_filter("iCalendar", &["ics"])
            .save_file()
        else {
            return;
        };
        let to = today + Days::new(u64::from(self.export_days.max(1) - 1));
        let occasions = book.occasions(today, to);
        let stamp = chrono::Utc::now().naive_utc();
        match crate::agenda::write_ics_file(&occasions, stamp, &file) {
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

    /// Takes items off the agenda shown (the book is read again afterwards).
    fn forget(&mut self, gone: impl Fn(&AgendaItem) -> bool) {
        if let Some((today, mut items)) = self.agenda.take() {
            items.retain(|item| !gone(item));
            self.set_agenda(today, items);
        }
    }
}

fn month_title(first: NaiveDate) -> String {
    t!(
        "calendar.month_title",
        year = first.year(),
        month = first.month(),
        month_name = crate::i18n::tr(&format!("calendar.month.{}", first.month()))
    )
    .into_owned()
}

fn shift_months(first: NaiveDate, months: i32) -> NaiveDate {
    let shifted = if months >= 0 {
        first.checked_add_months(Months::new(months as u32))
    } else {
        first.checked_sub_months(Months::new(months.unsigned_abs()))
    };
    shifted
        .filter(|d| (1901..=2099).contains(&d.year()))
        .unwrap_or(first)
}
