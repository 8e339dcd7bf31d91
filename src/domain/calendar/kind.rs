//! Kinds of occasion. The codes are stable: the CLI prints them, the greeting
//! templates and lead-day settings are keyed by them.

use crate::coded_enum;

coded_enum!(
    /// What an agenda or calendar item is about.
    OccasionKind {
        HolidayOff => "holiday_off",
        HolidayWorkday => "holiday_workday",
        Festival => "festival",
        SolarTerm => "solar_term",
        Observance => "observance",
        Birthday => "birthday",
        FamilyBirthday => "family_birthday",
        Anniversary => "anniversary",
        CustomDate => "custom_date",
        CadenceDue => "cadence_due",
        NextContact => "next_contact",
        Promise => "promise",
        ComplaintFollowUp => "complaint_follow_up",
        CollectionStep => "collection_step",
        ReceivableDue => "receivable_due",
    }
);

impl OccasionKind {
    /// Whether the item belongs to the whole calendar rather than to one customer.
    pub fn is_calendar_wide(self) -> bool {
        matches!(
            self,
            OccasionKind::HolidayOff
                | OccasionKind::HolidayWorkday
                | OccasionKind::Festival
                | OccasionKind::SolarTerm
                | OccasionKind::Observance
        )
    }
}
