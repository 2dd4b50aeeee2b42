//! Support requests opened on a customer's behalf (R9): who opens, reads,
//! answers and closes them. No I/O.
use serde::{Deserialize, Serialize};

use crate::auth::{CurrentUser, OrgKind, Role};
use kernel::error::AppError;
use kernel::id::OrgId;

pub use kernel::refusal::support::Refusal;

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Low,
    Medium,
    High,
}

kernel::sql_text!(Severity {
    Low => "low",
    Medium => "medium",
    High => "high",
});

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Severity::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
    }
}

/// Whether a request still takes replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    Open,
    Closed,
}

kernel::sql_text!(RequestState {
    Open => "open",
    Closed => "closed",
});

/// The two organizations a request is between.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Parties {
    pub customer_id: OrgId,
    pub partner_id: OrgId,
}

/// Whether a partner user of `role` handles support requests.
pub fn may_open_role(role: Role) -> bool {
    matches!(role, Role::AdminAgent | Role::HelpdeskAgent)
}

/// R9: a partner admin or helpdesk agent opens requests for its customers,
/// with or without delegated admin privileges.
pub fn may_open(user: &CurrentUser) -> Result<(), AppError> {
    if !user.organization.kind.is_partner() {
        return Err(AppError::NotAllowed);
    }
    if !may_open_role(user.role) {
        return Err(Refusal::OnlyAdminOrHelpdeskAgents.into());
    }
    Ok(())
}

/// Operators read every request; the customer's administrators and the
/// partner that opened it read theirs.
pub fn may_read(user: &CurrentUser, parties: &Parties) -> bool {
    let org = &user.organization.id;
    match (user.organization.kind, user.role) {
        (OrgKind::Operator, _) => true,
        (OrgKind::Customer, Role::CustomerAdmin) => *org == parties.customer_id,
        (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, _) => *org == parties.partner_id,
        _ => false,
    }
}

/// Every reader may answer an open request, except sales agents.
pub fn may_reply(user: &CurrentUser, parties: &Parties, open: bool) -> Result<(), AppError> {
    if !may_read(user, parties) {
        return Err(AppError::NotFound);
    }
    if user.organization.kind.is_partner() && !may_open_role(user.role) {
        return Err(Refusal::OnlyAdminOrHelpdeskAgents.into());
    }
    if !open {
        return Err(Refusal::Closed.into());
    }
    Ok(())
}

/// Operators close open requests.
pub fn may_close(user: &CurrentUser, parties: &Parties, open: bool) -> Result<(), AppError> {
    if !may_read(user, parties) {
        return Err(AppError::NotFound);
    }
    if user.organization.kind != OrgKind::Operator {
        return Err(Refusal::OnlyOperatorsClose.into());
    }
    if !open {
        return Err(Refusal::Closed.into());
    }
    Ok(())
}

/// Who lists support requests, once allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lister {
    /// Every request (`/operator/support-requests`).
    Operator,
    /// The requests about the customer's organization (`/admin/support-requests`).
    CustomerAdmin,
}

/// Operators list every request, a customer administrator those about its
/// organization; `operator` is which of the two lists was asked for.
pub fn may_list(user: &CurrentUser, operator: bool) -> Result<Lister, AppError> {
    match (operator, user.organization.kind) {
        (true, OrgKind::Operator) => Ok(Lister::Operator),
        (false, OrgKind::Customer) => {
            crate::relationships::may_manage_partners(user)?;
            Ok(Lister::CustomerAdmin)
        }
        _ => Err(AppError::NotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::test_user;

    fn member(kind: OrgKind, role: Role, org: &str) -> CurrentUser {
        let mut user = test_user(kind, role, "global");
        user.organization.id = org.into();
        user
    }

    fn parties() -> Parties {
        Parties {
            customer_id: "fabrikam".into(),
            partner_id: "contoso".into(),
        }
    }

    #[test]
    fn admin_and_helpdesk_agents_open_requests_sales_agents_do_not() {
        for role in [Role::AdminAgent, Role::HelpdeskAgent] {
            assert_eq!(
                may_open(&member(OrgKind::PartnerCsp, role, "contoso")),
                Ok(())
            );
        }
        assert_eq!(
            may_open(&member(OrgKind::PartnerCsp, Role::SalesAgent, "contoso")),
            Err(Refusal::OnlyAdminOrHelpdeskAgents.into())
        );
        assert_eq!(
            may_open(&member(OrgKind::Customer, Role::CustomerAdmin, "fabrikam")),
            Err(AppError::NotAllowed)
        );
    }

    #[test]
    fn the_two_parties_and_operators_read_nobody_else() {
        let p = parties();
        assert!(may_read(
            &member(OrgKind::Operator, Role::Operator, "ops"),
            &p
        ));
        assert!(may_read(
            &member(OrgKind::Customer, Role::CustomerAdmin, "fabrikam"),
            &p
        ));
        assert!(may_read(
            &member(OrgKind::PartnerCsp, Role::SalesAgent, "contoso"),
            &p
        ));
        assert!(!may_read(
            &member(OrgKind::Customer, Role::CustomerUser, "fabrikam"),
            &p
        ));
        assert!(!may_read(
            &member(OrgKind::Customer, Role::CustomerAdmin, "tailspin"),
            &p
        ));
        assert!(!may_read(
            &member(OrgKind::PartnerCsp, Role::AdminAgent, "northwind"),
            &p
        ));
    }

    #[test]
    fn replies_and_closing_follow_role_and_state() {
        let p = parties();
        let operator = member(OrgKind::Operator, Role::Operator, "ops");
        let customer = member(OrgKind::Customer, Role::CustomerAdmin, "fabrikam");
        let sales = member(OrgKind::PartnerCsp, Role::SalesAgent, "contoso");
        let other = member(OrgKind::PartnerCsp, Role::AdminAgent, "northwind");
        assert_eq!(may_reply(&customer, &p, true), Ok(()));
        assert_eq!(may_reply(&customer, &p, false), Err(Refusal::Closed.into()));
        assert_eq!(
            may_reply(&sales, &p, true),
            Err(Refusal::OnlyAdminOrHelpdeskAgents.into())
        );
        assert_eq!(may_reply(&other, &p, true), Err(AppError::NotFound));
        assert_eq!(may_close(&operator, &p, true), Ok(()));
        assert_eq!(may_close(&operator, &p, false), Err(Refusal::Closed.into()));
        assert_eq!(
            may_close(&customer, &p, true),
            Err(Refusal::OnlyOperatorsClose.into())
        );
    }

    #[test]
    fn severities_parse_from_their_names_only() {
        assert_eq!(Severity::parse("high"), Some(Severity::High));
        assert_eq!(Severity::parse("urgent"), None);
        assert_eq!(Severity::parse("'; DROP TABLE x"), None);
    }

    #[test]
    fn operators_list_every_request_and_customer_admins_their_own() {
        let operator = test_user(OrgKind::Operator, Role::Operator, "global");
        assert_eq!(may_list(&operator, true), Ok(Lister::Operator));
        assert_eq!(may_list(&operator, false), Err(AppError::NotAllowed));
        let admin = test_user(OrgKind::Customer, Role::CustomerAdmin, "global");
        assert_eq!(may_list(&admin, false), Ok(Lister::CustomerAdmin));
        assert_eq!(may_list(&admin, true), Err(AppError::NotAllowed));
        let partner = test_user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
        assert_eq!(may_list(&partner, false), Err(AppError::NotAllowed));
    }
}
