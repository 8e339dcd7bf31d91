//! `genjin import`: bring a customer, sales or payments list (CSV in any
//! common encoding) or phone contacts (.vcf) into the book as one undoable
//! batch; `import history` lists the batches and `import undo` takes one back.
//!
//! Without `--strict` the good rows are written and the bad ones reported;
//! with it, any bad row means nothing is written (exit 2). A file that
//! cannot be read at all, or lacks a required column, exits 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::json;

use super::terminal::shown;
use crate::i18n::import_problem;
use crate::import::decode::Encoding;
use crate::import::fields::{ImportKind, match_headers};
use crate::import::pipeline::{
    ImportError, ImportPlan, Mode, OnDuplicate, Progress, Report, RowIssue, check, import,
    preview_file,
};
use crate::import::sniff::parse_delimiter;
use crate::store::Store;

/// `genjin import …`
#[derive(clap::Subcommand, Debug, Clone)]
pub enum ImportCommand {
    /// Import a customer list (姓名, 手机, 生日 …).
    Customers(FileArgs),
    /// Import sales (客户/手机, 单号, 日期, 金额 …); a sale number already in the book is skipped.
    Sales(FileArgs),
    /// Import payments received (客户/手机, 日期, 金额, 单号 …).
    Payments(FileArgs),
    /// Import the returns log (日期, 客户/手机, 单号, 商品, 原因, 商品状态, 处理, 退款金额, 退款去向 …);
    /// a row without customer is a walk-in.
    Returns(FileArgs),
    /// Import phone contacts from a vCard (.vcf) file as customers.
    Vcard(FileArgs),
    /// Undo an import batch: remove what it added, restore what it changed.
    Undo {
        /// The batch number (see `genjin import history`).
        batch: i64,
    },
    /// List past imports, newest first.
    History {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Options of an import from a file.
#[derive(clap::Args, Debug, Clone)]
pub struct FileArgs {
    /// The file to import.
    pub file: PathBuf,
    /// Check the file and report what would happen, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write nothing if any row is bad.
    #[arg(long)]
    pub strict: bool,
    /// A customer whose phone is already in the book: skip it, update its
    /// card with the file's values, or only fill its empty fields.
    #[arg(long, value_name = "skip|update|fill", default_value = "skip", value_parser = parse_on_duplicate)]
    pub on_duplicate: OnDuplicate,
    /// The file's encoding instead of detecting it: utf-8, gb18030 (gbk), big5, utf-16le, utf-16be.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<Encoding>,
    /// The delimiter instead of detecting it: `,` `;` `tab` `|`.
    #[arg(long, value_name = "C", value_parser = parse_delimiter_arg)]
    pub delimiter: Option<u8>,
    /// Print one JSON object with the counts and every bad row.
    #[arg(long)]
    pub json: bool,
}

fn parse_on_duplicate(text: &str) -> Result<OnDuplicate, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "skip" => Ok(OnDuplicate::Skip),
        "update" | "overwrite" => Ok(OnDuplicate::Overwrite),
        "fill" => Ok(OnDuplicate::Fill),
        _ => Err("use skip, update or fill".into()),
    }
}

fn parse_encoding(text: &str) -> Result<Encoding, String> {
    Encoding::from_name(text)
        .ok_or_else(|| "use utf-8, gb18030 (or gbk), big5, utf-16le or utf-16be".into())
}

fn parse_delimiter_arg(text: &str) -> Result<u8, String> {
    parse_delimiter(text).ok_or_else(|| "use `,` `;` `tab` or `|`".into())
}

/// Runs `genjin import …`.
pub fn run(db: Option<PathBuf>, command: ImportCommand) -> anyhow::Result<ExitCode> {
    rust_i18n::set_locale("en");
    let path = super::db_or_default(db);
    match command {
        ImportCommand::Customers(a) => run_file(&path, ImportKind::Customers, false, a),
        ImportCommand::Sales(a) => run_file(&path, ImportKind::Sales, false, a),
        ImportCommand::Payments(a) => run_file(&path, ImportKind::Payments, false, a),
        ImportCommand::Returns(a) => run_file(&path, ImportKind::Returns, false, a),
        ImportCommand::Vcard(a) => run_file(&path, ImportKind::Customers, true, a),
        ImportCommand::Undo { batch } => undo(&path, batch),
        ImportCommand::History { json } => history(&path, json),
    }
}

