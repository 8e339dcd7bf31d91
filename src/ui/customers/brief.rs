//! The pre-visit brief tab (拜访前准备): what to know before calling or
//! visiting, built by `domain::brief` and laid out for a quick read.

use chrono::NaiveDate;
use egui::RichText;

use super::card::CardData;
use crate::domain::brief::{DateOwner, OpeningTopic, PersonalDateKind, UpcomingDate, build_brief};
use crate::domain::customer::Customer;
use crate::i18n::{label, t};
use crate::ui::theme;

pub fn show(ui: &mut egui::Ui, today: NaiveDate, customer: &Customer, data: &CardData) {
    let brief = build_brief(
        customer,
        &data.contacts,
        &data.promises,
        &data.sales,
        &data.payments,
        today,
    );
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.label(
                RichText::new(t!("brief.opening"))
                    .strong()
                    .color(theme::ACCENT),
            );
            let text = match &brief.opening {
                OpeningTopic::OverduePromise(p) => t!("brief.open_promise", what = p).into_owned(),
                OpeningTopic::UpcomingDate(u) => {
                    t!("brief.open_date", what = describe_upcoming(u)).into_owned()
                }
                OpeningTopic::RecentPurchase(p) => {
                    t!("brief.open_purchase", product = p).into_owned()
                }
                OpeningTopic::LastContact(s) => t!("brief.open_last", summary = s).into_owned(),
                OpeningTopic::Needs => t!("brief.open_needs").into_owned(),
            };
            ui.label(RichText::new(text).size(16.0));
        });
    ui.add_space(6.0);
    egui::Grid::new("brief-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label(RichText::new(t!("brief.first_contact")).strong());
            ui.label(match brief.first_contact_date {
                Some(d) => format!("{} {}", d.format("%Y-%m-%d"), brief.first_contact_place),
                None if !brief.first_contact_place.is_empty() => brief.first_contact_place.clone(),
                None => t!("brief.unknown").into_owned(),
            });
            ui.end_row();
            ui.label(RichText::new(t!("card.needs")).strong());
            ui.label(if brief.needs.is_empty() {
                t!("brief.unknown").into_owned()
            } else {
                brief.needs.clone()
            });
            ui.end_row();
            ui.label(RichText::new(t!("brief.next_contact")).strong());
            match brief.next_contact {
                Some(d) => ui.label(RichText::new(d.format("%Y-%m-%d").to_string()).color(
                    if d < today {
                        theme::ERROR
                    } else {
                        theme::ACCENT
                    },
                )),
                None => ui.label(t!("brief.none_set")),
            };
            ui.end_row();
            ui.label(RichText::new(t!("brief.balance")).strong());
            ui.label(if brief.balance.fen() > 0 {
                RichText::new(t!("card.owes", amount = brief.balance)).color(theme::WARNING)
            } else {
                RichText::new(brief.balance.to_string())
            });
            ui.end_row();
            ui.label(RichText::new(t!("brief.last_contacts")).strong());
            ui.vertical(|ui| {
                if brief.last_contacts.is_empty() {
                    ui.label(t!("brief.none"));
                }
                for c in &brief.last_contacts {
                    ui.label(format!(
                        "{} · {} · {}",
                        c.at.format("%Y-%m-%d"),
                        label("channel", c.channel.code()),
                        c.summary
                    ));
                }
            });
            ui.end_row();
            ui.label(RichText::new(t!("brief.promises")).strong());
            ui.vertical(|ui| {
                if brief.promises.is_empty() {
                    ui.label(t!("brief.none"));
                }
                for p in &brief.promises {
                    let (when, color) = super::promises::status_text(p.status);
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(when).color(color));
                        ui.label(&p.description);
                    });
                }
            });
            ui.end_row();
            ui.label(RichText::new(t!("brief.recent_purchases")).strong());
            ui.vertical(|ui| {
                if brief.recent_sales.is_empty() {
                    ui.label(t!("brief.none"));
                }
                for s in &brief.recent_sales {
                    ui.label(format!(
                        "{} · {} ×{} · {}",
                        s.date.format("%Y-%m-%d"),
                        s.product,
                        s.quantity,
                        s.amount
                    ));
                }
            });
            ui.end_row();
            ui.label(RichText::new(t!("brief.upcoming_dates")).strong());
            ui.vertical(|ui| {
                if brief.upcoming.is_empty() {
                    ui.label(t!("brief.none_30_days"));
                }
                for u in &brief.upcoming {
                    ui.label(describe_upcoming(u));
                }
            });
            ui.end_row();
        });
}

/// "配偶 王芳的生日 · 3 天后 (11-26)" in the UI language.
fn describe_upcoming(u: &UpcomingDate) -> String {
    let who = match &u.date.owner {
        DateOwner::Customer => t!("brief.self").into_owned(),
        DateOwner::Family { relation, name } => {
            format!("{} {}", label("relation", relation.code()), name)
                .trim()
                .to_string()
        }
    };
    let what = match &u.date.kind {
        PersonalDateKind::Birthday => match u.years {
            Some(age) => t!("brief.birthday_age", who = who, age = age).into_owned(),
            None => t!("brief.birthday", who = who).into_owned(),
        },
        PersonalDateKind::Anniversary => match u.years {
            Some(n) => t!("brief.anniversary_years", n = n).into_owned(),
            None => t!("brief.anniversary").into_owned(),
        },
        PersonalDateKind::Custom(l) => format!("{who} · {l}"),
    };
    let when = match u.days_away {
        0 => t!("brief.today").into_owned(),
        d => t!("brief.in_days", n = d).into_owned(),
    };
    let lunar = if u.date.date.is_lunar() {
        format!(" · {}", t!("date.kind_lunar"))
    } else {
        String::new()
    };
    format!("{what} · {when} ({}){lunar}", u.on.format("%m-%d"))
}
