//! The writing side of the audit log (R12): every store appends the event of
//! its change in the change's own transaction, through here. The log's page
//! and its reading queries are the `audit` feature, at the top.
use crate::db::{Clock, Conn};

use kernel::audit::Action;
use kernel::id::OrgId;
use kernel::identity::CurrentUser;

/// Who makes a change: the signed-in user, and the address their request
/// came from, as the audit log records them (R12: who, from which
/// address), with the request's clock, so that a store tells the time
/// without looking for it in the request's context. Stores take it whole;
/// it reads as the user it holds.
#[derive(Clone, Debug)]
pub struct Actor<'a> {
    pub user: &'a CurrentUser,
    /// The client's address, as the server found it.
    pub address: &'a str,
    pub clock: Clock,
}

impl<'a> Actor<'a> {
    /// The actor of the request being served, by its clock.
    pub fn new(user: &'a CurrentUser, address: &'a str) -> Self {
        Self::with_clock(user, address, Clock::current())
    }

    /// An actor whose time is told by `clock` (a REST handler's state).
    pub fn with_clock(user: &'a CurrentUser, address: &'a str, clock: Clock) -> Self {
        Actor {
            user,
            address,
            clock,
        }
    }

    /// Now, in Unix milliseconds, by the request's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Now, as RFC 3339 text, by the request's clock.
    pub fn now(&self) -> String {
        self.clock.now()
    }
}

impl std::ops::Deref for Actor<'_> {
    type Target = CurrentUser;

    fn deref(&self) -> &CurrentUser {
        self.user
    }
}

/// One event to append, inside the transaction of the change it records.
pub struct NewEvent<'a> {
    pub action: Action,
    pub actor: &'a Actor<'a>,
    pub partner_id: Option<&'a OrgId>,
    pub customer_id: Option<&'a OrgId>,
    pub details: String,
}

/// Appends `event` to the log.
pub async fn record(conn: &mut Conn, event: NewEvent<'_>) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO audit_events
            (id, occurred_at, action, actor_user_id, actor_email, actor_org_id,
             partner_id, customer_id, details, ip_address)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(crate::db::new_id())
    .bind(event.actor.now())
    .bind(event.action.as_str())
    .bind(&event.actor.id)
    .bind(&event.actor.email)
    .bind(&event.actor.organization.id)
    .bind(event.partner_id)
    .bind(event.customer_id)
    .bind(event.details)
    .bind(event.actor.address)
    .execute(conn)
    .await?;
    Ok(())
}

/// Appends an event that Liaison itself caused (a grant that extended or
/// ended on its date, a warning), at `at`: no person, no address. It sits
/// in the customer's log and the partner's.
pub async fn record_by_liaison(
    conn: &mut Conn,
    action: Action,
    partner_id: &OrgId,
    customer_id: &OrgId,
    details: String,
    at: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO audit_events
            (id, occurred_at, action, actor_user_id, actor_email, actor_org_id,
             partner_id, customer_id, details, ip_address)
         VALUES ($1, $2, $3, NULL, 'Liaison', $4, $5, $4, $6, '')",
    )
    .bind(crate::db::new_id())
    .bind(at)
    .bind(action.as_str())
    .bind(customer_id)
    .bind(partner_id)
    .bind(details)
    .execute(conn)
    .await?;
    Ok(())
}

impl<'a> NewEvent<'a> {
    /// An event about the actor's own organization (its people and their
    /// accounts), in that organization's log: a partner's, a customer's, or
    /// the operators' (neither).
    pub fn about_own_organization(action: Action, actor: &'a Actor<'a>, details: String) -> Self {
        Self::about_organization(action, actor, &actor.user.organization, details)
    }

    /// An event about `organization` (its people and their accounts), in
    /// its log.
    pub fn about_organization(
        action: Action,
        actor: &'a Actor<'a>,
        organization: &'a kernel::identity::Organization,
        details: String,
    ) -> Self {
        use kernel::identity::OrgKind;
        let id = Some(&organization.id);
        let (partner_id, customer_id) = match organization.kind {
            OrgKind::PartnerCsp | OrgKind::PartnerAdvisor => (id, None),
            OrgKind::Customer => (None, id),
            OrgKind::Operator => (None, None),
        };
        NewEvent {
            action,
            actor,
            partner_id,
            customer_id,
            details,
        }
    }
}
