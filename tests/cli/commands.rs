//! The command-line tools, run as the built binary against temporary files.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use crate::output as genjin;
use genjin::domain::search::{Query, SearchKey, pinyin_keys};
use serde_json::Value;
use tempfile::TempDir;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A failure that explains itself: non-zero exit, a message, no panic.
fn assert_clean_failure(o: &Output, mentions: &[&str]) {
    assert!(
        !o.status.success(),
        "expected failure, got success; stdout: {}",
        stdout(o)
    );
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic: {err}");
    for m in mentions {
        assert!(err.contains(m), "stderr does not mention {m:?}: {err}");
    }
}

fn demo(path: &Path, extra: &[&str]) -> Output {
    let p = path.to_str().expect("temporary paths are UTF-8");
    let mut args = vec![
        "demo",
        "--db",
        p,
        "--customers",
        "50",
        "--seed",
        "7",
        "--today",
        "2026-11-23",
    ];
    args.extend_from_slice(extra);
    genjin(&args)
}

fn customers_json(path: &Path, search: Option<&str>) -> Vec<Value> {
    let mut args = vec![
        "customers",
        "--db",
        path.to_str().expect("temporary paths are UTF-8"),
        "--json",
    ];
    if let Some(s) = search {
        args.extend(["--search", s]);
    }
    let o = genjin(&args);
    assert!(
        o.status.success(),
        "customers --json failed: {}",
        stderr(&o)
    );
    match serde_json::from_slice(&o.stdout).expect("valid JSON") {
        Value::Array(items) => items,
        other => panic!("expected a JSON array, got {other}"),
    }
}

const CARD_FIELDS: &[&str] = &[
    "id",
    "name",
    "mobile",
    "phone2",
    "wechat",
    "email",
    "address",
    "company",
    "occupation",
    "gender",
    "preferred_channel",
    "do_not_contact",
    "birthday",
    "anniversary",
    "family",
    "custom_dates",
    "first_contact_date",
    "first_contact_place",
    "needs",
    "background",
    "tags",
    "notes",
    "source",
    "referred_by",
    "class",
    "class_override",
    "credit_limit",
    "blacklisted",
    "blacklist_reason",
    "cadence_days",
    "created_at",
    "updated_at",
    "balance",
    "referrals",
];

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn demo_writes_a_shop_and_will_not_overwrite_it_without_force() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("demo.sqlite");
    let o = demo(&path, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("demo: 50 customers,"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains(path.to_str().unwrap()));

    let again = demo(&path, &[]);
    assert_clean_failure(&again, &["already has 50 customers", "--force"]);
    assert_eq!(
        customers_json(&path, None).len(),
        50,
        "the refused run changed nothing"
    );

    let p = path.to_str().unwrap();
    let forced = genjin(&[
        "demo",
        "--db",
        p,
        "--customers",
        "20",
        "--seed",
        "8",
        "--force",
    ]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(customers_json(&path, None).len(), 20);
}

#[test]
fn force_replaces_even_a_file_that_is_not_a_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("junk.sqlite");
    std::fs::write(&path, "not a database at all\n".repeat(100)).unwrap();
    assert_clean_failure(&demo(&path, &[]), &["junk.sqlite", "--force"]);
    let o = demo(&path, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(customers_json(&path, None).len(), 50);
}

#[test]
fn json_lists_full_cards_with_the_documented_fields() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("demo.sqlite");
    assert!(demo(&path, &[]).status.success());
    let cards = customers_json(&path, None);
    assert_eq!(cards.len(), 50);
    let expected: BTreeSet<&str> = CARD_FIELDS.iter().copied().collect();
    for card in &cards {
        assert_eq!(keys(card), expected, "fields of {}", card["name"]);
        assert!(card["id"].is_i64() && card["balance"].is_i64() && card["referrals"].is_u64());
        assert!(["A", "B", "C"].contains(&card["class"].as_str().unwrap()));
        assert!(["unknown", "male", "female"].contains(&card["gender"].as_str().unwrap()));
        assert_eq!(card["mobile"].as_str().unwrap().len(), 11);
        for member in card["family"].as_array().unwrap() {
            assert_eq!(
                keys(member),
                BTreeSet::from(["relation", "name", "birthday", "note"])
            );
        }
        for date in card["custom_dates"].as_array().unwrap() {
            assert_eq!(keys(date), BTreeSet::from(["label", "date"]));
        }
    }
    let ids: Vec<i64> = cards.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, (1..=50).collect::<Vec<_>>());

    // Lunar dates are objects; Gregorian ones are ISO text.
    let birthdays: Vec<&Value> = cards
        .iter()
        .map(|c| &c["birthday"])
        .filter(|b| !b.is_null())
        .collect();
    let lunar = birthdays
        .iter()
        .find(|b| b.is_object())
        .expect("some lunar birthday");
    assert_eq!(lunar["calendar"], "lunar");
    assert!(lunar["month"].is_u64() && lunar["day"].is_u64() && lunar["leap"].is_boolean());
    assert!(keys(lunar).is_subset(&BTreeSet::from([
        "calendar", "month", "day", "leap", "year"
    ])));
    let solar = birthdays
        .iter()
        .find(|b| b.is_string())
        .expect("some Gregorian birthday");
    assert!(
        genjin::domain::yearly::YearlyDate::decode(&format!("solar:{}", solar.as_str().unwrap()))
            .is_ok()
    );
    // Somebody owes money, and somebody referred somebody.
    assert!(cards.iter().any(|c| c["balance"].as_i64().unwrap() > 0));
    assert!(cards.iter().any(|c| c["referred_by"].is_i64()));
}

