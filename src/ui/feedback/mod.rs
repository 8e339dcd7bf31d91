//! The feedback section (意见卡): the shop's cards (new ones start from the
//! standard six questions), recording filled-in cards, the responses
//! awaiting a reply, and each card's averages and monthly trend.
//!
//! Everything typed stays in this view's state while the user moves
//! between tabs and sections; a card being designed and half-filled
//! responses are also kept in the drafts table a second after each change,
//! and come back when the section is next opened after a restart. What is
//! shown is read from the store when the section is entered and after each
//! write, never per frame.

mod autosave;
mod design;
mod record;
mod replies;
mod results;

use std::collections::{BTreeMap, HashMap};

use egui::RichText;

use self::autosave::Autosave;
use self::design::{CardDesign, CardForm, DesignAction};
use self::record::{RecordTab, ResponseForm};
use self::replies::RepliesTab;
use self::results::Results;
use super::app::ViewCtx;
use super::read_at::ReadAt;
use super::theme;
use crate::domain::feedback::{CardId, FeedbackCard};
use crate::i18n::{store_error, t};
use crate::store::drafts::kinds::{FEEDBACK_CARD, FEEDBACK_RESPONSE};
use crate::store::feedback::ReplyTask;

/// The section's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackTab {
    Cards,
    Record,
    Replies,
    Results,
}

/// State of the feedback section.
pub struct FeedbackView {
    tab: FeedbackTab,
    /// The tab (and whether the designer was open) drawn last frame.
    drawn: Option<(FeedbackTab, bool)>,
    /// Read the store again before drawing.
    stale: bool,
    /// When the lists were last read: a write anywhere reads them again.
    read_at: ReadAt<()>,
    cards: Vec<FeedbackCard>,
    responses: HashMap<CardId, u32>,
    tasks: Vec<ReplyTask>,
    selected: Option<CardId>,
    show_archived: bool,
    design: Option<CardDesign>,
    record: RecordTab,
    replies: RepliesTab,
    /// The selected card's results, read when the Results tab needs them.
    results: Option<Results>,
    drafts_read: bool,
    design_draft: Autosave,
    response_draft: Autosave,
}

impl Default for FeedbackView {
    fn default() -> FeedbackView {
        FeedbackView {
            tab: FeedbackTab::Cards,
            drawn: None,
            stale: true,
            read_at: ReadAt::default(),
            cards: Vec::new(),
            responses: HashMap::new(),
            tasks: Vec::new(),
            selected: None,
            show_archived: false,
            design: None,
            record: RecordTab::default(),
            replies: RepliesTab::default(),
            results: None,
            drafts_read: false,
            design_draft: Autosave::new(FEEDBACK_CARD),
            response_draft: Autosave::new(FEEDBACK_RESPONSE),
        }
    }
}

impl FeedbackView {
    /// The tab shown.
    pub fn tab(&self) -> FeedbackTab {
        self.tab
    }

    /// The card the Record and Results tabs are about.
    pub fn selected_card(&self) -> Option<CardId> {
        self.selected
    }

    /// Whether a card is being designed (new or edited, saved or not).
    pub fn is_designing(&self) -> bool {
        self.design.is_some()
    }

    /// How many responses await a reply, as last read.
    pub fn awaiting_replies(&self) -> usize {
        self.tasks.len()
    }

    /// Reads the store again before the next frame (the book changed).
    pub fn invalidate(&mut self) {
        self.stale = true;
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        if self.read_at.needs_read(view.store, ()) {
            self.stale = true;
        }
        if !self.drafts_read {
            self.read_drafts(view);
        }
        if self.stale {
            self.reload(view);
        }

        ui.heading(t!("feedback.title"));
        ui.horizontal_wrapped(|ui| {
            for (tab, title) in [
                (FeedbackTab::Cards, t!("feedback.tab.cards")),
                (FeedbackTab::Record, t!("feedback.tab.record")),
                (
                    FeedbackTab::Replies,
                    t!("feedback.tab.replies", n = self.tasks.len()),
                ),
                (FeedbackTab::Results, t!("feedback.tab.results")),
            ] {
                ui.selectable_value(&mut self.tab, tab, RichText::new(title).size(15.0));
            }
        });
        ui.separator();
        let mut scroll = egui::ScrollArea::vertical().auto_shrink(false);
        // Another tab, or a card opened in the designer, starts at its top.
        let shown = (self.tab, self.design.is_some());
        if self.drawn != Some(shown) {
            scroll = scroll.vertical_scroll_offset(0.0);
            self.drawn = Some(shown);
        }
        scroll.show(ui, |ui| match self.tab {
            FeedbackTab::Cards => self.cards_tab(ui, view),
            FeedbackTab::Record => self.record_tab(ui, view),
            FeedbackTab::Replies => {
                if self.replies.show(ui, view, &self.tasks, &self.cards) {
                    self.stale = true;
                }
            }
            FeedbackTab::Results => self.results_tab(ui, view),
        });

        let ctx = ui.ctx().clone();
        let design = self
            .design
            .as_ref()
            .filter(|d| d.is_changed())
            .map(|d| &d.form);
        self.design_draft.keep(&ctx, view.store, design);
        let responses = self.record.unsaved();
        self.response_draft.keep(
            &ctx,
            view.store,
            (!responses.is_empty()).then_some(responses),
        );
    }

