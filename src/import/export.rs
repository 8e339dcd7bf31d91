//! CSV that Excel (and WPS) opens correctly and cannot run as formulas.
//!
//! Encoding: Excel on Chinese Windows reads a CSV without BOM as GBK, so we
//! write UTF-8 *with* a byte-order mark by default, or GBK on request for
//! older software. GBK cannot represent every character (emoji, some rare
//! names); such characters are written as `?` and counted, and the count is
//! reported by [`CsvExporter::finish`] so the UI can warn and suggest UTF-8.
//!
//! Formula ("CSV") injection, per the OWASP rule: a cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return may be run by the
//! spreadsheet as a formula (`=HYPERLINK(...)`, `@SUM(...)`, DDE). Such cells
//! get a leading apostrophe `'`, which makes the spreadsheet treat the cell
//! as text. [`neutralize_text`] does this for every cell; [`neutralize`]
//! (used by [`CsvExporter`]) keeps cells that are a plain number such as
//! `-12.50` or `+3`, since a number is never a formula and amount columns
//! must stay numeric. The importer's `fields::clean_text` strips the
//! apostrophe again, so an export re-imports unchanged.
//!
//! Records are written with the csv crate: fields quoted only when needed
//! (delimiter, quote, CR or LF inside), quotes doubled, CRLF line endings.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use encoding_rs::{EncoderResult, GBK};

