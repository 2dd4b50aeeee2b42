//! Who reads which part of the audit log. No I/O.
use crate::auth::{CurrentUser, OrgKind};
use kernel::error::AppError;

/// Whose events a reader asked for, once allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader<'a> {
    /// A partner user: its own events with the customer of this slug.
    PartnerWith(&'a str),
    /// The customer administrator: the whole log of its organization.
    CustomerAdmin,
}

/// A partner user reads its events with one customer (`customer`, a slug);
/// the customer administrator reads its organization's whole log (no
/// `customer`); nobody else reads any.
pub fn reader<'a>(user: &CurrentUser, customer: Option<&'a str>) -> Result<Reader<'a>, AppError> {
    match (user.organization.kind, customer) {
        (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, Some(slug)) => {
            Ok(Reader::PartnerWith(slug))
        }
        (OrgKind::Customer, None) => {
            crate::relationships::may_manage_partners(user)?;
            Ok(Reader::CustomerAdmin)
        }
        _ => Err(AppError::NotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::auth::test_user as user;

    #[test]
    fn partners_read_one_customer_and_the_customer_admin_reads_all() {
        let agent = user(OrgKind::PartnerCsp, Role::HelpdeskAgent, "global");
        assert_eq!(
            reader(&agent, Some("fabrikam")),
            Ok(Reader::PartnerWith("fabrikam"))
        );
        assert_eq!(reader(&agent, None), Err(AppError::NotAllowed));
        let admin = user(OrgKind::Customer, Role::CustomerAdmin, "global");
        assert_eq!(reader(&admin, None), Ok(Reader::CustomerAdmin));
        assert_eq!(reader(&admin, Some("fabrikam")), Err(AppError::NotAllowed));
        let staff = user(OrgKind::Customer, Role::CustomerUser, "global");
        assert!(reader(&staff, None).is_err());
        let operator = user(OrgKind::Operator, Role::Operator, "global");
        assert_eq!(reader(&operator, None), Err(AppError::NotAllowed));
    }
}
