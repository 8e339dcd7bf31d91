//! What the demo shop sells and says: its products and price ranges, sale
//! notes, ways to pay, the service promises it makes and the contact log's
//! phrases by purpose.

use crate::domain::contact::{ContactChannel, ContactPurpose};

/// A product the shop sells.
#[derive(Debug, Clone, Copy)]
pub struct Product {
    /// The name as a sale records it.
    pub name: &'static str,
    /// Lowest and highest price in yuan.
    pub low_yuan: i64,
    pub high_yuan: i64,
    /// How "big" a purchase it is, 0–3 (bigger items go to better customers).
    pub size: u8,
}

const fn product(name: &'static str, low_yuan: i64, high_yuan: i64, size: u8) -> Product {
    Product {
        name,
        low_yuan,
        high_yuan,
        size,
    }
}

/// The catalogue: name, lowest and highest price in yuan, size.
pub const PRODUCTS: &[Product] = &[
    product("冰箱", 2499, 8999, 3),
    product("洗衣机", 1299, 5999, 2),
    product("空调", 2199, 9999, 3),
    product("电饭煲", 199, 1299, 0),
    product("净水器", 999, 4999, 1),
    product("燃气灶", 699, 2999, 1),
    product("油烟机", 1499, 4999, 2),
    product("热水器", 999, 3999, 1),
    product("电视", 1999, 12999, 3),
    product("微波炉", 399, 1299, 0),
    product("电风扇", 99, 599, 0),
    product("洗碗机", 2999, 7999, 2),
    product("扫地机器人", 1299, 3999, 1),
    product("空气净化器", 899, 3999, 1),
    product("电热水壶", 89, 299, 0),
    product("吸尘器", 499, 1999, 0),
];
pub const SALE_NOTES: &[&str] = &[
    "含安装",
    "以旧换新抵扣200元",
    "团购价",
    "送货上楼",
    "延保三年",
];
/// The trade-in rebate a sale note of this start gives, in yuan.
pub const TRADE_IN_NOTE: &str = "以旧换新";
pub const TRADE_IN_YUAN: i64 = 200;
/// Ways a customer pays at the counter (WeChat and Alipay are the usual).
pub const PAY_METHODS: &[&str] = &["现金", "微信", "支付宝", "银行卡", "微信", "支付宝"];
/// How a company pays a sale on credit.
pub const COMPANY_TRANSFER: &str = "对公转账";

pub const ONCE_PROMISES: &[&str] = &[
    "免费上门清洗空调一次",
    "赠送滤芯一套，到货后送上门",
    "帮忙拆旧机并回收",
    "新款到货后第一时间通知",
    "上门调试电视信号",
    "补发保修卡和发票",
];
pub const MONTHLY_PROMISES: &[&str] = &[
    "每月10日上门对账",
    "每月10日前收取分期款",
    "每月10日电话回访使用情况",
];
pub const HALF_YEAR_PROMISES: &[&str] = &[
    "每半年上门免费检修一次",
    "净水器每6个月免费更换滤芯",
    "空调每半年免费清洗保养",
];
/// The note on a promise's occurrence kept and broken.
pub const PROMISE_KEPT: &str = "已完成";
pub const PROMISE_BROKEN: &str = "客户临时有事，未能履约，已致歉";

/// A line of the contact log: how, what about, and what came of it.
#[derive(Debug, Clone, Copy)]
pub struct ContactText {
    pub channel: ContactChannel,
    pub summary: &'static str,
    pub outcome: &'static str,
}

const fn said(
    channel: ContactChannel,
    summary: &'static str,
    outcome: &'static str,
) -> ContactText {
    ContactText {
        channel,
        summary,
        outcome,
    }
}

/// The contact log's lines for each purpose.
pub fn contact_texts(purpose: ContactPurpose) -> &'static [ContactText] {
    match purpose {
        ContactPurpose::Greeting => GREETINGS,
        ContactPurpose::AfterSales => AFTER_SALES,
        ContactPurpose::Collection => COLLECTION,
        ContactPurpose::Sales => SALES,
        ContactPurpose::Other => OTHER,
    }
}

use ContactChannel::{Email, Gift, LetterCard, Phone, SmsWechat, Visit};

const GREETINGS: &[ContactText] = &[
    said(Phone, "春节电话拜年，顺便提醒空调清洗", "客户很高兴"),
    said(SmsWechat, "生日发微信祝福", "客户回复感谢"),
    said(Gift, "中秋节送月饼一盒", "客户表示感谢"),
    said(LetterCard, "寄新年贺卡", "已寄出"),
    said(SmsWechat, "端午节问候", "已读"),
    said(Visit, "路过顺便上门问候", "聊了家里近况"),
];
const AFTER_SALES: &[ContactText] = &[
    said(Phone, "回访洗衣机使用情况，反映脱水有异响", "已约师傅上门"),
    said(Phone, "询问净水器出水情况", "一切正常"),
    said(Visit, "空调安装后上门回访", "满意"),
    said(SmsWechat, "提醒滤芯到期更换", "约了周末上门"),
    said(Phone, "冰箱保修期内回访", "使用正常"),
];
const COLLECTION: &[ContactText] = &[
    said(Phone, "提醒尾款到期", "客户答应月底前付清"),
    said(Visit, "上门对账", "对方财务说下周安排付款"),
    said(SmsWechat, "发送对账单", "已确认金额"),
    said(Phone, "催收逾期货款", "未接通，改天再打"),
];
const SALES: &[ContactText] = &[
    said(Phone, "介绍以旧换新活动", "有意换冰箱，下周来店看"),
    said(SmsWechat, "推荐新款洗碗机", "说再考虑"),
    said(Visit, "新房量尺寸，推荐全屋家电方案", "出了报价单"),
    said(Email, "发送单位采购报价", "等领导审批"),
    said(Phone, "通知店庆促销", "暂无需求"),
];
const OTHER: &[ContactText] = &[
    said(Phone, "客户来电咨询电视挂架安装", "已解答"),
    said(SmsWechat, "通知保修卡信息更新", "已读"),
    said(Visit, "客户来店闲聊，问起空调移机", "约了报价"),
];
