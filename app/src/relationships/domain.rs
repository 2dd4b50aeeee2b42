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

/// What a removal takes away: every role, the roles of one service, or one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removing<'a> {
    All,
    Service(&'a str),
    Role(kernel::role::ServiceRole),
}

/// What a removal does (R8), decided by [`removal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// The roles in force that end now, in the order they were read.
    pub roles: Vec<kernel::role::ServiceRole>,
    /// How the audit log names it: one role, or the privileges.
    pub action: kernel::audit::Action,
}

/// R8: of the partner's roles in force (`active`, read under the write
/// lock), those a removal ends, and how the audit log names it; `None`
/// when nothing is left to remove, and then nothing is written or told.
pub fn removal(active: &[kernel::role::ServiceRole], removing: Removing) -> Option<Removal> {
    let roles: Vec<kernel::role::ServiceRole> = active
        .iter()
        .copied()
        .filter(|role| match removing {
            Removing::All => true,
            Removing::Service(service) => role.service() == service,
            Removing::Role(one) => *role == one,
        })
        .collect();
    let action = match removing {
        Removing::Role(_) => kernel::audit::Action::RoleRemoved,
        _ => kernel::audit::Action::DapRemoved,
    };
    (!roles.is_empty()).then_some(Removal { roles, action })
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

    #[test]
    fn a_removal_ends_the_roles_in_force_it_names() {
        use kernel::audit::Action;
        use kernel::role::ServiceRole::{Owner, Reader, UserAdministrator};
        let active = [UserAdministrator, Owner, Reader];
        assert_eq!(
            removal(&active, Removing::All),
            Some(Removal {
                roles: active.to_vec(),
                action: Action::DapRemoved,
            })
        );
        let azure = Owner.service();
        assert_eq!(
            removal(&active, Removing::Service(azure)).map(|removal| removal.roles),
            Some(
                active
                    .iter()
                    .copied()
                    .filter(|role| role.service() == azure)
                    .collect()
            )
        );
        assert_eq!(
            removal(&active, Removing::Role(Reader)),
            Some(Removal {
                roles: vec![Reader],
                action: Action::RoleRemoved,
            })
        );
    }

    #[test]
    fn removing_what_is_not_in_force_does_nothing() {
        use kernel::role::ServiceRole::{Owner, Reader, UserAdministrator};
        assert_eq!(removal(&[], Removing::All), None);
        assert_eq!(removal(&[Owner], Removing::Role(Reader)), None);
        assert_eq!(
            removal(&[Owner], Removing::Service(UserAdministrator.service())),
            None
        );
    }
}
