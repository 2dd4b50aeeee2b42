//! The customer's "Partner relationships" page (R6, R8): every partner, its
//! relationship and, per service, its delegated admin privileges, which the
//! customer administrator can remove; accepting the partner's link again
//! restores them (R10).
use serde::{Deserialize, Serialize};

mod api;
pub mod customer_page;
mod view;

pub mod domain;

#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use api::require_relationship;
pub use api::{PartnerRelationships, RemoveDap, partner_relationships, remove_dap};
pub use customer_page::{ADD_SUBSCRIPTION, ADD_USER, Done, OPEN_SUPPORT_REQUEST};
pub use domain::{DapState, GrantState, Refusal, may_list_customers, may_manage_partners};
#[cfg(feature = "ssr")]
pub use store::{
    DAP_COUNTS, DapCounts, RelationshipRef, dap_state, grant_state, grants_of, relationship_with,
};
pub use view::{GrantBadge, PartnerRelationshipsPage, relationship_kind};

/// One partner of the customer, as the customer reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRelationship {
    pub partner_slug: String,
    pub partner_name: String,
    pub legal_name: String,
    pub verified_domain: String,
    pub partner_number: String,
    pub advisor: bool,
    pub since: String,
    pub grants: Vec<ServiceGrant>,
}

/// What a removal changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub partner_name: String,
    /// The services whose privileges were removed; empty when none was left.
    pub services: Vec<String>,
}

/// One service of the catalog and the privileges a partner holds for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceGrant {
    pub service_id: String,
    pub service: String,
    pub state: GrantState,
    /// When it was granted (active) or removed (removed).
    pub changed_at: Option<String>,
    /// The partner transacts this service for the customer: it is the
    /// partner of record of its subscriptions (R7).
    pub transacts: bool,
}
