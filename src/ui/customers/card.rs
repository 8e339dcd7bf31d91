//! One open customer card: the header, the tabs, and the card form itself
//! (identity, dates, background, source and class, credit).

use chrono::NaiveDateTime;
use egui::{RichText, TextEdit};

use super::form::{CardForm, CustomDateRow, Errors, FamilyRow, field};
use super::{brief, contacts, promises, purchases};
use crate::domain::contact::{ContactChannel, ContactEntry};
use crate::domain::customer::{Customer, CustomerClass, CustomerId, Gender, Relation, Source};
use crate::domain::promise::ServicePromise;
use crate::domain::sale::{Payment, Sale};
use crate::i18n::{label, store_error, t};
use crate::store::Store;
use crate::store::customers::{CustomerRef, CustomerSummary};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;
use crate::ui::widgets::{error_line, yearly_input::YearlyInput};

/// The drafts-table key of the one card being edited.
pub const DRAFT_KEY: &str = "current";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Card,
    Brief,
    Contacts,
    Promises,
    Purchases,
}

/// What the card asks of the Customers view after a frame.
pub enum Outcome {
    None,
    SaveRequested,
    /// Something saved from a tab changed the list row (balance, last contact).
    Changed(CustomerId),
    Deleted(CustomerId),
    Closed,
}

/// Records linked to a saved customer, loaded when the card opens.
#[derive(Default)]
pub struct CardData {
    pub contacts: Vec<ContactEntry>,
    pub promises: Vec<ServicePromise>,
    pub sales: Vec<Sale>,
    pub payments: Vec<Payment>,
    pub referrals: Vec<CustomerRef>,
}

impl CardData {
    pub fn load(store: &Store, id: CustomerId) -> crate::store::Result<CardData> {
        Ok(CardData {
            contacts: store.contacts_for(id)?,
            promises: store.promises_for(id)?,
            sales: store.sales_for(id)?,
            payments: store.payments_for(id)?,
            referrals: store.referrals_of(id)?,
        })
    }
}

pub struct CardEditor {
    form: CardForm,
    pristine: CardForm,
    /// The saved card (None for a new customer).
    saved: Option<Customer>,
    errors: Errors,
    tab: Tab,
    data: CardData,
    duplicates: Vec<(String, Vec<CustomerRef>)>,
    /// The phones the duplicate warning was last computed for.
    checked_phones: Option<(String, String)>,
    referrer_query: String,
    confirm_delete: bool,
    contacts: contacts::ContactsTab,
    promises: promises::PromisesTab,
    purchases: purchases::PurchasesTab,
    focus_name: bool,
    /// The form as last written to the drafts table (None: no draft stored).
    draft_written: Option<CardForm>,
    /// When the form first differed from the stored draft.
    draft_pending_since: Option<std::time::Instant>,
}

impl CardEditor {
    pub fn new_customer(now: NaiveDateTime) -> CardEditor {
        let form = CardForm::blank(now);
        CardEditor::with(form, None, CardData::default(), now.date())
    }

    pub fn open(store: &Store, id: CustomerId) -> crate::store::Result<Option<CardEditor>> {
        let Some(customer) = store.customer(id)? else {
            return Ok(None);
        };
        let referrer = match customer.referred_by {
            Some(r) => store.customer_ref(r)?,
            None => None,
        };
        let form = CardForm::from_customer(&customer, referrer);
        let data = CardData::load(store, id)?;
        let mut card = CardEditor::with(form, Some(customer), data, crate::store::now().date());
        card.focus_name = false;
        Ok(Some(card))
    }

    fn with(
        form: CardForm,
        saved: Option<Customer>,
        data: CardData,
        today: chrono::NaiveDate,
    ) -> CardEditor {
        CardEditor {
            pristine: form.clone(),
            checked_phones: None,
            form,
            saved,
            errors: Errors::new(),
            tab: Tab::Card,
            data,
            duplicates: Vec::new(),
            referrer_query: String::new(),
            confirm_delete: false,
            contacts: contacts::ContactsTab::new(today),
            promises: promises::PromisesTab::new(today),
            purchases: purchases::PurchasesTab::new(today),
            focus_name: true,
            draft_written: None,
            draft_pending_since: None,
        }
    }

