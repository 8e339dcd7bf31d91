//! One calendar or agenda item as a row: who (or which day), why, when, and
//! what to do about it — copy a greeting, log the contact, snooze. Shared by
//! the Calendar section and Home.

use chrono::{Datelike, NaiveDate};
use egui::RichText;

use crate::domain::calendar::OccasionKind;
use crate::domain::calendar::agenda::{AgendaItem, Detail, Occasion};
use crate::domain::contact::ContactChannel;
use crate::i18n::{holiday_name, label, t, tr};
use crate::ui::theme;

/// What the user asked of an item.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemAction {
    OpenCustomer(i64),
    CopyGreeting(Occasion),
    Contacted(Occasion, ContactChannel),
    Snooze(Occasion, u32),
}

/// Channels offered for "contacted", most used first.
const CHANNELS: [ContactChannel; 4] = [
    ContactChannel::Phone,
    ContactChannel::SmsWechat,
    ContactChannel::Visit,
    ContactChannel::Gift,
];

const SNOOZE_DAYS: [u32; 3] = [1, 3, 7];

/// The name of a calendar-wide day in the UI language (a statutory day has
/// no code: its Chinese name is translated when known).
pub fn day_name(occasion: &Occasion) -> String {
    match &occasion.detail {
        Detail::Calendar { code } if !code.is_empty() => tr(&format!("day.{code}")),
        Detail::Calendar { .. } => holiday_name(&occasion.title),
        _ => occasion.title.to_string(),
    }
}

/// Why the item matters, in the UI language.
pub fn reason(occasion: &Occasion) -> String {
    match &occasion.detail {
        Detail::Calendar { .. } => label("kind", occasion.kind.code()),
        Detail::Birthday { age: Some(age) } => t!("reason.birthday_age", age = age).into_owned(),
        Detail::Birthday { age: None } => t!("reason.birthday").into_owned(),
        Detail::FamilyBirthday {
            relation,
            name,
            age,
        } => {
            let relation = relation
                .map(|r| label("relation", r.code()).to_lowercase())
                .unwrap_or_default();
            let who = match (relation.is_empty(), name.is_empty()) {
                (false, false) => format!("{relation} {name}"),
                (false, true) => relation,
                _ => name.clone(),
            };
            match age {
                Some(age) => t!("reason.family_birthday_age", who = who, age = age).into_owned(),
                None => t!("reason.family_birthday", who = who).into_owned(),
            }
        }
        Detail::Anniversary { years: Some(y) } => {
            t!("reason.anniversary_years", years = y).into_owned()
        }
        Detail::Anniversary { years: None } => t!("reason.anniversary").into_owned(),
        Detail::CustomDate { label } => label.clone(),
        Detail::CadenceDue {
            days,
            cadence,
            never,
        } => {
            if *never {
                t!("reason.cadence_never", days = days, cadence = cadence).into_owned()
            } else {
                t!("reason.cadence", days = days, cadence = cadence).into_owned()
            }
        }
        Detail::NextContact { planned } => {
            t!("reason.next_contact", date = short_date(*planned)).into_owned()
        }
        Detail::Promise { title, due } => {
            t!("reason.promise", title = title, date = short_date(*due)).into_owned()
        }
        Detail::ComplaintFollowUp {
            complaint,
            product,
            due,
        } => t!(
            "reason.complaint_follow_up",
            id = complaint,
            product = product,
            date = short_date(*due)
        )
        .into_owned(),
        Detail::CollectionStep {
            step,
            oldest_overdue_days,
            overdue,
            ..
        } => t!(
            "reason.collection_step",
            step = tr(&format!("agenda.step.{}", step.code())),
            days = oldest_overdue_days,
            amount = overdue
        )
        .into_owned(),
        Detail::ReceivableDue {
            sale,
            product,
            open,
            due,
        } => {
            let what = [sale.as_str(), product.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            t!(
                "reason.receivable_due",
                sale = what,
                amount = open,
                date = short_date(*due)
            )
            .into_owned()
        }
    }
}

fn short_date(date: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// "in 3 days", "today" or "5 days overdue".
pub fn when(days_until: i64) -> String {
    match days_until {
        0 => t!("agenda.on_day").into_owned(),
        1 => t!("agenda.tomorrow").into_owned(),
        -1 => t!("agenda.overdue_one_day").into_owned(),
        n if n > 0 => t!("agenda.in_days", n = n).into_owned(),
        n => t!("agenda.overdue_days", n = -n).into_owned(),
    }
}

/// Draws an agenda item; returns what the user asked for.
pub fn agenda_row(ui: &mut egui::Ui, item: &AgendaItem) -> Option<ItemAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        if item.occasion.customer.is_some() {
            ui.label(
                RichText::new(item.suggested_time.format("%H:%M").to_string())
                    .monospace()
                    .color(theme::MUTED),
            )
            .on_hover_text(t!("agenda.suggested"));
        }
        action = occasion_main(ui, &item.occasion);
        let colour = if item.days_until < 0 {
            theme::ERROR
        } else {
            theme::MUTED
        };
        ui.label(RichText::new(when(item.days_until)).small().color(colour));
    });
    ui.horizontal(|ui| {
        ui.add_space(48.0);
        if let Some(a) = occasion_actions(ui, &item.occasion) {
            action = Some(a);
        }
    });
    ui.add_space(2.0);
    action
}

