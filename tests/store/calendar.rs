//! The calendar's reads and settings on temporary books: customers' dates,
//! cadence and next-contact occasions from the real tables, the shop's own
//! statutory days, and the settings with their defaults.

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::calendar::OccasionKind;
use genjin::domain::calendar::agenda::{
    Cadence, CadenceDue, Detail, PersonalDays, PlannedContacts, occasions,
};
use genjin::domain::calendar::personal::DateIndex;
use genjin::domain::calendar::statutory::StatutoryDay;
use genjin::domain::calendar::year::YearCalendar;
use genjin::domain::contact::{ContactChannel, ContactEntry, ContactPurpose};
use genjin::domain::customer::{
    CustomDate, Customer, CustomerClass, CustomerId, FamilyMember, Relation,
};
use genjin::domain::promise::{Recurrence, ServicePromise};
use genjin::domain::yearly::YearlyDate;
use genjin::store::{Store, StoreError};
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(10, 0, 0).expect("a valid time")
}

fn open(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("book.sqlite")).expect("the test book opens")
}

fn save(store: &mut Store, card: Customer) -> CustomerId {
    store
        .save_customer(&card)
        .expect("the test book saves the card")
}

fn contact(store: &mut Store, id: CustomerId, when: NaiveDateTime, next: Option<NaiveDate>) {
    store
        .add_contact(&ContactEntry {
            id: None,
            customer_id: id,
            at: when,
            channel: ContactChannel::Phone,
            purpose: ContactPurpose::Greeting,
            summary: "问候".into(),
            outcome: String::new(),
            referral_asked: false,
            next_contact: next,
        })
        .expect("the test book logs the contact");
}

#[test]
fn customer_dates_gather_every_date_contact_and_promise() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let mut wang = Customer::new("王芳", at(2025, 3, 1));
    wang.class_override = Some(CustomerClass::A);
    wang.birthday = Some(YearlyDate::lunar(Some(1966), 8, false, 15).unwrap());
    wang.anniversary = Some(YearlyDate::solar(Some(1990), 10, 2).unwrap());
    wang.family.push(FamilyMember {
        relation: Relation::Spouse,
        name: "李强".into(),
        birthday: Some(YearlyDate::solar(Some(1964), 11, 26).unwrap()),
        note: String::new(),
    });
    wang.custom_dates.push(CustomDate {
        label: "开店纪念日".into(),
        date: YearlyDate::solar(None, 6, 18).unwrap(),
    });
    let wang = save(&mut store, wang);
    let mut quiet = Customer::new("赵静", at(2025, 3, 1));
    quiet.do_not_contact = true;
    quiet.cadence_days = Some(10);
    let quiet = save(&mut store, quiet);
    contact(&mut store, wang, at(2026, 9, 1), Some(day(2026, 11, 20)));
    contact(&mut store, wang, at(2026, 10, 1), None);
    store
        .save_promise(&ServicePromise {
            id: None,
            customer_id: wang,
            description: "空调清洗".into(),
            first_due: day(2026, 12, 1),
            recurrence: Recurrence::Once,
            ended: false,
            created_at: at(2026, 6, 1),
            records: Vec::new(),
        })
        .unwrap();

    let all = store.customer_dates().unwrap();
    assert_eq!(all.len(), 2);
    let w = &all[0];
    assert_eq!((w.id, w.class), (wang, CustomerClass::A));
    let kinds: Vec<_> = w.dates.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            OccasionKind::Birthday,
            OccasionKind::Anniversary,
            OccasionKind::FamilyBirthday,
            OccasionKind::CustomDate
        ]
    );
    assert_eq!(w.dates[2].relation, Some(Relation::Spouse));
    assert_eq!(w.dates[2].label, "李强");
    assert_eq!(w.last_contact, Some(at(2026, 10, 1)));
    // The newest contact planning a next one decides.
    assert_eq!(w.next_contact, Some(day(2026, 11, 20)));
    assert_eq!(w.promises.len(), 1);
    assert_eq!(w.promises[0].due, day(2026, 12, 1));
    let q = &all[1];
    assert_eq!(q.id, quiet);
    assert!(q.do_not_contact);
    assert_eq!(q.cadence_days, Some(10));
    assert_eq!(q.class, CustomerClass::C);
}

