//! The card form itself, one function per group: identity and reach, dates
//! that matter (with family and custom dates), background, and source,
//! class and credit — each field with its inline message.

use egui::{RichText, TextEdit};

use super::CardEditor;
use crate::domain::contact::ContactChannel;
use crate::domain::customer::{CustomerClass, CustomerField, Gender, Relation, Source};
use crate::i18n::{label, t};
use crate::store::customers::{CustomerRef, CustomerSummary};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::customers::form::{CustomDateRow, Errors, FamilyRow};
use crate::ui::theme;
use crate::ui::widgets::entry::EntryField;
use crate::ui::widgets::error_line;
use crate::ui::widgets::form_row::{date_row, text_row};
use crate::ui::widgets::yearly_input::{YearlyInput, YearlyKind};

impl CardEditor {
    /// The whole card form, group after group.
    pub(super) fn card_form(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        people: &[CustomerSummary],
    ) {
        self.refresh_duplicates(view.store);
        self.live.begin();
        if !self.errors.is_empty() {
            ui.colored_label(theme::ERROR, t!("card.fix_errors", n = self.errors.len()));
        }
        self.identity_group(ui, view);
        self.dates_group(ui, view.clock.today());
        self.background_group(ui);
        self.source_group(ui, view, people);
        ui.add_space(20.0);
        if self.live.should_check(&self.errors) {
            let fresh = self.form.to_customer().err().unwrap_or_default();
            self.errors.follow(fresh, &self.live);
        }
    }

