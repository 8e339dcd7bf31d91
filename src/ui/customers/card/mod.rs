//! One open customer card: loading and saving it, the draft kept while it is
//! edited, the header and the tabs. The card form's fields are in `fields`.

mod fields;
mod refresh;

use chrono::NaiveDateTime;
use egui::RichText;

use super::form::{CardForm, Errors};
use super::{brief, card_collection, contacts, promises, purchases, service};
use crate::domain::contact::ContactEntry;
use crate::domain::customer::{Customer, CustomerField, CustomerId};
use crate::domain::money::Money;
use crate::domain::promise::ServicePromise;
use crate::domain::sale::{Payment, Sale};
use crate::i18n::{store_error, t};
use crate::store::Store;
use crate::store::complaints::ComplaintSummary;
use crate::store::customers::{CustomerLinks, CustomerRef, CustomerSummary};
use crate::store::returns::ReturnRow;
use crate::ui::app::ViewCtx;
use crate::ui::read_at::ReadAt;
use crate::ui::theme;
use crate::ui::widgets::entry::Live;
pub use refresh::Refreshed;

/// Room the header keeps beside the name and the buttons: the gap before
/// delete and the "unsaved" dot.
const HEADER_SPARE: f32 = 60.0;

/// The drafts-table key of the one card being edited.
pub const DRAFT_KEY: &str = "current";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Card,
    Brief,
    Contacts,
    Promises,
    Purchases,
    Collection,
    Service,
}

impl Tab {
    /// The tabs in the order the tab row shows them.
    pub const ALL: [Tab; 7] = [
        Tab::Card,
        Tab::Brief,
        Tab::Contacts,
        Tab::Promises,
        Tab::Purchases,
        Tab::Collection,
        Tab::Service,
    ];

    /// The tab `step` places after this one (before it when negative),
    /// wrapping round at either end.
    pub fn stepped(self, step: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        let at = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        Tab::ALL[(at + step).rem_euclid(n) as usize]
    }
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
    pub complaints: Vec<ComplaintSummary>,
    pub returns: Vec<ReturnRow>,
}

impl CardData {
    pub fn load(store: &Store, id: CustomerId) -> crate::store::Result<CardData> {
        Ok(CardData {
            contacts: store.contacts_for(id)?,
            promises: store.promises_for(id)?,
            sales: store.sales_for(id)?,
            payments: store.payments_for(id)?,
            referrals: store.referrals_of(id)?,
            complaints: store.complaints_of(id)?,
            returns: store.returns_of(id)?,
        })
    }

    /// What the customer owes: sales less payments less refunds credited
    /// to the account (negative: the shop owes the customer).
    pub fn balance(&self) -> Money {
        crate::domain::sale::balance(&self.sales, &self.payments) - self.account_credits()
    }

    /// The refunds credited to the account, which the balance subtracts.
    pub fn account_credits(&self) -> Money {
        crate::domain::returns::account_credits(self.returns.iter().map(|r| &r.entry))
    }
}

pub struct CardEditor {
    form: CardForm,
    pristine: CardForm,
    /// The saved card (None for a new customer).
    saved: Option<Customer>,
    errors: Errors,
    /// Which card fields were edited and left, for messages as you type.
    live: Live<CustomerField>,
    tab: Tab,
    /// The tab drawn last frame: a new card or another tab starts at the top.
    drawn_tab: Option<Tab>,
    data: CardData,
    /// Customers already using a typed phone, per phone field.
    duplicates: Vec<(CustomerField, String, Vec<CustomerRef>)>,
    /// The phones the duplicate warning was last computed for.
    checked_phones: Option<(String, String)>,
    referrer_query: String,
    /// Delete was pressed: the dialog opens with the counts read next frame.
    delete_requested: bool,
    /// The delete dialog is open, with what the delete takes along.
    confirm_delete: Option<CustomerLinks>,
    contacts: contacts::ContactsTab,
    promises: promises::PromisesTab,
    purchases: purchases::PurchasesTab,
    collection: card_collection::CardCollectionTab,
    focus_name: bool,
    /// The form as last written to the drafts table (None: no draft stored).
    draft_written: Option<CardForm>,
    /// The wait since the form first differed from the stored draft.
    draft_wait: crate::ui::clock::Debounce,
    /// When the saved card and its records were last read (`refresh`).
    read_at: ReadAt<()>,
}

impl CardEditor {
    pub fn new_customer(now: NaiveDateTime) -> CardEditor {
        let form = CardForm::blank(now);
        CardEditor::with(form, None, CardData::default(), now)
    }

