//! The application shell: which database is open, the left navigation, the
//! keyboard shortcuts, the unsaved-changes guard, and the command queue.
//!
//! Views never act on each other directly: they push a [`Command`] while
//! drawing, and [`GenjinApp`] applies the queue after the frame.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::RichText;

use super::aftersales::AfterSalesView;
use super::backup_schedule::BackupSchedule;
use super::cache::BookCache;
use super::calendar::CalendarView;
use super::clock::Clock;
use super::crash_notice::CrashNotice;
use super::customers::CustomersView;
use super::customers::directory::CustomerDirectory;
use super::feedback::FeedbackView;
use super::home::HomeView;
use super::open_failure::{self, OpenFailure};
use super::prefs::Prefs;
use super::receivables::ReceivablesView;
use super::renderer::RendererSetting;
use super::retention::RetentionView;
use super::section::{Section, SectionView};
use super::settings::SettingsView;
use super::transfer::TransferView;
use super::widgets::date_picker;
use super::widgets::file_dialog;
use super::{Launch, fonts, shortcuts, theme};

pub use super::command::Command;
pub use super::context::{INFO_SECONDS, Status, ViewCtx};
use crate::domain::customer::CustomerId;
use crate::i18n::{Language, store_error, t};
use crate::instance::{Inbox, Request};
use crate::store::Store;
use crate::{demo, paths};

/// Every section's view of one book.
struct Views {
    home: HomeView,
    customers: CustomersView,
    calendar: CalendarView,
    aftersales: AfterSalesView,
    receivables: ReceivablesView,
    retention: RetentionView,
    transfer: TransferView,
    settings: SettingsView,
}

impl Views {
    fn get(&mut self, section: Section) -> &mut dyn SectionView {
        match section {
            Section::Home => &mut self.home,
            Section::Customers => &mut self.customers,
            Section::Calendar => &mut self.calendar,
            Section::AfterSales => &mut self.aftersales,
            Section::Receivables => &mut self.receivables,
            Section::Retention => &mut self.retention,
            Section::Transfer => &mut self.transfer,
            Section::Settings => &mut self.settings,
        }
    }

    fn all(&mut self) -> [&mut dyn SectionView; 8] {
        [
            &mut self.home,
            &mut self.customers,
            &mut self.calendar,
            &mut self.aftersales,
            &mut self.receivables,
            &mut self.retention,
            &mut self.transfer,
            &mut self.settings,
        ]
    }
}

/// The open book and everything shown about it.
struct Book {
    store: Store,
    cache: BookCache,
    directory: CustomerDirectory,
    views: Views,
    is_demo: bool,
    /// The book's change stamp at the start of the last frame.
    seen: Option<crate::store::ChangeStamp>,
    /// When the shop's own statutory days were last handed to the date pickers.
    statutory_read: crate::ui::read_at::ReadAt<()>,
    /// Automatic backups (none for the demo shop or a book in memory).
    backups: Option<BackupSchedule>,
}

/// What the shell keeps whichever book is open.
struct Shell {
    clock: Clock,
    commands: Vec<Command>,
    status: Status,
    language: Language,
    /// The renderer chosen for the next start and the one drawing now.
    renderer: RendererSetting,
}

impl Book {
    fn open(path: &Path, is_demo: bool) -> crate::store::Result<Book> {
        let store = Store::open(path)?;
        let views = Views {
            home: HomeView::default(),
            customers: CustomersView::new(&store)?,
            calendar: CalendarView::new(),
            aftersales: AfterSalesView::default(),
            receivables: ReceivablesView::default(),
            retention: RetentionView::default(),
            transfer: TransferView::new(),
            settings: SettingsView::new(&store)?,
        };
        let backups = if is_demo {
            None
        } else {
            BackupSchedule::new(&store)
        };
        Ok(Book {
            directory: CustomerDirectory::load(&store)?,
            backups,
            store,
            cache: BookCache::default(),
            views,
            is_demo,
            seen: None,
            statutory_read: Default::default(),
        })
    }

