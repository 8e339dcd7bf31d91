//! Collection (收款) for one customer: what is open and overdue, what the
//! overdue money costs if it turns bad, where the customer stands on the
//! collection ladder, the log of what was done with its promises to pay, a
//! form to log the next step, the letters and the cause of the slow payment.
//!
//! [`CollectionPanel`] is shared: the card's 收款 tab
//! (`customers::card_collection`) shows all of it, the Receivables
//! section's 催收 tab (`collection_tab`) shows the ladder, the log, the form
//! and the letters of the customer picked in its table.

use chrono::{Days, NaiveDate, NaiveDateTime};
use egui::{RichText, TextEdit};

use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::aging::{AgingRules, Allocation, sales_to_recover};
use crate::domain::receivables::ladder::{
    Cause, CauseRecord, LadderPosition, LogEntry, LogError, PromiseState, StepKind,
};
use crate::i18n::{money_error, store_error, t, tr};
use crate::store::Store;
use crate::store::collection::PromiseToPay;
use crate::store::complaints::ComplaintSummary;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;
use crate::ui::widgets::confirm_remove;
use crate::ui::widgets::entry::{EntryField, FieldErrors, Live};
use crate::ui::widgets::form_row::{date_row, text_row};
use crate::ui::widgets::letter::{LetterPanel, step_of};

/// The name of a ladder step.
pub fn step_label(step: StepKind) -> String {
    tr(&format!("coll.step.{}", step.code()))
}

/// The name of a cause.
pub fn cause_label(cause: Cause) -> String {
    tr(&format!("coll.cause.{}", cause.code()))
}

/// A promise's state as a coloured word: kept green, broken red, pending muted.
pub fn promise_badge(state: PromiseState) -> RichText {
    match state {
        PromiseState::Kept => RichText::new(t!("coll.promise.kept")).color(theme::SUCCESS),
        PromiseState::Broken => RichText::new(t!("coll.promise.broken"))
            .color(theme::ERROR)
            .strong(),
        PromiseState::Pending => RichText::new(t!("coll.promise.pending")).color(theme::WARNING),
    }
}

/// What the collection pieces show about one customer, read from the store.
pub struct CustomerCollection {
    pub customer: CustomerId,
    pub name: String,
    pub allocation: Allocation,
    /// Newest first.
    pub log: Vec<LogEntry>,
    pub promises: Vec<PromiseToPay>,
    /// `None` while nothing is overdue.
    pub position: Option<LadderPosition>,
    pub cause: Option<CauseRecord>,
    pub complaints: Vec<ComplaintSummary>,
    pub rules: AgingRules,
}

impl CustomerCollection {
    pub fn load(
        store: &Store,
        customer: CustomerId,
        today: NaiveDate,
    ) -> crate::store::Result<CustomerCollection> {
        let allocation = store.allocation_of(customer, today)?;
        let log = store.collection_log(customer)?;
        let promises = store.promises_to_pay(customer, today)?;
        let ladder = store.ladder()?;
        let days = allocation.oldest_overdue_days();
        let position = (days > 0).then(|| {
            let oldest_due = today - Days::new(u64::from(days));
            // The latest promise made since the oldest debt fell due.
            let promise = log
                .iter()
                .filter(|e| e.date >= oldest_due)
                .find_map(|e| promises.iter().find(|p| Some(p.entry_id) == e.id))
                .map(|p| (p.by, p.state));
            ladder.position(oldest_due, &log, promise)
        });
        Ok(CustomerCollection {
            customer,
            name: store
                .customer_ref(customer)?
                .map(|c| c.name)
                .unwrap_or_default(),
            allocation,
            log,
            promises,
            position,
            cause: store.collection_cause(customer)?,
            complaints: store.complaints_of(customer)?,
            rules: store.aging_rules()?,
        })
    }

    fn promise_of(&self, entry: &LogEntry) -> Option<&PromiseToPay> {
        self.promises.iter().find(|p| Some(p.entry_id) == entry.id)
    }

    /// The step the form offers first: the next rung, or a phone call.
    pub fn next_step(&self) -> StepKind {
        self.position
            .and_then(|p| p.next.map(|n| n.step).or(p.reached))
            .unwrap_or(StepKind::Phone)
    }

