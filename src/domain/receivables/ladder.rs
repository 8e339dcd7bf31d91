//! The collection ladder (催收): steps that escalate with the days since the
//! oldest open debt fell due, the log of what was done, promises to pay and
//! whether they were kept, and the cause recorded for a slow payer.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::super::customer::CustomerId;
use super::super::money::Money;

crate::coded_enum!(
    /// One rung of the ladder.
    StepKind {
        Notice => "notice",
        Phone => "phone",
        DemandLetter => "demand_letter",
        Visit => "visit",
        Legal => "legal",
    }
);

crate::coded_enum!(
    /// Why a customer does not pay, as the shop judges it.
    Cause {
        WontPay => "wont_pay",
        Dissatisfied => "dissatisfied",
        Fraud => "fraud",
        Hardship => "hardship",
    }
);

/// One rung: its step and how many days after the due date it is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rung {
    pub step: StepKind,
    pub after_days: u32,
}

/// The shop's ladder, rungs in the order they are climbed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Rung>", into = "Vec<Rung>")]
pub struct Ladder(Vec<Rung>);

/// Why a ladder was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LadderError {
    Empty,
    /// Days must grow from rung to rung.
    NotIncreasing,
}

impl Ladder {
    pub fn new(rungs: Vec<Rung>) -> Result<Self, LadderError> {
        if rungs.is_empty() {
            return Err(LadderError::Empty);
        }
        if rungs.windows(2).any(|w| w[1].after_days <= w[0].after_days) {
            return Err(LadderError::NotIncreasing);
        }
        Ok(Ladder(rungs))
    }

    pub fn rungs(&self) -> &[Rung] {
        &self.0
    }

    /// Where a customer stands: `oldest_due` is the due date of their oldest
    /// open overdue sale, `log` their collection log (any order). The rung
    /// reached is the highest step logged on or after `oldest_due`; the next
    /// step is the first rung above it, dated due + its days, but never
    /// before the day after a promise to pay that is still pending.
    pub fn position(
        &self,
        oldest_due: NaiveDate,
        log: &[LogEntry],
        promise_state: Option<(NaiveDate, PromiseState)>,
    ) -> LadderPosition {
        let reached = log
            .iter()
            .filter(|e| e.date >= oldest_due)
            .filter_map(|e| self.0.iter().position(|r| r.step == e.step))
            .max();
        let next_index = reached.map_or(0, |i| i + 1);
        let next = self.0.get(next_index).map(|rung| {
            let mut date = oldest_due
                .checked_add_days(Days::new(u64::from(rung.after_days)))
                .unwrap_or(oldest_due);
            if let Some((promised, PromiseState::Pending)) = promise_state
                && let Some(after) = promised.succ_opt()
            {
                date = date.max(after);
            }
            NextStep {
                step: rung.step,
                date,
            }
        });
        LadderPosition {
            reached: reached.map(|i| self.0[i].step),
            next,
        }
    }
}

impl Default for Ladder {
    fn default() -> Self {
        Ladder(vec![
            Rung {
                step: StepKind::Notice,
                after_days: 1,
            },
            Rung {
                step: StepKind::Phone,
                after_days: 7,
            },
            Rung {
                step: StepKind::DemandLetter,
                after_days: 30,
            },
            Rung {
                step: StepKind::Visit,
                after_days: 45,
            },
            Rung {
                step: StepKind::Legal,
                after_days: 90,
            },
        ])
    }
}

impl TryFrom<Vec<Rung>> for Ladder {
    type Error = String;
    fn try_from(v: Vec<Rung>) -> Result<Self, String> {
        Ladder::new(v).map_err(|e| format!("{e:?}"))
    }
}

impl From<Ladder> for Vec<Rung> {
    fn from(l: Ladder) -> Vec<Rung> {
        l.0
    }
}

/// Where a customer stands on the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LadderPosition {
    /// The highest step taken since the oldest debt fell due.
    pub reached: Option<StepKind>,
    /// The next step and its day (`None` at the top of the ladder).
    pub next: Option<NextStep>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextStep {
    pub step: StepKind,
    pub date: NaiveDate,
}

/// One entry of a customer's collection log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub id: Option<i64>,
    pub customer_id: CustomerId,
    pub date: NaiveDate,
    pub step: StepKind,
    /// Who chased (the clerk or owner).
    pub who: String,
    /// What was said, and what the customer answered.
    pub said: String,
    /// The customer's promise to pay: by when and how much.
    pub promise: Option<(NaiveDate, Money)>,
    pub created_at: NaiveDateTime,
}

/// Why a log entry cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogError {
    /// A promise needs an amount above zero.
    PromiseAmount,
    /// A promise to pay cannot fall before the day it was made.
    PromiseBeforeEntry,
    /// The entry is dated after today.
    InFuture,
}

impl LogEntry {
    pub fn validate(&self, today: NaiveDate) -> Vec<LogError> {
        let mut errors = Vec::new();
        if self.date > today {
            errors.push(LogError::InFuture);
        }
        if let Some((by, amount)) = self.promise {
            if !amount.is_positive() {
                errors.push(LogError::PromiseAmount);
            }
            if by < self.date {
                errors.push(LogError::PromiseBeforeEntry);
            }
        }
        errors
    }
}

/// What became of a promise to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseState {
    /// Paid in full by the promised day.
    Kept,
    /// The day passed without the promised amount.
    Broken,
    /// The day has not come and the amount is not yet paid.
    Pending,
}

