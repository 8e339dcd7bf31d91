//! The window while the book cache works in the background, as a shop
//! owner sees it: the frames do not wait for reports, the figures on
//! screen stay those of the last report until the new one arrives (never
//! blank), and a sale saved while Home is open shows up in its tiles
//! without any other action.

use std::time::{Duration, Instant};

use crate::common::app_harness;
use chrono::{Days, NaiveDate};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::money::Money;
use genjin::domain::sale::Sale;
use genjin::ui::GenjinApp;
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// Steps frames, letting the background threads run between them, until
/// `done` says so; fails after ten seconds.
fn frames_until(
    h: &mut Harness<'static, GenjinApp>,
    mut each: impl FnMut(&mut Harness<'static, GenjinApp>),
    done: impl Fn(&mut Harness<'static, GenjinApp>) -> bool,
) -> usize {
    let started = Instant::now();
    let mut frames = 0;
    while !done(h) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the cache never finished"
        );
        h.step();
        frames += 1;
        each(h);
        std::thread::sleep(Duration::from_millis(2));
    }
    frames
}

fn owed(h: &mut Harness<'static, GenjinApp>) -> Option<Money> {
    h.state_mut()
        .cache()
        .and_then(|c| c.receivables_today_total(today()))
}

#[test]
fn home_keeps_the_last_figures_while_a_saved_sale_is_worked_in() {
    let dir = TempDir::new().expect("a temporary folder");
    let db = dir.path().join("shop.sqlite");
    genjin::demo::recreate(
        &db,
        &genjin::demo::DemoOptions {
            customers: 60,
            seed: 5,
            today: today(),
        },
    )
    .expect("the demo book");
    let mut h = app_harness::open_app(&db, today(), 800.0);
    // The window itself never waits: neither does this test's app.
    h.state_mut().wait_for_reports(false);
    frames_until(&mut h, |_| {}, |h| owed(h).is_some());
    let before = owed(&mut h).expect("a first report");
    h.get_by_label(&before.to_string());

    let amount = Money::from_yuan(4_321);
    h.state_mut()
        .with_view(|view| {
            let sale = Sale {
                id: None,
                customer_id: view.customers.rows()[0].id,
                number: None,
                date: today(),
                product: "空调 KFR-35".into(),
                quantity: 1,
                amount,
                due_date: today() + Days::new(30),
                terms_days: Some(30),
                note: String::new(),
                created_at: view.clock.now(),
            };
            view.store.add_sale(&sale).expect("the sale is saved");
        })
        .expect("a book is open");

    let mut saw_updating = false;
    let frames = frames_until(
        &mut h,
        |h| {
            let known = owed(h).expect("a report stays while the next is computed");
            assert!(known == before || known == before + amount, "{known}");
            let on_screen = h.query_by_label(&before.to_string()).is_some()
                || h.query_by_label(&(before + amount).to_string()).is_some();
            assert!(
                on_screen,
                "Home shows the old or the new amount, never none"
            );
            saw_updating |= h.state_mut().cache().is_some_and(|c| c.is_updating());
        },
        |h| owed(h) == Some(before + amount),
    );
    assert!(frames > 0);
    assert!(saw_updating, "the report was worked out in the background");
    h.run_steps(2);
    h.get_by_label(&(before + amount).to_string());
}
