//! A year's statutory holiday schedule as CSV: `日期,名称,休/班`, one row per
//! day off (休) or make-up working day (班).
//!
//! [`parse_schedule`] reads such a file in any encoding the importer knows
//! (BOM, UTF-8, GBK/GB18030 …, via `reader`), with the English header
//! `date,name,type` and the values `off`/`work` accepted too, and dates in
//! every form the importer reads. Every row must fall in the chosen year and
//! no date may appear twice; each bad row is reported with its line and
//! reason, and nothing is returned unless every row is good.
//! [`write_schedule`] writes the same layout as UTF-8 with BOM through the
//! Excel-safe exporter, so an export reads back unchanged.

use std::collections::HashMap;
use std::io::{Read, Write};

use chrono::{Datelike, NaiveDate};

use super::decode::DecodingReader;
use super::export::{CsvExporter, ExportEncoding, ExportError, ExportSummary, neutralize_text};
use super::fields::{ValueError, clean_text, normalize_header, parse_import_date};
use super::reader::{self, Flaw, ReadError, Record, Records};
use crate::domain::calendar::statutory::StatutoryDay;
use crate::domain::text::to_half_width;

/// The header [`write_schedule`] writes.
pub const HEADER: [&str; 3] = ["日期", "名称", "休/班"];

/// The value written for a day off.
pub const OFF: &str = "休";
/// The value written for a make-up working day.
pub const WORK: &str = "班";

/// Normalised headers accepted for each column (see [`normalize_header`]).
const DATE_HEADERS: &[&str] = &["日期", "date", "公历日期"];
const NAME_HEADERS: &[&str] = &["名称", "name", "节日", "节假日", "假日"];
const TYPE_HEADERS: &[&str] = &["休班", "type", "类型", "休或班"];

/// Values read as a day off / a make-up working day (half-width, lower case).
const OFF_VALUES: &[&str] = &["休", "休息", "放假", "假", "off", "holiday", "rest"];
const WORK_VALUES: &[&str] = &["班", "上班", "补班", "调休上班", "work", "workday"];

/// What is wrong with a schedule file or one of its rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleProblem {
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("the header must be 日期,名称,休/班 (or date,name,type)")]
    BadHeader,
    #[error("some bytes could not be decoded; save the file as UTF-8 or GBK")]
    Garbled,
    #[error("the file has no days")]
    NoDays,
    #[error("date: {0}")]
    Date(ValueError),
    #[error("{date} is not in {year}")]
    OutsideYear { date: NaiveDate, year: i32 },
    #[error("the name is empty")]
    NameMissing,
    #[error("{0:?} is neither 休/off nor 班/work")]
    UnknownType(String),
    #[error("the date is already on line {first_line}")]
    Duplicate { first_line: u64 },
    #[error("a quote opened here does not end within a cell (runs to line {end_line})")]
    Runaway { end_line: u64 },
}

/// One problem, with the line it is on (`None` for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line:?}: {problem}")]
pub struct ScheduleError {
    pub line: Option<u64>,
    pub problem: ScheduleProblem,
}

impl ScheduleError {
    fn file(problem: ScheduleProblem) -> ScheduleError {
        ScheduleError {
            line: None,
            problem,
        }
    }

    fn at(line: u64, problem: ScheduleProblem) -> ScheduleError {
        ScheduleError {
            line: Some(line),
            problem,
        }
    }
}

/// Which column holds what.
struct Columns {
    date: usize,
    name: usize,
    kind: usize,
}

/// Reads a schedule for `year`: the days by date, or every problem found.
pub fn parse_schedule(bytes: &[u8], year: i32) -> Result<Vec<StatutoryDay>, Vec<ScheduleError>> {
    let format = reader::detect_format(bytes, None, None);
    let table = reader::open_reader(bytes, format.encoding, format.delimiter)
        .map_err(|e| vec![read_error(e)])?;
    let columns = find_columns(&table.headers)
        .ok_or_else(|| vec![ScheduleError::file(ScheduleProblem::BadHeader)])?;
    let (days, mut errors, garbled) = read_rows(table.records, &columns, year);
    if garbled {
        errors.insert(0, ScheduleError::file(ScheduleProblem::Garbled));
    }
    if errors.is_empty() && days.is_empty() {
        errors.push(ScheduleError::file(ScheduleProblem::NoDays));
    }
    if errors.is_empty() {
        Ok(days)
    } else {
        Err(errors)
    }
}

