//! The overdue notice and the demand letter (催款函): editable templates
//! filled with the customer's open sales, rendered as plain text (to copy
//! or save) and as a printable HTML page.
//!
//! Placeholders: `{customer}`, `{shop}`, `{date}` (today), `{total}` (all
//! that is open), `{overdue}` (what is past due), `{oldest_days}` (days the
//! oldest sale is overdue), `{pay_by}` (today + the grace days) and
//! `{sales}` (one line per open sale: number, date, amount open, days overdue)
//! and `{reminders}` (a sentence on the reminders logged before: none, one or
//! several — a letter never claims reminders nobody logged).

use chrono::NaiveDate;

use super::super::money::Money;
use super::aging::OpenSale;
use super::ladder::LogEntry;

crate::coded_enum!(
    /// The two letters the shop sends.
    LetterKind { OverdueNotice => "overdue_notice", DemandLetter => "demand_letter" }
);

/// Days the letter gives the customer to pay.
pub fn grace_days(kind: LetterKind) -> u64 {
    match kind {
        LetterKind::OverdueNotice => 7,
        LetterKind::DemandLetter => 10,
    }
}

/// An open sale with the number the customer knows it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterSale {
    pub number: String,
    pub product: String,
    pub open: OpenSale,
}

/// What a letter is filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterContext {
    pub customer: String,
    pub shop: String,
    pub today: NaiveDate,
    pub sales: Vec<LetterSale>,
    /// Collection steps logged for these debts before the letter
    /// ([`reminders_logged`]).
    pub reminders: usize,
}

/// How many steps of `log` chased the open `sales`: those dated from the
/// earliest due date among them up to `today` (all up to today when nothing
/// is open).
pub fn reminders_logged(log: &[LogEntry], sales: &[LetterSale], today: NaiveDate) -> usize {
    let since = sales.iter().map(|s| s.open.due).min();
    log.iter()
        .filter(|e| e.date <= today && since.is_none_or(|since| e.date >= since))
        .count()
}

/// What `{reminders}` says: the reminders sent so far, as many as were logged.
pub fn reminders_sentence(reminders: usize, chinese: bool) -> &'static str {
    match (reminders, chinese) {
        (0, true) => "截至目前，本店仍未收到上述款项。",
        (1, true) => "此前我们已提醒过一次，至今仍未收到款项。",
        (_, true) => "此前我们已多次提醒，至今仍未收到款项。",
        (0, false) => "To date we have not received payment.",
        (1, false) => "Despite our earlier reminder we have not received payment.",
        (_, false) => "Despite earlier reminders we have not received payment.",
    }
}

/// The fixed claims of the first default demand letters, which a shop's
/// saved template may still hold; they are worded from the log instead.
const FIXED_REMINDER_CLAIMS: [(&str, bool); 2] = [
    ("此前我们已多次提醒，至今仍未收到款项。", true),
    (
        "Despite earlier reminders we have not received payment.",
        false,
    ),
];

/// Fills `template` for `ctx`; `chinese` picks the words of the sales lines.
pub fn fill(kind: LetterKind, template: &str, ctx: &LetterContext, chinese: bool) -> String {
    let total: Money = ctx.sales.iter().map(|s| s.open.open).sum();
    let overdue: Money = ctx
        .sales
        .iter()
        .filter(|s| s.open.days_overdue > 0)
        .map(|s| s.open.open)
        .sum();
    let oldest = ctx
        .sales
        .iter()
        .map(|s| s.open.days_overdue)
        .max()
        .unwrap_or(0)
        .max(0);
    let pay_by = ctx
        .today
        .checked_add_days(chrono::Days::new(grace_days(kind)))
        .unwrap_or(ctx.today);
    let lines: Vec<String> = ctx.sales.iter().map(|s| sale_line(s, chinese)).collect();
    let replacements: [(&str, String); 9] = [
        ("{customer}", ctx.customer.clone()),
        ("{shop}", ctx.shop.clone()),
        ("{date}", ctx.today.to_string()),
        ("{total}", total.to_string()),
        ("{overdue}", overdue.to_string()),
        ("{oldest_days}", oldest.to_string()),
        ("{pay_by}", pay_by.to_string()),
        ("{sales}", lines.join("\n")),
        (
            "{reminders}",
            reminders_sentence(ctx.reminders, chinese).to_string(),
        ),
    ];
    let mut out = template.to_string();
    for (claim, in_chinese) in FIXED_REMINDER_CLAIMS {
        out = out.replace(claim, reminders_sentence(ctx.reminders, in_chinese));
    }
    for (key, value) in &replacements {
        out = out.replace(key, value);
    }
    out
}

