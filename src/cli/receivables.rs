//! `genjin aging` (what each customer owes, by days overdue, as of any day,
//! with the shop's buckets and quadrants) and `genjin statement` (one
//! customer's statement of account for a period). Amounts in JSON are
//! integers in fen; the text output shows yuan.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::aging::AgingReport;
use crate::domain::receivables::statement::{EntryKind, Statement};

/// Options of `genjin aging`.
#[derive(clap::Args, Debug, Clone)]
pub struct AgingArgs {
    /// The day the debts are aged on (YYYY-MM-DD); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options of `genjin statement`.
#[derive(clap::Args, Debug, Clone)]
pub struct StatementArgs {
    /// The customer's id (as `genjin customers` lists it).
    #[arg(value_name = "CUSTOMER_ID")]
    pub customer: CustomerId,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: String,
    /// Last day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: String,
    /// Print JSON instead of a readable statement.
    #[arg(long)]
    pub json: bool,
}

/// `--as-of`, or today.
pub(super) fn as_of_or_today(as_of: Option<&str>) -> anyhow::Result<NaiveDate> {
    match as_of {
        Some(text) => super::parse_date_arg("--as-of", text),
        None => Ok(crate::store::now().date()),
    }
}

#[derive(Serialize)]
struct AgingJson<'a> {
    as_of: NaiveDate,
    bucket_edges: &'a [u32],
    buckets: Vec<String>,
    customers: Vec<AgingRowJson<'a>>,
    totals: Vec<i64>,
    total: i64,
}

#[derive(Serialize)]
struct AgingRowJson<'a> {
    customer_id: CustomerId,
    name: &'a str,
    buckets: Vec<i64>,
    total: i64,
    oldest_overdue_days: u32,
    quadrant: &'static str,
}

fn fen(list: &[Money]) -> Vec<i64> {
    list.iter().map(|m| m.fen()).collect()
}

impl<'a> AgingJson<'a> {
    fn new(report: &'a AgingReport) -> AgingJson<'a> {
        AgingJson {
            as_of: report.as_of,
            bucket_edges: report.rules.edges.edges(),
            buckets: report.rules.edges.codes(),
            customers: report
                .rows
                .iter()
                .map(|r| AgingRowJson {
                    customer_id: r.customer_id,
                    name: &r.name,
                    buckets: fen(&r.buckets),
                    total: r.total.fen(),
                    oldest_overdue_days: r.oldest_overdue_days,
                    quadrant: r.quadrant.code(),
                })
                .collect(),
            totals: fen(&report.totals),
            total: report.total.fen(),
        }
    }
}

/// Runs `genjin aging`.
pub fn run_aging(db: Option<PathBuf>, args: AgingArgs) -> anyhow::Result<ExitCode> {
    let as_of = as_of_or_today(args.as_of.as_deref())?;
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let report = store.aging(as_of, &store.aging_rules()?)?;
    if args.json {
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &AgingJson::new(&report))?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let codes = report.rules.edges.codes();
    let mut header: Vec<String> = vec!["ID".into(), "CUSTOMER".into()];
    header.extend(codes.iter().map(|c| c.to_uppercase()));
    header.extend(["TOTAL", "OLDEST_DAYS", "QUADRANT"].map(String::from));
    let amount = |m: &Money| {
        if m.is_zero() {
            String::new()
        } else {
            m.to_string()
        }
    };
    let mut rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.customer_id.to_string(), r.name.clone()];
            row.extend(r.buckets.iter().map(amount));
            row.push(r.total.to_string());
            row.push(r.oldest_overdue_days.to_string());
            row.push(r.quadrant.code().to_string());
            row
        })
        .collect();
    let mut totals = vec![String::new(), "TOTAL".to_string()];
    totals.extend(report.totals.iter().map(Money::to_string));
    totals.push(report.total.to_string());
    rows.push(totals);
    // Every column but the customer's name and the quadrant is a number.
    let right: Vec<usize> = (0..header.len())
        .filter(|i| *i != 1 && *i != header.len() - 1)
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    super::write_stdout(|out| super::write_table(out, &header, &rows, &right))?;
    eprintln!(
        "{} customers owe {} ({} overdue) as of {as_of}; credits held {}",
        report.rows.len(),
        report.total,
        report.overdue,
        report.credits
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct StatementJson<'a> {
    customer_id: CustomerId,
    name: &'a str,
    from: NaiveDate,
    to: NaiveDate,
    opening: i64,
    lines: Vec<LineJson<'a>>,
    sales: i64,
    payments: i64,
    closing: i64,
}

