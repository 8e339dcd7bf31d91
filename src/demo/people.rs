//! People's particulars: surnames (the common ones far more often), given
//! names, unique mobile and landline numbers, and Hangzhou addresses.

use rand::Rng;

use super::context::Generator;
use super::tables::people::{
    COMMUNITIES, COMPOUND_SURNAMES, DISTRICTS, FEMALE_GIVEN, FEMALE_NAMES, MALE_GIVEN, MALE_NAMES,
    MOBILE_PREFIXES, ROADS, SURNAMES, TOP_SURNAMES,
};
use crate::domain::customer::Gender;

impl Generator<'_, '_> {
    pub(super) fn surname(&mut self) -> &'static str {
        if self.chance(0.004) {
            self.pick(COMPOUND_SURNAMES)
        } else if self.chance(0.5) {
            self.pick(&SURNAMES[..TOP_SURNAMES])
        } else {
            self.pick(SURNAMES)
        }
    }

    pub(super) fn given_name(&mut self, gender: Gender) -> String {
        let male = match gender {
            Gender::Male => true,
            Gender::Female => false,
            Gender::Unknown => self.chance(0.5),
        };
        if self.chance(0.35) {
            return self
                .pick(if male { MALE_NAMES } else { FEMALE_NAMES })
                .to_string();
        }
        let pool = if male { MALE_GIVEN } else { FEMALE_GIVEN };
        let mut name = self.pick(pool).to_string();
        if self.chance(0.7) {
            name.push_str(self.pick(pool));
        }
        name
    }

    pub(super) fn mobile(&mut self) -> String {
        loop {
            let prefix = self.pick(MOBILE_PREFIXES);
            let number = prefix * 100_000_000 + self.rng.random_range(0..100_000_000u64);
            if self.phones.insert(number) {
                return number.to_string();
            }
        }
    }

    pub(super) fn landline(&mut self) -> String {
        loop {
            // Hangzhou numbers: 0571 and eight digits starting 8 or 5.
            let local =
                self.pick(&[8u64, 5]) * 10_000_000 + self.rng.random_range(0..10_000_000u64);
            // Landlines live in their own range of the set (they cannot clash with mobiles).
            if self.phones.insert(local) {
                return format!("0571-{local}");
            }
        }
    }

    pub(super) fn address(&mut self) -> String {
        let district = self.pick(DISTRICTS);
        let road = self.pick(ROADS);
        let number = self.range(1, 399);
        let community = self.pick(COMMUNITIES);
        let building = self.range(1, 30);
        let unit = self.range(1, 4);
        let room = self.range(1, 18) * 100 + self.range(1, 4);
        format!("杭州市{district}{road}{number}号{community}{building}幢{unit}单元{room}室")
    }
}
