//! The house never freezes: frames of every section on the generated book
//! of 100,000 customers and 1,000,000 sales (`common/ledger.rs`) while the
//! book cache recomputes its reports on background threads, and the frames
//! from saving a sale until Home shows the new amount owed. Target: no
//! frame over 8 ms of the UI thread's CPU time.
//!
//! | group            | function            | what one iteration is                                       |
//! |------------------|---------------------|-------------------------------------------------------------|
//! | `frame_updating` | one per section     | one frame of the section while its reports are recomputed    |
//! | `reference`      | `sort_100k_u64`, …  | fixed plain work, for ratios on a noisy machine              |
//!
//! Besides criterion's medians, each section's median and worst frame (UI
//! thread CPU time and wall time) over whole recomputations are printed,
//! and so is the save-a-sale run: the longest frame from the save to the
//! frame that shows the new total owed on Home.
//!
//! `GENJIN_BENCH_CUSTOMERS` sets the book's size; `cargo test --benches`
//! uses 2,000 customers. `GENJIN_BENCH_SECTIONS=Home,Calendar` times only
//! those sections.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Days;
use criterion::Criterion;
use egui::Pos2;
use genjin::domain::money::Money;
use genjin::domain::sale::Sale;
use genjin::ui::Section;
use tempfile::TempDir;

// This book is the generated ledger, not the demo shop.
#[expect(dead_code, reason = "the demo-shop helpers are not used here")]
mod common;
#[path = "common/ledger.rs"]
mod ledger;
#[path = "common/raw_app.rs"]
mod raw_app;
#[path = "common/reference.rs"]
mod reference;

use common::today;
use ledger::{LedgerSize, ledger_book};
use raw_app::RawApp;
use reference::{reference, short};

/// The allocator the `genjin` binary uses, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HOVER: [Pos2; 2] = [Pos2::new(400.0, 300.0), Pos2::new(700.0, 450.0)];

/// The calling thread's CPU time so far.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "thread CPU clock");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// One frame's cost on the UI thread.
#[derive(Clone, Copy)]
struct FrameCost {
    cpu: Duration,
    wall: Duration,
}

fn timed_frame(raw: &mut RawApp) -> FrameCost {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    black_box(raw.hover_next(&HOVER));
    FrameCost {
        cpu: thread_cpu() - cpu,
        wall: wall.elapsed(),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A copy of the cached book, so the app may write to it.
struct AppCopy {
    _dir: TempDir,
    db: PathBuf,
}

fn app_copy(db: &std::path::Path) -> AppCopy {
    let dir = TempDir::new().expect("temporary folder");
    let copy = dir.path().join("house.sqlite");
    std::fs::copy(db, &copy).expect("copy the book");
    AppCopy {
        _dir: dir,
        db: copy,
    }
}

/// Frames until the cache is idle again, with their costs.
fn frames_while_updating(raw: &mut RawApp) -> Vec<FrameCost> {
    let mut costs = Vec::new();
    loop {
        costs.push(timed_frame(raw));
        let updating = raw.app.cache().is_some_and(|c| c.is_updating());
        if !updating && costs.len() > 1 {
            return costs;
        }
        // The window would sleep until the next event or repaint.
        std::thread::sleep(Duration::from_millis(4));
    }
}

fn sections(c: &mut Criterion, raw: &mut RawApp) {
    let mut group = c.benchmark_group("frame_updating");
    short(&mut group);
    eprintln!("genjin bench: frames while the reports are recomputed (UI thread)");
    eprintln!("  section      frames  median cpu  worst cpu  worst wall");
    let only = std::env::var("GENJIN_BENCH_SECTIONS").unwrap_or_default();
    for section in Section::ALL {
        if !only.is_empty() && !only.split(',').any(|s| s == format!("{section:?}")) {
            continue;
        }
        raw.app.send(genjin::ui::Command::Navigate(section));
        raw.settle();
        // Whole recomputations, measured frame by frame.
        let mut costs = Vec::new();
        for _ in 0..3 {
            if let Some(cache) = raw.app.cache() {
                cache.invalidate();
            }
            costs.extend(frames_while_updating(raw));
        }
        let worst_cpu = costs.iter().map(|c| c.cpu).max().unwrap_or_default();
        let worst_wall = costs.iter().map(|c| c.wall).max().unwrap_or_default();
        eprintln!(
            "  {:<12} {:>6}  {:>7.2} ms  {:>6.2} ms  {:>7.2} ms",
            format!("{section:?}"),
            costs.len(),
            ms(median(costs.iter().map(|c| c.cpu).collect())),
            ms(worst_cpu),
            ms(worst_wall),
        );
        group.bench_function(format!("{section:?}"), |b| {
            b.iter(|| {
                let updating = raw.app.cache().is_some_and(|c| c.is_updating());
                if !updating && let Some(cache) = raw.app.cache() {
                    cache.invalidate();
                }
                black_box(raw.hover_next(&HOVER))
            })
        });
    }
    group.finish();
    raw.settle();
}

/// Saves a credit sale while Home is shown and steps frames until Home's
/// amount owed includes it; prints the longest frame on the way.
fn save_a_sale(raw: &mut RawApp) {
    raw.app.send(genjin::ui::Command::Navigate(Section::Home));
    raw.settle();
    let owed = |raw: &mut RawApp| {
        let today = today();
        raw.app
            .cache()
            .and_then(|c| c.receivables_today_total(today))
            .unwrap_or_default()
    };
    let before = owed(raw);
    let amount = Money(123_400);
    let started = Instant::now();
    let saved = raw.app.with_view(|view| {
        let sale = Sale {
            id: None,
            customer_id: view.customers.rows()[0].id,
            number: None,
            date: today(),
            product: "冰箱 BCD-500".into(),
            quantity: 1,
            amount,
            due_date: today() + Days::new(30),
            terms_days: Some(30),
            note: String::new(),
            created_at: view.clock.now(),
        };
        view.store.add_sale(&sale).expect("the sale is saved")
    });
    assert!(saved.is_some(), "a book is open");
    let mut costs = Vec::new();
    while owed(raw) != before + amount {
        costs.push(timed_frame(raw));
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Home never showed the sale"
        );
        std::thread::sleep(Duration::from_millis(4));
    }
    let worst = costs.iter().map(|c| c.cpu).max().unwrap_or_default();
    let worst_wall = costs.iter().map(|c| c.wall).max().unwrap_or_default();
    eprintln!(
        "genjin bench: save a sale → Home shows it after {:.0} ms and {} frames; \
         longest frame {:.2} ms CPU ({:.2} ms wall)",
        ms(started.elapsed()),
        costs.len(),
        ms(worst),
        ms(worst_wall)
    );
}

fn main() {
    let size = LedgerSize::for_customers(common::customer_count());
    let db = ledger_book(size, today());
    let copy = app_copy(&db);
    let mut raw = RawApp::new(raw_app::open_app(&copy.db));
    let started = Instant::now();
    raw.settle();
    eprintln!(
        "genjin bench: the book opened and its reports computed in {:.0} ms",
        ms(started.elapsed())
    );
    let mut c = Criterion::default().configure_from_args();
    reference(&mut c);
    sections(&mut c, &mut raw);
    save_a_sale(&mut raw);
    c.final_summary();
}
