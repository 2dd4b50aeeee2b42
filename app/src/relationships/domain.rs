//! Who may review and change a customer's partner relationships (R6, R8), without I/O.
use serde::{Deserialize, Serialize};

use crate::auth::{CurrentUser, OrgKind, Role};
use kernel::error::AppError;

pub use kernel::grant::GrantState;
pub use kernel::refusal::relationships::Refusal;

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

/// Only the customer's administrators review and change its partner
/// relationships; users of other kinds of organization are not on this page at all.
pub fn may_manage_partners(user: &CurrentUser) -> Result<(), AppError> {
    match (user.organization.kind, user.role) {
        (OrgKind::Customer, Role::CustomerAdmin) => Ok(()),
        (OrgKind::Customer, _) => Err(Refusal::OnlyCustomerAdmins.into()),
        _ => Err(AppError::NotAllowed),
    }
}

/// The state of the partner's delegated admin privileges for a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DapState {
    /// Active for every service that was granted.
    Active,
    /// The customer removed some or all of them.
    Removed,
    /// The relationship was requested without them.
    NotGranted,
}

impl DapState {
    /// The state from the number of active and removed grants of a relationship.
    pub fn from_counts(active: i64, removed: i64) -> Self {
        if removed > 0 {
            DapState::Removed
        } else if active > 0 {
            DapState::Active
        } else {
            DapState::NotGranted
        }
    }
}

/// Partner users of every role see their organization's customers.
pub fn may_list_customers(user: &CurrentUser) -> Result<(), AppError> {
    if user.organization.kind.is_partner() {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::test_user as user;

    #[test]
    fn only_customer_admins_manage_partners() {
        assert_eq!(
            may_manage_partners(&user(OrgKind::Customer, Role::CustomerAdmin, "global")),
            Ok(())
        );
        assert_eq!(
            may_manage_partners(&user(OrgKind::Customer, Role::CustomerUser, "global")),
            Err(Refusal::OnlyCustomerAdmins.into())
        );
        for (kind, role) in [
            (OrgKind::PartnerCsp, Role::AdminAgent),
            (OrgKind::PartnerAdvisor, Role::AdminAgent),
            (OrgKind::Operator, Role::Operator),
        ] {
            assert_eq!(
                may_manage_partners(&user(kind, role, "global")),
                Err(AppError::NotAllowed)
            );
        }
    }
}