    /// Brings back unsaved work from the drafts table, once.
    fn read_drafts(&mut self, view: &mut ViewCtx<'_>) {
        self.drafts_read = true;
        let mut restored = false;
        if let Some(form) = self.design_draft.load::<CardForm>(view.store)
            && let Ok(Some(design)) = CardDesign::restore(view.store, form, view.clock.now())
        {
            self.design = Some(design);
            self.tab = FeedbackTab::Cards;
            restored = true;
        }
        if let Some(forms) = self
            .response_draft
            .load::<BTreeMap<CardId, ResponseForm>>(view.store)
            && !forms.is_empty()
        {
            self.record.forms = forms;
            restored = true;
        }
        if restored {
            view.status.info(t!("feedback.design.restored"));
        }
    }

    fn reload(&mut self, view: &mut ViewCtx<'_>) {
        self.stale = false;
        self.results = None;
        let store = &*view.store;
        let read = || -> crate::store::Result<_> {
            let cards = store.feedback_cards()?;
            let mut responses = HashMap::new();
            for card in &cards {
                if let Some(id) = card.id {
                    responses.insert(id, store.feedback_response_count(id)?);
                }
            }
            Ok((cards, responses, store.open_feedback_replies()?))
        };
        match read() {
            Ok((cards, responses, tasks)) => {
                self.cards = cards;
                self.responses = responses;
                self.tasks = tasks;
            }
            Err(e) => view.status.error(store_error(&e)),
        }
        if !self.cards.iter().any(|c| c.id == self.selected) {
            self.selected = self
                .cards
                .iter()
                .find(|c| !c.archived)
                .or(self.cards.first())
                .and_then(|c| c.id);
        }
        // Forms of cards that are gone are of no use any more.
        let known: Vec<CardId> = self.cards.iter().filter_map(|c| c.id).collect();
        self.record.forms.retain(|id, _| known.contains(id));
    }

    fn selected(&self) -> Option<&FeedbackCard> {
        self.cards.iter().find(|c| c.id == self.selected)
    }

