//! `genjin returns` (the returns log, newest first) and `genjin alerts`
//! (products with too many quality returns as of a day). Both print aligned
//! text, or with `--json` an array.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::complaint::ComplaintId;
use crate::domain::customer::CustomerId;
use crate::domain::returns::{ReturnId, ReturnOutcome};
use crate::store::returns::{AlertState, ReturnRow};

/// Options of `genjin returns`.
#[derive(clap::Args, Debug, Clone)]
pub struct ReturnsArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options of `genjin alerts`.
#[derive(clap::Args, Debug, Clone)]
pub struct AlertsArgs {
    /// The day the alerts are worked out for (YYYY-MM-DD); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One return as the JSON output has it: codes for reason, condition,
/// outcome and refund destination, money in fen.
#[derive(Serialize)]
struct ReturnJson<'a> {
    id: Option<ReturnId>,
    date: String,
    /// Null for a walk-in customer.
    customer_id: Option<CustomerId>,
    /// The customer's name; null for a walk-in.
    customer: Option<&'a str>,
    product: &'a str,
    quantity: u32,
    reason: &'static str,
    condition: &'static str,
    outcome: &'static str,
    refund_fen: i64,
    /// Where the refund went; null when nothing was refunded.
    refund_to: Option<&'static str>,
    /// The complaint case that agreed the return, if any.
    complaint_id: Option<ComplaintId>,
}

impl<'a> ReturnJson<'a> {
    fn new(r: &'a ReturnRow) -> ReturnJson<'a> {
        let e = &r.entry;
        ReturnJson {
            id: e.id,
            date: e.date.to_string(),
            customer_id: e.customer_id,
            customer: r.customer_name.as_deref(),
            product: &e.product,
            quantity: e.quantity,
            reason: e.reason.code(),
            condition: e.condition.code(),
            outcome: e.outcome.code(),
            refund_fen: e.refund.fen(),
            refund_to: refund_to(r),
            complaint_id: e.complaint_id,
        }
    }
}

fn refund_to(r: &ReturnRow) -> Option<&'static str> {
    (r.entry.outcome == ReturnOutcome::Refund).then(|| r.entry.refund_to.code())
}

/// One alert as the JSON output has it.
#[derive(Serialize)]
struct AlertJson<'a> {
    product: &'a str,
    /// Quality returns (by quantity) within the window.
    count: u32,
    window_days: u32,
    /// The first and last quality return counted.
    first: String,
    last: String,
    /// Whether someone acknowledged the alert after its last return.
    acknowledged: bool,
}

impl<'a> AlertJson<'a> {
    fn new(a: &'a AlertState) -> AlertJson<'a> {
        AlertJson {
            product: &a.alert.product,
            count: a.alert.count,
            window_days: a.alert.window_days,
            first: a.alert.first.to_string(),
            last: a.alert.last.to_string(),
            acknowledged: a.acknowledged.is_some(),
        }
    }
}

/// Runs `genjin returns`.
pub fn run_returns(db: Option<PathBuf>, args: ReturnsArgs) -> anyhow::Result<ExitCode> {
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let rows = store.returns()?;
    if args.json {
        let json: Vec<ReturnJson> = rows.iter().map(ReturnJson::new).collect();
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let header = [
        "ID",
        "DATE",
        "CUSTOMER",
        "PRODUCT",
        "QTY",
        "REASON",
        "CONDITION",
        "OUTCOME",
        "REFUND",
        "REFUND_TO",
        "CASE",
    ];
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let e = &r.entry;
            vec![
                e.id.map(|id| id.to_string()).unwrap_or_default(),
                e.date.to_string(),
                match (&r.customer_name, e.customer_id) {
                    (Some(name), Some(id)) => format!("{name} ({id})"),
                    _ => "walk-in".to_string(),
                },
                e.product.clone(),
                e.quantity.to_string(),
                e.reason.code().to_string(),
                e.condition.code().to_string(),
                e.outcome.code().to_string(),
                if e.refund.is_zero() {
                    String::new()
                } else {
                    e.refund.to_string()
                },
                refund_to(r).unwrap_or("").to_string(),
                e.complaint_id.map(|id| id.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    super::write_stdout(|out| super::write_table(out, &header, &table, &[0, 4, 8, 10]))?;
    eprintln!("{} returns", table.len());
    Ok(ExitCode::SUCCESS)
}

/// Runs `genjin alerts`.
pub fn run_alerts(db: Option<PathBuf>, args: AlertsArgs) -> anyhow::Result<ExitCode> {
    let as_of: NaiveDate = match args.as_of.as_deref() {
        Some(text) => super::parse_date_arg("--as-of", text)?,
        None => crate::store::now().date(),
    };
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let alerts = store.quality_alerts(as_of)?;
    if args.json {
        let json: Vec<AlertJson> = alerts.iter().map(AlertJson::new).collect();
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let header = [
        "PRODUCT",
        "COUNT",
        "WINDOW_DAYS",
        "FIRST",
        "LAST",
        "ACKNOWLEDGED",
    ];
    let table: Vec<Vec<String>> = alerts
        .iter()
        .map(|a| {
            vec![
                a.alert.product.clone(),
                a.alert.count.to_string(),
                a.alert.window_days.to_string(),
                a.alert.first.to_string(),
                a.alert.last.to_string(),
                if a.acknowledged.is_some() {
                    "yes"
                } else {
                    "no"
                }
                .to_string(),
            ]
        })
        .collect();
    if !table.is_empty() {
        super::write_stdout(|out| super::write_table(out, &header, &table, &[1, 2]))?;
    }
    eprintln!("{} quality alerts as of {as_of}", table.len());
    Ok(ExitCode::SUCCESS)
}
