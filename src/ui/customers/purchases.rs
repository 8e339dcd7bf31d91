//! The card's purchases and payments tab: record a sale (date, product,
//! quantity, amount, due date or terms) or a payment (date, amount, the sale
//! it pays), and see both lists with the customer's balance. A sale on
//! credit that takes the customer over their limit, or to a blacklisted
//! customer, waits for an explicit confirmation, which is recorded.

use chrono::{NaiveDate, NaiveDateTime};
use egui::RichText;

use super::card::CardData;
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::credit::CreditWarning;
use crate::domain::sale::{Payment, Sale, due_date};
use crate::i18n::{store_error, t};
use crate::store::Store;
use crate::store::collection::CreditConfirmation;
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::entry::{EntryField, FieldErrors, Live, record};
use crate::ui::widgets::form_row::{date_row, text_row};
use crate::ui::widgets::{confirm_remove, error_line, sale_label};

/// The fields of the sale entry form that can carry a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleField {
    Date,
    Product,
    Quantity,
    Amount,
    /// The due date or the terms: their messages show under the terms.
    Due,
    Number,
}

impl EntryField for SaleField {
    fn label(self) -> String {
        match self {
            SaleField::Date => t!("purchases.date"),
            SaleField::Product => t!("purchases.product"),
            SaleField::Quantity => t!("purchases.quantity"),
            SaleField::Amount => t!("purchases.amount"),
            SaleField::Due => t!("purchases.due"),
            SaleField::Number => t!("purchases.number"),
        }
        .into_owned()
    }

    fn sale_number() -> Option<SaleField> {
        Some(SaleField::Number)
    }
}

/// The fields of the payment entry form that can carry a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentField {
    Date,
    Amount,
}

impl EntryField for PaymentField {
    fn label(self) -> String {
        match self {
            PaymentField::Date => t!("purchases.date"),
            PaymentField::Amount => t!("purchases.amount"),
        }
        .into_owned()
    }
}

/// Width of the inputs in the sale and payment forms.
const INPUT_WIDTH: f32 = 170.0;

/// The card width from which the sale and payment forms sit side by side.
const TWO_FORMS_WIDTH: f32 = 580.0;

/// The customer and the book's change stamp the confirmations were read at.
type ConfirmationsKey = (CustomerId, crate::store::ChangeStamp);

pub struct PurchasesTab {
    sale_date: String,
    number: String,
    product: String,
    quantity: String,
    amount: String,
    due: String,
    terms: String,
    sale_note: String,
    sale_errors: FieldErrors<SaleField>,
    sale_live: Live<SaleField>,
    pay_date: String,
    pay_amount: String,
    pay_sale: Option<i64>,
    method: String,
    pay_note: String,
    pay_errors: FieldErrors<PaymentField>,
    pay_live: Live<PaymentField>,
    pending_delete: Option<i64>,
    /// The warnings of a credit sale waiting for the user's confirmation.
    credit_pending: Option<Vec<CreditWarning>>,
    /// The customer's confirmed warnings, read once per book change.
    confirmations: Option<(ConfirmationsKey, Vec<CreditConfirmation>)>,
}

impl PurchasesTab {
    pub fn new(today: NaiveDate) -> PurchasesTab {
        let date = today.format("%Y-%m-%d").to_string();
        PurchasesTab {
            sale_date: date.clone(),
            number: String::new(),
            product: String::new(),
            quantity: "1".into(),
            amount: String::new(),
            due: String::new(),
            terms: String::new(),
            sale_note: String::new(),
            sale_errors: FieldErrors::default(),
            sale_live: Live::default(),
            pay_date: date,
            pay_amount: String::new(),
            pay_sale: None,
            method: String::new(),
            pay_note: String::new(),
            pay_errors: FieldErrors::default(),
            pay_live: Live::default(),
            pending_delete: None,
            credit_pending: None,
            confirmations: None,
        }
    }

    pub fn has_input(&self) -> bool {
        self.sale_has_input() || self.payment_has_input()
    }

    pub fn clear(&mut self) {
        self.clear_sale();
        self.clear_payment();
    }

