//! Text from the book or a file made safe to print on a terminal: control
//! characters (C0, DEL, C1 — so also every escape sequence, which starts
//! with ESC or a C1 control) and the bidirectional overrides that can make
//! a line read differently from what it holds are shown as visible escapes
//! instead of being acted on. Used wherever the CLI prints user text.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character shown as a visible escape: C0
/// controls and DEL as their Unicode control pictures (`␛` for ESC, `␊` for
/// a line break), C1 controls and bidirectional overrides as `\u{…}`.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7F}' => out.push('\u{2421}'),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_escape_sequences_become_visible() {
        assert_eq!(shown("张三"), "张三");
        assert!(matches!(shown("Tom Lee"), Cow::Borrowed(_)));
        assert_eq!(shown("\u{1b}[31m红\u{1b}[0m"), "␛[31m红␛[0m");
        assert_eq!(shown("a\u{0}b\nc\td\u{7f}"), "a␀b␊c␉d␡");
        assert_eq!(shown("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(shown("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert!(!shown("\u{1b}]0;x\u{7}\u{85}").chars().any(char::is_control));
    }
}
