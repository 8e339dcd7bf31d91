//! The aging tab: the as-of day, the four quadrants with their suggested
//! approach, and the report table (one row per customer with something
//! open). The table's order is worked out when the report, the sort or a
//! filter changes, never per frame, and only the rows in view are drawn, so
//! a book of 100,000 customers costs the same per frame as one of 100.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate};
use egui::RichText;

use super::report::{ReportData, bucket_titles, quadrant_color, quadrant_label};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::aging::{
    AgingReport, CustomerAging, Quadrant, quadrant_index, sales_to_recover,
};
use crate::i18n::t;
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::error_line;
use crate::ui::widgets::pinned_table::{Draw, Part, PinnedTable, Sizes};

/// Below this much room for the tab, the quadrants are shown as chips.
const COMPACT_BELOW: f32 = 600.0;

/// The column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Bucket(usize),
    Total,
    Oldest,
    Quadrant,
    /// The cost of the overdue part: sorts like the overdue amount.
    Recover,
}

/// Everything the visible order depends on besides the report itself.
type ViewKey = (u64, String, Option<Quadrant>, SortColumn, bool);

/// Sums of the rows in view (the header's totals line).
#[derive(Default)]
struct Totals {
    buckets: Vec<Money>,
    total: Money,
    overdue: Money,
}

pub struct AgingTab {
    as_of_text: String,
    /// The as-of day the text field last showed.
    shown_as_of: Option<NaiveDate>,
    as_of_error: Option<String>,
    pub filter: String,
    pub quadrant: Option<Quadrant>,
    sort: SortColumn,
    ascending: bool,
    /// Indexes into the report's rows, in the order shown; `None` for the
    /// first view, which shows the order sorted with the report.
    visible: Option<Vec<usize>>,
    totals: Totals,
    applied: Option<ViewKey>,
    /// The table's scroll position (name column pinned).
    scroll: PinnedTable,
}

impl Default for AgingTab {
    fn default() -> Self {
        AgingTab {
            as_of_text: String::new(),
            shown_as_of: None,
            as_of_error: None,
            filter: String::new(),
            quadrant: None,
            sort: SortColumn::Total,
            ascending: false,
            visible: None,
            totals: Totals::default(),
            applied: None,
            scroll: PinnedTable::default(),
        }
    }
}

