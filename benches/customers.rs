//! Customer workflows on a large demo book (100,000 customers by default),
//! measured against the targets on this machine:
//!
//! | group      | what one iteration is                                   | target  |
//! |------------|---------------------------------------------------------|---------|
//! | `search`   | `CustomerList::refresh` after the query changed         | ≤ 10 ms |
//! | `card`     | what opening a card reads from the store                | ≤ 5 ms  |
//! | `frame`    | one egui frame of Customers, list visible, card open    | ≤ 8 ms  |
//! | `startup`  | `GenjinApp::new` + the first frame                      | ≤ 1 s   |
//! | `reference`| fixed plain work, to quote ratios on a noisy machine    | —       |
//!
//! The demo book is generated once per run into a temporary folder
//! (`genjin::demo::recreate`, seed 1, today 2026-11-23). Set
//! `GENJIN_BENCH_CUSTOMERS` to use another size; `cargo test --benches`
//! (criterion's test mode) uses 2,000 customers unless that is set.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use egui::{Event, Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::customer::CustomerId;
use genjin::domain::search::{Query, SearchKey};
use genjin::i18n::Language;
use genjin::store::Store;
use genjin::ui::app::{Status, ViewCtx};
use genjin::ui::cache::BookCache;
use genjin::ui::clock::Clock;
use genjin::ui::customers::CustomersView;
use genjin::ui::customers::directory::CustomerDirectory;
use genjin::ui::customers::list::CustomerList;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

mod common;
#[path = "common/raw_app.rs"]
mod raw_app;
#[path = "common/reference.rs"]
mod reference;

use raw_app::RawApp;
use reference::{reference, short};

/// The allocator the `genjin` binary uses, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use raw_app::WINDOW;
/// Two points over rows of the customer table (nav is 150 wide, the list
/// panel 500; the table body starts well above y = 300 and ends near 770).
const HOVER: [Pos2; 2] = [Pos2::new(300.0, 400.0), Pos2::new(300.0, 424.0)];

/// The demo book in a temporary folder, removed when dropped.
struct Fixture {
    _dir: TempDir,
    db: PathBuf,
    customers: usize,
}

impl Fixture {
    fn create() -> Fixture {
        let customers = common::customer_count();
        let dir = TempDir::new().expect("temporary folder");
        let db = dir.path().join("bench.sqlite");
        common::write_demo_shop(&db, customers);
        Fixture {
            _dir: dir,
            db,
            customers,
        }
    }

    /// The app on the fixture book, as the binary starts it (takes the
    /// writer's lock: only one at a time).
    fn app(&self) -> GenjinApp {
        raw_app::open_app(&self.db)
    }

    /// Customer ids spread over the whole book, in a scattered order.
    fn spread_ids(&self, summaries: &[genjin::store::customers::CustomerSummary]) -> Vec<i64> {
        let n = summaries.len();
        (0..n.min(997))
            .map(|k| summaries[(k * 7_919 + 13) % n].id)
            .collect()
    }
}

// ---------------------------------------------------------------------------
// search: the list's filter + sort when the query changes

/// (bench name, measured query, the query set just before it, untimed).
/// Each pair are different queries, so `refresh` never hits its cache.
const SEARCHES: &[(&str, &str, &str)] = &[
    ("name_surname_王", "王", "李"),
    ("name_given_建国", "建国", "秀英"),
    ("phone_part_0013", "0013", "0014"),
    ("initials_zs", "zs", "ls"),
    ("full_pinyin_zhangwei", "zhangwei", "wangfang"),
    // Clearing the box: every row passes and all of them are sorted.
    ("cleared_query", "", "王"),
];

