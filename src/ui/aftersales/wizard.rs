//! One complaint case in the wizard: the case itself, the typed text of its
//! dates and amounts (kept as typed until they parse), the step's missing
//! items after Next, and saving — the case row is written a second after
//! each change and at every step, so a crash loses at most a second.

use std::time::Duration;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::complaint::{Complaint, ComplaintRules, Missing, Step};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::returns::RefundTo;
use crate::domain::sale::Sale;
use crate::i18n::{money_error, store_error, t};
use crate::store::Store;
use crate::store::attachments::Attachment;
use crate::store::drafts::kinds;
use crate::ui::app::ViewCtx;
use crate::ui::widgets::parse_optional_date;

/// How long after a change the case is written.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(1);

const TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

/// The wizard's typed fields that are not plain text on the case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Typed {
    pub received_at: String,
    pub purchase_date: String,
    pub refund: String,
    pub compensation: String,
    pub follow_up_date: String,
    pub manager: String,
}

/// What the drafts table keeps for a case: its typed fields as typed.
#[derive(Serialize, Deserialize)]
struct DraftBody {
    typed: Typed,
}

/// Typed fields that do not parse, by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypedErrors {
    pub received_at: Option<String>,
    pub purchase_date: Option<String>,
    pub refund: Option<String>,
    pub compensation: Option<String>,
    pub follow_up_date: Option<String>,
}

impl TypedErrors {
    pub fn is_empty(&self) -> bool {
        *self == TypedErrors::default()
    }
}

pub struct Wizard {
    pub case: Complaint,
    pub typed: Typed,
    pub errors: TypedErrors,
    /// What the current step lacked when Next or Close was pressed.
    pub missing: Vec<Missing>,
    pub rules: ComplaintRules,
    pub customer_name: String,
    pub sales: Vec<Sale>,
    pub attachments: Vec<Attachment>,
    /// Thumbnails by file name (None: the file could not be read).
    pub thumbs: std::collections::HashMap<String, Option<egui::TextureHandle>>,
    pub balance: Money,
    /// A change is waiting to be written.
    pending: bool,
    /// The wait since the waiting change was first seen.
    wait: crate::ui::clock::Debounce,
    /// Set once the case has something worth keeping.
    touched: bool,
    /// The step drawn last frame: a case just opened, or another step,
    /// starts scrolled to its top.
    pub drawn_step: Option<Step>,
}

impl Wizard {
    /// A new case for `customer`, received now; a sale pre-fills the facts.
    pub fn start(
        store: &Store,
        customer: CustomerId,
        sale: Option<i64>,
        now: NaiveDateTime,
    ) -> crate::store::Result<Wizard> {
        let mut case = Complaint::new(customer, now);
        let mut wizard = Wizard::load_context(store, case.clone())?;
        if let Some(sale) = sale.and_then(|id| wizard.sales.iter().find(|s| s.id == Some(id))) {
            case.sale_id = sale.id;
            case.product = sale.product.clone();
            case.purchase_date = Some(sale.date);
        }
        wizard.typed = Typed::of(&case);
        wizard.case = case;
        Ok(wizard)
    }

    /// A saved case, with any typed fields its draft kept.
    pub fn open(store: &Store, id: i64) -> crate::store::Result<Wizard> {
        let case = store.complaint(id)?;
        let mut wizard = Wizard::load_context(store, case)?;
        wizard.typed = Typed::of(&wizard.case);
        if let Some(draft) = store.draft(kinds::COMPLAINT, &id.to_string())?
            && let Ok(body) = serde_json::from_str::<DraftBody>(&draft.body)
        {
            wizard.typed = body.typed;
        }
        wizard.touched = true;
        wizard.parse_typed();
        Ok(wizard)
    }

    fn load_context(store: &Store, case: Complaint) -> crate::store::Result<Wizard> {
        let customer = case.customer_id;
        let attachments = match case.id {
            Some(id) => store.attachments(id)?,
            None => Vec::new(),
        };
        Ok(Wizard {
            rules: store.complaint_rules()?,
            customer_name: store
                .customer_ref(customer)?
                .map(|c| c.name)
                .unwrap_or_default(),
            sales: store.sales_for(customer)?,
            balance: store.balance_of(customer)?,
            attachments,
            thumbs: Default::default(),
            case,
            typed: Typed::default(),
            errors: TypedErrors::default(),
            missing: Vec::new(),
            pending: false,
            wait: Default::default(),
            touched: false,
            drawn_step: None,
        })
    }

