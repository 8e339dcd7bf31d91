//! The scripted stories of the customers who play a part on the
//! receivables and retention screens: each a list of events (sales,
//! payments, collection steps, causes, retention notes) dated in days
//! before today, written in order.

use crate::domain::receivables::ladder::{Cause, StepKind};
use crate::domain::retention::{LeaveReason, Outcome};

use super::shop::COMPANY_TRANSFER as TRANSFER;
use super::{BOOKKEEPER, MANAGER};

/// A sale in a story: `quantity` × `unit_yuan` on `terms` days' credit
/// (`None`: paid on the spot).
#[derive(Debug, Clone, Copy)]
pub struct StorySale {
    pub days_ago: i64,
    pub product: &'static str,
    pub quantity: u32,
    pub unit_yuan: i64,
    pub terms: Option<u32>,
    pub note: &'static str,
}

/// An entry of the collection log, perhaps with a promise to pay.
#[derive(Debug, Clone, Copy)]
pub struct Chase {
    pub days_ago: i64,
    pub step: StepKind,
    pub who: &'static str,
    pub said: &'static str,
    pub promise: Option<PromiseToPay>,
}

/// A promise to pay `yuan` by `by_days_ago` days before today (negative:
/// in the future).
#[derive(Debug, Clone, Copy)]
pub struct PromiseToPay {
    pub by_days_ago: i64,
    pub yuan: i64,
}

/// One thing that happens in a story.
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// A sale paid in full on the day.
    PaidSale {
        days_ago: i64,
        product: &'static str,
        quantity: u32,
        unit_yuan: i64,
        method: &'static str,
    },
    /// A sale written as it is, paid later or not at all.
    Sale(StorySale),
    /// A credit sale past the credit limit, confirmed by the manager: the
    /// customer owed `owed_yuan` against a limit of `limit_yuan`.
    ConfirmedOverLimit {
        sale: StorySale,
        limit_yuan: i64,
        owed_yuan: i64,
    },
    /// A payment for the story's latest sale.
    Payment {
        days_ago: i64,
        yuan: i64,
        method: &'static str,
        note: &'static str,
    },
    Chase(Chase),
    /// Why the customer does not pay.
    Cause {
        days_ago: i64,
        cause: Cause,
        note: &'static str,
    },
    /// A leave reason with what the shop tried.
    Retention {
        days_ago: i64,
        reason: LeaveReason,
        attempt: &'static str,
        outcome: Outcome,
    },
}

use Event::{Payment, Retention, Sale};
use StepKind::{DemandLetter, Notice, Phone, Visit};

const fn paid(
    days_ago: i64,
    product: &'static str,
    quantity: u32,
    unit_yuan: i64,
    method: &'static str,
) -> Event {
    Event::PaidSale {
        days_ago,
        product,
        quantity,
        unit_yuan,
        method,
    }
}

/// A sale on 30 or 60 days' credit.
const fn on_credit(
    days_ago: i64,
    product: &'static str,
    quantity: u32,
    unit_yuan: i64,
    terms: u32,
    note: &'static str,
) -> StorySale {
    StorySale {
        days_ago,
        product,
        quantity,
        unit_yuan,
        terms: Some(terms),
        note,
    }
}

const fn chase(days_ago: i64, step: StepKind, who: &'static str, said: &'static str) -> Event {
    Event::Chase(Chase {
        days_ago,
        step,
        who,
        said,
        promise: None,
    })
}

/// A collection step at which the customer promised to pay.
const fn promised(
    days_ago: i64,
    step: StepKind,
    who: &'static str,
    said: &'static str,
    by_days_ago: i64,
    yuan: i64,
) -> Event {
    Event::Chase(Chase {
        days_ago,
        step,
        who,
        said,
        promise: Some(PromiseToPay { by_days_ago, yuan }),
    })
}