    /// The views and the context they draw with — the one place a
    /// [`ViewCtx`] is made.
    fn parts<'a>(&'a mut self, shell: &'a mut Shell) -> (&'a mut Views, ViewCtx<'a>) {
        let Book {
            store,
            cache,
            directory,
            views,
            is_demo,
            seen: _,
            statutory_read: _,
            backups: _,
        } = self;
        (
            views,
            ViewCtx {
                store,
                clock: shell.clock,
                cache,
                customers: directory,
                commands: &mut shell.commands,
                status: &mut shell.status,
                language: shell.language,
                renderer: shell.renderer,
                is_demo: *is_demo,
            },
        )
    }
}

/// Up to this many customers changing class have their list rows read one
/// by one; more, and the whole list is read again.
const ROWS_READ_ONE_BY_ONE: usize = 200;

/// The whole application.
pub struct GenjinApp {
    book: Option<Book>,
    /// Why the book could not be opened, shown instead of the sections.
    open_error: Option<OpenFailure>,
    db_path: PathBuf,
    real_db: PathBuf,
    section: Section,
    shell: Shell,
    /// A command held back until the user decides about unsaved card edits.
    held: Option<Command>,
    close_after_decision: bool,
    /// Whether each frame first waits for the background reports (tests).
    wait_for_reports: bool,
    /// Shrinks a window larger than its monitor on the first frames.
    window_fit: super::window_size::FirstFrameFit,
    /// The last run's crash report, until the user dismisses the notice.
    crash_notice: Option<CrashNotice>,
    /// Requests of later launches (`instance`), read each frame.
    inbox: Option<Inbox>,
}

impl GenjinApp {
    /// Starts from eframe: fonts, theme, stored preferences, then the book.
    pub fn launch(
        cc: &eframe::CreationContext<'_>,
        launch: &Launch,
        inbox: Option<Inbox>,
    ) -> GenjinApp {
        let prefs = cc.storage.and_then(Prefs::load);
        let language = prefs
            .map(|p| p.language)
            .unwrap_or_else(Language::from_system);
        GenjinApp::prepare_context(&cc.egui_ctx);
        fonts::add_system_fallbacks(&cc.egui_ctx);
        let mut app = GenjinApp::new(launch, language);
        app.shell.renderer = RendererSetting {
            chosen: prefs.map(|p| p.renderer).unwrap_or_default(),
            running: if cc.wgpu_render_state.is_some() {
                Some(eframe::Renderer::Wgpu)
            } else if cc.gl.is_some() {
                Some(eframe::Renderer::Glow)
            } else {
                None
            },
        };
        app.look_for_crash_report(&paths::data_dir());
        if let Some(inbox) = inbox {
            let ctx = cc.egui_ctx.clone();
            inbox.set_wake(move || ctx.request_repaint());
            app.listen_to(inbox);
        }
        app
    }

    /// Takes later launches' requests from `inbox` each frame (tests pass
    /// one end of `instance::pair` and post into the other).
    pub fn listen_to(&mut self, inbox: Inbox) {
        self.inbox = Some(inbox);
    }

    /// Shows the newest crash report in `data_dir` not yet dismissed.
    pub fn look_for_crash_report(&mut self, data_dir: &Path) {
        self.crash_notice = CrashNotice::find(data_dir);
    }

    /// The crash report the notice is showing, if any.
    pub fn crash_notice(&self) -> Option<&Path> {
        self.crash_notice.as_ref().map(CrashNotice::report)
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
            shell: Shell {
                clock: Clock::system(),
                commands: Vec::new(),
                status: Status::default(),
                language,
                renderer: RendererSetting::default(),
            },
            held: None,
            close_after_decision: false,
            wait_for_reports: false,
            window_fit: Default::default(),
            crash_notice: None,
            inbox: None,
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
        self.book.as_ref().map(|b| &b.views.transfer)
    }

    /// The Calendar section's state (tests look inside).
    pub fn calendar(&self) -> Option<&CalendarView> {
        self.book.as_ref().map(|b| &b.views.calendar)
    }

    /// The Receivables section (tests and benchmarks pick its tab).
    pub fn receivables(&mut self) -> Option<&mut ReceivablesView> {
        self.book.as_mut().map(|b| &mut b.views.receivables)
    }

    /// The After-sales section's state (tests look inside and fill forms).
    pub fn aftersales(&mut self) -> Option<&mut AfterSalesView> {
        self.book.as_mut().map(|b| &mut b.views.aftersales)
    }