    /// The list of cards, or the card being designed.
    fn cards_tab(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        if let Some(design) = &mut self.design {
            match design.show(ui) {
                Some(DesignAction::Save) => {
                    let card = design.card();
                    let saved = match card.id {
                        Some(id) => view.store.update_feedback_card(&card).map(|()| id),
                        None => view.store.create_feedback_card(&card),
                    };
                    match saved {
                        Ok(id) => {
                            view.status.info(t!("feedback.design.saved"));
                            self.design = None;
                            self.selected = Some(id);
                            self.stale = true;
                        }
                        Err(e) => view.status.error(store_error(&e)),
                    }
                }
                Some(DesignAction::Discard) => self.design = None,
                None => {}
            }
            return;
        }
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(t!("feedback.cards.new")).strong())
                .clicked()
            {
                self.design = Some(CardDesign::new_card(view.clock.now()));
            }
            if self.cards.iter().any(|c| c.archived) {
                ui.checkbox(&mut self.show_archived, t!("feedback.cards.show_archived"));
            }
        });
        ui.add_space(8.0);
        if self.cards.is_empty() {
            ui.label(RichText::new(t!("feedback.cards.empty")).color(theme::MUTED));
            return;
        }
        let mut action = None;
        for card in self
            .cards
            .iter()
            .filter(|c| self.show_archived || !c.archived)
        {
            let Some(id) = card.id else { continue };
            egui::Frame::group(ui.style())
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width().min(760.0));
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(&card.name).strong().size(16.0));
                        if card.archived {
                            ui.label(
                                RichText::new(t!("feedback.archived_mark")).color(theme::MUTED),
                            );
                        }
                        ui.label(
                            RichText::new(t!(
                                "feedback.cards.summary",
                                questions = card.questions.len(),
                                responses = self.responses.get(&id).copied().unwrap_or(0)
                            ))
                            .color(theme::MUTED),
                        );
                    });
                    ui.horizontal(|ui| {
                        if ui.button(t!("feedback.cards.record")).clicked() {
                            action = Some(CardAction::Record(id));
                        }
                        if ui.button(t!("feedback.cards.results")).clicked() {
                            action = Some(CardAction::Results(id));
                        }
                        if ui.button(t!("feedback.cards.edit")).clicked() {
                            action = Some(CardAction::Edit(id));
                        }
                        let (label, archive) = if card.archived {
                            (t!("feedback.cards.unarchive"), false)
                        } else {
                            (t!("feedback.cards.archive"), true)
                        };
                        if ui.button(label).clicked() {
                            action = Some(CardAction::Archive(id, archive, card.name.clone()));
                        }
                    });
                });
            ui.add_space(4.0);
        }
        match action {
            Some(CardAction::Record(id)) => {
                self.selected = Some(id);
                self.tab = FeedbackTab::Record;
            }
            Some(CardAction::Results(id)) => {
                self.selected = Some(id);
                self.tab = FeedbackTab::Results;
            }
            Some(CardAction::Edit(id)) => match CardDesign::open(view.store, id) {
                Ok(Some(design)) => self.design = Some(design),
                Ok(None) => self.stale = true,
                Err(e) => view.status.error(store_error(&e)),
            },
            Some(CardAction::Archive(id, archive, name)) => {
                match view.store.archive_feedback_card(id, archive) {
                    Ok(()) => {
                        view.status.info(if archive {
                            t!("feedback.cards.archived_done", name = name)
                        } else {
                            t!("feedback.cards.restored_done", name = name)
                        });
                        self.stale = true;
                    }
                    Err(e) => view.status.error(store_error(&e)),
                }
            }
            None => {}
        }
    }

    /// Picks the card the Record and Results tabs are about.
    fn card_picker(&mut self, ui: &mut egui::Ui) {
        let selected_name = self.selected().map(|c| c.name.clone()).unwrap_or_default();
        ui.horizontal(|ui| {
            let l = ui.label(t!("feedback.card_picker"));
            egui::ComboBox::from_id_salt("feedback-card")
                .selected_text(selected_name)
                .show_ui(ui, |ui| {
                    for card in &self.cards {
                        if card.archived && !self.show_archived && card.id != self.selected {
                            continue;
                        }
                        let name = if card.archived {
                            format!("{} {}", card.name, t!("feedback.archived_mark"))
                        } else {
                            card.name.clone()
                        };
                        ui.selectable_value(&mut self.selected, card.id, name);
                    }
                })
                .response
                .labelled_by(l.id);
        });
        ui.add_space(6.0);
    }

    fn record_tab(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        if self.cards.is_empty() {
            ui.label(RichText::new(t!("feedback.record.no_card")).color(theme::MUTED));
            return;
        }
        self.card_picker(ui);
        let Some(card) = self.cards.iter().find(|c| c.id == self.selected) else {
            return;
        };
        if self.record.show(ui, view, card) {
            self.stale = true;
        }
    }

    fn results_tab(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        if self.cards.is_empty() {
            ui.label(RichText::new(t!("feedback.record.no_card")).color(theme::MUTED));
            return;
        }
        self.card_picker(ui);
        let Some(card) = self.cards.iter().find(|c| c.id == self.selected) else {
            return;
        };
        if self.results.as_ref().map(|r| r.card_id) != card.id {
            match Results::load(view.store, card, view.clock.today()) {
                Ok(results) => self.results = Some(results),
                Err(e) => {
                    view.status.error(store_error(&e));
                    return;
                }
            }
        }
        if let Some(results) = &self.results {
            results.show(ui, card);
        }
    }
}

/// What a card's buttons in the list ask for.
enum CardAction {
    Record(CardId),
    Results(CardId),
    Edit(CardId),
    Archive(CardId, bool, String),
}