/// A hotel owing over ¥100,000 for months: a kept and a broken promise,
/// a demand letter, has money but won't pay, over its credit limit, its
/// last credit sale confirmed past the warning.
pub const LONG_LARGE: &[Event] = &[
    paid(520, "电视", 12, 3_999, TRANSFER),
    paid(400, "电热水壶", 40, 129, TRANSFER),
    // The new wing: 24 air conditioners on 60 days, 100 days overdue.
    Sale(on_credit(
        160,
        "空调",
        24,
        7_500,
        60,
        "新楼客房整体配套，含安装",
    )),
    chase(
        99,
        Notice,
        BOOKKEEPER,
        "寄出逾期付款通知书，请酒店财务尽快安排付款。",
    ),
    promised(
        93,
        Phone,
        MANAGER,
        "给酒店老板打电话，说这阵子装修压了不少钱，答应一周内先付六万。",
        86,
        60_000,
    ),
    Payment {
        days_ago: 88,
        yuan: 60_000,
        method: TRANSFER,
        note: "首期货款",
    },
    // Televisions for the same wing, sold past the credit warning.
    Event::ConfirmedOverLimit {
        sale: on_credit(100, "电视", 8, 7_000, 30, "店长确认超额度赊销"),
        limit_yuan: 150_000,
        owed_yuan: 180_000,
    },
    promised(
        60,
        Phone,
        MANAGER,
        "再次致电，对方说工程款还没结回来，答应半个月内把电视的钱付清。",
        45,
        56_000,
    ),
    chase(
        40,
        DemandLetter,
        MANAGER,
        "发出催款函：限十五日内付清余款十七万六千元，逾期将依法追讨。",
    ),
    chase(
        20,
        Visit,
        MANAGER,
        "上门拜访，新楼已经开业，客房都住满了，财务还是说没钱，只肯再等等。",
    ),
    Event::Cause {
        days_ago: 20,
        cause: Cause::WontPay,
        note: "酒店生意红火，却一拖再拖，属于有钱不还，下一步准备找律师。",
    },
];

/// A school's large order just overdue, with a promise to pay pending and
/// another sale not yet due.
pub const SHORT_LARGE: &[Event] = &[
    paid(300, "饮水机", 6, 899, TRANSFER),
    Sale(on_credit(45, "空调", 16, 8_000, 30, "教室空调，含安装")),
    Sale(on_credit(10, "净水器", 10, 2_999, 30, "教学楼每层一台")),
    chase(
        14,
        Notice,
        BOOKKEEPER,
        "微信提醒学校后勤：空调货款已到期，请安排付款。",
    ),
    promised(
        8,
        Phone,
        BOOKKEEPER,
        "后勤主任说付款申请已经报到教育局，下周五之前一定到账。",
        -4,
        128_000,
    ),
];

/// A small debt overdue for weeks: half paid as promised, then a visit.
pub const LONG_SMALL: &[Event] = &[
    paid(500, "微波炉", 1, 599, "微信"),
    Sale(on_credit(80, "冰箱", 1, 6_800, 30, "分期付款，30天内付清")),
    chase(49, Notice, BOOKKEEPER, "发短信提醒冰箱尾款已到期。"),
    promised(
        43,
        Phone,
        BOOKKEEPER,
        "客户说孩子刚交了学费，手头有点紧，答应两周内先还一半。",
        30,
        3_400,
    ),
    Payment {
        days_ago: 33,
        yuan: 3_400,
        method: "微信",
        note: "先还一半",
    },
    chase(
        5,
        Visit,
        MANAGER,
        "顺路上门坐了坐，客户很客气，说年底发了奖金就把剩下的结清。",
    ),
];

/// A small balance a few days overdue: the notice went out.
pub const SHORT_SMALL: &[Event] = &[
    paid(200, "电风扇", 2, 199, "现金"),
    Sale(on_credit(40, "洗衣机", 1, 2_399, 30, "")),
    Payment {
        days_ago: 40,
        yuan: 500,
        method: "支付宝",
        note: "定金",
    },
    chase(
        9,
        Notice,
        BOOKKEEPER,
        "发短信提醒：洗衣机尾款1899元已到期，方便时请来店结清。",
    ),
];

