//! The application shell: which database is open, the left navigation, the
//! keyboard shortcuts, the unsaved-changes guard, and the command queue.
//!
//! Views never act on each other directly: they push a [`Command`] while
//! drawing, and [`GenjinApp`] applies the queue after the frame.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use super::aftersales::AfterSalesView;
use super::calendar::CalendarView;
use super::customers::CustomersView;
use super::feedback::FeedbackView;
use super::receivables::ReceivablesView;
use super::retention::RetentionView;
use super::transfer::TransferView;
use super::{Launch, fonts, home, settings, theme};
use crate::domain::complaint::ComplaintId;
use crate::domain::customer::CustomerId;
use crate::i18n::{Language, t};
use crate::store::Store;
use crate::{demo, paths};

/// The sections of the left navigation, in Ctrl+1 … Ctrl+7 order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Customers,
    Calendar,
    Complaints,
    Receivables,
    Retention,
    Import,
    Settings,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Home,
        Section::Customers,
        Section::Calendar,
        Section::Complaints,
        Section::Receivables,
        Section::Retention,
        Section::Import,
        Section::Settings,
    ];

    pub fn title(self) -> String {
        match self {
            Section::Home => t!("nav.home"),
            Section::Customers => t!("nav.customers"),
            Section::Calendar => t!("nav.calendar"),
            Section::Complaints => t!("nav.complaints"),
            Section::Receivables => t!("nav.receivables"),
            Section::Retention => t!("nav.retention"),
            Section::Import => t!("nav.import"),
            Section::Settings => t!("nav.settings"),
        }
        .into_owned()
    }

    fn shortcut_key(self) -> Key {
        [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
        ][Section::ALL.iter().position(|s| *s == self).unwrap_or(0)]
    }
}

/// Something a view asks the app to do after the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Navigate(Section),
    OpenCustomer(CustomerId),
    NewCustomer,
    FocusSearch,
    /// Regenerate and switch to the demo shop.
    OpenDemo,
    /// Leave the demo and go back to the real book.
    OpenRealBook,
    SetLanguage(Language),
    /// Open another database file (chosen in Settings).
    OpenDatabase(PathBuf),
    /// The book changed outside the customer list (e.g. settings): reload.
    Reload,
    /// Start importing this file (the file dialog's choice).
    ImportFile(PathBuf),
    /// Start a complaint for a customer, about one of their sales or not.
    NewComplaint {
        customer: CustomerId,
        sale: Option<i64>,
    },
    /// Open a complaint case in the wizard.
    OpenComplaint(ComplaintId),
    /// Show a customer's statement of account in Receivables.
    OpenStatement(CustomerId),
}

/// What views get while drawing.
pub struct ViewCtx<'a> {
    pub store: &'a mut Store,
    pub today: NaiveDate,
    pub commands: &'a mut Vec<Command>,
    pub status: &'a mut Status,
}

/// A short message in the status bar.
#[derive(Default)]
pub struct Status {
    message: Option<(String, bool, Instant)>,
}

impl Status {
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false, Instant::now()));
    }
    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), true, Instant::now()));
    }
    /// The current message, if it is recent (errors stay until replaced).
    pub fn current(&self) -> Option<(&str, bool)> {
        self.message
            .as_ref()
            .filter(|(_, err, at)| *err || at.elapsed() < Duration::from_secs(8))
            .map(|(m, e, _)| (m.as_str(), *e))
    }
}

/// The open book and everything shown about it.
struct Book {
    store: Store,
    customers: CustomersView,
    settings: settings::SettingsView,
    transfer: TransferView,
    calendar: CalendarView,
    aftersales: AfterSalesView,
    receivables: ReceivablesView,
    retention: RetentionView,
    home: home::HomeFigures,
    /// The change stamp the classes were last checked at, and when.
    classes_checked: (Option<crate::store::ChangeStamp>, Instant),
    is_demo: bool,
}

/// UI preferences kept in eframe's storage, not in the shop's database.
#[derive(serde::Serialize, serde::Deserialize)]
struct Prefs {
    language: Language,
}

