//! The card form itself: identity and reach, dates that matter, background,
//! source, class and credit — each field with its inline message.

use egui::{RichText, TextEdit};

use super::CardEditor;
use crate::domain::contact::ContactChannel;
use crate::domain::customer::{CustomerClass, Gender, Relation, Source};
use crate::i18n::{label, t};
use crate::store::customers::{CustomerRef, CustomerSummary};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::customers::form::{CustomDateRow, FamilyRow, field};
use crate::ui::theme;
use crate::ui::widgets::{error_line, yearly_input::YearlyInput};

impl CardEditor {
    pub(super) fn card_form(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        people: &[CustomerSummary],
    ) {
        self.refresh_duplicates(view.store);
        if !self.errors.is_empty() {
            ui.colored_label(theme::ERROR, t!("card.fix_errors", n = self.errors.len()));
        }
        section(ui, &t!("card.section_identity"));
        egui::Grid::new("card-identity")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let focus = std::mem::take(&mut self.focus_name);
                let name = labelled_text(
                    ui,
                    &t!("card.name"),
                    &mut self.form.name,
                    &t!("card.name_hint"),
                    self.errors.get(field::NAME),
                );
                if focus {
                    name.request_focus();
                }
                labelled_text(
                    ui,
                    &t!("card.mobile"),
                    &mut self.form.mobile,
                    "138 0013 8000",
                    self.errors.get(field::MOBILE),
                );
                labelled_text(
                    ui,
                    &t!("card.phone2"),
                    &mut self.form.phone2,
                    "010-12345678",
                    self.errors.get(field::PHONE2),
                );
                if !self.duplicates.is_empty() {
                    ui.label("");
                    ui.vertical(|ui| {
                        for (phone, found) in &self.duplicates {
                            for other in found {
                                ui.horizontal(|ui| {
                                    ui.colored_label(
                                        theme::WARNING,
                                        t!(
                                            "card.duplicate_phone",
                                            phone = phone,
                                            name = &other.name
                                        ),
                                    );
                                    if ui.link(t!("card.open_existing")).clicked() {
                                        view.commands.push(Command::OpenCustomer(other.id));
                                    }
                                });
                            }
                        }
                    });
                    ui.end_row();
                }
                labelled_text(ui, &t!("card.wechat"), &mut self.form.wechat, "", None);
                labelled_text(
                    ui,
                    &t!("card.email"),
                    &mut self.form.email,
                    "name@example.com",
                    self.errors.get(field::EMAIL),
                );
                labelled_text(ui, &t!("card.address"), &mut self.form.address, "", None);
                labelled_text(ui, &t!("card.company"), &mut self.form.company, "", None);
                labelled_text(
                    ui,
                    &t!("card.occupation"),
                    &mut self.form.occupation,
                    "",
                    None,
                );
                ui.label(t!("card.gender"));
                ui.horizontal(|ui| {
                    for g in Gender::ALL {
                        ui.radio_value(&mut self.form.gender, *g, label("gender", g.code()));
                    }
                });
                ui.end_row();
                ui.label(t!("card.preferred_channel"));
                ui.horizontal(|ui| {
                    egui::ComboBox::from_id_salt("preferred-channel")
                        .selected_text(
                            self.form
                                .preferred_channel
                                .map(|c| label("channel", c.code()))
                                .unwrap_or_else(|| t!("common.none").into_owned()),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut self.form.preferred_channel,
                                None,
                                t!("common.none"),
                            );
                            for c in ContactChannel::ALL {
                                ui.selectable_value(
                                    &mut self.form.preferred_channel,
                                    Some(*c),
                                    label("channel", c.code()),
                                );
                            }
                        })
                        .response
                        .accessible_name(t!("card.preferred_channel"));
                    ui.checkbox(
                        &mut self.form.do_not_contact,
                        t!("card.do_not_contact_check"),
                    );
                });
                ui.end_row();
            });

        section(ui, &t!("card.section_dates"));
        let today = view.clock.today();
        egui::Grid::new("card-dates")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(t!("card.birthday"));
                self.form.birthday.show(ui, "birthday", today);
                ui.end_row();
                ui.label(t!("card.anniversary"));
                self.form.anniversary.show(ui, "anniversary", today);
                ui.end_row();
            });
        ui.label(RichText::new(t!("card.family")).strong());
        let mut remove = None;
        for (i, row) in self.form.family.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("family-rel", i))
                    .width(70.0)
                    .selected_text(label("relation", row.relation.code()))
                    .show_ui(ui, |ui| {
                        for r in Relation::ALL {
                            ui.selectable_value(&mut row.relation, *r, label("relation", r.code()));
                        }
                    })
                    .response
                    .accessible_name(t!("card.relation"));
                ui.add(
                    TextEdit::singleline(&mut row.name)
                        .id_salt(("family-name", i))
                        .hint_text(t!("card.family_name"))
                        .desired_width(90.0),
                );
                row.birthday.show(ui, &format!("family-bd-{i}"), today);
                ui.add(
                    TextEdit::singleline(&mut row.note)
                        .id_salt(("family-note", i))
                        .hint_text(t!("card.note"))
                        .desired_width(120.0),
                );
                if ui
                    .small_button("×")
                    .on_hover_text(t!("common.remove"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            error_line(ui, self.errors.get(&field::family(i)));
        }
        if let Some(i) = remove {
            self.form.family.remove(i);
        }
        if ui.button(t!("card.add_family")).clicked() {
            self.form.family.push(FamilyRow {
                relation: Relation::Spouse,
                name: String::new(),
                birthday: YearlyInput::default(),
                note: String::new(),
            });
        }
        ui.add_space(4.0);
        ui.label(RichText::new(t!("card.custom_dates")).strong());
        let mut remove = None;
        for (i, row) in self.form.custom_dates.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.add(
                    TextEdit::singleline(&mut row.label)
                        .id_salt(("custom-label", i))
                        .hint_text(t!("card.custom_label"))
                        .desired_width(140.0),
                );
                row.date.show(ui, &format!("custom-date-{i}"), today);
                if ui
                    .small_button("×")
                    .on_hover_text(t!("common.remove"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            error_line(ui, self.errors.get(&field::custom(i)));
        }
        if let Some(i) = remove {
            self.form.custom_dates.remove(i);
        }
        if ui.button(t!("card.add_custom_date")).clicked() {
            let date = YearlyInput {
                kind: crate::ui::widgets::yearly_input::YearlyKind::Solar,
                ..Default::default()
            };
            self.form.custom_dates.push(CustomDateRow {
                label: String::new(),
                date,
            });
        }

        section(ui, &t!("card.section_background"));
        egui::Grid::new("card-background")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                labelled_text(
                    ui,
                    &t!("card.first_contact_date"),
                    &mut self.form.first_contact_date,
                    "2024-01-05",
                    self.errors.get(field::FIRST_CONTACT),
                );
                labelled_text(
                    ui,
                    &t!("card.first_contact_place"),
                    &mut self.form.first_contact_place,
                    "",
                    None,
                );
                labelled_multiline(ui, &t!("card.needs"), &mut self.form.needs);
                labelled_multiline(ui, &t!("card.background"), &mut self.form.background);
                labelled_text(
                    ui,
                    &t!("card.tags"),
                    &mut self.form.tags,
                    &t!("card.tags_hint"),
                    None,
                );
                labelled_multiline(ui, &t!("card.notes"), &mut self.form.notes);
            });

        section(ui, &t!("card.section_source"));
        egui::Grid::new("card-source")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(t!("card.source"));
                egui::ComboBox::from_id_salt("source")
                    .selected_text(
                        self.form
                            .source
                            .map(|s| label("source", s.code()))
                            .unwrap_or_else(|| t!("common.none").into_owned()),
                    )
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.form.source, None, t!("common.none"));
                        for s in Source::ALL {
                            ui.selectable_value(
                                &mut self.form.source,
                                Some(*s),
                                label("source", s.code()),
                            );
                        }
                    })
                    .response
                    .accessible_name(t!("card.source"));
                ui.end_row();
                ui.label(t!("card.referred_by"));
                ui.vertical(|ui| {
                    self.referrer_picker(ui, view, people);
                    error_line(ui, self.errors.get(field::REFERRED_BY));
                });
                ui.end_row();
                if self.form.id.is_some() {
                    ui.label(t!("card.referrals"));
                    ui.horizontal_wrapped(|ui| {
                        if self.data.referrals.is_empty() {
                            ui.label(RichText::new(t!("card.referrals_none")).color(theme::MUTED));
                        } else {
                            ui.label(t!("card.referrals_count", n = self.data.referrals.len()));
                            for r in &self.data.referrals {
                                if ui.link(&r.name).clicked() {
                                    view.commands.push(Command::OpenCustomer(r.id));
                                }
                            }
                        }
                    });
                    ui.end_row();
                }
                ui.label(t!("card.class_label"));
                ui.horizontal(|ui| {
                    let computed = self
                        .form
                        .class_computed
                        .map(|c| c.code().to_string())
                        .unwrap_or_else(|| "—".into());
                    egui::ComboBox::from_id_salt("class-override")
                        .selected_text(match self.form.class_override {
                            Some(c) => t!("card.class_manual", class = c.code()).into_owned(),
                            None => t!("card.class_auto", class = &computed).into_owned(),
                        })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut self.form.class_override,
                                None,
                                t!("card.class_auto", class = &computed),
                            );
                            for c in CustomerClass::ALL {
                                ui.selectable_value(
                                    &mut self.form.class_override,
                                    Some(*c),
                                    t!("card.class_manual", class = c.code()),
                                );
                            }
                        })
                        .response
                        .accessible_name(t!("card.class_label"));
                    ui.label(
                        RichText::new(t!("card.class_hint"))
                            .small()
                            .color(theme::MUTED),
                    );
                });
                ui.end_row();
                labelled_text(
                    ui,
                    &t!("card.cadence"),
                    &mut self.form.cadence_days,
                    &t!("card.cadence_hint"),
                    self.errors.get(field::CADENCE),
                );
                labelled_text(
                    ui,
                    &t!("card.credit_limit"),
                    &mut self.form.credit_limit,
                    "¥",
                    self.errors.get(field::CREDIT),
                );
                ui.label(t!("card.blacklist"));
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.checkbox(&mut self.form.blacklisted, t!("card.blacklist_check"));
                        if self.form.blacklisted {
                            ui.add(
                                TextEdit::singleline(&mut self.form.blacklist_reason)
                                    .hint_text(t!("card.blacklist_reason"))
                                    .desired_width(240.0),
                            );
                        }
                    });
                    error_line(ui, self.errors.get(field::BLACKLIST_REASON));
                });
                ui.end_row();
            });
        ui.add_space(20.0);
    }

    fn referrer_picker(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        people: &[CustomerSummary],
    ) {
        if let Some(r) = self.form.referred_by.clone() {
            ui.horizontal(|ui| {
                if ui.link(&r.name).clicked() {
                    view.commands.push(Command::OpenCustomer(r.id));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(t!("common.remove"))
                    .clicked()
                {
                    self.form.referred_by = None;
                }
            });
            return;
        }
        ui.add(
            TextEdit::singleline(&mut self.referrer_query)
                .id_salt("referrer-search")
                .hint_text(t!("card.referrer_hint"))
                .desired_width(220.0),
        );
        if self.referrer_query.trim().is_empty() {
            return;
        }
        let query = crate::domain::search::Query::parse(&self.referrer_query);
        let matches: Vec<&CustomerSummary> = people
            .iter()
            .filter(|p| Some(p.id) != self.form.id && query.matches(&p.key))
            .take(6)
            .collect();
        if matches.is_empty() {
            ui.label(
                RichText::new(t!("card.referrer_none"))
                    .small()
                    .color(theme::MUTED),
            );
        }
        for m in matches {
            if ui
                .selectable_label(false, format!("{}  {}", m.name, m.mobile))
                .clicked()
            {
                self.form.referred_by = Some(CustomerRef {
                    id: m.id,
                    name: m.name.clone(),
                });
                self.referrer_query.clear();
                // Picking who referred them answers "how did they come" as well.
                if self.form.source.is_none() {
                    self.form.source = Some(Source::Referral);
                }
            }
        }
    }
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(
        RichText::new(title)
            .size(17.0)
            .strong()
            .color(theme::ACCENT),
    );
    ui.add_space(2.0);
}

/// A label and a one-line field in a grid row, linked for accessibility (and tests).
fn labelled_text(
    ui: &mut egui::Ui,
    title: &str,
    value: &mut String,
    hint: &str,
    error: Option<&String>,
) -> egui::Response {
    let label = ui.label(title);
    let response = ui
        .vertical(|ui| {
            let r = ui
                .add(
                    TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(280.0),
                )
                .labelled_by(label.id);
            error_line(ui, error);
            r
        })
        .inner;
    ui.end_row();
    response
}

fn labelled_multiline(ui: &mut egui::Ui, title: &str, value: &mut String) {
    let label = ui.label(title);
    ui.add(
        TextEdit::multiline(value)
            .desired_rows(2)
            .desired_width(420.0),
    )
    .labelled_by(label.id);
    ui.end_row();
}
