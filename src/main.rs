//! The `genjin` binary: with no subcommand it opens the desktop app (on the
//! book given as `genjin BOOK` or `--db`); with a subcommand it runs a
//! command-line tool for scripts (see `genjin --help`). A window launch
//! first offers itself to the window already running (`genjin::instance`)
//! and exits when that window takes it.
//!
//! A release build on Windows is a GUI-subsystem program, so the window
//! opens without a console window; `genjin::console` gives the command line
//! its shell's console back.

#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: an import allocates and frees
/// millions of short strings on two threads, where glibc's allocator spends
/// a third of the time (see ARCHITECTURE.md and `genjin::allocator`).
#[global_allocator]
static ALLOCATOR: genjin::allocator::Allocator = mimalloc::MiMalloc;

/// Genjin (跟进): after-sales service and customer care for small shops.
#[derive(Parser, Debug)]
#[command(name = "genjin", version, about)]
struct Args {
    /// Open this database file instead of the default book in the data folder.
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Open a freshly generated demo shop (kept apart from your real book).
    #[arg(long)]
    demo: bool,
    /// Open the app straight into importing this file (CSV, TXT or vCard).
    #[arg(long, value_name = "FILE")]
    import: Option<PathBuf>,
    /// How the window is drawn: auto tries wgpu, then OpenGL (glow); glow
    /// helps where the window stays black or does not open.
    #[arg(long, value_enum, value_name = "RENDERER")]
    renderer: Option<genjin::ui::renderer::RendererChoice>,
    /// Open this book in the window (a double-click on a .sqlite file); the same as --db FILE.
    #[arg(value_name = "BOOK", conflicts_with_all = ["db", "demo"])]
    book: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a deterministic demo shop into a database file.
    Demo(genjin::cli::demo::DemoArgs),
    /// List customers, optionally filtered by a search, as text or JSON.
    Customers(genjin::cli::customers::CustomersArgs),
    /// Check a database: SQLite integrity plus Genjin's own consistency rules.
    Check,
    /// Write a checked copy of the book into its backup folder (or --to DIR); prints the file.
    Backup(genjin::cli::backup::BackupArgs),
    /// List the book's backups (date, reason, size, customers), opening each read-only.
    Backups(genjin::cli::backup::BackupsArgs),
    /// Put a backup back into the book: prints a preview; --yes replaces after a safety backup.
    Restore(genjin::cli::backup::RestoreArgs),
    /// Import customers, sales, payments, returns (CSV) or phone contacts (vCard) as an undoable batch.
    Import {
        #[command(subcommand)]
        command: genjin::cli::import::ImportCommand,
    },
    /// Export customers, sales, payments, contacts or returns to a CSV file Excel opens correctly.
    Export(genjin::cli::export::ExportArgs),
    /// Whom to contact and why over the coming days (birthdays, festivals, cadence, plans).
    Agenda(genjin::cli::calendar::AgendaArgs),
    /// A year's statutory days off and make-up working days, festivals, solar terms and observances.
    Calendar(genjin::cli::calendar::CalendarArgs),
    /// Export the coming days' occasions as an iCalendar file for a phone.
    Ics(genjin::cli::ics::IcsArgs),
    /// List complaint cases, optionally only those in one status, as text or JSON.
    Complaints(genjin::cli::complaints::ComplaintsArgs),
    /// List the returns log (returned and exchanged goods), as text or JSON.
    Returns(genjin::cli::returns::ReturnsArgs),
    /// Products with too many quality returns as of a day, as text or JSON.
    Alerts(genjin::cli::returns::AlertsArgs),
    /// Receivables by days overdue as of a day (back-datable), per customer, as text or JSON.
    Aging(genjin::cli::receivables::AgingArgs),
    /// A customer's statement of account for a period, as text or JSON.
    Statement(genjin::cli::receivables::StatementArgs),
    /// ABC classes from the last 12 months' sales; --save writes them to the cards.
    Abc(genjin::cli::retention::AbcArgs),
    /// Customers drifting away (late to buy again, buying less, open complaints).
    Drifting(genjin::cli::retention::DriftingArgs),
    /// Ask the open Genjin window to close and wait until it has (for installers); exit 3 if it stays open.
    QuitRunning(genjin::cli::quit_running::QuitArgs),
}

/// Set to make `genjin` without a subcommand print how the window would
/// open (JSON) and exit instead of opening it (tests, support).
const PRINT_LAUNCH: &str = "GENJIN_PRINT_LAUNCH";

