//! The import steps for one file: preview and mapping (with encoding,
//! delimiter and kind overrides), the check running, its report, the
//! import running, and the result with undo.

use std::path::Path;

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::history::{confirm_undo, undo};
use super::job::{Job, JobKind, JobOutcome, import_error};
use crate::i18n::{import_problem, join_list, t, tr};
use crate::import::decode::Encoding;
use crate::import::fields::{Field, ImportKind, Mapping};
use crate::import::pipeline::{
    FileFormat, FilePreview, ImportPlan, Mode, OnDuplicate, Report, check, guess_kind, import,
    preview_file, remember_mapping, remembered_mapping,
};
use crate::store::imports::UndoImpact;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::section::Section;
use crate::ui::theme;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Rows of the file the preview table shows: as many as fit its height
/// without scrolling, so the caption's count is what the user sees.
const SHOWN_ROWS: usize = 10;

enum Step {
    Preview,
    Checking(Job),
    Report(Report),
    Importing(Job),
    Done(Report),
}

/// One file going through the import.
pub struct Wizard {
    preview: FilePreview,
    mapping: Mapping,
    on_duplicate: OnDuplicate,
    step: Step,
    /// Why the last step failed, shown on the preview page.
    error: Option<String>,
    /// The book changed this frame (import or undo finished).
    changed: bool,
    confirm_undo: Option<UndoImpact>,
    undone: bool,
}

impl Wizard {
    /// Reads the beginning of the file and proposes kind and mapping.
    pub fn open(path: &Path, view: &mut ViewCtx<'_>) -> Result<Wizard, String> {
        let preview = preview_file(path, None, None).map_err(|e| import_error(&e))?;
        let kind = if preview.is_vcard() {
            ImportKind::Customers
        } else {
            guess_kind(&preview.headers)
        };
        let mapping = remembered_mapping(view.store, kind, &preview.headers);
        Ok(Wizard {
            preview,
            mapping,
            on_duplicate: OnDuplicate::Skip,
            step: Step::Preview,
            error: None,
            changed: false,
            confirm_undo: None,
            undone: false,
        })
    }

