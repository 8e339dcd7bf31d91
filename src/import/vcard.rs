//! Phone contacts exported as vCard (`.vcf`), read into the same table shape
//! as a customer CSV, so the customer import runs on them unchanged.
//!
//! [`read_vcards`] works on bytes until a value is decoded: it unfolds
//! lines (RFC 2426/6350 folding, vCard 2.1 quoted-printable soft line
//! breaks, and bare base64 lines of 2.1 `PHOTO`s) — so a fold inside a
//! character is undone —, detects the file's encoding from the values that
//! name no `CHARSET`, and decodes every value in its own `CHARSET` (any
//! encoding_rs label; an unknown one makes the card a row error). Each
//! `BEGIN:VCARD` … `END:VCARD` becomes one [`Record`] with the columns of
//! [`VCARD_HEADERS`], starting on the physical line of its `BEGIN:VCARD`.
//! vCard 2.1, 3.0 and 4.0 are accepted; base64 values (photos, keys,
//! sounds) are skipped, unknown properties and nested cards are ignored
//! (properties after a nested card still count). A number that is not a
//! phone is left out with a warning when the card has a good one; a card
//! with no person's name takes its `ORG`. Values are kept as written; the
//! import pipeline tidies and validates them like any other file.

use std::path::Path;

use super::decode::{self, Encoding};
use super::fields::parse_phone;
use super::mojibake::misdecoded;
use super::reader::{Flaw, MAX_RECORD_BYTES, ReadError, Record};

/// The headers a vCard table has, in column order; each is matched by
/// `match_headers(ImportKind::Customers, ..)` to the field in the comment.
pub const VCARD_HEADERS: [&str; 9] = [
    "姓名",  // Name
    "手机",  // Mobile
    "电话2", // Phone2
    "邮箱",  // Email
    "地址",  // Address
    "单位",  // Company
    "职务",  // Occupation
    "生日",  // Birthday
    "备注",  // Notes
];

const NAME: usize = 0;
const MOBILE: usize = 1;
const PHONE2: usize = 2;
const EMAIL: usize = 3;
const ADDRESS: usize = 4;
const COMPANY: usize = 5;
const OCCUPATION: usize = 6;
const BIRTHDAY: usize = 7;
const NOTES: usize = 8;

/// A vCard file as a table: one record per card, columns [`VCARD_HEADERS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VcardTable {
    /// The encoding the file was decoded with.
    pub encoding: Encoding,
    pub headers: Vec<String>,
    /// One record per card, always with all nine fields.
    pub records: Vec<Record>,
    /// Some bytes (of the file or of a quoted-printable value) could not be
    /// decoded and became U+FFFD.
    pub had_decode_errors: bool,
}

/// Reads a whole `.vcf` file. The encoding is detected with
/// [`decode::detect`] unless given. `Err(ReadError::NoHeader)` when the
/// text contains no `BEGIN:VCARD` at all.
///
/// Everything happens on bytes until a value is decoded: lines are unfolded
/// first (a fold may split a character), the file's encoding is detected
/// from the values that name no `CHARSET`, and each value is decoded in its
/// own `CHARSET` (any label encoding_rs knows: Shift_JIS, windows-1252,
/// GBK, Big5 …) or else the file's. A `CHARSET` we do not know makes its
/// card a row error.
pub fn read_vcards(bytes: &[u8], encoding: Option<Encoding>) -> Result<VcardTable, ReadError> {
    let sniffed = decode::detect(bytes);
    let wide = encoding.unwrap_or(sniffed.encoding);
    // UTF-16 is the one encoding whose line breaks and colons are not single
    // ASCII bytes: turn it into UTF-8 bytes first.
    let transcoded;
    let (bytes, given) = if matches!(wide, Encoding::Utf16Le | Encoding::Utf16Be) {
        let decoded = decode::decode(bytes, wide);
        transcoded = decoded.text.into_bytes();
        (
            &transcoded[..],
            Some((Encoding::Utf8, decoded.had_errors, wide)),
        )
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (rest, Some((Encoding::Utf8, false, Encoding::Utf8)))
    } else {
        (bytes, encoding.map(|e| (e, false, e)))
    };
    let lines = unfold(bytes);
    let properties: Vec<(u64, Property)> = lines
        .iter()
        .filter_map(|(line, raw)| Property::parse(raw).map(|p| (*line, p)))
        .collect();
    let (file_encoding, mut had_decode_errors, reported) = match given {
        Some(given) => given,
        None => {
            let detected = detect_values(&properties);
            (detected, false, detected)
        }
    };
    let mut records = Vec::new();
    let mut saw_begin = false;
    // The open cards, outermost first: a BEGIN inside a card opens a nested
    // card (2.1 `AGENT`, or an exporter's embedded card). When the nested
    // card ends and the outer one goes on to its own END, the nested card
    // is dropped and the outer keeps every property, those after it too.
    // When instead another BEGIN or the end of the file comes, the outer
    // card only lacked its END: both are kept as cards.
    let mut open: Vec<Card> = Vec::new();
    // A nested card just ended, waiting to see which of the two it was.
    let mut ended: Vec<Card> = Vec::new();
    for (line, prop) in &properties {
        let is_vcard = prop.value.trim_ascii().eq_ignore_ascii_case(b"VCARD");
        match prop.name.as_str() {
            "BEGIN" if is_vcard => {
                saw_begin = true;
                if !ended.is_empty() {
                    // The card that held the ended one had no END.
                    finish_all(&mut records, &mut open, &mut ended);
                }
                open.push(Card::new(*line));
            }
            "END" if is_vcard => {
                if let Some(mut card) = open.pop() {
                    card.end_line = *line;
                    if open.is_empty() {
                        // An outer card: what ended inside it was nested.
                        ended.clear();
                        records.push(card.finish());
                    } else {
                        ended.push(card);
                    }
                }
            }
            _ => {
                if let Some(card) = open.last_mut() {
                    // Properties after a nested card: it was nested.
                    ended.clear();
                    card.end_line = *line;
                    card.add(prop, file_encoding, &mut had_decode_errors);
                }
            }
        }
    }
    if !saw_begin {
        return Err(ReadError::NoHeader);
    }
    finish_all(&mut records, &mut open, &mut ended);
    records.sort_by_key(|r| r.line);
    Ok(VcardTable {
        encoding: reported,
        headers: VCARD_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        records,
        had_decode_errors,
    })
}

/// Cards left open (their END missing) and cards that ended inside them
/// become cards of their own.
fn finish_all(records: &mut Vec<Record>, open: &mut Vec<Card>, ended: &mut Vec<Card>) {
    records.extend(open.drain(..).map(Card::finish));
    records.extend(ended.drain(..).map(Card::finish));
}

