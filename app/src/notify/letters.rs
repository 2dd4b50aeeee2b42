//! The email of relationships, in each recipient's language: who receives
//! what for each [`Event`]. No message carries a secret: they name the
//! parties, the person, the roles and their end, and link to the page
//! where the recipient acts.
use crate::db::Conn;
use crate::i18n::*;
use crate::outbox::{Message, locale_of};

use super::store::{self, Recipient};
use super::{Event, Notice, Parties};

/// Who is told of `notice`, each with their message.
pub async fn of(
    conn: &mut Conn,
    notice: &Notice<'_>,
    parties: &Parties,
    base: &str,
) -> Result<Vec<Message>, sqlx::Error> {
    let partner_admins = store::members_with_role(conn, notice.partner_id, "admin_agent").await?;
    let customer_admins =
        store::members_with_role(conn, notice.customer_id, "customer_admin").await?;
    let facts = Facts::of(notice, parties);
    let mut out = Vec::new();
    match notice.event {
        Event::RelationshipCreated | Event::PrivilegesGranted | Event::PrivilegesRestored => {
            for to in &partner_admins {
                out.push(facts.accepted_for_partner(to, base));
            }
            if let Some(by) = notice.by {
                let to = Recipient {
                    email: by.email.clone(),
                    locale: store::locale_of(conn, &by.email).await?,
                };
                out.push(facts.accepted_for_customer(&to, base));
            }
        }
        Event::PrivilegesRemoved | Event::InvitationDeclined => {
            for to in &partner_admins {
                out.push(facts.letter(to, base));
            }
        }
        // The new partner's notice emails the customer's administrators.
        Event::SubscriptionsMovedAway => {}
        Event::RoleExtended | Event::RoleExpiring { .. } | Event::RoleEnded => {
            for to in &partner_admins {
                out.push(facts.letter(to, base));
            }
            for to in &customer_admins {
                out.push(facts.for_customer().letter(to, base));
            }
        }
        Event::SupportRequestAnswered
            if notice
                .by
                .is_some_and(|by| by.organization.id == *notice.customer_id) =>
        {
            for to in &partner_admins {
                out.push(facts.letter(to, base));
            }
        }
        // An operator's answer concerns both sides.
        Event::SupportRequestAnswered
            if notice
                .by
                .is_some_and(|by| by.organization.kind == kernel::identity::OrgKind::Operator) =>
        {
            for to in &partner_admins {
                out.push(facts.letter(to, base));
            }
            for to in &customer_admins {
                out.push(facts.for_customer().letter(to, base));
            }
        }
        Event::SupportRequestOpened
        | Event::SupportRequestAnswered
        | Event::SubscriptionCreated
        | Event::SubscriptionChanged => {
            for to in &customer_admins {
                out.push(facts.for_customer().letter(to, base));
            }
        }
    }
    Ok(out)
}

/// What every message of a notice says, before its language is chosen.
struct Facts<'a> {
    event: Event,
    partner: &'a str,
    customer: &'a str,
    person: &'a str,
    roles: String,
    until: String,
    subject: &'a str,
    /// The page the recipient acts on (a path of the site).
    page: &'static str,
}

impl<'a> Facts<'a> {
    fn of(notice: &'a Notice<'_>, parties: &'a Parties) -> Facts<'a> {
        Facts {
            event: notice.event,
            partner: &parties.partner_name,
            customer: &parties.customer_name,
            person: notice.by.map_or("Liaison", |by| by.email.as_str()),
            roles: notice
                .roles
                .iter()
                .map(|role| role.name())
                .collect::<Vec<_>>()
                .join(", "),
            until: notice
                .ends_ms
                .map(|ms| crate::db::day_of(ms - 1))
                .unwrap_or_default(),
            subject: notice.subject.as_deref().unwrap_or_default(),
            page: "/partner/customers",
        }
    }

    /// The same facts, linking to the customer's pages.
    fn for_customer(&self) -> Facts<'a> {
        let page = match self.event {
            Event::SupportRequestOpened | Event::SupportRequestAnswered => "/admin/support",
            Event::SubscriptionCreated | Event::SubscriptionChanged => "/admin/subscriptions",
            _ => "/admin/partner-relationships",
        };
        Facts {
            roles: self.roles.clone(),
            until: self.until.clone(),
            page,
            ..*self
        }
    }

    /// The roles granted, or that none were (a relationship without
    /// delegated admin privileges).
    fn granted(&self, locale: Locale) -> String {
        if self.roles.is_empty() {
            td_string!(locale, notify.no_roles).to_string()
        } else {
            td_string!(
                locale,
                notify.roles_until,
                roles = &self.roles,
                until = &self.until
            )
            .to_string()
        }
    }

