//! Home's receivable tiles in the window: what is owed and overdue with the
//! change over 30 days, the customers over their credit limit by name, and
//! the class mix; a tile opens its section.

use crate::common::app_harness;
use chrono::NaiveDate;
use egui_kittest::kittest::Queryable;
use genjin::domain::customer::Customer;
use genjin::domain::money::Money;
use genjin::domain::sale::{Payment, Sale};
use genjin::store::Store;
use genjin::ui::Section;
use tempfile::TempDir;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

#[test]
fn home_shows_what_is_owed_its_change_and_who_is_over_the_limit() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.sqlite");
    {
        let mut store = Store::open(&db).unwrap();
        let created = d(1, 1).and_hms_opt(9, 0, 0).unwrap();
        let mut card = Customer::new("宏达公司", created);
        card.credit_limit = Some(Money::from_yuan(5_000));
        let hongda = store.save_customer(&card).unwrap();
        let wang = store
            .save_customer(&Customer::new("王芳", created))
            .unwrap();
        let sale = |store: &mut Store, c, date: NaiveDate, due: NaiveDate, yuan| {
            store
                .add_sale(&Sale {
                    id: None,
                    customer_id: c,
                    number: None,
                    date,
                    product: "商用冰柜".into(),
                    quantity: 1,
                    amount: Money::from_yuan(yuan),
                    due_date: due,
                    terms_days: None,
                    note: String::new(),
                    created_at: date.and_hms_opt(10, 0, 0).unwrap(),
                })
                .unwrap()
        };
        // Owed a month ago: 6,000 of 宏达's, 1,000 of 王芳's.
        sale(&mut store, hongda, d(9, 1), d(10, 1), 6_000);
        sale(&mut store, wang, d(10, 1), d(10, 31), 1_000);
        // Since then: 王芳 paid, 宏达 bought more, due next month.
        store
            .add_payment(&Payment {
                id: None,
                customer_id: wang,
                sale_id: None,
                date: d(11, 10),
                amount: Money::from_yuan(1_000),
                method: "现金".into(),
                note: String::new(),
                created_at: d(11, 10).and_hms_opt(10, 0, 0).unwrap(),
            })
            .unwrap();
        sale(&mut store, hongda, d(11, 20), d(12, 20), 500);
    }
    let mut h = app_harness::open_app(&db, d(11, 23), 1000.0);
    h.run();
    h.run();
    assert_eq!(h.state().section(), Section::Home);
    h.get_by_label("¥6,500.00");
    h.get_by_label("已逾期 ¥6,000.00，比 30 天前 −¥500.00");
    h.get_by_label("超出信用额度");
    h.get_by_label("宏达公司 超 ¥1,500.00");
    // Classes computed from the sales: 宏达 made 6,500 of 7,500 → A; 王芳 B.
    h.get_by_label("1 / 1 / 0");
    h.get_by_label("应收账款").click();
    // The aging tab's grids size themselves over a few frames.
    h.run_steps(8);
    assert_eq!(h.state().section(), Section::Receivables);
}
