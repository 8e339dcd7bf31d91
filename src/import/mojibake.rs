//! Text that was decoded with the wrong encoding ("mojibake"), told apart
//! from real text by precise signs rather than a ban on any script.
//!
//! [`misdecoded`] flags a cell when it holds U+FFFD (bytes the chosen
//! encoding could not read), private-use characters (what GB18030 and Big5
//! decoders give for unassigned codes), the Latin-1 reading of UTF-8
//! (`Ã©`, `â€œ`), and — only for a file read as GB18030 or Big5 — kana or
//! Hangul next to Chinese characters in a name (where a Chinese name never
//! mixes scripts), a Latin word with a Chinese character inside (`S鰎en`:
//! Latin-1 read as GBK), or Chinese text whose GB18030 bytes are
//! well-formed UTF-8 Chinese (UTF-8 read as GBK: `寮犱笁` for `张三`).
//! Japanese names in a UTF-8 or Shift_JIS source are left alone.

use super::decode::Encoding;

/// Why a cell looks wrongly decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mojibake {
    /// U+FFFD: bytes the encoding could not read.
    ReplacementCharacter,
    /// Private-use characters.
    PrivateUse,
    /// Kana or Hangul mixed into Chinese text read as GB18030 or Big5.
    MixedScripts,
    /// UTF-8 read as Latin-1 / windows-1252 (`Ã©`).
    Latin1,
    /// A Latin word with a Chinese character inside (`S鰎en`): Latin-1 /
    /// windows-1252 text read as GBK or Big5.
    Latin1AsChinese,
    /// UTF-8 read as GBK; the text it probably was.
    Utf8AsGbk(String),
}

impl Mojibake {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Mojibake::ReplacementCharacter => "replacement_character",
            Mojibake::PrivateUse => "private_use",
            Mojibake::MixedScripts => "mixed_scripts",
            Mojibake::Latin1 => "latin1",
            Mojibake::Latin1AsChinese => "latin1_as_chinese",
            Mojibake::Utf8AsGbk(_) => "utf8_as_gbk",
        }
    }
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

fn is_kana_or_hangul(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{3131}'..='\u{318E}'
        | '\u{AC00}'..='\u{D7A3}')
}

/// `Ã` or `Â` followed by a character of U+0080–U+00BF, or `â€`: the
/// Latin-1 / windows-1252 reading of a two- or three-byte UTF-8 sequence.
fn has_latin1_reading_of_utf8(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).any(|pair| match pair {
        ['Ã' | 'Â', next] => {
            ('\u{80}'..='\u{BF}').contains(next) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(*next)
        }
        ['â', '€'] => true,
        _ => false,
    })
}

/// A Chinese character with a Latin letter just before it and a lower-case
/// Latin letter just after it, whose own second byte (in `encoding`) is a
/// Latin letter too (`S鰎en`, `M黮ler`): a Latin-1 letter and the ASCII
/// letter after it read as one GBK or Big5 character. Such characters lie
/// outside GB2312, and real mixed text puts Chinese after a word (`T恤`,
/// `iPhone手机`) or uses common characters (`a张a`).
fn has_broken_latin_word(text: &str, encoding: Encoding) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(3).any(|w| {
        if !(w[0].is_ascii_alphabetic() && is_han(w[1]) && w[2].is_ascii_lowercase()) {
            return false;
        }
        let mut buf = [0u8; 4];
        let (bytes, _, unmappable) = encoding.to_encoding_rs().encode(w[1].encode_utf8(&mut buf));
        !unmappable && bytes.len() == 2 && bytes[1].is_ascii_alphabetic()
    })
}

/// The text `text` probably was, when it is UTF-8 Chinese read as GBK:
/// its GB18030 bytes are valid UTF-8 of at least two characters, all of
/// them Chinese or ASCII.
fn utf8_read_as_gbk(text: &str) -> Option<String> {
    if !text.chars().any(is_han) {
        return None;
    }
    // Cheap first: Chinese in UTF-8 is three bytes a character, so the
    // first non-ASCII character's GB18030 bytes must start with 0xE0–0xEF.
    // Real Chinese text almost never does (those are rare characters), which
    // spares encoding it all: encoding_rs's GB18030 encoder searches its
    // tables and cost a quarter of a 100,000-row import.
    let first = text.chars().find(|c| !c.is_ascii())?;
    if !(0xE0..=0xEF).contains(&gb18030_lead(first)) {
        return None;
    }
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    if unmappable {
        return None;
    }
    let original = std::str::from_utf8(&bytes).ok()?;
    let han = original.chars().filter(|&c| is_han(c)).count();
    let plausible = original.chars().all(|c| c.is_ascii() || is_han(c));
    (han >= 2 && plausible && original != text).then(|| original.to_owned())
}

