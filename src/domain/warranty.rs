//! The shop's warranty and return policy (三包): which remedies the policy
//! allows for a complaint or a return, given when the goods were bought,
//! when the customer came back, the state of the goods and who caused the
//! fault — and why, so the clerk can say it to the customer.

use chrono::NaiveDate;

use crate::coded_enum;

coded_enum!(
    /// What the shop can offer (解决方案).
    Remedy {
        Refund => "refund",
        Exchange => "exchange",
        RepairShop => "repair_shop",
        RepairFactory => "repair_factory",
        ServiceAdjustment => "service_adjustment",
    }
);

coded_enum!(
    /// The state of the goods when they come back.
    GoodsCondition { Unopened => "unopened", Used => "used", Damaged => "damaged" }
);

coded_enum!(
    /// Who caused the problem (责任方).
    Responsible {
        Us => "us",
        Supplier => "supplier",
        Carrier => "carrier",
        CustomerMisuse => "customer_misuse",
        Unknown => "unknown",
    }
);

impl Remedy {
    /// Remedies that give goods or money back.
    pub fn is_return(self) -> bool {
        matches!(self, Remedy::Refund | Remedy::Exchange)
    }
}

impl Responsible {
    /// The shop's side (itself, its supplier or its carrier) caused it.
    pub fn shop_side(self) -> bool {
        matches!(
            self,
            Responsible::Us | Responsible::Supplier | Responsible::Carrier
        )
    }
}

/// The policy's numbers (Settings). Defaults follow the common 三包 rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WarrantyPolicy {
    /// Unopened, unused, intact goods may be returned or exchanged this many
    /// days after the purchase (the purchase day is day 0).
    pub unopened_return_days: u32,
    /// A quality fault the customer did not cause may be returned or
    /// exchanged this many days after the purchase.
    pub quality_return_days: u32,
    /// A repair in the shop takes this many days at most.
    pub shop_repair_days: u32,
    /// A repair sent to the factory takes about this many days.
    pub factory_repair_days: u32,
}

impl Default for WarrantyPolicy {
    fn default() -> Self {
        WarrantyPolicy {
            unopened_return_days: 10,
            quality_return_days: 30,
            shop_repair_days: 3,
            factory_repair_days: 30,
        }
    }
}

/// The facts the policy looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyFacts {
    pub purchased: Option<NaiveDate>,
    /// The day the customer came back (the complaint or return date).
    pub reported: NaiveDate,
    pub condition: Option<GoodsCondition>,
    pub responsible: Option<Responsible>,
}

/// Which rule of the policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyBasis {
    /// No purchase date: only a repair can be offered without a manager.
    PurchaseDateUnknown,
    /// The customer caused the damage: repair, parts at cost.
    CustomerCaused { days: i64 },
    /// Within the unopened window and unopened.
    UnopenedWithin { days: i64, limit: u32 },
    /// Within the quality window, a fault the customer did not cause.
    QualityFaultWithin { days: i64, limit: u32 },
    /// Past the windows (or used goods without a fault): free repair.
    RepairOnly { days: i64 },
}

/// What the policy allows, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVerdict {
    pub basis: PolicyBasis,
    pub allowed: Vec<Remedy>,
    /// Whether repairs are free (false: parts are charged at cost).
    pub free_repair: bool,
}

impl PolicyVerdict {
    pub fn allows(&self, remedy: Remedy) -> bool {
        self.allowed.contains(&remedy)
    }
}

