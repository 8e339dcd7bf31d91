//! Feedback cards on temporary books: cards round-trip and archive, an
//! answered card keeps its questions, responses are checked against their
//! card, reply tasks stay open until a reply is logged, and the averages
//! and monthly trend come out right on known data.

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::Customer;
use genjin::domain::feedback::{
    CardField, CardId, CardProblem, FeedbackCard, FeedbackResponse, Month, Question, Reply,
    ResponseField, ResponseProblem, monthly_trend, question_averages,
};
use genjin::store::{Store, StoreError};
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(10, 0, 0).expect("a valid time")
}

fn open(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("book.sqlite")).expect("the test book opens")
}

fn five() -> Vec<String> {
    ["差", "一般", "好", "很好", "非常好"]
        .map(String::from)
        .to_vec()
}

fn four() -> Vec<String> {
    ["不满意", "一般", "满意", "非常满意"]
        .map(String::from)
        .to_vec()
}

/// Six questions: five on a five-level scale, the last on four levels.
fn card() -> FeedbackCard {
    let texts = ["质量", "价格", "速度", "态度", "整洁", "总体"];
    FeedbackCard {
        id: None,
        name: "售后意见卡".into(),
        questions: texts
            .iter()
            .enumerate()
            .map(|(i, t)| Question {
                text: t.to_string(),
                levels: if i == 5 { four() } else { five() },
            })
            .collect(),
        archived: false,
        created_at: at(2026, 1, 2),
    }
}

fn response(card_id: CardId, date: NaiveDate, answers: Vec<Option<u8>>) -> FeedbackResponse {
    FeedbackResponse {
        id: None,
        card_id,
        date,
        customer_id: None,
        name: String::new(),
        contact: String::new(),
        answers,
        comment: String::new(),
        wants_reply: false,
        reply: None,
        created_at: date.and_hms_opt(18, 0, 0).expect("a valid time"),
    }
}

fn card_problems(
    result: Result<impl std::fmt::Debug, StoreError>,
) -> Vec<(CardField, CardProblem)> {
    match result {
        Err(StoreError::InvalidFeedbackCard(problems)) => problems,
        other => panic!("expected a refused card, got {other:?}"),
    }
}

#[test]
fn a_card_round_trips_and_can_be_archived() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = store.create_feedback_card(&card()).unwrap();
    let loaded = store.feedback_card(id).unwrap().unwrap();
    assert_eq!(
        loaded,
        FeedbackCard {
            id: Some(id),
            ..card()
        }
    );
    assert_eq!(store.feedback_cards().unwrap(), vec![loaded.clone()]);

    store.archive_feedback_card(id, true).unwrap();
    assert!(store.feedback_card(id).unwrap().unwrap().archived);
    store.archive_feedback_card(id, false).unwrap();
    assert!(!store.feedback_cards().unwrap()[0].archived);
    assert!(matches!(
        store.archive_feedback_card(id + 1, true),
        Err(StoreError::NotFound(_))
    ));
    // The book reopens with the card as it was.
    drop(store);
    let store = open(&dir);
    assert_eq!(store.feedback_card(id).unwrap().unwrap(), loaded);
}

#[test]
fn an_invalid_card_is_refused_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let mut short = card();
    short.questions.truncate(4);
    short.questions[1].levels[2] = " ".into();
    assert_eq!(
        card_problems(store.create_feedback_card(&short)),
        vec![
            (CardField::Questions, CardProblem::TooFewQuestions),
            (CardField::Level(1, 2), CardProblem::Required),
        ]
    );
    assert!(store.feedback_cards().unwrap().is_empty());
}

#[test]
fn an_unanswered_card_may_change_freely() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = store.create_feedback_card(&card()).unwrap();
    let mut edited = store.feedback_card(id).unwrap().unwrap();
    edited.name = "维修回访卡".into();
    edited.questions.remove(0);
    edited.questions[0].levels = four();
    edited.questions.swap(1, 2);
    store.update_feedback_card(&edited).unwrap();
    assert_eq!(store.feedback_card(id).unwrap().unwrap(), edited);
}

