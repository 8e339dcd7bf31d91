//! A deterministic demo shop: an appliance and household-goods shop (惠民家电)
//! with customers, families, dates that matter, contact logs, service
//! promises, sales and payments, feedback cards with their responses, and
//! after-sales: complaint cases in every status and a returns log with one
//! live quality alert.
//!
//! The same seed and `today` always produce the same database: every value
//! comes from one seeded ChaCha8 stream and from `today`, never from the clock
//! or from hash-map order. Dates are laid out around `today` so the demo
//! looks alive: some birthdays, promises, follow-ups and receivables fall in
//! the coming two weeks, some promises are overdue, some debts are old.
//! The after-sales cases and returns are a fixed set (the same for 300 or
//! 100,000 customers), attached to customers with sales.
//!
//! Everything is written in one transaction through [`Store::bulk`];
//! 100,000 customers take seconds in a release build.

use std::collections::HashSet;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::complaint::{
    Approval, CompensationKind, Complaint, ComplaintChannel, ComplaintRules, ComplaintSource,
    Missing,
};
use crate::domain::contact::{ContactChannel, ContactEntry, ContactPurpose};
use crate::domain::customer::{
    CustomDate, Customer, CustomerClass, CustomerId, FamilyMember, Gender, Relation, Source,
};
use crate::domain::feedback::{FeedbackCard, FeedbackResponse, Question, Reply};
use crate::domain::lunar::{LunarDate, days_in_month, leap_month_of};
use crate::domain::money::Money;
use crate::domain::promise::{PromiseRecord, Recurrence, ServicePromise};
use crate::domain::receivables::credit::CreditWarning;
use crate::domain::receivables::ladder::{Cause, CauseRecord, LogEntry, StepKind};
use crate::domain::retention::{LeaveReason, Outcome, RetentionNote};
use crate::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use crate::domain::sale::{Payment, Sale, due_date};
use crate::domain::search::pinyin_keys;
use crate::domain::warranty::{GoodsCondition, Remedy, Responsible};
use crate::domain::yearly::YearlyDate;
use crate::store::settings::keys;
use crate::store::{BulkWriter, Store, StoreError};

/// The demo shop's name, stored in the settings.
pub const SHOP_NAME: &str = "惠民家电";

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub customers: usize,
    pub seed: u64,
    /// The day the demo is built around; nothing is dated after it except
    /// planned things (next contacts, promises, due dates).
    pub today: NaiveDate,
}

/// How many rows of each kind were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub customers: usize,
    pub family_members: usize,
    pub contacts: usize,
    pub promises: usize,
    pub sales: usize,
    pub payments: usize,
    pub feedback_responses: usize,
    /// Complaint cases.
    pub complaints: usize,
    /// Rows of the returns log, the returns the cases record included.
    pub returns: usize,
    /// Entries of the collection log.
    pub collection_entries: usize,
    /// Credit sales confirmed past a warning.
    pub credit_confirmations: usize,
    /// Leave reasons and retention attempts.
    pub retention_notes: usize,
}

/// Writes the demo shop into `store` (normally a fresh, empty file) in one
/// transaction, and sets the shop name and the demo flag.
pub fn generate(store: &mut Store, opts: &DemoOptions) -> Result<DemoReport, StoreError> {
    store.bulk(|w| {
        w.setting(keys::SHOP_NAME, SHOP_NAME)?;
        w.setting(keys::DEMO, "1")?;
        let mut generator = Generator::new(opts);
        for i in 0..opts.customers {
            generator.customer(w, i)?;
        }
        if opts.customers > 0 {
            generator.feedback(w)?;
            generator.complaints(w)?;
            generator.returns_log(w)?;
            generator.dissatisfied(w)?;
        }
        // The classes the cards show follow the Pareto rule over the sales
        // just written (manual overrides stay in force).
        w.recompute_abc(opts.today)?;
        Ok(generator.report)
    })
}

/// Replaces the database at `path` with a freshly generated demo shop: the
/// old file and its `-wal`/`-shm` siblings are removed first (see
/// [`remove_database_files`]). Used by the app's "open the demo" command.
pub fn recreate(path: &Path, opts: &DemoOptions) -> Result<(), StoreError> {
    remove_database_files(path)?;
    let mut store = Store::open(path)?;
    generate(&mut store, opts)?;
    Ok(())
}

/// Deletes a database file with its `-wal` and `-shm` siblings, refusing
/// with [`StoreError::AlreadyOpen`] while another window or program holds
/// the file's lock. Files that do not exist are not an error.
pub fn remove_database_files(path: &Path) -> Result<(), StoreError> {
    if path.is_dir() {
        let source = std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "this is a folder, not a database file",
        );
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        });
    }
    // Hold the writer's lock while deleting, so a book in use is never removed.
    // The lock file itself stays: another process may be waiting on it.
    let lock_path = crate::store::lock_path(path);
    let lock = if path.exists() {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| StoreError::Io {
                path: lock_path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Some(file),
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::AlreadyOpen(path.to_path_buf()));
            }
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(StoreError::Io {
                    path: lock_path,
                    source,
                });
            }
        }
    } else {
        None
    };
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let file = PathBuf::from(name);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path: file, source }),
        }
    }
    drop(lock);
    Ok(())
}

// ---------------------------------------------------------------------------
// Word lists

#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史",
    "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔",
    "向", "汤", "单", "查",
];
/// The most common surnames come up far more often; these ten are drawn
/// half of the time.
const TOP_SURNAMES: usize = 10;
#[rustfmt::skip]
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方",
];

#[rustfmt::skip]
const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "洋", "建", "国",
    "志", "文", "海", "峰", "成", "东", "亮", "庆", "振", "永", "春", "晓", "德", "新", "兵", "忠",
    "福", "荣", "顺", "祥", "红", "卫", "民", "金", "良",
];
#[rustfmt::skip]
const FEMALE_GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英", "玲", "桂", "兰", "红", "梅", "琳",
    "燕", "萍", "雪", "倩", "婷", "慧", "颖", "佳", "琴", "云", "莉", "丹", "洁", "欣", "怡", "瑶",
    "悦", "雯", "晶", "璐", "蕾", "凤", "华", "春", "晓", "珍", "荣", "淑", "娥", "翠", "美", "月",
    "小", "亚", "薇",
];

/// Whole given names that are common as such, drawn part of the time
/// instead of free combinations of the characters above.
#[rustfmt::skip]
const MALE_NAMES: &[&str] = &[
    "建国", "志强", "建军", "国强", "海波", "晓东", "文杰", "俊杰", "子豪", "浩然", "宇轩", "明辉",
    "建华", "永强", "德明", "振华", "立新", "卫东", "春生", "宏伟", "家豪", "志明", "金龙", "庆华",
];
#[rustfmt::skip]
const FEMALE_NAMES: &[&str] = &[
    "秀英", "桂英", "丽娟", "海燕", "晓燕", "雅婷", "欣怡", "梓涵", "诗涵", "美玲", "春梅", "淑芬",
    "玉兰", "红梅", "慧敏", "婷婷", "静怡", "佳怡", "丽华", "凤英", "晓红", "秀兰", "雪梅", "丽萍",
];

#[rustfmt::skip]
const COMPANIES: &[&str] = &[
    "华联超市", "明德小学", "红星幼儿园", "永辉物业", "鸿运大酒店", "同仁诊所", "新华书店城东店",
    "阳光养老院", "金鼎餐饮", "东方建材", "恒通物流", "育才中学", "福满楼饭店", "康泰大药房",
    "蓝天驾校", "宏达装饰公司", "兴隆五金", "万家乐餐厅", "金桥宾馆", "春晖培训学校", "瑞丰食品厂",
    "嘉禾美容院", "天成汽修", "和平社区卫生站",
];
#[rustfmt::skip]
const COMPANY_ROLES: &[&str] = &[
    "采购", "后勤主管", "店长", "老板", "行政", "总务", "办公室主任", "财务",
];

/// Occupation and where such people work (empty: self-employed or none).
const OCCUPATIONS: &[(&str, &[&str])] = &[
    (
        "教师",
        &["实验小学", "第二中学", "城南中学", "职业技术学院"],
    ),
    ("医生", &["市人民医院", "中医院", "妇幼保健院"]),
    ("护士", &["市人民医院", "中医院"]),
    ("公务员", &["区政府", "街道办事处"]),
    ("个体户", &[]),
    ("司机", &["公交公司", "恒通物流"]),
    ("工程师", &["电力公司", "自来水公司", "电信公司"]),
    ("会计", &["农商银行", "华联超市"]),
    ("销售", &[]),
    ("退休", &[]),
    ("工人", &["纺织厂", "机械厂"]),
    ("厨师", &["鸿运大酒店", "福满楼饭店"]),
    ("律师", &["明正律师事务所"]),
    ("程序员", &["网络科技公司"]),
    ("装修师傅", &[]),
    ("农民", &[]),
    ("小区保安", &["永辉物业"]),
];

#[rustfmt::skip]
const DISTRICTS: &[&str] = &[
    "上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区",
];
#[rustfmt::skip]
const ROADS: &[&str] = &[
    "文一路", "文二路", "莫干山路", "延安路", "解放路", "庆春路", "凤起路", "建国路", "体育场路",
    "江南大道", "市心路", "临平大道", "古墩路", "学院路", "德胜路",
];
#[rustfmt::skip]
const COMMUNITIES: &[&str] = &[
    "阳光小区", "金色家园", "翠苑一区", "朝晖七区", "华家池小区", "绿城桂花园", "和睦新村",
    "东方花园", "幸福里", "南苑新村", "锦绣江南", "采荷新村",
];

#[rustfmt::skip]
const MOBILE_PREFIXES: &[u64] = &[
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159,
    166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199,
];

#[rustfmt::skip]
const TAGS: &[&str] = &[
    "团购", "装修中", "以旧换新", "价格敏感", "需上门安装", "微信活跃", "回头客",
];

const NEEDS: &[&str] = &[
    "想换一台变频空调，怕噪音大",
    "家里老人用，要求操作简单",
    "很在意售后上门速度",
    "预算有限，希望能分期",
    "新房装修，全屋家电想一起买",
    "净水器滤芯到期希望有人提醒",
    "对价格敏感，常去网上比价",
    "厨房小，需要尺寸合适的冰箱",
    "希望旧机能折价回收",
    "关心能效等级和电费",
    "担心安装打孔弄脏墙面",
];
const COMPANY_NEEDS: &[&str] = &[
    "单位批量采购，要求开增值税发票",
    "要求统一安装、统一保修",
    "月结付款，需要每月对账",
    "食堂厨房设备需要定期保养",
    "希望节假日也能上门维修",
];
const COMPANY_BACKGROUNDS: &[&str] = &[
    "单位负责采购，每年年底集中采购",
    "采购要走审批流程，决策人是老板",
    "连锁单位，另有两家分店",
];
const BACKGROUNDS: &[&str] = &[
    "夫妻都是双职工，孩子在读初中",
    "在附近开小饭馆",
    "退休后帮子女带孙子",
    "刚结婚，租房住，明年买房",
    "家里三代同堂",
    "常在业主群里推荐好店",
    "老家在外地，逢年过节回老家",
    "做生意，白天忙，晚上方便联系",
];
const NOTES: &[&str] = &[
    "周末才方便上门",
    "只接受微信联系",
    "送货需提前电话，电梯小",
    "喜欢聊家常，回访时多问问孙子",
    "上次安装师傅迟到，客户有些不满，已道歉",
    "小区车辆难进，送货走东门",
    "付款爽快",
];
const BLACKLIST_REASONS: &[&str] = &[
    "拖欠货款超过一年，多次催收无果",
    "恶意退货，商品人为损坏后要求退款",
    "留假地址，赊销后联系不上",
    "开具空头支票",
];

/// Products: name, lowest and highest price in yuan, and how "big" a
/// purchase it is (bigger items go to better customers).
const PRODUCTS: &[(&str, i64, i64, u8)] = &[
    ("冰箱", 2499, 8999, 3),
    ("洗衣机", 1299, 5999, 2),
    ("空调", 2199, 9999, 3),
    ("电饭煲", 199, 1299, 0),
    ("净水器", 999, 4999, 1),
    ("燃气灶", 699, 2999, 1),
    ("油烟机", 1499, 4999, 2),
    ("热水器", 999, 3999, 1),
    ("电视", 1999, 12999, 3),
    ("微波炉", 399, 1299, 0),
    ("电风扇", 99, 599, 0),
    ("洗碗机", 2999, 7999, 2),
    ("扫地机器人", 1299, 3999, 1),
    ("空气净化器", 899, 3999, 1),
    ("电热水壶", 89, 299, 0),
    ("吸尘器", 499, 1999, 0),
];
const SALE_NOTES: &[&str] = &[
    "含安装",
    "以旧换新抵扣200元",
    "团购价",
    "送货上楼",
    "延保三年",
];
const PAY_METHODS: &[&str] = &["现金", "微信", "支付宝", "银行卡", "微信", "支付宝"];

const ONCE_PROMISES: &[&str] = &[
    "免费上门清洗空调一次",
    "赠送滤芯一套，到货后送上门",
    "帮忙拆旧机并回收",
    "新款到货后第一时间通知",
    "上门调试电视信号",
    "补发保修卡和发票",
];
const MONTHLY_PROMISES: &[&str] = &[
    "每月10日上门对账",
    "每月10日前收取分期款",
    "每月10日电话回访使用情况",
];
const HALF_YEAR_PROMISES: &[&str] = &[
    "每半年上门免费检修一次",
    "净水器每6个月免费更换滤芯",
    "空调每半年免费清洗保养",
];

/// A demo feedback card and how its responses come out.
struct DemoCard {
    name: &'static str,
    /// Worst first.
    levels: &'static [&'static str],
    /// Each question with how well the shop does on it (mean level) and how
    /// much that improved over the last six months (levels gained).
    questions: &'static [(&'static str, f64, f64)],
    /// A fixed number whatever the shop's size, so the 100,000-customer
    /// benchmark book costs the same few milliseconds.
    responses: i64,
}