#[test]
fn cadence_and_next_contact_occasions_follow_the_log() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let mut a = Customer::new("甲", at(2026, 1, 1));
    a.class_override = Some(CustomerClass::A);
    let a = save(&mut store, a);
    let c = save(&mut store, Customer::new("丙", at(2026, 1, 1)));
    contact(&mut store, a, at(2026, 10, 20), Some(day(2026, 11, 25)));
    contact(&mut store, c, at(2026, 8, 18), None);
    store
        .set_cadence(Cadence {
            a: 30,
            b: 60,
            c: 99,
        })
        .unwrap();

    let today = day(2026, 11, 23);
    let run = |store: &Store| {
        let customers = store.customer_dates().unwrap();
        let cadence = CadenceDue {
            customers: &customers,
            cadence: store.cadence().unwrap(),
            carry_overdue: true,
        };
        let planned = PlannedContacts {
            customers: &customers,
            carry_overdue: true,
        };
        occasions(&[&cadence, &planned], today, day(2026, 11, 30))
            .into_iter()
            .map(|o| (o.date, o.kind, o.customer.unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(&store),
        [
            (today, OccasionKind::CadenceDue, a),
            // Same day: the A-class customer first.
            (day(2026, 11, 25), OccasionKind::NextContact, a),
            (day(2026, 11, 25), OccasionKind::CadenceDue, c),
        ]
    );
    // Any contact resets the cadence and makes the planned contact.
    contact(&mut store, a, at(2026, 11, 23), None);
    assert_eq!(
        run(&store),
        [(day(2026, 11, 25), OccasionKind::CadenceDue, c)]
    );
}

#[test]
fn a_family_birthday_reaches_the_agenda_with_its_age() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let mut wang = Customer::new("王芳", at(2026, 1, 1));
    wang.family.push(FamilyMember {
        relation: Relation::Spouse,
        name: "李强".into(),
        birthday: Some(YearlyDate::solar(Some(1966), 11, 26).unwrap()),
        note: String::new(),
    });
    save(&mut store, wang);
    let customers = store.customer_dates().unwrap();
    let index = DateIndex::build(&customers);
    let personal = PersonalDays {
        customers: &customers,
        index: &index,
    };
    let found = occasions(&[&personal], day(2026, 11, 23), day(2026, 11, 30));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].date, day(2026, 11, 26));
    assert_eq!(
        found[0].detail,
        Detail::FamilyBirthday {
            relation: Some(Relation::Spouse),
            name: "李强".into(),
            age: Some(60)
        }
    );
    assert_eq!(
        found[0].detail_text(),
        "birthday of the spouse 李强, turns 60"
    );
}

#[test]
fn the_shops_statutory_days_cover_a_year_without_built_in_data() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    assert!(!YearCalendar::compute(2027, &store.statutory_days().unwrap()).has_statutory_data);
    let schedule = [
        StatutoryDay {
            date: day(2027, 2, 6),
            name: "春节".into(),
            off: true,
        },
        StatutoryDay {
            date: day(2027, 2, 14),
            name: "春节".into(),
            off: false,
        },
    ];
    store.replace_statutory_year(2027, &schedule).unwrap();
    let own = store.statutory_days().unwrap();
    assert_eq!(own, schedule);
    let cal = YearCalendar::compute(2027, &own);
    assert!(cal.has_statutory_data);
    assert!(
        cal.on(day(2027, 2, 14))
            .iter()
            .any(|m| m.kind == OccasionKind::HolidayWorkday)
    );

    // Replacing the year again drops what the new schedule lacks.
    store.replace_statutory_year(2027, &schedule[..1]).unwrap();
    assert_eq!(store.statutory_days().unwrap(), schedule[..1]);
    // A day of another year is refused and nothing changes.
    let wrong = [StatutoryDay {
        date: day(2028, 1, 1),
        name: "元旦".into(),
        off: true,
    }];
    assert!(matches!(
        store.replace_statutory_year(2027, &wrong),
        Err(StoreError::OutsideYear { year: 2027, .. })
    ));
    assert_eq!(store.statutory_days().unwrap(), schedule[..1]);
    store.delete_statutory_day(day(2027, 2, 6)).unwrap();
    assert!(store.statutory_days().unwrap().is_empty());
}

#[test]
fn settings_default_and_survive_reopening() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    assert_eq!(store.cadence().unwrap(), Cadence::default());
    assert_eq!(store.lead_days().unwrap().get(OccasionKind::Birthday), 3);
    store.set_lead_days(OccasionKind::Birthday, 5).unwrap();
    store
        .set_cadence(Cadence {
            a: 20,
            b: 45,
            c: 120,
        })
        .unwrap();
    // A value that is not a number is ignored.
    store.set_setting("cadence_b", "soon").unwrap();
    drop(store);
    let store = open(&dir);
    assert_eq!(
        store.cadence().unwrap(),
        Cadence {
            a: 20,
            b: 60,
            c: 120
        }
    );
    assert_eq!(store.lead_days().unwrap().get(OccasionKind::Birthday), 5);
    assert_eq!(store.lead_days().unwrap().get(OccasionKind::Festival), 7);
}

#[test]
fn snoozes_persist_until_their_day_and_go_with_the_customer() {
    use genjin::domain::calendar::agenda::OccasionKey;
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = save(&mut store, Customer::new("王芳", at(2026, 1, 1)));
    let key = OccasionKey {
        kind: OccasionKind::Birthday,
        customer: id,
        date: day(2026, 11, 26),
        title: "Birthday".into(),
    };
    let festival = OccasionKey {
        kind: OccasionKind::Festival,
        customer: 0,
        date: day(2026, 12, 22),
        title: "冬至".into(),
    };
    let today = day(2026, 11, 23);
    store.snooze(&key, day(2026, 11, 25), today).unwrap();
    store.snooze(&festival, day(2026, 11, 24), today).unwrap();
    // Snoozing again moves the day.
    store.snooze(&key, day(2026, 11, 26), today).unwrap();
    drop(store);
    let mut store = open(&dir);
    let snoozed = store.agenda_snoozes().unwrap();
    assert_eq!(snoozed.get(&key), Some(&day(2026, 11, 26)));
    assert_eq!(snoozed.get(&festival), Some(&day(2026, 11, 24)));
    // A snooze whose day has come is cleared by the next snooze.
    let other = OccasionKey {
        title: "开店纪念日".into(),
        kind: OccasionKind::CustomDate,
        ..key.clone()
    };
    store
        .snooze(&other, day(2026, 12, 1), day(2026, 11, 24))
        .unwrap();
    let snoozed = store.agenda_snoozes().unwrap();
    assert!(!snoozed.contains_key(&festival));
    assert_eq!(snoozed.len(), 2);
    store.delete_customer(id).unwrap();
    assert!(store.agenda_snoozes().unwrap().is_empty());
}
