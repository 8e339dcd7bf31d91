//! The Customers section (客户): the list on the left, the open card on the
//! right. Opening, creating, saving and deleting cards happen here; the app
//! shell decides when a dirty card may be left.

mod brief;
mod card;
pub mod card_collection;
mod contacts;
pub mod directory;
pub mod form;
pub mod list;
mod promises;
mod purchases;
mod service;

use chrono::NaiveDateTime;
use egui::RichText;

use super::app::{Command, ViewCtx};
use super::section::{Section, SectionView};
use super::shortcuts::{self, Action};
use super::theme;
use crate::domain::customer::CustomerId;
use crate::i18n::{store_error, t};
use crate::store::Store;
use crate::store::drafts::kinds::CUSTOMER_CARD;
use card::CardEditor;
use form::CardForm;
use list::CustomerList;

pub struct CustomersView {
    list: CustomerList,
    card: Option<CardEditor>,
    /// An unsaved card found in the drafts table at start (after a crash).
    recovered: Option<(CardForm, NaiveDateTime)>,
}

impl CustomersView {
    pub fn new(store: &Store) -> crate::store::Result<CustomersView> {
        let recovered = store.draft(CUSTOMER_CARD, card::DRAFT_KEY)?.and_then(|d| {
            serde_json::from_str::<CardForm>(&d.body)
                .inspect_err(|e| log::warn!("the customer card draft is unreadable: {e}"))
                .ok()
                .map(|form| (form, d.saved_at))
        });
        Ok(CustomersView {
            list: CustomerList::default(),
            card: None,
            recovered,
        })
    }

    pub fn list(&self) -> &CustomerList {
        &self.list
    }

    pub fn is_dirty(&self) -> bool {
        self.card.as_ref().is_some_and(|c| c.is_dirty())
    }

    /// The id of the open card (None for a new, unsaved one).
    pub fn open_id(&self) -> Option<CustomerId> {
        self.card.as_ref().and_then(|c| c.id())
    }

    pub fn focus_search(&mut self) {
        self.list.focus_search();
    }

    /// Moves the open card `step` tabs on (back when negative).
    pub fn step_tab(&mut self, step: isize) {
        if let Some(card) = &mut self.card {
            card.step_tab(step);
        }
    }

    pub fn new_customer(&mut self, now: NaiveDateTime) {
        self.card = Some(CardEditor::new_customer(now));
    }

