//! Receivables, collection, credit control, ABC and retention on temporary
//! books: FIFO aging through the store, back-dating, month-end totals,
//! statements, the ladder with promises, confirmed credit sales, classes
//! written back with overrides kept, and the drifting list.

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::{Customer, CustomerClass, CustomerId};
use genjin::domain::money::Money;
use genjin::domain::receivables::aging::{AgingRules, BucketEdges, Quadrant};
use genjin::domain::receivables::credit::CreditWarning;
use genjin::domain::receivables::ladder::{
    Cause, CauseRecord, Ladder, LogEntry, PromiseState, Rung, StepKind,
};
use genjin::domain::receivables::letters::{LetterKind, default_template};
use genjin::domain::receivables::statement::EntryKind;
use genjin::domain::retention::{LeaveReason, Outcome, RetentionNote, Signal};
use genjin::domain::sale::{Payment, Sale};
use genjin::store::Store;
use tempfile::TempDir;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

fn at(date: NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(10, 0, 0).expect("a valid time")
}

fn open(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("book.sqlite")).expect("the test book opens")
}

fn customer(store: &mut Store, name: &str) -> CustomerId {
    store
        .save_customer(&Customer::new(name, at(d(1, 1))))
        .expect("the test book saves the card")
}

fn sale(store: &mut Store, c: CustomerId, date: NaiveDate, due: NaiveDate, yuan: i64) -> i64 {
    store
        .add_sale(&Sale {
            id: None,
            customer_id: c,
            number: Some(format!("XS-{c}-{date}-{yuan}")),
            date,
            product: "空调".into(),
            quantity: 1,
            amount: Money::from_yuan(yuan),
            due_date: due,
            terms_days: None,
            note: String::new(),
            created_at: at(date),
        })
        .expect("the test book records the sale")
}

fn pay(store: &mut Store, c: CustomerId, date: NaiveDate, yuan: i64, sale_id: Option<i64>) {
    store
        .add_payment(&Payment {
            id: None,
            customer_id: c,
            sale_id,
            date,
            amount: Money::from_yuan(yuan),
            method: "微信".into(),
            note: String::new(),
            created_at: at(date),
        })
        .expect("the test book records the payment");
}

#[test]
fn aging_allocates_payments_oldest_first_and_back_dates() {
    let dir = TempDir::new().unwrap();
    let mut s = open(&dir);
    let fifo = customer(&mut s, "先进先出");
    sale(&mut s, fifo, d(1, 1), d(1, 31), 100);
    sale(&mut s, fifo, d(3, 1), d(3, 31), 300);
    pay(&mut s, fifo, d(6, 1), 250, None);
    let ahead = customer(&mut s, "预付");
    sale(&mut s, ahead, d(2, 1), d(2, 1), 100);
    pay(&mut s, ahead, d(2, 1), 130, None);
    let named = customer(&mut s, "指定");
    let old = sale(&mut s, named, d(4, 1), d(4, 30), 200);
    let new = sale(&mut s, named, d(5, 1), d(6, 30), 500);
    pay(&mut s, named, d(6, 10), 600, Some(new));
    let _ = old;

    let rules = AgingRules::default();
    let report = s.aging(d(6, 30), &rules).unwrap();
    let ids: Vec<CustomerId> = report.rows.iter().map(|r| r.customer_id).collect();
    assert_eq!(ids, [fifo, named], "the customer paid ahead owes nothing");
    let first = report.row(fifo).unwrap();
    assert_eq!(first.name, "先进先出");
    // 250 paid the January sale (100) and 150 of March's: 150 open, 91 days.
    assert_eq!(first.buckets[4], Money::from_yuan(150));
    assert_eq!(first.oldest_overdue_days, 91);
    assert_eq!(first.quadrant, Quadrant::LongSmall);
    // 600 for the May sale pays it (500) and 100 of April's.
    let second = report.row(named).unwrap();
    assert_eq!(second.total, Money::from_yuan(100));
    assert_eq!(
        second.buckets[3],
        Money::from_yuan(100),
        "61 days overdue: the 61–90 bucket"
    );
    assert_eq!(report.credits, Money::from_yuan(30));
    assert_eq!(report.total, Money::from_yuan(250));

    // Back-dated to 31 May: June's payments have not happened yet.
    let earlier = s.aging(d(5, 31), &rules).unwrap();
    assert_eq!(earlier.row(fifo).unwrap().total, Money::from_yuan(400));
    assert_eq!(earlier.row(named).unwrap().total, Money::from_yuan(700));
    assert_eq!(
        earlier.row(named).unwrap().buckets[0],
        Money::from_yuan(500)
    );

    // Month ends: outstanding at the end of Jan … the as-of day.
    let days = [d(1, 31), d(2, 28), d(5, 31), d(6, 30)];
    let totals = s.outstanding_on(&days).unwrap();
    assert_eq!(
        totals,
        [
            Money::from_yuan(100),
            Money::from_yuan(100),
            Money::from_yuan(1_100),
            Money::from_yuan(250)
        ]
    );
}

