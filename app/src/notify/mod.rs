//! Telling people and machines (issue 22): a store that changes a
//! relationship publishes a [`Notice`] in the change's own transaction,
//! next to its audit event. Publishing writes, in that transaction:
//! - the event, as the partner's webhooks carry it (`events`), with one
//!   delivery per endpoint the partner has ([`webhooks`] posts them);
//! - the email to whom it concerns, in each recipient's language
//!   ([`letters`]), through the outbox.
//!
//! So a change that commits has its email and its deliveries, a change that
//! rolls back has none, and the workers that send them retry until they are
//! answered, from any process.
use kernel::id::OrgId;
use kernel::identity::CurrentUser;
use kernel::role::ServiceRole;

pub mod letters;
mod publishing;
pub mod store;
pub mod webhooks;

pub use publishing::{publish, publish_at};
pub use store::{Recipient, event_count, members_with_role};
pub use webhooks::{AllowPrivate, check_new_url, new_secret, queue_delivery};

/// What happened, as webhooks name it (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A customer accepted a partner's request for the first time.
    RelationshipCreated,
    /// A customer accepted again and granted roles it never had.
    PrivilegesGranted,
    /// A customer accepted again and granted removed or ended roles anew.
    PrivilegesRestored,
    /// A customer removed roles (one, a service's, or all).
    PrivilegesRemoved,
    /// Self-extending roles reached their end and extended.
    RoleExtended,
    /// Roles end in 30, 7 or 1 days.
    RoleExpiring { days: u32 },
    /// Roles reached their end.
    RoleEnded,
    /// A customer declined a one-customer invitation.
    InvitationDeclined,
    /// A partner opened a support request for a customer.
    SupportRequestOpened,
    /// A support request got a reply.
    SupportRequestAnswered,
    /// A partner provisioned a subscription.
    SubscriptionCreated,
    /// A subscription's seats, add-ons, offer, state or partner changed.
    SubscriptionChanged,
    /// The customer moved a service's subscriptions to another partner of
    /// record: told to the partner that lost them (its webhooks; the
    /// customer's administrators are emailed once, by the new partner's
    /// notice).
    SubscriptionsMovedAway,
}

impl Event {
    /// Every type, as the API documents them.
    pub const TYPES: [&'static str; 12] = [
        "relationship.created",
        "privileges.granted",
        "privileges.restored",
        "privileges.removed",
        "role.extended",
        "role.expiring",
        "role.ended",
        "invitation.declined",
        "support.opened",
        "support.answered",
        "subscription.created",
        "subscription.changed",
    ];

    pub fn as_type(self) -> &'static str {
        Self::TYPES[match self {
            Event::RelationshipCreated => 0,
            Event::PrivilegesGranted => 1,
            Event::PrivilegesRestored => 2,
            Event::PrivilegesRemoved => 3,
            Event::RoleExtended => 4,
            Event::RoleExpiring { .. } => 5,
            Event::RoleEnded => 6,
            Event::InvitationDeclined => 7,
            Event::SupportRequestOpened => 8,
            Event::SupportRequestAnswered => 9,
            Event::SubscriptionCreated => 10,
            Event::SubscriptionChanged | Event::SubscriptionsMovedAway => 11,
        }]
    }
}

/// One change to tell of.
pub struct Notice<'a> {
    pub event: Event,
    pub partner_id: &'a OrgId,
    pub customer_id: &'a OrgId,
    /// Who made the change; `None` when Liaison did (time alone).
    pub by: Option<&'a CurrentUser>,
    /// The roles concerned, if any.
    pub roles: Vec<ServiceRole>,
    /// When those roles end (Unix milliseconds), if they do.
    pub ends_ms: Option<i64>,
    /// What the change was about, in words: a support request's title, a
    /// subscription's offer and change.
    pub subject: Option<String>,
    /// What the email says beyond the event: the roles refused, the
    /// support request to link to, the kind of a subscription's change.
    pub detail: Detail,
}

/// What a notice's email says beyond its event, so that its subject names
/// what changed and its link leads to the thing itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    None,
    /// An acceptance: the roles asked for that the customer did not tick.
    Refused(Vec<ServiceRole>),
    /// A support request, by id: its email links to the request's page.
    SupportRequest(String),
    /// A subscription's change, as the audit log names it (seats, an
    /// add-on, a migration, a suspension, a reactivation, a new partner of
    /// record).
    Subscription(kernel::audit::Action),
}

/// Where the email's links point and when the change happened.
#[derive(Debug, Clone)]
pub struct Moment {
    /// `scheme://host` of the site, without a trailing slash.
    pub base: String,
    pub at_ms: i64,
}

impl Moment {
    /// The request being served: its site address, and now by `clock`.
    pub async fn of_request(clock: &crate::db::Clock) -> Moment {
        Moment {
            base: crate::request::public_url().await,
            at_ms: clock.now_ms(),
        }
    }
}

/// The names the messages use.
#[derive(Debug, Clone)]
pub struct Parties {
    pub partner_name: String,
    pub customer_name: String,
    /// The customer's slug: the partner's page of it.
    pub customer_slug: String,
}
