//! `genjin complaints`: the complaint cases, newest first, optionally only
//! those in one status, as aligned text columns or as a JSON array.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use serde::Serialize;

use crate::domain::complaint::{ComplaintId, ComplaintStatus};
use crate::domain::customer::CustomerId;
use crate::store::complaints::ComplaintSummary;

/// Options of `genjin complaints`.
#[derive(clap::Args, Debug, Clone)]
pub struct ComplaintsArgs {
    /// Only cases in this status: draft, open, awaiting_approval,
    /// follow_up_due or closed.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One case as the JSON output has it: codes for status, step and
/// resolution (the remedy), ISO dates.
#[derive(Serialize)]
struct CaseJson<'a> {
    id: ComplaintId,
    customer_id: CustomerId,
    customer: &'a str,
    status: &'static str,
    step: &'static str,
    /// The day the case came in.
    received: String,
    product: &'a str,
    /// The remedy's code; null while none is chosen.
    resolution: Option<&'static str>,
    follow_up_date: Option<String>,
}

impl<'a> CaseJson<'a> {
    fn new(s: &'a ComplaintSummary) -> CaseJson<'a> {
        CaseJson {
            id: s.id,
            customer_id: s.customer_id,
            customer: &s.customer_name,
            status: s.status.code(),
            step: s.step.code(),
            received: s.received_at.date().to_string(),
            product: &s.product,
            resolution: s.remedy.map(|r| r.code()),
            follow_up_date: s.follow_up_date.map(|d| d.to_string()),
        }
    }
}

/// The status `--status` names, or an error listing the valid codes.
fn parse_status(text: &str) -> anyhow::Result<ComplaintStatus> {
    match ComplaintStatus::from_code(text.trim()) {
        Some(status) => Ok(status),
        None => {
            let codes: Vec<&str> = ComplaintStatus::ALL.iter().map(|s| s.code()).collect();
            bail!("unknown status {text:?}; use one of: {}", codes.join(", "))
        }
    }
}

/// Runs `genjin complaints`.
pub fn run(db: Option<PathBuf>, args: ComplaintsArgs) -> anyhow::Result<ExitCode> {
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let all = store.complaint_summaries()?;
    let total = all.len();
    let cases: Vec<ComplaintSummary> = all
        .into_iter()
        .filter(|c| status.is_none_or(|s| c.status == s))
        .collect();

    if args.json {
        let rows: Vec<CaseJson> = cases.iter().map(CaseJson::new).collect();
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }

    let header = [
        "ID",
        "CUSTOMER_ID",
        "CUSTOMER",
        "STATUS",
        "STEP",
        "RECEIVED",
        "PRODUCT",
        "RESOLUTION",
        "FOLLOW_UP",
    ];
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.customer_id.to_string(),
                c.customer_name.clone(),
                c.status.code().to_string(),
                c.step.code().to_string(),
                c.received_at.date().to_string(),
                c.product.clone(),
                c.remedy.map(|r| r.code()).unwrap_or("").to_string(),
                c.follow_up_date.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    super::write_stdout(|out| super::write_table(out, &header, &rows, &[0, 1]))?;
    // The count goes to stderr so the table on stdout stays machine-readable.
    eprintln!("{} of {total} complaint cases", rows.len());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_parse_and_a_wrong_one_lists_the_valid_ones() {
        assert_eq!(
            parse_status("follow_up_due").unwrap(),
            ComplaintStatus::FollowUpDue
        );
        assert_eq!(parse_status(" closed ").unwrap(), ComplaintStatus::Closed);
        let err = parse_status("pending").unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown status \"pending\"; use one of: draft, open, awaiting_approval, follow_up_due, closed"
        );
    }
}
