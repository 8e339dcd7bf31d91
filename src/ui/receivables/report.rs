//! What the Receivables tabs share: the as-of day chosen and the report
//! for it, taken from the book cache (which computes it off the UI thread;
//! the last report stays shown, marked as updating, until the new one is
//! there), and the names and colours of buckets and quadrants.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::money::Money;
use crate::domain::receivables::aging::{AgingReport, AgingRules, BucketEdges, Quadrant};
use crate::domain::receivables::ladder::Ladder;
use crate::i18n::{t, tr};
use crate::store::collection::CollectionRow;
use crate::ui::app::ViewCtx;
use crate::ui::cache::reports::ReceivablesReport;

pub use crate::ui::cache::reports::{MONTHS, month_ends};

#[derive(Default)]
pub struct ReportData {
    /// The day the report is as of (`None`: today).
    pub as_of: Option<NaiveDate>,
    shown: Option<Arc<ReceivablesReport>>,
    /// Whether a newer report is being computed.
    updating: bool,
    /// The cache generation of the report shown, so tabs rebuild what they
    /// derive from it (sort orders, chart bars) only when it changed.
    generation: u64,
    rules: AgingRules,
    ladder: Ladder,
}

impl ReportData {
    /// Changes every time a new report arrives.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        self.as_of.unwrap_or(today)
    }

    /// Whether a newer report than the one shown is on its way.
    pub fn is_updating(&self) -> bool {
        self.updating
    }

    pub fn report(&self) -> Option<&AgingReport> {
        self.shown.as_ref().map(|r| &r.report)
    }

    /// The aging rules the report was made with (the defaults before the
    /// first report).
    pub fn rules(&self) -> &AgingRules {
        self.shown.as_ref().map_or(&self.rules, |r| &r.rules)
    }

    pub fn ladder(&self) -> &Ladder {
        self.shown.as_ref().map_or(&self.ladder, |r| &r.ladder)
    }

    /// The report's rows, largest debt first (sorted with the report).
    pub fn default_order(&self) -> &[usize] {
        self.shown.as_ref().map_or(&[], |r| &r.default_order)
    }

    /// Overdue customers with their place on the ladder.
    pub fn collection(&self) -> &[CollectionRow] {
        self.shown.as_ref().map_or(&[], |r| &r.collection)
    }

    /// Total outstanding at each month end (the last point is the as-of day).
    pub fn months(&self) -> &[(NaiveDate, Money)] {
        self.shown.as_ref().map_or(&[], |r| &r.months)
    }

    /// Takes the latest report for the as-of day from the book cache.
    pub fn refresh(&mut self, view: &mut ViewCtx<'_>) {
        let as_of = self.as_of(view.clock.today());
        let slot = view.cache.receivables(view.store, &view.clock, as_of);
        self.updating = slot.is_updating();
        let Some(report) = slot.get() else {
            self.shown = None;
            return;
        };
        // A report for another day is not shown as this day's.
        if report.as_of != as_of && !slot.is_updating() {
            return;
        }
        if self
            .shown
            .as_ref()
            .is_none_or(|shown| !Arc::ptr_eq(shown, report))
        {
            if let Some(old) = self.shown.replace(Arc::clone(report)) {
                crate::ui::cache::drop_later(old);
            }
            self.generation += 1;
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
