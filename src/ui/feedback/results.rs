//! A card's results: each question's average on its own scale with the
//! number of answers and the level it comes closest to; the monthly trend
//! of those averages as a chart (hover a point for its exact value); and
//! the latest responses with their comments.

use egui::RichText;
use egui_plot::{Line, Plot, PlotPoints, Points};

use crate::domain::feedback::{
    CardId, FeedbackCard, FeedbackResponse, Month, MonthAverages, QuestionAverage, monthly_trend,
    question_averages,
};
use crate::i18n::t;
use crate::store::Store;
use crate::ui::theme;
use crate::ui::widgets::chart_legend;

/// How many months the trend covers, this one included.
pub const TREND_MONTHS: u32 = 12;
/// How many of the latest responses are listed.
const LATEST: usize = 30;

/// What the Results tab shows for one card, read once per change.
pub struct Results {
    pub card_id: CardId,
    pub averages: Vec<QuestionAverage>,
    /// The first month of the trend.
    first: Month,
    /// One line per question on the trend chart.
    series: Vec<Series>,
    pub responses: Vec<FeedbackResponse>,
}

/// One question's monthly averages, as drawn.
struct Series {
    name: String,
    points: Vec<TrendPoint>,
}

#[derive(Clone, Copy)]
struct TrendPoint {
    /// Months since the first month of the trend.
    x: f64,
    average: f64,
    count: u32,
}

impl Results {
    pub fn load(
        store: &Store,
        card: &FeedbackCard,
        today: chrono::NaiveDate,
    ) -> crate::store::Result<Results> {
        let card_id = card.id.unwrap_or_default();
        // One read; the figures are the domain's, as the store's own
        // `feedback_averages` and `feedback_trend` give them.
        let responses = store.feedback_responses(card_id)?;
        let last = Month::of(today);
        let first = last.back(TREND_MONTHS - 1);
        let trend = monthly_trend(card, &responses, first, last);
        Ok(Results {
            card_id,
            averages: question_averages(card, &responses),
            first,
            series: series(card, &trend, first),
            responses,
        })
    }

    pub fn show(&self, ui: &mut egui::Ui, card: &FeedbackCard) {
        ui.horizontal(|ui| {
            ui.heading(t!("feedback.results.averages"));
            ui.label(
                RichText::new(t!("feedback.results.total", n = self.responses.len()))
                    .color(theme::MUTED),
            );
        });
        self.averages_table(ui, card);
        ui.add_space(12.0);
        ui.heading(t!("feedback.results.trend", months = TREND_MONTHS));
        self.trend_chart(ui, card);
        ui.add_space(12.0);
        ui.heading(t!("feedback.results.recent"));
        self.latest(ui);
    }

