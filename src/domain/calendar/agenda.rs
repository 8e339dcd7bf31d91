//! Occasions over a span of days, gathered from a list of sources: the
//! calendar-wide days, customers' own dates, contact cadence, next-contact
//! dates and service promises, complaint follow-ups, the next collection
//! step of an overdue customer and the due dates of open credit sales.
//! Later features add their own source by implementing [`OccasionSource`].
//!
//! Do-not-contact customers never produce an occasion. Occasions sort by
//! date, then A-class customers first, then by kind and name.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::kind::OccasionKind;
use super::personal::{CustomerDates, DateIndex, DateRef};
use super::year::YearCalendar;
use crate::domain::customer::{CustomerClass, CustomerId, Relation};
use crate::domain::money::Money;
use crate::domain::receivables::ladder::StepKind;

/// Why an occasion is worth a contact, as data (the UI and the CLI word it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Detail {
    /// A calendar-wide day; `code` names it for translation (may be empty).
    Calendar {
        code: &'static str,
    },
    /// `age` when the year of birth is known.
    Birthday {
        age: Option<i32>,
    },
    FamilyBirthday {
        relation: Option<Relation>,
        name: String,
        age: Option<i32>,
    },
    Anniversary {
        years: Option<i32>,
    },
    CustomDate {
        label: String,
    },
    /// The last contact (or the card's creation) was `days` days ago.
    CadenceDue {
        days: i64,
        cadence: u32,
        never: bool,
    },
    /// Planned for `planned`, which may be before the occasion's date.
    NextContact {
        planned: NaiveDate,
    },
    Promise {
        title: String,
        due: NaiveDate,
    },
    /// A complaint case's follow-up check.
    ComplaintFollowUp {
        complaint: i64,
        product: String,
        due: NaiveDate,
    },
    /// An overdue customer's next collection step, planned for `date`.
    CollectionStep {
        step: StepKind,
        date: NaiveDate,
        oldest_overdue_days: u32,
        overdue: Money,
    },
    /// An open credit sale falling due on `due`.
    ReceivableDue {
        sale: String,
        product: String,
        open: Money,
        due: NaiveDate,
    },
}

/// One thing on the calendar or the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct Occasion {
    pub date: NaiveDate,
    pub kind: OccasionKind,
    /// The calendar day's Chinese name (中秋节), the custom date's label or
    /// the promise; for other customer items a short English title (the UI
    /// words those per language from `kind` and `detail`).
    pub title: Cow<'static, str>,
    pub customer: Option<CustomerId>,
    /// Shared with the customer's [`CustomerDates`]: no copy per occasion.
    pub customer_name: Option<Arc<str>>,
    pub class: Option<CustomerClass>,
    pub detail: Detail,
}

impl Occasion {
    /// The English sentence the CLI prints (the UI words it per language).
    pub fn detail_text(&self) -> String {
        match &self.detail {
            Detail::Calendar { .. } => String::new(),
            Detail::Birthday { age: Some(age) } => format!("turns {age}"),
            Detail::Birthday { age: None } => "birthday".into(),
            Detail::FamilyBirthday {
                relation,
                name,
                age,
            } => {
                let who = match relation {
                    Some(Relation::Spouse) => "spouse",
                    Some(Relation::Child) => "child",
                    Some(Relation::Parent) => "parent",
                    _ => "family member",
                };
                let named = if name.is_empty() {
                    who.to_string()
                } else {
                    format!("{who} {name}")
                };
                match age {
                    Some(age) => format!("birthday of the {named}, turns {age}"),
                    None => format!("birthday of the {named}"),
                }
            }
            Detail::Anniversary { years: Some(y) } => format!("wedding anniversary, {y} years"),
            Detail::Anniversary { years: None } => "wedding anniversary".into(),
            Detail::CustomDate { label } => label.clone(),
            Detail::CadenceDue {
                never: true,
                days,
                cadence,
            } => {
                format!("never contacted, card created {days} days ago, cadence {cadence}")
            }
            Detail::CadenceDue { days, cadence, .. } => {
                format!("not contacted for {days} days, cadence {cadence}")
            }
            Detail::NextContact { planned } => format!("next contact planned for {planned}"),
            Detail::Promise { title, due } => format!("{title} (due {due})"),
            Detail::ComplaintFollowUp {
                complaint,
                product,
                due,
            } => {
                let about = if product.is_empty() {
                    String::new()
                } else {
                    format!(" about {product}")
                };
                format!("follow up complaint #{complaint}{about} (due {due})")
            }
            Detail::CollectionStep {
                step,
                oldest_overdue_days,
                overdue,
                ..
            } => format!(
                "collection: {}, {oldest_overdue_days} days overdue, {overdue} overdue",
                step_words(*step)
            ),
            Detail::ReceivableDue {
                sale,
                product,
                open,
                ..
            } => {
                let what: Vec<&str> = [sale.as_str(), product.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                format!("payment due for {} {open}", what.join(" "))
            }
        }
    }
}

/// A collection step in English words (the CLI's and the titles' wording).
pub fn step_words(step: StepKind) -> &'static str {
    match step {
        StepKind::Notice => "overdue notice",
        StepKind::Phone => "phone call",
        StepKind::DemandLetter => "demand letter",
        StepKind::Visit => "on-site visit",
        StepKind::Legal => "legal action",
    }
}

