//! The charts tab: aging by bucket (stacked by quadrant, or plain totals),
//! total outstanding at each month end, and the ten largest debtors. The
//! bars and their hover texts are built when the report changes; a frame
//! only hands copies of a few dozen bars to egui_plot.

use egui::RichText;
use egui_plot::{Bar, BarChart, Plot};

use super::report::{ReportData, bucket_titles, quadrant_color, quadrant_label};
use crate::domain::money::Money;
use crate::domain::receivables::aging::{AgingReport, Quadrant};
use crate::i18n::t;
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::chart_legend;

/// How many debtors the third chart shows.
pub const TOP: usize = 10;

#[derive(Default)]
pub struct ChartsTab {
    /// Show each bucket's total instead of stacking by quadrant.
    pub plain: bool,
    cache: Option<(u64, ChartData)>,
}

/// Everything the three charts draw, made once per report.
pub struct ChartData {
    pub buckets: Vec<String>,
    /// One stacked series per quadrant: its name, colour and bars.
    pub stacked: Vec<(String, egui::Color32, Vec<Bar>)>,
    pub plain: Vec<Bar>,
    pub months: Vec<String>,
    pub month_bars: Vec<Bar>,
    /// Names of the largest debtors, largest first.
    pub top_names: Vec<String>,
    pub top_bars: Vec<Bar>,
}

/// Yuan as a plot coordinate (drawing only; amounts stay `Money`).
fn yuan(m: Money) -> f64 {
    m.fen() as f64 / 100.0
}

/// An axis mark in whole yuan: `¥12,000`.
fn axis_yuan(value: f64) -> String {
    if value < 0.0 {
        return String::new();
    }
    let text = Money::from_yuan(value.round() as i64).to_string();
    text.strip_suffix(".00").map(str::to_string).unwrap_or(text)
}

/// The label of an integer axis position among `labels`.
fn label_at(labels: &[String], value: f64) -> String {
    let i = value.round();
    if (value - i).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    labels.get(i as usize).cloned().unwrap_or_default()
}

impl ChartData {
    pub fn new(report: &AgingReport, months: &[(chrono::NaiveDate, Money)]) -> ChartData {
        let buckets = bucket_titles(&report.rules.edges);
        let by_quadrant = report.buckets_by_quadrant();
        let mut base = vec![0.0; buckets.len()];
        let mut stacked = Vec::new();
        for (qi, q) in Quadrant::ALL.iter().enumerate() {
            let name = quadrant_label(*q);
            let bars = by_quadrant
                .iter()
                .enumerate()
                .map(|(i, amounts)| {
                    let value = yuan(amounts[qi]);
                    let bar = Bar::new(i as f64, value)
                        .base_offset(base[i])
                        .width(0.6)
                        .name(t!(
                            "recv.chart.bucket_hover",
                            bucket = buckets[i],
                            quadrant = name,
                            amount = amounts[qi]
                        ));
                    base[i] += value;
                    bar
                })
                .collect();
            stacked.push((name, quadrant_color(*q), bars));
        }
        let plain = report
            .totals
            .iter()
            .enumerate()
            .map(|(i, total)| {
                Bar::new(i as f64, yuan(*total))
                    .width(0.6)
                    .fill(theme::ACCENT)
                    .name(t!(
                        "recv.chart.total_hover",
                        bucket = buckets[i],
                        amount = *total
                    ))
            })
            .collect();
        let month_labels: Vec<String> = months
            .iter()
            .map(|(d, _)| d.format("%Y-%m").to_string())
            .collect();
        let month_bars = months
            .iter()
            .enumerate()
            .map(|(i, (day, total))| {
                Bar::new(i as f64, yuan(*total))
                    .width(0.7)
                    .fill(theme::ACCENT)
                    .name(t!(
                        "recv.chart.month_hover",
                        day = day.format("%Y-%m-%d"),
                        amount = *total
                    ))
            })
            .collect();
        let top = report.top_debtors(TOP);
        let n = top.len();
        // Largest at the top: the first debtor gets the highest position.
        let top_bars = top
            .iter()
            .enumerate()
            .map(|(i, r)| {
                Bar::new((n - 1 - i) as f64, yuan(r.total))
                    .width(0.6)
                    .fill(quadrant_color(r.quadrant))
                    .name(t!(
                        "recv.chart.debtor_hover",
                        name = r.name,
                        amount = r.total,
                        quadrant = quadrant_label(r.quadrant)
                    ))
            })
            .collect();
        let mut top_names: Vec<String> = top.iter().map(|r| r.name.clone()).collect();
        top_names.reverse();
        ChartData {
            buckets,
            stacked,
            plain,
            months: month_labels,
            month_bars,
            top_names,
            top_bars,
        }
    }
}

/// The hover text of a bar is its name, made with the bars.
fn hover(bar: &Bar, _chart: &BarChart) -> String {
    bar.name.clone()
}