/// Reads every record: the good days (sorted), the problems, and whether
/// some bytes could not be decoded.
fn read_rows<R: Read>(
    mut records: Records<DecodingReader<R>>,
    columns: &Columns,
    year: i32,
) -> (Vec<StatutoryDay>, Vec<ScheduleError>, bool) {
    let mut days = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<NaiveDate, u64> = HashMap::new();
    for record in records.by_ref() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(read_error(e));
                continue;
            }
        };
        if let Some(Flaw::Runaway {
            quote_line,
            end_line,
            ..
        }) = record.flaws().first()
        {
            errors.push(ScheduleError::at(
                *quote_line,
                ScheduleProblem::Runaway {
                    end_line: *end_line,
                },
            ));
            continue;
        }
        match read_day(&record, columns, year) {
            Ok(day) => match seen.get(&day.date) {
                Some(&first_line) => errors.push(ScheduleError::at(
                    record.line,
                    ScheduleProblem::Duplicate { first_line },
                )),
                None => {
                    seen.insert(day.date, record.line);
                    days.push(day);
                }
            },
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|p| ScheduleError::at(record.line, p)),
            ),
        }
    }
    days.sort_by_key(|d| d.date);
    (days, errors, records.get_ref().had_errors())
}

/// One row as a day, or every problem in it.
fn read_day(
    record: &Record,
    columns: &Columns,
    year: i32,
) -> Result<StatutoryDay, Vec<ScheduleProblem>> {
    let date = parse_day_date(record.get(columns.date), year);
    let name = clean_text(record.get(columns.name)).ok_or(ScheduleProblem::NameMissing);
    let off = parse_off(record.get(columns.kind));
    match (date, name, off) {
        (Ok(date), Ok(name), Ok(off)) => Ok(StatutoryDay { date, name, off }),
        (date, name, off) => Err([date.err(), name.err(), off.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// A date cell that must fall in `year`.
fn parse_day_date(cell: &str, year: i32) -> Result<NaiveDate, ScheduleProblem> {
    let date = parse_import_date(cell).map_err(ScheduleProblem::Date)?;
    if date.year() == year {
        Ok(date)
    } else {
        Err(ScheduleProblem::OutsideYear { date, year })
    }
}

/// `休`/`off` → `true`, `班`/`work` → `false`.
pub fn parse_off(cell: &str) -> Result<bool, ScheduleProblem> {
    let value = to_half_width(cell).trim().to_lowercase();
    if OFF_VALUES.contains(&value.as_str()) {
        Ok(true)
    } else if WORK_VALUES.contains(&value.as_str()) {
        Ok(false)
    } else {
        Err(ScheduleProblem::UnknownType(cell.trim().to_string()))
    }
}

/// The columns of date, name and type, if the header has all three.
fn find_columns(headers: &[String]) -> Option<Columns> {
    let position = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&normalize_header(h).as_str()))
    };
    Some(Columns {
        date: position(DATE_HEADERS)?,
        name: position(NAME_HEADERS)?,
        kind: position(TYPE_HEADERS)?,
    })
}

/// A reading error as a schedule problem, on its line when csv knows it.
fn read_error(e: ReadError) -> ScheduleError {
    match e {
        ReadError::NoHeader => ScheduleError::file(ScheduleProblem::BadHeader),
        ReadError::Csv { line, message } => {
            ScheduleError::at(line, ScheduleProblem::Unreadable(message))
        }
        ReadError::Io(io) => ScheduleError::file(ScheduleProblem::Unreadable(io.to_string())),
    }
}

/// Writes `days` as a schedule file (UTF-8 with BOM, header [`HEADER`]).
pub fn write_schedule<W: Write>(
    days: &[StatutoryDay],
    out: W,
) -> Result<ExportSummary, ExportError> {
    let mut exporter = CsvExporter::new(out, ExportEncoding::Utf8Bom, HEADER)?;
    for day in days {
        let date = day.date.format("%Y-%m-%d").to_string();
        let name = neutralize_text(&day.name);
        let kind = if day.off { OFF } else { WORK };
        exporter.write_record([date.as_str(), &name, kind])?;
    }
    exporter.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn statutory(date: NaiveDate, name: &str, off: bool) -> StatutoryDay {
        StatutoryDay {
            date,
            name: name.into(),
            off,
        }
    }

    fn problems(bytes: &[u8], year: i32) -> Vec<(Option<u64>, ScheduleProblem)> {
        parse_schedule(bytes, year)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.problem))
            .collect()
    }

    #[test]
    fn a_written_schedule_reads_back() {
        let days = vec![
            statutory(day(2027, 1, 1), "元旦", true),
            statutory(day(2027, 2, 6), "春节", true),
            statutory(day(2027, 2, 14), "春节", false),
            statutory(day(2027, 5, 1), "=劳动节, \"五一\"", true),
        ];
        let mut bytes = Vec::new();
        let summary = write_schedule(&days, &mut bytes).unwrap();
        assert_eq!(summary.rows, 4);
        assert!(bytes.starts_with(super::super::export::UTF8_BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.starts_with("日期,名称,休/班\r\n2027-01-01,元旦,休\r\n"));
        assert_eq!(parse_schedule(&bytes, 2027).unwrap(), days);
    }

    #[test]
    fn gbk_files_and_english_headers_are_read() {
        let text = "日期,名称,休/班\r\n2027/10/1,国庆节,休\r\n2027年9月26日,国庆节,班\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(
            parse_schedule(&gbk, 2027).unwrap(),
            vec![
                statutory(day(2027, 9, 26), "国庆节", false),
                statutory(day(2027, 10, 1), "国庆节", true),
            ]
        );
        let english = "Date;Name;Type\n20270101;New Year;OFF\n2027-01-04;New Year;work\n";
        let days = parse_schedule(english.as_bytes(), 2027).unwrap();
        assert_eq!(
            days,
            vec![
                statutory(day(2027, 1, 1), "New Year", true),
                statutory(day(2027, 1, 4), "New Year", false),
            ]
        );
    }

    #[test]
    fn a_runaway_quote_is_reported_at_its_line() {
        let text = "日期,名称,休/班\n2027-01-01,\"元旦,休\n2027-01-02,元旦,休\n";
        assert_eq!(
            problems(text.as_bytes(), 2027),
            vec![(Some(2), ScheduleProblem::Runaway { end_line: 3 })]
        );
    }

    #[test]
    fn bad_rows_are_reported_with_their_lines() {
        let text = "日期,名称,休/班\n\
                    2027-01-01,元旦,休\n\
                    2027-02-30,春节,休\n\
                    2027-02-06,,放假\n\
                    2027-02-07,春节,调班\n\
                    2027-01-01,元旦,休\n";
        assert_eq!(
            problems(text.as_bytes(), 2027),
            vec![
                (
                    Some(3),
                    ScheduleProblem::Date(ValueError::Date(
                        crate::domain::dates::DateError::Impossible
                    ))
                ),
                (Some(4), ScheduleProblem::NameMissing),
                (Some(5), ScheduleProblem::UnknownType("调班".into())),
                (Some(6), ScheduleProblem::Duplicate { first_line: 2 }),
            ]
        );
    }

    #[test]
    fn a_day_outside_the_year_is_refused() {
        let text = "日期,名称,休/班\n2027-01-01,元旦,休\n2026-12-31,元旦,休\n";
        assert_eq!(
            problems(text.as_bytes(), 2027),
            vec![(
                Some(3),
                ScheduleProblem::OutsideYear {
                    date: day(2026, 12, 31),
                    year: 2027
                }
            )]
        );
    }

    #[test]
    fn a_file_without_the_columns_or_days_is_refused() {
        assert_eq!(
            problems("姓名,手机\n张三,13800138000\n".as_bytes(), 2027),
            vec![(None, ScheduleProblem::BadHeader)]
        );
        assert_eq!(
            problems("".as_bytes(), 2027),
            vec![(None, ScheduleProblem::BadHeader)]
        );
        assert_eq!(
            problems("日期,名称,休/班\r\n".as_bytes(), 2027),
            vec![(None, ScheduleProblem::NoDays)]
        );
    }

    #[test]
    fn type_values() {
        for off in ["休", " 放假 ", "OFF", "Holiday", "ｏｆｆ"] {
            assert_eq!(parse_off(off), Ok(true), "{off}");
        }
        for work in ["班", "上班", "Work", "补班"] {
            assert_eq!(parse_off(work), Ok(false), "{work}");
        }
        assert!(parse_off("").is_err());
    }
}
