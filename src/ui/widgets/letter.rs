//! The overdue notice and the demand letter for one customer: filled from
//! the shop's template into an editable preview, then copied, saved as text
//! or saved as a page the browser opens to print. Files are written to
//! `<file>.partial` first and renamed, so a failed write leaves no half file.

use std::path::{Path, PathBuf};

use egui::{RichText, TextEdit};

use crate::atomic_write;
use crate::domain::customer::CustomerId;
use crate::domain::receivables::letters::{LetterKind, fill, to_html};
use crate::i18n::{Language, store_error, t, tr};
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::file_dialog;

/// The letter being prepared for a customer.
#[derive(Default)]
pub struct LetterPanel {
    /// The customer and kind the text was generated for.
    made_for: Option<(CustomerId, LetterKind)>,
    pub text: String,
    /// Where the last file went, shown under the buttons.
    saved_to: Option<PathBuf>,
}

/// The step a letter is logged as when it is sent.
pub fn step_of(kind: LetterKind) -> crate::domain::receivables::ladder::StepKind {
    use crate::domain::receivables::ladder::StepKind;
    match kind {
        LetterKind::OverdueNotice => StepKind::Notice,
        LetterKind::DemandLetter => StepKind::DemandLetter,
    }
}

pub fn kind_label(kind: LetterKind) -> String {
    tr(&format!("coll.letter.{}", kind.code()))
}

impl LetterPanel {
    /// Forgets a letter made for another customer.
    pub fn keep_for(&mut self, customer: CustomerId) {
        if self.made_for.is_some_and(|(c, _)| c != customer) {
            *self = LetterPanel::default();
        }
    }

    /// Draws the panel; returns the kind of letter the user marked as sent.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        customer: CustomerId,
        name: &str,
    ) -> Option<LetterKind> {
        self.keep_for(customer);
        let mut sent = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t!("coll.letter.title")).strong());
            for kind in LetterKind::ALL {
                if ui
                    .button(t!("coll.letter.make", kind = kind_label(*kind)))
                    .clicked()
                {
                    self.generate(view, customer, *kind);
                }
            }
        });
        let Some((_, kind)) = self.made_for else {
            ui.label(RichText::new(t!("coll.letter.hint")).color(theme::MUTED));
            return None;
        };
        let title = kind_label(kind);
        ui.add(
            TextEdit::multiline(&mut self.text)
                .desired_rows(10)
                .desired_width(f32::INFINITY),
        )
        .on_hover_text(t!("coll.letter.editable"))
        .accessible_name(t!("coll.letter.preview", kind = title.as_str()));
        ui.horizontal_wrapped(|ui| {
            if ui.button(t!("coll.letter.copy")).clicked() {
                ui.ctx().copy_text(self.text.clone());
                view.status.info(t!("coll.letter.copied"));
            }
            let clicked = ui.button(t!("coll.letter.save_text")).clicked();
            let file_name = format!("{}.txt", self.file_stem(name, kind, view));
            if let Some(path) = file_dialog::save_file(ui, "coll.letter.save_text", clicked, || {
                rfd::FileDialog::new()
                    .set_file_name(file_name)
                    .add_filter(t!("coll.letter.text_file"), &["txt"])
            }) {
                self.save_text(view, &path);
            }
            if ui.button(t!("coll.letter.print")).clicked() {
                self.print(ui.ctx(), view, name, kind);
            }
            if ui
                .button(t!("coll.letter.log_sent"))
                .on_hover_text(t!("coll.letter.log_sent_hint"))
                .clicked()
            {
                sent = Some(kind);
            }
        });
        if let Some(path) = &self.saved_to {
            ui.label(
                RichText::new(t!(
                    "coll.letter.saved_at",
                    path = path.display().to_string()
                ))
                .color(theme::MUTED)
                .small(),
            );
        }
        sent
    }

    fn generate(&mut self, view: &mut ViewCtx<'_>, customer: CustomerId, kind: LetterKind) {
        let chinese = Language::current() == Language::Chinese;
        let made = view
            .store
            .letter_template(kind, chinese)
            .and_then(|template| {
                let ctx = view.store.letter_context(customer, view.clock.today())?;
                Ok(fill(kind, &template, &ctx, chinese))
            });
        match made {
            Ok(text) => {
                self.text = text;
                self.made_for = Some((customer, kind));
                self.saved_to = None;
            }
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    fn file_stem(&self, name: &str, kind: LetterKind, view: &ViewCtx<'_>) -> String {
        let safe: String = name
            .chars()
            .map(|c| if "\\/:*?\"<>|".contains(c) { '_' } else { c })
            .collect();
        format!(
            "{}-{}-{}",
            safe.trim(),
            kind_label(kind),
            view.clock.today().format("%Y-%m-%d")
        )
    }

    fn save_text(&mut self, view: &mut ViewCtx<'_>, path: &Path) {
        match atomic_write::write_bytes(path, self.text.as_bytes()) {
            Ok(()) => {
                view.status
                    .info(t!("coll.letter.saved", path = path.display().to_string()));
                self.saved_to = Some(path.to_path_buf());
            }
            Err(e) => view
                .status
                .error(t!("coll.letter.write_failed", error = e.to_string())),
        }
    }

    /// Saves the letter as a page beside the book and opens it in the
    /// browser, which offers to print it.
    fn print(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>, name: &str, kind: LetterKind) {
        let dir = letters_dir(view.store.path());
        let path = dir.join(format!("{}.html", self.file_stem(name, kind, view)));
        let html = to_html(&kind_label(kind), &self.text);
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| atomic_write::write_bytes(&path, html.as_bytes()));
        match written {
            Ok(()) => {
                ctx.open_url(egui::OpenUrl::new_tab(file_url(&path)));
                view.status.info(t!(
                    "coll.letter.print_saved",
                    path = path.display().to_string()
                ));
                self.saved_to = Some(path);
            }
            Err(e) => view
                .status
                .error(t!("coll.letter.write_failed", error = e.to_string())),
        }
    }
}

/// Where printable letters go: `<book>-letters/` beside the book file.
pub fn letters_dir(book: Option<&Path>) -> PathBuf {
    match book {
        Some(p) => {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "genjin".into());
            p.with_file_name(format!("{stem}-letters"))
        }
        None => std::env::temp_dir().join("genjin-letters"),
    }
}

/// A `file://` address for a local file, with the characters a URL cannot
/// carry escaped.
pub fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' => escaped.push_str("%20"),
            '#' => escaped.push_str("%23"),
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3F"),
            _ => escaped.push(c),
        }
    }
    if escaped.starts_with('/') {
        format!("file://{escaped}")
    } else {
        format!("file:///{escaped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_written_whole_and_named_beside_the_book() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("letter.txt");
        atomic_write::write_bytes(&path, "催款函".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "催款函");
        assert!(!dir.path().join("letter.txt.partial").exists());
        let book = dir.path().join("shop.sqlite");
        assert_eq!(letters_dir(Some(&book)), dir.path().join("shop-letters"));
        assert_eq!(
            file_url(Path::new("/tmp/a b/催款函#1.html")),
            "file:///tmp/a%20b/催款函%231.html"
        );
        assert_eq!(
            file_url(Path::new("C:\\Users\\店\\x.html")),
            "file:///C:/Users/店/x.html"
        );
    }
}
