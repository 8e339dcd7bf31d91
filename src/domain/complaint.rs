//! A complaint case (投诉) and the six steps it is handled in: listen,
//! apologise, collect the facts, propose a solution within the warranty
//! policy and the clerk's authority, ask the customer, follow up. The case
//! knows which step it is at, what each step still lacks, when a manager
//! must approve, its status and its service-level flags.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::customer::CustomerId;
use super::money::Money;
use super::returns::RefundTo;
use super::warranty::{
    GoodsCondition, PolicyFacts, PolicyVerdict, Remedy, Responsible, WarrantyPolicy,
};
use crate::coded_enum;

pub type ComplaintId = i64;

coded_enum!(
    /// How the complaint reached the shop.
    ComplaintChannel {
        Phone => "phone",
        OnSite => "on_site",
        Letter => "letter",
        Online => "online",
    }
);

coded_enum!(
    /// What the complaint is about.
    ComplaintSource {
        Product => "product",
        AfterSales => "after_sales",
        Delivery => "delivery",
        StaffAttitude => "staff_attitude",
    }
);

coded_enum!(
    /// The wizard's six steps, in order.
    Step {
        Listen => "listen",
        Apologize => "apologize",
        Facts => "facts",
        Solution => "solution",
        Opinion => "opinion",
        FollowUp => "follow_up",
    }
);

coded_enum!(
    /// Where a case stands, as the list shows it.
    ComplaintStatus {
        Draft => "draft",
        Open => "open",
        AwaitingApproval => "awaiting_approval",
        FollowUpDue => "follow_up_due",
        Closed => "closed",
    }
);

coded_enum!(
    /// What the shop gives on top of the remedy (补偿).
    CompensationKind { None => "none", Gift => "gift", Amount => "amount" }
);

impl Step {
    /// 0-based position in the wizard.
    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }
    pub fn previous(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Step::ALL[i])
    }
}

/// How upset the customer is, 1 (calm) to 4 (furious).
pub const EMOTION_LEVELS: std::ops::RangeInclusive<u8> = 1..=4;
/// How serious the problem is, 1 (minor) to 4 (critical).
pub const SEVERITY_LEVELS: std::ops::RangeInclusive<u8> = 1..=4;
/// The customer's satisfaction with the solution, 1 to 5.
pub const SATISFACTION_LEVELS: std::ops::RangeInclusive<u8> = 1..=5;

/// A manager's approval of a solution beyond the clerk's authority.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Approval {
    pub manager: String,
    pub at: NaiveDateTime,
}

/// One complaint, as far as it has got.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Complaint {
    pub id: Option<ComplaintId>,
    pub customer_id: CustomerId,
    pub step: Step,
    // Listen
    pub channel: Option<ComplaintChannel>,
    pub source: Option<ComplaintSource>,
    pub words: String,
    pub emotion: Option<u8>,
    pub received_at: NaiveDateTime,
    // Apologize
    /// When the apology was made: the first response.
    pub apologized_at: Option<NaiveDateTime>,
    // Facts
    pub sale_id: Option<i64>,
    pub product: String,
    pub purchase_date: Option<NaiveDate>,
    pub what_happened: String,
    pub severity: Option<u8>,
    pub responsible: Option<Responsible>,
    pub condition: Option<GoodsCondition>,
    // Solution
    pub remedy: Option<Remedy>,
    pub solution_note: String,
    pub refund: Money,
    pub refund_to: RefundTo,
    pub compensation: CompensationKind,
    pub compensation_gift: String,
    pub compensation_amount: Money,
    pub approval: Option<Approval>,
    // Opinion
    pub accepted: Option<bool>,
    /// Why the customer turned a solution down; kept when the case goes
    /// back to the Solution step.
    pub rejection_reason: String,
    pub satisfaction: Option<u8>,
    // Follow-up
    pub follow_up_date: Option<NaiveDate>,
    pub follow_up_result: String,
    pub closed_at: Option<NaiveDateTime>,
}

impl Complaint {
    /// A new case for a customer, received now.
    pub fn new(customer_id: CustomerId, received_at: NaiveDateTime) -> Complaint {
        Complaint {
            id: None,
            customer_id,
            step: Step::Listen,
            channel: None,
            source: None,
            words: String::new(),
            emotion: None,
            received_at,
            apologized_at: None,
            sale_id: None,
            product: String::new(),
            purchase_date: None,
            what_happened: String::new(),
            severity: None,
            responsible: None,
            condition: None,
            remedy: None,
            solution_note: String::new(),
            refund: Money::ZERO,
            refund_to: RefundTo::PaidOut,
            compensation: CompensationKind::None,
            compensation_gift: String::new(),
            compensation_amount: Money::ZERO,
            approval: None,
            accepted: None,
            rejection_reason: String::new(),
            satisfaction: None,
            follow_up_date: None,
            follow_up_result: String::new(),
            closed_at: None,
        }
    }

