//! The whole-book ledger scans behind the aging report and the month-end
//! series, written for a million sales: rows kept compact (dates as
//! `yyyymmdd` integers, no strings), sums per customer in arrays indexed
//! by id, payments read on a second read-only connection while the sales
//! are read on the store's own, and the allocation run only for customers
//! whose payments do not cover their sales.

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, Row};

use super::codec::date_text;
use super::receivables::Allocations;
use super::{Result, Store, StoreError};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::aging::{LedgerPayment, LedgerSale, allocate};

/// A sale as the scan keeps it.
#[derive(Clone, Copy)]
struct SaleRow {
    customer: u32,
    date: u32,
    due: u32,
    id: i64,
    amount: i64,
}

/// A payment (or account credit) as the scan keeps it; `sale` 0 is none.
#[derive(Clone, Copy)]
struct PayRow {
    customer: u32,
    date: u32,
    sale: i64,
    amount: i64,
}

const SALES: &str =
    "SELECT customer_id, date, due_date, id, amount_fen FROM sales WHERE date <= ?1";
const PAYMENTS: &str =
    "SELECT customer_id, date, COALESCE(sale_id, 0), amount_fen FROM payments WHERE date <= ?1";
const CREDITS: &str = "SELECT customer_id, date, COALESCE(sale_id, 0), refund_fen FROM returns \
    WHERE customer_id IS NOT NULL AND outcome='refund' AND refund_to='account' AND refund_fen > 0 \
    AND date <= ?1";

/// `YYYY-MM-DD` as the integer `yyyymmdd` (same order, no calendar work).
fn day_number(row: &Row<'_>, i: usize) -> Result<u32> {
    let b = row
        .get_ref(i)?
        .as_bytes()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    const DIGITS: [usize; 8] = [0, 1, 2, 3, 5, 6, 8, 9];
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && DIGITS.iter().all(|&k| b[k].is_ascii_digit())
    {
        let mut n = 0u32;
        for k in DIGITS {
            n = n * 10 + u32::from(b[k] - b'0');
        }
        return Ok(n);
    }
    Err(StoreError::Corrupt(format!(
        "bad date {:?}",
        String::from_utf8_lossy(b)
    )))
}

/// Rows a table holds at most (its largest rowid), to size a buffer once.
fn capacity(conn: &Connection, table: &str) -> usize {
    conn.query_row(
        &format!("SELECT COALESCE(max(rowid), 0) FROM {table}"),
        [],
        |r| r.get::<_, i64>(0),
    )
    .map_or(0, |n| usize::try_from(n).unwrap_or(0).min(50_000_000))
}

fn to_date(n: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt((n / 10_000) as i32, n / 100 % 100, n % 100)
        .ok_or_else(|| StoreError::Corrupt(format!("bad date {n}")))
}

fn day_of(d: NaiveDate) -> u32 {
    use chrono::Datelike;
    (d.year().max(0) as u32) * 10_000 + d.month() * 100 + d.day()
}

fn customer_index(id: i64) -> Result<u32> {
    u32::try_from(id).map_err(|_| StoreError::Corrupt(format!("customer id {id}")))
}

fn read_sales(conn: &Connection, as_of: &str) -> Result<Vec<SaleRow>> {
    let mut out = Vec::with_capacity(capacity(conn, "sales"));
    let mut stmt = conn.prepare_cached(SALES)?;
    let mut rows = stmt.query([as_of])?;
    while let Some(r) = rows.next()? {
        out.push(SaleRow {
            customer: customer_index(r.get(0)?)?,
            date: day_number(r, 1)?,
            due: day_number(r, 2)?,
            id: r.get(3)?,
            amount: r.get(4)?,
        });
    }
    Ok(out)
}

fn read_payments(conn: &Connection, sql: &str, as_of: &str, out: &mut Vec<PayRow>) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([as_of])?;
    while let Some(r) = rows.next()? {
        out.push(PayRow {
            customer: customer_index(r.get(0)?)?,
            date: day_number(r, 1)?,
            sale: r.get(2)?,
            amount: r.get(3)?,
        });
    }
    Ok(())
}

/// Sales and payments (account credits included) dated on or before
/// `as_of`, the payments read on a second connection at the same time when
/// the book is a file.
fn read_ledger(store: &Store, as_of: NaiveDate) -> Result<(Vec<SaleRow>, Vec<PayRow>)> {
    let as_of = date_text(as_of);
    let second = store.path().and_then(|path| {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()
    });
    let (sales, mut payments) = match second {
        Some(reader) => std::thread::scope(|scope| {
            let as_of = &as_of;
            let payments = scope.spawn(move || {
                let mut out = Vec::with_capacity(capacity(&reader, "payments"));
                read_payments(&reader, PAYMENTS, as_of, &mut out).map(|()| out)
            });
            let sales = read_sales(store.conn(), as_of);
            let payments = payments
                .join()
                .unwrap_or_else(|_| Err(StoreError::Corrupt("payment reader stopped".into())));
            Ok::<_, StoreError>((sales?, payments?))
        })?,
        None => {
            let mut payments = Vec::new();
            read_payments(store.conn(), PAYMENTS, &as_of, &mut payments)?;
            (read_sales(store.conn(), &as_of)?, payments)
        }
    };
    read_payments(store.conn(), CREDITS, &as_of, &mut payments)?;
    Ok((sales, payments))
}

