//! Feedback cards, their responses and reply tasks: create and edit a card
//! (once it has responses its questions stay: rewording, relabelling and
//! adding only), archive it, record a response, log a reply, and the
//! per-question averages and monthly trend (worked out by the domain from
//! the loaded answers).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{date_text, datetime_text, parse_date, parse_datetime};
use super::customers::CustomerRef;
use super::{Result, Store, StoreError};
use crate::domain::feedback::{
    CardId, FeedbackCard, FeedbackResponse, Month, MonthAverages, Question, QuestionAverage, Reply,
    ResponseId, monthly_trend, question_averages,
};

/// A response waiting for a reply, with what the list shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyTask {
    pub response: FeedbackResponse,
    pub card_name: String,
    /// The linked customer's name, when one is linked.
    pub customer_name: Option<String>,
}

impl Store {
    /// Saves a new card with its questions. Returns its id.
    pub fn create_feedback_card(&mut self, card: &FeedbackCard) -> Result<CardId> {
        let problems = card.validate();
        if !problems.is_empty() {
            return Err(StoreError::InvalidFeedbackCard(problems));
        }
        let tx = self.conn_mut().transaction()?;
        let id = insert_card(&tx, card)?;
        tx.commit()?;
        Ok(id)
    }

    /// Renames a card and replaces its questions. Once the card has
    /// responses, a question may not be removed nor its number of levels
    /// changed ([`StoreError::InvalidFeedbackCard`] with the answered
    /// problems); rewording, relabelling and adding questions are fine.
    pub fn update_feedback_card(&mut self, card: &FeedbackCard) -> Result<()> {
        let id = card.id.ok_or(StoreError::NotFound(0))?;
        let mut problems = card.validate();
        let before = self.feedback_card(id)?.ok_or(StoreError::NotFound(id))?;
        if self.feedback_response_count(id)? > 0 {
            problems.extend(before.answered_edit_problems(card));
        }
        if !problems.is_empty() {
            return Err(StoreError::InvalidFeedbackCard(problems));
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE feedback_cards SET name=?1 WHERE id=?2",
            params![card.name.trim(), id],
        )?;
        tx.execute("DELETE FROM feedback_questions WHERE card_id=?1", [id])?;
        insert_questions(&tx, id, &card.questions)?;
        tx.commit()?;
        Ok(())
    }

