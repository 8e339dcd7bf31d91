//! Complaints, returns, quality alerts and photo evidence on temporary
//! books: a case read back as saved, the return an agreed refund records
//! and what it does to the balance, alerts acknowledged until the next
//! quality return, and complaint follow-ups in the agenda (photos: `photos.rs`).

use chrono::{NaiveDate, NaiveDateTime};
use genjin::agenda::AgendaBook;
use genjin::domain::calendar::OccasionKind;
use genjin::domain::complaint::{
    Approval, Complaint, ComplaintChannel, ComplaintRules, ComplaintSource, ComplaintStatus, Step,
};
use genjin::domain::customer::{Customer, CustomerId};
use genjin::domain::money::Money;
use genjin::domain::returns::{AlertRule, RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use genjin::domain::sale::Sale;
use genjin::domain::warranty::{GoodsCondition, Remedy, Responsible};
use genjin::store::Store;
use tempfile::TempDir;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a valid date")
}

fn at(d: u32, h: u32) -> NaiveDateTime {
    day(d).and_hms_opt(h, 0, 0).expect("a valid time")
}

fn open(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("book.sqlite")).expect("the test book opens")
}

fn customer(store: &mut Store, name: &str) -> CustomerId {
    store
        .save_customer(&Customer::new(name, at(1, 9)))
        .expect("the test book saves the card")
}

fn sale(store: &mut Store, customer: CustomerId, product: &str, date: NaiveDate, yuan: i64) -> i64 {
    store
        .add_sale(&Sale {
            id: None,
            customer_id: customer,
            number: None,
            date,
            product: product.into(),
            quantity: 1,
            amount: Money::from_yuan(yuan),
            due_date: date,
            terms_days: None,
            note: String::new(),
            created_at: at(1, 9),
        })
        .expect("the test book records the sale")
}

/// A case walked to the Solution step about a sale.
fn case_at_solution(customer: CustomerId, sale: i64) -> Complaint {
    let mut c = Complaint::new(customer, at(20, 10));
    c.channel = Some(ComplaintChannel::OnSite);
    c.source = Some(ComplaintSource::Product);
    c.words = "用了三天就不制热了".into();
    c.emotion = Some(3);
    c.apologized_at = Some(at(20, 10));
    c.sale_id = Some(sale);
    c.product = "暖风机".into();
    c.purchase_date = Some(day(15));
    c.what_happened = "通电后风扇转，不出热风".into();
    c.severity = Some(2);
    c.responsible = Some(Responsible::Supplier);
    c.condition = Some(GoodsCondition::Used);
    c.step = Step::Solution;
    c
}

fn quality_return(product: &str, date: NaiveDate) -> ReturnEntry {
    ReturnEntry {
        id: None,
        date,
        customer_id: None,
        sale_id: None,
        product: product.into(),
        quantity: 1,
        reason: ReturnReason::Quality,
        condition: GoodsCondition::Used,
        outcome: ReturnOutcome::Exchange,
        refund: Money::ZERO,
        refund_to: RefundTo::PaidOut,
        note: String::new(),
        complaint_id: None,
    }
}

#[test]
fn a_case_reads_back_as_saved_at_every_step() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let rules = ComplaintRules::default();
    let who = customer(&mut store, "周敏");
    let bought = sale(&mut store, who, "暖风机", day(15), 299);
    let mut c = Complaint::new(who, at(20, 10));
    c.words = "说好今天送货，一直没人来".into();
    let id = store.save_complaint(&c, &rules).unwrap();
    c.id = Some(id);
    assert_eq!(store.complaint(id).unwrap(), c);
    assert_eq!(
        store.complaint_summaries().unwrap()[0].status,
        ComplaintStatus::Draft
    );

    let mut c = case_at_solution(who, bought);
    c.id = Some(id);
    c.remedy = Some(Remedy::Exchange);
    c.compensation = genjin::domain::complaint::CompensationKind::Gift;
    c.compensation_gift = "保温杯".into();
    c.approval = Some(Approval {
        manager: "李店长".into(),
        at: at(20, 11),
    });
    store.save_complaint(&c, &rules).unwrap();
    assert_eq!(store.complaint(id).unwrap(), c);
    let listed = &store.complaints_of(who).unwrap()[0];
    assert_eq!(listed.status, ComplaintStatus::Open);
    assert_eq!(listed.customer_name, "周敏");
    assert_eq!(listed.remedy, Some(Remedy::Exchange));
}

