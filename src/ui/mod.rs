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
pub mod open_failure;
pub mod read_at;
pub mod receivables;
pub mod retention;
pub mod section;
pub mod settings;
pub mod shortcuts;
pub mod theme;
pub mod transfer;
pub mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::{Command, GenjinApp, ViewCtx};
pub use section::{Section, SectionView};

/// How the app was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// A database other than the default book.
    pub db: Option<PathBuf>,
    /// Open a freshly generated demo shop instead.
    pub demo: bool,
    /// Start importing this file (`genjin --import FILE`).
    pub import: Option<PathBuf>,
}

/// Opens the window and runs until it is closed.
pub fn run(launch: Launch) -> anyhow::Result<ExitCode> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("跟进 Genjin")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        // The window's state lives in the data folder beside the book.
        persistence_path: Some(crate::paths::ui_state_file()),
        ..Default::default()
    };
    eframe::run_native(
        "Genjin",
        options,
        Box::new(move |cc| Ok(Box::new(GenjinApp::launch(cc, &launch)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
