//! Streaming records out of a delimited text file.
//!
//! [`read_table`] reads UTF-8 text the way the `csv` crate would (flexible
//! row lengths, double-quote quoting with `""` as an escaped quote, quoted
//! line breaks) and splits off the header row. Every [`Record`] carries the
//! physical lines it starts and ends on, so a bad row can be reported as
//! "line 17" even after multi-line notes. Blank records (all fields empty or
//! whitespace) are skipped and trailing empty columns are dropped.
//!
//! The reader refuses to guess where a stray quote ends: a quoted field
//! spanning more than [`MAX_FIELD_LINES`] lines, holding several lines that
//! look like records of their own, or never closed, makes its record a
//! [`Flaw::Runaway`] reported at the line where the quote opened; no record
//! holds more than [`MAX_RECORD_BYTES`] — beyond that the rest of the
//! physical line is skipped and reading starts again on the next line. So
//! every line of the file is a record, blank, or part of a reported runaway.
//!
//! [`open_reader`] does the same for any supported encoding by decoding
//! chunk by chunk; [`open_text`] detects encoding and delimiter of an
//! in-memory file and returns a [`Preview`] of its first rows.

use std::io::Read;

use super::decode::{self, DecodingReader, Encoding};
use super::mojibake::Mojibake;
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

/// The most bytes one record may hold; a longer one is a runaway.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// The most physical lines one quoted field may span.
pub const MAX_FIELD_LINES: u64 = 20;
/// Lines inside one quoted field that look like records of their own (as
/// many delimiters as a row has) before the field counts as a runaway.
const RECORD_LIKE_LINES: u32 = 3;
/// How much of a runaway field is kept to show in the report.
const RUNAWAY_SHOWN: usize = 80;

/// Something wrong with a record as read, found before any cell is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flaw {
    /// A quoted field opened on `quote_line` (in 0-based `column`) that is
    /// not a cell: never closed, too long, over too many lines, or holding
    /// lines that look like rows. Lines `quote_line..=end_line` are its.
    Runaway {
        column: usize,
        quote_line: u64,
        end_line: u64,
    },
    /// A vCard property names a character set we do not know.
    UnknownCharset { column: usize, charset: String },
    /// A vCard value that looks wrongly decoded in the character set it was
    /// read in (checked per property, as each may name its own).
    Misdecoded { column: usize, reason: Mojibake },
    /// A vCard phone that is not a phone number, left out of the card
    /// (a warning: the rest of the card is kept).
    PhoneLeftOut { number: String },
}

impl Flaw {
    /// Whether the record cannot be imported (otherwise a warning).
    pub fn is_error(&self) -> bool {
        !matches!(self, Flaw::PhoneLeftOut { .. })
    }
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based physical line on which the record starts.
    pub line: u64,
    /// 1-based physical line on which it ends.
    pub end_line: u64,
    /// The fields, without trailing empty columns: one buffer for the
    /// whole row rather than a string per cell.
    fields: csv::StringRecord,
    flaws: Vec<Flaw>,
}

impl Record {
    pub fn new<T: AsRef<str>>(line: u64, fields: impl IntoIterator<Item = T>) -> Record {
        let mut record = csv::StringRecord::new();
        for field in fields {
            record.push_field(field.as_ref());
        }
        Record {
            line,
            end_line: line,
            fields: record,
            flaws: Vec::new(),
        }
    }

    /// The same record with a flaw noted.
    pub fn with_flaw(mut self, flaw: Flaw) -> Record {
        self.flaws.push(flaw);
        self
    }

    /// What is wrong with the record as read (usually nothing).
    pub fn flaws(&self) -> &[Flaw] {
        &self.flaws
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

/// Bytes read from the input at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Iterator over the data records of a [`Table`].
pub struct Records<R> {
    input: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    delimiter: u8,
    /// Delimiters a line inside a quoted field needs to look like a row.
    record_like: usize,
    /// The physical line of the next byte.
    line: u64,
    /// The last physical line that had any byte on it.
    last_line: u64,
    done: bool,
    /// The buffers of the last record, cleared, for the next one.
    spare_bytes: Vec<u8>,
    spare_ends: Vec<usize>,
}

/// Where the field being read is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// After the closing quote: the rest up to the delimiter is appended.
    AfterQuote,
}

/// One record as split, before its bytes are checked to be UTF-8.
struct RawRecord {
    line: u64,
    end_line: u64,
    bytes: Vec<u8>,
    ends: Vec<usize>,
    flaw: Option<Flaw>,
}

impl<R: Read> Records<R> {
    fn new(input: R, delimiter: u8) -> Records<R> {
        Records {
            input,
            buf: vec![0; READ_CHUNK].into_boxed_slice(),
            pos: 0,
            len: 0,
            delimiter,
            record_like: usize::MAX,
            line: 1,
            last_line: 0,
            done: false,
            spare_bytes: Vec::new(),
            spare_ends: Vec::new(),
        }
    }

