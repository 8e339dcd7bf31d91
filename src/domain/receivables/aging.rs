//! Aging of receivables as of a chosen day: payments allocated to sales
//! (a payment for a sale pays that sale, everything else pays the oldest
//! open sales first), each open amount put in a bucket by days overdue, the
//! customer's quadrant (age × amount) and the report's totals.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::super::customer::CustomerId;
use super::super::money::Money;

/// The upper edges, in days overdue, of every bucket but the last:
/// `[0, 30, 60, 90]` gives current (≤ 0), 1–30, 31–60, 61–90 and over 90.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<u32>", into = "Vec<u32>")]
pub struct BucketEdges(Vec<u32>);

/// Why a list of bucket edges was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgesError {
    /// It must start at 0 (the current bucket) and have 1 to 8 edges.
    Shape,
    /// Each edge must be larger than the one before.
    NotIncreasing,
}

impl BucketEdges {
    pub fn new(edges: Vec<u32>) -> Result<Self, EdgesError> {
        if edges.is_empty() || edges.len() > 8 || edges[0] != 0 {
            return Err(EdgesError::Shape);
        }
        if edges.windows(2).any(|w| w[1] <= w[0]) {
            return Err(EdgesError::NotIncreasing);
        }
        Ok(BucketEdges(edges))
    }

    /// Parses "0, 30, 60, 90" (commas, spaces or Chinese commas).
    pub fn parse(text: &str) -> Result<Self, EdgesError> {
        let edges: Result<Vec<u32>, _> = text
            .split([',', '，', '、', ' ', '/'])
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.trim().parse::<u32>())
            .collect();
        Self::new(edges.map_err(|_| EdgesError::Shape)?)
    }

    pub fn edges(&self) -> &[u32] {
        &self.0
    }

    /// How many buckets the edges make (one more than edges).
    pub fn len(&self) -> usize {
        self.0.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The bucket of an amount `days` overdue (zero or negative: not yet due).
    pub fn bucket_of(&self, days: i64) -> usize {
        self.0
            .iter()
            .position(|&edge| days <= i64::from(edge))
            .unwrap_or(self.0.len())
    }

    /// Stable bucket codes for scripts: "current", "1-30", …, "90+".
    pub fn codes(&self) -> Vec<String> {
        let mut out = vec!["current".to_string()];
        for w in self.0.windows(2) {
            out.push(format!("{}-{}", w[0] + 1, w[1]));
        }
        out.push(format!("{}+", self.0[self.0.len() - 1]));
        out
    }

    /// The day range of bucket `i` past the first: `(first, Some(last))`, or
    /// `(first, None)` for the open-ended last bucket.
    pub fn range(&self, i: usize) -> (u32, Option<u32>) {
        let first = if i == 0 { 0 } else { self.0[i - 1] + 1 };
        (first, self.0.get(i).copied())
    }
}

impl Default for BucketEdges {
    fn default() -> Self {
        BucketEdges(vec![0, 30, 60, 90])
    }
}

impl TryFrom<Vec<u32>> for BucketEdges {
    type Error = String;
    fn try_from(v: Vec<u32>) -> Result<Self, String> {
        BucketEdges::new(v).map_err(|e| format!("{e:?}"))
    }
}

impl From<BucketEdges> for Vec<u32> {
    fn from(e: BucketEdges) -> Vec<u32> {
        e.0
    }
}

crate::coded_enum!(
    /// The four collection quadrants: debt age (short ≤ the long-term line,
    /// long beyond it) × amount (small ≤ the large line, large above it).
    Quadrant {
        ShortSmall => "short_small",
        ShortLarge => "short_large",
        LongSmall => "long_small",
        LongLarge => "long_large",
    }
);

impl Quadrant {
    pub fn of(oldest_overdue_days: u32, total: Money, rules: &AgingRules) -> Quadrant {
        let long = oldest_overdue_days > rules.long_after_days;
        let large = total > rules.large_above;
        match (long, large) {
            (false, false) => Quadrant::ShortSmall,
            (false, true) => Quadrant::ShortLarge,
            (true, false) => Quadrant::LongSmall,
            (true, true) => Quadrant::LongLarge,
        }
    }

    pub fn is_long(self) -> bool {
        matches!(self, Quadrant::LongSmall | Quadrant::LongLarge)
    }