    pub fn step_name(&self) -> &'static str {
        match self.step {
            Step::Preview => "preview",
            Step::Checking(_) => "checking",
            Step::Report(_) => "report",
            Step::Importing(_) => "importing",
            Step::Done(_) => "done",
        }
    }

    /// Whether the book changed since the last call.
    pub fn book_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// Draws the current step. Returns false when the wizard is finished.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) -> bool {
        self.poll(view);
        ui.add_space(12.0);
        ui.heading(t!("nav.import"));
        self.steps_line(ui);
        ui.add_space(8.0);
        let keep = match &self.step {
            Step::Preview => self.preview_page(ui, view),
            Step::Checking(job) | Step::Importing(job) => {
                running_page(ui, job);
                true
            }
            Step::Report(_) => self.report_page(ui, view),
            Step::Done(_) => self.done_page(ui, view),
        };
        self.undo_dialog(ui.ctx(), view);
        keep
    }

    fn steps_line(&self, ui: &mut egui::Ui) {
        let current = match self.step {
            Step::Preview => 1,
            Step::Checking(_) | Step::Report(_) => 2,
            Step::Importing(_) | Step::Done(_) => 3,
        };
        ui.horizontal(|ui| {
            for (i, key) in [
                "wizard.step_file",
                "wizard.step_check",
                "wizard.step_import",
            ]
            .into_iter()
            .enumerate()
            {
                let text = format!("{} {}", ["①", "②", "③"][i], tr(key));
                let text = if i + 1 == current {
                    RichText::new(text).strong().color(theme::ACCENT)
                } else {
                    RichText::new(text).color(theme::MUTED)
                };
                ui.label(text);
                if i < 2 {
                    ui.label(RichText::new("→").color(theme::MUTED));
                }
            }
        });
    }

    fn plan(&self) -> ImportPlan {
        ImportPlan {
            path: self.preview.path.clone(),
            format: self.preview.format,
            mapping: self.mapping.clone(),
            on_duplicate: self.on_duplicate,
        }
    }

    /// Starts a check or an import: on a thread for a file-backed book,
    /// inline for an in-memory one.
    fn start(&mut self, kind: JobKind, view: &mut ViewCtx<'_>) {
        self.error = None;
        if view.store.read_only() {
            // A damaged book takes no import: refused before any row is read,
            // on the preview page, where the error shows.
            self.error = Some(crate::i18n::store_error(
                &crate::store::StoreError::ReadOnlyBook,
            ));
            self.step = Step::Preview;
            return;
        }
        let plan = self.plan();
        let now = view.clock.now();
        match super::book_path(view) {
            Some(db) => {
                let job = Job::spawn(db, plan, kind, now);
                self.step = match kind {
                    JobKind::Check => Step::Checking(job),
                    JobKind::Import => Step::Importing(job),
                };
            }
            None => {
                let progress = crate::import::pipeline::Progress::default();
                let result = match kind {
                    JobKind::Check => check(view.store, &plan, now, &progress),
                    JobKind::Import => import(view.store, &plan, Mode::GoodRows, now, &progress),
                };
                let outcome = match result {
                    Ok(report) => JobOutcome::Done(report),
                    Err(e) => JobOutcome::Failed(import_error(&e)),
                };
                self.finish(kind, outcome, view);
            }
        }
    }

    fn poll(&mut self, view: &mut ViewCtx<'_>) {
        let (Step::Checking(job) | Step::Importing(job)) = &mut self.step else {
            return;
        };
        let kind = job.kind;
        match job.poll() {
            Some(outcome) => self.finish(kind, outcome, view),
            None => {
                // Keep drawing the progress while the thread works.
            }
        }
    }

    fn finish(&mut self, kind: JobKind, outcome: JobOutcome, view: &mut ViewCtx<'_>) {
        match (kind, outcome) {
            (JobKind::Check, JobOutcome::Done(report)) => self.step = Step::Report(report),
            (JobKind::Import, JobOutcome::Done(report)) => {
                view.status.info(t!(
                    "wizard.imported_status",
                    imported = report.imported,
                    updated = report.updated
                ));
                view.commands.push(Command::Reload);
                self.changed = true;
                self.step = Step::Done(report);
            }
            (_, JobOutcome::Cancelled) => {
                view.status.info(t!("import.cancelled"));
                self.step = Step::Preview;
            }
            (_, JobOutcome::Failed(message)) => {
                self.error = Some(message);
                self.step = Step::Preview;
            }
        }
    }

    fn reopen(
        &mut self,
        encoding: Option<Encoding>,
        delimiter: Option<u8>,
        view: &mut ViewCtx<'_>,
    ) {
        match preview_file(&self.preview.path, encoding, delimiter) {
            Ok(preview) => {
                if preview.headers != self.preview.headers {
                    self.mapping =
                        remembered_mapping(view.store, self.mapping.kind, &preview.headers);
                }
                self.preview = preview;
                self.error = None;
            }
            Err(e) => self.error = Some(import_error(&e)),
        }
    }

    fn preview_page(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) -> bool {
        let mut keep = true;
        let file = self
            .preview
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        ui.label(RichText::new(t!("wizard.file", file = file)).strong());
        ui.horizontal(|ui| self.format_controls(ui, view));
        if self.preview.had_decode_errors {
            ui.colored_label(theme::WARNING, t!("wizard.decode_errors"));
        }
        ui.horizontal(|ui| {
            ui.label(t!("wizard.kind"));
            let vcard = self.preview.is_vcard();
            for kind in ImportKind::ALL {
                let selected = self.mapping.kind == *kind;
                let label = tr(&format!("import.kind.{}", kind.code()));
                if ui
                    .add_enabled(
                        !vcard || *kind == ImportKind::Customers,
                        egui::RadioButton::new(selected, label),
                    )
                    .clicked()
                    && !selected
                {
                    self.mapping = remembered_mapping(view.store, *kind, &self.preview.headers);
                }
            }
        });
        if self.mapping.kind == ImportKind::Customers {
            ui.horizontal(|ui| {
                ui.label(t!("wizard.on_duplicate"));
                for option in OnDuplicate::ALL {
                    ui.radio_value(
                        &mut self.on_duplicate,
                        option,
                        tr(&format!("wizard.dup.{}", option.code())),
                    );
                }
            });
        }
        ui.add_space(4.0);
        ui.label(
            RichText::new(t!("wizard.mapping_hint"))
                .small()
                .color(theme::MUTED),
        );
        self.mapping_table(ui);
        let missing = self.mapping.missing_required();
        for requirement in &missing {
            let names: Vec<String> = requirement.iter().map(|f| field_label(*f)).collect();
            ui.colored_label(
                theme::ERROR,
                t!(
                    "wizard.missing",
                    fields = names.join(t!("wizard.or").as_ref())
                ),
            );
        }
        let ignored: Vec<&str> = self
            .mapping
            .unmatched()
            .into_iter()
            .filter_map(|c| self.preview.headers.get(c).map(String::as_str))
            .filter(|h| !h.is_empty())
            .collect();
        if !ignored.is_empty() {
            ui.label(
                RichText::new(t!("wizard.ignored", columns = shown(&join_list(&ignored))))
                    .color(theme::MUTED),
            );
        }
        if let Some(error) = &self.error {
            ui.colored_label(theme::ERROR, format!("⚠ {error}"));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(missing.is_empty(), egui::Button::new(t!("wizard.check")))
                .clicked()
            {
                if let Err(e) = remember_mapping(view.store, &self.mapping, &self.preview.headers) {
                    view.status.error(crate::i18n::store_error(&e));
                }
                self.start(JobKind::Check, view);
            }
            if ui.button(t!("wizard.cancel")).clicked() {
                keep = false;
            }
        });
        keep
    }

    fn format_controls(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let encoding = self.preview.format.encoding();
        let mut chosen_encoding = encoding;
        let label = ui.label(t!("wizard.encoding"));
        egui::ComboBox::from_id_salt("import-encoding")
            .selected_text(encoding_label(encoding))
            .show_ui(ui, |ui| {
                for option in Encoding::ALL {
                    ui.selectable_value(&mut chosen_encoding, option, encoding_label(option));
                }
            })
            .response
            .labelled_by(label.id);
        let mut delimiter = match self.preview.format {
            FileFormat::Delimited { delimiter, .. } => Some(delimiter),
            FileFormat::Vcard { .. } => None,
        };
        let before = delimiter;
        if let Some(current) = &mut delimiter {
            let label = ui.label(t!("wizard.delimiter"));
            egui::ComboBox::from_id_salt("import-delimiter")
                .selected_text(delimiter_label(*current))
                .show_ui(ui, |ui| {
                    for option in DELIMITERS {
                        ui.selectable_value(current, option, delimiter_label(option));
                    }
                })
                .response
                .labelled_by(label.id);
        }
        if chosen_encoding != encoding || delimiter != before {
            self.reopen(Some(chosen_encoding), delimiter, view);
        }
        ui.label(
            RichText::new(t!("wizard.rows_shown", count = self.rows_shown()))
                .small()
                .color(theme::MUTED),
        );
    }

    /// How many rows the preview table shows (and its caption says).
    fn rows_shown(&self) -> usize {
        self.preview.records.len().min(SHOWN_ROWS)
    }

    fn mapping_table(&mut self, ui: &mut egui::Ui) {
        let headers = self.preview.headers.clone();
        let columns = headers.len().max(1);
        let kind = self.mapping.kind;
        egui::ScrollArea::horizontal()
            .id_salt("import-preview-scroll")
            .max_height(360.0)
            .show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .id_salt("import-preview")
                    .striped(true)
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .min_scrolled_height(0.0)
                    .max_scroll_height(300.0)
                    .column(Column::exact(44.0));
                for _ in 0..columns {
                    table = table.column(
                        Column::initial(130.0)
                            .at_least(80.0)
                            .clip(true)
                            .resizable(true),
                    );
                }
                table
                    .header(56.0, |mut header| {
                        header.col(|ui| {
                            ui.label(RichText::new(t!("wizard.line")).small());
                        });
                        for (c, name) in headers.iter().enumerate() {
                            header.col(|ui| {
                                ui.vertical(|ui| {
                                    let label = ui.strong(shown(name));
                                    let current = self.mapping.field(c);
                                    let mut chosen = current;
                                    let text =
                                        current.map_or_else(|| tr("wizard.ignore"), field_label);
                                    egui::ComboBox::from_id_salt(("map-column", c))
                                        .selected_text(text)
                                        .width(120.0)
                                        .show_ui(ui, |ui| {
                                            ui.selectable_value(
                                                &mut chosen,
                                                None,
                                                tr("wizard.ignore"),
                                            );
                                            for field in kind.fields() {
                                                ui.selectable_value(
                                                    &mut chosen,
                                                    Some(*field),
                                                    field_label(*field),
                                                );
                                            }
                                        })
                                        .response
                                        .labelled_by(label.id);
                                    if chosen != current {
                                        self.mapping.set(c, chosen);
                                    }
                                });
                            });
                        }
                    })
                    .body(|mut body| {
                        for record in self.preview.records.iter().take(SHOWN_ROWS) {
                            body.row(24.0, |mut row| {
                                row.col(|ui| {
                                    ui.label(
                                        RichText::new(record.line.to_string())
                                            .small()
                                            .color(theme::MUTED),
                                    );
                                });
                                for c in 0..columns {
                                    row.col(|ui| {
                                        let cell =
                                            shown(&record.get(c).replace(['\r', '\n'], " ⏎ "));
                                        ui.label(cell);
                                    });
                                }
                            });
                        }
                    });
            });
        if self.preview.more || self.preview.records.len() > SHOWN_ROWS {
            ui.label(
                RichText::new(t!("wizard.more_rows"))
                    .small()
                    .color(theme::MUTED),
            );
        }
    }

    fn report_page(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) -> bool {
        let Step::Report(report) = &self.step else {
            return true;
        };
        let report = report.clone();
        let mut keep = true;
        summary_grid(ui, &report, false);
        if report.had_decode_errors {
            ui.colored_label(theme::WARNING, t!("wizard.decode_errors"));
        }
        ui.add_space(8.0);
        if report.error_rows > 0 {
            ui.label(
                RichText::new(t!("wizard.bad_rows_title", count = report.error_rows)).strong(),
            );
            issues_table(ui, &report, Issues::Problems);
        } else {
            ui.colored_label(theme::SUCCESS, t!("wizard.no_bad_rows"));
        }
        warnings_section(ui, &report);
        ignored_columns(ui, &report);
        ui.add_space(8.0);
        let good = report.imported + report.updated;
        ui.horizontal(|ui| {
            let label = if report.error_rows > 0 {
                t!("wizard.import_good", count = good)
            } else {
                t!("wizard.import_all", count = good)
            };
            if ui
                .add_enabled(good > 0, egui::Button::new(RichText::new(label).strong()))
                .clicked()
            {
                self.start(JobKind::Import, view);
            }
            if ui.button(t!("wizard.back")).clicked() {
                self.step = Step::Preview;
            }
            if ui.button(t!("wizard.import_nothing")).clicked() {
                keep = false;
            }
        });
        if good == 0 {
            ui.label(RichText::new(t!("wizard.nothing_to_import")).color(theme::MUTED));
        }
        keep
    }

    fn done_page(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) -> bool {
        let Step::Done(report) = &self.step else {
            return true;
        };
        let report = report.clone();
        let mut keep = true;
        ui.colored_label(theme::SUCCESS, RichText::new(t!("wizard.done")).strong());
        summary_grid(ui, &report, true);
        if let Some(batch) = report.batch {
            ui.label(RichText::new(t!("wizard.batch", batch = batch)).color(theme::MUTED));
        }
        if report.error_rows > 0 {
            ui.add_space(6.0);
            ui.label(
                RichText::new(t!(
                    "wizard.bad_rows_not_imported",
                    count = report.error_rows
                ))
                .strong(),
            );
            issues_table(ui, &report, Issues::Problems);
        }
        warnings_section(ui, &report);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if let Some(batch) = report.batch
                && !self.undone
                && ui.button(t!("wizard.undo")).clicked()
            {
                match view.store.undo_impact(batch) {
                    Ok(impact) => self.confirm_undo = Some(impact),
                    Err(e) => view.status.error(crate::i18n::store_error(&e)),
                }
            }
            if ui.button(t!("wizard.open_customers")).clicked() {
                view.commands.push(Command::Navigate(Section::Customers));
                keep = false;
            }
            if ui.button(t!("wizard.another")).clicked() {
                keep = false;
            }
        });
        if self.undone {
            ui.colored_label(theme::MUTED, t!("wizard.undone"));
        }
        keep
    }

    fn undo_dialog(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>) {
        let (Some(impact), Step::Done(report)) = (self.confirm_undo, &self.step) else {
            return;
        };
        let Some(batch) = report.batch else { return };
        let decision = confirm_undo(ctx, batch, &impact);
        match decision {
            Some(true) => {
                self.confirm_undo = None;
                undo(batch, view);
                self.undone = true;
                self.changed = true;
            }
            Some(false) => self.confirm_undo = None,
            None => {}
        }
    }
}