    /// Opens a saved card; `now` starts the entry forms' dates and times.
    pub fn open(
        store: &Store,
        id: CustomerId,
        now: NaiveDateTime,
    ) -> crate::store::Result<Option<CardEditor>> {
        let Some(customer) = store.customer(id)? else {
            return Ok(None);
        };
        let referrer = match customer.referred_by {
            Some(r) => store.customer_ref(r)?,
            None => None,
        };
        let form = CardForm::from_customer(&customer, referrer);
        let data = CardData::load(store, id)?;
        let mut card = CardEditor::with(form, Some(customer), data, now);
        card.focus_name = false;
        card.mark_read(store);
        Ok(Some(card))
    }

    fn with(
        form: CardForm,
        saved: Option<Customer>,
        data: CardData,
        now: NaiveDateTime,
    ) -> CardEditor {
        CardEditor {
            pristine: form.clone(),
            checked_phones: None,
            form,
            saved,
            errors: Errors::default(),
            live: Live::default(),
            tab: Tab::Card,
            drawn_tab: None,
            data,
            duplicates: Vec::new(),
            referrer_query: String::new(),
            delete_requested: false,
            confirm_delete: None,
            contacts: contacts::ContactsTab::new(now),
            promises: promises::PromisesTab::new(now.date()),
            purchases: purchases::PurchasesTab::new(now.date()),
            collection: card_collection::CardCollectionTab::new(now.date()),
            focus_name: true,
            draft_written: None,
            draft_wait: Default::default(),
            read_at: ReadAt::default(),
        }
    }

    pub fn id(&self) -> Option<CustomerId> {
        self.form.id
    }

    /// Moves `step` tabs right (left when negative), wrapping round; a new
    /// card has only its form.
    pub fn step_tab(&mut self, step: isize) {
        if self.form.id.is_some() {
            self.tab = self.tab.stepped(step);
        }
    }

