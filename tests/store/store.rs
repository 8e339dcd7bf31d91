//! Store tests on temporary database files: schema, cards, links, logs,
//! money, locking, damaged files, the consistency check, bulk writing and
//! the demo generator's determinism.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use genjin::demo::{DemoOptions, generate};
use genjin::domain::contact::{ContactChannel, ContactEntry, ContactPurpose, next_contact_date};
use genjin::domain::customer::{
    CustomDate, Customer, CustomerClass, FamilyMember, Gender, Relation, Source,
};
use genjin::domain::money::Money;
use genjin::domain::promise::{PromiseRecord, PromiseStatus, Recurrence, ServicePromise};
use genjin::domain::sale::{Payment, Sale};
use genjin::domain::yearly::YearlyDate;
use genjin::store::{OpenMode, Store, StoreError};
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, 0, 0).expect("a valid time")
}

fn db(dir: &TempDir) -> PathBuf {
    dir.path().join("shop.sqlite")
}

fn person(name: &str, mobile: &str) -> Customer {
    let mut c = Customer::new(name, at(2026, 1, 5, 10));
    c.mobile = mobile.to_string();
    c
}

/// A card with every field filled, including a lunar leap-month birthday.
fn full_card() -> Customer {
    let mut c = Customer::new("欧阳建国", at(2025, 3, 1, 9));
    c.mobile = "13800138000".into();
    c.phone2 = "0571-88886666".into();
    c.wechat = "ouyang_jg".into();
    c.email = "ouyang@example.cn".into();
    c.address = "杭州市西湖区文一路128号翠苑一区3幢2单元501室".into();
    c.company = "华联超市".into();
    c.occupation = "采购".into();
    c.gender = Gender::Male;
    c.preferred_channel = Some(ContactChannel::SmsWechat);
    c.do_not_contact = true;
    // 2020 had a leap fourth month (闰四月).
    c.birthday = Some(YearlyDate::lunar(Some(2020), 4, true, 8).expect("a valid lunar date"));
    c.anniversary = Some(YearlyDate::solar(Some(1998), 10, 1).expect("a valid solar date"));
    c.family = vec![
        FamilyMember {
            relation: Relation::Spouse,
            name: "李秀英".into(),
            birthday: Some(YearlyDate::lunar(None, 8, false, 15).expect("a valid lunar date")),
            note: "做主买大件".into(),
        },
        FamilyMember {
            relation: Relation::Child,
            name: "欧阳子豪".into(),
            birthday: Some(YearlyDate::solar(None, 2, 29).expect("a valid solar date")),
            note: String::new(),
        },
        FamilyMember {
            relation: Relation::Parent,
            name: "欧阳德明".into(),
            birthday: None,
            note: "在老家".into(),
        },
    ];
    c.custom_dates = vec![
        CustomDate {
            label: "开业纪念日".into(),
            date: YearlyDate::solar(Some(2010), 6, 18).expect("a valid solar date"),
        },
        CustomDate {
            label: "父亲忌日".into(),
            date: YearlyDate::lunar(None, 12, false, 30).expect("a valid lunar date"),
        },
    ];
    c.first_contact_date = Some(day(2025, 2, 28));
    c.first_contact_place = "2025年家博会展位".into();
    c.needs = "单位批量采购，要求开增值税发票".into();
    c.background = "连锁超市，另有两家分店".into();
    c.tags = vec!["企业客户".into(), "VIP".into(), "团购".into()];
    c.notes = "月底对账".into();
    c.source = Some(Source::TradeFair);
    c.referred_by = None;
    c.class_computed = Some(CustomerClass::B);
    c.class_override = Some(CustomerClass::A);
    c.credit_limit = Some(Money::from_yuan(50_000));
    c.blacklisted = true;
    c.blacklist_reason = "拖欠货款".into();
    c.cadence_days = Some(45);
    c
}

fn sale(customer_id: i64, number: Option<&str>, date: NaiveDate, yuan: i64) -> Sale {
    Sale {
        id: None,
        customer_id,
        number: number.map(str::to_string),
        date,
        product: "冰箱".into(),
        quantity: 1,
        amount: Money::from_yuan(yuan),
        due_date: date,
        terms_days: None,
        note: String::new(),
        created_at: date.and_hms_opt(10, 0, 0).expect("a valid time"),
    }
}