    fn clear_sale(&mut self) {
        self.number.clear();
        self.product.clear();
        self.quantity = "1".into();
        self.amount.clear();
        self.due.clear();
        self.terms.clear();
        self.sale_note.clear();
        self.sale_errors.clear();
        self.sale_live.reset();
        self.credit_pending = None;
    }

    fn clear_payment(&mut self) {
        self.pay_amount.clear();
        self.pay_sale = None;
        self.method.clear();
        self.pay_note.clear();
        self.pay_errors.clear();
        self.pay_live.reset();
    }

    fn parse_sale(
        &self,
        customer_id: CustomerId,
        now: NaiveDateTime,
    ) -> Result<Sale, FieldErrors<SaleField>> {
        let mut errors = FieldErrors::default();
        let date = errors.required_date(SaleField::Date, &self.sale_date);
        if self.product.trim().is_empty() {
            errors.add(SaleField::Product, t!("err.required").into_owned());
        }
        let quantity = crate::domain::text::to_half_width(self.quantity.trim())
            .parse::<u32>()
            .ok()
            .filter(|q| *q > 0);
        if quantity.is_none() {
            errors.add(SaleField::Quantity, t!("err.quantity").into_owned());
        }
        let amount = errors.positive_money(SaleField::Amount, &self.amount);
        let explicit_due = errors.optional_date(SaleField::Due, &self.due);
        let terms = match self.terms.trim() {
            "" => None,
            t => match crate::domain::text::to_half_width(t).parse::<u32>() {
                Ok(n) if n <= 3650 => Some(n),
                _ => {
                    errors.add(SaleField::Due, t!("err.terms").into_owned());
                    None
                }
            },
        };
        if let (Some(d), Some(due)) = (date, explicit_due)
            && due < d
        {
            errors.add(SaleField::Due, t!("err.due_before_sale").into_owned());
        }
        match (date, quantity, amount, errors.is_empty()) {
            (Some(date), Some(quantity), Some(amount), true) => Ok(Sale {
                id: None,
                customer_id,
                number: Some(self.number.trim().to_string()).filter(|n| !n.is_empty()),
                date,
                product: self.product.trim().to_string(),
                quantity,
                amount,
                due_date: due_date(date, explicit_due, terms),
                terms_days: if explicit_due.is_some() { None } else { terms },
                note: self.sale_note.trim().to_string(),
                created_at: now,
            }),
            _ => Err(errors),
        }
    }

    fn parse_payment(
        &self,
        customer_id: CustomerId,
        now: NaiveDateTime,
    ) -> Result<Payment, FieldErrors<PaymentField>> {
        let mut errors = FieldErrors::default();
        let date = errors.required_date(PaymentField::Date, &self.pay_date);
        let amount = errors.positive_money(PaymentField::Amount, &self.pay_amount);
        match (date, amount, errors.is_empty()) {
            (Some(date), Some(amount), true) => Ok(Payment {
                id: None,
                customer_id,
                sale_id: self.pay_sale,
                date,
                amount,
                method: self.method.trim().to_string(),
                note: self.pay_note.trim().to_string(),
                created_at: now,
            }),
            _ => Err(errors),
        }
    }

