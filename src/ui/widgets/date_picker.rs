//! The date field of every form: the text field people type a date into
//! (any form `parse_date` reads; each form keeps its own parsing and inline
//! errors) and, beside it, a drawn calendar button opening one month's page. The page
//! starts on Monday and shows under each Gregorian day its lunar day (the
//! month's name on 初一, a short festival's name instead in Chinese), the
//! shop's 休/班 marks — the statutory calendar the Calendar section shows,
//! worked out by the same [`YearCalendar`] — today, the value typed and the
//! weekends. Clicking a day writes it as `YYYY-MM-DD` and closes the page;
//! Esc or a click elsewhere closes it unchanged.
//!
//! Today (by the app's clock) and the shop's own statutory days come from
//! [`share`], which the app calls at the start of every frame; the app
//! reads the shop's days from the book again only after the book changed.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use egui::{
    Align2, AsIdSalt, Color32, FontId, Id, IdSalt, Popup, PopupCloseBehavior, Rect, Response,
    RichText, Sense, SetOpenCommand, Stroke, StrokeKind, TextEdit, Ui, Vec2, Widget, WidgetText,
    vec2,
};

use crate::domain::calendar::OccasionKind;
use crate::domain::calendar::month::{first_of_month, shift_months, weeks};
use crate::domain::calendar::statutory::StatutoryDay;
use crate::domain::calendar::year::{CalendarMark, YearCalendar, lunar_day_label};
use crate::domain::dates::parse_date;
use crate::domain::lunar::LunarDate;
use crate::i18n::{Language, t, tr};
use crate::ui::theme;

/// One day's cell on the page: compact enough for six weeks to fit a
/// 640-point-high window under the field.
const CELL: Vec2 = vec2(42.0, 36.0);
/// The header's month and year buttons.
const NAV_BUTTON: Vec2 = vec2(26.0, 22.0);
/// The calendar button beside the field.
const BUTTON_WIDTH: f32 = 24.0;
/// Narrower than this, the field could not show `2026-12-04` whole.
const MIN_FIELD_WIDTH: f32 = 92.0;
/// A festival name replaces the lunar day only when it is this short.
const SHORT_FESTIVAL_CHARS: usize = 3;

/// A date typed as text with a month page to pick it from. Used like a
/// [`TextEdit`]: `ui.add(DateInput::new(&mut text).desired_width(110.0))`;
/// the response is the text field's (so `labelled_by` names the field and
/// `changed` is true when a day was picked too).
#[must_use = "add it with `ui.add(…)`"]
pub struct DateInput<'a> {
    text: &'a mut String,
    hint: Option<WidgetText>,
    width: f32,
    id_salt: Option<IdSalt>,
}

impl<'a> DateInput<'a> {
    pub fn new(text: &'a mut String) -> Self {
        DateInput {
            text,
            hint: None,
            width: 110.0,
            id_salt: None,
        }
    }

    /// Shown in the empty field.
    pub fn hint_text(mut self, hint: impl Into<WidgetText>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The width of field and button together (the field keeps room for a
    /// whole date, so a narrow one grows a little).
    pub fn desired_width(mut self, width: f32) -> Self {
        self.width = width;
        self
    }

    /// Names the text field's state, as [`TextEdit::id_salt`].
    pub fn id_salt(mut self, salt: impl AsIdSalt) -> Self {
        self.id_salt = Some(IdSalt::new(salt));
        self
    }
}

impl Widget for DateInput<'_> {
    fn ui(self, ui: &mut Ui) -> Response {
        let DateInput {
            text,
            hint,
            width,
            id_salt,
        } = self;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 2.0;
            // The button fits in the width asked for, as long as a date
            // still fits in the field.
            let field_width = (width - BUTTON_WIDTH - 2.0).max(MIN_FIELD_WIDTH);
            let mut edit = TextEdit::singleline(text).desired_width(field_width);
            if let Some(hint) = hint {
                edit = edit.hint_text(hint);
            }
            if let Some(salt) = id_salt {
                edit = edit.id_salt(salt);
            }
            let mut field = ui.add(edit);
            let Some(shared) = shared(ui.ctx()) else {
                return field;
            };
            let button = calendar_button(ui)
                .on_hover_text(t!("date.pick_hint"))
                .accessible_name(t!("date.pick"));
            let popup_id = field.id.with("date-picker");
            if let Some(picked) = show_page(ui, &field, &button, popup_id, text, &shared) {
                *text = written(text, picked);
                field.mark_changed();
                ui.ctx().request_repaint();
            }
            field
        })
        .inner
    }
}

