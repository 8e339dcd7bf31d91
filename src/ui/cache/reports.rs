//! What the book cache computes: each report read from a store (a reader
//! connection on a background thread, or the book itself when it has no
//! file) as plain data the views draw from.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime};

use crate::agenda::AgendaBook;
use crate::domain::calendar::OccasionKind;
use crate::domain::calendar::agenda::{AgendaItem, LeadDays, OccasionKey};
use crate::domain::calendar::month::first_of_month;
use crate::domain::complaint::ComplaintStatus;
use crate::domain::money::Money;
use crate::domain::receivables::aging::{AgingReport, AgingRules};
use crate::domain::receivables::ladder::Ladder;
use crate::domain::retention::Drifting;
use crate::store::collection::CollectionRow;
use crate::store::retention::{AbcChanges, AbcRow};
use crate::store::returns::AlertState;
use crate::store::{Result, Store};
use crate::ui::calendar::MonthData;
use crate::ui::calendar::agenda_panel::{AgendaRow, agenda_rows};

/// Months of the outstanding chart.
pub const MONTHS: usize = 12;

/// The book's calendar data and today's agenda worked out from it.
pub struct AgendaData {
    pub book: AgendaBook,
    pub lead: LeadDays,
    pub snoozed: HashMap<OccasionKey, NaiveDate>,
    /// The day the agenda is for.
    pub today: NaiveDate,
    pub items: Vec<AgendaItem>,
    /// Today's month for the Calendar, worked out here so the window need
    /// not (taken by the Calendar when it first shows it).
    pub month: Option<MonthData>,
    /// Customers (or their family) with a birthday in the coming week.
    pub birthdays_this_week: Vec<String>,
    /// The items laid out as the agenda list's rows, and for how many items
    /// (a view that took items off lays them out again).
    pub rows: std::sync::Arc<Vec<AgendaRow>>,
    pub rows_for: usize,
}

impl AgendaData {
    pub fn compute(store: &Store, today: NaiveDate) -> Result<AgendaData> {
        let mut book = AgendaBook::load_on(store, today)?;
        let lead = store.lead_days()?;
        let snoozed = store.agenda_snoozes()?;
        let items = book.agenda(today, &lead, &snoozed);
        let month = MonthData::compute(&mut book, first_of_month(today));
        let birthdays_this_week = items
            .iter()
            .filter(|i| {
                matches!(
                    i.occasion.kind,
                    OccasionKind::Birthday | OccasionKind::FamilyBirthday
                ) && (0..7).contains(&i.days_until)
            })
            .filter_map(|i| i.occasion.customer_name.as_deref().map(String::from))
            .collect();
        Ok(AgendaData {
            book,
            lead,
            snoozed,
            today,
            month: Some(month),
            birthdays_this_week,
            rows: std::sync::Arc::new(agenda_rows(&items)),
            rows_for: items.len(),
            items,
        })
    }
}

/// Receivables as of one day: the aging report, where each overdue
/// customer stands on the ladder, the month-end totals for the chart, and
/// the figures Home shows beside them.
pub struct ReceivablesReport {
    pub as_of: NaiveDate,
    pub rules: AgingRules,
    pub ladder: Ladder,
    pub report: AgingReport,
    /// The report's rows, largest debt first (the aging table's first order).
    pub default_order: Vec<usize>,
    /// Overdue customers with their place on the ladder.
    pub collection: Vec<CollectionRow>,
    /// Total outstanding at each month end (the last point is the as-of day).
    pub months: Vec<(NaiveDate, Money)>,
    /// What was owed 30 days before the as-of day.
    pub month_ago: Money,
    /// Customers owing more than their credit limit with the excess,
    /// largest first.
    pub over_limit: Vec<(String, Money)>,
}

impl ReceivablesReport {
    pub fn compute(store: &Store, as_of: NaiveDate) -> Result<ReceivablesReport> {
        let rules = store.aging_rules()?;
        let ladder = store.ladder()?;
        let report = store.aging(as_of, &rules)?;
        let collection = store.collection_rows(&report, &ladder)?;
        // One scan of the ledger answers the month ends and 30 days ago.
        let mut days = month_ends(as_of, MONTHS);
        days.push(as_of - Days::new(30));
        let mut totals = store.outstanding_on(&days)?;
        let month_ago = totals.pop().unwrap_or_default();
        days.pop();
        let over_limit = store
            .customers_over_limit()?
            .into_iter()
            .map(|(_, name, owed, limit)| (name, owed - limit))
            .collect();
        Ok(ReceivablesReport {
            as_of,
            rules,
            ladder,
            default_order: crate::ui::receivables::aging::default_order(&report),
            report,
            collection,
            months: days.into_iter().zip(totals).collect(),
            month_ago,
            over_limit,
        })
    }
}

/// The last day of each of the `n` months up to `as_of`'s, the last one
/// being `as_of` itself.
pub fn month_ends(as_of: NaiveDate, n: usize) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let mut out = Vec::with_capacity(n);
    let first_of_month = as_of.with_day(1).unwrap_or(as_of);
    let mut month_start = first_of_month;
    for _ in 1..n {
        let end = month_start.pred_opt().unwrap_or(month_start);
        out.push(end);
        month_start = end.with_day(1).unwrap_or(end);
    }
    out.reverse();
    out.push(as_of);
    out
}

/// After-sales at a glance, for Home: open cases and quality alerts.
#[derive(Debug, Clone, Default)]
pub struct ServiceSummary {
    /// Cases not closed (drafts included).
    pub open: usize,
    pub awaiting_approval: usize,
    /// Cases whose follow-up date has come.
    pub follow_ups_due: usize,
    pub late: usize,
    pub alerts: Vec<AlertState>,
}

impl ServiceSummary {
    pub fn compute(store: &Store, now: NaiveDateTime) -> Result<ServiceSummary> {
        let today = now.date();
        let rules = store.complaint_rules()?;
        let cases = store.open_complaint_summaries()?;
        let mut summary = ServiceSummary {
            open: cases.len(),
            alerts: store.quality_alerts(today)?,
            ..ServiceSummary::default()
        };
        for c in &cases {
            if c.status == ComplaintStatus::AwaitingApproval {
                summary.awaiting_approval += 1;
            }
            if c.status == ComplaintStatus::FollowUpDue
                && c.follow_up_date.is_some_and(|d| d <= today)
            {
                summary.follow_ups_due += 1;
            }
            if c.sla_flags(&rules, now).any() {
                summary.late += 1;
            }
        }
        Ok(summary)
    }
}

/// The Retention section's lists.
pub struct RetentionLists {
    pub drifting: Vec<Drifting>,
    pub abc: Vec<AbcRow>,
    /// The ABC tab's order, shares and mix.
    pub abc_summary: crate::ui::retention::abc::AbcSummary,
}

impl RetentionLists {
    pub fn compute(store: &Store, today: NaiveDate) -> Result<RetentionLists> {
        let abc = store.abc_report(today)?;
        Ok(RetentionLists {
            drifting: store.drifting(today)?,
            abc_summary: crate::ui::retention::abc::AbcSummary::of(&abc),
            abc,
        })
    }
}

/// The ABC classes that changed since they were last written, if the
/// sales did.
pub fn class_changes(store: &Store, today: NaiveDate) -> Result<Option<AbcChanges>> {
    store.abc_changes_if_stale(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ends_end_with_the_as_of_day() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let ends = month_ends(d(2026, 3, 15), 4);
        assert_eq!(
            ends,
            [
                d(2025, 12, 31),
                d(2026, 1, 31),
                d(2026, 2, 28),
                d(2026, 3, 15)
            ]
        );
    }
}