    fn bucket_label(&self, days: i64) -> String {
        if days <= 0 {
            return t!("coll.bucket_current").into_owned();
        }
        let edges = &self.rules.edges;
        match edges.range(edges.bucket_of(days)) {
            (first, Some(last)) => t!("coll.bucket_range", first = first, last = last).into_owned(),
            (first, None) => t!("coll.bucket_over", days = first.saturating_sub(1)).into_owned(),
        }
    }
}

/// The fields of the "log a step" form that can carry a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepField {
    Date,
    PromiseDate,
    PromiseAmount,
}

impl EntryField for StepField {
    fn label(self) -> String {
        match self {
            StepField::Date => t!("coll.form.date"),
            StepField::PromiseDate => t!("coll.form.promise_date"),
            StepField::PromiseAmount => t!("coll.form.promise_amount"),
        }
        .into_owned()
    }
}

/// The "log a step" form.
pub struct StepForm {
    date: String,
    step: StepKind,
    who: String,
    said: String,
    promise_date: String,
    promise_amount: String,
    errors: FieldErrors<StepField>,
    live: Live<StepField>,
}

impl StepForm {
    pub fn new(today: NaiveDate, step: StepKind) -> StepForm {
        StepForm {
            date: today.format("%Y-%m-%d").to_string(),
            step,
            who: String::new(),
            said: String::new(),
            promise_date: String::new(),
            promise_amount: String::new(),
            errors: FieldErrors::default(),
            live: Live::default(),
        }
    }

    pub fn has_input(&self) -> bool {
        [&self.said, &self.promise_date, &self.promise_amount]
            .iter()
            .any(|s| !s.trim().is_empty())
    }

