//! Changing the partner of record (R11): only the customer administrator
//! asks to move a service (every subscription of it) to another CSP reseller
//! it has a relationship with, and the move happens only when that partner
//! accepts. A partner holding delegated admin privileges can never do it.
use serde::{Deserialize, Serialize};

mod api;
#[cfg(feature = "ssr")]
pub mod domain;
mod view;

pub use api::{
    AnswerTransfer, CancelTransfer, CustomerTransfers, RequestTransfer, customer_transfers,
};
pub use view::{IncomingTransfers, TransfersSection};

#[cfg(feature = "ssr")]
pub(super) mod store;

/// Who transacts one service for the customer, and a transfer waiting for an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceHolder {
    pub service_id: String,
    pub service: String,
    pub partner_slug: String,
    pub partner: String,
    /// The partner asked to take over, while it has not answered.
    pub pending: Option<PendingTransfer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingTransfer {
    pub id: String,
    pub to_partner: String,
}

/// A CSP reseller the customer may move a service to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reseller {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransfersView {
    pub holders: Vec<ServiceHolder>,
    pub resellers: Vec<Reseller>,
}

/// A transfer a partner is asked to accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingTransfer {
    pub id: String,
    pub service: String,
    pub from_partner: String,
}