    /// Marks the case changed; it is written within [`AUTOSAVE_AFTER`].
    pub fn changed(&mut self) {
        self.touched = true;
        self.pending = true;
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.pending
    }

    /// Whether the case holds anything a person typed.
    pub fn is_touched(&self) -> bool {
        self.touched
    }

    /// Writes the case if a change is due at `time` (egui's input clock,
    /// seconds). Returns how long until the next write is due, for the
    /// repaint timer.
    pub fn autosave(&mut self, view: &mut ViewCtx<'_>, time: f64) -> Option<Duration> {
        if !self.pending {
            return None;
        }
        match self.wait.remaining(time, AUTOSAVE_AFTER.as_secs_f64()) {
            Some(left) => Some(Duration::from_secs_f64(left)),
            None => {
                self.save(view);
                None
            }
        }
    }

    /// Reads the typed fields into the case (those that parse) and notes
    /// the ones that do not.
    pub fn parse_typed(&mut self) {
        let mut errors = TypedErrors::default();
        match NaiveDateTime::parse_from_str(self.typed.received_at.trim(), TIME_FORMAT) {
            Ok(at) => self.case.received_at = at,
            Err(_) => errors.received_at = Some(t!("case.err_time").into_owned()),
        }
        match parse_optional_date(&self.typed.purchase_date) {
            Ok(d) => self.case.purchase_date = d,
            Err(e) => errors.purchase_date = Some(e),
        }
        match parse_optional_date(&self.typed.follow_up_date) {
            Ok(d) => self.case.follow_up_date = d,
            Err(e) => errors.follow_up_date = Some(e),
        }
        match money_or_zero(&self.typed.refund) {
            Ok(m) => self.case.refund = m,
            Err(e) => errors.refund = Some(e),
        }
        match money_or_zero(&self.typed.compensation) {
            Ok(m) => self.case.compensation_amount = m,
            Err(e) => errors.compensation = Some(e),
        }
        self.errors = errors;
    }

    /// Keeps the messages on screen true while the user works: an item the
    /// step lacked goes as soon as it is given (an approval recorded, a
    /// reason typed), and a typed field's message as soon as it parses.
    /// Nothing new is reported here; Next and Close do that.
    pub fn recheck(&mut self) {
        if !self.errors.is_empty() {
            let shown = std::mem::take(&mut self.errors);
            self.parse_typed();
            let fresh = std::mem::take(&mut self.errors);
            self.errors = TypedErrors {
                received_at: shown.received_at.and(fresh.received_at),
                purchase_date: shown.purchase_date.and(fresh.purchase_date),
                refund: shown.refund.and(fresh.refund),
                compensation: shown.compensation.and(fresh.compensation),
                follow_up_date: shown.follow_up_date.and(fresh.follow_up_date),
            };
        }
        if !self.missing.is_empty() {
            let mut still: Vec<Missing> = Step::ALL
                .iter()
                .flat_map(|step| self.case.missing(*step, &self.rules))
                .collect();
            if self.case.accepted != Some(true) {
                still.push(Missing::Accepted);
            }
            if self.case.step != Step::FollowUp {
                still.push(Missing::NotAtFollowUp);
            }
            if self.case.follow_up_result.trim().is_empty() {
                still.push(Missing::FollowUpResult);
            }
            self.missing.retain(|m| still.contains(m));
        }
    }

