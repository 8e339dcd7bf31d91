//! What the columns of an imported file mean, and how their cells are read.
//!
//! Headers are matched to [`Field`]s by synonyms (Chinese and English),
//! ignoring case, whitespace, full-/half-width differences, `_`/`-`,
//! surrounding punctuation such as `*` and bracketed notes such as `（必填）`.
//! The result is a [`Mapping`] the UI can show, let the user correct, and
//! remember per header set ([`header_set_key`]).
//!
//! The value parsers accept what spreadsheets actually contain: every date
//! form [`parse_date`] knows plus Excel serial numbers, lunar birthdays,
//! amounts with `¥`/`元`/thousand separators, phones with `+86`, Chinese and
//! English labels for gender, source and class. They reuse the domain
//! parsers and only add the import-specific rules. Every failure is a
//! [`ValueError`] with a stable [`ValueError::code`] for translation.
//!
//! Convention: a blank cell is [`ValueError::Required`] for every parser
//! except [`parse_gender`] (blank means unknown); wrap a parser in
//! [`optional`] for columns that may be empty.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::customer::{CustomerClass, Gender, Source};
use crate::domain::dates::{DateError, parse_date, parse_month_day};
use crate::domain::lunar::{LunarDate, LunarError};
use crate::domain::money::{Money, MoneyError};
use crate::domain::phone::{Phone, PhoneError};
use crate::domain::returns::{RefundTo, ReturnOutcome, ReturnReason};
use crate::domain::text::to_half_width;
use crate::domain::warranty::GoodsCondition;
use crate::domain::yearly::YearlyDate;
pub use crate::import::mojibake::Mojibake;

/// Headers that name a phone column in sales and payments files.
const PHONE_WORDS: &[&str] = &[
    "手机",
    "手机号",
    "手机号码",
    "电话",
    "联系电话",
    "移动电话",
    "联系手机",
    "phone",
    "mobile",
    "tel",
];

/// Which list a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Customers,
    Sales,
    Payments,
    /// The returns log (退换货登记).
    Returns,
}

/// A column's meaning. One enum for all kinds; [`ImportKind::fields`] says
/// which fields a kind uses. `Notes` is shared by all three kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    // Customers.
    Name,
    Mobile,
    Phone2,
    Wechat,
    Email,
    Address,
    Company,
    Occupation,
    Gender,
    Birthday,
    Anniversary,
    Source,
    ReferredBy,
    Class,
    CreditLimit,
    Tags,
    // Sales and payments.
    Customer,
    Phone,
    Number,
    Date,
    Product,
    Quantity,
    Amount,
    DueDate,
    TermsDays,
    Method,
    // Returns (with customer, phone, sale number, date, product, quantity
    // and the refund as amount).
    Reason,
    Condition,
    Outcome,
    RefundTo,
    // All kinds.
    Notes,
}

impl Field {
    /// Stable snake_case code (serde name, i18n key suffix).
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Mobile => "mobile",
            Field::Phone2 => "phone2",
            Field::Wechat => "wechat",
            Field::Email => "email",
            Field::Address => "address",
            Field::Company => "company",
            Field::Occupation => "occupation",
            Field::Gender => "gender",
            Field::Birthday => "birthday",
            Field::Anniversary => "anniversary",
            Field::Source => "source",
            Field::ReferredBy => "referred_by",
            Field::Class => "class",
            Field::CreditLimit => "credit_limit",
            Field::Tags => "tags",
            Field::Customer => "customer",
            Field::Phone => "phone",
            Field::Number => "number",
            Field::Date => "date",
            Field::Product => "product",
            Field::Quantity => "quantity",
            Field::Amount => "amount",
            Field::DueDate => "due_date",
            Field::TermsDays => "terms_days",
            Field::Method => "method",
            Field::Reason => "reason",
            Field::Condition => "condition",
            Field::Outcome => "outcome",
            Field::RefundTo => "refund_to",
            Field::Notes => "notes",
        }
    }
}

const CUSTOMER_FIELDS: &[Field] = &[
    Field::Name,
    Field::Mobile,
    Field::Phone2,
    Field::Wechat,
    Field::Email,
    Field::Address,
    Field::Company,
    Field::Occupation,
    Field::Gender,
    Field::Birthday,
    Field::Anniversary,
    Field::Source,
    Field::ReferredBy,
    Field::Class,
    Field::CreditLimit,
    Field::Tags,
    Field::Notes,
];

const SALE_FIELDS: &[Field] = &[
    Field::Customer,
    Field::Phone,
    Field::Number,
    Field::Date,
    Field::Product,
    Field::Quantity,
    Field::Amount,
    Field::DueDate,
    Field::TermsDays,
    Field::Notes,
];

const PAYMENT_FIELDS: &[Field] = &[
    Field::Customer,
    Field::Phone,
    Field::Date,
    Field::Amount,
    Field::Number,
    Field::Method,
    Field::Notes,
];

const RETURN_FIELDS: &[Field] = &[
    Field::Date,
    Field::Customer,
    Field::Phone,
    Field::Number,
    Field::Product,
    Field::Quantity,
    Field::Reason,
    Field::Condition,
    Field::Outcome,
    Field::Amount,
    Field::RefundTo,
    Field::Notes,
];

/// A requirement is met when at least one of its fields is mapped.
pub type Requirement = &'static [Field];

const CUSTOMER_REQUIRED: &[Requirement] = &[&[Field::Name]];
const SALE_REQUIRED: &[Requirement] = &[
    &[Field::Customer, Field::Phone],
    &[Field::Date],
    &[Field::Amount],
];
const PAYMENT_REQUIRED: &[Requirement] = SALE_REQUIRED;
/// A return's customer may be blank (a walk-in).
const RETURN_REQUIRED: &[Requirement] = &[
    &[Field::Date],
    &[Field::Product],
    &[Field::Reason],
    &[Field::Condition],
    &[Field::Outcome],
];