#[test]
fn search_by_pinyin_initials_finds_exactly_the_matching_customers() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("demo.sqlite");
    assert!(demo(&path, &[]).status.success());
    let all = customers_json(&path, None);
    let target = &all[17];
    let (initials, _) = pinyin_keys(target["name"].as_str().unwrap());
    let found = customers_json(&path, Some(&initials));
    let found_ids: BTreeSet<i64> = found.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert!(
        found_ids.contains(&target["id"].as_i64().unwrap()),
        "{initials} did not find {}",
        target["name"]
    );

    // Exactly the customers the domain search accepts, no more, no fewer.
    let query = Query::parse(&initials);
    let s = |c: &Value, k: &str| c[k].as_str().unwrap().to_string();
    let expected: BTreeSet<i64> = all
        .iter()
        .filter(|c| {
            let key = SearchKey::new(
                &s(c, "name"),
                &[&s(c, "mobile"), &s(c, "phone2")],
                &s(c, "company"),
                &s(c, "wechat"),
            );
            query.matches(&key)
        })
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(found_ids, expected);
    assert!(found_ids.len() < all.len(), "the search filtered nothing");

    // The text table shows the same customer, and a search for nobody shows nobody.
    let o = genjin(&[
        "customers",
        "--db",
        path.to_str().unwrap(),
        "--search",
        &initials,
    ]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.lines().next().unwrap().starts_with("ID"));
    assert!(text.contains(target["mobile"].as_str().unwrap()));
    assert_eq!(text.lines().count(), 1 + expected.len());
    assert!(customers_json(&path, Some("没有这个人")).is_empty());
}

#[test]
fn check_is_quiet_on_a_sound_book_and_exits_2_on_findings() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("demo.sqlite");
    assert!(demo(&path, &[]).status.success());
    let p = path.to_str().unwrap();
    let o = genjin(&["check", "--db", p]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).trim(), "ok: 50 customers, no problems");

    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE customers SET birthday='lunar:2023-L04-08' WHERE id=3",
        [],
    )
    .unwrap();
    drop(raw);
    let o = genjin(&["check", "--db", p]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.lines().next().unwrap().starts_with("customers #3: "),
        "{out}"
    );
    assert!(out.contains("1 problem found"), "{out}");
}

#[test]
fn a_missing_file_is_named_and_not_created() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("missing.sqlite");
    let p = path.to_str().unwrap();
    for args in [
        vec!["customers", "--db", p],
        vec!["customers", "--db", p, "--json"],
        vec!["check", "--db", p],
    ] {
        let o = genjin(&args);
        assert_clean_failure(&o, &[p, "no database"]);
        assert!(o.stdout.is_empty());
    }
    assert!(!path.exists());
}

