//! A statement of account written to a file: Excel-safe CSV (UTF-8 with a
//! BOM, formula cells neutralised) or a printable HTML page. Files are
//! written to `<file>.partial` and renamed when complete, so a failure
//! leaves any earlier file as it was. Plain functions, so tests call them
//! without a dialog.

use std::io::Write;
use std::path::Path;

use super::report::bucket_titles;
use crate::atomic_write;
use crate::domain::money::Money;
use crate::domain::receivables::aging::{Allocation, BucketEdges};
use crate::domain::receivables::letters::escape_html;
use crate::domain::receivables::statement::{EntryKind, Statement};
use crate::i18n::{t, tr};
use crate::import::export::{CsvExporter, ExportEncoding, ExportError, neutralize_text};

/// What a statement file shows.
pub struct StatementDoc<'a> {
    pub shop: &'a str,
    pub customer: &'a str,
    pub statement: &'a Statement,
    /// The customer's open amount per bucket as of the statement's end.
    pub aging: Vec<(String, Money)>,
    /// Money the shop holds for the customer (paid ahead) at the end.
    pub credit: Money,
}

/// A customer's open amount per bucket (titled) from their allocation.
pub fn aging_of(allocation: &Allocation, edges: &BucketEdges) -> Vec<(String, Money)> {
    let mut amounts = vec![Money(0); edges.len()];
    for s in &allocation.open {
        amounts[edges.bucket_of(s.days_overdue)] += s.open;
    }
    bucket_titles(edges).into_iter().zip(amounts).collect()
}