    pub fn id(&self) -> Option<CustomerId> {
        self.form.id
    }

    /// Unsaved edits anywhere on the card, including half-filled entry forms.
    pub fn is_dirty(&self) -> bool {
        self.form != self.pristine
            || self.contacts.has_input()
            || self.promises.has_input()
            || self.purchases.has_input()
    }

    /// Replaces the form with a recovered draft (the card stays dirty until saved).
    pub fn restore_draft(&mut self, form: CardForm) {
        self.draft_written = Some(form.clone());
        self.form = form;
    }

    /// Keeps the drafts table in step with the form: written at most a second
    /// after a change, removed once the card is saved or reverted.
    pub fn autosave(&mut self, ctx: &egui::Context, store: &mut Store) {
        use crate::store::drafts::kinds::CUSTOMER_CARD;
        if self.form == self.pristine {
            if self.draft_written.take().is_some() {
                let _ = store.delete_draft(CUSTOMER_CARD, DRAFT_KEY);
            }
            self.draft_pending_since = None;
            return;
        }
        if self.draft_written.as_ref() == Some(&self.form) {
            return;
        }
        let since = *self
            .draft_pending_since
            .get_or_insert_with(std::time::Instant::now);
        let wait = std::time::Duration::from_secs(1);
        if since.elapsed() < wait {
            ctx.request_repaint_after(wait.saturating_sub(since.elapsed()));
            return;
        }
        if let Ok(body) = serde_json::to_string(&self.form)
            && store.save_draft(CUSTOMER_CARD, DRAFT_KEY, &body).is_ok()
        {
            self.draft_written = Some(self.form.clone());
        }
        self.draft_pending_since = None;
    }

    pub fn revert(&mut self) {
        self.form = self.pristine.clone();
        self.errors.clear();
        self.contacts.clear();
        self.promises.clear();
        self.purchases.clear();
    }

    /// Validates and saves the card form; returns the id when saved.
    pub fn save(&mut self, view: &mut ViewCtx<'_>) -> Option<CustomerId> {
        let customer = match self.form.to_customer() {
            Ok(c) => c,
            Err(errors) => {
                self.errors = errors;
                self.tab = Tab::Card;
                view.status
                    .error(t!("card.fix_errors", n = self.errors.len()));
                return None;
            }
        };
        self.errors.clear();
        match view.store.save_customer(&customer) {
            Ok(id) => match view.store.customer(id) {
                Ok(Some(saved)) => {
                    let referrer = self.form.referred_by.clone();
                    self.form = CardForm::from_customer(&saved, referrer);
                    self.pristine = self.form.clone();
                    self.saved = Some(saved);
                    view.status.info(t!("card.saved", name = customer.name));
                    Some(id)
                }
                Ok(None) => None,
                Err(e) => {
                    view.status.error(store_error(&e));
                    None
                }
            },
            Err(e) => {
                view.status.error(store_error(&e));
                None
            }
        }
    }

