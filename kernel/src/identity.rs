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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_kinds_round_trip() {
        for role in [
            "admin_agent",
            "sales_agent",
            "helpdesk_agent",
            "customer_admin",
            "customer_user",
            "operator",
        ] {
            assert_eq!(Role::parse(role).map(Role::as_str), Some(role));
        }
        for kind in ["partner_csp", "partner_advisor", "customer", "operator"] {
            assert_eq!(OrgKind::parse(kind).map(OrgKind::as_str), Some(kind));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
