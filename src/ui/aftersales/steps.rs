//! The wizard's screens: the step bar, one function per step, and the
//! sentences that explain the warranty verdict and approval needs.

use chrono::NaiveDateTime;
use egui::RichText;

use super::photos;
use super::wizard::Wizard;
use crate::domain::complaint::{
    ApprovalReason, CompensationKind, ComplaintChannel, ComplaintSource, EMOTION_LEVELS, Missing,
    SATISFACTION_LEVELS, SEVERITY_LEVELS, Step,
};
use crate::domain::returns::RefundTo;
use crate::domain::warranty::{GoodsCondition, PolicyBasis, PolicyVerdict, Remedy, Responsible};
use crate::i18n::{join_list, label, t};
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::{error_line, sale_label};

/// The six steps in a row; done steps can be clicked to go back.
pub fn step_bar(ui: &mut egui::Ui, wizard: &Wizard) -> Option<Step> {
    let mut clicked = None;
    let current = wizard.case.step;
    let closed = wizard.case.closed_at.is_some();
    ui.horizontal_wrapped(|ui| {
        for (i, step) in Step::ALL.iter().enumerate() {
            if i > 0 {
                ui.label(RichText::new("›").color(theme::MUTED));
            }
            let text = format!("{} {}", i + 1, label("step", step.code()));
            if *step < current || closed {
                let done = RichText::new(format!("✓ {text}")).color(theme::SUCCESS);
                let response = ui.add_enabled(!closed, egui::Button::new(done).frame(false));
                if response.clicked() {
                    clicked = Some(*step);
                }
            } else if *step == current {
                ui.label(
                    RichText::new(text)
                        .strong()
                        .color(egui::Color32::WHITE)
                        .background_color(theme::ACCENT),
                );
            } else {
                ui.label(RichText::new(text).color(theme::MUTED));
            }
        }
    });
    clicked
}

/// Radio buttons for a coded enum; true when the choice changed.
fn choice<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    value: &mut Option<T>,
    options: &[T],
    text: impl Fn(T) -> String,
) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        for option in options {
            if ui.radio(*value == Some(*option), text(*option)).clicked() {
                *value = Some(*option);
                changed = true;
            }
        }
    });
    changed
}

/// A numbered scale with a word per level.
fn scale(
    ui: &mut egui::Ui,
    value: &mut Option<u8>,
    levels: std::ops::RangeInclusive<u8>,
    group: &str,
) -> bool {
    let options: Vec<u8> = levels.collect();
    choice(ui, value, &options, |n| {
        format!("{n} {}", label(group, &n.to_string()))
    })
}

/// A field's title, red while the field is missing; its id labels the input.
fn field_title(ui: &mut egui::Ui, text: impl Into<String>, missing: bool) -> egui::Response {
    let rich = RichText::new(text.into()).strong();
    ui.label(if missing {
        rich.color(theme::ERROR)
    } else {
        rich
    })
}

fn lacks(wizard: &Wizard, m: Missing) -> bool {
    wizard.missing.contains(&m)
}

pub fn listen(ui: &mut egui::Ui, w: &mut Wizard) {
    let mut changed = false;
    field_title(ui, t!("case.channel"), lacks(w, Missing::Channel));
    changed |= choice(ui, &mut w.case.channel, ComplaintChannel::ALL, |c| {
        label("complaint_channel", c.code())
    });
    field_title(ui, t!("case.source"), lacks(w, Missing::Source));
    changed |= choice(ui, &mut w.case.source, ComplaintSource::ALL, |c| {
        label("complaint_source", c.code())
    });
    let title = field_title(ui, t!("case.words"), lacks(w, Missing::Words));
    ui.label(
        RichText::new(t!("case.words_hint"))
            .small()
            .color(theme::MUTED),
    );
    changed |= ui
        .add(
            egui::TextEdit::multiline(&mut w.case.words)
                .desired_rows(7)
                .desired_width(f32::INFINITY)
                .id_salt("complaint-words"),
        )
        .labelled_by(title.id)
        .changed();
    field_title(ui, t!("case.emotion"), lacks(w, Missing::Emotion));
    changed |= scale(ui, &mut w.case.emotion, EMOTION_LEVELS, "emotion");
    ui.horizontal(|ui| {
        let title = ui.label(t!("case.received_at"));
        changed |= ui
            .add(DateInput::new(&mut w.typed.received_at).desired_width(150.0))
            .labelled_by(title.id)
            .changed();
        ui.label(
            RichText::new(t!("case.time_hint"))
                .small()
                .color(theme::MUTED),
        );
    });
    error_line(ui, w.errors.received_at.as_ref());
    if changed {
        w.changed();
    }
}