#[test]
fn settings_round_trip_and_defaults() {
    let dir = TempDir::new().unwrap();
    let mut s = open(&dir);
    assert_eq!(s.aging_rules().unwrap(), AgingRules::default());
    let rules = AgingRules {
        edges: BucketEdges::parse("0,15,45").unwrap(),
        long_after_days: 45,
        large_above: Money::from_yuan(50_000),
        margin_percent: 20,
    };
    s.set_aging_rules(&rules).unwrap();
    assert_eq!(s.aging_rules().unwrap(), rules);

    assert_eq!(s.ladder().unwrap(), Ladder::default());
    let ladder = Ladder::new(vec![
        Rung {
            step: StepKind::Phone,
            after_days: 3,
        },
        Rung {
            step: StepKind::Legal,
            after_days: 60,
        },
    ])
    .unwrap();
    s.set_ladder(&ladder).unwrap();
    assert_eq!(s.ladder().unwrap(), ladder);

    let kind = LetterKind::DemandLetter;
    assert_eq!(
        s.letter_template(kind, true).unwrap(),
        default_template(kind, true)
    );
    s.set_letter_template(kind, true, "{customer}：请付款 {total}")
        .unwrap();
    assert_eq!(
        s.letter_template(kind, true).unwrap(),
        "{customer}：请付款 {total}"
    );
    assert_eq!(
        s.letter_template(kind, false).unwrap(),
        default_template(kind, false)
    );
    s.set_letter_template(kind, true, "  ").unwrap();
    assert_eq!(
        s.letter_template(kind, true).unwrap(),
        default_template(kind, true)
    );
}

#[test]
fn statement_and_letter_context() {
    let dir = TempDir::new().unwrap();
    let mut s = open(&dir);
    s.set_setting("shop_name", "美家电器").unwrap();
    let c = customer(&mut s, "王芳");
    sale(&mut s, c, d(1, 10), d(2, 10), 1_000);
    pay(&mut s, c, d(2, 1), 300, None);
    sale(&mut s, c, d(3, 5), d(4, 5), 500);
    pay(&mut s, c, d(3, 5), 200, None);
    sale(&mut s, c, d(5, 1), d(5, 31), 900);

    let st = s.statement(c, d(3, 1), d(3, 31)).unwrap();
    assert_eq!(st.opening, Money::from_yuan(700));
    let kinds: Vec<EntryKind> = st.lines.iter().map(|l| l.movement.kind).collect();
    assert_eq!(kinds, [EntryKind::Sale, EntryKind::Payment]);
    assert_eq!(st.lines[1].movement.reference, "微信");
    assert_eq!(st.closing, Money::from_yuan(1_000));

    let ctx = s.letter_context(c, d(4, 30)).unwrap();
    assert_eq!(ctx.customer, "王芳");
    assert_eq!(ctx.shop, "美家电器");
    let open: Vec<(i64, i64)> = ctx
        .sales
        .iter()
        .map(|l| (l.open.open.fen() / 100, l.open.days_overdue))
        .collect();
    assert_eq!(open, [(500, 79), (500, 25)]);
    assert!(ctx.sales[0].number.starts_with("XS-"));
}

