//! What the calendar reads from the book: every customer's dates, cadence,
//! last contact, planned contact and open promises in a handful of
//! set-based queries; the shop's own statutory days; and the calendar
//! settings (cadence by class, lead days per kind, greeting templates);
//! also the receivables the agenda shows (next collection steps, payments
//! falling due).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use super::codec::{date_text, parse_date, parse_datetime, parse_yearly};
use super::settings::{delete_setting, upsert_setting};
use super::{Result, Store, StoreError};
use crate::domain::calendar::OccasionKind;
use crate::domain::calendar::agenda::{
    Cadence, CollectionStepDue, LeadDays, OccasionKey, PaymentDue,
};
use crate::domain::calendar::greeting;
use crate::domain::calendar::personal::{CustomerDates, PersonalDate, PromiseDue};
use crate::domain::calendar::statutory::StatutoryDay;
use crate::domain::customer::{CustomerClass, CustomerId, Gender, Relation};
use crate::domain::promise::{PromiseRecord, Recurrence, ServicePromise};

/// Setting keys of the calendar.
pub mod keys {
    pub const CADENCE_A: &str = "cadence_a";
    pub const CADENCE_B: &str = "cadence_b";
    pub const CADENCE_C: &str = "cadence_c";
    /// Followed by an occasion kind's code, e.g. `lead_days.birthday`.
    pub const LEAD_DAYS_PREFIX: &str = "lead_days.";
    /// Followed by an occasion kind's code: the Chinese greeting template,
    /// e.g. `greeting.zh.birthday`.
    pub const GREETING_ZH_PREFIX: &str = "greeting.zh.";
    /// Followed by an occasion kind's code: the English greeting template.
    pub const GREETING_EN_PREFIX: &str = "greeting.en.";
}

impl Store {
    /// Every customer as the calendar needs them, in id order.
    pub fn customer_dates(&self) -> Result<Vec<CustomerDates>> {
        let conn = self.conn();
        let mut customers = Vec::new();
        let mut position: HashMap<CustomerId, usize> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, name, coalesce(class_override, class_computed), do_not_contact, cadence_days, \
             created_at, birthday, anniversary, gender FROM customers ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: CustomerId = r.get(0)?;
            let class = r
                .get::<_, Option<String>>(2)?
                .and_then(|c| CustomerClass::from_code(&c))
                .unwrap_or(CustomerClass::C);
            let mut dates = Vec::new();
            for (column, kind) in [(6, OccasionKind::Birthday), (7, OccasionKind::Anniversary)] {
                if let Some(date) = parse_yearly(r.get(column)?)? {
                    dates.push(PersonalDate {
                        kind,
                        date,
                        relation: None,
                        label: String::new(),
                    });
                }
            }
            position.insert(id, customers.len());
            customers.push(CustomerDates {
                id,
                name: r.get::<_, String>(1)?.into(),
                gender: Gender::from_code(&r.get::<_, String>(8)?).unwrap_or(Gender::Unknown),
                class,
                do_not_contact: r.get(3)?,
                cadence_days: r.get(4)?,
                created: parse_datetime(&r.get::<_, String>(5)?)?,
                last_contact: None,
                next_contact: None,
                next_contact_planned_at: None,
                promises: Vec::new(),
                dates,
            });
        }
        let at = |id: CustomerId| position.get(&id).copied();

        let mut stmt = conn.prepare(
            "SELECT customer_id, relation, name, birthday FROM family_members \
             WHERE birthday IS NOT NULL ORDER BY customer_id, position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(i) = at(r.get(0)?) else { continue };
            if let Some(date) = parse_yearly(r.get(3)?)? {
                customers[i].dates.push(PersonalDate {
                    kind: OccasionKind::FamilyBirthday,
                    date,
                    relation: Relation::from_code(&r.get::<_, String>(1)?),
                    label: r.get(2)?,
                });
            }
        }

        let mut stmt = conn.prepare(
            "SELECT customer_id, label, date FROM custom_dates ORDER BY customer_id, position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(i) = at(r.get(0)?) else { continue };
            if let Some(date) = parse_yearly(Some(r.get(2)?))? {
                customers[i].dates.push(PersonalDate {
                    kind: OccasionKind::CustomDate,
                    date,
                    relation: None,
                    label: r.get(1)?,
                });
            }
        }

        let mut stmt =
            conn.prepare("SELECT customer_id, max(at) FROM contacts GROUP BY customer_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(i) = at(r.get(0)?) else { continue };
            customers[i].last_contact = Some(parse_datetime(&r.get::<_, String>(1)?)?);
        }