impl ImportKind {
    pub const ALL: &'static [ImportKind] = &[
        ImportKind::Customers,
        ImportKind::Sales,
        ImportKind::Payments,
        ImportKind::Returns,
    ];

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Sales => "sales",
            ImportKind::Payments => "payments",
            ImportKind::Returns => "returns",
        }
    }

    /// The fields this kind of file can hold, in display order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            ImportKind::Customers => CUSTOMER_FIELDS,
            ImportKind::Sales => SALE_FIELDS,
            ImportKind::Payments => PAYMENT_FIELDS,
            ImportKind::Returns => RETURN_FIELDS,
        }
    }

    /// What must be mapped before an import can start; each entry is met by
    /// any one of its fields (sales: customer name or phone).
    pub fn required(self) -> &'static [Requirement] {
        match self {
            ImportKind::Customers => CUSTOMER_REQUIRED,
            ImportKind::Sales => SALE_REQUIRED,
            ImportKind::Payments => PAYMENT_REQUIRED,
            ImportKind::Returns => RETURN_REQUIRED,
        }
    }

    /// Whether `field` on its own is (part of) a requirement.
    pub fn is_required(self, field: Field) -> bool {
        self.required().iter().any(|r| r.contains(&field))
    }

    /// Header synonyms per field, in the raw form; compared after
    /// [`normalize_header`]. Order matters only for readability: a header
    /// matches at most one field of a kind.
    fn synonyms(self) -> &'static [(Field, &'static [&'static str])] {
        match self {
            ImportKind::Customers => &[
                (
                    Field::Name,
                    &[
                        "姓名",
                        "客户名称",
                        "客户",
                        "名称",
                        "客户姓名",
                        "名字",
                        "会员姓名",
                        "会员名称",
                        "name",
                        "customer",
                        "customer name",
                        "full name",
                    ],
                ),
                (
                    Field::Mobile,
                    &[
                        "手机",
                        "手机号",
                        "手机号码",
                        "电话",
                        "联系电话",
                        "电话号码",
                        "联系方式",
                        "移动电话",
                        "联系手机",
                        "phone",
                        "mobile",
                        "tel",
                        "telephone",
                        "mobile phone",
                        "cell",
                    ],
                ),
                (
                    Field::Phone2,
                    &[
                        "电话2",
                        "座机",
                        "固话",
                        "固定电话",
                        "备用电话",
                        "家庭电话",
                        "住宅电话",
                        "办公电话",
                        "单位电话",
                        "phone2",
                        "tel2",
                    ],
                ),
                (Field::Wechat, &["微信", "微信号", "wechat", "weixin", "wx"]),
                (
                    Field::Email,
                    &["邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail"],
                ),
                (Field::Address, &["地址", "住址", "联系地址", "address"]),
                (
                    Field::Company,
                    &[
                        "单位",
                        "公司",
                        "工作单位",
                        "公司名称",
                        "company",
                        "organization",
                    ],
                ),
                (
                    Field::Occupation,
                    &[
                        "职业",
                        "职务",
                        "职位",
                        "occupation",
                        "title",
                        "job",
                        "position",
                    ],
                ),
                (Field::Gender, &["性别", "gender", "sex"]),
                (
                    Field::Birthday,
                    &[
                        "生日",
                        "出生日期",
                        "出生年月",
                        "出生年月日",
                        "birthday",
                        "birth date",
                        "dob",
                    ],
                ),
                (
                    Field::Anniversary,
                    &["结婚纪念日", "纪念日", "anniversary", "wedding anniversary"],
                ),
                (Field::Source, &["来源", "客户来源", "渠道", "source"]),
                (
                    Field::ReferredBy,
                    &["介绍人", "推荐人", "referrer", "referred by", "referred_by"],
                ),
                (
                    Field::Class,
                    &[
                        "类别",
                        "等级",
                        "客户类别",
                        "客户等级",
                        "分类",
                        "class",
                        "level",
                        "grade",
                    ],
                ),
                (
                    Field::CreditLimit,
                    &[
                        "信用额度",
                        "赊账额度",
                        "额度",
                        "credit limit",
                        "credit_limit",
                        "credit",
                    ],
                ),
                (Field::Tags, &["标签", "tags", "tag", "labels"]),
                (
                    Field::Notes,
                    &[
                        "备注", "说明", "notes", "note", "remark", "remarks", "memo", "comment",
                    ],
                ),
            ],
            ImportKind::Sales => &[
                (
                    Field::Customer,
                    &[
                        "客户",
                        "客户名称",
                        "姓名",
                        "客户姓名",
                        "会员姓名",
                        "customer",
                        "customer name",
                        "name",
                    ],
                ),
                (Field::Phone, PHONE_WORDS),
                (
                    Field::Number,
                    &[
                        "单号",
                        "订单号",
                        "销售单号",
                        "单据号",
                        "编号",
                        "number",
                        "order",
                        "order no",
                        "order number",
                        "no",
                    ],
                ),
                (
                    Field::Date,
                    &[
                        "日期",
                        "销售日期",
                        "下单日期",
                        "开单日期",
                        "date",
                        "sale date",
                        "order date",
                    ],
                ),
                (
                    Field::Product,
                    &[
                        "商品",
                        "产品",
                        "商品名称",
                        "产品名称",
                        "品名",
                        "货品",
                        "product",
                        "item",
                    ],
                ),
                (Field::Quantity, &["数量", "qty", "quantity", "count"]),
                (
                    Field::Amount,
                    &[
                        "金额",
                        "应收金额",
                        "销售金额",
                        "总金额",
                        "合计",
                        "总价",
                        "amount",
                        "total",
                    ],
                ),
                (
                    Field::DueDate,
                    &[
                        "到期日",
                        "应收日期",
                        "到期日期",
                        "收款日期",
                        "due",
                        "due date",
                        "due_date",
                    ],
                ),
                (
                    Field::TermsDays,
                    &[
                        "账期",
                        "账期天数",
                        "账期(天)",
                        "terms",
                        "terms days",
                        "terms_days",
                    ],
                ),
                (
                    Field::Notes,
                    &["备注", "说明", "notes", "note", "remark", "remarks", "memo"],
                ),
            ],
            ImportKind::Payments => &[
                (
                    Field::Customer,
                    &[
                        "客户",
                        "客户名称",
                        "姓名",
                        "付款人",
                        "会员姓名",
                        "customer",
                        "customer name",
                        "name",
                    ],
                ),
                (Field::Phone, PHONE_WORDS),
                (
                    Field::Date,
                    &[
                        "日期",
                        "收款日期",
                        "付款日期",
                        "到账日期",
                        "date",
                        "payment date",
                    ],
                ),
                (
                    Field::Amount,
                    &["金额", "收款金额", "付款金额", "实收金额", "amount", "paid"],
                ),
                (
                    Field::Number,
                    &[
                        "单号",
                        "收款单号",
                        "订单号",
                        "编号",
                        "number",
                        "receipt",
                        "receipt no",
                        "no",
                    ],
                ),
                (
                    Field::Method,
                    &[
                        "方式",
                        "收款方式",
                        "付款方式",
                        "支付方式",
                        "method",
                        "payment method",
                    ],
                ),
                (
                    Field::Notes,
                    &["备注", "说明", "notes", "note", "remark", "remarks", "memo"],
                ),
            ],
            ImportKind::Returns => &[
                (
                    Field::Date,
                    &[
                        "日期",
                        "退货日期",
                        "退换日期",
                        "退换货日期",
                        "date",
                        "return date",
                    ],
                ),
                (
                    Field::Customer,
                    &[
                        "客户",
                        "客户名称",
                        "姓名",
                        "客户姓名",
                        "customer",
                        "customer name",
                        "name",
                    ],
                ),
                (Field::Phone, PHONE_WORDS),
                (
                    Field::Number,
                    &[
                        "单号",
                        "销售单号",
                        "原单号",
                        "订单号",
                        "number",
                        "sale number",
                        "order",
                        "order no",
                        "no",
                    ],
                ),
                (
                    Field::Product,
                    &[
                        "商品",
                        "产品",
                        "商品名称",
                        "产品名称",
                        "品名",
                        "product",
                        "item",
                    ],
                ),
                (Field::Quantity, &["数量", "qty", "quantity", "count"]),
                (Field::Reason, &["原因", "退货原因", "退换原因", "reason"]),
                (
                    Field::Condition,
                    &["商品状态", "货品状态", "状态", "condition"],
                ),
                (Field::Outcome, &["处理", "处理方式", "处理结果", "outcome"]),
                (
                    Field::Amount,
                    &["退款金额", "退款", "金额", "refund", "amount"],
                ),
                (
                    Field::RefundTo,
                    &["退款去向", "退款方式", "refund to", "refund_to"],
                ),
                (
                    Field::Notes,
                    &["备注", "说明", "notes", "note", "remark", "remarks", "memo"],
                ),
            ],
        }
    }

    /// The field a header names, if any.
    pub fn field_for_header(self, header: &str) -> Option<Field> {
        let key = normalize_header(header);
        if key.is_empty() {
            return None;
        }
        self.synonyms().iter().find_map(|(field, names)| {
            names
                .iter()
                .any(|n| normalize_header(n) == key)
                .then_some(*field)
        })
    }
}