/// Contact cadence by class: days between contacts for A, B and C.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    pub a: u32,
    pub b: u32,
    pub c: u32,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            a: 30,
            b: 60,
            c: 90,
        }
    }
}

impl Cadence {
    pub fn for_class(&self, class: CustomerClass) -> u32 {
        match class {
            CustomerClass::A => self.a,
            CustomerClass::B => self.b,
            CustomerClass::C => self.c,
        }
    }
}

/// A source of occasions for a span of days.
pub trait OccasionSource {
    /// Appends the occasions dated `from..=to`. Anything already due before
    /// `from` (an overdue contact) is dated `from`.
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>);
}

/// The calendar-wide days of the years a span touches.
pub struct CalendarDays<'a> {
    pub years: Vec<&'a YearCalendar>,
}

impl OccasionSource for CalendarDays<'_> {
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>) {
        for year in &self.years {
            for mark in year.between(from, to) {
                out.push(Occasion {
                    date: mark.date,
                    kind: mark.kind,
                    title: Cow::Owned(mark.name.clone()),
                    customer: None,
                    customer_name: None,
                    class: None,
                    detail: Detail::Calendar { code: mark.code },
                });
            }
        }
    }
}

/// Customers' birthdays, anniversaries, family birthdays and custom dates,
/// through the [`DateIndex`].
pub struct PersonalDays<'a> {
    pub customers: &'a [CustomerDates],
    pub index: &'a DateIndex,
}

impl OccasionSource for PersonalDays<'_> {
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>) {
        let mut refs: Vec<DateRef> = Vec::new();
        for day in from.iter_days().take_while(|d| *d <= to) {
            refs.clear();
            self.index.on(day, &mut refs);
            // Converted once per day, not once per lunar date on it.
            let lunar_year = crate::domain::lunar::LunarDate::from_solar(day)
                .ok()
                .and_then(|l| l.year());
            for r in &refs {
                let customer = &self.customers[r.customer as usize];
                if customer.do_not_contact {
                    continue;
                }
                let personal = &customer.dates[usize::from(r.date)];
                let years = personal.date.years_at_known(day, lunar_year);
                let detail = match personal.kind {
                    OccasionKind::Birthday => Detail::Birthday { age: years },
                    OccasionKind::FamilyBirthday => Detail::FamilyBirthday {
                        relation: personal.relation,
                        name: personal.label.clone(),
                        age: years,
                    },
                    OccasionKind::Anniversary => Detail::Anniversary {
                        years: years.filter(|y| *y > 0),
                    },
                    _ => Detail::CustomDate {
                        label: personal.label.clone(),
                    },
                };
                out.push(customer_occasion(customer, day, personal.kind, detail));
            }
        }
    }
}

fn customer_occasion(
    customer: &CustomerDates,
    date: NaiveDate,
    kind: OccasionKind,
    detail: Detail,
) -> Occasion {
    let title: Cow<'static, str> = match (&detail, kind) {
        (Detail::CustomDate { label }, _) => Cow::Owned(label.clone()),
        (Detail::Promise { title, .. }, _) => Cow::Owned(title.clone()),
        (Detail::ComplaintFollowUp { .. }, _) => Cow::Borrowed("Complaint follow-up"),
        (Detail::CollectionStep { step, .. }, _) => {
            Cow::Owned(format!("Collection: {}", step_words(*step)))
        }
        (Detail::ReceivableDue { sale, product, .. }, _) => Cow::Owned(format!(
            "Payment due: {}",
            if sale.is_empty() { product } else { sale }
        )),
        (_, OccasionKind::Birthday) => Cow::Borrowed("Birthday"),
        (_, OccasionKind::FamilyBirthday) => Cow::Borrowed("Family birthday"),
        (_, OccasionKind::Anniversary) => Cow::Borrowed("Wedding anniversary"),
        (_, OccasionKind::CadenceDue) => Cow::Borrowed("Contact due"),
        _ => Cow::Borrowed("Planned contact"),
    };
    Occasion {
        date,
        kind,
        title,
        customer: Some(customer.id),
        customer_name: Some(customer.name.clone()),
        class: Some(customer.class),
        detail,
    }
}

/// Customers whose cadence has lapsed: due when the days since the last
/// contact (or since the card was created) reach their cadence.
pub struct CadenceDue<'a> {
    pub customers: &'a [CustomerDates],
    pub cadence: Cadence,
    /// Whether a customer already due before the span is dated its first
    /// day (the agenda) or left out (a calendar page showing each thing on
    /// its own day).
    pub carry_overdue: bool,
}

