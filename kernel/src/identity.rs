//! Who acts: organizations, their kinds and clouds, roles, the signed-in user.
use serde::{Deserialize, Serialize};

use crate::id::{OrgId, UserId};

/// The kind of an organization decides which pages its users may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(rename_all = "snake_case"))]
pub enum OrgKind {
    PartnerCsp,
    PartnerAdvisor,
    Customer,
    Operator,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::PartnerCsp => "partner_csp",
            OrgKind::PartnerAdvisor => "partner_advisor",
            OrgKind::Customer => "customer",
            OrgKind::Operator => "operator",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            OrgKind::PartnerCsp,
            OrgKind::PartnerAdvisor,
            OrgKind::Customer,
            OrgKind::Operator,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == value)
    }

    pub fn is_partner(self) -> bool {
        matches!(self, OrgKind::PartnerCsp | OrgKind::PartnerAdvisor)
    }
}

/// A user's role inside their organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(rename_all = "snake_case"))]
pub enum Role {
    AdminAgent,
    SalesAgent,
    HelpdeskAgent,
    CustomerAdmin,
    CustomerUser,
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::AdminAgent => "admin_agent",
            Role::SalesAgent => "sales_agent",
            Role::HelpdeskAgent => "helpdesk_agent",
            Role::CustomerAdmin => "customer_admin",
            Role::CustomerUser => "customer_user",
            Role::Operator => "operator",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Role::AdminAgent,
            Role::SalesAgent,
            Role::HelpdeskAgent,
            Role::CustomerAdmin,
            Role::CustomerUser,
            Role::Operator,
        ]
        .into_iter()
        .find(|role| role.as_str() == value)
    }
}

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
}

impl CurrentUser {
    /// The page a user lands on after signing in without a `next`.
    pub fn home(&self) -> &'static str {
        match (self.organization.kind, self.role) {
            (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, _) => "/partner/customers",
            (OrgKind::Customer, Role::CustomerAdmin) => "/admin/partner-relationships",
            (OrgKind::Operator, _) => "/operator/support-requests",
            (OrgKind::Customer, _) => "/",
        }
    }
}
