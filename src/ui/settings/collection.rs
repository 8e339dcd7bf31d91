//! The Collection group of Settings (催收): how many days after the due
//! date each step of the collection ladder comes, and the texts of the
//! overdue notice and the demand letter in each UI language. A template is
//! stored only when it differs from the default.
//!
//! The group keeps its state in egui's memory (keyed by the book's file),
//! so Settings only has to call [`show`].

use std::path::PathBuf;

use egui::{RichText, TextEdit};

use crate::domain::receivables::ladder::{Ladder, LadderError, Rung};
use crate::domain::receivables::letters::{LetterKind, default_template};
use crate::i18n::{Language, store_error, t};
use crate::store::Store;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::receivables::collection_panel::step_label;
use crate::ui::settings::calendar::parse_days;
use crate::ui::theme;
use crate::ui::widgets::letter::kind_label;

/// The placeholders a template may use, with the key of their explanation.
const PLACEHOLDERS: [(&str, &str); 9] = [
    ("{customer}", "coll.ph.customer"),
    ("{shop}", "coll.ph.shop"),
    ("{date}", "coll.ph.date"),
    ("{total}", "coll.ph.total"),
    ("{overdue}", "coll.ph.overdue"),
    ("{oldest_days}", "coll.ph.oldest_days"),
    ("{pay_by}", "coll.ph.pay_by"),
    ("{sales}", "coll.ph.sales"),
    ("{reminders}", "coll.ph.reminders"),
];

#[derive(Clone)]
struct State {
    book: Option<PathBuf>,
    saved_ladder: Ladder,
    days: Vec<String>,
    /// `[kind][language]`, language 0 Chinese, 1 English.
    templates: [[String; 2]; 2],
    saved_templates: [[String; 2]; 2],
    kind: usize,
    language: usize,
}

impl State {
    fn load(store: &Store) -> crate::store::Result<State> {
        let ladder = store.ladder()?;
        let mut templates: [[String; 2]; 2] = Default::default();
        for (k, kind) in LetterKind::ALL.iter().enumerate() {
            for (l, chinese) in [true, false].into_iter().enumerate() {
                templates[k][l] = store.letter_template(*kind, chinese)?;
            }
        }
        Ok(State {
            book: store.path().map(PathBuf::from),
            days: ladder
                .rungs()
                .iter()
                .map(|r| r.after_days.to_string())
                .collect(),
            saved_ladder: ladder,
            saved_templates: templates.clone(),
            templates,
            kind: 0,
            language: usize::from(Language::current() != Language::Chinese),
        })
    }

    /// The ladder as typed: a message when a field or the order is wrong.
    fn typed_ladder(&self) -> Result<Ladder, String> {
        let mut rungs = Vec::new();
        for (rung, text) in self.saved_ladder.rungs().iter().zip(&self.days) {
            let Some(days) = parse_days(text, &(0..=3650)) else {
                return Err(
                    t!("coll.settings.days_error", step = step_label(rung.step)).into_owned()
                );
            };
            rungs.push(Rung {
                step: rung.step,
                after_days: days,
            });
        }
        Ladder::new(rungs).map_err(|e| match e {
            LadderError::Empty | LadderError::NotIncreasing => {
                t!("coll.settings.not_increasing").into_owned()
            }
        })
    }
}

/// Draws the group.
pub fn show(ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
    let id = egui::Id::unique("settings-collection");
    let book = view.store.path().map(PathBuf::from);
    let kept = ui
        .data_mut(|d| d.get_temp::<State>(id))
        .filter(|s| s.book == book);
    let mut state = match kept {
        Some(s) => s,
        None => match State::load(view.store) {
            Ok(s) => s,
            Err(e) => {
                view.status.error(store_error(&e));
                return;
            }
        },
    };
    ui.add_space(16.0);
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(860.0));
            ui.heading(t!("coll.settings.title"));
            ui.label(RichText::new(t!("coll.settings.intro")).color(theme::MUTED));
            ui.add_space(6.0);
            ladder(ui, view, &mut state);
            ui.add_space(10.0);
            templates(ui, view, &mut state);
        });
    ui.data_mut(|d| d.insert_temp(id, state));
}