    pub fn open_customer(&mut self, view: &mut ViewCtx<'_>, id: CustomerId) {
        match CardEditor::open(view.store, id, view.clock.now()) {
            Ok(Some(card)) => {
                self.card = Some(card);
                self.list.reveal(id);
            }
            Ok(None) => view.status.error(t!("err.not_found")),
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    /// Whether an unsaved card from an earlier session is waiting.
    pub fn has_recovered_draft(&self) -> bool {
        self.recovered.is_some()
    }

    pub fn discard_card(&mut self, view: &mut ViewCtx<'_>) {
        forget_draft(view);
        if let Some(card) = &mut self.card {
            if card.id().is_none() {
                self.card = None;
            } else {
                card.revert();
            }
        }
    }

    /// Saves the open card; false when validation or the store refused.
    pub fn save_card(&mut self, view: &mut ViewCtx<'_>) -> bool {
        let Some(card) = &mut self.card else {
            return true;
        };
        match card.save(view) {
            Some(id) => {
                view.commands.push(Command::CustomerChanged(id));
                true
            }
            None => false,
        }
    }

    /// Offers the card recovered from the drafts table: restore or discard.
    fn recovered_banner(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let Some((form, saved_at)) = &self.recovered else {
            return;
        };
        let mut choice = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let name = if form.name.trim().is_empty() {
                t!("card.new_title").into_owned()
            } else {
                form.name.trim().to_string()
            };
            ui.label(
                RichText::new(t!(
                    "draft.found",
                    name = name,
                    time = saved_at.format("%Y-%m-%d %H:%M")
                ))
                .color(theme::WARNING),
            );
            ui.horizontal(|ui| {
                if ui
                    .button(RichText::new(t!("draft.restore")).strong())
                    .clicked()
                {
                    choice = Some(true);
                }
                if ui.button(t!("draft.discard")).clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                let Some((form, _)) = self.recovered.take() else {
                    return;
                };
                let editor = match form.id {
                    Some(id) => CardEditor::open(view.store, id, view.clock.now()),
                    None => Ok(Some(CardEditor::new_customer(form.created_at))),
                };
                match editor {
                    Ok(Some(mut editor)) => {
                        editor.restore_draft(form);
                        self.card = Some(editor);
                    }
                    Ok(None) => view.status.error(t!("err.not_found")),
                    Err(e) => view.status.error(store_error(&e)),
                }
            }
            Some(false) => {
                self.recovered = None;
                forget_draft(view);
            }
            None => {}
        }
    }

    /// Reads the open card again when the book changed since it was read;
    /// a card deleted elsewhere closes unless it holds unsaved edits.
    fn refresh_card(&mut self, view: &mut ViewCtx<'_>) {
        let Some(card) = &mut self.card else { return };
        match card.refresh(view.store) {
            Ok(card::Refreshed::Gone(id)) if !card.is_dirty() => {
                self.card = None;
                view.commands.push(Command::CustomerRemoved(id));
            }
            Ok(_) => {}
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let directory = view.customers;
        // On a small laptop the card gets the larger share at first.
        let list_width = (ui.available_width() * 0.45).clamp(320.0, 500.0);
        egui::Panel::left("customer-list-panel")
            .resizable(true)
            .default_size(list_width)
            .size_range(320.0..=760.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                self.recovered_banner(ui, view);
                ui.horizontal(|ui| {
                    ui.heading(t!("nav.customers"));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let new = ui.button(t!("list.new"));
                        let new = match shortcuts::for_action(Action::NewCustomer) {
                            Some(shortcut) => new.on_hover_text(shortcut.label()),
                            None => new,
                        };
                        if new.clicked() {
                            view.commands.push(Command::NewCustomer);
                        }
                    });
                });
                if let Some(id) = self.list.show(ui, directory, self.open_id()) {
                    view.commands.push(Command::OpenCustomer(id));
                }
            });
        self.refresh_card(view);
        egui::CentralPanel::default().show(ui, |ui| {
            let mut outcome = card::Outcome::None;
            match &mut self.card {
                Some(card) => {
                    outcome = card.show(ui, view, directory.rows());
                    card.autosave(ui.ctx(), view.store);
                }
                None => {
                    ui.add_space(60.0);
                    ui.vertical_centered(|ui| {
                        ui.label(RichText::new(t!("card.none_open")).color(theme::MUTED));
                        ui.add_space(8.0);
                        if ui.button(t!("list.new")).clicked() {
                            view.commands.push(Command::NewCustomer);
                        }
                    });
                }
            }
            match outcome {
                card::Outcome::None => {}
                card::Outcome::SaveRequested => {
                    self.save_card(view);
                }
                card::Outcome::Changed(id) => view.commands.push(Command::CustomerChanged(id)),
                card::Outcome::Deleted(id) => {
                    view.commands.push(Command::CustomerRemoved(id));
                    self.card = None;
                }
                card::Outcome::Closed => {
                    forget_draft(view);
                    self.card = None;
                }
            }
        });
    }
}

impl SectionView for CustomersView {
    fn section(&self) -> Section {
        Section::Customers
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        self.show(ui, cx);
    }

    fn invalidate(&mut self) {
        if let Some(card) = &mut self.card {
            card.invalidate();
        }
    }
}

/// Deletes the card's crash-recovery draft; a failure is shown, since the
/// card would be offered back at the next start.
fn forget_draft(view: &mut ViewCtx<'_>) {
    if let Err(e) = view.store.delete_draft(CUSTOMER_CARD, card::DRAFT_KEY) {
        view.status.error(store_error(&e));
    }
}