/// A movement's kind in the user's language: 销售, 收款, 退款入账.
pub fn kind_label(kind: EntryKind) -> String {
    tr(&format!("recv.kind.{}", kind.code()))
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The CSV header: date, type, reference, description, debit, credit, balance.
pub fn csv_header() -> [String; 7] {
    [
        t!("recv.st.col_date").into_owned(),
        t!("recv.st.col_kind").into_owned(),
        t!("recv.st.col_reference").into_owned(),
        t!("recv.st.col_description").into_owned(),
        t!("recv.st.col_debit").into_owned(),
        t!("recv.st.col_credit").into_owned(),
        t!("recv.st.col_balance").into_owned(),
    ]
}

/// Writes the statement as CSV: the header, the opening balance, one row per
/// movement, the closing balance with the period's totals. Returns the data
/// rows written.
pub fn write_csv<W: Write>(doc: &StatementDoc<'_>, out: W) -> Result<usize, ExportError> {
    let s = doc.statement;
    let mut csv = CsvExporter::new(out, ExportEncoding::Utf8Bom, csv_header())?;
    let blank = String::new;
    csv.write_record([
        date(s.from),
        t!("recv.st.opening").into_owned(),
        blank(),
        blank(),
        blank(),
        blank(),
        s.opening.to_plain(),
    ])?;
    for line in &s.lines {
        let m = &line.movement;
        let (debit, credit) = match m.kind {
            EntryKind::Sale => (m.amount.to_plain(), blank()),
            _ => (blank(), m.amount.to_plain()),
        };
        csv.write_record([
            date(m.date),
            kind_label(m.kind),
            neutralize_text(&m.reference).into_owned(),
            neutralize_text(&m.description).into_owned(),
            debit,
            credit,
            line.balance.to_plain(),
        ])?;
    }
    csv.write_record([
        date(s.to),
        t!("recv.st.closing").into_owned(),
        blank(),
        blank(),
        s.sales.to_plain(),
        s.payments.to_plain(),
        s.closing.to_plain(),
    ])?;
    Ok(csv.finish()?.rows)
}

/// The statement as a printable page.
pub fn html(doc: &StatementDoc<'_>) -> String {
    let s = doc.statement;
    let e = |text: &str| escape_html(text);
    let mut rows = String::new();
    let row = |rows: &mut String, cells: [&str; 7], class: &str| {
        rows.push_str(&format!("<tr class=\"{class}\">"));
        for (i, c) in cells.iter().enumerate() {
            let align = if i >= 4 { " class=\"num\"" } else { "" };
            rows.push_str(&format!("<td{align}>{}</td>", e(c)));
        }
        rows.push_str("</tr>\n");
    };
    let (from, to) = (date(s.from), date(s.to));
    let opening = s.opening.to_string();
    row(
        &mut rows,
        [&from, &t!("recv.st.opening"), "", "", "", "", &opening],
        "sum",
    );
    for line in &s.lines {
        let m = &line.movement;
        let amount = m.amount.to_string();
        let (debit, credit) = match m.kind {
            EntryKind::Sale => (amount.as_str(), ""),
            _ => ("", amount.as_str()),
        };
        row(
            &mut rows,
            [
                &date(m.date),
                &kind_label(m.kind),
                &m.reference,
                &m.description,
                debit,
                credit,
                &line.balance.to_string(),
            ],
            "",
        );
    }
    row(
        &mut rows,
        [
            &to,
            &t!("recv.st.closing"),
            "",
            "",
            &s.sales.to_string(),
            &s.payments.to_string(),
            &s.closing.to_string(),
        ],
        "sum",
    );
    let header: String = csv_header()
        .iter()
        .map(|h| format!("<th>{}</th>", e(h)))
        .collect();
    let mut aging = String::new();
    if !doc.aging.is_empty() {
        aging.push_str(&format!(
            "<h2>{}</h2>\n<table><tr>",
            e(&t!("recv.st.aging_title", day = to))
        ));
        for (title, _) in &doc.aging {
            aging.push_str(&format!("<th>{}</th>", e(title)));
        }
        aging.push_str("</tr>\n<tr>");
        for (_, amount) in &doc.aging {
            aging.push_str(&format!(
                "<td class=\"num\">{}</td>",
                e(&amount.to_string())
            ));
        }
        aging.push_str("</tr></table>\n");
    }
    let credit = if doc.credit.is_positive() {
        format!(
            "<p>{}</p>\n",
            e(&t!("recv.st.credit_held", amount = doc.credit))
        )
    } else {
        String::new()
    };
    let title = t!("recv.st.title");
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title} {customer}</title>\n\
         <style>body{{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;\
         max-width:60em;margin:2em auto;color:#222}}h1{{font-size:1.5em;margin:0}}h2{{font-size:1.1em;margin-top:1.5em}}\
         table{{border-collapse:collapse;width:100%;margin-top:.8em}}th,td{{border:1px solid #999;padding:.3em .5em;text-align:left}}\
         th{{background:#eee}}td.num{{text-align:right;white-space:nowrap}}tr.sum td{{font-weight:bold;background:#f6f6f6}}\
         .meta{{color:#555}}@media print{{body{{margin:1cm}}th{{background:none}}}}</style></head>\n<body>\n\
         <h1>{shop}</h1>\n<h2>{title}</h2>\n<p class=\"meta\">{who}<br>{period}</p>\n\
         <table><tr>{header}</tr>\n{rows}</table>\n\
         <p>{summary}</p>\n{credit}{aging}</body></html>\n",
        title = e(&title),
        customer = e(doc.customer),
        shop = e(doc.shop),
        who = e(&t!("recv.st.customer_line", name = doc.customer)),
        period = e(&t!("recv.st.period", from = from, to = to)),
        summary = e(&t!(
            "recv.st.summary",
            opening = s.opening,
            sales = s.sales,
            payments = s.payments,
            closing = s.closing
        )),
    )
}

/// Saves the statement as CSV; returns the data rows written.
pub fn save_csv(doc: &StatementDoc<'_>, path: &Path) -> Result<usize, ExportError> {
    atomic_write::write_file(path, |out| write_csv(doc, out))
}

/// Saves the statement as a printable HTML page.
pub fn save_html(doc: &StatementDoc<'_>, path: &Path) -> Result<(), ExportError> {
    atomic_write::write_file(path, |out| Ok(out.write_all(html(doc).as_bytes())?))
}
