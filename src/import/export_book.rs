//! Exporting the shop's book (customers, sales, payments, contacts, returns)
//! as Excel-safe CSV through [`CsvExporter`].
//!
//! Headers are Chinese and use the importer's synonyms, and values are
//! written the way the import parsers read them back (ISO dates, plain
//! amounts, `农历八月十五`, labels `parse_gender`/`parse_source` accept,
//! tags joined by `、`), so an exported customers, sales or payments file
//! re-imports as the same data. Returns use the returns form's Chinese
//! labels, which the returns import reads back (a return's link to a
//! complaint case is not exported). Contacts have no import; their channel
//! and purpose use the Chinese labels the app shows.
//!
//! Rows stream from the store's `for_each_*` visitors straight into the
//! writer. [`export_to_file`] writes `<file>.partial` and renames it when
//! complete, so a failed export never leaves a half file under the real name.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use super::export::{CsvExporter, ExportEncoding, ExportError, ExportSummary, neutralize_text};
use super::fields::ImportKind;
use crate::atomic_write;
pub use crate::atomic_write::partial_path;
use crate::domain::contact::{ContactChannel, ContactPurpose};
use crate::domain::customer::{Gender, Source};
use crate::domain::returns::{RefundTo, ReturnOutcome, ReturnReason};
use crate::domain::warranty::GoodsCondition;
use crate::domain::yearly::YearlyDate;
use crate::store::Store;
use crate::store::export_rows::CustomerIdent;

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportKind {
    Customers,
    Sales,
    Payments,
    Contacts,
    Returns,
}

/// Customers: the fields of a customer import, in its order.
const CUSTOMER_HEADER: &[&str] = &[
    "姓名",
    "手机",
    "电话2",
    "微信",
    "邮箱",
    "地址",
    "单位",
    "职业",
    "性别",
    "生日",
    "结婚纪念日",
    "来源",
    "介绍人",
    "类别",
    "信用额度",
    "标签",
    "备注",
];

const SALE_HEADER: &[&str] = &[
    "单号",
    "客户",
    "手机",
    "日期",
    "商品",
    "数量",
    "金额",
    "到期日",
    "账期",
    "备注",
];

const PAYMENT_HEADER: &[&str] = &["客户", "手机", "日期", "金额", "单号", "方式", "备注"];

const CONTACT_HEADER: &[&str] = &[
    "客户",
    "手机",
    "时间",
    "方式",
    "目的",
    "摘要",
    "结果",
    "下次联系",
];

/// Returns: the fields of a returns import, in its order.
const RETURN_HEADER: &[&str] = &[
    "日期",
    "客户",
    "手机",
    "单号",
    "商品",
    "数量",
    "原因",
    "商品状态",
    "处理",
    "退款金额",
    "退款去向",
    "备注",
];

impl ExportKind {
    pub const ALL: &'static [ExportKind] = &[
        ExportKind::Customers,
        ExportKind::Sales,
        ExportKind::Payments,
        ExportKind::Contacts,
        ExportKind::Returns,
    ];

    /// Stable snake_case code (also the CLI argument).
    pub fn code(self) -> &'static str {
        match self {
            ExportKind::Customers => "customers",
            ExportKind::Sales => "sales",
            ExportKind::Payments => "payments",
            ExportKind::Contacts => "contacts",
            ExportKind::Returns => "returns",
        }
    }

    pub fn from_code(code: &str) -> Option<ExportKind> {
        ExportKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The header row, in Chinese.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            ExportKind::Customers => CUSTOMER_HEADER,
            ExportKind::Sales => SALE_HEADER,
            ExportKind::Payments => PAYMENT_HEADER,
            ExportKind::Contacts => CONTACT_HEADER,
            ExportKind::Returns => RETURN_HEADER,
        }
    }

    /// The import that reads this export back, if there is one.
    pub fn import_kind(self) -> Option<ImportKind> {
        match self {
            ExportKind::Customers => Some(ImportKind::Customers),
            ExportKind::Sales => Some(ImportKind::Sales),
            ExportKind::Payments => Some(ImportKind::Payments),
            ExportKind::Contacts => None,
            ExportKind::Returns => Some(ImportKind::Returns),
        }
    }
}

