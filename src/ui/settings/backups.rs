//! The Backups group of Settings (备份): automatic backups on or off, the
//! backup folder and a second one, how many to keep (checked as typed),
//! "back up now", the list of backups with Restore on each, and "restore
//! from a file". A restore first shows what the file holds and asks to
//! confirm, saying what is replaced and that a safety backup comes first;
//! then the book is opened again.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::i18n::{store_error, t};
use crate::store::Store;
use crate::store::backup::{
    self, BackupEntry, BackupSettings, Preview, Reason, Retention, SecondCopy,
};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;
use crate::ui::widgets::file_dialog;

/// The largest retention count accepted.
const MAX_KEEP: u32 = 999;

/// The group's form, its list of backups and a restore waiting to be
/// confirmed.
pub struct BackupsGroup {
    automatic: bool,
    folder: String,
    second_folder: String,
    daily: String,
    weekly: String,
    monthly: String,
    saved: BackupSettings,
    /// The backups as last listed; `None` until read (or after a change).
    list: Option<Vec<BackupEntry>>,
    /// A checked file waiting for the user's confirmation.
    pending: Option<Preview>,
}

impl BackupsGroup {
    pub fn new(store: &Store) -> crate::store::Result<BackupsGroup> {
        let saved = store.backup_settings()?;
        let text = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        Ok(BackupsGroup {
            automatic: saved.automatic,
            folder: text(&saved.folder).unwrap_or_default(),
            second_folder: text(&saved.second_folder).unwrap_or_default(),
            daily: saved.retention.daily.to_string(),
            weekly: saved.retention.weekly.to_string(),
            monthly: saved.retention.monthly.to_string(),
            saved,
            list: None,
            pending: None,
        })
    }

