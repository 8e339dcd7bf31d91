//! The native file dialogs (rfd), with a way out when they cannot open.
//!
//! rfd gives no error: on Linux without a desktop portal (and without
//! zenity) it logs one and returns `None` at once, as if the user had
//! cancelled. A `None` that comes back faster than anyone can cancel a
//! dialog ([`QUICKEST_CANCEL`]) is taken as "the dialog did not open": the
//! status line says so and a small window asks for the path instead.
//!
//! A call site passes a stable id and whether its button was clicked, every
//! frame; it gets the path chosen in the dialog on the click, or the path
//! typed into the window on the frame it is confirmed:
//!
//! ```ignore
//! let clicked = ui.button(t!("import.choose_file")).clicked();
//! if let Some(path) = file_dialog::pick_file(ui, "import", clicked, || rfd::FileDialog::new()) {
//!     open(path);
//! }
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Id, RichText, TextEdit};

use crate::i18n::t;
use crate::ui::theme;

/// No one cancels a dialog this fast: a `None` sooner means it never showed.
/// (Wall time of the blocking call, not the app's clock: it measures the
/// dialog, not the day.)
pub const QUICKEST_CANCEL: Duration = Duration::from_millis(200);

/// What a dialog call came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    Chosen(T),
    Cancelled,
    /// It returned nothing before anyone could have seen it.
    DidNotOpen,
}

/// Tells a cancel from a dialog that never opened by how long it took.
pub fn outcome<T>(result: Option<T>, took: Duration) -> Outcome<T> {
    match result {
        Some(value) => Outcome::Chosen(value),
        None if took < QUICKEST_CANCEL => Outcome::DidNotOpen,
        None => Outcome::Cancelled,
    }
}

/// Whether the typed path names a file to read, a place to write or a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Open,
    Save,
    Folder,
}

/// The window asking for a path, kept in egui's memory while it is open.
#[derive(Debug, Clone)]
struct Prompt {
    site: Id,
    kind: PathKind,
    text: String,
    error: Option<String>,
}

fn prompt_id() -> Id {
    Id::unique("file-dialog-prompt")
}

fn answer_id(site: Id) -> Id {
    site.with("file-dialog-answer")
}

fn notice_id() -> Id {
    Id::unique("file-dialog-notice")
}

fn site_id(site: &str) -> Id {
    Id::unique(("file-dialog-site", site))
}

/// A file to read: from the dialog on `clicked`, or typed after it failed.
pub fn pick_file(
    ui: &egui::Ui,
    site: &str,
    clicked: bool,
    dialog: impl FnOnce() -> rfd::FileDialog,
) -> Option<PathBuf> {
    run(ui.ctx(), site, clicked, PathKind::Open, || {
        dialog().pick_file()
    })
}

/// Files to read: from the dialog on `clicked`, or one typed after it failed.
pub fn pick_files(
    ui: &egui::Ui,
    site: &str,
    clicked: bool,
    dialog: impl FnOnce() -> rfd::FileDialog,
) -> Option<Vec<PathBuf>> {
    if clicked {
        let started = Instant::now();
        let result = dialog().pick_files();
        settle(ui.ctx(), site, PathKind::Open, result, started.elapsed())
    } else {
        take_typed(ui.ctx(), site).map(|path| vec![path])
    }
}

/// An existing folder: from the dialog on `clicked`, or typed after it failed.
pub fn pick_folder(
    ui: &egui::Ui,
    site: &str,
    clicked: bool,
    dialog: impl FnOnce() -> rfd::FileDialog,
) -> Option<PathBuf> {
    run(ui.ctx(), site, clicked, PathKind::Folder, || {
        dialog().pick_folder()
    })
}

/// A file to write: from the dialog on `clicked`, or typed after it failed.
pub fn save_file(
    ui: &egui::Ui,
    site: &str,
    clicked: bool,
    dialog: impl FnOnce() -> rfd::FileDialog,
) -> Option<PathBuf> {
    run(ui.ctx(), site, clicked, PathKind::Save, || {
        dialog().save_file()
    })
}

fn run(
    ctx: &egui::Context,
    site: &str,
    clicked: bool,
    kind: PathKind,
    show: impl FnOnce() -> Option<PathBuf>,
) -> Option<PathBuf> {
    if clicked {
        let started = Instant::now();
        let result = show();
        settle(ctx, site, kind, result, started.elapsed())
    } else {
        take_typed(ctx, site)
    }
}

fn settle<T>(
    ctx: &egui::Context,
    site: &str,
    kind: PathKind,
    result: Option<T>,
    took: Duration,
) -> Option<T> {
    match outcome(result, took) {
        Outcome::Chosen(value) => Some(value),
        Outcome::Cancelled => None,
        Outcome::DidNotOpen => {
            log::warn!("the file dialog did not open (returned after {took:?})");
            ask_for_path(ctx, site, kind);
            None
        }
    }
}

