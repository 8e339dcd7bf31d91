//! Feedback cards (意见卡) with six months of responses: scores that improve
//! where the shop got better, some names (a few of them customers),
//! comments, and replies asked for — the older ones answered, the two most
//! recent of each card still waiting.

use chrono::NaiveDate;

use super::context::{Generator, add_days};
use super::tables::feedback::{
    FEEDBACK_CARDS, FEEDBACK_COMPLAINTS, FEEDBACK_DAYS, FEEDBACK_PRAISE, FEEDBACK_REPLIES,
};
use super::tables::people::TITLES;
use crate::domain::feedback::{FeedbackCard, FeedbackResponse, Question, Reply};
use crate::store::StoreError;

impl Generator<'_, '_> {
    /// The demo's feedback cards with responses over the last six months:
    /// scores that improve where the shop got better, some names (a few of
    /// them customers), comments, and replies asked for — the older ones
    /// answered, the two most recent of each card still waiting.
    pub(super) fn feedback(&mut self) -> Result<(), StoreError> {
        let today = self.today;
        let start = add_days(today, -FEEDBACK_DAYS);
        for demo in FEEDBACK_CARDS {
            let card = FeedbackCard {
                id: None,
                name: demo.name.to_string(),
                questions: demo
                    .questions
                    .iter()
                    .map(|q| Question {
                        text: q.text.to_string(),
                        levels: demo.levels.iter().map(|l| l.to_string()).collect(),
                    })
                    .collect(),
                archived: false,
                created_at: self.at_shop_hours(add_days(start, -7)),
            };
            let card_id = self.w.feedback_card(&card)?;
            // Spread evenly, so every month has some, each on a random day
            // of its stretch.
            let count = demo.responses;
            let stretch = FEEDBACK_DAYS / count;
            let dates: Vec<NaiveDate> = (0..count)
                .map(|k| {
                    let offset = k * FEEDBACK_DAYS / count + self.range(1, stretch);
                    add_days(start, offset).min(today)
                })
                .collect();
            let top = demo.levels.len() as f64;
            let mut responses = Vec::new();
            let total = dates.len();
            for (k, date) in dates.into_iter().enumerate() {
                // 0 at the start of the six months, 1 today.
                let progress = (date - start).num_days() as f64 / FEEDBACK_DAYS as f64;
                // Now and then a visit goes wrong all round.
                let setback = if self.chance(0.12) { 1.5 } else { 0.0 };
                let answers: Vec<Option<u8>> = demo
                    .questions
                    .iter()
                    .map(|q| {
                        if self.chance(0.06) {
                            return None;
                        }
                        let noise = self.roll() * 2.0 - 1.0;
                        let level =
                            (q.mean - q.gain / 2.0 + q.gain * progress + noise - setback).round();
                        Some(level.clamp(1.0, top) as u8)
                    })
                    .collect();
                let given: Vec<f64> = answers.iter().flatten().map(|&l| f64::from(l)).collect();
                let unhappy = !given.is_empty()
                    && given.iter().sum::<f64>() / (given.len() as f64) < top * 0.6;
                let comment = if unhappy && self.chance(0.8) {
                    self.pick(FEEDBACK_COMPLAINTS)
                } else if self.chance(0.3) {
                    self.pick(FEEDBACK_PRAISE)
                } else {
                    ""
                };
                let mut r = FeedbackResponse {
                    id: None,
                    card_id,
                    date,
                    customer_id: None,
                    name: String::new(),
                    contact: String::new(),
                    answers,
                    comment: comment.to_string(),
                    wants_reply: false,
                    reply: None,
                    created_at: self.at_shop_hours(date),
                };
                if !self.ids.is_empty() && self.chance(0.2) {
                    let k = self.index(self.ids.len());
                    r.customer_id = Some(self.ids[k]);
                    r.name = self.names[k].clone();
                } else if self.chance(0.25) || k + 2 >= total {
                    let title = self.pick(TITLES);
                    r.name = format!("{}{title}", self.surname());
                    r.contact = self.mobile();
                }
                // The latest two always ask for a reply, so some wait.
                r.wants_reply =
                    !r.name.is_empty() && (unhappy || self.chance(0.1) || k + 2 >= total);
                responses.push(r);
            }
            // Every reply asked for is logged, except the latest two.
            let waiting: Vec<usize> = (0..responses.len())
                .filter(|&i| responses[i].wants_reply)
                .collect();
            for &i in waiting.iter().rev().skip(2) {
                let day = add_days(responses[i].date, self.range(0, 3)).min(today);
                responses[i].reply = Some(Reply {
                    at: self.at_shop_hours(day),
                    note: self.pick(FEEDBACK_REPLIES).to_string(),
                });
            }
            for r in &responses {
                self.w.feedback_response(r)?;
                self.report.feedback_responses += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::demo::testing::{demo, today};

    #[test]
    fn the_demo_has_six_months_of_feedback_with_replies_waiting() {
        let (store, report) = demo(30, 4);
        assert_eq!(report.feedback_responses, 60);
        let cards = store.feedback_cards().unwrap();
        assert_eq!(cards.len(), 2);
        let mut replied = 0;
        for card in &cards {
            assert!(card.validate().is_empty(), "{card:?}");
            let responses = store.feedback_responses(card.id.unwrap()).unwrap();
            for r in &responses {
                assert!(r.validate(card).is_empty(), "{r:?}");
                assert!(r.date <= today() && (today() - r.date).num_days() <= 182);
                replied += usize::from(r.reply.is_some());
            }
            // Every one of the six months has answers.
            let last = crate::domain::feedback::Month::of(today());
            let trend = store
                .feedback_trend(card.id.unwrap(), last.back(5), last)
                .unwrap();
            assert!(trend.iter().all(|m| m.questions[0].count > 0), "{trend:?}");
        }
        assert!(replied >= 1);
        let waiting = store.open_feedback_replies().unwrap();
        assert!(waiting.len() >= 2, "{waiting:?}");
        assert!(waiting.iter().all(|t| !t.response.name.is_empty()));
    }
}