fn payment(customer_id: i64, sale_id: Option<i64>, date: NaiveDate, yuan: i64) -> Payment {
    Payment {
        id: None,
        customer_id,
        sale_id,
        date,
        amount: Money::from_yuan(yuan),
        method: "微信".into(),
        note: String::new(),
        created_at: date.and_hms_opt(11, 0, 0).expect("a valid time"),
    }
}

fn contact(customer_id: i64, when: NaiveDateTime, next: Option<NaiveDate>) -> ContactEntry {
    ContactEntry {
        id: None,
        customer_id,
        at: when,
        channel: ContactChannel::Phone,
        purpose: ContactPurpose::AfterSales,
        summary: format!("回访 {when}"),
        outcome: "满意".into(),
        referral_asked: true,
        next_contact: next,
    }
}

fn demo_file(path: &Path, customers: usize, seed: u64) -> Store {
    let mut store = Store::open(path).expect("the test book opens");
    generate(
        &mut store,
        &DemoOptions {
            customers,
            seed,
            today: day(2026, 11, 23),
        },
    )
    .expect("the demo shop generates");
    store
}

#[test]
fn migrations_create_every_table_and_reopening_keeps_data() {
    let dir = TempDir::new().unwrap();
    let path = db(&dir);
    let id = {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.customer_count().unwrap(), 0);
        store.save_customer(&person("张三", "13800138000")).unwrap()
    };
    let raw = rusqlite::Connection::open(&path).unwrap();
    let mut tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("sqlite_"));
    assert_eq!(
        tables,
        [
            "agenda_snoozes",
            "attachment_blobs",
            "collection_causes",
            "collection_log",
            "complaint_attachments",
            "complaints",
            "contacts",
            "credit_confirmations",
            "custom_dates",
            "customer_tags",
            "customers",
            "drafts",
            "family_members",
            "feedback_answers",
            "feedback_cards",
            "feedback_questions",
            "feedback_responses",
            "import_batches",
            "import_updates",
            "payments",
            "promise_records",
            "promises",
            "quality_alert_acks",
            "retention_notes",
            "returns",
            "sales",
            "settings",
            "statutory_days"
        ]
    );
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 11);
    drop(raw);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.customer_count().unwrap(), 1);
    assert_eq!(store.customer(id).unwrap().unwrap().name, "张三");
}

#[test]
fn a_full_card_round_trips_field_for_field() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let card = full_card();
    assert!(card.validate().is_empty(), "{:?}", card.validate());
    let id = store.save_customer(&card).unwrap();
    let loaded = store.customer(id).unwrap().unwrap();
    assert!(loaded.updated_at >= card.created_at);
    let mut expected = card.clone();
    expected.id = Some(id);
    expected.updated_at = loaded.updated_at;
    assert_eq!(loaded, expected);
    // The leap flag survived (not just month and day).
    match loaded.birthday {
        Some(YearlyDate::Lunar(l)) => assert!(l.is_leap() && l.month() == 4 && l.day() == 8),
        other => panic!("expected a lunar birthday, got {other:?}"),
    }
    assert_eq!(store.customer(id + 1).unwrap(), None);
}

#[test]
fn updating_replaces_family_tags_and_custom_dates() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let mut card = full_card();
    let id = store.save_customer(&card).unwrap();
    card.id = Some(id);
    card.name = "欧阳建军".into();
    card.tags = vec!["老客户".into()];
    card.family = vec![FamilyMember {
        relation: Relation::Other,
        name: "小王".into(),
        birthday: Some(YearlyDate::solar(Some(1990), 5, 6).unwrap()),
        note: String::new(),
    }];
    card.custom_dates.clear();
    card.birthday = None;
    assert_eq!(store.save_customer(&card).unwrap(), id);
    let loaded = store.customer(id).unwrap().unwrap();
    assert_eq!(loaded.name, "欧阳建军");
    assert_eq!(loaded.tags, vec!["老客户".to_string()]);
    assert_eq!(loaded.family, card.family);
    assert!(loaded.custom_dates.is_empty());
    assert_eq!(loaded.birthday, None);
    assert_eq!(store.customer_count().unwrap(), 1);
    assert_eq!(store.all_tags().unwrap(), vec!["老客户".to_string()]);
    // The new name is searchable by its pinyin.
    let summary = store.customer_summary(id).unwrap().unwrap();
    assert!(genjin::domain::search::Query::parse("oyjj").matches(&summary.key));

    card.id = Some(id + 100);
    assert!(matches!(store.save_customer(&card), Err(StoreError::NotFound(n)) if n == id + 100));
}

