//! Feedback cards (意见卡): a card of 5–10 questions, each answered on its
//! own scale of 4 or 5 labelled levels (worst first); the responses people
//! fill in (name optional, free text, "please reply to me"); the rules that
//! keep a card and a response sensible; and the per-question averages and
//! their monthly trend. Pure rules: no storage, no wording.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::customer::CustomerId;

/// How many questions a card has, at least and at most.
pub const QUESTIONS: std::ops::RangeInclusive<usize> = 5..=10;
/// How many levels a question's scale has, at least and at most.
pub const LEVELS: std::ops::RangeInclusive<usize> = 4..=5;

pub type CardId = i64;
pub type ResponseId = i64;

/// One question and its scale, level labels ordered worst → best.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub levels: Vec<String>,
}

/// A feedback card definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackCard {
    pub id: Option<CardId>,
    pub name: String,
    pub questions: Vec<Question>,
    /// No longer handed out; its responses and reply tasks stay.
    pub archived: bool,
    pub created_at: NaiveDateTime,
}

/// A part of the card definition, for pointing a message at its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardField {
    Name,
    /// The list of questions as a whole (how many there are).
    Questions,
    QuestionText(usize),
    /// A question's scale as a whole (how many levels it has).
    Levels(usize),
    /// One level label: question, level (0-based, worst first).
    Level(usize, usize),
}

/// What is wrong with a part of the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardProblem {
    Required,
    TooFewQuestions,
    TooManyQuestions,
    LevelCount,
    /// Once a card has responses: a question answered before was removed.
    AnsweredQuestionRemoved,
    /// Once a card has responses: a question's number of levels changed.
    AnsweredLevelsChanged,
}

impl FeedbackCard {
    /// Checks the card's own rules: a name, 5–10 questions, each with text
    /// and 4 or 5 non-empty level labels.
    pub fn validate(&self) -> Vec<(CardField, CardProblem)> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push((CardField::Name, CardProblem::Required));
        }
        if self.questions.len() < *QUESTIONS.start() {
            problems.push((CardField::Questions, CardProblem::TooFewQuestions));
        } else if self.questions.len() > *QUESTIONS.end() {
            problems.push((CardField::Questions, CardProblem::TooManyQuestions));
        }
        for (q, question) in self.questions.iter().enumerate() {
            if question.text.trim().is_empty() {
                problems.push((CardField::QuestionText(q), CardProblem::Required));
            }
            if !LEVELS.contains(&question.levels.len()) {
                problems.push((CardField::Levels(q), CardProblem::LevelCount));
            }
            for (l, label) in question.levels.iter().enumerate() {
                if label.trim().is_empty() {
                    problems.push((CardField::Level(q, l), CardProblem::Required));
                }
            }
        }
        problems
    }

    /// What an edit may not do once the card has responses: remove a
    /// question, or change how many levels a question has (answers would
    /// lose their meaning). Rewording, relabelling and adding are fine.
    pub fn answered_edit_problems(&self, edited: &FeedbackCard) -> Vec<(CardField, CardProblem)> {
        let mut problems = Vec::new();
        if edited.questions.len() < self.questions.len() {
            problems.push((CardField::Questions, CardProblem::AnsweredQuestionRemoved));
        }
        for (q, (before, after)) in self.questions.iter().zip(&edited.questions).enumerate() {
            if before.levels.len() != after.levels.len() {
                problems.push((CardField::Levels(q), CardProblem::AnsweredLevelsChanged));
            }
        }
        problems
    }
}

/// A reply logged for a response that asked for one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub at: NaiveDateTime,
    pub note: String,
}

/// One filled-in card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackResponse {
    pub id: Option<ResponseId>,
    pub card_id: CardId,
    pub date: NaiveDate,
    pub customer_id: Option<CustomerId>,
    /// The name the person left (may be empty).
    pub name: String,
    /// A phone or other way to reach them (may be empty).
    pub contact: String,
    /// One per question, in the card's order: the level chosen (1 = worst)
    /// or `None` when left blank.
    pub answers: Vec<Option<u8>>,
    pub comment: String,
    pub wants_reply: bool,
    pub reply: Option<Reply>,
    pub created_at: NaiveDateTime,
}

/// A part of the response, for pointing a message at its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseField {
    Name,
    Contact,
    /// The answers as a whole.
    Answers,
    Answer(usize),
}

/// What is wrong with a part of the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseProblem {
    /// A reply was asked for but there is nobody to reply to.
    NeededForReply,
    /// Neither an answer nor a comment.
    Empty,
    /// Not one answer slot per question of the card.
    AnswerCount,
    /// A level outside the question's scale.
    LevelOutOfRange,
}

