//! `genjin ics FILE`: the coming days' occasions (the same items as
//! `genjin agenda`) as an iCalendar file a phone's calendar imports, one
//! all-day event per occasion. The file is written as `FILE.partial` and
//! renamed when complete, so a failure never leaves half a calendar.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::agenda::AgendaBook;

/// Options of `genjin ics`.
#[derive(clap::Args, Debug, Clone)]
pub struct IcsArgs {
    /// The .ics file to write; an existing file is replaced once the export
    /// has succeeded.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// First day (YYYY-MM-DD); default today. Collection steps and payments
    /// due are worked out as the ledger stands on this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// How many days, the first included.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub days: u32,
}

/// Runs `genjin ics`.
pub fn run(db: Option<PathBuf>, args: IcsArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = super::calendar::span(args.from.as_deref(), args.days)?;
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let file = &args.file;
    if file.is_dir() {
        bail!(
            "{} is a folder; give the path of the .ics file to write",
            file.display()
        );
    }
    if super::export::same_file(file, &path) {
        bail!(
            "{} is the database itself; give another path for the .ics file",
            file.display()
        );
    }
    let mut book = AgendaBook::load_on(&store, from)?;
    let occasions = book.occasions(from, to);
    let stamp = chrono::Utc::now().naive_utc();
    crate::agenda::write_ics_file(&occasions, stamp, file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    super::write_stdout(|out| {
        writeln!(
            out,
            "wrote {} event{} to {}",
            occasions.len(),
            if occasions.len() == 1 { "" } else { "s" },
            file.display()
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
