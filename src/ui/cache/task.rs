//! The one kind of background work the window starts: a closure run on a
//! named thread whose result the UI thread picks up when it is ready, and
//! a [`Slot`] that keeps the last result on screen while the next one is
//! worked out. A panic on the thread becomes an error message, never a
//! crash of the window.

use std::panic::{AssertUnwindSafe, catch_unwind};

use poll_promise::Promise;

/// What a task gives back: its value or a message for the status line.
pub type Outcome<T> = Result<T, String>;

/// Work running on its own named thread (or already finished).
pub struct Task<T: Send + 'static> {
    promise: Promise<Outcome<T>>,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a thread called `name`; `ctx`, when given, is asked
    /// to repaint when the result is there.
    pub fn spawn(
        name: &str,
        ctx: Option<egui::Context>,
        work: impl FnOnce() -> Outcome<T> + Send + 'static,
    ) -> Task<T> {
        let promise = Promise::spawn_thread(format!("genjin-{name}"), move || {
            let outcome = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                log::error!("background task panicked: {what}");
                Err(what)
            });
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
            outcome
        });
        Task { promise }
    }

    /// A task that is already done (work done on the calling thread).
    pub fn ready(outcome: Outcome<T>) -> Task<T> {
        Task {
            promise: Promise::from_ready(outcome),
        }
    }

    /// The result if it is there; the task back otherwise.
    pub fn try_take(self) -> Result<Outcome<T>, Task<T>> {
        self.promise.try_take().map_err(|promise| Task { promise })
    }

    /// Waits for the result (tests and benchmarks, never a frame).
    pub fn wait(self) -> Outcome<T> {
        self.promise.block_and_take()
    }
}

/// Frees `value` on a thread of its own: a whole-book report is hundreds
/// of thousands of small allocations, milliseconds a frame should not spend.
pub fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("genjin-drop".into())
        .spawn(move || drop(value));
    if let Err(e) = spawned {
        // The value was freed here instead, which only costs time.
        log::warn!("cannot start a thread to free an old report: {e}");
    }
}

/// A value derived from the book for a key (the book's change stamp, the
/// day …): the last value computed stays readable while a task computes
/// the value for a newer key.
pub struct Slot<K, T: Send + 'static> {
    value: Option<T>,
    value_key: Option<K>,
    running: Option<(K, Task<T>)>,
    error: Option<String>,
    /// Counts the values that arrived, so views can rebuild what they
    /// derive from the value (sort orders, chart bars) only when it changed.
    generation: u64,
}

impl<K, T: Send + 'static> Default for Slot<K, T> {
    fn default() -> Self {
        Slot {
            value: None,
            value_key: None,
            running: None,
            error: None,
            generation: 0,
        }
    }
}

impl<K: Clone + PartialEq, T: Send + 'static> Slot<K, T> {
    /// Makes sure the value for `key` is there or on its way: when neither
    /// the value nor the running task is for `key`, `start` begins a task
    /// for it (a task for an older key is left to finish unread).
    pub fn want(&mut self, key: &K, start: impl FnOnce() -> Task<T>) {
        if self.value_key.as_ref() == Some(key)
            || self.running.as_ref().is_some_and(|(k, _)| k == key)
        {
            return;
        }
        self.running = Some((key.clone(), start()));
    }

    /// Takes in a finished task's result. Returns the error message when
    /// the task failed (once), for the status line.
    pub fn poll(&mut self) -> Option<String> {
        let (key, task) = self.running.take()?;
        match task.try_take() {
            Ok(outcome) => self.finish(key, outcome),
            Err(task) => {
                self.running = Some((key, task));
                None
            }
        }
    }

    /// Waits for the running task, if any (tests, benchmarks).
    pub fn wait(&mut self) -> Option<String> {
        let (key, task) = self.running.take()?;
        self.finish(key, task.wait())
    }

    fn finish(&mut self, key: K, outcome: Outcome<T>) -> Option<String> {
        match outcome {
            Ok(value) => {
                if let Some(old) = self.value.replace(value) {
                    drop_later(old);
                }
                self.value_key = Some(key);
                self.error = None;
                self.generation += 1;
                None
            }
            Err(message) => {
                // Remember the key so a failing read is not retried every
                // frame; the next change of the book tries again.
                self.value_key = Some(key);
                self.error = Some(message.clone());
                Some(message)
            }
        }
    }

    /// The last value computed, for whatever key.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.value.as_mut()
    }

    /// Whether a newer value is being worked out.
    pub fn is_updating(&self) -> bool {
        self.running.is_some()
    }

    /// Whether the value shown is the one for `key`.
    pub fn is_current(&self, key: &K) -> bool {
        self.value_key.as_ref() == Some(key)
    }

    /// Why the last computation failed, until one succeeds.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Forgets which key the value is for, so the next [`Slot::want`]
    /// computes it again; the value stays shown meanwhile.
    pub fn invalidate(&mut self) {
        self.value_key = None;
        self.running = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn the_old_value_stays_while_the_new_one_is_computed() {
        let mut slot: Slot<u32, String> = Slot::default();
        slot.want(&1, || Task::ready(Ok("one".into())));
        assert_eq!(slot.poll(), None);
        assert_eq!(slot.get().map(String::as_str), Some("one"));
        assert_eq!(slot.generation(), 1);

        let (go, wait) = mpsc::channel::<()>();
        slot.want(&2, || {
            Task::spawn("test", None, move || {
                wait.recv().map_err(|e| e.to_string())?;
                Ok("two".into())
            })
        });
        assert!(slot.is_updating());
        assert_eq!(slot.poll(), None);
        assert_eq!(slot.get().map(String::as_str), Some("one"), "still shown");
        assert!(!slot.is_current(&2));

        go.send(()).unwrap();
        assert_eq!(slot.wait(), None);
        assert_eq!(slot.get().map(String::as_str), Some("two"));
        assert!(slot.is_current(&2));
        assert!(!slot.is_updating());
        assert_eq!(slot.generation(), 2);
    }

    #[test]
    fn asking_again_for_the_same_key_starts_nothing() {
        let mut slot: Slot<u32, u32> = Slot::default();
        let mut started = 0;
        for _ in 0..3 {
            slot.want(&7, || {
                started += 1;
                Task::ready(Ok(7))
            });
            slot.poll();
        }
        assert_eq!(started, 1);
        slot.invalidate();
        slot.want(&7, || {
            started += 1;
            Task::ready(Ok(8))
        });
        slot.poll();
        assert_eq!(started, 2);
        assert_eq!(slot.get(), Some(&8));
    }

    #[test]
    fn a_panic_on_the_thread_is_an_error_not_a_crash() {
        let mut slot: Slot<u32, u32> = Slot::default();
        slot.want(&1, || Task::spawn("panics", None, || panic!("broken book")));
        let message = slot.wait().expect("an error");
        assert!(message.contains("broken book"));
        assert_eq!(slot.get(), None);
        assert_eq!(slot.error(), Some("broken book"));
        assert!(slot.is_current(&1), "not retried until the key changes");
    }
}
