//! Error and validation messages in the UI language, for the domain's, the
//! store's and the import's typed errors and problems.

use rust_i18n::t;

use crate::domain::customer::CustomerProblem;
use crate::domain::dates::DateError;
use crate::domain::feedback::{CardProblem, LEVELS, QUESTIONS, ResponseField, ResponseProblem};
use crate::domain::lunar::LunarError;
use crate::domain::money::MoneyError;
use crate::domain::phone::PhoneError;
use crate::domain::returns::ReturnProblem;
use crate::domain::yearly::YearlyError;
use crate::import::fields::ValueError;
use crate::import::holidays::{ScheduleError, ScheduleProblem};
use crate::import::mojibake::Mojibake;
use crate::import::pipeline::{ImportError, Problem};
use crate::store::StoreError;

pub fn phone_error(e: &PhoneError) -> String {
    match e {
        PhoneError::InvalidCharacters => t!("err.phone_chars"),
        PhoneError::MobileLength => t!("err.phone_mobile_length"),
        PhoneError::Unrecognised => t!("err.phone_unrecognised"),
    }
    .into_owned()
}

pub fn money_error(e: &MoneyError) -> String {
    match e {
        MoneyError::Empty => t!("err.required"),
        MoneyError::NotANumber => t!("err.money_nan"),
        MoneyError::TooManyDecimals => t!("err.money_decimals"),
        MoneyError::TooLarge => t!("err.money_large"),
    }
    .into_owned()
}

pub fn date_error(e: &DateError) -> String {
    match e {
        DateError::Empty => t!("err.required"),
        DateError::Unreadable => t!("err.date_unreadable"),
        DateError::Impossible => t!("err.date_impossible"),
        DateError::Ambiguous => t!("err.date_ambiguous"),
    }
    .into_owned()
}

pub fn lunar_error(e: &LunarError) -> String {
    match e {
        LunarError::Month => t!("err.lunar_month"),
        LunarError::Day => t!("err.lunar_day"),
        LunarError::Year => t!("err.year_range"),
        LunarError::NoSuchLeapMonth => t!("err.lunar_no_leap"),
        LunarError::ShortMonth => t!("err.lunar_short"),
    }
    .into_owned()
}

pub fn yearly_error(e: &YearlyError) -> String {
    match e {
        YearlyError::ImpossibleDate => t!("err.date_impossible").into_owned(),
        YearlyError::Year => t!("err.year_range").into_owned(),
        YearlyError::Lunar(l) => lunar_error(l),
        YearlyError::Unreadable => t!("err.date_unreadable").into_owned(),
    }
}

pub fn customer_problem(p: &CustomerProblem) -> String {
    match p {
        CustomerProblem::Required => t!("err.required"),
        CustomerProblem::InvalidEmail => t!("err.email"),
        CustomerProblem::NotANormalisedPhone => t!("err.phone_unrecognised"),
        CustomerProblem::SelfReferral => t!("err.self_referral"),
        CustomerProblem::NegativeCredit => t!("err.negative_credit"),
        CustomerProblem::CadenceRange => t!("err.cadence_range"),
    }
    .into_owned()
}

/// What is wrong with a part of a feedback card definition.
pub fn feedback_card_problem(p: &CardProblem) -> String {
    match p {
        CardProblem::Required => t!("err.required"),
        CardProblem::TooFewQuestions => {
            t!("feedback.err.too_few_questions", min = QUESTIONS.start())
        }
        CardProblem::TooManyQuestions => {
            t!("feedback.err.too_many_questions", max = QUESTIONS.end())
        }
        CardProblem::LevelCount => t!(
            "feedback.err.level_count",
            min = LEVELS.start(),
            max = LEVELS.end()
        ),
        CardProblem::AnsweredQuestionRemoved => t!("feedback.err.answered_removed"),
        CardProblem::AnsweredLevelsChanged => t!("feedback.err.answered_levels"),
    }
    .into_owned()
}

/// What is wrong with a part of a feedback response.
pub fn feedback_response_problem(field: ResponseField, p: &ResponseProblem) -> String {
    match (field, p) {
        (ResponseField::Name, ResponseProblem::NeededForReply) => {
            t!("feedback.err.name_for_reply")
        }
        (_, ResponseProblem::NeededForReply) => t!("feedback.err.contact_for_reply"),
        (_, ResponseProblem::Empty) => t!("feedback.err.empty"),
        (_, ResponseProblem::AnswerCount) => t!("feedback.err.answer_count"),
        (_, ResponseProblem::LevelOutOfRange) => t!("feedback.err.level_range"),
    }
    .into_owned()
}

