//! The command-line tools behind `genjin demo`, `genjin customers`,
//! `genjin check`, `genjin import`, `genjin export`, `genjin agenda`,
//! `genjin calendar` and `genjin ics`, for scripts and for people who like a
//! terminal.
//!
//! The CLI speaks English and writes data to stdout, messages to stderr.
//! Every failure is an error returned to `main`, which prints it and exits
//! non-zero; nothing here panics on bad input or a bad file. Read-only
//! commands open the book in [`OpenMode::Reader`], so they work while the
//! app has it open and never create a missing file.

pub mod calendar;
pub mod check;
pub mod customers;
pub mod demo;
pub mod export;
pub mod ics;
pub mod import;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::store::{OpenMode, Store, StoreError};

/// The database a read-only command works on: `--db`, else the real book.
fn db_or_default(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(crate::paths::default_db)
}

/// Opens an existing book for reading, with messages that say what to do.
fn open_reader(path: &Path) -> anyhow::Result<Store> {
    if path.is_dir() {
        bail!(
            "{} is a folder; pass the path of a Genjin database file with --db PATH",
            path.display()
        );
    }
    match Store::open_with(path, OpenMode::Reader) {
        Ok(store) => Ok(store),
        Err(StoreError::Missing(p)) => bail!(
            "no database at {}; pass an existing file with --db PATH (or create a demo with `genjin demo --db PATH`)",
            p.display()
        ),
        // These already name the file.
        Err(e @ (StoreError::NotADatabase(_) | StoreError::TooNew(_) | StoreError::Io { .. })) => {
            Err(e.into())
        }
        Err(e) => Err(e).with_context(|| format!("cannot open {}", path.display())),
    }
}

/// Runs `write` against a locked, buffered stdout. A closed pipe (as in
/// `genjin customers | head`) ends the output quietly instead of failing.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}
