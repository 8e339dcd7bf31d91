//! Parsing the Gregorian dates people type: `2024-01-05`, `2024/1/5`,
//! `2024.1.5`, `2024年1月5日` (or 号), `20240105`, full-width digits, and —
//! for yearly dates — the same without a year (`5月6日`, `05-06`).
//! M/D/YYYY is refused as ambiguous rather than guessed.

use chrono::NaiveDate;

use super::text::to_half_width;

/// Why a typed date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("empty date")]
    Empty,
    #[error("not a date (use 2024-01-05)")]
    Unreadable,
    #[error("no such day in the calendar")]
    Impossible,
    #[error("day/month order is ambiguous; write the year first")]
    Ambiguous,
}

/// Splits into numeric parts on the separators people use.
fn parts(input: &str) -> Result<Vec<String>, DateError> {
    let half = to_half_width(input);
    let s = half.trim().trim_start_matches('\'');
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    // Drop a time part: "2024-01-05 14:30" or "2024-01-05T14:30:00".
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let s = s.trim_end_matches(['日', '号']);
    let pieces: Vec<String> = s
        .split(['-', '/', '.', '年', '月'])
        .map(|p| p.trim().to_string())
        .collect();
    if pieces
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(DateError::Unreadable);
    }
    Ok(pieces)
}

/// Parses a full date with year.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let pieces = parts(input)?;
    let num = |s: &str| s.parse::<u32>().map_err(|_| DateError::Unreadable);
    let (y, m, d) = match pieces.as_slice() {
        [compact] if compact.len() == 8 => (
            num(&compact[..4])?,
            num(&compact[4..6])?,
            num(&compact[6..])?,
        ),
        [y, m, d] if y.len() == 4 => (num(y)?, num(m)?, num(d)?),
        [_, _, y] if y.len() == 4 => return Err(DateError::Ambiguous),
        _ => return Err(DateError::Unreadable),
    };
    if !(1900..=2100).contains(&y) {
        return Err(DateError::Impossible);
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::Impossible)
}

/// Parses a yearly Gregorian date: with year (any form [`parse_date`]
/// accepts) or without (`5月6日`, `05-06`, `5/6`). Returns (year, month, day).
pub fn parse_month_day(input: &str) -> Result<(Option<i32>, u32, u32), DateError> {
    if let Ok(date) = parse_date(input) {
        use chrono::Datelike;
        return Ok((Some(date.year()), date.month(), date.day()));
    }
    let pieces = parts(input)?;
    match pieces.as_slice() {
        [m, d] if m.len() <= 2 && d.len() <= 2 => {
            let (m, d) = (m.parse::<u32>().unwrap_or(0), d.parse::<u32>().unwrap_or(0));
            // Validate against a leap year so 2-29 is allowed without a year.
            NaiveDate::from_ymd_opt(2000, m, d).ok_or(DateError::Impossible)?;
            Ok((None, m, d))
        }
        // Not a month/day either: report why the full-date reading failed.
        _ => Err(parse_date(input).err().unwrap_or(DateError::Unreadable)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepts_the_usual_spellings() {
        for s in [
            "2024-01-05",
            "2024/1/5",
            "2024.1.5",
            "2024年1月5日",
            "2024年01月05号",
            "20240105",
            "２０２４－０１－０５",
            "2024-01-05 14:30",
            "'2024/1/5",
        ] {
            assert_eq!(parse_date(s), Ok(d(2024, 1, 5)), "{s}");
        }
    }

    #[test]
    fn refuses_impossible_and_ambiguous_dates() {
        assert_eq!(parse_date("2023-02-29"), Err(DateError::Impossible));
        assert_eq!(parse_date("2024-13-01"), Err(DateError::Impossible));
        assert_eq!(parse_date("1/5/2024"), Err(DateError::Ambiguous));
        assert_eq!(parse_date("yesterday"), Err(DateError::Unreadable));
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("1800-01-01"), Err(DateError::Impossible));
    }

    #[test]
    fn month_day_without_year() {
        assert_eq!(parse_month_day("5月6日"), Ok((None, 5, 6)));
        assert_eq!(parse_month_day("05-06"), Ok((None, 5, 6)));
        assert_eq!(parse_month_day("2-29"), Ok((None, 2, 29)));
        assert_eq!(parse_month_day("1985-05-06"), Ok((Some(1985), 5, 6)));
        assert_eq!(parse_month_day("2-30"), Err(DateError::Impossible));
        assert!(parse_month_day("abc").is_err());
    }
}