impl OccasionSource for CadenceDue<'_> {
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>) {
        for customer in self.customers.iter().filter(|c| !c.do_not_contact) {
            let cadence = customer
                .cadence_days
                .unwrap_or_else(|| self.cadence.for_class(customer.class));
            let since = customer.last_contact.unwrap_or(customer.created).date();
            let Some(due) = since.checked_add_days(chrono::Days::new(u64::from(cadence))) else {
                continue;
            };
            if due > to || (due < from && !self.carry_overdue) {
                continue;
            }
            let date = due.max(from);
            out.push(customer_occasion(
                customer,
                date,
                OccasionKind::CadenceDue,
                Detail::CadenceDue {
                    days: (date - since).num_days(),
                    cadence,
                    never: customer.last_contact.is_none(),
                },
            ));
        }
    }
}

/// Next-contact dates from the contact log and the promises' next due dates.
pub struct PlannedContacts<'a> {
    pub customers: &'a [CustomerDates],
    /// As for [`CadenceDue::carry_overdue`].
    pub carry_overdue: bool,
}

impl OccasionSource for PlannedContacts<'_> {
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>) {
        for customer in self.customers.iter().filter(|c| !c.do_not_contact) {
            // Any contact logged after the one that planned the next makes it.
            let made = matches!(
                (customer.last_contact, customer.next_contact_planned_at),
                (Some(last), Some(planned_at)) if last > planned_at
            );
            if let Some(planned) = customer.next_contact
                && planned <= to
                && (planned >= from || self.carry_overdue)
                && !made
            {
                out.push(customer_occasion(
                    customer,
                    planned.max(from),
                    OccasionKind::NextContact,
                    Detail::NextContact { planned },
                ));
            }
            for promise in customer
                .promises
                .iter()
                .filter(|p| p.due <= to && (p.due >= from || self.carry_overdue))
            {
                out.push(customer_occasion(
                    customer,
                    promise.due.max(from),
                    OccasionKind::Promise,
                    Detail::Promise {
                        title: promise.title.clone(),
                        due: promise.due,
                    },
                ));
            }
        }
    }
}

/// A complaint case whose follow-up is due on `due`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDue {
    pub complaint: i64,
    pub customer: CustomerId,
    pub due: NaiveDate,
    pub product: String,
}

/// Complaint follow-ups (the cases' own customers must be in `customers`,
/// sorted by id; a case whose customer is not is skipped).
pub struct ComplaintFollowUps<'a> {
    pub customers: &'a [CustomerDates],
    pub items: &'a [FollowUpDue],
    /// As for [`CadenceDue::carry_overdue`].
    pub carry_overdue: bool,
}

impl OccasionSource for ComplaintFollowUps<'_> {
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>) {
        for item in self
            .items
            .iter()
            .filter(|i| i.due <= to && (i.due >= from || self.carry_overdue))
        {
            let Ok(at) = self
                .customers
                .binary_search_by_key(&item.customer, |c| c.id)
            else {
                continue;
            };
            let customer = &self.customers[at];
            if customer.do_not_contact {
                continue;
            }
            out.push(customer_occasion(
                customer,
                item.due.max(from),
                OccasionKind::ComplaintFollowUp,
                Detail::ComplaintFollowUp {
                    complaint: item.complaint,
                    product: item.product.clone(),
                    due: item.due,
                },
            ));
        }
    }
}

/// An overdue customer's next collection step and its planned day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionStepDue {
    pub customer: CustomerId,
    pub step: StepKind,
    pub date: NaiveDate,
    pub oldest_overdue_days: u32,
    pub overdue: Money,
}

/// Next collection steps (customers as for [`ComplaintFollowUps`]); a step
/// whose day has passed is carried like an overdue contact.
pub struct CollectionSteps<'a> {
    pub customers: &'a [CustomerDates],
    pub items: &'a [CollectionStepDue],
    /// As for [`CadenceDue::carry_overdue`].
    pub carry_overdue: bool,
}

impl OccasionSource for CollectionSteps<'_> {
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>) {
        for item in self
            .items
            .iter()
            .filter(|i| i.date <= to && (i.date >= from || self.carry_overdue))
        {
            let Some(customer) = contactable(self.customers, item.customer) else {
                continue;
            };
            out.push(customer_occasion(
                customer,
                item.date.max(from),
                OccasionKind::CollectionStep,
                Detail::CollectionStep {
                    step: item.step,
                    date: item.date,
                    oldest_overdue_days: item.oldest_overdue_days,
                    overdue: item.overdue,
                },
            ));
        }
    }
}

/// An open credit sale not yet overdue, due on `due`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDue {
    pub customer: CustomerId,
    /// The sale's number (may be empty).
    pub sale: String,
    pub product: String,
    pub open: Money,
    pub due: NaiveDate,
}

/// Receivable due dates, each on its own day (once overdue, the collection
/// ladder takes over); customers as for [`ComplaintFollowUps`].
pub struct ReceivableDues<'a> {
    pub customers: &'a [CustomerDates],
    pub items: &'a [PaymentDue],
}