fn running_page(ui: &mut egui::Ui, job: &Job) {
    let key = match job.kind {
        JobKind::Check => "wizard.checking",
        JobKind::Import => "wizard.importing",
    };
    ui.label(RichText::new(tr(key)).strong());
    ui.add(
        egui::ProgressBar::new(job.progress.fraction())
            .show_percentage()
            .desired_width(crate::ui::widgets::fitting_width(ui, 480.0)),
    );
    ui.label(t!(
        "wizard.rows_read",
        count = job.progress.rows.load(std::sync::atomic::Ordering::Relaxed)
    ));
    if ui.button(t!("wizard.stop")).clicked() {
        job.cancel();
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
}

fn summary_grid(ui: &mut egui::Ui, report: &Report, done: bool) {
    egui::Grid::new("import-summary")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            let rows: [(&str, u64); 5] = [
                ("wizard.sum_rows", report.rows),
                (
                    if done {
                        "wizard.sum_imported"
                    } else {
                        "wizard.sum_to_import"
                    },
                    report.imported,
                ),
                (
                    if done {
                        "wizard.sum_updated"
                    } else {
                        "wizard.sum_to_update"
                    },
                    report.updated,
                ),
                ("wizard.sum_duplicates", report.skipped_duplicates),
                ("wizard.sum_bad", report.error_rows),
            ];
            for (key, value) in rows {
                ui.label(tr(key));
                let text = RichText::new(value.to_string()).strong();
                if key == "wizard.sum_bad" && value > 0 {
                    ui.label(text.color(theme::ERROR));
                } else {
                    ui.label(text);
                }
                ui.end_row();
            }
        });
}

