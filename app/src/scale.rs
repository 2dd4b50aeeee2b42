//! `liaison seed-scale`: many partners, each with many customers, as a real
//! database would hold them after years of use (relationships, grants per
//! service, a subscription each, billing periods and audit events), written
//! in batched transactions.
use crate::db::{Clock, Conn, Pool};

use kernel::error::AppError;

/// How much to write.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub partners: usize,
    pub customers_per_partner: usize,
}

/// What was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub partners: usize,
    pub customers: usize,
    pub rows: usize,
}

/// Customers per transaction: large enough to amortize the commit, small
/// enough to keep the write lock short.
const BATCH: usize = 2_000;

const FIRST: &[&str] = &[
    "Blue",
    "Northern",
    "Silver",
    "Granite",
    "Cedar",
    "Harbor",
    "Summit",
    "Pioneer",
    "Crimson",
    "Golden",
    "Evergreen",
    "Riverside",
    "Atlas",
    "Maple",
    "Coastal",
    "Iron",
    "Lakeside",
    "Prairie",
    "Sterling",
    "Orchard",
];
const SECOND: &[&str] = &[
    "Ridge", "Valley", "Bridge", "Field", "Point", "Works", "Lane", "Gate", "Stone", "Bay", "Hill",
    "Creek", "Forge", "Haven", "Peak", "Grove", "Port", "Falls", "Mill", "Crest", "Brook",
    "Harvest", "Trail", "Wharf", "Meadow",
];
const TRADE: &[&str] = &[
    "Logistics",
    "Dental",
    "Architects",
    "Bakery",
    "Consulting",
    "Legal",
    "Engineering",
    "Clinic",
];

/// A customer name that reads like a real one; the same index gives the same name.
pub fn customer_name(index: usize) -> String {
    let first = FIRST[index % FIRST.len()];
    let second = SECOND[(index / FIRST.len()) % SECOND.len()];
    let trade = TRADE[(index / (FIRST.len() * SECOND.len())) % TRADE.len()];
    format!("{first} {second} {trade} {index}")
}

/// Writes `scale` partners and customers. Partners are `scale-p{p}` (admin
/// `admin@scale-p{p}.example`), customers `scale-p{p}-c{c}` (admin
/// `admin@scale-p{p}-c{c}.example`); every user's password is `password`.
/// Runs again on the same database only after a fresh start (slugs are unique).
pub async fn seed(
    pool: &Pool,
    clock: &Clock,
    scale: Scale,
    password: &str,
) -> Result<Written, AppError> {
    let hash = crate::auth::hash_password(password.to_string()).await?;
    let now = clock.now();
    let ends_ms =
        clock.now_ms() + i64::from(kernel::role::MAX_DURATION_DAYS) * kernel::role::DAY_MS;
    let today = &now[..10];
    let mut written = Written::default();
    for p in 0..scale.partners {
        let partner = format!("scale-p{p}");
        let partner_admin = format!("user-{partner}");
        let mut tx = pool.begin().await?;
        insert_partner(
            &mut tx,
            &partner,
            &format!("Scale Partner {p}"),
            p + 80_000_000,
            &now,
        )
        .await?;
        insert_admin(
            &mut tx,
            &partner,
            &format!("Scale Admin {p}"),
            "admin_agent",
            &hash,
            &now,
        )
        .await?;
        tx.commit().await?;
        written.partners += 1;
        written.rows += 2;

        let customers = scale.customers_per_partner;
        for first in (0..customers).step_by(BATCH) {
            let mut tx = pool.begin().await?;
            for c in first..(first + BATCH).min(customers) {
                let customer = format!("{partner}-c{c:06}");
                let admin = format!("user-{customer}");
                let admin_email = format!("admin@{customer}.example");
                let relationship = format!("rel-{customer}");
                let subscription = format!("sub-{customer}");
                insert_customer(&mut tx, &customer, &customer_name(c), &now).await?;
                insert_admin(
                    &mut tx,
                    &customer,
                    "Administrator",
                    "customer_admin",
                    &hash,
                    &now,
                )
                .await?;
                crate::db::query(
                    "INSERT INTO relationships (id, partner_id, customer_id, customer_slug, kind, created_at)
                     VALUES ($1, $2, $3, $4, 'reseller', $5)",
                )
                .bind(&relationship)
                .bind(&partner)
                .bind(&customer)
                .bind(&customer)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                // The default ask; one customer in ten removed the partner's Azure roles.
                crate::db::query(
                    "INSERT INTO role_grants
                        (relationship_id, role_id, state, granted_at, ends_ms, auto_extend, removed_at)
                     SELECT $1, id, CASE WHEN service_id = 'azure' AND $2 THEN 'removed' ELSE 'active' END,
                            $3, $4, $5, CASE WHEN service_id = 'azure' AND $6 THEN $7 END
                     FROM roles WHERE NOT high_risk",
                )
                .bind(&relationship)
                .bind(c % 10 == 9)
                .bind(&now)
                .bind(ends_ms)
                .bind(false)
                .bind(c % 10 == 9)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                crate::db::query(
                    "INSERT INTO service_transactors (customer_id, service_id, partner_id, since)
                     VALUES ($1, 'microsoft-365', $2, $3)",
                )
                .bind(&customer)
                .bind(&partner)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                let seats = 5 + (c % 200) as i64;
                crate::db::query(
                    "INSERT INTO subscriptions (id, customer_id, service_id, partner_id, offer_id, seats, state, created_at)
                     VALUES ($1, $2, 'microsoft-365', $3, 'm365-business-standard', $4, 'active', $5)",
                )
                .bind(&subscription)
                .bind(&customer)
                .bind(&partner)
                .bind(seats)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                crate::db::query(
                    "INSERT INTO billing_periods (subscription_id, partner_id, customer_id, offer_id,
                        quantity, unit_price_cents, starts_on)
                     SELECT $1, $2, $3, id, $4, unit_price_cents, $5 FROM offers WHERE id = 'm365-business-standard'",
                )
                .bind(&subscription)
                .bind(&partner)
                .bind(&customer)
                .bind(seats)
                .bind(today)
                .execute(&mut *tx)
                .await?;
                for (action, actor, actor_email, actor_org, details) in [
                    (
                        "relationship_created",
                        &admin,
                        &admin_email,
                        &customer,
                        "reseller".to_string(),
                    ),
                    (
                        "dap_granted",
                        &admin,
                        &admin_email,
                        &customer,
                        "Microsoft 365, Azure, Dynamics 365".to_string(),
                    ),
                    (
                        "subscription_created",
                        &partner_admin,
                        &format!("admin@{partner}.example"),
                        &partner,
                        format!("Microsoft 365 Business Standard, {seats} seats"),
                    ),
                ] {
                    crate::db::query(
                        "INSERT INTO audit_events (id, occurred_at, action, actor_user_id, actor_email,
                            actor_org_id, partner_id, customer_id, details, ip_address)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '127.0.0.1')",
                    )
                    .bind(crate::db::new_id())
                    .bind(&now)
                    .bind(action)
                    .bind(actor)
                    .bind(actor_email)
                    .bind(actor_org)
                    .bind(&partner)
                    .bind(&customer)
                    .bind(details)
                    .execute(&mut *tx)
                    .await?;
                }
                written.customers += 1;
                written.rows += 12;
            }
            tx.commit().await?;
        }
    }
    crate::db::refresh_statistics(&mut *pool.acquire().await?).await?;
    Ok(written)
}