/// Normalises a header for comparison: full-width folded, lower-case,
/// bracketed notes (`（必填）`, `(元)`, `[a]`) removed, whitespace, `_`, `-`
/// and every character that is neither a letter nor a digit removed.
pub fn normalize_header(header: &str) -> String {
    let half = to_half_width(header);
    let mut out = String::with_capacity(half.len());
    let mut depth = 0usize;
    for c in half.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// A stable key for a set of headers, so the UI can remember the mapping a
/// user chose for files with the same columns: the normalised headers in
/// order, joined by `|`.
pub fn header_set_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalize_header(h))
        .collect::<Vec<_>>()
        .join("|")
}

/// Which field each column holds. Each field is mapped to at most one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub kind: ImportKind,
    /// One entry per column, in file order.
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// An empty mapping for `count` columns.
    pub fn new(kind: ImportKind, count: usize) -> Mapping {
        Mapping {
            kind,
            columns: vec![None; count],
        }
    }

    /// The field mapped to a column.
    pub fn field(&self, column: usize) -> Option<Field> {
        self.columns.get(column).copied().flatten()
    }

    /// The column a field is mapped to.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == Some(field))
    }

    /// Maps a column (or unmaps it with `None`). A field already mapped to
    /// another column is taken away from it, so each field stays unique.
    /// Out-of-range columns are ignored.
    pub fn set(&mut self, column: usize, field: Option<Field>) {
        if column >= self.columns.len() {
            return;
        }
        if let Some(f) = field {
            for slot in &mut self.columns {
                if *slot == Some(f) {
                    *slot = None;
                }
            }
        }
        self.columns[column] = field;
    }

    /// Columns no field is mapped to (they are ignored on import).
    pub fn unmatched(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.columns[i].is_none())
            .collect()
    }

    /// Requirements of the kind that no mapped column meets.
    pub fn missing_required(&self) -> Vec<Requirement> {
        self.kind
            .required()
            .iter()
            .copied()
            .filter(|req| !req.iter().any(|f| self.column_of(*f).is_some()))
            .collect()
    }

    /// Whether the mapping is complete enough to import.
    pub fn is_ready(&self) -> bool {
        self.missing_required().is_empty()
    }
}

/// Maps headers to fields by synonyms. When two columns name the same field
/// the first one wins and the later one stays unmatched.
pub fn match_headers(kind: ImportKind, headers: &[String]) -> Mapping {
    let mut mapping = Mapping::new(kind, headers.len());
    let mut taken = HashSet::new();
    for (i, header) in headers.iter().enumerate() {
        if let Some(field) = kind.field_for_header(header)
            && taken.insert(field)
        {
            mapping.columns[i] = Some(field);
        }
    }
    mapping
}

/// Why a cell's value was refused. [`ValueError::code`] gives a stable key
/// for translation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("required value is empty")]
    Required,
    #[error("date: {0}")]
    Date(DateError),
    #[error("day/month order is ambiguous; write the year first")]
    AmbiguousDate,
    #[error("Excel date number out of range")]
    ExcelSerialOutOfRange,
    #[error("lunar date: {0}")]
    Lunar(LunarError),
    #[error("amount: {0}")]
    Amount(MoneyError),
    #[error("amount must not be negative")]
    NegativeAmount,
    #[error("a payment must be more than zero")]
    ZeroAmount,
    #[error("phone: {0}")]
    Phone(PhoneError),
    #[error("unknown gender")]
    UnknownGender,
    #[error("unknown customer source")]
    UnknownSource,
    #[error("unknown customer class (use A, B or C)")]
    UnknownClass,
    #[error("quantity must be a whole number above zero")]
    Quantity,
    #[error("payment terms must be 0 to 3650 days")]
    TermsDays,
    #[error("the due date is before the sale date")]
    DueBeforeSale,
    #[error("not an email address")]
    Email,
    #[error("unknown return reason")]
    UnknownReturnReason,
    #[error("unknown goods condition")]
    UnknownCondition,
    #[error("unknown return outcome (refund, exchange or repair)")]
    UnknownOutcome,
    #[error("unknown refund destination (paid out or credited to the account)")]
    UnknownRefundTo,
    #[error("longer than {limit} characters")]
    TooLong { limit: usize },
    #[error("control characters were removed")]
    ControlCharacters,
    #[error("looks wrongly decoded: {0:?}")]
    Misdecoded(Mojibake),
}

impl ValueError {
    /// Stable snake_case code for i18n keys (`import.error.<code>`); nested
    /// domain errors are not distinguished here, their message is.
    pub fn code(&self) -> &'static str {
        match self {
            ValueError::Required => "required",
            ValueError::Date(DateError::Empty) => "required",
            ValueError::Date(DateError::Impossible) => "date_impossible",
            ValueError::Date(_) => "date_unreadable",
            ValueError::AmbiguousDate => "ambiguous_date",
            ValueError::ExcelSerialOutOfRange => "excel_serial_out_of_range",
            ValueError::Lunar(_) => "lunar",
            ValueError::Amount(_) => "amount",
            ValueError::NegativeAmount => "negative_amount",
            ValueError::ZeroAmount => "zero_amount",
            ValueError::Phone(_) => "phone",
            ValueError::UnknownGender => "unknown_gender",
            ValueError::UnknownSource => "unknown_source",
            ValueError::UnknownClass => "unknown_class",
            ValueError::Quantity => "quantity",
            ValueError::TermsDays => "terms_days",
            ValueError::DueBeforeSale => "due_before_sale",
            ValueError::Email => "email",
            ValueError::UnknownReturnReason => "unknown_return_reason",
            ValueError::UnknownCondition => "unknown_condition",
            ValueError::UnknownOutcome => "unknown_outcome",
            ValueError::UnknownRefundTo => "unknown_refund_to",
            ValueError::TooLong { .. } => "too_long",
            ValueError::ControlCharacters => "control_characters",
            ValueError::Misdecoded(_) => "misdecoded",
        }
    }
}

impl From<DateError> for ValueError {
    fn from(e: DateError) -> Self {
        match e {
            DateError::Empty => ValueError::Required,
            DateError::Ambiguous => ValueError::AmbiguousDate,
            other => ValueError::Date(other),
        }
    }
}

/// Folds width, trims, and drops the leading apostrophe Excel uses to mark
/// text (and our own export uses to neutralise formulas).
fn prepare(input: &str) -> String {
    let half = to_half_width(input);
    half.trim().trim_start_matches('\'').trim().to_string()
}

/// Whether [`prepare`] leaves nothing of the cell, without building the
/// prepared text: only whitespace (the ideographic space included) and
/// apostrophes (also full-width) after leading whitespace.
fn is_blank(input: &str) -> bool {
    let mut rest = input
        .chars()
        .map(|c| if c == '\u{FF07}' { '\'' } else { c })
        .skip_while(|c| c.is_whitespace())
        .skip_while(|&c| c == '\'');
    rest.all(char::is_whitespace)
}

/// The most characters a name or other one-line cell may have.
pub const MAX_SHORT_CHARS: usize = 2_000;
/// The most characters a notes cell may have.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// The most characters a cell of `field` may have.
pub fn max_chars(field: Field) -> usize {
    if field == Field::Notes {
        MAX_NOTE_CHARS
    } else {
        MAX_SHORT_CHARS
    }
}

/// Runs `parse` unless the cell is blank: blank → `Ok(None)`.
pub fn optional<T>(
    input: &str,
    parse: impl FnOnce(&str) -> Result<T, ValueError>,
) -> Result<Option<T>, ValueError> {
    if is_blank(input) {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}

/// Whether a cell holds control characters other than whitespace (NUL,
/// ESC, DEL, C1 controls): [`clean_text`] and [`clean_note`] remove them.
pub fn has_control_characters(input: &str) -> bool {
    input.chars().any(is_removed_control)
}

fn is_removed_control(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
}

/// The cell without the control characters [`has_control_characters`] finds.
fn without_controls(input: &str) -> std::borrow::Cow<'_, str> {
    if has_control_characters(input) {
        input.chars().filter(|&c| !is_removed_control(c)).collect()
    } else {
        std::borrow::Cow::Borrowed(input)
    }
}