/// How the window opens: a bare `genjin BOOK` is `--db BOOK`, and must name
/// an existing file (a mistyped subcommand must not become a new book).
fn window_launch(args: Args) -> anyhow::Result<genjin::ui::Launch> {
    let db = match args.book {
        Some(book) if !book.is_file() => anyhow::bail!(
            "{:?} is neither a subcommand nor an existing book file (see genjin --help)",
            book.display().to_string()
        ),
        Some(book) => Some(book),
        None => args.db,
    };
    Ok(genjin::ui::Launch {
        db,
        demo: args.demo,
        import: args.import,
        renderer: args.renderer,
    })
}

/// A bare BOOK is for the window; a subcommand names its book with --db.
fn reject_book_with_subcommand(args: &Args) -> Option<ExitCode> {
    let (Some(book), Some(_)) = (&args.book, &args.command) else {
        return None;
    };
    eprintln!(
        "genjin: {:?} before a subcommand is not used; give a subcommand its book with --db FILE",
        book.display().to_string()
    );
    Some(ExitCode::from(2))
}

/// `GENJIN_PRINT_LAUNCH`: the window's launch plan on stdout, no window.
fn print_launch(args: Args) -> ExitCode {
    match window_launch(args) {
        Ok(launch) => {
            println!("{}", launch.to_json());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("genjin: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Hands the launch to the window already running for this data folder
/// (it comes to the front and opens what this launch was given), or opens
/// the window, listening for later launches.
fn forward_or_open(launch: genjin::ui::Launch) -> anyhow::Result<ExitCode> {
    use genjin::instance::Claim;
    let request = launch.to_request();
    let inbox = match genjin::instance::claim_or_forward(&genjin::paths::data_dir(), &request) {
        Claim::Forwarded => {
            log::info!("handed {request:?} to the window already running");
            return Ok(ExitCode::SUCCESS);
        }
        Claim::Primary(primary) => match primary.serve() {
            Ok(inbox) => Some(inbox),
            Err(e) => {
                log::warn!("cannot listen for later launches: {e}");
                None
            }
        },
        Claim::Alone(why) => {
            log::warn!("opening a window of this launch's own: {why}");
            None
        }
    };
    genjin::ui::run(launch, inbox)
}

fn main() -> ExitCode {
    // Before anything prints, `--help` and clap's errors included.
    genjin::console::attach_parent_console();
    genjin::allocator::keep_freed_memory();
    let args = Args::parse();
    // Crash reports into the data folder's crashes/, window and command line alike.
    genjin::crash::install(genjin::paths::data_dir());
    genjin::crash::panic_if_asked();
    if let Some(code) = reject_book_with_subcommand(&args) {
        return code;
    }
    if args.command.is_none() && std::env::var_os(PRINT_LAUNCH).is_some() {
        return print_launch(args);
    }
    if args.command.is_some() {
        // Scripts read stdout; warnings go to stderr and no file is left.
        genjin::logging::init_stderr(log::LevelFilter::Warn);
    } else {
        genjin::logging::init_file(&genjin::paths::data_dir());
        // Once: the window's state from eframe's own folder into the data folder.
        genjin::paths::adopt_old_ui_state();
    }
    let result = match args.command {
        Some(Command::Demo(a)) => genjin::cli::demo::run(args.db, a),
        Some(Command::Customers(a)) => genjin::cli::customers::run(args.db, a),
        Some(Command::Check) => genjin::cli::check::run(args.db),
        Some(Command::Backup(a)) => genjin::cli::backup::run_backup(args.db, a),
        Some(Command::Backups(a)) => genjin::cli::backup::run_backups(args.db, a),
        Some(Command::Restore(a)) => genjin::cli::backup::run_restore(args.db, a),
        Some(Command::Import { command }) => genjin::cli::import::run(args.db, command),
        Some(Command::Export(a)) => genjin::cli::export::run(args.db, a),
        Some(Command::Agenda(a)) => genjin::cli::calendar::run_agenda(args.db, a),
        Some(Command::Calendar(a)) => genjin::cli::calendar::run_calendar(args.db, a),
        Some(Command::Ics(a)) => genjin::cli::ics::run(args.db, a),
        Some(Command::Complaints(a)) => genjin::cli::complaints::run(args.db, a),
        Some(Command::Returns(a)) => genjin::cli::returns::run_returns(args.db, a),
        Some(Command::Alerts(a)) => genjin::cli::returns::run_alerts(args.db, a),
        Some(Command::Aging(a)) => genjin::cli::receivables::run_aging(args.db, a),
        Some(Command::Statement(a)) => genjin::cli::receivables::run_statement(args.db, a),
        Some(Command::Abc(a)) => genjin::cli::retention::run_abc(args.db, a),
        Some(Command::Drifting(a)) => genjin::cli::retention::run_drifting(args.db, a),
        Some(Command::QuitRunning(a)) => genjin::cli::quit_running::run(a),
        None => window_launch(args).and_then(forward_or_open),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("genjin: {e:#}");
            ExitCode::from(1)
        }
    }
}
