//! Rules of the invitation email and link (R1, R2), without I/O.

use crate::auth::{CurrentUser, Role};
use kernel::error::{AppError, Invalid};
use kernel::input::Field;
use kernel::role::{Ask, AskProblem, MAX_DURATION_DAYS, ServiceRole};

pub use kernel::refusal::invitations::Refusal;

/// Each editable paragraph of the invitation email holds at most this many characters.
pub const PARAGRAPH_MAX: usize = 2000;

/// An editable paragraph of the invitation email: at most [`PARAGRAPH_MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph(String);

impl Paragraph {
    /// `which` is 1 or 2, named in the error.
    pub fn parse(which: u8, text: &str) -> Result<Self, Invalid> {
        if text.chars().count() > PARAGRAPH_MAX {
            return Err(Invalid::ParagraphTooLong {
                paragraph: which,
                max: PARAGRAPH_MAX,
            });
        }
        Ok(Paragraph(text.trim().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The email as the customer receives it: the paragraphs the partner kept,
/// then the link, which is never edited.
pub fn compose_email(first: &Paragraph, second: &Paragraph, link: &str) -> String {
    [first.as_str(), second.as_str(), link]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// An invitation code: random, URL-safe, and checked for shape before any query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationCode(String);

impl InvitationCode {
    /// Bytes of randomness in a code: 192 bits.
    const BYTES: usize = 24;

    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; Self::BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        InvitationCode(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn parse(code: &str) -> Option<Self> {
        let well_formed = code.len() == Self::BYTES * 2
            && code
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| InvitationCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A one-customer invitation can be accepted for this many days (R14).
pub const ONE_CUSTOMER_DAYS: u32 = 90;

/// The path the invitation link opens.
pub fn invitation_path(code: &str) -> String {
    format!("/invitations/{code}")
}

/// Partner admin and sales agents may see and copy their organization's link.
pub fn may_view_link(user: &CurrentUser) -> Result<(), AppError> {
    let partner = user.organization.kind.is_partner();
    let role = matches!(user.role, Role::AdminAgent | Role::SalesAgent);
    if partner && role {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

/// Only a partner's admin agents may rotate its link.
pub fn may_rotate_link(user: &CurrentUser) -> Result<(), AppError> {
    may_view_link(user)?;
    if user.role == Role::AdminAgent {
        Ok(())
    } else {
        Err(Refusal::OnlyAdminAgentsRotate.into())
    }
}

/// Only a partner's admin agents change what its links ask for, and
/// invite one customer.
pub fn may_change_ask(user: &CurrentUser) -> Result<(), AppError> {
    may_view_link(user)?;
    if user.role == Role::AdminAgent {
        Ok(())
    } else {
        Err(Refusal::OnlyAdminAgentsAsk.into())
    }
}

/// The ask from the form: the ticked roles (as the catalog writes them),
/// the duration typed, and the extension checkbox.
pub fn parse_ask(
    roles: &[String],
    duration_days: &str,
    auto_extend: bool,
) -> Result<Ask, AppError> {
    let roles = roles
        .iter()
        .map(|role| ServiceRole::parse(role).ok_or(Invalid::Malformed(Field::Role)))
        .collect::<Result<Vec<_>, _>>()?;
    let out_of_range = Invalid::OutOfRange {
        field: Field::DurationDays,
        min: 1,
        max: MAX_DURATION_DAYS,
    };
    let days: u32 = duration_days.trim().parse().map_err(|_| out_of_range)?;
    Ask::new(roles, days, auto_extend).map_err(|problem| match problem {
        AskProblem::NoRole => Refusal::NoRoleChosen.into(),
        AskProblem::Duration => out_of_range.into(),
        AskProblem::ExtendWithGlobalAdministrator => Refusal::ExtendWithGlobalAdministrator.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::OrgKind;

    fn user(kind: OrgKind, role: Role) -> CurrentUser {
        crate::auth::test_user(kind, role, "global")
    }

    #[test]
    fn a_paragraph_of_2000_characters_is_accepted_and_2001_refused() {
        assert!(Paragraph::parse(1, &"é".repeat(2000)).is_ok());
        assert_eq!(
            Paragraph::parse(2, &"a".repeat(2001)),
            Err(Invalid::ParagraphTooLong {
                paragraph: 2,
                max: 2000
            })
        );
    }

    #[test]
    fn the_email_keeps_the_link_when_paragraphs_are_deleted() {
        let empty = Paragraph::parse(1, "  ").unwrap();
        let hello = Paragraph::parse(2, "Hello").unwrap();
        assert_eq!(compose_email(&empty, &empty, "https://l/x"), "https://l/x");
        assert_eq!(
            compose_email(&hello, &empty, "https://l/x"),
            "Hello\n\nhttps://l/x"
        );
        assert_eq!(compose_email(&hello, &hello, "L"), "Hello\n\nHello\n\nL");
    }

    #[test]
    fn codes_are_random_and_well_formed() {
        let a = InvitationCode::generate();
        let b = InvitationCode::generate();
        assert_ne!(a, b);
        assert_eq!(InvitationCode::parse(a.as_str()), Some(a));
        assert_eq!(InvitationCode::parse("../../etc/passwd"), None);
        assert_eq!(InvitationCode::parse(&"A".repeat(48)), None);
        assert_eq!(InvitationCode::parse(""), None);
    }

    #[test]
    fn an_ask_from_the_form_names_catalog_roles_and_1_to_730_days() {
        let roles = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let ask = parse_ask(&roles(&["reader", "user-administrator"]), " 90 ", true).unwrap();
        assert_eq!(
            ask.roles,
            [ServiceRole::UserAdministrator, ServiceRole::Reader]
        );
        assert_eq!((ask.duration_days, ask.auto_extend), (90, true));
        let out_of_range = Err(AppError::Invalid(Invalid::OutOfRange {
            field: Field::DurationDays,
            min: 1,
            max: 730,
        }));
        for days in ["0", "731", "-5", "1e3", ""] {
            assert_eq!(
                parse_ask(&roles(&["reader"]), days, false),
                out_of_range,
                "{days}"
            );
        }
        assert_eq!(
            parse_ask(&roles(&["root"]), "30", false),
            Err(AppError::Invalid(Invalid::Malformed(Field::Role)))
        );
        assert_eq!(
            parse_ask(&[], "30", false),
            Err(Refusal::NoRoleChosen.into())
        );
        assert_eq!(
            parse_ask(&roles(&["global-administrator"]), "30", true),
            Err(Refusal::ExtendWithGlobalAdministrator.into())
        );
    }

    #[test]
    fn only_partner_admin_agents_rotate() {
        assert!(may_rotate_link(&user(OrgKind::PartnerCsp, Role::AdminAgent)).is_ok());
        assert!(may_rotate_link(&user(OrgKind::PartnerAdvisor, Role::AdminAgent)).is_ok());
        assert_eq!(
            may_rotate_link(&user(OrgKind::PartnerCsp, Role::SalesAgent)),
            Err(Refusal::OnlyAdminAgentsRotate.into())
        );
        assert_eq!(
            may_view_link(&user(OrgKind::PartnerCsp, Role::HelpdeskAgent)),
            Err(AppError::NotAllowed)
        );
        assert_eq!(
            may_view_link(&user(OrgKind::Customer, Role::CustomerAdmin)),
            Err(AppError::NotAllowed)
        );
    }
}