#[test]
fn an_edit_that_removes_an_answered_question_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = store.create_feedback_card(&card()).unwrap();
    store
        .record_feedback(&response(
            id,
            day(2026, 3, 1),
            vec![Some(5), Some(4), None, Some(3), Some(2), Some(4)],
        ))
        .unwrap();
    let before = store.feedback_card(id).unwrap().unwrap();

    let mut removed = before.clone();
    removed.questions.pop();
    assert_eq!(
        card_problems(store.update_feedback_card(&removed)),
        vec![(CardField::Questions, CardProblem::AnsweredQuestionRemoved)]
    );
    let mut rescaled = before.clone();
    rescaled.questions[5].levels = five();
    assert_eq!(
        card_problems(store.update_feedback_card(&rescaled)),
        vec![(CardField::Levels(5), CardProblem::AnsweredLevelsChanged)]
    );
    assert_eq!(store.feedback_card(id).unwrap().unwrap(), before);

    // Rewording, relabelling and adding a question are fine.
    let mut grown = before.clone();
    grown.questions[0].text = "商品质量满意吗？".into();
    grown.questions[1].levels[0] = "太贵".into();
    grown.questions.push(Question {
        text: "还会再来吗？".into(),
        levels: four(),
    });
    store.update_feedback_card(&grown).unwrap();
    assert_eq!(store.feedback_card(id).unwrap().unwrap(), grown);

    // The older response now has an empty slot for the new question.
    let responses = store.feedback_responses(id).unwrap();
    assert_eq!(
        responses[0].answers,
        vec![Some(5), Some(4), None, Some(3), Some(2), Some(4), None]
    );
}

#[test]
fn a_response_is_checked_against_its_card() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = store.create_feedback_card(&card()).unwrap();
    let mut wants = response(id, day(2026, 3, 1), vec![Some(1); 6]);
    wants.wants_reply = true;
    wants.name = "李女士".into();
    match store.record_feedback(&wants) {
        Err(StoreError::InvalidFeedbackResponse(problems)) => assert_eq!(
            problems,
            vec![(ResponseField::Contact, ResponseProblem::NeededForReply)]
        ),
        other => panic!("expected a refused response, got {other:?}"),
    }
    // The last question has four levels: a 5 does not fit.
    let off_scale = response(
        id,
        day(2026, 3, 1),
        vec![None, None, None, None, None, Some(5)],
    );
    assert!(matches!(
        store.record_feedback(&off_scale),
        Err(StoreError::InvalidFeedbackResponse(_))
    ));
    assert!(matches!(
        store.record_feedback(&response(id + 1, day(2026, 3, 1), vec![Some(1); 6])),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.feedback_response_count(id).unwrap(), 0);
}

#[test]
fn a_reply_task_stays_open_until_a_reply_is_logged() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = store.create_feedback_card(&card()).unwrap();
    let mut wang = Customer::new("王芳", at(2025, 5, 1));
    wang.mobile = "13800138000".into();
    let wang = store.save_customer(&wang).unwrap();

    let mut quiet = response(id, day(2026, 3, 1), vec![Some(4); 6]);
    quiet.comment = "很好".into();
    store.record_feedback(&quiet).unwrap();
    let mut angry = response(id, day(2026, 3, 2), vec![Some(1); 6]);
    angry.name = "张先生".into();
    angry.contact = "13900139000".into();
    angry.comment = "安装师傅迟到两小时".into();
    angry.wants_reply = true;
    let angry = store.record_feedback(&angry).unwrap();
    let mut linked = response(id, day(2026, 3, 5), vec![Some(2); 6]);
    linked.name = "王芳".into();
    linked.customer_id = Some(wang);
    linked.wants_reply = true;
    let linked = store.record_feedback(&linked).unwrap();

    let open_tasks = |store: &Store| -> Vec<i64> {
        store
            .open_feedback_replies()
            .unwrap()
            .iter()
            .map(|t| t.response.id.unwrap())
            .collect()
    };
    // Longest waiting first.
    assert_eq!(open_tasks(&store), vec![angry, linked]);
    let tasks = store.open_feedback_replies().unwrap();
    assert_eq!(tasks[0].card_name, "售后意见卡");
    assert_eq!(tasks[0].customer_name, None);
    assert_eq!(tasks[1].customer_name.as_deref(), Some("王芳"));
    assert_eq!(tasks[0].response.answers, vec![Some(1); 6]);

    // Still open after reopening the book.
    drop(store);
    let mut store = open(&dir);
    assert_eq!(open_tasks(&store), vec![angry, linked]);

    let reply = Reply {
        at: at(2026, 3, 3),
        note: "店长电话致歉，约好周六再上门".into(),
    };
    store.log_feedback_reply(angry, &reply).unwrap();
    assert_eq!(open_tasks(&store), vec![linked]);
    let logged = store
        .feedback_responses(id)
        .unwrap()
        .into_iter()
        .find(|r| r.id == Some(angry))
        .unwrap();
    assert_eq!(logged.reply, Some(reply.clone()));
    assert!(!logged.awaits_reply());
    assert!(matches!(
        store.log_feedback_reply(linked + 100, &reply),
        Err(StoreError::NotFound(_))
    ));

    // An archived card's tasks still wait.
    store.archive_feedback_card(id, true).unwrap();
    assert_eq!(open_tasks(&store), vec![linked]);

    // A deleted customer leaves the response, unlinked.
    store.delete_customer(wang).unwrap();
    let tasks = store.open_feedback_replies().unwrap();
    assert_eq!(tasks[0].response.customer_id, None);
    assert_eq!(tasks[0].customer_name, None);
    assert_eq!(tasks[0].response.name, "王芳");
}

