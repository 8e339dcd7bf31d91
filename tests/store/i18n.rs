//! The translation files are complete and renderable: every key the code
//! uses exists in both Chinese and English, every coded value has a label,
//! and every Chinese string can be drawn with the bundled font alone.

use std::collections::BTreeMap;
use std::path::Path;

use genjin::domain::contact::{ContactChannel, ContactPurpose};
use genjin::domain::customer::{Gender, Relation, Source};
use genjin::import::decode::Encoding;
use genjin::import::export_book::ExportKind;
use genjin::import::fields::ImportKind;
use genjin::import::pipeline::OnDuplicate;
use genjin::import::sniff::delimiter_name;

/// key -> (language -> text), read from assets/locales/*.yml (version 2 layout).
fn load_locales() -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/locales");
    let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("the folder is readable") {
        let path = entry.expect("a readable directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("the file is readable");
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with("_version") || line.starts_with('#') {
                continue;
            }
            if !line.starts_with(' ') {
                let key = line.trim_end().trim_end_matches(':').to_string();
                assert!(
                    !keys.contains_key(&key),
                    "{key} is defined twice ({})",
                    path.display()
                );
                keys.insert(key.clone(), BTreeMap::new());
                current = Some(key);
            } else {
                let (lang, value) = line
                    .trim()
                    .split_once(':')
                    .expect("a locale line has a colon");
                let value = value
                    .trim()
                    .trim_matches('"')
                    .trim_matches('\'')
                    .to_string();
                let key = current.as_ref().expect("a language line follows a key");
                keys.get_mut(key)
                    .expect("the key was inserted above")
                    .insert(lang.to_string(), value);
            }
        }
    }
    keys
}

/// Every literal key passed to `t!(...)` in the source tree.
fn keys_used_in_code() -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("the folder is readable") {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                let text = std::fs::read_to_string(&path).expect("the file is readable");
                for (i, _) in text.match_indices("t!(") {
                    let rest = text[i + 3..].trim_start();
                    if let Some(rest) = rest.strip_prefix('"') {
                        let key: String = rest.chars().take_while(|c| *c != '"').collect();
                        if key.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                        }) {
                            found.push(key);
                        }
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn coded_keys() -> Vec<String> {
    let mut keys = Vec::new();
    keys.extend(Gender::ALL.iter().map(|g| format!("gender.{}", g.code())));
    keys.extend(Source::ALL.iter().map(|s| format!("source.{}", s.code())));
    keys.extend(
        Relation::ALL
            .iter()
            .map(|r| format!("relation.{}", r.code())),
    );
    keys.extend(
        ContactChannel::ALL
            .iter()
            .map(|c| format!("channel.{}", c.code())),
    );
    keys.extend(
        ContactPurpose::ALL
            .iter()
            .map(|p| format!("purpose.{}", p.code())),
    );
    // Import & export: fields, kinds, duplicate choices, encodings, delimiters.
    for kind in ImportKind::ALL {
        keys.push(format!("import.kind.{}", kind.code()));
        keys.extend(
            kind.fields()
                .iter()
                .map(|f| format!("import.field.{}", f.code())),
        );
    }
    keys.push("import.kind.vcard".into());
    for kind in ExportKind::ALL {
        keys.push(format!("export.kind.{}", kind.code()));
        keys.push(format!("export.file.{}", kind.code()));
    }
    keys.extend(
        OnDuplicate::ALL
            .iter()
            .map(|d| format!("wizard.dup.{}", d.code())),
    );
    keys.extend(
        Encoding::ALL
            .iter()
            .map(|e| format!("wizard.enc.{}", e.name())),
    );
    keys.extend(
        [b',', b';', b'\t', b'|']
            .iter()
            .map(|d| format!("wizard.delim.{}", delimiter_name(*d))),
    );
    keys
}

#[test]
fn every_key_has_chinese_and_english() {
    let locales = load_locales();
    assert!(locales.len() > 200, "the locale files were read");
    for (key, langs) in &locales {
        for lang in ["zh-CN", "en"] {
            assert!(langs.contains_key(lang), "{key} has no {lang} text");
        }
        assert_eq!(
            langs.len(),
            2,
            "{key} has an unexpected language: {langs:?}"
        );
    }
}

#[test]
fn every_key_the_code_uses_is_defined() {
    let locales = load_locales();
    let used = keys_used_in_code();
    assert!(used.len() > 200, "keys were found in the source");
    let coded = coded_keys();
    let missing: Vec<_> = used
        .iter()
        .chain(coded.iter())
        .filter(|k| !locales.contains_key(*k))
        .collect();
    assert!(missing.is_empty(), "keys without translations: {missing:?}");
}

#[test]
fn chinese_texts_render_with_the_bundled_font_alone() {
    let ctx = egui::Context::default();
    genjin::ui::fonts::install(&ctx);
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let font = egui::FontId::proportional(15.0);
    let mut missing = Vec::new();
    for (key, langs) in load_locales() {
        let text = &langs["zh-CN"];
        ctx.fonts_mut(|f| {
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                if !f.has_glyph(&font, c) {
                    missing.push(format!("{key}: {c} (U+{:04X})", c as u32));
                }
            }
        });
    }
    assert!(
        missing.is_empty(),
        "characters the bundled fonts cannot draw: {missing:?}"
    );
}