    pub fn is_large(self) -> bool {
        matches!(self, Quadrant::ShortLarge | Quadrant::LongLarge)
    }
}

/// The shop's receivable settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgingRules {
    pub edges: BucketEdges,
    /// Overdue longer than this many days is long-term (default 30).
    pub long_after_days: u32,
    /// An open total above this is large (default ¥100,000).
    pub large_above: Money,
    /// The shop's margin in percent, for the cost of a bad debt (default 10).
    pub margin_percent: u32,
}

impl Default for AgingRules {
    fn default() -> Self {
        AgingRules {
            edges: BucketEdges::default(),
            long_after_days: 30,
            large_above: Money::from_yuan(100_000),
            margin_percent: 10,
        }
    }
}

/// How much new sales it takes to earn back `debt` at `margin_percent`
/// (a ¥100,000 bad debt at 10% takes ¥1,000,000). `None` without a margin.
pub fn sales_to_recover(debt: Money, margin_percent: u32) -> Option<Money> {
    if margin_percent == 0 {
        return None;
    }
    let fen = i128::from(debt.fen()) * 100 / i128::from(margin_percent);
    Some(Money(i64::try_from(fen).unwrap_or(i64::MAX)))
}

/// A sale as the ledger sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerSale {
    pub id: i64,
    pub date: NaiveDate,
    pub due: NaiveDate,
    pub amount: Money,
}

/// Money received (or credited to the account), perhaps for one sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerPayment {
    pub date: NaiveDate,
    pub amount: Money,
    pub sale_id: Option<i64>,
}

/// What is still open of one sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenSale {
    pub sale_id: i64,
    pub date: NaiveDate,
    pub due: NaiveDate,
    pub amount: Money,
    pub open: Money,
    /// Days past the due date (zero or negative when not yet due).
    pub days_overdue: i64,
}

/// Payments allocated to sales as of a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allocation {
    /// Sales with something left to pay, oldest first.
    pub open: Vec<OpenSale>,
    /// Paid beyond every sale: the shop holds this for the customer.
    pub credit: Money,
}

impl Allocation {
    pub fn total(&self) -> Money {
        self.open.iter().map(|s| s.open).sum()
    }

    /// Days overdue of the oldest overdue open sale (0 when nothing is overdue).
    pub fn oldest_overdue_days(&self) -> u32 {
        self.open
            .iter()
            .map(|s| s.days_overdue)
            .max()
            .unwrap_or(0)
            .max(0) as u32
    }

    pub fn overdue(&self) -> Money {
        self.open
            .iter()
            .filter(|s| s.days_overdue > 0)
            .map(|s| s.open)
            .sum()
    }
}

/// Allocates `payments` to `sales` as of `as_of` (anything dated after it is
/// ignored). A payment naming a sale pays that sale and its excess joins the
/// pool; the pool pays the oldest open sales first (by date, then id). The
/// inputs may be in any order.
pub fn allocate(sales: &[LedgerSale], payments: &[LedgerPayment], as_of: NaiveDate) -> Allocation {
    let mut sales: Vec<LedgerSale> = sales.iter().filter(|s| s.date <= as_of).copied().collect();
    sales.sort_by_key(|s| (s.date, s.id));
    let mut open: Vec<i64> = sales.iter().map(|s| s.amount.fen()).collect();
    let mut pool: i64 = 0;
    for p in payments.iter().filter(|p| p.date <= as_of) {
        let mut left = p.amount.fen();
        if let Some(id) = p.sale_id
            && let Some(i) = sales.iter().position(|s| s.id == id)
        {
            let take = left.min(open[i]);
            open[i] -= take;
            left -= take;
        }
        pool += left;
    }
    for o in open.iter_mut() {
        let take = pool.min(*o);
        *o -= take;
        pool -= take;
    }
    Allocation {
        open: sales
            .iter()
            .zip(open)
            .filter(|(_, o)| *o > 0)
            .map(|(s, o)| OpenSale {
                sale_id: s.id,
                date: s.date,
                due: s.due,
                amount: s.amount,
                open: Money(o),
                days_overdue: (as_of - s.due).num_days(),
            })
            .collect(),
        credit: Money(pool),
    }
}