pub fn apologize(ui: &mut egui::Ui, w: &mut Wizard) {
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_max_width(720.0);
            ui.label(
                RichText::new(t!("case.apology_title"))
                    .strong()
                    .color(theme::ACCENT),
            );
            for key in [
                "case.apology_1",
                "case.apology_2",
                "case.apology_3",
                "case.apology_4",
            ] {
                ui.label(format!("• {}", t!(key)));
            }
        });
    ui.add_space(8.0);
    let mut made = w.case.apologized_at.is_some();
    let text = RichText::new(t!("case.apology_made")).size(16.0);
    let text = if lacks(w, Missing::Apology) {
        text.color(theme::ERROR)
    } else {
        text
    };
    if ui.checkbox(&mut made, text).changed() {
        w.case.apologized_at = made.then(crate::store::now);
        w.changed();
    }
    if let Some(at) = w.case.apologized_at {
        ui.label(
            RichText::new(t!("case.apology_at", at = at.format("%Y-%m-%d %H:%M")))
                .small()
                .color(theme::MUTED),
        );
    }
}

pub fn facts(ui: &mut egui::Ui, w: &mut Wizard, view: &mut ViewCtx<'_>) {
    let mut changed = false;
    field_title(ui, t!("case.sale"), lacks(w, Missing::Product));
    let selected = w
        .case
        .sale_id
        .and_then(|id| w.sales.iter().find(|s| s.id == Some(id)))
        .map(sale_label)
        .unwrap_or_else(|| t!("case.no_sale").into_owned());
    let mut pick = None;
    egui::ComboBox::from_id_salt("complaint-sale")
        .selected_text(selected)
        .width(420.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(w.case.sale_id.is_none(), t!("case.no_sale"))
                .clicked()
            {
                pick = Some(None);
            }
            for sale in w.sales.iter().rev() {
                if ui
                    .selectable_label(w.case.sale_id == sale.id, sale_label(sale))
                    .clicked()
                {
                    pick = Some(sale.id);
                }
            }
        })
        .response
        .accessible_name(t!("case.sale"));
    if let Some(sale) = pick {
        w.pick_sale(sale);
    }
    egui::Grid::new("facts-grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let title = ui.label(t!("case.product"));
            changed |= ui
                .add(egui::TextEdit::singleline(&mut w.case.product).desired_width(300.0))
                .labelled_by(title.id)
                .changed();
            ui.end_row();
            let title = ui.label(t!("case.purchase_date"));
            ui.vertical(|ui| {
                changed |= ui
                    .add(
                        DateInput::new(&mut w.typed.purchase_date)
                            .hint_text("2026-11-20")
                            .desired_width(140.0),
                    )
                    .labelled_by(title.id)
                    .changed();
                error_line(ui, w.errors.purchase_date.as_ref());
                if lacks(w, Missing::PurchaseAfterComplaint) {
                    error_line(ui, Some(&t!("case.err_purchase_after").into_owned()));
                }
            });
            ui.end_row();
        });
    let title = field_title(
        ui,
        t!("case.what_happened"),
        lacks(w, Missing::WhatHappened),
    );
    changed |= ui
        .add(
            egui::TextEdit::multiline(&mut w.case.what_happened)
                .desired_rows(4)
                .desired_width(f32::INFINITY)
                .id_salt("complaint-what"),
        )
        .labelled_by(title.id)
        .changed();
    field_title(ui, t!("case.severity"), lacks(w, Missing::Severity));
    changed |= scale(ui, &mut w.case.severity, SEVERITY_LEVELS, "severity");
    field_title(ui, t!("case.responsible"), lacks(w, Missing::Responsible));
    changed |= choice(ui, &mut w.case.responsible, Responsible::ALL, |r| {
        label("responsible", r.code())
    });
    field_title(ui, t!("case.condition"), lacks(w, Missing::Condition));
    changed |= choice(ui, &mut w.case.condition, GoodsCondition::ALL, |c| {
        label("condition", c.code())
    });
    ui.add_space(6.0);
    field_title(ui, t!("case.photos"), false);
    photos::show(ui, w, view);
    if changed {
        w.changed();
    }
}