#[test]
fn a_garbage_file_or_a_folder_gets_a_clear_message() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("garbage.sqlite");
    std::fs::write(
        &path,
        b"\x00\x01garbage, certainly not SQLite\n".repeat(200),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    for args in [vec!["customers", "--db", p], vec!["check", "--db", p]] {
        assert_clean_failure(&genjin(&args), &[p, "not a Genjin book"]);
    }
    let folder = dir.path().to_str().unwrap();
    for args in [
        vec!["customers", "--db", folder],
        vec!["check", "--db", folder],
        vec!["demo", "--db", folder],
    ] {
        assert_clean_failure(&genjin(&args), &[folder, "folder"]);
    }
}

#[test]
fn demo_needs_an_explicit_file_and_a_real_date() {
    assert_clean_failure(&genjin(&["demo", "--customers", "5"]), &["--db PATH"]);
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("x.sqlite");
    let p = p.to_str().unwrap();
    assert_clean_failure(
        &genjin(&["demo", "--db", p, "--today", "2026-13-01"]),
        &["YYYY-MM-DD"],
    );
    assert_clean_failure(
        &genjin(&["demo", "--db", p, "--customers", "many"]),
        &["--customers"],
    );
    assert!(!Path::new(p).exists());
}

/// The header and data rows of an exported UTF-8 file, checking its BOM.
fn exported_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("the file was just written");
    let body = bytes
        .strip_prefix(genjin::import::export::UTF8_BOM)
        .expect("a UTF-8 export starts with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| {
            r.expect("a readable row")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn export_writes_every_kind_of_a_demo_shop_and_says_how_much() {
    use genjin::import::export_book::ExportKind;
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    assert!(demo(&db, &[]).status.success());
    let p = db.to_str().unwrap();
    let names: Vec<String> = customers_json(&db, None)
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    for kind in ExportKind::ALL {
        let file = dir.path().join(format!("{}.csv", kind.code()));
        let f = file.to_str().unwrap();
        let o = genjin(&["export", kind.code(), f, "--db", p]);
        assert!(o.status.success(), "{kind:?}: {}", stderr(&o));
        let rows = exported_rows(&file);
        assert_eq!(rows[0], kind.header(), "{kind:?}");
        let data = rows.len() - 1;
        assert!(data > 0, "{kind:?}");
        assert_eq!(
            stderr(&o).trim_end(),
            format!("exported {data} {} to {f} (UTF-8 with BOM)", kind.code())
        );
        assert!(!Path::new(&format!("{f}.partial")).exists());
        if *kind == ExportKind::Customers {
            let exported: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
            assert_eq!(exported, names);
        }
    }

    // GBK: no BOM, Chinese decodes, and a shop without emoji loses nothing.
    let file = dir.path().join("customers-gbk.csv");
    let f = file.to_str().unwrap();
    let o = genjin(&["export", "customers", f, "--db", p, "--encoding", "gbk"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim_end(),
        format!("exported 50 customers to {f} (GBK)")
    );
    let bytes = std::fs::read(&file).unwrap();
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
    assert!(!had_errors);
    assert!(text.starts_with("姓名,手机,电话2,"));
    // The book is untouched and still sound.
    assert!(genjin(&["check", "--db", p]).status.success());
}

#[test]
fn export_in_gbk_counts_the_characters_it_could_not_write() {
    use genjin::domain::customer::Customer;
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    {
        let mut store = genjin::store::Store::open(&db).unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut c = Customer::new("小明😀", now);
        c.notes = "🎂生日快乐🎉".into();
        store.save_customer(&c).unwrap();
        store.save_customer(&Customer::new("=1+1", now)).unwrap();
    }
    let p = db.to_str().unwrap();
    let file = dir.path().join("out.csv");
    let f = file.to_str().unwrap();
    let o = genjin(&["export", "customers", f, "--db", p, "--encoding", "GBK"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("exported 2 customers to {f} (GBK)\n")),
        "{err}"
    );
    assert!(err.contains("3 characters"), "{err}");
    assert!(err.contains("--encoding utf-8"), "{err}");
    let bytes = std::fs::read(&file).unwrap();
    let (text, _) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
    assert!(text.contains("小明?,"), "{text}");
    assert!(text.contains("'=1+1,"), "{text}");

    // The same shop in UTF-8 keeps every character and warns about nothing.
    let o = genjin(&["export", "customers", f, "--db", p, "--encoding", "utf8"]);
    assert!(o.status.success());
    assert_eq!(
        stderr(&o).trim_end(),
        format!("exported 2 customers to {f} (UTF-8 with BOM)")
    );
    let rows = exported_rows(&file);
    assert_eq!(rows[1][0], "小明😀");
    assert_eq!(rows[1][16], "🎂生日快乐🎉");
    assert_eq!(rows[2][0], "'=1+1");
}

#[test]
fn export_failures_are_named_and_leave_no_file() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("missing.sqlite");
    let out = dir.path().join("out.csv");
    let o = out.to_str().unwrap();
    let m = missing.to_str().unwrap();
    assert_clean_failure(
        &genjin(&["export", "customers", o, "--db", m]),
        &[m, "no database"],
    );
    assert!(!missing.exists() && !out.exists());

    let db = dir.path().join("shop.sqlite");
    assert!(demo(&db, &[]).status.success());
    let p = db.to_str().unwrap();
    assert_clean_failure(
        &genjin(&["export", "customers", o, "--db", p, "--encoding", "latin1"]),
        &["latin1", "utf-8", "gbk"],
    );
    assert_clean_failure(
        &genjin(&["export", "promises", o, "--db", p]),
        &["promises", "customers"],
    );
    let folder = dir.path().to_str().unwrap();
    assert_clean_failure(
        &genjin(&["export", "sales", folder, "--db", p]),
        &[folder, "folder"],
    );
    let nowhere = dir.path().join("no-such-folder").join("out.csv");
    let n = nowhere.to_str().unwrap();
    assert_clean_failure(
        &genjin(&["export", "payments", n, "--db", p]),
        &["cannot export payments", n],
    );
    assert!(!nowhere.parent().unwrap().exists());
    assert_clean_failure(
        &genjin(&["export", "contacts", p, "--db", p]),
        &[p, "database itself"],
    );
    assert!(!out.exists());
    assert!(genjin(&["check", "--db", p]).status.success());
}

// ---------------------------------------------------------------------------
// genjin import

/// Writes a UTF-8 file next to the book.
fn write_file(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the temporary folder is writable");
    path.to_str()
        .expect("temporary paths are UTF-8")
        .to_string()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)))
}

