//! Streaming records out of a delimited text file.
//!
//! [`read_table`] reads UTF-8 text with the `csv` crate (flexible row
//! lengths, double-quote quoting with `""` as an escaped quote, quoted line
//! breaks) and splits off the header row. Every [`Record`] carries the
//! physical line it starts on, so a bad row can be reported as "line 17"
//! even after multi-line notes. Blank records (all fields empty or
//! whitespace) are skipped and trailing empty columns are dropped.
//!
//! [`open_reader`] does the same for any supported encoding by decoding
//! chunk by chunk; [`open_text`] detects encoding and delimiter of an
//! in-memory file and returns a [`Preview`] of its first rows.

use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError};

use super::decode::{self, DecodingReader, Encoding};
use super::sniff;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("the file has no header row")]
    NoHeader,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based physical line on which the record starts.
    pub line: u64,
    /// The fields, without trailing empty columns: one buffer for the
    /// whole row rather than a string per cell.
    fields: csv::StringRecord,
}

impl Record {
    pub fn new<T: AsRef<str>>(line: u64, fields: impl IntoIterator<Item = T>) -> Record {
        let mut record = csv::StringRecord::new();
        for field in fields {
            record.push_field(field.as_ref());
        }
        Record {
            line,
            fields: record,
        }
    }

    /// The field at `index`, or "" when the row is shorter.
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).unwrap_or("")
    }

    /// How many fields the row has (trailing empty ones not counted).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// All fields in order.
    pub fn fields(&self) -> Vec<&str> {
        self.fields.iter().collect()
    }
}

/// The header row and a stream of the remaining records.
pub struct Table<R> {
    pub headers: Vec<String>,
    /// 1-based physical line of the header row.
    pub header_line: u64,
    pub records: Records<R>,
}

/// Iterator over the data records of a [`Table`].
pub struct Records<R> {
    reader: csv::Reader<Tap<R>>,
    record: csv::StringRecord,
    window: Arc<Mutex<Window>>,
    done: bool,
}

/// Recently read raw bytes, from stream offset `base` on.
///
/// `csv::Position` of a record points just past the previous record, i.e.
/// before any line terminators that csv skips (the `\n` of a CRLF, blank
/// lines). To report the line where the record really starts, we look at
/// those bytes and count the skipped `\n`s. Only a bounded window is kept.
#[derive(Default)]
struct Window {
    base: u64,
    bytes: Vec<u8>,
}

/// Drop bytes from the window once this many are no longer needed.
const WINDOW_KEEP: u64 = 64 * 1024;

/// Passes reads through and copies the bytes into the shared [`Window`].
struct Tap<R> {
    inner: R,
    window: Arc<Mutex<Window>>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.window
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .bytes
            .extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> Records<R> {
    /// The underlying reader (e.g. to ask a [`DecodingReader`] about errors).
    pub fn get_ref(&self) -> &R {
        &self.reader.get_ref().inner
    }

    /// The physical line on which the record at `pos` starts: csv's line
    /// plus the line breaks it skipped before the record's first byte.
    fn start_line(&self, pos: &csv::Position) -> u64 {
        let window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        let start = pos.byte().saturating_sub(window.base);
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        let skipped = window
            .bytes
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .filter(|&&b| b == b'\n')
            .count();
        pos.line() + skipped as u64
    }

    /// Forgets window bytes before the reader's current position.
    fn trim_window(&self) {
        let done = self.reader.position().byte();
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        if done.saturating_sub(window.base) > WINDOW_KEEP {
            let drop = usize::try_from(done - window.base).unwrap_or(usize::MAX);
            let drop = drop.min(window.bytes.len());
            window.bytes.drain(..drop);
            window.base += drop as u64;
        }
    }

    /// The next non-blank record, `None` at the end.
    fn next_record(&mut self) -> Option<Result<Record, ReadError>> {
        if self.done {
            return None;
        }
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Ok(true) => {
                    let line = self.record.position().map_or(0, |p| self.start_line(p));
                    self.trim_window();
                    let mut kept = self.record.len();
                    while kept > 0 && self.record[kept - 1].trim().is_empty() {
                        kept -= 1;
                    }
                    if kept == 0 {
                        continue;
                    }
                    let mut fields = self.record.clone();
                    fields.truncate(kept);
                    return Some(Ok(Record { line, fields }));
                }
                Err(err) => {
                    let line = err.position().map_or(0, |p| self.start_line(p));
                    let error = convert_error(err, line);
                    if matches!(error, ReadError::Io(_)) {
                        self.done = true;
                    }
                    return Some(Err(error));
                }
            }
        }
    }
}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

fn convert_error(err: csv::Error, line: u64) -> ReadError {
    let message = err.to_string();
    match err.into_kind() {
        csv::ErrorKind::Io(io) => ReadError::Io(io),
        _ => ReadError::Csv { line, message },
    }
}

