//! What happens to grants with time alone (R13): a role that extends itself
//! gets 180 days more when its end comes, and both sides are warned 30, 7
//! and 1 days before an end, and told when roles ended. Every check of a
//! grant compares with the clock by itself; this only writes the events
//! (and moves the ends of self-extending roles).
//!
//! Each server process runs the scheduler. A round holds the write lock
//! (one round at a time across processes, on either engine), and each
//! change is conditional on what it read, so a round that comes second
//! finds nothing left to do: an extension moves an end that has passed, a
//! warning is written once per end and threshold (`grant_warnings`).
use std::collections::BTreeMap;
use std::time::Duration;

use crate::db::{Clock, Pool};
use crate::notify::{Event, Moment, Notice};
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::id::{OrgId, RelationshipId};
use kernel::role::{self, DAY_MS, ServiceRole, WARNING_DAYS};

/// How often each process runs a round.
const EVERY: Duration = Duration::from_secs(60);

/// What one round wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Roles whose end moved forward.
    pub extended: usize,
    /// Warnings written (one per relationship, end and threshold).
    pub warned: usize,
    /// Relationships told that roles ended.
    pub ended: usize,
}

/// Runs a round every minute until the pool closes; a failed round (a
/// database restarting) is tried again at the next.
pub fn spawn(pool: Pool, clock: Clock, base: String) {
    tokio::spawn(async move {
        loop {
            if pool.is_closed() {
                break;
            }
            if let Err(error) = run_once(&pool, &clock, &base).await {
                tracing::warn!(%error, "the grants' scheduler round failed; it runs again in a minute");
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}

#[derive(sqlx::FromRow)]
struct Due {
    relationship_id: RelationshipId,
    partner_id: OrgId,
    customer_id: OrgId,
    role_id: String,
    ends_ms: i64,
}

/// One round at the clock's now; the email it queues links to `base`
/// (`scheme://host` of the site).
pub async fn run_once(pool: &Pool, clock: &Clock, base: &str) -> Result<Round, AppError> {
    let now_ms = clock.now_ms();
    let moment = Moment {
        base: base.to_string(),
        at_ms: now_ms,
    };
    let at = crate::db::rfc3339(now_ms);
    let mut round = Round::default();
    crate::db::write(pool, async |tx| {

        // Self-extending roles whose end has come.
        let due: Vec<Due> = crate::db::query_as(
            "SELECT g.relationship_id, r.partner_id, r.customer_id, g.role_id, g.ends_ms
             FROM role_grants g JOIN relationships r ON r.id = g.relationship_id
             WHERE g.state = 'active' AND g.auto_extend AND g.ends_ms <= $1
               -- Never while Global Administrator is in force (R13).
               AND NOT EXISTS (SELECT 1 FROM role_grants ga
                    WHERE ga.relationship_id = g.relationship_id AND ga.role_id = 'global-administrator'
                      AND ga.state = 'active' AND ga.ends_ms > $1)
             ORDER BY g.relationship_id, g.role_id",
        )
        .bind(now_ms)
        .fetch_all(&mut *tx)
        .await?;
        let mut extended: BTreeMap<(String, i64), (Vec<ServiceRole>, &Due)> = BTreeMap::new();
        for grant in &due {
            let Some(role) = ServiceRole::parse(&grant.role_id) else {
                continue;
            };
            let end = role::extended_end(grant.ends_ms, now_ms);
            let moved = crate::db::query(
                "UPDATE role_grants SET ends_ms = $1
                 WHERE relationship_id = $2 AND role_id = $3 AND ends_ms = $4 AND state = 'active'",
            )
            .bind(end)
            .bind(&grant.relationship_id)
            .bind(role)
            .bind(grant.ends_ms)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 1 {
                round.extended += 1;
                extended
                    .entry((grant.relationship_id.to_string(), end))
                    .or_insert_with(|| (Vec::new(), grant))
                    .0
                    .push(role);
            }
        }
        for ((_, end), (roles, grant)) in &extended {
            let until = crate::db::day_of(end - 1);
            crate::audit_log::record_by_liaison(
                tx,
                Action::GrantExtended,
                &grant.partner_id,
                &grant.customer_id,
                kernel::audit::RolesDetail::of(roles)
                    .until(&until)
                    .extending(true)
                    .stored(),
                &at,
            )
            .await?;
            let notice = notice(Event::RoleExtended, grant, roles, *end);
            crate::notify::publish_at(tx, notice, &moment).await?;
        }

        // Ends within 30 days, and ends just passed: one event per
        // relationship, end and threshold (0 for "ended").
        let horizon = now_ms + i64::from(WARNING_DAYS[0]) * DAY_MS;
        let near: Vec<Due> = crate::db::query_as(
            "SELECT g.relationship_id, r.partner_id, r.customer_id, g.role_id, g.ends_ms
             FROM role_grants g JOIN relationships r ON r.id = g.relationship_id
             WHERE g.state = 'active' AND NOT g.auto_extend AND g.ends_ms <= $1 AND g.ends_ms > $2
             ORDER BY g.relationship_id, g.ends_ms, g.role_id",
        )
        .bind(horizon)
        // Ends older than this were told of by an earlier round, or never will be.
        .bind(now_ms - i64::from(WARNING_DAYS[0]) * DAY_MS)
        .fetch_all(&mut *tx)
        .await?;
        let mut groups: BTreeMap<(String, i64), (Vec<ServiceRole>, &Due)> = BTreeMap::new();
        for grant in &near {
            if let Some(role) = ServiceRole::parse(&grant.role_id) {
                groups
                    .entry((grant.relationship_id.to_string(), grant.ends_ms))
                    .or_insert_with(|| (Vec::new(), grant))
                    .0
                    .push(role);
            }
        }
        for ((_, ends_ms), (roles, grant)) in &groups {
            let days = if *ends_ms <= now_ms {
                0
            } else {
                match role::warning_due(*ends_ms, now_ms) {
                    Some(days) => days,
                    None => continue,
                }
            };
            let first = crate::db::query(
                "INSERT INTO grant_warnings (relationship_id, ends_ms, days, sent_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(&grant.relationship_id)
            .bind(*ends_ms)
            .bind(i64::from(days))
            .bind(&at)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !first {
                continue;
            }
            let until = crate::db::day_of(ends_ms - 1);
            let (action, details, event) = if days == 0 {
                round.ended += 1;
                (
                    Action::GrantEnded,
                    kernel::audit::RolesDetail::of(roles).until(&until).stored(),
                    Event::RoleEnded,
                )
            } else {
                round.warned += 1;
                let left = role::days_left(*ends_ms, now_ms);
                (
                    Action::GrantExpiring,
                    kernel::audit::RolesDetail::of(roles)
                        .until(&until)
                        .days_left(left)
                        .stored(),
                    Event::RoleExpiring { days: left },
                )
            };
            crate::audit_log::record_by_liaison(
                tx,
                action,
                &grant.partner_id,
                &grant.customer_id,
                details,
                &at,
            )
            .await?;
            let notice = notice(event, grant, roles, *ends_ms);
            crate::notify::publish_at(tx, notice, &moment).await?;
        }
        Ok(round)
    })
    .await
}

/// What Liaison tells both sides of roles that time changed.
fn notice<'a>(event: Event, grant: &'a Due, roles: &[ServiceRole], ends_ms: i64) -> Notice<'a> {
    Notice {
        event,
        partner_id: &grant.partner_id,
        customer_id: &grant.customer_id,
        by: None,
        roles: roles.to_vec(),
        ends_ms: Some(ends_ms),
        subject: None,
        detail: crate::notify::Detail::None,
    }
}
