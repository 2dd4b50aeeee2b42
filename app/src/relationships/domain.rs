//! Who may review and change a customer's partner relationships (R6, R8), without I/O.
use serde::{Deserialize, Serialize};

use crate::auth::{CurrentUser, OrgKind, Role};
use kernel::error::AppError;

pub use kernel::grant::GrantState;
pub use kernel::refusal::relationships::Refusal;

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
    /// They reached their end date, every one.
    Ended,
    /// The relationship was requested without them.
    NotGranted,
}

impl DapState {
    /// The state from the number of roles of a relationship in force,
    /// removed, and ended.
    pub fn from_counts(active: i64, removed: i64, ended: i64) -> Self {
        if removed > 0 {
            DapState::Removed
        } else if ended > 0 && active == 0 {
            DapState::Ended
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

/// The service a removal names: `None` (every service) when the form sent
/// none, an empty one, or "all".
pub fn service_to_remove(service: Option<String>) -> Option<String> {
    service.filter(|s| !s.is_empty() && s != "all")
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

    #[test]
    fn a_removal_names_one_service_or_all() {
        assert_eq!(
            service_to_remove(Some("azure".into())),
            Some("azure".into())
        );
        assert_eq!(service_to_remove(Some("all".into())), None);
        assert_eq!(service_to_remove(Some(String::new())), None);
        assert_eq!(service_to_remove(None), None);
    }
}