#[test]
fn an_accepted_refund_to_the_account_is_a_return_that_lowers_the_balance() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let rules = ComplaintRules::default();
    let who = customer(&mut store, "孙立");
    let bought = sale(&mut store, who, "暖风机", day(15), 299);
    assert_eq!(store.balance_of(who).unwrap(), Money::from_yuan(299));

    let mut c = case_at_solution(who, bought);
    c.remedy = Some(Remedy::Refund);
    c.refund = Money::from_yuan(299);
    c.refund_to = RefundTo::Account;
    c.advance(&rules, day(20)).unwrap();
    let id = store.save_complaint(&c, &rules).unwrap();
    c.id = Some(id);
    // Proposed but not yet accepted: nothing is recorded.
    assert!(store.returns().unwrap().is_empty());

    c.accepted = Some(true);
    c.satisfaction = Some(4);
    c.advance(&rules, day(20)).unwrap();
    store.save_complaint(&c, &rules).unwrap();
    let returns = store.returns_of(who).unwrap();
    assert_eq!(returns.len(), 1);
    let r = &returns[0].entry;
    assert_eq!(r.complaint_id, Some(id));
    assert_eq!(r.outcome, ReturnOutcome::Refund);
    assert_eq!(r.reason, ReturnReason::Quality);
    assert_eq!(r.refund, Money::from_yuan(299));
    assert_eq!(store.balance_of(who).unwrap(), Money::ZERO);
    let summary = store
        .customer_summaries()
        .unwrap()
        .into_iter()
        .find(|s| s.id == who)
        .unwrap();
    assert_eq!(summary.balance, Money::ZERO);

    // Saving the case again keeps one return, not two.
    store.save_complaint(&c, &rules).unwrap();
    assert_eq!(store.returns().unwrap().len(), 1);

    // Paid out instead: the sale was paid back, so the balance stands.
    c.refund_to = RefundTo::PaidOut;
    store.save_complaint(&c, &rules).unwrap();
    assert_eq!(store.balance_of(who).unwrap(), Money::from_yuan(299));

    // Back to a repair: the return goes.
    c.remedy = Some(Remedy::RepairShop);
    store.save_complaint(&c, &rules).unwrap();
    assert!(store.returns().unwrap().is_empty());
}

#[test]
fn raising_the_authority_limit_releases_a_waiting_case() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let mut rules = store.complaint_rules().unwrap();
    assert_eq!(rules, ComplaintRules::default());
    let who = customer(&mut store, "钱程");
    let bought = sale(&mut store, who, "空气炸锅", day(15), 800);
    let mut c = case_at_solution(who, bought);
    c.remedy = Some(Remedy::Refund);
    c.refund = Money::from_yuan(800);
    c.step = Step::Opinion;
    store.save_complaint(&c, &rules).unwrap();
    assert_eq!(
        store.complaint_summaries().unwrap()[0].status,
        ComplaintStatus::AwaitingApproval
    );
    rules.authority_limit = Money::from_yuan(1000);
    store.set_complaint_rules(&rules).unwrap();
    assert_eq!(store.complaint_rules().unwrap(), rules);
    assert_eq!(
        store.complaint_summaries().unwrap()[0].status,
        ComplaintStatus::Open
    );
}

#[test]
fn a_quality_alert_stays_quiet_after_acknowledgement_until_the_next_return() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    for d in [2, 10] {
        store
            .save_return(&quality_return("电热水壶 K1", day(d)))
            .unwrap();
    }
    // A return for another reason does not count.
    let mut changed_mind = quality_return("电热水壶 K1", day(12));
    changed_mind.reason = ReturnReason::ChangedMind;
    store.save_return(&changed_mind).unwrap();
    assert!(store.quality_alerts(day(20)).unwrap().is_empty());

    store
        .save_return(&quality_return("电热水壶  k1", day(19)))
        .unwrap();
    let alerts = store.quality_alerts(day(20)).unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].alert.count, 3);
    assert_eq!(alerts[0].alert.product, "电热水壶  k1");
    assert!(alerts[0].acknowledged.is_none());

    store
        .acknowledge_alert(&alerts[0].alert, "已通知厂家，暂停销售")
        .unwrap();
    let alerts = store.quality_alerts(day(20)).unwrap();
    assert_eq!(
        alerts[0].acknowledged.as_ref().unwrap().note,
        "已通知厂家，暂停销售"
    );

    store
        .save_return(&quality_return("电热水壶 K1", day(21)))
        .unwrap();
    let alerts = store.quality_alerts(day(21)).unwrap();
    assert_eq!(alerts[0].alert.count, 4);
    assert!(alerts[0].acknowledged.is_none(), "a new return wakes it");

    // Outside the window (2 Nov is 31 days before 3 Dec) the count drops.
    store
        .set_alert_rule(AlertRule { count: 4, days: 30 })
        .unwrap();
    let dec3 = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    assert!(store.quality_alerts(dec3).unwrap().is_empty());
}

