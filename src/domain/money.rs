//! Money as an integer number of fen (1/100 yuan), never floating point.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use serde::{Deserialize, Serialize};

use super::text::to_half_width;

/// An amount of Chinese yuan stored as whole fen.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// Why a typed amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty amount")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimals")]
    TooManyDecimals,
    #[error("amount too large")]
    TooLarge,
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub fn from_yuan(yuan: i64) -> Self {
        Money(yuan * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Parses what a person types or a spreadsheet exports: `1234.5`,
    /// `1,234.50`, `¥1234.5`, `￥1,234`, `1234.5元`, `-12`, full-width digits.
    /// More than two decimals is an error rather than a silent rounding.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let half = to_half_width(input);
        let mut s: String = half
            .trim()
            .trim_start_matches('\'')
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let negative = s.starts_with('-');
        if negative {
            s.remove(0);
        }
        let s = s
            .trim_start_matches(['¥', '￥'])
            .trim_start_matches("RMB")
            .trim_end_matches('元')
            .trim_end_matches("RMB");
        if s.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s, ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::NotANumber);
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        if whole.len() > 13 {
            return Err(MoneyError::TooLarge);
        }
        let whole_fen: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse::<i64>().map_err(|_| MoneyError::TooLarge)? * 100
        };
        let frac_fen: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap_or(0) * 10,
            _ => frac.parse::<i64>().unwrap_or(0),
        };
        let fen = whole_fen + frac_fen;
        Ok(Money(if negative { -fen } else { fen }))
    }

    /// The amount without currency sign, for edit fields: `1234.50`.
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Money {
    /// Formats as `¥1,234.56` (negative: `-¥1,234.56`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (i, ch) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_grouping_and_two_decimals() {
        assert_eq!(Money(123456).to_string(), "¥1,234.56");
        assert_eq!(Money(5).to_string(), "¥0.05");
        assert_eq!(Money(100_000_000).to_string(), "¥1,000,000.00");
        assert_eq!(Money(-123456).to_string(), "-¥1,234.56");
        assert_eq!(Money(99900).to_string(), "¥999.00");
    }

    #[test]
    fn parses_common_spellings() {
        assert_eq!(Money::parse("1,234.50"), Ok(Money(123450)));
        assert_eq!(Money::parse("¥1234.5"), Ok(Money(123450)));
        assert_eq!(Money::parse("￥１２３４.５"), Ok(Money(123450)));
        assert_eq!(Money::parse("1234.5元"), Ok(Money(123450)));
        assert_eq!(Money::parse(" 88 "), Ok(Money(8800)));
        assert_eq!(Money::parse("-12.3"), Ok(Money(-1230)));
        assert_eq!(Money::parse(".5"), Ok(Money(50)));
        assert_eq!(Money::parse("'300"), Ok(Money(30000)));
    }

    #[test]
    fn refuses_nonsense() {
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("¥"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("99999999999999999"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn plain_round_trips() {
        for fen in [0, 5, 50, 123450, -1230] {
            assert_eq!(Money::parse(&Money(fen).to_plain()), Ok(Money(fen)));
        }
    }
}