/// Tidies a free-text cell: control characters removed, whitespace trimmed and collapsed, and the
/// apostrophe our export puts before `= + - @` removed again (only there,
/// so `'s Hertogenbosch` keeps its apostrophe). Blank → `None`.
pub fn clean_text(input: &str) -> Option<String> {
    let input = &*without_controls(input);
    // Most cells have no whitespace at all, and tidying leaves them as they are.
    let tidy = if input.contains(char::is_whitespace) {
        crate::domain::text::tidy(input)
    } else {
        input.to_owned()
    };
    let text = match tidy.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => tidy,
    };
    (!text.is_empty()).then_some(text)
}

/// Tidies a multi-line cell (notes): each line as [`clean_text`] does,
/// line breaks kept (CR LF becomes LF), blank lines at either end dropped.
pub fn clean_note(input: &str) -> Option<String> {
    let input = &*without_controls(input);
    let lines: Vec<String> = input.lines().map(crate::domain::text::tidy).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let text = lines[first..=last].join("\n");
    clean_text(&text).map(|_| match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => text,
    })
}

/// First serial of the accepted range: 1927-05-18, the first five-digit
/// serial. A shorter number in a date column (`2024`, `615`) is far more
/// likely a mistyped year or date than a day in the 1900s, so it is refused
/// rather than guessed. (Serials below 61 would also sit on the wrong side of
/// Excel's phantom 1900-02-29.)
pub const EXCEL_SERIAL_MIN: u32 = 10_000;
/// Last serial of the accepted range: 2100-12-31.
pub const EXCEL_SERIAL_MAX: u32 = 73415;

/// Reads an Excel serial day number (`45296`, `45296.5` — the fraction is a
/// time of day and is dropped). `None` if the text is not a plain number or
/// looks like a compact `20240105` date, which [`parse_date`] reads.
fn excel_serial(s: &str) -> Option<Result<NaiveDate, ValueError>> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || whole.len() == 8
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let serial = match whole.parse::<u32>() {
        Ok(n) if (EXCEL_SERIAL_MIN..=EXCEL_SERIAL_MAX).contains(&n) => n,
        _ => return Some(Err(ValueError::ExcelSerialOutOfRange)),
    };
    // From serial 61 on, Excel's day count matches a calendar starting at
    // 1899-12-30 (the phantom 1900-02-29 absorbs the off-by-one).
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid epoch");
    Some(
        epoch
            .checked_add_days(Days::new(u64::from(serial)))
            .ok_or(ValueError::ExcelSerialOutOfRange),
    )
}

/// A date cell: every form [`parse_date`] accepts (`2024-01-05`, `2024/1/5`,
/// `2024.1.5`, `2024年1月5日`, `20240105`, time parts, full-width digits)
/// plus Excel serial numbers in 1927-05-18..=2100-12-31. `1/5/2024` is
/// refused as [`ValueError::AmbiguousDate`].
pub fn parse_import_date(input: &str) -> Result<NaiveDate, ValueError> {
    let s = prepare(input);
    if s.is_empty() {
        return Err(ValueError::Required);
    }
    if let Some(result) = excel_serial(&s) {
        return result;
    }
    Ok(parse_date(&s)?)
}

/// Traditional characters of lunar dates (Big5 lists from Taiwan and Hong
/// Kong write `農曆臘月初八`, `閏四月`) in their simplified form, which the
/// lunar parser reads.
fn simplified_lunar_words(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '農' => '农',
            '曆' => '历',
            '陰' => '阴',
            '舊' => '旧',
            '臘' => '腊',
            '閏' => '闰',
            c => c,
        })
        .collect()
}

/// Chinese numerals that may spell a lunar month/day without a prefix.
fn is_chinese_numeral_date(s: &str) -> bool {
    s.chars()
        .all(|c| "正冬腊元闰初十廿卅一二三四五六七八九月日年".contains(c))
}

/// A birthday or anniversary cell. Gregorian with or without a year
/// (`1985-05-06`, `1985/5/6`, `5月6日`, `05-06`), an Excel serial, or lunar:
/// `农历八月十五`, `阴历1985年八月十五`, `农历闰四月初八`, `农历腊月廿三`
/// (also in traditional characters, `農曆臘月廿三`). Without the `农历`/`阴历` prefix a date is read as lunar only when it is
/// written entirely in Chinese numerals (`正月初一`, `八月十五`), since
/// that is how lunar dates are written and Gregorian ones are not.
pub fn parse_birthday(input: &str) -> Result<YearlyDate, ValueError> {
    let s = simplified_lunar_words(&prepare(input));
    if s.is_empty() {
        return Err(ValueError::Required);
    }
    let explicit_lunar = ["农历", "阴历", "旧历"].iter().any(|p| s.starts_with(p));
    if explicit_lunar || is_chinese_numeral_date(&s) {
        return match LunarDate::parse_chinese(&s) {
            Some(Ok(lunar)) => Ok(YearlyDate::Lunar(lunar)),
            Some(Err(e)) => Err(ValueError::Lunar(e)),
            None => Err(ValueError::Date(DateError::Unreadable)),
        };
    }
    if let Some(result) = excel_serial(&s) {
        use chrono::Datelike;
        let date = result?;
        return YearlyDate::solar(Some(date.year()), date.month(), date.day())
            .map_err(|_| ValueError::Date(DateError::Impossible));
    }
    let (year, month, day) = parse_month_day(&s)?;
    YearlyDate::solar(year, month, day).map_err(|_| ValueError::Date(DateError::Impossible))
}

/// An amount cell via [`Money::parse`] (`1,234.50`, `¥1234.5`, `1234.5元`).
/// Negative amounts are refused: imports record sales and payments, and a
/// refund is entered as such, not as a negative row.
pub fn parse_amount(input: &str) -> Result<Money, ValueError> {
    let s = prepare(input);
    if s.is_empty() {
        return Err(ValueError::Required);
    }
    let money = Money::parse(&s).map_err(ValueError::Amount)?;
    if money.fen() < 0 {
        return Err(ValueError::NegativeAmount);
    }
    Ok(money)
}

/// A phone cell via [`Phone::parse`] (`+86 138 0013 8000`, `010-12345678`).
pub fn parse_phone(input: &str) -> Result<Phone, ValueError> {
    let s = prepare(input);
    if s.is_empty() {
        return Err(ValueError::Required);
    }
    Phone::parse(&s).map_err(ValueError::Phone)
}