    /// The underlying reader (e.g. to ask a [`DecodingReader`] about errors).
    pub fn get_ref(&self) -> &R {
        &self.input
    }

    /// The physical lines read so far (the whole file's once the iterator
    /// has ended): the last line with any byte on it.
    pub fn lines_read(&self) -> u64 {
        self.last_line
    }

    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        if self.pos == self.len {
            self.len = loop {
                match self.input.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.pos = 0;
            if self.len == 0 {
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.pos]))
    }

    /// The next byte, counting lines (`\n`, `\r\n` and a lone `\r` each end one).
    fn next_byte(&mut self) -> std::io::Result<Option<u8>> {
        let Some(b) = self.peek()? else {
            return Ok(None);
        };
        self.pos += 1;
        self.last_line = self.line;
        match b {
            b'\n' => self.line += 1,
            b'\r' if self.peek()? != Some(b'\n') => self.line += 1,
            _ => {}
        }
        Ok(Some(b))
    }

    /// How many bytes from the read position (at most `max`, within the
    /// buffered input) need no state change: up to the next line break, or
    /// the next quote inside a quoted field, or the next delimiter outside.
    fn ordinary_run(&self, quoted: bool, max: usize) -> usize {
        let rest = &self.buf[self.pos..self.len];
        let rest = &rest[..rest.len().min(max)];
        let special = |&b: &u8| {
            b == b'\n'
                || b == b'\r'
                || if quoted {
                    b == b'"'
                } else {
                    b == self.delimiter
                }
        };
        rest.iter().position(special).unwrap_or(rest.len())
    }

    /// Skips to the start of the next physical line.
    fn skip_line(&mut self) -> std::io::Result<()> {
        let line = self.line;
        while self.line == line && self.next_byte()?.is_some() {}
        Ok(())
    }