/// A statement line: `amount` is positive, `kind` says which way it moves
/// the balance (a sale adds, a payment or credit subtracts).
#[derive(Serialize)]
struct LineJson<'a> {
    date: NaiveDate,
    kind: &'static str,
    reference: &'a str,
    description: &'a str,
    amount: i64,
    balance: i64,
}

impl<'a> StatementJson<'a> {
    fn new(customer_id: CustomerId, name: &'a str, s: &'a Statement) -> StatementJson<'a> {
        StatementJson {
            customer_id,
            name,
            from: s.from,
            to: s.to,
            opening: s.opening.fen(),
            lines: s
                .lines
                .iter()
                .map(|l| LineJson {
                    date: l.movement.date,
                    kind: l.movement.kind.code(),
                    reference: &l.movement.reference,
                    description: &l.movement.description,
                    amount: l.movement.amount.fen(),
                    balance: l.balance.fen(),
                })
                .collect(),
            sales: s.sales.fen(),
            payments: s.payments.fen(),
            closing: s.closing.fen(),
        }
    }
}

/// Runs `genjin statement`.
pub fn run_statement(db: Option<PathBuf>, args: StatementArgs) -> anyhow::Result<ExitCode> {
    let from = super::parse_date_arg("--from", &args.from)?;
    let to = super::parse_date_arg("--to", &args.to)?;
    if from > to {
        bail!("--from {from} is after --to {to}; give the period's first day first");
    }
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let Some(customer) = store.customer_ref(args.customer)? else {
        bail!(
            "no customer with id {}; `genjin customers --db PATH` lists them",
            args.customer
        );
    };
    let statement = store.statement(args.customer, from, to)?;
    if args.json {
        let json = StatementJson::new(args.customer, &customer.name, &statement);
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let blank = String::new;
    let mut rows = vec![vec![
        from.to_string(),
        "opening".to_string(),
        blank(),
        "balance brought forward".to_string(),
        blank(),
        statement.opening.to_string(),
    ]];
    for line in &statement.lines {
        let m = &line.movement;
        rows.push(vec![
            m.date.to_string(),
            m.kind.code().to_string(),
            m.reference.clone(),
            m.description.clone(),
            m.signed().to_string(),
            line.balance.to_string(),
        ]);
    }
    rows.push(vec![
        to.to_string(),
        "closing".to_string(),
        blank(),
        "balance carried forward".to_string(),
        blank(),
        statement.closing.to_string(),
    ]);
    let credits: Money = statement
        .lines
        .iter()
        .filter(|l| l.movement.kind == EntryKind::Credit)
        .map(|l| l.movement.amount)
        .sum();
    super::write_stdout(|out| {
        writeln!(
            out,
            "Statement of account: {} (customer {}), {from} to {to}",
            super::terminal::shown(&customer.name),
            args.customer
        )?;
        writeln!(out)?;
        super::write_table(
            out,
            &[
                "DATE",
                "KIND",
                "REFERENCE",
                "DESCRIPTION",
                "AMOUNT",
                "BALANCE",
            ],
            &rows,
            &[4, 5],
        )?;
        writeln!(out)?;
        writeln!(out, "Opening balance  {}", statement.opening)?;
        writeln!(out, "Sales            {}", statement.sales)?;
        if credits.is_zero() {
            writeln!(out, "Payments         {}", statement.payments)?;
        } else {
            writeln!(
                out,
                "Payments         {} (of which account credits {credits})",
                statement.payments
            )?;
        }
        writeln!(out, "Closing balance  {}", statement.closing)
    })?;
    Ok(ExitCode::SUCCESS)
}
