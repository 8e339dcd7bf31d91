//! The sections of the left navigation and the one shape every section's
//! view has ([`SectionView`]): the shell draws whichever is chosen, asks
//! each to drop what it derived from the book when the book is reloaded,
//! and takes titles and shortcuts from here, never wiring a section by hand.

use super::app::ViewCtx;
use super::shortcuts::{self, Action, Shortcut};
use crate::i18n::t;

/// The sections, in navigation (and Ctrl+1 … Ctrl+8) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Customers,
    Calendar,
    AfterSales,
    Receivables,
    Retention,
    Transfer,
    Settings,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Home,
        Section::Customers,
        Section::Calendar,
        Section::AfterSales,
        Section::Receivables,
        Section::Retention,
        Section::Transfer,
        Section::Settings,
    ];

    /// The section's name in the navigation, in the UI language.
    pub fn title(self) -> String {
        match self {
            Section::Home => t!("nav.home"),
            Section::Customers => t!("nav.customers"),
            Section::Calendar => t!("nav.calendar"),
            Section::AfterSales => t!("nav.complaints"),
            Section::Receivables => t!("nav.receivables"),
            Section::Retention => t!("nav.retention"),
            Section::Transfer => t!("nav.import"),
            Section::Settings => t!("nav.settings"),
        }
        .into_owned()
    }

    /// The key that opens the section.
    pub fn shortcut(self) -> Option<Shortcut> {
        shortcuts::for_action(Action::Go(self))
    }
}

/// What every section's view does.
pub trait SectionView {
    /// Which section this is.
    fn section(&self) -> Section;

    /// The navigation title.
    fn title(&self) -> String {
        self.section().title()
    }

    /// The key that opens it.
    fn shortcut(&self) -> Option<Shortcut> {
        self.section().shortcut()
    }

    /// Draws the section into the central panel.
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>);

    /// The book was reloaded (another file, an import, settings): drop
    /// whatever was read from it so it is read again when next drawn.
    fn invalidate(&mut self) {}
}
