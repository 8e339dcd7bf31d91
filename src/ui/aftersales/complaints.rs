//! The Complaints tab: the list of cases (status, customer, product, age,
//! service-level flags; filters and search), starting a case for a picked
//! or quickly created customer, and the wizard for the open case.

use std::time::Duration;

use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};

use super::steps;
use super::wizard::Wizard;
use crate::domain::complaint::{ComplaintId, ComplaintRules, ComplaintStatus, Step};
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::phone::Phone;
use crate::domain::search::{Query, SearchKey};
use crate::i18n::{label, phone_error, store_error, t};
use crate::store::complaints::ComplaintSummary;
use crate::store::customers::CustomerSummary;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;
use crate::ui::widgets::error_line;

/// Choosing the customer of a new case.
#[derive(Default)]
struct Picker {
    query: String,
    new_name: String,
    new_phone: String,
    error: Option<String>,
}

/// A case in the list with what the search compares, worked out once when
/// the list is read rather than on every frame.
struct ListRow {
    case: ComplaintSummary,
    /// The customer's name with its pinyin keys.
    key: SearchKey,
    /// Customer, product and the customer's words, in lower case.
    text: String,
}

impl ListRow {
    fn new(case: ComplaintSummary) -> ListRow {
        ListRow {
            key: SearchKey::new(&case.customer_name, &[], "", ""),
            text: format!("{}\n{}\n{}", case.customer_name, case.product, case.words)
                .to_lowercase(),
            case,
        }
    }
}

#[derive(Default)]
pub struct ComplaintsView {
    rows: Option<Vec<ListRow>>,
    rules: Option<ComplaintRules>,
    status: Option<ComplaintStatus>,
    only_late: bool,
    search: String,
    picker: Option<Picker>,
    wizard: Option<Wizard>,
    confirm_discard: bool,
}

impl ComplaintsView {
    pub fn invalidate(&mut self) {
        self.rows = None;
        self.rules = None;
    }

    /// The case open in the wizard (tests look inside).
    pub fn wizard(&self) -> Option<&Wizard> {
        self.wizard.as_ref()
    }

    pub fn wizard_mut(&mut self) -> Option<&mut Wizard> {
        self.wizard.as_mut()
    }

