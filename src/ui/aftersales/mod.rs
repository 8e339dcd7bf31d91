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

use crate::domain::complaint::{ComplaintId, ComplaintStatus};
use crate::domain::customer::CustomerId;
use crate::i18n::t;
use crate::store::customers::CustomerSummary;
use crate::ui::app::ViewCtx;
use crate::ui::feedback::FeedbackView;

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
    /// What Home shows of after-sales, read once per change.
    summary: Option<HomeSummary>,
    home_notes: alerts::AckNotes,
}

/// After-sales at a glance, for Home.
#[derive(Debug, Clone, Default)]
pub struct HomeSummary {
    /// Cases not closed (drafts included).
    pub open: usize,
    pub awaiting_approval: usize,
    /// Cases whose follow-up date has come.
    pub follow_ups_due: usize,
    pub late: usize,
    pub alerts: Vec<crate::store::returns::AlertState>,
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

    /// Home's tile and alert banners, read from the book when stale.
    pub fn home(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) -> HomeSummary {
        if self.summary.is_none() {
            let mut summary = HomeSummary::default();
            let now = crate::store::now();
            let rules = view.store.complaint_rules().unwrap_or_default();
            match view.store.open_complaint_summaries() {
                Ok(cases) => {
                    summary.open = cases.len();
                    for c in &cases {
                        if c.status == ComplaintStatus::AwaitingApproval {
                            summary.awaiting_approval += 1;
                        }
                        if c.status == ComplaintStatus::FollowUpDue
                            && c.follow_up_date.is_some_and(|d| d <= view.today)
                        {
                            summary.follow_ups_due += 1;
                        }
                        if c.sla_flags(&rules, now).any() {
                            summary.late += 1;
                        }
                    }
                }
                Err(e) => view.status.error(crate::i18n::store_error(&e)),
            }
            match view.store.quality_alerts(view.today) {
                Ok(alerts) => summary.alerts = alerts,
                Err(e) => view.status.error(crate::i18n::store_error(&e)),
            }
            self.summary = Some(summary);
        }
        let summary = self.summary.clone().unwrap_or_default();
        if alerts::banners(ui, view, &summary.alerts, &mut self.home_notes) {
            self.summary = None;
            self.returns.invalidate();
        }
        summary
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
        self.summary = None;
        self.complaints.invalidate();
        self.returns.invalidate();
        self.feedback.invalidate();
    }

    /// Writes whatever the wizard holds that is not saved yet (the window
    /// is closing).
    pub fn flush(&mut self, view: &mut ViewCtx<'_>) {
        self.complaints.flush(view);
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        customers: &[CustomerSummary],
    ) {
        ui.horizontal(|ui| {
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
