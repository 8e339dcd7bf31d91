//! Finding the delimiter of a delimited text file.
//!
//! The rule, applied by [`sniff_delimiter`] to the beginning of the decoded
//! text:
//!
//! * Candidates are comma, semicolon, tab and pipe.
//! * For each candidate the sample is split into records the way a CSV
//!   reader using that delimiter would: a double quote at the start of a
//!   field opens a quoted field, `""` inside it is an escaped quote, and
//!   delimiters and line breaks inside quotes do not count. Blank records
//!   are ignored, and at most the first 10 non-empty records are examined.
//!   An unterminated last line is ignored when there are others (the sample
//!   may have been cut there).
//! * A candidate is *consistent* when it occurs the same, non-zero number of
//!   times in every examined record. Consistent candidates win; among them
//!   the one with the most occurrences per record.
//! * Otherwise the candidate found in the most records wins, then the one
//!   with the most occurrences in total.
//! * Remaining ties go to the earlier candidate in the order comma,
//!   semicolon, tab, pipe; with no evidence at all the answer is comma.

/// The delimiters that are sniffed, in tie-breaking order.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many non-empty records are examined.
const MAX_LINES: usize = 10;

/// Picks the delimiter of `text_sample` (see the module documentation).
pub fn sniff_delimiter(text_sample: &str) -> u8 {
    // (consistent, per-line count if consistent, lines with any, total)
    let mut best: Option<((bool, usize, usize, usize), u8)> = None;
    for &candidate in &CANDIDATES {
        let counts = count_per_record(text_sample, candidate);
        if counts.is_empty() {
            continue;
        }
        let first = counts[0];
        let consistent = first > 0 && counts.iter().all(|&c| c == first);
        let key = (
            consistent,
            if consistent { first } else { 0 },
            counts.iter().filter(|&&c| c > 0).count(),
            counts.iter().sum::<usize>(),
        );
        if key.2 == 0 {
            continue;
        }
        // Strictly greater only, so earlier candidates win ties.
        if best.is_none_or(|(best_key, _)| key > best_key) {
            best = Some((key, candidate));
        }
    }
    best.map_or(b',', |(_, d)| d)
}

/// Counts `delimiter` outside quotes in each of the first non-empty records.
fn count_per_record(text: &str, delimiter: u8) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut counts = Vec::new();
    let mut count = 0usize;
    let mut non_blank = false;
    let mut field_start = true;
    let mut in_quotes = false;
    let mut i = 0;
    while i < bytes.len() && counts.len() < MAX_LINES {
        let b = bytes[i];
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && field_start {
            in_quotes = true;
            non_blank = true;
            field_start = false;
        } else if b == delimiter {
            count += 1;
            field_start = true;
        } else if b == b'\n' {
            if non_blank {
                counts.push(count);
            }
            count = 0;
            non_blank = false;
            field_start = true;
        } else if b != b'\r' {
            field_start = false;
            if !b.is_ascii_whitespace() {
                non_blank = true;
            }
        }
        i += 1;
    }
    // A last record without a line break: keep it only if it is the only
    // evidence, since a sample may have been cut in the middle of it.
    if counts.len() < MAX_LINES && non_blank && counts.is_empty() {
        counts.push(count);
    }
    counts
}

/// A short English name for a delimiter, as the CLI accepts it back.
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "other",
    }
}

/// Parses a delimiter as given on the command line: `,` `;` `tab` `\t` `|`
/// (or a literal tab), and the names from [`delimiter_name`].
pub fn parse_delimiter(text: &str) -> Option<u8> {
    if text == "\t" {
        return Some(b'\t');
    }
    match text.trim().to_ascii_lowercase().as_str() {
        "," | "comma" => Some(b','),
        ";" | "semicolon" => Some(b';'),
        "tab" | "\\t" => Some(b'\t'),
        "|" | "pipe" => Some(b'|'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\r\n1\t2\t3\r\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n"), b'|');
    }

    #[test]
    fn quoted_delimiters_do_not_count() {
        // Semicolons consistent; commas only inside quotes.
        let text = "姓名;备注\n张三;\"a,b,c\"\n李四;\"x,\"\"y\"\"\nz,w\"\n";
        assert_eq!(sniff_delimiter(text), b';');
    }

    #[test]
    fn consistent_beats_frequent() {
        // Commas appear more often but unevenly (amounts written 1,234.50).
        let text = "名称;金额\n甲;1,234,567.50\n乙;12.00\n丙;3,000.00\n";
        assert_eq!(sniff_delimiter(text), b';');
    }

    #[test]
    fn more_per_line_wins_among_consistent() {
        let text = "a\tb\tc\td,x\n1\t2\t3\t4,5\n";
        assert_eq!(sniff_delimiter(text), b'\t');
    }

    #[test]
    fn ties_and_nothing_go_to_comma() {
        assert_eq!(sniff_delimiter("a,b|c\n1,2|3\n"), b',');
        assert_eq!(sniff_delimiter("姓名\n张三\n"), b',');
        assert_eq!(sniff_delimiter(""), b',');
    }

    #[test]
    fn blank_lines_are_ignored_and_cut_last_line_dropped() {
        let text = "a;b;c\n\n  \n1;2;3\n4;5";
        assert_eq!(sniff_delimiter(text), b';');
        assert_eq!(count_per_record(text, b';'), vec![2, 2]);
        // Single unterminated line is still evidence.
        assert_eq!(count_per_record("a|b", b'|'), vec![1]);
    }

    #[test]
    fn only_first_ten_records() {
        let mut text = "a;b\n".repeat(10);
        text.push_str(&"a,b,c\n".repeat(50));
        assert_eq!(sniff_delimiter(&text), b';');
    }

    #[test]
    fn names_and_parsing() {
        for d in CANDIDATES {
            assert_eq!(parse_delimiter(delimiter_name(d)), Some(d));
        }
        assert_eq!(parse_delimiter(","), Some(b','));
        assert_eq!(parse_delimiter(";"), Some(b';'));
        assert_eq!(parse_delimiter("tab"), Some(b'\t'));
        assert_eq!(parse_delimiter("TAB"), Some(b'\t'));
        assert_eq!(parse_delimiter("\\t"), Some(b'\t'));
        assert_eq!(parse_delimiter("\t"), Some(b'\t'));
        assert_eq!(parse_delimiter("|"), Some(b'|'));
        assert_eq!(parse_delimiter(":"), None);
        assert_eq!(delimiter_name(b':'), "other");
    }
}
