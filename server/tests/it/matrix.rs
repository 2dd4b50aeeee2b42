//! Who may do what: every server function and every page, for every kind of
//! visitor, against a running server over real HTTP.
//!
//! A cell is `Y` (the call succeeds, the page renders) or `.` (refused:
//! not signed in, not allowed, not found, or a rule's refusal; a page
//! redirects to sign-in or answers 403/404). A server function or a page
//! without a row fails the test, so a new one cannot ship unreviewed.
//!
//! The world: Fabrikam accepted Contoso's link (with delegated admin
//! privileges), Adatum's (an advisor, with privileges) and Northwind's
//! (without); Contoso sells Fabrikam Microsoft 365 and opened a support
//! request for it. Tailspin is a customer of nobody here.
use std::collections::BTreeSet;

use app::error::AppError;
use reqwest::StatusCode;

use crate::common::{Actor, PASSWORD, TestApp};

/// The columns of the matrix.
pub(crate) const ACTORS: [(&str, Option<&str>); 12] = [
    ("signed out", None),
    ("CSP admin agent", Some("admin@contoso.example")),
    ("CSP sales agent", Some("sales@contoso.example")),
    ("CSP helpdesk agent", Some("helpdesk@contoso.example")),
    ("advisor admin agent", Some("admin@adatum.example")),
    ("advisor sales agent", Some("sales@adatum.example")),
    ("advisor helpdesk agent", Some("helpdesk@adatum.example")),
    ("customer admin", Some("admin@fabrikam.example")),
    ("customer user", Some("user@fabrikam.example")),
    ("operator", Some("operator@liaison.example")),
    ("another customer's admin", Some("admin@tailspin.example")),
    ("partner without DAP", Some("admin@northwind.example")),
];

const OPERATOR: usize = 9;
const OTHER_CUSTOMER: usize = 10;

