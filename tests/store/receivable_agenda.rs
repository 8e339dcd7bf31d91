//! Receivables on the agenda, read from a temporary book: the next
//! collection step of an overdue customer (carried to today when missed,
//! overdue on the agenda), a payment falling due (entering three days
//! ahead), a promise to pay pushing the step back, do-not-contact customers
//! left out, and the ledger read as of the day the book is loaded for.

use std::collections::HashMap;

use chrono::NaiveDate;
use genjin::agenda::AgendaBook;
use genjin::domain::calendar::OccasionKind;
use genjin::domain::calendar::agenda::{Bucket, Detail, LeadDays};
use genjin::domain::customer::{Customer, CustomerId};
use genjin::domain::money::Money;
use genjin::domain::receivables::ladder::{LogEntry, StepKind};
use genjin::domain::sale::Sale;
use genjin::store::Store;
use tempfile::TempDir;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

fn customer(store: &mut Store, name: &str, quiet: bool) -> CustomerId {
    let mut c = Customer::new(name, d(1, 2).and_hms_opt(9, 0, 0).expect("a valid time"));
    c.do_not_contact = quiet;
    store
        .save_customer(&c)
        .expect("the test book saves the card")
}

fn sale(store: &mut Store, customer: CustomerId, number: &str, due: NaiveDate, yuan: i64) {
    store
        .add_sale(&Sale {
            id: None,
            customer_id: customer,
            number: Some(number.into()),
            date: d(10, 1),
            product: "空调".into(),
            quantity: 1,
            amount: Money::from_yuan(yuan),
            due_date: due,
            terms_days: None,
            note: String::new(),
            created_at: d(10, 1).and_hms_opt(10, 0, 0).expect("a valid time"),
        })
        .expect("the test book records the sale");
}

/// The receivable items of an occasion list: kind, customer, date.
fn receivables(
    list: impl IntoIterator<Item = (OccasionKind, Option<CustomerId>, NaiveDate)>,
) -> Vec<(OccasionKind, Option<CustomerId>, NaiveDate)> {
    list.into_iter()
        .filter(|(k, _, _)| {
            matches!(
                k,
                OccasionKind::CollectionStep | OccasionKind::ReceivableDue
            )
        })
        .collect()
}

#[test]
fn collection_steps_and_payments_due_reach_the_agenda() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    let late = customer(&mut store, "张三", false);
    let soon = customer(&mut store, "李四", false);
    let quiet = customer(&mut store, "钱七", true);
    // 张三: ¥1,200 due 10 Nov, 13 days overdue on the 23rd; no step taken,
    // so the overdue notice (due + 1 day) was missed on 11 Nov.
    sale(&mut store, late, "XS2026-000001", d(11, 10), 1_200);
    // 李四: ¥3,000 due 25 Nov.
    sale(&mut store, soon, "XS2026-000002", d(11, 25), 3_000);
    // 钱七 owes too but is never contacted.
    sale(&mut store, quiet, "XS2026-000003", d(11, 1), 500);
    sale(&mut store, quiet, "XS2026-000004", d(11, 26), 500);

    let today = d(11, 23);
    let lead = LeadDays::default();
    let mut book = AgendaBook::load_on(&store, today).unwrap();
    let items = book.agenda(today, &lead, &HashMap::new());
    let got: Vec<_> = items
        .iter()
        .filter(|i| {
            matches!(
                i.occasion.kind,
                OccasionKind::CollectionStep | OccasionKind::ReceivableDue
            )
        })
        .map(|i| (i.bucket, i.occasion.kind, i.occasion.customer, i.days_until))
        .collect();
    assert_eq!(
        got,
        [
            (Bucket::Today, OccasionKind::ReceivableDue, Some(soon), 2),
            (
                Bucket::Overdue,
                OccasionKind::CollectionStep,
                Some(late),
                -12
            ),
        ]
    );
    let step = items
        .iter()
        .find(|i| i.occasion.kind == OccasionKind::CollectionStep)
        .unwrap();
    assert_eq!(
        step.occasion.detail,
        Detail::CollectionStep {
            step: StepKind::Notice,
            date: d(11, 11),
            oldest_overdue_days: 13,
            overdue: Money::from_yuan(1_200),
        }
    );

    // A calendar page shows each on its own day: the missed notice is not
    // carried into the page of the days after it.
    let page = book.days(today, d(11, 30));
    let page = receivables(page.iter().map(|o| (o.kind, o.customer, o.date)));
    assert_eq!(page, [(OccasionKind::ReceivableDue, Some(soon), d(11, 25))]);

    // Once the notice and a call are logged, the demand letter waits for its
    // day (due + 30 = 10 Dec); a promise to pay by 15 Dec pushes it past that.
    for (date, step) in [(d(11, 12), StepKind::Notice), (d(11, 17), StepKind::Phone)] {
        store
            .add_collection_entry(&LogEntry {
                id: None,
                customer_id: late,
                date,
                step,
                who: String::new(),
                said: String::new(),
                promise: (step == StepKind::Phone).then_some((d(12, 15), Money::from_yuan(1_200))),
                created_at: date.and_hms_opt(15, 0, 0).unwrap(),
            })
            .unwrap();
    }
    let mut book = AgendaBook::load_on(&store, today).unwrap();
    let span = book.occasions(today, d(12, 31));
    assert_eq!(
        receivables(span.iter().map(|o| (o.kind, o.customer, o.date))),
        [
            (OccasionKind::ReceivableDue, Some(soon), d(11, 25)),
            (OccasionKind::CollectionStep, Some(late), d(12, 16)),
        ]
    );
    assert_eq!(
        span.iter()
            .find(|o| o.kind == OccasionKind::CollectionStep)
            .unwrap()
            .detail_text(),
        "collection: demand letter, 13 days overdue, ¥1,200.00 overdue"
    );

    // Loaded as of 1 Nov, nothing was overdue yet: both sales are due later.
    let mut book = AgendaBook::load_on(&store, d(11, 1)).unwrap();
    let early = book.occasions(d(11, 1), d(11, 30));
    assert_eq!(
        receivables(early.iter().map(|o| (o.kind, o.customer, o.date))),
        [
            (OccasionKind::ReceivableDue, Some(late), d(11, 10)),
            (OccasionKind::ReceivableDue, Some(soon), d(11, 25)),
        ]
    );
}
