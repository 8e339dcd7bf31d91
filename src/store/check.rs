//! `genjin check`: SQLite's own integrity check plus Genjin's consistency
//! rules (foreign keys, stored values that must decode, money that adds up).

use super::codec::{parse_date, parse_datetime};
use super::{Result, Store};
use crate::domain::phone::Phone;
use crate::domain::yearly::YearlyDate;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub table: String,
    pub id: Option<i64>,
    pub problem: String,
}

impl Store {
    /// Runs every check and returns what it found (empty when sound).
    pub fn check(&self) -> Result<Vec<Finding>> {
        let conn = self.conn();
        let mut findings = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                findings.push(Finding {
                    table: "sqlite".into(),
                    id: None,
                    problem: line,
                });
            }
        }
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (table, id, parent) = row?;
            findings.push(Finding {
                table,
                id,
                problem: format!("points to a missing {parent} row"),
            });
        }

        let mut stmt = conn.prepare(
            "SELECT id, name, mobile, phone2, birthday, anniversary, first_contact_date, created_at, updated_at FROM customers",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let mut bad = |problem: String| {
                findings.push(Finding {
                    table: "customers".into(),
                    id: Some(id),
                    problem,
                })
            };
            let name: String = r.get(1)?;
            if name.trim().is_empty() {
                bad("empty name".into());
            }
            for col in [2, 3] {
                let phone: String = r.get(col)?;
                if !phone.is_empty()
                    && Phone::parse(&phone).map(|p| p.as_str() == phone) != Ok(true)
                {
                    bad(format!("phone {phone:?} is not normalised"));
                }
            }
            for col in [4, 5] {
                if let Some(text) = r.get::<_, Option<String>>(col)?
                    && YearlyDate::decode(&text).is_err()
                {
                    bad(format!("unreadable yearly date {text:?}"));
                }
            }
            if let Some(text) = r.get::<_, Option<String>>(6)?
                && parse_date(&text).is_err()
            {
                bad(format!("unreadable date {text:?}"));
            }
            for col in [7, 8] {
                let text: String = r.get(col)?;
                if parse_datetime(&text).is_err() {
                    bad(format!("unreadable timestamp {text:?}"));
                }
            }
        }

        let mut stmt = conn.prepare(
            "SELECT id, customer_id, birthday FROM family_members WHERE birthday IS NOT NULL",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(2)?)))? {
            let (id, text) = row?;
            if YearlyDate::decode(&text).is_err() {
                findings.push(Finding {
                    table: "family_members".into(),
                    id: Some(id),
                    problem: format!("unreadable yearly date {text:?}"),
                });
            }
        }
        let mut stmt = conn.prepare("SELECT id, date FROM custom_dates")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, text) = row?;
            if YearlyDate::decode(&text).is_err() {
                findings.push(Finding {
                    table: "custom_dates".into(),
                    id: Some(id),
                    problem: format!("unreadable yearly date {text:?}"),
                });
            }
        }
        let mut stmt = conn.prepare("SELECT id FROM sales WHERE due_date < date")?;
        for row in stmt.query_map([], |r| r.get::<_, i64>(0))? {
            findings.push(Finding {
                table: "sales".into(),
                id: Some(row?),
                problem: "due date before sale date".into(),
            });
        }
        let mut stmt = conn.prepare(
            "SELECT p.id FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.customer_id <> p.customer_id",
        )?;
        for row in stmt.query_map([], |r| r.get::<_, i64>(0))? {
            findings.push(Finding {
                table: "payments".into(),
                id: Some(row?),
                problem: "pays another customer's sale".into(),
            });
        }
        let mut stmt = conn.prepare(
            "WITH RECURSIVE chain(start, id, depth) AS ( \
               SELECT id, referred_by, 1 FROM customers WHERE referred_by IS NOT NULL \
               UNION ALL SELECT chain.start, c.referred_by, depth + 1 FROM chain JOIN customers c ON c.id = chain.id \
               WHERE c.referred_by IS NOT NULL AND depth < 10000 AND chain.id <> chain.start) \
             SELECT DISTINCT start FROM chain WHERE id = start",
        )?;
        for row in stmt.query_map([], |r| r.get::<_, i64>(0))? {
            findings.push(Finding {
                table: "customers".into(),
                id: Some(row?),
                problem: "referral chain loops back to itself".into(),
            });
        }
        Ok(findings)
    }
}
