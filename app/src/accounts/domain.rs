//! The rules of people and accounts. No I/O.
use super::{Member, MemberState, Refusal};
use kernel::error::Invalid;
use kernel::identity::{CurrentUser, OrgKind, Role};
use kernel::input::{Email, Field};

/// The longest display name and organization name.
pub const NAME_MAX: usize = 100;

/// Admin agents run a partner's team, customer administrators their
/// organization's users; nobody else manages people.
pub fn may_manage_members(actor: &CurrentUser) -> Result<(), Refusal> {
    match (actor.organization.kind, actor.role) {
        (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, Role::AdminAgent)
        | (OrgKind::Customer, Role::CustomerAdmin) => Ok(()),
        _ => Err(Refusal::OnlyAdministrators),
    }
}

/// Only operators onboard partners and read the outbox.
pub fn may_operate(actor: &CurrentUser) -> Result<(), Refusal> {
    match actor.organization.kind {
        OrgKind::Operator => Ok(()),
        _ => Err(Refusal::OnlyOperators),
    }
}

/// The roles members of an organization of `kind` may have.
pub fn roles_for(kind: OrgKind) -> &'static [Role] {
    match kind {
        OrgKind::PartnerCsp | OrgKind::PartnerAdvisor => {
            &[Role::AdminAgent, Role::SalesAgent, Role::HelpdeskAgent]
        }
        OrgKind::Customer => &[Role::CustomerAdmin, Role::CustomerUser],
        OrgKind::Operator => &[Role::Operator],
    }
}

/// The administrators of an organization: those who manage its people.
pub fn is_administrator(role: Role) -> bool {
    matches!(
        role,
        Role::AdminAgent | Role::CustomerAdmin | Role::Operator
    )
}

/// A role as a form sends it (`admin_agent`), among those of `kind`.
pub fn parse_role(kind: OrgKind, value: &str) -> Result<Role, Invalid> {
    roles_for(kind)
        .iter()
        .copied()
        .find(|role| role.as_sql() == value.trim())
        .ok_or(Invalid::Malformed(Field::Role))
}

/// A new member's address is at the organization's own domain (or a
/// subdomain of it).
pub fn email_at_domain(email: &Email, domain: &str) -> Result<(), Refusal> {
    let at = email.as_str().rsplit('@').next().unwrap_or_default();
    let domain = domain.to_lowercase();
    if at == domain || at.ends_with(&format!(".{domain}")) {
        Ok(())
    } else {
        Err(Refusal::EmailOutsideDomain(domain))
    }
}

/// Whether `member` may be given `role` when the organization has
/// `active_administrators`: never the last one demoted.
pub fn may_change_role(
    member: &Member,
    role: Role,
    active_administrators: usize,
) -> Result<(), Refusal> {
    let demoted = is_administrator(member.role) && !is_administrator(role);
    if demoted && member.state == MemberState::Active && active_administrators <= 1 {
        return Err(Refusal::LastAdministrator);
    }
    Ok(())
}

/// An administrator resets the two-step verification of another member
/// (their own they turn off on their account page, with their password).
pub fn may_reset_two_step(actor: &CurrentUser, member: &Member) -> Result<(), Refusal> {
    may_manage_members(actor)?;
    if member.id == actor.id.as_str() {
        return Err(Refusal::NotYourself);
    }
    Ok(())
}

/// Whether `actor` may deactivate `member`: not themselves, and never the
/// last active administrator.
pub fn may_deactivate(
    actor: &CurrentUser,
    member: &Member,
    active_administrators: usize,
) -> Result<(), Refusal> {
    if member.id == actor.id.as_str() {
        return Err(Refusal::NotYourself);
    }
    if is_administrator(member.role)
        && member.state == MemberState::Active
        && active_administrators <= 1
    {
        return Err(Refusal::LastAdministrator);
    }
    Ok(())
}

/// A domain as an operator types it: lower case, labels of letters, digits
/// and dashes, at least one dot.
pub fn parse_domain(value: &str) -> Result<String, Invalid> {
    let domain = kernel::input::required_text(Field::Domain, value, 253)?.to_lowercase();
    let labels_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !labels_ok || !domain.contains('.') {
        return Err(Invalid::Malformed(Field::Domain));
    }
    Ok(domain)
}

/// A partner id (Microsoft's MPN / Partner Center id): 6 to 10 digits.
pub fn parse_partner_number(value: &str) -> Result<String, Invalid> {
    let number = kernel::input::required_text(Field::PartnerNumber, value, 10)?;
    if number.len() < 6 || !number.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::Malformed(Field::PartnerNumber));
    }
    Ok(number)
}

/// The kind of partner an operator picks.
pub fn parse_partner_kind(value: &str) -> Result<OrgKind, Invalid> {
    match value.trim() {
        "partner_csp" => Ok(OrgKind::PartnerCsp),
        "partner_advisor" => Ok(OrgKind::PartnerAdvisor),
        _ => Err(Invalid::Malformed(Field::Kind)),
    }
}