fn base_plot<'a>(id: &str, height: f32) -> Plot<'a> {
    Plot::new(id.to_string())
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
        .label_formatter(|_| None)
        .y_axis_min_width(64.0)
}

impl ChartsTab {
    /// The chart data for the current report (made again when it changed).
    pub fn data(&mut self, data: &ReportData) -> Option<&ChartData> {
        let report = data.report()?;
        if self.cache.as_ref().map(|(g, _)| *g) != Some(data.generation()) {
            self.cache = Some((data.generation(), ChartData::new(report, data.months())));
        }
        self.cache.as_ref().map(|(_, c)| c)
    }

    pub fn show(&mut self, ui: &mut egui::Ui, _view: &mut ViewCtx<'_>, data: &mut ReportData) {
        let mut plain = self.plain;
        let Some(charts) = self.data(data) else {
            ui.label(RichText::new(t!("recv.loading")).color(theme::MUTED));
            return;
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.columns(2, |cols| {
                    let ui = &mut cols[0];
                    ui.horizontal(|ui| {
                        ui.strong(t!("recv.chart.aging_title"));
                        ui.checkbox(&mut plain, t!("recv.chart.plain"));
                    });
                    aging_chart(ui, charts, plain);
                    let ui = &mut cols[1];
                    ui.strong(t!("recv.chart.months_title"));
                    months_chart(ui, charts);
                });
                ui.add_space(12.0);
                ui.strong(t!("recv.chart.top_title", n = TOP));
                if charts.top_bars.is_empty() {
                    ui.label(RichText::new(t!("recv.nothing_open")).color(theme::MUTED));
                } else {
                    top_chart(ui, charts);
                }
            });
        self.plain = plain;
    }
}

fn aging_chart(ui: &mut egui::Ui, charts: &ChartData, plain: bool) {
    let labels = &charts.buckets;
    let legend: Vec<(String, egui::Color32)> = if plain {
        vec![(t!("recv.chart.total").into_owned(), theme::ACCENT)]
    } else {
        charts
            .stacked
            .iter()
            .map(|(name, color, _)| (name.clone(), *color))
            .collect()
    };
    chart_legend::show(ui, &legend);
    base_plot("recv-chart-aging", 260.0)
        .include_y(0.0)
        .include_x(-0.5)
        .include_x(labels.len() as f64 - 0.5)
        .x_axis_formatter(|mark, _| label_at(labels, mark.value))
        .y_axis_formatter(|mark, _| axis_yuan(mark.value))
        .show(ui, |plot| {
            if plain {
                plot.bar_chart(
                    BarChart::new(t!("recv.chart.total"), charts.plain.clone())
                        .color(theme::ACCENT)
                        .element_formatter(Box::new(hover)),
                );
            } else {
                for (name, color, bars) in &charts.stacked {
                    plot.bar_chart(
                        BarChart::new(name.clone(), bars.clone())
                            .color(*color)
                            .element_formatter(Box::new(hover)),
                    );
                }
            }
        });
}

fn months_chart(ui: &mut egui::Ui, charts: &ChartData) {
    let labels = &charts.months;
    // A legend row like the aging chart's keeps the two plots level.
    chart_legend::show(
        ui,
        &[(t!("recv.chart.outstanding").into_owned(), theme::ACCENT)],
    );
    base_plot("recv-chart-months", 260.0)
        .include_y(0.0)
        .include_x(-0.5)
        .include_x(labels.len() as f64 - 0.5)
        .x_axis_formatter(|mark, _| label_at(labels, mark.value))
        .y_axis_formatter(|mark, _| axis_yuan(mark.value))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(t!("recv.chart.outstanding"), charts.month_bars.clone())
                    .color(theme::ACCENT)
                    .element_formatter(Box::new(hover)),
            );
        });
}

fn top_chart(ui: &mut egui::Ui, charts: &ChartData) {
    let labels = &charts.top_names;
    base_plot("recv-chart-top", 300.0)
        .show_grid([true, false])
        .include_x(0.0)
        .include_y(-0.5)
        .include_y(labels.len() as f64 - 0.5)
        .y_axis_min_width(90.0)
        .x_axis_formatter(|mark, _| axis_yuan(mark.value))
        .y_axis_formatter(|mark, _| label_at(labels, mark.value))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(t!("recv.chart.debtors"), charts.top_bars.clone())
                    .horizontal()
                    .element_formatter(Box::new(hover)),
            );
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_marks_are_whole_yuan_and_labels_only_at_integers() {
        assert_eq!(axis_yuan(12_000.0), "¥12,000");
        assert_eq!(axis_yuan(-1.0), "");
        let labels = vec!["a".to_string(), "b".to_string()];
        assert_eq!(label_at(&labels, 1.0), "b");
        assert_eq!(label_at(&labels, 0.5), "");
        assert_eq!(label_at(&labels, 2.0), "");
    }
}
