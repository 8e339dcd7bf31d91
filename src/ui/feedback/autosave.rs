//! One piece of unsaved feedback work kept in the drafts table: written a
//! second after it last changed, deleted once it is saved or discarded, and
//! read back when the section is first shown (after a crash or restart).

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::Store;
use crate::ui::clock::Debounce;

/// The drafts-table key: the section keeps one draft of each kind.
const KEY: &str = "current";
/// Seconds between the first unsaved change and its write.
const WAIT: f64 = 1.0;

pub struct Autosave {
    kind: &'static str,
    /// The body as last written (None: no draft stored).
    written: Option<String>,
    /// The wait since the work first differed from what is stored.
    wait: Debounce,
}

impl Autosave {
    pub fn new(kind: &'static str) -> Autosave {
        Autosave {
            kind,
            written: None,
            wait: Debounce::default(),
        }
    }

    /// The draft stored for this kind, if any and readable.
    pub fn load<T: DeserializeOwned>(&mut self, store: &Store) -> Option<T> {
        let draft = match store.draft(self.kind, KEY) {
            Ok(draft) => draft?,
            Err(e) => {
                log::warn!("could not read the {} draft: {e}", self.kind);
                return None;
            }
        };
        let value = match serde_json::from_str(&draft.body) {
            Ok(value) => value,
            Err(e) => {
                log::warn!(
                    "the {} draft is unreadable and was left aside: {e}",
                    self.kind
                );
                return None;
            }
        };
        self.written = Some(draft.body);
        Some(value)
    }

    /// Keeps the drafts table in step with `work` (`None`: nothing unsaved).
    pub fn keep<T: Serialize>(&mut self, ctx: &egui::Context, store: &mut Store, work: Option<T>) {
        let Some(body) = work.and_then(|w| serde_json::to_string(&w).ok()) else {
            if self.written.take().is_some()
                && let Err(e) = store.delete_draft(self.kind, KEY)
            {
                log::warn!("cannot delete the {} draft: {e}", self.kind);
            }
            self.wait.stop();
            return;
        };
        if self.written.as_ref() == Some(&body) {
            self.wait.stop();
            return;
        }
        let time = ctx.input(|i| i.time);
        if !self.wait.is_over(ctx, time, WAIT) {
            return;
        }
        match store.save_draft(self.kind, KEY, &body) {
            Ok(()) => {
                self.written = Some(body);
                self.wait.stop();
            }
            Err(e) => {
                // The book is busy (an import): try again a second later.
                log::warn!("cannot keep the {} draft yet: {e}", self.kind);
                self.wait.restart(time);
                ctx.request_repaint_after(Duration::from_secs_f64(WAIT));
            }
        }
    }
}