impl FeedbackResponse {
    /// Whether a reply was asked for and none is logged yet.
    pub fn awaits_reply(&self) -> bool {
        self.wants_reply && self.reply.is_none()
    }

    /// Checks the response against its card: one answer slot per question,
    /// each level on its question's scale, something said (an answer or a
    /// comment), and, when a reply is wanted, a name plus a phone/contact or
    /// a linked customer.
    pub fn validate(&self, card: &FeedbackCard) -> Vec<(ResponseField, ResponseProblem)> {
        let mut problems = Vec::new();
        if self.wants_reply {
            if self.name.trim().is_empty() {
                problems.push((ResponseField::Name, ResponseProblem::NeededForReply));
            }
            if self.contact.trim().is_empty() && self.customer_id.is_none() {
                problems.push((ResponseField::Contact, ResponseProblem::NeededForReply));
            }
        }
        if self.answers.len() != card.questions.len() {
            problems.push((ResponseField::Answers, ResponseProblem::AnswerCount));
        }
        for (q, (answer, question)) in self.answers.iter().zip(&card.questions).enumerate() {
            if answer.is_some_and(|level| level == 0 || usize::from(level) > question.levels.len())
            {
                problems.push((ResponseField::Answer(q), ResponseProblem::LevelOutOfRange));
            }
        }
        if self.answers.iter().all(Option::is_none) && self.comment.trim().is_empty() {
            problems.push((ResponseField::Answers, ResponseProblem::Empty));
        }
        problems
    }
}

/// The average level given to one question, on its own scale (1 = worst),
/// with how many answers it is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionAverage {
    /// `None` when nobody answered.
    pub average: Option<f64>,
    pub count: u32,
}

/// Sums levels per question; answers past the card's questions are ignored.
#[derive(Debug, Clone, Default)]
struct Tally {
    sums: Vec<(u64, u32)>,
}

impl Tally {
    fn new(questions: usize) -> Tally {
        Tally {
            sums: vec![(0, 0); questions],
        }
    }

    fn add(&mut self, answers: &[Option<u8>]) {
        for (slot, answer) in self.sums.iter_mut().zip(answers) {
            if let Some(level) = answer {
                slot.0 += u64::from(*level);
                slot.1 += 1;
            }
        }
    }

    fn averages(&self) -> Vec<QuestionAverage> {
        self.sums
            .iter()
            .map(|&(sum, count)| QuestionAverage {
                average: (count > 0).then(|| sum as f64 / f64::from(count)),
                count,
            })
            .collect()
    }
}