fn open_writer(path: &Path) -> anyhow::Result<Store> {
    if !path.is_file() {
        bail!(
            "no database at {}; pass an existing file with --db PATH",
            path.display()
        );
    }
    let store = Store::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    if store.is_damaged() {
        bail!(
            "{} is damaged (it fails SQLite's quick check): it is open read-only, nothing was imported or changed; run `genjin check --db {}` and restore a backup",
            path.display(),
            path.display()
        );
    }
    Ok(store)
}

fn run_file(
    db: &Path,
    kind: ImportKind,
    want_vcard: bool,
    args: FileArgs,
) -> anyhow::Result<ExitCode> {
    let preview = preview_file(&args.file, args.encoding, args.delimiter).map_err(|e| match e {
        // Already names the file.
        ImportError::Open { .. } => flat(e),
        e => anyhow::anyhow!("{}: {e}", args.file.display()),
    })?;
    if want_vcard != preview.is_vcard() {
        if want_vcard {
            bail!("{} is not a vCard (.vcf) file", args.file.display());
        }
        bail!(
            "{} is a vCard file; import it with `genjin import vcard`",
            args.file.display()
        );
    }
    let mapping = match_headers(kind, &preview.headers);
    if !mapping.is_ready() {
        bail!(
            "{}: {}; the file's columns are: {}",
            args.file.display(),
            ImportError::MissingFields(mapping.missing_required()),
            shown(&preview.headers.join(", "))
        );
    }
    let plan = ImportPlan {
        path: args.file.clone(),
        format: preview.format,
        mapping,
        on_duplicate: args.on_duplicate,
    };
    let mut store = if args.dry_run {
        super::open_reader(db)?
    } else {
        open_writer(db)?
    };
    let now = crate::store::now();
    let progress = Progress::new();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let result = std::thread::scope(|scope| {
        let reporter = std::thread::Builder::new()
            .name("import-progress".into())
            .spawn_scoped(scope, || report_progress(&progress, finished))
            .inspect_err(|e| log::warn!("no progress shown: cannot start its thread: {e}"))
            .ok();
        let result = if args.dry_run {
            check(&store, &plan, now, &progress)
        } else {
            let mode = if args.strict {
                Mode::Strict
            } else {
                Mode::GoodRows
            };
            import(&mut store, &plan, mode, now, &progress)
        };
        drop(done);
        if reporter.is_some_and(|r| r.join().is_err()) {
            log::error!("the progress display stopped with a panic");
        }
        result
    });
    let (report, refused) = match result {
        // A strict dry run validates: bad rows mean the import would be refused.
        Ok(report) if args.dry_run && args.strict && report.error_rows > 0 => (report, true),
        Ok(report) => (report, false),
        Err(ImportError::Strict(report)) => (*report, true),
        Err(e) => return Err(flat(e)),
    };
    print_report(&report, &args, db, refused)?;
    Ok(if refused {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// An import error as one message. Its text already includes the cause
/// (`cannot open FILE: No such file…`); passing it on with its source chain
/// would make `main` print the cause twice.
fn flat(e: ImportError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Prints "read N rows…" to stderr every half second while a long import
/// runs; returns as soon as the import drops the channel's sender.
fn report_progress(progress: &Progress, finished: std::sync::mpsc::Receiver<()>) {
    let mut last = 0;
    while let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(Duration::from_millis(500)) {
        let rows = progress.rows.load(Ordering::Relaxed);
        if rows != last {
            last = rows;
            eprintln!(
                "read {rows} rows ({:.0}% of the file)…",
                progress.fraction() * 100.0
            );
        }
    }
}

fn print_report(report: &Report, args: &FileArgs, db: &Path, refused: bool) -> anyhow::Result<()> {
    if args.json {
        let issue = |e: &RowIssue| {
            json!({
                "line": e.line,
                "column": e.column_name,
                "column_number": e.column.map(|c| c + 1),
                "value": e.value,
                "field": e.field.map(|f| f.code()),
                "code": e.problem.code(),
                "message": import_problem(&e.problem),
            })
        };
        let errors: Vec<_> = report.errors.iter().map(issue).collect();
        let warnings: Vec<_> = report.warnings.iter().map(issue).collect();
        let value = json!({
            "kind": report.kind,
            "encoding": report.encoding,
            "delimiter": report.delimiter,
            "rows": report.rows,
            "imported": report.imported,
            "updated": report.updated,
            "skipped_duplicates": report.skipped_duplicates,
            "error_rows": report.error_rows,
            "errors": errors,
            "errors_omitted": report.errors_omitted,
            "warnings": warnings,
            "warnings_omitted": report.warnings_omitted,
            "ignored_columns": report.ignored_columns,
            "batch": report.batch,
            "dry_run": args.dry_run,
            "written": report.batch.is_some() && !refused,
        });
        return super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)
        });
    }
    super::write_stdout(|out| {
        let delimiter = if report.delimiter.is_empty() {
            String::new()
        } else {
            format!(", {}-separated", report.delimiter)
        };
        writeln!(
            out,
            "{}: {}{delimiter}, {} rows",
            shown(&args.file.display().to_string()),
            report.encoding,
            report.rows
        )?;
        if !report.ignored_columns.is_empty() {
            writeln!(
                out,
                "ignored columns (not imported): {}",
                shown(&report.ignored_columns.join(", "))
            )?;
        }
        let verb = if args.dry_run || refused {
            "would import"
        } else {
            "imported"
        };
        writeln!(
            out,
            "{verb} {}, updated {}, skipped {} duplicates, {} bad rows",
            report.imported, report.updated, report.skipped_duplicates, report.error_rows
        )?;
        for e in &report.errors {
            writeln!(out, "  {}", issue_line(e))?;
        }
        if report.errors_omitted > 0 {
            writeln!(out, "  … and {} more problems", report.errors_omitted)?;
        }
        if !report.warnings.is_empty() {
            writeln!(out, "warnings (imported with a change or a part left out):")?;
        }
        for e in &report.warnings {
            writeln!(out, "  {}", issue_line(e))?;
        }
        if report.warnings_omitted > 0 {
            writeln!(out, "  … and {} more warnings", report.warnings_omitted)?;
        }
        if report.had_decode_errors {
            writeln!(
                out,
                "warning: some bytes are not valid {}; try --encoding",
                report.encoding
            )?;
        }
        if refused {
            writeln!(
                out,
                "nothing was written (--strict and the file has bad rows)"
            )?;
        } else if let Some(batch) = report.batch {
            writeln!(
                out,
                "batch {batch}; to take it back: genjin import undo {batch} --db {}",
                db.display()
            )?;
        }
        Ok(())
    })
}

/// One problem as a line of the text report.
fn issue_line(e: &RowIssue) -> String {
    let column = if e.column_name.is_empty() {
        String::new()
    } else {
        format!(", column {}", shown(&e.column_name))
    };
    let value = if e.value.is_empty() {
        String::new()
    } else {
        format!(" ({:?})", e.value)
    };
    let message = import_problem(&e.problem);
    format!("line {}{column}{value}: {}", e.line, shown(&message))
}

fn undo(db: &Path, batch: i64) -> anyhow::Result<ExitCode> {
    let mut store = open_writer(db)?;
    let impact = store
        .undo_import(batch)
        .map_err(|e| anyhow::anyhow!(crate::i18n::store_error(&e)))
        .with_context(|| format!("cannot undo batch {batch}"))?;
    let returns = if impact.returns_removed > 0 {
        format!(", {} returns", impact.returns_removed)
    } else {
        String::new()
    };
    println!(
        "undid batch {batch}: removed {} customers, {} sales, {} payments{returns}; restored {} customers",
        impact.customers_removed,
        impact.sales_removed,
        impact.payments_removed,
        impact.customers_restored
    );
    Ok(ExitCode::SUCCESS)
}

fn history(db: &Path, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_reader(db)?;
    let batches = store.import_batches()?;
    if as_json {
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &batches)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    super::write_stdout(|out| {
        if batches.is_empty() {
            return writeln!(out, "no imports yet");
        }
        writeln!(
            out,
            "{:>5}  {:<19}  {:<9}  {:>8}  {:>8}  {:>7}  {:>7}  {:<8}  FILE",
            "BATCH", "STARTED", "KIND", "ROWS", "IMPORTED", "UPDATED", "SKIPPED", "STATE"
        )?;
        for b in &batches {
            writeln!(
                out,
                "{:>5}  {:<19}  {:<9}  {:>8}  {:>8}  {:>7}  {:>7}  {:<8}  {}",
                b.id,
                b.started_at.format("%Y-%m-%d %H:%M:%S"),
                b.kind,
                b.rows,
                b.imported,
                b.updated,
                b.skipped,
                if b.undone_at.is_some() {
                    "undone"
                } else {
                    "active"
                },
                shown(&b.file_name)
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
