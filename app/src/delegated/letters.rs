//! The email of a password a partner reset on the customer's behalf, in
//! each recipient's language: the user whose password it was, and every
//! administrator of the customer, so that nobody's password changes
//! without the customer knowing who did it.
use crate::i18n::*;
use crate::outbox::Message;

/// Who reset whose password, as the letters name them.
pub struct ResetOnBehalf<'a> {
    /// The partner organization's name ("Contoso").
    pub partner: &'a str,
    /// The address of the partner's agent who reset it.
    pub by: &'a str,
    /// The customer organization's name ("Fabrikam").
    pub customer: &'a str,
    /// The user whose password it was.
    pub name: &'a str,
    pub email: &'a str,
    /// `scheme://host` of the site, for the links.
    pub base: &'a str,
}

impl ResetOnBehalf<'_> {
    /// "Contoso (admin@contoso.example) reset the password of …".
    fn what(&self, locale: Locale) -> String {
        td_string!(
            locale,
            mail.reset_on_behalf_body,
            partner = self.partner,
            by = self.by,
            name = self.name,
            email = self.email,
            customer = self.customer
        )
        .to_string()
    }

    /// To the user: the temporary password signs in once, and a new one
    /// is chosen at once.
    pub fn to_user(&self, locale: Locale) -> Message {
        Message::new(
            self.email,
            td_string!(
                locale,
                mail.reset_on_behalf_user_subject,
                partner = self.partner
            )
            .to_string(),
        )
        .in_language(locale)
        .paragraph(self.what(locale))
        .paragraph(td_string!(locale, mail.reset_on_behalf_user_next))
        .link(
            td_string!(locale, mail.reset_on_behalf_sign_in),
            &format!("{}/login", self.base),
        )
        .because(td_string!(
            locale,
            mail.footer_member,
            organization = self.customer
        ))
    }

    /// To an administrator of the customer (`to`): what happened, and
    /// where the partner's privileges are reviewed and removed.
    pub fn to_administrator(&self, locale: Locale, to: &str) -> Message {
        Message::new(
            to,
            td_string!(
                locale,
                mail.reset_on_behalf_admin_subject,
                partner = self.partner,
                name = self.name
            )
            .to_string(),
        )
        .in_language(locale)
        .paragraph(self.what(locale))
        .paragraph(td_string!(
            locale,
            mail.reset_on_behalf_admin_next,
            name = self.name,
            partner = self.partner
        ))
        .link(
            td_string!(locale, mail.reset_on_behalf_relationships),
            &format!("{}/admin/partner-relationships", self.base),
        )
        .because(td_string!(
            locale,
            notify.footer_customer_admin,
            customer = self.customer
        ))
    }
}