/// Judges a promise made on `made` to pay `amount` by `by`: the payments
/// dated `made..=by` count towards it.
pub fn promise_state(
    made: NaiveDate,
    by: NaiveDate,
    amount: Money,
    payments: &[(NaiveDate, Money)],
    today: NaiveDate,
) -> PromiseState {
    let paid: Money = payments
        .iter()
        .filter(|(d, _)| *d >= made && *d <= by && *d <= today)
        .map(|(_, m)| *m)
        .sum();
    if paid >= amount {
        PromiseState::Kept
    } else if today > by {
        PromiseState::Broken
    } else {
        PromiseState::Pending
    }
}

/// The cause recorded for a customer's unpaid debt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CauseRecord {
    pub cause: Cause,
    /// The complaint behind a dissatisfied customer's refusal.
    pub complaint_id: Option<i64>,
    pub note: String,
    pub recorded_at: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn entry(date: NaiveDate, step: StepKind) -> LogEntry {
        LogEntry {
            id: None,
            customer_id: 1,
            date,
            step,
            who: "店长".into(),
            said: String::new(),
            promise: None,
            created_at: date.and_hms_opt(10, 0, 0).unwrap(),
        }
    }

    #[test]
    fn default_ladder_dates_follow_the_due_date() {
        let ladder = Ladder::default();
        let due = d(3, 1);
        let p = ladder.position(due, &[], None);
        assert_eq!(p.reached, None);
        assert_eq!(
            p.next,
            Some(NextStep {
                step: StepKind::Notice,
                date: d(3, 2)
            })
        );
        let log = [
            entry(d(3, 2), StepKind::Notice),
            entry(d(3, 9), StepKind::Phone),
        ];
        let p = ladder.position(due, &log, None);
        assert_eq!(p.reached, Some(StepKind::Phone));
        assert_eq!(
            p.next,
            Some(NextStep {
                step: StepKind::DemandLetter,
                date: d(3, 31)
            })
        );
        let p = ladder.position(due, &[entry(d(6, 1), StepKind::Legal)], None);
        assert_eq!(p.next, None);
        let rungs: Vec<(StepKind, u32)> = ladder
            .rungs()
            .iter()
            .map(|r| (r.step, r.after_days))
            .collect();
        assert_eq!(
            rungs,
            [
                (StepKind::Notice, 1),
                (StepKind::Phone, 7),
                (StepKind::DemandLetter, 30),
                (StepKind::Visit, 45),
                (StepKind::Legal, 90)
            ]
        );
    }

    #[test]
    fn steps_logged_for_an_older_debt_do_not_count() {
        let ladder = Ladder::default();
        let log = [entry(d(1, 5), StepKind::Visit)];
        assert_eq!(ladder.position(d(3, 1), &log, None).reached, None);
    }

    #[test]
    fn a_pending_promise_holds_the_next_step_until_the_day_after() {
        let ladder = Ladder::default();
        let due = d(3, 1);
        let log = [entry(d(3, 2), StepKind::Notice)];
        let p = ladder.position(due, &log, Some((d(3, 20), PromiseState::Pending)));
        assert_eq!(p.next.unwrap().date, d(3, 21));
        let p = ladder.position(due, &log, Some((d(3, 20), PromiseState::Broken)));
        assert_eq!(p.next.unwrap().date, d(3, 8));
    }

    #[test]
    fn ladders_must_climb() {
        let r = |step, after_days| Rung { step, after_days };
        assert_eq!(Ladder::new(vec![]), Err(LadderError::Empty));
        assert_eq!(
            Ladder::new(vec![r(StepKind::Notice, 5), r(StepKind::Phone, 5)]),
            Err(LadderError::NotIncreasing)
        );
        let json = serde_json::to_string(&Ladder::default()).unwrap();
        let back: Ladder = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Ladder::default());
        assert!(serde_json::from_str::<Ladder>("[]").is_err());
    }

    #[test]
    fn promises_kept_broken_and_pending() {
        let pays = [
            (d(3, 5), Money::from_yuan(300)),
            (d(3, 12), Money::from_yuan(200)),
        ];
        let amount = Money::from_yuan(500);
        assert_eq!(
            promise_state(d(3, 1), d(3, 15), amount, &pays, d(3, 20)),
            PromiseState::Kept
        );
        // Only 300 by the 10th: broken once the 10th has passed.
        assert_eq!(
            promise_state(d(3, 1), d(3, 10), amount, &pays, d(3, 11)),
            PromiseState::Broken
        );
        assert_eq!(
            promise_state(d(3, 1), d(3, 10), amount, &pays, d(3, 10)),
            PromiseState::Pending
        );
        // A payment before the promise was made does not count towards it.
        assert_eq!(
            promise_state(d(3, 6), d(3, 15), amount, &pays, d(3, 20)),
            PromiseState::Broken
        );
    }

    #[test]
    fn log_entries_are_validated() {
        let today = d(3, 10);
        let mut e = entry(d(3, 10), StepKind::Phone);
        assert!(e.validate(today).is_empty());
        e.promise = Some((d(3, 9), Money(0)));
        assert_eq!(
            e.validate(today),
            [LogError::PromiseAmount, LogError::PromiseBeforeEntry]
        );
        e.date = d(3, 11);
        e.promise = None;
        assert_eq!(e.validate(today), [LogError::InFuture]);
    }
}