    pub fn start(&mut self, view: &mut ViewCtx<'_>, customer: CustomerId, sale: Option<i64>) {
        self.flush(view);
        // Received now, on the app's "today" (tests and demos fix the day).
        let received = view.clock.now();
        match Wizard::start(view.store, customer, sale, received) {
            Ok(w) => {
                self.wizard = Some(w);
                self.picker = None;
            }
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    pub fn open(&mut self, view: &mut ViewCtx<'_>, id: ComplaintId) {
        self.flush(view);
        match Wizard::open(view.store, id) {
            Ok(w) => self.wizard = Some(w),
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    /// Writes the open case if it has unsaved changes.
    pub fn flush(&mut self, view: &mut ViewCtx<'_>) {
        if let Some(w) = &mut self.wizard
            && w.has_unsaved_changes()
        {
            w.save(view);
            self.rows = None;
        }
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        customers: &[CustomerSummary],
    ) {
        if self.wizard.is_some() {
            self.show_wizard(ui, view);
            return;
        }
        if self.picker.is_some() {
            self.show_picker(ui, view, customers);
            return;
        }
        self.show_list(ui, view);
    }

    fn show_list(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        if self.rows.is_none() {
            match view.store.complaint_summaries() {
                Ok(rows) => self.rows = Some(rows.into_iter().map(ListRow::new).collect()),
                Err(e) => {
                    view.status.error(store_error(&e));
                    self.rows = Some(Vec::new());
                }
            }
        }
        let rules = *self
            .rules
            .get_or_insert_with(|| match view.store.complaint_rules() {
                Ok(rules) => rules,
                Err(e) => {
                    view.status.error(store_error(&e));
                    ComplaintRules::default()
                }
            });
        let now = view.clock.now();
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(t!("complaints.new")).strong())
                .clicked()
            {
                self.picker = Some(Picker::default());
            }
            ui.separator();
            egui::ComboBox::from_id_salt("complaint-status")
                .selected_text(match self.status {
                    Some(s) => label("complaint_status", s.code()),
                    None => t!("complaints.all_statuses").into_owned(),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, t!("complaints.all_statuses"));
                    for s in ComplaintStatus::ALL {
                        ui.selectable_value(
                            &mut self.status,
                            Some(*s),
                            label("complaint_status", s.code()),
                        );
                    }
                })
                .response
                .accessible_name(t!("complaints.status_filter"));
            ui.checkbox(&mut self.only_late, t!("complaints.only_late"));
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text(t!("complaints.search"))
                    .desired_width(200.0),
            )
            .accessible_name(t!("complaints.search"));
        });
        let rows = self.rows.as_deref().unwrap_or_default();
        let query = Query::parse(&self.search);
        let needle = self.search.trim().to_lowercase();
        let visible: Vec<&ComplaintSummary> = rows
            .iter()
            .filter(|r| self.status.is_none_or(|s| r.case.status == s))
            .filter(|r| !self.only_late || r.case.sla_flags(&rules, now).any())
            .filter(|r| needle.is_empty() || r.text.contains(&needle) || query.matches(&r.key))
            .map(|r| &r.case)
            .collect();
        ui.label(
            RichText::new(t!(
                "complaints.count",
                shown = visible.len(),
                total = rows.len()
            ))
            .small()
            .color(theme::MUTED),
        );
        if rows.is_empty() {
            ui.add_space(20.0);
            ui.label(t!("complaints.empty"));
            return;
        }
        let mut open = None;
        // Plain labels, so a click anywhere on a row opens the case.
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("complaint-table")
            .striped(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(92.0))
            .column(Column::initial(90.0).clip(true))
            .column(Column::initial(150.0).clip(true))
            .column(Column::initial(110.0))
            .column(Column::exact(60.0))
            .column(Column::initial(100.0))
            .column(Column::remainder().clip(true))
            .min_scrolled_height(0.0)
            .header(24.0, |mut h| {
                for key in [
                    "complaints.col_received",
                    "complaints.col_customer",
                    "complaints.col_product",
                    "complaints.col_status",
                    "complaints.col_age",
                    "complaints.col_follow_up",
                    "complaints.col_flags",
                ] {
                    h.col(|ui| {
                        ui.strong(t!(key));
                    });
                }
            })
            .body(|body| {
                body.rows(26.0, visible.len(), |mut row| {
                    let r = visible[row.index()];
                    let flags = r.sla_flags(&rules, now);
                    let (late_response, late_close) = (flags.late_first_response, flags.late_close);
                    row.col(|ui| {
                        ui.label(r.received_at.format("%Y-%m-%d").to_string());
                    });
                    row.col(|ui| {
                        ui.label(&r.customer_name);
                    });
                    row.col(|ui| {
                        ui.label(&r.product);
                    });
                    row.col(|ui| {
                        ui.label(
                            RichText::new(label("complaint_status", r.status.code()))
                                .color(status_color(r.status)),
                        );
                    });
                    row.col(|ui| {
                        let end = r.closed_at.unwrap_or(now);
                        ui.label(t!(
                            "complaints.days",
                            days = (end - r.received_at).num_days()
                        ));
                    });
                    row.col(|ui| {
                        if let Some(d) = r.follow_up_date {
                            let overdue = r.closed_at.is_none() && d <= view.clock.today();
                            let text = RichText::new(d.format("%Y-%m-%d").to_string());
                            ui.label(if overdue {
                                text.color(theme::WARNING)
                            } else {
                                text
                            });
                        }
                    });
                    row.col(|ui| {
                        if late_response {
                            ui.label(
                                RichText::new(t!("complaints.late_response")).color(theme::ERROR),
                            );
                        }
                        if late_close {
                            let key = if r.closed_at.is_some() {
                                "complaints.closed_late"
                            } else {
                                "complaints.late_close"
                            };
                            ui.label(RichText::new(t!(key)).color(theme::ERROR));
                        }
                    });
                    if row.response().clicked() {
                        open = Some(r.id);
                    }
                });
            });
        if let Some(id) = open {
            self.open(view, id);
        }
    }

    fn show_picker(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        customers: &[CustomerSummary],
    ) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        let mut chosen = None;
        let mut cancel = false;
        ui.heading(t!("complaints.pick_title"));
        ui.add(
            egui::TextEdit::singleline(&mut picker.query)
                .hint_text(t!("complaints.pick_hint"))
                .desired_width(320.0)
                .id_salt("complaint-pick-query"),
        )
        .accessible_name(t!("complaints.pick_title"));
        let query = Query::parse(&picker.query);
        if !query.is_empty() {
            let matches: Vec<&CustomerSummary> = customers
                .iter()
                .filter(|c| query.matches(&c.key))
                .take(12)
                .collect();
            if matches.is_empty() {
                ui.label(RichText::new(t!("complaints.pick_none")).color(theme::MUTED));
            }
            for c in matches {
                let text = if c.mobile.is_empty() {
                    c.name.clone()
                } else {
                    format!("{}  {}", c.name, c.mobile)
                };
                if ui.button(text).clicked() {
                    chosen = Some(c.id);
                }
            }
        }
        ui.add_space(12.0);
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_max_width(520.0);
                ui.label(RichText::new(t!("complaints.quick_new")).strong());
                ui.horizontal(|ui| {
                    ui.label(t!("complaints.quick_name"));
                    ui.add(egui::TextEdit::singleline(&mut picker.new_name).desired_width(140.0));
                    ui.label(t!("complaints.quick_phone"));
                    ui.add(egui::TextEdit::singleline(&mut picker.new_phone).desired_width(140.0));
                    if ui.button(t!("complaints.quick_create")).clicked() {
                        match quick_customer(view, &picker.new_name, &picker.new_phone) {
                            Ok(id) => {
                                chosen = Some(id);
                                view.commands.push(Command::Reload);
                            }
                            Err(e) => picker.error = Some(e),
                        }
                    }
                });
                error_line(ui, picker.error.as_ref());
            });
        ui.add_space(8.0);
        if ui.button(t!("common.cancel")).clicked() {
            cancel = true;
        }
        if let Some(id) = chosen {
            self.start(view, id, None);
        } else if cancel {
            self.picker = None;
        }
    }

    fn show_wizard(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let Some(w) = &mut self.wizard else { return };
        let confirm_discard = &mut self.confirm_discard;
        let mut discard = false;
        let mut leave = false;
        ui.horizontal(|ui| {
            if ui.button(t!("case.to_list")).clicked() {
                leave = true;
            }
            let title = match w.case.id {
                Some(id) => t!("case.title_saved", id = id, name = w.customer_name),
                None => t!("case.title_new", name = w.customer_name),
            };
            ui.heading(title);
            let status = w.case.status(&w.rules);
            ui.label(
                RichText::new(label("complaint_status", status.code())).color(status_color(status)),
            );
            if ui.link(t!("case.open_card")).clicked() {
                view.commands
                    .push(Command::OpenCustomer(w.case.customer_id));
            }
        });
        if let Some(step) = steps::step_bar(ui, w) {
            w.go_to(step, view);
        }
        ui.separator();
        let closed = w.case.closed_at.is_some();
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("wizard-scroll")
            .max_height(ui.available_height() - 70.0)
            .auto_shrink([false, true]);
        if w.drawn_step != Some(w.case.step) {
            scroll = scroll.vertical_scroll_offset(0.0);
            w.drawn_step = Some(w.case.step);
        }
        scroll.show(ui, |ui| {
            ui.add_enabled_ui(!closed, |ui| match w.case.step {
                Step::Listen => steps::listen(ui, w),
                Step::Apologize => steps::apologize(ui, w),
                Step::Facts => steps::facts(ui, w, view),
                Step::Solution => steps::solution(ui, w, view.clock.now()),
                Step::Opinion => steps::opinion(ui, w),
                Step::FollowUp => steps::follow_up(ui, w),
            });
        });
        ui.separator();
        w.recheck();
        if !w.missing.is_empty() {
            ui.label(RichText::new(steps::missing_text(&w.missing)).color(theme::ERROR));
        }
        if closed {
            ui.label(
                RichText::new(t!(
                    "case.closed_on",
                    at = w
                        .case
                        .closed_at
                        .map(|c| c.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default()
                ))
                .color(theme::SUCCESS),
            );
        }
        // The buttons keep their places from step to step: Back is always
        // laid out (greyed on the first step), Next and Close share one
        // slot, and discarding sits apart at the right, its confirmation
        // putting Cancel where Discard was, so a double click never
        // lands on a button that just moved in.
        ui.horizontal(|ui| {
            let step = w.case.step;
            if ui
                .add_enabled(
                    !closed && step != Step::Listen,
                    egui::Button::new(t!("case.back")),
                )
                .clicked()
            {
                w.back(view);
            }
            if step != Step::FollowUp {
                let next = if step == Step::Opinion && w.case.accepted == Some(false) {
                    t!("case.back_to_solution")
                } else {
                    t!("case.next")
                };
                if ui
                    .add_enabled(!closed, egui::Button::new(RichText::new(next).strong()))
                    .clicked()
                {
                    w.next(view);
                }
            } else if ui
                .add_enabled(
                    !closed,
                    egui::Button::new(RichText::new(t!("case.close_case")).strong()),
                )
                .clicked()
                && w.close(view)
            {
                view.status.info(t!("case.closed"));
                view.commands.push(Command::Reload);
            }
            let saved = if w.has_unsaved_changes() {
                t!("case.saving")
            } else if w.case.id.is_some() {
                t!("case.saved")
            } else {
                t!("case.not_started")
            };
            ui.label(RichText::new(saved).small().color(theme::MUTED));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if w.case.id.is_none() || closed {
                    return;
                }
                if *confirm_discard {
                    if ui.button(t!("common.cancel")).clicked() {
                        *confirm_discard = false;
                    }
                    if ui
                        .button(RichText::new(t!("case.discard_yes")).color(theme::ERROR))
                        .clicked()
                    {
                        discard = true;
                        *confirm_discard = false;
                    }
                    ui.label(RichText::new(t!("case.discard_question")).color(theme::ERROR));
                } else if ui.button(t!("case.discard")).clicked() {
                    *confirm_discard = true;
                }
            });
        });
        if discard && let Some(id) = w.case.id {
            match view.store.delete_complaint(id) {
                Ok(()) => {
                    if let Err(e) = view
                        .store
                        .delete_draft(crate::store::drafts::kinds::COMPLAINT, &id.to_string())
                    {
                        log::warn!("could not remove the draft of deleted complaint {id}: {e}");
                    }
                    self.wizard = None;
                    self.rows = None;
                    view.commands.push(Command::Reload);
                    return;
                }
                Err(e) => view.status.error(store_error(&e)),
            }
        }
        let time = ui.input(|i| i.time);
        if let Some(wait) = w.autosave(view, time) {
            ui.ctx()
                .request_repaint_after(wait + Duration::from_millis(20));
        }
        if leave {
            w.save(view);
            self.wizard = None;
            self.rows = None;
            self.confirm_discard = false;
            view.commands.push(Command::Reload);
        }
    }
}

pub fn status_color(s: ComplaintStatus) -> egui::Color32 {
    match s {
        ComplaintStatus::Draft => theme::MUTED,
        ComplaintStatus::Open => theme::ACCENT,
        ComplaintStatus::AwaitingApproval => theme::WARNING,
        ComplaintStatus::FollowUpDue => theme::WARNING,
        ComplaintStatus::Closed => theme::SUCCESS,
    }
}

/// Creates a customer from a name and an optional phone (the counter's
/// quick path); the card can be completed later.
fn quick_customer(view: &mut ViewCtx<'_>, name: &str, phone: &str) -> Result<CustomerId, String> {
    if name.trim().is_empty() {
        return Err(t!("err.required").into_owned());
    }
    let mut customer = Customer::new(name.trim(), view.clock.now());
    if !phone.trim().is_empty() {
        customer.mobile = Phone::parse(phone)
            .map_err(|e| phone_error(&e))?
            .into_string();
    }
    view.store
        .save_customer(&customer)
        .map_err(|e| store_error(&e))
}
