//! The complaint cases of the last two months, one story each, filled in
//! and moved on step by step as a clerk would in the wizard: six closed
//! (refund to the account, refund paid out, an exchange the manager
//! approved, shop repair, factory repair, a service adjustment with a gift),
//! three waiting for their follow-up (yesterday, today, in two days), two
//! waiting for the manager, three open (two of them older than the week a
//! case should take) and two drafts (one not apologised for after two
//! days). Written oldest first.

use super::{ANY, Wanted, accept, apologize, facts, next_step, propose};
use crate::demo::context::{Generator, add_days, later};
use crate::demo::tables::aftersales::{
    CODED_ITEMS, DELIVERED_ITEMS, MOTOR_ITEMS, SERVICED_ITEMS, SMALL_ITEMS, WATER_ITEMS,
};
use crate::domain::complaint::ComplaintChannel::{Letter, OnSite, Online, Phone};
use crate::domain::complaint::ComplaintSource::{AfterSales, Delivery, Product, StaffAttitude};
use crate::domain::complaint::{CompensationKind, Complaint, ComplaintRules};
use crate::domain::money::Money;
use crate::domain::returns::RefundTo;
use crate::domain::warranty::GoodsCondition::{Damaged, Unopened, Used};
use crate::domain::warranty::Remedy;
use crate::domain::warranty::Responsible::{Carrier, CustomerMisuse, Supplier, Us};
use crate::store::StoreError;

impl Generator<'_, '_> {
    /// Every case, oldest first.
    pub(in crate::demo) fn complaints(&mut self) -> Result<(), StoreError> {
        let rules = ComplaintRules::default();
        let rules = &rules;
        self.refund_to_account(rules)?;
        self.factory_repair(rules)?;
        self.refund_paid_out(rules)?;
        self.approved_exchange(rules)?;
        self.shop_repair(rules)?;
        self.gift_for_a_late_visit(rules)?;
        self.open_until_the_visit(rules)?;
        self.follow_up_due_yesterday(rules)?;
        self.open_until_the_maker_answers(rules)?;
        self.follow_up_due_today(rules)?;
        self.refund_beyond_a_clerk(rules)?;
        self.follow_up_in_two_days(rules)?;
        self.exchange_outside_the_warranty(rules)?;
        self.unanswered_message(rules)?;
        self.repair_charge_letter(rules)?;
        self.this_mornings_call(rules)?;
        Ok(())
    }

