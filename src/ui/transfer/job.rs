//! A check or an import running on its own thread, so a million-row file
//! never freezes the window. The thread opens its own connection to the
//! book's file (SQLite's WAL lets the window keep reading meanwhile); the
//! window polls [`Job::poll`] each frame and shows [`Progress`]. The
//! thread is the window's one kind of background [`Task`].

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::import::pipeline::{ImportError, ImportPlan, Mode, Progress, Report, check, import};
use crate::store::{OpenMode, Store};
use crate::ui::cache::Task;

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
    task: Option<Task<JobOutcome>>,
}

impl Job {
    /// Starts `kind` for `plan` against the book at `db`.
    pub fn spawn(db: PathBuf, plan: ImportPlan, kind: JobKind, now: NaiveDateTime) -> Job {
        let progress = Progress::new();
        let shared = Arc::clone(&progress);
        let task = Task::spawn("import", None, move || {
            Ok(run(&db, &plan, kind, now, &shared))
        });
        Job {
            kind,
            progress,
            task: Some(task),
        }
    }

    /// The outcome once the thread has finished.
    pub fn poll(&mut self) -> Option<JobOutcome> {
        match self.task.take()?.try_take() {
            Ok(Ok(outcome)) => Some(outcome),
            Ok(Err(_)) => Some(JobOutcome::Failed(crate::i18n::tr("import.job_crashed"))),
            Err(running) => {
                self.task = Some(running);
                None
            }
        }
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
