//! The agenda as a list: today's, this week's and overdue occasions with
//! copy greeting / contacted / snooze on each. The Calendar section and
//! Home each own one; both draw the agenda the book cache worked out, so
//! neither reaches into the other.

use std::sync::Arc;

use chrono::Days;
use egui::RichText;

use super::items::{self, ItemAction};
use crate::domain::calendar::agenda::{AgendaItem, Bucket, OccasionKey};
use crate::domain::calendar::greeting::{context_for, fill};
use crate::domain::contact::{ContactEntry, ContactPurpose};
use crate::domain::customer::Gender;
use crate::i18n::{Language, store_error, t};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::cache::reports::AgendaData;
use crate::ui::theme;

/// The height of one agenda row (two lines: who and why, then the actions).
pub const AGENDA_ROW_HEIGHT: f32 = 58.0;

/// One row of the agenda list.
#[derive(Clone, Copy)]
pub enum AgendaRow {
    Heading(Bucket, usize),
    /// An index into the agenda's items.
    Item(usize),
}

/// Lays the agenda's items (sorted by bucket) out as a heading per
/// non-empty bucket followed by its items (the book cache does this with
/// the agenda; a view again only after taking items off).
pub fn agenda_rows(items: &[AgendaItem]) -> Vec<AgendaRow> {
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

/// The agenda list's own state: its rows laid out once per new agenda.
#[derive(Default)]
pub struct AgendaPanel {
    /// The cache generation and item count the rows were laid out for.
    laid_out: Option<(u64, usize)>,
    rows: Arc<Vec<AgendaRow>>,
    /// The greeting most recently put on the clipboard.
    last_copied: Option<String>,
}

impl AgendaPanel {
    /// The greeting most recently put on the clipboard (tests read it).
    pub fn last_copied(&self) -> Option<&str> {
        self.last_copied.as_deref()
    }

    /// Takes the rows laid out with a new agenda, or lays them out again
    /// when items were taken off it.
    fn sync(&mut self, data: &AgendaData, generation: u64) {
        let now = (generation, data.items.len());
        if self.laid_out == Some(now) {
            return;
        }
        let rows = if data.rows_for == data.items.len() {
            Arc::clone(&data.rows)
        } else {
            Arc::new(agenda_rows(&data.items))
        };
        crate::ui::cache::drop_later(std::mem::replace(&mut self.rows, rows));
        self.laid_out = Some(now);
    }

    /// The first `limit` items with their headings (Home's short list),
    /// and how many are left out.
    pub fn list(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, limit: usize) {
        let slot = view.cache.agenda(view.store, &view.clock);
        let generation = slot.generation();
        let Some(data) = slot.get() else {
            loading(ui);
            return;
        };
        self.sync(data, generation);
        if !heading(ui, &data.items) {
            return;
        }
        let mut shown = 0;
        let mut action = None;
        for &row in self.rows.iter() {
            if let AgendaRow::Item(_) = row {
                if shown == limit {
                    break;
                }
                shown += 1;
            }
            if let Some(a) = draw_row(ui, &data.items, row) {
                action = Some(a);
            }
        }
        let more = data.items.len() - shown;
        if more > 0 {
            ui.label(RichText::new(t!("agenda.more", n = more)).color(theme::MUTED));
        }
        if let Some(action) = action {
            self.act(action, view, ui.ctx());
        }
    }

    /// The whole agenda in a scroll area that only draws the rows in view,
    /// so a book with thousands of customers due draws as fast as a small one.
    pub fn scroll(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let slot = view.cache.agenda(view.store, &view.clock);
        let generation = slot.generation();
        let Some(data) = slot.get() else {
            loading(ui);
            return;
        };
        self.sync(data, generation);
        if !heading(ui, &data.items) {
            return;
        }
        let rows = &self.rows;
        let mut action = None;
        egui::ScrollArea::vertical()
            .id_salt("calendar-agenda")
            .auto_shrink([false, false])
            .show_rows(ui, AGENDA_ROW_HEIGHT, rows.len(), |ui, range| {
                for &row in &rows[range] {
                    ui.allocate_ui(egui::vec2(ui.available_width(), AGENDA_ROW_HEIGHT), |ui| {
                        ui.set_min_height(AGENDA_ROW_HEIGHT);
                        if let Some(a) = draw_row(ui, &data.items, row) {
                            action = Some(a);
                        }
                    });
                }
            });
        if let Some(action) = action {
            self.act(action, view, ui.ctx());
        }
    }

    /// Carries out what a row's button asked for; false when it could not
    /// be (the message is in the status line).
    pub fn act(&mut self, action: ItemAction, view: &mut ViewCtx<'_>, ctx: &egui::Context) -> bool {
        match action {
            ItemAction::OpenCustomer(id) => view.commands.push(Command::OpenCustomer(id)),
            ItemAction::CopyGreeting(occasion) => {
                let chinese = view.language == Language::Chinese;
                let gender = occasion
                    .customer
                    .and_then(|id| {
                        view.cache
                            .agenda(view.store, &view.clock)
                            .get()?
                            .book
                            .customer(id)
                            .map(|c| c.gender)
                    })
                    .unwrap_or(Gender::Unknown);
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
                    Err(e) => {
                        view.status.error(store_error(&e));
                        return false;
                    }
                }
            }
            ItemAction::Contacted(occasion, channel) => {
                let Some(customer) = occasion.customer else {
                    return false;
                };
                let entry = ContactEntry {
                    id: None,
                    customer_id: customer,
                    at: view.clock.now(),
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
                        forget(view, |item| item.occasion.customer == Some(customer));
                        view.status.info(t!(
                            "agenda.contacted_done",
                            name = occasion.customer_name.clone().unwrap_or_default()
                        ));
                        view.commands.push(Command::CustomerChanged(customer));
                    }
                    Err(e) => {
                        view.status.error(store_error(&e));
                        return false;
                    }
                }
            }
            ItemAction::Snooze(occasion, days) => {
                let today = view.clock.today();
                let until = today + Days::new(u64::from(days));
                let key = OccasionKey::of(&occasion);
                match view.store.snooze(&key, until, today) {
                    Ok(()) => {
                        forget(view, |item| OccasionKey::of(&item.occasion) == key);
                        view.status.info(t!(
                            "agenda.snoozed",
                            date = until.format("%Y-%m-%d").to_string()
                        ));
                    }
                    Err(e) => {
                        view.status.error(store_error(&e));
                        return false;
                    }
                }
            }
        }
        true
    }
}

/// Takes items off the agenda shown at once; the cache reads the book
/// again because the write changed it.
fn forget(view: &mut ViewCtx<'_>, gone: impl Fn(&AgendaItem) -> bool) {
    if let Some(data) = view.cache.agenda(view.store, &view.clock).get_mut() {
        data.items.retain(|item| !gone(item));
    }
}

fn draw_row(ui: &mut egui::Ui, items: &[AgendaItem], row: AgendaRow) -> Option<ItemAction> {
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
            let item = items.get(index)?;
            ui.push_id(("agenda", index), |ui| items::agenda_row(ui, item))
                .inner
        }
    }
}

/// The agenda's heading, or "nobody today" instead of the list; whether
/// there is a list to draw.
fn heading(ui: &mut egui::Ui, items: &[AgendaItem]) -> bool {
    ui.heading(t!("agenda.title"));
    if items.is_empty() {
        ui.label(RichText::new(t!("agenda.empty")).color(theme::MUTED));
        return false;
    }
    true
}

fn loading(ui: &mut egui::Ui) {
    ui.heading(t!("agenda.title"));
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(t!("calendar.loading"));
    });
}
