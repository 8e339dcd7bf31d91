//! Retention (客户挽留): the customers drifting away, with what the shop
//! records when one leaves or when it tries to keep one, and the ABC
//! classes from trailing-12-month sales. Both lists are read again only
//! when the book changes.

pub mod abc;
mod drifting;

use std::sync::Arc;

use crate::i18n::t;
use crate::ui::app::ViewCtx;
use crate::ui::cache::reports::RetentionLists;
use crate::ui::section::{Section, SectionView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Drifting,
    Abc,
}

#[derive(Default)]
pub struct RetentionView {
    pub tab: Tab,
    /// The lists shown, from the book cache.
    lists: Option<Arc<RetentionLists>>,
    drifting: drifting::DriftingTab,
    abc: abc::AbcTab,
}

impl RetentionView {
    /// Takes the latest lists from the book cache.
    fn refresh(&mut self, view: &mut ViewCtx<'_>) -> bool {
        let slot = view.cache.retention(view.store, &view.clock);
        let updating = slot.is_updating();
        let Some(lists) = slot.get() else {
            return updating;
        };
        let is_new = self
            .lists
            .as_ref()
            .is_none_or(|shown| !Arc::ptr_eq(shown, lists));
        if is_new && let Some(old) = self.lists.replace(Arc::clone(lists)) {
            crate::ui::cache::drop_later(old);
        }
        updating
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let updating = self.refresh(view);
        let lists = self.lists.clone();
        let empty = abc::AbcSummary::default();
        let (drifting, abc, summary) = lists.as_deref().map_or((&[][..], &[][..], &empty), |l| {
            (&l.drifting[..], &l.abc[..], &l.abc_summary)
        });
        ui.horizontal_wrapped(|ui| {
            ui.heading(t!("nav.retention"));
            ui.add_space(16.0);
            ui.selectable_value(
                &mut self.tab,
                Tab::Drifting,
                t!("ret.tab_drifting", n = drifting.len()),
            );
            ui.selectable_value(&mut self.tab, Tab::Abc, t!("ret.tab_abc"));
            if updating {
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
            Tab::Drifting => self.drifting.show(ui, view, drifting),
            Tab::Abc => self.abc.show(ui, view, abc, summary),
        }
    }
}

impl SectionView for RetentionView {
    fn section(&self) -> Section {
        Section::Retention
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        self.show(ui, cx);
    }
}
