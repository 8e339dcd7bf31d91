//! The layering rules of ARCHITECTURE.md as a test: every `.rs` file under
//! `src/` is read and checked by [`check`], a pure function of the file's
//! path and text, and the test fails with the list of what breaks a rule.
//!
//! The rules: `domain` imports nothing else of ours (no I/O: not even
//! `paths`, `logging` or `atomic_write`); `store` imports none of `import`,
//! `ui`, `cli`, `demo`, `agenda`; `import` imports none of `ui`, `cli`,
//! `i18n`, `demo`, `agenda`; `instance` imports none of the layers (files
//! at the root of `src/` belong to no layer); no SQL in a string literal outside `src/store/`; every file opens
//! with a `//!` doc comment; threads are started through
//! `std::thread::Builder` with a name, never `thread::spawn`.

use std::fmt;
use std::path::Path;

/// Which rule a file breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A layer reaches into a module it must not depend on.
    Layering,
    /// SQL in a string literal outside `src/store/`.
    SqlOutsideStore,
    /// The file does not start with a `//!` module doc comment.
    MissingModuleDoc,
    /// An unnamed thread from `thread::spawn`.
    UnnamedThread,
}

/// One rule broken at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    pub rule: Rule,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {:?}: {}",
            self.path, self.line, self.rule, self.detail
        )
    }
}

/// The modules a layer must not import, by the folder under `src/`.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "store",
            "import",
            "ui",
            "cli",
            "i18n",
            "demo",
            "agenda",
            "paths",
            "logging",
            "atomic_write",
        ],
    ),
    ("store", &["import", "ui", "cli", "demo", "agenda"]),
    ("import", &["ui", "cli", "i18n", "demo", "agenda"]),
    (
        "instance",
        &[
            "domain", "store", "import", "ui", "cli", "i18n", "demo", "agenda",
        ],
    ),
];

/// Checks one file. `path` is relative to the crate root (`src/...`).
pub fn check(path: &str, text: &str) -> Vec<Violation> {
    let path = path.replace('\\', "/");
    let source = Source::split(text);
    let mut found = Vec::new();
    let mut report = |line: usize, rule: Rule, detail: String| {
        found.push(Violation {
            path: path.clone(),
            line,
            rule,
            detail,
        });
    };

    if !starts_with_module_doc(text) {
        report(
            1,
            Rule::MissingModuleDoc,
            "the file does not open with a `//!` comment saying what it is for".into(),
        );
    }

    if let Some((layer, forbidden)) = layer_of(&path) {
        for (offset, module) in crate_modules(&source.code) {
            if forbidden.contains(&module.as_str()) {
                report(
                    source.line_of(offset),
                    Rule::Layering,
                    format!("`{layer}` uses `crate::{module}`"),
                );
            }
        }
        if forbidden.contains(&"i18n") {
            for offset in word_matches(&source.code, "rust_i18n::") {
                report(
                    source.line_of(offset),
                    Rule::Layering,
                    format!("`{layer}` uses `rust_i18n`"),
                );
            }
        }
    }

    if !path.starts_with("src/store/") {
        for literal in &source.strings {
            if let Some(keyword) = sql_keyword(&literal.text) {
                report(
                    source.line_of(literal.offset),
                    Rule::SqlOutsideStore,
                    format!("string literal holds SQL (`{keyword}`); SQL belongs in src/store/"),
                );
            }
        }
    }

    for (offset, _) in source.code.match_indices("thread::spawn") {
        let before = source.code[..offset].chars().next_back();
        let after = &source.code[offset + "thread::spawn".len()..];
        if !before.is_some_and(is_ident_char) && !after.starts_with(is_ident_char) {
            report(
                source.line_of(offset),
                Rule::UnnamedThread,
                "`thread::spawn`: start threads with `std::thread::Builder::new().name(..)`".into(),
            );
        }
    }

    found
}

/// The layer (`domain`, `store` or `import`) of a file in one of the
/// checked layers, with the modules it must not import.
fn layer_of(path: &str) -> Option<(&'static str, &'static [&'static str])> {
    let rest = path.strip_prefix("src/")?;
    let (folder, _) = rest.split_once('/')?;
    FORBIDDEN
        .iter()
        .find(|(layer, _)| *layer == folder)
        .copied()
}

/// Whether the first line with any text is a `//!` (or `/*!`) comment.
fn starts_with_module_doc(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with("//!") || l.starts_with("/*!"))
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte offsets of `needle` in `code` where it does not continue an
/// identifier or a path (`foo_rust_i18n::`, `$crate::`, `x::crate::`).
fn word_matches<'a>(code: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    code.match_indices(needle).filter_map(move |(i, _)| {
        let before = code[..i].chars().next_back();
        match before {
            Some(c) if is_ident_char(c) || c == '$' || c == ':' => None,
            _ => Some(i),
        }
    })
}

