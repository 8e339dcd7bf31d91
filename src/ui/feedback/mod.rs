//! Feedback cards (意见卡). Until the cards are merged in, the tab says so
//! honestly through the "being built" panel.

use crate::ui::app::{Section, ViewCtx};

#[derive(Default)]
pub struct FeedbackView;

impl FeedbackView {
    pub fn show(&mut self, ui: &mut egui::Ui, _view: &mut ViewCtx<'_>) {
        crate::ui::coming::show(ui, Section::Complaints);
    }
}