impl OccasionSource for ReceivableDues<'_> {
    fn collect(&self, from: NaiveDate, to: NaiveDate, out: &mut Vec<Occasion>) {
        for item in self.items.iter().filter(|i| i.due >= from && i.due <= to) {
            let Some(customer) = contactable(self.customers, item.customer) else {
                continue;
            };
            out.push(customer_occasion(
                customer,
                item.due,
                OccasionKind::ReceivableDue,
                Detail::ReceivableDue {
                    sale: item.sale.clone(),
                    product: item.product.clone(),
                    open: item.open,
                    due: item.due,
                },
            ));
        }
    }
}

/// The customer `id` in `customers` (sorted by id), unless unknown or
/// marked do-not-contact.
fn contactable(customers: &[CustomerDates], id: CustomerId) -> Option<&CustomerDates> {
    let at = customers.binary_search_by_key(&id, |c| c.id).ok()?;
    Some(&customers[at]).filter(|c| !c.do_not_contact)
}

/// Every occasion of `sources` dated `from..=to`, by date, then A-class
/// first, then by kind and title.
pub fn occasions(sources: &[&dyn OccasionSource], from: NaiveDate, to: NaiveDate) -> Vec<Occasion> {
    let mut out = Vec::new();
    for source in sources {
        source.collect(from, to, &mut out);
    }
    // Customers in id order within a kind: comparing numbers, not names,
    // keeps sorting a hundred thousand occasions cheap.
    out.sort_by(|a, b| {
        (a.date, rank(a.class), a.kind, a.customer, &a.title).cmp(&(
            b.date,
            rank(b.class),
            b.kind,
            b.customer,
            &b.title,
        ))
    });
    out
}

/// Calendar-wide items first on their day, then A, B, C.
fn rank(class: Option<CustomerClass>) -> u8 {
    match class {
        None => 0,
        Some(CustomerClass::A) => 1,
        Some(CustomerClass::B) => 2,
        Some(CustomerClass::C) => 3,
    }
}

/// The Gregorian years a span touches, for [`YearCalendar`] lookups.
pub fn years_of(from: NaiveDate, to: NaiveDate) -> std::ops::RangeInclusive<i32> {
    from.year()..=to.year()
}

/// How many days ahead each kind of occasion enters the agenda, so a card
/// or a gift can be prepared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadDays {
    days: HashMap<OccasionKind, u32>,
}

impl Default for LeadDays {
    fn default() -> Self {
        use OccasionKind::*;
        let mut days = HashMap::new();
        // A friendly reminder a few days before a payment falls due.
        for kind in [
            Birthday,
            FamilyBirthday,
            Anniversary,
            CustomDate,
            ReceivableDue,
        ] {
            days.insert(kind, 3);
        }
        for kind in [Festival, SolarTerm, Observance, HolidayOff] {
            days.insert(kind, 7);
        }
        LeadDays { days }
    }
}

impl LeadDays {
    pub fn get(&self, kind: OccasionKind) -> u32 {
        self.days.get(&kind).copied().unwrap_or(0)
    }

    pub fn set(&mut self, kind: OccasionKind, days: u32) {
        self.days.insert(kind, days);
    }

    /// The longest lead of any kind: how far ahead the agenda must look.
    pub fn longest(&self) -> u32 {
        self.days.values().copied().max().unwrap_or(0)
    }
}

/// Where an item stands on the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    /// To act on today: the occasion is today or within its lead days.
    Today,
    /// To act on in the next six days.
    ThisWeek,
    /// A contact that was due before today (cadence, plan, promise).
    Overdue,
}

/// Identifies an occasion for snoozing: the same birthday next year is a
/// different occasion.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OccasionKey {
    pub kind: OccasionKind,
    /// 0 for calendar-wide items.
    pub customer: CustomerId,
    pub date: NaiveDate,
    pub title: String,
}

impl OccasionKey {
    pub fn of(occasion: &Occasion) -> OccasionKey {
        OccasionKey {
            kind: occasion.kind,
            customer: occasion.customer.unwrap_or(0),
            date: occasion.date,
            title: occasion.title.to_string(),
        }
    }
}

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    pub occasion: Occasion,
    pub bucket: Bucket,
    /// The first day the item is shown (its date less its lead days).
    pub act_from: NaiveDate,
    /// Days from today to the occasion (negative when overdue).
    pub days_until: i64,
    /// A time of day for the call, outside the noon rest and late evening.
    pub suggested_time: chrono::NaiveTime,
}

/// Times of day offered for calls, in order: mornings, then afternoons,
/// then early evening; never 12:00–14:00 or after 20:00.
const CALL_SLOTS: &[(u32, u32)] = &[
    (9, 30),
    (10, 0),
    (10, 30),
    (11, 0),
    (11, 30),
    (14, 30),
    (15, 0),
    (15, 30),
    (16, 0),
    (16, 30),
    (17, 0),
    (17, 30),
    (19, 0),
    (19, 30),
];

/// The suggested time for the `n`-th call of a day (the slots repeat when
/// there are more calls than slots).
pub fn suggested_time(n: usize) -> chrono::NaiveTime {
    let (h, m) = CALL_SLOTS[n % CALL_SLOTS.len()];
    chrono::NaiveTime::from_hms_opt(h, m, 0).expect("valid slot")
}

