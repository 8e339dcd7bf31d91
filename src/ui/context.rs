//! What a view draws with: [`ViewCtx`] (the store, the clock, the book
//! cache, the customer directory, the command queue, the status line, the
//! language, the renderer) and the [`Status`] line itself. The app builds the context in
//! one place (`Book::parts`).

use crate::i18n::Language;
use crate::store::Store;
use crate::ui::cache::BookCache;
use crate::ui::clock::Clock;
use crate::ui::command::Command;
use crate::ui::customers::directory::CustomerDirectory;
use crate::ui::renderer::RendererSetting;

/// What views get while drawing: the one context every section and
/// widget works through. Built in one place ([`Book::parts`]).
pub struct ViewCtx<'a> {
    pub store: &'a mut Store,
    /// Today and now for this frame.
    pub clock: Clock,
    /// Reports derived from the whole book, computed off the UI thread.
    pub cache: &'a mut BookCache,
    /// Every customer's list row.
    pub customers: &'a CustomerDirectory,
    pub commands: &'a mut Vec<Command>,
    pub status: &'a mut Status,
    pub language: Language,
    /// The renderer chosen for the next start and the one drawing now.
    pub renderer: RendererSetting,
    /// Whether the open book is the demo shop.
    pub is_demo: bool,
}

/// A short message in the status bar.
#[derive(Default)]
pub struct Status {
    message: Option<(String, bool, Option<f64>)>,
}

/// How long an information message stays (errors stay until replaced).
pub const INFO_SECONDS: f64 = 8.0;

impl Status {
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false, None));
    }
    pub fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        log::warn!("shown to the user: {text}");
        self.message = Some((text, true, None));
    }
    /// The current message, if it is recent, as of egui's input `time`.
    pub fn current(&mut self, time: f64) -> Option<(&str, bool)> {
        let (_, is_error, shown_at) = self.message.as_mut()?;
        let since = *shown_at.get_or_insert(time);
        if !*is_error && time - since > INFO_SECONDS {
            self.message = None;
            return None;
        }
        self.message.as_ref().map(|(m, e, _)| (m.as_str(), *e))
    }
}