/// Reads UTF-8 text separated by `delimiter`: the first non-blank record is
/// the header row (a leading BOM and surrounding spaces are removed from the
/// header names); the rest stream from [`Table::records`].
pub fn read_table<R: Read>(input: R, delimiter: u8) -> Result<Table<R>, ReadError> {
    let window = Arc::new(Mutex::new(Window::default()));
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(b'"')
        .quoting(true)
        .double_quote(true)
        .escape(None)
        .comment(None)
        .from_reader(Tap {
            inner: input,
            window: Arc::clone(&window),
        });
    let mut records = Records {
        reader,
        window,
        record: csv::StringRecord::new(),
        done: false,
    };
    let header = match records.next_record() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(e),
        None => return Err(ReadError::NoHeader),
    };
    let mut headers: Vec<String> = header.fields.iter().map(str::to_owned).collect();
    if let Some(first) = headers.first_mut()
        && let Some(rest) = first.strip_prefix('\u{FEFF}')
    {
        *first = rest.to_owned();
    }
    for name in &mut headers {
        let trimmed = name.trim();
        if trimmed.len() != name.len() {
            *name = trimmed.to_owned();
        }
    }
    Ok(Table {
        headers,
        header_line: header.line,
        records,
    })
}

/// Reads bytes in `encoding` separated by `delimiter`, decoding as it goes;
/// suitable for files of any size.
pub fn open_reader<R: Read>(
    input: R,
    encoding: Encoding,
    delimiter: u8,
) -> Result<Table<DecodingReader<R>>, ReadError> {
    read_table(DecodingReader::new(input, encoding), delimiter)
}

/// How much of the file is looked at to detect encoding and delimiter.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// How many records [`open_text`] puts in a preview.
pub const PREVIEW_ROWS: usize = 20;

/// Encoding and delimiter of a file, detected or given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    pub encoding: Encoding,
    /// The file starts with a byte order mark.
    pub had_bom: bool,
    pub delimiter: u8,
}

/// Works out the format from the first bytes of a file (at most
/// [`SNIFF_BYTES`] are used). A given encoding or delimiter is kept as is.
pub fn detect_format(sample: &[u8], encoding: Option<Encoding>, delimiter: Option<u8>) -> Format {
    let sample = &sample[..sample.len().min(SNIFF_BYTES)];
    let detected = decode::detect(sample);
    let encoding = encoding.unwrap_or(detected.encoding);
    let had_bom = detected.had_bom && detected.encoding == encoding;
    let delimiter =
        delimiter.unwrap_or_else(|| sniff::sniff_delimiter(&decode::decode(sample, encoding).text));
    Format {
        encoding,
        had_bom,
        delimiter,
    }
}

/// The beginning of a file, for the import preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub format: Format,
    pub headers: Vec<String>,
    pub header_line: u64,
    /// Up to [`PREVIEW_ROWS`] records after the header.
    pub records: Vec<Record>,
    /// There are more records than shown.
    pub more: bool,
    /// Some bytes in the previewed part could not be decoded (U+FFFD shown).
    pub had_decode_errors: bool,
}

/// Detects (unless given) encoding and delimiter of a file held in memory
/// and returns its header and first [`PREVIEW_ROWS`] records.
pub fn open_text(
    bytes: &[u8],
    encoding: Option<Encoding>,
    delimiter: Option<u8>,
) -> Result<Preview, ReadError> {
    preview(bytes, encoding, delimiter, PREVIEW_ROWS)
}

