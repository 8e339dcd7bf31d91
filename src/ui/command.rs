//! What a view can ask of the app: the commands pushed while drawing and
//! applied by `GenjinApp` after the frame, so no view acts on another.

use std::path::PathBuf;

use crate::domain::complaint::ComplaintId;
use crate::domain::customer::CustomerId;
use crate::i18n::Language;
use crate::ui::renderer::RendererChoice;
use crate::ui::section::Section;

/// Something a view asks the app to do after the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Navigate(Section),
    OpenCustomer(CustomerId),
    NewCustomer,
    FocusSearch,
    /// Step through the open customer card's tabs (in the Customers section).
    CardTab(isize),
    /// Regenerate and switch to the demo shop.
    OpenDemo,
    /// Leave the demo and go back to the real book.
    OpenRealBook,
    SetLanguage(Language),
    /// Keep this renderer for the next start (Settings).
    SetRenderer(RendererChoice),
    /// Open another database file (chosen in Settings).
    OpenDatabase(PathBuf),
    /// The book changed outside the customer list (e.g. settings): reload.
    Reload,
    /// Start importing this file (the file dialog's choice).
    ImportFile(PathBuf),
    /// Start a complaint for a customer, about one of their sales or not.
    NewComplaint {
        customer: CustomerId,
        sale: Option<i64>,
    },
    /// Open a complaint case in the wizard.
    OpenComplaint(ComplaintId),
    /// Show a customer's statement of account in Receivables.
    OpenStatement(CustomerId),
    /// A customer's card was saved or changed: read their list row again.
    CustomerChanged(CustomerId),
    /// A customer was deleted.
    CustomerRemoved(CustomerId),
}