const FEEDBACK_CARDS: &[DemoCard] = &[
    DemoCard {
        name: "售后服务意见卡",
        levels: &["差", "一般", "好", "很好", "非常好"],
        questions: &[
            ("产品质量满意吗", 4.2, 0.0),
            ("价格合理吗", 3.4, 0.2),
            ("送货安装及时吗", 3.0, 1.2),
            ("服务态度好吗", 4.3, 0.1),
            ("安装后现场整洁吗", 3.3, 0.8),
            ("总体满意度", 3.8, 0.4),
        ],
        responses: 40,
    },
    DemoCard {
        name: "上门维修回访卡",
        levels: &["不满意", "一般", "满意", "非常满意"],
        questions: &[
            ("师傅准时上门了吗", 2.8, 0.9),
            ("问题修好了吗", 3.4, 0.0),
            ("师傅态度怎么样", 3.5, 0.1),
            ("收费清楚合理吗", 3.0, 0.3),
            ("修完后收拾干净了吗", 2.9, 0.6),
        ],
        responses: 20,
    },
];
/// How far back the feedback goes.
const FEEDBACK_DAYS: i64 = 182;
const FEEDBACK_PRAISE: &[&str] = &[
    "师傅很专业，讲解也耐心",
    "送货很快，第二天就装好了",
    "价格比网上还实惠",
    "老顾客了，一直很放心",
    "安装完还帮忙把旧机搬走了",
];
const FEEDBACK_COMPLAINTS: &[&str] = &[
    "约好上午来，下午三点才到",
    "安装打孔灰太多，没有清理",
    "电话打了好几次才有人接",
    "收费前没说清楚，多收了材料费",
    "修好两天又坏了",
];
const FEEDBACK_REPLIES: &[&str] = &[
    "电话致歉，约好周六再次上门",
    "店长亲自回电，退还多收的材料费",
    "已安排师傅回访，客户表示满意",
    "微信回复并送上清洗券一张",
];

// ---------------------------------------------------------------------------
// After-sales

/// The shop manager who signs off solutions beyond a clerk's authority.
const MANAGER: &str = "陈店长";

/// Generic products (as the sales record them) by the kind of fault a
/// complaint about them describes.
const SMALL_ITEMS: &[&str] = &[
    "电饭煲",
    "微波炉",
    "电热水壶",
    "吸尘器",
    "电风扇",
    "空气净化器",
    "扫地机器人",
];
const WATER_ITEMS: &[&str] = &["洗衣机", "净水器", "热水器", "洗碗机"];
const MOTOR_ITEMS: &[&str] = &["冰箱", "洗衣机", "空调", "油烟机", "空气净化器"];
const CODED_ITEMS: &[&str] = &["空调", "洗衣机", "热水器", "洗碗机", "扫地机器人", "净水器"];
const SERVICED_ITEMS: &[&str] = &["空调", "油烟机", "洗衣机", "热水器"];
const DELIVERED_ITEMS: &[&str] = &["冰箱", "洗衣机", "空调", "电视", "洗碗机", "油烟机"];

/// Models in the returns log: the name as written on the slip, the generic
/// product the shop's sales record it as, and the shelf price in yuan.
const RETURN_MODELS: &[(&str, &str, i64)] = &[
    ("美的电饭煲 MB-FB40", "电饭煲", 399),
    ("苏泊尔电热水壶 SW-17S", "电热水壶", 159),
    ("格力电风扇 FD-40X", "电风扇", 269),
    ("美的微波炉 M1-L213B", "微波炉", 499),
    ("小米扫地机器人 S10", "扫地机器人", 1999),
    ("海尔冰箱 BCD-216STPT", "冰箱", 2699),
    ("九阳电饭煲 F-40FY", "电饭煲", 299),
    ("飞利浦吸尘器 FC8389", "吸尘器", 699),
    ("海尔洗衣机 EG100MATE", "洗衣机", 2499),
    ("创维电视 55A3", "电视", 2999),
    ("方太燃气灶 JZT-TH29B", "燃气灶", 1999),
    ("安吉尔净水器 J2563", "净水器", 2399),
    ("美的空气净化器 KJ400G", "空气净化器", 1299),
];

/// Who brought a return back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Returner {
    /// Not a customer in the book.
    WalkIn,
    /// A customer with a matching recent sale when there is one (else a
    /// walk-in), refunded in cash.
    Customer,
    /// As `Customer`, with a refund credited to the account.
    Account,
}

/// One line of the returns log: days before today, model (index into
/// [`RETURN_MODELS`]), reason, condition, outcome, who, quantity, note.
type DemoReturn = (
    i64,
    usize,
    ReturnReason,
    GoodsCondition,
    ReturnOutcome,
    Returner,
    u32,
    &'static str,
);

/// The last 90 days of returns. Quality returns within the last 30 days:
/// three of 美的电饭煲 MB-FB40 (the quality alert the demo shows), two of
/// 苏泊尔电热水壶 SW-17S (one short of an alert) and one of 海尔冰箱; every
/// other quality return is older, and no other product has three.
#[rustfmt::skip]
const RETURNS_LOG: &[DemoReturn] = {
    use GoodsCondition::{Damaged, Unopened, Used};
    use ReturnOutcome::{Exchange, Refund, Repair};
    use ReturnReason::{ChangedMind, NotAsDescribed, Quality, TransitDamage, WrongItem};
    use Returner::{Account, Customer, WalkIn};
    &[
        (88, 6, Quality, Used, Refund, WalkIn, 1, "内胆涂层起泡脱落，顾客不愿维修"),
        (84, 2, ChangedMind, Unopened, Refund, Customer, 1, "家里已经有人买了一台，未拆封"),
        (80, 5, TransitDamage, Damaged, Exchange, Customer, 1, "送货时侧板磕凹，当场换新"),
        (77, 3, Quality, Used, Repair, Customer, 1, "转盘不转，送售后检修"),
        (73, 7, NotAsDescribed, Unopened, Refund, Account, 1, "以为是无线款，退款冲抵欠款"),
        (69, 0, Quality, Used, Exchange, WalkIn, 1, "按键失灵，换同款新机"),
        (65, 9, WrongItem, Unopened, Exchange, Customer, 1, "送错尺寸，换成55寸"),
        (61, 1, ChangedMind, Unopened, Refund, WalkIn, 2, "礼品买重复了，两台都退"),
        (57, 12, Quality, Used, Repair, Customer, 1, "有异味，返厂检测"),
        (54, 4, NotAsDescribed, Used, Refund, Customer, 1, "不能拖地，和宣传不符"),
        (50, 10, TransitDamage, Damaged, Exchange, Customer, 1, "玻璃面板运输中碎裂"),
        (46, 2, Quality, Used, Exchange, WalkIn, 1, "摇头卡顿，有咔咔声"),
        (42, 11, Quality, Used, Repair, Customer, 1, "接口漏水，上门更换密封圈"),
        (38, 8, WrongItem, Unopened, Exchange, Customer, 1, "颜色送错，换成银色"),
        (33, 3, ChangedMind, Unopened, Refund, Account, 1, "厨房放不下，退款冲抵欠款"),
        (26, 0, Quality, Used, Refund, Customer, 1, "煮饭夹生，底部受热不均"),
        (23, 7, ChangedMind, Unopened, Refund, WalkIn, 1, "买了才发现家里插座不够，未拆封"),
        (21, 1, Quality, Used, Exchange, Customer, 1, "底座接触不良，时热时不热"),
        (17, 5, Quality, Used, Repair, Customer, 1, "冷藏室不制冷，上门更换温控器"),
        (14, 0, Quality, Used, Exchange, WalkIn, 1, "煮粥溢锅，温控失灵"),
        (11, 4, TransitDamage, Damaged, Refund, Customer, 1, "快递外箱破损，主机外壳开裂"),
        (8, 1, Quality, Used, Refund, WalkIn, 1, "烧水有明显塑料味"),
        (6, 9, NotAsDescribed, Unopened, Exchange, Customer, 1, "不是宣传的4K款，换成对应型号"),
        (3, 0, Quality, Used, Refund, Account, 1, "插电就跳闸，内部线路短路"),
        (1, 6, WrongItem, Unopened, Exchange, WalkIn, 1, "拿错了容量，换4升的"),
    ]
};

// ---------------------------------------------------------------------------
// Generator

/// Value tier decided first; sales follow from it and it becomes the
/// computed class, so A customers really bring most of the revenue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tier {
    A,
    B,
    C,
}

/// Things forced onto a customer so the coming two weeks are never empty.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Spotlight {
    BirthdayToday,
    SolarBirthdaySoon,
    LunarBirthdaySoon,
    FamilyBirthdaySoon,
    AnniversarySoon,
    PromiseSoon,
    NextContactSoon,
    OverduePromise,
    ReceivableSoon,
    MonthlyPromise,
}

const SPOTLIGHTS: [Spotlight; 10] = [
    Spotlight::SolarBirthdaySoon,
    Spotlight::LunarBirthdaySoon,
    Spotlight::PromiseSoon,
    Spotlight::NextContactSoon,
    Spotlight::FamilyBirthdaySoon,
    Spotlight::OverduePromise,
    Spotlight::ReceivableSoon,
    Spotlight::AnniversarySoon,
    Spotlight::MonthlyPromise,
    Spotlight::BirthdayToday,
];

/// Customers given a part on the receivables and retention screens, at the
/// indices right after the spotlights (a demo of fewer customers has only
/// the first few).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// A hotel owing over ¥100,000 for months: a kept and a broken promise,
    /// a demand letter, has money but won't pay, over its credit limit, its
    /// last credit sale confirmed past the warning.
    LongLarge,
    /// A school's large order just overdue, with a promise to pay pending and
    /// another sale not yet due.
    ShortLarge,
    /// A small debt overdue for weeks: half paid as promised, then a visit.
    LongSmall,
    /// A small balance a few days overdue: the notice went out.
    ShortSmall,
    /// Blacklisted for a false address, owing for half a year: fraud.
    Fraud,
    /// An A-class regular buying every month who stopped coming (competitor).
    Regular,
    /// A customer whose orders fell by more than half (price; retained).
    Dropping,
    /// A customer who moved away (lost).
    MovedAway,
}

const ROLES: [Role; 8] = [
    Role::LongLarge,
    Role::Fraud,
    Role::ShortLarge,
    Role::LongSmall,
    Role::Regular,
    Role::ShortSmall,
    Role::Dropping,
    Role::MovedAway,
];

impl Role {
    fn tier(self) -> Tier {
        match self {
            Role::LongLarge | Role::ShortLarge | Role::Regular => Tier::A,
            Role::Dropping | Role::LongSmall => Tier::B,
            _ => Tier::C,
        }
    }

    /// The company a company customer buys for.
    fn company(self) -> Option<&'static str> {
        match self {
            Role::LongLarge => Some("鸿运大酒店"),
            Role::ShortLarge => Some("育才中学"),
            Role::Regular => Some("宏达装饰公司"),
            _ => None,
        }
    }
}

/// Who chases debts in the demo shop: the manager and the book-keeper.
const BOOKKEEPER: &str = "会计小周";

/// How far back the shop's history goes.
const HISTORY_DAYS: i64 = 6 * 365;
/// How far back contacts and sales go.
const RECENT_DAYS: i64 = 730;
/// The window of a kept-in-touch customer's latest contact.
const RECENT_CONTACT_DAYS: i64 = 75;

struct Generator {
    rng: ChaCha8Rng,
    today: NaiveDate,
    total: usize,
    ids: Vec<CustomerId>,
    names: Vec<String>,
    phones: HashSet<u64>,
    sale_seq: u32,
    /// Sales of customers the shop may contact, for the after-sales cases.
    sold: Vec<SoldItem>,
    /// Customers who already have a complaint case, and the products of
    /// cases that gave goods or money back.
    case_customers: HashSet<CustomerId>,
    case_products: HashSet<&'static str>,
    /// Cases left open: id, customer and the day received.
    open_cases: Vec<(i64, CustomerId, NaiveDate)>,
    /// Sales linked to a case.
    case_sales: HashSet<i64>,
    report: DemoReport,
}

/// A sale as the after-sales cases pick it: whose, which, what, when, the
/// price of one item and what is still owed on the sale.
#[derive(Debug, Clone, Copy)]
struct SoldItem {
    customer: CustomerId,
    sale_id: i64,
    product: &'static str,
    date: NaiveDate,
    unit: Money,
    unpaid: Money,
}

fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

fn later(t: NaiveDateTime, minutes: i64) -> NaiveDateTime {
    t.checked_add_signed(TimeDelta::minutes(minutes))
        .unwrap_or(t)
}

/// What a complaint is about: the customer's sale when one is linked,
/// else what the customer said they bought and when.
struct Purchase {
    customer: CustomerId,
    sale_id: Option<i64>,
    product: &'static str,
    date: NaiveDate,
    /// The price of one item.
    unit: Money,
}

impl Purchase {
    /// Fills the Facts step's purchase, as picking the sale in the wizard does.
    fn fill(&self, c: &mut Complaint) {
        c.sale_id = self.sale_id;
        c.product = self.product.to_string();
        c.purchase_date = Some(self.date);
    }

    fn days_before(&self, day: NaiveDate) -> i64 {
        (day - self.date).num_days()
    }
}

fn invalid_case(c: &Complaint, missing: &[Missing]) -> StoreError {
    let codes: Vec<&str> = missing.iter().map(|m| m.code()).collect();
    StoreError::Corrupt(format!(
        "demo complaint at step {} lacks {}",
        c.step.code(),
        codes.join(", ")
    ))
}

/// Moves a demo case on, as the wizard's Next button does on `day`.
fn next_step(c: &mut Complaint, rules: &ComplaintRules, day: NaiveDate) -> Result<(), StoreError> {
    c.advance(rules, day)
        .map(|_| ())
        .map_err(|missing| invalid_case(c, &missing))
}

/// Moves on from Listen, apologises `minutes` after the case came in and
/// moves on to the facts.
fn apologize(c: &mut Complaint, rules: &ComplaintRules, minutes: i64) -> Result<(), StoreError> {
    next_step(c, rules, c.received_at.date())?;
    let at = later(c.received_at, minutes);
    c.apologized_at = Some(at);
    next_step(c, rules, at.date())
}

/// The rest of the Facts step.
fn facts(c: &mut Complaint, severity: u8, responsible: Responsible, condition: GoodsCondition) {
    c.severity = Some(severity);
    c.responsible = Some(responsible);
    c.condition = Some(condition);
}

/// The manager signs the solution off when it needs it.
fn sign_off_if_needed(c: &mut Complaint, rules: &ComplaintRules, at: NaiveDateTime) {
    if !c.approval_reasons(rules).is_empty() {
        c.approval = Some(Approval {
            manager: MANAGER.to_string(),
            at,
        });
    }
}

