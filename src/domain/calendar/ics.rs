//! Occasions as an iCalendar file (RFC 5545) a phone's calendar imports or
//! subscribes to: one all-day `VEVENT` per occasion.
//!
//! Each event's `UID` is built from what identifies the occasion (its kind,
//! customer, anchor date and a hash of its title), never from its position
//! or the time of export, so exporting again gives the same UIDs and a
//! phone updates its events instead of adding copies. The anchor date is
//! the occasion's own date, except for contacts and promises that are due
//! earlier and carried forward to the first day of the span: those are
//! anchored at the day they fell due, so an overdue reminder keeps its UID
//! from one day's export to the next.
//!
//! Text values are escaped (`\\`, `\;`, `\,`, `\n`), lines end in CRLF and
//! are folded at 75 octets without splitting a UTF-8 character.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::{Days, NaiveDate, NaiveDateTime};

use super::agenda::{Detail, Occasion};

/// The longest content line in octets, CRLF not counted (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// The product identifier written in `PRODID`.
const PRODID: &str = "-//Genjin//Genjin Agenda//ZH";

/// Writes `occasions` as one VCALENDAR. `stamp` (taken as UTC) is written
/// as every event's `DTSTAMP`.
pub fn write_ics(
    occasions: &[Occasion],
    stamp: NaiveDateTime,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut lines = Lines { out };
    lines.put("BEGIN", "VCALENDAR")?;
    lines.put("VERSION", "2.0")?;
    lines.put("PRODID", PRODID)?;
    lines.put("CALSCALE", "GREGORIAN")?;
    lines.put("METHOD", "PUBLISH")?;
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for occasion in occasions {
        let uid = unique(uid(occasion), &mut seen);
        lines.put("BEGIN", "VEVENT")?;
        lines.put("UID", &uid)?;
        lines.put("DTSTAMP", &stamp)?;
        lines.put("DTSTART;VALUE=DATE", &ics_date(occasion.date))?;
        // Without a next day (the end of chrono's range) DTSTART alone
        // still means one whole day.
        if let Some(end) = occasion.date.checked_add_days(Days::new(1)) {
            lines.put("DTEND;VALUE=DATE", &ics_date(end))?;
        }
        lines.put("SUMMARY", &escape(&summary(occasion)))?;
        let detail = occasion.detail_text();
        if !detail.is_empty() {
            lines.put("DESCRIPTION", &escape(&detail))?;
        }
        lines.put("CATEGORIES", &escape(occasion.kind.code()))?;
        lines.put("TRANSP", "TRANSPARENT")?;
        lines.put("END", "VEVENT")?;
    }
    lines.put("END", "VCALENDAR")
}

/// The event's title: the calendar day's name, or the customer's name and
/// the occasion.
fn summary(occasion: &Occasion) -> String {
    match occasion.customer_name.as_deref() {
        Some(name) if !name.is_empty() => format!("{name} · {}", occasion.title),
        _ => occasion.title.to_string(),
    }
}

/// The UID of an occasion, before duplicates within one file are told apart.
fn uid(occasion: &Occasion) -> String {
    let who = match occasion.customer {
        Some(id) => id.to_string(),
        None => "all".to_string(),
    };
    format!(
        "{}-{who}-{}-{:016x}@genjin",
        occasion.kind.code(),
        ics_date(anchor(occasion)),
        fnv1a64(identity(occasion).as_bytes())
    )
}

/// The day an occasion belongs to, whatever day the agenda shows it on.
fn anchor(occasion: &Occasion) -> NaiveDate {
    match &occasion.detail {
        Detail::NextContact { planned } => *planned,
        Detail::Promise { due, .. } => *due,
        Detail::ComplaintFollowUp { due, .. } => *due,
        Detail::CollectionStep { date, .. } => *date,
        Detail::ReceivableDue { due, .. } => *due,
        Detail::CadenceDue { days, cadence, .. } => {
            // Dated `days` after the last contact; due `cadence` days after it.
            let late = days - i64::from(*cadence);
            if late > 0 {
                occasion
                    .date
                    .checked_sub_days(Days::new(late as u64))
                    .unwrap_or(occasion.date)
            } else {
                occasion.date
            }
        }
        _ => occasion.date,
    }
}

/// What tells apart two occasions of one kind, customer and day: the title,
/// and for a family birthday whose it is. Descriptive details (an age, the
/// days since a contact) are left out so that correcting them keeps the UID.
fn identity(occasion: &Occasion) -> String {
    let mut text = occasion.title.to_string();
    if let Detail::FamilyBirthday { relation, name, .. } = &occasion.detail {
        text.push('\u{1f}');
        text.push_str(relation.map(|r| r.code()).unwrap_or(""));
        text.push('\u{1f}');
        text.push_str(name);
    }
    text
}