    /// Closed: a refund credited against what the customer still owes.
    fn refund_to_account(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(58);
        let p = self.purchase(day, Wanted::bought(1..=20, SMALL_ITEMS).owing().distinct());
        let age = p.days_before(day);
        let in_window = age <= i64::from(rules.policy.quality_return_days);
        let words = if in_window {
            format!(
                "{}买回来才{age}天就不通电了，换了好几个插座都没反应。",
                p.product
            )
        } else {
            format!(
                "{}突然不通电了，换了好几个插座都没反应，钱还没付清呢。",
                p.product
            )
        };
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(3));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 10)?;
        p.fill(&mut c);
        c.what_happened = if in_window {
            "店内通电检测：电源模块损坏，属质量问题，在三包退货期内。"
        } else {
            "店内通电检测：电源模块损坏，属质量问题；已过退货期，货款尚未付清，报店长同意退货。"
        }
        .into();
        facts(&mut c, 2, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::Refund);
        c.refund = p.unit;
        c.refund_to = RefundTo::Account;
        c.solution_note = "按三包退货，货款冲抵账上未付的货款。".into();
        let at = later(c.received_at, 40);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(self.days_ago(57), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.save_case(&mut c, rules, accepted)?;
        self.close_case(
            &mut c,
            rules,
            "回访：客户确认账上欠款已减去，表示理解，说下次还来买。",
        )?;
        Ok(())
    }

    /// Closed: a repair at the factory, followed up when it came back.
    fn factory_repair(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(55);
        let p = self.purchase(day, Wanted::bought(60..=700, CODED_ITEMS));
        let words = format!(
            "{}面板上一直跳故障代码，说明书上的办法都试过了，还是用不了。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "上门检测：主板故障，店里修不了，需返厂；在保修期内，免费维修。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::RepairFactory);
        c.solution_note = "开返厂单，约20天修好送回，期间每周告知客户进度。".into();
        let at = later(c.received_at, 40);
        let accepted = self.moment(self.days_ago(54), c.received_at);
        propose(&mut c, rules, at, accepted.date())?;
        // Followed up when the repaired machine is due back, not in three days.
        c.follow_up_date = Some(add_days(accepted.date(), 21));
        accept(&mut c, rules, 3, accepted)?;
        self.save_case(&mut c, rules, accepted)?;
        self.close_case(
            &mut c,
            rules,
            "回访：返厂修好已装回，客户说等得久了点，但每周都有人告知进度，表示认可。",
        )?;
        Ok(())
    }

    /// Closed: a refund paid out.
    fn refund_paid_out(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(47);
        let p = self.purchase(day, Wanted::bought(2..=25, SMALL_ITEMS).distinct());
        let words = format!(
            "新买的{}一开就有股焦糊味，家里有小孩，实在不敢再用了。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 3)?;
        p.fill(&mut c);
        c.what_happened =
            "店内通电测试半小时，机内有焦味；拆机见线束有烧灼痕迹，属质量问题。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::Refund);
        c.refund = p.unit;
        c.refund_to = RefundTo::PaidOut;
        c.solution_note = "按三包全额退款，微信原路退回。".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(self.days_ago(46), c.received_at);
        accept(&mut c, rules, 5, accepted)?;
        self.save_case(&mut c, rules, accepted)?;
        self.close_case(
            &mut c,
            rules,
            "回访：客户已收到退款，又在店里选了另一个牌子。",
        )?;
        Ok(())
    }

    /// Closed: an exchange past the return window, approved by the manager.
    fn approved_exchange(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(38);
        let p = self.purchase(day, Wanted::bought(35..=200, MOTOR_ITEMS).distinct());
        let words = format!(
            "这台{}买了{}天，修过一次又坏了，我不想再修了，给我换台新的！",
            p.product,
            p.days_before(day)
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(4));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened =
            "同一故障第二次出现（上次维修单在档）；购买已超过30天，按三包只能维修。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::Exchange);
        c.solution_note = "老客户，且同一故障已修过一次，店长特批换新。".into();
        let signed = self.moment(self.days_ago(37), c.received_at);
        propose(&mut c, rules, signed, signed.date())?;
        let accepted = later(signed, 60);
        accept(&mut c, rules, 5, accepted)?;
        self.save_case(&mut c, rules, accepted)?;
        self.close_case(
            &mut c,
            rules,
            "回访：新机运行正常，客户很满意，说会介绍邻居来买。",
        )?;
        Ok(())
    }

    /// Closed: a repair in the shop.
    fn shop_repair(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(30);
        let p = self.purchase(day, Wanted::bought(90..=500, MOTOR_ITEMS));
        let words = format!(
            "{}用了大半年，最近声音特别大，像里面有东西在打转。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(2));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 2)?;
        p.fill(&mut c);
        c.what_happened = "上门检查：风扇叶片松动并有磨损，在保修期内，免费维修。".into();
        facts(&mut c, 2, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::RepairShop);
        c.solution_note = "带回店里更换风扇组件，三天内送回装好。".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = later(c.received_at, 45);
        accept(&mut c, rules, 4, accepted)?;
        self.save_case(&mut c, rules, accepted)?;
        self.close_case(&mut c, rules, "回访：修好送回后运转安静，客户满意。")?;
        Ok(())
    }

    /// Closed: a service adjustment with a small gift.
    fn gift_for_a_late_visit(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(16);
        let p = self.purchase(day, Wanted::bought(30..=700, SERVICED_ITEMS));
        let words = format!(
            "约好上午十点上门清洗{}，等到下午三点才来，也没提前打个电话说一声。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, AfterSales, words, Some(3));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "派工单显示师傅前一单超时，没有通知客户改时间。".into();
        facts(&mut c, 1, Us, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::ServiceAdjustment);
        c.solution_note = "以后上门前一小时电话确认；本次清洗费免收。".into();
        c.compensation = CompensationKind::Gift;
        c.compensation_gift = "赠送滤网一套".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(self.days_ago(15), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.save_case(&mut c, rules, accepted)?;
        self.close_case(
            &mut c,
            rules,
            "回访：后来两次上门都很准时，客户说已经不在意了。",
        )?;
        Ok(())
    }

    /// Open, at the facts, older than a week: the visit is still to come.
    fn open_until_the_visit(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(11);
        let p = self.purchase(day, Wanted::bought(5..=60, MOTOR_ITEMS));
        let words = format!(
            "{}买了没多久，这几天一开机就嗡嗡响，晚上吵得睡不着。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 15)?;
        p.fill(&mut c);
        c.what_happened =
            "电话里听客户描述：开机后持续嗡嗡响，十来分钟后变小。已约师傅上门查看。".into();
        let stamp = later(c.received_at, 30);
        self.file_case(&mut c, rules, stamp)?;
        Ok(())
    }

    /// Waiting for the follow-up, which was due yesterday.
    fn follow_up_due_yesterday(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(9);
        let p = self.purchase(day, Wanted::bought(31..=300, ANY));
        let words = format!(
            "{}这几天时好时坏，有时按了开关没反应，要拔了插头再插才行。",
            p.product
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(2));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "店内检测：电源板接触不良，属质量问题；已过30天退换期，免费维修。".into();
        facts(&mut c, 2, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::RepairShop);
        c.solution_note = "店内更换电源板，修好后送货上门。".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(self.days_ago(4), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.file_case(&mut c, rules, accepted)?;
        Ok(())
    }

    /// Open, at the solution, older than a week: waiting for the maker.
    fn open_until_the_maker_answers(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(8);
        let p = self.purchase(day, Wanted::bought(5..=28, WATER_ITEMS));
        let words = format!(
            "{}用了不到一个月就漏水，厨房地上全是水，地板都泡了，你们得给个说法！",
            p.product
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(4));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened =
            "上门查看：底部进水接口渗水，外观无磕碰，疑为出厂密封圈问题，已拍照。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.solution_note = "已联系厂家，等厂家回复是维修还是换新。".into();
        let stamp = self.moment(self.days_ago(7), c.received_at);
        self.file_case(&mut c, rules, stamp)?;
        Ok(())
    }

    /// Waiting for the follow-up, due today: damaged in delivery, exchanged.
    fn follow_up_due_today(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(6);
        let p = self.purchase(day, Wanted::bought(0..=3, DELIVERED_ITEMS).distinct());
        let words = format!(
            "{}刚送到，拆开一看外壳裂了一道口子，你们到底怎么送的货！",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Delivery, words, Some(4));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "上门查看：外壳右侧开裂；签收单上注明“外包装破损”，属运输损坏。".into();
        facts(&mut c, 3, Carrier, Damaged);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::Exchange);
        c.solution_note = "换新机，损失由物流公司承担；新机第二天送到。".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(self.days_ago(3), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.file_case(&mut c, rules, accepted)?;
        Ok(())
    }

    /// Waiting for the manager: the customer asks for more than a clerk may give.
    fn refund_beyond_a_clerk(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(5);
        let p = self.purchase(day, Wanted::bought(3..=25, ANY).costing(600));
        let words = format!(
            "{}才买{}天就坏了两回，我不要修了，要退货，耽误我两天工夫也得有个说法！",
            p.product,
            p.days_before(day)
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(4));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened =
            "同一故障第二次出现：通电后不能正常工作。外观完好，在三包退货期内。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::RepairShop);
        c.solution_note = "先送店里检修，三天内修好。".into();
        next_step(&mut c, rules, day)?;
        // At the customer's answer: no repair, a refund and compensation.
        c.remedy = Some(Remedy::Refund);
        c.refund = p.unit;
        c.refund_to = RefundTo::PaidOut;
        c.compensation = CompensationKind::Amount;
        c.compensation_amount = Money::from_yuan(200);
        c.solution_note =
            "客户不接受维修，要求全额退款并补偿误工费200元，超出店员权限，已报店长。".into();
        let stamp = later(c.received_at, 60);
        self.file_case(&mut c, rules, stamp)?;
        Ok(())
    }

    /// Waiting for the follow-up in two days: an apology for a delivery man.
    fn follow_up_in_two_days(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(4);
        let p = self.purchase(day, Wanted::bought(0..=5, DELIVERED_ITEMS));
        let words = "送货师傅态度太差，我就问了一句能不能帮忙搬上楼，他就甩脸色，说这不是他的活。";
        let mut c = self.listen(
            p.customer,
            day,
            OnSite,
            StaffAttitude,
            words.into(),
            Some(3),
        );
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "送货单上写明送货上楼；送货员承认当时语气不好。".into();
        facts(&mut c, 2, Us, Unopened);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::ServiceAdjustment);
        c.solution_note = "店长带送货员上门道歉；以后给这位客户送货都派老员工。".into();
        c.compensation = CompensationKind::Gift;
        c.compensation_gift = "赠送电热水壶一个".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(self.days_ago(1), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.file_case(&mut c, rules, accepted)?;
        Ok(())
    }

    /// Waiting for the manager: an exchange the warranty does not cover.
    fn exchange_outside_the_warranty(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(3);
        let p = self.purchase(day, Wanted::bought(30..=400, ANY));
        let words = format!(
            "{}用着用着就坏了，你们卖的东西质量太差，我要换台新的。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened =
            "上门查看：机身侧面有明显撞击凹痕，内部零件松脱，属外力损坏，不在三包范围内。".into();
        facts(&mut c, 2, CustomerMisuse, Damaged);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::RepairFactory);
        c.solution_note = "返厂维修，配件按成本价收取。".into();
        next_step(&mut c, rules, day)?;
        // At the customer's answer: only a new one will do.
        c.remedy = Some(Remedy::Exchange);
        c.solution_note =
            "客户坚持换新；外力损坏不在三包内，念其是老客户，待店长决定是否特批。".into();
        let stamp = later(c.received_at, 50);
        self.file_case(&mut c, rules, stamp)?;
        Ok(())
    }

    /// A draft two days old: a message nobody has answered yet.
    fn unanswered_message(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(2);
        let p = self.purchase(day, Wanted::bought(3..=30, DELIVERED_ITEMS));
        let words = format!(
            "上周师傅来装{}的时候把墙蹭黑了一大块，说好回来处理的，到现在都没人管。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Online, AfterSales, words, Some(3));
        next_step(&mut c, rules, day)?;
        let stamp = later(c.received_at, 2);
        self.file_case(&mut c, rules, stamp)?;
        Ok(())
    }

    /// Open, at the facts: yesterday's letter about a repair charge.
    fn repair_charge_letter(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let day = self.days_ago(1);
        let p = self.purchase(day, Wanted::bought(60..=700, ANY));
        let words = format!(
            "上个星期师傅上门修{}，收了150块上门费，当初不是说保修期内免费吗？",
            p.product
        );
        let mut c = self.listen(p.customer, day, Letter, AfterSales, words, Some(2));
        let at = later(c.received_at, 5);
        self.save_case(&mut c, rules, at)?;
        apologize(&mut c, rules, 60)?;
        p.fill(&mut c);
        c.what_happened = "维修单上收了上门费150元；要核对购买日期和保修期。".into();
        c.severity = Some(2);
        let stamp = later(c.received_at, 75);
        self.file_case(&mut c, rules, stamp)?;
        Ok(())
    }

    /// A draft from this morning: the words typed while on the phone.
    fn this_mornings_call(&mut self, rules: &ComplaintRules) -> Result<(), StoreError> {
        let today = self.today;
        let p = self.purchase(today, Wanted::bought(0..=5, DELIVERED_ITEMS));
        let minute = self.range(5, 40) as u32;
        let received = today
            .and_hms_opt(9, minute, 0)
            .unwrap_or_else(|| today.and_time(chrono::NaiveTime::MIN));
        let mut c = Complaint::new(p.customer, received);
        c.channel = Some(Phone);
        c.source = Some(Delivery);
        c.words =
            "说好昨天下午送货，等了一下午都没人来，打电话也没人接，今天又请了半天假在家等。".into();
        self.file_case(&mut c, rules, later(received, 3))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::demo::testing::{demo, today};
    use crate::domain::calendar::OccasionKind;
    use crate::domain::complaint::{ComplaintStatus, Step};
    use crate::domain::returns::ReturnReason;

    /// How many cases of each status the demo plans.
    const PLANNED: [(ComplaintStatus, usize); 5] = [
        (ComplaintStatus::Draft, 2),
        (ComplaintStatus::Open, 3),
        (ComplaintStatus::AwaitingApproval, 2),
        (ComplaintStatus::FollowUpDue, 3),
        (ComplaintStatus::Closed, 6),
    ];

    #[test]
    fn after_sales_has_every_status_a_quality_alert_and_follow_ups_on_the_agenda() {
        let (store, report) = demo(300, 5);
        let rules = store.complaint_rules().unwrap();
        let cases = store.complaint_summaries().unwrap();
        assert_eq!(report.complaints, cases.len());
        for (status, n) in PLANNED {
            let found = cases.iter().filter(|c| c.status == status).count();
            assert_eq!(found, n, "{status:?}");
        }
        let now = today().and_hms_opt(20, 0, 0).unwrap();
        let mut closed_remedies = HashSet::new();
        let (mut approved, mut late_apology, mut late_open) = (0, 0, 0);
        let mut follow_ups = Vec::new();
        let mut draft_steps = Vec::new();
        for s in &cases {
            let c = store.complaint(s.id).unwrap();
            // Stored as the domain sees it, every step before its own complete.
            assert_eq!(c.status(&rules), s.status, "case {}", s.id);
            // (A case waiting for the manager lacks just the approval.)
            for step in Step::ALL.iter().filter(|step| **step < c.step) {
                let mut missing = c.missing(*step, &rules);
                if s.status == ComplaintStatus::AwaitingApproval && *step == Step::Solution {
                    assert_eq!(
                        missing,
                        [crate::domain::complaint::Missing::ManagerApproval]
                    );
                    missing.clear();
                }
                assert!(missing.is_empty(), "case {} at {step:?}: {missing:?}", s.id);
            }
            let received = c.received_at.date();
            assert!(received <= today() && (today() - received).num_days() <= 60);
            // A real customer with sales; a linked sale is theirs and fills the facts.
            let sales = store.sales_for(c.customer_id).unwrap();
            assert!(!sales.is_empty(), "case {} customer without sales", s.id);
            if let Some(id) = c.sale_id {
                let sale = sales
                    .iter()
                    .find(|x| x.id == Some(id))
                    .expect("the customer's sale");
                assert_eq!(c.product, sale.product);
                assert_eq!(c.purchase_date, Some(sale.date));
            }
            let flags = c.sla_flags(&rules, now);
            match s.status {
                ComplaintStatus::Closed => {
                    assert!(c.satisfaction.is_some() && !c.follow_up_result.is_empty());
                    assert!(c.closed_at.unwrap().date() <= today());
                    let refund_to = (c.remedy == Some(Remedy::Refund)).then_some(c.refund_to);
                    if refund_to == Some(RefundTo::Account) {
                        // It pays off a debt rather than making one.
                        assert!(store.balance_of(c.customer_id).unwrap().fen() >= 0);
                    }
                    closed_remedies.insert((c.remedy.unwrap(), refund_to));
                    approved += usize::from(c.approval.is_some());
                }
                ComplaintStatus::AwaitingApproval => {
                    assert!(c.step >= Step::Opinion && c.approval.is_none());
                    assert!(!c.approval_reasons(&rules).is_empty());
                }
                ComplaintStatus::FollowUpDue => follow_ups.push(c.follow_up_date.unwrap()),
                ComplaintStatus::Draft => {
                    assert!(!c.words.is_empty());
                    draft_steps.push(c.step);
                    late_apology += usize::from(flags.late_first_response);
                }
                ComplaintStatus::Open => late_open += usize::from(flags.late_close),
            }
        }
        assert_eq!(
            closed_remedies,
            HashSet::from([
                (Remedy::Refund, Some(RefundTo::Account)),
                (Remedy::Refund, Some(RefundTo::PaidOut)),
                (Remedy::Exchange, None),
                (Remedy::RepairShop, None),
                (Remedy::RepairFactory, None),
                (Remedy::ServiceAdjustment, None),
            ])
        );
        assert!(approved >= 1);
        follow_ups.sort();
        assert_eq!(
            follow_ups,
            [add_days(today(), -1), today(), add_days(today(), 2)]
        );
        draft_steps.sort();
        assert_eq!(draft_steps, [Step::Listen, Step::Apologize]);
        assert!(late_apology >= 1 && late_open >= 1);

        // The returns log: valid rows over 90 days, walk-ins among them.
        let returns = store.returns().unwrap();
        assert_eq!(returns.len(), report.returns);
        assert!(returns.len() >= 25);
        for r in &returns {
            assert!(r.entry.validate().is_empty(), "{r:?}");
            assert!(r.entry.date <= today() && (today() - r.entry.date).num_days() <= 90);
        }
        assert!(
            returns
                .iter()
                .filter(|r| r.entry.customer_id.is_none())
                .count()
                >= 5
        );
        let quality_in_window = |product: &str| {
            returns
                .iter()
                .filter(|r| {
                    r.entry.product == product
                        && r.entry.reason == ReturnReason::Quality
                        && (today() - r.entry.date).num_days() < 30
                })
                .count()
        };
        assert_eq!(quality_in_window("苏泊尔电热水壶 SW-17S"), 2);

        // Exactly one live quality alert as of today.
        let alerts = store.quality_alerts(today()).unwrap();
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert_eq!(alerts[0].alert.product, "美的电饭煲 MB-FB40");
        assert_eq!(alerts[0].alert.count, 3);
        assert!(alerts[0].acknowledged.is_none());

        // The follow-ups reach today's agenda.
        let mut book = crate::agenda::AgendaBook::load(&store).unwrap();
        let items = book.agenda(today(), &store.lead_days().unwrap(), &Default::default());
        assert!(
            items
                .iter()
                .any(|i| i.occasion.kind == OccasionKind::ComplaintFollowUp)
        );
        assert!(store.check().unwrap().is_empty());
    }

    #[test]
    fn even_a_tiny_demo_has_every_complaint_status_and_the_alert() {
        for seed in [1, 2, 99] {
            let (store, _) = demo(12, seed);
            let cases = store.complaint_summaries().unwrap();
            for (status, n) in PLANNED {
                let found = cases.iter().filter(|c| c.status == status).count();
                assert_eq!(found, n, "seed {seed}: {status:?}");
            }
            let alerts = store.quality_alerts(today()).unwrap();
            assert_eq!(alerts.len(), 1, "seed {seed}: {alerts:?}");
            assert_eq!(alerts[0].alert.count, 3);
        }
    }
}
