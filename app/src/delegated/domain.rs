//! Administration on the customer's behalf (R8): what delegated admin
//! privileges allow, and who may use them. No I/O.

use crate::auth::{CurrentUser, Role};
use crate::relationships::GrantState;
use kernel::error::AppError;
pub use kernel::role::{OnBehalf, ServiceRole};

pub use kernel::refusal::delegated::Refusal;

/// How long a password waits for its page. The browser asks for the page as
/// soon as it gets the redirect.
pub const KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// The customer's users live in its Microsoft 365 directory: managing them
/// needs the privileges for that service.
pub const DIRECTORY_SERVICE: &str = "microsoft-365";

/// Display names hold at most this many characters.
pub const DISPLAY_NAME_MAX: usize = 100;

/// The customer's own domains: those of its administrators' addresses,
/// sorted, each once.
pub fn customer_domains<'a>(admin_emails: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut domains: Vec<String> = admin_emails
        .into_iter()
        .filter_map(|email| email.rsplit_once('@'))
        .map(|(_, domain)| domain.to_ascii_lowercase())
        .collect();
    domains.sort();
    domains.dedup();
    domains
}

/// A partner adds a user only at one of the customer's `domains`. Whether
/// the address is free is asked only after this, so an address anywhere
/// else is refused the same way whether or not an account uses it.
pub fn may_add_user_at(email: &kernel::input::Email, domains: &[String]) -> Result<(), Refusal> {
    let domain = email.as_str().rsplit_once('@').map(|(_, d)| d);
    match domain {
        Some(domain) if domains.iter().any(|d| d == domain) => Ok(()),
        _ => Err(Refusal::EmailOutsideCustomerDomains),
    }
}

/// A partner user may act on the customer's behalf only as an admin agent,
/// only while the customer's directory privileges are in force, and only
/// with a role that allows the action (R13). The role it acts with is the
/// least powerful one held that allows it; a refusal names the role missing.
pub fn may_administer(
    user: &CurrentUser,
    directory: GrantState,
    active: &[ServiceRole],
    act: OnBehalf,
) -> Result<ServiceRole, AppError> {
    if !user.organization.kind.is_partner() {
        return Err(AppError::NotAllowed);
    }
    if user.role != Role::AdminAgent {
        return Err(Refusal::OnlyAdminAgents.into());
    }
    match directory {
        GrantState::Active => act
            .role_among(active)
            .map_err(|missing| Refusal::RoleMissing(missing).into()),
        GrantState::Removed => Err(Refusal::DapRemoved.into()),
        GrantState::Ended => Err(Refusal::DapEnded.into()),
        GrantState::NotGranted => Err(Refusal::DapNotGranted.into()),
    }
}

/// Resetting an administrator's password would hand the partner the keys to
/// the relationship itself (it could restore privileges the customer removed).
pub fn may_reset_password_of(target: Role) -> Result<(), Refusal> {
    match target {
        Role::CustomerAdmin => Err(Refusal::AdministratorAccount),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_are_added_at_the_customers_own_domains_only() {
        let domains = customer_domains([
            "Admin@Fabrikam.example",
            "it@fabrikam.example",
            "x@eu.fabrikam.example",
        ]);
        assert_eq!(domains, ["eu.fabrikam.example", "fabrikam.example"]);
        let email = |e: &str| kernel::input::Email::parse(e).unwrap();
        assert_eq!(
            may_add_user_at(&email("nina@fabrikam.example"), &domains),
            Ok(())
        );
        assert_eq!(
            may_add_user_at(&email("nina@eu.fabrikam.example"), &domains),
            Ok(())
        );
        for other in [
            "admin@tailspin.example",
            "nina@fabrikam.example.evil",
            "nina@example.com",
        ] {
            assert_eq!(
                may_add_user_at(&email(other), &domains),
                Err(Refusal::EmailOutsideCustomerDomains),
                "{other}"
            );
        }
        assert_eq!(
            may_add_user_at(&email("nina@fabrikam.example"), &[]),
            Err(Refusal::EmailOutsideCustomerDomains)
        );
    }
    use crate::auth::OrgKind;
    use crate::auth::test_user as user;

    const HELPDESK: &[ServiceRole] = &[ServiceRole::HelpdeskAdministrator];
    const USERS: &[ServiceRole] = &[ServiceRole::UserAdministrator, ServiceRole::Reader];

    #[test]
    fn admin_agents_with_the_right_role_administer() {
        let admin = user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
        assert_eq!(
            may_administer(&admin, GrantState::Active, USERS, OnBehalf::AddUser),
            Ok(ServiceRole::UserAdministrator)
        );
        let advisor = user(OrgKind::PartnerAdvisor, Role::AdminAgent, "global");
        assert_eq!(
            may_administer(
                &advisor,
                GrantState::Active,
                HELPDESK,
                OnBehalf::ResetPassword
            ),
            Ok(ServiceRole::HelpdeskAdministrator)
        );
    }

    #[test]
    fn helpdesk_administrator_resets_passwords_and_does_not_manage_users() {
        let admin = user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
        assert_eq!(
            may_administer(&admin, GrantState::Active, HELPDESK, OnBehalf::AddUser),
            Err(Refusal::RoleMissing(ServiceRole::UserAdministrator).into())
        );
        assert_eq!(
            may_administer(&admin, GrantState::Active, &[], OnBehalf::ResetPassword),
            Err(Refusal::RoleMissing(ServiceRole::HelpdeskAdministrator).into())
        );
    }

    #[test]
    fn removed_ended_or_missing_privileges_refuse_with_the_reason() {
        let admin = user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
        for (state, refusal) in [
            (GrantState::Removed, Refusal::DapRemoved),
            (GrantState::Ended, Refusal::DapEnded),
            (GrantState::NotGranted, Refusal::DapNotGranted),
        ] {
            assert_eq!(
                may_administer(&admin, state, USERS, OnBehalf::AddUser),
                Err(refusal.into())
            );
        }
    }

    #[test]
    fn sales_and_helpdesk_agents_never_administer() {
        for role in [Role::SalesAgent, Role::HelpdeskAgent] {
            assert_eq!(
                may_administer(
                    &user(OrgKind::PartnerCsp, role, "global"),
                    GrantState::Active,
                    USERS,
                    OnBehalf::AddUser
                ),
                Err(Refusal::OnlyAdminAgents.into())
            );
        }
        assert_eq!(
            may_administer(
                &user(OrgKind::Customer, Role::CustomerAdmin, "global"),
                GrantState::Active,
                USERS,
                OnBehalf::AddUser
            ),
            Err(AppError::NotAllowed)
        );
    }

    #[test]
    fn administrators_passwords_are_not_reset_by_partners() {
        assert_eq!(
            may_reset_password_of(Role::CustomerAdmin),
            Err(Refusal::AdministratorAccount)
        );
        assert_eq!(may_reset_password_of(Role::CustomerUser), Ok(()));
    }
}
