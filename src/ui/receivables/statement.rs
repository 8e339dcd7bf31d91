//! The statement tab: one customer's statement for a period.

use crate::domain::customer::CustomerId;
use crate::ui::app::ViewCtx;

#[derive(Default)]
pub struct StatementTab {
    customer: Option<CustomerId>,
}

impl StatementTab {
    pub fn open(&mut self, customer: CustomerId, _view: &mut ViewCtx<'_>) {
        self.customer = Some(customer);
    }

    pub fn show(&mut self, _ui: &mut egui::Ui, _view: &mut ViewCtx<'_>) {}
}