    /// The entry as typed, checked the way the domain checks it.
    pub fn parse(
        &self,
        customer_id: CustomerId,
        now: NaiveDateTime,
    ) -> Result<LogEntry, FieldErrors<StepField>> {
        let today = now.date();
        let mut errors = FieldErrors::default();
        let date = errors.required_date(StepField::Date, &self.date);
        let by = errors.optional_date(StepField::PromiseDate, &self.promise_date);
        let bad_date = errors.get(StepField::PromiseDate).is_some();
        let amount = match self.promise_amount.trim() {
            "" => None,
            text => match Money::parse(text) {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.add(StepField::PromiseAmount, money_error(&e));
                    None
                }
            },
        };
        let bad_amount = errors.get(StepField::PromiseAmount).is_some();
        match (by, amount) {
            (Some(_), None) if !bad_amount => {
                errors.add(
                    StepField::PromiseAmount,
                    t!("coll.err_promise_needs_amount"),
                );
            }
            (None, Some(_)) if !bad_date => {
                errors.add(StepField::PromiseDate, t!("coll.err_promise_needs_date"));
            }
            _ => {}
        }
        let Some(date) = date else {
            return Err(errors);
        };
        let entry = LogEntry {
            id: None,
            customer_id,
            date,
            step: self.step,
            who: self.who.trim().to_string(),
            said: self.said.trim().to_string(),
            promise: by.zip(amount),
            created_at: now,
        };
        for problem in entry.validate(today) {
            match problem {
                LogError::PromiseAmount => {
                    errors.add(StepField::PromiseAmount, t!("coll.err_promise_amount"))
                }
                LogError::PromiseBeforeEntry => {
                    errors.add(StepField::PromiseDate, t!("coll.err_promise_before"))
                }
                LogError::InFuture => errors.add(StepField::Date, t!("coll.err_in_future")),
            }
        }
        if errors.is_empty() {
            Ok(entry)
        } else {
            Err(errors)
        }
    }

    /// Clears what was said and promised after a save; keeps who and the day.
    fn clear_after_save(&mut self, next: StepKind) {
        self.said.clear();
        self.promise_date.clear();
        self.promise_amount.clear();
        self.errors.clear();
        self.live.reset();
        self.step = next;
    }

    /// Draws the form; returns true when an entry was written.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        customer: CustomerId,
    ) -> bool {
        let mut saved = false;
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                self.live.begin();
                ui.label(RichText::new(t!("coll.form.title")).strong());
                egui::Grid::new("coll-step-form")
                    .num_columns(2)
                    .spacing([8.0, 4.0])
                    .show(ui, |ui| {
                        let r = date_row(
                            ui,
                            &StepField::Date.label(),
                            &mut self.date,
                            "",
                            110.0,
                            self.errors.get(StepField::Date),
                        );
                        self.live.watch(StepField::Date, &r);
                        ui.label(t!("coll.form.step"));
                        egui::ComboBox::from_id_salt("coll-step-kind")
                            .selected_text(step_label(self.step))
                            .show_ui(ui, |ui| {
                                for s in StepKind::ALL {
                                    ui.selectable_value(&mut self.step, *s, step_label(*s));
                                }
                            })
                            .response
                            .accessible_name(t!("coll.form.step"));
                        ui.end_row();
                        text_row(
                            ui,
                            &t!("coll.form.who"),
                            &mut self.who,
                            &t!("coll.form.who_hint"),
                            160.0,
                            None,
                        );
                        let l = ui.label(t!("coll.form.said"));
                        ui.add(
                            TextEdit::multiline(&mut self.said)
                                .desired_rows(3)
                                .desired_width(300.0)
                                .hint_text(t!("coll.form.said_hint")),
                        )
                        .labelled_by(l.id);
                        ui.end_row();
                        let r = date_row(
                            ui,
                            &StepField::PromiseDate.label(),
                            &mut self.promise_date,
                            &t!("common.optional"),
                            110.0,
                            self.errors.get(StepField::PromiseDate),
                        );
                        self.live.watch(StepField::PromiseDate, &r);
                        let r = text_row(
                            ui,
                            &StepField::PromiseAmount.label(),
                            &mut self.promise_amount,
                            "¥",
                            110.0,
                            self.errors.get(StepField::PromiseAmount),
                        );
                        self.live.watch(StepField::PromiseAmount, &r);
                    });
                if self.live.should_check(&self.errors) {
                    let fresh = self
                        .parse(customer, view.clock.now())
                        .err()
                        .unwrap_or_default();
                    self.errors.follow(fresh, &self.live);
                }
                if ui
                    .button(RichText::new(t!("coll.form.save")).strong())
                    .clicked()
                {
                    saved = self.submit(view, customer);
                }
            });
        saved
    }

    fn submit(&mut self, view: &mut ViewCtx<'_>, customer: CustomerId) -> bool {
        match self.parse(customer, view.clock.now()) {
            Ok(entry) => match view.store.add_collection_entry(&entry) {
                Ok(_) => {
                    view.status.info(t!("coll.form.saved"));
                    let next = self.step;
                    self.clear_after_save(next);
                    true
                }
                Err(e) => {
                    view.status.error(store_error(&e));
                    false
                }
            },
            Err(errors) => {
                self.errors = errors;
                false
            }
        }
    }
}

/// The cause of the slow payment as it is being chosen.
struct CauseForm {
    cause: Option<Cause>,
    complaint: Option<i64>,
    note: String,
}

impl CauseForm {
    fn from_record(r: Option<&CauseRecord>) -> CauseForm {
        CauseForm {
            cause: r.map(|r| r.cause),
            complaint: r.and_then(|r| r.complaint_id),
            note: r.map(|r| r.note.clone()).unwrap_or_default(),
        }
    }
}

/// Everything about collecting from one customer, reused by the card tab
/// and the Receivables section.
pub struct CollectionPanel {
    data: Option<CustomerCollection>,
    stamp: Option<(CustomerId, crate::store::ChangeStamp, NaiveDate)>,
    form: StepForm,
    cause: CauseForm,
    letter: LetterPanel,
    pending_delete: Option<i64>,
}

impl CollectionPanel {
    /// Forgets what was typed in the step form.
    pub fn clear_form(&mut self) {
        let step = self.form.step;
        self.form.clear_after_save(step);
    }

    /// Logs the step being typed; true when written.
    pub fn submit_form(&mut self, view: &mut ViewCtx<'_>, id: CustomerId) -> bool {
        self.form.submit(view, id)
    }