/// How often at most the ABC classes are checked against the sales.
const CLASS_CHECK: Duration = Duration::from_secs(1);

const PREFS_KEY: &str = "genjin-prefs";

/// The whole application.
pub struct GenjinApp {
    book: Option<Book>,
    /// Why the book could not be opened, shown instead of the sections.
    open_error: Option<String>,
    db_path: PathBuf,
    real_db: PathBuf,
    section: Section,
    language: Language,
    today: NaiveDate,
    commands: Vec<Command>,
    status: Status,
    /// A command held back until the user decides about unsaved card edits.
    held: Option<Command>,
    close_after_decision: bool,
}

impl GenjinApp {
    /// Starts from eframe: fonts, theme, stored preferences, then the book.
    pub fn launch(cc: &eframe::CreationContext<'_>, launch: &Launch) -> GenjinApp {
        let language = cc
            .storage
            .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
            .map(|p| p.language)
            .unwrap_or_else(Language::from_system);
        GenjinApp::prepare_context(&cc.egui_ctx);
        GenjinApp::new(launch, language)
    }

    /// Installs the fonts and theme into a context before its first frame.
    pub fn prepare_context(ctx: &egui::Context) {
        fonts::install(ctx);
        theme::apply(ctx);
    }

    /// Starts with the given language and database (tests call this directly
    /// after [`GenjinApp::prepare_context`]).
    pub fn new(launch: &Launch, language: Language) -> GenjinApp {
        language.apply();
        let real_db = launch.db.clone().unwrap_or_else(paths::default_db);
        let mut app = GenjinApp {
            book: None,
            open_error: None,
            db_path: real_db.clone(),
            real_db,
            section: Section::Home,
            language,
            today: chrono::Local::now().date_naive(),
            commands: Vec::new(),
            status: Status::default(),
            held: None,
            close_after_decision: false,
        };
        if launch.demo {
            app.open_demo();
        } else {
            let path = app.real_db.clone();
            app.open(&path, false);
        }
        if let Some(file) = &launch.import {
            app.send(Command::ImportFile(file.clone()));
        }
        app
    }

    /// The open store, if any (tests and benchmarks look inside).
    pub fn store(&self) -> Option<&Store> {
        self.book.as_ref().map(|b| &b.store)
    }

    /// The Import & export section's state (tests look inside).
    pub fn transfer(&self) -> Option<&TransferView> {
        self.book.as_ref().map(|b| &b.transfer)
    }

    /// The Calendar section's state (tests look inside).
    pub fn calendar(&self) -> Option<&CalendarView> {
        self.book.as_ref().map(|b| &b.calendar)
    }

    /// The After-sales section's state (tests look inside and fill forms).
    /// The Receivables section (tests and benchmarks pick its tab).
    pub fn receivables(&mut self) -> Option<&mut ReceivablesView> {
        self.book.as_mut().map(|b| &mut b.receivables)
    }

    pub fn aftersales(&mut self) -> Option<&mut AfterSalesView> {
        self.book.as_mut().map(|b| &mut b.aftersales)
    }