        // The newest contact that plans a next one decides (as on the card).
        let mut stmt = conn.prepare(
            "SELECT customer_id, next_contact_date, at FROM contacts \
             WHERE next_contact_date IS NOT NULL ORDER BY customer_id, at DESC, id DESC",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(i) = at(r.get(0)?) else { continue };
            if customers[i].next_contact.is_none() {
                customers[i].next_contact = Some(parse_date(&r.get::<_, String>(1)?)?);
                customers[i].next_contact_planned_at =
                    Some(parse_datetime(&r.get::<_, String>(2)?)?);
            }
        }

        for promise in open_promises(self)? {
            let Some(i) = at(promise.customer_id) else {
                continue;
            };
            if let Some(due) = promise.next_open_due() {
                customers[i].promises.push(PromiseDue {
                    due,
                    title: promise.description,
                });
            }
        }
        Ok(customers)
    }

    /// The shop's own statutory days (every year), by date.
    pub fn statutory_days(&self) -> Result<Vec<StatutoryDay>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT date, name, off FROM statutory_days ORDER BY date")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        let mut days = Vec::new();
        for row in rows {
            let (date, name, off) = row?;
            days.push(StatutoryDay {
                date: parse_date(&date)?,
                name,
                off,
            });
        }
        Ok(days)
    }

    /// Adds or changes one of the shop's statutory days.
    pub fn save_statutory_day(&mut self, day: &StatutoryDay) -> Result<()> {
        self.conn().execute(
            "INSERT INTO statutory_days (date, name, off) VALUES (?1, ?2, ?3) \
             ON CONFLICT(date) DO UPDATE SET name=excluded.name, off=excluded.off",
            params![date_text(day.date), day.name.trim(), day.off],
        )?;
        Ok(())
    }

    /// Removes one of the shop's statutory days (built-in days stay).
    pub fn delete_statutory_day(&mut self, date: NaiveDate) -> Result<()> {
        self.conn().execute(
            "DELETE FROM statutory_days WHERE date=?1",
            [date_text(date)],
        )?;
        Ok(())
    }

    /// Replaces the shop's statutory days of `year` with `days` (an imported
    /// schedule), in one transaction. Days of other years are refused.
    pub fn replace_statutory_year(&mut self, year: i32, days: &[StatutoryDay]) -> Result<()> {
        if let Some(other) = days.iter().find(|d| d.date.year() != year) {
            return Err(StoreError::OutsideYear {
                date: other.date,
                year,
            });
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "DELETE FROM statutory_days WHERE date BETWEEN ?1 AND ?2",
            params![format!("{year:04}-01-01"), format!("{year:04}-12-31")],
        )?;
        for day in days {
            tx.execute(
                "INSERT OR REPLACE INTO statutory_days (date, name, off) VALUES (?1, ?2, ?3)",
                params![date_text(day.date), day.name.trim(), day.off],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Snoozed agenda items with the day each comes back.
    pub fn agenda_snoozes(&self) -> Result<HashMap<OccasionKey, NaiveDate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT kind, customer_id, occasion_date, title, until FROM agenda_snoozes",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let code: String = r.get(0)?;
            let Some(kind) = OccasionKind::from_code(&code) else {
                continue;
            };
            out.insert(
                OccasionKey {
                    kind,
                    customer: r.get(1)?,
                    date: parse_date(&r.get::<_, String>(2)?)?,
                    title: r.get(3)?,
                },
                parse_date(&r.get::<_, String>(4)?)?,
            );
        }
        Ok(out)
    }

    /// Hides an agenda item until `until`; snoozes that have passed are
    /// cleared on the way.
    pub fn snooze(&mut self, key: &OccasionKey, until: NaiveDate, today: NaiveDate) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "DELETE FROM agenda_snoozes WHERE until <= ?1",
            [date_text(today)],
        )?;
        tx.execute(
            "INSERT INTO agenda_snoozes (kind, customer_id, occasion_date, title, until) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT(kind, customer_id, occasion_date, title) DO UPDATE SET until=excluded.until",
            params![
                key.kind.code(),
                key.customer,
                date_text(key.date),
                key.title,
                date_text(until)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Contact cadence by class (defaults 30, 60, 90 days).
    pub fn cadence(&self) -> Result<Cadence> {
        let default = Cadence::default();
        Ok(Cadence {
            a: self.number_setting(keys::CADENCE_A)?.unwrap_or(default.a),
            b: self.number_setting(keys::CADENCE_B)?.unwrap_or(default.b),
            c: self.number_setting(keys::CADENCE_C)?.unwrap_or(default.c),
        })
    }

    pub fn set_cadence(&mut self, cadence: Cadence) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        upsert_setting(&tx, keys::CADENCE_A, &cadence.a.to_string())?;
        upsert_setting(&tx, keys::CADENCE_B, &cadence.b.to_string())?;
        upsert_setting(&tx, keys::CADENCE_C, &cadence.c.to_string())?;
        tx.commit()?;
        Ok(())
    }

    /// Lead days per occasion kind (defaults in [`LeadDays::default`]).
    pub fn lead_days(&self) -> Result<LeadDays> {
        let mut lead = LeadDays::default();
        for kind in OccasionKind::ALL {
            let key = format!("{}{}", keys::LEAD_DAYS_PREFIX, kind.code());
            if let Some(days) = self.number_setting(&key)? {
                lead.set(*kind, days);
            }
        }
        Ok(lead)
    }

    pub fn set_lead_days(&mut self, kind: OccasionKind, days: u32) -> Result<()> {
        let key = format!("{}{}", keys::LEAD_DAYS_PREFIX, kind.code());
        upsert_setting(self.conn(), &key, &days.to_string())
    }

    /// The greeting template for `kind` in Chinese or English: the shop's
    /// own, else the default.
    pub fn greeting_template(&self, kind: OccasionKind, chinese: bool) -> Result<String> {
        Ok(self
            .setting(&greeting_key(kind, chinese))?
            .filter(|text| !text.trim().is_empty())
            .unwrap_or_else(|| greeting::default_template(kind, chinese).to_string()))
    }

    /// Saves the shop's greeting template for `kind`. A blank text, or the
    /// default itself, removes the shop's own so the default applies (and
    /// later improvements to it reach the shop).
    pub fn set_greeting_template(
        &mut self,
        kind: OccasionKind,
        chinese: bool,
        text: &str,
    ) -> Result<()> {
        let key = greeting_key(kind, chinese);
        if text.trim().is_empty() || text == greeting::default_template(kind, chinese) {
            delete_setting(self.conn(), &key)
        } else {
            upsert_setting(self.conn(), &key, text)
        }
    }

    /// A setting holding a whole number of days; a value that is not one is
    /// ignored (the default applies).
    fn number_setting(&self, key: &str) -> Result<Option<u32>> {
        Ok(self.setting(key)?.and_then(|v| v.trim().parse().ok()))
    }
}