    /// Runs `f` with the After-sales view and a view context, as a frame
    /// would (tests drive forms this way).
    pub fn with_aftersales<R>(
        &mut self,
        f: impl FnOnce(&mut AfterSalesView, &mut ViewCtx<'_>) -> R,
    ) -> Option<R> {
        let book = self.book.as_mut()?;
        let (views, mut cx) = book.parts(&mut self.shell);
        Some(f(&mut views.aftersales, &mut cx))
    }

    /// Runs `f` with a view context, as a frame would (tests and
    /// benchmarks write through it as a view does).
    pub fn with_view<R>(&mut self, f: impl FnOnce(&mut ViewCtx<'_>) -> R) -> Option<R> {
        let book = self.book.as_mut()?;
        let (_, mut cx) = book.parts(&mut self.shell);
        Some(f(&mut cx))
    }

    /// The feedback tab's state (tests look inside).
    pub fn feedback(&self) -> Option<&FeedbackView> {
        self.book.as_ref().map(|b| &b.views.aftersales.feedback)
    }

    /// The Customers section's state (tests and benchmarks look inside).
    pub fn customers(&self) -> Option<&CustomersView> {
        self.book.as_ref().map(|b| &b.views.customers)
    }

    /// Every customer's list row (tests and benchmarks look inside).
    pub fn directory(&self) -> Option<&CustomerDirectory> {
        self.book.as_ref().map(|b| &b.directory)
    }

    /// The ids of the customer list in display order.
    pub fn visible_customer_ids(&self) -> Vec<CustomerId> {
        self.book
            .as_ref()
            .map(|b| b.views.customers.list().visible_ids(&b.directory))
            .unwrap_or_default()
    }

    /// Today's agenda as the book cache last worked it out (tests look
    /// inside).
    pub fn agenda_items(&self) -> &[crate::domain::calendar::agenda::AgendaItem] {
        self.book
            .as_ref()
            .and_then(|b| b.cache.agenda_data())
            .map(|data| data.items.as_slice())
            .unwrap_or_default()
    }

    /// The book's report cache (tests and benchmarks look inside).
    pub fn cache(&mut self) -> Option<&mut BookCache> {
        self.book.as_mut().map(|b| &mut b.cache)
    }

    /// The renderer chosen for the next start and the one drawing now.
    pub fn renderer_setting(&self) -> RendererSetting {
        self.shell.renderer
    }

    pub fn section(&self) -> Section {
        self.section
    }

    pub fn is_demo(&self) -> bool {
        self.book.as_ref().is_some_and(|b| b.is_demo)
    }

    pub fn open_error(&self) -> Option<&str> {
        self.open_error.as_ref().map(|f| f.message.as_str())
    }

    /// Why the book could not be opened, with what kind of trouble it is.
    pub fn open_failure(&self) -> Option<&OpenFailure> {
        self.open_error.as_ref()
    }

    /// Whether the open book is damaged and read-only.
    pub fn book_is_damaged(&self) -> bool {
        self.book.as_ref().is_some_and(|b| b.store.is_damaged())
    }

    /// Fixes "today" (tests and screenshots use a known date): the clock
    /// stops at nine in the morning of that day.
    pub fn set_today(&mut self, today: chrono::NaiveDate) {
        self.shell.clock = Clock::fixed_day(today);
    }

    /// Sets the clock (tests).
    pub fn set_clock(&mut self, clock: Clock) {
        self.shell.clock = clock;
    }

    pub fn clock(&self) -> Clock {
        self.shell.clock
    }

    /// Makes every frame wait for the reports still being computed before
    /// it draws, so a test sees each result on the frame after the change
    /// that caused it. The window itself never waits.
    pub fn wait_for_reports(&mut self, wait: bool) {
        self.wait_for_reports = wait;
    }

    /// Queues a command as if a view had sent it.
    pub fn send(&mut self, command: Command) {
        self.shell.commands.push(command);
    }

    fn open(&mut self, path: &Path, is_demo: bool) {
        // Close the current book first so its lock is released before reopening.
        self.book = None;
        self.db_path = path.to_path_buf();
        match Book::open(path, is_demo) {
            Ok(book) => {
                log::info!("opened the book {}", path.display());
                if book.views.customers.has_recovered_draft() {
                    self.section = Section::Customers;
                }
                self.book = Some(book);
                self.open_error = None;
            }
            Err(e) => {
                log::error!("cannot open {}: {e}", path.display());
                self.open_error = Some(OpenFailure::new(path, &e));
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
                today: self.shell.clock.today(),
            },
        );
        match result {
            Ok(()) => self.open(&path, true),
            Err(e) => {
                log::error!("cannot make the demo shop: {e}");
                self.open_error = Some(OpenFailure::new(&path, &e));
                self.db_path = path;
            }
        }
        self.section = Section::Home;
    }

    fn card_is_dirty(&self) -> bool {
        self.book
            .as_ref()
            .is_some_and(|b| b.views.customers.is_dirty())
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
        let queued = std::mem::take(&mut self.shell.commands);
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
                self.shell.language = language;
                language.apply();
            }
            Command::SetRenderer(choice) => {
                self.shell.renderer.chosen = choice;
                self.shell.status.info(t!("settings.renderer_next_start"));
            }
            other => self.apply_to_book(other),
        }
    }

