//! The English UI (its own test binary, because the UI language is
//! process-wide): the navigation and the card speak English, every card tab
//! is reachable with the longer English titles, switching to Chinese in
//! Settings takes effect at once, a date field's month page speaks English,
//! every section's key controls are reachable at two window sizes, and an
//! empty file gets the open-failure page in English. The tests take turns
//! (`LANGUAGE`), since one of them switches the language.

use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use genjin::domain::customer::Customer;
use genjin::domain::money::Money;
use genjin::domain::sale::Sale;
use genjin::i18n::Language;
use genjin::store::Store;
use genjin::ui::{GenjinApp, Launch, Section};
use tempfile::TempDir;

/// Held by each test: the UI language is one for the whole process.
static LANGUAGE: Mutex<()> = Mutex::new(());

#[path = "common/app_harness.rs"]
#[expect(dead_code, reason = "this binary opens the app in English only")]
mod app_harness;

#[test]
fn every_card_tab_is_reachable_in_english() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("en.sqlite");
    let id = {
        let mut store = genjin::store::Store::open(&db).unwrap();
        let created = NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        store
            .save_customer(&genjin::domain::customer::Customer::new(
                "Margaret Richardson-Whitfield",
                created,
            ))
            .unwrap()
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1024.0, 640.0)] {
        let mut h = app_harness::open_app_sized(&db, today, Language::English, size);
        h.run();
        h.state_mut().send(genjin::ui::Command::OpenCustomer(id));
        h.run();
        for tab in [
            "Card",
            "Pre-visit brief",
            "Contact log (0)",
            "Promises (0)",
            "Purchases & payments (0)",
            "Collection",
            "After-sales (0)",
        ] {
            let rect = h.get_by_role_and_label(Role::Button, tab).rect();
            assert!(
                rect.max.x <= size.x && rect.max.y <= size.y,
                "{tab} lies inside the {size:?} window: {rect:?}"
            );
            h.get_by_role_and_label(Role::Button, tab).click();
            h.run();
        }
        assert!(
            h.query_by_label("+ New complaint").is_some(),
            "the After-sales tab is open in the {size:?} window"
        );
        for button in ["Save", "Undo changes", "Delete customer"] {
            let rect = h.get_by_role_and_label(Role::Button, button).rect();
            assert!(rect.max.x <= size.x, "{button} fits: {rect:?}");
        }
    }
}

fn english_app(db: &Path) -> Harness<'static, GenjinApp> {
    let mut app = GenjinApp::new(
        &Launch {
            db: Some(db.to_path_buf()),
            demo: false,
            import: None,
            renderer: None,
        },
        Language::English,
    );
    app.set_today(NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date"));
    app.wait_for_reports(true);
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .with_context_setup(GenjinApp::prepare_context)
        .build_ui_state(|ui, app: &mut GenjinApp| app.show(ui), app)
}

#[test]
fn english_ui_and_switching_language_in_settings() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let mut h = english_app(&dir.path().join("en.sqlite"));
    h.run();
    h.get_by_label("Welcome to Genjin");
    h.get_by_label("Customers");

    // Words the UI builds: lists joined with commas, statutory holidays
    // (Chinese names in the lunar library's table) in English, a shop's own
    // holiday name kept, and a drifting customer's tag that is not about
    // money. (Here, before the switch below: the language is process-wide.)
    use genjin::i18n::{holiday_name, join_list, tr};
    let tags = [tr("ret.tag_overdue"), tr("ret.tag_drop")];
    assert_eq!(join_list(&tags), "Not bought lately, Sales drop");
    assert_eq!(holiday_name("国庆节"), "National Day");
    assert_eq!(holiday_name("元旦"), "New Year's Day");
    assert_eq!(
        holiday_name("国庆中秋"),
        "National Day and Mid-Autumn Festival"
    );
    assert_eq!(holiday_name("店庆"), "店庆");

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    let name = h.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Tom Lee");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Saved \"Tom Lee\"");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Num8);
    h.run();
    assert_eq!(h.state().section(), Section::Settings);
    // The language choice comes first; the letter templates further down
    // have a 中文 tab of their own.
    h.get_all_by_label("中文").next().unwrap().click();
    h.run();
    h.run();
    h.get_by_role_and_label(Role::Button, "设置");
    assert!(
        h.query_by_label("Settings").is_none(),
        "no English left in the navigation"
    );
    assert_eq!(Language::current(), Language::Chinese);
}

