//! The book cache: every report derived from the whole book (today's
//! agenda, the aging report and month ends, Home's figures, open cases,
//! the drifting list, the ABC classes), keyed by the book's change stamp
//! and the day, and computed on named background threads with their own
//! reader connection. Views ask for what they draw; the cache starts the
//! work when the key moved on and, until the new value arrives, keeps
//! handing out the previous one (marked as updating). A save therefore
//! never waits for a report, and no report is computed twice for one key.
//!
//! Not here: per-view state (sort orders, selections) — views derive that
//! from a slot's value and its generation.

pub mod reports;
pub mod task;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::customer::CustomerId;
use crate::i18n::store_error;
use crate::store::{ChangeStamp, OpenMode, Store};
use crate::ui::clock::Clock;
use crate::ui::customers::directory::CustomerDirectory;
use reports::{AgendaData, ReceivablesReport, RetentionLists, ServiceSummary};
pub use task::{Outcome, Slot, Task, drop_later};

/// What a whole-book report depends on: the book's state and the day.
pub type BookKey = (ChangeStamp, NaiveDate);

/// The reports of one open book.
#[derive(Default)]
pub struct BookCache {
    /// Asked to repaint when a result arrives (set each frame).
    ctx: Option<egui::Context>,
    agenda: Slot<BookKey, AgendaData>,
    /// The report as of today (Home, and Receivables when not back-dated).
    receivables_today: Slot<BookKey, Arc<ReceivablesReport>>,
    /// The report as of an earlier day chosen in Receivables.
    receivables_back: Slot<BookKey, Arc<ReceivablesReport>>,
    service: Slot<BookKey, ServiceSummary>,
    retention: Slot<BookKey, Arc<RetentionLists>>,
    classes: Slot<BookKey, Option<crate::store::retention::AbcChanges>>,
    /// The customer directory being read again, and the customers changed
    /// meanwhile (their rows are read again once it arrives).
    directory: Option<(Task<CustomerDirectory>, Vec<CustomerId>)>,
    /// The generation of `classes` last written to the book.
    classes_applied: u64,
}

/// Where the book lives and what the frame knows, to start a task.
struct Source<'a> {
    path: Option<PathBuf>,
    store: &'a Store,
    ctx: Option<egui::Context>,
}

impl Source<'_> {
    /// Runs `work` on a reader connection on a thread called `name`, or at
    /// once on the book itself when it has no file (an in-memory book).
    fn start<T: Send + 'static>(
        &self,
        name: &str,
        work: impl FnOnce(&Store) -> crate::store::Result<T> + Send + 'static,
    ) -> Task<T> {
        match &self.path {
            Some(path) => {
                let path = path.clone();
                Task::spawn(name, self.ctx.clone(), move || {
                    let reader =
                        Store::open_with(&path, OpenMode::Reader).map_err(|e| store_error(&e))?;
                    work(&reader).map_err(|e| store_error(&e))
                })
            }
            None => Task::ready(work(self.store).map_err(|e| store_error(&e))),
        }
    }
}