fn ladder(ui: &mut egui::Ui, view: &mut ViewCtx<'_>, state: &mut State) {
    ui.label(RichText::new(t!("coll.settings.ladder")).strong());
    let steps: Vec<_> = state.saved_ladder.rungs().iter().map(|r| r.step).collect();
    egui::Grid::new("coll-ladder-settings")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (step, text) in steps.iter().zip(state.days.iter_mut()) {
                let label = ui.label(step_label(*step));
                ui.horizontal(|ui| {
                    ui.add(TextEdit::singleline(text).desired_width(64.0))
                        .labelled_by(label.id);
                    ui.label(t!("coll.settings.days_after_due"));
                });
                ui.end_row();
            }
        });
    let typed = state.typed_ladder();
    ui.horizontal(|ui| {
        let changed = typed.as_ref().is_ok_and(|l| *l != state.saved_ladder);
        if ui
            .add_enabled(changed, egui::Button::new(t!("coll.settings.save_ladder")))
            .clicked()
            && let Ok(ladder) = &typed
        {
            match view.store.set_ladder(ladder) {
                Ok(()) => {
                    state.saved_ladder = ladder.clone();
                    view.status.info(t!("coll.settings.saved"));
                    view.commands.push(Command::Reload);
                }
                Err(e) => view.status.error(store_error(&e)),
            }
        }
        if ui.button(t!("coll.settings.ladder_default")).clicked() {
            state.days = Ladder::default()
                .rungs()
                .iter()
                .map(|r| r.after_days.to_string())
                .collect();
        }
        if let Err(message) = &typed {
            ui.label(RichText::new(format!("⚠ {message}")).color(theme::ERROR));
        }
    });
}

fn templates(ui: &mut egui::Ui, view: &mut ViewCtx<'_>, state: &mut State) {
    ui.label(RichText::new(t!("coll.settings.templates")).strong());
    ui.horizontal(|ui| {
        for (k, kind) in LetterKind::ALL.iter().enumerate() {
            ui.selectable_value(&mut state.kind, k, kind_label(*kind));
        }
        ui.separator();
        ui.selectable_value(&mut state.language, 0, Language::Chinese.native_name());
        ui.selectable_value(&mut state.language, 1, Language::English.native_name());
    });
    let kind = LetterKind::ALL[state.kind];
    let chinese = state.language == 0;
    let text = &mut state.templates[state.kind][state.language];
    ui.add(
        TextEdit::multiline(text)
            .desired_rows(12)
            .desired_width(f32::INFINITY)
            .font(egui::TextStyle::Body),
    )
    .accessible_name(t!("coll.settings.template_editor"));
    ui.label(
        RichText::new(t!("coll.settings.placeholders"))
            .small()
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        for (key, explain) in PLACEHOLDERS {
            ui.label(
                RichText::new(format!("{key} {}", t!(explain)))
                    .small()
                    .color(theme::MUTED),
            );
        }
    });
    ui.horizontal(|ui| {
        let changed = state.templates != state.saved_templates;
        if ui
            .add_enabled(
                changed,
                egui::Button::new(t!("coll.settings.save_templates")),
            )
            .clicked()
        {
            let mut result = Ok(());
            for (k, kind) in LetterKind::ALL.iter().enumerate() {
                for (l, chinese) in [true, false].into_iter().enumerate() {
                    result = result.and_then(|()| {
                        view.store
                            .set_letter_template(*kind, chinese, &state.templates[k][l])
                    });
                }
            }
            match result {
                Ok(()) => {
                    state.saved_templates = state.templates.clone();
                    view.status.info(t!("coll.settings.saved"));
                    view.commands.push(Command::Reload);
                }
                Err(e) => view.status.error(store_error(&e)),
            }
        }
        if ui.button(t!("coll.settings.template_default")).clicked() {
            state.templates[state.kind][state.language] =
                default_template(kind, chinese).to_string();
        }
    });
}