impl WarrantyPolicy {
    /// Evaluates the policy. A purchase date after the report day counts as
    /// day 0. A service adjustment is always within policy: it gives back
    /// neither goods nor money.
    pub fn evaluate(&self, facts: &PolicyFacts) -> PolicyVerdict {
        use Remedy::*;
        let repairs = vec![RepairShop, RepairFactory, ServiceAdjustment];
        let everything = vec![
            Refund,
            Exchange,
            RepairShop,
            RepairFactory,
            ServiceAdjustment,
        ];
        let Some(purchased) = facts.purchased else {
            return PolicyVerdict {
                basis: PolicyBasis::PurchaseDateUnknown,
                allowed: repairs,
                free_repair: facts.responsible != Some(Responsible::CustomerMisuse),
            };
        };
        let days = (facts.reported - purchased).num_days().max(0);
        if facts.responsible == Some(Responsible::CustomerMisuse) {
            return PolicyVerdict {
                basis: PolicyBasis::CustomerCaused { days },
                allowed: repairs,
                free_repair: false,
            };
        }
        if facts.condition == Some(GoodsCondition::Unopened)
            && days <= i64::from(self.unopened_return_days)
        {
            return PolicyVerdict {
                basis: PolicyBasis::UnopenedWithin {
                    days,
                    limit: self.unopened_return_days,
                },
                allowed: everything,
                free_repair: true,
            };
        }
        // A fault counts as a quality fault when someone on the shop's side
        // caused it or nobody knows yet; a used-but-fine product is not one.
        let fault = facts
            .responsible
            .is_some_and(|r| r != Responsible::CustomerMisuse);
        if fault && days <= i64::from(self.quality_return_days) {
            return PolicyVerdict {
                basis: PolicyBasis::QualityFaultWithin {
                    days,
                    limit: self.quality_return_days,
                },
                allowed: everything,
                free_repair: true,
            };
        }
        PolicyVerdict {
            basis: PolicyBasis::RepairOnly { days },
            allowed: repairs,
            free_repair: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(days: i64, condition: GoodsCondition, responsible: Responsible) -> PolicyFacts {
        let reported = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        PolicyFacts {
            purchased: Some(reported - chrono::Days::new(days as u64)),
            reported,
            condition: Some(condition),
            responsible: Some(responsible),
        }
    }

    fn allows_return(v: &PolicyVerdict) -> bool {
        v.allows(Remedy::Refund) && v.allows(Remedy::Exchange)
    }

    #[test]
    fn unopened_goods_come_back_until_day_ten() {
        let policy = WarrantyPolicy::default();
        // Nobody at fault, the customer simply does not want it.
        let day10 = policy.evaluate(&facts(10, GoodsCondition::Unopened, Responsible::Unknown));
        assert!(allows_return(&day10));
        assert_eq!(
            day10.basis,
            PolicyBasis::UnopenedWithin {
                days: 10,
                limit: 10
            }
        );
        // Day 11, unopened, no fault named other than "unknown": the quality
        // window still applies because nobody knows the cause yet.
        let day11 = policy.evaluate(&facts(11, GoodsCondition::Unopened, Responsible::Unknown));
        assert!(matches!(
            day11.basis,
            PolicyBasis::QualityFaultWithin { days: 11, .. }
        ));
    }

    #[test]
    fn quality_faults_come_back_until_day_thirty() {
        let policy = WarrantyPolicy::default();
        let day30 = policy.evaluate(&facts(30, GoodsCondition::Used, Responsible::Supplier));
        assert!(allows_return(&day30));
        let day31 = policy.evaluate(&facts(31, GoodsCondition::Used, Responsible::Supplier));
        assert!(!allows_return(&day31));
        assert!(day31.allows(Remedy::RepairShop) && day31.free_repair);
        assert_eq!(day31.basis, PolicyBasis::RepairOnly { days: 31 });
    }

    #[test]
    fn customer_caused_damage_is_repaired_at_cost_even_on_day_one() {
        let policy = WarrantyPolicy::default();
        let v = policy.evaluate(&facts(
            1,
            GoodsCondition::Damaged,
            Responsible::CustomerMisuse,
        ));
        assert!(!allows_return(&v));
        assert!(v.allows(Remedy::RepairFactory));
        assert!(!v.free_repair);
        assert_eq!(v.basis, PolicyBasis::CustomerCaused { days: 1 });
    }

    #[test]
    fn unknown_purchase_date_allows_only_repair() {
        let policy = WarrantyPolicy::default();
        let mut f = facts(2, GoodsCondition::Unopened, Responsible::Us);
        f.purchased = None;
        let v = policy.evaluate(&f);
        assert_eq!(v.basis, PolicyBasis::PurchaseDateUnknown);
        assert!(!allows_return(&v));
        assert!(v.allows(Remedy::ServiceAdjustment));
    }

    #[test]
    fn the_windows_follow_the_settings() {
        let policy = WarrantyPolicy {
            unopened_return_days: 7,
            quality_return_days: 15,
            ..WarrantyPolicy::default()
        };
        assert!(!allows_return(&policy.evaluate(&facts(
            8,
            GoodsCondition::Unopened,
            Responsible::CustomerMisuse
        ))));
        assert!(allows_return(&policy.evaluate(&facts(
            15,
            GoodsCondition::Used,
            Responsible::Us
        ))));
        assert!(!allows_return(&policy.evaluate(&facts(
            16,
            GoodsCondition::Used,
            Responsible::Us
        ))));
    }
}