impl BookCache {
    fn source<'a>(&self, store: &'a Store) -> Source<'a> {
        Source {
            path: store.path().map(PathBuf::from),
            store,
            ctx: self.ctx.clone(),
        }
    }

    /// Takes in the results that arrived since the last frame; returns the
    /// error messages of tasks that failed. The app calls this first thing
    /// in every frame.
    pub fn begin_frame(&mut self, ctx: &egui::Context) -> Vec<String> {
        self.ctx = Some(ctx.clone());
        let errors: Vec<String> = [
            self.agenda.poll(),
            self.receivables_today.poll(),
            self.receivables_back.poll(),
            self.service.poll(),
            self.retention.poll(),
            self.classes.poll(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.is_updating() {
            // The task asks for a repaint when it ends; this is the fallback.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        errors
    }

    /// Whether any report is being worked out.
    pub fn is_updating(&self) -> bool {
        self.directory.is_some()
            || self.agenda.is_updating()
            || self.receivables_today.is_updating()
            || self.receivables_back.is_updating()
            || self.service.is_updating()
            || self.retention.is_updating()
            || self.classes.is_updating()
    }

    /// Waits until every running task has finished and takes its result
    /// in (tests and benchmarks; never called by a frame). Returns the
    /// error messages.
    pub fn wait(&mut self) -> Vec<String> {
        if let Some((task, changed)) = self.directory.take() {
            self.directory = Some((Task::ready(task.wait()), changed));
        }
        [
            self.agenda.wait(),
            self.receivables_today.wait(),
            self.receivables_back.wait(),
            self.service.wait(),
            self.retention.wait(),
            self.classes.wait(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Something changed that the change stamp may not show: every report
    /// is worked out again when next asked for (the old values stay shown).
    pub fn invalidate(&mut self) {
        self.agenda.invalidate();
        self.receivables_today.invalidate();
        self.receivables_back.invalidate();
        self.service.invalidate();
        self.retention.invalidate();
        self.classes.invalidate();
    }

    /// The calendar data and today's agenda.
    pub fn agenda(&mut self, store: &Store, clock: &Clock) -> &mut Slot<BookKey, AgendaData> {
        let today = clock.today();
        let source = self.source(store);
        self.agenda.want(&(store.change_stamp(), today), || {
            source.start("agenda", move |s| AgendaData::compute(s, today))
        });
        &mut self.agenda
    }

    /// Starts reading every customer's list row again on a thread (after
    /// an import, a settings change, or many class changes); the app keeps
    /// the current rows until [`BookCache::take_directory`] hands the new
    /// ones over.
    pub fn reload_directory(&mut self, store: &Store) {
        let task = self
            .source(store)
            .start("directory", CustomerDirectory::load);
        self.directory = Some((task, Vec::new()));
    }

    /// Whether the customer directory is being read again.
    pub fn is_reading_directory(&self) -> bool {
        self.directory.is_some()
    }

    /// Notes a customer whose row changed while the directory is being read
    /// again, so the row is read once more after the new directory arrives.
    pub fn note_customer_changed(&mut self, id: CustomerId) {
        if let Some((_, changed)) = &mut self.directory {
            changed.push(id);
        }
    }

    /// The directory read again, once it is there, with the customers
    /// changed meanwhile.
    pub fn take_directory(&mut self) -> Option<(Outcome<CustomerDirectory>, Vec<CustomerId>)> {
        let (task, changed) = self.directory.take()?;
        match task.try_take() {
            Ok(outcome) => Some((outcome, changed)),
            Err(task) => {
                self.directory = Some((task, changed));
                None
            }
        }
    }

    /// The agenda data last computed, without asking for a newer one.
    pub fn agenda_data(&self) -> Option<&AgendaData> {
        self.agenda.get()
    }

    /// The receivables report as of `as_of`.
    pub fn receivables(
        &mut self,
        store: &Store,
        clock: &Clock,
        as_of: NaiveDate,
    ) -> &Slot<BookKey, Arc<ReceivablesReport>> {
        let source = self.source(store);
        let slot = if as_of == clock.today() {
            &mut self.receivables_today
        } else {
            &mut self.receivables_back
        };
        slot.want(&(store.change_stamp(), as_of), || {
            source.start("receivables", move |s| {
                ReceivablesReport::compute(s, as_of).map(Arc::new)
            })
        });
        slot
    }

    /// The total owed in the latest report as of `today` that has arrived
    /// (benchmarks and tests watch it change).
    pub fn receivables_today_total(&self, today: NaiveDate) -> Option<crate::domain::money::Money> {
        self.receivables_today
            .get()
            .filter(|r| r.as_of == today)
            .map(|r| r.report.total)
    }

    /// Open complaint cases and quality alerts.
    pub fn service(&mut self, store: &Store, clock: &Clock) -> &Slot<BookKey, ServiceSummary> {
        let now = clock.now();
        let source = self.source(store);
        self.service.want(&(store.change_stamp(), now.date()), || {
            source.start("service", move |s| ServiceSummary::compute(s, now))
        });
        &self.service
    }

    /// The drifting list and the ABC report.
    pub fn retention(
        &mut self,
        store: &Store,
        clock: &Clock,
    ) -> &Slot<BookKey, Arc<RetentionLists>> {
        let today = clock.today();
        let source = self.source(store);
        self.retention.want(&(store.change_stamp(), today), || {
            source.start("retention", move |s| {
                RetentionLists::compute(s, today).map(Arc::new)
            })
        });
        &self.retention
    }

    /// Keeps the stored ABC classes in step with the sales: the changes are
    /// worked out on a thread whenever the book changed, and written here
    /// (on the writer) if the book has not changed again meanwhile.
    /// Returns the customers whose class changed.
    pub fn keep_classes_current(
        &mut self,
        store: &mut Store,
        clock: &Clock,
    ) -> crate::store::Result<Vec<crate::domain::customer::CustomerId>> {
        let key = (store.change_stamp(), clock.today());
        let source = self.source(store);
        let today = clock.today();
        self.classes.want(&key, || {
            source.start("classes", move |s| reports::class_changes(s, today))
        });
        if self.classes.generation() == self.classes_applied || !self.classes.is_current(&key) {
            return Ok(Vec::new());
        }
        self.classes_applied = self.classes.generation();
        let Some(Some(changes)) = self.classes.get() else {
            return Ok(Vec::new());
        };
        store.apply_abc_changes(changes)?;
        Ok(changes.customers().collect())
    }
}