/// The first segment after each `crate::` in code (comments and strings
/// already blanked), with the offset of the `crate` keyword: `crate::x::y`
/// and `use crate::x` give `x`; `crate::{a::b, c::{d, e}}` gives `a` and `c`.
fn crate_modules(code: &str) -> Vec<(usize, String)> {
    let mut modules = Vec::new();
    for start in word_matches(code, "crate") {
        let rest = code[start + "crate".len()..].trim_start();
        let Some(rest) = rest.strip_prefix("::") else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            for name in group_heads(group) {
                modules.push((start, name));
            }
        } else {
            let name: String = rest.chars().take_while(|c| is_ident_char(*c)).collect();
            if !name.is_empty() {
                modules.push((start, name));
            }
        }
    }
    modules
}

/// The first path segment of each entry of a `{ ... }` use group (the text
/// after its opening brace), ignoring nested groups' insides and `self`.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut at_entry_start = true;
    let mut chars = group.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_entry_start = true,
            c if c.is_whitespace() => {}
            c if at_entry_start && depth == 0 && is_ident_char(c) => {
                let name: String = group[i..]
                    .chars()
                    .take_while(|c| is_ident_char(*c))
                    .collect();
                for _ in 1..name.chars().count() {
                    chars.next();
                }
                if name != "self" {
                    heads.push(name);
                }
                at_entry_start = false;
            }
            _ => at_entry_start = false,
        }
    }
    heads
}

/// The SQL a string literal holds, if it looks like a statement: upper-case
/// keywords only, so English prose ("select a customer from the list")
/// does not count.
fn sql_keyword(literal: &str) -> Option<&'static str> {
    const PHRASES: &[&str] = &[
        "INSERT INTO ",
        "DELETE FROM ",
        "CREATE TABLE ",
        "CREATE INDEX ",
        "CREATE UNIQUE INDEX ",
        "DROP TABLE ",
        "DROP INDEX ",
        "ALTER TABLE ",
        "PRAGMA ",
        "VACUUM INTO ",
    ];
    // Literals may be split over lines with `\` continuations: compare on
    // single spaces.
    let text: String = literal.split_whitespace().collect::<Vec<_>>().join(" ") + " ";
    if let Some(phrase) = PHRASES.iter().find(|p| contains_word(&text, p)) {
        return Some(phrase.trim_end());
    }
    if let Some(at) = find_word(&text, "SELECT ")
        && text[at..].contains(" FROM ")
    {
        return Some("SELECT ... FROM");
    }
    // UPDATE <table> SET
    let mut rest = text.as_str();
    while let Some(at) = find_word(rest, "UPDATE ") {
        let after = &rest[at + "UPDATE ".len()..];
        let table: String = after.chars().take_while(|c| is_ident_char(*c)).collect();
        if !table.is_empty() && after[table.len()..].starts_with(" SET ") {
            return Some("UPDATE ... SET");
        }
        rest = after;
    }
    None
}

/// Where `phrase` starts in `text` not in the middle of a word.
fn find_word(text: &str, phrase: &str) -> Option<usize> {
    text.match_indices(phrase)
        .map(|(i, _)| i)
        .find(|&i| !text[..i].chars().next_back().is_some_and(is_ident_char))
}

fn contains_word(text: &str, phrase: &str) -> bool {
    find_word(text, phrase).is_some()
}

/// A string literal's contents (escapes left as written) and where it starts.
struct Literal {
    offset: usize,
    text: String,
}

/// A source file split into code, with comments and the insides of string
/// and char literals replaced by spaces (newlines kept, so offsets and lines
/// still match the file), and its string literals.
struct Source {
    code: String,
    strings: Vec<Literal>,
    line_starts: Vec<usize>,
}