pub fn solution(ui: &mut egui::Ui, w: &mut Wizard, now: NaiveDateTime) {
    let mut changed = false;
    let verdict = w.case.verdict(&w.rules.policy);
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_max_width(760.0);
            ui.label(
                RichText::new(t!("case.policy_title"))
                    .strong()
                    .color(theme::ACCENT),
            );
            ui.label(RichText::new(verdict_text(&verdict)).size(16.0));
            let allowed: Vec<String> = verdict
                .allowed
                .iter()
                .map(|r| label("remedy", r.code()))
                .collect();
            ui.label(t!("case.policy_allows", list = join_list(&allowed)));
        });
    if !w.case.rejection_reason.trim().is_empty() {
        ui.label(
            RichText::new(t!(
                "case.declined_before",
                reason = w.case.rejection_reason.trim()
            ))
            .color(theme::WARNING),
        );
    }
    field_title(ui, t!("case.remedy"), lacks(w, Missing::Remedy));
    for remedy in Remedy::ALL {
        let mut text = label("remedy", remedy.code());
        match remedy {
            Remedy::RepairShop => text.push_str(&t!(
                "case.repair_shop_days",
                days = w.rules.policy.shop_repair_days
            )),
            Remedy::RepairFactory => text.push_str(&t!(
                "case.repair_factory_days",
                days = w.rules.policy.factory_repair_days
            )),
            _ => {}
        }
        if matches!(remedy, Remedy::RepairShop | Remedy::RepairFactory) && !verdict.free_repair {
            text.push_str(&t!("case.parts_at_cost"));
        }
        let rich = if verdict.allows(*remedy) {
            RichText::new(text)
        } else {
            RichText::new(format!("{text} {}", t!("case.needs_manager"))).color(theme::WARNING)
        };
        if ui.radio(w.case.remedy == Some(*remedy), rich).clicked() {
            w.case.remedy = Some(*remedy);
            changed = true;
        }
    }
    if w.case.remedy == Some(Remedy::Refund) {
        ui.horizontal(|ui| {
            let title = field_title(ui, t!("case.refund"), lacks(w, Missing::RefundAmount));
            let r = ui
                .add(egui::TextEdit::singleline(&mut w.typed.refund).desired_width(100.0))
                .labelled_by(title.id);
            if r.changed() {
                w.parse_typed();
                w.case.refund_to = w.default_refund_to();
                changed = true;
            }
            ui.label(t!("case.yuan"));
        });
        error_line(ui, w.errors.refund.as_ref());
        ui.horizontal(|ui| {
            for to in RefundTo::ALL {
                if ui
                    .radio(w.case.refund_to == *to, label("refund_to", to.code()))
                    .clicked()
                {
                    w.case.refund_to = *to;
                    changed = true;
                }
            }
        });
        if w.balance.is_positive() {
            ui.label(
                RichText::new(t!("case.customer_owes", amount = w.balance))
                    .small()
                    .color(theme::MUTED),
            );
        }
    }
    let title = ui.label(t!("case.solution_note"));
    changed |= ui
        .add(
            egui::TextEdit::multiline(&mut w.case.solution_note)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .id_salt("complaint-solution-note"),
        )
        .labelled_by(title.id)
        .changed();
    field_title(
        ui,
        t!("case.compensation"),
        lacks(w, Missing::CompensationGift) || lacks(w, Missing::CompensationAmount),
    );
    ui.horizontal(|ui| {
        for kind in CompensationKind::ALL {
            if ui
                .radio(
                    w.case.compensation == *kind,
                    label("compensation", kind.code()),
                )
                .clicked()
            {
                w.case.compensation = *kind;
                changed = true;
            }
        }
        match w.case.compensation {
            CompensationKind::Gift => {
                changed |= ui
                    .add(
                        egui::TextEdit::singleline(&mut w.case.compensation_gift)
                            .hint_text(t!("case.gift_hint"))
                            .desired_width(220.0),
                    )
                    .accessible_name(t!("compensation.gift"))
                    .changed();
            }
            CompensationKind::Amount => {
                if ui
                    .add(egui::TextEdit::singleline(&mut w.typed.compensation).desired_width(100.0))
                    .accessible_name(t!("compensation.amount"))
                    .changed()
                {
                    w.parse_typed();
                    changed = true;
                }
                ui.label(t!("case.yuan"));
            }
            CompensationKind::None => {}
        }
    });
    if w.case.compensation == CompensationKind::Amount {
        error_line(ui, w.errors.compensation.as_ref());
    }
    approval(ui, w, &mut changed, now);
    if changed {
        w.changed();
    }
}