fn sale_line(s: &LetterSale, chinese: bool) -> String {
    let number = if s.number.is_empty() {
        "—"
    } else {
        s.number.as_str()
    };
    let days = s.open.days_overdue.max(0);
    if chinese {
        format!(
            "  {number}  {}  {}  未付 {}  已逾期 {days} 天",
            s.open.date, s.product, s.open.open
        )
    } else {
        format!(
            "  {number}  {}  {}  open {}  {days} days overdue",
            s.open.date, s.product, s.open.open
        )
    }
}

/// The letter as a page to print: the text kept line by line, escaped.
pub fn to_html(title: &str, text: &str) -> String {
    let mut body = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            body.push_str("<p>&nbsp;</p>\n");
        } else {
            body.push_str("<p>");
            body.push_str(&escape_html(line));
            body.push_str("</p>\n");
        }
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;\
         max-width:42em;margin:3em auto;line-height:1.6}}p{{margin:0;white-space:pre-wrap}}\
         @media print{{body{{margin:1.5cm}}}}</style></head>\n<body onload=\"window.print()\">\n{}</body></html>\n",
        escape_html(title),
        body
    )
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The template a new shop starts with.
pub fn default_template(kind: LetterKind, chinese: bool) -> &'static str {
    match (kind, chinese) {
        (LetterKind::OverdueNotice, true) => {
            "逾期付款提醒\n\n{customer}：\n\n您好！感谢您一直以来对{shop}的支持。经核对账目，截至{date}，您在本店尚有以下款项已过约定付款日期：\n\n{sales}\n\n未付合计：{total}，其中已逾期：{overdue}。\n\n可能是事务繁忙未及安排，烦请于{pay_by}前付清。如已付款，请忽略本提醒并告知我们核对。有任何疑问，欢迎随时联系。\n\n{shop}\n{date}"
        }
        (LetterKind::OverdueNotice, false) => {
            "Overdue payment reminder\n\nDear {customer},\n\nThank you for shopping with {shop}. Our records as of {date} show the following amounts past their agreed payment date:\n\n{sales}\n\nOpen in total: {total}, of which overdue: {overdue}.\n\nPlease settle by {pay_by}. If you have already paid, kindly let us know so we can check our books. Do contact us with any question.\n\n{shop}\n{date}"
        }
        (LetterKind::DemandLetter, true) => {
            "催款函\n\n{customer}：\n\n截至{date}，贵方在{shop}的以下货款已逾期，最长已逾期{oldest_days}天：\n\n{sales}\n\n未付合计：{total}，其中已逾期：{overdue}。\n\n{reminders}请贵方于{pay_by}前将上述欠款全部付清。逾期仍未付款的，本店将依法采取进一步措施，由此产生的费用由贵方承担。\n\n如对账目有异议，请在收到本函后三日内与我们联系核对。\n\n{shop}\n{date}"
        }
        (LetterKind::DemandLetter, false) => {
            "Demand for payment\n\nTo {customer},\n\nAs of {date}, the following amounts owed to {shop} are overdue, the oldest by {oldest_days} days:\n\n{sales}\n\nOpen in total: {total}, of which overdue: {overdue}.\n\n{reminders} We ask you to pay the full amount by {pay_by}. If it remains unpaid after that date, we will take further steps as the law allows, at your cost.\n\nIf you dispute any item, please contact us within three days of receiving this letter.\n\n{shop}\n{date}"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn ctx() -> LetterContext {
        let open = |id, due, yuan, days| OpenSale {
            sale_id: id,
            date: d(1, 5),
            due,
            amount: Money::from_yuan(yuan),
            open: Money::from_yuan(yuan),
            days_overdue: days,
        };
        LetterContext {
            customer: "宏达装饰公司".into(),
            shop: "美家电器".into(),
            today: d(6, 1),
            sales: vec![
                LetterSale {
                    number: "XS2026-000012".into(),
                    product: "空调".into(),
                    open: open(1, d(2, 4), 12_000, 117),
                },
                LetterSale {
                    number: String::new(),
                    product: "冰箱".into(),
                    open: open(2, d(6, 10), 3_000, -9),
                },
            ],
            reminders: 0,
        }
    }

    fn logged(day: NaiveDate) -> LogEntry {
        use super::super::ladder::StepKind;
        LogEntry {
            id: None,
            customer_id: 1,
            date: day,
            step: StepKind::Phone,
            who: String::new(),
            said: String::new(),
            promise: None,
            created_at: day.and_hms_opt(9, 0, 0).unwrap(),
        }
    }

    fn demand(reminders: usize, chinese: bool, template: Option<&str>) -> String {
        let ctx = LetterContext { reminders, ..ctx() };
        let template = template.unwrap_or(default_template(LetterKind::DemandLetter, chinese));
        fill(LetterKind::DemandLetter, template, &ctx, chinese)
    }

    #[test]
    fn reminders_count_the_steps_logged_since_the_oldest_debt_fell_due() {
        let c = ctx();
        // The oldest open sale fell due on 2026-02-04; today is 2026-06-01.
        let log = [
            logged(d(1, 20)), // before anything was due: not about these debts
            logged(d(2, 4)),
            logged(d(5, 2)),
            logged(d(6, 2)), // after today
        ];
        assert_eq!(reminders_logged(&log, &c.sales, c.today), 2);
        assert_eq!(reminders_logged(&log[..2], &c.sales, c.today), 1);
        assert_eq!(reminders_logged(&[], &c.sales, c.today), 0);
    }

    #[test]
    fn the_demand_letter_claims_only_the_reminders_that_were_logged() {
        let none = demand(0, true, None);
        assert!(!none.contains("提醒"), "{none}");
        assert!(none.contains("截至目前，本店仍未收到上述款项。请贵方于"));
        let one = demand(1, true, None);
        assert!(one.contains("此前我们已提醒过一次，至今仍未收到款项。"));
        assert!(!one.contains("多次"));
        assert!(demand(3, true, None).contains("此前我们已多次提醒，至今仍未收到款项。"));

        let none = demand(0, false, None);
        assert!(!none.contains("reminder"), "{none}");
        assert!(none.contains("To date we have not received payment. We ask you"));
        assert!(demand(1, false, None).contains("Despite our earlier reminder we have"));
        assert!(demand(2, false, None).contains("Despite earlier reminders we have"));
    }

    #[test]
    fn a_saved_template_with_the_old_fixed_claim_is_worded_from_the_log_too() {
        let old = "{customer}：此前我们已多次提醒，至今仍未收到款项。请付清。";
        assert_eq!(
            demand(0, true, Some(old)),
            "宏达装饰公司：截至目前，本店仍未收到上述款项。请付清。"
        );
        let old_en = "Despite earlier reminders we have not received payment. Pay.";
        assert_eq!(
            demand(1, false, Some(old_en)),
            "Despite our earlier reminder we have not received payment. Pay."
        );
    }

    #[test]
    fn demand_letter_names_sales_totals_and_oldest_days() {
        let text = fill(
            LetterKind::DemandLetter,
            default_template(LetterKind::DemandLetter, true),
            &ctx(),
            true,
        );
        assert!(text.starts_with("催款函\n\n宏达装饰公司："), "{text}");
        assert!(text.contains("最长已逾期117天"));
        assert!(text.contains("XS2026-000012  2026-01-05  空调  未付 ¥12,000.00  已逾期 117 天"));
        assert!(text.contains("—  2026-01-05  冰箱  未付 ¥3,000.00  已逾期 0 天"));
        assert!(text.contains("未付合计：¥15,000.00，其中已逾期：¥12,000.00"));
        assert!(text.contains("请贵方于2026-06-11前"));
        assert!(!text.contains('{'), "every placeholder filled: {text}");
    }

    #[test]
    fn english_notice_and_unknown_placeholders_stay() {
        let text = fill(
            LetterKind::OverdueNotice,
            "{customer} owes {total} by {pay_by} {nope}",
            &ctx(),
            false,
        );
        assert_eq!(text, "宏达装饰公司 owes ¥15,000.00 by 2026-06-08 {nope}");
        let full = fill(
            LetterKind::OverdueNotice,
            default_template(LetterKind::OverdueNotice, false),
            &ctx(),
            false,
        );
        assert!(full.contains("open ¥12,000.00  117 days overdue"));
    }

    #[test]
    fn html_escapes_and_keeps_lines() {
        let html = to_html("催款函 <A&B>", "第一行\n\n<b>二</b>");
        assert!(html.contains("<title>催款函 &lt;A&amp;B&gt;</title>"));
        assert!(html.contains("<p>第一行</p>\n<p>&nbsp;</p>\n<p>&lt;b&gt;二&lt;/b&gt;</p>"));
        assert!(html.contains("charset=\"utf-8\""));
    }
}
