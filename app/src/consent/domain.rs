//! Who may accept an invitation (R3), without I/O.

use crate::auth::{CurrentUser, OrgKind, Role};

pub use kernel::refusal::consent::Refusal;

/// R3: only an administrator of a customer organization in the partner's
/// cloud may accept.
pub fn may_accept(user: &CurrentUser, partner_cloud: &str) -> Result<(), Refusal> {
    match (user.organization.kind, user.role) {
        (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, _) => Err(Refusal::PartnerUser),
        (OrgKind::Operator, _) => Err(Refusal::OperatorUser),
        (OrgKind::Customer, Role::CustomerAdmin) if user.organization.cloud != partner_cloud => {
            Err(Refusal::OtherCloud)
        }
        (OrgKind::Customer, Role::CustomerAdmin) => Ok(()),
        (OrgKind::Customer, _) => Err(Refusal::NotCustomerAdmin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::test_user as user;

    #[test]
    fn a_customer_admin_of_the_same_cloud_may_accept() {
        assert_eq!(
            may_accept(
                &user(OrgKind::Customer, Role::CustomerAdmin, "global"),
                "global"
            ),
            Ok(())
        );
    }

    #[test]
    fn non_admins_partners_operators_and_other_clouds_may_not() {
        let cases = [
            (
                OrgKind::Customer,
                Role::CustomerUser,
                "global",
                Refusal::NotCustomerAdmin,
            ),
            (
                OrgKind::PartnerCsp,
                Role::AdminAgent,
                "global",
                Refusal::PartnerUser,
            ),
            (
                OrgKind::PartnerAdvisor,
                Role::AdminAgent,
                "global",
                Refusal::PartnerUser,
            ),
            (
                OrgKind::Operator,
                Role::Operator,
                "global",
                Refusal::OperatorUser,
            ),
            (
                OrgKind::Customer,
                Role::CustomerAdmin,
                "germany",
                Refusal::OtherCloud,
            ),
        ];
        for (kind, role, cloud, refusal) in cases {
            assert_eq!(
                may_accept(&user(kind, role, cloud), "global"),
                Err(refusal),
                "{kind:?} {role:?} {cloud}"
            );
        }
    }
}
