//! The after-sales tables: the products each
//! kind of complaint is about, and the returns log of the last 90 days with
//! the models on its slips.

use crate::domain::returns::{ReturnOutcome, ReturnReason};
use crate::domain::warranty::GoodsCondition;

/// Generic products (as the sales record them) by the kind of fault a
/// complaint about them describes.
pub const SMALL_ITEMS: &[&str] = &[
    "电饭煲",
    "微波炉",
    "电热水壶",
    "吸尘器",
    "电风扇",
    "空气净化器",
    "扫地机器人",
];
pub const WATER_ITEMS: &[&str] = &["洗衣机", "净水器", "热水器", "洗碗机"];
pub const MOTOR_ITEMS: &[&str] = &["冰箱", "洗衣机", "空调", "油烟机", "空气净化器"];
pub const CODED_ITEMS: &[&str] = &["空调", "洗衣机", "热水器", "洗碗机", "扫地机器人", "净水器"];
pub const SERVICED_ITEMS: &[&str] = &["空调", "油烟机", "洗衣机", "热水器"];
pub const DELIVERED_ITEMS: &[&str] = &["冰箱", "洗衣机", "空调", "电视", "洗碗机", "油烟机"];

/// A model in the returns log.
#[derive(Debug, Clone, Copy)]
pub struct ReturnModel {
    /// The name as written on the slip.
    pub name: &'static str,
    /// The generic product the shop's sales record it as.
    pub generic: &'static str,
    /// The shelf price in yuan.
    pub price_yuan: i64,
}

const fn model(name: &'static str, generic: &'static str, price_yuan: i64) -> ReturnModel {
    ReturnModel {
        name,
        generic,
        price_yuan,
    }
}

/// The models in the returns log; [`DemoReturn::model`] indexes them.
pub const RETURN_MODELS: &[ReturnModel] = &[
    model("美的电饭煲 MB-FB40", "电饭煲", 399),
    model("苏泊尔电热水壶 SW-17S", "电热水壶", 159),
    model("格力电风扇 FD-40X", "电风扇", 269),
    model("美的微波炉 M1-L213B", "微波炉", 499),
    model("小米扫地机器人 S10", "扫地机器人", 1999),
    model("海尔冰箱 BCD-216STPT", "冰箱", 2699),
    model("九阳电饭煲 F-40FY", "电饭煲", 299),
    model("飞利浦吸尘器 FC8389", "吸尘器", 699),
    model("海尔洗衣机 EG100MATE", "洗衣机", 2499),
    model("创维电视 55A3", "电视", 2999),
    model("方太燃气灶 JZT-TH29B", "燃气灶", 1999),
    model("安吉尔净水器 J2563", "净水器", 2399),
    model("美的空气净化器 KJ400G", "空气净化器", 1299),
];

/// Who brought a return back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returner {
    /// Not a customer in the book.
    WalkIn,
    /// A customer with a matching recent sale when there is one (else a
    /// walk-in), refunded in cash.
    Customer,
    /// As `Customer`, with a refund credited to the account.
    Account,
}

/// One line of the returns log.
#[derive(Debug, Clone, Copy)]
pub struct DemoReturn {
    /// Days before today.
    pub days_ago: i64,
    /// Index into [`RETURN_MODELS`].
    pub model: usize,
    pub reason: ReturnReason,
    pub condition: GoodsCondition,
    pub outcome: ReturnOutcome,
    pub who: Returner,
    pub quantity: u32,
    pub note: &'static str,
}