/// An ISO date, `2024-01-05`.
pub fn date_cell(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A contact's time to the minute, `2024-01-05 14:30` (Excel reads it as a
/// date and time).
pub fn time_cell(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// A birthday or anniversary as `parse_birthday` reads it: `1985-05-06`,
/// `05-06` without a year, `农历1985年八月十五`, `农历八月十五`,
/// `农历闰四月初八`.
pub fn yearly_cell(date: &YearlyDate) -> String {
    match date {
        YearlyDate::Solar(s) => match s.year() {
            Some(y) => format!("{y:04}-{:02}-{:02}", s.month(), s.day()),
            None => format!("{:02}-{:02}", s.month(), s.day()),
        },
        YearlyDate::Lunar(l) => l.chinese(),
    }
}

/// 男 / 女, blank when unknown (`parse_gender` reads blank as unknown).
pub fn gender_cell(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "男",
        Gender::Female => "女",
        Gender::Unknown => "",
    }
}

/// A source label `parse_source` accepts. The app's label for cold contact
/// (`自荐/陌生拜访`) is not one, hence this list rather than the i18n label.
pub fn source_cell(source: Source) -> &'static str {
    match source {
        Source::Reputation => "慕名而来",
        Source::Referral => "转介绍",
        Source::ColdContact => "陌生拜访",
        Source::TradeFair => "展会",
        Source::Online => "网络",
        Source::Other => "其他",
    }
}

/// Tags joined by `、`, which `parse_tags` splits on.
pub fn tags_cell(tags: &[String]) -> String {
    tags.join("、")
}

/// How a referrer is named so the import can find them: their mobile when
/// they have one, else their name.
pub fn referrer_cell(referrer: &CustomerIdent) -> &str {
    if referrer.mobile.is_empty() {
        &referrer.name
    } else {
        &referrer.mobile
    }
}

/// How a contact was made, in Chinese whatever the UI language: the same
/// words as the app's Chinese labels (`channel.*` in the locale files, which
/// `crate::i18n` checks in its tests), as the export is a Chinese file.
pub fn channel_cell(channel: ContactChannel) -> &'static str {
    match channel {
        ContactChannel::Visit => "拜访",
        ContactChannel::Phone => "电话",
        ContactChannel::SmsWechat => "短信/微信",
        ContactChannel::LetterCard => "信函/贺卡",
        ContactChannel::Email => "邮件",
        ContactChannel::Gift => "礼品",
    }
}

/// Why a contact was made, in Chinese whatever the UI language: the app's
/// Chinese labels (`purpose.*`), checked in `crate::i18n`'s tests.
pub fn purpose_cell(purpose: ContactPurpose) -> &'static str {
    match purpose {
        ContactPurpose::Greeting => "问候",
        ContactPurpose::AfterSales => "售后回访",
        ContactPurpose::Collection => "收款",
        ContactPurpose::Sales => "销售",
        ContactPurpose::Other => "其他",
    }
}

/// A return reason in Chinese whatever the UI language: the app's Chinese
/// labels (`return_reason.*`), which `parse_return_reason` reads back.
pub fn reason_cell(reason: ReturnReason) -> &'static str {
    match reason {
        ReturnReason::Quality => "质量问题",
        ReturnReason::WrongItem => "发错货",
        ReturnReason::NotAsDescribed => "与描述不符",
        ReturnReason::ChangedMind => "不想要了",
        ReturnReason::TransitDamage => "运输损坏",
    }
}

/// The returned goods' condition in Chinese (`condition.*`).
pub fn condition_cell(condition: GoodsCondition) -> &'static str {
    match condition {
        GoodsCondition::Unopened => "未拆封",
        GoodsCondition::Used => "已使用",
        GoodsCondition::Damaged => "已损坏",
    }
}

