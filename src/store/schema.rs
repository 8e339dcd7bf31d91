//! The database schema as ordered migrations (rusqlite_migration keeps the
//! version in `PRAGMA user_version`). Never edit a released migration; add one.

use rusqlite_migration::{M, Migrations};

const V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_initials       TEXT NOT NULL DEFAULT '',
    name_pinyin         TEXT NOT NULL DEFAULT '',
    mobile              TEXT NOT NULL DEFAULT '',
    phone2              TEXT NOT NULL DEFAULT '',
    wechat              TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    address             TEXT NOT NULL DEFAULT '',
    company             TEXT NOT NULL DEFAULT '',
    occupation          TEXT NOT NULL DEFAULT '',
    gender              TEXT NOT NULL DEFAULT 'unknown',
    preferred_channel   TEXT,
    do_not_contact      INTEGER NOT NULL DEFAULT 0,
    birthday            TEXT,
    anniversary         TEXT,
    first_contact_date  TEXT,
    first_contact_place TEXT NOT NULL DEFAULT '',
    needs               TEXT NOT NULL DEFAULT '',
    background          TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    source              TEXT,
    referred_by         INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    class_computed      TEXT,
    class_override      TEXT,
    credit_limit_fen    INTEGER,
    blacklisted         INTEGER NOT NULL DEFAULT 0,
    blacklist_reason    TEXT NOT NULL DEFAULT '',
    cadence_days        INTEGER,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX customers_mobile ON customers(mobile) WHERE mobile <> '';
CREATE INDEX customers_phone2 ON customers(phone2) WHERE phone2 <> '';
CREATE INDEX customers_referred_by ON customers(referred_by) WHERE referred_by IS NOT NULL;

CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (customer_id, tag)
);

CREATE TABLE family_members (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    relation    TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    birthday    TEXT,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX family_members_customer ON family_members(customer_id);

CREATE TABLE custom_dates (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL,
    date        TEXT NOT NULL
);
CREATE INDEX custom_dates_customer ON custom_dates(customer_id);

CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    at                TEXT NOT NULL,
    channel           TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    summary           TEXT NOT NULL DEFAULT '',
    outcome           TEXT NOT NULL DEFAULT '',
    referral_asked    INTEGER NOT NULL DEFAULT 0,
    next_contact_date TEXT,
    created_at        TEXT NOT NULL
);
CREATE INDEX contacts_customer_at ON contacts(customer_id, at);