#[test]
fn saving_a_card_read_before_the_classes_changed_keeps_the_computed_class() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let big = store
        .save_customer(&person("大客户", "13800138001"))
        .unwrap();
    let small = store
        .save_customer(&person("小客户", "13800138002"))
        .unwrap();
    // The card is open (read) before the sales make 大客户 an A.
    let mut open_card = store.customer(big).unwrap().unwrap();
    store
        .add_sale(&sale(big, None, day(2026, 11, 1), 9000))
        .unwrap();
    store
        .add_sale(&sale(small, None, day(2026, 11, 1), 100))
        .unwrap();
    store.recompute_abc(day(2026, 11, 20)).unwrap();
    assert_eq!(
        store.customer(big).unwrap().unwrap().class(),
        CustomerClass::A
    );
    assert_eq!(open_card.class_computed, None);

    open_card.notes = "喜欢绿茶".into();
    store.save_customer(&open_card).unwrap();
    let saved = store.customer(big).unwrap().unwrap();
    assert_eq!(saved.notes, "喜欢绿茶");
    assert_eq!(saved.class_computed, Some(CustomerClass::A));
    assert_eq!(
        store.customer_summary(big).unwrap().unwrap().class,
        CustomerClass::A
    );
}

#[test]
fn an_extension_b_name_is_found_by_its_pinyin_also_in_a_book_saved_before_its_reading() {
    use genjin::domain::search::Query;
    let dir = TempDir::new().unwrap();
    let path = db(&dir);
    let found = |store: &Store, q: &str| {
        store
            .customer_summaries()
            .unwrap()
            .iter()
            .filter(|s| Query::parse(q).matches(&s.key))
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    };
    let id = {
        let mut store = Store::open(&path).unwrap();
        let id = store.save_customer(&person("𠮷田", "13800138000")).unwrap();
        store.save_customer(&person("田七", "13900139000")).unwrap();
        for q in ["jt", "jitian", "𠮷田"] {
            assert_eq!(found(&store, q), ["𠮷田"], "query {q}");
        }
        id
    };
    // A book written before 𠮷 had a reading: its keys lack the syllable
    // and the book's keys are of readings version 1.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE customers SET name_initials='t', name_pinyin='tian' WHERE id=?1",
            [id],
        )
        .unwrap();
        conn.execute(
            "UPDATE settings SET value='1' WHERE key='search_keys_version'",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(found(&store, "jt"), ["𠮷田"]);
    assert_eq!(found(&store, "jitian"), ["𠮷田"]);
    assert!(found(&store, "tq").contains(&"田七".to_string()));
}

#[test]
fn duplicate_phones_are_found_on_either_number_excluding_self() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let a = store.save_customer(&person("张三", "13800138000")).unwrap();
    let mut b = person("李四", "13900139000");
    b.phone2 = "13800138000".into();
    let b = store.save_customer(&b).unwrap();
    let _c = store.save_customer(&person("王五", "13700137000")).unwrap();

    let ids = |list: Vec<genjin::store::customers::CustomerRef>| {
        list.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(store.customers_with_phone("13800138000", None).unwrap()),
        vec![a, b]
    );
    assert_eq!(
        ids(store.customers_with_phone("13800138000", Some(a)).unwrap()),
        vec![b]
    );
    let found = store.customers_with_phone("13800138000", Some(b)).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].id, found[0].name.as_str()), (a, "张三"));
    assert!(
        store
            .customers_with_phone("13600136000", None)
            .unwrap()
            .is_empty()
    );
    assert!(store.customers_with_phone("", None).unwrap().is_empty());
}

