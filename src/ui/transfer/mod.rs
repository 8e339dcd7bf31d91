//! Import & export (导入导出): the guided import (file → kind, preview and
//! column mapping → check report → import → result with undo), the export
//! buttons, and the history of import batches with undo.
//!
//! The check and the import run on a [`job::Job`] thread; this view only
//! draws their progress. `wizard` draws the steps, `history` the batches.

mod history;
pub mod job;
mod wizard;

use std::path::{Path, PathBuf};

use egui::RichText;

use self::history::History;
use self::wizard::Wizard;
use super::app::ViewCtx;
use super::theme;
use super::widgets::file_dialog;
use crate::i18n::t;
use crate::import::export::ExportEncoding;
use crate::import::export_book::{ExportKind, export_to_file};

/// The section's state.
pub struct TransferView {
    wizard: Option<Wizard>,
    history: History,
    export_encoding: ExportEncoding,
}

impl Default for TransferView {
    fn default() -> Self {
        TransferView::new()
    }
}

impl TransferView {
    pub fn new() -> TransferView {
        TransferView {
            wizard: None,
            history: History::default(),
            export_encoding: ExportEncoding::Utf8Bom,
        }
    }

    /// Starts the import of a file (the file dialog's choice, or a test's).
    pub fn open_file(&mut self, path: &Path, view: &mut ViewCtx<'_>) {
        match Wizard::open(path, view) {
            Ok(wizard) => self.wizard = Some(wizard),
            Err(message) => view.status.error(message),
        }
    }

    /// The wizard's current step, for tests: `preview`, `checking`,
    /// `report`, `importing`, `done`; `None` on the start page.
    pub fn step(&self) -> Option<&'static str> {
        self.wizard.as_ref().map(Wizard::step_name)
    }

    /// The history needs reloading (the book changed or another opened).
    pub fn invalidate(&mut self) {
        self.history.invalidate();
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        if let Some(wizard) = &mut self.wizard {
            let keep = wizard.show(ui, view);
            if wizard.book_changed() {
                self.history.invalidate();
            }
            if !keep {
                self.wizard = None;
            }
            return;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add_space(12.0);
                ui.heading(t!("nav.import"));
                ui.add_space(8.0);
                self.import_panel(ui, view);
                ui.add_space(12.0);
                self.export_panel(ui, view);
                ui.add_space(12.0);
                self.history.show(ui, view);
            });
    }

    fn import_panel(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(860.0));
                ui.strong(t!("import.title"));
                ui.label(
                    RichText::new(t!("import.intro"))
                        .small()
                        .color(theme::MUTED),
                );
                ui.add_space(6.0);
                let clicked = ui.button(t!("import.choose_file")).clicked();
                if let Some(path) =
                    file_dialog::pick_file(ui, "import.choose_file", clicked, || {
                        rfd::FileDialog::new()
                            .set_title(t!("import.choose_file"))
                            .add_filter(t!("import.filter_lists"), &["csv", "txt", "tsv", "vcf"])
                            .add_filter(t!("import.filter_all"), &["*"])
                    })
                {
                    self.open_file(&path, view);
                }
            });
    }

    fn export_panel(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(860.0));
                ui.strong(t!("export.title"));
                ui.label(
                    RichText::new(t!("export.intro"))
                        .small()
                        .color(theme::MUTED),
                );
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    ui.label(t!("export.encoding"));
                    ui.radio_value(
                        &mut self.export_encoding,
                        ExportEncoding::Utf8Bom,
                        t!("export.utf8"),
                    );
                    ui.radio_value(
                        &mut self.export_encoding,
                        ExportEncoding::Gbk,
                        t!("export.gbk"),
                    );
                });
                ui.horizontal(|ui| {
                    for kind in ExportKind::ALL {
                        let label = crate::i18n::tr(&format!("export.kind.{}", kind.code()));
                        let clicked = ui.button(label).clicked();
                        let site = format!("export.{}", kind.code());
                        if let Some(path) = file_dialog::save_file(ui, &site, clicked, || {
                            rfd::FileDialog::new()
                                .set_title(t!("export.title"))
                                .set_file_name(export_file_name(*kind, view))
                                .add_filter("CSV", &["csv"])
                        }) {
                            self.export_to(*kind, &path, view);
                        }
                    }
                });
            });
    }

    /// Writes one export file and reports the result in the status line.
    pub fn export_to(&mut self, kind: ExportKind, path: &Path, view: &mut ViewCtx<'_>) {
        match export_to_file(view.store, kind, path, self.export_encoding) {
            Ok(summary) if summary.skipped_rows > 0 => view.status.error(t!(
                "export.done_skipped",
                rows = summary.rows,
                path = path.display(),
                skipped = summary.skipped_rows
            )),
            Ok(summary) if summary.replaced_chars > 0 => view.status.error(t!(
                "export.done_replaced",
                rows = summary.rows,
                path = path.display(),
                replaced = summary.replaced_chars
            )),
            Ok(summary) => view.status.info(t!(
                "export.done",
                rows = summary.rows,
                path = path.display()
            )),
            Err(e) => view
                .status
                .error(t!("export.failed", reason = e.to_string())),
        }
    }
}

/// The path of the open book, which import jobs open a second connection to.
fn book_path(view: &ViewCtx<'_>) -> Option<PathBuf> {
    view.store.path().map(Path::to_path_buf)
}

impl crate::ui::section::SectionView for TransferView {
    fn section(&self) -> crate::ui::section::Section {
        crate::ui::section::Section::Transfer
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        self.show(ui, cx);
    }

    fn invalidate(&mut self) {
        TransferView::invalidate(self);
    }
}

/// The file name an export suggests: what it holds and today's date.
fn export_file_name(kind: ExportKind, view: &ViewCtx<'_>) -> String {
    format!(
        "{}-{}.csv",
        crate::i18n::tr(&format!("export.file.{}", kind.code())),
        view.clock.today().format("%Y%m%d")
    )
}
