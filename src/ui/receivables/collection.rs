//! The collection tab: overdue customers on the ladder.

use super::report::ReportData;
use crate::ui::app::ViewCtx;

#[derive(Default)]
pub struct CollectionTab {}

impl CollectionTab {
    pub fn show(&mut self, _ui: &mut egui::Ui, _view: &mut ViewCtx<'_>, _data: &mut ReportData) {}
}