/// Lower-case, width-folded, without whitespace: for label lookups.
fn label_key(input: &str) -> String {
    prepare(input)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A gender cell: 男/男性/先生/m/male, 女/女性/女士/小姐/f/female;
/// blank, 未知, 保密, 不详 and `unknown` are [`Gender::Unknown`].
pub fn parse_gender(input: &str) -> Result<Gender, ValueError> {
    match label_key(input).as_str() {
        "男" | "男性" | "先生" | "m" | "male" | "man" | "♂" => Ok(Gender::Male),
        "女" | "女性" | "女士" | "小姐" | "f" | "female" | "woman" | "♀" => {
            Ok(Gender::Female)
        }
        "" | "未知" | "保密" | "不详" | "unknown" | "u" | "n/a" | "na" => Ok(Gender::Unknown),
        _ => Err(ValueError::UnknownGender),
    }
}

/// A source (客户来源) cell, by Chinese or English label or stored code:
/// 慕名而来/口碑 → reputation, 转介绍/介绍/推荐 → referral,
/// 自荐/陌生拜访/陌拜 → cold contact, 展会 → trade fair,
/// 网络/网上/微信/抖音/淘宝 → online, 其他 → other.
pub fn parse_source(input: &str) -> Result<Source, ValueError> {
    let key = label_key(input);
    if key.is_empty() {
        return Err(ValueError::Required);
    }
    // The app's own labels pair synonyms with a slash (自荐/陌生拜访).
    if key.contains('/') {
        return key
            .split('/')
            .find_map(|part| parse_source(part).ok())
            .ok_or(ValueError::UnknownSource);
    }
    let source = match key.as_str() {
        "慕名而来" | "慕名" | "口碑" | "自然进店" | "进店" | "reputation" | "wordofmouth" => {
            Source::Reputation
        }
        "转介绍" | "介绍" | "推荐" | "老客户介绍" | "朋友介绍" | "老带新" | "referral"
        | "referred" => Source::Referral,
        "自荐" | "陌生拜访" | "陌拜" | "上门" | "电话营销" | "coldcontact" | "coldcall" => {
            Source::ColdContact
        }
        "展会" | "展销会" | "展览会" | "tradefair" | "fair" | "exhibition" => {
            Source::TradeFair
        }
        "网络" | "网上" | "互联网" | "线上" | "online" | "internet" | "web" | "微信" | "抖音"
        | "淘宝" | "天猫" | "京东" | "拼多多" | "小红书" | "快手" | "美团" | "大众点评" => {
            Source::Online
        }
        "其他" | "其它" | "other" | "others" => Source::Other,
        _ => return Err(ValueError::UnknownSource),
    };
    Ok(source)
}

/// A return reason cell, by the app's Chinese label, a synonym, or the
/// stored code: 质量问题, 发错货, 与描述不符, 不想要了, 运输损坏.
pub fn parse_return_reason(input: &str) -> Result<ReturnReason, ValueError> {
    let key = label_key(input);
    let reason = match key.as_str() {
        "" => return Err(ValueError::Required),
        "质量问题" | "质量" | "quality" => ReturnReason::Quality,
        "发错货" | "错发" | "wrongitem" => ReturnReason::WrongItem,
        "与描述不符" | "描述不符" | "notasdescribed" => ReturnReason::NotAsDescribed,
        "不想要了" | "不想要" | "无理由" | "changedmind" => ReturnReason::ChangedMind,
        "运输损坏" | "运输" | "transitdamage" | "damagedintransit" => {
            ReturnReason::TransitDamage
        }
        _ => return Err(ValueError::UnknownReturnReason),
    };
    Ok(reason)
}

/// A goods condition cell: 未拆封, 已使用, 已损坏, or the stored code.
pub fn parse_condition(input: &str) -> Result<GoodsCondition, ValueError> {
    let key = label_key(input);
    let condition = match key.as_str() {
        "" => return Err(ValueError::Required),
        "未拆封" | "未开封" | "全新" | "unopened" => GoodsCondition::Unopened,
        "已使用" | "使用过" | "used" => GoodsCondition::Used,
        "已损坏" | "损坏" | "damaged" => GoodsCondition::Damaged,
        _ => return Err(ValueError::UnknownCondition),
    };
    Ok(condition)
}

/// A return outcome cell: 退款, 换货, 维修, or the stored code.
pub fn parse_outcome(input: &str) -> Result<ReturnOutcome, ValueError> {
    let key = label_key(input);
    let outcome = match key.as_str() {
        "" => return Err(ValueError::Required),
        "退款" | "退货" | "退货退款" | "refund" => ReturnOutcome::Refund,
        "换货" | "更换" | "exchange" => ReturnOutcome::Exchange,
        "维修" | "修理" | "repair" => ReturnOutcome::Repair,
        _ => return Err(ValueError::UnknownOutcome),
    };
    Ok(outcome)
}

/// Where a refund went: 退给顾客 (the app's label `退给顾客（现金/原路）`
/// too) or 冲抵欠款, or the stored code.
pub fn parse_refund_to(input: &str) -> Result<RefundTo, ValueError> {
    let key = label_key(input);
    let core = key.split(['(', '（']).next().unwrap_or_default();
    let to = match core {
        "" => return Err(ValueError::Required),
        "退给顾客" | "退还" | "现金" | "原路退回" | "paidout" => RefundTo::PaidOut,
        "冲抵欠款" | "冲账" | "抵欠款" | "account" => RefundTo::Account,
        _ => return Err(ValueError::UnknownRefundTo),
    };
    Ok(to)
}

/// A class cell: `A`, `a`, `A类`, `A级`, `A类客户`, `Ａ`.
pub fn parse_class(input: &str) -> Result<CustomerClass, ValueError> {
    let key = label_key(input);
    if key.is_empty() {
        return Err(ValueError::Required);
    }
    let core = key
        .trim_end_matches("客户")
        .trim_end_matches(['类', '级'])
        .to_uppercase();
    CustomerClass::from_code(&core).ok_or(ValueError::UnknownClass)
}

/// A quantity cell: a whole number above zero (`3`, `３`, `1,000`, and the
/// `3.0` some exports write). Fractions are refused.
pub fn parse_quantity(input: &str) -> Result<u32, ValueError> {
    let s: String = prepare(input).chars().filter(|c| *c != ',').collect();
    if s.is_empty() {
        return Err(ValueError::Required);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if !frac.chars().all(|c| c == '0') || !whole.chars().all(|c| c.is_ascii_digit()) {
        return Err(ValueError::Quantity);
    }
    match whole.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ValueError::Quantity),
    }
}

/// Longest payment term accepted, in days (ten years).
pub const MAX_TERMS_DAYS: u32 = 3650;