pub fn store_error(e: &StoreError) -> String {
    match e {
        StoreError::AlreadyOpen(p) => t!("err.db_already_open", path = p.display()).into_owned(),
        StoreError::Missing(p) => t!("err.db_missing", path = p.display()).into_owned(),
        StoreError::Empty(p) => t!("err.db_empty", path = p.display()).into_owned(),
        StoreError::NotADatabase(p) => t!("err.db_not_database", path = p.display()).into_owned(),
        StoreError::Damaged(p) => t!("err.db_damaged", path = p.display()).into_owned(),
        StoreError::TooNew(p) => t!("err.db_too_new", path = p.display()).into_owned(),
        StoreError::SameFile(p) => t!("err.db_same_file", path = p.display()).into_owned(),
        StoreError::NeedsUpgrade(p) => t!("err.db_needs_upgrade", path = p.display()).into_owned(),
        StoreError::ReadOnlyBook => t!("err.db_read_only").into_owned(),
        StoreError::Io { path, source } => {
            t!("err.db_io", path = path.display(), reason = source).into_owned()
        }
        StoreError::NotAPicture(p) => t!(
            "photos.not_an_image",
            name = p.file_name().unwrap_or_default().to_string_lossy()
        )
        .into_owned(),
        StoreError::PictureTooLarge { path, limit_mb } => t!(
            "photos.too_large",
            name = path.file_name().unwrap_or_default().to_string_lossy(),
            limit = limit_mb
        )
        .into_owned(),
        StoreError::UnreadableCustomer(bad) => t!(
            "err.customer_unreadable",
            id = bad.id,
            column = bad.column,
            reason = bad.reason
        )
        .into_owned(),
        StoreError::DuplicateSaleNumber(n) => t!("err.sale_number_taken", number = n).into_owned(),
        StoreError::NotFound(_) => t!("err.not_found").into_owned(),
        StoreError::AlreadyUndone(_) => t!("err.import_already_undone").into_owned(),
        StoreError::UndoLaterFirst { later, .. } => {
            t!("err.import_undo_later_first", batch = later).into_owned()
        }
        StoreError::InvalidFeedbackCard(problems) => t!(
            "feedback.err.card_invalid",
            reason = problems
                .first()
                .map(|(_, p)| feedback_card_problem(p))
                .unwrap_or_default()
        )
        .into_owned(),
        StoreError::InvalidFeedbackResponse(problems) => t!(
            "feedback.err.response_invalid",
            reason = problems
                .first()
                .map(|(field, p)| feedback_response_problem(*field, p))
                .unwrap_or_default()
        )
        .into_owned(),
        StoreError::OutsideYear { date, year } => {
            t!("schedule.err.outside_year", date = date, year = year).into_owned()
        }
        StoreError::Sqlite(e)
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) =>
        {
            t!("err.db_busy").into_owned()
        }
        other => t!("err.db_other", reason = other).into_owned(),
    }
}

/// Why an imported cell was refused.
pub fn value_error(e: &ValueError) -> String {
    match e {
        ValueError::Required => t!("err.required").into_owned(),
        ValueError::Date(d) => date_error(d),
        ValueError::AmbiguousDate => t!("err.date_ambiguous").into_owned(),
        ValueError::ExcelSerialOutOfRange => t!("import.err.excel_serial").into_owned(),
        ValueError::Lunar(l) => lunar_error(l),
        ValueError::Amount(m) => money_error(m),
        ValueError::NegativeAmount => t!("import.err.negative_amount").into_owned(),
        ValueError::ZeroAmount => t!("import.err.zero_amount").into_owned(),
        ValueError::Phone(p) => phone_error(p),
        ValueError::UnknownGender => t!("import.err.unknown_gender").into_owned(),
        ValueError::UnknownSource => t!("import.err.unknown_source").into_owned(),
        ValueError::UnknownClass => t!("import.err.unknown_class").into_owned(),
        ValueError::Quantity => t!("import.err.quantity").into_owned(),
        ValueError::TermsDays => t!("import.err.terms_days").into_owned(),
        ValueError::DueBeforeSale => t!("err.due_before_sale").into_owned(),
        ValueError::Email => t!("err.email").into_owned(),
        ValueError::UnknownReturnReason => t!("import.err.unknown_return_reason").into_owned(),
        ValueError::UnknownCondition => t!("import.err.unknown_condition").into_owned(),
        ValueError::UnknownOutcome => t!("import.err.unknown_outcome").into_owned(),
        ValueError::UnknownRefundTo => t!("import.err.unknown_refund_to").into_owned(),
        ValueError::TooLong { limit } => t!("import.err.too_long", limit = limit).into_owned(),
        ValueError::ControlCharacters => t!("import.err.control_characters").into_owned(),
        ValueError::Misdecoded(m) => t!("import.err.misdecoded", reason = mojibake(m)).into_owned(),
    }
}