    /// Splits off the next record (blank ones included); `None` at the end.
    fn read_raw(&mut self) -> std::io::Result<Option<RawRecord>> {
        // Skip the line breaks between records.
        while matches!(self.peek()?, Some(b'\r' | b'\n')) {
            self.next_byte()?;
        }
        if self.peek()?.is_none() {
            return Ok(None);
        }
        let mut raw = RawRecord {
            line: self.line,
            end_line: self.line,
            bytes: std::mem::take(&mut self.spare_bytes),
            ends: std::mem::take(&mut self.spare_ends),
            flaw: None,
        };
        let mut state = State::FieldStart;
        // The quoted field being read: its column, first byte and line.
        let mut quote = (0usize, 0usize, 0u64);
        let mut inner_delimiters = 0usize;
        let mut record_like = 0u32;
        // Bytes are no longer kept (a runaway being skipped over).
        let mut discard = false;
        let mut consumed = 0usize;
        let runaway = |raw: &mut RawRecord, quote: (usize, usize, u64), end_line: u64| {
            if raw.flaw.is_none() {
                raw.flaw = Some(Flaw::Runaway {
                    column: quote.0,
                    quote_line: quote.2,
                    end_line,
                });
            }
        };
        loop {
            if !discard && consumed < MAX_RECORD_BYTES {
                // Most bytes are ordinary: take them a run at a time.
                let quoted = state == State::Quoted;
                let starts_quote = state == State::FieldStart && self.peek()? == Some(b'"');
                let run = if starts_quote {
                    0
                } else {
                    self.ordinary_run(quoted, MAX_RECORD_BYTES - consumed)
                };
                if run > 0 {
                    let bytes = &self.buf[self.pos..self.pos + run];
                    if quoted {
                        inner_delimiters += bytes.iter().filter(|&&b| b == self.delimiter).count();
                    } else {
                        state = if state == State::AfterQuote {
                            State::AfterQuote
                        } else {
                            State::Unquoted
                        };
                    }
                    raw.bytes.extend_from_slice(bytes);
                    self.pos += run;
                    consumed += run;
                    self.last_line = self.line;
                    raw.end_line = self.line;
                    continue;
                }
            }
            let line = self.line;
            let Some(b) = self.next_byte()? else {
                if state == State::Quoted {
                    // Never closed.
                    runaway(&mut raw, quote, self.last_line);
                }
                break;
            };
            raw.end_line = self.last_line;
            consumed += 1;
            if consumed > MAX_RECORD_BYTES {
                // Too big to be a row: report it and start again on the next line.
                if state != State::Quoted {
                    let field_start = raw.ends.last().copied().unwrap_or(0);
                    quote = (raw.ends.len(), field_start, line);
                }
                runaway(&mut raw, quote, line);
                let shown = RUNAWAY_SHOWN.min(raw.bytes.len().saturating_sub(quote.1));
                raw.bytes.truncate(quote.1 + shown);
                raw.ends.retain(|&end| end <= quote.1);
                if b != b'\n' && b != b'\r' {
                    self.skip_line()?;
                }
                raw.end_line = self.last_line;
                break;
            }
            match state {
                State::FieldStart if b == b'"' => {
                    state = State::Quoted;
                    quote = (raw.ends.len(), raw.bytes.len(), line);
                    inner_delimiters = 0;
                    record_like = 0;
                }
                State::Quoted => {
                    if b == b'"' {
                        if self.peek()? == Some(b'"') {
                            self.next_byte()?;
                            if !discard {
                                raw.bytes.push(b'"');
                            }
                        } else {
                            state = State::AfterQuote;
                        }
                        continue;
                    }
                    if b == self.delimiter {
                        inner_delimiters += 1;
                    }
                    if b == b'\n' {
                        if inner_delimiters >= self.record_like {
                            record_like += 1;
                        }
                        inner_delimiters = 0;
                        if line + 1 - quote.2 > MAX_FIELD_LINES || record_like >= RECORD_LIKE_LINES
                        {
                            runaway(&mut raw, quote, self.line);
                            if !discard {
                                let shown = RUNAWAY_SHOWN.min(raw.bytes.len() - quote.1);
                                raw.bytes.truncate(quote.1 + shown);
                                discard = true;
                            }
                        }
                    }
                    if !discard {
                        raw.bytes.push(b);
                    }
                }
                _ if b == self.delimiter => {
                    raw.ends.push(raw.bytes.len());
                    state = State::FieldStart;
                }
                _ if b == b'\n' || b == b'\r' => {
                    if b == b'\r' && self.peek()? == Some(b'\n') {
                        self.next_byte()?;
                    }
                    break;
                }
                _ => {
                    state = if state == State::AfterQuote {
                        State::AfterQuote
                    } else {
                        State::Unquoted
                    };
                    if !discard {
                        raw.bytes.push(b);
                    }
                }
            }
        }
        if let Some(Flaw::Runaway { end_line, .. }) = &mut raw.flaw {
            *end_line = raw.end_line;
        }
        raw.ends.push(raw.bytes.len());
        Ok(Some(raw))
    }

    /// The next non-blank record, `None` at the end.
    fn next_record(&mut self) -> Option<Result<Record, ReadError>> {
        if self.done {
            return None;
        }
        loop {
            let raw = match self.read_raw() {
                Ok(Some(raw)) => raw,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(ReadError::Io(e)));
                }
            };
            let mut fields = csv::StringRecord::new();
            let mut start = 0;
            for &end in &raw.ends {
                let bytes = &raw.bytes[start..end];
                start = end;
                match std::str::from_utf8(bytes) {
                    Ok(text) => fields.push_field(text),
                    // A runaway cut short may end inside a character.
                    Err(_) if raw.flaw.is_some() => {
                        fields.push_field(&String::from_utf8_lossy(bytes));
                    }
                    Err(e) => {
                        return Some(Err(ReadError::Csv {
                            line: raw.line,
                            message: format!("invalid UTF-8 in field {}: {e}", fields.len() + 1),
                        }));
                    }
                }
            }
            let RawRecord {
                mut bytes,
                mut ends,
                line,
                end_line,
                flaw,
            } = raw;
            if bytes.capacity() <= MAX_RECORD_BYTES / 16 {
                bytes.clear();
                ends.clear();
                self.spare_bytes = bytes;
                self.spare_ends = ends;
            }
            let mut kept = fields.len();
            while kept > 0 && fields[kept - 1].trim().is_empty() {
                kept -= 1;
            }
            if kept == 0 && flaw.is_none() {
                continue;
            }
            fields.truncate(kept);
            return Some(Ok(Record {
                line,
                end_line,
                fields,
                flaws: flaw.into_iter().collect(),
            }));
        }
    }
}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