/// The manager's sign-off, when the solution needs one.
fn approval(ui: &mut egui::Ui, w: &mut Wizard, changed: &mut bool, now: NaiveDateTime) {
    let reasons = w.case.approval_reasons(&w.rules);
    if reasons.is_empty() {
        if w.case.approval.take().is_some() {
            *changed = true;
        }
        ui.label(RichText::new(t!("case.within_authority")).color(theme::SUCCESS));
        return;
    }
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_max_width(760.0);
            let title = RichText::new(t!("case.approval_title")).strong();
            ui.label(if lacks(w, Missing::ManagerApproval) {
                title.color(theme::ERROR)
            } else {
                title.color(theme::WARNING)
            });
            for reason in &reasons {
                ui.label(format!("• {}", approval_reason_text(reason)));
            }
            match w.case.approval.clone() {
                Some(a) => {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(t!(
                                "case.approved_by",
                                manager = a.manager,
                                at = a.at.format("%Y-%m-%d %H:%M")
                            ))
                            .color(theme::SUCCESS),
                        );
                        if ui.small_button(t!("case.withdraw_approval")).clicked() {
                            w.case.approval = None;
                            *changed = true;
                        }
                    });
                }
                None => {
                    ui.horizontal(|ui| {
                        let title = ui.label(t!("case.manager"));
                        ui.add(
                            egui::TextEdit::singleline(&mut w.typed.manager)
                                .desired_width(140.0)
                                .id_salt("complaint-manager"),
                        )
                        .labelled_by(title.id);
                        let name = w.typed.manager.trim().to_string();
                        if ui
                            .add_enabled(
                                !name.is_empty(),
                                egui::Button::new(t!("case.record_approval")),
                            )
                            .clicked()
                        {
                            w.case.approval = Some(crate::domain::complaint::Approval {
                                manager: name,
                                at: now,
                            });
                            *changed = true;
                        }
                    });
                }
            }
        });
}