/// A button with a small calendar drawn on it (the bundled fonts have no
/// calendar emoji, so none is used).
fn calendar_button(ui: &mut Ui) -> Response {
    let size = vec2(BUTTON_WIDTH, ui.spacing().interact_size.y);
    let response = ui.add(egui::Button::new("").min_size(size));
    let colour = ui.visuals().widgets.style(&response).fg_stroke.color;
    let painter = ui.painter();
    let page = Rect::from_center_size(response.rect.center() + vec2(0.0, 1.0), vec2(14.0, 12.0));
    let stroke = Stroke::new(1.2, colour);
    painter.rect_stroke(page, 2.0, stroke, StrokeKind::Inside);
    painter.rect_filled(
        Rect::from_min_size(page.min, vec2(page.width(), 3.5)),
        1.0,
        colour,
    );
    for x in [page.left() + 4.0, page.right() - 4.0] {
        painter.line_segment(
            [
                egui::pos2(x, page.top() - 2.0),
                egui::pos2(x, page.top() + 1.5),
            ],
            Stroke::new(1.5, colour),
        );
    }
    for row in 0..2u8 {
        for column in 0..3u8 {
            let corner = page.min + vec2(3.0 + 3.2 * f32::from(column), 5.5 + 2.8 * f32::from(row));
            painter.rect_filled(Rect::from_min_size(corner, vec2(1.8, 1.6)), 0.0, colour);
        }
    }
    response
}

/// The text after picking `day`: the day as `YYYY-MM-DD`, keeping a time
/// typed after the date (`2026-11-20 14:30` → `2026-11-22 14:30`).
fn written(before: &str, day: NaiveDate) -> String {
    let date = day.format("%Y-%m-%d").to_string();
    let trimmed = before.trim();
    match trimmed.split_once(' ') {
        Some((typed_day, time)) if parse_date(typed_day).is_ok() && !time.trim().is_empty() => {
            format!("{date} {}", time.trim())
        }
        _ => date,
    }
}

/// What every page needs from the app: today by its clock and the shop's
/// own statutory days.
#[derive(Clone)]
struct Shared {
    today: NaiveDate,
    own_statutory: Arc<Vec<StatutoryDay>>,
}

fn shared_key() -> Id {
    Id::unique("genjin-date-picker-shared")
}

fn shared(ctx: &egui::Context) -> Option<Shared> {
    ctx.data(|d| d.get_temp(shared_key()))
}

/// Gives the pickers drawn this frame today and, when the app read them
/// again (after the book changed), the shop's own statutory days; otherwise
/// the days handed over before stay.
pub fn share(ctx: &egui::Context, today: NaiveDate, fresh_own: Option<Vec<StatutoryDay>>) {
    let own_statutory = match (fresh_own, shared(ctx)) {
        // The same days keep the same Arc: pages worked out from them stay.
        (Some(fresh), Some(previous)) if *previous.own_statutory == fresh => previous.own_statutory,
        (Some(fresh), _) => Arc::new(fresh),
        (None, Some(previous)) => previous.own_statutory,
        (None, None) => Arc::default(),
    };
    ctx.data_mut(|d| {
        d.insert_temp(
            shared_key(),
            Shared {
                today,
                own_statutory,
            },
        );
    });
}