    /// Identity and reach: name, phones (with customers already using them),
    /// WeChat, email, address, company, occupation, gender, how to reach.
    fn identity_group(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        section(ui, &t!("card.section_identity"));
        egui::Grid::new("card-identity")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let focus = std::mem::take(&mut self.focus_name);
                let name = labelled_text(
                    ui,
                    CustomerField::Name,
                    &mut self.form.name,
                    &t!("card.name_hint"),
                    &self.errors,
                );
                self.live.watch(CustomerField::Name, &name);
                if focus {
                    name.request_focus();
                }
                self.phone_row(ui, view, CustomerField::Mobile, "138 0013 8000");
                self.phone_row(ui, view, CustomerField::Phone2, "010-12345678");
                plain_text(ui, &t!("card.wechat"), &mut self.form.wechat);
                let email = labelled_text(
                    ui,
                    CustomerField::Email,
                    &mut self.form.email,
                    "name@example.com",
                    &self.errors,
                );
                self.live.watch(CustomerField::Email, &email);
                plain_text(ui, &t!("card.address"), &mut self.form.address);
                plain_text(ui, &t!("card.company"), &mut self.form.company);
                plain_text(ui, &t!("card.occupation"), &mut self.form.occupation);
                self.reach_rows(ui);
            });
    }

    /// A phone field (mobile or second phone) with its message and, under
    /// it, the customers who already use the number typed there.
    fn phone_row(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        field: CustomerField,
        hint: &str,
    ) {
        let value = match field {
            CustomerField::Phone2 => &mut self.form.phone2,
            _ => &mut self.form.mobile,
        };
        let label = ui.label(field.label());
        ui.vertical(|ui| {
            let response = ui
                .add(
                    TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(TEXT_WIDTH),
                )
                .labelled_by(label.id);
            self.live.watch(field, &response);
            error_line(ui, self.errors.get(field));
            for (_, phone, found) in self.duplicates.iter().filter(|(f, ..)| *f == field) {
                for other in found {
                    ui.horizontal(|ui| {
                        ui.colored_label(
                            theme::WARNING,
                            t!("card.duplicate_phone", phone = phone, name = &other.name),
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

    /// Gender, the preferred channel and "do not contact".
    fn reach_rows(&mut self, ui: &mut egui::Ui) {
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
                    ui.selectable_value(&mut self.form.preferred_channel, None, t!("common.none"));
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
    }

    /// Dates that matter: birthday, anniversary, family and custom dates.
    fn dates_group(&mut self, ui: &mut egui::Ui, today: chrono::NaiveDate) {
        section(ui, &t!("card.section_dates"));
        egui::Grid::new("card-dates")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(CustomerField::Birthday.label());
                self.form.birthday.show(ui, "birthday", today);
                ui.end_row();
                ui.label(CustomerField::Anniversary.label());
                self.form.anniversary.show(ui, "anniversary", today);
                ui.end_row();
            });
        self.family_list(ui, today);
        ui.add_space(4.0);
        self.custom_dates_list(ui, today);
    }

    /// Family members, one line each, with a button to add one.
    fn family_list(&mut self, ui: &mut egui::Ui, today: chrono::NaiveDate) {
        ui.label(RichText::new(CustomerField::Family(0).label()).strong());
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
                if remove_button(ui) {
                    remove = Some(i);
                }
            });
            error_line(ui, self.errors.get(CustomerField::Family(i)));
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
    }

    /// The shop's own labelled dates, one line each, with a button to add one.
    fn custom_dates_list(&mut self, ui: &mut egui::Ui, today: chrono::NaiveDate) {
        ui.label(RichText::new(CustomerField::CustomDate(0).label()).strong());
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
                if remove_button(ui) {
                    remove = Some(i);
                }
            });
            error_line(ui, self.errors.get(CustomerField::CustomDate(i)));
        }
        if let Some(i) = remove {
            self.form.custom_dates.remove(i);
        }
        if ui.button(t!("card.add_custom_date")).clicked() {
            let date = YearlyInput {
                kind: YearlyKind::Solar,
                ..Default::default()
            };
            self.form.custom_dates.push(CustomDateRow {
                label: String::new(),
                date,
            });
        }
    }

    /// Background: first contact, needs, background, tags, notes.
    fn background_group(&mut self, ui: &mut egui::Ui) {
        section(ui, &t!("card.section_background"));
        egui::Grid::new("card-background")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let first = labelled_date(
                    ui,
                    CustomerField::FirstContactDate,
                    &mut self.form.first_contact_date,
                    "2024-01-05",
                    &self.errors,
                );
                self.live.watch(CustomerField::FirstContactDate, &first);
                plain_text(
                    ui,
                    &t!("card.first_contact_place"),
                    &mut self.form.first_contact_place,
                );
                labelled_multiline(ui, &t!("card.needs"), &mut self.form.needs);
                labelled_multiline(ui, &t!("card.background"), &mut self.form.background);
                text_row(
                    ui,
                    &t!("card.tags"),
                    &mut self.form.tags,
                    &t!("card.tags_hint"),
                    TEXT_WIDTH,
                    None,
                );
                labelled_multiline(ui, &t!("card.notes"), &mut self.form.notes);
            });
    }

    /// Source, referrals, class and credit: how they came, who referred
    /// them and whom they referred, the class, cadence, credit and blacklist.
    fn source_group(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        people: &[CustomerSummary],
    ) {
        section(ui, &t!("card.section_source"));
        egui::Grid::new("card-source")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                self.referral_rows(ui, view, people);
                self.class_row(ui);
                self.credit_rows(ui);
            });
    }

    /// The source, who referred the customer and, for a saved card, whom
    /// they referred.
    fn referral_rows(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        people: &[CustomerSummary],
    ) {
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
                    ui.selectable_value(&mut self.form.source, Some(*s), label("source", s.code()));
                }
            })
            .response
            .accessible_name(t!("card.source"));
        ui.end_row();
        ui.label(CustomerField::ReferredBy.label());
        ui.vertical(|ui| {
            self.referrer_picker(ui, view, people);
            error_line(ui, self.errors.get(CustomerField::ReferredBy));
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
    }

    /// The class: computed, or set by hand.
    fn class_row(&mut self, ui: &mut egui::Ui) {
        ui.label(t!("card.class_label"));
        ui.horizontal(|ui| {
            // Not yet classified counts as C, as in the header and the list.
            let computed = self.form.class_computed.unwrap_or(CustomerClass::C).code();
            egui::ComboBox::from_id_salt("class-override")
                .selected_text(match self.form.class_override {
                    Some(c) => t!("card.class_manual", class = c.code()).into_owned(),
                    None => t!("card.class_auto", class = computed).into_owned(),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.form.class_override,
                        None,
                        t!("card.class_auto", class = computed),
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
    }

    /// The contact cadence, the credit limit and the blacklist.
    fn credit_rows(&mut self, ui: &mut egui::Ui) {
        let cadence = labelled_text(
            ui,
            CustomerField::Cadence,
            &mut self.form.cadence_days,
            &t!("card.cadence_hint"),
            &self.errors,
        );
        self.live.watch(CustomerField::Cadence, &cadence);
        let credit = labelled_text(
            ui,
            CustomerField::CreditLimit,
            &mut self.form.credit_limit,
            "¥",
            &self.errors,
        );
        self.live.watch(CustomerField::CreditLimit, &credit);
        ui.label(CustomerField::BlacklistReason.label());
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.checkbox(&mut self.form.blacklisted, t!("card.blacklist_check"));
                if self.form.blacklisted {
                    let reason = ui.add(
                        TextEdit::singleline(&mut self.form.blacklist_reason)
                            .hint_text(t!("card.blacklist_reason"))
                            .desired_width(240.0),
                    );
                    self.live.watch(CustomerField::BlacklistReason, &reason);
                }
            });
            error_line(ui, self.errors.get(CustomerField::BlacklistReason));
        });
        ui.end_row();
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
                if remove_button(ui) {
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

/// Width of the card's one-line fields.
const TEXT_WIDTH: f32 = 280.0;

/// A field that can carry a message: its label, a one-line input and the
/// message under it, linked for accessibility (and tests).
fn labelled_text(
    ui: &mut egui::Ui,
    field: CustomerField,
    value: &mut String,
    hint: &str,
    errors: &Errors,
) -> egui::Response {
    text_row(
        ui,
        &field.label(),
        value,
        hint,
        TEXT_WIDTH,
        errors.get(field),
    )
}

/// A date field with its month page, its label and its error.
fn labelled_date(
    ui: &mut egui::Ui,
    field: CustomerField,
    value: &mut String,
    hint: &str,
    errors: &Errors,
) -> egui::Response {
    date_row(
        ui,
        &field.label(),
        value,
        hint,
        TEXT_WIDTH,
        errors.get(field),
    )
}

/// A one-line field that is never wrong, with its label.
fn plain_text(ui: &mut egui::Ui, title: &str, value: &mut String) {
    text_row(ui, title, value, "", TEXT_WIDTH, None);
}

/// The small × that removes a line from a list.
fn remove_button(ui: &mut egui::Ui) -> bool {
    ui.small_button("×")
        .on_hover_text(t!("common.remove"))
        .clicked()
}

fn labelled_multiline(ui: &mut egui::Ui, title: &str, value: &mut String) {
    let label = ui.label(title);
    ui.add(
        TextEdit::multiline(value)
            .desired_rows(2)
            .desired_width(crate::ui::widgets::fitting_width(ui, 420.0)),
    )
    .labelled_by(label.id);
    ui.end_row();
}