fn search(c: &mut Criterion, fx: &Fixture) {
    let store = Store::open(&fx.db).expect("open");
    let directory = CustomerDirectory::load(&store).expect("summaries");
    drop(store);
    assert_eq!(directory.rows().len(), fx.customers);
    let keys: Vec<SearchKey> = directory.rows().iter().map(|s| s.key.clone()).collect();
    let mut list = CustomerList::default();

    for (name, query, _) in SEARCHES {
        list.query = (*query).to_string();
        list.refresh(&directory);
        eprintln!(
            "genjin bench: search {name}: {query:?} shows {} of {}",
            list.visible_count(),
            fx.customers
        );
    }

    let mut group = c.benchmark_group("search");
    // Milliseconds per iteration (and an untimed refresh before each one in
    // `refresh/*`): the same iteration count in every sample.
    group
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    for (name, query, before) in SEARCHES {
        group.bench_function(format!("refresh/{name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    list.query.clear();
                    list.query.push_str(before);
                    list.refresh(&directory);
                    let started = Instant::now();
                    list.query.clear();
                    list.query.push_str(query);
                    list.refresh(&directory);
                    black_box(list.visible_count());
                    total += started.elapsed();
                }
                total
            })
        });
    }
    // The bare matching, without the list's bookkeeping and sort.
    for (name, query, _) in SEARCHES.iter().filter(|(_, q, _)| !q.is_empty()) {
        group.bench_function(format!("scan/{name}"), |b| {
            b.iter(|| {
                let parsed = Query::parse(black_box(query));
                black_box(keys.iter().filter(|k| parsed.matches(k)).count())
            })
        });
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// card: opening a customer's card

/// Everything `CardEditor::open` reads from the store.
fn load_card(store: &Store, id: CustomerId) -> usize {
    let customer = store.customer(id).expect("customer").expect("exists");
    let referrer = match customer.referred_by {
        Some(r) => store.customer_ref(r).expect("referrer"),
        None => None,
    };
    customer.family.len()
        + usize::from(referrer.is_some())
        + store.contacts_for(id).expect("contacts").len()
        + store.promises_for(id).expect("promises").len()
        + store.sales_for(id).expect("sales").len()
        + store.payments_for(id).expect("payments").len()
        + store.referrals_of(id).expect("referrals").len()
}

fn card(c: &mut Criterion, fx: &Fixture) {
    let mut store = Store::open(&fx.db).expect("open");
    let mut view = CustomersView::new(&store).expect("view");
    let directory = CustomerDirectory::load(&store).expect("summaries");
    let ids = fx.spread_ids(directory.rows());
    let mut status = Status::default();
    let mut cache = BookCache::default();
    let mut commands = Vec::new();

    let mut group = c.benchmark_group("card");
    short(&mut group);
    group.bench_function("store_reads", |b| {
        let mut next = 0;
        b.iter(|| {
            let id = ids[next % ids.len()];
            next += 1;
            black_box(load_card(&store, id))
        })
    });
    // The UI's own path: `CardEditor::open` (reads + form) and revealing the
    // row in the list, as `Command::OpenCustomer` does.
    group.bench_function("open_customer", |b| {
        let mut next = 0;
        b.iter(|| {
            let id = ids[next % ids.len()];
            next += 1;
            let mut cx = ViewCtx {
                store: &mut store,
                clock: Clock::fixed_day(common::today()),
                cache: &mut cache,
                customers: &directory,
                commands: &mut commands,
                status: &mut status,
                language: Language::Chinese,
                renderer: Default::default(),
                is_demo: false,
            };
            view.open_customer(&mut cx, id);
            black_box(view.open_id())
        })
    });
    group.finish();
    assert_eq!(status.current(0.0), None, "no card failed to open");
}

// ---------------------------------------------------------------------------
// frame: one frame of the Customers section

fn key(key: Key) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

/// The mouse wheel moving the content 240 points (about eight rows) up.
fn wheel_down() -> Event {
    Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, -240.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    }
}