/// `uid` itself the first time, then with `-2`, `-3` … before the `@`, so
/// two identical occasions in one file still get distinct UIDs (in the same
/// order on every export).
fn unique(uid: String, seen: &mut HashMap<String, u32>) -> String {
    let count = seen.entry(uid.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        return uid;
    }
    let n = *count;
    let (local, domain) = uid.split_once('@').unwrap_or((&uid, "genjin"));
    let mut candidate = format!("{local}-{n}@{domain}");
    // A real occasion's UID could already look like that; step past it.
    let mut extra = n;
    while seen.contains_key(&candidate) {
        extra += 1;
        candidate = format!("{local}-{extra}@{domain}");
    }
    seen.insert(candidate.clone(), 1);
    candidate
}

/// 64-bit FNV-1a: a small hash that is the same on every run and machine
/// (std's hasher is seeded randomly).
fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(PRIME))
}

/// A DATE value: `20261123`.
fn ics_date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks (any
/// of CRLF, CR, LF becomes `\n`).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line: CRLF before any octet that would pass 75 on its
/// physical line, each continuation starting with a space; a character is
/// never split.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_LINE {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

/// Writes folded content lines.
struct Lines<'a, W: Write> {
    out: &'a mut W,
}

impl<W: Write> Lines<'_, W> {
    /// Writes `NAME:value`; `value` must already be escaped.
    fn put(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.out
            .write_all(fold(&format!("{name}:{value}")).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::OccasionKind;
    use crate::domain::customer::{CustomerClass, Relation};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn stamp() -> NaiveDateTime {
        day(2026, 11, 23).and_hms_opt(8, 5, 9).unwrap()
    }

    fn festival(date: NaiveDate, title: &str) -> Occasion {
        Occasion {
            date,
            kind: OccasionKind::Festival,
            title: title.to_string().into(),
            customer: None,
            customer_name: None,
            class: None,
            detail: Detail::Calendar { code: "mid_autumn" },
        }
    }

    fn birthday(date: NaiveDate, id: i64, name: &str) -> Occasion {
        Occasion {
            date,
            kind: OccasionKind::Birthday,
            title: "Birthday".into(),
            customer: Some(id),
            customer_name: Some(name.into()),
            class: Some(CustomerClass::A),
            detail: Detail::Birthday { age: Some(40) },
        }
    }

    fn family(date: NaiveDate, name: &str) -> Occasion {
        Occasion {
            date,
            kind: OccasionKind::FamilyBirthday,
            title: "Family birthday".into(),
            customer: Some(7),
            customer_name: Some("王芳".into()),
            class: Some(CustomerClass::B),
            detail: Detail::FamilyBirthday {
                relation: Some(Relation::Child),
                name: name.into(),
                age: Some(6),
            },
        }
    }

    fn render(occasions: &[Occasion]) -> String {
        let mut out = Vec::new();
        write_ics(occasions, stamp(), &mut out).unwrap();
        String::from_utf8(out).expect("UTF-8, no character split")
    }

    /// The logical lines: continuation lines joined back.
    fn unfold(text: &str) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for physical in text.split("\r\n") {
            if let Some(rest) = physical.strip_prefix(' ') {
                lines.last_mut().expect("a line to continue").push_str(rest);
            } else if !physical.is_empty() {
                lines.push(physical.to_string());
            }
        }
        lines
    }

    fn values<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
        let prefix = format!("{name}:");
        lines
            .iter()
            .filter_map(|l| l.strip_prefix(prefix.as_str()))
            .collect()
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape(r"a\b"), r"a\\b");
        assert_eq!(escape("x;y,z"), r"x\;y\,z");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("中秋节 · 快乐"), "中秋节 · 快乐");
        assert_eq!(escape("bell\u{7}"), "bell");
    }

    #[test]
    fn writes_a_balanced_calendar_with_crlf_everywhere() {
        let text = render(&[
            festival(day(2026, 9, 25), "中秋节"),
            birthday(day(2026, 9, 26), 12, "张伟"),
        ]);
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(!text.replace("\r\n", "").contains('\r'));
        let lines = unfold(&text);
        assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
        assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
        for header in [
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "PRODID:-//Genjin//Genjin Agenda//ZH",
        ] {
            assert!(lines.iter().any(|l| l == header), "{header}");
        }
        let mut depth = Vec::new();
        for line in &lines {
            if let Some(what) = line.strip_prefix("BEGIN:") {
                depth.push(what.to_string());
            } else if let Some(what) = line.strip_prefix("END:") {
                assert_eq!(depth.pop().as_deref(), Some(what));
            }
        }
        assert!(depth.is_empty());
        assert_eq!(values(&lines, "BEGIN").len(), 3);

        assert_eq!(
            values(&lines, "DTSTART;VALUE=DATE"),
            ["20260925", "20260926"]
        );
        assert_eq!(values(&lines, "DTEND;VALUE=DATE"), ["20260926", "20260927"]);
        assert_eq!(
            values(&lines, "DTSTAMP"),
            ["20261123T080509Z", "20261123T080509Z"]
        );
        assert_eq!(values(&lines, "SUMMARY"), ["中秋节", "张伟 · Birthday"]);
        // The festival has no detail, the birthday has one.
        assert_eq!(values(&lines, "DESCRIPTION"), ["turns 40"]);
        assert_eq!(values(&lines, "CATEGORIES"), ["festival", "birthday"]);
        assert_eq!(values(&lines, "TRANSP").len(), 2);
    }

    #[test]
    fn folds_a_long_chinese_summary_without_splitting_characters() {
        let title = "春节前上门回访并免费清洗保养家里的净水器和热水器，顺便确认滤芯更换时间；记得带上新的试用装，送给老客户的孩子一份小礼物，".repeat(2);
        let mut o = birthday(day(2026, 2, 10), 3, "欧阳明月");
        o.kind = OccasionKind::CustomDate;
        o.title = title.clone().into();
        o.detail = Detail::CustomDate {
            label: title.clone(),
        };
        let text = render(&[o]);
        let physical: Vec<&str> = text.split("\r\n").collect();
        assert!(physical.iter().all(|l| l.len() <= MAX_LINE));
        // The summary really was folded, and several times.
        assert!(physical.iter().filter(|l| l.starts_with(' ')).count() > 4);
        let lines = unfold(&text);
        assert_eq!(
            values(&lines, "SUMMARY"),
            [escape(&format!("欧阳明月 · {title}"))]
        );
        assert_eq!(values(&lines, "DESCRIPTION"), [escape(&title)]);
    }

    #[test]
    fn folding_counts_octets_and_keeps_short_lines() {
        assert_eq!(fold("SUMMARY:short"), "SUMMARY:short\r\n");
        let exact = "a".repeat(MAX_LINE);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        let longer = "a".repeat(MAX_LINE + 1);
        assert_eq!(fold(&longer), format!("{exact}\r\n a\r\n"));
        // 25 three-octet characters fill exactly 75 octets.
        let han = "中".repeat(26);
        let folded = fold(&han);
        let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(parts, ["中".repeat(25), " 中".to_string()]);
    }

    #[test]
    fn uids_are_stable_and_distinct() {
        let a = festival(day(2026, 9, 25), "中秋节");
        let b = birthday(day(2026, 9, 25), 12, "张伟");
        let c = birthday(day(2026, 9, 25), 13, "张伟");
        let d = birthday(day(2027, 9, 25), 12, "张伟");
        let same = uid(&a.clone());
        assert_eq!(uid(&a), same);
        assert!(same.starts_with("festival-all-20260925-"));
        assert!(same.ends_with("@genjin"));
        assert!(uid(&b).starts_with("birthday-12-20260925-"));
        let uids = [uid(&a), uid(&b), uid(&c), uid(&d)];
        for (i, x) in uids.iter().enumerate() {
            for y in &uids[i + 1..] {
                assert_ne!(x, y);
            }
        }
        // Another title on the same day and kind.
        assert_ne!(uid(&a), uid(&festival(day(2026, 9, 25), "国庆节")));
        // Two children's birthdays on one day.
        assert_ne!(
            uid(&family(day(2026, 5, 1), "小明")),
            uid(&family(day(2026, 5, 1), "小红"))
        );
        // The age is description, not identity.
        let mut older = b.clone();
        older.detail = Detail::Birthday { age: Some(41) };
        assert_eq!(uid(&older), uid(&b));
        // The same input renders to the same text.
        assert_eq!(render(&[a.clone(), b.clone()]), render(&[a, b]));
    }

    #[test]
    fn identical_occasions_in_one_file_get_distinct_uids() {
        let twin = family(day(2026, 5, 1), "");
        let text = render(&[twin.clone(), twin.clone(), twin]);
        let lines = unfold(&text);
        let uids = values(&lines, "UID");
        assert_eq!(uids.len(), 3);
        assert_ne!(uids[0], uids[1]);
        assert_ne!(uids[1], uids[2]);
        assert_ne!(uids[0], uids[2]);
        assert!(uids[1].ends_with("-2@genjin"));
    }

    #[test]
    fn overdue_contacts_keep_their_uid_from_day_to_day() {
        let due = |date: NaiveDate, days: i64| Occasion {
            date,
            kind: OccasionKind::CadenceDue,
            title: "Contact due".into(),
            customer: Some(5),
            customer_name: Some("李娜".into()),
            class: Some(CustomerClass::C),
            detail: Detail::CadenceDue {
                days,
                cadence: 90,
                never: false,
            },
        };
        // Due on 11-20, shown on the first day of each export.
        let monday = due(day(2026, 11, 23), 93);
        let tuesday = due(day(2026, 11, 24), 94);
        assert_eq!(uid(&monday), uid(&tuesday));
        assert!(uid(&monday).starts_with("cadence_due-5-20261120-"));
        // Not yet late: its own date.
        assert!(uid(&due(day(2026, 12, 1), 90)).starts_with("cadence_due-5-20261201-"));

        let promise = |date: NaiveDate| Occasion {
            date,
            kind: OccasionKind::Promise,
            title: "免费保养".into(),
            customer: Some(5),
            customer_name: Some("李娜".into()),
            class: Some(CustomerClass::C),
            detail: Detail::Promise {
                title: "免费保养".into(),
                due: day(2026, 11, 1),
            },
        };
        assert_eq!(
            uid(&promise(day(2026, 11, 23))),
            uid(&promise(day(2026, 11, 30)))
        );
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