#[test]
fn walk_in_returns_are_kept_and_listed_newest_first() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let mut first = quality_return("台灯", day(3));
    first.outcome = ReturnOutcome::Refund;
    first.refund = Money::from_yuan(45);
    store.save_return(&first).unwrap();
    store.save_return(&quality_return("风扇", day(9))).unwrap();
    let rows = store.returns().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].entry.product, "风扇");
    assert_eq!(rows[1].entry.refund, Money::from_yuan(45));
    assert_eq!(rows[1].customer_name, None);
}

#[test]
fn follow_ups_of_open_cases_are_on_the_agenda_and_closed_ones_are_not() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let rules = ComplaintRules::default();
    let who = customer(&mut store, "郑洁");
    let bought = sale(&mut store, who, "电饭煲", day(15), 399);
    let mut c = case_at_solution(who, bought);
    c.remedy = Some(Remedy::RepairShop);
    c.advance(&rules, day(20)).unwrap();
    c.accepted = Some(true);
    c.satisfaction = Some(4);
    c.advance(&rules, day(20)).unwrap();
    assert_eq!(c.follow_up_date, Some(day(23)));
    let id = store.save_complaint(&c, &rules).unwrap();
    c.id = Some(id);

    let lead = store.lead_days().unwrap();
    let mut book = AgendaBook::load(&store).unwrap();
    let items = book.agenda(day(22), &lead, &Default::default());
    let follow_ups: Vec<_> = items
        .iter()
        .filter(|i| i.occasion.kind == OccasionKind::ComplaintFollowUp)
        .collect();
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].occasion.customer, Some(who));
    assert_eq!(follow_ups[0].occasion.date, day(23));
    // Overdue ones are carried to today.
    let items = book.agenda(day(25), &lead, &Default::default());
    assert!(
        items
            .iter()
            .any(|i| i.occasion.kind == OccasionKind::ComplaintFollowUp
                && i.occasion.date == day(25))
    );

    c.follow_up_result = "修好了，用着正常".into();
    c.close(&rules, at(23, 15)).unwrap();
    store.save_complaint(&c, &rules).unwrap();
    let mut book = AgendaBook::load(&store).unwrap();
    let items = book.agenda(day(22), &lead, &Default::default());
    assert!(
        !items
            .iter()
            .any(|i| i.occasion.kind == OccasionKind::ComplaintFollowUp)
    );
}

#[test]
fn a_case_and_its_typed_fields_resume_after_the_book_is_reopened() {
    let dir = TempDir::new().unwrap();
    let rules = ComplaintRules::default();
    let (id, who) = {
        let mut store = open(&dir);
        let who = customer(&mut store, "冯丽");
        let bought = sale(&mut store, who, "暖风机", day(15), 299);
        let mut c = case_at_solution(who, bought);
        c.step = Step::Facts;
        let id = store.save_complaint(&c, &rules).unwrap();
        // What was typed but does not parse yet stays as typed.
        store
            .save_draft(
                genjin::store::drafts::kinds::COMPLAINT,
                &id.to_string(),
                r#"{"typed":{"purchase_date":"2026-11-3"}}"#,
            )
            .unwrap();
        (id, who)
    };
    let store = open(&dir);
    let c = store.complaint(id).unwrap();
    assert_eq!(c.step, Step::Facts);
    assert_eq!(c.customer_id, who);
    assert_eq!(c.words, "用了三天就不制热了");
    let draft = store
        .draft(genjin::store::drafts::kinds::COMPLAINT, &id.to_string())
        .unwrap()
        .unwrap();
    assert!(draft.body.contains("2026-11-3"));
}
