//! The aging report and the month-end outstanding series the tabs share,
//! recomputed when the as-of day, the settings or the book change.

use chrono::{Datelike, NaiveDate};

use crate::domain::money::Money;
use crate::domain::receivables::aging::{AgingReport, AgingRules, BucketEdges, Quadrant};
use crate::domain::receivables::ladder::Ladder;
use crate::i18n::{store_error, t, tr};
use crate::store::collection::CollectionRow;

use crate::ui::app::ViewCtx;
use crate::ui::read_at::ReadAt;

/// Months of the outstanding chart.
pub const MONTHS: usize = 12;

#[derive(Default)]
pub struct ReportData {
    /// The day the report is as of (`None`: today).
    pub as_of: Option<NaiveDate>,
    pub rules: AgingRules,
    pub ladder: Ladder,
    pub report: Option<AgingReport>,
    /// Overdue customers with their place on the ladder.
    pub collection: Vec<CollectionRow>,
    /// Total outstanding at each month end (the last point is the as-of day).
    pub months: Vec<(NaiveDate, Money)>,
    read: ReadAt<NaiveDate>,
    /// Counts recomputations, so tabs rebuild what they cache from the
    /// report (sort orders, chart bars) only when it changed.
    generation: u64,
}

impl ReportData {
    pub fn invalidate(&mut self) {
        self.read.invalidate();
    }

    /// Changes every time the report is recomputed.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        self.as_of.unwrap_or(today)
    }

    /// Recomputes when the book or the as-of day changed since last time.
    pub fn refresh(&mut self, view: &mut ViewCtx<'_>) {
        let as_of = self.as_of(view.today);
        if !self.read.needs_read(view.store, as_of) {
            return;
        }
        let store = &*view.store;
        let result = (|| {
            let rules = store.aging_rules()?;
            let ladder = store.ladder()?;
            let report = store.aging(as_of, &rules)?;
            let collection = store.collection_rows(&report, &ladder)?;
            let days = month_ends(as_of, MONTHS);
            let totals = store.outstanding_on(&days)?;
            Ok::<_, crate::store::StoreError>((rules, ladder, report, collection, days, totals))
        })();
        match result {
            Ok((rules, ladder, report, collection, days, totals)) => {
                self.rules = rules;
                self.ladder = ladder;
                self.report = Some(report);
                self.collection = collection;
                self.months = days.into_iter().zip(totals).collect();
                self.generation += 1;
            }
            Err(e) => view.status.error(store_error(&e)),
        }
    }
}

/// The titles of the buckets the edges make: 未到期, 1–30天, …, 90天以上.
pub fn bucket_titles(edges: &BucketEdges) -> Vec<String> {
    (0..edges.len())
        .map(|i| match edges.range(i) {
            (_, Some(0)) => t!("recv.bucket_current").into_owned(),
            (first, Some(last)) => t!("recv.bucket_range", from = first, to = last).into_owned(),
            (first, None) => t!("recv.bucket_over", days = first.saturating_sub(1)).into_owned(),
        })
        .collect()
}

/// A quadrant's name: 短期小额 …
pub fn quadrant_label(q: Quadrant) -> String {
    tr(&format!("recv.quadrant.{}", q.code()))
}

/// A quadrant's colour in the panel and the charts.
pub fn quadrant_color(q: Quadrant) -> egui::Color32 {
    match q {
        Quadrant::ShortSmall => crate::ui::theme::SUCCESS,
        Quadrant::ShortLarge => crate::ui::theme::ACCENT,
        Quadrant::LongSmall => crate::ui::theme::WARNING,
        Quadrant::LongLarge => crate::ui::theme::ERROR,
    }
}

/// The last day of each of the `n` months up to `as_of`'s, the last one
/// being `as_of` itself.
pub fn month_ends(as_of: NaiveDate, n: usize) -> Vec<NaiveDate> {
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