impl AgingTab {
    /// Draws the tab; returns the customer whose statement was asked for.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        data: &mut ReportData,
    ) -> Option<CustomerId> {
        self.as_of_bar(ui, view, data);
        let Some(report) = data.report() else {
            ui.label(RichText::new(t!("recv.loading")).color(theme::MUTED));
            return None;
        };
        let default_order = data.default_order();
        self.refresh(report, default_order, data.generation());
        let order = self.visible.take();
        let shown = order.as_deref().unwrap_or(default_order);
        ui.add_space(6.0);
        // A short window (a small laptop) keeps the table's room: the four
        // quadrants become one row of chips, their advice in tooltips.
        if ui.available_height() < COMPACT_BELOW {
            self.quadrant_chips(ui, report);
        } else {
            self.quadrants(ui, report);
        }
        ui.add_space(6.0);
        self.filter_bar(ui, report, shown.len());
        ui.add_space(4.0);
        let clicked = if report.rows.is_empty() {
            ui.label(RichText::new(t!("recv.nothing_open")).color(theme::MUTED));
            None
        } else {
            self.table(ui, report, shown)
        };
        self.visible = order;
        clicked
    }

    /// The as-of day: typed (any date form the app reads), or today, or the
    /// end of last month.
    fn as_of_bar(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, data: &mut ReportData) {
        let as_of = data.as_of(view.clock.today());
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t!("recv.as_of"));
            let response = ui
                .add(
                    DateInput::new(&mut self.as_of_text)
                        .desired_width(110.0)
                        .id_salt("recv-as-of"),
                )
                .labelled_by(label.id);
            if self.shown_as_of != Some(as_of) && !response.has_focus() {
                self.as_of_text = as_of.format("%Y-%m-%d").to_string();
                self.shown_as_of = Some(as_of);
                self.as_of_error = None;
            }
            if response.changed() {
                match crate::domain::dates::parse_date(&self.as_of_text) {
                    Ok(day) => {
                        self.as_of_error = None;
                        self.shown_as_of = Some(day);
                        data.as_of = (day != view.clock.today()).then_some(day);
                        data.refresh(view);
                    }
                    Err(e) => self.as_of_error = Some(crate::i18n::date_error(&e)),
                }
            }
            if ui
                .add_enabled(data.as_of.is_some(), egui::Button::new(t!("recv.today")))
                .clicked()
            {
                data.as_of = None;
                data.refresh(view);
            }
            if ui.button(t!("recv.last_month_end")).clicked() {
                let first = as_of.with_day(1).unwrap_or(as_of);
                data.as_of = first.pred_opt();
                data.refresh(view);
            }
            if data.as_of.is_some() {
                ui.label(RichText::new(t!("recv.back_dated")).color(theme::WARNING));
            }
            if let Some(report) = data.report() {
                ui.add_space(12.0);
                ui.label(t!(
                    "recv.summary",
                    total = report.total,
                    overdue = report.overdue,
                    n = report.rows.len()
                ));
                if report.credits.is_positive() {
                    ui.label(
                        RichText::new(t!("recv.credits", amount = report.credits))
                            .color(theme::MUTED),
                    )
                    .on_hover_text(t!("recv.credits_hint"));
                }
            }
        });
        error_line(ui, self.as_of_error.as_ref());
    }

    /// The 2×2 panel: age (rows) × amount (columns), with count, sum and
    /// the suggested approach. Clicking a quadrant filters the table.
    fn quadrants(&mut self, ui: &mut egui::Ui, report: &AgingReport) {
        let rules = &report.rules;
        // The row titles take a fixed column; the two boxes share the rest,
        // so the panel fits a small laptop and grows no wider than needed.
        let title_width = 150.0;
        let cell = ((ui.available_width() - title_width - 40.0) / 2.0).clamp(170.0, 300.0);
        egui::Grid::new("recv-quadrants")
            .num_columns(3)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                ui.label("");
                ui.label(RichText::new(t!("recv.small", amount = rules.large_above)).strong());
                ui.label(RichText::new(t!("recv.large", amount = rules.large_above)).strong());
                ui.end_row();
                for (long, quads) in [
                    (false, [Quadrant::ShortSmall, Quadrant::ShortLarge]),
                    (true, [Quadrant::LongSmall, Quadrant::LongLarge]),
                ] {
                    let title = if long {
                        t!("recv.long", days = rules.long_after_days)
                    } else {
                        t!("recv.short", days = rules.long_after_days)
                    };
                    ui.scope(|ui| {
                        ui.set_max_width(title_width);
                        ui.add(egui::Label::new(RichText::new(title).strong()).wrap());
                    });
                    for q in quads {
                        self.quadrant_cell(ui, report, q, cell);
                    }
                    ui.end_row();
                }
            });
    }

    /// The quadrants as one wrapped row of clickable chips: colour, name,
    /// count and sum; the suggested approach on hover.
    fn quadrant_chips(&mut self, ui: &mut egui::Ui, report: &AgingReport) {
        ui.horizontal_wrapped(|ui| {
            for q in [
                Quadrant::ShortSmall,
                Quadrant::ShortLarge,
                Quadrant::LongSmall,
                Quadrant::LongLarge,
            ] {
                let sums = report.quadrants[quadrant_index(q)];
                let selected = self.quadrant == Some(q);
                let text = t!(
                    "recv.quadrant_chip",
                    name = quadrant_label(q),
                    sum = t!("recv.quadrant_sum", n = sums.customers, amount = sums.total)
                );
                let approach = crate::i18n::tr(&format!("recv.approach.{}", q.code()));
                // Square and name in one widget, so they wrap together
                // and nothing reaches past the window's edge.
                let mut job = egui::text::LayoutJob::default();
                let font = egui::TextStyle::Body.resolve(ui.style());
                job.append(
                    "■ ",
                    0.0,
                    egui::TextFormat::simple(font.clone(), quadrant_color(q)),
                );
                job.append(
                    &text,
                    0.0,
                    egui::TextFormat::simple(font, ui.visuals().text_color()),
                );
                if ui
                    .selectable_label(selected, job)
                    .on_hover_text(format!("{approach}\n{}", t!("recv.quadrant_click")))
                    .clicked()
                {
                    self.quadrant = if selected { None } else { Some(q) };
                }
            }
        });
    }

    fn quadrant_cell(&mut self, ui: &mut egui::Ui, report: &AgingReport, q: Quadrant, width: f32) {
        let sums = report.quadrants[quadrant_index(q)];
        let selected = self.quadrant == Some(q);
        let fill = quadrant_color(q);
        let mut frame = egui::Frame::group(ui.style()).inner_margin(8.0);
        if selected {
            // Only colours change, so the panel keeps its size.
            frame = frame
                .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
                .stroke(egui::Stroke::new(1.0, ui.visuals().selection.stroke.color));
        }
        frame.show(ui, |ui| {
            ui.set_width(width);
            ui.vertical(|ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("■").color(fill));
                    if ui
                        .selectable_label(selected, RichText::new(quadrant_label(q)).strong())
                        .on_hover_text(t!("recv.quadrant_click"))
                        .clicked()
                    {
                        self.quadrant = if selected { None } else { Some(q) };
                    }
                    ui.label(t!(
                        "recv.quadrant_sum",
                        n = sums.customers,
                        amount = sums.total
                    ));
                });
                ui.add(
                    egui::Label::new(
                        RichText::new(crate::i18n::tr(&format!("recv.approach.{}", q.code())))
                            .small()
                            .color(theme::MUTED),
                    )
                    .wrap(),
                );
            });
        });
    }

    fn filter_bar(&mut self, ui: &mut egui::Ui, report: &AgingReport, shown: usize) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t!("recv.filter"));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(t!("recv.filter_hint"))
                    .desired_width(180.0)
                    .id_salt("recv-filter"),
            )
            .labelled_by(label.id);
            if let Some(q) = self.quadrant {
                ui.label(t!("recv.only_quadrant", quadrant = quadrant_label(q)));
                if ui.button(t!("recv.show_all")).clicked() {
                    self.quadrant = None;
                }
            }
            ui.label(
                RichText::new(t!("recv.shown", shown = shown, all = report.rows.len()))
                    .color(theme::MUTED),
            );
        });
    }

    /// Works out the visible order and its totals when anything it depends
    /// on changed.
    /// Works the visible order and its totals out again when the report or
    /// the view changed; the default view (largest debt first, no filter)
    /// takes the order the book cache sorted on its thread.
    fn refresh(&mut self, report: &AgingReport, default_order: &[usize], generation: u64) {
        let key: ViewKey = (
            generation,
            self.filter.trim().to_lowercase(),
            self.quadrant,
            self.sort,
            self.ascending,
        );
        if self.applied.as_ref() == Some(&key) {
            return;
        }
        // A new filter, quadrant or sort shows its first rows.
        if self
            .applied
            .as_ref()
            .is_some_and(|a| a.1 != key.1 || a.2 != key.2 || a.3 != key.3 || a.4 != key.4)
        {
            self.scroll.scroll_to_top();
        }
        let default_view = key.1.is_empty()
            && key.2.is_none()
            && key.3 == SortColumn::Total
            && !key.4
            && default_order.len() == report.rows.len();
        if default_view {
            // Every row, so the report's own totals: nothing to add up.
            self.visible = None;
            self.totals = Totals {
                buckets: report.totals.clone(),
                total: report.total,
                overdue: report.overdue,
            };
            self.applied = Some(key);
            return;
        }
        let visible = order(report, &key.1, key.2, key.3, key.4);
        let rows = &report.rows;
        let mut totals = Totals {
            buckets: vec![Money(0); report.totals.len()],
            ..Totals::default()
        };
        for &i in &visible {
            let r = &rows[i];
            for (t, b) in totals.buckets.iter_mut().zip(&r.buckets) {
                *t += *b;
            }
            totals.total += r.total;
            totals.overdue += r.overdue;
        }
        if let Some(old) = self.visible.replace(visible) {
            crate::ui::cache::drop_later(old);
        }
        self.totals = totals;
        self.applied = Some(key);
    }

    fn table(
        &mut self,
        ui: &mut egui::Ui,
        report: &AgingReport,
        shown: &[usize],
    ) -> Option<CustomerId> {
        let titles = bucket_titles(&report.rules.edges);
        let margin = report.rules.margin_percent;
        ui.style_mut().interaction.selectable_labels = false;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let mut scrolled = vec![100.0; titles.len()];
        scrolled.extend([110.0, 120.0, 120.0, 150.0]);
        let sizes = Sizes {
            pinned: 140.0,
            scrolled,
            header_height: 2.0 * row_height + 4.0,
            row_height,
        };
        let recover_hint = t!("recv.recover_hint", margin = margin);
        let mut scroll = std::mem::take(&mut self.scroll);
        let clicked = scroll.show(ui, "recv-aging", &sizes, shown.len(), |draw| match draw {
            Draw::Header(Part::Pinned, header) => {
                let count = shown.len();
                self.header_cell(
                    header,
                    SortColumn::Name,
                    &t!("recv.col_customer"),
                    t!("recv.totals_row", n = count).into_owned(),
                    None,
                );
            }
            Draw::Header(Part::Scrolled, header) => {
                for (i, title) in titles.iter().enumerate() {
                    let total = self.totals.buckets.get(i).copied().unwrap_or_default();
                    self.header_cell(
                        header,
                        SortColumn::Bucket(i),
                        title,
                        total.to_string(),
                        None,
                    );
                }
                let total = self.totals.total.to_string();
                self.header_cell(
                    header,
                    SortColumn::Total,
                    &t!("recv.col_total"),
                    total,
                    None,
                );
                self.header_cell(
                    header,
                    SortColumn::Oldest,
                    &t!("recv.col_oldest"),
                    String::new(),
                    Some(t!("recv.oldest_hint").into_owned()),
                );
                self.header_cell(
                    header,
                    SortColumn::Quadrant,
                    &t!("recv.col_quadrant"),
                    String::new(),
                    None,
                );
                let recover = sales_to_recover(self.totals.overdue, margin)
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                self.header_cell(
                    header,
                    SortColumn::Recover,
                    &t!("recv.col_recover"),
                    recover,
                    Some(recover_hint.to_string()),
                );
            }
            Draw::Row(Part::Pinned, row) => {
                let r = &report.rows[shown[row.index()]];
                row.col(|ui| {
                    ui.label(&r.name).on_hover_text(&r.name);
                });
            }
            Draw::Row(Part::Scrolled, row) => {
                let r = &report.rows[shown[row.index()]];
                for b in &r.buckets {
                    row.col(|ui| {
                        if !b.is_zero() {
                            ui.label(b.to_string());
                        }
                    });
                }
                row.col(|ui| {
                    ui.label(RichText::new(r.total.to_string()).strong());
                });
                row.col(|ui| {
                    if r.oldest_overdue_days > 0 {
                        ui.label(t!("recv.days", n = r.oldest_overdue_days));
                    }
                });
                row.col(|ui| {
                    let label = quadrant_label(r.quadrant);
                    ui.label(&label).on_hover_text(&label);
                });
                row.col(|ui| {
                    if r.overdue.is_positive()
                        && let Some(m) = sales_to_recover(r.overdue, margin)
                    {
                        ui.label(RichText::new(m.to_string()).color(theme::WARNING))
                            .on_hover_text(t!(
                                "recv.recover_row",
                                overdue = r.overdue,
                                margin = margin,
                                sales = m
                            ));
                    }
                });
            }
        });
        self.scroll = scroll;
        clicked.map(|i| report.rows[shown[i]].customer_id)
    }

    fn header_cell(
        &mut self,
        header: &mut egui_extras::TableRow<'_, '_>,
        column: SortColumn,
        title: &str,
        total: String,
        hint: Option<String>,
    ) {
        header.col(|ui| {
            ui.vertical(|ui| {
                let arrow = if self.sort == column {
                    if self.ascending { " ▲" } else { " ▼" }
                } else {
                    ""
                };
                let response = ui.add(
                    egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                        .frame(false),
                );
                // A narrow column may clip its title: the tooltip has it whole.
                let response = response.on_hover_text(hint.unwrap_or_else(|| title.to_owned()));
                if response.clicked() {
                    if self.sort == column {
                        self.ascending = !self.ascending;
                    } else {
                        self.sort = column;
                        self.ascending = matches!(column, SortColumn::Name);
                    }
                }
                if !total.is_empty() {
                    ui.label(RichText::new(total).strong());
                }
            });
        });
    }
}