/// The first GB18030 byte of `c`, remembered per thread: an import asks
/// for the same few thousand characters over and over.
fn gb18030_lead(c: char) -> u8 {
    thread_local! {
        static LEADS: std::cell::RefCell<std::collections::HashMap<char, u8>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    LEADS.with(|leads| {
        *leads.borrow_mut().entry(c).or_insert_with(|| {
            let mut buf = [0u8; 4];
            let (bytes, _, _) = encoding_rs::GB18030.encode(c.encode_utf8(&mut buf));
            bytes.first().copied().unwrap_or(0)
        })
    })
}

/// Why `text`, decoded from a file in `encoding`, looks wrongly decoded.
/// `name` says the text is a person's or company's name: only there is
/// kana or Hangul next to Chinese a sign of mojibake (notes and addresses
/// may well write `小林の店`).
pub fn misdecoded(text: &str, encoding: Encoding, name: bool) -> Option<Mojibake> {
    if text.is_ascii() {
        return None;
    }
    if text.contains('\u{FFFD}') {
        return Some(Mojibake::ReplacementCharacter);
    }
    if text.chars().any(is_private_use) {
        return Some(Mojibake::PrivateUse);
    }
    if has_latin1_reading_of_utf8(text) {
        return Some(Mojibake::Latin1);
    }
    if matches!(encoding, Encoding::Gb18030 | Encoding::Big5) {
        if name && text.chars().any(is_han) && text.chars().any(is_kana_or_hangul) {
            return Some(Mojibake::MixedScripts);
        }
        if has_broken_latin_word(text, encoding) {
            return Some(Mojibake::Latin1AsChinese);
        }
        if encoding == Encoding::Gb18030
            && let Some(original) = utf8_read_as_gbk(text)
        {
            return Some(Mojibake::Utf8AsGbk(original));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_names_pass() {
        for name in [
            "张三",
            "安藤 さくら",
            "김민준",
            "Sören",
            "José",
            "欧阳娜娜",
            "𠮷野家",
        ] {
            assert_eq!(misdecoded(name, Encoding::Utf8, true), None, "{name}");
        }
        for name in [
            "张三",
            "王𠀀",
            "陳美玲",
            "Sören",
            "欧阳娜娜",
            "T恤",
            "A和B套餐",
            "iPhone手机",
        ] {
            assert_eq!(misdecoded(name, Encoding::Gb18030, true), None, "{name}");
        }
        assert_eq!(
            misdecoded("小林の店", Encoding::Gb18030, false),
            None,
            "a note may"
        );
    }

    #[test]
    fn wrong_readings_are_flagged() {
        assert_eq!(
            misdecoded("张\u{FFFD}", Encoding::Utf8, true),
            Some(Mojibake::ReplacementCharacter)
        );
        assert_eq!(
            misdecoded("张\u{E5E5}", Encoding::Gb18030, true),
            Some(Mojibake::PrivateUse)
        );
        assert_eq!(
            misdecoded("JosÃ©", Encoding::Utf8, true),
            Some(Mojibake::Latin1)
        );
        assert_eq!(
            misdecoded("朝ゅ", Encoding::Gb18030, true),
            Some(Mojibake::MixedScripts)
        );
        assert_eq!(
            misdecoded("朝ゅ", Encoding::Utf8, true),
            None,
            "fine in UTF-8"
        );
        assert_eq!(
            misdecoded("寮犱笁", Encoding::Gb18030, true),
            Some(Mojibake::Utf8AsGbk("张三".into()))
        );
    }

    #[test]
    fn latin1_read_as_gbk_is_a_broken_word() {
        for name in ["Sören", "Müller"] {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(name);
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
            assert_eq!(
                misdecoded(&text, Encoding::Gb18030, true),
                Some(Mojibake::Latin1AsChinese),
                "{text}"
            );
        }
    }

    #[test]
    fn big5_read_as_gbk_shows_mixed_scripts() {
        let (bytes, _, _) = encoding_rs::BIG5.encode("陳美玲");
        let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
        assert!(
            misdecoded(&text, Encoding::Gb18030, true).is_some(),
            "{text}"
        );
    }
}