    /// What the warranty policy says about this case.
    pub fn verdict(&self, policy: &WarrantyPolicy) -> PolicyVerdict {
        policy.evaluate(&PolicyFacts {
            purchased: self.purchase_date,
            reported: self.received_at.date(),
            condition: self.condition,
            responsible: self.responsible,
        })
    }

    /// The money the solution gives out: refund plus a compensation amount.
    pub fn money_out(&self) -> Money {
        let refund = if self.remedy == Some(Remedy::Refund) {
            self.refund
        } else {
            Money::ZERO
        };
        let compensation = if self.compensation == CompensationKind::Amount {
            self.compensation_amount
        } else {
            Money::ZERO
        };
        refund + compensation
    }

    /// Why the solution needs a manager, if it does.
    pub fn approval_reasons(&self, rules: &ComplaintRules) -> Vec<ApprovalReason> {
        let mut reasons = Vec::new();
        if let Some(remedy) = self.remedy
            && !self.verdict(&rules.policy).allows(remedy)
        {
            reasons.push(ApprovalReason::OutsidePolicy(remedy));
        }
        if self.compensation != CompensationKind::None
            && !self.responsible.is_some_and(Responsible::shop_side)
        {
            reasons.push(ApprovalReason::CompensationWithoutShopFault);
        }
        let out = self.money_out();
        if out > rules.authority_limit {
            reasons.push(ApprovalReason::OverAuthority {
                amount: out,
                limit: rules.authority_limit,
            });
        }
        reasons
    }

    /// Where the case stands.
    pub fn status(&self, rules: &ComplaintRules) -> ComplaintStatus {
        if self.closed_at.is_some() {
            ComplaintStatus::Closed
        } else if self.step >= Step::Opinion
            && self.approval.is_none()
            && !self.approval_reasons(rules).is_empty()
        {
            ComplaintStatus::AwaitingApproval
        } else if self.step == Step::FollowUp && self.follow_up_date.is_some() {
            ComplaintStatus::FollowUpDue
        } else if self.apologized_at.is_some() && self.step >= Step::Facts {
            ComplaintStatus::Open
        } else {
            ComplaintStatus::Draft
        }
    }

    /// What the given step still lacks before the wizard may move on.
    pub fn missing(&self, step: Step, rules: &ComplaintRules) -> Vec<Missing> {
        let mut missing = Vec::new();
        match step {
            Step::Listen => {
                if self.channel.is_none() {
                    missing.push(Missing::Channel);
                }
                if self.source.is_none() {
                    missing.push(Missing::Source);
                }
                if self.words.trim().is_empty() {
                    missing.push(Missing::Words);
                }
                if !self.emotion.is_some_and(|e| EMOTION_LEVELS.contains(&e)) {
                    missing.push(Missing::Emotion);
                }
            }
            Step::Apologize => {
                if self.apologized_at.is_none() {
                    missing.push(Missing::Apology);
                }
            }
            Step::Facts => {
                if self.sale_id.is_none() && self.product.trim().is_empty() {
                    missing.push(Missing::Product);
                }
                if self.what_happened.trim().is_empty() {
                    missing.push(Missing::WhatHappened);
                }
                if !self.severity.is_some_and(|s| SEVERITY_LEVELS.contains(&s)) {
                    missing.push(Missing::Severity);
                }
                if self.responsible.is_none() {
                    missing.push(Missing::Responsible);
                }
                if self.condition.is_none() {
                    missing.push(Missing::Condition);
                }
                if self
                    .purchase_date
                    .is_some_and(|d| d > self.received_at.date())
                {
                    missing.push(Missing::PurchaseAfterComplaint);
                }
            }
            Step::Solution => {
                if self.remedy.is_none() {
                    missing.push(Missing::Remedy);
                }
                if self.remedy == Some(Remedy::Refund) && !self.refund.is_positive() {
                    missing.push(Missing::RefundAmount);
                }
                match self.compensation {
                    CompensationKind::Gift if self.compensation_gift.trim().is_empty() => {
                        missing.push(Missing::CompensationGift)
                    }
                    CompensationKind::Amount if !self.compensation_amount.is_positive() => {
                        missing.push(Missing::CompensationAmount)
                    }
                    _ => {}
                }
                if self.approval.is_none() && !self.approval_reasons(rules).is_empty() {
                    missing.push(Missing::ManagerApproval);
                }
            }
            Step::Opinion => match self.accepted {
                None => missing.push(Missing::Accepted),
                Some(false) => {
                    if self.rejection_reason.trim().is_empty() {
                        missing.push(Missing::RejectionReason);
                    }
                }
                Some(true) => {
                    if !self
                        .satisfaction
                        .is_some_and(|s| SATISFACTION_LEVELS.contains(&s))
                    {
                        missing.push(Missing::Satisfaction);
                    }
                }
            },
            Step::FollowUp => {
                if self.follow_up_date.is_none() {
                    missing.push(Missing::FollowUpDate);
                }
            }
        }
        missing
    }

