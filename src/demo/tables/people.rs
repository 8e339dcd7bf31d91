//! Word lists for the demo's people and their cards: names, companies,
//! occupations, Hangzhou addresses, mobile prefixes, tags and the phrases
//! a card's needs, background and notes are drawn from.

#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
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
pub const TOP_SURNAMES: usize = 10;
#[rustfmt::skip]
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方",
];

#[rustfmt::skip]
pub const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "洋", "建", "国",
    "志", "文", "海", "峰", "成", "东", "亮", "庆", "振", "永", "春", "晓", "德", "新", "兵", "忠",
    "福", "荣", "顺", "祥", "红", "卫", "民", "金", "良",
];
#[rustfmt::skip]
pub const FEMALE_GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英", "玲", "桂", "兰", "红", "梅", "琳",
    "燕", "萍", "雪", "倩", "婷", "慧", "颖", "佳", "琴", "云", "莉", "丹", "洁", "欣", "怡", "瑶",
    "悦", "雯", "晶", "璐", "蕾", "凤", "华", "春", "晓", "珍", "荣", "淑", "娥", "翠", "美", "月",
    "小", "亚", "薇",
];

/// Whole given names that are common as such, drawn part of the time
/// instead of free combinations of the characters above.
#[rustfmt::skip]
pub const MALE_NAMES: &[&str] = &[
    "建国", "志强", "建军", "国强", "海波", "晓东", "文杰", "俊杰", "子豪", "浩然", "宇轩", "明辉",
    "建华", "永强", "德明", "振华", "立新", "卫东", "春生", "宏伟", "家豪", "志明", "金龙", "庆华",
];
#[rustfmt::skip]
pub const FEMALE_NAMES: &[&str] = &[
    "秀英", "桂英", "丽娟", "海燕", "晓燕", "雅婷", "欣怡", "梓涵", "诗涵", "美玲", "春梅", "淑芬",
    "玉兰", "红梅", "慧敏", "婷婷", "静怡", "佳怡", "丽华", "凤英", "晓红", "秀兰", "雪梅", "丽萍",
];

#[rustfmt::skip]
pub const COMPANIES: &[&str] = &[
    "华联超市", "明德小学", "红星幼儿园", "永辉物业", "鸿运大酒店", "同仁诊所", "新华书店城东店",
    "阳光养老院", "金鼎餐饮", "东方建材", "恒通物流", "育才中学", "福满楼饭店", "康泰大药房",
    "蓝天驾校", "宏达装饰公司", "兴隆五金", "万家乐餐厅", "金桥宾馆", "春晖培训学校", "瑞丰食品厂",
    "嘉禾美容院", "天成汽修", "和平社区卫生站",
];
#[rustfmt::skip]
pub const COMPANY_ROLES: &[&str] = &[
    "采购", "后勤主管", "店长", "老板", "行政", "总务", "办公室主任", "财务",
];