/// The encoding of the values that name no `CHARSET`, detected from those
/// values' bytes alone (quoted-printable ones decoded first).
fn detect_values(properties: &[(u64, Property)]) -> Encoding {
    let mut sample = Vec::new();
    for (_, prop) in properties {
        if prop.param("CHARSET").is_some() {
            continue;
        }
        match prop.encoding() {
            ValueEncoding::Plain => sample.extend_from_slice(&prop.value),
            ValueEncoding::QuotedPrintable => sample.extend(decode_quoted_printable(&prop.value)),
            ValueEncoding::Base64 => continue,
        }
        sample.push(b'\n');
    }
    decode::detect(&sample).encoding
}

/// Whether a file looks like a vCard file: extension `.vcf` or `.vcard`
/// (any case), or text that starts, after a BOM and whitespace, with
/// `BEGIN:VCARD` (any case, in any encoding [`decode::detect`] knows).
pub fn looks_like_vcard(path: &Path, first_bytes: &[u8]) -> bool {
    let by_extension = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"));
    if by_extension {
        return true;
    }
    let sample = &first_bytes[..first_bytes.len().min(1024)];
    let text = decode::decode(sample, decode::detect(sample).encoding).text;
    let start = text.trim_start_matches(|c: char| c == '\u{FEFF}' || c.is_whitespace());
    start
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// Splits bytes into physical lines (CRLF, LF or CR), numbered from 1.
fn physical_lines(bytes: &[u8]) -> impl Iterator<Item = (u64, &[u8])> {
    let mut rest = Some(bytes);
    let mut number = 0u64;
    std::iter::from_fn(move || {
        let current = rest?;
        number += 1;
        match current.iter().position(|&b| b == b'\r' || b == b'\n') {
            Some(i) => {
                let after = &current[i..];
                let skip = if after.starts_with(b"\r\n") { 2 } else { 1 };
                rest = Some(&after[skip..]);
                Some((number, &current[..i]))
            }
            None => {
                rest = None;
                // Text ending in a line break has no further line.
                (!current.is_empty()).then_some((number, current))
            }
        }
    })
}

/// Joins physical lines into logical content lines, each with the physical
/// line it starts on, on bytes (so a fold inside a character is undone
/// before anything is decoded).
///
/// A line starting with a space or tab continues the previous one (the
/// break and that one character are removed). A quoted-printable value
/// ending in `=` continues on the next line (the `=` is removed), unless
/// that line is `END:VCARD`. A base64 value continues on lines made only of
/// base64 characters, as some 2.1 writers do not indent them.
///
/// A logical line keeps at most [`MAX_RECORD_BYTES`]: more is never a
/// value we use (the import refuses any cell that long anyway), so memory
/// stays bounded whatever the file holds.
fn unfold(bytes: &[u8]) -> Vec<(u64, Vec<u8>)> {
    let mut lines: Vec<(u64, Vec<u8>)> = Vec::new();
    let keep = |current: &mut Vec<u8>, more: &[u8]| {
        let room = MAX_RECORD_BYTES.saturating_sub(current.len());
        current.extend_from_slice(capped(more, room));
    };
    for (number, line) in physical_lines(bytes) {
        if let Some((_, current)) = lines.last_mut() {
            if let Some(rest) = line.strip_prefix(b" ").or_else(|| line.strip_prefix(b"\t")) {
                keep(current, rest);
                continue;
            }
            let encoding = value_encoding(current);
            if encoding == ValueEncoding::QuotedPrintable
                && current.ends_with(b"=")
                && !line.trim_ascii().eq_ignore_ascii_case(b"END:VCARD")
            {
                current.pop();
                keep(current, line);
                continue;
            }
            if encoding == ValueEncoding::Base64 && is_base64_line(line) {
                // The data is never used, so it need not be kept.
                continue;
            }
        }
        lines.push((number, capped(line, MAX_RECORD_BYTES).to_vec()));
    }
    lines
}

/// At most `max` bytes of `bytes`, not ending inside a UTF-8 character (so
/// a cut UTF-8 file is still detected as UTF-8).
fn capped(bytes: &[u8], max: usize) -> &[u8] {
    if bytes.len() <= max {
        return bytes;
    }
    let mut end = max;
    while end > 0 && max - end < 3 && (0x80..0xC0).contains(&bytes[end]) {
        end -= 1;
    }
    &bytes[..end]
}

fn is_base64_line(line: &[u8]) -> bool {
    !line.is_empty()
        && line
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Where the name and parameters of a content line end: its first colon
/// outside double quotes.
fn head_end(line: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in line.iter().enumerate() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == b':' && !quoted {
            return Some(i);
        }
    }
    None
}

/// How a property's value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueEncoding {
    Plain,
    QuotedPrintable,
    Base64,
}

/// The value encoding of a content line, judged from its parameters.
fn value_encoding(line: &[u8]) -> ValueEncoding {
    // No colon yet: the parameters may still be incomplete.
    let Some(end) = head_end(line) else {
        return ValueEncoding::Plain;
    };
    let head = String::from_utf8_lossy(&line[..end]);
    split_outside_quotes(&head, ';')
        .skip(1)
        .map(param_encoding)
        .find(|e| *e != ValueEncoding::Plain)
        .unwrap_or(ValueEncoding::Plain)
}

/// The encoding a single parameter (`ENCODING=…` or a bare 2.1 word) names.
fn param_encoding(param: &str) -> ValueEncoding {
    let value = match param.split_once('=') {
        Some((key, value)) if key.trim().eq_ignore_ascii_case("ENCODING") => value,
        Some(_) => return ValueEncoding::Plain,
        None => param,
    };
    let value = value.trim().trim_matches('"');
    if value.eq_ignore_ascii_case("QUOTED-PRINTABLE") {
        ValueEncoding::QuotedPrintable
    } else if value.eq_ignore_ascii_case("BASE64") || value.eq_ignore_ascii_case("B") {
        ValueEncoding::Base64
    } else {
        ValueEncoding::Plain
    }
}

/// Splits `text` at `separator`s that are not inside double quotes.
fn split_outside_quotes(text: &str, separator: char) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let mut quoted = false;
        for (i, c) in current.char_indices() {
            if c == '"' {
                quoted = !quoted;
            } else if c == separator && !quoted {
                rest = Some(&current[i + c.len_utf8()..]);
                return Some(&current[..i]);
            }
        }
        rest = None;
        Some(current)
    })
}

