//! Walking through the window as a user with a small laptop would: the
//! demo-like book opened at a given window size and language, and each key
//! control scrolled into view, checked to lie wholly inside the window, and
//! clicked with the pointer (a click lands only where the control is seen).
//! Included by the Chinese and the English UI binaries alike.

use std::path::Path;

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use genjin::i18n::Language;
use genjin::ui::{GenjinApp, Launch};

/// The app in a harness of a known window size.
pub struct Walk {
    pub h: Harness<'static, GenjinApp>,
    size: egui::Vec2,
}

impl Walk {
    /// The app at `size` in `language`, with "today" fixed, on a screen
    /// scaled by `scale` (2.0: a 200% display); `size` is in points, as
    /// the app lays itself out.
    pub fn open_scaled(
        db: &Path,
        today: NaiveDate,
        size: egui::Vec2,
        language: Language,
        scale: f32,
    ) -> Walk {
        let mut app = GenjinApp::new(
            &Launch {
                db: Some(db.to_path_buf()),
                demo: false,
                import: None,
                renderer: None,
            },
            language,
        );
        app.set_today(today);
        app.wait_for_reports(true);
        let mut h = Harness::builder()
            .with_size(size)
            .with_pixels_per_point(scale)
            .with_max_steps(16)
            .with_context_setup(GenjinApp::prepare_context)
            .build_ui_state(|ui, app: &mut GenjinApp| app.show(ui), app);
        h.run();
        Walk { h, size }
    }

    /// Reaches the first control whose label is exactly `label`.
    pub fn reach(&mut self, label: &str) {
        self.reach_with(label, false);
    }

    /// Reaches the first control whose label starts with `label` (tabs
    /// that show a count).
    pub fn reach_prefix(&mut self, label: &str) {
        self.reach_with(label, true);
    }

    fn reach_with(&mut self, label: &str, prefix: bool) {
        let window = egui::Rect::from_min_size(egui::Pos2::ZERO, self.size);
        find(&self.h, label, prefix).scroll_to_me();
        self.h.run();
        let node = find(&self.h, label, prefix);
        let rect = node.rect();
        assert!(
            window.expand(0.5).contains_rect(rect),
            "{label:?} is at {rect:?}, not wholly inside the {window:?} window"
        );
        node.click();
        self.h.run();
    }
}

/// The labels a walk looks for, in one UI language.
pub struct Labels {
    /// The navigation, in `Section::ALL` order.
    pub nav: [&'static str; 8],
    pub new_customer: &'static str,
    pub open_calendar: &'static str,
    pub today: &'static str,
    pub export_ics: &'static str,
    /// The card's tabs; each is matched as a prefix (some show a count).
    pub card_tabs: [&'static str; 7],
    /// A multi-line field of the card, which must fit a narrow card.
    pub needs: &'static str,
    /// The payment form's button, below the sale form on a narrow card.
    pub save_payment: &'static str,
    pub aftersales_tabs: [&'static str; 3],
    pub receivables_tabs: [&'static str; 4],
    /// The aging table's last column, reached by scrolling sideways.
    pub recover_column: &'static str,
    pub retention_tabs: [&'static str; 2],
    pub choose_file: &'static str,
    pub backup: &'static str,
}

impl Walk {
    /// Scrolls the control labelled `label` into view and checks it lies
    /// wholly inside the window, without clicking (a file dialog button).
    pub fn see(&mut self, label: &str) {
        let window = egui::Rect::from_min_size(egui::Pos2::ZERO, self.size);
        self.h.get_by_label(label).scroll_to_me();
        self.h.run();
        let rect = self.h.get_by_label(label).rect();
        assert!(
            window.expand(0.5).contains_rect(rect),
            "{label:?} is at {rect:?}, not wholly inside the {window:?} window"
        );
    }

    /// Every section's key controls, each reached and clicked: Home's
    /// buttons below its tiles, the calendar's bar, every tab of a customer
    /// card, of After-sales, Receivables and Retention, the aging table's
    /// last column, the import button and the backup button at the foot
    /// of the first settings group.
    pub fn every_section(&mut self, l: &Labels, customer: genjin::domain::customer::CustomerId) {
        self.reach(l.nav[0]);
        self.reach(l.open_calendar);
        self.reach(l.today);
        self.see(l.export_ics);
        self.reach(l.nav[0]);
        self.reach_prefix(l.new_customer);
        self.reach(l.nav[1]);
        self.h
            .state_mut()
            .send(genjin::ui::Command::OpenCustomer(customer));
        self.h.run();
        self.see(l.needs);
        for tab in l.card_tabs {
            self.reach_prefix(tab);
        }
        self.reach_prefix(l.card_tabs[4]);
        self.see(l.save_payment);
        self.reach(l.nav[3]);
        for tab in l.aftersales_tabs {
            self.reach(tab);
        }
        self.reach(l.nav[4]);
        self.reach(l.receivables_tabs[0]);
        self.reach(l.recover_column);
        for tab in &l.receivables_tabs[1..] {
            self.reach(tab);
        }
        self.reach(l.nav[5]);
        for tab in l.retention_tabs {
            self.reach_prefix(tab);
        }
        self.reach(l.nav[6]);
        self.see(l.choose_file);
        self.reach(l.nav[7]);
        self.see(l.backup);
    }
}

/// The first node labelled `label` (or starting with it), in tree order.
fn find<'h>(
    h: &'h Harness<'static, GenjinApp>,
    label: &'h str,
    prefix: bool,
) -> egui_kittest::Node<'h> {
    let found = if prefix {
        h.query_all_by_label_contains(label).find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(label))
        })
    } else {
        h.query_all_by_label(label).next()
    };
    found.unwrap_or_else(|| panic!("no control labelled {label:?}"))
}

/// The day the walks take as today.
pub fn walk_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// A demo shop of 60 customers written into `dir`.
pub fn demo_book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("shop.sqlite");
    genjin::demo::recreate(
        &db,
        &genjin::demo::DemoOptions {
            customers: 60,
            seed: 5,
            today: walk_today(),
        },
    )
    .expect("the demo book");
    db
}

/// Walks every section of a demo shop in a window of `size` points on a
/// screen scaled by `scale`, in `language` with its `labels`, opening the
/// first customer's card.
pub fn walk_demo_shop(labels: &Labels, language: Language, size: egui::Vec2, scale: f32) {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    let db = demo_book(dir.path());
    let mut walk = Walk::open_scaled(&db, walk_today(), size, language, scale);
    let first = walk
        .h
        .state()
        .directory()
        .and_then(|d| d.rows().first().map(|c| c.id))
        .expect("the demo has customers");
    walk.every_section(labels, first);
}