/// Why a cell looks wrongly decoded.
pub fn mojibake(m: &Mojibake) -> String {
    match m {
        Mojibake::ReplacementCharacter => t!("import.err.misdecoded_replacement"),
        Mojibake::PrivateUse => t!("import.err.misdecoded_private_use"),
        Mojibake::MixedScripts => t!("import.err.misdecoded_mixed_scripts"),
        Mojibake::Latin1 => t!("import.err.misdecoded_latin1"),
        Mojibake::Latin1AsChinese => t!("import.err.misdecoded_latin1_as_chinese"),
        Mojibake::Utf8AsGbk(text) => t!("import.err.misdecoded_utf8_as_gbk", text = text),
    }
    .into_owned()
}

/// Why an import could not run, in the UI language.
pub fn import_error(e: &ImportError) -> String {
    match e {
        ImportError::Open { path, source } => {
            t!("import.err.open", path = path.display(), reason = source).into_owned()
        }
        ImportError::Read(r) => t!("import.err.read", reason = r).into_owned(),
        ImportError::MissingFields(_) => t!("import.err.missing_fields").into_owned(),
        ImportError::Strict(_) => t!("import.err.strict").into_owned(),
        ImportError::Cancelled => t!("import.cancelled").into_owned(),
        ImportError::Store(s) => store_error(s),
    }
}

/// Why an imported row was refused.
pub fn import_problem(p: &Problem) -> String {
    match p {
        Problem::Value(e) => value_error(e),
        Problem::CustomerNotFound => t!("import.err.customer_not_found").into_owned(),
        Problem::CustomerAmbiguous(n) => {
            t!("import.err.customer_ambiguous", count = n).into_owned()
        }
        Problem::ReferrerNotFound => t!("import.err.referrer_not_found").into_owned(),
        Problem::ReferrerAmbiguous(n) => {
            t!("import.err.referrer_ambiguous", count = n).into_owned()
        }
        Problem::SaleNotFound(n) => t!("import.err.sale_not_found", number = n).into_owned(),
        Problem::SaleOfOtherCustomer(n) => {
            t!("import.err.sale_of_other_customer", number = n).into_owned()
        }
        Problem::InvalidReturn(p) => match p {
            ReturnProblem::ProductMissing => t!("err.required").into_owned(),
            ReturnProblem::QuantityZero => t!("returns.err_quantity").into_owned(),
            ReturnProblem::RefundMissing | ReturnProblem::NegativeRefund => {
                t!("err.amount_positive").into_owned()
            }
            ReturnProblem::RefundWithoutRefundOutcome => {
                t!("import.err.refund_without_refund").into_owned()
            }
            ReturnProblem::AccountWithoutCustomer => {
                t!("returns.err_account_needs_customer").into_owned()
            }
        },
        Problem::Runaway { end_line } => t!("import.err.runaway", end = end_line).into_owned(),
        Problem::UnknownCharset(c) => t!("import.err.unknown_charset", charset = c).into_owned(),
        Problem::PhoneLeftOut(n) => t!("import.err.phone_left_out", number = n).into_owned(),
        Problem::ReferralLoop => t!("import.err.referral_loop").into_owned(),
        Problem::NameAndPhoneDisagree { name, phone } => t!(
            "import.err.name_and_phone_disagree",
            name = name,
            phone = phone
        )
        .into_owned(),
    }
}

/// A problem of a statutory schedule file, with its line when it has one.
pub fn schedule_error(e: &ScheduleError) -> String {
    let reason = schedule_problem(&e.problem);
    match e.line {
        Some(line) => t!("schedule.err.on_line", line = line, reason = reason).into_owned(),
        None => reason,
    }
}

/// Why a statutory schedule file, or one of its rows, was refused.
pub fn schedule_problem(p: &ScheduleProblem) -> String {
    match p {
        ScheduleProblem::Unreadable(reason) => t!("schedule.err.unreadable", reason = reason),
        ScheduleProblem::BadHeader => t!("schedule.err.bad_header"),
        ScheduleProblem::Garbled => t!("schedule.err.garbled"),
        ScheduleProblem::NoDays => t!("schedule.err.no_days"),
        ScheduleProblem::Date(e) => return value_error(e),
        ScheduleProblem::OutsideYear { date, year } => {
            t!("schedule.err.outside_year", date = date, year = year)
        }
        ScheduleProblem::NameMissing => t!("schedule.err.name_missing"),
        ScheduleProblem::UnknownType(value) => t!("schedule.err.unknown_type", value = value),
        ScheduleProblem::Duplicate { first_line } => {
            t!("schedule.err.duplicate", line = first_line)
        }
        ScheduleProblem::Runaway { end_line } => t!("import.err.runaway", end = end_line),
    }
    .into_owned()
}
