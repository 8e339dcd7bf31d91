//! After-sales on a busy shop: the demo book (100,000 customers by default)
//! plus 20,000 complaint cases and 100,000 returns of 400 products over
//! two years, written untimed. What a clerk waits for:
//!
//! | group       | function            | what one iteration is                                        |
//! |-------------|---------------------|--------------------------------------------------------------|
//! | `alerts`    | `quality_alerts`    | `Store::quality_alerts` as of today (30-day window)          |
//! | `cases`     | `summaries`         | `Store::complaint_summaries`: every case with its customer   |
//! | `cases`     | `save_case`         | `Store::save_complaint` of one case (a wizard autosave)      |
//! | `frame`     | `complaints_list`   | one egui frame of the Complaints list, pointer moving        |
//! | `reference` | `sort_100k_u64`, `contains_100k_strings` | fixed plain work, for ratios on a noisy machine |
//!
//! Set `GENJIN_BENCH_CUSTOMERS` for another book size; `cargo test
//! --benches` uses 2,000 customers (and fewer cases and returns).

use std::hint::black_box;
use std::path::PathBuf;

use chrono::{Days, NaiveDateTime};
use criterion::Criterion;
use egui::Pos2;
use genjin::domain::complaint::{
    Complaint, ComplaintChannel, ComplaintRules, ComplaintSource, Step,
};
use genjin::domain::money::Money;
use genjin::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use genjin::domain::warranty::{GoodsCondition, Remedy, Responsible};
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

const HOVER: [Pos2; 2] = [Pos2::new(400.0, 300.0), Pos2::new(600.0, 420.0)];

struct Fixture {
    _dir: TempDir,
    db: PathBuf,
}

fn stamp(days_ago: u64, hour: u32) -> NaiveDateTime {
    (today() - Days::new(days_ago))
        .and_hms_opt(hour, 0, 0)
        .expect("valid time")
}

impl Fixture {
    fn create() -> Fixture {
        let customers = common::customer_count();
        let (cases, returns) = if common::test_mode() {
            (500, 2_000)
        } else {
            (20_000, 100_000)
        };
        let dir = TempDir::new().expect("temporary folder");
        let db = dir.path().join("bench.sqlite");
        common::write_demo_shop(&db, customers);
        let mut store = Store::open(&db).expect("open");
        let rules = ComplaintRules::default();
        let ids: Vec<i64> = store
            .customer_summaries()
            .expect("customers")
            .iter()
            .map(|c| c.id)
            .collect();
        store
            .bulk(|w| {
                for i in 0..cases {
                    let customer = ids[(i * 7919) % ids.len()];
                    let received = stamp((i % 730) as u64, 9 + (i % 9) as u32);
                    let mut c = Complaint::new(customer, received);
                    c.channel = Some(ComplaintChannel::ALL[i % 4]);
                    c.source = Some(ComplaintSource::ALL[i % 4]);
                    c.words = format!("第{i}件投诉：用了几天就出毛病，希望尽快处理");
                    c.emotion = Some(1 + (i % 4) as u8);
                    c.apologized_at = Some(received);
                    c.product = format!("型号{:03}", i % 400);
                    c.what_happened = "开机后不工作".into();
                    c.severity = Some(1 + (i % 4) as u8);
                    c.responsible = Some(Responsible::ALL[i % 5]);
                    c.condition = Some(GoodsCondition::Used);
                    c.step = Step::ALL[i % 6];
                    c.remedy = Some(Remedy::ALL[i % 5]);
                    if i % 3 == 0 {
                        c.closed_at = Some(received);
                        c.accepted = Some(true);
                    }
                    w.complaint(&c, &rules, received)?;
                }
                for i in 0..returns {
                    let date = today() - Days::new((i % 730) as u64);
                    let entry = ReturnEntry {
                        id: None,
                        date,
                        customer_id: (i % 3 != 0).then(|| ids[(i * 104_729) % ids.len()]),
                        sale_id: None,
                        product: format!("型号{:03}", (i * 31) % 400),
                        quantity: 1,
                        reason: ReturnReason::ALL[i % 5],
                        condition: GoodsCondition::ALL[i % 3],
                        outcome: ReturnOutcome::ALL[i % 3],
                        refund: if i % 3 == 0 {
                            Money::from_yuan(99)
                        } else {
                            Money::ZERO
                        },
                        refund_to: RefundTo::PaidOut,
                        note: String::new(),
                        complaint_id: None,
                    };
                    w.return_entry(&entry, date.and_hms_opt(12, 0, 0).expect("noon"))?;
                }
                Ok(())
            })
            .expect("cases and returns");
        Fixture { _dir: dir, db }
    }
}

fn alerts(c: &mut Criterion, fx: &Fixture) {
    let store = Store::open(&fx.db).expect("open");
    eprintln!(
        "genjin bench: {} quality alerts as of today",
        store.quality_alerts(today()).expect("alerts").len()
    );
    let mut group = c.benchmark_group("alerts");
    short(&mut group);
    group.bench_function("quality_alerts", |b| {
        b.iter(|| {
            black_box(
                store
                    .quality_alerts(black_box(today()))
                    .expect("alerts")
                    .len(),
            )
        })
    });
    group.finish();
}

fn cases(c: &mut Criterion, fx: &Fixture) {
    let mut store = Store::open(&fx.db).expect("open");
    let rules = store.complaint_rules().expect("rules");
    let summaries = store.complaint_summaries().expect("cases");
    eprintln!("genjin bench: {} complaint cases", summaries.len());
    let mut case = store.complaint(summaries[0].id).expect("a case");
    let mut group = c.benchmark_group("cases");
    short(&mut group);
    group.bench_function("summaries", |b| {
        b.iter(|| black_box(store.complaint_summaries().expect("cases").len()))
    });
    let mut n = 0u64;
    group.bench_function("save_case", |b| {
        b.iter(|| {
            n += 1;
            case.words = format!("顾客又补充了一句，第{n}次保存");
            black_box(store.save_complaint(&case, &rules).expect("saved"))
        })
    });
    group.finish();
}

fn frame(c: &mut Criterion, fx: &Fixture) {
    let mut raw = RawApp::new(raw_app::open_app(&fx.db));
    raw.app.send(Command::Navigate(Section::AfterSales));
    raw.settle();
    let mut group = c.benchmark_group("frame");
    short(&mut group);
    group.bench_function("complaints_list", |b| {
        b.iter(|| black_box(raw.hover_next(&HOVER)))
    });
    group.finish();
}

fn main() {
    let fixture = Fixture::create();
    let mut c = Criterion::default().configure_from_args();
    reference(&mut c);
    alerts(&mut c, &fixture);
    cases(&mut c, &fixture);
    frame(&mut c, &fixture);
    c.final_summary();
}