    /// Commands that act on the open book's views.
    fn apply_to_book(&mut self, command: Command) {
        let Some(book) = &mut self.book else { return };
        if let Command::Reload = command {
            book.cache.invalidate();
            for view in book.views.all() {
                view.invalidate();
            }
            book.cache.reload_directory(&book.store);
            return;
        }
        if let Command::CustomerChanged(id) | Command::CustomerRemoved(id) = command {
            book.cache.note_customer_changed(id);
            if let Err(e) = book.directory.refresh_one(&book.store, id) {
                self.shell.status.error(store_error(&e));
            }
            return;
        }
        let (views, mut cx) = book.parts(&mut self.shell);
        let section = match command {
            Command::OpenCustomer(id) => {
                views.customers.open_customer(&mut cx, id);
                Section::Customers
            }
            Command::NewCustomer => {
                views.customers.new_customer(cx.clock.now());
                Section::Customers
            }
            Command::FocusSearch => {
                views.customers.focus_search();
                Section::Customers
            }
            Command::CardTab(step) => {
                if self.section != Section::Customers {
                    return;
                }
                views.customers.step_tab(step);
                Section::Customers
            }
            Command::NewComplaint { customer, sale } => {
                views.aftersales.new_complaint(&mut cx, customer, sale);
                Section::AfterSales
            }
            Command::OpenComplaint(id) => {
                views.aftersales.open_complaint(&mut cx, id);
                Section::AfterSales
            }
            Command::OpenStatement(customer) => {
                views.receivables.open_statement(customer, &mut cx);
                Section::Receivables
            }
            Command::ImportFile(path) => {
                views.transfer.open_file(&path, &mut cx);
                Section::Transfer
            }
            _ => return,
        };
        self.section = section;
    }