/// The month page under the field. Returns the day picked, if any.
fn show_page(
    ui: &Ui,
    field: &Response,
    button: &Response,
    popup_id: Id,
    text: &str,
    shared: &Shared,
) -> Option<NaiveDate> {
    let ctx = ui.ctx().clone();
    let value = parse_date(text).ok();
    let opening = button.clicked() && !Popup::is_id_open(&ctx, popup_id);
    if opening {
        let month = first_of_month(value.unwrap_or(shared.today));
        store_page(&ctx, popup_id, Page::new(month, shared));
        // The popup's first frame only measures it: draw the next one now,
        // not at the next mouse move.
        ctx.request_repaint();
    }
    let mut picked = None;
    Popup::new(
        popup_id,
        ctx.clone(),
        field.rect.union(button.rect),
        ui.layer_id(),
    )
    .open_memory(button.clicked().then_some(SetOpenCommand::Toggle))
    .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
    .gap(2.0)
    .show(|ui| {
        let stored: Option<Arc<Page>> = ctx.data(|d| d.get_temp(popup_id));
        let month = stored.as_ref().map_or_else(
            || first_of_month(value.unwrap_or(shared.today)),
            |p| p.first,
        );
        // Worked out again only when the month, the shop's days or the
        // language changed.
        let page = match stored {
            Some(page) if page.is_current(month, shared) => page,
            _ => store_page(&ctx, popup_id, Page::new(month, shared)),
        };
        let action = page_ui(ui, &page, shared.today, value);
        match action {
            Some(Action::Show(first)) => {
                store_page(&ctx, popup_id, Page::new(first, shared));
            }
            Some(Action::Pick(day)) => {
                picked = Some(day);
                ui.close();
            }
            None => {}
        }
    });
    picked
}

fn store_page(ctx: &egui::Context, popup_id: Id, page: Page) -> Arc<Page> {
    let page = Arc::new(page);
    ctx.data_mut(|d| d.insert_temp(popup_id, Arc::clone(&page)));
    page
}

/// What a click on the page asks for.
enum Action {
    /// Show the month starting on this day.
    Show(NaiveDate),
    Pick(NaiveDate),
}

/// One month worked out for the page, and what it was worked out from.
struct Page {
    first: NaiveDate,
    own_statutory: Arc<Vec<StatutoryDay>>,
    language: Language,
    weeks: Vec<[DayCell; 7]>,
}

impl Page {
    fn new(first: NaiveDate, shared: &Shared) -> Page {
        Page {
            first,
            own_statutory: Arc::clone(&shared.own_statutory),
            language: Language::current(),
            weeks: month_cells(first, &shared.own_statutory),
        }
    }

    fn is_current(&self, first: NaiveDate, shared: &Shared) -> bool {
        self.first == first
            && Arc::ptr_eq(&self.own_statutory, &shared.own_statutory)
            && self.language == Language::current()
    }
}

/// What one day's cell shows, in the UI language.
#[derive(Debug, Clone, PartialEq)]
pub struct DayCell {
    pub date: NaiveDate,
    /// Under the number: the lunar day (the month on 初一), or in Chinese a
    /// short festival's name.
    pub under: String,
    /// Whether `under` is a festival's name.
    pub festival: bool,
    /// `Some(true)` for a statutory day off, `Some(false)` for a make-up
    /// working day.
    pub statutory_off: Option<bool>,
    /// Everything about the day in words: the hover text.
    pub details: String,
}

/// The cells of the month starting on `first`, week by week from Monday,
/// with the shop's own statutory days laid over the built-in ones.
pub fn month_cells(first: NaiveDate, own_statutory: &[StatutoryDay]) -> Vec<[DayCell; 7]> {
    let mut years: BTreeMap<i32, YearCalendar> = BTreeMap::new();
    weeks(first)
        .into_iter()
        .map(|week| {
            week.map(|date| {
                let year = years
                    .entry(date.year())
                    .or_insert_with(|| YearCalendar::compute(date.year(), own_statutory));
                day_cell(date, year.on(date))
            })
        })
        .collect()
}

fn day_cell(date: NaiveDate, marks: &[CalendarMark]) -> DayCell {
    let lunar = LunarDate::from_solar(date).ok();
    let statutory = marks.iter().find(|m| {
        matches!(
            m.kind,
            OccasionKind::HolidayOff | OccasionKind::HolidayWorkday
        )
    });
    let festivals: Vec<String> = marks
        .iter()
        .filter(|m| {
            matches!(
                m.kind,
                OccasionKind::Festival | OccasionKind::SolarTerm | OccasionKind::Observance
            )
        })
        .map(mark_name)
        .collect();
    // Only a lunar festival or a solar term takes the lunar day's place.
    let short_festival = marks
        .iter()
        .find(|m| matches!(m.kind, OccasionKind::Festival | OccasionKind::SolarTerm))
        .map(mark_name)
        .filter(|name| {
            Language::current() == Language::Chinese && name.chars().count() <= SHORT_FESTIVAL_CHARS
        });
    let mut details = Vec::new();
    if let Some(lunar) = lunar {
        details.push(lunar_words(&lunar));
    }
    details.extend(festivals);
    if let Some(day) = statutory {
        let key = if day.kind == OccasionKind::HolidayOff {
            "date.pick_off"
        } else {
            "date.pick_work"
        };
        details.push(t!(key, name = day.name).into_owned());
    }
    let (under, festival) = match short_festival {
        Some(name) => (name, true),
        None => (
            lunar.map(|l| lunar_short(date, &l)).unwrap_or_default(),
            false,
        ),
    };
    DayCell {
        date,
        under,
        festival,
        statutory_off: statutory.map(|m| m.kind == OccasionKind::HolidayOff),
        details: details.join(" · "),
    }
}