// Server functions, in the order they run (sign-out last; the link is read
// before it is rotated).
//                                         signed out
//                                         | CSP partner: admin, sales, helpdesk
//                                         | |   advisor: admin, sales, helpdesk
//                                         | |   |   customer: admin, user
//                                         | |   |   |  operator
//                                         | |   |   |  | another customer
//                                         | |   |   |  | | partner without DAP
pub(crate) const FUNCTIONS: &[(&str, &str)] = &[
    ("whoami", "                           Y YYY YYY YY Y Y Y"),
    ("sign_in", "                          Y YYY YYY YY Y Y Y"),
    ("load_consent", "                     Y YYY YYY YY Y Y Y"),
    ("accept_invitation", "                . ... ... Y. . Y ."),
    ("load_invitation", "                  . YY. YY. .. . . Y"),
    ("partner_customers", "                . YYY YYY .. . . Y"),
    ("customer_list_page", "               . YYY YYY .. . . Y"),
    ("load_customer", "                    . YYY YYY .. . . Y"),
    ("partner_invoice", "                  . YY. ... .. . . Y"),
    ("partner_relationships", "            . ... ... Y. . Y ."),
    ("customer_users", "                   . Y.. Y.. .. . . ."),
    ("customer_user_domains", "            . Y.. Y.. .. . . ."),
    ("create_customer_user", "             . Y.. Y.. .. . . ."),
    ("reset_customer_password", "          . Y.. Y.. .. . . ."),
    ("read_audit_log", "                   . YYY YYY Y. . Y Y"),
    ("open_support_request", "             . Y.Y Y.Y .. . . Y"),
    ("partner_support_requests", "         . YYY YYY .. . . Y"),
    ("support_requests", "                 . ... ... Y. Y Y ."),
    ("support_request", "                  . YYY ... Y. Y . ."),
    ("reply_support_request", "            . Y.Y ... Y. Y . ."),
    ("close_support_request", "            . ... ... .. Y . ."),
    ("customer_subscriptions", "           . YYY YYY .. . . Y"),
    ("own_subscriptions", "                . ... ... Y. . Y ."),
    ("create_subscription", "              . YY. ... .. . . ."),
    ("change_seats", "                     . YY. ... .. . . ."),
    ("order_addon", "                      . YY. ... .. . . ."),
    ("migrate_subscription", "             . YY. ... .. . . ."),
    ("set_subscription_state", "           . YY. ... .. . . ."),
    ("customer_transfers", "               . ... ... Y. . Y ."),
    ("request_transfer", "                 . ... ... Y. . . ."),
    ("cancel_transfer", "                  . ... ... Y. . . ."),
    ("answer_transfer", "                  . ... ... .. . . Y"),
    ("operator_catalog", "                 . ... ... .. Y . ."),
    ("set_offer_price", "                  . ... ... .. Y . ."),
    ("remove_dap", "                       . ... ... Y. . . ."),
    ("remove_role", "                      . ... ... Y. . . ."),
    ("save_request", "                     . Y.. Y.. .. . . Y"),
    ("save_invitation_email", "            . YY. YY. .. . . Y"),
    ("customer_invitations", "             . YY. YY. .. . . Y"),
    ("create_customer_invitation", "       . Y.. Y.. .. . . Y"),
    ("cancel_customer_invitation", "       . Y.. Y.. .. . . Y"),
    ("decline_invitation", "               . ... ... Y. . . ."),
    ("load_integrations", "                . Y.. Y.. .. . . Y"),
    ("create_token", "                     . Y.. Y.. .. . . Y"),
    ("revoke_token", "                     . Y.. Y.. .. . . Y"),
    ("add_endpoint", "                     . Y.. Y.. .. . . Y"),
    ("redeliver", "                        . Y.. Y.. .. . . Y"),
    ("remove_endpoint", "                  . Y.. Y.. .. . . Y"),
    ("rotate_invitation_link", "           . Y.. Y.. .. . . Y"),
    ("password_link_info", "               Y YYY YYY YY Y Y Y"),
    ("set_password", "                     . ... ... .. . . ."),
    ("request_password_reset", "           Y YYY YYY YY Y Y Y"),
    ("sign_in_code_pending", "             Y YYY YYY YY Y Y Y"),
    ("verify_sign_in_code", "              . ... ... .. . . ."),
    ("replace_temporary_password", "       . ... ... .. . . ."),
    ("sign_up", "                          Y ... ... .. . . ."),
    ("members_page", "                     . Y.. Y.. Y. . Y Y"),
    ("invite_member", "                    . Y.. Y.. Y. . Y Y"),
    ("change_member_role", "               . Y.. Y.. Y. . Y Y"),
    ("deactivate_member", "                . Y.. Y.. Y. . Y Y"),
    ("reset_member_two_step", "            . Y.. Y.. Y. . Y Y"),
    ("require_two_step", "                 . Y.. Y.. Y. . Y Y"),
    ("partners_page", "                    . ... ... .. Y . ."),
    ("create_partner", "                   . ... ... .. Y . ."),
    ("outbox_page", "                      . ... ... .. Y . ."),
    ("account_page", "                     . YYY YYY YY Y Y Y"),
    ("change_password", "                  . YYY YYY YY Y Y Y"),
    ("begin_two_step", "                   . YYY YYY YY Y Y Y"),
    ("pending_two_step", "                 . YYY YYY YY Y Y Y"),
    ("turn_on_two_step", "                 . ... ... .. . . ."),
    ("turn_off_two_step", "                . YYY YYY YY Y Y Y"),
    ("sign_out_everywhere", "              . YYY YYY YY Y Y Y"),
    ("sign_out", "                         Y YYY YYY YY Y Y Y"),
];