/// One customer's line of the aging report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAging {
    pub customer_id: CustomerId,
    pub name: String,
    /// Open amounts per bucket, as many as the edges make.
    pub buckets: Vec<Money>,
    pub total: Money,
    pub overdue: Money,
    pub oldest_overdue_days: u32,
    pub quadrant: Quadrant,
}

impl CustomerAging {
    /// The customer's line from their allocation; `None` when nothing is open.
    pub fn from_allocation(
        customer_id: CustomerId,
        name: String,
        allocation: &Allocation,
        rules: &AgingRules,
    ) -> Option<CustomerAging> {
        if allocation.open.is_empty() {
            return None;
        }
        let mut buckets = vec![Money(0); rules.edges.len()];
        for s in &allocation.open {
            buckets[rules.edges.bucket_of(s.days_overdue)] += s.open;
        }
        let total = allocation.total();
        let oldest = allocation.oldest_overdue_days();
        Some(CustomerAging {
            customer_id,
            name,
            buckets,
            total,
            overdue: allocation.overdue(),
            oldest_overdue_days: oldest,
            quadrant: Quadrant::of(oldest, total, rules),
        })
    }
}

/// Count and sum of one quadrant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuadrantTotal {
    pub customers: usize,
    pub total: Money,
}

/// The aging report: one line per customer with something open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingReport {
    pub as_of: NaiveDate,
    pub rules: AgingRules,
    /// By customer id.
    pub rows: Vec<CustomerAging>,
    pub totals: Vec<Money>,
    pub total: Money,
    pub overdue: Money,
    /// Credits the shop holds for customers who paid ahead.
    pub credits: Money,
    /// Quadrant totals in [`Quadrant::ALL`] order.
    pub quadrants: [QuadrantTotal; 4],
}

impl AgingReport {
    /// Sums the lines (given in any order; kept sorted by customer id).
    pub fn new(
        as_of: NaiveDate,
        rules: AgingRules,
        mut rows: Vec<CustomerAging>,
        credits: Money,
    ) -> AgingReport {
        rows.sort_by_key(|r| r.customer_id);
        let mut totals = vec![Money(0); rules.edges.len()];
        let mut quadrants = [QuadrantTotal::default(); 4];
        let (mut total, mut overdue) = (Money(0), Money(0));
        for r in &rows {
            for (t, b) in totals.iter_mut().zip(&r.buckets) {
                *t += *b;
            }
            total += r.total;
            overdue += r.overdue;
            let q = &mut quadrants[quadrant_index(r.quadrant)];
            q.customers += 1;
            q.total += r.total;
        }
        AgingReport {
            as_of,
            rules,
            rows,
            totals,
            total,
            overdue,
            credits,
            quadrants,
        }
    }

    pub fn row(&self, customer: CustomerId) -> Option<&CustomerAging> {
        self.rows
            .binary_search_by_key(&customer, |r| r.customer_id)
            .ok()
            .map(|i| &self.rows[i])
    }

    /// The `n` customers owing most, largest first.
    pub fn top_debtors(&self, n: usize) -> Vec<&CustomerAging> {
        let mut rows: Vec<&CustomerAging> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            b.total
                .cmp(&a.total)
                .then(a.customer_id.cmp(&b.customer_id))
        });
        rows.truncate(n);
        rows
    }

    /// Per bucket, the open amount of each quadrant (in [`Quadrant::ALL`] order).
    pub fn buckets_by_quadrant(&self) -> Vec<[Money; 4]> {
        let mut out = vec![[Money(0); 4]; self.totals.len()];
        for r in &self.rows {
            for (slot, b) in out.iter_mut().zip(&r.buckets) {
                slot[quadrant_index(r.quadrant)] += *b;
            }
        }
        out
    }
}

