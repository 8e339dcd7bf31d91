//! `genjin demo --db PATH`: writes the deterministic demo shop into a file.
//!
//! The file must be named explicitly, so the demo can never land in the
//! shop's real book by accident; a file that already has customers is only
//! replaced with `--force`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::{Datelike, NaiveDate};

use crate::demo::{DemoOptions, generate, remove_database_files};
use crate::store::{Store, StoreError};

/// Options of `genjin demo`.
#[derive(clap::Args, Debug, Clone)]
pub struct DemoArgs {
    /// How many customers to generate.
    #[arg(long, default_value_t = 300, value_name = "N")]
    pub customers: usize,
    /// Random seed: the same seed and date always give the same shop.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// The day the demo is built around [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// Replace the file even if it already holds customers.
    #[arg(long)]
    pub force: bool,
}

/// Years the demo can be built around (lunar dates need 1900–2100 around them).
const YEARS: std::ops::RangeInclusive<i32> = 1980..=2090;

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23"))?;
    if !YEARS.contains(&day.year()) {
        return Err(format!(
            "the year must be between {} and {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(day)
}

/// Runs `genjin demo`.
pub fn run(db: Option<PathBuf>, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let Some(path) = db else {
        bail!("tell the demo where to go: use --db PATH (it never writes into your real book)");
    };
    if path.is_dir() {
        bail!(
            "{} is a folder; use --db with the path of a database file",
            path.display()
        );
    }
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let started = Instant::now();

    if path.exists() && args.force {
        remove_database_files(&path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
    }
    let mut store = match Store::open(&path) {
        Ok(store) => store,
        Err(e @ (StoreError::Empty(_) | StoreError::NotADatabase(_) | StoreError::Damaged(_))) => {
            bail!("{e}; use --force to replace it with the demo")
        }
        Err(e @ (StoreError::AlreadyOpen(_) | StoreError::TooNew(_) | StoreError::Io { .. })) => {
            return Err(e.into());
        }
        Err(e) => return Err(e).with_context(|| format!("cannot open {}", path.display())),
    };
    let existing = store.customer_count()?;
    if existing > 0 {
        bail!(
            "{} already has {existing} customers; use --force to replace it with the demo, or pick another file",
            path.display()
        );
    }
    let report = generate(
        &mut store,
        &DemoOptions {
            customers: args.customers,
            seed: args.seed,
            today,
        },
    )
    .with_context(|| format!("cannot write the demo into {}", path.display()))?;
    drop(store);

    let elapsed = started.elapsed().as_secs_f64();
    super::write_stdout(|out| {
        writeln!(
            out,
            "demo: {} customers, {} family members, {} contacts, {} promises, {} sales, {} payments, \
             {} complaints, {} returns, {} feedback cards filled in \
             written to {} (seed {}, today {today}) in {elapsed:.2} s",
            report.customers,
            report.family_members,
            report.contacts,
            report.promises,
            report.sales,
            report.payments,
            report.complaints,
            report.returns,
            report.feedback_responses,
            path.display(),
            args.seed,
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