    pub fn new(today: NaiveDate) -> CollectionPanel {
        CollectionPanel {
            data: None,
            stamp: None,
            form: StepForm::new(today, StepKind::Notice),
            cause: CauseForm::from_record(None),
            letter: LetterPanel::default(),
            pending_delete: None,
        }
    }

    /// Something typed in the step form and not yet saved.
    pub fn has_input(&self) -> bool {
        self.form.has_input()
    }

    pub fn data(&self) -> Option<&CustomerCollection> {
        self.data.as_ref()
    }

    /// Reads the customer again when they, the book or the day changed.
    pub fn refresh(&mut self, view: &mut ViewCtx<'_>, customer: CustomerId) {
        let stamp = (customer, view.store.change_stamp(), view.clock.today());
        if self.stamp == Some(stamp) {
            return;
        }
        let other_customer = self.stamp.is_none_or(|(c, _, _)| c != customer);
        self.stamp = Some(stamp);
        match CustomerCollection::load(view.store, customer, view.clock.today()) {
            Ok(data) => {
                if other_customer {
                    self.form = StepForm::new(view.clock.today(), data.next_step());
                    self.cause = CauseForm::from_record(data.cause.as_ref());
                    self.pending_delete = None;
                } else if !self.form.has_input() {
                    self.form.step = data.next_step();
                }
                self.data = Some(data);
            }
            Err(e) => {
                self.data = None;
                view.status.error(store_error(&e));
            }
        }
    }