/// What the shop did, in Chinese (`return_outcome.*`).
pub fn outcome_cell(outcome: ReturnOutcome) -> &'static str {
    match outcome {
        ReturnOutcome::Refund => "退款",
        ReturnOutcome::Exchange => "换货",
        ReturnOutcome::Repair => "维修",
    }
}

/// Where a refund went, in Chinese: the short form of `refund_to.*`.
pub fn refund_to_cell(to: RefundTo) -> &'static str {
    match to {
        RefundTo::PaidOut => "退给顾客",
        RefundTo::Account => "冲抵欠款",
    }
}

/// A free-text cell: neutralised even when it looks like a number, so a
/// note `-5` stays text.
fn text(cell: &str) -> Cow<'_, str> {
    neutralize_text(cell)
}

fn optional<T>(value: Option<T>, show: impl FnOnce(T) -> String) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |v| Cow::Owned(show(v)))
}

/// Writes every customer card: contact details, dates, source, referrer,
/// manual class, credit limit, tags and notes. A card with a cell the book
/// cannot read is left out, logged (id and column) and counted in
/// [`ExportSummary::skipped_rows`].
pub fn export_customers(
    store: &Store,
    out: impl Write,
    encoding: ExportEncoding,
) -> Result<ExportSummary, ExportError> {
    let mut csv = CsvExporter::new(out, encoding, CUSTOMER_HEADER)?;
    let unreadable = store.for_each_customer(|c, referrer| {
        csv.write_record([
            text(&c.name),
            Cow::Borrowed(c.mobile.as_str()),
            Cow::Borrowed(c.phone2.as_str()),
            text(&c.wechat),
            text(&c.email),
            text(&c.address),
            text(&c.company),
            text(&c.occupation),
            Cow::Borrowed(gender_cell(c.gender)),
            optional(c.birthday.as_ref(), yearly_cell),
            optional(c.anniversary.as_ref(), yearly_cell),
            Cow::Borrowed(c.source.map_or("", source_cell)),
            referrer.map_or(Cow::Borrowed(""), |r| text(referrer_cell(r))),
            Cow::Borrowed(c.class_override.map_or("", |k| k.code())),
            optional(c.credit_limit, |m| m.to_plain()),
            Cow::Owned(text(&tags_cell(&c.tags)).into_owned()),
            text(&c.notes),
        ])
    })?;
    for bad in &unreadable {
        log::warn!("{bad}; left out of the export");
    }
    let mut summary = csv.finish()?;
    summary.skipped_rows = unreadable.len();
    Ok(summary)
}

/// Writes every sale, oldest first, with the customer's name and mobile.
pub fn export_sales(
    store: &Store,
    out: impl Write,
    encoding: ExportEncoding,
) -> Result<ExportSummary, ExportError> {
    let mut csv = CsvExporter::new(out, encoding, SALE_HEADER)?;
    store.for_each_sale(|s, customer| {
        csv.write_record([
            text(s.number.as_deref().unwrap_or_default()),
            text(&customer.name),
            Cow::Borrowed(customer.mobile.as_str()),
            Cow::Owned(date_cell(s.date)),
            text(&s.product),
            Cow::Owned(s.quantity.to_string()),
            Cow::Owned(s.amount.to_plain()),
            Cow::Owned(date_cell(s.due_date)),
            optional(s.terms_days, |d| d.to_string()),
            text(&s.note),
        ])
    })?;
    csv.finish()
}

/// Writes every payment, oldest first, with the customer and the number of
/// the sale it pays.
pub fn export_payments(
    store: &Store,
    out: impl Write,
    encoding: ExportEncoding,
) -> Result<ExportSummary, ExportError> {
    let mut csv = CsvExporter::new(out, encoding, PAYMENT_HEADER)?;
    store.for_each_payment(|p, customer, sale_number| {
        csv.write_record([
            text(&customer.name),
            Cow::Borrowed(customer.mobile.as_str()),
            Cow::Owned(date_cell(p.date)),
            Cow::Owned(p.amount.to_plain()),
            text(sale_number.unwrap_or_default()),
            text(&p.method),
            text(&p.note),
        ])
    })?;
    csv.finish()
}