/// What the agenda asks of the book besides the occasions.
pub struct AgendaRules<'a> {
    pub today: NaiveDate,
    pub lead: &'a LeadDays,
    /// Occasions snoozed, with the day they come back.
    pub snoozed: &'a HashMap<OccasionKey, NaiveDate>,
    /// A customer's last logged contact.
    pub last_contact: &'a dyn Fn(CustomerId) -> Option<chrono::NaiveDateTime>,
}

/// The days [`agenda_items`] needs occasions for: today up to a week plus
/// the longest lead ahead.
pub fn agenda_span(today: NaiveDate, lead: &LeadDays) -> (NaiveDate, NaiveDate) {
    let to = today + chrono::Days::new(6 + u64::from(lead.longest()));
    (today, to)
}

/// Whether a customer's occasion is done: the customer was contacted on or
/// after the day it came up (its date less its lead days). Calendar-wide
/// days are never done.
pub fn contacted_for(
    occasion: &Occasion,
    lead: &LeadDays,
    last_contact: Option<chrono::NaiveDateTime>,
) -> bool {
    let comes_up = occasion.date - chrono::Days::new(u64::from(lead.get(occasion.kind)));
    occasion.customer.is_some() && last_contact.is_some_and(|at| at.date() >= comes_up)
}

/// Sorts occasions (dated over [`agenda_span`]) into overdue, today and
/// this week. Statutory days are left to the calendar; a customer item is
/// done once the customer was contacted on or after its first day; a
/// snoozed item waits until its day.
pub fn agenda_items(occasions: Vec<Occasion>, rules: &AgendaRules<'_>) -> Vec<AgendaItem> {
    let today = rules.today;
    let week_end = today + chrono::Days::new(6);
    let mut items = Vec::new();
    for occasion in occasions {
        if matches!(
            occasion.kind,
            OccasionKind::HolidayOff | OccasionKind::HolidayWorkday
        ) {
            continue;
        }
        let overdue_since = match &occasion.detail {
            Detail::CadenceDue { days, cadence, .. } if *days > i64::from(*cadence) => {
                Some(today - chrono::Days::new((*days - i64::from(*cadence)) as u64))
            }
            Detail::NextContact { planned } if *planned < today => Some(*planned),
            Detail::Promise { due, .. } if *due < today => Some(*due),
            Detail::ComplaintFollowUp { due, .. } if *due < today => Some(*due),
            Detail::CollectionStep { date, .. } if *date < today => Some(*date),
            Detail::ReceivableDue { due, .. } if *due < today => Some(*due),
            _ => None,
        };
        let lead = u64::from(rules.lead.get(occasion.kind));
        let act_from = overdue_since.unwrap_or(occasion.date - chrono::Days::new(lead));
        let bucket = if overdue_since.is_some() {
            Bucket::Overdue
        } else if act_from <= today {
            Bucket::Today
        } else if act_from <= week_end {
            Bucket::ThisWeek
        } else {
            continue;
        };
        if let Some(until) = rules.snoozed.get(&OccasionKey::of(&occasion))
            && *until > today
        {
            continue;
        }
        if let Some(customer) = occasion.customer
            && overdue_since.is_none()
            && contacted_for(&occasion, rules.lead, (rules.last_contact)(customer))
        {
            continue;
        }
        let days_until = (overdue_since.unwrap_or(occasion.date) - today).num_days();
        items.push(AgendaItem {
            occasion,
            bucket,
            act_from,
            days_until,
            suggested_time: suggested_time(0),
        });
    }
    items.sort_by(|a, b| {
        (
            a.bucket,
            rank(a.occasion.class),
            a.days_until,
            &a.occasion.customer_name,
        )
            .cmp(&(
                b.bucket,
                rank(b.occasion.class),
                b.days_until,
                &b.occasion.customer_name,
            ))
    });
    let mut calls = 0;
    for item in &mut items {
        if item.occasion.customer.is_some() {
            item.suggested_time = suggested_time(calls);
            calls += 1;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::personal::{PersonalDate, PromiseDue};
    use crate::domain::yearly::YearlyDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn customer(id: CustomerId, name: &str, class: CustomerClass) -> CustomerDates {
        CustomerDates {
            id,
            name: name.into(),
            gender: crate::domain::customer::Gender::Unknown,
            class,
            do_not_contact: false,
            cadence_days: None,
            created: day(2026, 1, 1).and_hms_opt(9, 0, 0).unwrap(),
            last_contact: None,
            next_contact: None,
            next_contact_planned_at: None,
            promises: Vec::new(),
            dates: Vec::new(),
        }
    }

    fn birthday(date: YearlyDate) -> PersonalDate {
        PersonalDate {
            kind: OccasionKind::Birthday,
            date,
            relation: None,
            label: String::new(),
        }
    }

    #[test]
    fn cadence_counts_from_the_last_contact_or_the_card() {
        let today = day(2026, 11, 23);
        let mut a = customer(1, "甲", CustomerClass::A);
        a.last_contact = Some(day(2026, 10, 20).and_hms_opt(10, 0, 0).unwrap());
        let mut c = customer(2, "丙", CustomerClass::C);
        c.last_contact = Some(day(2026, 8, 18).and_hms_opt(10, 0, 0).unwrap());
        let mut fresh = customer(3, "新", CustomerClass::C);
        fresh.created = day(2026, 11, 1).and_hms_opt(9, 0, 0).unwrap();
        let mut own = customer(4, "自定", CustomerClass::C);
        own.cadence_days = Some(14);
        own.last_contact = Some(day(2026, 11, 9).and_hms_opt(10, 0, 0).unwrap());
        let customers = [a, c, fresh, own];
        let source = CadenceDue {
            customers: &customers,
            cadence: Cadence::default(),
            carry_overdue: true,
        };
        let found = occasions(&[&source], today, today);
        let ids: Vec<_> = found.iter().map(|o| o.customer.unwrap()).collect();
        // A is due (34 days > 30) and comes first; C is due (97 > 90); the new
        // card is not; the card's own cadence of 14 days makes it due.
        assert_eq!(ids, [1, 2, 4]);
        assert_eq!(
            found[1].detail,
            Detail::CadenceDue {
                days: 97,
                cadence: 90,
                never: false
            }
        );
        assert_eq!(
            found[1].detail_text(),
            "not contacted for 97 days, cadence 90"
        );
    }

    #[test]
    fn do_not_contact_customers_produce_nothing() {
        let mut quiet = customer(1, "静", CustomerClass::A);
        quiet.do_not_contact = true;
        quiet
            .dates
            .push(birthday(YearlyDate::solar(Some(1966), 11, 25).unwrap()));
        quiet.next_contact = Some(day(2026, 11, 24));
        let customers = [quiet];
        let index = DateIndex::build(&customers);
        let personal = PersonalDays {
            customers: &customers,
            index: &index,
        };
        let cadence = CadenceDue {
            customers: &customers,
            cadence: Cadence::default(),
            carry_overdue: true,
        };
        let planned = PlannedContacts {
            customers: &customers,
            carry_overdue: true,
        };
        let found = occasions(
            &[&personal, &cadence, &planned],
            day(2026, 11, 23),
            day(2026, 12, 31),
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_sixtieth_birthday_says_so_and_calendar_days_come_first() {
        let mut wang = customer(7, "王芳", CustomerClass::B);
        wang.dates
            .push(birthday(YearlyDate::solar(Some(1966), 10, 1).unwrap()));
        let customers = [wang];
        let index = DateIndex::build(&customers);
        let years = [YearCalendar::compute(2026, &[])];
        let calendar = CalendarDays {
            years: years.iter().collect(),
        };
        let personal = PersonalDays {
            customers: &customers,
            index: &index,
        };
        let found = occasions(&[&personal, &calendar], day(2026, 10, 1), day(2026, 10, 1));
        assert!(found.len() >= 3, "{found:?}");
        let last = found.last().unwrap();
        assert_eq!(last.kind, OccasionKind::Birthday);
        assert_eq!(last.detail, Detail::Birthday { age: Some(60) });
        assert!(
            found[..found.len() - 1]
                .iter()
                .all(|o| o.customer.is_none())
        );
    }

    #[test]
    fn overdue_plans_and_promises_are_dated_the_first_day() {
        let mut li = customer(3, "李", CustomerClass::C);
        li.next_contact = Some(day(2026, 11, 20));
        li.next_contact_planned_at = Some(day(2026, 11, 1).and_hms_opt(9, 0, 0).unwrap());
        li.last_contact = li.next_contact_planned_at;
        li.promises.push(PromiseDue {
            due: day(2026, 11, 30),
            title: "空调清洗".into(),
        });
        let mut done = customer(4, "赵", CustomerClass::C);
        done.next_contact = Some(day(2026, 11, 20));
        done.next_contact_planned_at = Some(day(2026, 11, 1).and_hms_opt(9, 0, 0).unwrap());
        // Contacted again before the planned day: the plan is made.
        done.last_contact = Some(day(2026, 11, 15).and_hms_opt(15, 0, 0).unwrap());
        let customers = [li, done];
        let planned = PlannedContacts {
            customers: &customers,
            carry_overdue: true,
        };
        let found = occasions(&[&planned], day(2026, 11, 23), day(2026, 12, 1));
        let got: Vec<_> = found.iter().map(|o| (o.date, o.kind, o.customer)).collect();
        assert_eq!(
            got,
            [
                (day(2026, 11, 23), OccasionKind::NextContact, Some(3)),
                (day(2026, 11, 30), OccasionKind::Promise, Some(3)),
            ]
        );
    }

    #[test]
    fn a_birthday_is_done_once_the_customer_was_contacted_since_it_came_up() {
        let mut wang = customer(7, "王芳", CustomerClass::B);
        wang.dates
            .push(birthday(YearlyDate::solar(Some(1980), 11, 20).unwrap()));
        let customers = [wang];
        let index = DateIndex::build(&customers);
        let personal = PersonalDays {
            customers: &customers,
            index: &index,
        };
        let found = occasions(&[&personal], day(2026, 11, 20), day(2026, 11, 20));
        let birthday = &found[0];
        let lead = LeadDays::default();
        let at = |d: u32| Some(day(2026, 11, d).and_hms_opt(10, 0, 0).unwrap());
        assert_eq!(lead.get(OccasionKind::Birthday), 3);
        assert!(!contacted_for(birthday, &lead, None));
        assert!(!contacted_for(birthday, &lead, at(16)), "before it came up");
        assert!(contacted_for(birthday, &lead, at(17)), "on its first day");
        assert!(contacted_for(birthday, &lead, at(23)), "since");
    }

    #[test]
    fn lead_days_default_to_three_for_people_and_seven_for_festivals() {
        let lead = LeadDays::default();
        assert_eq!(lead.get(OccasionKind::Birthday), 3);
        assert_eq!(lead.get(OccasionKind::FamilyBirthday), 3);
        assert_eq!(lead.get(OccasionKind::Festival), 7);
        assert_eq!(lead.get(OccasionKind::CadenceDue), 0);
        assert_eq!(lead.longest(), 7);
    }

    fn rules_for<'a>(
        today: NaiveDate,
        lead: &'a LeadDays,
        snoozed: &'a HashMap<OccasionKey, NaiveDate>,
        contacted: &'a dyn Fn(CustomerId) -> Option<chrono::NaiveDateTime>,
    ) -> AgendaRules<'a> {
        AgendaRules {
            today,
            lead,
            snoozed,
            last_contact: contacted,
        }
    }

    #[test]
    fn the_agenda_sorts_overdue_today_and_this_week() {
        let today = day(2026, 11, 23);
        let mut spouse = customer(1, "王芳", CustomerClass::C);
        spouse.last_contact = Some(day(2026, 11, 1).and_hms_opt(9, 0, 0).unwrap());
        spouse.dates.push(PersonalDate {
            kind: OccasionKind::FamilyBirthday,
            date: YearlyDate::solar(Some(1966), 11, 26).unwrap(),
            relation: Some(Relation::Spouse),
            label: "李强".into(),
        });
        let mut late = customer(2, "张伟", CustomerClass::A);
        late.last_contact = Some(day(2026, 8, 18).and_hms_opt(9, 0, 0).unwrap());
        let mut soon = customer(3, "赵敏", CustomerClass::B);
        soon.last_contact = Some(day(2026, 11, 1).and_hms_opt(9, 0, 0).unwrap());
        soon.dates
            .push(birthday(YearlyDate::solar(Some(1990), 11, 29).unwrap()));
        let customers = [spouse, late, soon];
        let index = DateIndex::build(&customers);
        let years = [YearCalendar::compute(2026, &[])];
        let lead = LeadDays::default();
        let (from, to) = agenda_span(today, &lead);
        let sources: [&dyn OccasionSource; 3] = [
            &CalendarDays {
                years: years.iter().collect(),
            },
            &PersonalDays {
                customers: &customers,
                index: &index,
            },
            &CadenceDue {
                customers: &customers,
                cadence: Cadence::default(),
                carry_overdue: true,
            },
        ];
        let found = occasions(&sources, from, to);
        let snoozed = HashMap::new();
        let last = |id: CustomerId| {
            customers
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| c.last_contact)
        };
        let items = agenda_items(found.clone(), &rules_for(today, &lead, &snoozed, &last));
        let got: Vec<_> = items
            .iter()
            .map(|i| (i.bucket, i.occasion.kind, i.occasion.customer, i.days_until))
            .collect();
        assert_eq!(
            got,
            [
                // The spouse's birthday in 3 days is in its lead window.
                (Bucket::Today, OccasionKind::FamilyBirthday, Some(1), 3),
                // 赵敏's birthday on the 29th enters the agenda on the 26th.
                (Bucket::ThisWeek, OccasionKind::Birthday, Some(3), 6),
                // 张伟 (A) last contacted 97 days ago, cadence 30: overdue since 67 days.
                (Bucket::Overdue, OccasionKind::CadenceDue, Some(2), -67),
                // 圣诞节 on 25 December enters on the 18th: not this week.
            ]
        );
        assert_eq!(items[0].suggested_time, suggested_time(0));
        assert_eq!(items[1].suggested_time, suggested_time(1));

        // Contacted today: the spouse's birthday is done.
        let called = |id: CustomerId| {
            if id == 1 {
                Some(today.and_hms_opt(10, 0, 0).unwrap())
            } else {
                last(id)
            }
        };
        let items = agenda_items(found.clone(), &rules_for(today, &lead, &snoozed, &called));
        assert!(items.iter().all(|i| i.occasion.customer != Some(1)));

        // Snoozed for two days: back on the 25th, not before.
        let birthday_item = found
            .iter()
            .find(|o| o.kind == OccasionKind::FamilyBirthday)
            .unwrap();
        let snoozed = HashMap::from([(OccasionKey::of(birthday_item), day(2026, 11, 25))]);
        let items = agenda_items(found.clone(), &rules_for(today, &lead, &snoozed, &last));
        assert!(items.iter().all(|i| i.occasion.customer != Some(1)));
        let later = rules_for(day(2026, 11, 25), &lead, &snoozed, &last);
        let (from, to) = agenda_span(day(2026, 11, 25), &lead);
        let items = agenda_items(occasions(&sources, from, to), &later);
        assert!(items.iter().any(|i| i.occasion.customer == Some(1)));
    }

    #[test]
    fn collection_steps_carry_over_and_payments_fall_on_their_due_day() {
        let today = day(2026, 11, 23);
        let mut quiet = customer(9, "静", CustomerClass::A);
        quiet.do_not_contact = true;
        let customers = [
            customer(1, "张三", CustomerClass::B),
            customer(2, "李四", CustomerClass::A),
            quiet,
        ];
        let steps = [
            CollectionStepDue {
                customer: 1,
                step: StepKind::Phone,
                date: day(2026, 11, 20),
                oldest_overdue_days: 35,
                overdue: Money::from_yuan(1_200),
            },
            CollectionStepDue {
                customer: 2,
                step: StepKind::DemandLetter,
                date: day(2026, 11, 28),
                oldest_overdue_days: 20,
                overdue: Money(50_050),
            },
            CollectionStepDue {
                customer: 9,
                step: StepKind::Notice,
                date: day(2026, 11, 23),
                oldest_overdue_days: 1,
                overdue: Money::from_yuan(10),
            },
        ];
        let dues = [
            PaymentDue {
                customer: 1,
                sale: "XS2026-000123".into(),
                product: "空调".into(),
                open: Money::from_yuan(3_000),
                due: day(2026, 11, 25),
            },
            PaymentDue {
                customer: 2,
                sale: String::new(),
                product: "净水器".into(),
                open: Money::from_yuan(800),
                due: day(2027, 1, 5),
            },
            PaymentDue {
                customer: 9,
                sale: "X".into(),
                product: "Y".into(),
                open: Money::from_yuan(1),
                due: day(2026, 11, 24),
            },
        ];
        let collection = CollectionSteps {
            customers: &customers,
            items: &steps,
            carry_overdue: true,
        };
        let receivable = ReceivableDues {
            customers: &customers,
            items: &dues,
        };
        let found = occasions(&[&collection, &receivable], today, day(2026, 12, 31));
        let got: Vec<_> = found.iter().map(|o| (o.date, o.kind, o.customer)).collect();
        assert_eq!(
            got,
            [
                (today, OccasionKind::CollectionStep, Some(1)),
                (day(2026, 11, 25), OccasionKind::ReceivableDue, Some(1)),
                (day(2026, 11, 28), OccasionKind::CollectionStep, Some(2)),
            ]
        );
        assert_eq!(
            found[0].detail_text(),
            "collection: phone call, 35 days overdue, ¥1,200.00 overdue"
        );
        assert_eq!(found[0].title, "Collection: phone call");
        assert_eq!(
            found[1].detail_text(),
            "payment due for XS2026-000123 空调 ¥3,000.00"
        );
        assert_eq!(found[1].title, "Payment due: XS2026-000123");
        assert_eq!(
            found[2].detail_text(),
            "collection: demand letter, 20 days overdue, ¥500.50 overdue"
        );
        let later = occasions(&[&receivable], day(2027, 1, 1), day(2027, 1, 31));
        assert_eq!(later[0].detail_text(), "payment due for 净水器 ¥800.00");
        assert_eq!(later[0].title, "Payment due: 净水器");

        // A calendar page shows a missed step only on its own day.
        let page = CollectionSteps {
            carry_overdue: false,
            ..collection
        };
        assert_eq!(occasions(&[&page], today, day(2026, 11, 27)), []);

        // On the agenda the missed step is overdue since its day and the
        // payment enters three days ahead.
        let lead = LeadDays::default();
        assert_eq!(lead.get(OccasionKind::ReceivableDue), 3);
        assert_eq!(lead.get(OccasionKind::CollectionStep), 0);
        let snoozed = HashMap::new();
        let never = |_: CustomerId| None;
        let items = agenda_items(found, &rules_for(today, &lead, &snoozed, &never));
        let got: Vec<_> = items
            .iter()
            .map(|i| (i.bucket, i.occasion.kind, i.days_until))
            .collect();
        assert_eq!(
            got,
            [
                (Bucket::Today, OccasionKind::ReceivableDue, 2),
                (Bucket::ThisWeek, OccasionKind::CollectionStep, 5),
                (Bucket::Overdue, OccasionKind::CollectionStep, -3),
            ]
        );
    }

    #[test]
    fn suggested_times_avoid_the_noon_rest_and_late_evening() {
        for n in 0..40 {
            let t = suggested_time(n);
            assert!(!(12..14).contains(&chrono::Timelike::hour(&t)), "{t}");
            assert!(chrono::Timelike::hour(&t) < 20, "{t}");
            assert!(chrono::Timelike::hour(&t) >= 9, "{t}");
        }
    }
}