/// The byte-order mark that tells Excel a CSV is UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which bytes the exported file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportEncoding {
    /// UTF-8 with BOM: every character survives; Excel 2007+ and WPS read it.
    #[default]
    Utf8Bom,
    /// GBK, for older software that reads only the local code page.
    Gbk,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not write the file: {0}")]
    Io(#[from] io::Error),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not read the shop's data: {0}")]
    Store(#[from] crate::store::StoreError),
}

/// Whether a cell would be read as a formula (or a control character that
/// can start one).
fn is_dangerous(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A plain decimal number: optional sign, digits, optional fraction.
fn is_plain_number(cell: &str) -> bool {
    let s = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit())
        && !(s.contains('.') && frac.is_empty())
}

/// Neutralises a cell for any column: a plain number (`-12.50`) is kept as
/// is, anything else that starts with `= + - @`, tab or CR gets a leading
/// apostrophe.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if is_dangerous(cell) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Neutralises a free-text cell: every cell that starts with `= + - @`, tab
/// or CR gets a leading apostrophe, numbers included (`-5` typed in a note
/// stays text).
pub fn neutralize_text(cell: &str) -> Cow<'_, str> {
    if is_dangerous(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `￥` (U+FFE5) in GBK.
const FULLWIDTH_YEN_GBK: &[u8] = &[0xA3, 0xA4];

/// Encodes text as GBK, writing `?` for each character GBK lacks (except
/// the half-width `¥`, which becomes the full-width `￥` GBK has). Returns
/// the bytes and how many characters were replaced by `?`.
pub fn encode_gbk(text: &str) -> (Vec<u8>, usize) {
    let mut encoder = GBK.new_encoder();
    let mut out = Vec::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut replaced = 0;
    loop {
        let needed = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len() * 4 + 16);
        out.reserve(needed);
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => break,
            EncoderResult::OutputFull => {}
            // GBK has only the full-width yen sign; `Money`'s display uses
            // the half-width one, so substitute rather than lose it.
            EncoderResult::Unmappable('¥') => out.extend_from_slice(FULLWIDTH_YEN_GBK),
            EncoderResult::Unmappable(_) => {
                out.push(b'?');
                replaced += 1;
            }
        }
    }
    (out, replaced)
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportSummary {
    /// Data rows written, not counting the header.
    pub rows: usize,
    /// Characters written as `?` because GBK cannot represent them (always 0
    /// for UTF-8).
    pub replaced_chars: usize,
    /// Records left out because the book could not read them (each is
    /// logged with what was unreadable).
    pub skipped_rows: usize,
}

/// A `Write` the csv writer formats into, shared so each finished record
/// can be taken out, encoded and passed on.
#[derive(Clone, Default)]
struct SharedBuf(Rc<RefCell<Vec<u8>>>);

impl Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes a header row and records as Excel-safe CSV. Every cell goes
/// through [`neutralize`]; pass cells already neutralised with
/// [`neutralize_text`] for free-text columns where numbers must stay text
/// (the apostrophe then is not doubled, since the cell no longer starts
/// with a trigger). Write amounts with `Money::to_plain` (`-12.50`), not
/// its display form (`-¥12.50` is not a plain number and gets neutralised).
/// After an error the output may hold a partial record: discard it.
pub struct CsvExporter<W: Write> {
    out: W,
    encoding: ExportEncoding,
    csv: csv::Writer<SharedBuf>,
    buf: SharedBuf,
    rows: usize,
    replaced_chars: usize,
}

impl<W: Write> CsvExporter<W> {
    /// Starts an export: writes the BOM (for UTF-8) and the header row.
    pub fn new<I, T>(out: W, encoding: ExportEncoding, header: I) -> Result<Self, ExportError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let buf = SharedBuf::default();
        let csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(false)
            .from_writer(buf.clone());
        let mut exporter = CsvExporter {
            out,
            encoding,
            csv,
            buf,
            rows: 0,
            replaced_chars: 0,
        };
        if encoding == ExportEncoding::Utf8Bom {
            exporter.out.write_all(UTF8_BOM)?;
        }
        exporter.write_row(header)?;
        Ok(exporter)
    }

    /// Writes one data row. All rows must have as many cells as the header.
    pub fn write_record<I, T>(&mut self, record: I) -> Result<(), ExportError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.write_row(record)?;
        self.rows += 1;
        Ok(())
    }

    fn write_row<I, T>(&mut self, record: I) -> Result<(), ExportError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let cells: Vec<String> = record
            .into_iter()
            .map(|c| neutralize(c.as_ref()).into_owned())
            .collect();
        self.csv.write_record(&cells)?;
        self.csv.flush()?;
        let bytes = std::mem::take(&mut *self.buf.0.borrow_mut());
        match self.encoding {
            ExportEncoding::Utf8Bom => self.out.write_all(&bytes)?,
            ExportEncoding::Gbk => {
                // The csv writer only ever received &str, so this is UTF-8.
                let text = String::from_utf8(bytes)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()))?;
                let (encoded, replaced) = encode_gbk(&text);
                self.replaced_chars += replaced;
                self.out.write_all(&encoded)?;
            }
        }
        Ok(())
    }

    /// Data rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Flushes the output and reports what was written.
    pub fn finish(mut self) -> Result<ExportSummary, ExportError> {
        self.out.flush()?;
        Ok(ExportSummary {
            rows: self.rows,
            replaced_chars: self.replaced_chars,
            skipped_rows: 0,
        })
    }

    /// Flushes and returns the underlying writer with the summary (for
    /// exporting into memory).
    pub fn into_inner(mut self) -> Result<(W, ExportSummary), ExportError> {
        self.out.flush()?;
        let summary = ExportSummary {
            rows: self.rows,
            replaced_chars: self.replaced_chars,
            skipped_rows: 0,
        };
        Ok((self.out, summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(encoding: ExportEncoding, rows: &[&[&str]]) -> (Vec<u8>, ExportSummary) {
        let mut ex =
            CsvExporter::new(Vec::new(), encoding, ["姓名", "手机", "金额", "备注"]).unwrap();
        for r in rows {
            ex.write_record(r.iter()).unwrap();
        }
        ex.into_inner().unwrap()
    }

    fn read_back(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn formula_cells_are_neutralized() {
        for cell in [
            "=1+1",
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+2",
            "-2+3",
            "@SUM(A1)",
            "\tabc",
            "\r=1",
            "-",
            "+86 138 0013 8000",
            "-1e5",
        ] {
            assert_eq!(neutralize(cell), format!("'{cell}"), "{cell:?}");
            assert_eq!(neutralize_text(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn numbers_and_plain_text_are_kept() {
        for cell in [
            "-12.50", "+3", "-7", "12.5", "0", "张三", "a=b", "", " =1", "'=1",
        ] {
            assert!(matches!(neutralize(cell), Cow::Borrowed(_)), "{cell:?}");
        }
        for cell in ["-12.", "-.5", "--1"] {
            assert_eq!(neutralize(cell), format!("'{cell}"), "{cell:?}");
        }
        // Free-text columns keep even numbers as text.
        assert_eq!(neutralize_text("-12.50"), "'-12.50");
        assert_eq!(neutralize_text("张三"), "张三");
    }

    #[test]
    fn utf8_export_has_bom_and_crlf() {
        let (bytes, summary) = export(
            ExportEncoding::Utf8Bom,
            &[&["张三", "13800138000", "-12.50", "=1+1"]],
        );
        assert!(bytes.starts_with(UTF8_BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(
            text,
            "姓名,手机,金额,备注\r\n张三,13800138000,-12.50,'=1+1\r\n"
        );
        assert_eq!(
            summary,
            ExportSummary {
                rows: 1,
                replaced_chars: 0,
                skipped_rows: 0
            }
        );
    }

    #[test]
    fn special_characters_round_trip_through_csv() {
        let rows: &[&[&str]] = &[
            &["李,四", "1", "2", "说\"你好\""],
            &["王五", "2", "3", "第一行\n第二行\r\n第三行"],
            &["", "", "", " 前后空格 "],
        ];
        let (bytes, summary) = export(ExportEncoding::Utf8Bom, rows);
        assert_eq!(summary.rows, 3);
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.contains("\"李,四\""));
        assert!(text.contains("\"说\"\"你好\"\"\""));
        let back = read_back(text);
        assert_eq!(back.len(), 4);
        assert_eq!(back[0], vec!["姓名", "手机", "金额", "备注"]);
        for (got, want) in back[1..].iter().zip(rows) {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn gbk_export_decodes_back_to_the_same_text() {
        let rows: &[&[&str]] = &[
            &["张三", "13800138000", "1,234.50", "老客户，喜欢绿茶"],
            &["欧阳娜娜", "010-12345678", "￥88", "€ 与 “引号”"],
        ];
        let (bytes, summary) = export(ExportEncoding::Gbk, rows);
        assert!(!bytes.starts_with(UTF8_BOM));
        assert_eq!(
            summary,
            ExportSummary {
                rows: 2,
                replaced_chars: 0,
                skipped_rows: 0
            }
        );
        let (text, had_errors) = GBK.decode_without_bom_handling(&bytes);
        assert!(!had_errors);
        let back = read_back(&text);
        assert_eq!(back[0], vec!["姓名", "手机", "金额", "备注"]);
        for (got, want) in back[1..].iter().zip(rows) {
            assert_eq!(got, want);
        }
        // Really GBK, not UTF-8: 张 is D5 C5.
        assert!(bytes.windows(2).any(|w| w == [0xD5, 0xC5]));
    }

    #[test]
    fn gbk_replaces_and_counts_unmappable_characters() {
        let (bytes, summary) = export(ExportEncoding::Gbk, &[&["小明😀", "", "", "🎂生日快乐🎉"]]);
        assert_eq!(summary.replaced_chars, 3);
        let (text, _) = GBK.decode_without_bom_handling(&bytes);
        assert_eq!(read_back(&text)[1], vec!["小明?", "", "", "?生日快乐?"]);

        assert_eq!(encode_gbk("abc"), (b"abc".to_vec(), 0));
        // ¥ (U+00A5) is not in GBK; it becomes ￥ (U+FFE5), not `?`.
        let (yen, n) = encode_gbk("¥88");
        assert_eq!(n, 0);
        assert_eq!(GBK.decode_without_bom_handling(&yen).0, "￥88");
        assert_eq!(encode_gbk("￥").0, FULLWIDTH_YEN_GBK);
        assert_eq!(encode_gbk("😀😀").1, 2);
    }

    #[test]
    fn header_is_neutralized_too_and_finish_counts_rows() {
        let mut ex = CsvExporter::new(Vec::new(), ExportEncoding::Utf8Bom, ["=cmd", "b"]).unwrap();
        ex.write_record(["1", "2"]).unwrap();
        ex.write_record(vec![String::from("3"), String::from("4")])
            .unwrap();
        assert_eq!(ex.rows(), 2);
        let summary = ex.finish().unwrap();
        assert_eq!(summary.rows, 2);

        let (bytes, _) = CsvExporter::new(Vec::new(), ExportEncoding::Utf8Bom, ["=cmd", "b"])
            .unwrap()
            .into_inner()
            .unwrap();
        assert_eq!(&bytes[3..], b"'=cmd,b\r\n");
    }

    #[test]
    fn rows_of_the_wrong_length_are_refused() {
        let mut ex = CsvExporter::new(Vec::new(), ExportEncoding::Utf8Bom, ["a", "b"]).unwrap();
        assert!(matches!(ex.write_record(["1"]), Err(ExportError::Csv(_))));
    }

    #[test]
    fn export_reimports_through_clean_text() {
        use crate::import::fields::clean_text;
        for cell in ["=1+1", "@x", "-abc", "张三"] {
            let exported = neutralize(cell);
            assert_eq!(clean_text(&exported).as_deref(), Some(cell));
        }
    }
}
