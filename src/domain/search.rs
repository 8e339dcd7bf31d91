//! Customer search: by name, any part of a phone number, company, and pinyin
//! (initials like `zs` for 张三, or the full spelling `zhangsan`).
//!
//! Keys are computed once per customer ([`SearchKey::new`]) so a query over
//! 100,000 customers is a tight scan of plain lowercase strings.

use pinyin::ToPinyin;

use super::phone::digits_only;
use super::text::to_half_width;

/// Surnames whose everyday dictionary reading differs from their reading as a
/// surname; the first character of a name uses these.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('曾', "zeng"),
    ('单', "shan"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('查', "zha"),
    ('朴', "piao"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('尉', "yu"),
    ('缪', "miao"),
    ('翟', "zhai"),
    ('种', "chong"),
    ('覃', "qin"),
    ('长', "chang"),
    ('秘', "bi"),
    ('召', "shao"),
    ('折', "she"),
    ('洗', "xian"),
    ('繁', "po"),
    ('员', "yun"),
    ('柏', "bai"),
    ('万', "wan"),
    ('重', "chong"),
];

/// Readings of name characters beyond the Basic Multilingual Plane (CJK
/// Extension B and later, four bytes in GB18030) that the pinyin crate's
/// data lacks. The 196 such characters of the 通用规范汉字表 are all in the
/// crate; this table adds the name variants outside it whose glyph the
/// bundled font carries (see `tools/subset-font.py`, NAME_CHARACTERS_EXTRA).
/// Bump [`READINGS_VERSION`] whenever it changes.
const EXTRA_READINGS: &[(char, &str)] = &[
    ('\u{20BB7}', "ji"), // 𠮷, the 吉 with a longer lower stroke (jí)
];

/// The version of the readings behind stored search keys: books whose keys
/// were computed with an older version get them recomputed on open. Bump it
/// when [`SURNAME_READINGS`] or [`EXTRA_READINGS`] change.
pub const READINGS_VERSION: u32 = 2;

/// The reading of one character, without tone.
fn reading(ch: char, first: bool) -> Option<&'static str> {
    let table = |t: &[(char, &'static str)]| t.iter().find(|(c, _)| *c == ch).map(|(_, r)| *r);
    first
        .then(|| table(SURNAME_READINGS))
        .flatten()
        .or_else(|| ch.to_pinyin().map(|p| p.plain()))
        .or_else(|| table(EXTRA_READINGS))
}

/// The pinyin initials and full spelling of a name, lowercase ASCII.
/// Latin letters and digits in the name are kept as they are.
pub fn pinyin_keys(name: &str) -> (String, String) {
    let mut initials = String::new();
    let mut full = String::new();
    let mut in_latin_word = false;
    for (i, ch) in name.trim().chars().enumerate() {
        match reading(ch, i == 0) {
            Some(r) => {
                initials.push_str(&r[..1]);
                full.push_str(r);
                in_latin_word = false;
            }
            None if ch.is_ascii_alphanumeric() => {
                let lower = ch.to_ascii_lowercase();
                if !in_latin_word {
                    initials.push(lower);
                }
                full.push(lower);
                in_latin_word = true;
            }
            None => in_latin_word = false,
        }
    }
    (initials, full)
}

/// What a customer can be found by, precomputed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchKey {
    name: String,
    initials: String,
    full_pinyin: String,
    phone_digits: String,
    company: String,
    wechat: String,
}

impl SearchKey {
    pub fn new(name: &str, phones: &[&str], company: &str, wechat: &str) -> SearchKey {
        let (initials, full_pinyin) = pinyin_keys(name);
        SearchKey::with_pinyin(name, &initials, &full_pinyin, phones, company, wechat)
    }

    /// Builds a key from stored pinyin initials and full spelling, to avoid
    /// recomputing pinyin when loading many customers.
    pub fn with_pinyin(
        name: &str,
        initials: &str,
        full_pinyin: &str,
        phones: &[&str],
        company: &str,
        wechat: &str,
    ) -> SearchKey {
        SearchKey {
            name: name.to_lowercase(),
            initials: initials.to_string(),
            full_pinyin: full_pinyin.to_string(),
            phone_digits: phones
                .iter()
                .map(|p| digits_only(p))
                .collect::<Vec<_>>()
                .join(" "),
            company: company.to_lowercase(),
            wechat: wechat.to_lowercase(),
        }
    }

    /// The full pinyin spelling, used to sort names the way people expect.
    pub fn pinyin(&self) -> &str {
        &self.full_pinyin
    }

    fn matches_term(&self, term: &Term) -> bool {
        match term {
            Term::Digits(d) => {
                self.phone_digits.contains(d.as_str()) || self.name.contains(d.as_str())
            }
            Term::Latin(t) => {
                self.initials.starts_with(t.as_str())
                    || self.full_pinyin.contains(t.as_str())
                    || self.name.contains(t.as_str())
                    || self.company.contains(t.as_str())
                    || self.wechat.contains(t.as_str())
            }
            Term::Text(t) => self.name.contains(t.as_str()) || self.company.contains(t.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// Digits only (separators dropped): matched against any part of a phone.
    Digits(String),
    /// Latin letters: pinyin initials (prefix), full pinyin, name, company, WeChat.
    Latin(String),
    /// Anything else (Chinese): name or company.
    Text(String),
}

/// A parsed search query: every space-separated term must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let half = to_half_width(input).to_lowercase();
        let terms = half
            .split_whitespace()
            .map(|raw| {
                let digits = digits_only(raw);
                if !digits.is_empty()
                    && raw
                        .chars()
                        .all(|c| c.is_ascii_digit() || "-+().".contains(c))
                {
                    Term::Digits(digits)
                } else if raw.chars().all(|c| c.is_ascii_alphanumeric()) {
                    Term::Latin(raw.to_string())
                } else {
                    Term::Text(raw.to_string())
                }
            })
            .collect();
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, key: &SearchKey) -> bool {
        self.terms.iter().all(|t| key.matches_term(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, phone: &str, company: &str) -> SearchKey {
        SearchKey::new(name, &[phone], company, "")
    }

    #[test]
    fn pinyin_initials_and_full_spelling() {
        assert_eq!(pinyin_keys("张三"), ("zs".into(), "zhangsan".into()));
        assert_eq!(pinyin_keys("曾小红"), ("zxh".into(), "zengxiaohong".into()));
        assert_eq!(pinyin_keys("单田芳"), ("stf".into(), "shantianfang".into()));
        assert_eq!(pinyin_keys("Tom Lee"), ("tl".into(), "tomlee".into()));
    }

    #[test]
    fn extension_b_name_characters_have_readings() {
        // 𠮷 (U+20BB7) comes from our own table, 𫖮 (U+2B5AE, 通用规范汉字表)
        // from the pinyin crate.
        assert_eq!(pinyin_keys("𠮷田"), ("jt".into(), "jitian".into()));
        assert_eq!(pinyin_keys("王𠮷"), ("wj".into(), "wangji".into()));
        assert_eq!(pinyin_keys("陶𫖮"), ("ty".into(), "taoyi".into()));
        let k = key("𠮷田", "", "");
        for q in ["jt", "jitian", "𠮷", "𠮷田"] {
            assert!(Query::parse(q).matches(&k), "query {q}");
        }
    }

    #[test]
    fn finds_by_initials_name_phone_part_and_company() {
        let k = key("张三", "13800138000", "华联超市");
        for q in [
            "zs", "z", "zhangs", "san", "张", "张三", "0013", "138-0013", "华联", "zs 0013",
        ] {
            assert!(Query::parse(q).matches(&k), "query {q}");
        }
        for q in ["ls", "李", "9999", "zs 9999", "sz"] {
            assert!(!Query::parse(q).matches(&k), "query {q}");
        }
    }

    #[test]
    fn full_width_queries_work() {
        let k = key("王五", "13912345678", "");
        assert!(Query::parse("１２３４５").matches(&k));
        assert!(Query::parse("ＷＷ").matches(&k));
    }

    #[test]
    fn empty_query_matches_everything() {
        let q = Query::parse("   ");
        assert!(q.is_empty());
        assert!(q.matches(&key("a", "", "")));
    }
}