#[test]
fn responses_come_newest_first() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = store.create_feedback_card(&card()).unwrap();
    for d in [5, 1, 9, 3] {
        let mut r = response(id, day(2026, 4, d), vec![None; 6]);
        r.comment = format!("第{d}天");
        store.record_feedback(&r).unwrap();
    }
    let dates: Vec<u32> = store
        .feedback_responses(id)
        .unwrap()
        .iter()
        .map(|r| chrono::Datelike::day(&r.date))
        .collect();
    assert_eq!(dates, vec![9, 5, 3, 1]);
    assert_eq!(store.feedback_response_count(id).unwrap(), 4);
}

#[test]
fn averages_and_the_monthly_trend_on_known_data() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let id = store.create_feedback_card(&card()).unwrap();
    let other = store.create_feedback_card(&card()).unwrap();
    let known = [
        (
            day(2026, 1, 10),
            [Some(5), Some(2), Some(1), Some(4), None, Some(4)],
        ),
        (
            day(2026, 1, 31),
            [Some(4), Some(3), Some(2), Some(4), None, Some(3)],
        ),
        (
            day(2026, 3, 1),
            [Some(3), None, Some(5), Some(5), None, Some(1)],
        ),
        (
            day(2026, 3, 15),
            [Some(2), Some(4), Some(4), Some(5), Some(3), Some(2)],
        ),
    ];
    for (date, answers) in known {
        store
            .record_feedback(&response(id, date, answers.to_vec()))
            .unwrap();
    }
    // Another card's responses do not count.
    store
        .record_feedback(&response(other, day(2026, 1, 10), vec![Some(1); 6]))
        .unwrap();

    let averages = store.feedback_averages(id).unwrap();
    let pairs: Vec<(Option<f64>, u32)> = averages.iter().map(|a| (a.average, a.count)).collect();
    assert_eq!(
        pairs,
        vec![
            (Some(3.5), 4),
            (Some(3.0), 3),
            (Some(3.0), 4),
            (Some(4.5), 4),
            (Some(3.0), 1),
            (Some(2.5), 4),
        ]
    );

    let first = Month {
        year: 2025,
        month: 12,
    };
    let last = Month {
        year: 2026,
        month: 3,
    };
    let trend = store.feedback_trend(id, first, last).unwrap();
    assert_eq!(trend.len(), 4);
    let q = |m: usize, q: usize| (trend[m].questions[q].average, trend[m].questions[q].count);
    assert_eq!(q(0, 0), (None, 0)); // December: nothing
    assert_eq!(q(1, 0), (Some(4.5), 2)); // January
    assert_eq!(q(1, 2), (Some(1.5), 2));
    assert_eq!(q(2, 3), (None, 0)); // February: nothing
    assert_eq!(q(3, 1), (Some(4.0), 1)); // March: one answer, one blank
    assert_eq!(q(3, 5), (Some(1.5), 2));
    assert_eq!(trend[3].month, last);

    // The store's figures are the domain's figures.
    let definition = store.feedback_card(id).unwrap().unwrap();
    let responses = store.feedback_responses(id).unwrap();
    assert_eq!(averages, question_averages(&definition, &responses));
    assert_eq!(trend, monthly_trend(&definition, &responses, first, last));
    // A span outside every response has months but no answers.
    let empty = store
        .feedback_trend(
            id,
            Month {
                year: 2024,
                month: 1,
            },
            Month {
                year: 2024,
                month: 2,
            },
        )
        .unwrap();
    assert!(
        empty
            .iter()
            .all(|m| m.questions.iter().all(|a| a.count == 0))
    );
}

#[test]
fn customers_to_link_are_found_by_name_initials_or_phone() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let mut zhang = Customer::new("张三丰", at(2025, 5, 1));
    zhang.mobile = "13800138000".into();
    let zhang = store.save_customer(&zhang).unwrap();
    let li = store
        .save_customer(&Customer::new("李四", at(2025, 5, 1)))
        .unwrap();
    let found = |q: &str| -> Vec<i64> {
        store
            .customers_for_feedback(q, 8)
            .unwrap()
            .iter()
            .map(|(c, _)| c.id)
            .collect()
    };
    assert_eq!(found("三丰"), vec![zhang]);
    assert_eq!(found("zs"), vec![zhang]);
    assert_eq!(found("ZS"), vec![zhang]);
    assert_eq!(found("138001"), vec![zhang]);
    assert_eq!(found("李"), vec![li]);
    assert_eq!(found("%"), Vec::<i64>::new());
    assert_eq!(found("  "), Vec::<i64>::new());
    assert_eq!(
        store.customers_for_feedback("zs", 8).unwrap()[0].1,
        "13800138000"
    );
}
