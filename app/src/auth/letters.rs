//! The email of accounts, in the recipient's language: an invitation to
//! set a first password (saying who invited and as what), a password
//! reset, an address to verify. Each says in its footer why its recipient
//! gets it.
use crate::i18n::*;
use crate::outbox::Message;
use kernel::identity::Role;

/// Who invites, by name and address.
pub struct Inviter<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// The invitation to `organization` as `role`, from `by`, with the link
/// where the first password is chosen (valid 24 hours).
pub fn invitation(
    locale: Locale,
    to: &str,
    organization: &str,
    role: Role,
    by: &Inviter<'_>,
    link: &str,
) -> Message {
    let inviter = crate::outbox::person(by.name, by.email);
    let name = if by.name.trim().is_empty() {
        by.email
    } else {
        by.name.trim()
    };
    let role = role_name(locale, role);
    Message::new(
        to,
        td_string!(
            locale,
            mail.invitation_subject,
            name = name,
            organization = organization
        )
        .to_string(),
    )
    .in_language(locale)
    .paragraph(td_string!(
        locale,
        mail.invitation_body,
        inviter = &inviter,
        organization = organization,
        role = &role
    ))
    .link(td_string!(locale, mail.set_password_link), link)
    .paragraph(td_string!(locale, mail.link_day))
    .because(td_string!(
        locale,
        mail.footer_invited,
        inviter = &inviter,
        email = to,
        organization = organization
    ))
}

/// A member's role as the team and users pages name it.
fn role_name(locale: Locale, role: Role) -> String {
    match role {
        Role::AdminAgent => td_string!(locale, members.admin_agent),
        Role::SalesAgent => td_string!(locale, members.sales_agent),
        Role::HelpdeskAgent => td_string!(locale, members.helpdesk_agent),
        Role::CustomerAdmin => td_string!(locale, members.customer_admin),
        Role::CustomerUser => td_string!(locale, members.customer_user),
        Role::Operator => td_string!(locale, members.operator),
    }
    .to_string()
}

/// A reset link, valid one hour.
pub fn reset(locale: Locale, to: &str, link: &str) -> Message {
    Message::new(to, td_string!(locale, mail.reset_subject))
        .in_language(locale)
        .paragraph(td_string!(locale, mail.reset_body))
        .link(td_string!(locale, mail.reset_link), link)
        .paragraph(td_string!(locale, mail.link_hour))
        .because(td_string!(locale, mail.footer_reset, email = to))
}

/// The link that verifies a new account's address.
pub fn verify(locale: Locale, to: &str, organization: &str, link: &str) -> Message {
    Message::new(to, td_string!(locale, mail.verify_subject))
        .in_language(locale)
        .paragraph(td_string!(
            locale,
            mail.verify_body,
            organization = organization
        ))
        .link(td_string!(locale, mail.verify_link), link)
        .paragraph(td_string!(locale, mail.link_day))
        .because(td_string!(
            locale,
            mail.footer_verify,
            email = to,
            organization = organization
        ))
}

/// An administrator of `organization` (`by`, by name and address) turned
/// off the recipient's two-step verification: they sign in with their
/// password alone, and set it up again.
pub fn two_step_reset(locale: Locale, to: &str, organization: &str, by: &str) -> Message {
    Message::new(to, td_string!(locale, mail.two_step_reset_subject))
        .in_language(locale)
        .paragraph(td_string!(
            locale,
            mail.two_step_reset_body,
            organization = organization,
            name = by
        ))
        .paragraph(td_string!(locale, mail.two_step_reset_next))
        .because(td_string!(
            locale,
            mail.footer_member,
            organization = organization
        ))
}
