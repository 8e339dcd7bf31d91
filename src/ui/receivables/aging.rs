//! The aging tab: the report table and the four quadrants.

use super::report::ReportData;
use crate::domain::customer::CustomerId;
use crate::ui::app::ViewCtx;

#[derive(Default)]
pub struct AgingTab {}

impl AgingTab {
    /// Draws the tab; returns the customer whose statement was asked for.
    pub fn show(
        &mut self,
        _ui: &mut egui::Ui,
        _view: &mut ViewCtx<'_>,
        _data: &mut ReportData,
    ) -> Option<CustomerId> {
        None
    }
}