/// The setting key of a greeting template.
fn greeting_key(kind: OccasionKind, chinese: bool) -> String {
    let prefix = if chinese {
        keys::GREETING_ZH_PREFIX
    } else {
        keys::GREETING_EN_PREFIX
    };
    format!("{prefix}{}", kind.code())
}

/// Every promise not ended, with its records.
fn open_promises(store: &Store) -> Result<Vec<ServicePromise>> {
    let conn = store.conn();
    let mut records: HashMap<i64, Vec<PromiseRecord>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT r.promise_id, r.due, r.kept, r.recorded_at, r.note FROM promise_records r \
         JOIN promises p ON p.id = r.promise_id WHERE p.ended = 0 ORDER BY r.promise_id, r.due",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        records.entry(r.get(0)?).or_default().push(PromiseRecord {
            due: parse_date(&r.get::<_, String>(1)?)?,
            kept: r.get(2)?,
            recorded_at: parse_datetime(&r.get::<_, String>(3)?)?,
            note: r.get(4)?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT id, customer_id, description, first_due, recurrence, created_at FROM promises \
         WHERE ended = 0 ORDER BY customer_id, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let recurrence: String = r.get(4)?;
        out.push(ServicePromise {
            id: Some(id),
            customer_id: r.get(1)?,
            description: r.get(2)?,
            first_due: parse_date(&r.get::<_, String>(3)?)?,
            recurrence: Recurrence::decode(&recurrence)
                .ok_or_else(|| StoreError::Corrupt(format!("promise recurrence {recurrence:?}")))?,
            ended: false,
            created_at: parse_datetime(&r.get::<_, String>(5)?)?,
            records: records.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}

impl Store {
    /// The agenda's receivable items as of `today`, from one allocation of
    /// the ledger: each overdue customer's next collection step, and the open
    /// sales not yet overdue (due that day or later), each to be reminded of
    /// on its due date, by customer, then sale date.
    pub fn receivable_agenda(
        &self,
        today: NaiveDate,
    ) -> Result<(Vec<CollectionStepDue>, Vec<PaymentDue>)> {
        let rules = self.aging_rules()?;
        let all = self.allocations(today)?;
        let report = self.aging_of(&all, today, &rules)?;
        let steps = self
            .collection_rows(&report, &self.ladder()?)?
            .into_iter()
            .filter_map(|r| {
                let next = r.position.next?;
                Some(CollectionStepDue {
                    customer: r.customer_id,
                    step: next.step,
                    date: next.date,
                    oldest_overdue_days: r.oldest_overdue_days,
                    overdue: r.overdue,
                })
            })
            .collect();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT COALESCE(number, ''), product FROM sales WHERE id=?1")?;
        let mut due = Vec::new();
        for (customer, allocation) in &all.open {
            for open in allocation.open.iter().filter(|s| s.due >= today) {
                let (sale, product) =
                    stmt.query_row([open.sale_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                due.push(PaymentDue {
                    customer: *customer,
                    sale,
                    product,
                    open: open.open,
                    due: open.due,
                });
            }
        }
        Ok((steps, due))
    }
}
