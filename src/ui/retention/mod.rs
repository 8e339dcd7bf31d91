//! Retention (客户挽留): the customers drifting away, with what the shop
//! records when one leaves or when it tries to keep one, and the ABC
//! classes from trailing-12-month sales. Both lists are read again only
//! when the book changes.

mod abc;
mod drifting;

use chrono::NaiveDate;

use crate::domain::retention::Drifting;
use crate::i18n::{store_error, t};
use crate::store::retention::AbcRow;
use crate::ui::app::ViewCtx;
use crate::ui::read_at::ReadAt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Drifting,
    Abc,
}

#[derive(Default)]
pub struct RetentionView {
    pub tab: Tab,
    drifting_list: Vec<Drifting>,
    abc_rows: Vec<AbcRow>,
    read: ReadAt<NaiveDate>,
    drifting: drifting::DriftingTab,
    abc: abc::AbcTab,
}

impl RetentionView {
    pub fn invalidate(&mut self) {
        self.read.invalidate();
    }

    fn refresh(&mut self, view: &mut ViewCtx<'_>) {
        if !self.read.needs_read(view.store, view.today) {
            return;
        }
        match view
            .store
            .drifting(view.today)
            .and_then(|d| Ok((d, view.store.abc_report(view.today)?)))
        {
            Ok((drifting, abc)) => {
                self.drifting_list = drifting;
                self.abc_rows = abc;
                self.abc.data_changed(&self.abc_rows);
            }
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        self.refresh(view);
        ui.horizontal(|ui| {
            ui.heading(t!("nav.retention"));
            ui.add_space(16.0);
            ui.selectable_value(
                &mut self.tab,
                Tab::Drifting,
                t!("ret.tab_drifting", n = self.drifting_list.len()),
            );
            ui.selectable_value(&mut self.tab, Tab::Abc, t!("ret.tab_abc"));
        });
        ui.separator();
        match self.tab {
            Tab::Drifting => self.drifting.show(ui, view, &self.drifting_list),
            Tab::Abc => self.abc.show(ui, view, &self.abc_rows),
        }
    }
}
