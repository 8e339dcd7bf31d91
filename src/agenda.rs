//! The book's calendar as the CLI and the window ask for it: a snapshot of
//! every customer's dates and contacts, indexed once, plus the calendar-wide
//! days of each year computed once, asked for any span of days. Complaint
//! follow-ups, next collection steps and payments falling due are read
//! with it (the receivables as of the day the book is loaded for).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;

use crate::atomic_write;
use crate::domain::calendar::agenda::{
    AgendaItem, AgendaRules, Cadence, CadenceDue, CalendarDays, CollectionStepDue, CollectionSteps,
    ComplaintFollowUps, FollowUpDue, LeadDays, Occasion, OccasionKey, OccasionSource, PaymentDue,
    PersonalDays, PlannedContacts, ReceivableDues, agenda_items, agenda_span, contacted_for,
    occasions, years_of,
};
use crate::domain::calendar::ics::write_ics;
use crate::domain::calendar::personal::{CustomerDates, DateIndex};
use crate::domain::calendar::statutory::StatutoryDay;
use crate::domain::calendar::year::YearCalendar;
use crate::domain::customer::CustomerId;
use crate::store::{Result, Store};

/// The calendar data of one book at one moment.
pub struct AgendaBook {
    customers: Vec<CustomerDates>,
    index: DateIndex,
    cadence: Cadence,
    statutory: Vec<StatutoryDay>,
    follow_ups: Vec<FollowUpDue>,
    collection_steps: Vec<CollectionStepDue>,
    payments_due: Vec<PaymentDue>,
    years: BTreeMap<i32, YearCalendar>,
}

impl AgendaBook {
    /// Reads what the calendar needs from the book, receivables as of today.
    pub fn load(store: &Store) -> Result<AgendaBook> {
        Self::load_on(store, crate::store::now().date())
    }

    /// Reads what the calendar needs from the book, with the collection
    /// steps and payments due as the ledger stands on `today`.
    pub fn load_on(store: &Store, today: NaiveDate) -> Result<AgendaBook> {
        let customers = store.customer_dates()?;
        let index = DateIndex::build(&customers);
        let (collection_steps, payments_due) = store.receivable_agenda(today)?;
        Ok(AgendaBook {
            customers,
            index,
            cadence: store.cadence()?,
            statutory: store.statutory_days()?,
            follow_ups: store.complaint_follow_ups()?,
            collection_steps,
            payments_due,
            years: BTreeMap::new(),
        })
    }

    /// The calendar-wide days of `year`, computed on first use.
    pub fn year(&mut self, year: i32) -> &YearCalendar {
        let statutory = &self.statutory;
        self.years
            .entry(year)
            .or_insert_with(|| YearCalendar::compute(year, statutory))
    }

    /// Every occasion dated `from..=to` (overdue contacts dated `from`).
    pub fn occasions(&mut self, from: NaiveDate, to: NaiveDate) -> Vec<Occasion> {
        self.collect(from, to, true)
    }

    /// Every occasion falling on a day of `from..=to`, each on its own day:
    /// contacts due before `from` are left out (a calendar page).
    pub fn days(&mut self, from: NaiveDate, to: NaiveDate) -> Vec<Occasion> {
        self.collect(from, to, false)
    }

    fn collect(&mut self, from: NaiveDate, to: NaiveDate, carry_overdue: bool) -> Vec<Occasion> {
        for year in years_of(from, to) {
            self.year(year);
        }
        let calendar = CalendarDays {
            years: years_of(from, to)
                .filter_map(|y| self.years.get(&y))
                .collect(),
        };
        let personal = PersonalDays {
            customers: &self.customers,
            index: &self.index,
        };
        let cadence = CadenceDue {
            customers: &self.customers,
            cadence: self.cadence,
            carry_overdue,
        };
        let planned = PlannedContacts {
            customers: &self.customers,
            carry_overdue,
        };
        let follow_ups = ComplaintFollowUps {
            customers: &self.customers,
            items: &self.follow_ups,
            carry_overdue,
        };
        let collection = CollectionSteps {
            customers: &self.customers,
            items: &self.collection_steps,
            carry_overdue,
        };
        let receivable = ReceivableDues {
            customers: &self.customers,
            items: &self.payments_due,
        };
        let sources: [&dyn OccasionSource; 7] = [
            &calendar,
            &personal,
            &cadence,
            &planned,
            &follow_ups,
            &collection,
            &receivable,
        ];
        occasions(&sources, from, to)
    }

    /// One day's occasions still to act on (the Calendar's day list): each
    /// on its own day, less those of customers contacted since they came up
    /// (as the agenda leaves them out).
    pub fn day(&mut self, day: NaiveDate, lead: &LeadDays) -> Vec<Occasion> {
        let mut found = self.days(day, day);
        found.retain(|o| {
            let last_contact = o
                .customer
                .and_then(|id| self.customer(id))
                .and_then(|c| c.last_contact);
            !contacted_for(o, lead, last_contact)
        });
        found
    }

    /// Today's agenda: overdue contacts, what to act on today, and the next
    /// six days, with lead days and snoozes applied.
    pub fn agenda(
        &mut self,
        today: NaiveDate,
        lead: &LeadDays,
        snoozed: &HashMap<OccasionKey, NaiveDate>,
    ) -> Vec<AgendaItem> {
        let (from, to) = agenda_span(today, lead);
        let found = self.occasions(from, to);
        let last_contact = |id: CustomerId| self.customer(id).and_then(|c| c.last_contact);
        agenda_items(
            found,
            &AgendaRules {
                today,
                lead,
                snoozed,
                last_contact: &last_contact,
            },
        )
    }

    /// One customer's calendar data.
    pub fn customer(&self, id: CustomerId) -> Option<&CustomerDates> {
        self.customers
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .map(|i| &self.customers[i])
    }
}

/// Writes `occasions` as an iCalendar file: first to `<file>.partial`, then
/// renamed, so a failure never leaves half a file under the real name.
pub fn write_ics_file(
    occasions: &[Occasion],
    stamp: chrono::NaiveDateTime,
    file: &Path,
) -> std::io::Result<()> {
    atomic_write::write_file(file, |out| write_ics(occasions, stamp, out))
}
