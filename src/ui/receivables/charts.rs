//! The charts tab: aging by bucket, outstanding by month, top debtors.

use super::report::ReportData;
use crate::ui::app::ViewCtx;

#[derive(Default)]
pub struct ChartsTab {}

impl ChartsTab {
    pub fn show(&mut self, _ui: &mut egui::Ui, _view: &mut ViewCtx<'_>, _data: &mut ReportData) {}
}