impl Source {
    fn split(text: &str) -> Source {
        let bytes = text.as_bytes();
        let mut code = String::with_capacity(text.len());
        let mut strings = Vec::new();
        let mut i = 0;
        // Blanks `s` into `code` byte for byte, keeping newlines, so that
        // offsets in `code` are offsets in `text`.
        let blank = |code: &mut String, s: &str| {
            for c in s.chars() {
                if c == '\n' {
                    code.push('\n');
                } else {
                    code.extend(std::iter::repeat_n(' ', c.len_utf8()));
                }
            }
        };
        while i < bytes.len() {
            let rest = &text[i..];
            if rest.starts_with("//") {
                let end = rest.find('\n').map_or(text.len(), |n| i + n);
                blank(&mut code, &text[i..end]);
                i = end;
            } else if rest.starts_with("/*") {
                let end = block_comment_end(text, i);
                blank(&mut code, &text[i..end]);
                i = end;
            } else if let Some((prefix, hashes)) = raw_string_start(text, i) {
                // r"..", r#".."#, br"..", cr#".."#
                let open = i + prefix;
                let body_start = open + 1;
                let closing = format!("\"{}", "#".repeat(hashes));
                let body_end = text[body_start..]
                    .find(&closing)
                    .map_or(text.len(), |n| body_start + n);
                let end = (body_end + closing.len()).min(text.len());
                strings.push(Literal {
                    offset: i,
                    text: text[body_start..body_end].to_string(),
                });
                code.push_str(&text[i..body_start]);
                blank(&mut code, &text[body_start..body_end]);
                code.push_str(&text[body_end..end]);
                i = end;
            } else if let Some(prefix) = string_start(text, i) {
                let body_start = i + prefix + 1;
                let body_end = quoted_end(text, body_start, '"');
                let end = (body_end + 1).min(text.len());
                strings.push(Literal {
                    offset: i,
                    text: text[body_start..body_end].to_string(),
                });
                code.push_str(&text[i..body_start]);
                blank(&mut code, &text[body_start..body_end]);
                code.push_str(&text[body_end..end]);
                i = end;
            } else if rest.starts_with('\'') && is_char_literal(rest) {
                let body_end = quoted_end(text, i + 1, '\'');
                let end = (body_end + 1).min(text.len());
                code.push('\'');
                blank(&mut code, &text[i + 1..body_end]);
                code.push_str(&text[body_end..end]);
                i = end;
            } else if rest.starts_with(is_ident_char) {
                // A whole identifier at once, so the `r` ending `for` is
                // never taken for a raw string's prefix.
                let len = rest
                    .char_indices()
                    .find(|(_, c)| !is_ident_char(*c))
                    .map_or(rest.len(), |(n, _)| n);
                let word = &rest[..len];
                code.push_str(word);
                i += len;
            } else {
                let c = rest.chars().next().expect("not at the end");
                code.push(c);
                i += c.len_utf8();
            }
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(n, _)| n + 1))
            .collect();
        Source {
            code,
            strings,
            line_starts,
        }
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }
}

/// The end (exclusive) of the block comment starting at `start`; they nest.
fn block_comment_end(text: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("/*") {
            depth += 1;
            i += 2;
        } else if rest.starts_with("*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

/// Whether a (non-raw) string literal starts at `i`: `"`, `b"` or `c"`,
/// not preceded by an identifier character. Returns the prefix length.
fn string_start(text: &str, i: usize) -> Option<usize> {
    if text[..i].chars().next_back().is_some_and(is_ident_char) {
        return None;
    }
    let rest = &text[i..];
    if rest.starts_with('"') {
        Some(0)
    } else if rest.starts_with("b\"") || rest.starts_with("c\"") {
        Some(1)
    } else {
        None
    }
}

/// Whether a raw string starts at `i` (`r"`, `r#"`, `br##"`, `cr"` ...):
/// the length up to the opening quote and the number of `#`.
fn raw_string_start(text: &str, i: usize) -> Option<(usize, usize)> {
    if text[..i].chars().next_back().is_some_and(is_ident_char) {
        return None;
    }
    let rest = &text[i..];
    let after_prefix = rest
        .strip_prefix("br")
        .or_else(|| rest.strip_prefix("cr"))
        .or_else(|| rest.strip_prefix('r'))?;
    let hashes = after_prefix.chars().take_while(|c| *c == '#').count();
    after_prefix[hashes..]
        .starts_with('"')
        .then(|| (rest.len() - after_prefix.len() + hashes, hashes))
}

/// The offset of the closing `quote` of a literal whose body starts at
/// `start`, skipping backslash escapes.
fn quoted_end(text: &str, start: usize, quote: char) -> usize {
    let mut chars = text[start..].char_indices();
    while let Some((n, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return start + n;
        }
    }
    text.len()
}

/// Tells a char literal (`'a'`, `'\n'`, `'\''`, `'字'`) from a lifetime or
/// label (`'a`, `'static`), given text starting at the `'`.
fn is_char_literal(rest: &str) -> bool {
    let mut chars = rest.chars().skip(1);
    match chars.next() {
        Some('\\') => true,
        Some(_) => chars.next() == Some('\''),
        None => false,
    }
}

/// Every `.rs` file under `dir`, as paths relative to `root`.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).expect("under the root");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn the_source_tree_keeps_the_layering_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &root.join("src"), &mut files);
    assert!(files.len() > 50, "src/ holds the crate's files: {files:?}");
    let violations: Vec<Violation> = files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(root.join(path))
                .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
            check(path, &text)
        })
        .collect();
    let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert!(
        violations.is_empty(),
        "{} violation(s) of the rules in ARCHITECTURE.md:\n{}",
        violations.len(),
        list.join("\n")
    );
}

