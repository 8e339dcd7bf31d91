//! The contact log (跟踪记录): every call, visit, message and gift, and the
//! next contact date it sets.

use chrono::{NaiveDate, NaiveDateTime};

use super::customer::CustomerId;
use crate::coded_enum;

coded_enum!(
    /// How the shop reached the customer.
    ContactChannel {
        Visit => "visit",
        Phone => "phone",
        SmsWechat => "sms_wechat",
        LetterCard => "letter_card",
        Email => "email",
        Gift => "gift",
    }
);

coded_enum!(
    /// Why the shop reached out.
    ContactPurpose {
        Greeting => "greeting",
        AfterSales => "after_sales",
        Collection => "collection",
        Sales => "sales",
        Other => "other",
    }
);

/// One logged contact.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactEntry {
    pub id: Option<i64>,
    pub customer_id: CustomerId,
    pub at: NaiveDateTime,
    pub channel: ContactChannel,
    pub purpose: ContactPurpose,
    pub summary: String,
    pub outcome: String,
    pub referral_asked: bool,
    pub next_contact: Option<NaiveDate>,
}

/// The next contact date the log asks for: the one set by the newest entry
/// that set one, or none when the newest entries set none.
pub fn next_contact_date(entries_newest_first: &[ContactEntry]) -> Option<NaiveDate> {
    entries_newest_first.iter().find_map(|e| e.next_contact)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(day: u32, next: Option<u32>) -> ContactEntry {
        let d = |x| NaiveDate::from_ymd_opt(2026, 11, x).unwrap();
        ContactEntry {
            id: None,
            customer_id: 1,
            at: d(day).and_hms_opt(10, 0, 0).unwrap(),
            channel: ContactChannel::Phone,
            purpose: ContactPurpose::Greeting,
            summary: String::new(),
            outcome: String::new(),
            referral_asked: false,
            next_contact: next.map(d),
        }
    }

    #[test]
    fn newest_entry_with_a_date_decides() {
        let log = vec![entry(20, None), entry(10, Some(25)), entry(1, Some(5))];
        assert_eq!(
            next_contact_date(&log),
            NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        assert_eq!(next_contact_date(&[entry(3, None)]), None);
    }
}