/// Like [`open_text`] with a chosen number of rows.
pub fn preview(
    bytes: &[u8],
    encoding: Option<Encoding>,
    delimiter: Option<u8>,
    rows: usize,
) -> Result<Preview, ReadError> {
    let format = detect_format(bytes, encoding, delimiter);
    let table = open_reader(bytes, format.encoding, format.delimiter)?;
    let mut iter = table.records;
    let mut records = Vec::new();
    while records.len() < rows {
        match iter.next() {
            Some(record) => records.push(record?),
            None => break,
        }
    }
    let more = records.len() == rows && iter.next().is_some();
    let had_decode_errors = iter.get_ref().had_errors();
    Ok(Preview {
        format,
        headers: table.headers,
        header_line: table.header_line,
        records,
        more,
        had_decode_errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str, delimiter: u8) -> (Vec<String>, u64, Vec<Record>) {
        let t = read_table(text.as_bytes(), delimiter).unwrap();
        let records = t.records.collect::<Result<Vec<_>, _>>().unwrap();
        (t.headers, t.header_line, records)
    }

    #[test]
    fn header_and_records() {
        let (headers, line, records) = table("姓名,手机\n张三,138\n李四,139\n", b',');
        assert_eq!(headers, ["姓名", "手机"]);
        assert_eq!(line, 1);
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].line, 3);
        assert_eq!(records[1].fields(), ["李四", "139"]);
        assert_eq!(records[0].get(5), "");
    }

    #[test]
    fn blank_lines_and_trailing_columns() {
        let text = "\n,,\n姓名,手机,,\n\n张三,138,,\n  , \n李四,,,\n";
        let (headers, line, records) = table(text, b',');
        assert_eq!(headers, ["姓名", "手机"]);
        assert_eq!(line, 3);
        assert_eq!(records.len(), 2);
        assert_eq!(
            (records[0].line, records[0].fields()),
            (5, vec!["张三", "138"])
        );
        assert_eq!((records[1].line, records[1].fields()), (7, vec!["李四"]));
    }

    #[test]
    fn quoted_fields_and_physical_lines() {
        let text = "姓名,备注\r\n张三,\"喜欢喝茶, 要\"\"龙井\"\"\r\n第二行\"\r\n李四,无\r\n\r\n王五,\"a\nb\nc\"\r\n赵六,x\r\n";
        let (_, _, records) = table(text, b',');
        assert_eq!(records.len(), 4);
        assert_eq!(records[0].line, 2);
        assert_eq!(records[0].get(1), "喜欢喝茶, 要\"龙井\"\r\n第二行");
        assert_eq!(records[1].line, 4);
        assert_eq!(records[2].line, 6);
        assert_eq!(records[3].line, 9);
    }

    #[test]
    fn line_numbers_stay_right_in_long_streams() {
        // Each record takes 3 physical lines and is followed by a blank one;
        // far more than the byte window kept for line counting.
        let mut text = String::from("name,note\r\n");
        for i in 0..20_000 {
            text.push_str(&format!(
                "n{i},\"first, \"\"q\"\"\r\nsecond\r\nthird\"\r\n\r\n"
            ));
        }
        let t = open_reader(text.as_bytes(), Encoding::Utf8, b',').unwrap();
        let mut count = 0u64;
        for (i, record) in t.records.enumerate() {
            let record = record.unwrap();
            assert_eq!(record.line, 2 + 4 * i as u64);
            assert_eq!(record.get(0), format!("n{i}"));
            count += 1;
        }
        assert_eq!(count, 20_000);
    }

    #[test]
    fn bom_and_spaces_removed_from_headers() {
        let (headers, _, _) = table("\u{FEFF} Name ;Phone\n", b';');
        assert_eq!(headers, ["Name", "Phone"]);
    }

    #[test]
    fn no_header() {
        assert!(matches!(
            read_table(&b""[..], b','),
            Err(ReadError::NoHeader)
        ));
        assert!(matches!(
            read_table(&b"\n , \n\n"[..], b','),
            Err(ReadError::NoHeader)
        ));
    }

    #[test]
    fn invalid_utf8_is_a_csv_error_with_line() {
        let t = read_table(&b"a,b\n1,2\n\xFF,3\n4,5\n"[..], b',').unwrap();
        let results: Vec<_> = t.records.collect();
        assert_eq!(results.len(), 3);
        match &results[1] {
            Err(ReadError::Csv { line, .. }) => assert_eq!(*line, 3),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(results[2].as_ref().unwrap().line, 4);
    }

    #[test]
    fn open_text_detects_gbk_semicolon() {
        let text =
            "姓名;手机;备注\r\n张伟;13800138000;老客户，喜欢喝茶\r\n王芳;13900139000;朋友介绍\r\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let preview = open_text(&bytes, None, None).unwrap();
        assert_eq!(preview.format.encoding, Encoding::Gb18030);
        assert_eq!(preview.format.delimiter, b';');
        assert_eq!(preview.headers, ["姓名", "手机", "备注"]);
        assert_eq!(preview.records[1].get(0), "王芳");
        assert!(!preview.more);
        assert!(!preview.had_decode_errors);
    }

    #[test]
    fn preview_limits_rows() {
        let mut text = String::from("a,b\n");
        for i in 0..30 {
            text.push_str(&format!("{i},x\n"));
        }
        let p = open_text(text.as_bytes(), None, None).unwrap();
        assert_eq!(p.records.len(), PREVIEW_ROWS);
        assert!(p.more);
        let p = preview(text.as_bytes(), None, Some(b','), 30).unwrap();
        assert_eq!(p.records.len(), 30);
        assert!(!p.more);
        assert_eq!(p.records[29].line, 31);
    }

    #[test]
    fn given_format_is_kept() {
        let p = open_text(b"\xEF\xBB\xBFa;b\n1;2\n", Some(Encoding::Utf8), Some(b',')).unwrap();
        assert!(p.format.had_bom);
        assert_eq!(p.format.delimiter, b',');
        assert_eq!(p.headers, ["a;b"]);
    }
}