    fn averages_table(&self, ui: &mut egui::Ui, card: &FeedbackCard) {
        egui::Grid::new("feedback-averages")
            .num_columns(4)
            .striped(true)
            .spacing([20.0, 6.0])
            .show(ui, |ui| {
                for title in [
                    t!("feedback.results.question"),
                    t!("feedback.results.average"),
                    t!("feedback.results.count"),
                    t!("feedback.results.reads_as"),
                ] {
                    ui.label(RichText::new(title).strong());
                }
                ui.end_row();
                for (q, (question, average)) in
                    card.questions.iter().zip(&self.averages).enumerate()
                {
                    ui.label(format!("{}. {}", q + 1, question.text));
                    match average.average {
                        Some(avg) => {
                            ui.label(format!("{avg:.2} / {}", question.levels.len()));
                            ui.label(average.count.to_string());
                            let nearest = (avg.round() as usize).clamp(1, question.levels.len());
                            ui.label(
                                question
                                    .levels
                                    .get(nearest - 1)
                                    .cloned()
                                    .unwrap_or_default(),
                            );
                        }
                        None => {
                            ui.label(
                                RichText::new(t!("feedback.results.none")).color(theme::MUTED),
                            );
                            ui.label("0");
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
    }

    fn trend_chart(&self, ui: &mut egui::Ui, card: &FeedbackCard) {
        if self.series.iter().all(|s| s.points.is_empty()) {
            ui.label(RichText::new(t!("feedback.results.no_trend")).color(theme::MUTED));
            return;
        }
        let first = self.first;
        let month_label = move |x: f64| -> Option<String> {
            let offset = x.round();
            if (x - offset).abs() > 1e-6 || offset < 0.0 || offset >= f64::from(TREND_MONTHS) {
                return None;
            }
            let index = first.index() + offset as i64;
            Some(format!(
                "{}-{:02}",
                index.div_euclid(12),
                index.rem_euclid(12) + 1
            ))
        };
        let top = card
            .questions
            .iter()
            .map(|q| q.levels.len())
            .max()
            .unwrap_or(5) as f64;
        let legend: Vec<(String, egui::Color32)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), theme::series_color(i)))
            .collect();
        chart_legend::show(ui, &legend);
        Plot::new("feedback-trend")
            .height(280.0)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .include_x(0.0)
            .include_x(f64::from(TREND_MONTHS - 1))
            .include_y(1.0)
            .include_y(top)
            .x_axis_formatter(move |mark, _| month_label(mark.value).unwrap_or_default())
            .label_formatter(move |pos| match pos {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name, index, ..
                } => {
                    let series = self.series.iter().find(|s| s.name == *plot_name)?;
                    let point = series.points.get(*index)?;
                    Some(
                        t!(
                            "feedback.results.hover",
                            question = plot_name,
                            month = month_label(point.x).unwrap_or_default(),
                            avg = format!("{:.2}", point.average),
                            n = point.count
                        )
                        .into_owned(),
                    )
                }
                egui_plot::HoverPosition::Elsewhere { .. } => None,
            })
            .show(ui, |plot| {
                for (i, series) in self.series.iter().enumerate() {
                    let color = theme::series_color(i);
                    let xy: Vec<[f64; 2]> =
                        series.points.iter().map(|p| [p.x, p.average]).collect();
                    plot.line(
                        Line::new(series.name.clone(), PlotPoints::new(xy.clone())).color(color),
                    );
                    plot.add(
                        Points::new(series.name.clone(), PlotPoints::new(xy))
                            .radius(3.5)
                            .color(color),
                    );
                }
            });
    }

    fn latest(&self, ui: &mut egui::Ui) {
        egui::Grid::new("feedback-latest")
            .num_columns(4)
            .striped(true)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for r in self.responses.iter().take(LATEST) {
                    ui.label(r.date.format("%Y-%m-%d").to_string());
                    if r.name.is_empty() {
                        ui.label(
                            RichText::new(t!("feedback.results.anonymous")).color(theme::MUTED),
                        );
                    } else {
                        ui.label(&r.name);
                    }
                    ui.label(&r.comment);
                    if r.reply.is_some() {
                        ui.label(
                            RichText::new(t!("feedback.results.replied")).color(theme::SUCCESS),
                        );
                    } else if r.wants_reply {
                        ui.label(
                            RichText::new(t!("feedback.results.awaiting")).color(theme::WARNING),
                        );
                    } else {
                        ui.label("");
                    }
                    ui.end_row();
                }
            });
    }
}

/// The chart's lines: each question's months that have answers.
fn series(card: &FeedbackCard, trend: &[MonthAverages], first: Month) -> Vec<Series> {
    card.questions
        .iter()
        .enumerate()
        .map(|(q, question)| Series {
            name: format!("{}. {}", q + 1, question.text),
            points: trend
                .iter()
                .filter_map(|m| {
                    let a = m.questions.get(q)?;
                    Some(TrendPoint {
                        x: (m.month.index() - first.index()) as f64,
                        average: a.average?,
                        count: a.count,
                    })
                })
                .collect(),
        })
        .collect()
}