#[test]
fn referral_links_count_and_clear_when_the_referrer_is_deleted() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let a = store.save_customer(&person("张三", "13800138000")).unwrap();
    let mut referred = Vec::new();
    for (name, mobile) in [("李四", "13900139000"), ("王五", "13700137000")] {
        let mut c = person(name, mobile);
        c.source = Some(Source::Referral);
        c.referred_by = Some(a);
        referred.push(store.save_customer(&c).unwrap());
    }
    let refs = store.referrals_of(a).unwrap();
    assert_eq!(refs.iter().map(|r| r.id).collect::<Vec<_>>(), referred);
    assert_eq!(refs[0].name, "李四");
    let summaries = store.customer_summaries().unwrap();
    assert_eq!(
        summaries.iter().map(|s| s.referrals).collect::<Vec<_>>(),
        vec![2, 0, 0]
    );
    assert_eq!(store.customer_summary(a).unwrap().unwrap().referrals, 2);

    store.delete_customer(a).unwrap();
    for id in &referred {
        let c = store.customer(*id).unwrap().unwrap();
        assert_eq!(c.referred_by, None);
        assert_eq!(c.source, Some(Source::Referral));
    }
    assert!(store.referrals_of(a).unwrap().is_empty());
    assert!(matches!(
        store.delete_customer(a),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn contacts_come_back_newest_first() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let id = store.save_customer(&person("张三", "13800138000")).unwrap();
    let other = store.save_customer(&person("李四", "13900139000")).unwrap();
    store
        .add_contact(&contact(id, at(2026, 5, 1, 10), Some(day(2026, 6, 1))))
        .unwrap();
    store
        .add_contact(&contact(id, at(2026, 9, 1, 10), None))
        .unwrap();
    store
        .add_contact(&contact(id, at(2026, 7, 1, 10), Some(day(2026, 12, 1))))
        .unwrap();
    store
        .add_contact(&contact(other, at(2026, 10, 1, 10), None))
        .unwrap();

    let log = store.contacts_for(id).unwrap();
    let times: Vec<_> = log.iter().map(|e| e.at).collect();
    assert_eq!(
        times,
        vec![at(2026, 9, 1, 10), at(2026, 7, 1, 10), at(2026, 5, 1, 10)]
    );
    assert!(
        log.iter()
            .all(|e| e.customer_id == id && e.referral_asked && e.outcome == "满意")
    );
    assert_eq!(next_contact_date(&log), Some(day(2026, 12, 1)));
    let last = store.customer_summary(id).unwrap().unwrap().last_contact;
    assert_eq!(last, Some(at(2026, 9, 1, 10)));

    store.delete_contact(log[0].id.unwrap()).unwrap();
    assert_eq!(store.contacts_for(id).unwrap().len(), 2);
}

#[test]
fn promises_keep_their_records_in_due_order() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let id = store.save_customer(&person("张三", "13800138000")).unwrap();
    let mut promise = ServicePromise {
        id: None,
        customer_id: id,
        description: "每月10日上门对账".into(),
        first_due: day(2026, 9, 1),
        recurrence: Recurrence::MonthlyOnDay(10),
        ended: false,
        created_at: at(2026, 8, 20, 9),
        records: Vec::new(),
    };
    let pid = store.save_promise(&promise).unwrap();
    let record = |due, kept| PromiseRecord {
        due,
        kept,
        recorded_at: at(2026, 11, 20, 17),
        note: "已完成".into(),
    };
    store
        .record_promise(pid, &record(day(2026, 10, 10), true))
        .unwrap();
    store
        .record_promise(pid, &record(day(2026, 9, 10), true))
        .unwrap();
    // Recording the same occurrence again replaces it.
    store
        .record_promise(pid, &record(day(2026, 10, 10), false))
        .unwrap();

    let loaded = store.promises_for(id).unwrap();
    assert_eq!(loaded.len(), 1);
    let p = &loaded[0];
    assert_eq!(p.recurrence, Recurrence::MonthlyOnDay(10));
    assert_eq!(
        p.records
            .iter()
            .map(|r| (r.due, r.kept))
            .collect::<Vec<_>>(),
        vec![(day(2026, 9, 10), true), (day(2026, 10, 10), false)]
    );
    assert_eq!(p.broken_count(), 1);
    assert_eq!(
        p.status(day(2026, 11, 23)),
        PromiseStatus::Overdue(day(2026, 11, 10))
    );

    promise.id = Some(pid);
    promise.ended = true;
    store.save_promise(&promise).unwrap();
    let loaded = store.promises_for(id).unwrap();
    assert_eq!(loaded[0].status(day(2026, 11, 23)), PromiseStatus::Done);
    assert_eq!(
        loaded[0].records.len(),
        2,
        "updating a promise keeps its records"
    );
}