    /// Writes the case and its typed fields now. A case nobody has typed
    /// into yet is not written.
    pub fn save(&mut self, view: &mut ViewCtx<'_>) -> bool {
        self.pending = false;
        self.wait.stop();
        if !self.touched {
            return true;
        }
        self.parse_typed();
        match view.store.save_complaint(&self.case, &self.rules) {
            Ok(id) => {
                self.case.id = Some(id);
                let body = serde_json::to_string(&DraftBody {
                    typed: self.typed.clone(),
                })
                .unwrap_or_default();
                if self.case.closed_at.is_some() {
                    if let Err(e) = view.store.delete_draft(kinds::COMPLAINT, &id.to_string()) {
                        log::warn!("could not remove the draft of closed complaint {id}: {e}");
                    }
                } else if let Err(e) =
                    view.store
                        .save_draft(kinds::COMPLAINT, &id.to_string(), &body)
                {
                    // Busy (an import is writing): try again in a second.
                    if matches!(&e, crate::store::StoreError::Sqlite(_)) {
                        self.pending = true;
                    } else {
                        view.status.error(store_error(&e));
                    }
                }
                true
            }
            Err(e) => {
                // Keep everything on screen and try again a second later.
                self.pending = true;
                view.status.error(store_error(&e));
                false
            }
        }
    }

    /// Next: checks the step (typed fields included), moves on, saves.
    pub fn next(&mut self, view: &mut ViewCtx<'_>) {
        self.parse_typed();
        self.touched = true;
        let typed_ok = match self.case.step {
            Step::Listen => self.errors.received_at.is_none(),
            Step::Facts => self.errors.purchase_date.is_none(),
            Step::Solution => self.errors.refund.is_none() && self.errors.compensation.is_none(),
            Step::FollowUp => self.errors.follow_up_date.is_none(),
            _ => true,
        };
        if !typed_ok {
            self.missing.clear();
            return;
        }
        match self.case.advance(&self.rules, view.clock.today()) {
            Ok(_) => {
                self.missing.clear();
                if self.typed.follow_up_date.trim().is_empty()
                    && let Some(d) = self.case.follow_up_date
                {
                    self.typed.follow_up_date = d.format("%Y-%m-%d").to_string();
                }
            }
            Err(missing) => self.missing = missing,
        }
        self.save(view);
    }

    pub fn back(&mut self, view: &mut ViewCtx<'_>) {
        self.case.back();
        self.missing.clear();
        self.touched = true;
        self.save(view);
    }

    /// Jumps back to an earlier step (the step bar).
    pub fn go_to(&mut self, step: Step, view: &mut ViewCtx<'_>) {
        if step < self.case.step && self.case.closed_at.is_none() {
            self.case.step = step;
            self.missing.clear();
            self.save(view);
        }
    }

    /// Closes the case; needs the follow-up result.
    pub fn close(&mut self, view: &mut ViewCtx<'_>) -> bool {
        self.parse_typed();
        if self.errors.follow_up_date.is_some() {
            return false;
        }
        match self.case.close(&self.rules, view.clock.now()) {
            Ok(()) => {
                self.missing.clear();
                self.save(view)
            }
            Err(missing) => {
                self.missing = missing;
                false
            }
        }
    }

    /// Picks a sale from the customer's purchases (or none).
    pub fn pick_sale(&mut self, sale: Option<i64>) {
        self.case.sale_id = sale;
        if let Some(s) = sale.and_then(|id| self.sales.iter().find(|s| s.id == Some(id))) {
            self.case.product = s.product.clone();
            self.typed.purchase_date = s.date.format("%Y-%m-%d").to_string();
        }
        self.changed();
    }

    /// Where the refund goes by default: onto the account when the
    /// customer owes at least that much, else paid out.
    pub fn default_refund_to(&self) -> RefundTo {
        if self.balance >= self.case.refund && self.case.refund.is_positive() {
            RefundTo::Account
        } else {
            RefundTo::PaidOut
        }
    }
}

impl Typed {
    fn of(case: &Complaint) -> Typed {
        let money = |m: Money| {
            if m.is_zero() {
                String::new()
            } else {
                m.to_plain()
            }
        };
        Typed {
            received_at: case.received_at.format(TIME_FORMAT).to_string(),
            purchase_date: case
                .purchase_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            refund: money(case.refund),
            compensation: money(case.compensation_amount),
            follow_up_date: case
                .follow_up_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            manager: case
                .approval
                .as_ref()
                .map(|a| a.manager.clone())
                .unwrap_or_default(),
        }
    }
}

fn money_or_zero(text: &str) -> Result<Money, String> {
    if text.trim().is_empty() {
        return Ok(Money::ZERO);
    }
    Money::parse(text).map_err(|e| money_error(&e))
}
