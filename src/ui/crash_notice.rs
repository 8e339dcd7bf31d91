//! The notice after a crash: when the last run left a crash report the
//! user has not dismissed yet ([`crate::crash::unacknowledged`]), a band
//! at the top says Genjin closed unexpectedly, where the report is, and
//! offers to open its folder; dismissing it remembers the report as seen.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::theme;
use crate::i18n::t;
use egui::RichText;

/// A crash report waiting to be mentioned.
pub struct CrashNotice {
    data_dir: PathBuf,
    report: PathBuf,
    /// Why the folder could not be opened, shown under the notice.
    open_failed: Option<String>,
}

impl CrashNotice {
    /// The notice for the newest unseen report in `data_dir`, if any.
    pub fn find(data_dir: &Path) -> Option<CrashNotice> {
        let report = crate::crash::unacknowledged(data_dir)?;
        log::info!("an unseen crash report: {}", report.display());
        Some(CrashNotice {
            data_dir: data_dir.to_path_buf(),
            report,
            open_failed: None,
        })
    }

    /// The report's path.
    pub fn report(&self) -> &Path {
        &self.report
    }

    /// Draws the band; true once the user dismissed it.
    pub fn show(&mut self, ui: &mut egui::Ui) -> bool {
        let mut dismissed = false;
        egui::Panel::top("crash-notice").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(t!("crash.title"))
                        .color(theme::WARNING)
                        .strong(),
                );
                ui.label(t!("crash.body", path = self.report.display().to_string()));
                if ui.button(t!("crash.open_folder")).clicked() {
                    let folder = self.report.parent().unwrap_or(&self.data_dir);
                    self.open_failed = open_folder(folder).err().map(|e| {
                        log::warn!("cannot open {}: {e}", folder.display());
                        t!("crash.open_failed", reason = e.to_string()).into_owned()
                    });
                }
                if ui.button(t!("crash.dismiss")).clicked() {
                    dismissed = true;
                }
            });
            if let Some(why) = &self.open_failed {
                ui.colored_label(theme::ERROR, why);
            }
        });
        if dismissed && let Err(e) = crate::crash::acknowledge(&self.data_dir, &self.report) {
            log::warn!("cannot remember the crash report as seen: {e}");
        }
        dismissed
    }
}

/// Opens `folder` in the system's file manager (`explorer`, `open`,
/// `xdg-open`); an error when the program cannot be started.
fn open_folder(folder: &Path) -> std::io::Result<()> {
    let program = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = Command::new(program).arg(folder).spawn()?;
    // Waited for on a thread of its own, so the frame goes on and no
    // finished process is left behind.
    std::thread::Builder::new()
        .name("open-folder".into())
        .spawn(move || match child.wait() {
            Ok(status) if !status.success() => log::warn!("{program} ended with {status}"),
            Ok(_) => {}
            Err(e) => log::warn!("cannot wait for {program}: {e}"),
        })?;
    Ok(())
}