    /// Unsaved edits anywhere on the card, including half-filled entry forms.
    pub fn is_dirty(&self) -> bool {
        self.form != self.pristine
            || self.contacts.has_input()
            || self.promises.has_input()
            || self.purchases.has_input()
            || self.collection.has_input()
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
            if self.draft_written.take().is_some()
                && let Err(e) = store.delete_draft(CUSTOMER_CARD, DRAFT_KEY)
            {
                log::warn!("could not remove the customer card draft: {e}");
            }
            self.draft_wait.stop();
            return;
        }
        if self.draft_written.as_ref() == Some(&self.form) {
            return;
        }
        let time = ctx.input(|i| i.time);
        if !self.draft_wait.is_over(ctx, time, 1.0) {
            return;
        }
        let saved = serde_json::to_string(&self.form)
            .map_err(|e| e.to_string())
            .and_then(|body| {
                store
                    .save_draft(CUSTOMER_CARD, DRAFT_KEY, &body)
                    .map_err(|e| e.to_string())
            });
        match saved {
            Ok(()) => self.draft_written = Some(self.form.clone()),
            Err(e) => log::warn!("could not save the customer card draft: {e}"),
        }
        self.draft_wait.stop();
    }

    pub fn revert(&mut self) {
        self.form = self.pristine.clone();
        self.errors.clear();
        self.live.reset();
        self.contacts.clear();
        self.promises.clear();
        self.purchases.clear();
        self.collection.clear();
    }

    /// Validates and saves the card form; returns the id when saved.
    /// Saves everything typed on the card: the form when it changed, then any
    /// half-filled contact, promise, sale or payment. Returns the id when all
    /// of it was saved; otherwise shows where the problem is.
    pub fn save(&mut self, view: &mut ViewCtx<'_>) -> Option<CustomerId> {
        let id = match self.form.id {
            Some(id) if self.form == self.pristine => id,
            _ => self.save_form(view)?,
        };
        if self.contacts.has_input() && !self.contacts.submit(view, id, &mut self.data) {
            self.tab = Tab::Contacts;
            return None;
        }
        if self.promises.has_input() && !self.promises.submit(view, id, &mut self.data) {
            self.tab = Tab::Promises;
            return None;
        }
        if !self.purchases.submit_pending(view, id, &mut self.data) {
            self.tab = Tab::Purchases;
            return None;
        }
        if self.collection.has_input() && !self.collection.submit(view, id) {
            self.tab = Tab::Collection;
            return None;
        }
        Some(id)
    }

    fn save_form(&mut self, view: &mut ViewCtx<'_>) -> Option<CustomerId> {
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
        for (field, text) in [
            (CustomerField::Mobile, &self.form.mobile),
            (CustomerField::Phone2, &self.form.phone2),
        ] {
            let Some(phone) = CardForm::normalised_phone(text) else {
                continue;
            };
            match store.customers_with_phone(&phone, self.form.id) {
                Ok(found) if !found.is_empty() => self.duplicates.push((field, phone, found)),
                Ok(_) => {}
                Err(e) => log::warn!("could not look for other cards with the same phone: {e}"),
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
        self.header(ui, view.clock.today(), &mut outcome);
        ui.separator();
        if std::mem::take(&mut self.delete_requested)
            && let Some(id) = self.form.id
        {
            match view.store.customer_links(id) {
                Ok(links) => self.confirm_delete = Some(links),
                Err(e) => view.status.error(store_error(&e)),
            }
        }
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("card-scroll")
            .auto_shrink([false, false]);
        // One scroll area serves every card and tab: a card just opened, or
        // another tab, starts at its top, not where the last one was left.
        if self.drawn_tab != Some(self.tab) {
            scroll = scroll.vertical_scroll_offset(0.0);
            self.drawn_tab = Some(self.tab);
        }
        scroll.show(ui, |ui| {
            let id = self.form.id;
            match (self.tab, id) {
                (Tab::Card, _) | (_, None) => self.card_form(ui, view, people),
                (Tab::Brief, Some(_)) => {
                    if let Some(customer) = &self.saved {
                        brief::show(ui, view.clock.today(), customer, &self.data);
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
                (Tab::Collection, Some(id)) => {
                    if self.collection.show(ui, view, id) {
                        outcome = Outcome::Changed(id);
                    }
                }
                (Tab::Service, Some(id)) => service::show(ui, view, id, &self.data),
            }
        });
        if let Some(links) = self.confirm_delete {
            self.delete_dialog(ui, view, links, &mut outcome);
        }
        outcome
    }

    /// Class, balance, blacklist, do-not-contact, next contact and overdue
    /// promises: what to notice before anything else.
    fn badges(&self, ui: &mut egui::Ui, today: chrono::NaiveDate) {
        if let Some(c) = &self.saved {
            let class = c.class();
            let text = if c.class_override.is_some() {
                t!("card.class_manual", class = class.code())
            } else {
                t!("card.class", class = class.code())
            };
            ui.label(RichText::new(text).color(theme::ACCENT));
            let balance = self.data.balance();
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
            if let Some(next) = crate::domain::contact::next_contact_date(&self.data.contacts) {
                let color = if next < today {
                    theme::ERROR
                } else {
                    theme::MUTED
                };
                ui.label(
                    RichText::new(t!("contacts.next_contact", date = next.format("%Y-%m-%d")))
                        .color(color),
                );
            }
            let overdue = self
                .data
                .promises
                .iter()
                .filter(|p| {
                    matches!(
                        p.status(today),
                        crate::domain::promise::PromiseStatus::Overdue(_)
                    )
                })
                .count();
            if overdue > 0 {
                ui.label(
                    RichText::new(t!("card.promises_overdue", n = overdue))
                        .color(theme::ERROR)
                        .strong(),
                );
            }
        }
    }

    /// The title and the card's buttons, the badges and the tab row. The
    /// buttons keep their places whatever the card's state: Save, Undo
    /// (greyed while nothing changed) and, apart from them, Delete (Cancel
    /// on a new card), so a click never lands on a button that just moved in.
    fn header(&mut self, ui: &mut egui::Ui, today: chrono::NaiveDate, outcome: &mut Outcome) {
        ui.add_space(6.0);
        let title = match (&self.saved, self.form.id) {
            (Some(c), Some(_)) => c.name.clone(),
            _ => t!("card.new_title").into_owned(),
        };
        let title = RichText::new(title).heading().strong();
        // A narrow card (a small laptop, longer English buttons) gives the
        // name a line of its own rather than cutting it to a letter or two;
        // the buttons stay at the right edge either way.
        let width = |text: egui::WidgetText, style: egui::TextStyle| {
            text.into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
                .size()
                .x
        };
        let buttons: f32 = [t!("common.save"), t!("card.revert"), t!("card.delete")]
            .into_iter()
            .map(|label| width(label.into_owned().into(), egui::TextStyle::Button) + 24.0)
            .sum();
        let title_width = width(title.clone().into(), egui::TextStyle::Heading);
        let own_line = title_width + buttons + HEADER_SPARE > ui.available_width();
        if own_line {
            ui.add(egui::Label::new(title.clone()).truncate());
        }
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                self.header_buttons(ui, outcome);
                if !own_line {
                    // The title takes what the buttons leave, cut short if need be.
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.add(egui::Label::new(title).truncate());
                    });
                }
            });
        });
        ui.horizontal_wrapped(|ui| self.badges(ui, today));
        if self.form.id.is_some() {
            // Wrapped, so every tab stays reachable in a narrow window or
            // with longer English titles; Ctrl+PageDown/PageUp step through them.
            ui.horizontal_wrapped(|ui| {
                for tab in Tab::ALL {
                    let title = self.tab_title(tab);
                    ui.selectable_value(&mut self.tab, tab, RichText::new(title).size(15.0));
                }
            });
        }
    }

    /// Save, undo and delete (cancel on a new card), laid out right to left
    /// in fixed places: undo is always there, greyed while nothing changed.
    fn header_buttons(&mut self, ui: &mut egui::Ui, outcome: &mut Outcome) {
        let dirty = self.is_dirty();
        if ui
            .add_enabled(
                dirty || self.form.id.is_none(),
                egui::Button::new(RichText::new(t!("common.save")).strong()),
            )
            .clicked()
        {
            *outcome = Outcome::SaveRequested;
        }
        if ui
            .add_enabled(dirty, egui::Button::new(t!("card.revert")))
            .clicked()
        {
            self.revert();
        }
        ui.add_space(18.0);
        if self.form.id.is_none() {
            if ui.button(t!("common.cancel")).clicked() {
                *outcome = Outcome::Closed;
            }
        } else if ui
            .button(RichText::new(t!("card.delete")).color(theme::ERROR))
            .clicked()
        {
            self.delete_requested = true;
        }
        if dirty {
            // In a narrow pane only the dot shows.
            let text = t!("card.unsaved");
            let text = if ui.available_width() < 260.0 {
                "●".into()
            } else {
                text
            };
            ui.label(RichText::new(text).color(theme::WARNING))
                .on_hover_text(t!("card.unsaved"));
        }
    }

    fn tab_title(&self, tab: Tab) -> String {
        match tab {
            Tab::Card => t!("tab.card"),
            Tab::Brief => t!("tab.brief"),
            Tab::Contacts => t!("tab.contacts", n = self.data.contacts.len()),
            Tab::Promises => t!("tab.promises", n = self.data.promises.len()),
            Tab::Purchases => t!("tab.purchases", n = self.data.sales.len()),
            Tab::Collection => t!("coll.tab"),
            Tab::Service => t!(
                "tab.service",
                n = self.data.complaints.len() + self.data.returns.len()
            ),
        }
        .into_owned()
    }

    fn delete_dialog(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        links: CustomerLinks,
        outcome: &mut Outcome,
    ) {
        let Some(id) = self.form.id else { return };
        egui::Modal::new(egui::Id::unique("confirm-delete")).show(ui.ctx(), |ui| {
            ui.set_max_width(440.0);
            ui.heading(t!("card.delete_title", name = self.form.name.trim()));
            for line in delete_lines(&links) {
                ui.label(line);
            }
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
                    self.confirm_delete = None;
                }
                if ui.button(t!("common.cancel")).clicked() {
                    self.confirm_delete = None;
                }
            });
        });
    }
}

