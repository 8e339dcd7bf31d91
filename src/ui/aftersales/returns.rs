//! The Returns tab (退换货登记): the one-screen form the counter clerk fills
//! in seconds, quality alerts above it, and the log below.

use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};

use super::alerts::{self, AckNotes};
use crate::domain::complaint::ComplaintId;
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnProblem, ReturnReason};
use crate::domain::sale::Sale;
use crate::domain::search::Query;
use crate::domain::warranty::GoodsCondition;
use crate::i18n::{label, money_error, store_error, t};
use crate::store::complaints::ComplaintSummary;
use crate::store::customers::CustomerSummary;
use crate::store::returns::{AlertState, ReturnRow};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::{error_line, parse_optional_date, sale_label};

/// The form as typed.
pub struct ReturnForm {
    pub date: String,
    pub customer: Option<(CustomerId, String)>,
    pub customer_query: String,
    pub sale: Option<i64>,
    pub product: String,
    pub quantity: u32,
    pub reason: ReturnReason,
    pub condition: GoodsCondition,
    pub outcome: ReturnOutcome,
    pub refund: String,
    pub refund_to: RefundTo,
    pub note: String,
    pub complaint: Option<ComplaintId>,
}

impl ReturnForm {
    fn new(today: chrono::NaiveDate) -> ReturnForm {
        ReturnForm {
            date: today.format("%Y-%m-%d").to_string(),
            customer: None,
            customer_query: String::new(),
            sale: None,
            product: String::new(),
            quantity: 1,
            reason: ReturnReason::Quality,
            condition: GoodsCondition::Used,
            outcome: ReturnOutcome::Refund,
            refund: String::new(),
            refund_to: RefundTo::PaidOut,
            note: String::new(),
            complaint: None,
        }
    }
}

/// Messages per field of the form.
#[derive(Default)]
struct FormErrors {
    date: Option<String>,
    product: Option<String>,
    quantity: Option<String>,
    refund: Option<String>,
    refund_to: Option<String>,
}

#[derive(Default)]
pub struct ReturnsView {
    form: Option<ReturnForm>,
    errors: FormErrors,
    rows: Option<Vec<ReturnRow>>,
    alerts: Option<Vec<AlertState>>,
    notes: AckNotes,
    /// The picked customer's purchases and cases.
    sales: Vec<Sale>,
    complaints: Vec<ComplaintSummary>,
}

impl ReturnsView {
    pub fn invalidate(&mut self) {
        self.rows = None;
        self.alerts = None;
    }

    /// The form being filled in (tests fill it directly).
    pub fn form_mut(&mut self, today: chrono::NaiveDate) -> &mut ReturnForm {
        self.form.get_or_insert_with(|| ReturnForm::new(today))
    }

