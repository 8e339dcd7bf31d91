//! `genjin agenda` (whom to contact and why over the coming days) and
//! `genjin calendar YEAR` (what the calendar knows without any customer:
//! statutory days, festivals, solar terms, observances). Both print aligned
//! text, or with `--json` an array of items ordered by date then priority.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::agenda::AgendaBook;
use crate::domain::calendar::agenda::{CalendarDays, Occasion, occasions};
use crate::domain::calendar::year::YearCalendar;

/// Options of `genjin agenda`.
#[derive(clap::Args, Debug, Clone)]
pub struct AgendaArgs {
    /// First day (YYYY-MM-DD); default today. Collection steps and payments
    /// due are worked out as the ledger stands on this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// How many days, the first included.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub days: u32,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options of `genjin calendar`.
#[derive(clap::Args, Debug, Clone)]
pub struct CalendarArgs {
    /// The Gregorian year, e.g. 2026.
    pub year: i32,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One item as the JSON output has it.
#[derive(Serialize)]
struct ItemJson<'a> {
    date: NaiveDate,
    kind: &'static str,
    title: &'a str,
    customer_id: Option<i64>,
    customer_name: Option<&'a str>,
    detail: String,
}

impl<'a> ItemJson<'a> {
    fn new(o: &'a Occasion) -> ItemJson<'a> {
        ItemJson {
            date: o.date,
            kind: o.kind.code(),
            title: o.title.as_ref(),
            customer_id: o.customer,
            customer_name: o.customer_name.as_deref(),
            detail: o.detail_text(),
        }
    }
}

/// Runs `genjin agenda`.
pub fn run_agenda(db: Option<PathBuf>, args: AgendaArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = span(args.from.as_deref(), args.days)?;
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let mut book = AgendaBook::load_on(&store, from)?;
    let items = book.occasions(from, to);
    print(&items, args.json)
}

/// The first and last day of `--from` (default today) and `--days`.
pub(super) fn span(from: Option<&str>, days: u32) -> anyhow::Result<(NaiveDate, NaiveDate)> {
    let from = match from {
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .with_context(|| format!("--from {text:?} is not a date like 2026-11-23"))?,
        None => crate::store::now().date(),
    };
    if days == 0 || days > 3660 {
        bail!("--days must be between 1 and 3660");
    }
    let to = from
        .checked_add_days(Days::new(u64::from(days - 1)))
        .context("--days runs past the calendar")?;
    Ok((from, to))
}

/// Runs `genjin calendar YEAR`. With `--db`, or when the default book
/// exists, the shop's own statutory days are included.
pub fn run_calendar(db: Option<PathBuf>, args: CalendarArgs) -> anyhow::Result<ExitCode> {
    if !(1901..=2099).contains(&args.year) {
        bail!("the calendar covers the years 1901 to 2099");
    }
    let own = match db {
        Some(path) => super::open_reader(&path)?.statutory_days()?,
        None => {
            let path = crate::paths::default_db();
            if path.exists() {
                super::open_reader(&path)?.statutory_days()?
            } else {
                Vec::new()
            }
        }
    };
    let year = YearCalendar::compute(args.year, &own);
    if !year.has_statutory_data {
        eprintln!(
            "note: no statutory holiday schedule for {} (built in up to {}); festivals and observances are shown",
            args.year,
            crate::domain::calendar::statutory::last_builtin_year()
        );
    }
    let (first, last) = (
        NaiveDate::from_ymd_opt(args.year, 1, 1).context("a valid year")?,
        NaiveDate::from_ymd_opt(args.year, 12, 31).context("a valid year")?,
    );
    let items = occasions(&[&CalendarDays { years: vec![&year] }], first, last);
    print(&items, args.json)
}

fn print(items: &[Occasion], json: bool) -> anyhow::Result<ExitCode> {
    if json {
        let rows: Vec<ItemJson> = items.iter().map(ItemJson::new).collect();
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        })?;
    } else {
        super::write_stdout(|out| {
            for o in items {
                let who = o.customer_name.as_deref().unwrap_or("");
                let detail = o.detail_text();
                let line = [o.kind.code(), &o.title, who, &detail]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("  ");
                writeln!(out, "{}  {}", o.date, super::terminal::shown(&line))?;
            }
            Ok(())
        })?;
    }
    Ok(ExitCode::SUCCESS)
}
