//! A check or an import running on its own thread, so a million-row file
//! never freezes the window. The thread opens its own connection to the
//! book's file (SQLite's WAL lets the window keep reading meanwhile); the
//! window polls [`Job::poll`] each frame and shows [`Progress`].

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use chrono::NaiveDateTime;

use crate::import::pipeline::{ImportError, ImportPlan, Mode, Progress, Report, check, import};
use crate::store::{OpenMode, Store};

/// What the thread does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Read everything and report; write nothing.
    Check,
    /// Write the good rows as one batch.
    Import,
}

/// How a job ended.
pub enum JobOutcome {
    Done(Report),
    Cancelled,
    Failed(String),
}

/// A running job.
pub struct Job {
    pub kind: JobKind,
    pub progress: Arc<Progress>,
    handle: Option<JoinHandle<JobOutcome>>,
}

impl Job {
    /// Starts `kind` for `plan` against the book at `db`.
    pub fn spawn(db: PathBuf, plan: ImportPlan, kind: JobKind, now: NaiveDateTime) -> Job {
        let progress = Progress::new();
        let shared = Arc::clone(&progress);
        let handle = std::thread::Builder::new()
            .name("genjin-import".into())
            .spawn(move || run(&db, &plan, kind, now, &shared))
            .inspect_err(|e| log::error!("could not start the import thread: {e}"))
            .ok();
        Job {
            kind,
            progress,
            handle,
        }
    }

    /// The outcome once the thread has finished.
    pub fn poll(&mut self) -> Option<JobOutcome> {
        let finished = self.handle.as_ref().is_none_or(JoinHandle::is_finished);
        if !finished {
            return None;
        }
        Some(match self.handle.take().map(JoinHandle::join) {
            Some(Ok(outcome)) => outcome,
            Some(Err(_)) | None => JobOutcome::Failed(crate::i18n::tr("import.job_crashed")),
        })
    }

    pub fn cancel(&self) {
        self.progress.cancel();
    }
}

impl Drop for Job {
    /// Leaving the section (or closing the window) cancels the job; the
    /// import rolls back.
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

fn run(
    db: &std::path::Path,
    plan: &ImportPlan,
    kind: JobKind,
    now: NaiveDateTime,
    progress: &Progress,
) -> JobOutcome {
    let mut store = match Store::open_with(db, OpenMode::Reader) {
        Ok(store) => store,
        Err(e) => return JobOutcome::Failed(crate::i18n::store_error(&e)),
    };
    let result = match kind {
        JobKind::Check => check(&store, plan, now, progress),
        JobKind::Import => import(&mut store, plan, Mode::GoodRows, now, progress),
    };
    match result {
        Ok(report) => JobOutcome::Done(report),
        Err(ImportError::Cancelled) => JobOutcome::Cancelled,
        Err(e) => JobOutcome::Failed(import_error(&e)),
    }
}

pub use crate::i18n::import_error;