    /// The open sales, totals and the cost of the overdue money.
    pub fn show_open_sales(&self, ui: &mut egui::Ui) {
        let Some(data) = &self.data else { return };
        let a = &data.allocation;
        if a.open.is_empty() {
            ui.label(RichText::new(t!("coll.nothing_open")).color(theme::SUCCESS));
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t!("coll.total_open", amount = a.total())).strong());
            let overdue = a.overdue();
            if overdue.is_positive() {
                ui.label(
                    RichText::new(t!("coll.total_overdue", amount = overdue))
                        .color(theme::ERROR)
                        .strong(),
                );
            }
        });
        let overdue = a.overdue();
        if overdue.is_positive()
            && let Some(needed) = sales_to_recover(overdue, data.rules.margin_percent)
        {
            ui.label(
                RichText::new(t!(
                    "coll.cost",
                    amount = overdue,
                    margin = data.rules.margin_percent,
                    sales = needed
                ))
                .color(theme::WARNING),
            );
        }
        egui::Grid::new("coll-open-sales")
            .striped(true)
            .num_columns(6)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for h in [
                    "coll.col.sale_date",
                    "coll.col.due",
                    "coll.col.amount",
                    "coll.col.open",
                    "coll.col.days",
                    "coll.col.bucket",
                ] {
                    ui.label(RichText::new(t!(h)).strong());
                }
                ui.end_row();
                for s in &a.open {
                    ui.label(s.date.format("%Y-%m-%d").to_string());
                    ui.label(s.due.format("%Y-%m-%d").to_string());
                    ui.label(s.amount.to_string());
                    ui.label(s.open.to_string());
                    if s.days_overdue > 0 {
                        ui.label(
                            RichText::new(t!("coll.days_overdue", days = s.days_overdue))
                                .color(theme::ERROR),
                        );
                    } else {
                        ui.label(RichText::new(t!("coll.not_due")).color(theme::MUTED));
                    }
                    ui.label(data.bucket_label(s.days_overdue));
                    ui.end_row();
                }
            });
    }

    /// Where the customer stands on the ladder and what comes next.
    pub fn show_position(&self, ui: &mut egui::Ui, today: NaiveDate) {
        let Some(data) = &self.data else { return };
        let Some(p) = data.position else {
            ui.label(RichText::new(t!("coll.no_overdue")).color(theme::MUTED));
            return;
        };
        ui.horizontal_wrapped(|ui| {
            let reached = p
                .reached
                .map(step_label)
                .unwrap_or_else(|| t!("coll.reached_none").into_owned());
            ui.label(t!("coll.reached", step = reached));
            match p.next {
                Some(next) => {
                    let text = t!(
                        "coll.next",
                        step = step_label(next.step),
                        date = next.date.format("%Y-%m-%d")
                    );
                    let color = if next.date < today {
                        theme::ERROR
                    } else {
                        theme::ACCENT
                    };
                    ui.label(RichText::new(text).color(color).strong());
                }
                None => {
                    ui.label(RichText::new(t!("coll.top_of_ladder")).color(theme::ERROR));
                }
            }
        });
    }

    /// The log, newest first, each entry removable after a second click.
    pub fn show_log(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let Some(data) = &self.data else { return };
        ui.label(RichText::new(t!("coll.log_title")).strong());
        if data.log.is_empty() {
            ui.label(RichText::new(t!("coll.log_empty")).color(theme::MUTED));
            return;
        }
        let mut delete = None;
        egui::Grid::new("coll-log")
            .striped(true)
            .num_columns(5)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for e in &data.log {
                    ui.label(e.date.format("%Y-%m-%d").to_string());
                    ui.label(RichText::new(step_label(e.step)).strong());
                    ui.label(&e.who);
                    ui.vertical(|ui| {
                        if !e.said.is_empty() {
                            ui.label(&e.said);
                        }
                        if let Some((by, amount)) = e.promise {
                            ui.horizontal(|ui| {
                                ui.label(t!(
                                    "coll.promised",
                                    amount = amount,
                                    date = by.format("%Y-%m-%d")
                                ));
                                if let Some(p) = data.promise_of(e) {
                                    ui.label(promise_badge(p.state));
                                }
                            });
                        }
                    });
                    ui.horizontal(|ui| {
                        if confirm_remove(ui, &mut self.pending_delete, e.id) {
                            delete = e.id;
                        }
                    });
                    ui.end_row();
                }
            });
        if let Some(id) = delete {
            match view.store.delete_collection_entry(id) {
                Ok(()) => view.status.info(t!("coll.deleted")),
                Err(e) => view.status.error(store_error(&e)),
            }
        }
    }

    /// The "log a step" form; true when an entry was written.
    pub fn show_form(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) -> bool {
        let Some(customer) = self.data.as_ref().map(|d| d.customer) else {
            return false;
        };
        self.form.show(ui, view, customer)
    }

    /// The letters; a letter marked as sent is logged as its step.
    pub fn show_letters(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) -> bool {
        let Some((customer, name)) = self.data.as_ref().map(|d| (d.customer, d.name.clone()))
        else {
            return false;
        };
        let Some(kind) = self.letter.show(ui, view, customer, &name) else {
            return false;
        };
        let entry = LogEntry {
            id: None,
            customer_id: customer,
            date: view.clock.today(),
            step: step_of(kind),
            who: self.form.who.trim().to_string(),
            said: t!(
                "coll.letter.sent_said",
                kind = crate::ui::widgets::letter::kind_label(kind)
            )
            .into_owned(),
            promise: None,
            created_at: view.clock.now(),
        };
        match view.store.add_collection_entry(&entry) {
            Ok(_) => {
                view.status.info(t!("coll.form.saved"));
                true
            }
            Err(e) => {
                view.status.error(store_error(&e));
                false
            }
        }
    }

    /// The cause with its note, and the complaint behind a dissatisfied one.
    pub fn show_cause(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let Some(data) = &self.data else { return };
        let customer = data.customer;
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.label(RichText::new(t!("coll.cause_title")).strong());
                egui::Grid::new("coll-cause")
                    .num_columns(2)
                    .spacing([8.0, 4.0])
                    .show(ui, |ui| {
                        ui.label(t!("coll.cause_label"));
                        let shown = self
                            .cause
                            .cause
                            .map(cause_label)
                            .unwrap_or_else(|| t!("coll.cause.none").into_owned());
                        egui::ComboBox::from_id_salt("coll-cause-kind")
                            .selected_text(shown)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(
                                    &mut self.cause.cause,
                                    None,
                                    t!("coll.cause.none"),
                                );
                                for c in Cause::ALL {
                                    ui.selectable_value(
                                        &mut self.cause.cause,
                                        Some(*c),
                                        cause_label(*c),
                                    );
                                }
                            })
                            .response
                            .accessible_name(t!("coll.cause_label"));
                        ui.end_row();
                        if self.cause.cause == Some(Cause::Dissatisfied) {
                            ui.label(t!("coll.cause_complaint"));
                            ui.horizontal_wrapped(|ui| {
                                let label = |c: &ComplaintSummary| {
                                    format!(
                                        "{} {}",
                                        c.received_at.format("%Y-%m-%d"),
                                        if c.product.is_empty() {
                                            c.words.chars().take(16).collect::<String>()
                                        } else {
                                            c.product.clone()
                                        }
                                    )
                                };
                                let shown = self
                                    .cause
                                    .complaint
                                    .and_then(|id| data.complaints.iter().find(|c| c.id == id))
                                    .map(label)
                                    .unwrap_or_else(|| t!("coll.cause_no_complaint").into_owned());
                                egui::ComboBox::from_id_salt("coll-cause-complaint")
                                    .selected_text(shown)
                                    .show_ui(ui, |ui| {
                                        ui.selectable_value(
                                            &mut self.cause.complaint,
                                            None,
                                            t!("coll.cause_no_complaint"),
                                        );
                                        for c in &data.complaints {
                                            ui.selectable_value(
                                                &mut self.cause.complaint,
                                                Some(c.id),
                                                label(c),
                                            );
                                        }
                                    })
                                    .response
                                    .accessible_name(t!("coll.cause_complaint"));
                                if let Some(id) = self.cause.complaint
                                    && ui.button(t!("coll.open_complaint")).clicked()
                                {
                                    view.commands.push(Command::OpenComplaint(id));
                                }
                                if ui.button(t!("coll.new_complaint")).clicked() {
                                    view.commands.push(Command::NewComplaint {
                                        customer,
                                        sale: None,
                                    });
                                }
                            });
                            ui.end_row();
                        }
                        let l = ui.label(t!("coll.cause_note"));
                        ui.add(
                            TextEdit::singleline(&mut self.cause.note)
                                .desired_width(300.0)
                                .hint_text(t!("coll.cause_note_hint")),
                        )
                        .labelled_by(l.id);
                        ui.end_row();
                    });
                if ui.button(t!("coll.cause_save")).clicked() {
                    let record = self.cause.cause.map(|cause| CauseRecord {
                        cause,
                        complaint_id: if cause == Cause::Dissatisfied {
                            self.cause.complaint
                        } else {
                            None
                        },
                        note: self.cause.note.trim().to_string(),
                        recorded_at: view.clock.now(),
                    });
                    match view.store.set_collection_cause(customer, record.as_ref()) {
                        Ok(()) => view.status.info(t!("coll.cause_saved")),
                        Err(e) => view.status.error(store_error(&e)),
                    }
                }
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nine(d: u32) -> NaiveDateTime {
        day(d).and_hms_opt(9, 0, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn the_step_form_checks_the_promise() {
        let mut f = StepForm::new(day(23), StepKind::Phone);
        f.said = "说月底付".into();
        let e = f.parse(1, nine(23)).unwrap();
        assert_eq!(e.promise, None);
        assert_eq!(e.step, StepKind::Phone);
        f.promise_date = "2026-11-30".into();
        assert!(
            f.parse(1, nine(23))
                .unwrap_err()
                .get(StepField::PromiseAmount)
                .is_some()
        );
        f.promise_amount = "abc".into();
        assert!(
            f.parse(1, nine(23))
                .unwrap_err()
                .get(StepField::PromiseAmount)
                .is_some()
        );
        f.promise_amount = "0".into();
        assert!(
            f.parse(1, nine(23))
                .unwrap_err()
                .get(StepField::PromiseAmount)
                .is_some()
        );
        f.promise_amount = "1,500".into();
        assert_eq!(
            f.parse(1, nine(23)).unwrap().promise,
            Some((day(30), Money::from_yuan(1500)))
        );
        f.promise_date = "2026-11-20".into();
        assert!(
            f.parse(1, nine(23))
                .unwrap_err()
                .get(StepField::PromiseDate)
                .is_some()
        );
        f.promise_date = "2026-11-30".into();
        f.date = "2026-11-24".into();
        assert!(
            f.parse(1, nine(23))
                .unwrap_err()
                .get(StepField::Date)
                .is_some()
        );
    }
}
