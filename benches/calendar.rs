//! The calendar on a large book (100,000 customers by default, each with a
//! birthday and a family member's birthday), measured against the issue's
//! targets on this machine:
//!
//! | group      | function         | what one iteration is                                    | target  |
//! |------------|------------------|----------------------------------------------------------|---------|
//! | `agenda`   | `next_30_days`   | `AgendaBook::occasions` for 30 days from a loaded book   | ≤ 50 ms |
//! | `agenda`   | `today_view`     | `AgendaBook::agenda`: overdue, today, this week          | —       |
//! | `agenda`   | `load_book`      | `AgendaBook::load`: reading every customer's dates       | —       |
//! | `month`    | `grid_occasions` | the occasions of one month grid (42 days), months rotating | ≤ 20 ms |
//! | `frame`    | `calendar`       | one egui frame of the Calendar section, pointer moving   | ≤ 8 ms  |
//! | `reference`| `sort_100k_u64`, `contains_100k_strings` | fixed plain work, to quote ratios on a noisy machine | — |
//!
//! The demo book (`genjin::demo::recreate`, seed 1, today 2026-11-23) is
//! completed untimed so every customer has a birthday and a family
//! member's birthday, half of them lunar. Set `GENJIN_BENCH_CUSTOMERS` for
//! another size; `cargo test --benches` uses 2,000 customers.

use std::hint::black_box;
use std::path::PathBuf;

use chrono::{Datelike, Days, Months, NaiveDate};
use criterion::Criterion;
use egui::Pos2;
use genjin::agenda::AgendaBook;
use genjin::store::Store;
use genjin::ui::{Command, Section};
use tempfile::TempDir;

mod common;
#[path = "common/raw_app.rs"]
mod raw_app;
#[path = "common/reference.rs"]
mod reference;

use common::today;
use raw_app::RawApp;
use reference::{reference, short};

/// The allocator the `genjin` binary uses, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Points over the month grid (the nav is 150 wide; the grid fills the left
/// half of the central panel, rows start near y = 120).
const HOVER: [Pos2; 2] = [Pos2::new(260.0, 250.0), Pos2::new(420.0, 330.0)];

struct Fixture {
    _dir: TempDir,
    db: PathBuf,
}

impl Fixture {
    fn create() -> Fixture {
        let customers = common::customer_count();
        let dir = TempDir::new().expect("temporary folder");
        let db = dir.path().join("bench.sqlite");
        common::write_demo_shop(&db, customers);
        give_everyone_dates(&db);
        Fixture { _dir: dir, db }
    }
}

/// Every customer without a birthday gets one (Gregorian for even ids,
/// lunar for odd), and everyone without a dated family member gets a child
/// with a lunar birthday: deterministic, spread over the year.
fn give_everyone_dates(db: &std::path::Path) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch(
        "BEGIN;
         UPDATE customers SET birthday = CASE WHEN id % 2 = 0
             THEN printf('solar:%04d-%02d-%02d', 1950 + id % 50, 1 + id % 12, 1 + id % 28)
             ELSE printf('lunar:%04d-%02d-%02d', 1950 + id % 50, 1 + id % 12, 1 + id % 29) END
           WHERE birthday IS NULL;
         INSERT INTO family_members (customer_id, position, relation, name, birthday, note)
           SELECT id, 90, 'child', '小' || substr(name, -1), printf('lunar:--%02d-%02d', 1 + (id * 7) % 12, 1 + (id * 11) % 29), ''
           FROM customers
           WHERE id NOT IN (SELECT customer_id FROM family_members WHERE birthday IS NOT NULL);
         COMMIT;",
    )
    .expect("complete the demo dates");
    let (n, dated, family): (i64, i64, i64) = conn
        .query_row(
            "SELECT count(*), sum(birthday IS NOT NULL), \
             (SELECT count(DISTINCT customer_id) FROM family_members WHERE birthday IS NOT NULL) \
             FROM customers",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("count");
    assert_eq!(
        (dated, family),
        (n, n),
        "everyone has a birthday and a family date"
    );
    eprintln!("genjin bench: {n} customers, each with a birthday and a family member's birthday");
}

fn agenda(c: &mut Criterion, fx: &Fixture) {
    let store = Store::open(&fx.db).expect("open");
    let mut book = AgendaBook::load(&store).expect("load");
    let lead = store.lead_days().expect("lead days");
    let snoozed = store.agenda_snoozes().expect("snoozes");
    let from = today();
    let to = from + Days::new(29);
    let found = book.occasions(from, to);
    eprintln!(
        "genjin bench: the next 30 days hold {} occasions; today's agenda has {} items",
        found.len(),
        book.agenda(from, &lead, &snoozed).len()
    );
    let mut group = c.benchmark_group("agenda");
    short(&mut group);
    group.bench_function("next_30_days", |b| {
        b.iter(|| black_box(book.occasions(black_box(from), to).len()))
    });
    group.bench_function("today_view", |b| {
        b.iter(|| black_box(book.agenda(black_box(from), &lead, &snoozed).len()))
    });
    group.bench_function("load_book", |b| {
        b.iter(|| black_box(AgendaBook::load(&store).expect("load")))
    });
    group.finish();
}

fn month(c: &mut Criterion, fx: &Fixture) {
    let store = Store::open(&fx.db).expect("open");
    let mut book = AgendaBook::load(&store).expect("load");
    let firsts: Vec<NaiveDate> = (0..12)
        .map(|m| {
            NaiveDate::from_ymd_opt(2026, 1, 1)
                .expect("a valid date")
                .checked_add_months(Months::new(m))
                .expect("a month after a fixed day is in range")
        })
        .collect();
    let mut next = 0;
    let mut group = c.benchmark_group("month");
    short(&mut group);
    group.bench_function("grid_occasions", |b| {
        b.iter(|| {
            let first = firsts[next % firsts.len()];
            next += 1;
            let start = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
            black_box(book.days(start, start + Days::new(41)).len())
        })
    });
    group.finish();
}

fn frame(c: &mut Criterion, fx: &Fixture) {
    let mut app = raw_app::open_app(&fx.db);
    app.send(Command::Navigate(Section::Calendar));
    let mut raw = RawApp::new(app);
    // The book is read on a thread: draw until it is there.
    raw.settle();
    assert!(
        raw.app.calendar().is_some_and(|c| c.has_month()),
        "the calendar loads"
    );
    let mut group = c.benchmark_group("frame");
    short(&mut group);
    group.bench_function("calendar", |b| b.iter(|| black_box(raw.hover_next(&HOVER))));
    group.finish();
}

fn main() {
    let fixture = Fixture::create();
    let mut c = Criterion::default().configure_from_args();
    reference(&mut c);
    agenda(&mut c, &fixture);
    month(&mut c, &fixture);
    frame(&mut c, &fixture);
    c.final_summary();
}
