//! Home (首页). With an empty book it welcomes the owner and offers the demo
//! shop; otherwise it shows the book at a glance: tiles from the customer
//! directory and the book cache's reports (receivables, open cases, today's
//! agenda), quality alerts, and the start of today's agenda.

use egui::RichText;

use super::aftersales::alerts;
use super::app::{Command, ViewCtx};
use super::calendar::agenda_panel::AgendaPanel;
use super::section::{Section, SectionView};
use super::shortcuts::{self, Action};
use super::theme;
use crate::domain::money::Money;
use crate::i18n::{join_list, t};

/// Agenda items Home lists before pointing to the Calendar for the rest.
const AGENDA_ON_HOME: usize = 12;

/// Home's own state: its agenda list and the alert notes being typed.
#[derive(Default)]
pub struct HomeView {
    agenda: AgendaPanel,
    notes: alerts::AckNotes,
    /// The class mix and the referral count, and the directory generation
    /// they were counted at (100,000 rows are not counted every frame).
    tally: Option<(u64, [usize; 3], u32)>,
}

impl SectionView for HomeView {
    fn section(&self) -> Section {
        Section::Home
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
        self.show(ui, cx);
    }
}

impl HomeView {
    /// Home scrolls as a whole, so on a small laptop the alerts, tiles and
    /// the agenda are all reachable and the agenda is never boxed in.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        egui::ScrollArea::vertical()
            .id_salt("home-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| self.page(ui, view));
    }

    fn page(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        ui.add_space(12.0);
        let customers = view.customers.rows();
        if customers.is_empty() {
            welcome(ui, view);
            return;
        }
        let shop = view.store.shop_name();
        ui.heading(if shop.is_empty() {
            t!("home.title").into_owned()
        } else {
            shop
        });
        ui.add_space(12.0);
        let service = view
            .cache
            .service(view.store, &view.clock)
            .get()
            .cloned()
            .unwrap_or_default();
        // An acknowledgement is written to the book, so the cache reads the
        // alerts again by itself.
        alerts::banners(ui, view, &service.alerts, &mut self.notes);
        let today = view.clock.today();
        let report = view
            .cache
            .receivables(view.store, &view.clock, today)
            .get()
            .filter(|r| r.as_of == today)
            .cloned();
        let (receivable, overdue, month_ago) = report.as_ref().map_or_else(
            || (Money(0), Money(0), Money(0)),
            |r| (r.report.total, r.report.overdue, r.month_ago),
        );
        let over_limit: &[(String, Money)] = report.as_ref().map_or(&[], |r| &r.over_limit);
        let generation = view.customers.generation();
        if self.tally.is_none_or(|(g, _, _)| g != generation) {
            self.tally = Some((
                generation,
                crate::domain::abc::mix(customers.iter().map(|c| c.class)),
                customers.iter().map(|c| c.referrals).sum(),
            ));
        }
        let (_, mix, referrals) = self.tally.unwrap_or_default();
        let birthdays: Vec<String> = view
            .cache
            .agenda(view.store, &view.clock)
            .get()
            .map(|data| data.birthdays_this_week.clone())
            .unwrap_or_default();
        let mut tiles: Vec<Tile> = Vec::new();
        {
            tiles.push(Tile::new(
                &t!("home.customers"),
                &customers.len().to_string(),
                &t!("home.customers_hint", a = mix[0]),
                Command::Navigate(Section::Customers),
            ));
            let change = receivable - month_ago;
            let change = if change.fen() >= 0 {
                format!("+{change}")
            } else {
                format!("−{}", Money(-change.fen()))
            };
            tiles.push(Tile::new(
                &t!("home.owed"),
                &receivable.to_string(),
                &t!(
                    "home.owed_hint",
                    overdue = overdue.to_string(),
                    change = change
                ),
                Command::Navigate(Section::Receivables),
            ));
            let names: Vec<String> = over_limit
                .iter()
                .take(2)
                .map(|(name, excess)| {
                    t!(
                        "home.over_limit_one",
                        name = name,
                        excess = excess.to_string()
                    )
                    .into_owned()
                })
                .collect();
            tiles.push(Tile::new(
                &t!("home.over_limit"),
                &over_limit.len().to_string(),
                &if names.is_empty() {
                    t!("home.over_limit_none").into_owned()
                } else {
                    t!("home.over_limit_hint", names = join_list(&names)).into_owned()
                },
                Command::Navigate(Section::Receivables),
            ));
            let service_hint = if service.follow_ups_due > 0 || service.awaiting_approval > 0 {
                t!(
                    "home.cases_hint",
                    due = service.follow_ups_due,
                    approval = service.awaiting_approval
                )
            } else if service.late > 0 {
                t!("home.cases_late", n = service.late)
            } else {
                t!("home.cases_calm")
            };
            tiles.push(Tile::new(
                &t!("home.cases"),
                &service.open.to_string(),
                &service_hint,
                Command::Navigate(Section::AfterSales),
            ));
            tiles.push(Tile::new(
                &t!("home.birthdays"),
                &birthdays.len().to_string(),
                &if birthdays.is_empty() {
                    t!("home.birthdays_none").into_owned()
                } else {
                    join_list(&birthdays[..birthdays.len().min(3)])
                },
                Command::Navigate(Section::Calendar),
            ));
            tiles.push(Tile::new(
                &t!("home.abc"),
                &format!("{} / {} / {}", mix[0], mix[1], mix[2]),
                &t!("home.abc_hint"),
                Command::Navigate(Section::Retention),
            ));
            tiles.push(Tile::new(
                &t!("home.referrals"),
                &referrals.to_string(),
                &t!("home.referrals_hint"),
                Command::Navigate(Section::Customers),
            ));
        }
        // Frames size themselves after their contents, so rows are laid out
        // here rather than left to wrapping: as many tiles a row as fit at
        // their narrowest, then widened to share the row, so a small laptop
        // shows them in two rows and leaves the agenda room.
        let room = ui.available_width() + 8.0;
        let per_row =
            ((room / (TILE_MIN_WIDTH + TILE_CHROME)).floor() as usize).clamp(1, tiles.len().max(1));
        let width = (room / per_row as f32 - TILE_CHROME).clamp(TILE_MIN_WIDTH, TILE_MAX_WIDTH);
        for row in tiles.chunks(per_row) {
            ui.horizontal(|ui| {
                for t in row {
                    tile(ui, t, width, view);
                }
            });
        }
        ui.add_space(12.0);
        ui.horizontal_wrapped(|ui| {
            let key = |action| {
                shortcuts::for_action(action)
                    .map(|s| s.label())
                    .unwrap_or_default()
            };
            if ui
                .button(t!("home.new_customer", key = key(Action::NewCustomer)))
                .clicked()
            {
                view.commands.push(Command::NewCustomer);
            }
            if ui
                .button(t!("home.find_customer", key = key(Action::FocusSearch)))
                .clicked()
            {
                view.commands.push(Command::FocusSearch);
            }
            if ui.button(t!("home.open_calendar")).clicked() {
                view.commands.push(Command::Navigate(Section::Calendar));
            }
        });
        ui.add_space(12.0);
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_max_width(900.0);
                self.agenda.list(ui, view, AGENDA_ON_HOME);
            });
    }
}