    /// Moves on from the current step if it is complete. Declining the
    /// solution in the Opinion step goes back to Solution (the reason stays
    /// on the case, and the approval of the declined solution is dropped).
    /// The Follow-up step proposes a date `rules.follow_up_days` after today.
    pub fn advance(
        &mut self,
        rules: &ComplaintRules,
        today: NaiveDate,
    ) -> Result<Step, Vec<Missing>> {
        let missing = self.missing(self.step, rules);
        if !missing.is_empty() {
            return Err(missing);
        }
        let next = match self.step {
            Step::Opinion if self.accepted == Some(false) => {
                self.accepted = None;
                self.approval = None;
                Step::Solution
            }
            Step::FollowUp => return Err(vec![Missing::FollowUpResult]),
            step => step.next().unwrap_or(step),
        };
        if next == Step::FollowUp && self.follow_up_date.is_none() {
            self.follow_up_date = Some(today + Duration::days(i64::from(rules.follow_up_days)));
        }
        self.step = next;
        Ok(next)
    }

    /// Goes back one step; nothing typed is cleared.
    pub fn back(&mut self) {
        if let Some(previous) = self.step.previous()
            && self.closed_at.is_none()
        {
            self.step = previous;
        }
    }

    /// Closes the case after the follow-up. Needs the follow-up result.
    pub fn close(&mut self, rules: &ComplaintRules, at: NaiveDateTime) -> Result<(), Vec<Missing>> {
        let mut missing = Vec::new();
        for step in Step::ALL {
            if *step != Step::FollowUp {
                missing.extend(self.missing(*step, rules));
            }
        }
        if self.accepted != Some(true) {
            missing.push(Missing::Accepted);
        }
        if self.step != Step::FollowUp {
            missing.push(Missing::NotAtFollowUp);
        }
        missing.extend(self.missing(Step::FollowUp, rules));
        if self.follow_up_result.trim().is_empty() {
            missing.push(Missing::FollowUpResult);
        }
        missing.dedup();
        if !missing.is_empty() {
            return Err(missing);
        }
        self.closed_at = Some(at);
        Ok(())
    }

    /// Service-level flags as of `now`.
    pub fn sla_flags(&self, rules: &ComplaintRules, now: NaiveDateTime) -> SlaFlags {
        SlaFlags::of(
            self.received_at,
            self.apologized_at,
            self.closed_at,
            rules,
            now,
        )
    }

    /// Whether the follow-up date has come and the case is still open.
    pub fn follow_up_overdue(&self, today: NaiveDate) -> bool {
        self.closed_at.is_none() && self.follow_up_date.is_some_and(|d| d <= today)
    }
}

/// The shop's settings the complaint rules use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintRules {
    pub policy: WarrantyPolicy,
    /// The most money (refund plus compensation) a clerk may give without a manager.
    pub authority_limit: Money,
    /// The follow-up is proposed this many days after the solution is accepted.
    pub follow_up_days: u32,
    /// A case should get its first response (the apology) within this many hours.
    pub first_response_hours: u32,
    /// A case should be closed within this many days.
    pub close_within_days: u32,
}

impl Default for ComplaintRules {
    fn default() -> Self {
        ComplaintRules {
            policy: WarrantyPolicy::default(),
            authority_limit: Money::from_yuan(500),
            follow_up_days: 3,
            first_response_hours: 24,
            close_within_days: 7,
        }
    }
}

/// Why a solution needs a manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalReason {
    OutsidePolicy(Remedy),
    CompensationWithoutShopFault,
    OverAuthority { amount: Money, limit: Money },
}

/// Service-level breaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlaFlags {
    pub late_first_response: bool,
    pub late_close: bool,
}