    /// Every card, archived ones included, oldest first.
    pub fn feedback_cards(&self) -> Result<Vec<FeedbackCard>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, archived, created_at FROM feedback_cards ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut cards = Vec::new();
        for row in rows {
            let (id, name, archived, created_at) = row?;
            cards.push(FeedbackCard {
                id: Some(id),
                name,
                questions: Vec::new(),
                archived,
                created_at: parse_datetime(&created_at)?,
            });
        }
        let mut questions = self.questions_by_card(None)?;
        for card in &mut cards {
            card.questions = questions
                .remove(&card.id.unwrap_or_default())
                .unwrap_or_default();
        }
        Ok(cards)
    }

    /// One card with its questions, or `None`.
    pub fn feedback_card(&self, id: CardId) -> Result<Option<FeedbackCard>> {
        let row: Option<(String, bool, String)> = self
            .conn()
            .query_row(
                "SELECT name, archived, created_at FROM feedback_cards WHERE id=?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((name, archived, created_at)) = row else {
            return Ok(None);
        };
        Ok(Some(FeedbackCard {
            id: Some(id),
            name,
            questions: self
                .questions_by_card(Some(id))?
                .remove(&id)
                .unwrap_or_default(),
            archived,
            created_at: parse_datetime(&created_at)?,
        }))
    }

    /// Archives a card (it is no longer offered for new responses) or
    /// brings it back.
    pub fn archive_feedback_card(&mut self, id: CardId, archived: bool) -> Result<()> {
        let n = self.conn().execute(
            "UPDATE feedback_cards SET archived=?1 WHERE id=?2",
            params![archived, id],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// How many responses a card has.
    pub fn feedback_response_count(&self, card: CardId) -> Result<u32> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM feedback_responses WHERE card_id=?1",
            [card],
            |r| r.get(0),
        )?)
    }

    /// Records a response after checking it against its card. Returns its id.
    pub fn record_feedback(&mut self, response: &FeedbackResponse) -> Result<ResponseId> {
        let card = self
            .feedback_card(response.card_id)?
            .ok_or(StoreError::NotFound(response.card_id))?;
        let problems = response.validate(&card);
        if !problems.is_empty() {
            return Err(StoreError::InvalidFeedbackResponse(problems));
        }
        let tx = self.conn_mut().transaction()?;
        let id = insert_response(&tx, response)?;
        tx.commit()?;
        Ok(id)
    }

    /// A card's responses, newest first.
    pub fn feedback_responses(&self, card: CardId) -> Result<Vec<FeedbackResponse>> {
        load_responses(
            self.conn(),
            "r.card_id = ?1",
            "r.date DESC, r.id DESC",
            [card],
        )
    }

    /// Responses of every card that asked for a reply and have none yet,
    /// longest waiting first.
    pub fn open_feedback_replies(&self) -> Result<Vec<ReplyTask>> {
        const AWAITING: &str = "r.wants_reply AND r.replied_at IS NULL";
        let responses = load_responses(self.conn(), AWAITING, "r.date, r.id", params![])?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT r.id, c.name, cu.name FROM feedback_responses r \
             JOIN feedback_cards c ON c.id = r.card_id \
             LEFT JOIN customers cu ON cu.id = r.customer_id WHERE {AWAITING}"
        ))?;
        let mut names: HashMap<i64, (String, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(responses
            .into_iter()
            .map(|response| {
                let (card_name, customer_name) = names
                    .remove(&response.id.unwrap_or_default())
                    .unwrap_or_default();
                ReplyTask {
                    response,
                    card_name,
                    customer_name,
                }
            })
            .collect())
    }

    /// Logs the reply to a response (logging again replaces it).
    pub fn log_feedback_reply(&mut self, response: ResponseId, reply: &Reply) -> Result<()> {
        let n = self.conn().execute(
            "UPDATE feedback_responses SET replied_at=?1, reply_note=?2 WHERE id=?3",
            params![datetime_text(reply.at), reply.note.trim(), response],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(response));
        }
        Ok(())
    }

    /// Each question's average level over all of the card's responses.
    pub fn feedback_averages(&self, card: CardId) -> Result<Vec<QuestionAverage>> {
        let definition = self
            .feedback_card(card)?
            .ok_or(StoreError::NotFound(card))?;
        Ok(question_averages(
            &definition,
            &self.feedback_responses(card)?,
        ))
    }

    /// Each question's average per month, `first` to `last` inclusive.
    pub fn feedback_trend(
        &self,
        card: CardId,
        first: Month,
        last: Month,
    ) -> Result<Vec<MonthAverages>> {
        let definition = self
            .feedback_card(card)?
            .ok_or(StoreError::NotFound(card))?;
        let (Some(from), Some(to)) = (first.first_day(), last.last_day()) else {
            return Ok(Vec::new());
        };
        let responses = load_responses(
            self.conn(),
            "r.card_id = ?1 AND r.date BETWEEN ?2 AND ?3",
            "r.date",
            params![card, date_text(from), date_text(to)],
        )?;
        Ok(monthly_trend(&definition, &responses, first, last))
    }

    /// Customers to link a response to: those whose name contains `query`,
    /// or whose pinyin initials, pinyin or phone start with it; at most
    /// `limit`, by name. Each comes with their mobile (may be empty).
    pub fn customers_for_feedback(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<(CustomerRef, String)>> {
        let query = crate::domain::text::to_half_width(query.trim()).to_lowercase();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let escaped = query
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, mobile FROM customers \
             WHERE name LIKE '%' || ?1 || '%' ESCAPE '\\' OR name_initials LIKE ?1 || '%' ESCAPE '\\' \
             OR name_pinyin LIKE ?1 || '%' ESCAPE '\\' OR mobile LIKE ?1 || '%' ESCAPE '\\' \
             OR phone2 LIKE ?1 || '%' ESCAPE '\\' \
             ORDER BY name_pinyin, id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![escaped, limit as i64], |r| {
            Ok((
                CustomerRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
                r.get(2)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Questions of one card, or of all cards, by card id in position order.
    fn questions_by_card(&self, card: Option<CardId>) -> Result<HashMap<CardId, Vec<Question>>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT card_id, text, levels FROM feedback_questions \
             WHERE ?1 IS NULL OR card_id = ?1 ORDER BY card_id, position",
        )?;
        let rows = stmt.query_map([card], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out: HashMap<CardId, Vec<Question>> = HashMap::new();
        for row in rows {
            let (card_id, text, levels) = row?;
            let levels: Vec<String> = serde_json::from_str(&levels)
                .map_err(|_| StoreError::Corrupt(format!("feedback levels {levels:?}")))?;
            out.entry(card_id)
                .or_default()
                .push(Question { text, levels });
        }
        Ok(out)
    }
}

/// The one INSERT for cards (with their questions), shared with bulk writes.
pub(super) fn insert_card(conn: &Connection, card: &FeedbackCard) -> Result<CardId> {
    conn.prepare_cached(
        "INSERT INTO feedback_cards (name, archived, created_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        card.name.trim(),
        card.archived,
        datetime_text(card.created_at)
    ])?;
    let id = conn.last_insert_rowid();
    insert_questions(conn, id, &card.questions)?;
    Ok(id)
}

fn insert_questions(conn: &Connection, card: CardId, questions: &[Question]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO feedback_questions (card_id, position, text, levels) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, q) in questions.iter().enumerate() {
        let levels: Vec<&str> = q.levels.iter().map(|l| l.trim()).collect();
        let levels = serde_json::to_string(&levels)
            .map_err(|e| StoreError::Corrupt(format!("feedback levels: {e}")))?;
        stmt.execute(params![card, position as i64, q.text.trim(), levels])?;
    }
    Ok(())
}

/// The one INSERT for responses (with answers and any reply), shared with
/// bulk writes.
pub(super) fn insert_response(conn: &Connection, r: &FeedbackResponse) -> Result<ResponseId> {
    conn.prepare_cached(
        "INSERT INTO feedback_responses (card_id, customer_id, name, contact, date, comment, \
         wants_reply, replied_at, reply_note, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    )?
    .execute(params![
        r.card_id,
        r.customer_id,
        r.name.trim(),
        r.contact.trim(),
        date_text(r.date),
        r.comment.trim(),
        r.wants_reply,
        r.reply.as_ref().map(|reply| datetime_text(reply.at)),
        r.reply
            .as_ref()
            .map(|reply| reply.note.trim())
            .unwrap_or_default(),
        datetime_text(r.created_at),
    ])?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO feedback_answers (response_id, position, level) VALUES (?1, ?2, ?3)",
    )?;
    for (position, answer) in r.answers.iter().enumerate() {
        if let Some(level) = answer {
            stmt.execute(params![id, position as i64, level])?;
        }
    }
    Ok(id)
}

/// Responses matching `filter` (a WHERE clause on `r`) in `order`, each
/// with one answer slot per question of its card.
fn load_responses(
    conn: &Connection,
    filter: &str,
    order: &str,
    args: impl rusqlite::Params + Clone,
) -> Result<Vec<FeedbackResponse>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.id, r.card_id, r.customer_id, r.name, r.contact, r.date, r.comment, \
         r.wants_reply, r.replied_at, r.reply_note, r.created_at, \
         (SELECT count(*) FROM feedback_questions q WHERE q.card_id = r.card_id) \
         FROM feedback_responses r WHERE {filter} ORDER BY {order}"
    ))?;
    let rows = stmt.query_map(args.clone(), |r| {
        Ok((
            (
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ),
            (
                r.get::<_, String>(6)?,
                r.get::<_, bool>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, i64>(11)?,
            ),
        ))
    })?;
    let mut out = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for row in rows {
        let (
            (id, card_id, customer_id, name, contact, date),
            (comment, wants_reply, replied_at, reply_note, created_at, questions),
        ) = row?;
        let reply = replied_at
            .map(|at| {
                Ok::<_, StoreError>(Reply {
                    at: parse_datetime(&at)?,
                    note: reply_note,
                })
            })
            .transpose()?;
        index.insert(id, out.len());
        out.push(FeedbackResponse {
            id: Some(id),
            card_id,
            date: parse_date(&date)?,
            customer_id,
            name,
            contact,
            answers: vec![None; usize::try_from(questions).unwrap_or(0)],
            comment,
            wants_reply,
            reply,
            created_at: parse_datetime(&created_at)?,
        });
    }
    if out.is_empty() {
        return Ok(out);
    }
    // The answers of the same responses, in one pass.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.response_id, a.position, a.level FROM feedback_answers a \
         JOIN feedback_responses r ON r.id = a.response_id WHERE {filter}"
    ))?;
    let rows = stmt.query_map(args, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (id, position, level) = row?;
        let (Ok(position), Ok(level)) = (usize::try_from(position), u8::try_from(level)) else {
            return Err(StoreError::Corrupt(format!(
                "feedback answer {position}: {level}"
            )));
        };
        if let Some(response) = index.get(&id).map(|&i| &mut out[i]) {
            if response.answers.len() <= position {
                response.answers.resize(position + 1, None);
            }
            response.answers[position] = Some(level);
        }
    }
    Ok(out)
}