/// Blacklisted for a false address, owing for half a year: fraud.
pub const FRAUD: &[Event] = &[
    Sale(on_credit(210, "电视", 1, 5_299, 30, "送货上门")),
    chase(
        178,
        Notice,
        BOOKKEEPER,
        "寄出的付款通知书被退回，写着“查无此人”。",
    ),
    chase(
        170,
        Phone,
        BOOKKEEPER,
        "登记的手机号一直关机，换号码打也是空号。",
    ),
    chase(
        150,
        Visit,
        MANAGER,
        "按登记的地址找上门，房东说从来没有这个人住过，地址是假的。",
    ),
    Event::Cause {
        days_ago: 150,
        cause: Cause::Fraud,
        note: "留的地址和电话都是假的，赊了电视就找不到人，已拉黑并准备报案。",
    },
];

/// An A-class regular, a decoration firm buying for its jobs every month
/// until ten weeks ago, gone to a competitor.
pub const REGULAR: &[Event] = &[
    paid(370, "油烟机", 6, 2_499, TRANSFER),
    paid(340, "燃气灶", 8, 1_499, TRANSFER),
    paid(310, "热水器", 6, 2_199, TRANSFER),
    paid(280, "洗碗机", 3, 4_599, TRANSFER),
    paid(250, "净水器", 7, 1_999, TRANSFER),
    paid(220, "油烟机", 6, 2_499, TRANSFER),
    paid(190, "燃气灶", 8, 1_499, TRANSFER),
    paid(160, "热水器", 6, 2_199, TRANSFER),
    paid(130, "洗碗机", 3, 4_599, TRANSFER),
    paid(100, "净水器", 7, 1_999, TRANSFER),
    paid(70, "油烟机", 6, 2_499, TRANSFER),
    Retention {
        days_ago: 20,
        reason: LeaveReason::Competitor,
        attempt: "听说他们改去建材市场新开的批发商拿货了。打电话送上年底工程价单，约了下周到公司面谈。",
        outcome: Outcome::Pending,
    },
];

/// A customer whose orders fell by more than half (price; retained).
pub const DROPPING: &[Event] = &[
    paid(170, "冰箱", 1, 6_799, "银行卡"),
    paid(140, "空调", 2, 4_599, "银行卡"),
    paid(100, "洗衣机", 1, 3_299, "微信"),
    paid(30, "电饭煲", 1, 399, "微信"),
    Retention {
        days_ago: 12,
        reason: LeaveReason::Price,
        attempt: "客户说网上同款便宜好几百。给他申请了老客户价，再送一年延保，客户答应以后还在店里买。",
        outcome: Outcome::Retained,
    },
];

/// A customer who moved away (lost).
pub const MOVED_AWAY: &[Event] = &[
    paid(420, "热水器", 1, 1_899, "现金"),
    paid(300, "吸尘器", 1, 899, "支付宝"),
    paid(190, "空气净化器", 1, 1_599, "支付宝"),
    Retention {
        days_ago: 60,
        reason: LeaveReason::MovedAway,
        attempt: "",
        outcome: Outcome::Lost,
    },
    Retention {
        days_ago: 58,
        reason: LeaveReason::MovedAway,
        attempt: "客户全家搬去外地了。把当地合作门店的电话给了他，以后保修可以在那边办。",
        outcome: Outcome::Lost,
    },
];

/// The customer of the oldest case still open after a week will not pay
/// until it is settled: a credit sale 40 days before the case, a call two
/// days after it, and the cause.
pub const DISSATISFIED_SALE: StorySale = on_credit(40, "油烟机", 1, 3_299, 30, "含安装");
pub const DISSATISFIED_CALL: &str =
    "打电话提醒油烟机的货款，客户说投诉的事还没解决，解决之前一分钱也不付。";
pub const DISSATISFIED_CAUSE: &str = "对售后处理不满意，等投诉结案后再谈付款。";