    /// The settings as typed, or `None` while a count is invalid.
    fn typed(&self) -> Option<BackupSettings> {
        let path = |text: &str| {
            let text = text.trim().trim_matches('"');
            (!text.is_empty()).then(|| PathBuf::from(text))
        };
        Some(BackupSettings {
            automatic: self.automatic,
            folder: path(&self.folder),
            second_folder: path(&self.second_folder),
            retention: Retention {
                daily: parse_keep(&self.daily, 1).ok()?,
                weekly: parse_keep(&self.weekly, 0).ok()?,
                monthly: parse_keep(&self.monthly, 0).ok()?,
            },
        })
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(860.0));
                ui.heading(t!("settings.backups_title"));
                if view.is_demo {
                    ui.label(RichText::new(t!("settings.backups_demo")).color(theme::MUTED));
                    return;
                }
                let Some(book) = view.store.path().map(Path::to_path_buf) else {
                    return;
                };
                ui.label(RichText::new(t!("settings.backups_intro")).color(theme::MUTED));
                ui.add_space(6.0);
                self.form(ui, &book);
                ui.add_space(6.0);
                self.actions(ui, view, &book);
                ui.add_space(6.0);
                if let Some(preview) = self.pending.clone() {
                    self.confirm(ui, view, &book, &preview);
                    ui.add_space(6.0);
                }
                self.backups(ui, view, &book);
            });
    }

    fn form(&mut self, ui: &mut egui::Ui, book: &Path) {
        egui::Grid::new("backup-settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label(t!("settings.backups_automatic"));
                ui.checkbox(&mut self.automatic, t!("settings.backups_automatic_hint"));
                ui.end_row();

                let default = backup::default_folder(book).display().to_string();
                folder_row(
                    ui,
                    &t!("settings.backups_folder"),
                    "settings.backups_folder",
                    &mut self.folder,
                    &default,
                );
                folder_row(
                    ui,
                    &t!("settings.backups_second"),
                    "settings.backups_second",
                    &mut self.second_folder,
                    &t!("settings.backups_second_hint"),
                );

                ui.label(t!("settings.backups_keep"));
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        keep_field(ui, &t!("settings.backups_daily"), &mut self.daily);
                        keep_field(ui, &t!("settings.backups_weekly"), &mut self.weekly);
                        keep_field(ui, &t!("settings.backups_monthly"), &mut self.monthly);
                    });
                    for (text, min) in [(&self.daily, 1), (&self.weekly, 0), (&self.monthly, 0)] {
                        if let Err(message) = parse_keep(text, min) {
                            ui.label(
                                RichText::new(format!("⚠ {message}"))
                                    .color(theme::ERROR)
                                    .small(),
                            );
                            break;
                        }
                    }
                    ui.label(
                        RichText::new(t!("settings.backups_keep_hint", n = backup::SPECIAL_KEEP))
                            .small()
                            .color(theme::MUTED),
                    );
                });
                ui.end_row();
            });
    }

    fn actions(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, book: &Path) {
        let typed = self.typed();
        let changed = typed.as_ref().is_some_and(|t| *t != self.saved);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(changed, egui::Button::new(t!("settings.backups_save")))
                .clicked()
                && let Some(typed) = typed
            {
                match view.store.set_backup_settings(&typed) {
                    Ok(()) => {
                        self.saved = typed;
                        self.list = None;
                        view.status.info(t!("common.saved"));
                    }
                    Err(e) => view.status.error(store_error(&e)),
                }
            }
            if ui.button(t!("settings.backups_now")).clicked() {
                self.back_up_now(view);
            }
            let clicked = ui.button(t!("settings.backups_restore_file")).clicked();
            if let Some(file) =
                file_dialog::pick_file(ui, "settings.backups_restore_file", clicked, || {
                    rfd::FileDialog::new()
                        .set_title(t!("settings.backups_restore_file"))
                        .set_directory(self.saved.folder_for(book))
                        .add_filter(t!("settings.db_filter"), &["sqlite", "db"])
                })
            {
                self.ask_restore(view, &file);
            }
            if ui.button(t!("settings.backups_refresh")).clicked() {
                self.list = None;
            }
        });
    }

    /// "Back up now": into the backup folder, with the settings as saved.
    pub fn back_up_now(&mut self, view: &mut ViewCtx<'_>) {
        match view
            .store
            .back_up(Reason::Manual, &self.saved, view.clock.now())
        {
            Ok(done) => {
                if let SecondCopy::Failed { folder, .. } = &done.second {
                    view.status.error(t!(
                        "settings.backup_second_missing",
                        folder = folder.display()
                    ));
                } else {
                    view.status
                        .info(t!("settings.backup_done", path = done.path.display()));
                }
            }
            Err(e) => view.status.error(store_error(&e)),
        }
        self.list = None;
    }

    /// Checks `file` and, if it is a book we can restore, asks to confirm.
    pub fn ask_restore(&mut self, view: &mut ViewCtx<'_>, file: &Path) {
        match backup::inspect(file) {
            Ok(preview) => self.pending = Some(preview),
            Err(e) => {
                self.pending = None;
                view.status.error(store_error(&e));
            }
        }
    }

    fn confirm(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, book: &Path, p: &Preview) {
        egui::Frame::group(ui.style())
            .fill(ui.visuals().faint_bg_color)
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.label(RichText::new(t!("settings.backups_confirm_title")).strong());
                ui.label(t!(
                    "settings.backups_confirm_body",
                    book = book.display(),
                    file = p.path.display()
                ));
                ui.label(preview_text(p));
                ui.label(
                    RichText::new(t!("settings.backups_confirm_safety"))
                        .small()
                        .color(theme::MUTED),
                );
                ui.horizontal(|ui| {
                    if ui.button(t!("settings.backups_confirm")).clicked() {
                        self.restore(view, book, &p.path);
                    }
                    if ui.button(t!("common.cancel")).clicked() {
                        self.pending = None;
                    }
                });
            });
    }

    /// Restores `file` into the open book and opens the book again.
    fn restore(&mut self, view: &mut ViewCtx<'_>, book: &Path, file: &Path) {
        self.pending = None;
        self.list = None;
        match view.store.restore_from(file, view.clock.now()) {
            Ok(restored) => {
                let safety = restored
                    .safety
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                view.status.info(t!(
                    "settings.backups_restored",
                    file = file.display(),
                    safety = safety
                ));
                view.commands
                    .push(Command::OpenDatabase(book.to_path_buf()));
            }
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    fn backups(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, book: &Path) {
        if self.list.is_none() {
            let folder = self.saved.folder_for(book);
            match backup::list(&folder, &backup::book_stem(book)) {
                Ok(list) => self.list = Some(list),
                Err(e) => {
                    view.status.error(store_error(&e));
                    self.list = Some(Vec::new());
                }
            }
        }
        let Some(list) = &self.list else { return };
        if list.is_empty() {
            ui.label(RichText::new(t!("settings.backups_none")).color(theme::MUTED));
            return;
        }
        let mut chosen = None;
        egui::Grid::new("backup-list")
            .num_columns(5)
            .striped(true)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for head in [
                    t!("settings.backups_col_date"),
                    t!("settings.backups_col_reason"),
                    t!("settings.backups_col_size"),
                    t!("settings.backups_col_customers"),
                ] {
                    ui.label(RichText::new(head).strong());
                }
                ui.label("");
                ui.end_row();
                for entry in list {
                    ui.label(entry.at.format("%Y-%m-%d %H:%M").to_string());
                    ui.label(reason_label(entry.reason));
                    ui.label(size_text(entry.size));
                    match &entry.contents {
                        Ok(summary) => {
                            ui.label(summary.customers.to_string());
                        }
                        Err(e) => {
                            ui.colored_label(theme::ERROR, t!("settings.backups_damaged"))
                                .on_hover_text(e);
                        }
                    }
                    let restore = ui
                        .add_enabled(
                            entry.contents.is_ok(),
                            egui::Button::new(t!("settings.backups_restore")),
                        )
                        .on_hover_text(entry.path.display().to_string());
                    if restore.clicked() {
                        chosen = Some(entry.path.clone());
                    }
                    ui.end_row();
                }
            });
        if let Some(path) = chosen {
            self.ask_restore(view, &path);
        }
    }
}

