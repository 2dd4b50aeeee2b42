//! The customer's "Partner relationships" page (R6, R8): every partner, its
//! relationship and, per service, its delegated admin privileges, which the
//! customer administrator can remove; accepting the partner's link again
//! restores them (R10).
use serde::{Deserialize, Serialize};

pub use kernel::role::ServiceRole;

mod api;
pub mod customer_page;
mod view;

pub mod domain;

#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use api::require_relationship;
pub use api::{
    PartnerRelationships, RemoveDap, RemoveRole, partner_relationships, remove_dap, remove_role,
};
pub use customer_page::{ADD_SUBSCRIPTION, ADD_USER, Done, OPEN_SUPPORT_REQUEST};
pub use domain::{DapState, GrantState, Refusal, may_list_customers, may_manage_partners};
#[cfg(feature = "ssr")]
pub use store::{
    DapCounts, RelationshipRef, RoleOf, active_roles, customers_after, dap_counts, dap_state,
    grant_state, grants_of, mark_service_used, mark_used, relationship_with, roles_of_each,
};
pub use view::{
    GrantBadge, PartnerRelationshipsPage, RoleAbout, RoleList, relationship_kind, role_description,
};

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
    /// Whom to ask for the partner's invitation link (which restores
    /// removed privileges, R10): its active admin agents' addresses.
    pub contacts: Vec<String>,
}

/// What a removal changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub partner_name: String,
    /// The services whose privileges were removed; empty when none was left.
    pub services: Vec<String>,
    /// The one role removed ("Remove role"), named in the reader's
    /// language by the page.
    pub role: Option<ServiceRole>,
}

/// One service of the catalog and the privileges a partner holds for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceGrant {
    pub service_id: String,
    pub service: String,
    /// Active while one of its roles is in force.
    pub state: GrantState,
    /// When it was granted (active), removed (removed) or ended (ended).
    pub changed_at: Option<String>,
    /// The partner transacts this service for the customer: it is the
    /// partner of record of its subscriptions (R7).
    pub transacts: bool,
    /// Every role of the service the partner was ever granted, in catalog order.
    pub roles: Vec<RoleGrant>,
}

/// One role granted to a partner (R13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: ServiceRole,
    /// Active (in force), Removed (by the customer) or Ended (its end passed).
    pub state: GrantState,
    /// The last day it is in force (`YYYY-MM-DD`), or the day it ended.
    pub ends_on: String,
    /// Days left, within 30 days of the end of a role in force that does
    /// not extend itself.
    pub expires_in_days: Option<u32>,
    /// 180 days more at each end.
    pub auto_extend: bool,
    /// The day (`YYYY-MM-DD`) the partner last acted with it.
    pub last_used_on: Option<String>,
}

impl ServiceGrant {
    /// The roles of the service in force.
    pub fn active_roles(&self) -> impl Iterator<Item = &RoleGrant> {
        self.roles
            .iter()
            .filter(|role| role.state == GrantState::Active)
    }
}