    fn accepted_for_partner(&self, to: &Recipient, base: &str) -> Message {
        let locale = locale_of(&to.locale);
        let (customer, person) = (self.customer, self.person);
        let subject = match self.event {
            Event::RelationshipCreated => {
                td_string!(locale, notify.accepted_subject, customer = customer).to_string()
            }
            _ => td_string!(locale, notify.granted_again_subject, customer = customer).to_string(),
        };
        Message::new(&to.email, subject)
            .paragraph(td_string!(
                locale,
                notify.accepted_body,
                person = person,
                customer = customer
            ))
            .paragraph(self.granted(locale))
            .link(
                td_string!(locale, notify.customers_link),
                &format!("{base}{}", self.page),
            )
    }

    fn accepted_for_customer(&self, to: &Recipient, base: &str) -> Message {
        let locale = locale_of(&to.locale);
        let partner = self.partner;
        Message::new(
            &to.email,
            td_string!(locale, notify.confirmation_subject, partner = partner).to_string(),
        )
        .paragraph(td_string!(
            locale,
            notify.confirmation_body,
            partner = partner,
            customer = self.customer
        ))
        .paragraph(self.granted(locale))
        .paragraph(td_string!(locale, notify.how_to_remove))
        .link(
            td_string!(locale, notify.relationships_link),
            &format!("{base}/admin/partner-relationships"),
        )
    }

    /// Every other event: a subject, a paragraph, a link to the page.
    fn letter(&self, to: &Recipient, base: &str) -> Message {
        let locale = locale_of(&to.locale);
        let (partner, customer, person) = (self.partner, self.customer, self.person);
        let (roles, until, subject) = (&self.roles, &self.until, self.subject);
        let (title, body) = match self.event {
            Event::PrivilegesRemoved => (
                td_string!(locale, notify.removed_subject, customer = customer).to_string(),
                td_string!(
                    locale,
                    notify.removed_body,
                    person = person,
                    customer = customer,
                    partner = partner,
                    roles = roles
                )
                .to_string(),
            ),
            Event::InvitationDeclined => (
                td_string!(locale, notify.declined_subject, customer = customer).to_string(),
                td_string!(
                    locale,
                    notify.declined_body,
                    person = person,
                    customer = customer
                )
                .to_string(),
            ),
            Event::RoleExtended => (
                td_string!(locale, notify.extended_subject, customer = customer).to_string(),
                td_string!(
                    locale,
                    notify.extended_body,
                    partner = partner,
                    customer = customer,
                    roles = roles,
                    until = until
                )
                .to_string(),
            ),
            Event::RoleExpiring { days } => (
                if days == 1 {
                    td_string!(
                        locale,
                        notify.expiring_tomorrow_subject,
                        customer = customer
                    )
                    .to_string()
                } else {
                    td_string!(
                        locale,
                        notify.expiring_subject,
                        customer = customer,
                        days = days
                    )
                    .to_string()
                },
                td_string!(
                    locale,
                    notify.expiring_body,
                    partner = partner,
                    customer = customer,
                    roles = roles,
                    until = until
                )
                .to_string(),
            ),
            Event::RoleEnded => (
                td_string!(locale, notify.ended_subject, customer = customer).to_string(),
                td_string!(
                    locale,
                    notify.ended_body,
                    partner = partner,
                    customer = customer,
                    roles = roles,
                    until = until
                )
                .to_string(),
            ),
            Event::SupportRequestOpened => (
                td_string!(locale, notify.support_opened_subject, subject = subject).to_string(),
                td_string!(
                    locale,
                    notify.support_opened_body,
                    person = person,
                    partner = partner,
                    customer = customer,
                    subject = subject
                )
                .to_string(),
            ),
            Event::SupportRequestAnswered => (
                td_string!(locale, notify.support_answered_subject, subject = subject).to_string(),
                td_string!(
                    locale,
                    notify.support_answered_body,
                    person = person,
                    subject = subject
                )
                .to_string(),
            ),
            Event::SubscriptionCreated => (
                td_string!(
                    locale,
                    notify.subscription_created_subject,
                    partner = partner
                )
                .to_string(),
                td_string!(
                    locale,
                    notify.subscription_created_body,
                    person = person,
                    partner = partner,
                    customer = customer,
                    subject = subject
                )
                .to_string(),
            ),
            Event::SubscriptionChanged | Event::SubscriptionsMovedAway => (
                td_string!(
                    locale,
                    notify.subscription_changed_subject,
                    partner = partner
                )
                .to_string(),
                td_string!(
                    locale,
                    notify.subscription_changed_body,
                    person = person,
                    partner = partner,
                    customer = customer,
                    subject = subject
                )
                .to_string(),
            ),
            // Written by `accepted_for_partner` and `accepted_for_customer`.
            Event::RelationshipCreated | Event::PrivilegesGranted | Event::PrivilegesRestored => (
                td_string!(locale, notify.accepted_subject, customer = customer).to_string(),
                self.granted(locale),
            ),
        };
        let link = if self.page.starts_with("/admin") {
            td_string!(locale, notify.open_liaison).to_string()
        } else {
            td_string!(locale, notify.customers_link).to_string()
        };
        Message::new(&to.email, title)
            .paragraph(body)
            .link(link, &format!("{base}{}", self.page))
    }
}