/// Draws an item of one day's list; returns what the user asked for.
pub fn day_row(ui: &mut egui::Ui, occasion: &Occasion) -> Option<ItemAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        action = occasion_main(ui, occasion);
    });
    if occasion.customer.is_some() {
        ui.horizontal(|ui| {
            ui.add_space(48.0);
            if let Some(a) = occasion_actions(ui, occasion) {
                action = Some(a);
            }
        });
    }
    action
}

/// The name (a link to the card for a customer) and the reason.
fn occasion_main(ui: &mut egui::Ui, occasion: &Occasion) -> Option<ItemAction> {
    let mut action = None;
    match (occasion.customer, &occasion.customer_name) {
        (Some(id), Some(name)) => {
            // A link to the card; A-class customers in bold.
            let mut text = RichText::new(name.as_ref()).color(theme::ACCENT);
            if occasion.class == Some(crate::domain::customer::CustomerClass::A) {
                text = text.strong();
            }
            if ui.link(text).clicked() {
                action = Some(ItemAction::OpenCustomer(id));
            }
            ui.label(reason(occasion));
        }
        _ => {
            let colour = match occasion.kind {
                OccasionKind::HolidayOff => theme::SUCCESS,
                OccasionKind::HolidayWorkday => theme::ERROR,
                _ => theme::ACCENT,
            };
            ui.label(RichText::new(day_name(occasion)).strong().color(colour));
            ui.label(RichText::new(reason(occasion)).small().color(theme::MUTED));
        }
    }
    action
}

/// Copy greeting, contacted ▾, snooze ▾.
fn occasion_actions(ui: &mut egui::Ui, occasion: &Occasion) -> Option<ItemAction> {
    let mut action = None;
    if matches!(
        occasion.kind,
        OccasionKind::HolidayOff | OccasionKind::HolidayWorkday
    ) {
        return None;
    }
    if ui.small_button(t!("agenda.copy_greeting")).clicked() {
        action = Some(ItemAction::CopyGreeting(occasion.clone()));
    }
    if occasion.customer.is_some() {
        ui.menu_button(t!("agenda.contacted"), |ui| {
            for channel in CHANNELS {
                if ui.button(label("channel", channel.code())).clicked() {
                    action = Some(ItemAction::Contacted(occasion.clone(), channel));
                    ui.close();
                }
            }
        });
    }
    ui.menu_button(t!("agenda.snooze"), |ui| {
        for days in SNOOZE_DAYS {
            if ui.button(t!("agenda.snooze_days", n = days)).clicked() {
                action = Some(ItemAction::Snooze(occasion.clone(), days));
                ui.close();
            }
        }
    });
    action
}
