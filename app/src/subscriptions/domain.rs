//! Who may provision and change subscriptions (R5, R7, R11), without I/O.

use crate::auth::{CurrentUser, OrgKind, Role};
use crate::relationships::GrantState;
use kernel::error::{AppError, Invalid};
use kernel::id::OrgId;
use kernel::input::Field;

pub use kernel::refusal::subscriptions::Refusal;

/// A subscription holds at least one seat and at most this many.
pub const MAX_SEATS: u32 = 10_000;

/// An offer of the catalog: a base offer, or an add-on to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferKind {
    Base,
    Addon,
}

kernel::sql_text!(OfferKind {
    Base => "base",
    Addon => "addon",
});

/// What a partner user may do with subscriptions at all: CSP resellers'
/// admin and sales agents transact; advisors and helpdesk agents do not.
pub fn may_transact(user: &CurrentUser) -> Result<(), AppError> {
    match (user.organization.kind, user.role) {
        (OrgKind::PartnerAdvisor, _) => Err(Refusal::AdvisorsDoNotTransact.into()),
        (OrgKind::PartnerCsp, Role::AdminAgent | Role::SalesAgent) => Ok(()),
        (OrgKind::PartnerCsp, _) => Err(Refusal::OnlyAdminOrSalesAgents.into()),
        _ => Err(AppError::NotAllowed),
    }
}

/// R5 and R7: a partner provisions a service for a customer with active
/// delegated admin privileges for it, and only when no other CSP reseller
/// transacts that service for the customer. `holder` is the partner that
/// transacts it now (id, name), if any.
pub fn may_provision(
    user: &CurrentUser,
    privileges: GrantState,
    holder: Option<(&OrgId, &str)>,
) -> Result<(), AppError> {
    may_transact(user)?;
    if privileges != GrantState::Active {
        return Err(Refusal::NoPrivilegesForService.into());
    }
    match holder {
        Some((id, name)) if *id != user.organization.id => {
            Err(Refusal::ServiceHeldBy(name.to_string()).into())
        }
        _ => Ok(()),
    }
}

/// R11: only the partner of record (id, name) changes seats, orders add-ons,
/// migrates, suspends or reactivates a subscription, and only with active
/// privileges for its service. Delegated admin privileges alone are not enough.
pub fn may_change(
    user: &CurrentUser,
    privileges: GrantState,
    partner_of_record: (&OrgId, &str),
) -> Result<(), AppError> {
    may_transact(user)?;
    let (id, name) = partner_of_record;
    if *id != user.organization.id {
        return Err(Refusal::NotPartnerOfRecord(name.to_string()).into());
    }
    if privileges != GrantState::Active {
        return Err(Refusal::NoPrivilegesForService.into());
    }
    Ok(())
}

/// Who may answer a transfer of the partner of record: the receiving CSP
/// reseller's admin and sales agents, with active delegated admin privileges
/// for the service (as for provisioning it).
pub fn may_accept_transfer(user: &CurrentUser, privileges: GrantState) -> Result<(), AppError> {
    may_transact(user)?;
    if privileges != GrantState::Active {
        return Err(Refusal::NoPrivilegesForService.into());
    }
    Ok(())
}

/// A service moves only to another CSP reseller (not an advisor) with a
/// relationship with the customer, and only away from its current partner
/// of record. `target_reseller`: the target's relationship is a reseller one.
pub fn may_transfer_to(
    current_partner_id: &OrgId,
    target_partner_id: &OrgId,
    target_reseller: bool,
) -> Result<(), Refusal> {
    if !target_reseller || current_partner_id == target_partner_id {
        return Err(Refusal::TransferTargetInvalid);
    }
    Ok(())
}

/// A number of seats (or of add-on licences): 1 to [`MAX_SEATS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seats(u32);

