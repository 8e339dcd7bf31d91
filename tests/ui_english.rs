//! The English UI (its own test binary, because the UI language is
//! process-wide): the navigation and the card speak English, every card tab
//! is reachable with the longer English titles, and switching to Chinese in
//! Settings takes effect at once.

use chrono::NaiveDate;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::i18n::Language;
use genjin::ui::{GenjinApp, Launch, Section};
use tempfile::TempDir;

/// The UI language is process-wide and one test switches it: the tests of
/// this binary take turns.
static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

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

#[test]
fn english_ui_and_switching_language_in_settings() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let mut app = GenjinApp::new(
        &Launch {
            db: Some(dir.path().join("en.sqlite")),
            demo: false,
            import: None,
        },
        Language::English,
    );
    app.set_today(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    app.wait_for_reports(true);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .with_context_setup(GenjinApp::prepare_context)
        .build_ui_state(|ui, app: &mut GenjinApp| app.show(ui), app);
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

#[path = "common/reach.rs"]
mod reach;

/// The English window at 1024×640 and 1920×1080: every section's key
/// controls are reached and clicked, as in the Chinese walk (tests/ui/layout.rs).
mod layout {
    use super::reach::{Labels, Walk};
    use chrono::NaiveDate;
    use genjin::i18n::Language;
    use tempfile::TempDir;

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
        aftersales_tabs: ["Complaints", "Returns", "Feedback cards"],
        receivables_tabs: ["Aging", "Charts", "Collection", "Statement"],
        recover_column: "Sales to earn it back",
        retention_tabs: ["Drifting away", "ABC classes"],
        choose_file: "Choose file…",
        backup: "Back up to…",
    };

    fn walk_at(width: f32, height: f32) {
        let _turn = super::LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date");
        let dir = TempDir::new().expect("a temporary folder");
        let db = dir.path().join("shop.sqlite");
        genjin::demo::recreate(
            &db,
            &genjin::demo::DemoOptions {
                customers: 60,
                seed: 5,
                today,
            },
        )
        .expect("the demo book");
        let mut walk = Walk::open(&db, today, egui::vec2(width, height), Language::English);
        let first = walk
            .h
            .state()
            .directory()
            .and_then(|d| d.rows().first().map(|c| c.id))
            .expect("the demo has customers");
        walk.every_section(&ENGLISH, first);
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