#[test]
fn the_window_failure_message_says_what_was_tried_and_what_to_do() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    Language::English.apply();
    let tried = [eframe::Renderer::Wgpu, eframe::Renderer::Glow];
    let (title, body) = genjin::ui::window_failed_text(&tried);
    assert_eq!(title, "Genjin cannot open its window");
    assert!(body.contains("tried: wgpu, glow (OpenGL)"), "{body}");
    assert!(body.contains("Update the graphics driver"), "{body}");
    assert!(body.contains("genjin --renderer glow"), "{body}");
}

#[test]
fn the_month_page_of_a_date_field_speaks_english() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("en.sqlite");
    {
        let mut store = Store::open(&db).unwrap();
        let created = NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let customer = store
            .save_customer(&Customer::new("Tom Lee", created))
            .unwrap();
        store
            .add_sale(&Sale {
                id: None,
                customer_id: customer,
                number: None,
                date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                product: "fridge".into(),
                quantity: 1,
                amount: Money::from_yuan(1_000),
                due_date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                terms_days: None,
                note: String::new(),
                created_at: created,
            })
            .unwrap();
    }
    let mut h = english_app(&db);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run();
    assert_eq!(h.state().section(), Section::Receivables);
    h.get_by_role_and_label(Role::Button, "Pick a date").click();
    h.run();
    h.get_by_label("November 2026");
    h.get_by_role_and_label(Role::Button, "Previous month")
        .click();
    h.run();
    h.get_by_label("October 2026");
    let details = |date: &str| {
        h.get_by_role_and_label(Role::Button, date)
            .accesskit_node()
            .description()
            .unwrap_or_default()
    };
    let national_day = details("2026-10-01");
    assert!(
        national_day.contains("Lunar 8/21 (八月廿一)"),
        "{national_day}"
    );
    assert!(
        national_day.contains("National Day"),
        "the observance in English: {national_day}"
    );
    assert!(
        national_day.contains("国庆节: statutory day off"),
        "{national_day}"
    );
    assert!(details("2026-10-10").contains("make-up working day"));
    h.get_by_role_and_label(Role::Button, "2026-10-08").click();
    h.run();
    assert!(
        h.query_by_label("October 2026").is_none(),
        "the page closed"
    );
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "As of").value(),
        Some("2026-10-08".to_string())
    );
}

#[path = "common/reach.rs"]
mod reach;

/// The English window at 1024×640 and 1920×1080: every section's key
/// controls are reached and clicked, as in the Chinese walk (tests/ui/layout.rs).
mod layout {
    use super::reach::{Labels, walk_demo_shop};
    use genjin::i18n::Language;

    const ENGLISH: Labels = Labels {
        nav: [
            "Home",
            "Customers",
            "Calendar",
            "After-sales",
            "Receivables",
            "Retention",
            "Import & export",
            "Settings",
        ],
        new_customer: "New customer",
        open_calendar: "Open the calendar",
        today: "Today",
        export_ics: "Export to phone calendar",
        card_tabs: [
            "Card",
            "Pre-visit brief",
            "Contact log (",
            "Promises (",
            "Purchases & payments (",
            "Collection",
            "After-sales (",
        ],
        needs: "Needs and concerns",
        save_payment: "Save the payment",
        aftersales_tabs: ["Complaints", "Returns", "Feedback cards"],
        receivables_tabs: ["Aging", "Charts", "Collection", "Statement"],
        recover_column: "Sales to earn it back",
        retention_tabs: ["Drifting away", "ABC classes"],
        choose_file: "Choose file…",
        backup: "Back up now",
    };

    fn walk_at(width: f32, height: f32) {
        let _turn = super::LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
        walk_demo_shop(&ENGLISH, Language::English, egui::vec2(width, height), 1.0);
    }

    #[test]
    fn every_key_control_is_reachable_on_a_small_laptop() {
        walk_at(1024.0, 640.0);
    }

    #[test]
    fn every_key_control_is_reachable_on_a_large_screen() {
        walk_at(1920.0, 1080.0);
    }
}

#[test]
fn a_file_that_is_not_a_book_gets_an_english_page_and_is_left_as_it_was() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("empty.sqlite");
    std::fs::write(&db, b"").unwrap();
    let mut h = english_app(&db);
    h.run();
    h.get_by_label("This file is empty — it is not a Genjin book");
    h.get_by_label(&format!("{} is empty — not a Genjin book.", db.display()));
    h.get_by_label("Nothing in the file was changed.");
    h.get_by_label("Open another file…");
    h.get_by_label("Start a new book elsewhere…");
    h.get_by_label("Open the demo shop");
    drop(h);
    assert_eq!(std::fs::read(&db).unwrap(), Vec::<u8>::new());
}
