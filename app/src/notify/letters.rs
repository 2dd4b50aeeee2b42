//! The email of relationships, in each recipient's language: who receives
//! what for each [`Event`]. No message carries a secret: they name the
//! parties, the person (by name and address), the roles (with their
//! service) and their end, and link to the page where the recipient acts:
//! the customer's page for the partner, the request itself for support.
//! Each subject names what changed, and each footer says why its
//! recipient gets it.
use crate::db::Conn;
use crate::i18n::*;
use crate::outbox::{Message, locale_of, person};
use kernel::audit::Action;
use kernel::language::Language;
use kernel::role::ServiceRole;

use super::store::{self, Recipient};
use super::{Detail, Event, Moment, Notice, Parties};

/// Subjects name this many roles at most; more are counted.
const NAMED_IN_SUBJECT: usize = 3;

/// Who is told of `notice`, made at `moment`, each with their message.
pub async fn of(
    conn: &mut Conn,
    notice: &Notice<'_>,
    parties: &Parties,
    moment: &Moment,
) -> Result<Vec<Message>, sqlx::Error> {
    let partner_admins = store::members_with_role(conn, notice.partner_id, "admin_agent").await?;
    let customer_admins =
        store::members_with_role(conn, notice.customer_id, "customer_admin").await?;
    let services = store::service_names(conn).await?;
    // A removal that leaves nothing in force is said to be one of all roles.
    let none_left = notice.event == Event::PrivilegesRemoved
        && store::roles_in_force(conn, notice.partner_id, notice.customer_id, moment.at_ms).await?
            == 0;
    let facts = Facts {
        notice,
        parties,
        services: &services,
        base: &moment.base,
        none_left,
    };
    let mut out = Vec::new();
    let to_partner = |out: &mut Vec<Message>| {
        for to in &partner_admins {
            out.push(facts.letter(to, Side::Partner));
        }
    };
    let to_customer = |out: &mut Vec<Message>| {
        for to in &customer_admins {
            out.push(facts.letter(to, Side::Customer));
        }
    };
    match notice.event {
        Event::RelationshipCreated | Event::PrivilegesGranted | Event::PrivilegesRestored => {
            to_partner(&mut out);
            if let Some(by) = notice.by {
                let to = Recipient {
                    email: by.email.clone(),
                    locale: store::locale_of(conn, &by.email).await?,
                };
                out.push(facts.letter(&to, Side::Accepting));
            }
        }
        Event::PrivilegesRemoved | Event::InvitationDeclined => to_partner(&mut out),
        // The new partner's notice emails the customer's administrators.
        Event::SubscriptionsMovedAway => {}
        Event::RoleExtended | Event::RoleExpiring { .. } | Event::RoleEnded => {
            to_partner(&mut out);
            to_customer(&mut out);
        }
        Event::SupportRequestAnswered
            if notice
                .by
                .is_some_and(|by| by.organization.id == *notice.customer_id) =>
        {
            to_partner(&mut out)
        }
        // An operator's answer concerns both sides.
        Event::SupportRequestAnswered
            if notice
                .by
                .is_some_and(|by| by.organization.kind == kernel::identity::OrgKind::Operator) =>
        {
            to_partner(&mut out);
            to_customer(&mut out);
        }
        Event::SupportRequestOpened
        | Event::SupportRequestAnswered
        | Event::SubscriptionCreated
        | Event::SubscriptionChanged => to_customer(&mut out),
    }
    Ok(out)
}

/// Which side a recipient is on, which decides the page linked to and the
/// footer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// An admin agent of the partner.
    Partner,
    /// An administrator of the customer.
    Customer,
    /// The customer's person who accepted.
    Accepting,
}

/// What every message of a notice says, before its language is chosen.
struct Facts<'a> {
    notice: &'a Notice<'a>,
    parties: &'a Parties,
    services: &'a [(String, String)],
    base: &'a str,
    /// A removal left no role in force.
    none_left: bool,
}