    fn refresh_duplicates(&mut self, store: &Store) {
        let phones = (self.form.mobile.clone(), self.form.phone2.clone());
        if self.checked_phones.as_ref() == Some(&phones) {
            return;
        }
        self.checked_phones = Some(phones);
        self.duplicates.clear();
        for text in [&self.form.mobile, &self.form.phone2] {
            if let Some(phone) = CardForm::normalised_phone(text)
                && let Ok(found) = store.customers_with_phone(&phone, self.form.id)
                && !found.is_empty()
            {
                self.duplicates.push((phone, found));
            }
        }
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        people: &[CustomerSummary],
    ) -> Outcome {
        let mut outcome = Outcome::None;
        self.header(ui, &mut outcome);
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("card-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let id = self.form.id;
                match (self.tab, id) {
                    (Tab::Card, _) | (_, None) => self.card_form(ui, view, people),
                    (Tab::Brief, Some(_)) => {
                        if let Some(customer) = &self.saved {
                            brief::show(ui, view.today, customer, &self.data);
                        }
                    }
                    (Tab::Contacts, Some(id)) => {
                        if self.contacts.show(ui, view, id, &mut self.data) {
                            outcome = Outcome::Changed(id);
                        }
                    }
                    (Tab::Promises, Some(id)) => {
                        self.promises.show(ui, view, id, &mut self.data);
                    }
                    (Tab::Purchases, Some(id)) => {
                        if self.purchases.show(ui, view, id, &mut self.data) {
                            outcome = Outcome::Changed(id);
                        }
                    }
                }
            });
        if self.confirm_delete {
            self.delete_dialog(ui, view, &mut outcome);
        }
        outcome
    }

    fn header(&mut self, ui: &mut egui::Ui, outcome: &mut Outcome) {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let title = match (&self.saved, self.form.id) {
                (Some(c), Some(_)) => c.name.clone(),
                _ => t!("card.new_title").into_owned(),
            };
            ui.heading(RichText::new(title).strong());
            if let Some(c) = &self.saved {
                let class = c.class();
                let text = if c.class_override.is_some() {
                    t!("card.class_manual", class = class.code())
                } else {
                    t!("card.class", class = class.code())
                };
                ui.label(RichText::new(text).color(theme::ACCENT));
                let balance = crate::domain::sale::balance(&self.data.sales, &self.data.payments);
                if !balance.is_zero() {
                    let (text, color) = if balance.fen() > 0 {
                        (t!("card.owes", amount = balance), theme::WARNING)
                    } else {
                        (t!("card.credit", amount = -balance), theme::SUCCESS)
                    };
                    ui.label(RichText::new(text).color(color));
                }
                if c.blacklisted {
                    ui.label(
                        RichText::new(t!("card.blacklisted"))
                            .color(theme::ERROR)
                            .strong(),
                    );
                }
                if c.do_not_contact {
                    ui.label(RichText::new(t!("card.do_not_contact")).color(theme::WARNING));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let dirty = self.form != self.pristine;
                if ui
                    .add_enabled(
                        dirty || self.form.id.is_none(),
                        egui::Button::new(RichText::new(t!("common.save")).strong()),
                    )
                    .clicked()
                {
                    *outcome = Outcome::SaveRequested;
                }
                if dirty && ui.button(t!("card.revert")).clicked() {
                    self.revert();
                }
                if self.form.id.is_none() {
                    if ui.button(t!("common.cancel")).clicked() {
                        *outcome = Outcome::Closed;
                    }
                } else if ui.button(t!("card.delete")).clicked() {
                    self.confirm_delete = true;
                }
                if dirty {
                    ui.label(RichText::new(t!("card.unsaved")).color(theme::WARNING));
                }
            });
        });
        if self.form.id.is_some() {
            ui.horizontal(|ui| {
                for (tab, title) in [
                    (Tab::Card, t!("tab.card")),
                    (Tab::Brief, t!("tab.brief")),
                    (
                        Tab::Contacts,
                        t!("tab.contacts", n = self.data.contacts.len()),
                    ),
                    (
                        Tab::Promises,
                        t!("tab.promises", n = self.data.promises.len()),
                    ),
                    (
                        Tab::Purchases,
                        t!("tab.purchases", n = self.data.sales.len()),
                    ),
                ] {
                    ui.selectable_value(&mut self.tab, tab, RichText::new(title).size(15.0));
                }
            });
        }
    }

    fn delete_dialog(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, outcome: &mut Outcome) {
        let Some(id) = self.form.id else { return };
        egui::Modal::new(egui::Id::unique("confirm-delete")).show(ui.ctx(), |ui| {
            ui.set_width(400.0);
            ui.heading(t!("card.delete_title", name = self.form.name.trim()));
            ui.label(t!(
                "card.delete_body",
                contacts = self.data.contacts.len(),
                sales = self.data.sales.len(),
                payments = self.data.payments.len()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button(RichText::new(t!("card.delete_confirm")).color(theme::ERROR))
                    .clicked()
                {
                    match view.store.delete_customer(id) {
                        Ok(()) => {
                            view.status.info(t!("card.deleted"));
                            *outcome = Outcome::Deleted(id);
                        }
                        Err(e) => view.status.error(store_error(&e)),
                    }
                    self.confirm_delete = false;
                }
                if ui.button(t!("common.cancel")).clicked() {
                    self.confirm_delete = false;
                }
            });
        });
    }

    fn card_form(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, people: &[CustomerSummary]) {
        self.refresh_duplicates(view.store);
        if !self.errors.is_empty() {
            ui.colored_label(theme::ERROR, t!("card.fix_errors", n = self.errors.len()));
        }
        section(ui, &t!("card.section_identity"));
        egui::Grid::new("card-identity")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let focus = std::mem::take(&mut self.focus_name);
                let name = labelled_text(
                    ui,
                    &t!("card.name"),
                    &mut self.form.name,
                    &t!("card.name_hint"),
                    self.errors.get(field::NAME),
                );
                if focus {
                    name.request_focus();
                }
                labelled_text(
                    ui,
                    &t!("card.mobile"),
                    &mut self.form.mobile,
                    "138 0013 8000",
                    self.errors.get(field::MOBILE),
                );
                labelled_text(
                    ui,
                    &t!("card.phone2"),
                    &mut self.form.phone2,
                    "010-12345678",
                    self.errors.get(field::PHONE2),
                );
                if !self.duplicates.is_empty() {
                    ui.label("");
                    ui.vertical(|ui| {
                        for (phone, found) in &self.duplicates {
                            for other in found {
                                ui.horizontal(|ui| {
                                    ui.colored_label(
                                        theme::WARNING,
                                        t!(
                                            "card.duplicate_phone",
                                            phone = phone,
                                            name = &other.name
                                        ),
                                    );
                                    if ui.link(t!("card.open_existing")).clicked() {
                                        view.commands.push(Command::OpenCustomer(other.id));
                                    }
                                });
                            }
                        }
                    });
                    ui.end_row();
                }
                labelled_text(ui, &t!("card.wechat"), &mut self.form.wechat, "", None);
                labelled_text(
                    ui,
                    &t!("card.email"),
                    &mut self.form.email,
                    "name@example.com",
                    self.errors.get(field::EMAIL),
                );
                labelled_text(ui, &t!("card.address"), &mut self.form.address, "", None);
                labelled_text(ui, &t!("card.company"), &mut self.form.company, "", None);
                labelled_text(
                    ui,
                    &t!("card.occupation"),
                    &mut self.form.occupation,
                    "",
                    None,
                );
                ui.label(t!("card.gender"));
                ui.horizontal(|ui| {
                    for g in Gender::ALL {
                        ui.radio_value(&mut self.form.gender, *g, label("gender", g.code()));
                    }
                });
                ui.end_row();
                ui.label(t!("card.preferred_channel"));
                ui.horizontal(|ui| {
                    egui::ComboBox::from_id_salt("preferred-channel")
                        .selected_text(
                            self.form
                                .preferred_channel
                                .map(|c| label("channel", c.code()))
                                .unwrap_or_else(|| t!("common.none").into_owned()),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut self.form.preferred_channel,
                                None,
                                t!("common.none"),
                            );
                            for c in ContactChannel::ALL {
                                ui.selectable_value(
                                    &mut self.form.preferred_channel,
                                    Some(*c),
                                    label("channel", c.code()),
                                );
                            }
                        })
                        .response
                        .accessible_name(t!("card.preferred_channel"));
                    ui.checkbox(
                        &mut self.form.do_not_contact,
                        t!("card.do_not_contact_check"),
                    );
                });
                ui.end_row();
            });

        section(ui, &t!("card.section_dates"));
        let today = view.today;
        egui::Grid::new("card-dates")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(t!("card.birthday"));
                self.form.birthday.show(ui, "birthday", today);
                ui.end_row();
                ui.label(t!("card.anniversary"));
                self.form.anniversary.show(ui, "anniversary", today);
                ui.end_row();
            });
        ui.label(RichText::new(t!("card.family")).strong());
        let mut remove = None;
        for (i, row) in self.form.family.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("family-rel", i))
                    .width(70.0)
                    .selected_text(label("relation", row.relation.code()))
                    .show_ui(ui, |ui| {
                        for r in Relation::ALL {
                            ui.selectable_value(&mut row.relation, *r, label("relation", r.code()));
                        }
                    })
                    .response
                    .accessible_name(t!("card.relation"));
                ui.add(
                    TextEdit::singleline(&mut row.name)
                        .id_salt(("family-name", i))
                        .hint_text(t!("card.family_name"))
                        .desired_width(90.0),
                );
                row.birthday.show(ui, &format!("family-bd-{i}"), today);
                ui.add(
                    TextEdit::singleline(&mut row.note)
                        .id_salt(("family-note", i))
                        .hint_text(t!("card.note"))
                        .desired_width(120.0),
                );
                if ui
                    .small_button("×")
                    .on_hover_text(t!("common.remove"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            error_line(ui, self.errors.get(&field::family(i)));
        }
        if let Some(i) = remove {
            self.form.family.remove(i);
        }
        if ui.button(t!("card.add_family")).clicked() {
            self.form.family.push(FamilyRow {
                relation: Relation::Spouse,
                name: String::new(),
                birthday: YearlyInput::default(),
                note: String::new(),
            });
        }
        ui.add_space(4.0);
        ui.label(RichText::new(t!("card.custom_dates")).strong());
        let mut remove = None;
        for (i, row) in self.form.custom_dates.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.add(
                    TextEdit::singleline(&mut row.label)
                        .id_salt(("custom-label", i))
                        .hint_text(t!("card.custom_label"))
                        .desired_width(140.0),
                );
                row.date.show(ui, &format!("custom-date-{i}"), today);
                if ui
                    .small_button("×")
                    .on_hover_text(t!("common.remove"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            error_line(ui, self.errors.get(&field::custom(i)));
        }
        if let Some(i) = remove {
            self.form.custom_dates.remove(i);
        }
        if ui.button(t!("card.add_custom_date")).clicked() {
            let date = YearlyInput {
                kind: crate::ui::widgets::yearly_input::YearlyKind::Solar,
                ..Default::default()
            };
            self.form.custom_dates.push(CustomDateRow {
                label: String::new(),
                date,
            });
        }

        section(ui, &t!("card.section_background"));
        egui::Grid::new("card-background")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                labelled_text(
                    ui,
                    &t!("card.first_contact_date"),
                    &mut self.form.first_contact_date,
                    "2024-01-05",
                    self.errors.get(field::FIRST_CONTACT),
                );
                labelled_text(
                    ui,
                    &t!("card.first_contact_place"),
                    &mut self.form.first_contact_place,
                    "",
                    None,
                );
                labelled_multiline(ui, &t!("card.needs"), &mut self.form.needs);
                labelled_multiline(ui, &t!("card.background"), &mut self.form.background);
                labelled_text(
                    ui,
                    &t!("card.tags"),
                    &mut self.form.tags,
                    &t!("card.tags_hint"),
                    None,
                );
                labelled_multiline(ui, &t!("card.notes"), &mut self.form.notes);
            });

        section(ui, &t!("card.section_source"));
        egui::Grid::new("card-source")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(t!("card.source"));
                egui::ComboBox::from_id_salt("source")
                    .selected_text(
                        self.form
                            .source
                            .map(|s| label("source", s.code()))
                            .unwrap_or_else(|| t!("common.none").into_owned()),
                    )
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.form.source, None, t!("common.none"));
                        for s in Source::ALL {
                            ui.selectable_value(
                                &mut self.form.source,
                                Some(*s),
                                label("source", s.code()),
                            );
                        }
                    })
                    .response
                    .accessible_name(t!("card.source"));
                ui.end_row();
                ui.label(t!("card.referred_by"));
                ui.vertical(|ui| {
                    self.referrer_picker(ui, view, people);
                    error_line(ui, self.errors.get(field::REFERRED_BY));
                });
                ui.end_row();
                if self.form.id.is_some() {
                    ui.label(t!("card.referrals"));
                    ui.horizontal_wrapped(|ui| {
                        if self.data.referrals.is_empty() {
                            ui.label(RichText::new(t!("card.referrals_none")).color(theme::MUTED));
                        } else {
                            ui.label(t!("card.referrals_count", n = self.data.referrals.len()));
                            for r in &self.data.referrals {
                                if ui.link(&r.name).clicked() {
                                    view.commands.push(Command::OpenCustomer(r.id));
                                }
                            }
                        }
                    });
                    ui.end_row();
                }
                ui.label(t!("card.class_label"));
                ui.horizontal(|ui| {
                    let computed = self
                        .form
                        .class_computed
                        .map(|c| c.code().to_string())
                        .unwrap_or_else(|| "—".into());
                    egui::ComboBox::from_id_salt("class-override")
                        .selected_text(match self.form.class_override {
                            Some(c) => t!("card.class_manual", class = c.code()).into_owned(),
                            None => t!("card.class_auto", class = &computed).into_owned(),
                        })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut self.form.class_override,
                                None,
                                t!("card.class_auto", class = &computed),
                            );
                            for c in CustomerClass::ALL {
                                ui.selectable_value(
                                    &mut self.form.class_override,
                                    Some(*c),
                                    t!("card.class_manual", class = c.code()),
                                );
                            }
                        })
                        .response
                        .accessible_name(t!("card.class_label"));
                    ui.label(
                        RichText::new(t!("card.class_hint"))
                            .small()
                            .color(theme::MUTED),
                    );
                });
                ui.end_row();
                labelled_text(
                    ui,
                    &t!("card.cadence"),
                    &mut self.form.cadence_days,
                    &t!("card.cadence_hint"),
                    self.errors.get(field::CADENCE),
                );
                labelled_text(
                    ui,
                    &t!("card.credit_limit"),
                    &mut self.form.credit_limit,
                    "¥",
                    self.errors.get(field::CREDIT),
                );
                ui.label(t!("card.blacklist"));
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.checkbox(&mut self.form.blacklisted, t!("card.blacklist_check"));
                        if self.form.blacklisted {
                            ui.add(
                                TextEdit::singleline(&mut self.form.blacklist_reason)
                                    .hint_text(t!("card.blacklist_reason"))
                                    .desired_width(240.0),
                            );
                        }
                    });
                    error_line(ui, self.errors.get(field::BLACKLIST_REASON));
                });
                ui.end_row();
            });
        ui.add_space(20.0);
    }

    fn referrer_picker(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        people: &[CustomerSummary],
    ) {
        if let Some(r) = self.form.referred_by.clone() {
            ui.horizontal(|ui| {
                if ui.link(&r.name).clicked() {
                    view.commands.push(Command::OpenCustomer(r.id));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(t!("common.remove"))
                    .clicked()
                {
                    self.form.referred_by = None;
                }
            });
            return;
        }
        ui.add(
            TextEdit::singleline(&mut self.referrer_query)
                .id_salt("referrer-search")
                .hint_text(t!("card.referrer_hint"))
                .desired_width(220.0),
        );
        if self.referrer_query.trim().is_empty() {
            return;
        }
        let query = crate::domain::search::Query::parse(&self.referrer_query);
        let matches: Vec<&CustomerSummary> = people
            .iter()
            .filter(|p| Some(p.id) != self.form.id && query.matches(&p.key))
            .take(6)
            .collect();
        if matches.is_empty() {
            ui.label(
                RichText::new(t!("card.referrer_none"))
                    .small()
                    .color(theme::MUTED),
            );
        }
        for m in matches {
            if ui
                .selectable_label(false, format!("{}  {}", m.name, m.mobile))
                .clicked()
            {
                self.form.referred_by = Some(CustomerRef {
                    id: m.id,
                    name: m.name.clone(),
                });
                self.referrer_query.clear();
            }
        }
    }
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(
        RichText::new(title)
            .size(17.0)
            .strong()
            .color(theme::ACCENT),
    );
    ui.add_space(2.0);
}

/// A label and a one-line field in a grid row, linked for accessibility (and tests).
fn labelled_text(
    ui: &mut egui::Ui,
    title: &str,
    value: &mut String,
    hint: &str,
    error: Option<&String>,
) -> egui::Response {
    let label = ui.label(title);
    let response = ui
        .vertical(|ui| {
            let r = ui
                .add(
                    TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(280.0),
                )
                .labelled_by(label.id);
            error_line(ui, error);
            r
        })
        .inner;
    ui.end_row();
    response
}

fn labelled_multiline(ui: &mut egui::Ui, title: &str, value: &mut String) {
    let label = ui.label(title);
    ui.add(
        TextEdit::multiline(value)
            .desired_rows(2)
            .desired_width(420.0),
    )
    .labelled_by(label.id);
    ui.end_row();
}
