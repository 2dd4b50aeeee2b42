//! The audit log (R12): who did what, when, from which address. Both sides of
//! a relationship read the events that name them: the customer administrator
//! every event about the organization, a partner the events between it and
//! one customer.
use serde::{Deserialize, Serialize};

mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;
mod view;

pub use api::{ReadAuditLog, read_audit_log};
pub use kernel::audit::{Action, Detail, RolesDetail};
pub use view::{AuditLog, AuditLogPage, action_label, audit_resource};

/// Events shown per page.
pub const PAGE_SIZE: u32 = 25;

/// One event as a reader sees it; its details are data, put in words in
/// the reader's language by the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    pub occurred_at: String,
    pub action: String,
    pub actor_email: String,
    pub actor_organization: String,
    pub partner: Option<String>,
    pub details: kernel::audit::Detail,
    pub ip_address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The `before` of the next (older) page, when there is one.
    pub next: Option<String>,
}