/// One content line: `[group.]NAME[;param…]:value`.
#[derive(Debug)]
struct Property {
    /// Upper-case name without the group prefix.
    name: String,
    /// `(upper-case key, value)`; bare 2.1 words become `TYPE` or `ENCODING`.
    params: Vec<(String, String)>,
    /// The raw value bytes, still encoded and escaped.
    value: Vec<u8>,
}

/// A `CHARSET` parameter naming no character set encoding_rs knows.
struct UnknownCharset(String);

impl Property {
    /// Parses a logical line; `None` when it has no `:` or no name.
    fn parse(line: &[u8]) -> Option<Property> {
        let end = head_end(line)?;
        let head = String::from_utf8_lossy(&line[..end]);
        let value = line[end + 1..].to_vec();
        let mut items = split_outside_quotes(&head, ';');
        let full_name = items.next()?.trim();
        let name = full_name.rsplit('.').next().unwrap_or(full_name);
        if name.is_empty() {
            return None;
        }
        let params = items
            .filter(|p| !p.trim().is_empty())
            .map(|p| match p.split_once('=') {
                Some((key, value)) => (
                    key.trim().to_ascii_uppercase(),
                    value.trim().trim_matches('"').to_owned(),
                ),
                None => {
                    let key = if param_encoding(p) == ValueEncoding::Plain {
                        "TYPE"
                    } else {
                        "ENCODING"
                    };
                    (key.to_owned(), p.trim().to_owned())
                }
            })
            .collect();
        Some(Property {
            name: name.to_ascii_uppercase(),
            params,
            value,
        })
    }

    /// The first value of parameter `key` (upper case).
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a `TYPE` (in any list form) equals `wanted` (lower case).
    fn has_type(&self, wanted: &[&str]) -> bool {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .flat_map(|(_, v)| v.split(','))
            .any(|t| {
                let t = t.trim().trim_matches('"');
                wanted.iter().any(|w| t.eq_ignore_ascii_case(w))
            })
    }

    fn encoding(&self) -> ValueEncoding {
        self.params
            .iter()
            .filter(|(k, _)| k == "ENCODING")
            .map(|(_, v)| param_encoding(v))
            .find(|e| *e != ValueEncoding::Plain)
            .unwrap_or(ValueEncoding::Plain)
    }

    /// The value decoded to text (still escaped), in its `CHARSET` or else
    /// `file`'s encoding, with the [`Encoding`] whose mojibake rules apply to
    /// it; `Ok(None)` for binary (base64) values.
    fn text(
        &self,
        file: Encoding,
        had_errors: &mut bool,
    ) -> Result<Option<(String, Encoding)>, UnknownCharset> {
        let charset = match self.param("CHARSET") {
            Some(label) => encoding_rs::Encoding::for_label(label.trim().as_bytes())
                .ok_or_else(|| UnknownCharset(label.to_owned()))?,
            None => file.to_encoding_rs(),
        };
        let bytes = match self.encoding() {
            ValueEncoding::Plain => std::borrow::Cow::Borrowed(&self.value[..]),
            ValueEncoding::Base64 => return Ok(None),
            ValueEncoding::QuotedPrintable => {
                std::borrow::Cow::Owned(decode_quoted_printable(&self.value))
            }
        };
        let (text, errors) = charset.decode_without_bom_handling(&bytes);
        *had_errors |= errors;
        Ok(Some((text.into_owned(), legacy_chinese(charset))))
    }
}

/// The encoding among ours whose mojibake rules fit text decoded with
/// `charset`: GB18030 or Big5 for those families, else UTF-8 (no rule on
/// mixing scripts, which Japanese text does).
fn legacy_chinese(charset: &'static encoding_rs::Encoding) -> Encoding {
    if charset == encoding_rs::GBK || charset == encoding_rs::GB18030 {
        Encoding::Gb18030
    } else if charset == encoding_rs::BIG5 {
        Encoding::Big5
    } else {
        Encoding::Utf8
    }
}

