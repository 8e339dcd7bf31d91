//! The command-line tools behind `genjin demo`, `genjin customers`,
//! `genjin check`, `genjin backup`, `genjin backups`, `genjin restore`, `genjin import`, `genjin export`, `genjin agenda`,
//! `genjin calendar`, `genjin ics`, `genjin complaints`, `genjin returns`,
//! `genjin alerts`, `genjin aging`, `genjin statement`, `genjin abc`,
//! `genjin drifting` and `genjin quit-running`, for scripts and for people who like a terminal.
//! Text from the book or a file goes through `terminal::shown` first, so
//! no control character or escape sequence in it reaches the terminal.
//!
//! The CLI speaks English and writes data to stdout, messages to stderr.
//! Every failure is an error returned to `main`, which prints it and exits
//! non-zero; nothing here panics on bad input or a bad file. Read-only
//! commands open the book in [`OpenMode::ReadOnly`], so they work while the
//! app has it open, on read-only media, and never create, change or migrate
//! the file.

pub mod backup;
pub mod calendar;
pub mod check;
pub mod complaints;
pub mod customers;
pub mod demo;
pub mod export;
pub mod ics;
pub mod import;
pub mod quit_running;
pub mod receivables;
pub mod retention;
pub mod returns;
pub mod terminal;

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
    match Store::open_with(path, OpenMode::ReadOnly) {
        Ok(store) => Ok(store),
        Err(StoreError::Missing(p)) => bail!(
            "no database at {}; pass an existing file with --db PATH (or create a demo with `genjin demo --db PATH`)",
            p.display()
        ),
        // These already name the file.
        Err(
            e @ (StoreError::Empty(_)
            | StoreError::NotADatabase(_)
            | StoreError::Damaged(_)
            | StoreError::TooNew(_)
            | StoreError::NeedsUpgrade(_)
            | StoreError::Io { .. }),
        ) => Err(e.into()),
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

/// Parses a `--flag YYYY-MM-DD` value, saying which flag was wrong.
fn parse_date_arg(flag: &str, text: &str) -> anyhow::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .with_context(|| format!("{flag} {text:?} is not a date like 2026-11-23"))
}

/// Writes a table for people: a header row, then the rows; columns two
/// spaces apart and padded to their widest cell by terminal width (Chinese
/// characters take two columns); the columns in `right` aligned right;
/// no trailing spaces.
fn write_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    right: &[usize],
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| terminal::shown(c).into_owned())
                .collect()
        })
        .collect();
    let rows = &rows[..];
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(width.saturating_sub(display_width(cell)));
            if i > 0 {
                line.push_str("  ");
            }
            if right.contains(&i) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Terminal columns a text takes: East Asian wide and full-width characters
/// take two, everything else one.
pub(crate) fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_on_display_width() {
        let rows = vec![
            vec!["7".to_string(), "张三".to_string(), "¥1.00".to_string()],
            vec![
                "12".to_string(),
                "Tom".to_string(),
                "¥12,345.00".to_string(),
            ],
        ];
        let mut out = Vec::new();
        write_table(&mut out, &["ID", "NAME", "REFUND"], &rows, &[0, 2]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ID  NAME      REFUND");
        assert_eq!(lines[1], " 7  张三       ¥1.00");
        assert_eq!(lines[2], "12  Tom   ¥12,345.00");
    }

    #[test]
    fn a_bad_date_names_the_flag() {
        let err = parse_date_arg("--as-of", "23/11/2026").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--as-of \"23/11/2026\" is not a date like 2026-11-23"
        );
        assert_eq!(
            parse_date_arg("--as-of", " 2026-11-23 ").unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
    }
}
