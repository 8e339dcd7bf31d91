//! Small text normalisation helpers shared by the value parsers.

/// Folds full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space
/// to their half-width forms, leaving every other character untouched.
///
/// Chinese input methods often produce `１３８` or `，`; parsers call this first
/// so users never have to switch their IME to half-width mode.
pub fn to_half_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Trims and collapses runs of whitespace to a single space.
pub fn tidy(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_punctuation_fold() {
        assert_eq!(to_half_width("１３８－００１３"), "138-0013");
        assert_eq!(to_half_width("（＋８６）"), "(+86)");
        assert_eq!(to_half_width("张三　１"), "张三 1");
    }

    #[test]
    fn tidy_collapses_spaces() {
        assert_eq!(tidy("  a \t b\n c "), "a b c");
    }
}