#[test]
fn collection_rows_follow_the_ladder_and_flag_broken_promises() {
    let dir = TempDir::new().unwrap();
    let mut s = open(&dir);
    let c = customer(&mut s, "老赖");
    sale(&mut s, c, d(1, 1), d(3, 1), 2_000);
    let entry = |date, step, promise| LogEntry {
        id: None,
        customer_id: c,
        date,
        step,
        who: "店长".into(),
        said: "答应月底前付一半".into(),
        promise,
        created_at: at(date),
    };
    s.add_collection_entry(&entry(d(3, 2), StepKind::Notice, None))
        .unwrap();
    s.add_collection_entry(&entry(
        d(3, 8),
        StepKind::Phone,
        Some((d(3, 31), Money::from_yuan(1_000))),
    ))
    .unwrap();
    pay(&mut s, c, d(3, 20), 400, None);
    s.set_collection_cause(
        c,
        Some(&CauseRecord {
            cause: Cause::WontPay,
            complaint_id: None,
            note: "有钱不还".into(),
            recorded_at: at(d(3, 9)),
        }),
    )
    .unwrap();

    let rules = AgingRules::default();
    let ladder = Ladder::default();
    // Before the promised day: pending, and the next step waits for it.
    let rows = s
        .collection_rows(&s.aging(d(3, 25), &rules).unwrap(), &ladder)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.oldest_due, d(3, 1));
    assert_eq!(row.position.reached, Some(StepKind::Phone));
    let next = row.position.next.unwrap();
    assert_eq!(next.step, StepKind::DemandLetter);
    assert_eq!(
        next.date,
        d(4, 1),
        "the day after the promise (due + 30 is 31 March)"
    );
    assert_eq!(row.promise.unwrap().state, PromiseState::Pending);
    assert_eq!(row.cause, Some(Cause::WontPay));
    assert_eq!(row.last_entry.as_ref().unwrap().step, StepKind::Phone);

    // After it: only 400 of 1,000 came, so the promise is broken.
    let rows = s
        .collection_rows(&s.aging(d(4, 2), &rules).unwrap(), &ladder)
        .unwrap();
    assert_eq!(rows[0].promise.unwrap().state, PromiseState::Broken);
    assert_eq!(rows[0].position.next.unwrap().date, d(3, 31));
    let promises = s.promises_to_pay(c, d(4, 2)).unwrap();
    assert_eq!(promises.len(), 1);
    assert_eq!(promises[0].state, PromiseState::Broken);

    assert_eq!(s.collection_log(c).unwrap().len(), 2);
    assert_eq!(s.collection_cause(c).unwrap().unwrap().note, "有钱不还");
    s.set_collection_cause(c, None).unwrap();
    assert!(s.collection_cause(c).unwrap().is_none());
    // Removing the customer takes the log along.
    s.delete_customer(c).unwrap();
    assert!(s.collection_log(c).unwrap().is_empty());
}

#[test]
fn credit_sales_past_a_warning_are_recorded_with_the_figures() {
    let dir = TempDir::new().unwrap();
    let mut s = open(&dir);
    let mut card = Customer::new("宏达公司", at(d(1, 1)));
    card.credit_limit = Some(Money::from_yuan(10_000));
    let c = s.save_customer(&card).unwrap();
    sale(&mut s, c, d(1, 5), d(2, 5), 8_000);
    assert!(
        s.credit_warnings(c, Money::from_yuan(2_000), true)
            .unwrap()
            .is_empty()
    );
    let warnings = s.credit_warnings(c, Money::from_yuan(3_000), true).unwrap();
    assert_eq!(
        warnings,
        [CreditWarning::OverLimit {
            limit: Money::from_yuan(10_000),
            owed: Money::from_yuan(8_000),
            after: Money::from_yuan(11_000)
        }]
    );
    assert!(
        s.credit_warnings(c, Money::from_yuan(3_000), false)
            .unwrap()
            .is_empty()
    );
    let new_sale = Sale {
        id: None,
        customer_id: c,
        number: None,
        date: d(2, 1),
        product: "冰柜".into(),
        quantity: 1,
        amount: Money::from_yuan(3_000),
        due_date: d(3, 3),
        terms_days: Some(30),
        note: String::new(),
        created_at: at(d(2, 1)),
    };
    let id = s
        .add_sale_confirmed(&new_sale, &warnings, at(d(2, 1)))
        .unwrap();
    let confirmations = s.credit_confirmations(c).unwrap();
    assert_eq!(confirmations.len(), 1);
    assert_eq!(confirmations[0].sale_id, Some(id));
    assert_eq!(confirmations[0].warning, "over_limit");
    assert_eq!(confirmations[0].owed, Money::from_yuan(8_000));
    let over = s.customers_over_limit().unwrap();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].2, Money::from_yuan(11_000));
}

