//! `genjin ics`, run as the built binary on a demo book: one event per
//! agenda item, unique UIDs that stay the same from one export to the next,
//! and clean messages for bad input.

use std::collections::HashSet;
use std::path::Path;
use std::process::Output;

use crate::output as genjin;
use serde_json::Value;
use tempfile::TempDir;

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("the output is UTF-8")
}

fn demo(path: &Path) {
    ok(&genjin(&[
        "demo",
        "--db",
        path.to_str().expect("temporary paths are UTF-8"),
        "--customers",
        "200",
        "--seed",
        "3",
        "--today",
        "2026-11-23",
    ]));
}

fn export(db: &Path, file: &Path) -> String {
    ok(&genjin(&[
        "ics",
        file.to_str().expect("temporary paths are UTF-8"),
        "--db",
        db.to_str().expect("temporary paths are UTF-8"),
        "--from",
        "2026-11-23",
        "--days",
        "30",
    ]))
}

/// The file's logical lines (folded lines joined back), checking on the
/// way that every physical line ends in CRLF and fits in 75 octets.
fn unfold(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for physical in text
        .strip_suffix("\r\n")
        .expect("every row ends with CRLF")
        .split("\r\n")
    {
        assert!(physical.len() <= 75, "{physical:?}");
        assert!(!physical.contains(['\r', '\n']));
        if let Some(rest) = physical.strip_prefix(' ') {
            lines.last_mut().expect("a line to continue").push_str(rest);
        } else {
            lines.push(physical.to_string());
        }
    }
    lines
}

fn uids(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn exports_one_event_per_agenda_item_with_stable_uids() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    demo(&db);
    let agenda: Vec<Value> = serde_json::from_str(&ok(&genjin(&[
        "agenda",
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-11-23",
        "--days",
        "30",
        "--json",
    ])))
    .unwrap();
    assert!(agenda.len() > 10, "the demo book has a busy month");

    let file = dir.path().join("agenda.ics");
    let said = export(&db, &file);
    assert_eq!(
        said.trim(),
        format!("wrote {} events to {}", agenda.len(), file.display())
    );
    assert!(!dir.path().join("agenda.ics.partial").exists());
    let lines = unfold(&std::fs::read(&file).unwrap());
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, agenda.len());
    assert_eq!(lines.iter().filter(|l| *l == "END:VEVENT").count(), events);

    let first = uids(&lines);
    assert_eq!(first.len(), events);
    let distinct: HashSet<&String> = first.iter().collect();
    assert_eq!(distinct.len(), first.len(), "UIDs are unique");

    // Every item's date is an event's start, in the agenda's order.
    let starts: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
        .map(str::to_string)
        .collect();
    let dates: Vec<String> = agenda
        .iter()
        .map(|i| i["date"].as_str().unwrap().replace('-', ""))
        .collect();
    assert_eq!(starts, dates);

    // A second export (over the first file) gives the same UIDs.
    export(&db, &file);
    let again = uids(&unfold(&std::fs::read(&file).unwrap()));
    assert_eq!(again, first);
}

#[test]
fn bad_input_gets_a_clean_message() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let file = dir.path().join("out.ics");
    let run = |args: &[&str]| {
        let mut all = vec!["ics", file.to_str().unwrap(), "--db", db.to_str().unwrap()];
        all.extend_from_slice(args);
        genjin(&all)
    };
    let failed = |o: &Output, needle: &str| {
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    };

    failed(&run(&[]), "no database");
    demo(&db);
    failed(&run(&["--from", "2026-13-01"]), "is not a date");
    failed(&run(&["--days", "0"]), "--days must be between");

    let missing = dir.path().join("no such folder").join("out.ics");
    let o = genjin(&[
        "ics",
        missing.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    failed(&o, "cannot write");

    let o = genjin(&[
        "ics",
        dir.path().to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    failed(&o, "is a folder");

    let o = genjin(&["ics", db.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    failed(&o, "is the database itself");
    assert!(!file.exists());
}