/// Writes the contact log, oldest first, for reading in a spreadsheet.
pub fn export_contacts(
    store: &Store,
    out: impl Write,
    encoding: ExportEncoding,
) -> Result<ExportSummary, ExportError> {
    let mut csv = CsvExporter::new(out, encoding, CONTACT_HEADER)?;
    store.for_each_contact(|e, customer| {
        csv.write_record([
            text(&customer.name),
            Cow::Borrowed(customer.mobile.as_str()),
            Cow::Owned(time_cell(e.at)),
            Cow::Borrowed(channel_cell(e.channel)),
            Cow::Borrowed(purpose_cell(e.purpose)),
            text(&e.summary),
            text(&e.outcome),
            optional(e.next_contact, date_cell),
        ])
    })?;
    csv.finish()
}

/// Writes the returns log, oldest first: the customer's name and mobile
/// (blank for a walk-in), the number of the sale it is about, the refund
/// and where it went.
pub fn export_returns(
    store: &Store,
    out: impl Write,
    encoding: ExportEncoding,
) -> Result<ExportSummary, ExportError> {
    let mut csv = CsvExporter::new(out, encoding, RETURN_HEADER)?;
    store.for_each_return(|r, customer, sale_number| {
        csv.write_record([
            Cow::Owned(date_cell(r.date)),
            customer.map_or(Cow::Borrowed(""), |c| text(&c.name)),
            Cow::Borrowed(customer.map_or("", |c| c.mobile.as_str())),
            text(sale_number.unwrap_or_default()),
            text(&r.product),
            Cow::Owned(r.quantity.to_string()),
            Cow::Borrowed(reason_cell(r.reason)),
            Cow::Borrowed(condition_cell(r.condition)),
            Cow::Borrowed(outcome_cell(r.outcome)),
            if r.refund.is_zero() {
                Cow::Borrowed("")
            } else {
                Cow::Owned(r.refund.to_plain())
            },
            Cow::Borrowed(refund_to_cell(r.refund_to)),
            text(&r.note),
        ])
    })?;
    csv.finish()
}

/// Writes one kind of export to `out`.
pub fn export(
    store: &Store,
    kind: ExportKind,
    out: impl Write,
    encoding: ExportEncoding,
) -> Result<ExportSummary, ExportError> {
    match kind {
        ExportKind::Customers => export_customers(store, out, encoding),
        ExportKind::Sales => export_sales(store, out, encoding),
        ExportKind::Payments => export_payments(store, out, encoding),
        ExportKind::Contacts => export_contacts(store, out, encoding),
        ExportKind::Returns => export_returns(store, out, encoding),
    }
}