    /// Draws the tab; returns true when sales or payments changed.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let mut changed = false;
        let owed = data.balance();
        let (text, color) = if owed.fen() > 0 {
            (t!("purchases.balance_owed", amount = owed), theme::WARNING)
        } else if owed.fen() < 0 {
            (
                t!("purchases.balance_credit", amount = -owed),
                theme::SUCCESS,
            )
        } else {
            (t!("purchases.balance_zero"), theme::MUTED)
        };
        ui.label(RichText::new(text).size(17.0).strong().color(color));
        balance_sum(ui, data);
        self.confirmations_line(ui, view, id);
        ui.add_space(6.0);
        changed |= self.credit_panel(ui, view, id, data);
        // Side by side where both fit; one above the other on a narrow card.
        if ui.available_width() >= TWO_FORMS_WIDTH {
            ui.columns(2, |cols| {
                changed |= self.sale_form(&mut cols[0], view, id, data);
                changed |= self.payment_form(&mut cols[1], view, id, data);
            });
        } else {
            changed |= self.sale_form(ui, view, id, data);
            ui.add_space(6.0);
            changed |= self.payment_form(ui, view, id, data);
        }
        ui.add_space(8.0);
        ui.label(RichText::new(t!("purchases.sales_title")).strong());
        if data.sales.is_empty() {
            ui.label(RichText::new(t!("purchases.no_sales")).color(theme::MUTED));
        }
        let mut delete: Option<(bool, i64)> = None;
        egui::Grid::new("sales-list")
            .striped(true)
            .num_columns(7)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                if !data.sales.is_empty() {
                    for h in [
                        "purchases.date",
                        "purchases.number",
                        "purchases.product",
                        "purchases.quantity",
                        "purchases.amount",
                        "purchases.due",
                    ] {
                        ui.label(RichText::new(t!(h)).strong());
                    }
                    ui.end_row();
                }
                for s in &data.sales {
                    ui.label(s.date.format("%Y-%m-%d").to_string());
                    ui.label(s.number.clone().unwrap_or_default());
                    ui.label(&s.product);
                    ui.label(s.quantity.to_string());
                    ui.label(s.amount.to_string());
                    ui.label(s.due_date.format("%Y-%m-%d").to_string());
                    ui.horizontal(|ui| {
                        if let Some(sale) = s.id
                            && ui
                                .small_button(t!("purchases.complain"))
                                .on_hover_text(t!("purchases.complain_hint"))
                                .clicked()
                        {
                            view.commands.push(crate::ui::app::Command::NewComplaint {
                                customer: id,
                                sale: Some(sale),
                            });
                        }
                        if confirm_remove(ui, &mut self.pending_delete, s.id) {
                            delete = s.id.map(|i| (true, i));
                        }
                    });
                    ui.end_row();
                }
            });
        ui.add_space(8.0);
        ui.label(RichText::new(t!("purchases.payments_title")).strong());
        if data.payments.is_empty() {
            ui.label(RichText::new(t!("purchases.no_payments")).color(theme::MUTED));
        }
        egui::Grid::new("payments-list")
            .striped(true)
            .num_columns(5)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for p in &data.payments {
                    ui.label(p.date.format("%Y-%m-%d").to_string());
                    ui.label(p.amount.to_string());
                    let sale = p
                        .sale_id
                        .and_then(|sid| data.sales.iter().find(|s| s.id == Some(sid)));
                    ui.label(sale.map(sale_label).unwrap_or_default());
                    ui.label(&p.method);
                    // Payment ids share the pending slot with sales; negate to keep them apart.
                    if confirm_remove(ui, &mut self.pending_delete, p.id.map(|i| -i)) {
                        delete = p.id.map(|i| (false, i));
                    }
                    ui.end_row();
                }
            });
        credits_list(ui, data);
        if let Some((is_sale, rid)) = delete {
            let result = if is_sale {
                view.store.delete_sale(rid)
            } else {
                view.store.delete_payment(rid)
            };
            match result {
                Ok(()) => {
                    if let Err(e) = reload(view.store, id, data) {
                        view.status.error(store_error(&e));
                    }
                    changed = true;
                }
                Err(e) => view.status.error(store_error(&e)),
            }
        }
        changed
    }

    fn sale_has_input(&self) -> bool {
        [&self.number, &self.product, &self.amount, &self.sale_note]
            .iter()
            .any(|s| !s.trim().is_empty())
    }

    fn payment_has_input(&self) -> bool {
        [&self.pay_amount, &self.pay_note]
            .iter()
            .any(|s| !s.trim().is_empty())
    }

    /// Saves whichever of the two forms has something typed in it; true when
    /// everything typed was saved (false leaves the messages on the forms).
    pub fn submit_pending(
        &mut self,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let sale_ok = !self.sale_has_input() || self.submit_sale(view, id, data);
        let payment_ok = !self.payment_has_input() || self.submit_payment(view, id, data);
        sale_ok && payment_ok
    }

    fn submit_sale(&mut self, view: &mut ViewCtx<'_>, id: CustomerId, data: &mut CardData) -> bool {
        let parsed = self.parse_sale(id, view.clock.now());
        // A sale on credit that breaks the credit rules waits for a confirmation.
        if let Ok(sale) = &parsed
            && is_on_credit(sale)
        {
            match view.store.credit_warnings(id, sale.amount, true) {
                Ok(warnings) if !warnings.is_empty() => {
                    self.sale_errors.clear();
                    self.credit_pending = Some(warnings);
                    return false;
                }
                Ok(_) => {}
                Err(e) => {
                    view.status.error(store_error(&e));
                    return false;
                }
            }
        }
        self.credit_pending = None;
        let saved = record(
            view,
            parsed,
            &mut self.sale_errors,
            &t!("purchases.sale_saved"),
            |store, sale| {
                store.add_sale(&sale)?;
                reload(store, id, data)
            },
        );
        if saved {
            self.clear_sale();
        }
        saved
    }

    /// Saves the sale past its credit warnings, recording the confirmation.
    /// The form is read again, so what is saved is what is shown.
    fn confirm_credit_sale(
        &mut self,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let parsed = self.parse_sale(id, view.clock.now());
        self.credit_pending = None;
        let saved = record(
            view,
            parsed,
            &mut self.sale_errors,
            &t!("coll.credit.saved"),
            |store, sale| {
                let warnings = store.credit_warnings(id, sale.amount, is_on_credit(&sale))?;
                store.add_sale_confirmed(&sale, &warnings, sale.created_at)?;
                reload(store, id, data)
            },
        );
        if saved {
            self.clear_sale();
        }
        saved
    }

    /// The warning panel of a credit sale waiting for confirmation; true
    /// when the sale was saved.
    fn credit_panel(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let Some(warnings) = &self.credit_pending else {
            return false;
        };
        let mut confirm = false;
        let mut cancel = false;
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .stroke(egui::Stroke::new(2.0, theme::ERROR))
            .show(ui, |ui| {
                ui.label(
                    RichText::new(t!("coll.credit.title"))
                        .color(theme::ERROR)
                        .strong()
                        .size(16.0),
                );
                for w in warnings {
                    let text = match w {
                        CreditWarning::Blacklisted { reason } if reason.is_empty() => {
                            t!("coll.credit.blacklisted")
                        }
                        CreditWarning::Blacklisted { reason } => {
                            t!("coll.credit.blacklisted_because", reason = reason)
                        }
                        CreditWarning::OverLimit { limit, owed, after } => t!(
                            "coll.credit.over_limit",
                            limit = limit,
                            owed = owed,
                            after = after
                        ),
                    };
                    ui.label(RichText::new(format!("⚠ {text}")).color(theme::ERROR));
                }
                ui.label(RichText::new(t!("coll.credit.question")).color(theme::MUTED));
                ui.horizontal(|ui| {
                    confirm = ui
                        .button(RichText::new(t!("coll.credit.confirm")).color(theme::ERROR))
                        .clicked();
                    cancel = ui.button(t!("coll.credit.cancel")).clicked();
                });
            });
        if cancel {
            self.credit_pending = None;
        }
        confirm && self.confirm_credit_sale(view, id, data)
    }

    /// The customer's credit sales confirmed past a warning, in one line.
    fn confirmations_line(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, id: CustomerId) {
        let key = (id, view.store.change_stamp());
        if self.confirmations.as_ref().is_none_or(|(k, _)| *k != key) {
            match view.store.credit_confirmations(id) {
                Ok(list) => self.confirmations = Some((key, list)),
                Err(e) => {
                    view.status.error(store_error(&e));
                    self.confirmations = Some((key, Vec::new()));
                }
            }
        }
        let Some((_, list)) = &self.confirmations else {
            return;
        };
        let Some(latest) = list.first() else { return };
        let what = if latest.warning == "blacklisted" {
            t!("coll.credit.kind_blacklisted")
        } else {
            t!("coll.credit.kind_over_limit")
        };
        ui.label(
            RichText::new(t!(
                "coll.credit.history",
                n = list.len(),
                date = latest.confirmed_at.format("%Y-%m-%d"),
                what = what,
                amount = latest.amount
            ))
            .color(theme::WARNING)
            .small(),
        );
    }

    fn submit_payment(
        &mut self,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let parsed = self.parse_payment(id, view.clock.now());
        let saved = record(
            view,
            parsed,
            &mut self.pay_errors,
            &t!("purchases.payment_saved"),
            |store, payment| {
                store.add_payment(&payment)?;
                reload(store, id, data)
            },
        );
        if saved {
            self.clear_payment();
        }
        saved
    }

    fn sale_form(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let mut changed = false;
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                self.sale_live.begin();
                ui.label(RichText::new(t!("purchases.add_sale")).strong());
                egui::Grid::new("sale-form")
                    .num_columns(2)
                    .spacing([8.0, 4.0])
                    .show(ui, |ui| {
                        let e = &self.sale_errors;
                        let r = day_row(
                            ui,
                            &SaleField::Date.label(),
                            &mut self.sale_date,
                            "",
                            e.get(SaleField::Date),
                        );
                        self.sale_live.watch(SaleField::Date, &r);
                        let r = row(
                            ui,
                            &SaleField::Product.label(),
                            &mut self.product,
                            &t!("purchases.product_hint"),
                            e.get(SaleField::Product),
                        );
                        self.sale_live.watch(SaleField::Product, &r);
                        let r = row(
                            ui,
                            &SaleField::Quantity.label(),
                            &mut self.quantity,
                            "",
                            e.get(SaleField::Quantity),
                        );
                        self.sale_live.watch(SaleField::Quantity, &r);
                        let r = row(
                            ui,
                            &SaleField::Amount.label(),
                            &mut self.amount,
                            "¥",
                            e.get(SaleField::Amount),
                        );
                        self.sale_live.watch(SaleField::Amount, &r);
                        let r = day_row(
                            ui,
                            &SaleField::Due.label(),
                            &mut self.due,
                            &t!("purchases.due_hint"),
                            None,
                        );
                        self.sale_live.watch(SaleField::Due, &r);
                        let r = row(
                            ui,
                            &t!("purchases.terms"),
                            &mut self.terms,
                            &t!("purchases.terms_hint"),
                            e.get(SaleField::Due),
                        );
                        self.sale_live.watch(SaleField::Due, &r);
                        let r = row(
                            ui,
                            &SaleField::Number.label(),
                            &mut self.number,
                            &t!("common.optional"),
                            None,
                        );
                        self.sale_live.watch(SaleField::Number, &r);
                        row(ui, &t!("card.note"), &mut self.sale_note, "", None);
                    });
                if self.sale_live.should_check(&self.sale_errors) {
                    let fresh = self
                        .parse_sale(id, view.clock.now())
                        .err()
                        .unwrap_or_default();
                    self.sale_errors.follow(fresh, &self.sale_live);
                }
                if ui
                    .button(RichText::new(t!("purchases.save_sale")).strong())
                    .clicked()
                {
                    changed |= self.submit_sale(view, id, data);
                }
                error_line(ui, self.sale_errors.get(SaleField::Number));
            });
        changed
    }

    fn payment_form(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let mut changed = false;
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                self.pay_live.begin();
                ui.label(RichText::new(t!("purchases.add_payment")).strong());
                egui::Grid::new("payment-form")
                    .num_columns(2)
                    .spacing([8.0, 4.0])
                    .show(ui, |ui| {
                        let e = &self.pay_errors;
                        let r = day_row(
                            ui,
                            &PaymentField::Date.label(),
                            &mut self.pay_date,
                            "",
                            e.get(PaymentField::Date),
                        );
                        self.pay_live.watch(PaymentField::Date, &r);
                        let r = row(
                            ui,
                            &PaymentField::Amount.label(),
                            &mut self.pay_amount,
                            "¥",
                            e.get(PaymentField::Amount),
                        );
                        self.pay_live.watch(PaymentField::Amount, &r);
                        ui.label(t!("purchases.for_sale"));
                        let selected = self
                            .pay_sale
                            .and_then(|sid| data.sales.iter().find(|s| s.id == Some(sid)))
                            .map(sale_label)
                            .unwrap_or_else(|| t!("purchases.oldest_first").into_owned());
                        egui::ComboBox::from_id_salt("payment-sale")
                            .width(180.0)
                            .selected_text(selected)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(
                                    &mut self.pay_sale,
                                    None,
                                    t!("purchases.oldest_first"),
                                );
                                for s in &data.sales {
                                    ui.selectable_value(&mut self.pay_sale, s.id, sale_label(s));
                                }
                            })
                            .response
                            .accessible_name(t!("purchases.for_sale"));
                        ui.end_row();
                        row(
                            ui,
                            &t!("purchases.method"),
                            &mut self.method,
                            &t!("purchases.method_hint"),
                            None,
                        );
                        row(ui, &t!("card.note"), &mut self.pay_note, "", None);
                    });
                if self.pay_live.should_check(&self.pay_errors) {
                    let fresh = self
                        .parse_payment(id, view.clock.now())
                        .err()
                        .unwrap_or_default();
                    self.pay_errors.follow(fresh, &self.pay_live);
                }
                if ui
                    .button(RichText::new(t!("purchases.save_payment")).strong())
                    .clicked()
                {
                    changed |= self.submit_payment(view, id, data);
                }
            });
        changed
    }
}