/// The rows of `report` whose name contains `needle` (lower case) and whose
/// quadrant is `quadrant`, sorted by `sort`, ties by customer id.
fn order(
    report: &AgingReport,
    needle: &str,
    quadrant: Option<Quadrant>,
    sort: SortColumn,
    ascending: bool,
) -> Vec<usize> {
    let rows = &report.rows;
    let mut visible: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| quadrant.is_none_or(|q| r.quadrant == q))
        .filter(|(_, r)| needle.is_empty() || r.name.to_lowercase().contains(needle))
        .map(|(i, _)| i)
        .collect();
    visible.sort_by(|&a, &b| {
        let ord = compare(&rows[a], &rows[b], sort);
        let ord = if ascending { ord } else { ord.reverse() };
        ord.then(rows[a].customer_id.cmp(&rows[b].customer_id))
    });
    visible
}

/// The table's first order — largest debt first — worked out with the
/// report, off the UI thread.
pub fn default_order(report: &AgingReport) -> Vec<usize> {
    order(report, "", None, SortColumn::Total, false)
}

fn compare(a: &CustomerAging, b: &CustomerAging, sort: SortColumn) -> Ordering {
    match sort {
        SortColumn::Name => a.name.cmp(&b.name),
        SortColumn::Bucket(i) => a.buckets.get(i).cmp(&b.buckets.get(i)),
        SortColumn::Total => a.total.cmp(&b.total),
        SortColumn::Oldest => a.oldest_overdue_days.cmp(&b.oldest_overdue_days),
        SortColumn::Quadrant => quadrant_index(a.quadrant).cmp(&quadrant_index(b.quadrant)),
        SortColumn::Recover => a.overdue.cmp(&b.overdue),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::receivables::aging::{AgingRules, CustomerAging};

    fn line(id: i64, name: &str, total: i64, days: u32, q: Quadrant) -> CustomerAging {
        CustomerAging {
            customer_id: id,
            name: name.into(),
            buckets: vec![Money(total), Money(0), Money(0), Money(0), Money(0)],
            total: Money(total),
            overdue: Money(0),
            oldest_overdue_days: days,
            quadrant: q,
        }
    }

    fn report() -> AgingReport {
        let d = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        AgingReport::new(
            d,
            AgingRules::default(),
            vec![
                line(1, "乙", 300, 0, Quadrant::ShortSmall),
                line(2, "甲", 100, 40, Quadrant::LongSmall),
                line(3, "丙", 200, 10, Quadrant::ShortSmall),
            ],
            Money(0),
        )
    }

    #[test]
    fn order_follows_sort_and_filters_and_is_kept_until_something_changes() {
        let report = report();
        let mut tab = AgingTab::default();
        let first = default_order(&report);
        assert_eq!(first, [0, 2, 1], "largest total first by default");
        tab.refresh(&report, &first, 1);
        assert_eq!(tab.visible, None, "the first view shows the report's order");
        assert_eq!(tab.totals.total, Money(600));
        tab.sort = SortColumn::Oldest;
        tab.ascending = true;
        tab.refresh(&report, &first, 1);
        assert_eq!(tab.visible.as_deref(), Some(&[0, 2, 1][..]));
        tab.quadrant = Some(Quadrant::ShortSmall);
        tab.refresh(&report, &first, 1);
        assert_eq!(tab.visible.as_deref(), Some(&[0, 2][..]));
        assert_eq!(tab.totals.total, Money(500));
        tab.quadrant = None;
        tab.filter = "甲".into();
        tab.refresh(&report, &first, 1);
        assert_eq!(tab.visible.as_deref(), Some(&[1][..]));
        // Nothing changed: the order is not worked out again.
        tab.visible = Some(Vec::new());
        tab.refresh(&report, &first, 1);
        assert_eq!(tab.visible.as_deref(), Some(&[][..]));
        tab.refresh(&report, &first, 2);
        assert_eq!(tab.visible.as_deref(), Some(&[1][..]));
        tab.filter.clear();
        tab.sort = SortColumn::Total;
        tab.ascending = false;
        tab.refresh(&report, &first, 2);
        assert_eq!(tab.visible, None);
        assert_eq!(tab.totals.total, report.total, "the report's own totals");
    }
}
