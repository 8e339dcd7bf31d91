//! The demo's feedback cards (意见卡): their questions and scales, how well
//! the shop does on each, and the comments and replies their responses
//! carry.

/// A demo feedback card and how its responses come out.
pub struct DemoCard {
    pub name: &'static str,
    /// Worst first.
    pub levels: &'static [&'static str],
    pub questions: &'static [DemoQuestion],
    /// A fixed number whatever the shop's size, so the 100,000-customer
    /// benchmark book costs the same few milliseconds.
    pub responses: i64,
}

/// A question of a demo card with how well the shop does on it.
pub struct DemoQuestion {
    pub text: &'static str,
    /// The mean level answered, 1 being the worst.
    pub mean: f64,
    /// Levels gained over the last six months.
    pub gain: f64,
}

const fn ask(text: &'static str, mean: f64, gain: f64) -> DemoQuestion {
    DemoQuestion { text, mean, gain }
}

pub const FEEDBACK_CARDS: &[DemoCard] = &[
    DemoCard {
        name: "售后服务意见卡",
        levels: &["差", "一般", "好", "很好", "非常好"],
        questions: &[
            ask("产品质量满意吗", 4.2, 0.0),
            ask("价格合理吗", 3.4, 0.2),
            ask("送货安装及时吗", 3.0, 1.2),
            ask("服务态度好吗", 4.3, 0.1),
            ask("安装后现场整洁吗", 3.3, 0.8),
            ask("总体满意度", 3.8, 0.4),
        ],
        responses: 40,
    },
    DemoCard {
        name: "上门维修回访卡",
        levels: &["不满意", "一般", "满意", "非常满意"],
        questions: &[
            ask("师傅准时上门了吗", 2.8, 0.9),
            ask("问题修好了吗", 3.4, 0.0),
            ask("师傅态度怎么样", 3.5, 0.1),
            ask("收费清楚合理吗", 3.0, 0.3),
            ask("修完后收拾干净了吗", 2.9, 0.6),
        ],
        responses: 20,
    },
];
/// How far back the feedback goes.
pub const FEEDBACK_DAYS: i64 = 182;
pub const FEEDBACK_PRAISE: &[&str] = &[
    "师傅很专业，讲解也耐心",
    "送货很快，第二天就装好了",
    "价格比网上还实惠",
    "老顾客了，一直很放心",
    "安装完还帮忙把旧机搬走了",
];
pub const FEEDBACK_COMPLAINTS: &[&str] = &[
    "约好上午来，下午三点才到",
    "安装打孔灰太多，没有清理",
    "电话打了好几次才有人接",
    "收费前没说清楚，多收了材料费",
    "修好两天又坏了",
];
pub const FEEDBACK_REPLIES: &[&str] = &[
    "电话致歉，约好周六再次上门",
    "店长亲自回电，退还多收的材料费",
    "已安排师傅回访，客户表示满意",
    "微信回复并送上清洗券一张",
];