/// The rows of a report with something to say: its problems (rows not
/// imported) or its warnings (rows imported with something changed).
#[derive(Clone, Copy)]
enum Issues {
    Problems,
    Warnings,
}

fn issues_table(ui: &mut egui::Ui, report: &Report, which: Issues) {
    let (issues, omitted, colour, salt) = match which {
        Issues::Problems => (
            &report.errors,
            report.errors_omitted,
            theme::ERROR,
            "import-issues",
        ),
        Issues::Warnings => (
            &report.warnings,
            report.warnings_omitted,
            theme::WARNING,
            "import-warnings",
        ),
    };
    TableBuilder::new(ui)
        .id_salt(salt)
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(70.0))
        .column(Column::initial(110.0).clip(true))
        .column(Column::initial(180.0).clip(true))
        .column(Column::remainder().clip(true))
        .min_scrolled_height(0.0)
        .max_scroll_height(260.0)
        .header(24.0, |mut h| {
            for key in [
                "wizard.col_line",
                "wizard.col_column",
                "wizard.col_value",
                "wizard.col_reason",
            ] {
                h.col(|ui| {
                    ui.strong(tr(key));
                });
            }
        })
        .body(|body| {
            body.rows(24.0, issues.len(), |mut row| {
                let issue = &issues[row.index()];
                row.col(|ui| {
                    ui.label(issue.line.to_string());
                });
                row.col(|ui| {
                    ui.label(shown(&issue.column_name));
                });
                row.col(|ui| {
                    ui.label(shown(&issue.value.replace(['\r', '\n'], " ⏎ ")));
                });
                row.col(|ui| {
                    ui.colored_label(colour, import_problem(&issue.problem));
                });
            });
        });
    if omitted > 0 {
        let more = match which {
            Issues::Problems => t!("wizard.more_problems", count = omitted),
            Issues::Warnings => t!("wizard.more_warnings", count = omitted),
        };
        ui.label(more);
    }
}

