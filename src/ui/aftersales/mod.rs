//! The After-sales section (售后): complaint cases with their six-step
//! wizard, the counter's returns log with quality alerts, and feedback
//! cards, each on its own tab.

pub mod alerts;
pub mod complaints;
pub mod returns;
pub mod wizard;

mod photos;
mod steps;

use egui::RichText;

use crate::domain::complaint::ComplaintId;
use crate::domain::customer::CustomerId;
use crate::i18n::t;
use crate::store::ChangeStamp;
use crate::ui::app::ViewCtx;
use crate::ui::feedback::FeedbackView;
use crate::ui::section::{Section, SectionView};

pub use complaints::ComplaintsView;
pub use returns::ReturnsView;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Complaints,
    Returns,
    Feedback,
}

/// The section's state: one view per tab.
#[derive(Default)]
pub struct AfterSalesView {
    tab: Tab,
    pub complaints: ComplaintsView,
    pub returns: ReturnsView,
    pub feedback: FeedbackView,
    /// The book's state the lists were read at: a write anywhere (Home
    /// acknowledging an alert, a sale on a card) makes them read again.
    seen: Option<ChangeStamp>,
}

impl AfterSalesView {
    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn set_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    /// Starts a complaint for a customer (from their card or a sale on it).
    pub fn new_complaint(
        &mut self,
        view: &mut ViewCtx<'_>,
        customer: CustomerId,
        sale: Option<i64>,
    ) {
        self.tab = Tab::Complaints;
        self.complaints.start(view, customer, sale);
    }

    /// Opens a saved case at the step where it stopped.
    pub fn open_complaint(&mut self, view: &mut ViewCtx<'_>, id: ComplaintId) {
        self.tab = Tab::Complaints;
        self.complaints.open(view, id);
    }

    /// Adds a photo to the open case, as the file dialog's choice does
    /// (tests call it; the dialog cannot be driven headless).
    pub fn attach_photo(&mut self, view: &mut ViewCtx<'_>, file: &std::path::Path) -> bool {
        match self.complaints.wizard_mut() {
            Some(w) => photos::attach(w, view, file),
            None => false,
        }
    }

    /// The book changed elsewhere: lists are read again when next shown.
    pub fn invalidate(&mut self) {
        self.complaints.invalidate();
        self.returns.invalidate();
        self.feedback.invalidate();
    }

    /// Writes whatever the wizard holds that is not saved yet (the window
    /// is closing).
    pub fn flush(&mut self, view: &mut ViewCtx<'_>) {
        self.complaints.flush(view);
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let stamp = view.store.change_stamp();
        if self.seen != Some(stamp) {
            self.complaints.invalidate();
            self.returns.invalidate();
            self.seen = Some(stamp);
        }
        let customers = view.customers.rows();
        ui.horizontal_wrapped(|ui| {
            ui.heading(t!("aftersales.title"));
            ui.add_space(16.0);
            for (tab, text) in [
                (Tab::Complaints, t!("aftersales.tab_complaints")),
                (Tab::Returns, t!("aftersales.tab_returns")),
                (Tab::Feedback, t!("aftersales.tab_feedback")),
            ] {
                if ui
                    .selectable_label(self.tab == tab, RichText::new(text).size(16.0))
                    .clicked()
                {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        match self.tab {
            Tab::Complaints => self.complaints.show(ui, view, customers),
            Tab::Returns => self.returns.show(ui, view, customers),
            Tab::Feedback => self.feedback.show(ui, view),
        }
    }
}

impl SectionView for AfterSalesView {
    fn section(&self) -> Section {
        Section::AfterSales
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        self.show(ui, cx);
    }

    fn invalidate(&mut self) {
        AfterSalesView::invalidate(self);
    }
}