pub fn quadrant_index(q: Quadrant) -> usize {
    Quadrant::ALL.iter().position(|x| *x == q).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn sale(id: i64, date: NaiveDate, due: NaiveDate, yuan: i64) -> LedgerSale {
        LedgerSale {
            id,
            date,
            due,
            amount: Money::from_yuan(yuan),
        }
    }
    fn pay(date: NaiveDate, yuan: i64, sale_id: Option<i64>) -> LedgerPayment {
        LedgerPayment {
            date,
            amount: Money::from_yuan(yuan),
            sale_id,
        }
    }

    #[test]
    fn default_buckets_split_at_the_day_edges() {
        let e = BucketEdges::default();
        assert_eq!(e.bucket_of(-5), 0);
        assert_eq!(e.bucket_of(0), 0, "due today is current");
        assert_eq!(e.bucket_of(1), 1);
        assert_eq!(e.bucket_of(30), 1);
        assert_eq!(e.bucket_of(31), 2);
        assert_eq!(e.bucket_of(60), 2);
        assert_eq!(e.bucket_of(61), 3);
        assert_eq!(e.bucket_of(90), 3);
        assert_eq!(e.bucket_of(91), 4);
        assert_eq!(e.codes(), ["current", "1-30", "31-60", "61-90", "90+"]);
        assert_eq!(e.range(2), (31, Some(60)));
        assert_eq!(e.range(4), (91, None));
    }

    #[test]
    fn edges_are_validated_and_parsed() {
        assert_eq!(
            BucketEdges::parse("0，15, 45 120").unwrap().edges(),
            [0, 15, 45, 120]
        );
        assert_eq!(BucketEdges::parse("10, 20"), Err(EdgesError::Shape));
        assert_eq!(
            BucketEdges::parse("0, 30, 30"),
            Err(EdgesError::NotIncreasing)
        );
        assert_eq!(BucketEdges::parse("0, x"), Err(EdgesError::Shape));
        assert_eq!(BucketEdges::parse(""), Err(EdgesError::Shape));
        let json = serde_json::to_string(&BucketEdges::default()).unwrap();
        assert_eq!(json, "[0,30,60,90]");
        assert!(serde_json::from_str::<BucketEdges>("[5,1]").is_err());
    }

    #[test]
    fn unallocated_payments_pay_the_oldest_sales_first() {
        let sales = [
            sale(2, d(3, 1), d(3, 31), 300),
            sale(1, d(1, 1), d(1, 31), 100),
            sale(3, d(5, 1), d(5, 31), 500),
        ];
        let a = allocate(&sales, &[pay(d(6, 1), 250, None)], d(6, 30));
        let open: Vec<(i64, i64)> = a.open.iter().map(|s| (s.sale_id, s.open.fen())).collect();
        assert_eq!(open, [(2, 15_000), (3, 50_000)]);
        assert_eq!(a.total(), Money::from_yuan(650));
        assert_eq!(a.credit, Money(0));
        assert_eq!(a.oldest_overdue_days(), 91);
    }

    #[test]
    fn a_payment_for_a_sale_pays_that_sale_and_its_excess_goes_to_the_oldest() {
        let sales = [
            sale(1, d(1, 1), d(1, 31), 100),
            sale(2, d(2, 1), d(3, 3), 200),
            sale(3, d(3, 1), d(3, 31), 300),
        ];
        let a = allocate(&sales, &[pay(d(4, 1), 350, Some(3))], d(4, 1));
        let open: Vec<(i64, i64)> = a.open.iter().map(|s| (s.sale_id, s.open.fen())).collect();
        // 300 pays sale 3, the excess 50 pays half of the oldest.
        assert_eq!(open, [(1, 5_000), (2, 20_000)]);
    }

    #[test]
    fn partial_payment_leaves_the_rest_open() {
        let a = allocate(
            &[sale(1, d(1, 1), d(1, 31), 100)],
            &[pay(d(1, 10), 40, Some(1))],
            d(2, 1),
        );
        assert_eq!(a.open[0].open, Money::from_yuan(60));
        assert_eq!(a.open[0].days_overdue, 1);
    }

    #[test]
    fn overpayment_is_a_credit_never_a_negative_bucket() {
        let rules = AgingRules::default();
        let a = allocate(
            &[sale(1, d(1, 1), d(1, 31), 100)],
            &[pay(d(1, 5), 130, None)],
            d(3, 1),
        );
        assert!(a.open.is_empty());
        assert_eq!(a.credit, Money::from_yuan(30));
        assert!(CustomerAging::from_allocation(1, "甲".into(), &a, &rules).is_none());
    }

    #[test]
    fn back_dated_as_of_ignores_later_sales_and_payments() {
        let sales = [
            sale(1, d(1, 1), d(1, 31), 100),
            sale(2, d(6, 1), d(6, 30), 200),
        ];
        let payments = [pay(d(5, 1), 100, None)];
        // As of 1 April: the payment of May has not happened, June's sale neither.
        let a = allocate(&sales, &payments, d(4, 1));
        assert_eq!(a.open.len(), 1);
        assert_eq!(a.open[0].days_overdue, 60);
        // As of 1 July both happened: only June's sale is open.
        let a = allocate(&sales, &payments, d(7, 1));
        assert_eq!(a.open.iter().map(|s| s.sale_id).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn customer_line_buckets_and_quadrant() {
        let rules = AgingRules::default();
        let as_of = d(6, 30);
        let sales = [
            sale(1, d(1, 1), d(5, 31), 100), // 30 days overdue
            sale(2, d(1, 1), d(5, 30), 200), // 31 days
            sale(3, d(6, 1), d(6, 30), 400), // due today: current
        ];
        let a = allocate(&sales, &[], as_of);
        let line = CustomerAging::from_allocation(9, "乙".into(), &a, &rules).unwrap();
        assert_eq!(
            line.buckets,
            [
                Money::from_yuan(400),
                Money::from_yuan(100),
                Money::from_yuan(200),
                Money(0),
                Money(0)
            ]
        );
        assert_eq!(line.total, Money::from_yuan(700));
        assert_eq!(line.overdue, Money::from_yuan(300));
        assert_eq!(line.oldest_overdue_days, 31);
        assert_eq!(line.quadrant, Quadrant::LongSmall);
    }

    #[test]
    fn quadrants_split_at_thirty_days_and_the_large_line() {
        let r = AgingRules::default();
        let large = Money::from_yuan(100_000);
        assert_eq!(Quadrant::of(30, large, &r), Quadrant::ShortSmall);
        assert_eq!(Quadrant::of(30, large + Money(1), &r), Quadrant::ShortLarge);
        assert_eq!(Quadrant::of(31, large, &r), Quadrant::LongSmall);
        assert_eq!(Quadrant::of(31, large + Money(1), &r), Quadrant::LongLarge);
    }

    #[test]
    fn report_totals_quadrants_and_top_debtors() {
        let rules = AgingRules::default();
        let as_of = d(6, 30);
        let line = |id, yuan, due| {
            let a = allocate(&[sale(id, d(1, 1), due, yuan)], &[], as_of);
            CustomerAging::from_allocation(id, format!("客户{id}"), &a, &rules).unwrap()
        };
        let report = AgingReport::new(
            as_of,
            rules.clone(),
            vec![
                line(3, 200_000, d(4, 1)),
                line(1, 50, d(6, 30)),
                line(2, 150_000, d(6, 20)),
            ],
            Money::from_yuan(5),
        );
        assert_eq!(
            report
                .rows
                .iter()
                .map(|r| r.customer_id)
                .collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(report.total, Money::from_yuan(350_050));
        assert_eq!(report.totals[0], Money::from_yuan(50));
        assert_eq!(report.totals[1], Money::from_yuan(150_000));
        assert_eq!(report.totals[3], Money::from_yuan(200_000));
        assert_eq!(report.quadrants[0].customers, 1);
        assert_eq!(report.quadrants[1].total, Money::from_yuan(150_000));
        assert_eq!(report.quadrants[3].customers, 1);
        let top: Vec<i64> = report
            .top_debtors(2)
            .iter()
            .map(|r| r.customer_id)
            .collect();
        assert_eq!(top, [3, 2]);
        assert_eq!(report.row(2).unwrap().oldest_overdue_days, 10);
        let by_q = report.buckets_by_quadrant();
        assert_eq!(by_q[3][3], Money::from_yuan(200_000));
    }

    #[test]
    fn bad_debt_takes_sales_at_the_margin_to_earn_back() {
        assert_eq!(
            sales_to_recover(Money::from_yuan(100_000), 10),
            Some(Money::from_yuan(1_000_000))
        );
        assert_eq!(
            sales_to_recover(Money::from_yuan(300), 25),
            Some(Money::from_yuan(1_200))
        );
        assert_eq!(sales_to_recover(Money::from_yuan(1), 0), None);
    }
}