/// Exports to a file: writes [`partial_path`], syncs it, then renames it to
/// `path` (replacing an existing file). On failure the partial file is
/// removed and `path` is left as it was.
pub fn export_to_file(
    store: &Store,
    kind: ExportKind,
    path: &Path,
    encoding: ExportEncoding,
) -> Result<ExportSummary, ExportError> {
    atomic_write::write_file(path, |out| export(store, kind, out, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::CustomerClass;
    use crate::domain::money::Money;
    use crate::import::fields::{
        Field, match_headers, parse_amount, parse_birthday, parse_class, parse_gender,
        parse_import_date, parse_source,
    };

    #[test]
    fn every_header_maps_back_to_its_field() {
        let expected: [(ExportKind, &[Field]); 4] = [
            (
                ExportKind::Customers,
                &[
                    Field::Name,
                    Field::Mobile,
                    Field::Phone2,
                    Field::Wechat,
                    Field::Email,
                    Field::Address,
                    Field::Company,
                    Field::Occupation,
                    Field::Gender,
                    Field::Birthday,
                    Field::Anniversary,
                    Field::Source,
                    Field::ReferredBy,
                    Field::Class,
                    Field::CreditLimit,
                    Field::Tags,
                    Field::Notes,
                ],
            ),
            (
                ExportKind::Sales,
                &[
                    Field::Number,
                    Field::Customer,
                    Field::Phone,
                    Field::Date,
                    Field::Product,
                    Field::Quantity,
                    Field::Amount,
                    Field::DueDate,
                    Field::TermsDays,
                    Field::Notes,
                ],
            ),
            (
                ExportKind::Payments,
                &[
                    Field::Customer,
                    Field::Phone,
                    Field::Date,
                    Field::Amount,
                    Field::Number,
                    Field::Method,
                    Field::Notes,
                ],
            ),
            (
                ExportKind::Returns,
                &[
                    Field::Date,
                    Field::Customer,
                    Field::Phone,
                    Field::Number,
                    Field::Product,
                    Field::Quantity,
                    Field::Reason,
                    Field::Condition,
                    Field::Outcome,
                    Field::Amount,
                    Field::RefundTo,
                    Field::Notes,
                ],
            ),
        ];
        for (kind, fields) in expected {
            let import = kind.import_kind().unwrap();
            let header: Vec<String> = kind.header().iter().map(|h| h.to_string()).collect();
            let mapping = match_headers(import, &header);
            let got: Vec<Option<Field>> = fields.iter().copied().map(Some).collect();
            assert_eq!(mapping.columns, got, "{kind:?}");
            assert!(mapping.is_ready(), "{kind:?}");
            // Every field the import knows is exported.
            assert_eq!(fields.len(), import.fields().len(), "{kind:?}");
        }
        assert_eq!(ExportKind::Contacts.import_kind(), None);
        assert_eq!(ExportKind::Contacts.header().len(), 8);
    }

    #[test]
    fn kinds_have_unique_codes() {
        for kind in ExportKind::ALL {
            assert_eq!(ExportKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(ExportKind::from_code("promises"), None);
    }

    #[test]
    fn yearly_dates_round_trip_through_parse_birthday() {
        let solar = |y, m, d| YearlyDate::solar(y, m, d).unwrap();
        let lunar = |y, m, leap, d| YearlyDate::lunar(y, m, leap, d).unwrap();
        let cases = [
            (solar(Some(1985), 5, 6), "1985-05-06"),
            (solar(None, 5, 6), "05-06"),
            (solar(None, 2, 29), "02-29"),
            (solar(Some(2000), 12, 31), "2000-12-31"),
            (lunar(Some(1985), 8, false, 15), "农历1985年八月十五"),
            (lunar(None, 8, false, 15), "农历八月十五"),
            (lunar(None, 4, true, 8), "农历闰四月初八"),
            // 2020 had a leap fourth month.
            (lunar(Some(2020), 4, true, 8), "农历2020年闰四月初八"),
            (lunar(None, 1, false, 1), "农历正月初一"),
            (lunar(None, 11, false, 5), "农历冬月初五"),
            (lunar(None, 12, false, 23), "农历腊月廿三"),
            (lunar(None, 12, false, 30), "农历腊月三十"),
            (lunar(None, 10, false, 10), "农历十月初十"),
            (lunar(None, 3, false, 20), "农历三月二十"),
            (lunar(None, 6, false, 29), "农历六月廿九"),
            (lunar(Some(1990), 1, false, 21), "农历1990年正月廿一"),
        ];
        for (date, cell) in cases {
            assert_eq!(yearly_cell(&date), cell);
            assert_eq!(parse_birthday(cell), Ok(date), "{cell}");
        }
    }

    #[test]
    fn labels_and_amounts_round_trip_through_the_import_parsers() {
        for g in Gender::ALL {
            assert_eq!(parse_gender(gender_cell(*g)), Ok(*g));
        }
        for s in Source::ALL {
            assert_eq!(parse_source(source_cell(*s)), Ok(*s));
        }
        for c in CustomerClass::ALL {
            assert_eq!(parse_class(c.code()), Ok(*c));
        }
        for fen in [0, 1, 99, 123_450, 100_000_000] {
            let cell = Money(fen).to_plain();
            assert!(!cell.contains(','), "{cell}");
            assert_eq!(parse_amount(&cell), Ok(Money(fen)));
        }
        assert_eq!(Money(123_450).to_plain(), "1234.50");
        let day = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
        assert_eq!(date_cell(day), "2024-01-05");
        assert_eq!(parse_import_date(&date_cell(day)), Ok(day));
        assert_eq!(
            time_cell(day.and_hms_opt(14, 30, 59).unwrap()),
            "2024-01-05 14:30"
        );
    }

    #[test]
    fn tags_and_referrers() {
        let tags = vec!["老客户".to_string(), "VIP".to_string(), "团购".to_string()];
        assert_eq!(tags_cell(&tags), "老客户、VIP、团购");
        assert_eq!(crate::domain::customer::parse_tags(&tags_cell(&tags)), tags);
        let mut referrer = CustomerIdent {
            id: 1,
            name: "李四".into(),
            mobile: "13900139000".into(),
        };
        assert_eq!(referrer_cell(&referrer), "13900139000");
        referrer.mobile.clear();
        assert_eq!(referrer_cell(&referrer), "李四");
    }

    #[test]
    fn return_labels_round_trip_through_the_import_parsers() {
        use crate::import::fields::{
            parse_condition, parse_outcome, parse_refund_to, parse_return_reason,
        };
        for r in ReturnReason::ALL {
            assert_eq!(parse_return_reason(reason_cell(*r)), Ok(*r));
            assert_eq!(parse_return_reason(r.code()), Ok(*r));
        }
        for c in GoodsCondition::ALL {
            assert_eq!(parse_condition(condition_cell(*c)), Ok(*c));
        }
        for o in ReturnOutcome::ALL {
            assert_eq!(parse_outcome(outcome_cell(*o)), Ok(*o));
        }
        for t in RefundTo::ALL {
            assert_eq!(parse_refund_to(refund_to_cell(*t)), Ok(*t));
        }
        // The app's own longer label reads too.
        assert_eq!(
            parse_refund_to("退给顾客（现金/原路）"),
            Ok(RefundTo::PaidOut)
        );
        assert!(parse_outcome("送修").is_err());
    }

    #[test]
    fn contact_labels_are_chinese_whatever_the_ui_language() {
        assert_eq!(channel_cell(ContactChannel::Phone), "电话");
        assert_eq!(purpose_cell(ContactPurpose::AfterSales), "售后回访");
        for &c in ContactChannel::ALL {
            assert!(!channel_cell(c).is_ascii(), "{c:?}");
        }
        for &p in ContactPurpose::ALL {
            assert!(!purpose_cell(p).is_ascii(), "{p:?}");
        }
    }

    #[test]
    fn free_text_is_neutralised_even_when_numeric() {
        assert_eq!(text("-5"), "'-5");
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("张三"), "张三");
    }

    #[test]
    fn a_failed_export_leaves_no_file_behind() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open_in_memory().unwrap();
        let missing = dir.path().join("no-such-folder").join("out.csv");
        let result = export_to_file(
            &store,
            ExportKind::Customers,
            &missing,
            ExportEncoding::Utf8Bom,
        );
        assert!(matches!(result, Err(ExportError::Io(_))));
        assert!(!missing.exists() && !partial_path(&missing).exists());

        let out = dir.path().join("out.csv");
        std::fs::write(&out, "old").unwrap();
        let summary =
            export_to_file(&store, ExportKind::Sales, &out, ExportEncoding::Utf8Bom).unwrap();
        assert_eq!(summary.rows, 0);
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(
            &bytes[3..],
            "单号,客户,手机,日期,商品,数量,金额,到期日,账期,备注\r\n".as_bytes()
        );
        assert!(!partial_path(&out).exists());
        assert_eq!(partial_path(&out), dir.path().join("out.csv.partial"));
    }
}