/// The average of each question of `card` over `responses`, in card order.
pub fn question_averages(
    card: &FeedbackCard,
    responses: &[FeedbackResponse],
) -> Vec<QuestionAverage> {
    let mut tally = Tally::new(card.questions.len());
    for r in responses {
        tally.add(&r.answers);
    }
    tally.averages()
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month `n` months before this one.
    pub fn back(self, n: u32) -> Month {
        let index = self.index() - i64::from(n);
        Month {
            year: index.div_euclid(12) as i32,
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Months counted from year 0 (for plotting on a straight axis).
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// The last day of the month.
    pub fn last_day(self) -> Option<NaiveDate> {
        self.next().first_day()?.pred_opt()
    }
}

/// One month of the trend: each question's average in that month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthAverages {
    pub month: Month,
    pub questions: Vec<QuestionAverage>,
}

/// The averages per question for every month from `first` to `last`
/// inclusive (months without responses included, with no averages), from
/// the responses dated in those months.
pub fn monthly_trend(
    card: &FeedbackCard,
    responses: &[FeedbackResponse],
    first: Month,
    last: Month,
) -> Vec<MonthAverages> {
    let mut months = Vec::new();
    let mut month = first;
    while month <= last {
        months.push((month, Tally::new(card.questions.len())));
        month = month.next();
    }
    for r in responses {
        let m = Month::of(r.date);
        if m < first || m > last {
            continue;
        }
        let slot = (m.index() - first.index()) as usize;
        months[slot].1.add(&r.answers);
    }
    months
        .into_iter()
        .map(|(month, tally)| MonthAverages {
            month,
            questions: tally.averages(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn levels(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("L{i}")).collect()
    }

    fn card(questions: usize, level_count: usize) -> FeedbackCard {
        FeedbackCard {
            id: Some(1),
            name: "售后意见卡".into(),
            questions: (0..questions)
                .map(|i| Question {
                    text: format!("问题{i}"),
                    levels: levels(level_count),
                })
                .collect(),
            archived: false,
            created_at: d(2026, 1, 1).and_hms_opt(9, 0, 0).unwrap(),
        }
    }

    fn response(date: NaiveDate, answers: Vec<Option<u8>>) -> FeedbackResponse {
        FeedbackResponse {
            id: None,
            card_id: 1,
            date,
            customer_id: None,
            name: String::new(),
            contact: String::new(),
            answers,
            comment: String::new(),
            wants_reply: false,
            reply: None,
            created_at: date.and_hms_opt(10, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_card_of_five_to_ten_questions_is_valid() {
        assert!(card(5, 5).validate().is_empty());
        assert!(card(10, 4).validate().is_empty());
        assert_eq!(
            card(4, 5).validate(),
            vec![(CardField::Questions, CardProblem::TooFewQuestions)]
        );
        assert_eq!(
            card(11, 5).validate(),
            vec![(CardField::Questions, CardProblem::TooManyQuestions)]
        );
        assert_eq!(
            card(0, 5).validate(),
            vec![(CardField::Questions, CardProblem::TooFewQuestions)]
        );
    }

    #[test]
    fn a_scale_has_four_or_five_levels() {
        let mut c = card(6, 4);
        assert!(c.validate().is_empty());
        c.questions[2].levels = levels(3);
        c.questions[4].levels = levels(6);
        assert_eq!(
            c.validate(),
            vec![
                (CardField::Levels(2), CardProblem::LevelCount),
                (CardField::Levels(4), CardProblem::LevelCount),
            ]
        );
    }

    #[test]
    fn name_question_text_and_every_label_are_required() {
        let mut c = card(5, 5);
        c.name = "  ".into();
        c.questions[1].text = String::new();
        c.questions[3].levels[4] = " ".into();
        assert_eq!(
            c.validate(),
            vec![
                (CardField::Name, CardProblem::Required),
                (CardField::QuestionText(1), CardProblem::Required),
                (CardField::Level(3, 4), CardProblem::Required),
            ]
        );
    }

    #[test]
    fn an_answered_card_may_be_reworded_and_grow_but_not_shrink() {
        let before = card(6, 5);
        let mut after = before.clone();
        after.questions[0].text = "服务态度怎么样".into();
        after.questions[1].levels[0] = "很差".into();
        after.questions.push(Question {
            text: "还会再来吗".into(),
            levels: levels(4),
        });
        assert!(before.answered_edit_problems(&after).is_empty());

        let mut shorter = before.clone();
        shorter.questions.pop();
        assert_eq!(
            before.answered_edit_problems(&shorter),
            vec![(CardField::Questions, CardProblem::AnsweredQuestionRemoved)]
        );
        let mut rescaled = before.clone();
        rescaled.questions[2].levels.pop();
        assert_eq!(
            before.answered_edit_problems(&rescaled),
            vec![(CardField::Levels(2), CardProblem::AnsweredLevelsChanged)]
        );
    }

    #[test]
    fn a_response_says_something() {
        let c = card(5, 5);
        let blank = response(d(2026, 3, 1), vec![None; 5]);
        assert_eq!(
            blank.validate(&c),
            vec![(ResponseField::Answers, ResponseProblem::Empty)]
        );
        let mut comment_only = blank.clone();
        comment_only.comment = "师傅很细心".into();
        assert!(comment_only.validate(&c).is_empty());
        let one_answer = response(d(2026, 3, 1), vec![None, Some(4), None, None, None]);
        assert!(one_answer.validate(&c).is_empty());
    }

    #[test]
    fn answers_fit_the_card_and_its_scales() {
        let mut c = card(5, 5);
        c.questions[1].levels = levels(4);
        let r = response(
            d(2026, 3, 1),
            vec![Some(5), Some(5), Some(0), Some(1), None],
        );
        assert_eq!(
            r.validate(&c),
            vec![
                (ResponseField::Answer(1), ResponseProblem::LevelOutOfRange),
                (ResponseField::Answer(2), ResponseProblem::LevelOutOfRange),
            ]
        );
        let short = response(d(2026, 3, 1), vec![Some(3); 4]);
        assert_eq!(
            short.validate(&c),
            vec![(ResponseField::Answers, ResponseProblem::AnswerCount)]
        );
    }

    #[test]
    fn a_reply_needs_a_name_and_a_way_to_reach_them() {
        let c = card(5, 5);
        let mut r = response(d(2026, 3, 1), vec![Some(2); 5]);
        r.wants_reply = true;
        assert_eq!(
            r.validate(&c),
            vec![
                (ResponseField::Name, ResponseProblem::NeededForReply),
                (ResponseField::Contact, ResponseProblem::NeededForReply),
            ]
        );
        r.name = "李女士".into();
        assert_eq!(
            r.validate(&c),
            vec![(ResponseField::Contact, ResponseProblem::NeededForReply)]
        );
        r.contact = "13800138000".into();
        assert!(r.validate(&c).is_empty());
        // A linked customer is a way to reach them too.
        r.contact.clear();
        r.customer_id = Some(7);
        assert!(r.validate(&c).is_empty());
        // Without a reply wanted, nobody needs to be named.
        let anonymous = response(d(2026, 3, 1), vec![Some(2); 5]);
        assert!(anonymous.validate(&c).is_empty());
    }

    #[test]
    fn a_reply_task_stays_open_until_a_reply_is_logged() {
        let mut r = response(d(2026, 3, 1), vec![Some(1); 5]);
        assert!(!r.awaits_reply());
        r.wants_reply = true;
        assert!(r.awaits_reply());
        r.reply = Some(Reply {
            at: d(2026, 3, 2).and_hms_opt(15, 0, 0).unwrap(),
            note: "电话致歉，约好周六上门".into(),
        });
        assert!(!r.awaits_reply());
    }

    #[test]
    fn averages_are_per_question_on_its_own_scale() {
        let mut c = card(5, 5);
        c.questions[4].levels = levels(4);
        let responses = vec![
            response(
                d(2026, 1, 5),
                vec![Some(5), Some(2), None, Some(1), Some(4)],
            ),
            response(
                d(2026, 2, 5),
                vec![Some(4), Some(3), None, Some(2), Some(4)],
            ),
            response(d(2026, 2, 9), vec![Some(3), None, None, Some(3), Some(1)]),
        ];
        let averages = question_averages(&c, &responses);
        assert_eq!(averages.len(), 5);
        assert_eq!(averages[0].average, Some(4.0));
        assert_eq!(averages[0].count, 3);
        assert_eq!(averages[1].average, Some(2.5));
        assert_eq!(averages[1].count, 2);
        assert_eq!(averages[2].average, None);
        assert_eq!(averages[2].count, 0);
        assert_eq!(averages[4].average, Some(3.0));
        assert!(question_averages(&c, &[]).iter().all(|a| a.count == 0));
    }

    #[test]
    fn an_older_response_to_a_grown_card_counts_where_it_answered() {
        let mut c = card(5, 5);
        let old = response(d(2026, 1, 5), vec![Some(5); 5]);
        c.questions.push(Question {
            text: "新问题".into(),
            levels: levels(5),
        });
        let new = response(d(2026, 2, 5), vec![Some(3); 6]);
        let averages = question_averages(&c, &[old, new]);
        assert_eq!(averages[0].average, Some(4.0));
        assert_eq!(averages[5].average, Some(3.0));
        assert_eq!(averages[5].count, 1);
    }

    #[test]
    fn the_trend_has_every_month_of_the_span() {
        let c = card(5, 5);
        let responses = vec![
            response(d(2025, 11, 30), vec![Some(1); 5]), // before the span
            response(d(2025, 12, 1), vec![Some(2); 5]),
            response(d(2025, 12, 31), vec![Some(4); 5]),
            response(d(2026, 2, 28), vec![Some(5), None, None, None, None]),
            response(d(2026, 3, 1), vec![Some(1); 5]), // after the span
        ];
        let first = Month::of(d(2025, 12, 15));
        let last = Month::of(d(2026, 2, 1));
        let trend = monthly_trend(&c, &responses, first, last);
        let months: Vec<Month> = trend.iter().map(|m| m.month).collect();
        assert_eq!(
            months,
            vec![
                Month {
                    year: 2025,
                    month: 12
                },
                Month {
                    year: 2026,
                    month: 1
                },
                Month {
                    year: 2026,
                    month: 2
                },
            ]
        );
        assert_eq!(trend[0].questions[0].average, Some(3.0));
        assert_eq!(trend[0].questions[0].count, 2);
        assert_eq!(trend[1].questions[0].average, None);
        assert_eq!(trend[2].questions[0].average, Some(5.0));
        assert_eq!(trend[2].questions[1].count, 0);
        assert!(monthly_trend(&c, &responses, last, first).is_empty());
    }

    #[test]
    fn months_step_across_years() {
        let jan = Month::of(d(2026, 1, 20));
        assert_eq!(jan.back(1), Month::of(d(2025, 12, 1)));
        assert_eq!(jan.back(13), Month::of(d(2024, 12, 1)));
        assert_eq!(jan.back(1).next(), jan);
        assert_eq!(jan.first_day(), Some(d(2026, 1, 1)));
        assert_eq!(Month::of(d(2028, 2, 3)).last_day(), Some(d(2028, 2, 29)));
        assert_eq!(jan.index() - jan.back(5).index(), 5);
    }
}
