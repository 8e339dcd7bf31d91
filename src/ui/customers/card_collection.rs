//! The card's 收款 tab: one customer's collection file — open sales and
//! what they cost if they turn bad, the ladder, the step form, the log, the
//! letters and the cause — drawn by the shared [`CollectionPanel`].

use chrono::NaiveDate;

use crate::domain::customer::CustomerId;
use crate::ui::app::ViewCtx;
use crate::ui::receivables::collection_panel::CollectionPanel;

/// The card's 收款 tab.
pub struct CardCollectionTab {
    panel: CollectionPanel,
}

impl CardCollectionTab {
    pub fn new(today: NaiveDate) -> CardCollectionTab {
        CardCollectionTab {
            panel: CollectionPanel::new(today),
        }
    }

    pub fn has_input(&self) -> bool {
        self.panel.has_input()
    }

    /// Forgets what was typed in the step form.
    pub fn clear(&mut self) {
        self.panel.clear_form();
    }

    /// Logs the step being typed (the card's Save); true when written.
    pub fn submit(&mut self, view: &mut ViewCtx<'_>, id: CustomerId) -> bool {
        self.panel.submit_form(view, id)
    }

    /// Draws the tab; true when the log changed.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, id: CustomerId) -> bool {
        self.panel.refresh(view, id);
        self.panel.show_open_sales(ui);
        ui.add_space(6.0);
        self.panel.show_position(ui, view.clock.today());
        ui.add_space(6.0);
        let mut changed = self.panel.show_form(ui, view);
        ui.add_space(6.0);
        self.panel.show_log(ui, view);
        ui.add_space(8.0);
        changed |= self.panel.show_letters(ui, view);
        ui.add_space(8.0);
        self.panel.show_cause(ui, view);
        changed
    }
}
