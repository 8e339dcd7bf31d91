//! `genjin ics FILE`: the coming days' occasions (the same items as
//! `genjin agenda`) as an iCalendar file a phone's calendar imports, one
//! all-day event per occasion. The file is written as `FILE.partial` and
//! renamed when complete, so a failure never leaves half a calendar.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::agenda::AgendaBook;
use crate::domain::calendar::agenda::Occasion;
use crate::domain::calendar::ics::write_ics;
use crate::import::export_book::partial_path;

/// Options of `genjin ics`.
#[derive(clap::Args, Debug, Clone)]
pub struct IcsArgs {
    /// The .ics file to write; an existing file is replaced once the export
    /// has succeeded.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// First day (YYYY-MM-DD); default today.
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
    let mut book = AgendaBook::load(&store)?;
    let occasions = book.occasions(from, to);
    let stamp = chrono::Utc::now().naive_utc();
    write_file(&occasions, stamp, file)
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

/// Writes the calendar to `<file>.partial`, syncs it and renames it to
/// `file`; on failure the partial file is removed and `file` left as it was.
fn write_file(
    occasions: &[Occasion],
    stamp: chrono::NaiveDateTime,
    file: &Path,
) -> std::io::Result<()> {
    let partial = partial_path(file);
    let result = (|| {
        let mut out = BufWriter::new(File::create(&partial)?);
        write_ics(occasions, stamp, &mut out)?;
        let written = out.into_inner().map_err(|e| e.into_error())?;
        written.sync_all()?;
        drop(written);
        fs::rename(&partial, file)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}