/// Opens the window that asks for a path for `site` (what a failed dialog
/// does; tests call it directly).
pub fn ask_for_path(ctx: &egui::Context, site: &str, kind: PathKind) {
    let prompt = Prompt {
        site: site_id(site),
        kind,
        text: String::new(),
        error: None,
    };
    ctx.data_mut(|d| {
        d.insert_temp(prompt_id(), prompt);
        d.insert_temp(notice_id(), true);
    });
    ctx.request_repaint();
}

/// The path typed for `site`, once, on the frame after it was confirmed.
fn take_typed(ctx: &egui::Context, site: &str) -> Option<PathBuf> {
    ctx.data_mut(|d| d.remove_temp::<PathBuf>(answer_id(site_id(site))))
}

/// Whether a dialog failed since the last call: the shell then says so in
/// the status line.
pub fn take_failure_notice(ctx: &egui::Context) -> bool {
    ctx.data_mut(|d| d.remove_temp::<bool>(notice_id()))
        .unwrap_or(false)
}

/// Draws the path window while one is open (the shell calls it each frame).
pub fn show_prompt(ctx: &egui::Context) {
    let Some(mut prompt) = ctx.data(|d| d.get_temp::<Prompt>(prompt_id())) else {
        return;
    };
    let mut close = false;
    egui::Window::new(t!("file_dialog.title"))
        .id(prompt_id().with("window"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.label(t!("file_dialog.failed"));
            ui.add_space(6.0);
            let label = ui.label(t!("file_dialog.path"));
            let edit = ui
                .add(
                    TextEdit::singleline(&mut prompt.text)
                        .hint_text(t!("file_dialog.hint"))
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if let Some(error) = &prompt.error {
                ui.label(
                    RichText::new(format!("⚠ {error}"))
                        .color(theme::ERROR)
                        .small(),
                );
            }
            ui.horizontal(|ui| {
                let confirm = match prompt.kind {
                    PathKind::Open | PathKind::Folder => t!("file_dialog.open"),
                    PathKind::Save => t!("file_dialog.save"),
                };
                if ui.button(confirm).clicked() || entered {
                    match check_path(&prompt.text, prompt.kind) {
                        Ok(path) => {
                            ctx.data_mut(|d| d.insert_temp(answer_id(prompt.site), path));
                            close = true;
                        }
                        Err(error) => prompt.error = Some(error),
                    }
                }
                if ui.button(t!("common.cancel")).clicked() {
                    close = true;
                }
            });
        });
    ctx.data_mut(|d| {
        if close {
            d.remove::<Prompt>(prompt_id());
        } else {
            d.insert_temp(prompt_id(), prompt);
        }
    });
}

/// The typed path if it can be used: an existing file to open, a file in
/// an existing folder to save, or an existing folder.
fn check_path(text: &str, kind: PathKind) -> Result<PathBuf, String> {
    let text = text.trim().trim_matches('"');
    if text.is_empty() {
        return Err(t!("file_dialog.empty").into_owned());
    }
    let path = PathBuf::from(text);
    match kind {
        PathKind::Open if !path.is_file() => {
            Err(t!("file_dialog.not_found", path = path.display()).into_owned())
        }
        PathKind::Folder if !path.is_dir() => {
            Err(t!("file_dialog.not_a_folder", path = path.display()).into_owned())
        }
        PathKind::Save
            if !path
                .parent()
                .is_none_or(|dir| dir.as_os_str().is_empty() || dir.is_dir())
                || path.is_dir() =>
        {
            Err(t!("file_dialog.no_folder", path = path.display()).into_owned())
        }
        _ => Ok(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_none_faster_than_anyone_can_cancel_means_the_dialog_did_not_open() {
        let path = PathBuf::from("a.csv");
        assert_eq!(
            outcome(Some(path.clone()), Duration::from_millis(5)),
            Outcome::Chosen(path)
        );
        assert_eq!(
            outcome::<PathBuf>(None, Duration::from_millis(3)),
            Outcome::DidNotOpen
        );
        assert_eq!(
            outcome::<PathBuf>(None, Duration::from_millis(1500)),
            Outcome::Cancelled
        );
    }

    #[test]
    fn a_typed_path_must_name_a_file_to_open_or_a_folder_to_save_in() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("list.csv");
        std::fs::write(&file, "姓名\n").unwrap();
        let typed = format!("  \"{}\"  ", file.display());
        assert_eq!(check_path(&typed, PathKind::Open), Ok(file.clone()));
        assert!(
            check_path(
                &dir.path().join("nope.csv").display().to_string(),
                PathKind::Open
            )
            .is_err()
        );
        assert!(check_path("   ", PathKind::Open).is_err());
        let out = dir.path().join("out.csv");
        assert_eq!(
            check_path(&out.display().to_string(), PathKind::Save),
            Ok(out)
        );
        let nowhere = dir.path().join("missing").join("out.csv");
        assert!(check_path(&nowhere.display().to_string(), PathKind::Save).is_err());
        assert!(check_path(&dir.path().display().to_string(), PathKind::Save).is_err());
    }
}