/// Every customer's payments allocated to their sales as of `as_of`.
pub(super) fn allocations(store: &Store, as_of: NaiveDate) -> Result<Allocations> {
    let (sales, payments) = read_ledger(store, as_of)?;
    let size = sales
        .iter()
        .map(|s| s.customer)
        .chain(payments.iter().map(|p| p.customer))
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut owed = vec![0i64; size];
    let mut paid = vec![0i64; size];
    for s in &sales {
        owed[s.customer as usize] += s.amount;
    }
    for p in &payments {
        owed[p.customer as usize] -= p.amount;
        paid[p.customer as usize] += p.amount;
    }
    let mut out = Allocations::default();
    for &o in &owed {
        if o < 0 {
            out.credits += Money(-o);
        }
    }
    // The sales and sale-specific payments of owing customers, grouped by
    // customer with a counting sort.
    let group = |keys: &mut dyn Iterator<Item = u32>| -> Vec<u32> {
        let mut start = vec![0u32; size + 1];
        for k in keys {
            start[k as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        start
    };
    let owing = |c: u32| owed[c as usize] > 0;
    let owing_sales: Vec<&SaleRow> = sales.iter().filter(|s| owing(s.customer)).collect();
    let owing_pays: Vec<&PayRow> = payments
        .iter()
        .filter(|p| p.sale != 0 && owing(p.customer))
        .collect();
    let sale_start = group(&mut owing_sales.iter().map(|s| s.customer));
    let pay_start = group(&mut owing_pays.iter().map(|p| p.customer));
    let mut sale_slots: Vec<Option<&SaleRow>> = vec![None; owing_sales.len()];
    let mut fill = sale_start.clone();
    for s in &owing_sales {
        let at = &mut fill[s.customer as usize];
        sale_slots[*at as usize] = Some(s);
        *at += 1;
    }
    let mut pay_slots: Vec<Option<&PayRow>> = vec![None; owing_pays.len()];
    let mut fill = pay_start.clone();
    for p in &owing_pays {
        let at = &mut fill[p.customer as usize];
        pay_slots[*at as usize] = Some(p);
        *at += 1;
    }
    let mut sale_buf = Vec::new();
    let mut pay_buf = Vec::new();
    for customer in 0..size {
        if owed[customer] <= 0 {
            continue;
        }
        sale_buf.clear();
        for s in sale_slots[sale_start[customer] as usize..sale_start[customer + 1] as usize]
            .iter()
            .flatten()
        {
            sale_buf.push(LedgerSale {
                id: s.id,
                date: to_date(s.date)?,
                due: to_date(s.due)?,
                amount: Money(s.amount),
            });
        }
        pay_buf.clear();
        let mut specific = 0;
        for p in pay_slots[pay_start[customer] as usize..pay_start[customer + 1] as usize]
            .iter()
            .flatten()
        {
            specific += p.amount;
            pay_buf.push(LedgerPayment {
                date: as_of,
                amount: Money(p.amount),
                sale_id: Some(p.sale),
            });
        }
        // Payments that name no sale only matter as one pooled sum.
        pay_buf.push(LedgerPayment {
            date: as_of,
            amount: Money(paid[customer] - specific),
            sale_id: None,
        });
        let allocation = allocate(&sale_buf, &pay_buf, as_of);
        out.credits += allocation.credit;
        if !allocation.open.is_empty() {
            out.open.push((customer as CustomerId, allocation));
        }
    }
    Ok(out)
}

/// What customers owe (credits not netted) at the end of each day in
/// `days` (ascending).
pub(super) fn outstanding_on(store: &Store, days: &[NaiveDate]) -> Result<Vec<Money>> {
    let Some(&last) = days.last() else {
        return Ok(Vec::new());
    };
    let (sales, payments) = read_ledger(store, last)?;
    let ends: Vec<u32> = days.iter().map(|d| day_of(*d)).collect();
    let slots = ends.len();
    let slot_of = |day: u32| ends.partition_point(|end| *end < day);
    let size = sales
        .iter()
        .map(|s| s.customer)
        .chain(payments.iter().map(|p| p.customer))
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut deltas = vec![0i64; size * slots];
    for s in &sales {
        deltas[s.customer as usize * slots + slot_of(s.date)] += s.amount;
    }
    for p in &payments {
        deltas[p.customer as usize * slots + slot_of(p.date)] -= p.amount;
    }
    let mut totals = vec![0i64; slots];
    for customer in deltas.chunks_exact(slots) {
        let mut balance = 0;
        for (total, delta) in totals.iter_mut().zip(customer) {
            balance += delta;
            *total += balance.max(0);
        }
    }
    Ok(totals.into_iter().map(Money).collect())
}