/// The last 90 days of returns. Quality returns within the last 30 days:
/// three of 美的电饭煲 MB-FB40 (the quality alert the demo shows), two of
/// 苏泊尔电热水壶 SW-17S (one short of an alert) and one of 海尔冰箱; every
/// other quality return is older, and no other product has three.
#[rustfmt::skip]
pub const RETURNS_LOG: &[DemoReturn] = {
    use GoodsCondition::{Damaged, Unopened, Used};
    use ReturnOutcome::{Exchange, Refund, Repair};
    use ReturnReason::{ChangedMind, NotAsDescribed, Quality, TransitDamage, WrongItem};
    use Returner::{Account, Customer, WalkIn};
    &[
        DemoReturn { days_ago: 88, model: 6, reason: Quality, condition: Used, outcome: Refund, who: WalkIn, quantity: 1, note: "内胆涂层起泡脱落，顾客不愿维修" },
        DemoReturn { days_ago: 84, model: 2, reason: ChangedMind, condition: Unopened, outcome: Refund, who: Customer, quantity: 1, note: "家里已经有人买了一台，未拆封" },
        DemoReturn { days_ago: 80, model: 5, reason: TransitDamage, condition: Damaged, outcome: Exchange, who: Customer, quantity: 1, note: "送货时侧板磕凹，当场换新" },
        DemoReturn { days_ago: 77, model: 3, reason: Quality, condition: Used, outcome: Repair, who: Customer, quantity: 1, note: "转盘不转，送售后检修" },
        DemoReturn { days_ago: 73, model: 7, reason: NotAsDescribed, condition: Unopened, outcome: Refund, who: Account, quantity: 1, note: "以为是无线款，退款冲抵欠款" },
        DemoReturn { days_ago: 69, model: 0, reason: Quality, condition: Used, outcome: Exchange, who: WalkIn, quantity: 1, note: "按键失灵，换同款新机" },
        DemoReturn { days_ago: 65, model: 9, reason: WrongItem, condition: Unopened, outcome: Exchange, who: Customer, quantity: 1, note: "送错尺寸，换成55寸" },
        DemoReturn { days_ago: 61, model: 1, reason: ChangedMind, condition: Unopened, outcome: Refund, who: WalkIn, quantity: 2, note: "礼品买重复了，两台都退" },
        DemoReturn { days_ago: 57, model: 12, reason: Quality, condition: Used, outcome: Repair, who: Customer, quantity: 1, note: "有异味，返厂检测" },
        DemoReturn { days_ago: 54, model: 4, reason: NotAsDescribed, condition: Used, outcome: Refund, who: Customer, quantity: 1, note: "不能拖地，和宣传不符" },
        DemoReturn { days_ago: 50, model: 10, reason: TransitDamage, condition: Damaged, outcome: Exchange, who: Customer, quantity: 1, note: "玻璃面板运输中碎裂" },
        DemoReturn { days_ago: 46, model: 2, reason: Quality, condition: Used, outcome: Exchange, who: WalkIn, quantity: 1, note: "摇头卡顿，有咔咔声" },
        DemoReturn { days_ago: 42, model: 11, reason: Quality, condition: Used, outcome: Repair, who: Customer, quantity: 1, note: "接口漏水，上门更换密封圈" },
        DemoReturn { days_ago: 38, model: 8, reason: WrongItem, condition: Unopened, outcome: Exchange, who: Customer, quantity: 1, note: "颜色送错，换成银色" },
        DemoReturn { days_ago: 33, model: 3, reason: ChangedMind, condition: Unopened, outcome: Refund, who: Account, quantity: 1, note: "厨房放不下，退款冲抵欠款" },
        DemoReturn { days_ago: 26, model: 0, reason: Quality, condition: Used, outcome: Refund, who: Customer, quantity: 1, note: "煮饭夹生，底部受热不均" },
        DemoReturn { days_ago: 23, model: 7, reason: ChangedMind, condition: Unopened, outcome: Refund, who: WalkIn, quantity: 1, note: "买了才发现家里插座不够，未拆封" },
        DemoReturn { days_ago: 21, model: 1, reason: Quality, condition: Used, outcome: Exchange, who: Customer, quantity: 1, note: "底座接触不良，时热时不热" },
        DemoReturn { days_ago: 17, model: 5, reason: Quality, condition: Used, outcome: Repair, who: Customer, quantity: 1, note: "冷藏室不制冷，上门更换温控器" },
        DemoReturn { days_ago: 14, model: 0, reason: Quality, condition: Used, outcome: Exchange, who: WalkIn, quantity: 1, note: "煮粥溢锅，温控失灵" },
        DemoReturn { days_ago: 11, model: 4, reason: TransitDamage, condition: Damaged, outcome: Refund, who: Customer, quantity: 1, note: "快递外箱破损，主机外壳开裂" },
        DemoReturn { days_ago: 8, model: 1, reason: Quality, condition: Used, outcome: Refund, who: WalkIn, quantity: 1, note: "烧水有明显塑料味" },
        DemoReturn { days_ago: 6, model: 9, reason: NotAsDescribed, condition: Unopened, outcome: Exchange, who: Customer, quantity: 1, note: "不是宣传的4K款，换成对应型号" },
        DemoReturn { days_ago: 3, model: 0, reason: Quality, condition: Used, outcome: Refund, who: Account, quantity: 1, note: "插电就跳闸，内部线路短路" },
        DemoReturn { days_ago: 1, model: 6, reason: WrongItem, condition: Unopened, outcome: Exchange, who: WalkIn, quantity: 1, note: "拿错了容量，换4升的" },
    ]
};