    /// Runs `f` with the After-sales view and a view context, as a frame
    /// would (tests drive forms this way).
    pub fn with_aftersales<R>(
        &mut self,
        f: impl FnOnce(&mut AfterSalesView, &mut ViewCtx<'_>) -> R,
    ) -> Option<R> {
        let book = self.book.as_mut()?;
        let mut view = ViewCtx {
            store: &mut book.store,
            today: self.today,
            commands: &mut self.commands,
            status: &mut self.status,
        };
        Some(f(&mut book.aftersales, &mut view))
    }

    /// The feedback tab's state (tests look inside).
    pub fn feedback(&self) -> Option<&FeedbackView> {
        self.book.as_ref().map(|b| &b.aftersales.feedback)
    }

    /// The Customers section's state (tests and benchmarks look inside).
    pub fn customers(&self) -> Option<&CustomersView> {
        self.book.as_ref().map(|b| &b.customers)
    }

    pub fn section(&self) -> Section {
        self.section
    }

    pub fn is_demo(&self) -> bool {
        self.book.as_ref().is_some_and(|b| b.is_demo)
    }

    pub fn open_error(&self) -> Option<&str> {
        self.open_error.as_deref()
    }

    /// Fixes "today" (tests and screenshots use a known date).
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    /// Queues a command as if a view had sent it.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn open(&mut self, path: &Path, is_demo: bool) {
        // Close the current book first so its lock is released before reopening.
        self.book = None;
        match Store::open(path).and_then(|store| {
            let customers = CustomersView::new(&store)?;
            let settings = settings::SettingsView::new(&store)?;
            Ok(Book {
                store,
                customers,
                settings,
                transfer: TransferView::new(),
                calendar: CalendarView::new(),
                aftersales: AfterSalesView::default(),
                receivables: ReceivablesView::default(),
                retention: RetentionView::default(),
                home: home::HomeFigures::default(),
                classes_checked: (
                    None,
                    Instant::now()
                        .checked_sub(CLASS_CHECK)
                        .unwrap_or_else(Instant::now),
                ),
                is_demo,
            })
        }) {
            Ok(book) => {
                if book.customers.has_recovered_draft() {
                    self.section = Section::Customers;
                }
                self.book = Some(book);
                self.open_error = None;
                self.db_path = path.to_path_buf();
            }
            Err(e) => {
                self.open_error = Some(crate::i18n::store_error(&e));
                self.db_path = path.to_path_buf();
            }
        }
    }

    fn open_demo(&mut self) {
        let path = paths::demo_db();
        self.book = None;
        let result = demo::recreate(
            &path,
            &demo::DemoOptions {
                customers: 300,
                seed: 1,
                today: self.today,
            },
        );
        match result {
            Ok(()) => self.open(&path, true),
            Err(e) => {
                self.open_error = Some(crate::i18n::store_error(&e));
                self.db_path = path;
            }
        }
        self.section = Section::Home;
    }

    fn card_is_dirty(&self) -> bool {
        self.book.as_ref().is_some_and(|b| b.customers.is_dirty())
    }

    /// Whether a command would take the user away from an open card.
    fn leaves_card(command: &Command) -> bool {
        matches!(
            command,
            Command::Navigate(_)
                | Command::OpenCustomer(_)
                | Command::NewCustomer
                | Command::OpenDemo
                | Command::OpenRealBook
                | Command::OpenDatabase(_)
                | Command::NewComplaint { .. }
                | Command::OpenComplaint(_)
        )
    }

    fn apply_commands(&mut self) {
        let queued = std::mem::take(&mut self.commands);
        for command in queued {
            if self.held.is_some() {
                break;
            }
            if Self::leaves_card(&command) && self.card_is_dirty() {
                // Navigating to the customers section keeps the card open: no question needed.
                if command != Command::Navigate(Section::Customers) {
                    self.held = Some(command);
                    continue;
                }
            }
            self.apply(command);
        }
    }

