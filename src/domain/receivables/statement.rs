//! A customer's statement of account (对账单) for a period: the balance
//! brought forward, each sale, payment and account credit in date order with
//! the running balance, and the balance carried forward.

use chrono::NaiveDate;

use super::super::money::Money;

crate::coded_enum!(
    /// What moved the balance.
    EntryKind { Sale => "sale", Payment => "payment", Credit => "credit" }
);

/// One movement on the account, as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub date: NaiveDate,
    pub kind: EntryKind,
    /// Sale number, payment method or the return's product.
    pub reference: String,
    pub description: String,
    /// Positive amounts; the kind says which way they move the balance.
    pub amount: Money,
    /// Orders movements of the same day (the row id).
    pub order: i64,
}

impl Movement {
    /// The movement's effect on what the customer owes.
    pub fn signed(&self) -> Money {
        match self.kind {
            EntryKind::Sale => self.amount,
            EntryKind::Payment | EntryKind::Credit => -self.amount,
        }
    }
}

/// A statement line: the movement and the balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub movement: Movement,
    pub balance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: Money,
    pub lines: Vec<StatementLine>,
    pub sales: Money,
    pub payments: Money,
    pub closing: Money,
}

/// The statement for `from..=to` from all of a customer's movements (any
/// order; those after `to` are ignored, those before `from` make the opening).
pub fn statement(mut movements: Vec<Movement>, from: NaiveDate, to: NaiveDate) -> Statement {
    movements.sort_by_key(|m| (m.date, m.kind != EntryKind::Sale, m.order));
    let opening: Money = movements
        .iter()
        .filter(|m| m.date < from)
        .map(Movement::signed)
        .sum();
    let mut balance = opening;
    let (mut sales, mut payments) = (Money(0), Money(0));
    let mut lines = Vec::new();
    for m in movements
        .into_iter()
        .filter(|m| m.date >= from && m.date <= to)
    {
        balance += m.signed();
        match m.kind {
            EntryKind::Sale => sales += m.amount,
            _ => payments += m.amount,
        }
        lines.push(StatementLine {
            movement: m,
            balance,
        });
    }
    Statement {
        from,
        to,
        opening,
        lines,
        sales,
        payments,
        closing: balance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn mv(date: NaiveDate, kind: EntryKind, yuan: i64, order: i64) -> Movement {
        Movement {
            date,
            kind,
            reference: String::new(),
            description: String::new(),
            amount: Money::from_yuan(yuan),
            order,
        }
    }

    #[test]
    fn opening_lines_and_closing() {
        let s = statement(
            vec![
                mv(d(3, 5), EntryKind::Payment, 200, 2),
                mv(d(1, 10), EntryKind::Sale, 1_000, 1),
                mv(d(2, 1), EntryKind::Payment, 300, 1),
                mv(d(3, 5), EntryKind::Sale, 500, 3),
                mv(d(3, 20), EntryKind::Credit, 100, 1),
                mv(d(5, 1), EntryKind::Sale, 900, 4),
            ],
            d(3, 1),
            d(3, 31),
        );
        assert_eq!(s.opening, Money::from_yuan(700));
        // The same day's sale comes before its payment.
        let kinds: Vec<EntryKind> = s.lines.iter().map(|l| l.movement.kind).collect();
        assert_eq!(
            kinds,
            [EntryKind::Sale, EntryKind::Payment, EntryKind::Credit]
        );
        let balances: Vec<i64> = s.lines.iter().map(|l| l.balance.fen() / 100).collect();
        assert_eq!(balances, [1_200, 1_000, 900]);
        assert_eq!(s.sales, Money::from_yuan(500));
        assert_eq!(s.payments, Money::from_yuan(300));
        assert_eq!(s.closing, Money::from_yuan(900));
    }

    #[test]
    fn an_empty_period_carries_the_opening_forward() {
        let s = statement(vec![mv(d(1, 1), EntryKind::Sale, 50, 1)], d(2, 1), d(2, 28));
        assert!(s.lines.is_empty());
        assert_eq!(s.opening, s.closing);
        assert_eq!(s.closing, Money::from_yuan(50));
    }
}
