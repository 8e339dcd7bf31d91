//! `genjin abc` (ABC classes from trailing-12-month revenue, with manual
//! overrides, optionally written back with `--save`) and `genjin drifting`
//! (customers drifting away and why, A-class first). Amounts in JSON are
//! integers in fen; the text output shows yuan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use serde::Serialize;

use super::receivables::as_of_or_today;
use crate::domain::abc::mix;
use crate::domain::customer::{CustomerClass, CustomerId};
use crate::domain::retention::{Drifting, RetentionNote, Signal};
use crate::store::Store;
use crate::store::retention::AbcRow;

/// Options of `genjin abc`.
#[derive(clap::Args, Debug, Clone)]
pub struct AbcArgs {
    /// The last day of the 12-month window (YYYY-MM-DD); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Write the computed classes to the cards (manual overrides stay in force).
    #[arg(long)]
    pub save: bool,
}

/// Options of `genjin drifting`.
#[derive(clap::Args, Debug, Clone)]
pub struct DriftingArgs {
    /// The day to judge on (YYYY-MM-DD); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Class counts as JSON: `{"A": n, "B": n, "C": n}`.
#[derive(Serialize)]
struct MixJson {
    #[serde(rename = "A")]
    a: usize,
    #[serde(rename = "B")]
    b: usize,
    #[serde(rename = "C")]
    c: usize,
}

impl From<[usize; 3]> for MixJson {
    fn from([a, b, c]: [usize; 3]) -> MixJson {
        MixJson { a, b, c }
    }
}

#[derive(Serialize)]
struct AbcJson<'a> {
    as_of: NaiveDate,
    /// Computed classes.
    mix: MixJson,
    /// Classes in force (manual overrides applied).
    effective_mix: MixJson,
    /// With `--save`: how many cards' computed class changed; else null.
    changed: Option<usize>,
    customers: Vec<AbcRowJson<'a>>,
}

#[derive(Serialize)]
struct AbcRowJson<'a> {
    customer_id: CustomerId,
    name: &'a str,
    revenue: i64,
    computed: &'static str,
    manual: Option<&'static str>,
    class: &'static str,
}

/// Opens an existing book for writing.
fn open_writer(path: &Path) -> anyhow::Result<Store> {
    if !path.is_file() {
        bail!(
            "no database at {}; pass an existing file with --db PATH",
            path.display()
        );
    }
    Store::open(path).with_context(|| format!("cannot open {}", path.display()))
}

/// Runs `genjin abc`.
pub fn run_abc(db: Option<PathBuf>, args: AbcArgs) -> anyhow::Result<ExitCode> {
    let as_of = as_of_or_today(args.as_of.as_deref())?;
    let path = super::db_or_default(db);
    let (rows, changed) = if args.save {
        let mut store = open_writer(&path)?;
        let rows = store.abc_report(as_of)?;
        let update = store.recompute_abc(as_of)?;
        (rows, Some(update.changed))
    } else {
        (super::open_reader(&path)?.abc_report(as_of)?, None)
    };
    let computed = mix(rows.iter().map(|r| r.computed));
    let effective = mix(rows.iter().map(AbcRow::class));
    if args.json {
        let json = AbcJson {
            as_of,
            mix: computed.into(),
            effective_mix: effective.into(),
            changed,
            customers: rows
                .iter()
                .map(|r| AbcRowJson {
                    customer_id: r.customer_id,
                    name: &r.name,
                    revenue: r.revenue.fen(),
                    computed: r.computed.code(),
                    manual: r.manual.map(CustomerClass::code),
                    class: r.class().code(),
                })
                .collect(),
        };
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    // Customers who bought in the window or carry an override, largest first.
    let mut listed: Vec<&AbcRow> = rows
        .iter()
        .filter(|r| r.revenue.is_positive() || r.manual.is_some())
        .collect();
    listed.sort_by(|a, b| {
        b.revenue
            .cmp(&a.revenue)
            .then(a.customer_id.cmp(&b.customer_id))
    });
    let table: Vec<Vec<String>> = listed
        .iter()
        .map(|r| {
            vec![
                r.customer_id.to_string(),
                r.name.clone(),
                r.revenue.to_string(),
                r.computed.code().to_string(),
                r.manual.map(|c| c.code()).unwrap_or("").to_string(),
                r.class().code().to_string(),
            ]
        })
        .collect();
    let (from, _) = crate::domain::abc::window(as_of);
    super::write_stdout(|out| {
        writeln!(
            out,
            "ABC classes from sales {from} to {as_of}: A {}, B {}, C {} (in force with overrides: A {}, B {}, C {})",
            computed[0], computed[1], computed[2], effective[0], effective[1], effective[2]
        )?;
        if let Some(n) = changed {
            writeln!(
                out,
                "saved: {n} card{} changed class",
                if n == 1 { "" } else { "s" }
            )?;
        }
        writeln!(out)?;
        super::write_table(
            out,
            &["ID", "CUSTOMER", "REVENUE", "COMPUTED", "MANUAL", "CLASS"],
            &table,
            &[0, 2],
        )
    })?;
    eprintln!(
        "{} customers listed; {} without sales in the window and no override are C",
        table.len(),
        rows.len() - table.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// A drifting signal as JSON, tagged by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum SignalJson {
    Overdue { days: i64, usual: i64 },
    Drop { recent: i64, before: i64 },
    OpenComplaint { complaint: i64, days: i64 },
}

impl From<&Signal> for SignalJson {
    fn from(s: &Signal) -> SignalJson {
        match *s {
            Signal::Overdue { days, usual } => SignalJson::Overdue { days, usual },
            Signal::Drop { recent, before } => SignalJson::Drop {
                recent: recent.fen(),
                before: before.fen(),
            },
            Signal::OpenComplaint { complaint, days } => {
                SignalJson::OpenComplaint { complaint, days }
            }
        }
    }
}

#[derive(Serialize)]
struct NoteJson<'a> {
    date: NaiveDate,
    reason: &'static str,
    attempt: &'a str,
    outcome: &'static str,
}

impl<'a> From<&'a RetentionNote> for NoteJson<'a> {
    fn from(n: &'a RetentionNote) -> NoteJson<'a> {
        NoteJson {
            date: n.date,
            reason: n.reason.code(),
            attempt: &n.attempt,
            outcome: n.outcome.code(),
        }
    }
}

#[derive(Serialize)]
struct DriftingJson<'a> {
    as_of: NaiveDate,
    customers: Vec<DriftingRowJson<'a>>,
}

