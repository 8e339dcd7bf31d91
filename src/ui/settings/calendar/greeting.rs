//! The greeting template editor: pick an occasion kind and a language, edit
//! the text, save it or go back to the default. The placeholders a template
//! may use are listed under the editor.

use egui::RichText;

use super::days::saved;
use crate::domain::calendar::OccasionKind;
use crate::domain::calendar::greeting::default_template;
use crate::i18n::{Language, label, t};
use crate::store::Store;
use crate::ui::app::ViewCtx;
use crate::ui::theme;

/// The template being edited and the one in the book.
pub struct GreetingEditor {
    kind: OccasionKind,
    chinese: bool,
    text: String,
    saved: String,
}

impl GreetingEditor {
    /// Starts on the birthday template in the UI's language.
    pub fn new(store: &Store) -> crate::store::Result<GreetingEditor> {
        let mut editor = GreetingEditor {
            kind: OccasionKind::Birthday,
            chinese: Language::current() == Language::Chinese,
            text: String::new(),
            saved: String::new(),
        };
        editor.load(store)?;
        Ok(editor)
    }

    /// Reads the chosen template from the book (unsaved edits are dropped).
    fn load(&mut self, store: &Store) -> crate::store::Result<()> {
        self.saved = store.greeting_template(self.kind, self.chinese)?;
        self.text = self.saved.clone();
        Ok(())
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        ui.strong(t!("settings.greeting.title"));
        if self.pickers(ui) {
            self.reload(view);
        }
        let editor = ui.label(t!("settings.greeting.text"));
        ui.add(
            egui::TextEdit::multiline(&mut self.text)
                .desired_rows(4)
                .desired_width(crate::ui::widgets::fitting_width(ui, 560.0)),
        )
        .labelled_by(editor.id);
        ui.label(
            RichText::new(t!("settings.greeting.placeholders"))
                .small()
                .color(theme::MUTED),
        );
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    self.text != self.saved,
                    egui::Button::new(t!("common.save")),
                )
                .clicked()
            {
                let text = self.text.clone();
                self.save(&text, view);
            }
            let default = default_template(self.kind, self.chinese);
            if ui
                .add_enabled(
                    self.text != default || self.saved != default,
                    egui::Button::new(t!("settings.greeting.restore")),
                )
                .clicked()
            {
                self.save("", view);
            }
        });
    }

    /// The kind and language pickers; returns whether either changed.
    fn pickers(&mut self, ui: &mut egui::Ui) -> bool {
        let before = (self.kind, self.chinese);
        ui.horizontal(|ui| {
            let kind_label = ui.label(t!("settings.greeting.kind"));
            egui::ComboBox::from_id_salt("settings-greeting-kind")
                .selected_text(label("kind", self.kind.code()))
                .show_ui(ui, |ui| {
                    for kind in OccasionKind::ALL {
                        ui.selectable_value(&mut self.kind, *kind, label("kind", kind.code()));
                    }
                })
                .response
                .labelled_by(kind_label.id);
            ui.add_space(12.0);
            ui.radio_value(&mut self.chinese, true, t!("settings.greeting.chinese"));
            ui.radio_value(&mut self.chinese, false, t!("settings.greeting.english"));
        });
        (self.kind, self.chinese) != before
    }

    fn reload(&mut self, view: &mut ViewCtx<'_>) {
        if let Err(e) = self.load(view.store) {
            view.status.error(crate::i18n::store_error(&e));
        }
    }

    /// Saves `text` (blank: back to the default) and shows what the book
    /// now holds.
    fn save(&mut self, text: &str, view: &mut ViewCtx<'_>) {
        match view
            .store
            .set_greeting_template(self.kind, self.chinese, text)
        {
            Ok(()) => {
                self.reload(view);
                saved(view);
            }
            Err(e) => view.status.error(crate::i18n::store_error(&e)),
        }
    }
}
