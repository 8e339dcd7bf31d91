//! Text encodings of imported files: detection and decoding to UTF-8.
//!
//! Shops hand us files saved by Excel, WPS or POS/ERP software. Those are
//! GBK/GB18030 far more often than anything else, sometimes UTF-8 (with or
//! without a BOM), sometimes UTF-16 ("Unicode text" from Excel) and, from
//! Taiwan or Hong Kong suppliers, Big5.
//!
//! [`detect`] looks, in order, at a byte order mark, at the NUL pattern that
//! UTF-16 without a BOM leaves, at UTF-8 validity, and finally asks
//! chardetng. [`decode`] turns a whole buffer into a `String`; for large
//! files [`DecodingReader`] does the same chunk by chunk behind
//! [`std::io::Read`], so a file of a million rows is never held as text.

use std::io::{self, Read};

use encoding_rs::{BIG5, CoderResult, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// An encoding that the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    /// GB18030, a superset of GBK and GB2312. Decoding GBK files with it is
    /// always correct, and it also handles the 4-byte sequences (e.g. 𠀀).
    Gb18030,
    Big5,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// Every encoding, in the order a picker should offer them.
    pub const ALL: [Encoding; 5] = [
        Encoding::Utf8,
        Encoding::Gb18030,
        Encoding::Big5,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    /// Stable lowercase name, used in settings, the CLI and logs.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Big5 => "big5",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    /// Parses a name as people and programs commonly spell it,
    /// case-insensitively. GBK, GB2312 and CP936 map to GB18030 (a superset);
    /// "unicode" is what Windows calls UTF-16LE.
    pub fn from_name(name: &str) -> Option<Encoding> {
        let lower = name.trim().to_ascii_lowercase();
        let compact: String = lower
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect();
        match compact.as_str() {
            "utf8" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" | "cp936" | "windows936" | "euccn" => {
                Some(Encoding::Gb18030)
            }
            "big5" | "cp950" | "big5hkscs" => Some(Encoding::Big5),
            "utf16le" | "utf16" | "unicode" | "ucs2" | "ucs2le" => Some(Encoding::Utf16Le),
            "utf16be" | "unicodebigunmarked" | "ucs2be" => Some(Encoding::Utf16Be),
            _ => None,
        }
    }

    /// The encoding_rs encoding that implements this one.
    pub fn to_encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => UTF_8,
            Encoding::Gb18030 => GB18030,
            Encoding::Big5 => BIG5,
            Encoding::Utf16Le => UTF_16LE,
            Encoding::Utf16Be => UTF_16BE,
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The result of [`detect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub encoding: Encoding,
    /// The bytes began with a byte order mark for `encoding`.
    pub had_bom: bool,
}

/// How many leading bytes the UTF-16 NUL heuristic looks at.
const UTF16_PROBE: usize = 1024;

/// Guesses the encoding of `bytes`, which may be the whole file or just its
/// beginning (a prefix cut in the middle of a UTF-8 character still counts
/// as UTF-8).
///
/// Order of evidence:
/// 1. a byte order mark (EF BB BF, FF FE, FE FF);
/// 2. without a BOM, NUL bytes concentrated at odd (UTF-16LE) or even
///    (UTF-16BE) positions in the first KB — no other text encoding we
///    accept contains NULs;
/// 3. valid UTF-8 (plain ASCII included);
/// 4. chardetng without a top-level-domain hint. GBK/GB18030 and Big5 are
///    kept; any other guess (chardetng sometimes says EUC-KR, Shift_JIS or
///    windows-1252 for short Chinese samples) becomes GB18030, because a
///    non-UTF-8 file at a small Chinese shop is overwhelmingly GBK written
///    by Excel or WPS, and the user can still change it in the preview.
pub fn detect(bytes: &[u8]) -> Detected {
    if let Some(found) = detect_bom(bytes) {
        return found;
    }
    if let Some(encoding) = detect_utf16_without_bom(bytes) {
        return Detected {
            encoding,
            had_bom: false,
        };
    }
    let valid_utf8 = match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // `error_len() == None` means the input merely ends mid-character.
        Err(e) => e.error_len().is_none(),
    };
    if valid_utf8 {
        return Detected {
            encoding: Encoding::Utf8,
            had_bom: false,
        };
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, true);
    let encoding = if guess == BIG5 {
        Encoding::Big5
    } else if guess == UTF_8 {
        // Not reachable for invalid UTF-8, kept for completeness.
        Encoding::Utf8
    } else {
        // GBK, GB18030 and everything else (see the doc comment).
        Encoding::Gb18030
    };
    Detected {
        encoding,
        had_bom: false,
    }
}

fn detect_bom(bytes: &[u8]) -> Option<Detected> {
    let encoding = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Encoding::Utf8
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Encoding::Utf16Le
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Encoding::Utf16Be
    } else {
        return None;
    };
    Some(Detected {
        encoding,
        had_bom: true,
    })
}

/// UTF-16 without a BOM: ASCII characters (digits, delimiters, line ends)
/// have a zero high byte. At least a tenth of the code units must show a NUL
/// on one side, and the other side may have at most a quarter as many.
fn detect_utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let probe = &bytes[..bytes.len().min(UTF16_PROBE)];
    let units = probe.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in probe.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let needed = (units / 10).max(2);
    if odd >= needed && even * 4 <= odd {
        Some(Encoding::Utf16Le)
    } else if even >= needed && odd * 4 <= even {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Text decoded from bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    pub text: String,
    /// Some bytes were malformed and became U+FFFD.
    pub had_errors: bool,
}

/// Decodes a whole buffer, removing a leading BOM of `encoding`.
pub fn decode(bytes: &[u8], encoding: Encoding) -> DecodedText {
    let (text, had_errors) = encoding.to_encoding_rs().decode_with_bom_removal(bytes);
    DecodedText {
        text: text.into_owned(),
        had_errors,
    }
}

/// A fresh streaming decoder for `encoding` that removes a leading BOM.
pub fn decoder(encoding: Encoding) -> encoding_rs::Decoder {
    encoding.to_encoding_rs().new_decoder_with_bom_removal()
}

const INPUT_CHUNK: usize = 16 * 1024;
const OUTPUT_CHUNK: usize = 32 * 1024;

/// Wraps a byte source in any supported encoding and reads it as UTF-8,
/// one chunk at a time. Malformed input becomes U+FFFD and is remembered in
/// [`DecodingReader::had_errors`]. A leading BOM of the encoding is removed.
pub struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Box<[u8]>,
    in_pos: usize,
    in_len: usize,
    output: Box<[u8]>,
    out_pos: usize,
    out_len: usize,
    /// The inner reader has reported end of file.
    eof: bool,
    /// The decoder has been flushed; nothing more will come.
    finished: bool,
    had_errors: bool,
}

impl<R: Read> DecodingReader<R> {
    pub fn new(inner: R, encoding: Encoding) -> Self {
        DecodingReader {
            inner,
            decoder: decoder(encoding),
            input: vec![0; INPUT_CHUNK].into_boxed_slice(),
            in_pos: 0,
            in_len: 0,
            output: vec![0; OUTPUT_CHUNK].into_boxed_slice(),
            out_pos: 0,
            out_len: 0,
            eof: false,
            finished: false,
            had_errors: false,
        }
    }

    /// Some input so far was malformed and replaced with U+FFFD.
    pub fn had_errors(&self) -> bool {
        self.had_errors
    }

    /// Gives back the wrapped reader.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Decodes more input into the (empty) output buffer.
    fn fill_output(&mut self) -> io::Result<()> {
        if self.in_pos == self.in_len && !self.eof {
            let n = loop {
                match self.inner.read(&mut self.input) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.in_pos = 0;
            self.in_len = n;
            self.eof = n == 0;
        }
        let (result, read, written, had_errors) = self.decoder.decode_to_utf8(
            &self.input[self.in_pos..self.in_len],
            &mut self.output,
            self.eof,
        );
        self.in_pos += read;
        self.out_pos = 0;
        self.out_len = written;
        self.had_errors |= had_errors;
        if result == CoderResult::InputEmpty && self.eof {
            self.finished = true;
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.out_pos < self.out_len {
                let n = buf.len().min(self.out_len - self.out_pos);
                buf[..n].copy_from_slice(&self.output[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            self.fill_output()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn names_round_trip() {
        for encoding in Encoding::ALL {
            assert_eq!(Encoding::from_name(encoding.name()), Some(encoding));
        }
    }

    #[test]
    fn common_spellings() {
        assert_eq!(Encoding::from_name("UTF8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::from_name("GBK"), Some(Encoding::Gb18030));
        assert_eq!(Encoding::from_name("gb2312"), Some(Encoding::Gb18030));
        assert_eq!(Encoding::from_name("CP936"), Some(Encoding::Gb18030));
        assert_eq!(Encoding::from_name("GB18030"), Some(Encoding::Gb18030));
        assert_eq!(Encoding::from_name("Big5"), Some(Encoding::Big5));
        assert_eq!(Encoding::from_name("UTF-16LE"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::from_name("utf-16be"), Some(Encoding::Utf16Be));
        assert_eq!(Encoding::from_name("Unicode"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::from_name("latin1"), None);
    }

    #[test]
    fn boms_win() {
        let d = detect(b"\xEF\xBB\xBFName,Phone\n");
        assert_eq!((d.encoding, d.had_bom), (Encoding::Utf8, true));
        let d = detect(b"\xFF\xFEN\0a\0");
        assert_eq!((d.encoding, d.had_bom), (Encoding::Utf16Le, true));
        let d = detect(b"\xFE\xFF\0N\0a");
        assert_eq!((d.encoding, d.had_bom), (Encoding::Utf16Be, true));
    }

    #[test]
    fn utf16_without_bom() {
        let text = "姓名\t手机\r\n张三\t13800138000\r\n";
        let d = detect(&utf16le(text));
        assert_eq!((d.encoding, d.had_bom), (Encoding::Utf16Le, false));
        let d = detect(&utf16be(text));
        assert_eq!((d.encoding, d.had_bom), (Encoding::Utf16Be, false));
    }

    #[test]
    fn utf8_and_truncated_utf8() {
        assert_eq!(detect("姓名,手机\n".as_bytes()).encoding, Encoding::Utf8);
        assert_eq!(detect(b"Name,Phone\n").encoding, Encoding::Utf8);
        let bytes = "姓名,手机".as_bytes();
        // Cut inside the last character: still UTF-8.
        assert_eq!(detect(&bytes[..bytes.len() - 1]).encoding, Encoding::Utf8);
    }

    #[test]
    fn gbk_is_detected() {
        let text = "姓名,手机,生日,备注\n张伟,13800138000,1990-01-05,老客户，喜欢喝茶\n\
                    王芳,13900139000,农历八月初三,朋友介绍\n";
        let d = detect(&encode(text, GB18030));
        assert_eq!((d.encoding, d.had_bom), (Encoding::Gb18030, false));
    }

    #[test]
    fn big5_is_detected() {
        let text = "姓名,手機,生日,備註\n陳美玲,0912345678,1985/3/2,老顧客，喜歡喝茶\n\
                    張志明,0922333444,1990/7/15,朋友介紹，住在臺北市\n\
                    黃淑芬,0933555666,1978/11/30,常來買東西，說話很客氣\n";
        assert_eq!(detect(&encode(text, BIG5)).encoding, Encoding::Big5);
    }

    #[test]
    fn decode_gb18030_four_byte() {
        let text = "王𠀀,李𪚥\n";
        let bytes = encode(text, GB18030);
        // 王 and 李 take 2 bytes, 𠀀 (U+20000) and 𪚥 4 bytes each.
        assert_eq!(bytes.len(), 2 + 4 + 1 + 2 + 4 + 1);
        let decoded = decode(&bytes, Encoding::Gb18030);
        assert_eq!(decoded.text, text);
        assert!(!decoded.had_errors);
    }

    #[test]
    fn decode_strips_bom_and_flags_errors() {
        let decoded = decode(b"\xEF\xBB\xBFabc", Encoding::Utf8);
        assert_eq!(decoded.text, "abc");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(utf16le("姓名"));
        assert_eq!(decode(&bytes, Encoding::Utf16Le).text, "姓名");
        let decoded = decode(b"ab\xFFc", Encoding::Utf8);
        assert!(decoded.had_errors);
        assert_eq!(decoded.text, "ab\u{FFFD}c");
    }

    /// A reader that hands out at most `step` bytes per call, so that
    /// multi-byte characters are split across reads.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn decoding_reader_matches_decode_across_chunk_boundaries() {
        let line = "王𠀀,１３８００１３８０００,农历1998年十月初二,\"备注, \"\"引号\"\"\"\n";
        let text: String = line.repeat(3000);
        let cases = [
            (Encoding::Gb18030, encode(&text, GB18030)),
            (Encoding::Utf8, {
                let mut b = vec![0xEF, 0xBB, 0xBF];
                b.extend(text.as_bytes());
                b
            }),
            (Encoding::Utf16Le, {
                let mut b = vec![0xFF, 0xFE];
                b.extend(utf16le(&text));
                b
            }),
            (Encoding::Utf16Be, utf16be(&text)),
        ];
        for (encoding, bytes) in cases {
            for step in [1, 3, 7, 4096, 100_000] {
                let mut reader = DecodingReader::new(
                    Trickle {
                        bytes: &bytes,
                        step,
                    },
                    encoding,
                );
                let mut out = String::new();
                // Small reads on the output side too.
                let mut buf = [0u8; 5];
                let mut collected = Vec::new();
                loop {
                    let n = reader.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    collected.extend_from_slice(&buf[..n]);
                }
                out.push_str(std::str::from_utf8(&collected).unwrap());
                assert_eq!(out, text, "{encoding} step {step}");
                assert!(!reader.had_errors());
            }
        }
    }

    #[test]
    fn decoding_reader_reports_errors() {
        let mut reader = DecodingReader::new(&b"ab\xFF"[..], Encoding::Utf8);
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(out, "ab\u{FFFD}");
        assert!(reader.had_errors());
    }
}