/// A festival, solar term or observance as the Calendar names it.
fn mark_name(mark: &CalendarMark) -> String {
    if mark.code.is_empty() {
        mark.name.clone()
    } else {
        tr(&format!("day.{}", mark.code))
    }
}

/// The lunar day in a cell: 十五 / L15, and on 初一 the month: 冬月 / M11.
fn lunar_short(date: NaiveDate, lunar: &LunarDate) -> String {
    let name = lunar_day_label(date).unwrap_or_default();
    if lunar.day() == 1 {
        let key = if lunar.is_leap() {
            "date.lunar_short_leap_month"
        } else {
            "date.lunar_short_month"
        };
        t!(key, name = name, month = lunar.month()).into_owned()
    } else {
        t!("date.lunar_short_day", name = name, day = lunar.day()).into_owned()
    }
}

/// The lunar date in words: 农历冬月初一 / Lunar 11/1 (冬月初一).
fn lunar_words(lunar: &LunarDate) -> String {
    let month = if lunar.is_leap() {
        format!("{} {}", t!("date.leap"), lunar.month())
    } else {
        lunar.month().to_string()
    };
    t!(
        "date.lunar_words",
        name = lunar.chinese_month_day(),
        month = month,
        day = lunar.day()
    )
    .into_owned()
}

/// Draws the page: header, weekdays, weeks, today. Returns what was clicked.
fn page_ui(ui: &mut Ui, page: &Page, today: NaiveDate, value: Option<NaiveDate>) -> Option<Action> {
    let mut action = None;
    let width = CELL.x * 7.0;
    ui.set_width(width);
    ui.spacing_mut().item_spacing = vec2(0.0, 2.0);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        for (label, key, months) in [
            ("«", "calendar.prev_year", -12),
            ("‹", "calendar.prev_month", -1),
        ] {
            if nav_button(ui, label, key) {
                action = Some(Action::Show(shift_months(page.first, months)));
            }
        }
        let title_width = width - 4.0 * NAV_BUTTON.x - 4.0 * 2.0;
        ui.add_sized(
            [title_width, NAV_BUTTON.y],
            egui::Label::new(RichText::new(crate::i18n::month_title(page.first)).strong()),
        );
        for (label, key, months) in [
            ("›", "calendar.next_month", 1),
            ("»", "calendar.next_year", 12),
        ] {
            if nav_button(ui, label, key) {
                action = Some(Action::Show(shift_months(page.first, months)));
            }
        }
    });
    super::weekday_row(ui, CELL.x, 18.0, 12.0);
    for week in &page.weeks {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            for cell in week {
                if day_button(ui, cell, page.first.month(), today, value) {
                    action = Some(Action::Pick(cell.date));
                }
            }
        });
    }
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        if ui
            .small_button(t!("calendar.today"))
            .on_hover_text(t!("date.pick_today", date = today.format("%Y-%m-%d")))
            .clicked()
        {
            action = Some(Action::Pick(today));
        }
    });
    action
}

fn nav_button(ui: &mut Ui, label: &str, key: &str) -> bool {
    let name = tr(key);
    ui.add_sized(NAV_BUTTON, egui::Button::new(label))
        .on_hover_text(&name)
        .accessible_name(name)
        .clicked()
}

/// One day: named by its date for screen readers (and tests), described by
/// its details. Returns whether it was clicked.
fn day_button(
    ui: &mut Ui,
    cell: &DayCell,
    month: u32,
    today: NaiveDate,
    value: Option<NaiveDate>,
) -> bool {
    let (rect, response) = ui.allocate_exact_size(CELL, Sense::click());
    let name = cell.date.format("%Y-%m-%d").to_string();
    let selected = value == Some(cell.date);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, true, selected, name.clone())
    });
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_description(cell.details.clone());
    });
    paint_day(ui, rect, cell, month, today, selected, response.hovered());
    response.on_hover_text(&cell.details).clicked()
}