// Pages and downloads (`{request}` is Contoso's support request for Fabrikam).
// The three addresses of a support thread show it to whoever may read the
// thread (its customer's admins, its partner's agents, operators); each
// side's links lead to its own address.
const PAGES: &[(&str, &str)] = &[
    ("/", "                                . YYY YYY YY Y Y Y"),
    ("/login", "                           Y YYY YYY YY Y Y Y"),
    ("/invitations/{code}", "              Y YYY YYY YY Y Y Y"),
    ("/partner/customers", "               . YYY YYY .. . . Y"),
    (
        "/partner/customers/request-relationship",
        ". YY. YY. .. . . Y",
    ),
    ("/partner/customers/fabrikam", "      . YYY YYY .. . . Y"),
    ("/partner/billing", "                 . YY. ... .. . . Y"),
    ("/partner/billing/invoice.csv", "     . YY. ... .. . . Y"),
    ("/partner/support-requests/{request}", ". YYY ... Y. Y . ."),
    ("/admin/partner-relationships", "     . ... ... Y. . Y ."),
    ("/admin/support-requests", "          . ... ... Y. . Y ."),
    ("/admin/support-requests/{request}", ". YYY ... Y. Y . ."),
    ("/admin/audit-log", "                 . ... ... Y. . Y ."),
    ("/admin/subscriptions", "             . ... ... Y. . Y ."),
    ("/operator/support-requests", "       . ... ... .. Y . ."),
    ("/operator/catalog", "                . ... ... .. Y . ."),
    ("/operator/support-requests/{request}", ". YYY ... Y. Y . ."),
    ("/login/forgot", "                    Y YYY YYY YY Y Y Y"),
    ("/login/code", "                      Y YYY YYY YY Y Y Y"),
    ("/login/new-password", "              . YYY YYY YY Y Y Y"),
    ("/password/{token}", "                Y YYY YYY YY Y Y Y"),
    ("/account", "                         . YYY YYY YY Y Y Y"),
    ("/partner/team", "                    . Y.. Y.. .. . . Y"),
    ("/partner/integrations", "            . Y.. Y.. .. . . Y"),
    ("/admin/users", "                     . ... ... Y. . Y ."),
    ("/operator/partners", "               . ... ... .. Y . ."),
    ("/operator/outbox", "                 . ... ... .. Y . ."),
];

pub(crate) fn cells(row: &str) -> Vec<bool> {
    let cells: Vec<bool> = row
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c == 'Y')
        .collect();
    assert_eq!(cells.len(), ACTORS.len(), "row {row:?}");
    cells
}

/// The demo world the matrix runs in, and a Fabrikam admin and a Contoso
/// admin who prepare what each call needs.
pub(crate) struct World {
    pub(crate) app: TestApp,
    fabrikam: Actor,
    contoso: Actor,
    request: String,
    unique: std::sync::atomic::AtomicUsize,
}

