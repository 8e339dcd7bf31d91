//! Receivables (应收账款): the aging report with its quadrants, the charts,
//! collection (the ladder, the log and letters) and a customer's statement.
//! The report is computed once per as-of day and book change (`report`) and
//! shared by every tab.

pub mod aging;
mod charts;
pub mod collection_panel;
mod collection_tab;
pub mod report;
mod statement;
pub mod statement_export;

use crate::domain::customer::CustomerId;
use crate::i18n::t;

use super::app::ViewCtx;
use super::section::{Section, SectionView};
use report::ReportData;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Aging,
    Charts,
    Collection,
    Statement,
}

#[derive(Default)]
pub struct ReceivablesView {
    pub tab: Tab,
    pub data: ReportData,
    aging: aging::AgingTab,
    charts: charts::ChartsTab,
    collection: collection_tab::CollectionTab,
    statement: statement::StatementTab,
}

impl ReceivablesView {
    /// Opens the statement tab on a customer.
    pub fn open_statement(&mut self, customer: CustomerId, view: &mut ViewCtx<'_>) {
        self.tab = Tab::Statement;
        self.statement.open(customer, view);
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        self.data.refresh(view);
        ui.horizontal_wrapped(|ui| {
            ui.heading(t!("nav.receivables"));
            ui.add_space(16.0);
            for (tab, label) in [
                (Tab::Aging, t!("recv.tab_aging")),
                (Tab::Charts, t!("recv.tab_charts")),
                (Tab::Collection, t!("recv.tab_collection")),
                (Tab::Statement, t!("recv.tab_statement")),
            ] {
                ui.selectable_value(&mut self.tab, tab, label);
            }
            if self.data.is_updating() {
                ui.add_space(16.0);
                ui.spinner();
                ui.label(
                    egui::RichText::new(t!("app.updating"))
                        .small()
                        .color(crate::ui::theme::MUTED),
                );
            }
        });
        ui.separator();
        match self.tab {
            Tab::Aging => {
                if let Some(customer) = self.aging.show(ui, view, &mut self.data) {
                    self.open_statement(customer, view);
                }
            }
            Tab::Charts => self.charts.show(ui, view, &mut self.data),
            Tab::Collection => self.collection.show(ui, view, &mut self.data),
            Tab::Statement => self.statement.show(ui, view, &self.data),
        }
    }
}

impl SectionView for ReceivablesView {
    fn section(&self) -> Section {
        Section::Receivables
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        self.show(ui, cx);
    }
}