/// The SQL heuristic is not blind: the store's own statements, read as if
/// they were in the UI, are found in every file that runs a query.
#[test]
fn the_sql_heuristic_finds_the_stores_own_statements() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &root.join("src/store"), &mut files);
    let mut missed = Vec::new();
    let mut found = 0;
    for path in &files {
        let text = std::fs::read_to_string(root.join(path)).expect("readable source");
        let elsewhere = path.replacen("src/store/", "src/ui/", 1);
        let hits = check(&elsewhere, &text)
            .iter()
            .filter(|v| v.rule == Rule::SqlOutsideStore)
            .count();
        found += hits;
        if hits == 0 && (text.contains(".prepare") || text.contains(".execute(")) {
            missed.push(path.clone());
        }
    }
    assert!(found > 50, "only {found} statements found in src/store");
    assert!(missed.is_empty(), "queries not seen in {missed:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(path: &str, text: &str) -> Vec<(usize, Rule)> {
        check(path, text)
            .into_iter()
            .map(|v| (v.line, v.rule))
            .collect()
    }

    #[test]
    fn a_clean_file_passes() {
        let text = r#"//! Money in fen.

use crate::domain::money::Money;
use std::thread;

/// Not SQL: "select a customer from the list", UPDATE later.
pub fn f(m: Money) -> String {
    let _ = thread::Builder::new().name("reader".into()).spawn(|| ());
    let s = "Select the customers FROM the list you want"; // mixed case prose
    let c = '"';
    let q = 'x';
    let life: &'static str = "a 'quoted' word";
    format!("{m:?}{s}{c}{q}{life}")
}
"#;
        assert_eq!(rules("src/domain/money.rs", text), []);
        assert_eq!(rules("src/ui/home.rs", text), []);
    }

    #[test]
    fn a_missing_module_doc_is_reported() {
        assert_eq!(
            rules(
                "src/ui/x.rs",
                "/// An item doc is not a module doc.\nfn f() {}\n"
            ),
            [(1, Rule::MissingModuleDoc)]
        );
        assert_eq!(
            rules("src/ui/x.rs", "use std::fmt;\n//! too late\n"),
            [(1, Rule::MissingModuleDoc)]
        );
        assert_eq!(rules("src/ui/x.rs", "\n\n//! After blank lines.\n"), []);
        assert_eq!(rules("src/lib.rs", ""), [(1, Rule::MissingModuleDoc)]);
    }

    #[test]
    fn domain_must_not_import_outer_layers() {
        let text = "//! Rules.\n\nuse crate::store::Store;\nuse crate::domain::money::Money;\n";
        assert_eq!(rules("src/domain/sale.rs", text), [(3, Rule::Layering)]);
        for module in ["store", "import", "ui", "cli", "i18n"] {
            let text = format!("//! Rules.\nuse crate::{module}::X;\n");
            assert_eq!(
                rules("src/domain/calendar/agenda.rs", &text),
                [(2, Rule::Layering)],
                "{module}"
            );
        }
        // Files at the root of src/ belong to no layer.
        assert_eq!(rules("src/agenda.rs", text), []);
    }

    #[test]
    fn grouped_nested_and_multi_line_uses_are_seen() {
        let text = "//! Rules.

use crate::{
    domain::{
        money::Money,
        sale::{Sale, SaleId},
    },
    self,
    ui::{
        widgets::x,
    },
};
";
        let found = check("src/domain/sale.rs", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, Rule::Layering);
        assert!(found[0].detail.contains("crate::ui"), "{}", found[0].detail);
        assert_eq!(found[0].line, 3);
    }

    #[test]
    fn inline_paths_are_seen_and_comments_and_strings_are_not() {
        let text = r#"//! Reading files.
// crate::ui::x in a comment
/* crate::cli::y in a block /* nested crate::ui */ comment */
/// Calls [`crate::ui::App`] in a doc comment.
fn f() {
    let _ = "crate::ui::z in a string";
    let _ = r"crate::ui::raw";
    let x = crate::ui::widgets::letter::fill();
    let y = crate :: cli :: run();
    let z = $crate::ui::in_a_macro;
}
"#;
        assert_eq!(
            rules("src/import/reader.rs", text),
            [(8, Rule::Layering), (9, Rule::Layering)]
        );
    }

    #[test]
    fn each_layer_has_its_own_list() {
        let text = "//! X.\nuse crate::domain::a;\nuse crate::store::b;\nuse crate::i18n::t;\nuse crate::import::c;\n";
        // store may use i18n and domain, not import.
        assert_eq!(rules("src/store/sales.rs", text), [(5, Rule::Layering)]);
        // import may use store and domain, not i18n.
        assert_eq!(rules("src/import/fields.rs", text), [(4, Rule::Layering)]);
        // ui and cli may use everything.
        assert_eq!(rules("src/ui/app.rs", text), []);
        assert_eq!(rules("src/cli/import.rs", text), []);
        // The translation macro by its own crate's name counts as i18n.
        assert_eq!(
            rules(
                "src/import/fields.rs",
                "//! X.\nfn f() { rust_i18n::t!(\"k\"); }\n"
            ),
            [(2, Rule::Layering)]
        );
    }

    #[test]
    fn sql_in_literals_outside_the_store_is_reported() {
        let statements = [
            "SELECT id FROM customers",
            "SELECT count(*)\n     FROM sales WHERE x = 1",
            "INSERT INTO sales (a) VALUES (?1)",
            "DELETE FROM drafts",
            "UPDATE customers SET name = ?1",
            "CREATE TABLE t (x)",
            "PRAGMA user_version",
        ];
        for sql in statements {
            let text = format!("//! X.\n\nfn f() {{\n    let q = \"{sql}\";\n}}\n");
            assert_eq!(
                rules("src/ui/home.rs", &text),
                [(4, Rule::SqlOutsideStore)],
                "{sql}"
            );
            assert_eq!(rules("src/store/sales.rs", &text), [], "{sql}");
            let raw = format!("//! X.\nconst Q: &str = r#\"\n{sql}\n\"#;\n");
            assert_eq!(
                rules("src/demo.rs", &raw),
                [(2, Rule::SqlOutsideStore)],
                "{sql}"
            );
            // In a comment it is only prose.
            let comment = format!("//! X.\n// \"{sql}\"\n");
            assert_eq!(rules("src/ui/home.rs", &comment), [], "{sql}");
        }
        for prose in [
            "Select a customer from the list",
            "SELECTED FROM",
            "UPDATE the card, then SET it aside",
            "NO_UPDATE x SET",
        ] {
            let text = format!("//! X.\nconst P: &str = \"{prose}\";\n");
            assert_eq!(rules("src/ui/home.rs", &text), [], "{prose}");
        }
    }

    #[test]
    fn unnamed_threads_are_reported() {
        let text = "//! X.\nfn f() {\n    std::thread::spawn(move || ());\n    thread::spawn (|| ());\n    let _ = std::thread::Builder::new().name(\"n\".into()).spawn(|| ());\n    my_thread::spawn(|| ());\n    thread::spawn_later(|| ());\n}\n";
        assert_eq!(
            rules("src/ui/calendar/mod.rs", text),
            [(3, Rule::UnnamedThread), (4, Rule::UnnamedThread)]
        );
    }

    #[test]
    fn char_literals_and_lifetimes_do_not_confuse_the_reader() {
        let text = "//! X.\nfn f<'a>(s: &'a str) -> char {\n    let q = '\"';\n    let e = '\\'';\n    let n = \"张三 /* 不是注释 \\\" 李四\";\n    let _ = crate::ui::x;\n    'x'\n}\n";
        assert_eq!(rules("src/domain/x.rs", text), [(6, Rule::Layering)]);
    }
}