#[derive(Serialize)]
struct DriftingRowJson<'a> {
    customer_id: CustomerId,
    name: &'a str,
    class: &'static str,
    last_purchase: Option<NaiveDate>,
    revenue: i64,
    signals: Vec<SignalJson>,
    /// The latest leave reason or retention attempt; null when none.
    last_note: Option<NoteJson<'a>>,
}

impl<'a> From<&'a Drifting> for DriftingRowJson<'a> {
    fn from(d: &'a Drifting) -> DriftingRowJson<'a> {
        DriftingRowJson {
            customer_id: d.customer_id,
            name: &d.name,
            class: d.class.code(),
            last_purchase: d.last_purchase,
            revenue: d.revenue.fen(),
            signals: d.signals.iter().map(SignalJson::from).collect(),
            last_note: d.last_note.as_ref().map(NoteJson::from),
        }
    }
}

/// A signal in English words.
fn signal_text(s: &Signal) -> String {
    match s {
        Signal::Overdue { days, usual } => {
            format!("no purchase for {days} days (usually every {usual})")
        }
        Signal::Drop { recent, before } => {
            format!("last 90 days {recent}, down from {before}")
        }
        Signal::OpenComplaint { complaint, days } => {
            format!("complaint #{complaint} open {days} days")
        }
    }
}

/// Runs `genjin drifting`.
pub fn run_drifting(db: Option<PathBuf>, args: DriftingArgs) -> anyhow::Result<ExitCode> {
    let as_of = as_of_or_today(args.as_of.as_deref())?;
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let list = store.drifting(as_of)?;
    if args.json {
        let json = DriftingJson {
            as_of,
            customers: list.iter().map(DriftingRowJson::from).collect(),
        };
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let table: Vec<Vec<String>> = list
        .iter()
        .map(|d| {
            let note = d.last_note.as_ref().map(|n| {
                let mut text = format!("{} {}", n.date, n.reason.code());
                if !n.attempt.is_empty() {
                    text.push_str(&format!(": {} ({})", n.attempt, n.outcome.code()));
                }
                text
            });
            vec![
                d.customer_id.to_string(),
                d.name.clone(),
                d.class.code().to_string(),
                d.last_purchase.map(|p| p.to_string()).unwrap_or_default(),
                d.revenue.to_string(),
                d.signals
                    .iter()
                    .map(signal_text)
                    .collect::<Vec<_>>()
                    .join("; "),
                note.unwrap_or_default(),
            ]
        })
        .collect();
    if !table.is_empty() {
        super::write_stdout(|out| {
            super::write_table(
                out,
                &[
                    "ID",
                    "CUSTOMER",
                    "CLASS",
                    "LAST_PURCHASE",
                    "REVENUE",
                    "SIGNALS",
                    "LAST_NOTE",
                ],
                &table,
                &[0, 4],
            )
        })?;
    }
    eprintln!("{} customers drifting away as of {as_of}", table.len());
    Ok(ExitCode::SUCCESS)
}