/// CSP partners `{prefix}{j}` (partner numbers from `first_number` on), each
/// with an active invitation link that grants privileges; returns the
/// links' codes in order. For load tests and benchmarks.
pub async fn partners_with_links(
    pool: &Pool,
    clock: &Clock,
    prefix: &str,
    count: usize,
    first_number: usize,
) -> Result<Vec<String>, AppError> {
    let now = clock.now();
    let mut codes = Vec::with_capacity(count);
    let mut tx = pool.begin().await?;
    for j in 0..count {
        let org = format!("{prefix}{j}");
        insert_partner(
            &mut tx,
            &org,
            &format!("Partner {org}"),
            first_number + j,
            &now,
        )
        .await?;
        let code = crate::invitations::InvitationCode::generate();
        crate::db::query(
            "INSERT INTO invitation_links (code, partner_id, include_dap, created_at)
             VALUES ($1, $2, TRUE, $3)",
        )
        .bind(code.as_str())
        .bind(&org)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        codes.push(code.as_str().to_string());
    }
    tx.commit().await?;
    Ok(codes)
}

/// Customers `{prefix}{i}`, each with an administrator
/// `admin@{prefix}{i}.example` (user id `user-{prefix}{i}`) whose password
/// has the argon2 `hash`. For load tests and benchmarks.
pub async fn customers_with_admins(
    pool: &Pool,
    clock: &Clock,
    prefix: &str,
    count: usize,
    hash: &str,
) -> Result<(), AppError> {
    let now = clock.now();
    let mut tx = pool.begin().await?;
    for i in 0..count {
        let org = format!("{prefix}{i}");
        insert_customer(&mut tx, &org, &format!("Customer {org}"), &now).await?;
        insert_admin(&mut tx, &org, "Administrator", "customer_admin", hash, &now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A CSP partner of the global cloud whose id and slug are `slug`.
async fn insert_partner(
    conn: &mut Conn,
    slug: &str,
    name: &str,
    number: usize,
    now: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO organizations
            (id, slug, name, kind, cloud_id, legal_name, verified_domain, partner_number, created_at)
         VALUES ($1, $2, $3, 'partner_csp', 'global', $4, $5, $6, $7)",
    )
    .bind(slug)
    .bind(slug)
    .bind(name)
    .bind(format!("{name} Ltd."))
    .bind(format!("{slug}.example"))
    .bind(number.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer of the global cloud whose id and slug are `slug`.
async fn insert_customer(
    conn: &mut Conn,
    slug: &str,
    name: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO organizations (id, slug, name, kind, cloud_id, created_at)
         VALUES ($1, $2, $3, 'customer', 'global', $4)",
    )
    .bind(slug)
    .bind(slug)
    .bind(name)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The organization's administrator: user `user-{org}`, `admin@{org}.example`.
async fn insert_admin(
    conn: &mut Conn,
    org: &str,
    display_name: &str,
    role: &str,
    hash: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(format!("user-{org}"))
    .bind(org)
    .bind(format!("admin@{org}.example"))
    .bind(display_name)
    .bind(role)
    .bind(hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_like_companies_and_are_stable() {
        assert_eq!(customer_name(0), "Blue Ridge Logistics 0");
        assert_eq!(customer_name(21), "Northern Valley Logistics 21");
        assert_eq!(customer_name(500), "Blue Ridge Dental 500");
        assert_eq!(customer_name(7), customer_name(7));
    }
}
