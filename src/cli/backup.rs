//! `genjin backup`, `genjin backups` and `genjin restore`: a checked copy
//! of the book, the list of its backups (read-only, from the folder the
//! settings name) and putting a backup back after a preview and `--yes`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::store::backup::{self, Preview, Reason, SecondCopy};
use crate::store::{Store, now};

/// Options of `genjin backup`.
#[derive(clap::Args, Debug, Clone)]
pub struct BackupArgs {
    /// Write the backup into this folder instead of the book's backup folder
    /// (no rotation there, no second copy).
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
}

/// Options of `genjin backups`.
#[derive(clap::Args, Debug, Clone)]
pub struct BackupsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options of `genjin restore`.
#[derive(clap::Args, Debug, Clone)]
pub struct RestoreArgs {
    /// The backup (or other Genjin book) to put back.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace the book without asking (a safety backup is taken first).
    #[arg(long)]
    pub yes: bool,
}

/// The book a backup command works on; it must exist.
fn existing_book(db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let path = super::db_or_default(db);
    if path.is_dir() {
        bail!(
            "{} is a folder; pass the path of a Genjin database file with --db PATH",
            path.display()
        );
    }
    if !path.is_file() {
        bail!(
            "no database at {}; pass an existing file with --db PATH",
            path.display()
        );
    }
    Ok(path)
}

/// Runs `genjin backup`: prints the file written.
pub fn run_backup(db: Option<PathBuf>, args: BackupArgs) -> anyhow::Result<ExitCode> {
    let book = existing_book(db)?;
    let at = now();
    let written = match args.to {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            let dest = dir.join(backup::file_name(
                &backup::book_stem(&book),
                at,
                Reason::Manual,
            ));
            backup::backup_file_to(&book, &dest)?;
            dest
        }
        None => {
            let settings = backup::settings_of_file(&book)?;
            let done = backup::run_for_file(&book, Reason::Manual, &settings, at)?;
            if let SecondCopy::Failed { folder, reason } = &done.second {
                eprintln!(
                    "warning: not copied to the second folder {}: {reason}",
                    folder.display()
                );
            }
            done.path
        }
    };
    super::write_stdout(|out| writeln!(out, "{}", written.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// One backup in `genjin backups --json`.
#[derive(Serialize)]
struct Row {
    file: String,
    date: String,
    reason: &'static str,
    size: u64,
    customers: Option<i64>,
    schema_version: Option<i64>,
    error: Option<String>,
}

/// Runs `genjin backups`: the book's backups, newest first, each file
/// opened read-only.
pub fn run_backups(db: Option<PathBuf>, args: BackupsArgs) -> anyhow::Result<ExitCode> {
    let book = existing_book(db)?;
    let settings = backup::settings_of_file(&book)?;
    let folder = settings.folder_for(&book);
    let list = backup::list(&folder, &backup::book_stem(&book))?;
    let rows: Vec<Row> = list
        .into_iter()
        .map(|b| Row {
            file: b.path.display().to_string(),
            date: b.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            reason: b.reason.tag(),
            size: b.size,
            customers: b.contents.as_ref().ok().map(|s| s.customers),
            schema_version: b.contents.as_ref().ok().map(|s| s.schema_version),
            error: b.contents.err(),
        })
        .collect();
    super::write_stdout(|out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            return writeln!(out);
        }
        if rows.is_empty() {
            return writeln!(out, "no backups in {}", folder.display());
        }
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let or_damaged =
                    |n: Option<i64>| n.map_or_else(|| "damaged".to_string(), |n| n.to_string());
                vec![
                    r.date.replace('T', " "),
                    r.reason.to_string(),
                    r.size.to_string(),
                    or_damaged(r.customers),
                    or_damaged(r.schema_version),
                    r.file.clone(),
                ]
            })
            .collect();
        super::write_table(
            out,
            &["DATE", "REASON", "BYTES", "CUSTOMERS", "SCHEMA", "FILE"],
            &cells,
            &[2, 3, 4],
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `genjin restore FILE`: prints the preview; with `--yes` takes a
/// safety backup and puts the file back into the book.
pub fn run_restore(db: Option<PathBuf>, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let book = existing_book(db)?;
    let preview = backup::inspect(&args.file)?;
    super::write_stdout(|out| print_preview(out, &preview))?;
    if !args.yes {
        bail!(
            "nothing was changed; add --yes to replace the content of {} with this file (a safety backup of it is taken first)",
            book.display()
        );
    }
    let mut store = Store::open(&book)?;
    let restored = store.restore_from(&args.file, now())?;
    super::write_stdout(|out| {
        writeln!(
            out,
            "restored {} into {}",
            args.file.display(),
            book.display()
        )?;
        match &restored.safety {
            Some(safety) => writeln!(out, "safety backup: {}", safety.display()),
            None => Ok(()),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn print_preview(out: &mut dyn Write, p: &Preview) -> std::io::Result<()> {
    let modified = p
        .modified
        .map(|m| m.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default();
    let lines = [
        ("file", p.path.display().to_string()),
        ("modified", modified),
        ("bytes", p.size.to_string()),
        ("schema version", p.schema_version.to_string()),
        ("customers", p.customers.to_string()),
        ("sales", p.sales.to_string()),
        ("complaints", p.complaints.to_string()),
        (
            "photos",
            p.photos.map_or_else(|| "-".to_string(), |n| n.to_string()),
        ),
        (
            "newest activity",
            p.newest_activity.clone().unwrap_or_else(|| "-".to_string()),
        ),
    ];
    for (name, value) in lines {
        writeln!(out, "{:<16} {value}", format!("{name}:"))?;
    }
    Ok(())
}