/// The clerk proposes the solution on `day` (the manager signs it off at
/// `at` when it needs that) and moves on to the customer's opinion.
fn propose(
    c: &mut Complaint,
    rules: &ComplaintRules,
    at: NaiveDateTime,
    day: NaiveDate,
) -> Result<(), StoreError> {
    sign_off_if_needed(c, rules, at);
    next_step(c, rules, day)
}

/// The customer accepts at `at` with `satisfaction`; the wizard moves on to
/// the follow-up.
fn accept(
    c: &mut Complaint,
    rules: &ComplaintRules,
    satisfaction: u8,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    c.accepted = Some(true);
    c.satisfaction = Some(satisfaction);
    next_step(c, rules, at.date())
}

/// Saves a case as it stands (the wizard saves at every step).
fn save_case(
    w: &mut BulkWriter<'_>,
    c: &mut Complaint,
    rules: &ComplaintRules,
    stamp: NaiveDateTime,
) -> Result<(), StoreError> {
    c.id = Some(w.complaint(c, rules, stamp)?);
    Ok(())
}

impl Generator {
    fn new(opts: &DemoOptions) -> Generator {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(opts.seed),
            today: opts.today,
            total: opts.customers.max(1),
            ids: Vec::with_capacity(opts.customers),
            names: Vec::with_capacity(opts.customers),
            phones: HashSet::with_capacity(opts.customers * 2),
            sale_seq: 0,
            sold: Vec::new(),
            case_customers: HashSet::new(),
            case_products: HashSet::new(),
            open_cases: Vec::new(),
            case_sales: HashSet::new(),
            report: DemoReport::default(),
        }
    }

    // -- small random helpers -------------------------------------------

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    fn range(&mut self, low: i64, high_inclusive: i64) -> i64 {
        if high_inclusive <= low {
            low
        } else {
            self.rng.random_range(low..=high_inclusive)
        }
    }

    /// A day between `from` and `to` inclusive (`from` when the span is empty).
    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days();
        add_days(from, self.range(0, span))
    }

    /// A time of day in shop hours, avoiding the noon rest most of the time.
    fn at_shop_hours(&mut self, day: NaiveDate) -> NaiveDateTime {
        let hour = if self.chance(0.9) {
            self.pick(&[9, 10, 11, 14, 15, 16, 17, 18, 19])
        } else {
            12
        };
        let minute = self.range(0, 59) as u32;
        day.and_hms_opt(hour, minute, 0)
            .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN))
    }

    // -- people ---------------------------------------------------------

    fn surname(&mut self) -> &'static str {
        if self.chance(0.004) {
            self.pick(COMPOUND_SURNAMES)
        } else if self.chance(0.5) {
            self.pick(&SURNAMES[..TOP_SURNAMES])
        } else {
            self.pick(SURNAMES)
        }
    }

    fn given_name(&mut self, gender: Gender) -> String {
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

    fn mobile(&mut self) -> String {
        loop {
            let prefix = self.pick(MOBILE_PREFIXES);
            let number = prefix * 100_000_000 + self.rng.random_range(0..100_000_000u64);
            if self.phones.insert(number) {
                return number.to_string();
            }
        }
    }

    fn landline(&mut self) -> String {
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

    fn address(&mut self) -> String {
        let district = self.pick(DISTRICTS);
        let road = self.pick(ROADS);
        let number = self.range(1, 399);
        let community = self.pick(COMMUNITIES);
        let building = self.range(1, 30);
        let unit = self.range(1, 4);
        let room = self.range(1, 18) * 100 + self.range(1, 4);
        format!("杭州市{district}{road}{number}号{community}{building}幢{unit}单元{room}室")
    }

    // -- yearly dates ---------------------------------------------------

    fn solar_date(&mut self, year: Option<i32>) -> Option<YearlyDate> {
        let month = self.range(1, 12) as u32;
        let day = self.range(1, 31) as u32;
        YearlyDate::solar(year, month, day)
            .or_else(|_| YearlyDate::solar(year, month, day.min(28)))
            .ok()
    }

    /// A lunar date; with a year, a few are leap-month, 除夕 and day-30
    /// births, each validated by [`LunarDate::new`].
    fn lunar_date(&mut self, year: Option<i32>) -> Option<YearlyDate> {
        let roll = self.rng.random::<f64>();
        let date = match year {
            Some(y) if roll < 0.06 => {
                // A leap-month birth: move to the nearest year that has one.
                let (y, leap) = (y..y + 20).find_map(|y| leap_month_of(y).map(|m| (y, m)))?;
                let day = self.range(1, 29) as u8;
                LunarDate::new(Some(y), leap, true, day)
            }
            Some(y) if roll < 0.10 => {
                // Born on 除夕: the last day of 腊月, 29 or 30.
                let last = days_in_month(y, 12, false) as u8;
                LunarDate::new(Some(y), 12, false, last)
            }
            Some(y) if roll < 0.15 => {
                let month = self.range(1, 12) as u8;
                LunarDate::new(Some(y), month, false, 30)
                    .or_else(|_| LunarDate::new(Some(y), month, false, 29))
            }
            Some(y) => {
                let month = self.range(1, 12) as u8;
                let day = self.range(1, 29) as u8;
                LunarDate::new(Some(y), month, false, day)
            }
            None => {
                let month = self.range(1, 12) as u8;
                let leap = roll < 0.03;
                let day = if roll > 0.97 {
                    30
                } else {
                    self.range(1, 29) as u8
                };
                LunarDate::new(None, month, leap, day)
            }
        };
        date.ok().map(YearlyDate::Lunar)
    }

    fn yearly(&mut self, lunar: bool, year: Option<i32>) -> Option<YearlyDate> {
        if lunar {
            self.lunar_date(year)
        } else {
            self.solar_date(year)
        }
    }

    /// A date whose next occurrence falls `from..=to` days after today,
    /// verified with the domain's own occurrence rules. Falls back to a
    /// Gregorian date without year, which always works.
    fn upcoming(
        &mut self,
        lunar: bool,
        year: Option<i32>,
        from: i64,
        to: i64,
    ) -> Option<YearlyDate> {
        let offset = self.range(from, to);
        let target = add_days(self.today, offset);
        let lands = |d: &YearlyDate, today: NaiveDate| {
            d.next_occurrence(today)
                .is_some_and(|n| (n - today).num_days() >= from && (n - today).num_days() <= to)
        };
        let mut candidates: Vec<YearlyDate> = Vec::new();
        if lunar && let Ok(l) = LunarDate::from_solar(target) {
            // With the birth year when that year has this lunar day, else without.
            for y in [year, None] {
                if let Ok(d) = LunarDate::new(y, l.month(), l.is_leap(), l.day()) {
                    candidates.push(YearlyDate::Lunar(d));
                }
            }
        }
        if let Ok(d) = YearlyDate::solar(year, target.month(), target.day()) {
            candidates.push(d);
        }
        let fallback = YearlyDate::solar(None, target.month(), target.day()).ok();
        candidates
            .into_iter()
            .find(|d| lands(d, self.today))
            .or(fallback)
    }

    // -- feedback -------------------------------------------------------

    /// The demo's feedback cards with responses over the last six months:
    /// scores that improve where the shop got better, some names (a few of
    /// them customers), comments, and replies asked for — the older ones
    /// answered, the two most recent of each card still waiting.
    fn feedback(&mut self, w: &mut BulkWriter<'_>) -> Result<(), StoreError> {
        let today = self.today;
        let start = add_days(today, -FEEDBACK_DAYS);
        for demo in FEEDBACK_CARDS {
            let card = FeedbackCard {
                id: None,
                name: demo.name.to_string(),
                questions: demo
                    .questions
                    .iter()
                    .map(|&(text, _, _)| Question {
                        text: text.to_string(),
                        levels: demo.levels.iter().map(|l| l.to_string()).collect(),
                    })
                    .collect(),
                archived: false,
                created_at: self.at_shop_hours(add_days(start, -7)),
            };
            let card_id = w.feedback_card(&card)?;
            // Spread evenly, so every month has some, each on a random day
            // of its stretch.
            let count = demo.responses;
            let stretch = FEEDBACK_DAYS / count;
            let dates: Vec<NaiveDate> = (0..count)
                .map(|k| {
                    let offset = k * FEEDBACK_DAYS / count + self.range(1, stretch);
                    add_days(start, offset).min(today)
                })
                .collect();
            let top = demo.levels.len() as f64;
            let mut responses = Vec::new();
            let total = dates.len();
            for (k, date) in dates.into_iter().enumerate() {
                // 0 at the start of the six months, 1 today.
                let progress = (date - start).num_days() as f64 / FEEDBACK_DAYS as f64;
                // Now and then a visit goes wrong all round.
                let setback = if self.chance(0.12) { 1.5 } else { 0.0 };
                let answers: Vec<Option<u8>> = demo
                    .questions
                    .iter()
                    .map(|&(_, mean, gain)| {
                        if self.chance(0.06) {
                            return None;
                        }
                        let noise = self.rng.random::<f64>() * 2.0 - 1.0;
                        let level = (mean - gain / 2.0 + gain * progress + noise - setback).round();
                        Some(level.clamp(1.0, top) as u8)
                    })
                    .collect();
                let given: Vec<f64> = answers.iter().flatten().map(|&l| f64::from(l)).collect();
                let unhappy = !given.is_empty()
                    && given.iter().sum::<f64>() / (given.len() as f64) < top * 0.6;
                let comment = if unhappy && self.chance(0.8) {
                    self.pick(FEEDBACK_COMPLAINTS)
                } else if self.chance(0.3) {
                    self.pick(FEEDBACK_PRAISE)
                } else {
                    ""
                };
                let mut r = FeedbackResponse {
                    id: None,
                    card_id,
                    date,
                    customer_id: None,
                    name: String::new(),
                    contact: String::new(),
                    answers,
                    comment: comment.to_string(),
                    wants_reply: false,
                    reply: None,
                    created_at: self.at_shop_hours(date),
                };
                if !self.ids.is_empty() && self.chance(0.2) {
                    let k = self.rng.random_range(0..self.ids.len());
                    r.customer_id = Some(self.ids[k]);
                    r.name = self.names[k].clone();
                } else if self.chance(0.25) || k + 2 >= total {
                    let title = self.pick(&["先生", "女士"]);
                    r.name = format!("{}{title}", self.surname());
                    r.contact = self.mobile();
                }
                // The latest two always ask for a reply, so some wait.
                r.wants_reply =
                    !r.name.is_empty() && (unhappy || self.chance(0.1) || k + 2 >= total);
                responses.push(r);
            }
            // Every reply asked for is logged, except the latest two.
            let waiting: Vec<usize> = (0..responses.len())
                .filter(|&i| responses[i].wants_reply)
                .collect();
            for &i in waiting.iter().rev().skip(2) {
                let day = add_days(responses[i].date, self.range(0, 3)).min(today);
                responses[i].reply = Some(Reply {
                    at: self.at_shop_hours(day),
                    note: self.pick(FEEDBACK_REPLIES).to_string(),
                });
            }
            for r in &responses {
                w.feedback_response(r)?;
                self.report.feedback_responses += 1;
            }
        }
        Ok(())
    }

    // -- after-sales ----------------------------------------------------

    /// What a case is about, as the wizard's Facts step takes it from a
    /// sale: a sale of a customer the shop may contact, made `ages` days
    /// before `received`, of one of `products` (any when empty), one item
    /// costing at least `min_yuan`. With `owes`, a sale with at least one
    /// item's price still unpaid is preferred, even an older one (a refund
    /// credited to the account should pay off a debt, not make one); with
    /// `distinct`, a product
    /// no other case giving goods or money back is about (so the cases' own
    /// returns never add up to a quality alert). Each case gets its own
    /// customer while there are enough. When no sale fits (a small demo), a
    /// customer with sales says what they bought and when, and the clerk
    /// types it: no sale is linked.
    fn purchase(
        &mut self,
        received: NaiveDate,
        ages: RangeInclusive<i64>,
        products: &[&str],
        min_yuan: i64,
        owes: bool,
        distinct: bool,
    ) -> Purchase {
        let wanted = |product: &str| products.is_empty() || products.contains(&product);
        let min_unit = Money::from_yuan(min_yuan);
        let owing = |s: &SoldItem| s.unpaid >= s.unit;
        let fitting_any = |ages: &RangeInclusive<i64>, must_owe: bool, any: bool| -> Vec<usize> {
            self.sold
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    ages.contains(&(received - s.date).num_days())
                        && (any || wanted(s.product))
                        && s.unit >= min_unit
                        && (!must_owe || owing(s))
                        && !self.case_customers.contains(&s.customer)
                        && !(distinct && self.case_products.contains(s.product))
                })
                .map(|(i, _)| i)
                .collect()
        };
        let fitting =
            |ages: &RangeInclusive<i64>, must_owe: bool| fitting_any(ages, must_owe, false);
        let mut found = Vec::new();
        if owes {
            // An owing sale of the right age, else one from the last year
            // (then the refund may need the manager), else any sale.
            found = fitting(&ages, true);
            if found.is_empty() {
                found = fitting(&(1..=365), true);
            }
            // In a small shop none of those may owe: any owing sale will do.
            if found.is_empty() {
                found = fitting_any(&(1..=365), true, true);
            }
        }
        if found.is_empty() {
            found = fitting(&ages, false);
        }
        let purchase = if found.is_empty() {
            let free: Vec<CustomerId> = self
                .sold
                .iter()
                .map(|s| s.customer)
                .filter(|c| !self.case_customers.contains(c))
                .collect();
            let customer = if !free.is_empty() {
                self.pick(&free)
            } else if !self.sold.is_empty() {
                self.sold[self.rng.random_range(0..self.sold.len())].customer
            } else {
                self.ids[self.rng.random_range(0..self.ids.len())]
            };
            let choices: Vec<(&'static str, i64, i64, u8)> = PRODUCTS
                .iter()
                .copied()
                .filter(|p| {
                    wanted(p.0)
                        && p.2 >= min_yuan
                        && !(distinct && self.case_products.contains(p.0))
                })
                .collect();
            let (product, low, high, _) = if choices.is_empty() {
                PRODUCTS[0]
            } else {
                self.pick(&choices)
            };
            let price = ((low + high) / 200 * 100 + 99).max(min_yuan);
            Purchase {
                customer,
                sale_id: None,
                product,
                date: add_days(received, -(ages.start() + ages.end()) / 2),
                unit: Money::from_yuan(price),
            }
        } else {
            let s = self.sold[found[self.rng.random_range(0..found.len())]];
            Purchase {
                customer: s.customer,
                sale_id: Some(s.sale_id),
                product: s.product,
                date: s.date,
                unit: s.unit,
            }
        };
        self.case_customers.insert(purchase.customer);
        if distinct {
            self.case_products.insert(purchase.product);
        }
        purchase
    }

    /// A case received on `day` in shop hours, with the Listen step typed.
    fn listen(
        &mut self,
        customer: CustomerId,
        day: NaiveDate,
        channel: ComplaintChannel,
        source: ComplaintSource,
        words: String,
        emotion: Option<u8>,
    ) -> Complaint {
        let mut c = Complaint::new(customer, self.at_shop_hours(day));
        c.channel = Some(channel);
        c.source = Some(source);
        c.words = words;
        c.emotion = emotion;
        c
    }

    /// A moment in shop hours on `day`, at least half an hour after `after`.
    fn moment(&mut self, day: NaiveDate, after: NaiveDateTime) -> NaiveDateTime {
        self.at_shop_hours(day).max(later(after, 30))
    }

    /// Saves a case as it finally stands and counts it, with the return an
    /// accepted refund or exchange records.
    fn file_case(
        &mut self,
        w: &mut BulkWriter<'_>,
        c: &mut Complaint,
        rules: &ComplaintRules,
        stamp: NaiveDateTime,
    ) -> Result<(), StoreError> {
        save_case(w, c, rules, stamp)?;
        self.report.complaints += 1;
        self.case_sales.extend(c.sale_id);
        if c.closed_at.is_none()
            && let Some(id) = c.id
        {
            self.open_cases
                .push((id, c.customer_id, c.received_at.date()));
        }
        if c.accepted == Some(true) && c.remedy.is_some_and(Remedy::is_return) {
            self.report.returns += 1;
        }
        Ok(())
    }

    /// Records the follow-up's result on its day and closes the case.
    fn close_case(
        &mut self,
        w: &mut BulkWriter<'_>,
        c: &mut Complaint,
        rules: &ComplaintRules,
        result: &str,
    ) -> Result<(), StoreError> {
        let day = c.follow_up_date.unwrap_or(self.today).min(self.today);
        let at = self.moment(day, c.received_at);
        c.follow_up_result = result.to_string();
        c.close(rules, at).map_err(|m| invalid_case(c, &m))?;
        self.file_case(w, c, rules, at)
    }

    /// Complaint cases over the last two months, in every status, each
    /// filled in and moved on step by step as a clerk would in the wizard:
    /// six closed (refund to the account, refund paid out, an exchange the
    /// manager approved, shop repair, factory repair, a service adjustment
    /// with a gift), three waiting for their follow-up (yesterday, today, in
    /// two days), two waiting for the manager, three open (two of them
    /// older than the week a case should take) and two drafts (one not
    /// apologised for after two days). Written oldest first.
    fn complaints(&mut self, w: &mut BulkWriter<'_>) -> Result<(), StoreError> {
        use ComplaintChannel::{Letter, OnSite, Online, Phone};
        use ComplaintSource::{AfterSales, Delivery, Product, StaffAttitude};
        use GoodsCondition::{Damaged, Unopened, Used};
        use Responsible::{Carrier, CustomerMisuse, Supplier, Us};
        let today = self.today;
        let ago = |days: i64| add_days(today, -days);
        let rules = ComplaintRules::default();
        let rules = &rules;

        // Closed: a refund credited against what the customer still owes.
        let day = ago(58);
        let p = self.purchase(day, 1..=20, SMALL_ITEMS, 0, true, true);
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
        save_case(w, &mut c, rules, at)?;
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
        let accepted = self.moment(ago(57), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        save_case(w, &mut c, rules, accepted)?;
        self.close_case(
            w,
            &mut c,
            rules,
            "回访：客户确认账上欠款已减去，表示理解，说下次还来买。",
        )?;

        // Closed: a repair at the factory, followed up when it came back.
        let day = ago(55);
        let p = self.purchase(day, 60..=700, CODED_ITEMS, 0, false, false);
        let words = format!(
            "{}面板上一直跳故障代码，说明书上的办法都试过了，还是用不了。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "上门检测：主板故障，店里修不了，需返厂；在保修期内，免费维修。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::RepairFactory);
        c.solution_note = "开返厂单，约20天修好送回，期间每周告知客户进度。".into();
        let at = later(c.received_at, 40);
        let accepted = self.moment(ago(54), c.received_at);
        propose(&mut c, rules, at, accepted.date())?;
        // Followed up when the repaired machine is due back, not in three days.
        c.follow_up_date = Some(add_days(accepted.date(), 21));
        accept(&mut c, rules, 3, accepted)?;
        save_case(w, &mut c, rules, accepted)?;
        self.close_case(
            w,
            &mut c,
            rules,
            "回访：返厂修好已装回，客户说等得久了点，但每周都有人告知进度，表示认可。",
        )?;

        // Closed: a refund paid out.
        let day = ago(47);
        let p = self.purchase(day, 2..=25, SMALL_ITEMS, 0, false, true);
        let words = format!(
            "新买的{}一开就有股焦糊味，家里有小孩，实在不敢再用了。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
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
        let accepted = self.moment(ago(46), c.received_at);
        accept(&mut c, rules, 5, accepted)?;
        save_case(w, &mut c, rules, accepted)?;
        self.close_case(
            w,
            &mut c,
            rules,
            "回访：客户已收到退款，又在店里选了另一个牌子。",
        )?;

        // Closed: an exchange past the return window, approved by the manager.
        let day = ago(38);
        let p = self.purchase(day, 35..=200, MOTOR_ITEMS, 0, false, true);
        let words = format!(
            "这台{}买了{}天，修过一次又坏了，我不想再修了，给我换台新的！",
            p.product,
            p.days_before(day)
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(4));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened =
            "同一故障第二次出现（上次维修单在档）；购买已超过30天，按三包只能维修。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::Exchange);
        c.solution_note = "老客户，且同一故障已修过一次，店长特批换新。".into();
        let signed = self.moment(ago(37), c.received_at);
        propose(&mut c, rules, signed, signed.date())?;
        let accepted = later(signed, 60);
        accept(&mut c, rules, 5, accepted)?;
        save_case(w, &mut c, rules, accepted)?;
        self.close_case(
            w,
            &mut c,
            rules,
            "回访：新机运行正常，客户很满意，说会介绍邻居来买。",
        )?;

        // Closed: a repair in the shop.
        let day = ago(30);
        let p = self.purchase(day, 90..=500, MOTOR_ITEMS, 0, false, false);
        let words = format!(
            "{}用了大半年，最近声音特别大，像里面有东西在打转。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(2));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
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
        save_case(w, &mut c, rules, accepted)?;
        self.close_case(w, &mut c, rules, "回访：修好送回后运转安静，客户满意。")?;

        // Closed: a service adjustment with a small gift.
        let day = ago(16);
        let p = self.purchase(day, 30..=700, SERVICED_ITEMS, 0, false, false);
        let words = format!(
            "约好上午十点上门清洗{}，等到下午三点才来，也没提前打个电话说一声。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, AfterSales, words, Some(3));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
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
        let accepted = self.moment(ago(15), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        save_case(w, &mut c, rules, accepted)?;
        self.close_case(
            w,
            &mut c,
            rules,
            "回访：后来两次上门都很准时，客户说已经不在意了。",
        )?;

        // Open, at the facts, older than a week: the visit is still to come.
        let day = ago(11);
        let p = self.purchase(day, 5..=60, MOTOR_ITEMS, 0, false, false);
        let words = format!(
            "{}买了没多久，这几天一开机就嗡嗡响，晚上吵得睡不着。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
        apologize(&mut c, rules, 15)?;
        p.fill(&mut c);
        c.what_happened =
            "电话里听客户描述：开机后持续嗡嗡响，十来分钟后变小。已约师傅上门查看。".into();
        let stamp = later(c.received_at, 30);
        self.file_case(w, &mut c, rules, stamp)?;

        // Waiting for the follow-up, which was due yesterday.
        let day = ago(9);
        let p = self.purchase(day, 31..=300, &[], 0, false, false);
        let words = format!(
            "{}这几天时好时坏，有时按了开关没反应，要拔了插头再插才行。",
            p.product
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(2));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "店内检测：电源板接触不良，属质量问题；已过30天退换期，免费维修。".into();
        facts(&mut c, 2, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::RepairShop);
        c.solution_note = "店内更换电源板，修好后送货上门。".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(ago(4), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.file_case(w, &mut c, rules, accepted)?;

        // Open, at the solution, older than a week: waiting for the maker.
        let day = ago(8);
        let p = self.purchase(day, 5..=28, WATER_ITEMS, 0, false, false);
        let words = format!(
            "{}用了不到一个月就漏水，厨房地上全是水，地板都泡了，你们得给个说法！",
            p.product
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(4));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened =
            "上门查看：底部进水接口渗水，外观无磕碰，疑为出厂密封圈问题，已拍照。".into();
        facts(&mut c, 3, Supplier, Used);
        next_step(&mut c, rules, day)?;
        c.solution_note = "已联系厂家，等厂家回复是维修还是换新。".into();
        let stamp = self.moment(ago(7), c.received_at);
        self.file_case(w, &mut c, rules, stamp)?;

        // Waiting for the follow-up, due today: damaged in delivery, exchanged.
        let day = ago(6);
        let p = self.purchase(day, 0..=3, DELIVERED_ITEMS, 0, false, true);
        let words = format!(
            "{}刚送到，拆开一看外壳裂了一道口子，你们到底怎么送的货！",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Delivery, words, Some(4));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
        apologize(&mut c, rules, 5)?;
        p.fill(&mut c);
        c.what_happened = "上门查看：外壳右侧开裂；签收单上注明“外包装破损”，属运输损坏。".into();
        facts(&mut c, 3, Carrier, Damaged);
        next_step(&mut c, rules, day)?;
        c.remedy = Some(Remedy::Exchange);
        c.solution_note = "换新机，损失由物流公司承担；新机第二天送到。".into();
        let at = later(c.received_at, 30);
        propose(&mut c, rules, at, day)?;
        let accepted = self.moment(ago(3), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.file_case(w, &mut c, rules, accepted)?;

        // Waiting for the manager: the customer asks for more than a clerk may give.
        let day = ago(5);
        let p = self.purchase(day, 3..=25, &[], 600, false, false);
        let words = format!(
            "{}才买{}天就坏了两回，我不要修了，要退货，耽误我两天工夫也得有个说法！",
            p.product,
            p.days_before(day)
        );
        let mut c = self.listen(p.customer, day, OnSite, Product, words, Some(4));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
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
        self.file_case(w, &mut c, rules, stamp)?;

        // Waiting for the follow-up in two days: an apology for a delivery man.
        let day = ago(4);
        let p = self.purchase(day, 0..=5, DELIVERED_ITEMS, 0, false, false);
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
        save_case(w, &mut c, rules, at)?;
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
        let accepted = self.moment(ago(1), c.received_at);
        accept(&mut c, rules, 4, accepted)?;
        self.file_case(w, &mut c, rules, accepted)?;

        // Waiting for the manager: an exchange the warranty does not cover.
        let day = ago(3);
        let p = self.purchase(day, 30..=400, &[], 0, false, false);
        let words = format!(
            "{}用着用着就坏了，你们卖的东西质量太差，我要换台新的。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Phone, Product, words, Some(3));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
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
        self.file_case(w, &mut c, rules, stamp)?;

        // A draft two days old: a message nobody has answered yet.
        let day = ago(2);
        let p = self.purchase(day, 3..=30, DELIVERED_ITEMS, 0, false, false);
        let words = format!(
            "上周师傅来装{}的时候把墙蹭黑了一大块，说好回来处理的，到现在都没人管。",
            p.product
        );
        let mut c = self.listen(p.customer, day, Online, AfterSales, words, Some(3));
        next_step(&mut c, rules, day)?;
        let stamp = later(c.received_at, 2);
        self.file_case(w, &mut c, rules, stamp)?;

        // Open, at the facts: yesterday's letter about a repair charge.
        let day = ago(1);
        let p = self.purchase(day, 60..=700, &[], 0, false, false);
        let words = format!(
            "上个星期师傅上门修{}，收了150块上门费，当初不是说保修期内免费吗？",
            p.product
        );
        let mut c = self.listen(p.customer, day, Letter, AfterSales, words, Some(2));
        let at = later(c.received_at, 5);
        save_case(w, &mut c, rules, at)?;
        apologize(&mut c, rules, 60)?;
        p.fill(&mut c);
        c.what_happened = "维修单上收了上门费150元；要核对购买日期和保修期。".into();
        c.severity = Some(2);
        let stamp = later(c.received_at, 75);
        self.file_case(w, &mut c, rules, stamp)?;

        // A draft from this morning: the words typed while on the phone.
        let p = self.purchase(today, 0..=5, DELIVERED_ITEMS, 0, false, false);
        let minute = self.range(5, 40) as u32;
        let received = today
            .and_hms_opt(9, minute, 0)
            .unwrap_or_else(|| today.and_time(chrono::NaiveTime::MIN));
        let mut c = Complaint::new(p.customer, received);
        c.channel = Some(Phone);
        c.source = Some(Delivery);
        c.words =
            "说好昨天下午送货，等了一下午都没人来，打电话也没人接，今天又请了半天假在家等。".into();
        self.file_case(w, &mut c, rules, later(received, 3))?;
        Ok(())
    }

    /// The returns log over the last 90 days ([`RETURNS_LOG`]): a
    /// customer's return is linked to a sale of theirs of the same product
    /// at about the model's price, made shortly before (within the policy's
    /// windows; a repair within a year), when there is one, else it is
    /// logged as a walk-in's.
    fn returns_log(&mut self, w: &mut BulkWriter<'_>) -> Result<(), StoreError> {
        let today = self.today;
        // A sale a case already gave money back for is not returned again.
        let mut linked: HashSet<i64> = self.case_sales.clone();
        for &(days, model, reason, condition, outcome, who, quantity, note) in RETURNS_LOG {
            let date = add_days(today, -days);
            let (name, generic, price) = RETURN_MODELS[model];
            let window = match (reason, outcome) {
                (_, ReturnOutcome::Repair) => 365,
                (ReturnReason::Quality, _) => 30,
                _ => 10,
            };
            // A sale of this model costs about its shelf price.
            let fits_price = |unit: Money| {
                let fen = Money::from_yuan(price).fen();
                unit.fen() * 10 >= fen * 7 && unit.fen() * 2 <= fen * 3
            };
            let sale = if who == Returner::WalkIn {
                None
            } else {
                let mut found: Vec<usize> = (0..self.sold.len())
                    .filter(|&i| {
                        let s = &self.sold[i];
                        let age = (date - s.date).num_days();
                        s.product == generic
                            && (0..=window).contains(&age)
                            && fits_price(s.unit)
                            && !linked.contains(&s.sale_id)
                    })
                    .collect();
                let owing = |s: &SoldItem| s.unpaid >= s.unit;
                if who == Returner::Account && found.iter().any(|&i| owing(&self.sold[i])) {
                    found.retain(|&i| owing(&self.sold[i]));
                }
                if found.is_empty() {
                    None
                } else {
                    Some(self.sold[found[self.rng.random_range(0..found.len())]])
                }
            };
            if let Some(s) = &sale {
                linked.insert(s.sale_id);
            }
            let unit = sale.map_or(Money::from_yuan(price), |s| s.unit);
            let refunded = outcome == ReturnOutcome::Refund;
            let entry = ReturnEntry {
                id: None,
                date,
                customer_id: sale.map(|s| s.customer),
                sale_id: sale.map(|s| s.sale_id),
                product: name.to_string(),
                quantity,
                reason,
                condition,
                outcome,
                refund: if refunded {
                    Money(unit.fen() * i64::from(quantity))
                } else {
                    Money::ZERO
                },
                refund_to: if refunded && who == Returner::Account && sale.is_some() {
                    RefundTo::Account
                } else {
                    RefundTo::PaidOut
                },
                note: note.to_string(),
                complaint_id: None,
            };
            let created_at = self.at_shop_hours(date);
            w.return_entry(&entry, created_at)?;
            self.report.returns += 1;
        }
        Ok(())
    }

    // -- one customer ---------------------------------------------------

    fn customer(&mut self, w: &mut BulkWriter<'_>, i: usize) -> Result<(), StoreError> {
        let today = self.today;
        let spotlight = if i < SPOTLIGHTS.len() {
            Some(SPOTLIGHTS[i])
        } else if self.chance(0.03) {
            Some(self.pick(&SPOTLIGHTS))
        } else {
            None
        };
        let role = i
            .checked_sub(SPOTLIGHTS.len())
            .and_then(|k| ROLES.get(k))
            .copied();
        let spotlight = if role.is_some() { None } else { spotlight };
        let tier = match self.rng.random::<f64>() {
            _ if role.is_some() => role.map_or(Tier::C, Role::tier),
            r if r < 0.10 => Tier::A,
            r if r < 0.30 => Tier::B,
            _ => Tier::C,
        };
        let is_company = self.chance(match tier {
            Tier::A => 0.45,
            Tier::B => 0.15,
            Tier::C => 0.04,
        });
        let is_company = match role {
            Some(role) => role.company().is_some(),
            None => is_company,
        };

        // Customers join the shop in id order over six years, so a referrer
        // (always an earlier id) joined before the one they referred.
        let joined = add_days(
            today,
            -HISTORY_DAYS + (i as i64 * HISTORY_DAYS) / self.total as i64,
        );
        let created_at = self.at_shop_hours(joined);

        let gender = match self.rng.random::<f64>() {
            r if r < 0.03 => Gender::Unknown,
            r if r < 0.50 => Gender::Male,
            _ => Gender::Female,
        };
        let surname = self.surname();
        let name = format!("{surname}{}", self.given_name(gender));
        let age = self.range(24, 78) as i32;
        let birth_year = today.year() - age;

        let mut c = Customer::new(&name, created_at);
        c.gender = gender;
        c.mobile = self.mobile();
        if self.chance(if is_company { 0.6 } else { 0.12 }) {
            c.phone2 = self.landline();
        }
        let (_, full_pinyin) = pinyin_keys(&name);
        if self.chance(0.55) {
            c.wechat = format!("{full_pinyin}{}", self.range(1, 9999));
        }
        if self.chance(0.15) {
            c.email = if self.chance(0.5) {
                format!("{}@qq.com", self.range(10_000_000, 2_999_999_999))
            } else {
                let domain = self.pick(&["163.com", "126.com", "sina.com", "139.com"]);
                format!("{full_pinyin}{}@{domain}", birth_year % 100)
            };
        }
        c.address = self.address();

        if is_company {
            c.company = self.pick(COMPANIES).to_string();
            c.occupation = self.pick(COMPANY_ROLES).to_string();
            if let Some(company) = role.and_then(Role::company) {
                c.company = company.to_string();
            }
        } else {
            let (occupation, places) = self.pick(OCCUPATIONS);
            c.occupation = if age >= 62 && self.chance(0.7) {
                "退休".to_string()
            } else {
                occupation.to_string()
            };
            if !places.is_empty() && c.occupation != "退休" && self.chance(0.5) {
                c.company = self.pick(places).to_string();
            }
        }
        if self.chance(0.6) {
            c.preferred_channel = Some(match self.rng.random::<f64>() {
                r if r < 0.40 => ContactChannel::Phone,
                r if r < 0.82 => ContactChannel::SmsWechat,
                r if r < 0.94 => ContactChannel::Visit,
                _ => ContactChannel::Email,
            });
        }
        c.do_not_contact = spotlight.is_none() && self.chance(0.015) && role.is_none();

        // Dates that matter.
        c.birthday = match spotlight {
            Some(Spotlight::BirthdayToday) => self.upcoming(false, Some(birth_year), 0, 0),
            Some(Spotlight::SolarBirthdaySoon) => self.upcoming(false, Some(birth_year), 1, 14),
            Some(Spotlight::LunarBirthdaySoon) => self.upcoming(true, Some(birth_year), 1, 14),
            _ if self.chance(0.6) => {
                // Older people keep lunar birthdays more often; about a quarter overall.
                let lunar = self.chance(if age >= 55 { 0.35 } else { 0.18 });
                let year = if self.chance(if lunar { 0.7 } else { 0.8 }) {
                    Some(birth_year)
                } else {
                    None
                };
                self.yearly(lunar, year)
            }
            _ => None,
        };
        let wedding_year = (birth_year + self.range(22, 32) as i32).min(today.year());
        if spotlight == Some(Spotlight::AnniversarySoon) {
            c.anniversary = self.upcoming(false, Some(wedding_year), 1, 14);
        } else if age >= 25 && self.chance(0.2) {
            let lunar = self.chance(0.15);
            c.anniversary = self.yearly(lunar, Some(wedding_year));
        }
        if self.chance(0.4) || spotlight == Some(Spotlight::FamilyBirthdaySoon) {
            self.family(
                &mut c,
                surname,
                birth_year,
                spotlight == Some(Spotlight::FamilyBirthdaySoon),
            );
        }
        if self.chance(0.06) {
            let (label, lunar) = if is_company {
                (self.pick(&["开业纪念日", "店庆日"]), false)
            } else {
                self.pick(&[
                    ("乔迁纪念日", false),
                    ("入职纪念日", false),
                    ("父亲忌日", true),
                ])
            };
            let year =
                Some(self.range(i64::from(today.year()) - 15, i64::from(today.year()) - 1) as i32);
            if let Some(date) = self.yearly(lunar, year) {
                c.custom_dates.push(CustomDate {
                    label: label.to_string(),
                    date,
                });
            }
        }

        // Background and source.
        let source = match self.rng.random::<f64>() {
            _ if i == 0 => Some(Source::Reputation),
            r if r < 0.30 => Some(Source::Reputation),
            r if r < 0.55 => Some(Source::Referral),
            r if r < 0.65 => Some(Source::ColdContact),
            r if r < 0.75 => Some(Source::TradeFair),
            r if r < 0.90 => Some(Source::Online),
            r if r < 0.95 => Some(Source::Other),
            _ => None,
        };
        c.source = source;
        if source == Some(Source::Referral) && !self.ids.is_empty() {
            // Half the referrals come from a few early, loyal customers.
            let pool = if self.chance(0.5) {
                (self.ids.len() / 20).max(1)
            } else {
                self.ids.len()
            };
            let k = self.rng.random_range(0..pool);
            c.referred_by = Some(self.ids[k]);
            c.first_contact_place = format!("经老客户{}介绍来店", self.names[k]);
        } else {
            c.first_contact_place = match source {
                Some(Source::TradeFair) => format!("{}年家博会展位", joined.year()),
                Some(Source::Online) => self
                    .pick(&["抖音直播间", "美团店铺", "小区业主微信群", "淘宝店铺"])
                    .to_string(),
                Some(Source::ColdContact) => self
                    .pick(&["小区团购活动", "社区义诊摆摊", "上门派发传单"])
                    .to_string(),
                _ => self
                    .pick(&["门店", "门店", "电话咨询", "上门安装时"])
                    .to_string(),
            };
        }
        if self.chance(0.9) {
            c.first_contact_date = Some(joined);
        }
        let (needs, backgrounds) = if is_company {
            (COMPANY_NEEDS, COMPANY_BACKGROUNDS)
        } else {
            (NEEDS, BACKGROUNDS)
        };
        if self.chance(0.7) {
            c.needs = self.pick(needs).to_string();
            let more = self.pick(needs);
            if self.chance(0.3) && more != c.needs {
                c.needs = format!("{}；{more}", c.needs);
            }
        }
        if self.chance(0.4) {
            c.background = self.pick(backgrounds).to_string();
        }
        if self.chance(0.2) {
            c.notes = self.pick(NOTES).to_string();
        }

        // Class, credit, tags.
        c.class_computed = Some(match tier {
            Tier::A => CustomerClass::A,
            Tier::B => CustomerClass::B,
            Tier::C => CustomerClass::C,
        });
        if self.chance(0.02) {
            let manual = self.pick(&[CustomerClass::A, CustomerClass::B, CustomerClass::C]);
            if Some(manual) != c.class_computed && role.is_none() {
                c.class_override = Some(manual);
                let why = match manual {
                    CustomerClass::A => "手动定为A类：社区团购带头人，常介绍客户",
                    CustomerClass::B => "手动定为B类：单位采购负责人，潜力大",
                    CustomerClass::C => "手动定为C类：已搬去外地",
                };
                c.notes = if c.notes.is_empty() {
                    why.to_string()
                } else {
                    format!("{}；{why}", c.notes)
                };
            }
        }
        if is_company && self.chance(0.7) {
            c.credit_limit = Some(Money::from_yuan(self.range(2, 40) * 5_000));
        } else if tier != Tier::C && self.chance(0.08) {
            c.credit_limit = Some(Money::from_yuan(self.range(3, 20) * 1_000));
        }
        if spotlight.is_none() && i > 0 && self.chance(0.015) && role.is_none() {
            c.blacklisted = true;
            c.blacklist_reason = self.pick(BLACKLIST_REASONS).to_string();
            c.credit_limit = None;
        }
        match role {
            Some(Role::LongLarge) => c.credit_limit = Some(Money::from_yuan(150_000)),
            Some(Role::ShortLarge) => c.credit_limit = Some(Money::from_yuan(300_000)),
            Some(Role::Fraud) => {
                c.blacklisted = true;
                c.blacklist_reason = BLACKLIST_REASONS[2].to_string();
                c.credit_limit = None;
            }
            Some(_) => c.credit_limit = None,
            None => {}
        }
        if self.chance(0.03) {
            c.cadence_days = Some(self.pick(&[14, 30, 45, 60, 120, 180]));
        }
        let mut tags: Vec<&str> = Vec::new();
        if is_company {
            tags.push("企业客户");
        }
        if tier == Tier::A && self.chance(0.6) {
            tags.push("VIP");
        }
        if (today - joined).num_days() > 3 * 365 && self.chance(0.5) {
            tags.push("老客户");
        }
        if age >= 65 && self.chance(0.4) {
            tags.push("老人用户");
        }
        for _ in 0..self.range(0, 2) {
            let tag = self.pick(TAGS);
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        c.tags = tags.into_iter().map(str::to_string).collect();
        let since = (today - joined).num_days();
        let updated_day = add_days(joined, self.range(0, since));
        c.updated_at = self.at_shop_hours(updated_day).max(created_at);

        let id = w.customer(&c)?;
        self.report.customers += 1;
        self.report.family_members += c.family.len();
        self.ids.push(id);
        self.names.push(name);

        // What happened since: contacts, promises, sales and payments.
        let window_start = joined.max(add_days(today, -RECENT_DAYS));
        self.contacts(w, id, &c, window_start, spotlight)?;
        self.promises(w, id, window_start, is_company, spotlight)?;
        match role {
            Some(role) => self.role(w, id, role)?,
            None => self.sales(w, id, &c, tier, is_company, window_start, spotlight)?,
        }
        Ok(())
    }

    fn family(&mut self, c: &mut Customer, surname: &str, birth_year: i32, birthday_soon: bool) {
        let today = self.today;
        if self.chance(0.75) || birthday_soon {
            let spouse_gender = if c.gender == Gender::Female {
                Gender::Male
            } else {
                Gender::Female
            };
            let name = format!("{}{}", self.surname(), self.given_name(spouse_gender));
            let year = birth_year + self.range(-3, 3) as i32;
            let lunar = self.chance(0.3);
            let birthday = if birthday_soon {
                self.upcoming(lunar, Some(year), 3, 14)
            } else if self.chance(0.6) {
                let lunar = self.chance(0.2);
                self.yearly(lunar, Some(year))
            } else {
                None
            };
            let note = self
                .pick(&["", "", "也在本店买过东西", "做主买大件", "在外地工作"])
                .to_string();
            c.family.push(FamilyMember {
                relation: Relation::Spouse,
                name,
                birthday,
                note,
            });
        }
        for _ in 0..self.range(0, 2) {
            let year = birth_year + self.range(24, 34) as i32;
            if year > today.year() {
                continue;
            }
            let gender = if self.chance(0.5) {
                Gender::Male
            } else {
                Gender::Female
            };
            let name = format!("{surname}{}", self.given_name(gender));
            let lunar = self.chance(0.1);
            let birthday = if self.chance(0.8) {
                self.yearly(lunar, Some(year))
            } else {
                None
            };
            let note = match today.year() - year {
                a if a < 3 => "还在上幼儿园前",
                a if a < 7 => "在上幼儿园",
                a if a < 13 => "在读小学",
                a if a < 16 => "在读初中",
                a if a < 19 => "在读高中",
                a if a < 23 => "在读大学",
                _ => "已工作",
            };
            c.family.push(FamilyMember {
                relation: Relation::Child,
                name,
                birthday,
                note: note.to_string(),
            });
        }
        if self.chance(0.3) {
            let year = birth_year - self.range(22, 32) as i32;
            let (name, note) = if self.chance(0.5) {
                (
                    format!("{surname}{}", self.given_name(Gender::Male)),
                    "父亲",
                )
            } else {
                (
                    format!("{}{}", self.surname(), self.given_name(Gender::Female)),
                    "母亲",
                )
            };
            let birthday = if self.chance(0.7) {
                let lunar = self.chance(0.6);
                let year = if self.chance(0.7) { Some(year) } else { None };
                self.yearly(lunar, year)
            } else {
                None
            };
            let detail = self.pick(&["住在一起", "在老家", "身体不太好，家电要操作简单", ""]);
            let note = if detail.is_empty() {
                note.to_string()
            } else {
                format!("{note}，{detail}")
            };
            c.family.push(FamilyMember {
                relation: Relation::Parent,
                name,
                birthday,
                note,
            });
        }
    }

    fn contacts(
        &mut self,
        w: &mut BulkWriter<'_>,
        id: CustomerId,
        c: &Customer,
        window_start: NaiveDate,
        spotlight: Option<Spotlight>,
    ) -> Result<(), StoreError> {
        let today = self.today;
        let count = if c.do_not_contact {
            1
        } else {
            self.range(1, 6)
        };
        let mut times: Vec<NaiveDateTime> = (0..count)
            .map(|_| {
                let day = self.day_between(window_start, today);
                self.at_shop_hours(day)
            })
            .collect();
        // Most customers of a shop that keeps in touch were contacted within
        // the last couple of months; the rest have lapsed (the agenda's work).
        if !c.do_not_contact && self.chance(0.7) {
            let recent_start = add_days(today, -RECENT_CONTACT_DAYS).max(window_start);
            let day = self.day_between(recent_start, today);
            times.push(self.at_shop_hours(day));
        }
        // In time order, so the last one written is the newest in the log.
        times.sort();
        for (k, at) in times.iter().enumerate() {
            let last = k + 1 == times.len();
            let day = &at.date();
            let purpose = match self.rng.random::<f64>() {
                r if r < 0.30 => ContactPurpose::Greeting,
                r if r < 0.60 => ContactPurpose::AfterSales,
                r if r < 0.72 => ContactPurpose::Collection,
                r if r < 0.92 => ContactPurpose::Sales,
                _ => ContactPurpose::Other,
            };
            let (channel, summary, outcome) = self.contact_text(purpose);
            let mut next_contact = if !last && self.chance(0.2) {
                Some(add_days(*day, self.range(7, 60)))
            } else if last && !c.do_not_contact && self.chance(0.35) {
                Some(match self.rng.random::<f64>() {
                    r if r < 0.5 => add_days(today, self.range(1, 21)),
                    r if r < 0.75 => add_days(today, -self.range(1, 30)).max(add_days(*day, 1)),
                    _ => add_days(today, self.range(22, 90)),
                })
            } else {
                None
            };
            if last && spotlight == Some(Spotlight::NextContactSoon) {
                next_contact = Some(add_days(today, self.range(1, 14)));
            }
            let entry = ContactEntry {
                id: None,
                customer_id: id,
                at: *at,
                channel,
                purpose,
                summary: summary.to_string(),
                outcome: outcome.to_string(),
                referral_asked: self.chance(0.2),
                next_contact,
            };
            w.contact(&entry)?;
            self.report.contacts += 1;
        }
        Ok(())
    }

    fn contact_text(
        &mut self,
        purpose: ContactPurpose,
    ) -> (ContactChannel, &'static str, &'static str) {
        use ContactChannel::*;
        let options: &[(ContactChannel, &str, &str)] = match purpose {
            ContactPurpose::Greeting => &[
                (Phone, "春节电话拜年，顺便提醒空调清洗", "客户很高兴"),
                (SmsWechat, "生日发微信祝福", "客户回复感谢"),
                (Gift, "中秋节送月饼一盒", "客户表示感谢"),
                (LetterCard, "寄新年贺卡", "已寄出"),
                (SmsWechat, "端午节问候", "已读"),
                (Visit, "路过顺便上门问候", "聊了家里近况"),
            ],
            ContactPurpose::AfterSales => &[
                (Phone, "回访洗衣机使用情况，反映脱水有异响", "已约师傅上门"),
                (Phone, "询问净水器出水情况", "一切正常"),
                (Visit, "空调安装后上门回访", "满意"),
                (SmsWechat, "提醒滤芯到期更换", "约了周末上门"),
                (Phone, "冰箱保修期内回访", "使用正常"),
            ],
            ContactPurpose::Collection => &[
                (Phone, "提醒尾款到期", "客户答应月底前付清"),
                (Visit, "上门对账", "对方财务说下周安排付款"),
                (SmsWechat, "发送对账单", "已确认金额"),
                (Phone, "催收逾期货款", "未接通，改天再打"),
            ],
            ContactPurpose::Sales => &[
                (Phone, "介绍以旧换新活动", "有意换冰箱，下周来店看"),
                (SmsWechat, "推荐新款洗碗机", "说再考虑"),
                (Visit, "新房量尺寸，推荐全屋家电方案", "出了报价单"),
                (Email, "发送单位采购报价", "等领导审批"),
                (Phone, "通知店庆促销", "暂无需求"),
            ],
            ContactPurpose::Other => &[
                (Phone, "客户来电咨询电视挂架安装", "已解答"),
                (SmsWechat, "通知保修卡信息更新", "已读"),
                (Visit, "客户来店闲聊，问起空调移机", "约了报价"),
            ],
        };
        self.pick(options)
    }

    fn promises(
        &mut self,
        w: &mut BulkWriter<'_>,
        id: CustomerId,
        window_start: NaiveDate,
        is_company: bool,
        spotlight: Option<Spotlight>,
    ) -> Result<(), StoreError> {
        let today = self.today;
        let forced = match spotlight {
            Some(Spotlight::PromiseSoon) => {
                Some((Recurrence::Once, add_days(today, self.range(1, 14))))
            }
            Some(Spotlight::OverduePromise) => {
                Some((Recurrence::Once, add_days(today, -self.range(3, 30))))
            }
            Some(Spotlight::MonthlyPromise) => Some((
                Recurrence::MonthlyOnDay(10),
                add_days(today, -self.range(60, 300)).max(window_start),
            )),
            _ => None,
        };
        let count = if forced.is_some() {
            1
        } else if self.chance(0.18) {
            if self.chance(0.15) { 2 } else { 1 }
        } else {
            0
        };
        for k in 0..count {
            let (recurrence, first_due) = match forced.filter(|_| k == 0) {
                Some(f) => f,
                None => match self.rng.random::<f64>() {
                    r if r < 0.5 => (
                        Recurrence::Once,
                        self.day_between(window_start, add_days(today, 30)),
                    ),
                    r if r < 0.7 || (is_company && r < 0.8) => (
                        Recurrence::MonthlyOnDay(10),
                        self.day_between(window_start.max(add_days(today, -365)), today),
                    ),
                    _ => (
                        Recurrence::EveryMonths(6),
                        self.day_between(window_start, today),
                    ),
                },
            };
            let description = match recurrence {
                Recurrence::Once => self.pick(ONCE_PROMISES),
                Recurrence::MonthlyOnDay(_) => self.pick(MONTHLY_PROMISES),
                Recurrence::EveryMonths(_) => self.pick(HALF_YEAR_PROMISES),
            };
            let created_day =
                add_days(first_due.min(today), -self.range(0, 20)).max(window_start.min(first_due));
            let mut promise = ServicePromise {
                id: None,
                customer_id: id,
                description: description.to_string(),
                first_due,
                recurrence,
                ended: false,
                created_at: self.at_shop_hours(created_day),
                records: Vec::new(),
            };
            // Record the past occurrences: mostly kept, a few broken, and
            // sometimes the latest one still open (an overdue promise).
            let past: Vec<NaiveDate> = (0..240)
                .map_while(|n| promise.occurrence(n))
                .take_while(|d| *d < today)
                .collect();
            let leave_open =
                (spotlight == Some(Spotlight::OverduePromise) && k == 0) || self.chance(0.15);
            for (n, due) in past.iter().enumerate() {
                if leave_open && n + 1 == past.len() {
                    break;
                }
                let kept = self.chance(0.9);
                let recorded_day = add_days(*due, self.range(0, 2)).min(today);
                promise.records.push(PromiseRecord {
                    due: *due,
                    kept,
                    recorded_at: self.at_shop_hours(recorded_day),
                    note: if kept {
                        "已完成"
                    } else {
                        "客户临时有事，未能履约，已致歉"
                    }
                    .to_string(),
                });
            }
            if recurrence != Recurrence::Once
                && spotlight.is_none()
                && past.len() > 3
                && self.chance(0.1)
            {
                promise.ended = true;
            }
            w.promise(&promise)?;
            self.report.promises += 1;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn sales(
        &mut self,
        w: &mut BulkWriter<'_>,
        id: CustomerId,
        c: &Customer,
        tier: Tier,
        is_company: bool,
        window_start: NaiveDate,
        spotlight: Option<Spotlight>,
    ) -> Result<(), StoreError> {
        let today = self.today;
        let count = match tier {
            Tier::A => self.range(3, 6),
            Tier::B => self.range(1, 4),
            Tier::C => self.pick(&[0, 0, 1, 1, 1, 2, 2]),
        };
        let last_year = add_days(today, -365).max(window_start);
        let mut plans: Vec<(NaiveDate, Option<u32>)> = Vec::new();
        for _ in 0..count {
            let recent = self.chance(match tier {
                Tier::A => 0.8,
                Tier::B => 0.6,
                Tier::C => 0.4,
            });
            let date = if recent {
                self.day_between(last_year, today)
            } else {
                self.day_between(window_start, today)
            };
            let terms = match (is_company, self.rng.random::<f64>()) {
                (true, r) if r < 0.3 => None,
                (true, r) if r < 0.75 => Some(30),
                (true, _) => Some(60),
                (false, r) if r < 0.82 => None,
                (false, r) if r < 0.96 => Some(30),
                (false, _) => Some(60),
            };
            plans.push((date, terms));
        }
        if spotlight == Some(Spotlight::ReceivableSoon) {
            // A credit sale falling due in the coming two weeks, not yet paid.
            let due_in = self.range(1, 14);
            plans.push((add_days(today, due_in - 30).max(window_start), Some(30)));
        }
        if c.blacklisted {
            // The debt that got them blacklisted.
            let date = self.day_between(window_start, add_days(today, -120).max(window_start));
            plans.push((date, Some(30)));
        }
        for (k, (date, terms)) in plans.into_iter().enumerate() {
            let (product, low, high, _) = loop {
                let p = self.pick(PRODUCTS);
                let fits = match tier {
                    Tier::A => p.3 >= 2,
                    Tier::B => (1..=3).contains(&p.3),
                    Tier::C => p.3 <= 1,
                };
                if fits || self.chance(0.1) {
                    break p;
                }
            };
            // Prices end in 9 or 00, as shop prices do.
            let price = (self.range(low, high) / 100) * 100 + if self.chance(0.6) { 99 } else { 0 };
            let price = price.clamp(low, high);
            let quantity: u32 = match (tier, is_company) {
                (Tier::A, true) => self.range(1, 8) as u32,
                (_, true) => self.range(1, 3) as u32,
                _ if self.chance(0.08) => 2,
                _ => 1,
            };
            let mut amount_yuan = price * i64::from(quantity);
            let note = if self.chance(0.25) {
                self.pick(SALE_NOTES)
            } else {
                ""
            };
            if note.starts_with("以旧换新") {
                amount_yuan = (amount_yuan - 200).max(1);
            }
            self.sale_seq += 1;
            let sale = Sale {
                id: None,
                customer_id: id,
                number: Some(format!("XS{}-{:06}", date.year(), self.sale_seq)),
                date,
                product: product.to_string(),
                quantity,
                amount: Money::from_yuan(amount_yuan),
                due_date: due_date(date, None, terms),
                terms_days: terms,
                note: note.to_string(),
                created_at: self.at_shop_hours(date),
            };
            let sale_id = w.sale(&sale)?;
            self.report.sales += 1;
            // The forced sales (after the first `count`) stay unpaid.
            let paid = self.payments(w, id, sale_id, &sale, is_company, k >= count as usize)?;
            if !c.do_not_contact && !c.blacklisted {
                self.sold.push(SoldItem {
                    customer: id,
                    sale_id,
                    product,
                    date,
                    unit: Money::from_yuan(amount_yuan / i64::from(quantity)),
                    unpaid: Money(sale.amount.fen() - paid),
                });
            }
        }
        Ok(())
    }

    fn payments(
        &mut self,
        w: &mut BulkWriter<'_>,
        id: CustomerId,
        sale_id: i64,
        sale: &Sale,
        is_company: bool,
        unpaid: bool,
    ) -> Result<i64, StoreError> {
        if unpaid {
            return Ok(0);
        }
        let today = self.today;
        let total = sale.amount.fen();
        // Payment shares in percent; shares adding up to 100 settle the sale.
        let plan: &[i64] = if sale.terms_days.is_none() {
            match self.rng.random::<f64>() {
                r if r < 0.93 => &[100],
                r if r < 0.98 => &[30, 70], // deposit, then the rest
                _ => &[30],                 // deposit only: a small balance remains
            }
        } else if sale.due_date < today {
            match self.rng.random::<f64>() {
                r if r < 0.80 => &[100],
                r if r < 0.88 => &[50, 50],
                r if r < 0.94 => &[50],
                _ => &[],
            }
        } else {
            match self.rng.random::<f64>() {
                r if r < 0.30 => &[100],
                r if r < 0.50 => &[40],
                _ => &[],
            }
        };
        let settles = plan.iter().sum::<i64>() == 100;
        let mut paid = 0;
        let mut day = sale.date;
        for (k, share) in plan.iter().enumerate() {
            let amount = if settles && k + 1 == plan.len() {
                total - paid
            } else {
                // Partial payments in whole hundreds of yuan where possible.
                let raw = total * share / 100;
                if raw >= 10_000 {
                    raw / 10_000 * 10_000
                } else {
                    raw
                }
            };
            if amount <= 0 {
                break;
            }
            if k > 0 || sale.terms_days.is_some() {
                let latest = add_days(sale.due_date, self.range(-10, 20)).min(today);
                day = self.day_between(day, latest.max(day));
            }
            let method = if is_company && sale.terms_days.is_some() {
                "对公转账"
            } else {
                self.pick(PAY_METHODS)
            };
            let note = match (plan.len(), k) {
                (1, _) if *share == 100 => "",
                (_, 0) => "定金",
                _ => "尾款",
            };
            let payment = Payment {
                id: None,
                customer_id: id,
                sale_id: Some(sale_id),
                date: day,
                amount: Money(amount),
                method: method.to_string(),
                note: note.to_string(),
                created_at: self.at_shop_hours(day),
            };
            w.payment(&payment)?;
            self.report.payments += 1;
            paid += amount;
        }
        Ok(paid)
    }
}

// -- receivables and retention ------------------------------------------

impl Generator {
    /// A sale `days_ago` of `quantity` × `unit_yuan`, on `terms` days' credit
    /// (`None`: paid on the spot), not yet written.
    #[allow(clippy::too_many_arguments)]
    fn sale_at(
        &mut self,
        customer: CustomerId,
        days_ago: i64,
        product: &str,
        quantity: u32,
        unit_yuan: i64,
        terms: Option<u32>,
        note: &str,
    ) -> Sale {
        let date = add_days(self.today, -days_ago);
        self.sale_seq += 1;
        Sale {
            id: None,
            customer_id: customer,
            number: Some(format!("XS{}-{:06}", date.year(), self.sale_seq)),
            date,
            product: product.to_string(),
            quantity,
            amount: Money::from_yuan(unit_yuan * i64::from(quantity)),
            due_date: due_date(date, None, terms),
            terms_days: terms,
            note: note.to_string(),
            created_at: self.at_shop_hours(date),
        }
    }

    /// [`Generator::sale_at`], written.
    #[allow(clippy::too_many_arguments)]
    fn role_sale(
        &mut self,
        w: &mut BulkWriter<'_>,
        customer: CustomerId,
        days_ago: i64,
        product: &str,
        quantity: u32,
        unit_yuan: i64,
        terms: Option<u32>,
        note: &str,
    ) -> Result<Sale, StoreError> {
        let mut sale = self.sale_at(
            customer, days_ago, product, quantity, unit_yuan, terms, note,
        );
        sale.id = Some(w.sale(&sale)?);
        self.report.sales += 1;
        Ok(sale)
    }

    /// A payment `days_ago` for `sale` (`None`: on account).
    #[allow(clippy::too_many_arguments)]
    fn role_payment(
        &mut self,
        w: &mut BulkWriter<'_>,
        customer: CustomerId,
        sale: Option<&Sale>,
        days_ago: i64,
        amount: Money,
        method: &str,
        note: &str,
    ) -> Result<(), StoreError> {
        let date = add_days(self.today, -days_ago);
        w.payment(&Payment {
            id: None,
            customer_id: customer,
            sale_id: sale.and_then(|s| s.id),
            date,
            amount,
            method: method.to_string(),
            note: note.to_string(),
            created_at: self.at_shop_hours(date),
        })?;
        self.report.payments += 1;
        Ok(())
    }

    /// A sale paid in full on the day.
    #[allow(clippy::too_many_arguments)]
    fn paid_sale(
        &mut self,
        w: &mut BulkWriter<'_>,
        customer: CustomerId,
        days_ago: i64,
        product: &str,
        quantity: u32,
        unit_yuan: i64,
        method: &str,
    ) -> Result<(), StoreError> {
        let sale = self.role_sale(
            w, customer, days_ago, product, quantity, unit_yuan, None, "",
        )?;
        self.role_payment(w, customer, Some(&sale), days_ago, sale.amount, method, "")
    }

    /// An entry of the collection log `days_ago`, perhaps with a promise to
    /// pay `yuan` by `by_days_ago` (negative: in the future).
    #[allow(clippy::too_many_arguments)]
    fn chase(
        &mut self,
        w: &mut BulkWriter<'_>,
        customer: CustomerId,
        days_ago: i64,
        step: StepKind,
        who: &str,
        said: &str,
        promise: Option<(i64, i64)>,
    ) -> Result<(), StoreError> {
        let date = add_days(self.today, -days_ago);
        w.collection_entry(&LogEntry {
            id: None,
            customer_id: customer,
            date,
            step,
            who: who.to_string(),
            said: said.to_string(),
            promise: promise.map(|(by, yuan)| (add_days(self.today, -by), Money::from_yuan(yuan))),
            created_at: self.at_shop_hours(date),
        })?;
        self.report.collection_entries += 1;
        Ok(())
    }

    fn cause(
        &mut self,
        w: &mut BulkWriter<'_>,
        customer: CustomerId,
        days_ago: i64,
        cause: Cause,
        complaint_id: Option<i64>,
        note: &str,
    ) -> Result<(), StoreError> {
        let recorded_at = self.at_shop_hours(add_days(self.today, -days_ago));
        w.collection_cause(
            customer,
            &CauseRecord {
                cause,
                complaint_id,
                note: note.to_string(),
                recorded_at,
            },
        )
    }

    fn retention(
        &mut self,
        w: &mut BulkWriter<'_>,
        customer: CustomerId,
        days_ago: i64,
        reason: LeaveReason,
        attempt: &str,
        outcome: Outcome,
    ) -> Result<(), StoreError> {
        let date = add_days(self.today, -days_ago);
        w.retention_note(&RetentionNote {
            id: None,
            customer_id: customer,
            date,
            reason,
            attempt: attempt.to_string(),
            outcome,
            created_at: self.at_shop_hours(date),
        })?;
        self.report.retention_notes += 1;
        Ok(())
    }

    /// The sales, payments, collection log, cause and retention notes of a
    /// customer with a [`Role`], laid out around today.
    fn role(
        &mut self,
        w: &mut BulkWriter<'_>,
        id: CustomerId,
        role: Role,
    ) -> Result<(), StoreError> {
        use StepKind::{DemandLetter, Notice, Phone, Visit};
        const TRANSFER: &str = "对公转账";
        match role {
            Role::LongLarge => {
                self.paid_sale(w, id, 520, "电视", 12, 3_999, TRANSFER)?;
                self.paid_sale(w, id, 400, "电热水壶", 40, 129, TRANSFER)?;
                // The new wing: 24 air conditioners on 60 days, 100 days overdue.
                let wing = self.role_sale(
                    w,
                    id,
                    160,
                    "空调",
                    24,
                    7_500,
                    Some(60),
                    "新楼客房整体配套，含安装",
                )?;
                self.chase(
                    w,
                    id,
                    99,
                    Notice,
                    BOOKKEEPER,
                    "寄出逾期付款通知书，请酒店财务尽快安排付款。",
                    None,
                )?;
                self.chase(
                    w,
                    id,
                    93,
                    Phone,
                    MANAGER,
                    "给酒店老板打电话，说这阵子装修压了不少钱，答应一周内先付六万。",
                    Some((86, 60_000)),
                )?;
                self.role_payment(
                    w,
                    id,
                    Some(&wing),
                    88,
                    Money::from_yuan(60_000),
                    TRANSFER,
                    "首期货款",
                )?;
                // Televisions for the same wing, sold past the credit warning.
                let owed = Money::from_yuan(180_000);
                let tvs = self.sale_at(id, 100, "电视", 8, 7_000, Some(30), "店长确认超额度赊销");
                let warning = CreditWarning::OverLimit {
                    limit: Money::from_yuan(150_000),
                    owed,
                    after: owed + tvs.amount,
                };
                w.sale_confirmed(&tvs, &[warning], owed, tvs.created_at)?;
                self.report.sales += 1;
                self.report.credit_confirmations += 1;
                self.chase(
                    w,
                    id,
                    60,
                    Phone,
                    MANAGER,
                    "再次致电，对方说工程款还没结回来，答应半个月内把电视的钱付清。",
                    Some((45, 56_000)),
                )?;
                self.chase(
                    w,
                    id,
                    40,
                    DemandLetter,
                    MANAGER,
                    "发出催款函：限十五日内付清余款十七万六千元，逾期将依法追讨。",
                    None,
                )?;
                self.chase(
                    w,
                    id,
                    20,
                    Visit,
                    MANAGER,
                    "上门拜访，新楼已经开业，客房都住满了，财务还是说没钱，只肯再等等。",
                    None,
                )?;
                self.cause(
                    w,
                    id,
                    20,
                    Cause::WontPay,
                    None,
                    "酒店生意红火，却一拖再拖，属于有钱不还，下一步准备找律师。",
                )?;
            }
            Role::ShortLarge => {
                self.paid_sale(w, id, 300, "饮水机", 6, 899, TRANSFER)?;
                self.role_sale(w, id, 45, "空调", 16, 8_000, Some(30), "教室空调，含安装")?;
                self.role_sale(w, id, 10, "净水器", 10, 2_999, Some(30), "教学楼每层一台")?;
                self.chase(
                    w,
                    id,
                    14,
                    Notice,
                    BOOKKEEPER,
                    "微信提醒学校后勤：空调货款已到期，请安排付款。",
                    None,
                )?;
                self.chase(
                    w,
                    id,
                    8,
                    Phone,
                    BOOKKEEPER,
                    "后勤主任说付款申请已经报到教育局，下周五之前一定到账。",
                    Some((-4, 128_000)),
                )?;
            }
            Role::LongSmall => {
                self.paid_sale(w, id, 500, "微波炉", 1, 599, "微信")?;
                let fridge = self.role_sale(
                    w,
                    id,
                    80,
                    "冰箱",
                    1,
                    6_800,
                    Some(30),
                    "分期付款，30天内付清",
                )?;
                self.chase(
                    w,
                    id,
                    49,
                    Notice,
                    BOOKKEEPER,
                    "发短信提醒冰箱尾款已到期。",
                    None,
                )?;
                self.chase(
                    w,
                    id,
                    43,
                    Phone,
                    BOOKKEEPER,
                    "客户说孩子刚交了学费，手头有点紧，答应两周内先还一半。",
                    Some((30, 3_400)),
                )?;
                self.role_payment(
                    w,
                    id,
                    Some(&fridge),
                    33,
                    Money::from_yuan(3_400),
                    "微信",
                    "先还一半",
                )?;
                self.chase(
                    w,
                    id,
                    5,
                    Visit,
                    MANAGER,
                    "顺路上门坐了坐，客户很客气，说年底发了奖金就把剩下的结清。",
                    None,
                )?;
            }
            Role::ShortSmall => {
                self.paid_sale(w, id, 200, "电风扇", 2, 199, "现金")?;
                let washer = self.role_sale(w, id, 40, "洗衣机", 1, 2_399, Some(30), "")?;
                self.role_payment(
                    w,
                    id,
                    Some(&washer),
                    40,
                    Money::from_yuan(500),
                    "支付宝",
                    "定金",
                )?;
                self.chase(
                    w,
                    id,
                    9,
                    Notice,
                    BOOKKEEPER,
                    "发短信提醒：洗衣机尾款1899元已到期，方便时请来店结清。",
                    None,
                )?;
            }
            Role::Fraud => {
                self.role_sale(w, id, 210, "电视", 1, 5_299, Some(30), "送货上门")?;
                self.chase(
                    w,
                    id,
                    178,
                    Notice,
                    BOOKKEEPER,
                    "寄出的付款通知书被退回，写着“查无此人”。",
                    None,
                )?;
                self.chase(
                    w,
                    id,
                    170,
                    Phone,
                    BOOKKEEPER,
                    "登记的手机号一直关机，换号码打也是空号。",
                    None,
                )?;
                self.chase(
                    w,
                    id,
                    150,
                    Visit,
                    MANAGER,
                    "按登记的地址找上门，房东说从来没有这个人住过，地址是假的。",
                    None,
                )?;
                self.cause(
                    w,
                    id,
                    150,
                    Cause::Fraud,
                    None,
                    "留的地址和电话都是假的，赊了电视就找不到人，已拉黑并准备报案。",
                )?;
            }
            Role::Regular => {
                // A decoration firm buying for its jobs every month, until
                // ten weeks ago.
                let items = [
                    ("油烟机", 6, 2_499),
                    ("燃气灶", 8, 1_499),
                    ("热水器", 6, 2_199),
                    ("洗碗机", 3, 4_599),
                    ("净水器", 7, 1_999),
                ];
                for k in 0..11 {
                    let (product, quantity, unit) = items[k % items.len()];
                    let days_ago = 370 - 30 * k as i64;
                    self.paid_sale(w, id, days_ago, product, quantity, unit, TRANSFER)?;
                }
                self.retention(w, id, 20, LeaveReason::Competitor,
                    "听说他们改去建材市场新开的批发商拿货了。打电话送上年底工程价单，约了下周到公司面谈。",
                    Outcome::Pending)?;
            }
            Role::Dropping => {
                self.paid_sale(w, id, 170, "冰箱", 1, 6_799, "银行卡")?;
                self.paid_sale(w, id, 140, "空调", 2, 4_599, "银行卡")?;
                self.paid_sale(w, id, 100, "洗衣机", 1, 3_299, "微信")?;
                self.paid_sale(w, id, 30, "电饭煲", 1, 399, "微信")?;
                self.retention(w, id, 12, LeaveReason::Price,
                    "客户说网上同款便宜好几百。给他申请了老客户价，再送一年延保，客户答应以后还在店里买。",
                    Outcome::Retained)?;
            }
            Role::MovedAway => {
                self.paid_sale(w, id, 420, "热水器", 1, 1_899, "现金")?;
                self.paid_sale(w, id, 300, "吸尘器", 1, 899, "支付宝")?;
                self.paid_sale(w, id, 190, "空气净化器", 1, 1_599, "支付宝")?;
                self.retention(w, id, 60, LeaveReason::MovedAway, "", Outcome::Lost)?;
                self.retention(
                    w,
                    id,
                    58,
                    LeaveReason::MovedAway,
                    "客户全家搬去外地了。把当地合作门店的电话给了他，以后保修可以在那边办。",
                    Outcome::Lost,
                )?;
            }
        }
        Ok(())
    }

    /// The customer of the oldest case still open after a week will not pay
    /// until it is settled: an overdue credit sale, a phone call and the cause.
    fn dissatisfied(&mut self, w: &mut BulkWriter<'_>) -> Result<(), StoreError> {
        let week_ago = add_days(self.today, -7);
        let Some(&(case, customer, received)) = self
            .open_cases
            .iter()
            .filter(|(_, _, day)| *day < week_ago)
            .min_by_key(|(id, _, day)| (*day, *id))
        else {
            return Ok(());
        };
        let since = (self.today - received).num_days();
        self.role_sale(
            w,
            customer,
            since + 40,
            "油烟机",
            1,
            3_299,
            Some(30),
            "含安装",
        )?;
        self.chase(
            w,
            customer,
            since - 2,
            StepKind::Phone,
            BOOKKEEPER,
            "打电话提醒油烟机的货款，客户说投诉的事还没解决，解决之前一分钱也不付。",
            None,
        )?;
        self.cause(
            w,
            customer,
            since - 2,
            Cause::Dissatisfied,
            Some(case),
            "对售后处理不满意，等投诉结案后再谈付款。",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::OccasionKind;
    use crate::domain::complaint::{ComplaintStatus, Step};
    use crate::domain::phone::{Phone, PhoneKind};
    use crate::domain::promise::PromiseStatus;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn demo(n: usize, seed: u64) -> (Store, DemoReport) {
        let mut store = Store::open_in_memory().unwrap();
        let report = generate(
            &mut store,
            &DemoOptions {
                customers: n,
                seed,
                today: today(),
            },
        )
        .unwrap();
        (store, report)
    }

    #[test]
    fn every_card_is_valid_and_mobiles_are_unique() {
        let (store, report) = demo(400, 3);
        assert_eq!(report.customers, 400);
        assert_eq!(store.customer_count().unwrap(), 400);
        let mut mobiles = HashSet::new();
        let mut family = 0;
        for s in store.customer_summaries().unwrap() {
            let c = store.customer(s.id).unwrap().unwrap();
            assert!(
                c.validate().is_empty(),
                "card {} {:?}: {:?}",
                c.name,
                c.id,
                c.validate()
            );
            assert_eq!(Phone::parse(&c.mobile).unwrap().kind(), PhoneKind::Mobile);
            assert!(
                mobiles.insert(c.mobile.clone()),
                "duplicate mobile {}",
                c.mobile
            );
            if let Some(r) = c.referred_by {
                assert!(r < s.id, "referrer {r} is not earlier than {}", s.id);
            }
            assert!(c.created_at.date() <= today() && c.updated_at >= c.created_at);
            family += c.family.len();
        }
        assert_eq!(family, report.family_members);
        assert!(store.check().unwrap().is_empty());
        assert_eq!(
            store.setting(keys::SHOP_NAME).unwrap().as_deref(),
            Some(SHOP_NAME)
        );
        assert_eq!(store.setting(keys::DEMO).unwrap().as_deref(), Some("1"));
    }

    #[test]
    fn the_mix_looks_like_a_real_shop() {
        let (store, report) = demo(2000, 11);
        let summaries = store.customer_summaries().unwrap();
        let share = |f: &dyn Fn(&crate::store::customers::CustomerSummary) -> bool| {
            summaries.iter().filter(|s| f(s)).count() as f64 / summaries.len() as f64
        };
        let a = share(&|s| s.class == CustomerClass::A && !s.class_is_manual);
        let c = share(&|s| s.class == CustomerClass::C && !s.class_is_manual);
        assert!((0.06..0.14).contains(&a), "A share {a}");
        assert!((0.62..0.78).contains(&c), "C share {c}");
        let blacklisted = share(&|s| s.blacklisted);
        assert!(
            (0.003..0.03).contains(&blacklisted),
            "blacklisted {blacklisted}"
        );
        assert!(share(&|s| s.referrals > 0) > 0.02);
        assert!(
            share(&|s| s.balance.fen() > 0) > 0.03,
            "some customers owe money"
        );
        assert!(share(&|s| s.class_is_manual) > 0.0);
        assert!(share(&|s| !s.company.is_empty()) > 0.05);
        assert!(report.contacts >= report.customers && report.contacts <= 6 * report.customers);
        assert!(report.sales > report.customers / 2 && report.payments > report.sales / 2);

        // Lunar birthdays, with leap-month and day-30 cases among them.
        let cards: Vec<Customer> = summaries
            .iter()
            .map(|s| store.customer(s.id).unwrap().unwrap())
            .collect();
        let birthdays: Vec<YearlyDate> = cards.iter().filter_map(|c| c.birthday).collect();
        let with = birthdays.len() as f64 / cards.len() as f64;
        assert!((0.5..0.7).contains(&with), "birthday share {with}");
        let lunar: Vec<LunarDate> = birthdays
            .iter()
            .filter_map(|b| {
                if let YearlyDate::Lunar(l) = b {
                    Some(*l)
                } else {
                    None
                }
            })
            .collect();
        let lunar_share = lunar.len() as f64 / birthdays.len() as f64;
        assert!(
            (0.15..0.40).contains(&lunar_share),
            "lunar share {lunar_share}"
        );
        assert!(lunar.iter().any(|l| l.is_leap() && l.year().is_some()));
        assert!(lunar.iter().any(|l| l.day() == 30));
        assert!(lunar.iter().any(|l| l.is_chuxi()));
        assert!(lunar.iter().any(|l| l.year().is_none()));
        let family_lunar = cards
            .iter()
            .flat_map(|c| &c.family)
            .filter(|m| m.birthday.is_some_and(|b| b.is_lunar()));
        assert!(family_lunar.count() > 0);
        assert!(cards.iter().any(|c| !c.custom_dates.is_empty()));
        assert!(cards.iter().any(|c| c.anniversary.is_some()));
    }

    #[test]
    fn the_coming_two_weeks_are_never_empty() {
        // Even a tiny demo has birthdays, promises and follow-ups coming up.
        for seed in [1, 2, 99] {
            let (store, _) = demo(12, seed);
            let soon = |d: NaiveDate| d >= today() && (d - today()).num_days() <= 14;
            let mut birthdays = 0;
            let mut lunar_birthdays = 0;
            let mut family_birthdays = 0;
            let mut next_contacts = 0;
            let mut promises_soon = 0;
            let mut overdue = 0;
            let mut due_soon = 0;
            for s in store.customer_summaries().unwrap() {
                let c = store.customer(s.id).unwrap().unwrap();
                if let Some(b) = c
                    .birthday
                    .filter(|b| b.next_occurrence(today()).is_some_and(soon))
                {
                    birthdays += 1;
                    lunar_birthdays += usize::from(b.is_lunar());
                }
                family_birthdays += c
                    .family
                    .iter()
                    .filter(|m| {
                        m.birthday
                            .is_some_and(|b| b.next_occurrence(today()).is_some_and(soon))
                    })
                    .count();
                let log = store.contacts_for(s.id).unwrap();
                if crate::domain::contact::next_contact_date(&log).is_some_and(soon) {
                    next_contacts += 1;
                }
                for p in store.promises_for(s.id).unwrap() {
                    match p.status(today()) {
                        PromiseStatus::Overdue(_) => overdue += 1,
                        PromiseStatus::Upcoming(d) | PromiseStatus::DueToday(d) if soon(d) => {
                            promises_soon += 1
                        }
                        _ => {}
                    }
                }
                let paid: std::collections::HashSet<i64> = store
                    .payments_for(s.id)
                    .unwrap()
                    .iter()
                    .filter_map(|p| p.sale_id)
                    .collect();
                due_soon += store
                    .sales_for(s.id)
                    .unwrap()
                    .iter()
                    .filter(|sale| soon(sale.due_date) && !paid.contains(&sale.id.unwrap()))
                    .count();
            }
            assert!(birthdays >= 3, "seed {seed}: {birthdays} birthdays");
            assert!(lunar_birthdays >= 1, "seed {seed}");
            assert!(family_birthdays >= 1, "seed {seed}");
            assert!(next_contacts >= 1, "seed {seed}");
            assert!(promises_soon >= 1, "seed {seed}");
            assert!(overdue >= 1, "seed {seed}");
            assert!(due_soon >= 1, "seed {seed}");
        }
    }

    #[test]
    fn same_seed_same_shop_other_seed_other_shop() {
        let names = |seed| {
            let (store, report) = demo(60, seed);
            (store.customer_summaries().unwrap(), report)
        };
        assert_eq!(names(5), names(5));
        assert_ne!(names(5).0, names(6).0);
    }

    #[test]
    fn the_demo_has_six_months_of_feedback_with_replies_waiting() {
        let (store, report) = demo(30, 4);
        assert_eq!(report.feedback_responses, 60);
        let cards = store.feedback_cards().unwrap();
        assert_eq!(cards.len(), 2);
        let mut replied = 0;
        for card in &cards {
            assert!(card.validate().is_empty(), "{card:?}");
            let responses = store.feedback_responses(card.id.unwrap()).unwrap();
            for r in &responses {
                assert!(r.validate(card).is_empty(), "{r:?}");
                assert!(r.date <= today() && (today() - r.date).num_days() <= 182);
                replied += usize::from(r.reply.is_some());
            }
            // Every one of the six months has answers.
            let last = crate::domain::feedback::Month::of(today());
            let trend = store
                .feedback_trend(card.id.unwrap(), last.back(5), last)
                .unwrap();
            assert!(trend.iter().all(|m| m.questions[0].count > 0), "{trend:?}");
        }
        assert!(replied >= 1);
        let waiting = store.open_feedback_replies().unwrap();
        assert!(waiting.len() >= 2, "{waiting:?}");
        assert!(waiting.iter().all(|t| !t.response.name.is_empty()));
    }

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

    #[test]
    fn receivables_have_every_quadrant_and_bucket_promises_causes_and_limits() {
        use crate::domain::receivables::aging::{AgingRules, Quadrant};
        use crate::domain::receivables::ladder::PromiseState;
        for (n, seed) in [(300, 1), (60, 7)] {
            let (store, report) = demo(n, seed);
            let rules = AgingRules::default();
            let aging = store.aging(today(), &rules).unwrap();
            for (q, total) in Quadrant::ALL.iter().zip(&aging.quadrants) {
                assert!(total.customers > 0, "{n}: no customer in {q:?}");
            }
            for (code, total) in rules.edges.codes().iter().zip(&aging.totals) {
                assert!(total.is_positive(), "{n}: bucket {code} is empty");
            }
            let mut states = Vec::new();
            for row in &aging.rows {
                for p in store.promises_to_pay(row.customer_id, today()).unwrap() {
                    states.push(p.state);
                }
            }
            for state in [
                PromiseState::Kept,
                PromiseState::Broken,
                PromiseState::Pending,
            ] {
                assert!(states.contains(&state), "{n}: no {state:?} promise");
            }
            let over = store.customers_over_limit().unwrap();
            assert!(!over.is_empty(), "{n}: nobody over the limit");

            let rows = store
                .collection_rows(&aging, &store.ladder().unwrap())
                .unwrap();
            let causes: Vec<Cause> = rows.iter().filter_map(|r| r.cause).collect();
            for cause in [Cause::WontPay, Cause::Dissatisfied, Cause::Fraud] {
                assert!(causes.contains(&cause), "{n}: no {cause:?}");
            }
            let summaries = store.customer_summaries().unwrap();
            let blacklisted = |id| summaries.iter().any(|s| s.id == id && s.blacklisted);
            let fraud = rows.iter().find(|r| r.cause == Some(Cause::Fraud)).unwrap();
            assert!(blacklisted(fraud.customer_id), "the fraud is blacklisted");
            let unhappy = rows
                .iter()
                .find(|r| r.cause == Some(Cause::Dissatisfied))
                .unwrap();
            let record = store
                .collection_cause(unhappy.customer_id)
                .unwrap()
                .unwrap();
            let case = store
                .complaint(record.complaint_id.expect("linked"))
                .unwrap();
            assert_eq!(case.customer_id, unhappy.customer_id);
            assert!(
                rows.iter()
                    .any(|r| r.last_entry.is_some() && r.position.reached.is_some()),
                "{n}: the ladder has been climbed"
            );
            let confirmed = over
                .iter()
                .flat_map(|(id, ..)| store.credit_confirmations(*id).unwrap())
                .count();
            assert!(confirmed >= 1, "{n}: no sale confirmed past a warning");
            assert!(report.collection_entries >= 10 && report.credit_confirmations == 1);
        }
    }

    #[test]
    fn drifting_customers_lead_with_an_a_class_regular_and_classes_follow_pareto() {
        use crate::domain::retention::Signal;
        let (store, report) = demo(300, 1);
        let drifting = store.drifting(today()).unwrap();
        assert!(!drifting.is_empty());
        assert_eq!(drifting[0].class, CustomerClass::A, "{:?}", drifting[0]);
        let has = |f: &dyn Fn(&Signal) -> bool| drifting.iter().any(|d| d.signals.iter().any(f));
        assert!(has(&|s| matches!(s, Signal::Overdue { .. })));
        assert!(has(&|s| matches!(s, Signal::Drop { .. })));
        assert!(has(&|s| matches!(s, Signal::OpenComplaint { .. })));
        assert!(
            drifting.iter().any(|d| d.class == CustomerClass::A
                && d.last_note.is_some()
                && d.signals
                    .iter()
                    .any(|s| matches!(s, Signal::Overdue { .. }))),
            "an A-class regular overdue with a retention attempt"
        );

        let mut summaries = store.customer_summaries().unwrap();
        summaries.sort_by_key(|s| s.id);
        let notes: Vec<RetentionNote> = summaries
            .iter()
            .flat_map(|s| store.retention_notes(s.id).unwrap())
            .collect();
        assert_eq!(notes.len(), report.retention_notes);
        for reason in [
            LeaveReason::Price,
            LeaveReason::MovedAway,
            LeaveReason::Competitor,
        ] {
            assert!(notes.iter().any(|n| n.reason == reason), "{reason:?}");
        }
        for outcome in [Outcome::Pending, Outcome::Retained, Outcome::Lost] {
            assert!(notes.iter().any(|n| n.outcome == outcome), "{outcome:?}");
        }

        // The cards' classes are the Pareto rule's, overrides kept.
        let abc = store.abc_report(today()).unwrap();
        assert_eq!(abc.len(), summaries.len());
        for (row, s) in abc.iter().zip(&summaries) {
            assert_eq!(row.customer_id, s.id);
            assert_eq!(row.class(), s.class, "{}", s.name);
            assert_eq!(row.manual.is_some(), s.class_is_manual);
        }
        assert!(summaries.iter().any(|s| s.class_is_manual));
    }

    #[test]
    fn an_empty_demo_still_sets_the_shop_name() {
        let (store, report) = demo(0, 1);
        assert_eq!(report, DemoReport::default());
        assert_eq!(
            store.setting(keys::SHOP_NAME).unwrap().as_deref(),
            Some(SHOP_NAME)
        );
    }
}