/// Words that are pages beside an organization's own in the routes
/// (`/partner/customers/request-relationship` beside
/// `/partner/customers/{customer}`): no organization's slug is one of them,
/// or its page would be hidden. A test walks the router for them.
pub const RESERVED_SLUGS: &[&str] = &["request-relationship"];

/// The slug of a new organization's address: its name's letters and
/// digits, dashed; never one of the [`RESERVED_SLUGS`] (those get `-org`).
/// The store adds a number when another organization has it.
pub fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug
        .trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>();
    if slug.is_empty() {
        "org".to_string()
    } else if RESERVED_SLUGS.contains(&slug.as_str()) {
        format!("{slug}-org")
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::test_user;

    fn member(id: &str, role: Role, state: MemberState) -> Member {
        Member {
            id: id.into(),
            email: format!("{id}@contoso.example"),
            display_name: id.into(),
            role,
            state,
            two_step: false,
        }
    }

    #[test]
    fn only_admin_agents_and_customer_administrators_manage_people() {
        assert_eq!(
            may_manage_members(&test_user(OrgKind::PartnerCsp, Role::AdminAgent, "global")),
            Ok(())
        );
        assert_eq!(
            may_manage_members(&test_user(OrgKind::Customer, Role::CustomerAdmin, "global")),
            Ok(())
        );
        for (kind, role) in [
            (OrgKind::PartnerCsp, Role::SalesAgent),
            (OrgKind::PartnerAdvisor, Role::HelpdeskAgent),
            (OrgKind::Customer, Role::CustomerUser),
            (OrgKind::Operator, Role::Operator),
        ] {
            assert_eq!(
                may_manage_members(&test_user(kind, role, "global")),
                Err(Refusal::OnlyAdministrators)
            );
        }
    }

    #[test]
    fn roles_are_those_of_the_organization() {
        assert_eq!(
            parse_role(OrgKind::PartnerCsp, "sales_agent"),
            Ok(Role::SalesAgent)
        );
        assert_eq!(
            parse_role(OrgKind::PartnerCsp, "customer_admin"),
            Err(Invalid::Malformed(Field::Role))
        );
        assert_eq!(
            parse_role(OrgKind::Customer, "operator"),
            Err(Invalid::Malformed(Field::Role))
        );
    }

    #[test]
    fn new_members_are_at_the_organization_domain() {
        let at = |email: &str| email_at_domain(&Email::parse(email).unwrap(), "Contoso.example");
        assert_eq!(at("nina@contoso.example"), Ok(()));
        assert_eq!(at("nina@eu.contoso.example"), Ok(()));
        assert_eq!(
            at("nina@evilcontoso.example"),
            Err(Refusal::EmailOutsideDomain("contoso.example".into()))
        );
        assert_eq!(
            at("nina@contoso.example.evil"),
            Err(Refusal::EmailOutsideDomain("contoso.example".into()))
        );
    }

    #[test]
    fn the_last_administrator_is_neither_demoted_nor_deactivated() {
        let actor = test_user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
        let last = member("other", Role::AdminAgent, MemberState::Active);
        assert_eq!(
            may_change_role(&last, Role::SalesAgent, 1),
            Err(Refusal::LastAdministrator)
        );
        assert_eq!(may_change_role(&last, Role::SalesAgent, 2), Ok(()));
        assert_eq!(may_change_role(&last, Role::AdminAgent, 1), Ok(()));
        assert_eq!(
            may_deactivate(&actor, &last, 1),
            Err(Refusal::LastAdministrator)
        );
        assert_eq!(may_deactivate(&actor, &last, 2), Ok(()));
        let me = member("u", Role::AdminAgent, MemberState::Active);
        assert_eq!(may_deactivate(&actor, &me, 5), Err(Refusal::NotYourself));
        let sales = member("s", Role::SalesAgent, MemberState::Active);
        assert_eq!(may_deactivate(&actor, &sales, 1), Ok(()));
    }

    #[test]
    fn onboarding_input_is_checked() {
        assert_eq!(
            parse_domain(" Litware.Example "),
            Ok("litware.example".into())
        );
        for bad in [
            "litware",
            "lit ware.example",
            "-a.example",
            "a..example",
            "a@b.example",
        ] {
            assert!(parse_domain(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_partner_number("7654321"), Ok("7654321".into()));
        assert!(parse_partner_number("12ab56").is_err());
        assert!(parse_partner_number("123").is_err());
        assert_eq!(
            parse_partner_kind("partner_advisor"),
            Ok(OrgKind::PartnerAdvisor)
        );
        assert!(parse_partner_kind("customer").is_err());
        assert_eq!(slug_of("Litware, Inc."), "litware-inc");
        assert_eq!(slug_of("!!!"), "org");
        assert_eq!(slug_of("Request Relationship"), "request-relationship-org");
        assert_eq!(slug_of("Request Relationships"), "request-relationships");
    }
}
