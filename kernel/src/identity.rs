//! Who acts: organizations, their kinds and clouds, roles, the signed-in user.
use serde::{Deserialize, Serialize};

use crate::id::{OrgId, UserId};

/// The kind of an organization decides which pages its users may open. The
/// database writes it in snake case (`partner_csp`), as `sqlx::Type` reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgKind {
    PartnerCsp,
    PartnerAdvisor,
    Customer,
    Operator,
}

crate::sql_text!(OrgKind {
    PartnerCsp => "partner_csp",
    PartnerAdvisor => "partner_advisor",
    Customer => "customer",
    Operator => "operator",
});

impl OrgKind {
    pub fn is_partner(self) -> bool {
        matches!(self, OrgKind::PartnerCsp | OrgKind::PartnerAdvisor)
    }
}

/// A user's role inside their organization, written in snake case
/// (`admin_agent`) in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    AdminAgent,
    SalesAgent,
    HelpdeskAgent,
    CustomerAdmin,
    CustomerUser,
    Operator,
}

crate::sql_text!(Role {
    AdminAgent => "admin_agent",
    SalesAgent => "sales_agent",
    HelpdeskAgent => "helpdesk_agent",
    CustomerAdmin => "customer_admin",
    CustomerUser => "customer_user",
    Operator => "operator",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: OrgId,
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub cloud: String,
}

/// The signed-in user, as every server function sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organization: Organization,
    /// The organization requires two-step verification and this user has
    /// not turned it on: they set it up before anything else.
    pub two_step_due: bool,
    /// Someone else (a partner, on the customer's behalf) set this user's
    /// password: they choose a new one before anything else.
    pub password_change_due: bool,
}