    fn apply(&mut self, command: Command) {
        // Whatever the command, a complaint being typed is written first.
        self.with_aftersales(|a, view| a.flush(view));
        match command {
            Command::Navigate(s) => self.section = s,
            Command::OpenCustomer(id) => {
                self.section = Section::Customers;
                if let Some(book) = &mut self.book {
                    book.customers
                        .open_customer(&book.store, id, &mut self.status);
                }
            }
            Command::NewCustomer => {
                self.section = Section::Customers;
                if let Some(book) = &mut self.book {
                    book.customers.new_customer(self.today);
                }
            }
            Command::FocusSearch => {
                self.section = Section::Customers;
                if let Some(book) = &mut self.book {
                    book.customers.focus_search();
                }
            }
            Command::OpenDemo => self.open_demo(),
            Command::OpenRealBook => {
                let path = self.real_db.clone();
                self.open(&path, false);
                self.section = Section::Home;
            }
            Command::OpenDatabase(path) => {
                self.real_db = path.clone();
                self.open(&path, false);
                self.section = Section::Home;
            }
            Command::SetLanguage(language) => {
                self.language = language;
                language.apply();
            }
            Command::Reload => {
                if let Some(book) = &mut self.book {
                    book.transfer.invalidate();
                    book.calendar.invalidate();
                    book.aftersales.invalidate();
                    book.receivables.invalidate();
                    book.retention.invalidate();
                    book.home.invalidate();
                    if let Err(e) = book.customers.reload(&book.store) {
                        self.status.error(crate::i18n::store_error(&e));
                    }
                }
            }
            Command::NewComplaint { customer, sale } => {
                self.section = Section::Complaints;
                self.with_aftersales(|a, view| a.new_complaint(view, customer, sale));
            }
            Command::OpenStatement(customer) => {
                self.section = Section::Receivables;
                if let Some(book) = &mut self.book {
                    let mut view = ViewCtx {
                        store: &mut book.store,
                        today: self.today,
                        commands: &mut self.commands,
                        status: &mut self.status,
                    };
                    book.receivables.open_statement(customer, &mut view);
                }
            }
            Command::OpenComplaint(id) => {
                self.section = Section::Complaints;
                self.with_aftersales(|a, view| a.open_complaint(view, id));
            }
            Command::ImportFile(path) => {
                self.section = Section::Import;
                if let Some(book) = &mut self.book {
                    let mut view = ViewCtx {
                        store: &mut book.store,
                        today: self.today,
                        commands: &mut self.commands,
                        status: &mut self.status,
                    };
                    book.transfer.open_file(&path, &mut view);
                }
            }
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        for section in Section::ALL {
            let shortcut = KeyboardShortcut::new(Modifiers::COMMAND, section.shortcut_key());
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(Command::Navigate(section));
            }
        }
        if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)))
        {
            self.commands.push(Command::FocusSearch);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N)))
        {
            self.commands.push(Command::NewCustomer);
        }
    }

    /// Draws one frame into `ui` (the whole window).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.handle_shortcuts(&ctx);
        self.guard_close(&ctx);

        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(150.0)
            .show(ui, |ui| self.nav(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.is_demo() {
            egui::Panel::top("demo-banner").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(theme::WARNING, t!("demo.banner"));
                    if ui.button(t!("demo.back")).clicked() {
                        self.commands.push(Command::OpenRealBook);
                    }
                });
            });
        }
        self.keep_classes_current();
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.unsaved_dialog(&ctx);
        if !self.commands.is_empty() {
            self.apply_commands();
            // Show the outcome at once rather than on the next input event.
            ctx.request_repaint();
        }
    }

    /// ABC classes follow the sales: when the book changed (checked at most
    /// once a second) and its sales did, the classes are computed again and
    /// the lists reloaded.
    fn keep_classes_current(&mut self) {
        let Some(book) = &mut self.book else { return };
        let stamp = book.store.change_stamp();
        if book.classes_checked.0 == Some(stamp) || book.classes_checked.1.elapsed() < CLASS_CHECK {
            return;
        }
        book.classes_checked = (Some(stamp), Instant::now());
        match book.store.refresh_abc_if_stale(self.today) {
            Ok(Some(update)) if update.changed > 0 => self.commands.push(Command::Reload),
            Ok(_) => {}
            Err(e) => self.status.error(crate::i18n::store_error(&e)),
        }
    }

    fn nav(&mut self, ui: &mut egui::Ui) {
        ui.add_space(8.0);
        ui.heading(RichText::new(t!("app.name")).color(theme::ACCENT).strong());
        ui.add_space(8.0);
        for (i, section) in Section::ALL.into_iter().enumerate() {
            let selected = self.section == section;
            let label = RichText::new(section.title()).size(16.0);
            let response = ui
                .add_sized([134.0, 32.0], egui::Button::selectable(selected, label))
                .on_hover_text(format!("Ctrl+{}", i + 1));
            if response.clicked() {
                self.commands.push(Command::Navigate(section));
            }
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(self.db_path.display().to_string())
                    .small()
                    .color(theme::MUTED),
            );
            if let Some((message, is_error)) = self.status.current() {
                ui.separator();
                ui.colored_label(
                    if is_error {
                        theme::ERROR
                    } else {
                        theme::SUCCESS
                    },
                    message,
                );
            }
        });
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let Some(book) = &mut self.book else {
            open_error_panel(
                ui,
                self.open_error.as_deref().unwrap_or_default(),
                &mut self.commands,
            );
            return;
        };
        let mut view = ViewCtx {
            store: &mut book.store,
            today: self.today,
            commands: &mut self.commands,
            status: &mut self.status,
        };
        match self.section {
            Section::Home => home::show(
                ui,
                &mut view,
                book.customers.summaries(),
                &mut book.calendar,
                &mut book.aftersales,
                &mut book.home,
                self.language,
            ),
            Section::Customers => book.customers.show(ui, &mut view),
            Section::Settings => book
                .settings
                .show(ui, &mut view, self.language, book.is_demo),
            Section::Calendar => book.calendar.show(ui, &mut view, self.language),
            Section::Complaints => book
                .aftersales
                .show(ui, &mut view, book.customers.summaries()),
            Section::Receivables => book.receivables.show(ui, &mut view),
            Section::Retention => book.retention.show(ui, &mut view),
            Section::Import => book.transfer.show(ui, &mut view),
        }
    }

    /// Closing the window with unsaved card edits asks first.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            // A complaint being typed is written now, whatever else happens.
            self.with_aftersales(|a, view| a.flush(view));
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.card_is_dirty()
            && !self.close_after_decision
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.held = None;
            self.close_after_decision = true;
        }
    }

    fn unsaved_dialog(&mut self, ctx: &egui::Context) {
        if self.held.is_none() && !(self.close_after_decision && self.card_is_dirty()) {
            return;
        }
        let mut decision = None;
        egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading(t!("unsaved.title"));
            ui.label(t!("unsaved.body"));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(t!("unsaved.save")).clicked() {
                    decision = Some(UnsavedDecision::Save);
                }
                if ui.button(t!("unsaved.discard")).clicked() {
                    decision = Some(UnsavedDecision::Discard);
                }
                if ui.button(t!("unsaved.stay")).clicked() {
                    decision = Some(UnsavedDecision::Stay);
                }
            });
        });
        let Some(decision) = decision else { return };
        let proceed = match decision {
            UnsavedDecision::Save => match &mut self.book {
                Some(book) => {
                    let mut view = ViewCtx {
                        store: &mut book.store,
                        today: self.today,
                        commands: &mut self.commands,
                        status: &mut self.status,
                    };
                    book.customers.save_card(&mut view)
                }
                None => true,
            },
            UnsavedDecision::Discard => {
                if let Some(book) = &mut self.book {
                    book.customers.discard_card(&mut book.store);
                }
                true
            }
            UnsavedDecision::Stay => false,
        };
        let held = self.held.take();
        if proceed {
            if self.close_after_decision {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else if let Some(command) = held {
                self.apply(command);
            }
        } else {
            self.section = Section::Customers;
        }
        self.close_after_decision = false;
    }
}

enum UnsavedDecision {
    Save,
    Discard,
    Stay,
}

fn open_error_panel(ui: &mut egui::Ui, message: &str, commands: &mut Vec<Command>) {
    ui.add_space(40.0);
    ui.vertical_centered(|ui| {
        ui.heading(RichText::new(t!("open_error.title")).color(theme::ERROR));
        ui.add_space(8.0);
        ui.label(message);
        ui.add_space(16.0);
        ui.label(t!("open_error.hint"));
        ui.add_space(8.0);
        if ui.button(t!("open_error.demo")).clicked() {
            commands.push(Command::OpenDemo);
        }
    });
}

impl eframe::App for GenjinApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(
            storage,
            PREFS_KEY,
            &Prefs {
                language: self.language,
            },
        );
    }
}