impl World {
    pub(crate) async fn new() -> World {
        let app = TestApp::spawn().await;
        // Adatum gets the partner roles it lacks in the demo data.
        for (email, name, role) in [
            ("sales@adatum.example", "Sid Adatum", "sales_agent"),
            ("helpdesk@adatum.example", "Hana Adatum", "helpdesk_agent"),
        ] {
            app::db::query(
                "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
                 SELECT $1, organization_id, $2, $3, $4, password_hash, created_at
                 FROM users WHERE email = 'admin@adatum.example'",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(email)
            .bind(name)
            .bind(role)
            .execute(&app.pool)
            .await
            .expect("advisor user");
        }
        app.accepts("admin@fabrikam.example", "contoso", true).await;
        app.accepts("admin@fabrikam.example", "adatum", true).await;
        let fabrikam = app
            .accepts("admin@fabrikam.example", "northwind", false)
            .await;
        let contoso = app.sign_in_as("admin@contoso.example").await;
        let _: String = contoso
            .call(
                "create_subscription",
                &[
                    ("customer", "fabrikam"),
                    ("service", "microsoft-365"),
                    ("offer", "m365-e3"),
                    ("seats", "10"),
                ],
            )
            .await
            .expect("subscription");
        let _: app::delegated::NewPassword = contoso
            .call(
                "create_customer_user",
                &[
                    ("customer", "fabrikam"),
                    ("display_name", "Reset Me"),
                    ("email", "reset-me@fabrikam.example"),
                ],
            )
            .await
            .expect("user whose password is reset");
        let mut world = World {
            app,
            fabrikam,
            contoso,
            request: String::new(),
            unique: Default::default(),
        };
        world.request = world.open_request().await;
        world
    }

    fn unique(&self) -> usize {
        self.unique
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    async fn open_request(&self) -> String {
        self.contoso
            .call(
                "open_support_request",
                &[
                    ("customer", "fabrikam"),
                    ("title", "Mailbox full"),
                    ("description", "Ask for a bigger quota."),
                    ("severity", "low"),
                ],
            )
            .await
            .expect("support request")
    }

    /// The id and role of the user `email`.
    async fn member(&self, email: &str) -> (String, String) {
        app::db::query_as("SELECT id, role FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&self.app.pool)
            .await
            .expect("member")
    }

    /// A pending one-customer invitation (id, code) of the partner of
    /// `email` (Contoso for anyone else), for Fabrikam's domain.
    async fn customer_invitation(&self, email: Option<&str>, n: usize) -> (String, String) {
        let email = email
            .filter(|e| {
                ["contoso", "adatum", "northwind"]
                    .iter()
                    .any(|p| e.ends_with(&format!("@{p}.example")))
            })
            .unwrap_or("admin@contoso.example");
        let (id, code) = (format!("invitation-{n}"), format!("{n:0>48}"));
        app::db::query(
            "INSERT INTO customer_invitations (id, code, partner_id, domain, state, created_at, expires_ms)
             SELECT $1, $2, organization_id, 'fabrikam.example', 'pending', created_at, $3
             FROM users WHERE email = $4",
        )
        .bind(&id)
        .bind(&code)
        .bind(i64::MAX / 2)
        .bind(email)
        .execute(&self.app.pool)
        .await
        .expect("customer invitation");
        (id, code)
    }

    /// A token, an endpoint and a delivery to it, of the partner of `email`
    /// (Contoso's for anyone else): their ids.
    async fn integration(&self, email: Option<&str>, n: usize) -> (String, String, String) {
        let email = email
            .filter(|e| {
                ["contoso", "adatum", "northwind"]
                    .iter()
                    .any(|p| e.ends_with(&format!("@{p}.example")))
            })
            .unwrap_or("admin@contoso.example");
        let (token, endpoint, delivery) = (
            format!("token-{n}"),
            format!("endpoint-{n}"),
            format!("delivery-{n}"),
        );
        let partner = self
            .text(&format!(
                "SELECT organization_id FROM users WHERE email = '{email}'"
            ))
            .await;
        let creator = self
            .text(&format!(
                "SELECT u.id FROM users u WHERE u.organization_id = '{partner}' AND u.role = 'admin_agent' LIMIT 1"
            ))
            .await;
        for (sql, binds) in [
            (
                "INSERT INTO api_tokens (id, partner_id, name, token_hash, prefix, created_at, created_by)
                 VALUES ($1, $2, 'Matrix', $3, 'lia_x', '2026-01-01T00:00:00Z', $4)",
                [token.clone(), partner.clone(), format!("hash-{n}"), creator.clone()],
            ),
            (
                "INSERT INTO webhook_endpoints (id, partner_id, url, secret, created_at, created_by)
                 VALUES ($1, $2, 'https://93.184.216.34/hook', $3, '2026-01-01T00:00:00Z', $4)",
                [endpoint.clone(), partner.clone(), "whsec_AAAA".into(), creator.clone()],
            ),
            (
                "INSERT INTO events (id, partner_id, customer_id, type, payload, created_ms)
                 VALUES ($1, $2, NULL, 'relationship.created', $3, 0)",
                [format!("msg_{n}"), partner.clone(), "{}".into(), String::new()],
            ),
            (
                "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, created_ms, next_attempt_ms, delivered_ms)
                 VALUES ($1, $2, $3, 0, 0, 1)",
                [delivery.clone(), format!("msg_{n}"), endpoint.clone(), String::new()],
            ),
        ] {
            let mut query = app::db::query(sql);
            for bind in binds.iter().filter(|b| !b.is_empty()) {
                query = query.bind(bind.clone());
            }
            query.execute(&self.app.pool).await.expect("integration rows");
        }
        (token, endpoint, delivery)
    }

    /// A new member of the organization of `email` who has not chosen a
    /// password yet (someone to deactivate).
    async fn invited_member(&self, email: Option<&str>, n: usize) -> String {
        let email = email.unwrap_or("admin@contoso.example");
        let id = format!("invited-{n}");
        app::db::query(
            "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
             SELECT $1, organization_id, $2, 'Invited', role, '', created_at FROM users WHERE email = $3",
        )
        .bind(&id)
        .bind(format!("gone{n}-{email}"))
        .bind(email)
        .execute(&self.app.pool)
        .await
        .expect("invited member");
        // Not an administrator: any administrator may deactivate them.
        app::db::query(
            "UPDATE users SET role = CASE WHEN role IN ('customer_admin', 'customer_user')
                 THEN 'customer_user' WHEN role = 'operator' THEN 'operator' ELSE 'sales_agent' END
             WHERE id = $1",
        )
        .bind(&id)
        .execute(&self.app.pool)
        .await
        .expect("role");
        id
    }

    pub(crate) async fn text(&self, sql: &str) -> String {
        self.app.text(sql).await
    }

    async fn link_code(&self) -> String {
        self.text(
            "SELECT l.code FROM invitation_links l JOIN organizations o ON o.id = l.partner_id
             WHERE o.slug = 'contoso' AND l.include_dap = TRUE AND l.revoked_at IS NULL",
        )
        .await
    }

    /// Contoso's Microsoft 365 subscription at Fabrikam: (id, version, offer, state).
    async fn subscription(&self) -> (String, String, String, String) {
        app::db::query_as(
            "SELECT id, CAST(version AS TEXT), offer_id, state FROM subscriptions
             WHERE service_id = 'microsoft-365' ORDER BY created_at LIMIT 1",
        )
        .fetch_one(&self.app.pool)
        .await
        .expect("subscription")
    }

    /// A pending transfer of Fabrikam's Microsoft 365 to Northwind, asked for if none is.
    async fn pending_transfer(&self) -> String {
        let pending = || {
            app::db::query_scalar::<String>(
                "SELECT id FROM service_transfers WHERE state = 'pending'",
            )
            .fetch_optional(&self.app.pool)
        };
        if let Some(id) = pending().await.expect("transfers") {
            return id;
        }
        let _: () = self
            .fabrikam
            .call(
                "request_transfer",
                &[("service", "microsoft-365"), ("partner", "northwind")],
            )
            .await
            .expect("transfer asked");
        pending().await.expect("transfers").expect("pending")
    }

    async fn cancel_pending_transfer(&self) {
        let pending: Option<String> =
            app::db::query_scalar("SELECT id FROM service_transfers WHERE state = 'pending'")
                .fetch_optional(&self.app.pool)
                .await
                .expect("transfers");
        if let Some(id) = pending {
            let _: () = self
                .fabrikam
                .call("cancel_transfer", &[("transfer", &id)])
                .await
                .expect("cancelled");
        }
    }

    /// Valid arguments for `function` called by `actor`: a call that succeeds
    /// when the actor is allowed, so a refusal can only be the actor's.
    pub(crate) async fn arguments(&self, function: &str, actor: usize) -> Vec<(String, String)> {
        let email = ACTORS[actor].1;
        let partner_side = email.is_some_and(|e| {
            ["contoso", "adatum", "northwind"]
                .iter()
                .any(|p| e.ends_with(&format!("@{p}.example")))
        });
        let n = self.unique();
        let sub = || self.subscription();
        let domain = email
            .and_then(|e| e.split_once('@'))
            .map_or("contoso.example", |(_, d)| d);
        let is_partner = ["contoso", "adatum", "northwind"]
            .iter()
            .any(|p| domain == format!("{p}.example"));
        let args: Vec<(&str, String)> = match function {
            "partner_customers" => vec![("search", "Fab".into())],
            "customer_list_page" => vec![
                ("search", "Fab".into()),
                ("state", "in-force".into()),
                ("sort", "expires".into()),
            ],
            "whoami"
            | "sign_out"
            | "load_invitation"
            | "partner_invoice"
            | "partner_relationships"
            | "own_subscriptions"
            | "customer_transfers"
            | "operator_catalog"
            | "customer_invitations"
            | "load_integrations"
            | "rotate_invitation_link" => vec![],
            "create_token" => vec![
                ("name", format!("Matrix {n}")),
                ("expires_in_days", "30".into()),
            ],
            "revoke_token" => vec![("id", self.integration(email, n).await.0)],
            "add_endpoint" => vec![("url", format!("https://93.184.216.34/hooks/{n}"))],
            "remove_endpoint" => vec![("id", self.integration(email, n).await.1)],
            "redeliver" => vec![("id", self.integration(email, n).await.2)],
            "remove_role" => vec![("partner", "adatum".into()), ("role", "reader".into())],
            "save_request" => vec![
                ("roles[]", "user-administrator".into()),
                ("roles[]", "reader".into()),
                ("duration_days", "730".into()),
            ],
            "save_invitation_email" => vec![
                ("first_paragraph", format!("Hello {n}.")),
                ("second_paragraph", String::new()),
            ],
            "replace_temporary_password" => vec![
                ("new_password", "plum-orbit-canvas-42".into()),
                ("confirm_password", "plum-orbit-canvas-42".into()),
            ],
            "create_customer_invitation" => vec![("domain", format!("customer{n}.example"))],
            "cancel_customer_invitation" => {
                vec![("id", self.customer_invitation(email, n).await.0)]
            }
            "decline_invitation" => {
                vec![("code", self.customer_invitation(None, n).await.1)]
            }
            "sign_in" => vec![
                (
                    "email",
                    email.unwrap_or("admin@tailspin.example").to_string(),
                ),
                ("password", PASSWORD.to_string()),
            ],
            "load_consent" => vec![("code", self.link_code().await)],
            "accept_invitation" => vec![
                ("code", self.link_code().await),
                ("authorize", "yes".into()),
                ("roles[]", "reader".into()),
            ],
            "load_customer"
            | "customer_users"
            | "customer_user_domains"
            | "partner_support_requests"
            | "customer_subscriptions" => vec![("customer", "fabrikam".into())],
            "create_customer_user" => vec![
                ("customer", "fabrikam".into()),
                ("display_name", format!("New User {n}")),
                ("email", format!("new{n}@fabrikam.example")),
            ],
            "reset_customer_password" => {
                let user = self
                    .text("SELECT id FROM users WHERE email = 'reset-me@fabrikam.example'")
                    .await;
                vec![("customer", "fabrikam".into()), ("user", user)]
            }
            "read_audit_log" if partner_side => vec![("customer", "fabrikam".into())],
            "read_audit_log" => vec![],
            "open_support_request" => vec![
                ("customer", "fabrikam".into()),
                ("title", format!("Request {n}")),
                ("description", "Please help.".into()),
                ("severity", "medium".into()),
            ],
            "support_requests" => vec![("operator", (actor == OPERATOR).to_string())],
            "support_request" => vec![("id", self.request.clone())],
            "reply_support_request" => {
                vec![("id", self.request.clone()), ("body", format!("Reply {n}"))]
            }
            "close_support_request" => vec![("id", self.open_request().await)],
            "create_subscription" => vec![
                ("customer", "fabrikam".into()),
                ("service", "microsoft-365".into()),
                ("offer", "m365-business-basic".into()),
                ("seats", "1".into()),
            ],
            "change_seats" => {
                let (id, version, _, _) = sub().await;
                vec![
                    ("customer", "fabrikam".into()),
                    ("subscription", id),
                    ("version", version),
                    ("seats", (11 + n).to_string()),
                ]
            }
            "order_addon" => {
                let (id, version, _, _) = sub().await;
                vec![
                    ("customer", "fabrikam".into()),
                    ("subscription", id),
                    ("version", version),
                    ("addon", "m365-teams-phone".into()),
                    ("quantity", "1".into()),
                ]
            }
            "migrate_subscription" => {
                let (id, version, offer, _) = sub().await;
                let to = if offer == "m365-e3" {
                    "m365-business-standard"
                } else {
                    "m365-e3"
                };
                vec![
                    ("customer", "fabrikam".into()),
                    ("subscription", id),
                    ("version", version),
                    ("offer", to.into()),
                ]
            }
            "set_subscription_state" => {
                let (id, version, _, state) = sub().await;
                vec![
                    ("customer", "fabrikam".into()),
                    ("subscription", id),
                    ("version", version),
                    ("suspend", (state == "active").to_string()),
                ]
            }
            "request_transfer" => {
                self.cancel_pending_transfer().await;
                vec![
                    ("service", "microsoft-365".into()),
                    ("partner", "northwind".into()),
                ]
            }
            "cancel_transfer" => vec![("transfer", self.pending_transfer().await)],
            "answer_transfer" => vec![
                ("customer", "fabrikam".into()),
                ("transfer", self.pending_transfer().await),
                ("accept", "false".into()),
            ],
            "set_offer_price" => vec![
                ("offer", "m365-e3".into()),
                ("price", format!("36.{:02}", n % 100)),
            ],
            "remove_dap" => vec![("partner", "adatum".into()), ("service", "azure".into())],
            "password_link_info" => vec![("token", "not-a-token".into())],
            "set_password" => vec![
                ("token", "not-a-token".into()),
                ("new_password", "plum-orbit-canvas-42".into()),
                ("confirm_password", "plum-orbit-canvas-42".into()),
            ],
            "request_password_reset" => vec![("email", format!("nobody{n}@example.com"))],
            "sign_in_code_pending"
            | "account_page"
            | "begin_two_step"
            | "pending_two_step"
            | "partners_page"
            | "outbox_page"
            | "sign_out_everywhere" => vec![],
            "verify_sign_in_code" => vec![("code", "123456".into())],
            "turn_on_two_step" => vec![("code", "abcdef".into())],
            "turn_off_two_step" => vec![("current_password", PASSWORD.into())],
            "change_password" => vec![
                ("current_password", PASSWORD.into()),
                ("new_password", PASSWORD.into()),
                ("confirm_password", PASSWORD.into()),
            ],
            "sign_up" => vec![
                ("code", self.link_code().await),
                ("organization_name", format!("Signed Up {n}")),
                ("your_name", "Sam Signup".into()),
                ("email", format!("sam@signup{n}.example")),
                ("password", "plum-orbit-canvas-42".into()),
            ],
            "members_page" => vec![("partner", is_partner.to_string())],
            "require_two_step" => vec![],
            "invite_member" => vec![
                ("email", format!("invited{n}@{domain}")),
                ("display_name", format!("Invited {n}")),
                ("role", "sales_agent".into()),
            ],
            "change_member_role" => {
                let (id, role) = self.member(email.unwrap_or("admin@contoso.example")).await;
                vec![("user", id), ("role", role)]
            }
            "deactivate_member" | "reset_member_two_step" => {
                vec![("user", self.invited_member(email, n).await)]
            }
            "create_partner" => vec![
                ("name", format!("Onboarded {n}")),
                ("legal_name", format!("Onboarded {n} Ltd")),
                ("domain", format!("onboarded{n}.example")),
                ("partner_id", format!("{}", 8_000_000 + n)),
                ("kind", "partner_csp".into()),
                ("cloud", "global".into()),
                ("administrator_email", format!("boss@onboarded{n}.example")),
            ],
            other => panic!("the matrix has no arguments for {other}"),
        };
        args.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }
}

/// Whether the server let the call through; panics on anything that is
/// neither a success nor a clean refusal.
fn allowed(function: &str, who: &str, status: StatusCode, body: &str) -> bool {
    if status.is_success() || status.is_redirection() {
        return true;
    }
    let error: AppError = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{function} as {who}: {status} {e}: {body}"));
    let refusal = matches!(
        error,
        AppError::NotSignedIn | AppError::NotAllowed | AppError::NotFound | AppError::Refused(_)
    );
    assert!(
        refusal && status.is_client_error(),
        "{function} as {who}: {status} is not a refusal: {body}"
    );
    false
}

fn observed_table(rows: &[(String, Vec<bool>)]) -> String {
    rows.iter()
        .map(|(name, cells)| {
            let cells: String = cells.iter().map(|&c| if c { 'Y' } else { '.' }).collect();
            format!("{name:<45} {cells}\n")
        })
        .collect()
}

#[tokio::test]
async fn every_server_function_and_page_admits_exactly_the_actors_of_its_row() {
    // Every registered server function has a row, and every row a function.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let rows: BTreeSet<String> = FUNCTIONS.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(registered, rows, "server functions and matrix rows differ");
    // Every route of the app has a row (the CSV download is a plain axum route).
    let routes: BTreeSet<String> = server::route_list()
        .iter()
        .map(|route| route.path().to_string())
        .collect();
    let pages: BTreeSet<String> = PAGES
        .iter()
        .map(|(p, _)| p.to_string())
        .filter(|p| !p.ends_with(".csv"))
        .collect();
    let as_route = |page: &str| {
        page.replace("{request}", "{id}")
            .replace("/fabrikam", "/{customer}")
    };
    assert_eq!(
        routes,
        pages.iter().map(|p| as_route(p)).collect::<BTreeSet<_>>(),
        "routes and matrix rows differ"
    );

    let world = World::new().await;
    let mut actors = Vec::new();
    for (_, email) in ACTORS {
        actors.push(match email {
            Some(email) => world.app.sign_in_as(email).await,
            None => world.app.visitor(),
        });
    }

    let mut observed = Vec::new();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (function, row) in FUNCTIONS {
        let expected = cells(row);
        let mut got = Vec::new();
        for (i, actor) in actors.iter().enumerate() {
            let args = world.arguments(function, i).await;
            let form: Vec<(&str, &str)> =
                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            // A visitor signing in does it in a browser of its own, to stay signed out here.
            let fresh = world.app.visitor();
            let caller = if matches!(*function, "sign_in" | "sign_up") && i == 0 {
                &fresh
            } else {
                actor
            };
            let (status, body) = caller.call_raw(function, &form).await;
            let ok = allowed(function, ACTORS[i].0, status, &body);
            if ok && i == OTHER_CUSTOMER {
                assert!(
                    !body.contains("Fabrikam"),
                    "{function} leaks Fabrikam to Tailspin: {body}"
                );
            }
            if ok != expected[i] {
                wrong.push(format!("{function} as {}: {status} {body}", ACTORS[i].0));
            }
            got.push(ok);
            checked += 1;
        }
        observed.push((function.to_string(), got));
    }

    // Pages, signed in again (the last row signed everyone out).
    let mut actors = Vec::new();
    for (_, email) in ACTORS {
        actors.push(match email {
            Some(email) => world.app.sign_in_as(email).await,
            None => world.app.visitor(),
        });
    }
    for (page, row) in PAGES {
        let expected = cells(row);
        let path = page
            .replace("{code}", &world.link_code().await)
            .replace("{request}", &world.request);
        let mut got = Vec::new();
        for (i, actor) in actors.iter().enumerate() {
            let (status, location, body) = actor.page(&path).await;
            let ok = match status {
                StatusCode::OK => true,
                StatusCode::FOUND | StatusCode::SEE_OTHER | StatusCode::TEMPORARY_REDIRECT => {
                    // To sign in: refused; anywhere else (home): let through.
                    !location.unwrap_or_default().starts_with("/login")
                }
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => false,
                other => panic!("{page} as {}: {other}", ACTORS[i].0),
            };
            if ok && i == OTHER_CUSTOMER && !page.contains("{code}") {
                assert!(
                    !body.contains("Fabrikam"),
                    "{page} leaks Fabrikam to Tailspin"
                );
            }
            if ok != expected[i] {
                wrong.push(format!("{page} as {}: {status}", ACTORS[i].0));
            }
            got.push(ok);
            checked += 1;
        }
        observed.push((page.to_string(), got));
    }

    println!(
        "authorization matrix: {} rows x {} actors = {checked} cells checked",
        FUNCTIONS.len() + PAGES.len(),
        ACTORS.len()
    );
    assert!(
        wrong.is_empty(),
        "cells that differ from the matrix:\n{}\nobserved:\n{}",
        wrong.join("\n"),
        observed_table(&observed)
    );
}
