//! The page the window shows when the book could not be opened: what is
//! wrong with the file (empty, damaged, not a Genjin book, from a newer
//! Genjin, already open), that nothing in it was changed, and the ways on:
//! open another file, start a new book elsewhere, open the demo shop,
//! restore a backup.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::i18n::{store_error, t};
use crate::store::StoreError;
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::widgets::file_dialog;

/// What kind of trouble the file is in, for the page's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Damaged,
    NotGenjin,
    TooNew,
    AlreadyOpen,
    Other,
}

impl Problem {
    fn of(e: &StoreError) -> Problem {
        match e {
            StoreError::Empty(_) => Problem::Empty,
            StoreError::Damaged(_) | StoreError::Corrupt(_) => Problem::Damaged,
            StoreError::NotADatabase(_) => Problem::NotGenjin,
            StoreError::TooNew(_) => Problem::TooNew,
            StoreError::AlreadyOpen(_) => Problem::AlreadyOpen,
            _ => Problem::Other,
        }
    }

    fn title(self) -> String {
        match self {
            Problem::Empty => t!("open_error.title_empty"),
            Problem::Damaged => t!("open_error.title_damaged"),
            Problem::NotGenjin => t!("open_error.title_not_genjin"),
            Problem::TooNew => t!("open_error.title_too_new"),
            Problem::AlreadyOpen => t!("open_error.title_already_open"),
            Problem::Other => t!("open_error.title"),
        }
        .into_owned()
    }
}

/// Why the book could not be opened, and the page's own state.
#[derive(Debug, Clone)]
pub struct OpenFailure {
    pub problem: Problem,
    /// The store's error in words.
    pub message: String,
    /// The file that would not open.
    pub path: PathBuf,
    /// Why the path chosen for a new book was refused.
    new_book_refused: Option<String>,
}

impl OpenFailure {
    pub fn new(path: &Path, e: &StoreError) -> OpenFailure {
        OpenFailure {
            problem: Problem::of(e),
            message: store_error(e),
            path: path.to_path_buf(),
            new_book_refused: None,
        }
    }

    /// A failure that is no store error (the demo could not be made).
    pub fn other(path: &Path, message: String) -> OpenFailure {
        OpenFailure {
            problem: Problem::Other,
            message,
            path: path.to_path_buf(),
            new_book_refused: None,
        }
    }
}

/// Draws the page; the buttons push commands for the app.
pub fn page(ui: &mut egui::Ui, failure: &mut OpenFailure, commands: &mut Vec<Command>) {
    ui.add_space(40.0);
    ui.vertical_centered(|ui| {
        ui.set_max_width(640.0);
        ui.heading(RichText::new(failure.problem.title()).color(theme::ERROR));
        ui.add_space(8.0);
        ui.label(&failure.message);
        ui.add_space(8.0);
        ui.label(RichText::new(t!("open_error.unchanged")).strong());
        if failure.problem == Problem::AlreadyOpen {
            ui.label(t!("open_error.hint"));
        }
        ui.add_space(16.0);
        ui.horizontal_wrapped(|ui| {
            if failure.problem == Problem::AlreadyOpen
                && ui.button(t!("open_error.retry")).clicked()
            {
                commands.push(Command::OpenDatabase(failure.path.clone()));
            }
            let clicked = ui.button(t!("open_error.open_other")).clicked();
            if let Some(path) = file_dialog::pick_file(ui, "open_error.open_other", clicked, || {
                rfd::FileDialog::new()
                    .set_title(t!("open_error.open_other"))
                    .add_filter(t!("settings.db_filter"), &["sqlite", "db"])
            }) {
                commands.push(Command::OpenDatabase(path));
            }
            let clicked = ui.button(t!("open_error.new_book")).clicked();
            if let Some(path) = file_dialog::save_file(ui, "open_error.new_book", clicked, || {
                rfd::FileDialog::new()
                    .set_title(t!("open_error.new_book"))
                    .set_file_name(crate::paths::BOOK_FILE)
                    .add_filter(t!("settings.db_filter"), &["sqlite"])
            }) {
                match new_book_at(&path) {
                    Ok(()) => commands.push(Command::OpenDatabase(path)),
                    Err(why) => failure.new_book_refused = Some(why),
                }
            }
            if ui.button(t!("open_error.demo")).clicked() {
                commands.push(Command::OpenDemo);
            }
        });
        if let Some(why) = &failure.new_book_refused {
            ui.colored_label(theme::ERROR, why);
        }
        ui.add_space(16.0);
        restore_choices(ui, &failure.path, commands);
    });
}

/// Where restoring a backup of the book at `path` will be offered: the
/// backup list with its restore button (`store::backup`) goes here. Empty
/// until then — no button is shown that could not do anything.
fn restore_choices(_ui: &mut egui::Ui, _path: &Path, _commands: &mut Vec<Command>) {}

/// Clears the way for a new book at `path`: only a path where nothing is,
/// or a zero-byte file (removed), may become a new book.
fn new_book_at(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(t!("open_error.new_book_io", path = path.display(), reason = e).into_owned()),
        Ok(meta) if meta.is_file() && meta.len() == 0 => std::fs::remove_file(path).map_err(|e| {
            t!("open_error.new_book_io", path = path.display(), reason = e).into_owned()
        }),
        Ok(_) => Err(t!("open_error.new_book_exists", path = path.display()).into_owned()),
    }
}