    /// The alerts shown (tests look inside).
    pub fn alerts(&self) -> Option<&[AlertState]> {
        self.alerts.as_deref()
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        customers: &[CustomerSummary],
    ) {
        if self.alerts.is_none() {
            self.alerts = Some(
                view.store
                    .quality_alerts(view.clock.today())
                    .unwrap_or_else(|e| {
                        view.status.error(store_error(&e));
                        Vec::new()
                    }),
            );
        }
        if self.rows.is_none() {
            self.rows = Some(view.store.returns().unwrap_or_else(|e| {
                view.status.error(store_error(&e));
                Vec::new()
            }));
        }
        egui::ScrollArea::vertical()
            .id_salt("returns-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if alerts::banners(
                    ui,
                    view,
                    self.alerts.as_deref().unwrap_or_default(),
                    &mut self.notes,
                ) {
                    self.alerts = None;
                    view.commands.push(Command::Reload);
                }
                self.show_form(ui, view, customers);
                ui.add_space(10.0);
                ui.heading(t!("returns.log"));
                self.show_log(ui);
            });
    }

    fn show_form(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        customers: &[CustomerSummary],
    ) {
        let form = self
            .form
            .get_or_insert_with(|| ReturnForm::new(view.clock.today()));
        let mut record = false;
        let mut pick_customer: Option<Option<(CustomerId, String)>> = None;
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(t!("returns.form_title"))
                        .strong()
                        .color(theme::ACCENT),
                );
                egui::Grid::new("return-form")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        let title = ui.label(t!("returns.date"));
                        ui.vertical(|ui| {
                            ui.add(DateInput::new(&mut form.date).desired_width(120.0))
                                .labelled_by(title.id);
                            error_line(ui, self.errors.date.as_ref());
                        });
                        ui.end_row();

                        ui.label(t!("returns.customer"));
                        ui.vertical(|ui| match &form.customer {
                            Some((_, name)) => {
                                ui.horizontal(|ui| {
                                    ui.label(RichText::new(name).strong());
                                    if ui.small_button(t!("returns.walk_in")).clicked() {
                                        pick_customer = Some(None);
                                    }
                                });
                            }
                            None => {
                                ui.add(
                                    egui::TextEdit::singleline(&mut form.customer_query)
                                        .hint_text(t!("returns.customer_hint"))
                                        .desired_width(260.0)
                                        .id_salt("return-customer"),
                                );
                                let query = Query::parse(&form.customer_query);
                                if !query.is_empty() {
                                    ui.horizontal_wrapped(|ui| {
                                        for c in customers
                                            .iter()
                                            .filter(|c| query.matches(&c.key))
                                            .take(6)
                                        {
                                            if ui
                                                .small_button(format!("{} {}", c.name, c.mobile))
                                                .clicked()
                                            {
                                                pick_customer = Some(Some((c.id, c.name.clone())));
                                            }
                                        }
                                    });
                                }
                            }
                        });
                        ui.end_row();

                        if form.customer.is_some() {
                            ui.label(t!("returns.sale"));
                            let selected = form
                                .sale
                                .and_then(|id| self.sales.iter().find(|s| s.id == Some(id)))
                                .map(sale_label)
                                .unwrap_or_else(|| t!("returns.no_sale").into_owned());
                            egui::ComboBox::from_id_salt("return-sale")
                                .selected_text(selected)
                                .width(360.0)
                                .show_ui(ui, |ui| {
                                    if ui
                                        .selectable_label(
                                            form.sale.is_none(),
                                            t!("returns.no_sale"),
                                        )
                                        .clicked()
                                    {
                                        form.sale = None;
                                    }
                                    for s in self.sales.iter().rev() {
                                        if ui
                                            .selectable_label(form.sale == s.id, sale_label(s))
                                            .clicked()
                                        {
                                            form.sale = s.id;
                                            form.product = s.product.clone();
                                        }
                                    }
                                })
                                .response
                                .accessible_name(t!("returns.sale"));
                            ui.end_row();
                        }

                        let title = ui.label(t!("returns.product"));
                        ui.vertical(|ui| {
                            ui.add(
                                egui::TextEdit::singleline(&mut form.product)
                                    .desired_width(260.0)
                                    .id_salt("return-product"),
                            )
                            .labelled_by(title.id);
                            error_line(ui, self.errors.product.as_ref());
                        });
                        ui.end_row();

                        let title = ui.label(t!("returns.quantity"));
                        ui.vertical(|ui| {
                            ui.add(egui::DragValue::new(&mut form.quantity).range(0..=9999))
                                .labelled_by(title.id);
                            error_line(ui, self.errors.quantity.as_ref());
                        });
                        ui.end_row();

                        ui.label(t!("returns.reason"));
                        ui.horizontal_wrapped(|ui| {
                            for r in ReturnReason::ALL {
                                ui.radio_value(
                                    &mut form.reason,
                                    *r,
                                    label("return_reason", r.code()),
                                );
                            }
                        });
                        ui.end_row();

                        ui.label(t!("returns.condition"));
                        ui.horizontal(|ui| {
                            for c in GoodsCondition::ALL {
                                ui.radio_value(
                                    &mut form.condition,
                                    *c,
                                    label("condition", c.code()),
                                );
                            }
                        });
                        ui.end_row();

                        ui.label(t!("returns.outcome"));
                        ui.horizontal(|ui| {
                            for o in ReturnOutcome::ALL {
                                ui.radio_value(
                                    &mut form.outcome,
                                    *o,
                                    label("return_outcome", o.code()),
                                );
                            }
                        });
                        ui.end_row();

                        if form.outcome == ReturnOutcome::Refund {
                            let title = ui.label(t!("returns.refund"));
                            ui.vertical(|ui| {
                                ui.horizontal(|ui| {
                                    ui.add(
                                        egui::TextEdit::singleline(&mut form.refund)
                                            .desired_width(100.0)
                                            .id_salt("return-refund"),
                                    )
                                    .labelled_by(title.id);
                                    ui.label(t!("case.yuan"));
                                    for to in RefundTo::ALL {
                                        ui.radio_value(
                                            &mut form.refund_to,
                                            *to,
                                            label("refund_to", to.code()),
                                        );
                                    }
                                });
                                error_line(ui, self.errors.refund.as_ref());
                                error_line(ui, self.errors.refund_to.as_ref());
                            });
                            ui.end_row();
                        }

                        if !self.complaints.is_empty() {
                            ui.label(t!("returns.complaint"));
                            let selected = form
                                .complaint
                                .and_then(|id| self.complaints.iter().find(|c| c.id == id))
                                .map(complaint_text)
                                .unwrap_or_else(|| t!("returns.no_complaint").into_owned());
                            egui::ComboBox::from_id_salt("return-complaint")
                                .selected_text(selected)
                                .width(360.0)
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(
                                        &mut form.complaint,
                                        None,
                                        t!("returns.no_complaint"),
                                    );
                                    for c in &self.complaints {
                                        ui.selectable_value(
                                            &mut form.complaint,
                                            Some(c.id),
                                            complaint_text(c),
                                        );
                                    }
                                })
                                .response
                                .accessible_name(t!("returns.complaint"));
                            ui.end_row();
                        }

                        let title = ui.label(t!("returns.note"));
                        ui.add(
                            egui::TextEdit::singleline(&mut form.note)
                                .desired_width(360.0)
                                .id_salt("return-note"),
                        )
                        .labelled_by(title.id);
                        ui.end_row();
                    });
                ui.label(
                    RichText::new(t!("returns.warmly"))
                        .small()
                        .color(theme::MUTED),
                );
                if ui
                    .button(RichText::new(t!("returns.record")).strong())
                    .clicked()
                {
                    record = true;
                }
            });
        if let Some(customer) = pick_customer {
            form.sale = None;
            form.complaint = None;
            match &customer {
                Some((id, _)) => {
                    self.sales = view.store.sales_for(*id).unwrap_or_else(|e| {
                        view.status.error(store_error(&e));
                        Vec::new()
                    });
                    self.complaints = view.store.complaints_of(*id).unwrap_or_else(|e| {
                        view.status.error(store_error(&e));
                        Vec::new()
                    });
                }
                None => {
                    self.sales.clear();
                    self.complaints.clear();
                }
            }
            form.customer = customer;
        }
        if record {
            self.record(view);
        }
    }

    /// Validates the form and records the return; the form keeps what was
    /// typed when something is wrong.
    pub fn record(&mut self, view: &mut ViewCtx<'_>) -> bool {
        let Some(form) = &self.form else { return false };
        let mut errors = FormErrors::default();
        let date = match parse_optional_date(&form.date) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.date = Some(t!("err.required").into_owned());
                None
            }
            Err(e) => {
                errors.date = Some(e);
                None
            }
        };
        let refund = if form.outcome == ReturnOutcome::Refund {
            match Money::parse(&form.refund) {
                Ok(m) => m,
                Err(e) => {
                    errors.refund = Some(money_error(&e));
                    Money::ZERO
                }
            }
        } else {
            Money::ZERO
        };
        let entry = ReturnEntry {
            id: None,
            date: date.unwrap_or(view.clock.today()),
            customer_id: form.customer.as_ref().map(|c| c.0),
            sale_id: form.sale,
            product: form.product.clone(),
            quantity: form.quantity,
            reason: form.reason,
            condition: form.condition,
            outcome: form.outcome,
            refund,
            refund_to: form.refund_to,
            note: form.note.trim().to_string(),
            complaint_id: form.complaint,
        };
        for problem in entry.validate() {
            match problem {
                ReturnProblem::ProductMissing => {
                    errors.product = Some(t!("err.required").into_owned())
                }
                ReturnProblem::QuantityZero => {
                    errors.quantity = Some(t!("returns.err_quantity").into_owned())
                }
                ReturnProblem::RefundMissing | ReturnProblem::NegativeRefund => {
                    if errors.refund.is_none() {
                        errors.refund = Some(t!("err.amount_positive").into_owned());
                    }
                }
                ReturnProblem::RefundWithoutRefundOutcome => {}
                ReturnProblem::AccountWithoutCustomer => {
                    errors.refund_to = Some(t!("returns.err_account_needs_customer").into_owned())
                }
            }
        }
        let ok = errors.date.is_none()
            && errors.product.is_none()
            && errors.quantity.is_none()
            && errors.refund.is_none()
            && errors.refund_to.is_none();
        self.errors = errors;
        if !ok {
            return false;
        }
        match view.store.save_return(&entry) {
            Ok(_) => {
                view.status
                    .info(t!("returns.recorded", product = entry.product.trim()));
                // Keep the customer and date for the next item of the same visit.
                let keep_customer = form.customer.clone();
                let keep_date = form.date.clone();
                let mut next = ReturnForm::new(view.clock.today());
                next.customer = keep_customer;
                next.date = keep_date;
                self.form = Some(next);
                self.rows = None;
                self.alerts = None;
                view.commands.push(Command::Reload);
                true
            }
            Err(e) => {
                view.status.error(store_error(&e));
                false
            }
        }
    }

    fn show_log(&mut self, ui: &mut egui::Ui) {
        let rows = self.rows.as_deref().unwrap_or_default();
        if rows.is_empty() {
            ui.label(RichText::new(t!("returns.empty")).color(theme::MUTED));
            return;
        }
        TableBuilder::new(ui)
            .id_salt("returns-table")
            .striped(true)
            .sense(Sense::hover())
            .vscroll(false)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(92.0))
            .column(Column::initial(90.0).clip(true))
            .column(Column::initial(150.0).clip(true))
            .column(Column::exact(40.0))
            .column(Column::initial(90.0))
            .column(Column::initial(70.0))
            .column(Column::initial(70.0))
            .column(Column::remainder())
            .header(24.0, |mut h| {
                for key in [
                    "returns.col_date",
                    "returns.col_customer",
                    "returns.col_product",
                    "returns.col_quantity",
                    "returns.col_reason",
                    "returns.col_condition",
                    "returns.col_outcome",
                    "returns.col_refund",
                ] {
                    h.col(|ui| {
                        ui.strong(t!(key));
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    let e = &r.entry;
                    row.col(|ui| {
                        ui.label(e.date.format("%Y-%m-%d").to_string());
                    });
                    row.col(|ui| {
                        ui.label(
                            r.customer_name
                                .clone()
                                .unwrap_or_else(|| t!("returns.walk_in_name").into_owned()),
                        );
                    });
                    row.col(|ui| {
                        ui.label(&e.product);
                    });
                    row.col(|ui| {
                        ui.label(e.quantity.to_string());
                    });
                    row.col(|ui| {
                        let text = RichText::new(label("return_reason", e.reason.code()));
                        ui.label(if e.reason == ReturnReason::Quality {
                            text.color(theme::WARNING)
                        } else {
                            text
                        });
                    });
                    row.col(|ui| {
                        ui.label(label("condition", e.condition.code()));
                    });
                    row.col(|ui| {
                        ui.label(label("return_outcome", e.outcome.code()));
                    });
                    row.col(|ui| {
                        if !e.refund.is_zero() {
                            ui.label(format!(
                                "{} ({})",
                                e.refund,
                                label("refund_to", e.refund_to.code())
                            ));
                        }
                    });
                });
            });
    }
}

fn complaint_text(c: &ComplaintSummary) -> String {
    format!(
        "#{} {} {}",
        c.id,
        c.received_at.format("%Y-%m-%d"),
        c.product
    )
}
