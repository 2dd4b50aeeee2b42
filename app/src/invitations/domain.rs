//! Rules of the invitation email and link (R1, R2), without I/O.

use crate::auth::{CurrentUser, Role};
use kernel::error::{AppError, Invalid};

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