/// Occupation and where such people work (empty: self-employed or none).
pub const OCCUPATIONS: &[(&str, &[&str])] = &[
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
pub const DISTRICTS: &[&str] = &[
    "上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区",
];
#[rustfmt::skip]
pub const ROADS: &[&str] = &[
    "文一路", "文二路", "莫干山路", "延安路", "解放路", "庆春路", "凤起路", "建国路", "体育场路",
    "江南大道", "市心路", "临平大道", "古墩路", "学院路", "德胜路",
];
#[rustfmt::skip]
pub const COMMUNITIES: &[&str] = &[
    "阳光小区", "金色家园", "翠苑一区", "朝晖七区", "华家池小区", "绿城桂花园", "和睦新村",
    "东方花园", "幸福里", "南苑新村", "锦绣江南", "采荷新村",
];

#[rustfmt::skip]
pub const MOBILE_PREFIXES: &[u64] = &[
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159,
    166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199,
];

#[rustfmt::skip]
pub const TAGS: &[&str] = &[
    "团购", "装修中", "以旧换新", "价格敏感", "需上门安装", "微信活跃", "回头客",
];

pub const NEEDS: &[&str] = &[
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
pub const COMPANY_NEEDS: &[&str] = &[
    "单位批量采购，要求开增值税发票",
    "要求统一安装、统一保修",
    "月结付款，需要每月对账",
    "食堂厨房设备需要定期保养",
    "希望节假日也能上门维修",
];
pub const COMPANY_BACKGROUNDS: &[&str] = &[
    "单位负责采购，每年年底集中采购",
    "采购要走审批流程，决策人是老板",
    "连锁单位，另有两家分店",
];
pub const BACKGROUNDS: &[&str] = &[
    "夫妻都是双职工，孩子在读初中",
    "在附近开小饭馆",
    "退休后帮子女带孙子",
    "刚结婚，租房住，明年买房",
    "家里三代同堂",
    "常在业主群里推荐好店",
    "老家在外地，逢年过节回老家",
    "做生意，白天忙，晚上方便联系",
];
pub const NOTES: &[&str] = &[
    "周末才方便上门",
    "只接受微信联系",
    "送货需提前电话，电梯小",
    "喜欢聊家常，回访时多问问孙子",
    "上次安装师傅迟到，客户有些不满，已道歉",
    "小区车辆难进，送货走东门",
    "付款爽快",
];
pub const BLACKLIST_REASONS: &[&str] = &[
    "拖欠货款超过一年，多次催收无果",
    "恶意退货，商品人为损坏后要求退款",
    "留假地址，赊销后联系不上",
    "开具空头支票",
];

/// Free e-mail domains besides QQ.
pub const EMAIL_DOMAINS: &[&str] = &["163.com", "126.com", "sina.com", "139.com"];

/// Where a customer who came on their own first met the shop, by source.
pub const ONLINE_PLACES: &[&str] = &["抖音直播间", "美团店铺", "小区业主微信群", "淘宝店铺"];
pub const COLD_CONTACT_PLACES: &[&str] = &["小区团购活动", "社区义诊摆摊", "上门派发传单"];
pub const OTHER_PLACES: &[&str] = &["门店", "门店", "电话咨询", "上门安装时"];

/// Custom dates on a company's card.
pub const COMPANY_DATES: &[&str] = &["开业纪念日", "店庆日"];
/// Custom dates on a person's card, and whether each is kept in the lunar
/// calendar.
pub const PERSONAL_DATES: &[(&str, bool)] = &[
    ("乔迁纪念日", false),
    ("入职纪念日", false),
    ("父亲忌日", true),
];

/// Notes on a spouse (empty: none).
pub const SPOUSE_NOTES: &[&str] = &["", "", "也在本店买过东西", "做主买大件", "在外地工作"];
/// What is said about a parent besides who they are (empty: nothing).
pub const PARENT_DETAILS: &[&str] = &["住在一起", "在老家", "身体不太好，家电要操作简单", ""];
/// A child's note by age: the first entry whose age bound the child is
/// under; older children have `GROWN_CHILD`.
pub const CHILD_NOTES: &[(i32, &str)] = &[
    (3, "还在上幼儿园前"),
    (7, "在上幼儿园"),
    (13, "在读小学"),
    (16, "在读初中"),
    (19, "在读高中"),
    (23, "在读大学"),
];
pub const GROWN_CHILD: &str = "已工作";

/// Why a card's class was set by hand, by the class chosen: A, B, C.
pub const MANUAL_CLASS_REASONS: [&str; 3] = [
    "手动定为A类：社区团购带头人，常介绍客户",
    "手动定为B类：单位采购负责人，潜力大",
    "手动定为C类：已搬去外地",
];

/// How a stranger who leaves a name on a feedback card is addressed.
pub const TITLES: &[&str] = &["先生", "女士"];