/// A payment-terms cell in days: `30`, `30天`, `30日`, `30 days`; 0..=3650.
pub fn parse_terms_days(input: &str) -> Result<u32, ValueError> {
    // Not `label_key`: it drops `-`, which would turn `-5` into `5`.
    let key: String = prepare(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if key.is_empty() {
        return Err(ValueError::Required);
    }
    let digits = key
        .trim_end_matches("days")
        .trim_end_matches("day")
        .trim_end_matches(['天', '日']);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(ValueError::TermsDays);
    }
    match digits.parse::<u32>() {
        Ok(n) if n <= MAX_TERMS_DAYS => Ok(n),
        _ => Err(ValueError::TermsDays),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    // ---- fields and kinds ----

    #[test]
    fn field_codes_are_unique_snake_case_and_match_serde() {
        let mut seen = HashSet::new();
        for kind in ImportKind::ALL {
            for f in kind.fields() {
                let code = f.code();
                assert!(
                    code.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                );
                assert_eq!(serde_json::to_string(f).unwrap(), format!("\"{code}\""));
                seen.insert(code);
            }
        }
        assert_eq!(seen.len(), 31);
    }

    #[test]
    fn every_synonym_field_belongs_to_its_kind_and_required_fields_exist() {
        for kind in ImportKind::ALL {
            for (field, names) in kind.synonyms() {
                assert!(kind.fields().contains(field), "{kind:?} {field:?}");
                assert!(!names.is_empty());
            }
            for req in kind.required() {
                for f in *req {
                    assert!(kind.fields().contains(f));
                }
            }
        }
        assert!(ImportKind::Customers.is_required(Field::Name));
        assert!(!ImportKind::Customers.is_required(Field::Mobile));
        assert!(ImportKind::Sales.is_required(Field::Phone));
    }

    #[test]
    fn no_header_is_ambiguous_within_a_kind() {
        for kind in ImportKind::ALL {
            let mut seen: std::collections::HashMap<String, Field> = Default::default();
            for (field, names) in kind.synonyms() {
                for n in *names {
                    if let Some(prev) = seen.insert(normalize_header(n), *field) {
                        assert_eq!(prev, *field, "{kind:?}: {n} maps to two fields");
                    }
                }
            }
        }
    }

    // ---- header matching ----

    #[test]
    fn normalizes_headers() {
        assert_eq!(normalize_header(" Phone "), "phone");
        assert_eq!(normalize_header("手机号 "), "手机号");
        assert_eq!(normalize_header("＊姓名（必填）"), "姓名");
        assert_eq!(normalize_header("*金额(元)"), "金额");
        assert_eq!(normalize_header("Due_Date"), "duedate");
        assert_eq!(normalize_header("ＰＨＯＮＥ"), "phone");
        assert_eq!(normalize_header("【备注】"), "");
        assert_eq!(normalize_header("电话 2"), "电话2");
    }

    #[test]
    fn matches_customer_headers_in_chinese() {
        let h = headers(&[
            "姓名",
            "手机",
            "座机",
            "微信",
            "邮箱",
            "地址",
            "单位",
            "职务",
            "性别",
            "生日",
            "结婚纪念日",
            "客户来源",
            "介绍人",
            "等级",
            "信用额度",
            "标签",
            "备注",
        ]);
        let m = match_headers(ImportKind::Customers, &h);
        assert_eq!(
            m.columns,
            ImportKind::Customers
                .fields()
                .iter()
                .map(|f| Some(*f))
                .collect::<Vec<_>>()
        );
        assert!(m.unmatched().is_empty());
        assert!(m.missing_required().is_empty());
        assert!(m.is_ready());
    }

    #[test]
    fn matches_customer_headers_in_english_any_case() {
        let h = headers(&[
            "Name",
            "Mobile",
            "Phone2",
            "WeChat",
            "E-mail",
            "Address",
            "Company",
            "Title",
            "Gender",
            "Birthday",
            "Anniversary",
            "Source",
            "Referred By",
            "Class",
            "Credit_Limit",
            "Tags",
            "Note",
        ]);
        let m = match_headers(ImportKind::Customers, &h);
        assert!(m.unmatched().is_empty(), "{:?}", m);
        assert_eq!(m.field(12), Some(Field::ReferredBy));
        assert_eq!(m.field(14), Some(Field::CreditLimit));
    }

    #[test]
    fn width_spaces_and_markers_do_not_matter() {
        let h = headers(&[
            " 客户名称 *",
            "手 机 号",
            "Phone ",
            "ＴＥＬ",
            "出生日期（必填）",
            "电话２",
        ]);
        let m = match_headers(ImportKind::Customers, &h);
        assert_eq!(m.field(0), Some(Field::Name));
        assert_eq!(m.field(1), Some(Field::Mobile));
        // "Phone " also means Mobile, but 手机号 came first.
        assert_eq!(m.field(2), None);
        assert_eq!(m.field(3), None);
        assert_eq!(m.field(4), Some(Field::Birthday));
        assert_eq!(m.field(5), Some(Field::Phone2));
        assert_eq!(m.unmatched(), vec![2, 3]);
    }

    #[test]
    fn member_system_exports_are_understood() {
        let h = headers(&[
            "会员姓名",
            "会员卡号",
            "移动电话",
            "家庭电话",
            "办公电话",
            "积分",
        ]);
        let m = match_headers(ImportKind::Customers, &h);
        assert_eq!(
            m.columns,
            vec![
                Some(Field::Name),
                None,
                Some(Field::Mobile),
                Some(Field::Phone2),
                None,
                None
            ]
        );
        let h = headers(&["联系手机", "手机号码", "固话"]);
        let m = match_headers(ImportKind::Customers, &h);
        assert_eq!(
            m.columns,
            vec![Some(Field::Mobile), None, Some(Field::Phone2)]
        );
        let h = headers(&["会员姓名", "移动电话", "日期", "金额"]);
        for kind in [ImportKind::Sales, ImportKind::Payments] {
            let m = match_headers(kind, &h);
            assert_eq!(m.field(0), Some(Field::Customer));
            assert_eq!(m.field(1), Some(Field::Phone));
        }
    }

    #[test]
    fn duplicates_first_column_wins() {
        let h = headers(&["姓名", "客户", "名称", "电话", "手机"]);
        let m = match_headers(ImportKind::Customers, &h);
        assert_eq!(
            m.columns,
            vec![Some(Field::Name), None, None, Some(Field::Mobile), None]
        );
        assert_eq!(m.unmatched(), vec![1, 2, 4]);
    }

    #[test]
    fn unknown_and_empty_headers_stay_unmatched() {
        let h = headers(&["", "积分", "会员卡号", "姓名"]);
        let m = match_headers(ImportKind::Customers, &h);
        assert_eq!(m.unmatched(), vec![0, 1, 2]);
        assert_eq!(m.column_of(Field::Name), Some(3));
    }

    #[test]
    fn matches_sales_headers() {
        let h = headers(&[
            "客户名称",
            "联系电话",
            "订单号",
            "销售日期",
            "产品",
            "数量",
            "应收金额",
            "应收日期",
            "账期天数",
            "备注",
        ]);
        let m = match_headers(ImportKind::Sales, &h);
        assert_eq!(
            m.columns,
            ImportKind::Sales
                .fields()
                .iter()
                .map(|f| Some(*f))
                .collect::<Vec<_>>()
        );
        let h = headers(&[
            "customer", "phone", "order", "date", "product", "qty", "amount", "due", "terms",
        ]);
        let m = match_headers(ImportKind::Sales, &h);
        assert!(m.unmatched().is_empty());
        assert_eq!(m.field(8), Some(Field::TermsDays));
        // The same header means different fields for different kinds.
        assert_eq!(
            ImportKind::Customers.field_for_header("客户"),
            Some(Field::Name)
        );
        assert_eq!(
            ImportKind::Sales.field_for_header("客户"),
            Some(Field::Customer)
        );
        assert_eq!(
            ImportKind::Sales.field_for_header("电话"),
            Some(Field::Phone)
        );
        assert_eq!(
            ImportKind::Sales.field_for_header("账期(天)"),
            Some(Field::TermsDays)
        );
    }

    #[test]
    fn matches_payment_headers() {
        let h = headers(&[
            "客户",
            "手机",
            "收款日期",
            "收款金额",
            "单号",
            "方式",
            "备注",
        ]);
        let m = match_headers(ImportKind::Payments, &h);
        assert_eq!(
            m.columns,
            vec![
                Some(Field::Customer),
                Some(Field::Phone),
                Some(Field::Date),
                Some(Field::Amount),
                Some(Field::Number),
                Some(Field::Method),
                Some(Field::Notes),
            ]
        );
        // Sales-only fields are not offered for payments.
        assert_eq!(ImportKind::Payments.field_for_header("商品"), None);
    }

    #[test]
    fn missing_required_fields() {
        let m = match_headers(ImportKind::Customers, &headers(&["手机", "备注"]));
        assert_eq!(m.missing_required(), vec![&[Field::Name][..]]);
        assert!(!m.is_ready());

        // Sales: phone alone satisfies "customer or phone".
        let m = match_headers(ImportKind::Sales, &headers(&["手机", "日期"]));
        assert_eq!(m.missing_required(), vec![&[Field::Amount][..]]);
        let m = match_headers(ImportKind::Payments, &headers(&["备注"]));
        assert_eq!(m.missing_required().len(), 3);
        let m = match_headers(ImportKind::Payments, &headers(&["客户", "日期", "金额"]));
        assert!(m.is_ready());
    }

    #[test]
    fn set_keeps_each_field_unique() {
        let mut m = match_headers(ImportKind::Customers, &headers(&["姓名", "昵称", "x"]));
        m.set(1, Some(Field::Name));
        assert_eq!(m.columns, vec![None, Some(Field::Name), None]);
        m.set(2, Some(Field::Notes));
        m.set(2, None);
        assert_eq!(m.unmatched(), vec![0, 2]);
        m.set(9, Some(Field::Tags)); // out of range: ignored
        assert_eq!(m.columns.len(), 3);
    }

    #[test]
    fn mapping_round_trips_through_json() {
        let m = match_headers(ImportKind::Sales, &headers(&["客户", "日期", "金额", "?"]));
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"sales\""), "{json}");
        assert!(json.contains("\"customer\""), "{json}");
        let back: Mapping = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn header_set_key_is_stable_under_cosmetic_changes() {
        let a = header_set_key(&headers(&["姓名", "手机号", "Phone"]));
        let b = header_set_key(&headers(&[" 姓名 ", "手机号（必填）", "PHONE"]));
        assert_eq!(a, b);
        assert_eq!(a, "姓名|手机号|phone");
        let c = header_set_key(&headers(&["手机号", "姓名", "Phone"]));
        assert_ne!(a, c);
    }

    // ---- dates ----

    #[test]
    fn import_dates_accept_domain_forms() {
        for s in [
            "2024-01-05",
            "2024/1/5",
            "2024.1.5",
            "2024年1月5日",
            "2024年01月05号",
            "20240105",
            "２０２４／１／５",
            "2024-01-05 14:30:00",
            "'2024-01-05",
            " 2024-01-05 ",
        ] {
            assert_eq!(parse_import_date(s), Ok(d(2024, 1, 5)), "{s}");
        }
    }

    #[test]
    fn import_dates_accept_excel_serials() {
        assert_eq!(parse_import_date("45296"), Ok(d(2024, 1, 5)));
        assert_eq!(parse_import_date("45296.5"), Ok(d(2024, 1, 5)));
        assert_eq!(parse_import_date("45292"), Ok(d(2024, 1, 1)));
        assert_eq!(parse_import_date("４５２９６"), Ok(d(2024, 1, 5)));
        assert_eq!(parse_import_date("10000"), Ok(d(1927, 5, 18)));
        assert_eq!(parse_import_date("73415"), Ok(d(2100, 12, 31)));
        assert_eq!(parse_import_date("36526"), Ok(d(2000, 1, 1)));
        assert_eq!(parse_import_date("31048"), Ok(d(1985, 1, 1)));
    }

    #[test]
    fn import_dates_refuse_out_of_range_serials() {
        for s in [
            "2024",
            "615",
            "61",
            "60",
            "59",
            "1",
            "0",
            "9999",
            "73416",
            "999999",
            "123456789",
        ] {
            assert_eq!(
                parse_import_date(s),
                Err(ValueError::ExcelSerialOutOfRange),
                "{s}"
            );
        }
    }

    #[test]
    fn import_dates_errors() {
        assert_eq!(parse_import_date(""), Err(ValueError::Required));
        assert_eq!(parse_import_date("  "), Err(ValueError::Required));
        assert_eq!(
            parse_import_date("1/5/2024"),
            Err(ValueError::AmbiguousDate)
        );
        assert_eq!(
            parse_import_date("2023-02-29"),
            Err(ValueError::Date(DateError::Impossible))
        );
        assert_eq!(
            parse_import_date("20241305"),
            Err(ValueError::Date(DateError::Impossible))
        );
        assert_eq!(
            parse_import_date("yesterday"),
            Err(ValueError::Date(DateError::Unreadable))
        );
        assert_eq!(
            parse_import_date("-45296"),
            Err(ValueError::Date(DateError::Unreadable))
        );
        assert_eq!(
            parse_import_date("45296.x").unwrap_err().code(),
            "date_unreadable"
        );
    }

    // ---- birthdays ----

    fn solar(y: Option<i32>, m: u32, day: u32) -> YearlyDate {
        YearlyDate::solar(y, m, day).unwrap()
    }

    fn lunar(y: Option<i32>, m: u8, leap: bool, day: u8) -> YearlyDate {
        YearlyDate::lunar(y, m, leap, day).unwrap()
    }

    #[test]
    fn gregorian_birthdays() {
        assert_eq!(parse_birthday("5月6日"), Ok(solar(None, 5, 6)));
        assert_eq!(parse_birthday("05-06"), Ok(solar(None, 5, 6)));
        assert_eq!(parse_birthday("5/6"), Ok(solar(None, 5, 6)));
        assert_eq!(parse_birthday("1985-05-06"), Ok(solar(Some(1985), 5, 6)));
        assert_eq!(parse_birthday("1985/5/6"), Ok(solar(Some(1985), 5, 6)));
        assert_eq!(parse_birthday("1985年5月6日"), Ok(solar(Some(1985), 5, 6)));
        assert_eq!(parse_birthday("19850506"), Ok(solar(Some(1985), 5, 6)));
        assert_eq!(parse_birthday("２月２９日"), Ok(solar(None, 2, 29)));
        // Excel serial for 1985-05-06.
        assert_eq!(parse_birthday("31173"), Ok(solar(Some(1985), 5, 6)));
    }

    #[test]
    fn lunar_birthdays() {
        assert_eq!(
            parse_birthday("农历八月十五"),
            Ok(lunar(None, 8, false, 15))
        );
        assert_eq!(
            parse_birthday("阴历八月十五"),
            Ok(lunar(None, 8, false, 15))
        );
        assert_eq!(
            parse_birthday("农历1985年八月十五"),
            Ok(lunar(Some(1985), 8, false, 15))
        );
        assert_eq!(
            parse_birthday("农历闰四月初八"),
            Ok(lunar(None, 4, true, 8))
        );
        assert_eq!(
            parse_birthday("农历十一月廿三"),
            Ok(lunar(None, 11, false, 23))
        );
        assert_eq!(
            parse_birthday("农历冬月初五"),
            Ok(lunar(None, 11, false, 5))
        );
        assert_eq!(
            parse_birthday("农历腊月三十"),
            Ok(lunar(None, 12, false, 30))
        );
        assert_eq!(parse_birthday("农历正月初一"), Ok(lunar(None, 1, false, 1)));
        assert_eq!(parse_birthday("农历8月15"), Ok(lunar(None, 8, false, 15)));
        // Written wholly in Chinese numerals: lunar without the prefix.
        assert_eq!(parse_birthday("正月初一"), Ok(lunar(None, 1, false, 1)));
        assert_eq!(parse_birthday("腊月廿三"), Ok(lunar(None, 12, false, 23)));
        // Arabic digits without a prefix stay Gregorian.
        assert_eq!(parse_birthday("8月15日"), Ok(solar(None, 8, 15)));
        // Traditional characters, as Big5 lists write them.
        assert_eq!(parse_birthday("農曆八月初三"), Ok(lunar(None, 8, false, 3)));
        assert_eq!(
            parse_birthday("陰曆臘月廿三"),
            Ok(lunar(None, 12, false, 23))
        );
        assert_eq!(
            parse_birthday("農曆2020年閏四月初八"),
            Ok(lunar(Some(2020), 4, true, 8))
        );
    }

    #[test]
    fn birthday_errors() {
        assert_eq!(parse_birthday(""), Err(ValueError::Required));
        assert_eq!(parse_birthday("5/6/1985"), Err(ValueError::AmbiguousDate));
        assert_eq!(
            parse_birthday("2-30"),
            Err(ValueError::Date(DateError::Impossible))
        );
        assert_eq!(
            parse_birthday("农历十三月初一"),
            Err(ValueError::Date(DateError::Unreadable))
        );
        assert!(matches!(
            parse_birthday("农历八月四十"),
            Err(ValueError::Lunar(_)) | Err(ValueError::Date(_))
        ));
        // 2024 (甲辰) has no leap 4th month.
        assert_eq!(
            parse_birthday("农历2024年闰四月初八"),
            Err(ValueError::Lunar(LunarError::NoSuchLeapMonth))
        );
        assert_eq!(parse_birthday("60"), Err(ValueError::ExcelSerialOutOfRange));
        assert_eq!(
            parse_birthday("someday"),
            Err(ValueError::Date(DateError::Unreadable))
        );
    }

    // ---- amounts and phones ----

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1,234.50"), Ok(Money::from_fen(123_450)));
        assert_eq!(parse_amount("¥1234.5"), Ok(Money::from_fen(123_450)));
        assert_eq!(parse_amount("1234.5元"), Ok(Money::from_fen(123_450)));
        assert_eq!(parse_amount("１２３"), Ok(Money::from_yuan(123)));
        assert_eq!(parse_amount("'88"), Ok(Money::from_yuan(88)));
        assert_eq!(parse_amount("0"), Ok(Money::ZERO));
        assert_eq!(parse_amount(""), Err(ValueError::Required));
        assert_eq!(parse_amount("-12.50"), Err(ValueError::NegativeAmount));
        assert_eq!(
            parse_amount("12.345"),
            Err(ValueError::Amount(MoneyError::TooManyDecimals))
        );
        assert_eq!(
            parse_amount("abc"),
            Err(ValueError::Amount(MoneyError::NotANumber))
        );
    }

    #[test]
    fn phones() {
        assert_eq!(
            parse_phone("+86 138-0013-8000").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(
            parse_phone("１３８００１３８０００").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(parse_phone("'13800138000").unwrap().as_str(), "13800138000");
        assert_eq!(parse_phone(" "), Err(ValueError::Required));
        assert!(matches!(parse_phone("1380013"), Err(ValueError::Phone(_))));
        assert!(matches!(parse_phone("call me"), Err(ValueError::Phone(_))));
    }

    // ---- labels ----

    #[test]
    fn genders() {
        for s in ["男", "男性", "先生", "m", "M", "Male", " male "] {
            assert_eq!(parse_gender(s), Ok(Gender::Male), "{s}");
        }
        for s in ["女", "女性", "女士", "f", "F", "FEMALE"] {
            assert_eq!(parse_gender(s), Ok(Gender::Female), "{s}");
        }
        for s in ["", "  ", "未知", "保密", "unknown"] {
            assert_eq!(parse_gender(s), Ok(Gender::Unknown), "{s}");
        }
        assert_eq!(parse_gender("boy"), Err(ValueError::UnknownGender));
    }

    #[test]
    fn sources() {
        let cases = [
            ("慕名而来", Source::Reputation),
            ("口碑", Source::Reputation),
            ("转介绍", Source::Referral),
            ("介绍", Source::Referral),
            ("推荐", Source::Referral),
            ("自荐", Source::ColdContact),
            ("陌生拜访", Source::ColdContact),
            ("陌拜", Source::ColdContact),
            ("展会", Source::TradeFair),
            ("网络", Source::Online),
            ("网上", Source::Online),
            ("Online", Source::Online),
            ("微信", Source::Online),
            ("抖音", Source::Online),
            ("淘宝", Source::Online),
            ("其他", Source::Other),
            ("other", Source::Other),
            ("Cold Contact", Source::ColdContact),
            ("trade_fair", Source::TradeFair),
            ("Referral", Source::Referral),
        ];
        for (s, want) in cases {
            assert_eq!(parse_source(s), Ok(want), "{s}");
        }
        // Every stored code reads back.
        for s in Source::ALL {
            assert_eq!(parse_source(s.code()), Ok(*s));
        }
        assert_eq!(parse_source(""), Err(ValueError::Required));
        assert_eq!(parse_source("路过"), Err(ValueError::UnknownSource));
    }

    #[test]
    fn classes() {
        for (s, want) in [
            ("A", CustomerClass::A),
            ("a", CustomerClass::A),
            ("A类", CustomerClass::A),
            ("B级", CustomerClass::B),
            ("c类客户", CustomerClass::C),
            ("Ｂ", CustomerClass::B),
            (" C ", CustomerClass::C),
        ] {
            assert_eq!(parse_class(s), Ok(want), "{s}");
        }
        assert_eq!(parse_class("D"), Err(ValueError::UnknownClass));
        assert_eq!(parse_class("VIP"), Err(ValueError::UnknownClass));
        assert_eq!(parse_class(""), Err(ValueError::Required));
    }

    // ---- numbers ----

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("3"), Ok(3));
        assert_eq!(parse_quantity("３"), Ok(3));
        assert_eq!(parse_quantity("1,000"), Ok(1000));
        assert_eq!(parse_quantity("3.0"), Ok(3));
        assert_eq!(parse_quantity(""), Err(ValueError::Required));
        for s in ["0", "-1", "1.5", "abc", "99999999999"] {
            assert_eq!(parse_quantity(s), Err(ValueError::Quantity), "{s}");
        }
    }

    #[test]
    fn terms_days() {
        assert_eq!(parse_terms_days("30"), Ok(30));
        assert_eq!(parse_terms_days("30天"), Ok(30));
        assert_eq!(parse_terms_days("３０天"), Ok(30));
        assert_eq!(parse_terms_days("60 days"), Ok(60));
        assert_eq!(parse_terms_days("0"), Ok(0));
        assert_eq!(parse_terms_days("3650"), Ok(3650));
        assert_eq!(parse_terms_days(""), Err(ValueError::Required));
        for s in ["3651", "-5", "天", "一个月", "30.5"] {
            assert_eq!(parse_terms_days(s), Err(ValueError::TermsDays), "{s}");
        }
    }

    // ---- helpers ----

    #[test]
    fn optional_and_clean_text() {
        assert_eq!(optional("", parse_amount), Ok(None));
        assert_eq!(optional(" ", parse_import_date), Ok(None));
        assert_eq!(optional("5", parse_quantity), Ok(Some(5)));
        assert_eq!(optional("x", parse_quantity), Err(ValueError::Quantity));

        assert_eq!(clean_text("  张三   丰 "), Some("张三 丰".to_string()));
        assert_eq!(clean_text("'=SUM(A1)"), Some("=SUM(A1)".to_string()));
        assert_eq!(clean_text("'s shop"), Some("'s shop".to_string()));
        assert_eq!(clean_text("   "), None);
    }

    #[test]
    fn error_codes_are_distinct_enough() {
        assert_eq!(ValueError::Required.code(), "required");
        assert_eq!(ValueError::AmbiguousDate.code(), "ambiguous_date");
        assert_eq!(
            ValueError::Date(DateError::Impossible).code(),
            "date_impossible"
        );
        assert_eq!(
            ValueError::from(DateError::Ambiguous),
            ValueError::AmbiguousDate
        );
        assert_eq!(ValueError::from(DateError::Empty), ValueError::Required);
        assert!(!ValueError::NegativeAmount.to_string().is_empty());
    }

    #[test]
    fn blank_and_clean_shortcuts_agree_with_the_full_path() {
        let cells = [
            "",
            " ",
            "\u{3000}",
            "'",
            "''",
            " ' ",
            "' '",
            "＇",
            " ＇\u{3000}",
            "'=1",
            "a",
            " a ",
            "张三",
            "张 三",
            "张\u{3000}三",
            "  张三\t",
            "'-5",
            "'+86",
            "x\ny",
        ];
        for cell in cells {
            assert_eq!(is_blank(cell), prepare(cell).is_empty(), "{cell:?}");
            let tidy = crate::domain::text::tidy(cell);
            let slow = match tidy.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                _ => tidy,
            };
            assert_eq!(
                clean_text(cell),
                (!slow.is_empty()).then_some(slow),
                "{cell:?}"
            );
        }
    }
}
