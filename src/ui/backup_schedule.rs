//! Automatic backups while the window is open: one a day (the first a
//! minute after the book opened by the app's clock — a fixed clock in tests
//! and benchmarks never gets there unless a test moves it —, on a named
//! thread with its own connection, so no frame waits) and one when the window closes, skipped when nothing
//! changed since the last one this session made. A demo book gets none. One backup at a time:
//! the close backup waits for a daily one still running.

use std::path::PathBuf;
use std::thread::JoinHandle;

use chrono::{NaiveDate, NaiveDateTime};

use crate::i18n::{store_error, t};
use crate::store::backup::{self, BackupDone, BackupSettings, Reason, SecondCopy};
use crate::store::{ChangeStamp, Store};
use crate::ui::clock::Clock;
use crate::ui::context::Status;

/// How long after the book opened the day's first backup starts (the
/// window's own reports are worked out first).
const FIRST_DELAY: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

type Outcome = crate::store::Result<BackupDone>;

/// The automatic backups of one open book.
pub struct BackupSchedule {
    book: PathBuf,
    /// The backup on its thread, with the book's change stamp it started at.
    running: Option<(JoinHandle<Outcome>, ChangeStamp)>,
    /// The change stamp the newest backup holds, when known.
    backed_up: Option<ChangeStamp>,
    /// The day that has its backup (or was looked at with backups off).
    done_day: Option<NaiveDate>,
    /// When the first frame saw the book, by the app's clock.
    opened_at: Option<NaiveDateTime>,
}

impl BackupSchedule {
    /// The schedule of the book in `store`; `None` for a book in memory.
    /// What earlier sessions backed up is not known (another program may
    /// have written since): the first close backup of a session is taken
    /// unless a backup this session already holds the book as it is.
    pub fn new(store: &Store) -> Option<BackupSchedule> {
        Some(BackupSchedule {
            book: store.path()?.to_path_buf(),
            running: None,
            backed_up: None,
            done_day: None,
            opened_at: None,
        })
    }

    /// Once a frame: takes in a finished backup, and starts the day's
    /// backup when it is due. With `wait`, waits for a running one (tests).
    pub fn tick(
        &mut self,
        ctx: &egui::Context,
        store: &Store,
        clock: &Clock,
        status: &mut Status,
        wait: bool,
    ) {
        if wait || self.running.as_ref().is_some_and(|(h, _)| h.is_finished()) {
            self.finish(status);
        }
        let today = clock.today();
        if self.running.is_some() {
            // Wake up to take in the result even if nobody moves the mouse.
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
            return;
        }
        if self.done_day == Some(today) {
            // Look again on a later day even if the window sits idle.
            ctx.request_repaint_after(std::time::Duration::from_secs(3600));
            return;
        }
        let now = clock.now();
        let due = *self.opened_at.get_or_insert(now) + FIRST_DELAY;
        if now < due {
            let wait = (due - now).to_std().unwrap_or_default();
            ctx.request_repaint_after(wait);
            return;
        }
        let settings = read_settings(store);
        let folder = settings.folder_for(&self.book);
        let has_today = backup::dates(&folder, &backup::book_stem(&self.book))
            .iter()
            .any(|(at, _)| at.date() == today);
        if !settings.automatic || has_today {
            self.done_day = Some(today);
            return;
        }
        self.start(store, Reason::Daily, settings, clock, status);
        self.done_day = Some(today);
        if wait {
            self.finish(status);
        }
    }

    /// Starts a backup on a thread of its own.
    fn start(
        &mut self,
        store: &Store,
        reason: Reason,
        settings: BackupSettings,
        clock: &Clock,
        status: &mut Status,
    ) {
        let book = self.book.clone();
        let now = clock.now();
        let spawned = std::thread::Builder::new()
            .name("backup".to_string())
            .spawn(move || backup::run_for_file(&book, reason, &settings, now));
        match spawned {
            Ok(handle) => self.running = Some((handle, store.change_stamp())),
            Err(e) => status.error(t!("settings.backup_auto_failed", reason = e)),
        }
    }

    /// Waits for the running backup, if any, and reports how it went.
    fn finish(&mut self, status: &mut Status) {
        let Some((handle, stamp)) = self.running.take() else {
            return;
        };
        match handle.join() {
            Ok(Ok(done)) => {
                self.backed_up = Some(stamp);
                report_second_copy(&done, status);
            }
            Ok(Err(e)) => status.error(t!("settings.backup_auto_failed", reason = store_error(&e))),
            Err(_) => status.error(t!("settings.backup_auto_failed", reason = "panic")),
        }
    }

    /// The window is closing: a backup of the book unless nothing changed
    /// since the last one (or automatic backups are off). Blocks for the
    /// seconds it takes; a daily backup still running is waited for first.
    pub fn on_close(&mut self, store: &Store, clock: &Clock, status: &mut Status) {
        self.finish(status);
        let settings = read_settings(store);
        let stamp = store.change_stamp();
        if !settings.automatic || self.backed_up == Some(stamp) {
            return;
        }
        match backup::run_for_file(&self.book, Reason::Close, &settings, clock.now()) {
            Ok(done) => {
                self.backed_up = Some(stamp);
                report_second_copy(&done, status);
            }
            Err(e) => {
                log::error!("the backup on closing failed: {e}");
                status.error(t!("settings.backup_auto_failed", reason = store_error(&e)));
            }
        }
    }

    /// Whether a backup is running on its thread.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

/// The backup settings, or the defaults when they cannot be read (logged).
fn read_settings(store: &Store) -> BackupSettings {
    store.backup_settings().unwrap_or_else(|e| {
        log::warn!("cannot read the backup settings, using the defaults: {e}");
        BackupSettings::default()
    })
}

fn report_second_copy(done: &BackupDone, status: &mut Status) {
    if let SecondCopy::Failed { folder, .. } = &done.second {
        status.error(t!(
            "settings.backup_second_missing",
            folder = folder.display()
        ));
    }
}