/// How the balance is made up, so the lists below add up to it.
fn balance_sum(ui: &mut egui::Ui, data: &CardData) {
    if data.sales.is_empty() && data.payments.is_empty() {
        return;
    }
    let sales: Money = data.sales.iter().map(|s| s.amount).sum();
    let payments: Money = data.payments.iter().map(|p| p.amount).sum();
    ui.label(
        RichText::new(t!(
            "purchases.balance_sum",
            sales = sales,
            payments = payments,
            credits = data.account_credits()
        ))
        .color(theme::MUTED),
    );
}

/// Refunds of returns credited to the account (recorded in After-sales):
/// they take money off the balance as payments do.
fn credits_list(ui: &mut egui::Ui, data: &CardData) {
    let credited: Vec<_> = data
        .returns
        .iter()
        .map(|r| &r.entry)
        .filter(|e| !e.account_credit().is_zero())
        .collect();
    if credited.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.label(RichText::new(t!("purchases.credits_title")).strong());
    egui::Grid::new("credits-list")
        .striped(true)
        .num_columns(3)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for e in credited {
                ui.label(e.date.format("%Y-%m-%d").to_string());
                ui.label(e.account_credit().to_string());
                ui.label(t!(
                    "purchases.credit_row",
                    product = e.product,
                    quantity = e.quantity
                ));
                ui.end_row();
            }
        });
}

/// A sale the customer pays later: a due date after the sale's day, or terms.
fn is_on_credit(sale: &Sale) -> bool {
    sale.due_date > sale.date || sale.terms_days.is_some_and(|t| t > 0)
}

/// Reloads the card's sales and payments after a change.
fn reload(store: &Store, id: CustomerId, data: &mut CardData) -> crate::store::Result<()> {
    data.sales = store.sales_for(id)?;
    data.payments = store.payments_for(id)?;
    Ok(())
}

/// A row of the sale or payment form: label, input, inline error.
fn row(
    ui: &mut egui::Ui,
    title: &str,
    value: &mut String,
    hint: &str,
    error: Option<&String>,
) -> egui::Response {
    text_row(ui, title, value, hint, INPUT_WIDTH, error)
}

/// A date row of the sale or payment form, with its month page.
fn day_row(
    ui: &mut egui::Ui,
    title: &str,
    value: &mut String,
    hint: &str,
    error: Option<&String>,
) -> egui::Response {
    date_row(ui, title, value, hint, INPUT_WIDTH, error)
}
