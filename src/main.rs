//! The `genjin` binary: with no subcommand it opens the desktop app; with a
//! subcommand it runs a command-line tool for scripts (see `genjin --help`).

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
}

fn main() -> ExitCode {
    genjin::allocator::keep_freed_memory();
    let args = Args::parse();
    // Crash reports into the data folder's crashes/, window and command line alike.
    genjin::crash::install(genjin::paths::data_dir());
    genjin::crash::panic_if_asked();
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
        None => genjin::ui::run(genjin::ui::Launch {
            db: args.db,
            demo: args.demo,
            import: args.import,
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("genjin: {e:#}");
            ExitCode::from(1)
        }
    }
}