/// Decodes quoted-printable bytes: `=XX` is the byte XX, a `=` not
/// followed by two hex digits is a leftover soft break and is dropped, any
/// other byte stands for itself.
fn decode_quoted_printable(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        if b == b'=' {
            let hex = |at: usize| value.get(at).and_then(|&h| char::from(h).to_digit(16));
            if let (Some(high), Some(low)) = (hex(i + 1), hex(i + 2)) {
                // Both digits are below 16, so the byte fits.
                out.push((high * 16 + low) as u8);
                i += 3;
            } else {
                i += 1;
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

/// Splits a structured value (`N`, `ADR`, `ORG`) at unescaped `;`.
fn components(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ';' {
            parts.push(&value[start..i]);
            start = i + 1;
        }
    }
    parts.push(&value[start..]);
    parts
}

/// Removes vCard escapes: `\n`/`\N` → line break, `\,` `\;` `\\` → the
/// character; an unknown escape is kept as written.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ (',' | ';' | '\\')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// An unescaped value on one line: line breaks become spaces, trimmed.
fn single_line(value: &str) -> String {
    unescape(value)
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .trim()
        .to_owned()
}

/// An unescaped multi-line value: CRLF/CR become LF, trimmed.
fn multi_line(value: &str) -> String {
    unescape(value)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// Chinese, Japanese or Korean script.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// A name from `N` (family;given;additional;prefix;suffix): `张三` when
/// either part is CJK, otherwise `John Smith`.
fn name_from_n(parts: &[String]) -> String {
    let family = parts.first().map_or("", String::as_str);
    let given = parts.get(1).map_or("", String::as_str);
    if has_cjk(family) || has_cjk(given) {
        format!("{family}{given}")
    } else {
        [given, family]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A readable address from `ADR` (pobox;ext;street;locality;region;code;country).
///
/// With CJK text: country, region, locality, street, ext run together, the
/// country left out when it is China, and a part left out when a later
/// part already contains it (`深圳市` before `广东省深圳市…`). Otherwise
/// street, locality, region, code, country joined by `, `.
fn address(parts: &[String]) -> String {
    let part = |i: usize| parts.get(i).map_or("", String::as_str);
    if parts.iter().any(|p| has_cjk(p)) {
        let country = part(6);
        let is_china = ["中国", "中华人民共和国", "china", "prc"]
            .iter()
            .any(|c| country.eq_ignore_ascii_case(c));
        let country = if is_china { "" } else { country };
        let ordered: Vec<&str> = [country, part(4), part(3), part(2), part(1)]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let mut out = String::new();
        for (i, p) in ordered.iter().enumerate() {
            if !ordered[i + 1..].iter().any(|later| later.contains(p)) {
                out.push_str(p);
            }
        }
        out
    } else {
        [part(2), part(3), part(4), part(5), part(6)]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `BDAY` in a form [`super::fields::parse_birthday`] reads: `1985-05-06`
/// from `1985-05-06`/`19850506`, `05-06` from `--0506`/`--05-06`; a time
/// part is dropped. With Apple's `X-APPLE-OMIT-YEAR` equal to the year the
/// year is left out. Other forms are passed on as written.
fn birthday(value: &str, omit_year: Option<&str>) -> String {
    let value = value.trim();
    let date = value.split(['T', 't']).next().unwrap_or(value);
    // ASCII digits everywhere except `-` at the given byte positions.
    let shaped = |s: &str, len: usize, dashes: &[usize]| {
        s.len() == len
            && s.char_indices().all(|(i, c)| {
                if dashes.contains(&i) {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    if let Some(rest) = date.strip_prefix("--") {
        if shaped(rest, 4, &[]) || shaped(rest, 5, &[2]) {
            let d = rest.replace('-', "");
            return format!("{}-{}", &d[..2], &d[2..]);
        }
    } else if shaped(date, 8, &[]) || shaped(date, 10, &[4, 7]) {
        let d = date.replace('-', "");
        let (year, month, day) = (&d[..4], &d[4..6], &d[6..]);
        if omit_year.is_some_and(|y| y.trim() == year) {
            return format!("{month}-{day}");
        }
        return format!("{year}-{month}-{day}");
    }
    value.to_owned()
}

/// A phone for comparison: digits only, without the +86/0086 country code.
fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("0086") {
        rest.to_owned()
    } else if digits.len() == 13 && digits.starts_with("86") {
        digits[2..].to_owned()
    } else {
        digits
    }
}

/// The values of one card collected so far.
struct Card {
    line: u64,
    /// The line of its last property (or END).
    end_line: u64,
    /// Character sets named by properties it uses that we do not know.
    flaws: Vec<Flaw>,
    formatted_name: Option<String>,
    n: Option<Vec<String>>,
    /// `(number, typed as mobile)` in file order.
    phones: Vec<(String, bool)>,
    email: Option<String>,
    address: Option<String>,
    company: Option<String>,
    title: Option<String>,
    birthday: Option<String>,
    notes: Vec<String>,
}

impl Card {
    fn new(line: u64) -> Card {
        Card {
            line,
            end_line: line,
            flaws: Vec::new(),
            formatted_name: None,
            n: None,
            phones: Vec::new(),
            email: None,
            address: None,
            company: None,
            title: None,
            birthday: None,
            notes: Vec::new(),
        }
    }

    /// Takes in one property; the first non-blank value of each kind wins
    /// (`TEL` and `NOTE` collect all).
    fn add(&mut self, prop: &Property, file: Encoding, had_errors: &mut bool) {
        let column = match prop.name.as_str() {
            "FN" | "N" => NAME,
            "TEL" => MOBILE,
            "EMAIL" => EMAIL,
            "ADR" => ADDRESS,
            "ORG" => COMPANY,
            "TITLE" => OCCUPATION,
            "BDAY" => BIRTHDAY,
            "NOTE" => NOTES,
            // Not read: its character set does not matter.
            _ => return,
        };
        let value = match prop.text(file, had_errors) {
            Ok(Some((value, rules))) => {
                if let Some(reason) = misdecoded(&value, rules, column == NAME) {
                    self.flaws.push(Flaw::Misdecoded { column, reason });
                }
                value
            }
            Ok(None) => return,
            Err(UnknownCharset(charset)) => {
                self.flaws.push(Flaw::UnknownCharset { column, charset });
                return;
            }
        };
        let set = |slot: &mut Option<String>, text: String| {
            if slot.is_none() && !text.is_empty() {
                *slot = Some(text);
            }
        };
        match prop.name.as_str() {
            "FN" => set(&mut self.formatted_name, single_line(&value)),
            "N" if self.n.is_none() => {
                let parts: Vec<String> = components(&value).into_iter().map(single_line).collect();
                if parts.iter().any(|p| !p.is_empty()) {
                    self.n = Some(parts);
                }
            }
            "TEL" => {
                let text = single_line(&value);
                let number = match text.get(..4) {
                    Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => text[4..].trim(),
                    _ => text.as_str(),
                };
                if !number.is_empty() {
                    let mobile = prop.has_type(&["cell", "mobile", "iphone"]);
                    self.phones.push((number.to_owned(), mobile));
                }
            }
            "EMAIL" => set(&mut self.email, single_line(&value)),
            "ADR" if self.address.is_none() => {
                let parts: Vec<String> = components(&value).into_iter().map(single_line).collect();
                set(&mut self.address, address(&parts));
            }
            "ORG" => {
                let first = components(&value).first().map(|c| single_line(c));
                set(&mut self.company, first.unwrap_or_default());
            }
            "TITLE" => set(&mut self.title, single_line(&value)),
            "BDAY" => {
                let text = birthday(&single_line(&value), prop.param("X-APPLE-OMIT-YEAR"));
                set(&mut self.birthday, text);
            }
            "NOTE" => {
                let text = multi_line(&value);
                if !text.is_empty() {
                    self.notes.push(text);
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Record {
        let name = match self.formatted_name {
            Some(name) => name,
            None => self.n.as_deref().map(name_from_n).unwrap_or_default(),
        };
        // A company's card: no person's name, the company's instead.
        let name = if name.trim().is_empty() {
            self.company.clone().unwrap_or_default()
        } else {
            name
        };
        // Numbers that are not phones (hotlines, extensions) are left out
        // with a warning, as long as a good one remains; otherwise the
        // first goes on and the import refuses it.
        if self.phones.iter().any(|(n, _)| parse_phone(n).is_ok()) {
            let (good, bad): (Vec<_>, Vec<_>) = std::mem::take(&mut self.phones)
                .into_iter()
                .partition(|(n, _)| parse_phone(n).is_ok());
            self.phones = good;
            for (number, _) in bad {
                self.flaws.push(Flaw::PhoneLeftOut { number });
            }
        }
        let mobile_index = self
            .phones
            .iter()
            .position(|(_, mobile)| *mobile)
            .or((!self.phones.is_empty()).then_some(0));
        let mobile = mobile_index.map(|i| self.phones[i].0.clone());
        let mobile_key = mobile.as_deref().map(phone_key);
        let phone2 = self
            .phones
            .iter()
            .enumerate()
            .find(|(i, (number, _))| {
                Some(*i) != mobile_index
                    && mobile_key.as_deref() != Some(phone_key(number).as_str())
            })
            .map(|(_, (number, _))| number.clone());
        let mut fields = vec![String::new(); VCARD_HEADERS.len()];
        fields[NAME] = name;
        fields[MOBILE] = mobile.unwrap_or_default();
        fields[PHONE2] = phone2.unwrap_or_default();
        fields[EMAIL] = self.email.unwrap_or_default();
        fields[ADDRESS] = self.address.unwrap_or_default();
        fields[COMPANY] = self.company.unwrap_or_default();
        fields[OCCUPATION] = self.title.unwrap_or_default();
        fields[BIRTHDAY] = self.birthday.unwrap_or_default();
        fields[NOTES] = self.notes.join("\n");
        let mut record = Record::new(self.line, fields);
        record.end_line = self.end_line;
        self.flaws.into_iter().fold(record, Record::with_flaw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::yearly::YearlyDate;
    use crate::import::customers::customer_from_record;
    use crate::import::fields::{Field, ImportKind, match_headers, parse_birthday};

    fn read(text: &str) -> Vec<Record> {
        read_vcards(text.as_bytes(), None).unwrap().records
    }

    fn one(text: &str) -> Record {
        let records = read(text);
        assert_eq!(records.len(), 1, "{records:?}");
        records.into_iter().next().unwrap()
    }

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(path).expect("fixture exists")
    }

    #[test]
    fn headers_match_the_intended_fields() {
        let headers: Vec<String> = VCARD_HEADERS.iter().map(|h| (*h).to_owned()).collect();
        let mapping = match_headers(ImportKind::Customers, &headers);
        let expected = [
            Field::Name,
            Field::Mobile,
            Field::Phone2,
            Field::Email,
            Field::Address,
            Field::Company,
            Field::Occupation,
            Field::Birthday,
            Field::Notes,
        ];
        for (column, field) in expected.into_iter().enumerate() {
            assert_eq!(mapping.field(column), Some(field), "{}", headers[column]);
        }
        assert!(mapping.is_ready());
    }

    #[test]
    fn version_3_card() {
        let r = one(concat!(
            "BEGIN:VCARD\r\n",
            "VERSION:3.0\r\n",
            "N:张;伟;;;\r\n",
            "FN:张伟\r\n",
            "TEL;TYPE=CELL:13800138000\r\n",
            "EMAIL;TYPE=INTERNET:zhangwei@example.com\r\n",
            "ADR;TYPE=HOME:;;朝阳路1号;朝阳区;北京市;100000;中国\r\n",
            "ORG:示例科技有限公司;销售部\r\n",
            "TITLE:经理\r\n",
            "BDAY:1985-05-06\r\n",
            "NOTE:老客户\\n喜欢喝茶\r\n",
            "END:VCARD\r\n",
        ));
        assert_eq!(r.line, 1);
        assert_eq!(
            r.fields(),
            [
                "张伟",
                "13800138000",
                "",
                "zhangwei@example.com",
                "北京市朝阳区朝阳路1号",
                "示例科技有限公司",
                "经理",
                "1985-05-06",
                "老客户\n喜欢喝茶",
            ]
        );
    }

    #[test]
    fn version_4_card_with_tel_uri_and_groups() {
        let r = one(concat!(
            "BEGIN:VCARD\n",
            "VERSION:4.0\n",
            "FN:王芳\n",
            "TEL;VALUE=uri;TYPE=\"voice,home\":tel:+86-10-1234-5678\n",
            "item1.TEL;VALUE=uri;TYPE=\"cell,voice\";PREF=1:tel:+86-139-0013-9000\n",
            "item1.X-ABLABEL:手机\n",
            "BDAY:--0506\n",
            "END:VCARD\n",
        ));
        assert_eq!(r.get(NAME), "王芳");
        assert_eq!(r.get(MOBILE), "+86-139-0013-9000");
        // The domain reads no landline written after +86 without its 0:
        // left out with a warning, the good mobile kept.
        assert_eq!(r.get(PHONE2), "");
        assert_eq!(
            r.flaws(),
            [Flaw::PhoneLeftOut {
                number: "+86-10-1234-5678".into()
            }]
        );
        assert_eq!(r.get(BIRTHDAY), "05-06");
    }

    #[test]
    fn version_21_quoted_printable_with_soft_breaks() {
        let r = one(concat!(
            "BEGIN:VCARD\r\n",
            "VERSION:2.1\r\n",
            "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=B8=89;;;\r\n",
            "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=89=E4=B8=\r\n",
            "=B0\r\n",
            "TEL;CELL;PREF:138-0013-8000\r\n",
            "TEL;HOME:010-12345678\r\n",
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=E7=AC=AC=E4=B8=80=E8=A1=8C=0D=0A=\r\n",
            "=E7=AC=AC=E4=BA=8C=E8=A1=8C\r\n",
            "ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;=E4=BA=BA=E6=B0=91=E8=B7=AF=\r\n",
            "8=E5=8F=B7;=E4=B8=8A=E6=B5=B7=E5=B8=82;;;\r\n",
            "END:VCARD\r\n",
        ));
        assert_eq!(r.get(NAME), "张三丰");
        assert_eq!(r.get(MOBILE), "138-0013-8000");
        assert_eq!(r.get(PHONE2), "010-12345678");
        assert_eq!(r.get(NOTES), "第一行\n第二行");
        assert_eq!(r.get(ADDRESS), "上海市人民路8号");
    }

    #[test]
    fn quoted_printable_in_gbk_charset() {
        let (bytes, _, _) = encoding_rs::GBK.encode("李四");
        let qp: String = bytes.iter().map(|b| format!("={b:02X}")).collect();
        let text = format!(
            "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:{qp}\nEND:VCARD\n"
        );
        let table = read_vcards(text.as_bytes(), None).unwrap();
        assert_eq!(table.records[0].get(NAME), "李四");
        assert!(!table.had_decode_errors);
        // Bytes that are not UTF-8 in a UTF-8 value are flagged.
        let bad = "BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:=FF=FE\nEND:VCARD\n";
        assert!(read_vcards(bad.as_bytes(), None).unwrap().had_decode_errors);
    }

    #[test]
    fn folded_lines_and_escapes() {
        let r = one(concat!(
            "BEGIN:VCARD\r\n",
            "VERSION:3.0\r\n",
            "FN:欧阳\r\n",
            " 娜娜\r\n",
            "ORG:甲\\, 乙\\;丙 公司;部门\r\n",
            "TITLE:店长\\n兼收银\r\n",
            "NOTE:路径 C:\\\\temp\\, 第二\\N行\r\n",
            "\t尾巴\r\n",
            "END:VCARD\r\n",
        ));
        assert_eq!(r.get(NAME), "欧阳娜娜");
        assert_eq!(r.get(COMPANY), "甲, 乙;丙 公司");
        assert_eq!(r.get(OCCUPATION), "店长 兼收银");
        assert_eq!(r.get(NOTES), "路径 C:\\temp, 第二\n行尾巴");
    }

    #[test]
    fn name_from_n_when_fn_is_missing_or_blank() {
        let records = read(concat!(
            "BEGIN:VCARD\nN:王;小明;;;\nEND:VCARD\n",
            "BEGIN:VCARD\nFN: \nN:Smith;John;Q;Dr.;\nEND:VCARD\n",
            "BEGIN:VCARD\nN:;Anna;;;\nEND:VCARD\n",
            "BEGIN:VCARD\nN:Li;小红;;;\nEND:VCARD\n",
            "BEGIN:VCARD\nTEL:13800138000\nEND:VCARD\n",
        ));
        let names: Vec<&str> = records.iter().map(|r| r.get(NAME)).collect();
        assert_eq!(names, ["王小明", "John Smith", "Anna", "Li小红", ""]);
        assert_eq!(records[4].get(MOBILE), "13800138000");
        assert_eq!(records[4].line, 14);
    }

    #[test]
    fn multiple_phones() {
        let text = concat!(
            "BEGIN:VCARD\n",
            "FN:赵六\n",
            "TEL;TYPE=WORK:0755-88886666\n",
            "TEL;TYPE=cell,voice:13700137000\n",
            "TEL;TYPE=CELL:+86 137 0013 7000\n",
            "TEL;TYPE=HOME:020-12345678\n",
            "TEL:13600136000\n",
            "END:VCARD\n",
            "BEGIN:VCARD\n",
            "FN:钱七\n",
            "TEL:13500135000\n",
            "TEL:135 0013 5000\n",
            "TEL;WORK:13400134000\n",
            "END:VCARD\n",
        );
        let records = read(text);
        // The cell number is the mobile, the first other number phone 2.
        assert_eq!(records[0].get(MOBILE), "13700137000");
        assert_eq!(records[0].get(PHONE2), "0755-88886666");
        // Without a cell type the first number is the mobile; the same
        // number written differently is not taken as phone 2.
        assert_eq!(records[1].get(MOBILE), "13500135000");
        assert_eq!(records[1].get(PHONE2), "13400134000");
    }

    #[test]
    fn birthday_forms() {
        let cases = [
            ("1985-05-06", "1985-05-06"),
            ("19850506", "1985-05-06"),
            ("--0506", "05-06"),
            ("--05-06", "05-06"),
            ("1985-05-06T00:00:00Z", "1985-05-06"),
            ("19850506T000000", "1985-05-06"),
        ];
        for (value, expected) in cases {
            let r = one(&format!("BEGIN:VCARD\nFN:a\nBDAY:{value}\nEND:VCARD\n"));
            assert_eq!(r.get(BIRTHDAY), expected, "{value}");
        }
        assert_eq!(
            parse_birthday("1985-05-06").unwrap(),
            YearlyDate::solar(Some(1985), 5, 6).unwrap()
        );
        assert_eq!(
            parse_birthday("05-06").unwrap(),
            YearlyDate::solar(None, 5, 6).unwrap()
        );
        // Apple's placeholder year, and forms passed on as written.
        let r = one("BEGIN:VCARD\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-05-06\nEND:VCARD\n");
        assert_eq!(r.get(BIRTHDAY), "05-06");
        let r = one("BEGIN:VCARD\nBDAY;VALUE=text:大约1980年\nEND:VCARD\n");
        assert_eq!(r.get(BIRTHDAY), "大约1980年");
    }

    #[test]
    fn line_numbers_of_cards() {
        let text = concat!(
            "\n",
            "BEGIN:VCARD\n", // 2
            "FN:一\n",
            "NOTE:a\n",
            " b\n",
            "END:VCARD\n",
            "\n",
            "BEGIN:VCARD\r\n", // 8
            "PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n",
            " BBBB\r\n",
            " CCCC\r\n",
            "FN:二\r\n",
            "END:VCARD\r\n",
            "begin:vcard\n", // 14
            "fn:三\n",
            "end:vcard",
        );
        let records = read(text);
        let lines: Vec<(u64, &str)> = records.iter().map(|r| (r.line, r.get(NAME))).collect();
        assert_eq!(lines, [(2, "一"), (8, "二"), (14, "三")]);
    }

    #[test]
    fn base64_photo_of_21_without_indent() {
        let records = read(concat!(
            "BEGIN:VCARD\r\n",
            "VERSION:2.1\r\n",
            "FN:孙八\r\n",
            "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n",
            "/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR==\r\n",
            "  +/AAAAAA\r\n",
            "\r\n",
            "TEL;CELL:13300133000\r\n",
            "END:VCARD\r\n",
            "BEGIN:VCARD\r\n",
            "FN:周九\r\n",
            "END:VCARD\r\n",
        ));
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].get(NAME), "孙八");
        assert_eq!(records[0].get(MOBILE), "13300133000");
        assert_eq!(records[1].line, 10);
    }

    #[test]
    fn utf8_bom_and_gbk_file() {
        let table = read_vcards(
            "\u{FEFF}BEGIN:VCARD\r\nFN:吴十\r\nEND:VCARD\r\n".as_bytes(),
            None,
        )
        .unwrap();
        assert_eq!(table.encoding, Encoding::Utf8);
        assert_eq!(table.records[0].line, 1);
        assert_eq!(table.records[0].get(NAME), "吴十");

        let text = concat!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:郑州老客户\r\nTEL;TYPE=CELL:13800138000\r\n",
            "ADR:;;中原路88号;郑州市;河南省;;中国\r\nNOTE:喜欢喝铁观音，每月来一次\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:冯女士\r\nEND:VCARD\r\n",
        );
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable);
        let table = read_vcards(&bytes, None).unwrap();
        assert_eq!(table.encoding, Encoding::Gb18030);
        assert!(!table.had_decode_errors);
        assert_eq!(table.records[0].get(NAME), "郑州老客户");
        assert_eq!(table.records[0].get(ADDRESS), "河南省郑州市中原路88号");
        assert_eq!(table.records[0].get(NOTES), "喜欢喝铁观音，每月来一次");
        assert_eq!(table.records[1].get(NAME), "冯女士");
        assert_eq!(table.records[1].line, 8);
        // A given encoding is used as is.
        let table = read_vcards(&bytes, Some(Encoding::Gb18030)).unwrap();
        assert_eq!(table.encoding, Encoding::Gb18030);
        assert_eq!(table.records.len(), 2);
    }

    #[test]
    fn addresses() {
        let parts = |s: &str| -> Vec<String> { s.split(';').map(str::to_owned).collect() };
        assert_eq!(
            address(&parts(";;科技园路1号;深圳市;广东省;518000;China")),
            "广东省深圳市科技园路1号"
        );
        assert_eq!(
            address(&parts(
                ";3单元;广东省深圳市南山区科技园路1号;深圳市;广东省;;"
            )),
            "广东省深圳市南山区科技园路1号3单元"
        );
        assert_eq!(
            address(&parts(";;中山路2号;台北市;;;台湾")),
            "台湾台北市中山路2号"
        );
        assert_eq!(
            address(&parts("PO Box 1;;1 Main St;Springfield;IL;62701;USA")),
            "1 Main St, Springfield, IL, 62701, USA"
        );
    }

    #[test]
    fn nested_agent_and_missing_end() {
        let records = read(concat!(
            "BEGIN:VCARD\n",
            "VERSION:2.1\n",
            "FN:老板\n",
            "AGENT:\n",
            "BEGIN:VCARD\n",
            "FN:秘书\n",
            "TEL:13900139000\n",
            "END:VCARD\n",
            "TEL:13800138000\n",
            "END:VCARD\n",
            "BEGIN:VCARD\n",
            "FN:没有结尾\n",
            "BEGIN:VCARD\n",
            "FN:最后一张\n",
        ));
        let names: Vec<&str> = records.iter().map(|r| r.get(NAME)).collect();
        assert_eq!(names, ["老板", "没有结尾", "最后一张"]);
        assert_eq!(records[0].get(MOBILE), "13800138000");
        assert_eq!(records[0].get(PHONE2), "");
        assert_eq!(records[2].line, 13);
    }

    #[test]
    fn a_fold_inside_a_utf8_character_is_undone_before_decoding() {
        let name = "张三".as_bytes();
        let mut bytes = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:".to_vec();
        bytes.extend_from_slice(&name[..2]);
        bytes.extend_from_slice(b"\r\n ");
        bytes.extend_from_slice(&name[2..]);
        bytes.extend_from_slice(
            b"\r\nNOTE;ENCODING=QUOTED-PRINTABLE:=E8=80=81=\r\n=E5=AE=A2\r\nEND:VCARD\r\n",
        );
        let table = read_vcards(&bytes, None).unwrap();
        assert_eq!(table.encoding, Encoding::Utf8);
        assert_eq!(table.records[0].get(NAME), "张三");
        assert_eq!(table.records[0].get(NOTES), "老客");
        assert!(!table.had_decode_errors);
    }

    #[test]
    fn charset_is_honoured_on_every_property() {
        let mut bytes = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:".to_vec();
        bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("安藤;さくら").0);
        bytes.extend_from_slice(b"\r\nNOTE;CHARSET=windows-1252:");
        bytes.extend_from_slice(&encoding_rs::WINDOWS_1252.encode("Sören").0);
        bytes.extend_from_slice(b"\r\nADR;CHARSET=BIG5:;;");
        bytes.extend_from_slice(&encoding_rs::BIG5.encode("中山路2號;臺北市").0);
        bytes.extend_from_slice(b"\r\nTEL;CELL:13800138000\r\nEND:VCARD\r\n");
        bytes.extend_from_slice(b"BEGIN:VCARD\r\nFN;CHARSET=ISO-8859-1:");
        bytes.extend_from_slice(&encoding_rs::WINDOWS_1252.encode("José").0);
        bytes.extend_from_slice(b"\r\nEND:VCARD\r\n");
        let table = read_vcards(&bytes, None).unwrap();
        assert!(!table.had_decode_errors);
        let r = &table.records[0];
        assert_eq!(r.get(NAME), "安藤さくら");
        assert_eq!(r.get(NOTES), "Sören");
        assert_eq!(r.get(ADDRESS), "臺北市中山路2號");
        assert_eq!(table.records[1].get(NAME), "José");

        let unknown = "BEGIN:VCARD\nFN;CHARSET=X-KLINGON:abc\nTEL:13800138000\nEND:VCARD\n\
                       BEGIN:VCARD\nX-THING;CHARSET=X-KLINGON:abc\nFN:好\nEND:VCARD\n";
        let table = read_vcards(unknown.as_bytes(), None).unwrap();
        assert_eq!(
            table.records[0].flaws(),
            [Flaw::UnknownCharset {
                column: NAME,
                charset: "X-KLINGON".into()
            }]
        );
        assert!(
            table.records[1].flaws().is_empty(),
            "an unread property's charset does not matter"
        );
    }

    #[test]
    fn properties_after_a_nested_card_still_count() {
        let records = read(concat!(
            "BEGIN:VCARD\n",
            "FN:老板\n",
            "BEGIN:VCARD\n",
            "FN:助理\n",
            "END:VCARD\n",
            "TEL;TYPE=CELL:13800138000\n",
            "END:VCARD\n",
            "BEGIN:VCARD\n",
            "FN:下一位\n",
            "END:VCARD\n",
        ));
        let names: Vec<&str> = records.iter().map(|r| r.get(NAME)).collect();
        assert_eq!(names, ["老板", "下一位"]);
        assert_eq!(records[0].get(MOBILE), "13800138000");
        assert_eq!((records[0].line, records[0].end_line), (1, 7));
    }

    #[test]
    fn a_bad_second_number_is_left_out_and_a_company_card_takes_its_org() {
        let records = read(concat!(
            "BEGIN:VCARD\n",
            "FN:张三\n",
            "TEL;TYPE=CELL:13800138000\n",
            "TEL;TYPE=WORK:955888\n",
            "END:VCARD\n",
            "BEGIN:VCARD\n",
            "FN:\n",
            "N:;;;;\n",
            "ORG:海底捞;客服部\n",
            "TEL:400-888-8888\n",
            "END:VCARD\n",
            "BEGIN:VCARD\n",
            "FN:只有热线\n",
            "TEL:95588\n",
            "END:VCARD\n",
        ));
        assert_eq!(records[0].get(MOBILE), "13800138000");
        assert_eq!(records[0].get(PHONE2), "");
        assert_eq!(
            records[0].flaws(),
            [Flaw::PhoneLeftOut {
                number: "955888".into()
            }]
        );
        assert_eq!(records[1].get(NAME), "海底捞");
        assert_eq!(records[1].get(COMPANY), "海底捞");
        assert_eq!(
            records[2].get(MOBILE),
            "95588",
            "no good number: refused by the import"
        );
        assert!(records[2].flaws().is_empty());
    }

    #[test]
    fn a_huge_value_is_cut_at_the_record_cap() {
        let mut text = String::from("BEGIN:VCARD\nFN:张三\nNOTE:");
        text.push_str(&"记".repeat(MAX_RECORD_BYTES));
        text.push_str("\n ");
        text.push_str(&"x".repeat(10));
        text.push_str("\nTEL:13800138000\nEND:VCARD\n");
        let r = one(&text);
        assert!(
            r.get(NOTES).len() <= MAX_RECORD_BYTES,
            "{}",
            r.get(NOTES).len()
        );
        assert_eq!(r.get(MOBILE), "13800138000");
    }

    #[test]
    fn no_vcard_is_no_header() {
        for text in ["", "姓名,手机\n张三,138\n", "END:VCARD\nFN:x\n"] {
            assert!(matches!(
                read_vcards(text.as_bytes(), None),
                Err(ReadError::NoHeader)
            ));
        }
    }

    #[test]
    fn garbage_and_truncated_input_do_not_panic() {
        let sample = fixture("contacts-21-qp.vcf");
        for end in 0..sample.len() {
            let _ = read_vcards(&sample[..end], None);
        }
        let odd = [
            &b"BEGIN:VCARD\n=\n:\n;;;\n.:\nFN;ENCODING=QUOTED-PRINTABLE:=\n=E\n=\xFF"[..],
            b"BEGIN:VCARD\nN\nN:\nADR:\nTEL:tel:\nBDAY:--\nBDAY:T\nFN;\"a:b\nEND",
            b"BEGIN:VCARD\r\rFN:\\\r\n \r\n\t\\",
            b"\xFF\xFE\x00B\x00E\x00",
            b"\x00\x01\x02BEGIN:VCARD\x80\x81\n\n\n",
            b"BEGIN:VCARD\nAGENT:\nBEGIN:VCARD\nBEGIN:VCARD\nEND:VCARD\n",
        ];
        for bytes in odd {
            let _ = read_vcards(bytes, None);
            let _ = looks_like_vcard(Path::new("x"), bytes);
        }
        let mut state = 12345u32;
        let alphabet = b"BEGIN:VCARDEND=;,.\\\"\r\n \tTELFNADR\xE5\xBC\xA0";
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..300)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    alphabet[(state >> 16) as usize % alphabet.len()]
                })
                .collect();
            let _ = read_vcards(&bytes, None);
        }
    }

    #[test]
    fn recognising_vcard_files() {
        assert!(looks_like_vcard(Path::new("联系人.VCF"), b""));
        assert!(looks_like_vcard(Path::new("a/contacts.vcard"), b""));
        assert!(looks_like_vcard(
            Path::new("export.txt"),
            b"\xEF\xBB\xBF\r\n  begin:vcard\r\nVERSION:3.0"
        ));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("BEGIN:VCARD\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(looks_like_vcard(Path::new("export"), &utf16));
        assert!(!looks_like_vcard(
            Path::new("customers.csv"),
            "姓名,手机\n".as_bytes()
        ));
        assert!(!looks_like_vcard(Path::new("vcf"), b"BEGIN:VCAL"));
    }

    #[test]
    fn fixture_version_3() {
        let table = read_vcards(&fixture("contacts-3.vcf"), None).unwrap();
        assert_eq!(table.encoding, Encoding::Utf8);
        assert!(!table.had_decode_errors);
        let names: Vec<&str> = table.records.iter().map(|r| r.get(NAME)).collect();
        assert_eq!(names, ["张伟", "王芳", "李娜", "刘洋", "陈静"]);
        let lines: Vec<u64> = table.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 13, 21, 29, 38]);
        let wang = &table.records[1];
        assert_eq!(wang.get(MOBILE), "13900139000");
        assert_eq!(wang.get(PHONE2), "010-62345678");
        assert_eq!(table.records[0].get(BIRTHDAY), "1985-03-02");
        assert_eq!(
            table.records[2].get(NOTES),
            "朋友介绍，喜欢喝龙井，每次买两斤，过年前会再来一次"
        );
        assert_eq!(table.records[2].get(MOBILE), "137 0013 7000");
        assert_eq!(
            table.records[3].get(ADDRESS),
            "广东省深圳市南山区科技园路1号"
        );
        assert_eq!(table.records[3].get(MOBILE), "+86 136-0013-6000");
        assert_eq!(table.records[4].get(PHONE2), "");
        assert_eq!(table.records[4].get(BIRTHDAY), "09-15");
    }

    #[test]
    fn fixture_records_pass_customer_validation() {
        let now = chrono::NaiveDate::from_ymd_opt(2024, 1, 5)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        for name in ["contacts-3.vcf", "contacts-21-qp.vcf"] {
            let table = read_vcards(&fixture(name), None).unwrap();
            let mapping = match_headers(ImportKind::Customers, &table.headers);
            for record in &table.records {
                let row = customer_from_record(&mapping, record, now);
                assert!(row.is_ok(), "{name} line {}: {row:?}", record.line);
            }
        }
        let table = read_vcards(&fixture("contacts-3.vcf"), None).unwrap();
        let mapping = match_headers(ImportKind::Customers, &table.headers);
        let liu = customer_from_record(&mapping, &table.records[3], now).unwrap();
        assert_eq!(liu.customer.mobile, "13600136000");
        let chen = customer_from_record(&mapping, &table.records[4], now).unwrap();
        assert_eq!(chen.customer.phone2, "");
        assert_eq!(chen.customer.birthday, YearlyDate::solar(None, 9, 15).ok());
    }

    #[test]
    fn fixture_version_21_quoted_printable() {
        let table = read_vcards(&fixture("contacts-21-qp.vcf"), None).unwrap();
        assert!(!table.had_decode_errors);
        let names: Vec<&str> = table.records.iter().map(|r| r.get(NAME)).collect();
        assert_eq!(names, ["张三", "欧阳娜娜", "黄晓明"]);
        let lines: Vec<u64> = table.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 8, 21]);
        assert_eq!(table.records[0].get(PHONE2), "021-55556666");
        assert_eq!(table.records[1].get(MOBILE), "13600136000");
        assert_eq!(
            table.records[1].get(NOTES),
            "老客户介绍来的，买过两台洗衣机，一台冰箱，每年春节前都会来店里看看"
        );
        assert_eq!(table.records[2].get(MOBILE), "13500135000");
        assert_eq!(table.records[2].get(NOTES), "照片联系人");
    }
}