/// The warnings of a report under their title, if it has any.
fn warnings_section(ui: &mut egui::Ui, report: &Report) {
    let count = report.warnings.len() as u64 + report.warnings_omitted;
    if count == 0 {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new(t!("wizard.warnings_title", count = count)).strong());
    issues_table(ui, report, Issues::Warnings);
}

/// The columns of the file that map to no field and so were not read.
fn ignored_columns(ui: &mut egui::Ui, report: &Report) {
    if report.ignored_columns.is_empty() {
        return;
    }
    let names: Vec<&str> = report.ignored_columns.iter().map(String::as_str).collect();
    ui.label(
        RichText::new(t!("wizard.ignored", columns = shown(&join_list(&names))))
            .color(theme::MUTED),
    );
}

/// File text as drawn: undecodable bytes (U+FFFD, which the bundled font
/// lacks) and control characters (which the import removes, and no font
/// draws) show as □.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\u{FFFD}' || (c.is_control() && c != '\t') {
                '□'
            } else {
                c
            }
        })
        .collect()
}

/// A field's name in the UI language.
pub fn field_label(field: Field) -> String {
    tr(&format!("import.field.{}", field.code()))
}

fn encoding_label(encoding: Encoding) -> String {
    tr(&format!("wizard.enc.{}", encoding.name()))
}

fn delimiter_label(delimiter: u8) -> String {
    tr(&format!(
        "wizard.delim.{}",
        crate::import::sniff::delimiter_name(delimiter)
    ))
}
