//! The second, reading thread of an import: it decodes and splits the file
//! and, for a customer list, reads each record into a card prepared for
//! writing, handing them to the engine in bounded batches (so at most a few
//! thousand records wait in memory).

use std::sync::mpsc;
use std::thread;

use chrono::NaiveDateTime;

use crate::import::customers::{CellError, customer_from_record};
use crate::import::fields::{ImportKind, Mapping, parse_phone};
use crate::import::reader::{ReadError, Record};
use crate::store::card_write::PreparedCard;

/// Records handed from the reading thread to the engine at a time, and how
/// many such batches may wait: at most a few thousand records in memory.
const READ_AHEAD_RECORDS: usize = 256;
const READ_AHEAD_BATCHES: usize = 8;

/// Records (and the read error that ends them) handed over at a time.
#[derive(Default)]
pub(super) struct ReadBatch {
    pub(super) records: Vec<ReadAhead>,
    /// The read error after `records`; the reader stops there.
    pub(super) error: Option<ReadError>,
}

/// A record as the reading thread hands it over.
pub(super) struct ReadAhead {
    pub(super) record: Record,
    /// For a customer list: the record read into a card (or its bad cells).
    pub(super) customer: Option<Result<ReadCustomer, Vec<CellError>>>,
}

/// A customer row read from the file, its card already prepared for writing.
pub(super) struct ReadCustomer {
    pub(super) line: u64,
    pub(super) card: PreparedCard,
    /// The referrer as written, resolved by the engine.
    pub(super) referrer: Option<Referrer>,
}

/// A referrer as written in the file: a name, or a phone of a customer.
pub(super) struct Referrer {
    pub(super) text: String,
    /// The text read as a phone, when it is one.
    pub(super) phone: Option<String>,
}

/// Reads a customer record and prepares its card (both need nothing but the
/// record, so the reading thread does them).
pub(super) fn read_customer(
    mapping: &Mapping,
    record: &Record,
    now: NaiveDateTime,
) -> Result<ReadCustomer, Vec<CellError>> {
    let row = customer_from_record(mapping, record, now)?;
    Ok(ReadCustomer {
        line: row.line,
        card: PreparedCard::new(row.customer, now),
        referrer: row.referrer.map(|text| Referrer {
            phone: parse_phone(&text).ok().map(|p| p.into_string()),
            text,
        }),
    })
}

/// The reading thread of [`Engine::run`]: reads `records` and sends them
/// on in batches until the file ends, a read error was sent, or the engine
/// has stopped listening.
///
/// The engine hands each batch's records back through `spent`; they are
/// freed here, and their vector is filled again. glibc's allocator is slow
/// to free memory another thread allocated while that thread keeps
/// allocating, and big fresh vectors cost page faults.
fn read_ahead(
    records: &mut (dyn Iterator<Item = Result<Record, ReadError>> + Send + '_),
    mapping: &Mapping,
    now: NaiveDateTime,
    sender: &mpsc::SyncSender<ReadBatch>,
    spent: &mpsc::Receiver<Vec<ReadAhead>>,
) {
    let customers = mapping.kind == ImportKind::Customers;
    let mut free: Vec<Vec<ReadAhead>> = Vec::new();
    let mut batch = ReadBatch::default();
    for record in records {
        free.extend(spent.try_iter().map(|mut done| {
            done.clear();
            done
        }));
        if batch.records.capacity() == 0 {
            batch.records = free
                .pop()
                .unwrap_or_else(|| Vec::with_capacity(READ_AHEAD_RECORDS));
        }
        match record {
            Ok(record) => batch.records.push(ReadAhead {
                customer: customers.then(|| read_customer(mapping, &record, now)),
                record,
            }),
            Err(e) => batch.error = Some(e),
        }
        let failed = batch.error.is_some();
        if failed {
            // The error travels with the records read before it.
            if sender.send(std::mem::take(&mut batch)).is_err() {
                log::debug!("import: the engine stopped before the read error reached it");
            }
            return;
        }
        if batch.records.len() == READ_AHEAD_RECORDS
            && sender.send(std::mem::take(&mut batch)).is_err()
        {
            return;
        }
    }
    if !batch.records.is_empty() && sender.send(batch).is_err() {
        // The engine stopped early (a store error or a cancel) and reports that.
        log::debug!("import: the engine stopped before the last records reached it");
    }
}

/// The engine's side of a running reading thread.
pub(super) struct Reader {
    /// The batches read, in file order.
    pub(super) batches: mpsc::Receiver<ReadBatch>,
    /// Spent record vectors handed back to be freed and refilled.
    pub(super) recycle: mpsc::Sender<Vec<ReadAhead>>,
}

/// Starts the reading thread (named `import-read-ahead`) on `scope` over
/// `records`; it ends when the file does, after a read error, or once the
/// returned [`Reader`] is dropped.
pub(super) fn start<'scope, I>(
    scope: &'scope thread::Scope<'scope, '_>,
    mut records: I,
    mapping: Mapping,
    now: NaiveDateTime,
) -> std::io::Result<Reader>
where
    I: Iterator<Item = Result<Record, ReadError>> + Send + 'scope,
{
    let (sender, batches) = mpsc::sync_channel(READ_AHEAD_BATCHES);
    let (recycle, spent) = mpsc::channel();
    thread::Builder::new()
        .name("import-read-ahead".into())
        .spawn_scoped(scope, move || {
            read_ahead(&mut records, &mapping, now, &sender, &spent);
        })?;
    Ok(Reader { batches, recycle })
}
