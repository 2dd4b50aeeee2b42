//! The email of accounts, in the recipient's language: an invitation to
//! set a first password, a password reset, an address to verify.
use crate::i18n::*;
use crate::outbox::Message;

/// The invitation to `organization`, with the link where the first
/// password is chosen (valid 24 hours).
pub fn invitation(locale: Locale, to: &str, organization: &str, link: &str) -> Message {
    Message::new(
        to,
        td_string!(locale, mail.invitation_subject, organization = organization).to_string(),
    )
    .paragraph(&td_string!(
        locale,
        mail.invitation_body,
        organization = organization
    ))
    .link(td_string!(locale, mail.set_password_link), link)
    .paragraph(td_string!(locale, mail.link_day))
}

/// A reset link, valid one hour.
pub fn reset(locale: Locale, to: &str, link: &str) -> Message {
    Message::new(to, td_string!(locale, mail.reset_subject))
        .paragraph(td_string!(locale, mail.reset_body))
        .link(td_string!(locale, mail.reset_link), link)
        .paragraph(td_string!(locale, mail.link_hour))
}

/// The link that verifies a new account's address.
pub fn verify(locale: Locale, to: &str, organization: &str, link: &str) -> Message {
    Message::new(to, td_string!(locale, mail.verify_subject))
        .paragraph(&td_string!(
            locale,
            mail.verify_body,
            organization = organization
        ))
        .link(td_string!(locale, mail.verify_link), link)
        .paragraph(td_string!(locale, mail.link_day))
}

/// An administrator of `organization` turned off the recipient's two-step
/// verification: they sign in with their password alone, and set it up again.
pub fn two_step_reset(locale: Locale, to: &str, organization: &str, by: &str) -> Message {
    Message::new(to, td_string!(locale, mail.two_step_reset_subject))
        .paragraph(&td_string!(
            locale,
            mail.two_step_reset_body,
            organization = organization,
            name = by
        ))
        .paragraph(td_string!(locale, mail.two_step_reset_next))
}