#[test]
fn sales_and_payments_make_the_balance() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let id = store.save_customer(&person("张三", "13800138000")).unwrap();
    let other = store.save_customer(&person("李四", "13900139000")).unwrap();
    let s1 = store
        .add_sale(&sale(id, Some("XS2026-000001"), day(2026, 3, 1), 3000))
        .unwrap();
    let mut credit = sale(id, Some("XS2026-000002"), day(2026, 6, 1), 1500);
    credit.terms_days = Some(30);
    credit.due_date = day(2026, 7, 1);
    store.add_sale(&credit).unwrap();
    store
        .add_sale(&sale(other, None, day(2026, 6, 1), 999))
        .unwrap();
    store
        .add_payment(&payment(id, Some(s1), day(2026, 3, 1), 3000))
        .unwrap();
    store
        .add_payment(&payment(id, None, day(2026, 7, 5), 500))
        .unwrap();

    assert_eq!(store.balance_of(id).unwrap(), Money::from_yuan(1000));
    assert_eq!(store.balance_of(other).unwrap(), Money::from_yuan(999));
    let balances: Vec<_> = store
        .customer_summaries()
        .unwrap()
        .iter()
        .map(|s| s.balance)
        .collect();
    assert_eq!(
        balances,
        vec![Money::from_yuan(1000), Money::from_yuan(999)]
    );

    let sales = store.sales_for(id).unwrap();
    assert_eq!(
        sales
            .iter()
            .map(|s| s.number.as_deref())
            .collect::<Vec<_>>(),
        vec![Some("XS2026-000002"), Some("XS2026-000001")]
    );
    assert_eq!(
        (sales[0].terms_days, sales[0].due_date),
        (Some(30), day(2026, 7, 1))
    );
    let payments = store.payments_for(id).unwrap();
    assert_eq!(
        payments.iter().map(|p| p.sale_id).collect::<Vec<_>>(),
        vec![None, Some(s1)]
    );

    // The same number again (even with stray spaces) is refused and changes nothing.
    let err = store
        .add_sale(&sale(other, Some(" XS2026-000001 "), day(2026, 8, 1), 10))
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::DuplicateSaleNumber(n) if n == "XS2026-000001"),
        "{err:?}"
    );
    assert!(store.sale_number_exists("XS2026-000001").unwrap());
    assert!(!store.sale_number_exists("XS2026-999999").unwrap());
    assert_eq!(store.balance_of(other).unwrap(), Money::from_yuan(999));
    // Sales without a number never clash with each other.
    store
        .add_sale(&sale(other, None, day(2026, 8, 1), 1))
        .unwrap();
    assert_eq!(store.balance_of(other).unwrap(), Money::from_yuan(1000));
}

#[test]
fn a_second_writer_is_refused_until_the_first_is_gone() {
    let dir = TempDir::new().unwrap();
    let path = db(&dir);
    let first = Store::open(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::AlreadyOpen(p)) => assert_eq!(p, path),
        Err(e) => panic!("expected AlreadyOpen, got {e:?}"),
        Ok(_) => panic!("a second writer was let in"),
    }
    // Readers take no lock.
    let reader = Store::open_with(&path, OpenMode::Reader).unwrap();
    assert_eq!(reader.customer_count().unwrap(), 0);
    drop(first);
    let mut second = Store::open(&path).unwrap();
    second
        .save_customer(&person("张三", "13800138000"))
        .unwrap();
    assert_eq!(reader.customer_count().unwrap(), 1);
}