CREATE TABLE promises (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    first_due   TEXT NOT NULL,
    recurrence  TEXT NOT NULL,
    ended       INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX promises_customer ON promises(customer_id);

CREATE TABLE promise_records (
    promise_id  INTEGER NOT NULL REFERENCES promises(id) ON DELETE CASCADE,
    due         TEXT NOT NULL,
    kept        INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (promise_id, due)
);

CREATE TABLE sales (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    number      TEXT UNIQUE,
    date        TEXT NOT NULL,
    product     TEXT NOT NULL DEFAULT '',
    quantity    INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    due_date    TEXT NOT NULL,
    terms_days  INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX sales_customer_date ON sales(customer_id, date);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    sale_id     INTEGER REFERENCES sales(id) ON DELETE SET NULL,
    date        TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    method      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX payments_customer_date ON payments(customer_id, date);
CREATE INDEX payments_sale ON payments(sale_id) WHERE sale_id IS NOT NULL;
"#;

/// Unsaved work kept across crashes (a half-typed customer card, later
/// complaint drafts): one row per kind and key, the body as JSON.
const V2: &str = r#"
CREATE TABLE drafts (
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
"#;

/// Imports as undoable batches. Rows an import added carry its batch id
/// (written by their INSERT); cards it changed keep their earlier values
/// in `import_updates` as JSON, so undo can put them back.
const V3: &str = r#"
CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    encoding    TEXT NOT NULL DEFAULT '',
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    rows        INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0,
    undone_at   TEXT
);

CREATE TABLE import_updates (
    batch_id    INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL,
    before      TEXT NOT NULL,
    PRIMARY KEY (batch_id, customer_id)
);

ALTER TABLE customers ADD COLUMN import_batch INTEGER REFERENCES import_batches(id);
ALTER TABLE sales ADD COLUMN import_batch INTEGER REFERENCES import_batches(id);
ALTER TABLE payments ADD COLUMN import_batch INTEGER REFERENCES import_batches(id);
CREATE INDEX customers_import_batch ON customers(import_batch) WHERE import_batch IS NOT NULL;
CREATE INDEX sales_import_batch ON sales(import_batch) WHERE import_batch IS NOT NULL;
CREATE INDEX payments_import_batch ON payments(import_batch) WHERE import_batch IS NOT NULL;
"#;

/// Tags live in a table clustered on its key: a tag row is then one b-tree
/// entry instead of a row plus a separate primary-key index, which halves
/// the writes when a large customer list is imported.
const V4: &str = r#"
CREATE TABLE customer_tags_by_key (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (customer_id, tag)
) WITHOUT ROWID;
INSERT INTO customer_tags_by_key (customer_id, tag, position)
    SELECT customer_id, tag, position FROM customer_tags;
DROP TABLE customer_tags;
ALTER TABLE customer_tags_by_key RENAME TO customer_tags;
"#;

/// The shop's own statutory days (休 days off, 班 make-up working days),
/// laid over the lunar library's built-in schedule; years the library does
/// not cover come only from here.
const V5: &str = r#"
CREATE TABLE statutory_days (
    date TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    off  INTEGER NOT NULL
) WITHOUT ROWID;
"#;

/// Agenda items snoozed until a later day. `customer_id` is 0 for a
/// calendar-wide item; rows of deleted customers are removed with them.
const V6: &str = r#"
CREATE TABLE agenda_snoozes (
    kind          TEXT NOT NULL,
    customer_id   INTEGER NOT NULL,
    occasion_date TEXT NOT NULL,
    title         TEXT NOT NULL,
    until         TEXT NOT NULL,
    PRIMARY KEY (kind, customer_id, occasion_date, title)
) WITHOUT ROWID;
CREATE TRIGGER agenda_snoozes_of_deleted_customer AFTER DELETE ON customers
BEGIN
    DELETE FROM agenda_snoozes WHERE customer_id = old.id;
END;
"#;

/// After-sales: complaint cases walked through the six steps (with their
/// photo evidence, stored as files beside the database under content-hash
/// names), the returns log, and acknowledged quality alerts.
const V7: &str = r#"
CREATE TABLE complaints (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    step                TEXT NOT NULL,
    status              TEXT NOT NULL,
    channel             TEXT,
    source              TEXT,
    words               TEXT NOT NULL DEFAULT '',
    emotion             INTEGER,
    received_at         TEXT NOT NULL,
    apologized_at       TEXT,
    sale_id             INTEGER REFERENCES sales(id) ON DELETE SET NULL,
    product             TEXT NOT NULL DEFAULT '',
    purchase_date       TEXT,
    what_happened       TEXT NOT NULL DEFAULT '',
    severity            INTEGER,
    responsible         TEXT,
    condition           TEXT,
    remedy              TEXT,
    solution_note       TEXT NOT NULL DEFAULT '',
    refund_fen          INTEGER NOT NULL DEFAULT 0,
    refund_to           TEXT NOT NULL DEFAULT 'paid_out',
    compensation        TEXT NOT NULL DEFAULT 'none',
    compensation_gift   TEXT NOT NULL DEFAULT '',
    compensation_fen    INTEGER NOT NULL DEFAULT 0,
    approved_by         TEXT,
    approved_at         TEXT,
    accepted            INTEGER,
    rejection_reason    TEXT NOT NULL DEFAULT '',
    satisfaction        INTEGER,
    follow_up_date      TEXT,
    follow_up_result    TEXT NOT NULL DEFAULT '',
    closed_at           TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX complaints_customer ON complaints(customer_id);
CREATE INDEX complaints_status ON complaints(status, received_at);
CREATE INDEX complaints_follow_up ON complaints(follow_up_date) WHERE closed_at IS NULL;
CREATE TABLE complaint_attachments (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    added_at      TEXT NOT NULL,
    UNIQUE (complaint_id, file_name)
);
CREATE TABLE returns (
    id            INTEGER PRIMARY KEY,
    date          TEXT NOT NULL,
    customer_id   INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    sale_id       INTEGER REFERENCES sales(id) ON DELETE SET NULL,
    product       TEXT NOT NULL CHECK (length(trim(product)) > 0),
    product_key   TEXT NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    reason        TEXT NOT NULL,
    condition     TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    refund_fen    INTEGER NOT NULL DEFAULT 0 CHECK (refund_fen >= 0),
    refund_to     TEXT NOT NULL DEFAULT 'paid_out',
    note          TEXT NOT NULL DEFAULT '',
    complaint_id  INTEGER REFERENCES complaints(id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX returns_date ON returns(date);
CREATE INDEX returns_quality ON returns(product_key, date) WHERE reason = 'quality';
CREATE INDEX returns_customer ON returns(customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX returns_complaint ON returns(complaint_id) WHERE complaint_id IS NOT NULL;
CREATE TABLE quality_alert_acks (
    id              INTEGER PRIMARY KEY,
    product_key     TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL,
    through_return  INTEGER NOT NULL,
    count           INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quality_alert_acks_product ON quality_alert_acks(product_key, through_return);
"#;

/// Feedback cards (意见卡): a card's questions in order, each with its scale
/// as a JSON array of level labels (worst first); the responses filled in,
/// with an optional link to a customer, a reply wanted and the reply
/// logged; one answer row per question answered (level 1 = worst). A card
/// with responses keeps its questions (see `store::feedback`).
const V8: &str = r#"
CREATE TABLE feedback_cards (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    archived   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE feedback_questions (
    card_id  INTEGER NOT NULL REFERENCES feedback_cards(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    text     TEXT NOT NULL,
    levels   TEXT NOT NULL,
    PRIMARY KEY (card_id, position)
) WITHOUT ROWID;

CREATE TABLE feedback_responses (
    id          INTEGER PRIMARY KEY,
    card_id     INTEGER NOT NULL REFERENCES feedback_cards(id) ON DELETE CASCADE,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    name        TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    wants_reply INTEGER NOT NULL DEFAULT 0,
    replied_at  TEXT,
    reply_note  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX feedback_responses_card_date ON feedback_responses(card_id, date);
CREATE INDEX feedback_responses_customer ON feedback_responses(customer_id)
    WHERE customer_id IS NOT NULL;
CREATE INDEX feedback_responses_awaiting ON feedback_responses(date)
    WHERE wants_reply AND replied_at IS NULL;

CREATE TABLE feedback_answers (
    response_id INTEGER NOT NULL REFERENCES feedback_responses(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 0),
    level       INTEGER NOT NULL CHECK (level >= 1),
    PRIMARY KEY (response_id, position)
) WITHOUT ROWID;
"#;

/// Receivables and retention: the collection log with promises to pay, the
/// cause recorded per customer, confirmed credit-control warnings, and
/// leave reasons and retention attempts.
const V9: &str = r#"
CREATE TABLE collection_log (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    date          TEXT NOT NULL,
    step          TEXT NOT NULL,
    who           TEXT NOT NULL DEFAULT '',
    said          TEXT NOT NULL DEFAULT '',
    promise_date  TEXT,
    promise_fen   INTEGER CHECK (promise_fen IS NULL OR promise_fen > 0),
    created_at    TEXT NOT NULL,
    CHECK ((promise_date IS NULL) = (promise_fen IS NULL))
);
CREATE INDEX collection_log_customer ON collection_log(customer_id, date);

CREATE TABLE collection_causes (
    customer_id   INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    cause         TEXT NOT NULL,
    complaint_id  INTEGER REFERENCES complaints(id) ON DELETE SET NULL,
    note          TEXT NOT NULL DEFAULT '',
    recorded_at   TEXT NOT NULL
);

CREATE TABLE credit_confirmations (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    sale_id       INTEGER REFERENCES sales(id) ON DELETE SET NULL,
    warning       TEXT NOT NULL,
    amount_fen    INTEGER NOT NULL,
    owed_fen      INTEGER NOT NULL,
    limit_fen     INTEGER,
    confirmed_at  TEXT NOT NULL
);
CREATE INDEX credit_confirmations_customer ON credit_confirmations(customer_id);

CREATE TABLE retention_notes (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    date          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    attempt       TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX retention_notes_customer ON retention_notes(customer_id, date);
"#;

/// Photos live inside the book: a complaint photo's bytes under its content
/// name (`<sha256>.<ext>`), deleted with the last case linking to it. The
/// hook loads an older book's photos from `<book>-attachments/` (see
/// `store::attachments::load_legacy_photos`).
const V10: &str = r#"
CREATE TABLE attachment_blobs (
    name  TEXT PRIMARY KEY,
    bytes BLOB NOT NULL
);
CREATE INDEX complaint_attachments_file ON complaint_attachments(file_name);
CREATE TRIGGER attachment_blob_unused AFTER DELETE ON complaint_attachments
WHEN NOT EXISTS (SELECT 1 FROM complaint_attachments WHERE file_name = old.file_name)
BEGIN
    DELETE FROM attachment_blobs WHERE name = old.file_name;
END;
"#;

/// Returns can come from an import: the rows a batch adds carry its id, so
/// undoing the batch takes them out again.
const V11: &str = r#"
ALTER TABLE returns ADD COLUMN import_batch INTEGER REFERENCES import_batches(id);
CREATE INDEX returns_import_batch ON returns(import_batch) WHERE import_batch IS NOT NULL;
"#;

/// All migrations, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
        M::up_with_hook(V10, super::attachments::load_legacy_photos),
        M::up(V11),
    ])
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use rusqlite_migration::SchemaVersion;

    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }

    #[test]
    fn tags_survive_the_move_to_a_clustered_table() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        let migrations = super::migrations();
        migrations.to_version(&mut conn, 3).unwrap();
        conn.execute_batch(
            "INSERT INTO customers (id, name, created_at, updated_at) \
             VALUES (7, '王芳', '2026-01-01T00:00:00', '2026-01-01T00:00:00');
             INSERT INTO customer_tags (customer_id, tag, position) VALUES (7, '老客户', 0), (7, 'VIP', 1);",
        )
        .unwrap();
        migrations.to_version(&mut conn, 4).unwrap();
        assert_eq!(
            migrations.current_version(&conn).unwrap(),
            SchemaVersion::Inside(std::num::NonZeroUsize::new(4).unwrap())
        );
        let tags: Vec<(i64, String, i64)> = conn
            .prepare("SELECT customer_id, tag, position FROM customer_tags ORDER BY position")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(tags, [(7, "老客户".into(), 0), (7, "VIP".into(), 1)]);
        // Clustered on its key: the table has no rowid any more.
        assert!(conn.prepare("SELECT rowid FROM customer_tags").is_err());
        // Deleting the card still takes its tags along.
        conn.execute("DELETE FROM customers WHERE id=7", [])
            .unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM customer_tags", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
