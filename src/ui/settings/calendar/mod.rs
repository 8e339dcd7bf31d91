//! The Calendar group of Settings (日历): contact cadence by class and lead
//! days per occasion kind (`days`), greeting templates (`greeting`), and
//! the statutory holiday schedule with CSV import and export (`statutory`).
//! Every successful change asks the calendar to read the book again.

mod days;
mod greeting;
mod statutory;

pub use days::parse_days;
use days::{CadenceForm, LeadForm};
use greeting::GreetingEditor;
use statutory::StatutoryPanel;

use crate::i18n::t;
use crate::store::Store;
use crate::ui::app::ViewCtx;

/// Everything the Calendar group shows and edits.
pub struct CalendarSettings {
    cadence: CadenceForm,
    lead: LeadForm,
    greeting: GreetingEditor,
    statutory: StatutoryPanel,
}

impl CalendarSettings {
    pub fn new(store: &Store) -> crate::store::Result<CalendarSettings> {
        let (cadence, lead) = days::load(store)?;
        Ok(CalendarSettings {
            cadence,
            lead,
            greeting: GreetingEditor::new(store)?,
            statutory: StatutoryPanel::new(store)?,
        })
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(860.0));
                ui.heading(t!("settings.calendar.title"));
                ui.add_space(6.0);
                self.cadence.show(ui, view);
                section_gap(ui);
                self.lead.show(ui, view);
                section_gap(ui);
                self.greeting.show(ui, view);
                section_gap(ui);
                self.statutory.show(ui, view);
            });
    }
}

fn section_gap(ui: &mut egui::Ui) {
    ui.add_space(8.0);
    ui.separator();
    ui.add_space(4.0);
}
