//! Settings counted in days: contact cadence by class (1–3650) and lead
//! days per occasion kind (0–60). Each field is checked as it is typed, with
//! the error next to it; Save stays off while any field is invalid.

use std::ops::RangeInclusive;

use egui::RichText;

use crate::domain::calendar::OccasionKind;
use crate::domain::calendar::agenda::{Cadence, LeadDays};
use crate::domain::text::to_half_width;
use crate::i18n::{label, t};
use crate::store::Store;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;

/// Days a contact cadence may have.
pub const CADENCE_RANGE: RangeInclusive<u32> = 1..=3650;
/// Days ahead an occasion may enter the agenda.
pub const LEAD_RANGE: RangeInclusive<u32> = 0..=60;

/// A whole number of days in `range` (full-width digits allowed), or `None`.
pub fn parse_days(text: &str, range: &RangeInclusive<u32>) -> Option<u32> {
    let text = to_half_width(text);
    let text = text.trim();
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|days| range.contains(days))
}

/// A number of days as typed, with the value last saved.
struct DaysField {
    text: String,
    saved: u32,
}

impl DaysField {
    fn new(days: u32) -> DaysField {
        DaysField {
            text: days.to_string(),
            saved: days,
        }
    }

    fn value(&self, range: &RangeInclusive<u32>) -> Option<u32> {
        parse_days(&self.text, range)
    }

    fn is_changed(&self, range: &RangeInclusive<u32>) -> bool {
        self.value(range).is_some_and(|days| days != self.saved)
    }

    /// After a save: the value typed is now the saved one.
    fn mark_saved(&mut self, days: u32) {
        self.saved = days;
        self.text = days.to_string();
    }
}

/// One grid row: the label, the field, "days" and the error if any.
fn days_row(ui: &mut egui::Ui, title: &str, field: &mut DaysField, range: &RangeInclusive<u32>) {
    let label = ui.label(title);
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut field.text).desired_width(64.0))
            .labelled_by(label.id);
        ui.label(t!("settings.days_unit"));
        if field.value(range).is_none() {
            ui.label(
                RichText::new(t!(
                    "settings.days_error",
                    min = range.start(),
                    max = range.end()
                ))
                .color(theme::ERROR),
            );
        }
    });
    ui.end_row();
}

/// A Save button, enabled only when something valid changed; returns
/// whether it was clicked.
fn save_button(ui: &mut egui::Ui, all_valid: bool, changed: bool) -> bool {
    ui.add_enabled(all_valid && changed, egui::Button::new(t!("common.save")))
        .on_disabled_hover_text(if all_valid {
            t!("settings.nothing_changed")
        } else {
            t!("settings.fix_errors")
        })
        .clicked()
}

/// Contact cadence by customer class.
pub struct CadenceForm {
    a: DaysField,
    b: DaysField,
    c: DaysField,
}

impl CadenceForm {
    pub fn new(cadence: Cadence) -> CadenceForm {
        CadenceForm {
            a: DaysField::new(cadence.a),
            b: DaysField::new(cadence.b),
            c: DaysField::new(cadence.c),
        }
    }

    fn fields(&self) -> [&DaysField; 3] {
        [&self.a, &self.b, &self.c]
    }

    /// The cadence typed, if every field is valid.
    fn value(&self) -> Option<Cadence> {
        Some(Cadence {
            a: self.a.value(&CADENCE_RANGE)?,
            b: self.b.value(&CADENCE_RANGE)?,
            c: self.c.value(&CADENCE_RANGE)?,
        })
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        ui.strong(t!("settings.cadence.title"));
        ui.label(
            RichText::new(t!("settings.cadence.hint"))
                .small()
                .color(theme::MUTED),
        );
        egui::Grid::new("settings-cadence")
            .num_columns(2)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                for (class, field) in [("A", &mut self.a), ("B", &mut self.b), ("C", &mut self.c)] {
                    let title = t!("settings.cadence.class", class = class);
                    days_row(ui, &title, field, &CADENCE_RANGE);
                }
            });
        let changed = self.fields().iter().any(|f| f.is_changed(&CADENCE_RANGE));
        if save_button(ui, self.value().is_some(), changed)
            && let Some(cadence) = self.value()
        {
            self.save(cadence, view);
        }
    }

    fn save(&mut self, cadence: Cadence, view: &mut ViewCtx<'_>) {
        match view.store.set_cadence(cadence) {
            Ok(()) => {
                self.a.mark_saved(cadence.a);
                self.b.mark_saved(cadence.b);
                self.c.mark_saved(cadence.c);
                saved(view);
            }
            Err(e) => view.status.error(crate::i18n::store_error(&e)),
        }
    }
}

/// Whether a kind's lead days matter: statutory days are not on the agenda.
fn has_lead(kind: OccasionKind) -> bool {
    !matches!(
        kind,
        OccasionKind::HolidayOff | OccasionKind::HolidayWorkday
    )
}

/// How many days ahead each kind of occasion enters the agenda.
pub struct LeadForm {
    fields: Vec<(OccasionKind, DaysField)>,
}

impl LeadForm {
    pub fn new(lead: &LeadDays) -> LeadForm {
        let fields = OccasionKind::ALL
            .iter()
            .copied()
            .filter(|kind| has_lead(*kind))
            .map(|kind| (kind, DaysField::new(lead.get(kind))))
            .collect();
        LeadForm { fields }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        ui.strong(t!("settings.lead.title"));
        ui.label(
            RichText::new(t!("settings.lead.hint"))
                .small()
                .color(theme::MUTED),
        );
        egui::Grid::new("settings-lead")
            .num_columns(2)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                for (kind, field) in &mut self.fields {
                    days_row(ui, &label("kind", kind.code()), field, &LEAD_RANGE);
                }
            });
        let all_valid = self
            .fields
            .iter()
            .all(|(_, f)| f.value(&LEAD_RANGE).is_some());
        let changed = self.fields.iter().any(|(_, f)| f.is_changed(&LEAD_RANGE));
        if save_button(ui, all_valid, changed) {
            self.save(view);
        }
    }

    /// Saves every changed kind; stops at the first error.
    fn save(&mut self, view: &mut ViewCtx<'_>) {
        for (kind, field) in &mut self.fields {
            let Some(days) = field.value(&LEAD_RANGE).filter(|d| *d != field.saved) else {
                continue;
            };
            if let Err(e) = view.store.set_lead_days(*kind, days) {
                view.status.error(crate::i18n::store_error(&e));
                return;
            }
            field.mark_saved(days);
        }
        saved(view);
    }
}

/// Reports a save and asks the calendar to read the settings again.
pub fn saved(view: &mut ViewCtx<'_>) {
    view.status.info(t!("common.saved"));
    view.commands.push(Command::Reload);
}

/// Reads both forms from the book.
pub fn load(store: &Store) -> crate::store::Result<(CadenceForm, LeadForm)> {
    Ok((
        CadenceForm::new(store.cadence()?),
        LeadForm::new(&store.lead_days()?),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_whole_numbers_in_range() {
        assert_eq!(parse_days("30", &CADENCE_RANGE), Some(30));
        assert_eq!(parse_days(" ３６５０ ", &CADENCE_RANGE), Some(3650));
        assert_eq!(parse_days("0", &LEAD_RANGE), Some(0));
        for bad in ["", "abc", "0", "3651", "-5", "1.5", "30天", "99999999999"] {
            assert_eq!(parse_days(bad, &CADENCE_RANGE), None, "{bad}");
        }
        assert_eq!(parse_days("61", &LEAD_RANGE), None);
    }
}