fn history(db: &str) -> Vec<Value> {
    let o = genjin(&["import", "history", "--db", db, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    match json_of(&o) {
        Value::Array(items) => items,
        other => panic!("expected a JSON array, got {other}"),
    }
}

/// A demo shop and the mobile of one of its customers.
fn import_shop(dir: &TempDir) -> (String, String) {
    let db = dir.path().join("shop.sqlite");
    assert!(demo(&db, &[]).status.success());
    let mobile = customers_json(&db, None)
        .iter()
        .find_map(|c| Some(c["mobile"].as_str()?.to_string()).filter(|m| !m.is_empty()))
        .expect("a demo customer with a mobile");
    (
        db.to_str().expect("temporary paths are UTF-8").to_string(),
        mobile,
    )
}

#[test]
fn import_json_gives_the_counts_and_every_bad_row() {
    let dir = TempDir::new().unwrap();
    let (db, mobile) = import_shop(&dir);
    let file = write_file(
        &dir,
        "customers.csv",
        &format!(
            "姓名,手机,生日\n\
             新客户,13012340001,农历八月十五\n\
             老客户,{mobile},\n\
             坏号码,123,\n\
             坏生日,13012340002,1990-02-30\n"
        ),
    );
    let o = genjin(&["import", "customers", &file, "--db", &db, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = json_of(&o);
    assert_eq!(
        keys(&report),
        BTreeSet::from([
            "kind",
            "encoding",
            "delimiter",
            "rows",
            "imported",
            "updated",
            "skipped_duplicates",
            "error_rows",
            "errors",
            "errors_omitted",
            "warnings",
            "warnings_omitted",
            "ignored_columns",
            "batch",
            "dry_run",
            "written",
        ])
    );
    assert_eq!(report["kind"], "customers");
    assert_eq!(report["encoding"], "utf-8");
    assert_eq!(report["delimiter"], "comma");
    assert_eq!(report["rows"], 4);
    assert_eq!(report["imported"], 1);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["skipped_duplicates"], 1);
    assert_eq!(report["error_rows"], 2);
    assert_eq!(report["errors_omitted"], 0);
    assert_eq!(report["batch"], 1);
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["written"], true);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    let phone = &errors[0];
    assert_eq!(
        keys(phone),
        BTreeSet::from([
            "line",
            "column",
            "column_number",
            "value",
            "field",
            "code",
            "message"
        ])
    );
    assert_eq!(phone["line"], 4);
    assert_eq!(phone["column"], "手机");
    assert_eq!(phone["column_number"], 2);
    assert_eq!(phone["value"], "123");
    assert_eq!(phone["field"], "mobile");
    assert_eq!(phone["code"], "phone");
    assert!(
        phone["message"].as_str().unwrap().contains("11 digits"),
        "an English message: {phone}"
    );
    assert_eq!(
        (&errors[1]["line"], &errors[1]["column"], &errors[1]["code"]),
        (
            &Value::from(5),
            &Value::from("生日"),
            &Value::from("date_impossible")
        )
    );
    assert_eq!(customers_json(Path::new(&db), None).len(), 51);
    let found = customers_json(Path::new(&db), Some("新客户"));
    assert_eq!(found[0]["mobile"], "13012340001");
    assert_eq!(
        found[0]["birthday"],
        serde_json::json!({"calendar": "lunar", "month": 8, "leap": false, "day": 15})
    );
    assert!(genjin(&["check", "--db", &db]).status.success());
}

#[test]
fn import_text_report_names_lines_and_the_undo_command() {
    let dir = TempDir::new().unwrap();
    let (db, _) = import_shop(&dir);
    let file = write_file(
        &dir,
        "c.csv",
        "姓名,手机,爱好\n新客户,13012340001,钓鱼\n,13012340002,\n",
    );
    let o = genjin(&["import", "customers", &file, "--db", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("{file}: utf-8, comma-separated, 2 rows\n")),
        "{out}"
    );
    assert!(
        out.contains("ignored columns (not imported): 爱好\n"),
        "{out}"
    );
    assert!(
        out.contains("imported 1, updated 0, skipped 0 duplicates, 1 bad rows\n"),
        "{out}"
    );
    assert!(out.contains("  line 3, column 姓名: "), "{out}");
    assert!(
        out.contains(&format!("genjin import undo 1 --db {db}")),
        "{out}"
    );
}

#[test]
fn import_dry_run_reports_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let (db, mobile) = import_shop(&dir);
    let before = customers_json(Path::new(&db), None);
    let file = write_file(
        &dir,
        "c.csv",
        &format!("姓名,手机,单位\n新客户,13012340001,\n老客户,{mobile},新公司\n"),
    );
    let o = genjin(&[
        "import",
        "customers",
        &file,
        "--db",
        &db,
        "--dry-run",
        "--on-duplicate",
        "update",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = json_of(&o);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["written"], false);
    assert_eq!(report["batch"], Value::Null);
    assert_eq!(report["imported"], 1);
    assert_eq!(report["updated"], 1);
    let text = genjin(&["import", "customers", &file, "--db", &db, "--dry-run"]);
    assert!(stdout(&text).contains("would import 1, updated 0, skipped 1 duplicates"));
    assert_eq!(customers_json(Path::new(&db), None), before);
    assert!(history(&db).is_empty());
}

#[test]
fn import_strict_exits_2_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let (db, _) = import_shop(&dir);
    let before = customers_json(Path::new(&db), None);
    let file = write_file(&dir, "c.csv", "姓名,手机\n新客户,13012340001\n坏号码,123\n");
    let o = genjin(&["import", "customers", &file, "--db", &db, "--strict"]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("would import 1, updated 0, skipped 0 duplicates, 1 bad rows"),
        "{out}"
    );
    assert!(out.contains("  line 3, column 手机 (\"123\"): "), "{out}");
    assert!(out.contains("nothing was written"), "{out}");
    let o = genjin(&[
        "import",
        "customers",
        &file,
        "--db",
        &db,
        "--strict",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let report = json_of(&o);
    assert_eq!(report["written"], false);
    assert_eq!(report["batch"], Value::Null);
    assert_eq!(report["error_rows"], 1);
    assert_eq!(customers_json(Path::new(&db), None), before);
    assert!(history(&db).is_empty());

    // Without the bad row strict mode imports.
    let good = write_file(&dir, "good.csv", "姓名,手机\n新客户,13012340001\n");
    let o = genjin(&["import", "customers", &good, "--db", &db, "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(history(&db).len(), 1);
}

#[test]
fn import_on_duplicate_update_and_fill_change_the_existing_card() {
    use genjin::domain::customer::Customer;
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    {
        let mut store = genjin::store::Store::open(&db).unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut c = Customer::new("张三", now);
        c.mobile = "13800138000".into();
        c.company = "旧公司".into();
        store.save_customer(&c).unwrap();
    }
    let db = db.to_str().unwrap();
    let file = write_file(
        &dir,
        "c.csv",
        "姓名,手机,单位,地址\n张三,138 0013 8000,新公司,\n",
    );
    let card = || customers_json(Path::new(db), None).remove(0);

    let o = genjin(&["import", "customers", &file, "--db", db, "--json"]);
    assert_eq!(json_of(&o)["skipped_duplicates"], 1, "skip is the default");
    assert_eq!(card()["company"], "旧公司");

    let o = genjin(&[
        "import",
        "customers",
        &file,
        "--db",
        db,
        "--on-duplicate",
        "update",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = json_of(&o);
    assert_eq!(
        (&report["updated"], &report["imported"]),
        (&Value::from(1), &Value::from(0))
    );
    assert_eq!(card()["company"], "新公司");

    let fill = write_file(
        &dir,
        "fill.csv",
        "姓名,手机,单位,地址\n张三,13800138000,第三家公司,杭州\n",
    );
    let o = genjin(&[
        "import",
        "customers",
        &fill,
        "--db",
        db,
        "--on-duplicate",
        "fill",
        "--json",
    ]);
    assert_eq!(json_of(&o)["updated"], 1);
    let c = card();
    assert_eq!(
        (&c["company"], &c["address"]),
        (&Value::from("新公司"), &Value::from("杭州"))
    );
    assert_eq!(customers_json(Path::new(db), None).len(), 1);

    assert_clean_failure(
        &genjin(&[
            "import",
            "customers",
            &file,
            "--db",
            db,
            "--on-duplicate",
            "merge",
        ]),
        &["skip, update or fill"],
    );

    // Undo both changes, the later first: the card is as before them.
    let batches = history(db);
    let update_batch = batches
        .iter()
        .find(|b| b["updated"] == 1 && b["file_name"] == "c.csv")
        .unwrap();
    let fill_batch = &batches[0];
    let o = genjin(&[
        "import",
        "undo",
        &update_batch["id"].to_string(),
        "--db",
        db,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_clean_failure(&o, &[&format!("undo import {} first", fill_batch["id"])]);
    for b in [fill_batch, update_batch] {
        let id = b["id"].to_string();
        let o = genjin(&["import", "undo", &id, "--db", db]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("restored 1 customers"),
            "{}",
            stdout(&o)
        );
    }
    let c = card();
    assert_eq!(
        (&c["company"], &c["address"]),
        (&Value::from("旧公司"), &Value::from(""))
    );
}

#[test]
fn import_of_an_unreadable_file_or_one_without_required_columns_exits_1() {
    let dir = TempDir::new().unwrap();
    let (db, _) = import_shop(&dir);
    let missing = dir.path().join("missing.csv");
    let m = missing.to_str().unwrap();
    let o = genjin(&["import", "customers", m, "--db", &db]);
    assert_eq!(o.status.code(), Some(1));
    assert_clean_failure(&o, &["cannot open", m]);
    let err = stderr(&o);
    assert_eq!(err.matches("os error").count(), 1, "the cause once: {err}");

    let empty = write_file(&dir, "empty.csv", "");
    let o = genjin(&["import", "customers", &empty, "--db", &db]);
    assert_eq!(o.status.code(), Some(1));
    assert_clean_failure(&o, &[&empty, "no header row"]);

    let customers = write_file(&dir, "customers.csv", "姓名,手机\n张三,13800138000\n");
    let o = genjin(&["import", "sales", &customers, "--db", &db]);
    assert_eq!(o.status.code(), Some(1));
    assert_clean_failure(
        &o,
        &[&customers, "no column holds date, amount", "姓名, 手机"],
    );
    let other = write_file(&dir, "other.csv", "foo,bar\n1,2\n");
    let o = genjin(&["import", "customers", &other, "--db", &db, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert_clean_failure(&o, &["no column holds name", "foo, bar"]);

    let vcf = format!(
        "{}/tests/fixtures/contacts-3.vcf",
        env!("CARGO_MANIFEST_DIR")
    );
    assert_clean_failure(
        &genjin(&["import", "customers", &vcf, "--db", &db]),
        &["genjin import vcard"],
    );
    assert_clean_failure(
        &genjin(&["import", "vcard", &customers, "--db", &db]),
        &["not a vCard"],
    );
    let nowhere = dir.path().join("nowhere.sqlite");
    assert_clean_failure(
        &genjin(&[
            "import",
            "customers",
            &customers,
            "--db",
            nowhere.to_str().unwrap(),
        ]),
        &["no database"],
    );
    assert!(!nowhere.exists());
    assert!(history(&db).is_empty());
}

#[test]
fn import_history_lists_batches_and_undo_takes_one_back_once() {
    let dir = TempDir::new().unwrap();
    let (db, _) = import_shop(&dir);
    let o = genjin(&["import", "history", "--db", &db]);
    assert_eq!(stdout(&o).trim(), "no imports yet");
    let first = write_file(
        &dir,
        "first.csv",
        "姓名,手机\n甲,13012340001\n乙,13012340002\n",
    );
    let vcf = format!(
        "{}/tests/fixtures/contacts-3.vcf",
        env!("CARGO_MANIFEST_DIR")
    );
    assert!(
        genjin(&["import", "customers", &first, "--db", &db])
            .status
            .success()
    );
    let o = genjin(&["import", "vcard", &vcf, "--db", &db, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json_of(&o)["kind"], "vcard");
    assert_eq!(json_of(&o)["imported"], 5);

    let batches = history(&db);
    assert_eq!(batches.len(), 2);
    assert_eq!(
        keys(&batches[0]),
        BTreeSet::from([
            "id",
            "kind",
            "file_name",
            "encoding",
            "started_at",
            "finished_at",
            "rows",
            "imported",
            "updated",
            "skipped",
            "errors",
            "undone_at",
        ])
    );
    assert_eq!(batches[0]["id"], 2, "newest first");
    assert_eq!(batches[0]["kind"], "vcard");
    assert_eq!(batches[0]["file_name"], "contacts-3.vcf");
    assert_eq!(batches[1]["kind"], "customers");
    assert_eq!(batches[1]["file_name"], "first.csv");
    assert_eq!(batches[1]["encoding"], "utf-8");
    assert_eq!(
        (&batches[1]["rows"], &batches[1]["imported"]),
        (&Value::from(2), &Value::from(2))
    );
    assert!(batches[1]["finished_at"].is_string());
    assert_eq!(batches[1]["undone_at"], Value::Null);
    assert_eq!(customers_json(Path::new(&db), None).len(), 57);

    let o = genjin(&["import", "undo", "1", "--db", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        "undid batch 1: removed 2 customers, 0 sales, 0 payments; restored 0 customers"
    );
    assert_eq!(customers_json(Path::new(&db), None).len(), 55);
    assert!(history(&db)[1]["undone_at"].is_string());
    let text = stdout(&genjin(&["import", "history", "--db", &db]));
    assert!(
        text.lines()
            .any(|l| l.contains("undone") && l.ends_with("first.csv")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("active") && l.ends_with("contacts-3.vcf")),
        "{text}"
    );

    let again = genjin(&["import", "undo", "1", "--db", &db]);
    assert_eq!(again.status.code(), Some(1));
    assert_clean_failure(&again, &["cannot undo batch 1", "already"]);
    assert_clean_failure(&genjin(&["import", "undo", "9", "--db", &db]), &["batch 9"]);
    assert!(genjin(&["check", "--db", &db]).status.success());
}

/// The fields a customers export carries, plus the balance sales and
/// payments make.
const ROUND_TRIP_FIELDS: &[&str] = &[
    "name",
    "mobile",
    "phone2",
    "wechat",
    "email",
    "address",
    "company",
    "occupation",
    "gender",
    "birthday",
    "anniversary",
    "source",
    "referred_by",
    "class_override",
    "credit_limit",
    "tags",
    "notes",
    "balance",
];

fn round_trip_view(db: &Path) -> Vec<Vec<Value>> {
    customers_json(db, None)
        .iter()
        .map(|c| ROUND_TRIP_FIELDS.iter().map(|f| c[*f].clone()).collect())
        .collect()
}

#[test]
fn an_exported_shop_imports_into_an_empty_book_as_the_same_shop() {
    let dir = TempDir::new().unwrap();
    let source = dir.path().join("source.sqlite");
    assert!(demo(&source, &[]).status.success());
    // The demo's returns log has refunds credited to accounts, which lower
    // those customers' balances: it travels with the other lists.
    let source_returns = genjin::store::Store::open(&source)
        .unwrap()
        .returns()
        .unwrap()
        .len();
    assert!(source_returns > 0);
    let s = source.to_str().unwrap();
    let target = dir.path().join("target.sqlite");
    let t = target.to_str().unwrap();
    // An empty book, as the app creates it.
    drop(genjin::store::Store::open(&target).unwrap());
    assert!(customers_json(&target, None).is_empty());

    for (kind, encoding) in [
        ("customers", "gbk"),
        ("sales", "utf-8"),
        ("payments", "utf-8"),
        ("returns", "utf-8"),
    ] {
        let file = dir.path().join(format!("{kind}.csv"));
        let f = file.to_str().unwrap();
        let o = genjin(&["export", kind, f, "--db", s, "--encoding", encoding]);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = genjin(&["import", kind, f, "--db", t, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{kind}: {}", stderr(&o));
        let report = json_of(&o);
        assert_eq!(report["error_rows"], 0, "{kind}: {report}");
        assert_eq!(report["imported"], report["rows"], "{kind}: {report}");
        assert!(report["rows"].as_u64().unwrap() > 0, "{kind}");
    }
    assert_eq!(round_trip_view(&target), round_trip_view(&source));

    assert_eq!(
        genjin::store::Store::open(&target)
            .unwrap()
            .returns()
            .unwrap()
            .len(),
        source_returns
    );

    // Importing the same files again changes nothing.
    for kind in ["customers", "sales", "payments", "returns"] {
        let f = dir.path().join(format!("{kind}.csv"));
        let o = genjin(&[
            "import",
            kind,
            f.to_str().unwrap(),
            "--db",
            t,
            "--json",
            "--on-duplicate",
            "update",
        ]);
        let report = json_of(&o);
        assert_eq!(report["imported"], 0, "{kind}: {report}");
        assert_eq!(report["updated"], 0, "{kind}: {report}");
        assert_eq!(
            report["skipped_duplicates"], report["rows"],
            "{kind}: {report}"
        );
    }
    assert_eq!(round_trip_view(&target), round_trip_view(&source));
    let o = genjin(&["check", "--db", t]);
    assert!(o.status.success(), "{}", stdout(&o));
}