impl Facts<'_> {
    /// "Helpdesk Administrator (Microsoft 365), Reader (Azure)".
    fn roles(&self, roles: &[ServiceRole], language: Language) -> String {
        let mut roles = roles.to_vec();
        roles.sort();
        roles
            .iter()
            .map(|role| {
                let service = self
                    .services
                    .iter()
                    .find(|(id, _)| id == role.service())
                    .map_or(role.service(), |(_, name)| name.as_str());
                format!("{} ({service})", role.name_in(language))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The roles as a subject names them: each, or how many when many.
    fn roles_in_subject(&self, roles: &[ServiceRole], locale: Locale) -> String {
        if roles.len() > NAMED_IN_SUBJECT {
            let n = roles.len();
            td_string!(locale, notify.roles_count, n = n).to_string()
        } else {
            self.roles(roles, language_of(locale))
        }
    }

    fn person(&self) -> String {
        self.notice.by.map_or_else(
            || "Liaison".to_string(),
            |by| person(&by.display_name, &by.email),
        )
    }

    fn until(&self) -> String {
        self.notice
            .ends_ms
            .map(|ms| crate::db::day_of(ms - 1))
            .unwrap_or_default()
    }

    /// The roles granted, or that none were (a relationship without
    /// delegated admin privileges).
    fn granted(&self, locale: Locale) -> String {
        if self.notice.roles.is_empty() {
            td_string!(locale, notify.no_roles).to_string()
        } else {
            let roles = self.roles(&self.notice.roles, language_of(locale));
            let until = self.until();
            td_string!(locale, notify.roles_until, roles = roles, until = until).to_string()
        }
    }

    fn refused(&self) -> &[ServiceRole] {
        match &self.notice.detail {
            Detail::Refused(roles) => roles,
            _ => &[],
        }
    }

    /// The page the recipient acts on, and the link's label.
    fn link(&self, side: Side, locale: Locale) -> (String, String) {
        let customer = self.parties.customer_name.as_str();
        let path = match (&self.notice.detail, side) {
            (Detail::SupportRequest(id), Side::Partner) => {
                return (
                    format!("/partner/support-requests/{id}"),
                    td_string!(locale, notify.request_link).to_string(),
                );
            }
            (Detail::SupportRequest(id), _) => {
                return (
                    format!("/admin/support-requests/{id}"),
                    td_string!(locale, notify.request_link).to_string(),
                );
            }
            (_, Side::Partner) if self.notice.event == Event::InvitationDeclined => {
                return (
                    "/partner/customers/request-relationship".to_string(),
                    td_string!(locale, notify.invitations_link).to_string(),
                );
            }
            (_, Side::Partner) => {
                return (
                    format!("/partner/customers/{}", self.parties.customer_slug),
                    td_string!(locale, notify.customer_link, customer = customer).to_string(),
                );
            }
            _ => match self.notice.event {
                Event::SubscriptionCreated
                | Event::SubscriptionChanged
                | Event::SubscriptionsMovedAway => "/admin/subscriptions",
                _ => "/admin/partner-relationships",
            },
        };
        let label = if path == "/admin/subscriptions" {
            td_string!(locale, notify.subscriptions_link).to_string()
        } else {
            td_string!(locale, notify.relationships_link).to_string()
        };
        (path.to_string(), label)
    }

    fn footer(&self, side: Side, locale: Locale) -> String {
        let (partner, customer) = (
            self.parties.partner_name.as_str(),
            self.parties.customer_name.as_str(),
        );
        match side {
            Side::Partner => {
                td_string!(locale, notify.footer_partner_admin, partner = partner).to_string()
            }
            Side::Customer => {
                td_string!(locale, notify.footer_customer_admin, customer = customer).to_string()
            }
            Side::Accepting => td_string!(
                locale,
                notify.footer_accepted,
                partner = partner,
                customer = customer
            )
            .to_string(),
        }
    }

    /// The subject and the paragraphs of the message to `side`.
    fn words(&self, side: Side, locale: Locale) -> (String, Vec<String>) {
        let language = language_of(locale);
        let (partner, customer) = (
            self.parties.partner_name.as_str(),
            self.parties.customer_name.as_str(),
        );
        let person = self.person();
        let person = person.as_str();
        let roles_named = self.roles(&self.notice.roles, language);
        let roles = roles_named.as_str();
        let in_subject = self.roles_in_subject(&self.notice.roles, locale);
        let until = self.until();
        let until = until.as_str();
        let subject = self.notice.subject.as_deref().unwrap_or_default();
        match self.notice.event {
            Event::RelationshipCreated | Event::PrivilegesGranted | Event::PrivilegesRestored
                if side == Side::Accepting =>
            {
                let mut body = vec![
                    td_string!(
                        locale,
                        notify.confirmation_body,
                        partner = partner,
                        customer = customer
                    )
                    .to_string(),
                    self.granted(locale),
                ];
                if !self.refused().is_empty() {
                    let refused = self.roles(self.refused(), language);
                    body.push(
                        td_string!(locale, notify.you_refused_roles, roles = refused).to_string(),
                    );
                }
                body.push(td_string!(locale, notify.how_to_remove).to_string());
                (
                    td_string!(locale, notify.confirmation_subject, partner = partner).to_string(),
                    body,
                )
            }
            Event::RelationshipCreated | Event::PrivilegesGranted | Event::PrivilegesRestored => {
                let refused = self.refused();
                let title = if !refused.is_empty() && self.notice.event != Event::PrivilegesRestored
                {
                    let refused = self.roles_in_subject(refused, locale);
                    td_string!(
                        locale,
                        notify.accepted_in_part_subject,
                        customer = customer,
                        roles = refused
                    )
                    .to_string()
                } else {
                    match self.notice.event {
                        Event::RelationshipCreated => {
                            td_string!(locale, notify.accepted_subject, customer = customer)
                                .to_string()
                        }
                        // Restored or new, every role is granted (again).
                        _ => td_string!(
                            locale,
                            notify.granted_again_subject,
                            customer = customer,
                            roles = in_subject
                        )
                        .to_string(),
                    }
                };
                let mut body = vec![
                    td_string!(
                        locale,
                        notify.accepted_body,
                        person = person,
                        customer = customer
                    )
                    .to_string(),
                    self.granted(locale),
                ];
                if !refused.is_empty() {
                    let refused = self.roles(refused, language);
                    body.push(
                        td_string!(locale, notify.refused_roles, roles = refused).to_string(),
                    );
                }
                (title, body)
            }
            Event::PrivilegesRemoved => {
                let title = if self.none_left {
                    td_string!(locale, notify.removed_all_subject, customer = customer).to_string()
                } else {
                    td_string!(
                        locale,
                        notify.removed_subject,
                        customer = customer,
                        roles = in_subject
                    )
                    .to_string()
                };
                let mut body = vec![
                    td_string!(
                        locale,
                        notify.removed_body,
                        person = person,
                        customer = customer,
                        partner = partner,
                        roles = roles
                    )
                    .to_string(),
                ];
                if self.none_left {
                    body.push(
                        td_string!(
                            locale,
                            notify.removed_all_next,
                            partner = partner,
                            customer = customer
                        )
                        .to_string(),
                    );
                }
                (title, body)
            }
            Event::InvitationDeclined => (
                td_string!(locale, notify.declined_subject, customer = customer).to_string(),
                vec![
                    td_string!(
                        locale,
                        notify.declined_body,
                        person = person,
                        customer = customer
                    )
                    .to_string(),
                ],
            ),
            Event::RoleExtended => (
                td_string!(
                    locale,
                    notify.extended_subject,
                    until = until,
                    customer = customer,
                    roles = in_subject
                )
                .to_string(),
                vec![
                    td_string!(
                        locale,
                        notify.extended_body,
                        partner = partner,
                        customer = customer,
                        roles = roles,
                        until = until
                    )
                    .to_string(),
                ],
            ),
            Event::RoleExpiring { days } => (
                if days == 1 {
                    td_string!(
                        locale,
                        notify.expiring_tomorrow_subject,
                        customer = customer,
                        roles = in_subject
                    )
                    .to_string()
                } else {
                    td_string!(
                        locale,
                        notify.expiring_subject,
                        customer = customer,
                        days = days,
                        roles = in_subject
                    )
                    .to_string()
                },
                vec![
                    td_string!(
                        locale,
                        notify.expiring_body,
                        partner = partner,
                        customer = customer,
                        roles = roles,
                        until = until
                    )
                    .to_string(),
                ],
            ),
            Event::RoleEnded => (
                td_string!(
                    locale,
                    notify.ended_subject,
                    customer = customer,
                    roles = in_subject
                )
                .to_string(),
                vec![
                    td_string!(
                        locale,
                        notify.ended_body,
                        partner = partner,
                        customer = customer,
                        roles = roles,
                        until = until
                    )
                    .to_string(),
                ],
            ),
            Event::SupportRequestOpened => (
                td_string!(locale, notify.support_opened_subject, subject = subject).to_string(),
                vec![
                    td_string!(
                        locale,
                        notify.support_opened_body,
                        person = person,
                        partner = partner,
                        customer = customer,
                        subject = subject
                    )
                    .to_string(),
                ],
            ),
            Event::SupportRequestAnswered => (
                td_string!(locale, notify.support_answered_subject, subject = subject).to_string(),
                vec![
                    td_string!(
                        locale,
                        notify.support_answered_body,
                        person = person,
                        subject = subject
                    )
                    .to_string(),
                ],
            ),
            Event::SubscriptionCreated
            | Event::SubscriptionChanged
            | Event::SubscriptionsMovedAway => {
                let title = match (self.notice.event, &self.notice.detail) {
                    (Event::SubscriptionCreated, _) => td_string!(
                        locale,
                        notify.subscription_created_subject,
                        partner = partner,
                        subject = subject
                    )
                    .to_string(),
                    (_, Detail::Subscription(Action::SeatsChanged)) => td_string!(
                        locale,
                        notify.seats_subject,
                        partner = partner,
                        subject = subject
                    )
                    .to_string(),
                    (_, Detail::Subscription(Action::AddonOrdered)) => td_string!(
                        locale,
                        notify.addon_subject,
                        partner = partner,
                        subject = subject
                    )
                    .to_string(),
                    (_, Detail::Subscription(Action::SubscriptionMigrated)) => td_string!(
                        locale,
                        notify.migrated_subject,
                        partner = partner,
                        subject = subject
                    )
                    .to_string(),
                    (_, Detail::Subscription(Action::SubscriptionSuspended)) => td_string!(
                        locale,
                        notify.suspended_subject,
                        partner = partner,
                        subject = subject
                    )
                    .to_string(),
                    (_, Detail::Subscription(Action::SubscriptionReactivated)) => td_string!(
                        locale,
                        notify.reactivated_subject,
                        partner = partner,
                        subject = subject
                    )
                    .to_string(),
                    (_, Detail::Subscription(Action::PartnerOfRecordChanged)) => {
                        td_string!(locale, notify.partner_of_record_subject, subject = subject)
                            .to_string()
                    }
                    _ => td_string!(
                        locale,
                        notify.subscription_changed_subject,
                        partner = partner
                    )
                    .to_string(),
                };
                let by = td_string!(
                    locale,
                    notify.changed_by,
                    person = person,
                    partner = partner,
                    customer = customer
                )
                .to_string();
                (title.clone(), vec![format!("{title}."), by])
            }
        }
    }

    /// The message to `to`, on `side`, in their language.
    fn letter(&self, to: &Recipient, side: Side) -> Message {
        let locale = locale_of(&to.locale);
        let (subject, paragraphs) = self.words(side, locale);
        let (path, label) = self.link(side, locale);
        let mut message = Message::new(&to.email, subject).in_language(locale);
        for paragraph in paragraphs {
            message = message.paragraph(paragraph);
        }
        message
            .link(label, &format!("{}{path}", self.base))
            .because(self.footer(side, locale))
    }
}

/// The kernel's language of a locale (for the roles' names).
fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::fr => Language::French,
        _ => Language::English,
    }
}
