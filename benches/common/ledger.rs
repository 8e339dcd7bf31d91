//! A generated receivables book for the benchmarks (included with
//! `#[path]`): customers with names, sales over about three years on 0, 30
//! or 60 days' terms, payments partly for a sale and partly on account
//! (paid oldest first), some overpaid, some customers who stopped paying.
//! Written through the store's bulk API in one transaction and cached under
//! `target/genjin-bench/`, keyed by its size, so later runs skip generation.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Days, NaiveDate, NaiveDateTime};
use genjin::domain::customer::Customer;
use genjin::domain::money::Money;
use genjin::domain::sale::{Payment, Sale};
use genjin::store::Store;

/// The book's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerSize {
    pub customers: usize,
    pub sales: usize,
    pub payments: usize,
}

impl LedgerSize {
    /// 10 sales and about 8 payments per customer (100,000 customers:
    /// 1,000,000 sales and 800,000 payments).
    pub fn for_customers(customers: usize) -> LedgerSize {
        LedgerSize {
            customers,
            sales: customers * 10,
            payments: customers * 8,
        }
    }
}

/// Bump when the generator changes, so stale cached books are not reused.
const VERSION: u32 = 1;
/// How far back the sales go.
const HISTORY_DAYS: u64 = 3 * 365;

/// The cached book of `size` as of `today`, generated first when missing.
pub fn ledger_book(size: LedgerSize, today: NaiveDate) -> PathBuf {
    let dir = target_dir().join("genjin-bench");
    std::fs::create_dir_all(&dir).expect("bench cache folder");
    let path = dir.join(format!(
        "ledger-v{VERSION}-{}c-{}s-{}p-{today}.sqlite",
        size.customers, size.sales, size.payments
    ));
    if path.exists() {
        eprintln!("genjin bench: reusing {}", path.display());
        return path;
    }
    let partial = path.with_extension("partial");
    let _ = genjin::demo::remove_database_files(&partial);
    let started = Instant::now();
    let written = generate(&partial, size, today);
    // The write-ahead log is folded in when the store closes; then the
    // finished file takes its name.
    std::fs::rename(&partial, &path).expect("rename the finished book");
    let _ = std::fs::remove_file(genjin::store::lock_path(&partial));
    eprintln!(
        "genjin bench: ledger {written:?} written in {:.1} s to {}",
        started.elapsed().as_secs_f64(),
        path.display()
    );
    path
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
    }
}

/// A xorshift stream: fast, and the same numbers on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "秀英", "桂兰", "建华", "志强", "海燕", "晓东", "春梅", "国庆", "玉兰",
];
const COMPANIES: &[&str] = &[
    "华联超市",
    "鸿运大酒店",
    "永辉物业",
    "东方建材",
    "恒通物流",
    "育才中学",
    "金桥宾馆",
    "瑞丰食品厂",
];
const PRODUCTS: &[(&str, i64)] = &[
    ("冰箱", 4_999),
    ("洗衣机", 2_999),
    ("空调", 3_999),
    ("电视", 5_999),
    ("热水器", 1_999),
    ("油烟机", 2_499),
    ("电饭煲", 399),
    ("净水器", 1_899),
];

/// One sale before it is written: customer index, day, terms, amount (fen),
/// and what pays it.
struct Planned {
    customer: usize,
    date: NaiveDate,
    terms: u32,
    fen: i64,
    product: usize,
    quantity: u32,
}

/// A payment before it is written: which planned sale it is for (or none).
struct PlannedPayment {
    customer: usize,
    date: NaiveDate,
    fen: i64,
    sale: Option<usize>,
}

fn add(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date + Days::new(days as u64)
    } else {
        date - Days::new((-days) as u64)
    }
}

fn noon(date: NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(12, 0, 0).expect("noon")
}