#[test]
fn abc_classes_are_written_back_and_overrides_stay() {
    let dir = TempDir::new().unwrap();
    let mut s = open(&dir);
    let today = d(11, 23);
    let big = customer(&mut s, "大客户");
    let mid = customer(&mut s, "中客户");
    let small = customer(&mut s, "小客户");
    let none = customer(&mut s, "没买过");
    let mut card = s.customer(small).unwrap().unwrap();
    card.class_override = Some(CustomerClass::A);
    s.save_customer(&card).unwrap();
    sale(&mut s, big, d(6, 1), d(6, 1), 7_500);
    sale(&mut s, mid, d(6, 1), d(6, 1), 1_600);
    sale(&mut s, small, d(6, 1), d(6, 1), 900);
    // Older than twelve months: does not count.
    sale(
        &mut s,
        none,
        NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(),
        d(1, 1),
        99_000,
    );

    let update = s.refresh_abc_if_stale(today).unwrap().unwrap();
    assert_eq!(update.mix, [1, 1, 2]);
    assert!(
        s.refresh_abc_if_stale(today).unwrap().is_none(),
        "nothing changed"
    );
    let report = s.abc_report(today).unwrap();
    let classes: Vec<(CustomerId, CustomerClass, Option<CustomerClass>)> = report
        .iter()
        .map(|r| (r.customer_id, r.computed, r.manual))
        .collect();
    assert_eq!(
        classes,
        [
            (big, CustomerClass::A, None),
            (mid, CustomerClass::B, None),
            (small, CustomerClass::C, Some(CustomerClass::A)),
            (none, CustomerClass::C, None)
        ]
    );
    assert_eq!(report[2].class(), CustomerClass::A);
    let summary = s.customer_summary(small).unwrap().unwrap();
    assert_eq!(summary.class, CustomerClass::A);
    assert!(summary.class_is_manual);
    assert_eq!(
        s.customer(mid).unwrap().unwrap().class_computed,
        Some(CustomerClass::B)
    );
    // A new sale makes the classes stale again.
    sale(&mut s, mid, d(11, 1), d(11, 1), 20_000);
    let update = s.refresh_abc_if_stale(today).unwrap().unwrap();
    assert_eq!(update.changed, 2);
}

#[test]
fn drifting_customers_and_retention_notes() {
    let dir = TempDir::new().unwrap();
    let mut s = open(&dir);
    let today = d(11, 23);
    let regular = customer(&mut s, "老主顾");
    for day in [d(3, 1), d(4, 1), d(5, 1), d(6, 1)] {
        sale(&mut s, regular, day, day, 1_000);
    }
    let steady = customer(&mut s, "常来");
    for day in [d(9, 1), d(10, 1), d(11, 1)] {
        sale(&mut s, steady, day, day, 100);
    }
    let list = s.drifting(today).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].customer_id, regular);
    assert_eq!(list[0].last_purchase, Some(d(6, 1)));
    assert!(matches!(
        list[0].signals[0],
        Signal::Overdue { usual: 31, .. }
    ));

    let note = RetentionNote {
        id: None,
        customer_id: regular,
        date: d(11, 20),
        reason: LeaveReason::Competitor,
        attempt: "送上门保养一次，给老客户价".into(),
        outcome: Outcome::Pending,
        created_at: at(d(11, 20)),
    };
    let id = s.add_retention_note(&note).unwrap();
    s.set_retention_outcome(id, Outcome::Retained).unwrap();
    let notes = s.retention_notes(regular).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].outcome, Outcome::Retained);
    let list = s.drifting(today).unwrap();
    assert_eq!(
        list[0].last_note.as_ref().unwrap().reason,
        LeaveReason::Competitor
    );
    s.delete_retention_note(id).unwrap();
    assert!(s.retention_notes(regular).unwrap().is_empty());
}
