//! Turning one record of a customer list into a validated [`Customer`], or
//! into one message per bad cell (line, column, field, reason). Nothing here
//! touches the database: the import pipeline decides duplicates and writes.

use chrono::NaiveDateTime;

use super::fields::{
    Field, Mapping, ValueError, clean_note, clean_text, optional, parse_amount, parse_birthday,
    parse_class, parse_gender, parse_phone, parse_source,
};
use super::reader::Record;
use crate::domain::customer::{Customer, looks_like_email, parse_tags};

/// One bad cell: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    /// The 1-based physical line where the record starts.
    pub line: u64,
    /// The 0-based column, when the problem is in one cell.
    pub column: Option<usize>,
    pub field: Field,
    pub error: ValueError,
}

/// A customer read from the file, with the referrer as written (a name or a
/// phone of a customer in the book or earlier in the file), resolved later.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow {
    pub line: u64,
    pub customer: Customer,
    pub referrer: Option<String>,
}

/// Reads one record with the given mapping. `now` becomes the card's creation time.
pub fn customer_from_record(
    mapping: &Mapping,
    record: &Record,
    now: NaiveDateTime,
) -> Result<CustomerRow, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut customer = Customer::new("", now);
    let mut referrer = None;
    for (column, field) in mapping.columns.iter().enumerate() {
        let Some(field) = *field else { continue };
        let cell = record.get(column);
        let mut fail = |error: ValueError| {
            errors.push(CellError {
                line: record.line,
                column: Some(column),
                field,
                error,
            });
        };
        let text = || clean_text(cell).unwrap_or_default();
        match field {
            Field::Name => customer.name = text(),
            Field::Mobile | Field::Phone2 => match optional(cell, parse_phone) {
                Ok(Some(phone)) if field == Field::Mobile => customer.mobile = phone.into_string(),
                Ok(Some(phone)) => customer.phone2 = phone.into_string(),
                Ok(None) => {}
                Err(e) => fail(e),
            },
            Field::Wechat => customer.wechat = text(),
            Field::Email => {
                let email = text();
                if !email.is_empty() && !looks_like_email(&email) {
                    fail(ValueError::Email);
                }
                customer.email = email;
            }
            Field::Address => customer.address = text(),
            Field::Company => customer.company = text(),
            Field::Occupation => customer.occupation = text(),
            Field::Gender => match parse_gender(cell) {
                Ok(g) => customer.gender = g,
                Err(e) => fail(e),
            },
            Field::Birthday | Field::Anniversary => match optional(cell, parse_birthday) {
                Ok(date) if field == Field::Birthday => customer.birthday = date,
                Ok(date) => customer.anniversary = date,
                Err(e) => fail(e),
            },
            Field::Source => match optional(cell, parse_source) {
                Ok(source) => customer.source = source,
                Err(e) => fail(e),
            },
            Field::ReferredBy => referrer = clean_text(cell),
            // A class written in the shop's own list is the shop's decision: a manual override.
            Field::Class => match optional(cell, parse_class) {
                Ok(class) => customer.class_override = class,
                Err(e) => fail(e),
            },
            Field::CreditLimit => match optional(cell, parse_amount) {
                Ok(limit) => customer.credit_limit = limit,
                Err(e) => fail(e),
            },
            // Tidied first, so the apostrophe an export puts before `=x`
            // goes again and a line break separates tags like a space.
            Field::Tags => customer.tags = parse_tags(&text()),
            Field::Notes => customer.notes = clean_note(cell).unwrap_or_default(),
            // Sales and payments fields do not belong to a customer list.
            _ => {}
        }
    }
    if customer.name.is_empty() {
        let column = mapping.column_of(Field::Name);
        errors.push(CellError {
            line: record.line,
            column,
            field: Field::Name,
            error: ValueError::Required,
        });
    }
    if referrer.is_some() && customer.source.is_none() {
        customer.source = Some(crate::domain::customer::Source::Referral);
    }
    if errors.is_empty() {
        Ok(CustomerRow {
            line: record.line,
            customer,
            referrer,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{CustomerClass, Gender, Source};
    use crate::domain::money::Money;
    use crate::domain::yearly::YearlyDate;
    use crate::import::fields::{ImportKind, match_headers};
    use crate::import::reader::open_text;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    fn rows(csv: &str) -> Vec<Result<CustomerRow, Vec<CellError>>> {
        let preview = open_text(csv.as_bytes(), None, None).unwrap();
        let mapping = match_headers(ImportKind::Customers, &preview.headers);
        preview
            .records
            .iter()
            .map(|r| customer_from_record(&mapping, r, now()))
            .collect()
    }

    #[test]
    fn a_good_row_becomes_a_normalised_card() {
        let csv = "姓名,手机,性别,生日,来源,介绍人,等级,信用额度,标签,邮箱\n\
                   张三,+86 138-0013-8000,男,农历八月十五,,李四,A类,\"¥5,000\",老客户、VIP,zs@example.cn\n";
        let row = rows(csv).remove(0).unwrap();
        let c = &row.customer;
        assert_eq!(row.line, 2);
        assert_eq!(c.name, "张三");
        assert_eq!(c.mobile, "13800138000");
        assert_eq!(c.gender, Gender::Male);
        assert_eq!(
            c.birthday,
            Some(YearlyDate::lunar(None, 8, false, 15).unwrap())
        );
        assert_eq!(row.referrer.as_deref(), Some("李四"));
        assert_eq!(
            c.source,
            Some(Source::Referral),
            "a referrer implies the source"
        );
        assert_eq!(c.class_override, Some(CustomerClass::A));
        assert_eq!(c.credit_limit, Some(Money(500_000)));
        assert_eq!(c.tags, vec!["老客户", "VIP"]);
        assert!(c.validate().is_empty());
    }

    #[test]
    fn every_bad_cell_is_reported_with_line_and_column() {
        let csv = "姓名,手机,生日,信用额度,邮箱\n\
                   ,12345,2023-02-30,abc,x@\n";
        let errors = rows(csv).remove(0).unwrap_err();
        let found: Vec<(Option<usize>, Field)> =
            errors.iter().map(|e| (e.column, e.field)).collect();
        assert_eq!(
            found,
            vec![
                (Some(1), Field::Mobile),
                (Some(2), Field::Birthday),
                (Some(3), Field::CreditLimit),
                (Some(4), Field::Email),
                (Some(0), Field::Name)
            ]
        );
        assert!(errors.iter().all(|e| e.line == 2));
    }

    #[test]
    fn empty_optional_cells_are_fine_and_lines_follow_the_file() {
        let csv = "name,phone,birthday\n\nTom Lee,,\n\"Ann\nMarie\",13912345678,5月6日\n";
        let parsed = rows(csv);
        let tom = parsed[0].as_ref().unwrap();
        assert_eq!((tom.line, tom.customer.mobile.as_str()), (3, ""));
        let ann = parsed[1].as_ref().unwrap();
        assert_eq!(ann.line, 4);
        assert_eq!(
            ann.customer.name, "Ann Marie",
            "whitespace inside a name is tidied"
        );
        assert_eq!(
            ann.customer.birthday,
            Some(YearlyDate::solar(None, 5, 6).unwrap())
        );
    }
}