/// Title, figure, hint and the command a click gives.
struct Tile(String, String, String, Command);

impl Tile {
    fn new(title: &str, value: &str, hint: &str, command: Command) -> Tile {
        Tile(title.into(), value.into(), hint.into(), command)
    }
}

/// A tile's narrowest and widest content, and what its frame adds around it.
const TILE_MIN_WIDTH: f32 = 160.0;
const TILE_MAX_WIDTH: f32 = 230.0;
const TILE_CHROME: f32 = 30.0;

fn tile(ui: &mut egui::Ui, tile: &Tile, width: f32, view: &mut ViewCtx<'_>) {
    let Tile(title, value, hint, command) = tile;
    let response = egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(width);
            ui.vertical(|ui| {
                ui.label(RichText::new(title).color(theme::MUTED));
                ui.label(RichText::new(value).size(22.0).strong());
                ui.add(egui::Label::new(RichText::new(hint).small().color(theme::MUTED)).wrap());
            });
        })
        .response
        .interact(egui::Sense::click());
    if response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .clicked()
    {
        view.commands.push(command.clone());
    }
}

fn welcome(ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.heading(RichText::new(t!("home.welcome_title")).size(26.0));
        ui.add_space(8.0);
        ui.label(t!("home.welcome_body"));
        ui.add_space(20.0);
        if ui
            .add(
                egui::Button::new(RichText::new(t!("home.load_demo")).size(17.0))
                    .min_size(egui::vec2(260.0, 36.0)),
            )
            .clicked()
        {
            view.commands.push(Command::OpenDemo);
        }
        ui.label(
            RichText::new(t!("home.load_demo_hint"))
                .small()
                .color(theme::MUTED),
        );
        ui.add_space(12.0);
        if ui
            .add(egui::Button::new(t!("home.first_customer")).min_size(egui::vec2(260.0, 32.0)))
            .clicked()
        {
            view.commands.push(Command::NewCustomer);
        }
    });
}
