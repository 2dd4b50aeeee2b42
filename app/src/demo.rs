//! The demo organizations and users of the interface contract, seeded idempotently.
use crate::db::{Clock, Pool};

use crate::auth::{OrgKind, Role};

struct DemoOrg {
    slug: &'static str,
    name: &'static str,
    kind: OrgKind,
    cloud: &'static str,
    /// Legal name, verified domain, partner id (partners only).
    partner: Option<(&'static str, &'static str, &'static str)>,
    users: &'static [(&'static str, &'static str, Role)],
}

const DEMO: &[DemoOrg] = &[
    DemoOrg {
        slug: "contoso",
        name: "Contoso",
        kind: OrgKind::PartnerCsp,
        cloud: "global",
        partner: Some(("Contoso Ltd.", "contoso.example", "4912345")),
        users: &[
            ("admin@contoso.example", "Alex Admin", Role::AdminAgent),
            ("sales@contoso.example", "Sam Sales", Role::SalesAgent),
            (
                "helpdesk@contoso.example",
                "Harper Helpdesk",
                Role::HelpdeskAgent,
            ),
        ],
    },
    DemoOrg {
        slug: "northwind",
        name: "Northwind Traders",
        kind: OrgKind::PartnerCsp,
        cloud: "global",
        partner: Some(("Northwind Traders Inc.", "northwind.example", "4923456")),
        users: &[(
            "admin@northwind.example",
            "Nora Northwind",
            Role::AdminAgent,
        )],
    },
    DemoOrg {
        slug: "adatum",
        name: "Adatum Advisors",
        kind: OrgKind::PartnerAdvisor,
        cloud: "global",
        partner: Some(("Adatum Advisors LLC", "adatum.example", "4934567")),
        users: &[("admin@adatum.example", "Ada Adatum", Role::AdminAgent)],
    },
    DemoOrg {
        slug: "fabrikam",
        name: "Fabrikam",
        kind: OrgKind::Customer,
        cloud: "global",
        partner: None,
        users: &[
            (
                "admin@fabrikam.example",
                "Fatima Fabrikam",
                Role::CustomerAdmin,
            ),
            (
                "user@fabrikam.example",
                "Felix Fabrikam",
                Role::CustomerUser,
            ),
        ],
    },
    DemoOrg {
        slug: "tailspin",
        name: "Tailspin Toys",
        kind: OrgKind::Customer,
        cloud: "global",
        partner: None,
        users: &[(
            "admin@tailspin.example",
            "Tom Tailspin",
            Role::CustomerAdmin,
        )],
    },
    DemoOrg {
        slug: "wingtip",
        name: "Wingtip",
        kind: OrgKind::Customer,
        cloud: "germany",
        partner: None,
        users: &[(
            "admin@wingtip.example",
            "Wilma Wingtip",
            Role::CustomerAdmin,
        )],
    },
    DemoOrg {
        slug: "operators",
        name: "Operators",
        kind: OrgKind::Operator,
        cloud: "global",
        partner: None,
        users: &[(
            "operator@liaison.example",
            "Olivia Operator",
            Role::Operator,
        )],
    },
];

/// The emails of every demo user.
pub fn demo_emails() -> impl Iterator<Item = &'static str> {
    DEMO.iter()
        .flat_map(|org| org.users.iter().map(|(email, _, _)| *email))
}

/// Creates the demo organizations and users when missing and sets every demo
/// user's password to `password`, created now by `clock`. Safe to run at
/// every start.
pub async fn seed(
    pool: &Pool,
    clock: &Clock,
    password: &str,
) -> Result<(), kernel::error::AppError> {
    crate::db::write(pool, async |tx| {
        let now = clock.now();
        for org in DEMO {
            let (legal_name, domain, number) = match org.partner {
                Some((legal, domain, number)) => (Some(legal), Some(domain), Some(number)),
                None => (None, None, None),
            };
            crate::db::query(
                "INSERT INTO organizations
                    (id, slug, name, kind, cloud_id, legal_name, verified_domain, partner_number, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (slug) DO NOTHING",
            )
            .bind(crate::db::new_id())
            .bind(org.slug)
            .bind(org.name)
            .bind(org.kind)
            .bind(org.cloud)
            .bind(legal_name)
            .bind(domain)
            .bind(number)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            let org_id: String = crate::db::query_scalar("SELECT id FROM organizations WHERE slug = $1")
                .bind(org.slug)
                .fetch_one(&mut *tx)
                .await?;
            for (email, display_name, role) in org.users {
                let hash = crate::auth::hash_password(password.to_string()).await?;
                crate::db::query(
                    "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash",
                )
                .bind(crate::db::new_id())
                .bind(&org_id)
                .bind(email)
                .bind(display_name)
                .bind(role)
                .bind(hash)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
        }
        Ok(())
    })
    .await
}

/// A password for the demo users when none is configured.
pub fn random_password() -> String {
    crate::auth::generate_password()
}