/// What the delete dialog says goes with the customer and what stays, one
/// sentence per line; kinds with nothing recorded are left out.
fn delete_lines(l: &CustomerLinks) -> Vec<String> {
    let gone: Vec<String> = [
        (l.contacts, "card.delete_n_contacts"),
        (l.promises, "card.delete_n_promises"),
        (l.sales, "card.delete_n_sales"),
        (l.payments, "card.delete_n_payments"),
        (l.complaints, "card.delete_n_complaints"),
        (l.photos, "card.delete_n_photos"),
        (l.collection_steps, "card.delete_n_steps"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, key)| t!(key, n = n).into_owned())
    .collect();
    let mut lines = vec![if gone.is_empty() {
        t!("card.delete_nothing").into_owned()
    } else {
        t!(
            "card.delete_goes",
            items = gone.join(&t!("card.delete_sep"))
        )
        .into_owned()
    }];
    for (n, key) in [
        (l.returns, "card.delete_keeps_returns"),
        (l.feedback, "card.delete_keeps_feedback"),
        (l.referrals, "card.delete_keeps_referrals"),
    ] {
        if n > 0 {
            lines.push(t!(key, n = n).into_owned());
        }
    }
    lines.push(t!("card.delete_final").into_owned());
    lines
}

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn tabs_step_round_at_both_ends() {
        assert_eq!(Tab::Card.stepped(1), Tab::Brief);
        assert_eq!(Tab::Service.stepped(1), Tab::Card);
        assert_eq!(Tab::Card.stepped(-1), Tab::Service);
        assert_eq!(Tab::Purchases.stepped(-2), Tab::Contacts);
    }
}
