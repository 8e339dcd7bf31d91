//! The desktop app (eframe/egui). `app` owns the state and applies commands;
//! each section is a module with its own view state; `widgets` holds small
//! reusable inputs. Views read and write through the store's API, never SQL.

pub mod aftersales;
pub mod app;
pub mod backup_schedule;
pub mod cache;
pub mod calendar;
pub mod clock;
pub mod command;
pub mod context;
pub mod crash_notice;
pub mod customers;
pub mod feedback;
pub mod fonts;
pub mod home;
pub mod icon;
pub mod open_failure;
pub mod prefs;
pub mod read_at;
pub mod receivables;
pub mod renderer;
pub mod retention;
pub mod section;
pub mod settings;
pub mod shortcuts;
pub mod theme;
pub mod transfer;
pub mod widgets;
pub mod window_size;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::{Command, GenjinApp, ViewCtx};
pub use section::{Section, SectionView};

use crate::i18n::{Language, t};
use crate::instance::{Inbox, Request};
use renderer::RendererChoice;

/// How the app was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// A database other than the default book.
    pub db: Option<PathBuf>,
    /// Open a freshly generated demo shop instead.
    pub demo: bool,
    /// Start importing this file (`genjin --import FILE`).
    pub import: Option<PathBuf>,
    /// `--renderer`: overrides the stored choice for this run.
    pub renderer: Option<RendererChoice>,
}

impl Launch {
    /// The launch as JSON with stable names (`GENJIN_PRINT_LAUNCH`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "db": self.db.as_ref().map(|p| p.display().to_string()),
            "demo": self.demo,
            "import": self.import.as_ref().map(|p| p.display().to_string()),
            "renderer": self.renderer.map(RendererChoice::code),
        })
    }

    /// What this launch asks of a window already running: come to the
    /// front and open its book, the demo or its import, with absolute paths.
    pub fn to_request(&self) -> Request {
        Request::Show {
            book: self.db.as_deref().map(absolute),
            demo: self.demo,
            import: self.import.as_deref().map(absolute),
        }
    }
}

/// `path` made absolute against this process's current folder (the window
/// it is handed to has another).
fn absolute(path: &std::path::Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The window's options for one renderer.
fn native_options(renderer: eframe::Renderer) -> eframe::NativeOptions {
    eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_title("跟进 Genjin")
            .with_icon(icon::window_icon())
            .with_inner_size(window_size::DEFAULT)
            .with_min_inner_size(window_size::MIN),
        // The window's state lives in the data folder beside the book.
        persistence_path: Some(crate::paths::ui_state_file()),
        ..Default::default()
    }
}

/// Opens the window and runs until it is closed: each renderer of the
/// choice in turn until one opens it; when none can, a message box says so.
/// Requests of later launches arrive through `inbox`.
pub fn run(launch: Launch, inbox: Option<Inbox>) -> anyhow::Result<ExitCode> {
    let storage = native_options(eframe::Renderer::Wgpu).persistence_path;
    let stored =
        prefs::storage_file(storage.as_deref()).and_then(|file| prefs::read_before_window(&file));
    let choice = renderer::resolve(launch.renderer, stored.map(|p| p.renderer));
    let mut failures = Vec::new();
    for renderer in renderer::attempts(choice) {
        let launch = launch.clone();
        let inbox = inbox.clone();
        let result = eframe::run_native(
            prefs::APP_NAME,
            native_options(renderer),
            Box::new(move |cc| Ok(Box::new(GenjinApp::launch(cc, &launch, inbox)))),
        );
        match result {
            Ok(()) => return Ok(ExitCode::SUCCESS),
            Err(e) => {
                log::warn!(
                    "the {} renderer could not open the window: {e}",
                    renderer::name(renderer)
                );
                failures.push(format!("{}: {e}", renderer::name(renderer)));
                if !renderer::worth_another_try(&e) {
                    break;
                }
            }
        }
    }
    let language = stored
        .map(|p| p.language)
        .unwrap_or_else(Language::from_system);
    window_failed(language, &renderer::attempts(choice));
    log::error!("cannot open the window: {}", failures.join("; "));
    Err(anyhow::anyhow!(
        "cannot open the window ({}); update the graphics driver, or start with --renderer glow",
        failures.join("; ")
    ))
}

/// The message box when no renderer could open the window.
fn window_failed(language: Language, tried: &[eframe::Renderer]) {
    language.apply();
    let (title, body) = window_failed_text(tried);
    let answer = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(title)
        .set_description(body)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    log::info!("window failure message shown ({answer:?})");
}

/// The title and text of that message in the current language.
pub fn window_failed_text(tried: &[eframe::Renderer]) -> (String, String) {
    let tried: Vec<&str> = tried.iter().map(|r| renderer::name(*r)).collect();
    (
        t!("app.window_failed_title").into_owned(),
        t!(
            "app.window_failed_body",
            tried = crate::i18n::join_list(&tried)
        )
        .into_owned(),
    )
}
