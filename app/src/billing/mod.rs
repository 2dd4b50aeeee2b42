//! `/partner/billing`: the partner's invoices by month (R11). An invoice
//! holds only what the partner was partner of record for, prorated by day;
//! delegated admin privileges alone bring no line. Exported as CSV.
use serde::{Deserialize, Serialize};

mod api;
#[cfg(feature = "ssr")]
pub mod domain;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

pub use api::{PartnerInvoice, partner_invoice};
#[cfg(feature = "ssr")]
pub use api::{export_csv, invoice_for, to_csv};
pub use kernel::money::{format_cents, money};
pub use view::BillingPage;

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub customer: String,
    pub offer: String,
    pub addon: bool,
    pub quantity: i64,
    pub unit_price_cents: i64,
    /// The first and last day billed, inclusive (`YYYY-MM-DD`).
    pub from: String,
    pub to: String,
    pub days: i64,
    pub amount_cents: i64,
}

/// One month's invoice and the months that have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// `2026-11`.
    pub month: String,
    /// Every month with billing, newest first (always holds the current one).
    pub months: Vec<String>,
    pub lines: Vec<InvoiceLine>,
    pub total_cents: i64,
    /// The month is still running: its invoice counts the days up to today.
    pub in_progress: bool,
}