impl SlaFlags {
    /// The flags of a case received at `received`, first answered (the
    /// apology) at `responded` and closed at `closed`, as of `now`; what has
    /// not happened yet counts as happening now.
    pub fn of(
        received: NaiveDateTime,
        responded: Option<NaiveDateTime>,
        closed: Option<NaiveDateTime>,
        rules: &ComplaintRules,
        now: NaiveDateTime,
    ) -> SlaFlags {
        let response_limit = Duration::hours(i64::from(rules.first_response_hours));
        let close_limit = Duration::days(i64::from(rules.close_within_days));
        SlaFlags {
            late_first_response: responded.unwrap_or(now) - received > response_limit,
            late_close: closed.unwrap_or(now) - received > close_limit,
        }
    }

    pub fn any(self) -> bool {
        self.late_first_response || self.late_close
    }
}

/// Something a step still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Channel,
    Source,
    Words,
    Emotion,
    Apology,
    Product,
    WhatHappened,
    Severity,
    Responsible,
    Condition,
    PurchaseAfterComplaint,
    Remedy,
    RefundAmount,
    CompensationGift,
    CompensationAmount,
    ManagerApproval,
    Accepted,
    RejectionReason,
    Satisfaction,
    FollowUpDate,
    FollowUpResult,
    NotAtFollowUp,
}