pub fn opinion(ui: &mut egui::Ui, w: &mut Wizard) {
    let mut changed = false;
    let reasons = w.case.approval_reasons(&w.rules);
    if w.case.approval.is_none() && !reasons.is_empty() {
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_max_width(760.0);
                ui.label(
                    RichText::new(t!("case.approval_title"))
                        .strong()
                        .color(theme::WARNING),
                );
                for reason in &reasons {
                    ui.label(format!("• {}", approval_reason_text(reason)));
                }
                ui.label(t!("case.approval_go_back"));
            });
    }
    if let Some(remedy) = w.case.remedy {
        ui.label(
            RichText::new(t!("case.proposed", remedy = label("remedy", remedy.code()))).size(16.0),
        );
    }
    field_title(
        ui,
        t!("case.accepted_question"),
        lacks(w, Missing::Accepted),
    );
    ui.horizontal(|ui| {
        if ui
            .radio(w.case.accepted == Some(true), t!("case.accepted_yes"))
            .clicked()
        {
            w.case.accepted = Some(true);
            changed = true;
        }
        if ui
            .radio(w.case.accepted == Some(false), t!("case.accepted_no"))
            .clicked()
        {
            w.case.accepted = Some(false);
            changed = true;
        }
    });
    match w.case.accepted {
        Some(false) => {
            let title = field_title(
                ui,
                t!("case.rejection_reason"),
                lacks(w, Missing::RejectionReason),
            );
            changed |= ui
                .add(
                    egui::TextEdit::multiline(&mut w.case.rejection_reason)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY)
                        .id_salt("complaint-rejection"),
                )
                .labelled_by(title.id)
                .changed();
            ui.label(
                RichText::new(t!("case.back_to_solution_hint"))
                    .small()
                    .color(theme::MUTED),
            );
        }
        Some(true) => {
            field_title(ui, t!("case.satisfaction"), lacks(w, Missing::Satisfaction));
            changed |= scale(
                ui,
                &mut w.case.satisfaction,
                SATISFACTION_LEVELS,
                "satisfaction",
            );
        }
        None => {}
    }
    if changed {
        w.changed();
    }
}

pub fn follow_up(ui: &mut egui::Ui, w: &mut Wizard) {
    let mut changed = false;
    ui.horizontal(|ui| {
        let title = field_title(
            ui,
            t!("case.follow_up_date"),
            lacks(w, Missing::FollowUpDate),
        );
        changed |= ui
            .add(DateInput::new(&mut w.typed.follow_up_date).desired_width(120.0))
            .labelled_by(title.id)
            .changed();
    });
    error_line(ui, w.errors.follow_up_date.as_ref());
    ui.label(
        RichText::new(t!("case.follow_up_hint"))
            .small()
            .color(theme::MUTED),
    );
    let title = field_title(
        ui,
        t!("case.follow_up_result"),
        lacks(w, Missing::FollowUpResult),
    );
    changed |= ui
        .add(
            egui::TextEdit::multiline(&mut w.case.follow_up_result)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .id_salt("complaint-follow-up-result"),
        )
        .labelled_by(title.id)
        .changed();
    if changed {
        w.changed();
    }
}

/// The policy's verdict as one sentence.
pub fn verdict_text(v: &PolicyVerdict) -> String {
    match v.basis {
        PolicyBasis::PurchaseDateUnknown => t!("policy.unknown_date").into_owned(),
        PolicyBasis::CustomerCaused { days } => {
            t!("policy.customer_caused", days = days).into_owned()
        }
        PolicyBasis::UnopenedWithin { days, limit } => {
            t!("policy.unopened", days = days, limit = limit).into_owned()
        }
        PolicyBasis::QualityFaultWithin { days, limit } => {
            t!("policy.quality", days = days, limit = limit).into_owned()
        }
        PolicyBasis::RepairOnly { days } => t!("policy.repair_only", days = days).into_owned(),
    }
}

pub fn approval_reason_text(r: &ApprovalReason) -> String {
    match r {
        ApprovalReason::OutsidePolicy(remedy) => t!(
            "case.reason_outside_policy",
            remedy = label("remedy", remedy.code())
        )
        .into_owned(),
        ApprovalReason::CompensationWithoutShopFault => t!("case.reason_compensation").into_owned(),
        ApprovalReason::OverAuthority { amount, limit } => {
            t!("case.reason_over_limit", amount = amount, limit = limit).into_owned()
        }
    }
}

/// What a step still lacks, as one sentence naming each item.
pub fn missing_text(missing: &[Missing]) -> String {
    let items: Vec<String> = missing.iter().map(|m| label("missing", m.code())).collect();
    t!("case.missing", items = join_list(&items)).into_owned()
}