    /// Draws one frame into `ui` (the whole window).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.shell.clock.tick();
        self.shell.commands.extend(shortcuts::pressed(&ctx));
        self.take_forwarded(&ctx);
        self.guard_close(&ctx);
        self.take_in_reports(&ctx);
        self.tick_backups(&ctx);
        self.share_with_date_pickers(&ctx);

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
                        self.shell.commands.push(Command::OpenRealBook);
                    }
                });
            });
        }
        if let Some(notice) = &mut self.crash_notice
            && notice.show(ui)
        {
            self.crash_notice = None;
        }
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.unsaved_dialog(&ctx);
        file_dialog::show_prompt(&ctx);
        if file_dialog::take_failure_notice(&ctx) {
            self.shell.status.error(t!("file_dialog.failed_status"));
        }
        if !self.shell.commands.is_empty() {
            self.apply_commands();
            // Show the outcome at once rather than on the next input event.
            ctx.request_repaint();
        }
    }

    /// What later launches asked: the window comes to the front and opens
    /// their book (through `OpenDatabase` and its unsaved-changes guard;
    /// the book already open is only brought forward), the demo or their
    /// import; a close request closes the window the normal way.
    fn take_forwarded(&mut self, ctx: &egui::Context) {
        let Some(inbox) = &self.inbox else { return };
        for request in inbox.take() {
            log::info!("a later launch asks: {request:?}");
            match request {
                Request::Show { book, demo, import } => {
                    bring_forward(ctx);
                    if demo {
                        self.shell.commands.push(Command::OpenDemo);
                    } else if let Some(book) = book
                        && !same_file(&book, &self.db_path)
                    {
                        self.shell.commands.push(Command::OpenDatabase(book));
                    }
                    if let Some(file) = import {
                        self.shell.commands.push(Command::ImportFile(file));
                    }
                }
                Request::Close => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                Request::Ping => {}
            }
        }
    }

    /// Picks up the reports that finished since the last frame and keeps
    /// the ABC classes in step with the sales.
    fn take_in_reports(&mut self, ctx: &egui::Context) {
        let Some(book) = &mut self.book else { return };
        let mut errors = Vec::new();
        if self.wait_for_reports {
            errors.extend(book.cache.wait());
        }
        errors.extend(book.cache.begin_frame(ctx));
        // Rows written by another connection are not known one by one: the
        // whole list is read again (the window's own saves name their rows).
        let stamp = book.store.change_stamp();
        if book.seen.is_some_and(|seen| stamp.others_wrote_since(seen))
            && !book.cache.is_reading_directory()
        {
            book.cache.reload_directory(&book.store);
        }
        book.seen = Some(stamp);
        // A read-only (damaged) book keeps the classes it has.
        let classes = if book.store.read_only() {
            Ok(Vec::new())
        } else {
            book.cache
                .keep_classes_current(&mut book.store, &self.shell.clock)
        };
        match classes {
            // A sale moves a few customers between classes: their rows are
            // read again. The first classification of a big import moves
            // most of them: the whole list is read once.
            Ok(changed) if changed.len() <= ROWS_READ_ONE_BY_ONE => {
                for id in changed {
                    if let Err(e) = book.directory.refresh_one(&book.store, id) {
                        errors.push(store_error(&e));
                    }
                }
            }
            Ok(_) => book.cache.reload_directory(&book.store),
            Err(e) => errors.push(store_error(&e)),
        }
        match book.cache.take_directory() {
            Some((Ok(newer), changed)) => {
                crate::ui::cache::drop_later(book.directory.replace_with(newer));
                for id in changed {
                    if let Err(e) = book.directory.refresh_one(&book.store, id) {
                        errors.push(store_error(&e));
                    }
                }
            }
            Some((Err(message), _)) => errors.push(message),
            None => {}
        }
        if let Some(bad) = book.directory.untold_unreadable()
            && let Some(first) = bad.first()
        {
            errors.push(
                t!(
                    "list.unreadable",
                    count = bad.len(),
                    id = first.id,
                    column = first.column
                )
                .into_owned(),
            );
        }
        if let Some(last) = errors.pop() {
            self.shell.status.error(last);
        }
    }

    /// Takes in a finished automatic backup and starts the day's when due.
    fn tick_backups(&mut self, ctx: &egui::Context) {
        let Some(book) = &mut self.book else { return };
        if let Some(backups) = &mut book.backups {
            let wait = self.wait_for_reports;
            backups.tick(
                ctx,
                &book.store,
                &self.shell.clock,
                &mut self.shell.status,
                wait,
            );
        }
    }

    /// The backup taken when the window closes (skipped when nothing
    /// changed since the last one); blocks for the seconds it takes.
    pub fn back_up_on_close(&mut self) {
        let Some(book) = &mut self.book else { return };
        if let Some(backups) = &mut book.backups {
            backups.on_close(&book.store, &self.shell.clock, &mut self.shell.status);
        }
    }

    /// Gives the date fields' month pages today and the shop's own
    /// statutory days, read again only after the book changed.
    fn share_with_date_pickers(&mut self, ctx: &egui::Context) {
        let Some(book) = &mut self.book else { return };
        let fresh = if book.statutory_read.needs_read(&book.store, ()) {
            match book.store.statutory_days() {
                Ok(days) => Some(days),
                Err(e) => {
                    book.statutory_read.invalidate();
                    self.shell.status.error(store_error(&e));
                    None
                }
            }
        } else {
            None
        };
        date_picker::share(ctx, self.shell.clock.today(), fresh);
    }

    fn nav(&mut self, ui: &mut egui::Ui) {
        ui.add_space(8.0);
        ui.heading(RichText::new(t!("app.name")).color(theme::ACCENT).strong());
        ui.add_space(8.0);
        for section in Section::ALL {
            let selected = self.section == section;
            let label = RichText::new(section.title()).size(16.0);
            let mut response =
                ui.add_sized([134.0, 32.0], egui::Button::selectable(selected, label));
            if let Some(shortcut) = section.shortcut() {
                response = response.on_hover_text(shortcut.label());
            }
            if response.clicked() {
                self.shell.commands.push(Command::Navigate(section));
            }
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let time = ui.input(|i| i.time);
        let updating = self.book.as_ref().is_some_and(|b| b.cache.is_updating());
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(self.db_path.display().to_string())
                    .small()
                    .color(theme::MUTED),
            );
            if updating {
                ui.separator();
                ui.spinner();
                ui.label(
                    RichText::new(t!("app.updating"))
                        .small()
                        .color(theme::MUTED),
                );
            }
            if let Some((message, is_error)) = self.shell.status.current(time) {
                ui.separator();
                ui.colored_label(
                    if is_error {
                        theme::ERROR
                    } else {
                        theme::SUCCESS
                    },
                    message,
                );
                if !is_error {
                    ui.ctx()
                        .request_repaint_after(Duration::from_secs_f64(INFO_SECONDS));
                }
            }
        });
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let Some(book) = &mut self.book else {
            let failure = self.open_error.get_or_insert_with(|| {
                OpenFailure::other(&self.db_path, t!("open_error.title").into_owned())
            });
            open_failure::page(
                ui,
                failure,
                &mut self.shell.commands,
                self.shell.clock.now(),
            );
            return;
        };
        if book.store.is_damaged() {
            damaged_banner(ui);
        }
        let (views, mut cx) = book.parts(&mut self.shell);
        views.get(self.section).ui(ui, &mut cx);
    }

    /// Closing the window with unsaved card edits asks first.
    /// Closing with nothing left to ask takes the closing backup.
    fn guard_close(&mut self, ctx: &egui::Context) {
        let requested = ctx.input(|i| i.viewport().close_requested());
        if requested {
            // A complaint being typed is written now, whatever else happens.
            self.with_aftersales(|a, view| a.flush(view));
        }
        if requested && self.card_is_dirty() && !self.close_after_decision {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.held = None;
            self.close_after_decision = true;
        } else if requested && !self.card_is_dirty() {
            self.back_up_on_close();
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
        let proceed = match (decision, &mut self.book) {
            (UnsavedDecision::Stay, _) => false,
            (_, None) => true,
            (UnsavedDecision::Save, Some(book)) => {
                let (views, mut cx) = book.parts(&mut self.shell);
                views.customers.save_card(&mut cx)
            }
            (UnsavedDecision::Discard, Some(book)) => {
                let (views, mut cx) = book.parts(&mut self.shell);
                views.customers.discard_card(&mut cx);
                true
            }
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

/// Un-minimises, shows and focuses the window; where the system refuses a
/// background program the focus (Windows), the taskbar button flashes.
fn bring_forward(ctx: &egui::Context) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
    ctx.send_viewport_cmd(egui::ViewportCommand::Visible(true));
    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
    ctx.send_viewport_cmd(egui::ViewportCommand::RequestUserAttention(
        egui::UserAttentionType::Informational,
    ));
}

/// Whether two paths name the same file (symlinks and `..` resolved where
/// both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

enum UnsavedDecision {
    Save,
    Discard,
    Stay,
}

/// Above every section while the book is damaged: it is open read-only,
/// nothing can be saved, a backup should be restored.
fn damaged_banner(ui: &mut egui::Ui) {
    egui::Frame::new()
        .fill(theme::ERROR.gamma_multiply(0.15))
        .stroke(egui::Stroke::new(1.0, theme::ERROR))
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(t!("app.damaged_title"))
                    .color(theme::ERROR)
                    .strong(),
            );
            ui.label(t!("app.damaged_body"));
        });
    ui.add_space(6.0);
}

impl eframe::App for GenjinApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.window_fit.on_frame(ui.ctx());
        self.show(ui);
    }

    /// The closing backup, if the close request did not already take it.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.back_up_on_close();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        Prefs {
            language: self.shell.language,
            renderer: self.shell.renderer.chosen,
        }
        .save(storage);
    }
}
