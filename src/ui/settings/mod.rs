//! Settings (设置): language, the renderer for the next start, the shop's name, where the data lives, and
//! one module per group below them: the calendar's settings (`calendar`),
//! the after-sales rules (`aftersales`), the collection ladder and letters
//! (`collection`), the receivables thresholds (`receivables`) and backups
//! and restore (`backups`).

pub mod aftersales;
pub mod backups;
pub mod calendar;
pub mod collection;
pub mod receivables;

use egui::RichText;

use aftersales::AfterSalesSettings;
use backups::BackupsGroup;
use calendar::CalendarSettings;

use crate::i18n::{Language, t};
use crate::store::Store;
use crate::store::settings::keys;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::renderer::{self, RendererChoice};
use crate::ui::theme;
use crate::ui::widgets::file_dialog;

pub struct SettingsView {
    shop_name: String,
    saved_shop_name: String,
    backups: BackupsGroup,
    calendar: CalendarSettings,
    aftersales: AfterSalesSettings,
}

impl SettingsView {
    pub fn new(store: &Store) -> crate::store::Result<SettingsView> {
        let name = store.setting(keys::SHOP_NAME)?.unwrap_or_default();
        Ok(SettingsView {
            shop_name: name.clone(),
            saved_shop_name: name,
            backups: BackupsGroup::new(store)?,
            calendar: CalendarSettings::new(store)?,
            aftersales: AfterSalesSettings::new(store)?,
        })
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        language: Language,
        is_demo: bool,
    ) {
        ui.add_space(12.0);
        ui.heading(t!("nav.settings"));
        ui.add_space(12.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.general(ui, view, language, is_demo);
                ui.add_space(16.0);
                self.backups.show(ui, view);
                ui.add_space(16.0);
                self.calendar.show(ui, view);
                ui.add_space(16.0);
                self.aftersales.show(ui, view);
                collection::show(ui, view);
                ui.add_space(16.0);
                receivables::ReceivablesSettings::show_in_memory(ui, view);
            });
    }

    /// Language, shop name, data file and the demo shop.
    fn general(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        language: Language,
        is_demo: bool,
    ) {
        egui::Grid::new("settings-grid")
            .num_columns(2)
            .spacing([16.0, 12.0])
            .show(ui, |ui| {
                ui.label(t!("settings.language"));
                ui.horizontal(|ui| {
                    for option in Language::ALL {
                        if ui.radio(language == option, option.native_name()).clicked()
                            && language != option
                        {
                            view.commands.push(Command::SetLanguage(option));
                        }
                    }
                });
                ui.end_row();

                ui.label(t!("settings.renderer"));
                renderer_row(ui, view);
                ui.end_row();

                ui.label(t!("settings.shop_name"));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.shop_name)
                            .desired_width(260.0)
                            .hint_text(t!("settings.shop_name_hint")),
                    );
                    let changed = self.shop_name.trim() != self.saved_shop_name;
                    if ui
                        .add_enabled(changed, egui::Button::new(t!("common.save")))
                        .clicked()
                    {
                        let name = self.shop_name.trim().to_string();
                        match view.store.set_setting(keys::SHOP_NAME, &name) {
                            Ok(()) => {
                                self.saved_shop_name = name;
                                view.status.info(t!("common.saved"));
                            }
                            Err(e) => view.status.error(crate::i18n::store_error(&e)),
                        }
                    }
                });
                ui.end_row();

                ui.label(t!("settings.database"));
                ui.vertical(|ui| {
                    let path = view
                        .store
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    ui.label(RichText::new(path).monospace());
                    ui.label(
                        RichText::new(t!("settings.database_hint"))
                            .small()
                            .color(theme::MUTED),
                    );
                    let clicked = ui.button(t!("settings.open_other")).clicked();
                    if let Some(path) =
                        file_dialog::pick_file(ui, "settings.open_other", clicked, || {
                            rfd::FileDialog::new()
                                .set_title(t!("settings.open_other"))
                                .add_filter(t!("settings.db_filter"), &["sqlite", "db"])
                        })
                    {
                        view.commands.push(Command::OpenDatabase(path));
                    }
                });
                ui.end_row();

                ui.label(t!("settings.demo"));
                ui.horizontal(|ui| {
                    if is_demo {
                        if ui.button(t!("demo.back")).clicked() {
                            view.commands.push(Command::OpenRealBook);
                        }
                        if ui.button(t!("settings.demo_regenerate")).clicked() {
                            view.commands.push(Command::OpenDemo);
                        }
                    } else if ui.button(t!("home.load_demo")).clicked() {
                        view.commands.push(Command::OpenDemo);
                    }
                });
                ui.end_row();
            });
    }
}

/// The renderer for the next start, and what draws the window now.
fn renderer_row(ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
    let setting = view.renderer;
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            for option in RendererChoice::ALL {
                let label = crate::i18n::label("settings.renderer_choice", option.code());
                if ui.radio(setting.chosen == option, label).clicked() && setting.chosen != option {
                    view.commands.push(Command::SetRenderer(option));
                }
            }
        });
        let mut hint = t!("settings.renderer_hint").into_owned();
        if let Some(running) = setting.running {
            hint = format!(
                "{}{hint}",
                t!("settings.renderer_running", name = renderer::name(running))
            );
        }
        ui.label(RichText::new(hint).small().color(theme::MUTED));
    });
}

impl crate::ui::section::SectionView for SettingsView {
    fn section(&self) -> crate::ui::section::Section {
        crate::ui::section::Section::Settings
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        let (language, is_demo) = (cx.language, cx.is_demo);
        self.show(ui, cx, language, is_demo);
    }
}