/// Reads UTF-8 text separated by `delimiter`: the first non-blank record is
/// the header row (a leading BOM and surrounding spaces are removed from the
/// header names); the rest stream from [`Table::records`].
pub fn read_table<R: Read>(input: R, delimiter: u8) -> Result<Table<R>, ReadError> {
    let mut records = Records::new(input, delimiter);
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
    // A line inside a quoted field with as many delimiters as a row looks
    // like a row of its own (at least two, so a note's comma does not count).
    records.record_like = headers.len().saturating_sub(1).max(2);
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

    /// The lines each record covers, with blank lines, must be every line.
    fn assert_lines_accounted(text: &str, header_line: u64, records: &[Record], total: u64) {
        let lines: Vec<&str> = text.split('\n').collect();
        for n in 1..=total {
            let blank = lines
                .get(usize::try_from(n - 1).unwrap())
                .is_some_and(|l| l.trim().trim_matches(',').trim().is_empty());
            let covered =
                n == header_line || records.iter().any(|r| (r.line..=r.end_line).contains(&n));
            assert!(blank || covered, "line {n} is not accounted for");
        }
    }

    fn read_all(text: &str) -> (u64, Vec<Record>, u64) {
        let t = read_table(text.as_bytes(), b',').unwrap();
        let mut records = t.records;
        let mut out = Vec::new();
        for r in records.by_ref() {
            out.push(r.unwrap());
        }
        (t.header_line, out, records.lines_read())
    }

    #[test]
    fn a_stray_quote_is_a_runaway_at_its_line_and_swallows_no_rows_silently() {
        let mut text = String::from("姓名,手机\n张三,\"13800138000\n");
        for i in 0..10_000 {
            text.push_str(&format!("客户{i},139{i:08}\n"));
        }
        let (header, records, total) = read_all(&text);
        assert_eq!(total, 10_002);
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].flaws(),
            [Flaw::Runaway {
                column: 1,
                quote_line: 2,
                end_line: 10_002
            }]
        );
        assert!(
            records[0].get(1).len() <= RUNAWAY_SHOWN,
            "only a glimpse is kept"
        );
        assert_lines_accounted(&text, header, &records, total);
    }

    #[test]
    fn a_quote_over_many_lines_or_many_rows_is_a_runaway_but_a_closed_note_is_not() {
        let long: String = (0..25).map(|i| format!("第{i}行\n")).collect();
        let text = format!("姓名,备注\n张三,\"{long}\"\n李四,好\n");
        let (header, records, total) = read_all(&text);
        assert_eq!(records.len(), 2);
        assert!(matches!(
            records[0].flaws(),
            [Flaw::Runaway {
                quote_line: 2,
                end_line: 27,
                ..
            }]
        ));
        assert_eq!((records[1].line, records[1].get(0)), (28, "李四"));
        assert_lines_accounted(&text, header, &records, total);

        let text = "姓名,手机,备注\n张三,138,\"a\nb,1,2\nc,3,4\nd,5,6\n\"\n李四,139,x\n";
        let (_, records, _) = read_all(text);
        assert!(matches!(
            records[0].flaws(),
            [Flaw::Runaway { column: 2, .. }]
        ));
        assert_eq!(records[1].get(0), "李四");

        let text = "姓名,手机,备注\n张三,138,\"喜欢喝茶, 要龙井\n周末来\"\n";
        let (_, records, _) = read_all(text);
        assert!(records[0].flaws().is_empty());
        assert_eq!(records[0].end_line, 3);
    }

    #[test]
    fn a_huge_cell_is_cut_at_the_record_cap_and_reading_goes_on_next_line() {
        let mut text = String::from("姓名,备注\n张三,");
        text.push_str(&"x".repeat(3 * MAX_RECORD_BYTES));
        text.push_str("\n李四,好\n");
        let (header, records, total) = read_all(&text);
        assert_eq!(records.len(), 2);
        assert!(matches!(
            records[0].flaws(),
            [Flaw::Runaway {
                column: 1,
                quote_line: 2,
                end_line: 2
            }]
        ));
        assert!(records[0].get(1).len() <= RUNAWAY_SHOWN);
        assert_eq!((records[1].line, records[1].get(0)), (3, "李四"));
        assert_lines_accounted(&text, header, &records, total);
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