impl Seats {
    pub fn parse(field: Field, value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        if value.is_empty() {
            return Err(Invalid::Missing(field));
        }
        match value.parse::<u32>() {
            Ok(n) if (1..=MAX_SEATS).contains(&n) => Ok(Seats(n)),
            _ => Err(Invalid::OutOfRange {
                field,
                min: 1,
                max: MAX_SEATS,
            }),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

pub use kernel::money::{MAX_PRICE_CENTS, parse_price};

/// Only operators edit the catalog.
pub fn may_edit_catalog(user: &CurrentUser) -> Result<(), AppError> {
    match user.organization.kind {
        OrgKind::Operator => Ok(()),
        _ => Err(AppError::NotAllowed),
    }
}

/// The version a form was loaded with, as the form sends it back.
pub fn parse_version(value: &str) -> Result<i64, Invalid> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v >= 1)
        .ok_or(Invalid::Malformed(Field::Version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::test_user as user;

    fn refused(refusal: Refusal) -> Result<(), AppError> {
        Err(refusal.into())
    }

    #[test]
    fn csp_admin_and_sales_agents_transact_others_do_not() {
        for role in [Role::AdminAgent, Role::SalesAgent] {
            assert_eq!(
                may_transact(&user(OrgKind::PartnerCsp, role, "global")),
                Ok(())
            );
        }
        assert_eq!(
            may_transact(&user(OrgKind::PartnerCsp, Role::HelpdeskAgent, "global")),
            refused(Refusal::OnlyAdminOrSalesAgents)
        );
        assert_eq!(
            may_transact(&user(OrgKind::PartnerAdvisor, Role::AdminAgent, "global")),
            refused(Refusal::AdvisorsDoNotTransact)
        );
        assert_eq!(
            may_transact(&user(OrgKind::Customer, Role::CustomerAdmin, "global")),
            Err(AppError::NotAllowed)
        );
    }

    #[test]
    fn a_second_csp_reseller_is_refused_the_service_naming_the_holder() {
        let me = user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
        assert_eq!(may_provision(&me, GrantState::Active, None), Ok(()));
        assert_eq!(
            may_provision(&me, GrantState::Active, Some((&OrgId::from("o"), "Me"))),
            Ok(())
        );
        assert_eq!(
            may_provision(
                &me,
                GrantState::Active,
                Some((&OrgId::from("other"), "Contoso"))
            ),
            refused(Refusal::ServiceHeldBy("Contoso".into()))
        );
    }

    #[test]
    fn provisioning_needs_active_privileges_for_the_service() {
        let me = user(OrgKind::PartnerCsp, Role::SalesAgent, "global");
        for state in [GrantState::Removed, GrantState::NotGranted] {
            assert_eq!(
                may_provision(&me, state, None),
                refused(Refusal::NoPrivilegesForService)
            );
        }
    }

    #[test]
    fn only_the_partner_of_record_changes_a_subscription() {
        let me = user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
        assert_eq!(
            may_change(&me, GrantState::Active, (&OrgId::from("o"), "Me")),
            Ok(())
        );
        // Delegated admin privileges alone are not enough (R11).
        assert_eq!(
            may_change(
                &me,
                GrantState::Active,
                (&OrgId::from("contoso"), "Contoso")
            ),
            refused(Refusal::NotPartnerOfRecord("Contoso".into()))
        );
        assert_eq!(
            may_change(&me, GrantState::Removed, (&OrgId::from("o"), "Me")),
            refused(Refusal::NoPrivilegesForService)
        );
        let advisor = user(OrgKind::PartnerAdvisor, Role::AdminAgent, "global");
        assert_eq!(
            may_change(&advisor, GrantState::Active, (&OrgId::from("o"), "Me")),
            refused(Refusal::AdvisorsDoNotTransact)
        );
    }

    #[test]
    fn transfers_go_to_another_reseller_who_accepts_with_privileges() {
        assert_eq!(
            may_transfer_to(&OrgId::from("contoso"), &OrgId::from("northwind"), true),
            Ok(())
        );
        assert_eq!(
            may_transfer_to(&OrgId::from("contoso"), &OrgId::from("contoso"), true),
            Err(Refusal::TransferTargetInvalid)
        );
        assert_eq!(
            may_transfer_to(&OrgId::from("contoso"), &OrgId::from("adatum"), false),
            Err(Refusal::TransferTargetInvalid)
        );
        let agent = user(OrgKind::PartnerCsp, Role::SalesAgent, "global");
        assert_eq!(may_accept_transfer(&agent, GrantState::Active), Ok(()));
        assert_eq!(
            may_accept_transfer(&agent, GrantState::Removed),
            refused(Refusal::NoPrivilegesForService)
        );
        let advisor = user(OrgKind::PartnerAdvisor, Role::AdminAgent, "global");
        assert_eq!(
            may_accept_transfer(&advisor, GrantState::Active),
            refused(Refusal::AdvisorsDoNotTransact)
        );
    }

    #[test]
    fn seats_are_whole_numbers_from_one_to_the_maximum() {
        assert_eq!(Seats::parse(Field::Seats, " 25 ").map(Seats::get), Ok(25));
        assert_eq!(
            Seats::parse(Field::Seats, "10000").map(Seats::get),
            Ok(10_000)
        );
        assert_eq!(
            Seats::parse(Field::Seats, ""),
            Err(Invalid::Missing(Field::Seats))
        );
        for bad in ["0", "-3", "10001", "2.5", "ten", "99999999999999999999"] {
            assert_eq!(
                Seats::parse(Field::Seats, bad),
                Err(Invalid::OutOfRange {
                    field: Field::Seats,
                    min: 1,
                    max: MAX_SEATS
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn only_operators_edit_the_catalog() {
        assert_eq!(
            may_edit_catalog(&user(OrgKind::Operator, Role::Operator, "global")),
            Ok(())
        );
        assert_eq!(
            may_edit_catalog(&user(OrgKind::PartnerCsp, Role::AdminAgent, "global")),
            Err(AppError::NotAllowed)
        );
    }

    #[test]
    fn versions_are_positive_numbers() {
        assert_eq!(parse_version("3"), Ok(3));
        for bad in ["", "0", "-1", "x"] {
            assert_eq!(parse_version(bad), Err(Invalid::Malformed(Field::Version)));
        }
    }
}