impl Missing {
    /// A stable code, for messages and tests.
    pub fn code(self) -> &'static str {
        match self {
            Missing::Channel => "channel",
            Missing::Source => "source",
            Missing::Words => "words",
            Missing::Emotion => "emotion",
            Missing::Apology => "apology",
            Missing::Product => "product",
            Missing::WhatHappened => "what_happened",
            Missing::Severity => "severity",
            Missing::Responsible => "responsible",
            Missing::Condition => "condition",
            Missing::PurchaseAfterComplaint => "purchase_after_complaint",
            Missing::Remedy => "remedy",
            Missing::RefundAmount => "refund_amount",
            Missing::CompensationGift => "compensation_gift",
            Missing::CompensationAmount => "compensation_amount",
            Missing::ManagerApproval => "manager_approval",
            Missing::Accepted => "accepted",
            Missing::RejectionReason => "rejection_reason",
            Missing::Satisfaction => "satisfaction",
            Missing::FollowUpDate => "follow_up_date",
            Missing::FollowUpResult => "follow_up_result",
            Missing::NotAtFollowUp => "not_at_follow_up",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    /// A case filled in up to (not including) the Solution step.
    fn through_facts() -> Complaint {
        let mut c = Complaint::new(7, at(20, 10));
        c.channel = Some(ComplaintChannel::OnSite);
        c.source = Some(ComplaintSource::Product);
        c.words = "刚买的电饭煲不加热".into();
        c.emotion = Some(3);
        c.apologized_at = Some(at(20, 10));
        c.product = "电饭煲".into();
        c.purchase_date = NaiveDate::from_ymd_opt(2026, 11, 12);
        c.what_happened = "插电后指示灯亮，不加热".into();
        c.severity = Some(2);
        c.responsible = Some(Responsible::Supplier);
        c.condition = Some(GoodsCondition::Used);
        c.step = Step::Solution;
        c
    }

    #[test]
    fn next_says_exactly_what_the_listen_step_lacks() {
        let rules = ComplaintRules::default();
        let mut c = Complaint::new(1, at(20, 9));
        c.words = "  ".into();
        let err = c.advance(&rules, at(20, 9).date()).unwrap_err();
        assert_eq!(
            err,
            [
                Missing::Channel,
                Missing::Source,
                Missing::Words,
                Missing::Emotion
            ]
        );
        assert_eq!(c.step, Step::Listen);
        c.channel = Some(ComplaintChannel::Phone);
        c.source = Some(ComplaintSource::Delivery);
        c.words = "送货晚了两天".into();
        c.emotion = Some(5);
        assert_eq!(c.missing(Step::Listen, &rules), [Missing::Emotion]);
        c.emotion = Some(2);
        assert_eq!(c.advance(&rules, at(20, 9).date()), Ok(Step::Apologize));
    }

    #[test]
    fn a_refund_within_policy_and_authority_needs_no_manager() {
        let rules = ComplaintRules::default();
        let mut c = through_facts();
        c.remedy = Some(Remedy::Refund);
        c.refund = Money::from_yuan(299);
        assert!(c.approval_reasons(&rules).is_empty());
        assert_eq!(c.advance(&rules, at(20, 10).date()), Ok(Step::Opinion));
    }

    #[test]
    fn money_above_the_limit_needs_a_manager() {
        let rules = ComplaintRules::default();
        let mut c = through_facts();
        c.remedy = Some(Remedy::Refund);
        c.refund = Money::from_yuan(450);
        c.compensation = CompensationKind::Amount;
        c.compensation_amount = Money::from_yuan(60);
        assert_eq!(
            c.approval_reasons(&rules),
            [ApprovalReason::OverAuthority {
                amount: Money::from_yuan(510),
                limit: Money::from_yuan(500)
            }]
        );
        assert_eq!(
            c.advance(&rules, at(20, 10).date()),
            Err(vec![Missing::ManagerApproval])
        );
        // Exactly at the limit is within the clerk's authority.
        c.compensation_amount = Money::from_yuan(50);
        assert!(c.approval_reasons(&rules).is_empty());
    }

    #[test]
    fn a_remedy_outside_policy_needs_a_manager_and_shows_as_awaiting() {
        let rules = ComplaintRules::default();
        let mut c = through_facts();
        c.responsible = Some(Responsible::CustomerMisuse);
        c.remedy = Some(Remedy::Exchange);
        assert_eq!(
            c.approval_reasons(&rules),
            [ApprovalReason::OutsidePolicy(Remedy::Exchange)]
        );
        assert!(c.advance(&rules, at(20, 10).date()).is_err());
        // Moved on only once a manager signs it off.
        c.approval = Some(Approval {
            manager: "李店长".into(),
            at: at(20, 11),
        });
        assert_eq!(c.advance(&rules, at(20, 11).date()), Ok(Step::Opinion));
        assert_eq!(c.status(&rules), ComplaintStatus::Open);
        // A draft saved before approval arrives is listed as waiting for it.
        c.approval = None;
        assert_eq!(c.status(&rules), ComplaintStatus::AwaitingApproval);
    }

    #[test]
    fn declining_goes_back_to_solution_with_the_reason_kept() {
        let rules = ComplaintRules::default();
        let mut c = through_facts();
        c.remedy = Some(Remedy::RepairShop);
        c.advance(&rules, at(20, 10).date()).unwrap();
        c.accepted = Some(false);
        assert_eq!(
            c.advance(&rules, at(20, 10).date()),
            Err(vec![Missing::RejectionReason])
        );
        c.rejection_reason = "不想等维修，要换新".into();
        assert_eq!(c.advance(&rules, at(20, 10).date()), Ok(Step::Solution));
        assert_eq!(c.rejection_reason, "不想等维修，要换新");
        assert_eq!(c.accepted, None);
    }

    #[test]
    fn cannot_close_without_the_follow_up_result() {
        let rules = ComplaintRules::default();
        let mut c = through_facts();
        c.remedy = Some(Remedy::Exchange);
        let today = at(20, 10).date();
        c.advance(&rules, today).unwrap();
        c.accepted = Some(true);
        c.satisfaction = Some(4);
        assert_eq!(c.advance(&rules, today), Ok(Step::FollowUp));
        assert_eq!(c.follow_up_date, NaiveDate::from_ymd_opt(2026, 11, 23));
        assert_eq!(c.status(&rules), ComplaintStatus::FollowUpDue);
        assert_eq!(
            c.close(&rules, at(23, 15)),
            Err(vec![Missing::FollowUpResult])
        );
        assert!(c.closed_at.is_none());
        c.follow_up_result = "新锅用得很好".into();
        c.close(&rules, at(23, 15)).unwrap();
        assert_eq!(c.status(&rules), ComplaintStatus::Closed);
    }

    #[test]
    fn a_draft_becomes_open_once_the_apology_is_made() {
        let rules = ComplaintRules::default();
        let mut c = Complaint::new(1, at(20, 9));
        assert_eq!(c.status(&rules), ComplaintStatus::Draft);
        c.apologized_at = Some(at(20, 9));
        c.step = Step::Facts;
        assert_eq!(c.status(&rules), ComplaintStatus::Open);
    }

    #[test]
    fn sla_flags_follow_the_limits() {
        let rules = ComplaintRules::default();
        let mut c = Complaint::new(1, at(10, 9));
        assert!(!c.sla_flags(&rules, at(11, 9)).late_first_response);
        assert!(c.sla_flags(&rules, at(11, 10)).late_first_response);
        c.apologized_at = Some(at(10, 12));
        let flags = c.sla_flags(&rules, at(18, 9));
        assert!(!flags.late_first_response);
        assert!(flags.late_close);
        c.closed_at = Some(at(16, 9));
        assert!(!c.sla_flags(&rules, at(30, 9)).late_close);
    }

    #[test]
    fn a_purchase_after_the_complaint_is_refused() {
        let rules = ComplaintRules::default();
        let mut c = through_facts();
        c.step = Step::Facts;
        c.purchase_date = NaiveDate::from_ymd_opt(2026, 11, 21);
        assert_eq!(
            c.missing(Step::Facts, &rules),
            [Missing::PurchaseAfterComplaint]
        );
    }
}
