//! Greetings for occasions: a template per occasion kind and language with
//! placeholders the shop edits in Settings, the defaults it starts from,
//! and how a customer is addressed.
//!
//! Placeholders: `{name}` (how the customer is addressed, e.g. 张女士),
//! `{title}` (the occasion in words: 生日, a custom date's label, the
//! promise), `{festival}` (a calendar day's name, e.g. 中秋节), `{shop}`
//! (the shop's name) and `{age}` (the age turned or an anniversary's years;
//! empty when unknown). Anything else in braces is left as written.
//!
//! Unlike the rest of the domain, this module holds wording: the default
//! templates are the texts a shop sends, not labels of the interface.

use chrono::Datelike;

use super::agenda::{Detail, Occasion};
use super::kind::OccasionKind;
use crate::domain::customer::{Gender, Relation};

/// The values a template's placeholders are filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GreetingContext {
    pub name: String,
    pub title: String,
    pub festival: String,
    pub shop: String,
    pub age: Option<i32>,
}

/// Fills the placeholders of `template` from `ctx`. An unknown placeholder
/// (or a lone brace) is kept as written; `{age}` is empty when the age is
/// unknown.
pub fn fill(template: &str, ctx: &GreetingContext) -> String {
    let age = ctx.age.map(|a| a.to_string()).unwrap_or_default();
    let values: [(&str, &str); 5] = [
        ("{name}", &ctx.name),
        ("{title}", &ctx.title),
        ("{festival}", &ctx.festival),
        ("{shop}", &ctx.shop),
        ("{age}", &age),
    ];
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        match values.iter().find(|(key, _)| rest.starts_with(key)) {
            Some((key, value)) => {
                out.push_str(value);
                rest = &rest[key.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Two-character surnames, in simplified and traditional writing; any other
/// name's surname is its first character.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "独孤", "司空", "南宫", "西门", "端木", "钟离", "呼延", "澹台", "申屠",
    "赫连", "闻人", "歐陽", "司馬", "諸葛", "東方", "尉遲", "公孫", "長孫", "軒轅", "獨孤", "鍾離",
];

/// How to address a customer. Chinese: the surname and 先生 or 女士 (张伟 →
/// 张先生, 欧阳娜娜 → 欧阳女士); a name not written in Chinese characters
/// keeps its whole form (Anna 女士 → Anna女士). English: "Mr. " or "Ms. "
/// and the name. With the gender unknown, the plain name in both.
pub fn form_of_address(name: &str, gender: Gender, chinese: bool) -> String {
    let name = name.trim();
    let honorific = match (gender, chinese) {
        (Gender::Unknown, _) => return name.to_string(),
        _ if name.is_empty() => return String::new(),
        (Gender::Male, true) => "先生",
        (Gender::Female, true) => "女士",
        (Gender::Male, false) => return format!("Mr. {name}"),
        (Gender::Female, false) => return format!("Ms. {name}"),
    };
    let surname = match name.chars().next() {
        Some(first) if is_han(first) => COMPOUND_SURNAMES
            .iter()
            .find(|s| name.starts_with(*s))
            .copied()
            .unwrap_or(&name[..first.len_utf8()]),
        _ => name,
    };
    format!("{surname}{honorific}")
}

/// Whether `c` is a Chinese character (the unified ideograph blocks).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// The template a shop starts from for `kind`. Statutory days share the
/// festival greeting.
pub fn default_template(kind: OccasionKind, chinese: bool) -> &'static str {
    use OccasionKind as K;
    if chinese {
        match kind {
            K::Birthday => {
                "{name}，生日快乐！感谢您一直以来对小店的照顾，祝您新的一岁身体健康、万事顺心！——{shop}"
            }
            K::FamilyBirthday => {
                "{name}您好！值此{title}之际，祝寿星生日快乐、健康平安，也祝您全家幸福美满！——{shop}"
            }
            K::Anniversary => "{name}您好！祝您和爱人结婚纪念日快乐，恩恩爱爱、幸福长久！——{shop}",
            K::CustomDate => {
                "{name}您好！在{title}这个特别的日子，祝您心想事成、一切顺利！——{shop}"
            }
            K::Festival | K::HolidayOff | K::HolidayWorkday => {
                "{name}您好！{festival}到了，感谢您一直以来对小店的支持，祝您和家人节日安康、万事如意！——{shop}"
            }
            K::SolarTerm => {
                "{name}您好！{festival}到了，天气变化大，记得照顾好身体，祝您健康顺意！——{shop}"
            }
            K::Observance => "{name}您好！{festival}快乐！祝您生活美满、事事顺心！——{shop}",
            K::CadenceDue => {
                "{name}您好！好久没联系了，最近一切都好吗？之前买的东西用着还顺手吗？有什么需要随时找我。——{shop}"
            }
            K::NextContact => {
                "{name}您好！之前说好这几天跟您联系，想问问您最近用得怎么样，有什么需要我帮忙的吗？——{shop}"
            }
            K::Promise => {
                "{name}您好！之前答应您的“{title}”快到时间了，您看哪天方便？我来安排。——{shop}"
            }
            K::ComplaintFollowUp => {
                "{name}您好！上次给您添麻烦了。想问问问题解决后，现在用着还好吗？还有什么不满意的地方请直接告诉我。——{shop}"
            }
            K::CollectionStep => {
                "{name}您好！打扰了。您在小店还有{title}已经过了约定的付款日期，麻烦您抽空核对一下并安排付款；如果有什么不方便或疑问，欢迎随时跟我说。谢谢您的理解！——{shop}"
            }
            K::ReceivableDue => {
                "{name}您好！温馨提醒一下：您在小店的{title}，方便的时候麻烦您安排一下。如已付款请忽略，谢谢您的支持！——{shop}"
            }
        }
    } else {
        match kind {
            K::Birthday => {
                "Happy birthday, {name}! Thank you for being such a loyal customer. Wishing you good health and a wonderful year ahead. — {shop}"
            }
            K::FamilyBirthday => {
                "Hi {name}, warm wishes on {title}! Happy birthday to them, and all the best to your whole family. — {shop}"
            }
            K::Anniversary => {
                "Hi {name}, happy anniversary to you and your partner! Wishing you many more happy years together. — {shop}"
            }
            K::CustomDate => {
                "Hi {name}, best wishes on {title}! Hope everything goes well for you. — {shop}"
            }
            K::Festival | K::HolidayOff | K::HolidayWorkday => {
                "Happy {festival}! Thank you for your support this year. Wishing you and your family good health and every happiness. — {shop}"
            }
            K::SolarTerm => {
                "{festival} is here and the season is turning. Take good care of yourself and stay well! — {shop}"
            }
            K::Observance => "Happy {festival}! Wishing you all the best. — {shop}",
            K::CadenceDue => {
                "Hi {name}, it's been a while! Hope all is well. Is everything you got from us working out? Just message me if you need anything. — {shop}"
            }
            K::NextContact => {
                "Hi {name}, following up as we planned. How is everything going? Let me know if there's anything I can help with. — {shop}"
            }
            K::Promise => {
                "Hi {name}, it's almost time for the {title} we promised you. When would suit you? I'll arrange it. — {shop}"
            }
            K::ComplaintFollowUp => {
                "Hi {name}, sorry again for the trouble you had. Is everything working well now that it's been sorted out? If anything still isn't right, just tell me. — {shop}"
            }
            K::CollectionStep => {
                "Hi {name}, sorry to bother you. Our records show {title} is now past the agreed payment date. Could you check it and arrange payment when you can? If anything is unclear or difficult, just let me know. Thank you! — {shop}"
            }
            K::ReceivableDue => {
                "Hi {name}, a friendly reminder that {title} is coming up soon. Please arrange it when convenient, and ignore this if it's already done. Thank you for your business! — {shop}"
            }
        }
    }
}

/// The placeholders' values for `occasion`: the customer addressed by
/// [`form_of_address`], the occasion in words in the chosen language, the
/// calendar day's name for a calendar-wide item, and the age (or an
/// anniversary's years) when known. A calendar-wide item has no customer,
/// so `name` is empty (the caller sets it when greeting someone).
pub fn context_for(
    occasion: &Occasion,
    gender: Gender,
    shop: &str,
    chinese: bool,
) -> GreetingContext {
    let name = occasion
        .customer_name
        .as_deref()
        .map(|n| form_of_address(n, gender, chinese))
        .unwrap_or_default();
    let festival = if occasion.kind.is_calendar_wide() {
        occasion.title.to_string()
    } else {
        String::new()
    };
    let age = match &occasion.detail {
        Detail::Birthday { age } | Detail::FamilyBirthday { age, .. } => *age,
        Detail::Anniversary { years } => *years,
        _ => None,
    };
    GreetingContext {
        name,
        title: title_in_words(occasion, chinese),
        festival,
        shop: shop.trim().to_string(),
        age,
    }
}

/// The occasion as `{title}` says it: the calendar day's name, a custom
/// date's label, the promise, or the kind in the chosen language.
fn title_in_words(occasion: &Occasion, chinese: bool) -> String {
    let text = |zh: &str, en: &str| if chinese { zh } else { en }.to_string();
    match (&occasion.detail, occasion.kind) {
        (Detail::CustomDate { label }, _) => label.clone(),
        (Detail::Promise { title, .. }, _) => title.clone(),
        (Detail::FamilyBirthday { relation, name, .. }, _) => {
            family_birthday(*relation, name.trim(), chinese)
        }
        (_, OccasionKind::Birthday) => text("生日", "your birthday"),
        (_, OccasionKind::Anniversary) => text("结婚纪念日", "your wedding anniversary"),
        (_, OccasionKind::CadenceDue) => text("回访", "a catch-up"),
        (_, OccasionKind::NextContact) => text("约好的回访", "our planned follow-up"),
        (Detail::CollectionStep { overdue, .. }, _) => {
            if chinese {
                format!("{overdue}账款")
            } else {
                format!("your balance of {overdue}")
            }
        }
        (
            Detail::ReceivableDue {
                product, open, due, ..
            },
            _,
        ) => {
            if chinese {
                format!(
                    "{product}货款{open}（{}月{}日到期）",
                    due.month(),
                    due.day()
                )
            } else {
                format!("the payment of {open} for {product} (due {due})")
            }
        }
        _ => occasion.title.to_string(),
    }
}

/// 孩子小明的生日, 爱人的生日 / Xiaoming's birthday, your child's birthday.
fn family_birthday(relation: Option<Relation>, name: &str, chinese: bool) -> String {
    if chinese {
        let who = match relation {
            Some(Relation::Spouse) => "爱人",
            Some(Relation::Child) => "孩子",
            Some(Relation::Parent) => "家里老人",
            _ => "家人",
        };
        format!("{who}{name}的生日")
    } else if !name.is_empty() {
        format!("{name}'s birthday")
    } else {
        let who = match relation {
            Some(Relation::Spouse) => "your partner",
            Some(Relation::Child) => "your child",
            Some(Relation::Parent) => "your parent",
            _ => "your family member",
        };
        format!("{who}'s birthday")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::CustomerClass;
    use chrono::NaiveDate;

    fn ctx() -> GreetingContext {
        GreetingContext {
            name: "张女士".into(),
            title: "生日".into(),
            festival: "中秋节".into(),
            shop: "美佳净水".into(),
            age: Some(36),
        }
    }

    fn occasion(kind: OccasionKind, title: &str, detail: Detail) -> Occasion {
        Occasion {
            date: NaiveDate::from_ymd_opt(2026, 9, 25).unwrap(),
            kind,
            title: title.to_string().into(),
            customer: Some(3),
            customer_name: Some("欧阳娜娜".into()),
            class: Some(CustomerClass::A),
            detail,
        }
    }

    #[test]
    fn fills_every_placeholder() {
        assert_eq!(
            fill("{name}|{title}|{festival}|{shop}|{age}", &ctx()),
            "张女士|生日|中秋节|美佳净水|36"
        );
    }

    #[test]
    fn fills_a_repeated_placeholder_each_time() {
        assert_eq!(
            fill("{shop}·{name}·{shop}", &ctx()),
            "美佳净水·张女士·美佳净水"
        );
    }

    #[test]
    fn keeps_unknown_placeholders_and_stray_braces() {
        assert_eq!(fill("{phone} {name}", &ctx()), "{phone} 张女士");
        assert_eq!(fill("{{name}}", &ctx()), "{张女士}");
        assert_eq!(fill("a { b } {", &ctx()), "a { b } {");
        assert_eq!(fill("{NAME}", &ctx()), "{NAME}");
        assert_eq!(fill("", &ctx()), "");
        // A value that looks like a placeholder is not filled again.
        let tricky = GreetingContext {
            name: "{shop}".into(),
            ..ctx()
        };
        assert_eq!(fill("{name}", &tricky), "{shop}");
    }

    #[test]
    fn an_unknown_age_is_empty() {
        let no_age = GreetingContext { age: None, ..ctx() };
        assert_eq!(fill("{age}岁生日", &no_age), "岁生日");
        assert_eq!(fill("turns {age}", &ctx()), "turns 36");
    }

    #[test]
    fn addresses_by_surname_in_chinese() {
        assert_eq!(form_of_address("张伟", Gender::Male, true), "张先生");
        assert_eq!(form_of_address(" 李娜 ", Gender::Female, true), "李女士");
        assert_eq!(form_of_address("王", Gender::Male, true), "王先生");
        assert_eq!(
            form_of_address("欧阳娜娜", Gender::Female, true),
            "欧阳女士"
        );
        assert_eq!(form_of_address("诸葛亮", Gender::Male, true), "诸葛先生");
        assert_eq!(form_of_address("司马光", Gender::Male, true), "司马先生");
        assert_eq!(
            form_of_address("上官婉儿", Gender::Female, true),
            "上官女士"
        );
        assert_eq!(form_of_address("令狐冲", Gender::Male, true), "令狐先生");
        assert_eq!(form_of_address("歐陽修", Gender::Male, true), "歐陽先生");
        // 东 alone is a surname too, but 东方 comes first.
        assert_eq!(form_of_address("东方红", Gender::Female, true), "东方女士");
        assert_eq!(form_of_address("Anna", Gender::Female, true), "Anna女士");
    }

    #[test]
    fn unknown_gender_gives_the_plain_name() {
        assert_eq!(form_of_address("张伟", Gender::Unknown, true), "张伟");
        assert_eq!(form_of_address("张伟", Gender::Unknown, false), "张伟");
        assert_eq!(form_of_address("", Gender::Male, true), "");
        assert_eq!(form_of_address("  ", Gender::Female, false), "");
    }

    #[test]
    fn addresses_in_english() {
        assert_eq!(
            form_of_address("Anna Lee", Gender::Female, false),
            "Ms. Anna Lee"
        );
        assert_eq!(form_of_address("张伟", Gender::Male, false), "Mr. 张伟");
        assert_eq!(form_of_address("Tom", Gender::Unknown, false), "Tom");
    }

    #[test]
    fn every_kind_has_defaults_in_both_languages() {
        for kind in OccasionKind::ALL {
            for chinese in [true, false] {
                let text = default_template(*kind, chinese);
                assert!(!text.trim().is_empty(), "{kind:?}");
                assert!(text.contains("{shop}"), "{kind:?} {chinese}");
                if kind.is_calendar_wide() {
                    assert!(text.contains("{festival}"), "{kind:?} {chinese}");
                } else {
                    assert!(
                        text.contains("{name}") || text.contains("{title}"),
                        "{kind:?} {chinese}"
                    );
                }
                // Only known placeholders: filling leaves no brace behind.
                assert!(!fill(text, &ctx()).contains(['{', '}']), "{kind:?}");
                let has_chinese = text.chars().any(is_han);
                assert_eq!(has_chinese, chinese, "{kind:?}");
            }
        }
    }

    #[test]
    fn context_of_a_birthday() {
        let o = occasion(
            OccasionKind::Birthday,
            "Birthday",
            Detail::Birthday { age: Some(40) },
        );
        let zh = context_for(&o, Gender::Female, " 美佳净水 ", true);
        assert_eq!(
            zh,
            GreetingContext {
                name: "欧阳女士".into(),
                title: "生日".into(),
                festival: String::new(),
                shop: "美佳净水".into(),
                age: Some(40),
            }
        );
        assert_eq!(
            fill(default_template(o.kind, true), &zh),
            "欧阳女士，生日快乐！感谢您一直以来对小店的照顾，祝您新的一岁身体健康、万事顺心！——美佳净水"
        );
        let en = context_for(&o, Gender::Female, "Meijia", false);
        assert_eq!(en.name, "Ms. 欧阳娜娜");
        assert_eq!(en.title, "your birthday");
    }

    #[test]
    fn context_of_other_customer_occasions() {
        let family = occasion(
            OccasionKind::FamilyBirthday,
            "Family birthday",
            Detail::FamilyBirthday {
                relation: Some(Relation::Child),
                name: "小明".into(),
                age: Some(6),
            },
        );
        let zh = context_for(&family, Gender::Unknown, "店", true);
        assert_eq!(zh.name, "欧阳娜娜");
        assert_eq!(zh.title, "孩子小明的生日");
        assert_eq!(zh.age, Some(6));
        assert_eq!(
            context_for(&family, Gender::Unknown, "", false).title,
            "小明's birthday"
        );

        let years = occasion(
            OccasionKind::Anniversary,
            "Wedding anniversary",
            Detail::Anniversary { years: Some(10) },
        );
        assert_eq!(context_for(&years, Gender::Male, "", true).age, Some(10));

        let promise = occasion(
            OccasionKind::Promise,
            "免费保养",
            Detail::Promise {
                title: "免费保养".into(),
                due: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            },
        );
        let ctx = context_for(&promise, Gender::Male, "", true);
        assert_eq!((ctx.title.as_str(), ctx.age), ("免费保养", None));
    }

    #[test]
    fn receivable_reminders_name_the_amount_politely() {
        use crate::domain::money::Money;
        use crate::domain::receivables::ladder::StepKind;
        let step = occasion(
            OccasionKind::CollectionStep,
            "Collection: phone call",
            Detail::CollectionStep {
                step: StepKind::Phone,
                date: NaiveDate::from_ymd_opt(2026, 9, 20).unwrap(),
                oldest_overdue_days: 35,
                overdue: Money::from_yuan(1_200),
            },
        );
        let zh = context_for(&step, Gender::Female, "美佳净水", true);
        assert_eq!(
            fill(default_template(step.kind, true), &zh),
            "欧阳女士您好！打扰了。您在小店还有¥1,200.00账款已经过了约定的付款日期，麻烦您抽空核对一下并安排付款；如果有什么不方便或疑问，欢迎随时跟我说。谢谢您的理解！——美佳净水"
        );
        let en = context_for(&step, Gender::Female, "Meijia", false);
        assert_eq!(en.title, "your balance of ¥1,200.00");

        let due = occasion(
            OccasionKind::ReceivableDue,
            "Payment due: XS2026-000123",
            Detail::ReceivableDue {
                sale: "XS2026-000123".into(),
                product: "空调".into(),
                open: Money::from_yuan(3_000),
                due: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            },
        );
        let zh = context_for(&due, Gender::Male, "美佳净水", true);
        assert_eq!(zh.title, "空调货款¥3,000.00（10月1日到期）");
        assert!(fill(default_template(due.kind, true), &zh).starts_with(
            "欧阳先生您好！温馨提醒一下：您在小店的空调货款¥3,000.00（10月1日到期），"
        ));
        let en = context_for(&due, Gender::Male, "Meijia", false);
        assert_eq!(
            fill(default_template(due.kind, false), &en),
            "Hi Mr. 欧阳娜娜, a friendly reminder that the payment of ¥3,000.00 for 空调 (due 2026-10-01) is coming up soon. Please arrange it when convenient, and ignore this if it's already done. Thank you for your business! — Meijia"
        );
    }

    #[test]
    fn context_of_a_festival() {
        let o = Occasion {
            customer: None,
            customer_name: None,
            class: None,
            ..occasion(
                OccasionKind::Festival,
                "中秋节",
                Detail::Calendar { code: "mid_autumn" },
            )
        };
        let ctx = context_for(&o, Gender::Unknown, "美佳净水", true);
        assert_eq!(ctx.festival, "中秋节");
        assert_eq!(ctx.title, "中秋节");
        assert_eq!(ctx.name, "");
        assert!(fill(default_template(o.kind, true), &ctx).starts_with("您好！中秋节到了"));
    }
}