#[test]
fn a_file_that_is_not_sqlite_is_named_as_such() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.sqlite");
    let garbage = "这不是数据库, just some notes\n".repeat(300);
    std::fs::write(&path, &garbage).unwrap();
    for mode in [OpenMode::Reader, OpenMode::Writer] {
        match Store::open_with(&path, mode) {
            Err(StoreError::NotADatabase(p)) => assert_eq!(p, path),
            Err(e) => panic!("{mode:?}: expected NotADatabase, got {e:?}"),
            Ok(_) => panic!("{mode:?}: garbage opened as a database"),
        }
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        garbage,
        "the file is left untouched"
    );
}

#[test]
fn reading_a_missing_file_says_so_and_creates_nothing() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nowhere.sqlite");
    match Store::open_with(&path, OpenMode::Reader) {
        Err(StoreError::Missing(p)) => assert_eq!(p, path),
        Err(e) => panic!("expected Missing, got {e:?}"),
        Ok(_) => panic!("a missing file opened"),
    }
    assert!(!path.exists());
}

#[test]
fn check_passes_a_demo_and_reports_a_corrupted_yearly_date() {
    let dir = TempDir::new().unwrap();
    let path = db(&dir);
    let store = demo_file(&path, 200, 4);
    assert_eq!(store.check().unwrap(), vec![]);

    let raw = rusqlite::Connection::open(&path).unwrap();
    // 2023 has a leap second month, not a leap fourth month: impossible.
    raw.execute(
        "UPDATE customers SET birthday='lunar:2023-L04-08' WHERE id=7",
        [],
    )
    .unwrap();
    raw.execute(
        "UPDATE customers SET anniversary='solar:2023-02-30' WHERE id=9",
        [],
    )
    .unwrap();
    let member: i64 = raw
        .query_row("SELECT min(id) FROM family_members", [], |r| r.get(0))
        .unwrap();
    raw.execute(
        "UPDATE family_members SET birthday='sometime' WHERE id=?1",
        [member],
    )
    .unwrap();
    drop(raw);

    let findings = store.check().unwrap();
    let summary: Vec<_> = findings.iter().map(|f| (f.table.as_str(), f.id)).collect();
    assert_eq!(
        summary,
        vec![
            ("customers", Some(7)),
            ("customers", Some(9)),
            ("family_members", Some(member))
        ]
    );
    assert!(
        findings[0].problem.contains("lunar:2023-L04-08"),
        "{}",
        findings[0].problem
    );
    assert!(matches!(
        store.customer(7),
        Err(StoreError::UnreadableCustomer(bad)) if bad.id == 7 && bad.reason.contains("lunar:2023-L04-08")
    ));
}

#[test]
fn the_same_seed_and_day_give_the_same_shop() {
    let dir = TempDir::new().unwrap();
    let a = demo_file(&dir.path().join("a.sqlite"), 150, 42);
    let b = demo_file(&dir.path().join("b.sqlite"), 150, 42);
    let c = demo_file(&dir.path().join("c.sqlite"), 150, 43);
    let sa = a.customer_summaries().unwrap();
    assert_eq!(sa.len(), 150);
    assert_eq!(sa, b.customer_summaries().unwrap());
    assert_ne!(sa, c.customer_summaries().unwrap());
    for id in [1, 75, 150] {
        assert_eq!(a.customer(id).unwrap(), b.customer(id).unwrap());
        assert_eq!(a.contacts_for(id).unwrap(), b.contacts_for(id).unwrap());
        assert_eq!(a.sales_for(id).unwrap(), b.sales_for(id).unwrap());
        assert_eq!(a.payments_for(id).unwrap(), b.payments_for(id).unwrap());
        assert_eq!(a.promises_for(id).unwrap(), b.promises_for(id).unwrap());
    }
}