/// Checks that the bench's pointer positions are over the table: the open
/// customer's row is drawn, and six wheel steps there scroll it away and
/// bring rows further down into view.
fn check_pointer_is_over_table(h: &mut Harness<'static, GenjinApp>) {
    let mobiles: Vec<String> = {
        let app = h.state();
        let view = app.customers().expect("book");
        let directory = app.directory().expect("book");
        let open = view.open_id();
        let ids = app.visible_customer_ids();
        let at = ids
            .iter()
            .position(|&id| Some(id) == open)
            .expect("open row");
        ids[at..(at + 200).min(ids.len())]
            .iter()
            .map(|&id| {
                let row = directory.rows().iter().find(|r| r.id == id);
                row.expect("row").mobile.clone()
            })
            .collect()
    };
    let drawn = |h: &Harness<'static, GenjinApp>| -> Vec<usize> {
        (0..mobiles.len())
            .filter(|&k| h.query_by_label(&mobiles[k]).is_some())
            .collect()
    };
    assert!(drawn(h).contains(&0), "open row drawn");
    for _ in 0..6 {
        h.hover_at(HOVER[0]);
        h.event(wheel_down());
        h.step();
    }
    h.run();
    settle(h);
    let after = drawn(h);
    eprintln!(
        "genjin bench: six wheel steps over the table: rows +{}..=+{} below the open one drawn",
        after.first().copied().unwrap_or_default(),
        after.last().copied().unwrap_or_default()
    );
    assert!(
        !after.is_empty() && !after.contains(&0),
        "the wheel scrolled the table: rows {after:?} below the open one are drawn"
    );
}

/// A raw app on Customers with a card open and the list in view.
fn raw_customers(fx: &Fixture, open: CustomerId) -> RawApp {
    let mut raw = RawApp::new(fx.app());
    raw.frame(Vec::new());
    raw.app.send(Command::Navigate(Section::Customers));
    raw.app.send(Command::OpenCustomer(open));
    raw.settle();
    assert_eq!(raw.app.section(), Section::Customers);
    let view = raw.app.customers().expect("book open");
    assert_eq!(view.open_id(), Some(open));
    assert_eq!(view.list().visible_count(), fx.customers);
    raw
}

/// Types `text` into the search box (Ctrl+F, then the text).
fn raw_type_query(raw: &mut RawApp, text: &str) {
    raw.app.send(Command::FocusSearch);
    raw.settle();
    raw.frame(vec![Event::Text(text.to_string())]);
    raw.settle();
    assert_eq!(raw.app.customers().expect("book").list().query, text);
}

/// A few more frames: `Harness::run` stops when nothing asks for a repaint,
/// which can leave the last applied command undrawn.
fn settle(h: &mut Harness<'static, GenjinApp>) {
    for _ in 0..5 {
        h.step();
    }
}

fn harness_customers(fx: &Fixture, open: CustomerId) -> Harness<'static, GenjinApp> {
    let mut app = fx.app();
    // Each frame first takes in the background reports, so the harness
    // settles the way the window does once they are in.
    app.wait_for_reports(true);
    let mut h = Harness::builder()
        .with_size(WINDOW)
        .with_max_steps(16)
        .with_context_setup(GenjinApp::prepare_context)
        .build_ui_state(|ui, app: &mut GenjinApp| app.show(ui), app);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    h.state_mut().send(Command::OpenCustomer(open));
    h.run();
    // A command is applied after the frame that queued it; draw the result.
    settle(&mut h);
    assert_eq!(h.state().section(), Section::Customers);
    assert_eq!(h.state().customers().expect("book").open_id(), Some(open));
    h
}