fn folder_row(ui: &mut egui::Ui, label: &str, site: &str, text: &mut String, hint: &str) {
    ui.label(label);
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(text)
                .desired_width(380.0)
                .hint_text(hint),
        );
        let clicked = ui.button(t!("settings.backups_choose")).clicked();
        if let Some(folder) = file_dialog::pick_folder(ui, site, clicked, || {
            rfd::FileDialog::new().set_title(label)
        }) {
            *text = folder.display().to_string();
        }
    });
    ui.end_row();
}

fn keep_field(ui: &mut egui::Ui, label: &str, text: &mut String) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(48.0))
        .labelled_by(label.id);
}

/// A retention count from `min` to [`MAX_KEEP`], or what is wrong with it.
fn parse_keep(text: &str, min: u32) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (min..=MAX_KEEP).contains(&n) => Ok(n),
        _ => Err(t!("settings.backups_keep_invalid", min = min, max = MAX_KEEP).into_owned()),
    }
}

/// What a backup about to be restored holds, on one line: its file date
/// and size, customers, sales, complaints, photos and newest activity.
pub(crate) fn preview_text(p: &Preview) -> String {
    let modified = p
        .modified
        .map(|m| m.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    t!(
        "settings.backups_preview",
        date = modified,
        size = size_text(p.size),
        customers = p.customers,
        sales = p.sales,
        complaints = p.complaints,
        photos = p.photos.map_or_else(|| "-".to_string(), |n| n.to_string()),
        newest = p.newest_activity.clone().unwrap_or_else(|| "-".to_string())
    )
    .into_owned()
}

pub(crate) fn reason_label(reason: Reason) -> String {
    match reason {
        Reason::Daily => t!("settings.backups_reason_daily"),
        Reason::Close => t!("settings.backups_reason_close"),
        Reason::Manual => t!("settings.backups_reason_manual"),
        Reason::BeforeUpgrade => t!("settings.backups_reason_upgrade"),
        Reason::BeforeRestore => t!("settings.backups_reason_restore"),
    }
    .into_owned()
}

/// A file size for people: KB below a megabyte, else MB with one decimal.
fn size_text(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}