/// Writes the book into a new file at `path`; returns what was written.
fn generate(path: &Path, size: LedgerSize, today: NaiveDate) -> LedgerSize {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let first_day = today - Days::new(HISTORY_DAYS);
    let n = size.customers.max(1);
    let mut sales: Vec<Planned> = Vec::with_capacity(size.sales);
    let mut payments: Vec<PlannedPayment> = Vec::with_capacity(size.payments + n);
    let mut companies = Vec::with_capacity(n);

    // Sales: every customer buys; how often varies (1 to 19 sales, 10 on
    // average), spread over the three years.
    let mut left = size.sales;
    for c in 0..n {
        let company = rng.chance(10);
        companies.push(company);
        let remaining_customers = n - c;
        let k = if remaining_customers == 1 {
            left
        } else {
            ((1 + rng.below(19)) as usize).min(left.saturating_sub(remaining_customers - 1))
        };
        left -= k;
        for _ in 0..k {
            let date = add(first_day, rng.below(HISTORY_DAYS + 1) as i64);
            let terms = match (company, rng.below(100)) {
                (true, r) if r < 20 => 0,
                (true, r) if r < 70 => 30,
                (true, _) => 60,
                (false, r) if r < 70 => 0,
                (false, r) if r < 90 => 30,
                (false, _) => 60,
            };
            let product = rng.below(PRODUCTS.len() as u64) as usize;
            let quantity = if company { 1 + rng.below(6) as u32 } else { 1 };
            let unit = PRODUCTS[product].1 * 100 + (rng.below(40) as i64 - 20) * 100;
            sales.push(Planned {
                customer: c,
                date,
                terms,
                fen: unit * i64::from(quantity),
                product,
                quantity,
            });
        }
    }
    // Payments, customer by customer in date order: most sales are paid by
    // a payment naming them; the rest run up a tab that the customer settles
    // on account now and then (sometimes paying a little over, sometimes
    // short). A few customers stopped paying at some point.
    sales.sort_by_key(|s| (s.customer, s.date));
    let mut i = 0;
    while i < sales.len() {
        let c = sales[i].customer;
        let mut j = i;
        while j < sales.len() && sales[j].customer == c {
            j += 1;
        }
        let stops = rng
            .chance(4)
            .then(|| add(first_day, rng.below(HISTORY_DAYS) as i64));
        let start = payments.len();
        let mut tab: i64 = 0;
        let mut tab_due = first_day;
        let mut tab_sales = 0;
        for (k, s) in sales[i..j].iter().enumerate() {
            let due = add(s.date, i64::from(s.terms));
            let late = rng.below(40) as i64 - 10;
            if rng.chance(62) {
                let day = if s.terms == 0 {
                    s.date
                } else {
                    add(due, late).max(s.date)
                };
                let fen = if rng.chance(8) { s.fen / 2 } else { s.fen };
                payments.push(PlannedPayment {
                    customer: c,
                    date: day,
                    fen,
                    sale: Some(i + k),
                });
            } else {
                tab += s.fen;
                tab_due = tab_due.max(due);
                tab_sales += 1;
            }
            let last = i + k + 1 == j;
            if tab_sales >= 2 || (last && tab > 0) {
                let fen = match rng.below(100) {
                    r if r < 6 => tab + 100 * (1 + rng.below(500) as i64),
                    r if r < 14 => tab * 7 / 10,
                    _ => tab,
                };
                payments.push(PlannedPayment {
                    customer: c,
                    date: add(tab_due, rng.below(45) as i64),
                    fen,
                    sale: None,
                });
                tab = 0;
                tab_sales = 0;
            }
        }
        i = j;
        if let Some(stop) = stops {
            let kept: Vec<PlannedPayment> =
                payments.drain(start..).filter(|p| p.date < stop).collect();
            payments.extend(kept);
        }
    }
    // Nothing has been paid after today.
    payments.retain(|p| p.date <= today);

    // The book in date order, as a shop writes it.
    let mut order: Vec<usize> = (0..sales.len()).collect();
    order.sort_by_key(|&k| (sales[k].date, k));
    payments.sort_by_key(|p| p.date);

    let mut store = Store::open(path).expect("new ledger book");
    let written = store
        .bulk(|w| {
            let mut ids = Vec::with_capacity(n);
            for c in 0..n {
                let joined = first_day - Days::new((n - c) as u64 % 400);
                let name = format!(
                    "{}{}",
                    SURNAMES[c % SURNAMES.len()],
                    GIVEN[(c / SURNAMES.len() + c * 7) % GIVEN.len()]
                );
                let mut card = Customer::new(&name, noon(joined));
                card.mobile = format!("1{}{:08}", [38, 39, 58, 86][c % 4], c);
                if companies[c] {
                    card.company = COMPANIES[c % COMPANIES.len()].to_string();
                    card.credit_limit = Some(Money::from_yuan(50_000));
                }
                ids.push(w.customer(&card)?);
            }
            let mut sale_ids = vec![0i64; sales.len()];
            for (seq, &k) in order.iter().enumerate() {
                let s = &sales[k];
                let (product, _) = PRODUCTS[s.product];
                sale_ids[k] = w.sale(&Sale {
                    id: None,
                    customer_id: ids[s.customer],
                    number: Some(format!("B{:08}", seq + 1)),
                    date: s.date,
                    product: product.to_string(),
                    quantity: s.quantity,
                    amount: Money(s.fen),
                    due_date: add(s.date, i64::from(s.terms)),
                    terms_days: (s.terms > 0).then_some(s.terms),
                    note: String::new(),
                    created_at: noon(s.date),
                })?;
            }
            for p in &payments {
                w.payment(&Payment {
                    id: None,
                    customer_id: ids[p.customer],
                    sale_id: p.sale.map(|k| sale_ids[k]),
                    date: p.date,
                    amount: Money(p.fen),
                    method: if p.sale.is_some() {
                        "微信"
                    } else {
                        "对公转账"
                    }
                    .to_string(),
                    note: String::new(),
                    created_at: noon(p.date),
                })?;
            }
            Ok(LedgerSize {
                customers: n,
                sales: sales.len(),
                payments: payments.len(),
            })
        })
        .expect("ledger written");
    drop(store);
    written
}
