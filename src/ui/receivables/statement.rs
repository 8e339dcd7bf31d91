//! The statement tab (对账单): one customer's statement for a period — the
//! balance brought forward, each sale, payment and account credit with the
//! running balance, the period's totals and the closing balance — with the
//! customer's aging as of the period's end, saved as CSV or a printable
//! page. The statement is read again only when the customer, the period or
//! the book changes.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use egui::RichText;

use super::report::ReportData;
use super::statement_export::{self, StatementDoc, aging_of, kind_label};
use crate::domain::customer::CustomerId;
use crate::domain::receivables::aging::Allocation;
use crate::domain::receivables::statement::{EntryKind, Statement};
use crate::domain::search::Query;
use crate::i18n::{date_error, store_error, t};
use crate::store::customers::CustomerSummary;
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::error_line;
use crate::ui::widgets::file_dialog;

/// What the shown statement was read for.
type LoadKey = (CustomerId, NaiveDate, NaiveDate, crate::store::ChangeStamp);

/// A statement read from the book.
pub struct Loaded {
    key: LoadKey,
    pub name: String,
    pub statement: Statement,
    pub allocation: Allocation,
}

/// A date field's text, its value and its error.
struct DateField {
    text: String,
    value: Option<NaiveDate>,
    error: Option<String>,
}

impl DateField {
    fn new(day: NaiveDate) -> Self {
        DateField {
            text: day.format("%Y-%m-%d").to_string(),
            value: Some(day),
            error: None,
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, label: &str, id: &str) {
        let label = ui.label(label);
        let response = ui
            .add(
                DateInput::new(&mut self.text)
                    .desired_width(100.0)
                    .id_salt(id),
            )
            .labelled_by(label.id);
        if response.changed() {
            match crate::domain::dates::parse_date(&self.text) {
                Ok(d) => {
                    self.value = Some(d);
                    self.error = None;
                }
                Err(e) => self.error = Some(date_error(&e)),
            }
        }
    }
}

#[derive(Default)]
pub struct StatementTab {
    customer: Option<CustomerId>,
    from: Option<DateField>,
    to: Option<DateField>,
    query: String,
    /// Every customer with its search key, read when the picker is first used.
    customers: Option<(crate::store::ChangeStamp, Vec<CustomerSummary>)>,
    pub loaded: Option<Loaded>,
}

impl StatementTab {
    pub fn open(&mut self, customer: CustomerId, _view: &mut ViewCtx<'_>) {
        self.customer = Some(customer);
        self.query.clear();
    }

    fn period(&mut self, today: NaiveDate) -> (&mut DateField, &mut DateField) {
        let first = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let from = self.from.get_or_insert_with(|| DateField::new(first));
        let to = self.to.get_or_insert_with(|| DateField::new(today));
        (from, to)
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, data: &ReportData) {
        self.picker(ui, view);
        ui.add_space(6.0);
        let Some(customer) = self.customer else {
            ui.label(RichText::new(t!("recv.st.pick_first")).color(theme::MUTED));
            return;
        };
        let (from, to) = self.period(view.clock.today());
        let mut errors = Vec::new();
        ui.horizontal(|ui| {
            from.show(ui, &t!("recv.st.from"), "recv-st-from");
            to.show(ui, &t!("recv.st.to"), "recv-st-to");
        });
        errors.extend(from.error.clone());
        errors.extend(to.error.clone());
        let period = match (from.value, to.value) {
            (Some(f), Some(t)) if f <= t => Some((f, t)),
            (Some(_), Some(_)) => {
                errors.push(t!("recv.st.bad_period").into_owned());
                None
            }
            _ => None,
        };
        for e in &errors {
            error_line(ui, Some(e));
        }
        let Some((from, to)) = period else { return };
        self.load(view, customer, from, to);
        ui.add_space(4.0);
        self.export_bar(ui, view, data);
        let Some(loaded) = &self.loaded else { return };
        ui.add_space(4.0);
        show_statement(ui, loaded, data);
    }