#[test]
fn bulk_rows_read_back_like_single_rows_and_failures_roll_back() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let card = full_card();
    let promise = |customer_id| ServicePromise {
        id: None,
        customer_id,
        description: "每半年上门免费检修一次".into(),
        first_due: day(2026, 1, 15),
        recurrence: Recurrence::EveryMonths(6),
        ended: false,
        created_at: at(2026, 1, 1, 9),
        records: vec![PromiseRecord {
            due: day(2026, 1, 15),
            kept: true,
            recorded_at: at(2026, 1, 15, 17),
            note: "已完成".into(),
        }],
    };
    let id = store
        .bulk(|w| {
            let id = w.customer(&card)?;
            w.contact(&contact(id, at(2026, 2, 1, 10), Some(day(2026, 3, 1))))?;
            w.promise(&promise(id))?;
            let s = w.sale(&sale(id, Some("XS2026-000009"), day(2026, 2, 1), 2499))?;
            w.payment(&payment(id, Some(s), day(2026, 2, 1), 1000))?;
            w.setting("shop_name", "惠民家电")?;
            Ok(id)
        })
        .unwrap();

    let mut expected = card.clone();
    expected.id = Some(id);
    assert_eq!(
        store.customer(id).unwrap().unwrap(),
        expected,
        "bulk keeps created_at and updated_at"
    );
    let mut c = contact(id, at(2026, 2, 1, 10), Some(day(2026, 3, 1)));
    c.id = store.contacts_for(id).unwrap()[0].id;
    assert_eq!(store.contacts_for(id).unwrap(), vec![c]);
    let mut p = promise(id);
    p.id = store.promises_for(id).unwrap()[0].id;
    assert_eq!(store.promises_for(id).unwrap(), vec![p]);
    assert_eq!(store.balance_of(id).unwrap(), Money::from_yuan(1499));
    assert_eq!(
        store.setting("shop_name").unwrap().as_deref(),
        Some("惠民家电")
    );

    // A failure part-way (here a duplicate sale number) leaves nothing behind.
    let result = store.bulk(|w| {
        let other = w.customer(&person("李四", "13900139000"))?;
        w.sale(&sale(other, Some("XS2026-000009"), day(2026, 2, 2), 10))
    });
    assert!(matches!(result, Err(StoreError::DuplicateSaleNumber(n)) if n == "XS2026-000009"));
    assert_eq!(store.customer_count().unwrap(), 1);
}

#[test]
fn a_backup_is_a_complete_openable_copy() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let id = store.save_customer(&full_card()).unwrap();
    store
        .add_sale(&sale(id, Some("XS-1"), day(2026, 11, 1), 300))
        .unwrap();
    let copy = dir.path().join("backup.sqlite");
    std::fs::write(&copy, b"an older backup to be replaced").unwrap();
    store.backup_to(&copy).unwrap();
    store
        .save_customer(&person("备份之后", "13900000000"))
        .unwrap();

    let restored = Store::open(&copy).unwrap();
    assert_eq!(restored.customer(id).unwrap(), store.customer(id).unwrap());
    assert_eq!(restored.balance_of(id).unwrap(), Money::from_yuan(300));
    assert_eq!(
        restored.customer_count().unwrap(),
        1,
        "the copy is a snapshot taken at backup time"
    );
    assert!(restored.check().unwrap().is_empty());
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("pos.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);")
            .unwrap();
    }
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::NotADatabase(_))
    ));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type='table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "no Genjin tables were added to the foreign file");
}

#[test]
fn a_draft_is_not_a_change_to_the_book_but_a_saved_card_is() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let before = store.change_stamp();
    store
        .save_draft("customer_card", "current", "{\"name\":\"王\"}")
        .unwrap();
    store
        .save_draft("customer_card", "current", "{\"name\":\"王芳\"}")
        .unwrap();
    store.delete_draft("customer_card", "current").unwrap();
    assert_eq!(
        store.change_stamp(),
        before,
        "typing into a card leaves the reports alone"
    );
    store.save_customer(&person("王芳", "13800138000")).unwrap();
    assert_ne!(store.change_stamp(), before, "a saved card is a change");
}
