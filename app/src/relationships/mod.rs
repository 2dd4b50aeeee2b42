//! The customer's "Partner relationships" page (R6, R8): every partner, its
//! relationship and, per service, its delegated admin privileges, which the
//! customer administrator can remove; accepting the partner's link again
//! restores them (R10).
#[cfg(feature = "ssr")]
use kernel::error::AppError;
use serde::{Deserialize, Serialize};

mod api;
pub mod customer_page;
mod view;

pub mod domain;

#[cfg(feature = "ssr")]
pub mod store;

pub use api::{PartnerRelationships, RemoveDap, partner_relationships, remove_dap};
pub use customer_page::{ADD_SUBSCRIPTION, ADD_USER, Done, OPEN_SUPPORT_REQUEST};
pub use domain::{
    DapState, GrantState, Refusal, ServiceGrant, may_list_customers, may_manage_partners,
};
#[cfg(feature = "ssr")]
pub use store::{
    DAP_COUNTS, DapCounts, RelationshipRef, dap_state, grant_state, grants_of, relationship_with,
};
pub use view::{GrantBadge, PartnerRelationshipsPage, relationship_kind};

/// The partner's relationship with the customer `slug`: users of other kinds
/// of organization are not allowed, and a customer the partner has no
/// relationship with is "not found" (its existence is not the partner's business).
#[cfg(feature = "ssr")]
pub async fn require_relationship(
    pool: &sqlx::SqlitePool,
    user: &crate::auth::CurrentUser,
    slug: &str,
) -> Result<store::RelationshipRef, AppError> {
    may_list_customers(user)?;
    store::relationship_with(pool, &user.organization.id, slug)
        .await?
        .ok_or(AppError::NotFound)
}

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