    /// The customer picker: type a name, phone or pinyin initials.
    fn picker(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        ui.horizontal(|ui| {
            if let Some(loaded) = &self.loaded
                && Some(loaded.key.0) == self.customer
            {
                ui.heading(t!("recv.st.heading", name = loaded.name));
                ui.add_space(12.0);
            }
            ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(t!("recv.st.pick_hint"))
                    .desired_width(240.0)
                    .id_salt("recv-st-pick"),
            )
            .accessible_name(t!("recv.st.pick"));
        });
        let query = Query::parse(&self.query);
        if query.is_empty() {
            return;
        }
        let stamp = view.store.change_stamp();
        if self.customers.as_ref().map(|(s, _)| *s) != Some(stamp) {
            match view.store.customer_summaries() {
                Ok(list) => self.customers = Some((stamp, list)),
                Err(e) => {
                    view.status.error(store_error(&e));
                    return;
                }
            }
        }
        let Some((_, customers)) = &self.customers else {
            return;
        };
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            let mut any = false;
            for c in customers.iter().filter(|c| query.matches(&c.key)).take(12) {
                any = true;
                let text = if c.mobile.is_empty() {
                    c.name.clone()
                } else {
                    format!("{}  {}", c.name, c.mobile)
                };
                if ui.button(text).clicked() {
                    chosen = Some(c.id);
                }
            }
            if !any {
                ui.label(RichText::new(t!("recv.st.pick_none")).color(theme::MUTED));
            }
        });
        if let Some(id) = chosen {
            self.customer = Some(id);
            self.query.clear();
        }
    }

    /// Reads the statement when the customer, the period or the book changed.
    fn load(
        &mut self,
        view: &mut ViewCtx<'_>,
        customer: CustomerId,
        from: NaiveDate,
        to: NaiveDate,
    ) {
        let key = (customer, from, to, view.store.change_stamp());
        if self.loaded.as_ref().is_some_and(|l| l.key == key) {
            return;
        }
        let store = &*view.store;
        let result = (|| {
            let name = store
                .customer_ref(customer)?
                .map(|c| c.name)
                .ok_or(crate::store::StoreError::NotFound(customer))?;
            let statement = store.statement(customer, from, to)?;
            let allocation = store.allocation_of(customer, to)?;
            Ok::<_, crate::store::StoreError>(Loaded {
                key,
                name,
                statement,
                allocation,
            })
        })();
        match result {
            Ok(loaded) => self.loaded = Some(loaded),
            Err(e) => {
                self.loaded = None;
                self.customer = None;
                view.status.error(store_error(&e));
            }
        }
    }

    fn export_bar(&self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, data: &ReportData) {
        let Some(loaded) = &self.loaded else { return };
        ui.horizontal(|ui| {
            let clicked = ui.button(t!("recv.st.export_csv")).clicked();
            if let Some(path) = file_dialog::save_file(ui, "recv.st.export_csv", clicked, || {
                rfd::FileDialog::new()
                    .set_title(t!("recv.st.export_csv"))
                    .set_file_name(file_name(loaded, "csv"))
                    .add_filter("CSV", &["csv"])
            }) {
                export_csv(view, loaded, data, &path);
            }
            let clicked = ui.button(t!("recv.st.export_html")).clicked();
            if let Some(path) = file_dialog::save_file(ui, "recv.st.export_html", clicked, || {
                rfd::FileDialog::new()
                    .set_title(t!("recv.st.export_html"))
                    .set_file_name(file_name(loaded, "html"))
                    .add_filter("HTML", &["html"])
            }) {
                export_html(view, loaded, data, &path);
            }
        });
    }
}

fn file_name(loaded: &Loaded, ext: &str) -> String {
    format!(
        "{}-{}-{}.{ext}",
        t!("recv.st.file"),
        loaded.name,
        loaded.statement.to.format("%Y%m%d")
    )
}

fn doc<'a>(loaded: &'a Loaded, data: &ReportData, shop: &'a str) -> StatementDoc<'a> {
    StatementDoc {
        shop,
        customer: &loaded.name,
        statement: &loaded.statement,
        aging: aging_of(&loaded.allocation, &data.rules().edges),
        credit: loaded.allocation.credit,
    }
}

fn export_csv(view: &mut ViewCtx<'_>, loaded: &Loaded, data: &ReportData, path: &Path) {
    let shop = view.store.shop_name();
    match statement_export::save_csv(&doc(loaded, data, &shop), path) {
        Ok(rows) => view
            .status
            .info(t!("recv.st.saved_csv", rows = rows, path = path.display())),
        Err(e) => view
            .status
            .error(t!("recv.st.save_failed", reason = e.to_string())),
    }
}

fn export_html(view: &mut ViewCtx<'_>, loaded: &Loaded, data: &ReportData, path: &Path) {
    let shop = view.store.shop_name();
    match statement_export::save_html(&doc(loaded, data, &shop), path) {
        Ok(()) => view
            .status
            .info(t!("recv.st.saved_html", path = path.display())),
        Err(e) => view
            .status
            .error(t!("recv.st.save_failed", reason = e.to_string())),
    }
}

fn show_statement(ui: &mut egui::Ui, loaded: &Loaded, data: &ReportData) {
    let s = &loaded.statement;
    ui.label(
        RichText::new(t!(
            "recv.st.summary",
            opening = s.opening,
            sales = s.sales,
            payments = s.payments,
            closing = s.closing
        ))
        .strong(),
    );
    if loaded.allocation.credit.is_positive() {
        ui.label(
            RichText::new(t!("recv.st.credit_held", amount = loaded.allocation.credit))
                .color(theme::SUCCESS),
        );
    }
    ui.add_space(4.0);
    ui.label(RichText::new(t!("recv.st.aging_title", day = s.to.format("%Y-%m-%d"))).strong());
    egui::Grid::new("recv-st-aging")
        .num_columns(data.rules().edges.len())
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            let aging = aging_of(&loaded.allocation, &data.rules().edges);
            for (title, _) in &aging {
                ui.label(RichText::new(title).color(theme::MUTED));
            }
            ui.end_row();
            for (_, amount) in &aging {
                ui.label(amount.to_string());
            }
            ui.end_row();
        });
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("recv-st-lines")
                .num_columns(7)
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for h in statement_export::csv_header() {
                        ui.strong(h);
                    }
                    ui.end_row();
                    ui.label(s.from.format("%Y-%m-%d").to_string());
                    ui.strong(t!("recv.st.opening"));
                    ui.label("");
                    ui.label("");
                    ui.label("");
                    ui.label("");
                    ui.strong(s.opening.to_string());
                    ui.end_row();
                    for line in &s.lines {
                        let m = &line.movement;
                        ui.label(m.date.format("%Y-%m-%d").to_string());
                        ui.label(kind_label(m.kind));
                        ui.label(&m.reference);
                        ui.label(&m.description);
                        if m.kind == EntryKind::Sale {
                            ui.label(m.amount.to_string());
                            ui.label("");
                        } else {
                            ui.label("");
                            ui.label(m.amount.to_string());
                        }
                        ui.label(line.balance.to_string());
                        ui.end_row();
                    }
                    ui.label(s.to.format("%Y-%m-%d").to_string());
                    ui.strong(t!("recv.st.closing"));
                    ui.label("");
                    ui.label("");
                    ui.strong(s.sales.to_string());
                    ui.strong(s.payments.to_string());
                    ui.strong(s.closing.to_string());
                    ui.end_row();
                });
        });
}
