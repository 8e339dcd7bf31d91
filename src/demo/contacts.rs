//! The contact log (跟踪记录): calls, visits, messages and gifts over each
//! customer's recent years, in time order, with next contacts planned
//! around today.

use chrono::NaiveDateTime;

use super::cast::Spotlight;
use super::context::{Generator, add_days};
use super::customers::Profile;
use super::tables::shop::{ContactText, contact_texts};
use crate::domain::contact::{ContactEntry, ContactPurpose};
use crate::store::StoreError;

/// The window of a kept-in-touch customer's latest contact.
const RECENT_CONTACT_DAYS: i64 = 75;

impl Generator<'_, '_> {
    /// A customer's contact log over `window_start..=today`, most of them
    /// touched recently, sometimes with a next contact planned.
    pub(super) fn contacts(&mut self, profile: &Profile<'_>) -> Result<(), StoreError> {
        let today = self.today;
        let &Profile {
            id,
            card: c,
            window_start,
            spotlight,
            ..
        } = profile;
        let count = if c.do_not_contact {
            1
        } else {
            self.range(1, 6)
        };
        let mut times: Vec<NaiveDateTime> = (0..count)
            .map(|_| {
                let day = self.day_between(window_start, today);
                self.at_shop_hours(day)
            })
            .collect();
        // Most customers of a shop that keeps in touch were contacted within
        // the last couple of months; the rest have lapsed (the agenda's work).
        if !c.do_not_contact && self.chance(0.7) {
            let recent_start = add_days(today, -RECENT_CONTACT_DAYS).max(window_start);
            let day = self.day_between(recent_start, today);
            times.push(self.at_shop_hours(day));
        }
        // In time order, so the last one written is the newest in the log.
        times.sort();
        for (k, at) in times.iter().enumerate() {
            let last = k + 1 == times.len();
            let day = &at.date();
            let purpose = match self.roll() {
                r if r < 0.30 => ContactPurpose::Greeting,
                r if r < 0.60 => ContactPurpose::AfterSales,
                r if r < 0.72 => ContactPurpose::Collection,
                r if r < 0.92 => ContactPurpose::Sales,
                _ => ContactPurpose::Other,
            };
            let ContactText {
                channel,
                summary,
                outcome,
            } = self.pick(contact_texts(purpose));
            let mut next_contact = if !last && self.chance(0.2) {
                Some(add_days(*day, self.range(7, 60)))
            } else if last && !c.do_not_contact && self.chance(0.35) {
                Some(match self.roll() {
                    r if r < 0.5 => add_days(today, self.range(1, 21)),
                    r if r < 0.75 => add_days(today, -self.range(1, 30)).max(add_days(*day, 1)),
                    _ => add_days(today, self.range(22, 90)),
                })
            } else {
                None
            };
            if last && spotlight == Some(Spotlight::NextContactSoon) {
                next_contact = Some(add_days(today, self.range(1, 14)));
            }
            let entry = ContactEntry {
                id: None,
                customer_id: id,
                at: *at,
                channel,
                purpose,
                summary: summary.to_string(),
                outcome: outcome.to_string(),
                referral_asked: self.chance(0.2),
                next_contact,
            };
            self.w.contact(&entry)?;
            self.report.contacts += 1;
        }
        Ok(())
    }
}