fn frame(c: &mut Criterion, fx: &Fixture) {
    // A customer from the middle of the book.
    let open = (fx.customers / 2).max(1) as CustomerId;
    let mut group = c.benchmark_group("frame");
    short(&mut group);

    {
        let mut raw = raw_customers(fx, open);
        group.bench_function("raw/list_and_card_hover", |b| {
            b.iter(|| black_box(raw.hover_next(&HOVER)))
        });
        group.bench_function("raw/list_and_card_scroll", |b| {
            // 240 points (about eight rows) further down each frame: new rows to
            // lay out every time.
            b.iter(|| black_box(raw.frame(vec![Event::PointerMoved(HOVER[0]), wheel_down()])))
        });

        raw_type_query(&mut raw, "王");
        eprintln!(
            "genjin bench: frame with query 王 shows {} rows",
            raw.app.customers().expect("book").list().visible_count()
        );
        group.bench_function("raw/query_王_hover", |b| {
            b.iter(|| black_box(raw.hover_next(&HOVER)))
        });

        // A keystroke per frame: 建 → 建国 → 建 …, so every frame filters
        // and sorts the whole book once, as typing does.
        // The search box still has the focus: clear 王, type 建.
        raw.frame(vec![key(Key::Backspace)]);
        raw.settle();
        assert_eq!(raw.app.customers().expect("book").list().query, "");
        raw.frame(vec![Event::Text("建".into())]);
        raw.settle();
        assert_eq!(raw.app.customers().expect("book").list().query, "建");
        let mut typed = false;
        group.bench_function("raw/typing_建国", |b| {
            b.iter(|| {
                typed = !typed;
                let event = if typed {
                    Event::Text("国".into())
                } else {
                    key(Key::Backspace)
                };
                black_box(raw.frame(vec![event]))
            })
        });
        assert!(
            raw.app
                .customers()
                .expect("book")
                .list()
                .query
                .starts_with('建'),
            "typing reached the search box"
        );
    }

    {
        // The same frame through egui_kittest, as tests/ui.rs drives the app
        // (adds the AccessKit tree update, skips tessellation).
        let mut h = harness_customers(fx, open);
        check_pointer_is_over_table(&mut h);
        let mut hover = 0;
        group.bench_function("kittest/list_and_card_hover", |b| {
            b.iter(|| {
                hover ^= 1;
                h.hover_at(HOVER[hover]);
                h.step();
            })
        });
        h.state_mut().send(Command::FocusSearch);
        h.run();
        settle(&mut h);
        h.event(Event::Text("王".into()));
        h.run();
        settle(&mut h);
        assert_eq!(h.state().customers().expect("book").list().query, "王");
        group.bench_function("kittest/query_王_hover", |b| {
            b.iter(|| {
                hover ^= 1;
                h.hover_at(HOVER[hover]);
                h.step();
            })
        });
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// startup: from `GenjinApp::new` to the first frame drawn

fn startup(c: &mut Criterion, fx: &Fixture) {
    let mut group = c.benchmark_group("startup");
    group
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5))
        .sample_size(10);
    // Opening the store (migrations check) and loading every list row.
    group.bench_function("app_new", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let app = black_box(fx.app());
                total += started.elapsed();
                drop(app); // releases the writer's lock before the next one
            }
            total
        })
    });
    // As eframe starts it: fonts and theme into a fresh context, the app,
    // then the first frame (Home) including font atlas and tessellation.
    group.bench_function("to_first_frame", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let mut raw = RawApp::new(fx.app());
                black_box(raw.frame(Vec::new()));
                total += started.elapsed();
                drop(raw);
            }
            total
        })
    });
    // The first frame alone, in a fresh context with fonts and theme set
    // (the app itself is created untimed).
    group.bench_function("first_frame", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let app = fx.app();
                let started = Instant::now();
                let mut raw = RawApp::new(app);
                black_box(raw.frame(Vec::new()));
                total += started.elapsed();
                drop(raw);
            }
            total
        })
    });
    group.finish();
}

fn main() {
    let fixture = Fixture::create();
    let mut c = Criterion::default().configure_from_args();
    reference(&mut c);
    search(&mut c, &fixture);
    card(&mut c, &fixture);
    frame(&mut c, &fixture);
    startup(&mut c, &fixture);
    c.final_summary();
}
