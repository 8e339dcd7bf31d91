//! `genjin customers`: the customer list, optionally filtered by a search
//! (name, any part of a phone, company, pinyin initials or spelling), as
//! aligned text columns or as a JSON array of full cards. A customer whose
//! row holds a cell the book cannot read is left out with a warning on
//! stderr naming the customer and the column; the others are listed.

use super::display_width;
use super::terminal::shown;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;
use serde_json::Value;

use crate::domain::customer::{Customer, CustomerId};
use crate::domain::search::Query;
use crate::domain::yearly::YearlyDate;
use crate::store::StoreError;

/// Options of `genjin customers`.
#[derive(clap::Args, Debug, Clone)]
pub struct CustomersArgs {
    /// Only customers matching this search: name, phone digits, company, or
    /// pinyin (initials like `zs`, or the spelling `zhangsan`).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Print a JSON array of full customer cards instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `genjin customers`.
pub fn run(db: Option<PathBuf>, args: CustomersArgs) -> anyhow::Result<ExitCode> {
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let query = Query::parse(args.search.as_deref().unwrap_or(""));
    let list = store.customer_list()?;
    for bad in &list.unreadable {
        eprintln!("warning: {bad}; left out");
    }
    let all = list.rows;
    let total = all.len();
    let rows: Vec<_> = all.into_iter().filter(|s| query.matches(&s.key)).collect();

    if args.json {
        let mut cards = Vec::with_capacity(rows.len());
        for row in &rows {
            match store.customer(row.id) {
                Ok(Some(card)) => cards.push(CustomerJson::new(
                    &card,
                    row.id,
                    row.balance.fen(),
                    row.referrals,
                )),
                // A card deleted between the list and the load is simply skipped.
                Ok(None) => {}
                Err(StoreError::UnreadableCustomer(bad)) => {
                    eprintln!("warning: {bad}; left out");
                }
                Err(e) => return Err(e.into()),
            }
        }
        super::write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &cards)?;
            writeln!(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    }

    let header = ["ID", "NAME", "MOBILE", "COMPANY", "CLASS", "BALANCE"];
    let table: Vec<[String; 6]> = rows
        .iter()
        .map(|s| {
            [
                s.id.to_string(),
                shown(&s.name).into_owned(),
                shown(&s.mobile).into_owned(),
                shown(&s.company).into_owned(),
                format!(
                    "{}{}",
                    s.class.code(),
                    if s.class_is_manual { "*" } else { "" }
                ),
                s.balance.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(display_width);
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    super::write_stdout(|out| {
        write_row(out, &header.map(str::to_string), &widths)?;
        for row in &table {
            write_row(out, row, &widths)?;
        }
        Ok(())
    })?;
    // The count goes to stderr so the table on stdout stays machine-readable.
    eprintln!("{} of {total} customers", table.len());
    Ok(ExitCode::SUCCESS)
}

/// Writes one table row: the id and the balance right-aligned, the other
/// columns left-aligned, two spaces between columns, no trailing spaces.
fn write_row(out: &mut dyn Write, cells: &[String; 6], widths: &[usize; 6]) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        let pad = " ".repeat(width.saturating_sub(display_width(cell)));
        if i > 0 {
            line.push_str("  ");
        }
        if i == 0 || i == 5 {
            line.push_str(&pad);
            line.push_str(cell);
        } else {
            line.push_str(cell);
            line.push_str(&pad);
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// A family member as JSON.
#[derive(Serialize)]
struct FamilyJson {
    relation: &'static str,
    name: String,
    birthday: Value,
    note: String,
}

/// A custom yearly date as JSON.
#[derive(Serialize)]
struct CustomDateJson {
    label: String,
    date: Value,
}

/// A whole card as JSON: the card's own field names, codes for enums, ISO
/// text for dates, fen for money, [`YearlyDate::to_json`] for yearly dates;
/// plus the effective class, the balance and the referral count.
#[derive(Serialize)]
struct CustomerJson {
    id: CustomerId,
    name: String,
    mobile: String,
    phone2: String,
    wechat: String,
    email: String,
    address: String,
    company: String,
    occupation: String,
    gender: &'static str,
    preferred_channel: Option<&'static str>,
    do_not_contact: bool,
    birthday: Value,
    anniversary: Value,
    family: Vec<FamilyJson>,
    custom_dates: Vec<CustomDateJson>,
    first_contact_date: Option<String>,
    first_contact_place: String,
    needs: String,
    background: String,
    tags: Vec<String>,
    notes: String,
    source: Option<&'static str>,
    referred_by: Option<CustomerId>,
    /// The class in force (override, else computed, else C).
    class: &'static str,
    class_override: Option<&'static str>,
    /// Fen.
    credit_limit: Option<i64>,
    blacklisted: bool,
    blacklist_reason: String,
    cadence_days: Option<u32>,
    created_at: String,
    updated_at: String,
    /// Sales minus payments, in fen.
    balance: i64,
    referrals: u32,
}

fn yearly_json(date: Option<YearlyDate>) -> Value {
    date.map_or(Value::Null, |d| d.to_json())
}

impl CustomerJson {
    fn new(c: &Customer, id: CustomerId, balance_fen: i64, referrals: u32) -> CustomerJson {
        const ISO_DATETIME: &str = "%Y-%m-%dT%H:%M:%S";
        CustomerJson {
            id,
            name: c.name.clone(),
            mobile: c.mobile.clone(),
            phone2: c.phone2.clone(),
            wechat: c.wechat.clone(),
            email: c.email.clone(),
            address: c.address.clone(),
            company: c.company.clone(),
            occupation: c.occupation.clone(),
            gender: c.gender.code(),
            preferred_channel: c.preferred_channel.map(|ch| ch.code()),
            do_not_contact: c.do_not_contact,
            birthday: yearly_json(c.birthday),
            anniversary: yearly_json(c.anniversary),
            family: c
                .family
                .iter()
                .map(|m| FamilyJson {
                    relation: m.relation.code(),
                    name: m.name.clone(),
                    birthday: yearly_json(m.birthday),
                    note: m.note.clone(),
                })
                .collect(),
            custom_dates: c
                .custom_dates
                .iter()
                .map(|d| CustomDateJson {
                    label: d.label.clone(),
                    date: d.date.to_json(),
                })
                .collect(),
            first_contact_date: c
                .first_contact_date
                .map(|d| d.format("%Y-%m-%d").to_string()),
            first_contact_place: c.first_contact_place.clone(),
            needs: c.needs.clone(),
            background: c.background.clone(),
            tags: c.tags.clone(),
            notes: c.notes.clone(),
            source: c.source.map(|s| s.code()),
            referred_by: c.referred_by,
            class: c.class().code(),
            class_override: c.class_override.map(|k| k.code()),
            credit_limit: c.credit_limit.map(|m| m.fen()),
            blacklisted: c.blacklisted,
            blacklist_reason: c.blacklist_reason.clone(),
            cadence_days: c.cadence_days,
            created_at: c.created_at.format(ISO_DATETIME).to_string(),
            updated_at: c.updated_at.format(ISO_DATETIME).to_string(),
            balance: balance_fen,
            referrals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("张三"), 4);
        assert_eq!(display_width("华联超市A"), 9);
        assert_eq!(display_width("¥1,234.00"), 9);
    }

    #[test]
    fn rows_align_on_display_width() {
        let widths = [2, 6, 11, 8, 5, 10];
        let render = |cells: [&str; 6]| {
            let mut out = Vec::new();
            write_row(&mut out, &cells.map(str::to_string), &widths).unwrap();
            String::from_utf8(out).unwrap()
        };
        let a = render(["7", "张三", "13800138000", "华联超市", "A", "¥1.00"]);
        let b = render(["12", "Tom", "13900139000", "", "C*", "¥12,345.00"]);
        assert_eq!(a, " 7  张三    13800138000  华联超市  A           ¥1.00\n");
        // Every column starts at the same terminal column in both rows.
        let column_of =
            |line: &str, needle: &str| display_width(&line[..line.find(needle).unwrap()]);
        assert_eq!(column_of(&a, "138"), column_of(&b, "139"));
        assert_eq!(column_of(&a, "A "), column_of(&b, "C*"));
        assert_eq!(
            display_width(a.trim_end()),
            display_width(b.trim_end()),
            "balances end together"
        );
    }
}