fn paint_day(
    ui: &Ui,
    rect: Rect,
    cell: &DayCell,
    month: u32,
    today: NaiveDate,
    selected: bool,
    hovered: bool,
) {
    let painter = ui.painter();
    let inner = rect.shrink(1.0);
    let visuals = ui.visuals();
    let weekend = cell.date.weekday().num_days_from_monday() >= 5;
    let fill = if selected {
        visuals.selection.bg_fill
    } else if hovered {
        visuals.widgets.hovered.bg_fill
    } else if weekend {
        theme::ERROR.gamma_multiply(0.07)
    } else {
        Color32::TRANSPARENT
    };
    painter.rect_filled(inner, 3.0, fill);
    if cell.date == today {
        painter.rect_stroke(
            inner,
            3.0,
            Stroke::new(1.5, theme::ACCENT),
            StrokeKind::Inside,
        );
    }
    let faded = |c: Color32| {
        if cell.date.month() == month {
            c
        } else {
            c.gamma_multiply(0.35)
        }
    };
    let rest = cell.statutory_off == Some(true) || (weekend && cell.statutory_off.is_none());
    let number = if rest {
        theme::ERROR
    } else {
        visuals.text_color()
    };
    painter.text(
        inner.center_top() + vec2(-3.0, 2.0),
        Align2::CENTER_TOP,
        cell.date.day().to_string(),
        FontId::proportional(14.0),
        faded(number),
    );
    painter.text(
        inner.center_bottom() + vec2(0.0, -2.0),
        Align2::CENTER_BOTTOM,
        &cell.under,
        FontId::proportional(10.0),
        faded(if cell.festival {
            theme::ACCENT
        } else {
            theme::MUTED
        }),
    );
    if let Some(off) = cell.statutory_off {
        let (text, colour) = if off {
            (t!("calendar.off"), theme::SUCCESS)
        } else {
            (t!("calendar.work"), theme::ERROR)
        };
        let badge = Rect::from_min_size(inner.right_top() + vec2(-12.0, 1.0), vec2(11.0, 11.0));
        painter.rect_filled(badge, 2.0, faded(colour));
        painter.text(
            badge.center(),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(8.5),
            Color32::WHITE,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn picking_keeps_a_typed_time() {
        assert_eq!(written("", day(2026, 12, 4)), "2026-12-04");
        assert_eq!(written("2026/1/5", day(2026, 12, 4)), "2026-12-04");
        assert_eq!(
            written("2026-11-20 14:30", day(2026, 11, 22)),
            "2026-11-22 14:30"
        );
        assert_eq!(written("nonsense 14:30", day(2026, 11, 22)), "2026-11-22");
    }

    #[test]
    fn national_day_cells_carry_the_lunar_day_and_the_statutory_marks() {
        let cells = month_cells(day(2026, 10, 1), &[]);
        let find = |date: NaiveDate| {
            cells
                .iter()
                .flatten()
                .find(|c| c.date == date)
                .unwrap()
                .clone()
        };
        // October 2026 starts on a Thursday.
        assert_eq!(cells[0][0].date, day(2026, 9, 28));
        let national_day = find(day(2026, 10, 1));
        assert_eq!(national_day.statutory_off, Some(true));
        // 2026-10-01 is lunar 八月廿一.
        assert!(national_day.details.contains("廿一"), "{national_day:?}");
        // The make-up working day after the holiday (Saturday 10 October).
        assert_eq!(find(day(2026, 10, 10)).statutory_off, Some(false));
        assert_eq!(find(day(2026, 10, 20)).statutory_off, None);
    }

    #[test]
    fn the_shop_own_days_are_laid_over_the_built_in_ones() {
        let own = [StatutoryDay {
            date: day(2027, 1, 1),
            name: "元旦".into(),
            off: true,
        }];
        let without = month_cells(day(2027, 1, 1), &[]);
        let with = month_cells(day(2027, 1, 1), &own);
        let first = |cells: &[[DayCell; 7]]| {
            cells
                .iter()
                .flatten()
                .find(|c| c.date == day(2027, 1, 1))
                .unwrap()
                .statutory_off
        };
        assert_eq!(first(&without), None);
        assert_eq!(first(&with), Some(true));
    }
}
