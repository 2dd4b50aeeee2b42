//! Least privilege, time-bound (R13, R14) over real HTTP, on the test's
//! clock: what a link asks for, partial approval, roles that allow exactly
//! what they name, grants that end by themselves or extend, warnings, the
//! removal of one role, and one-customer invitations.

use crate::common::{Actor, TestApp, accept_roles, code_of};
use app::audit::{Detail, RolesDetail};
use app::consent::{AcceptOutcome, LoadConsent, Refusal as ConsentRefusal, Viewer};
use app::customers::PartnerCustomers;
use app::delegated::{
    CreateCustomerUser, CustomerUsers, Refusal as DelegatedRefusal, ResetCustomerPassword,
    UserDirectory,
};
use app::error::{AppError, Invalid, Refusal};
use app::input::Field;
use app::invitations::{
    CancelCustomerInvitation, CreateCustomerInvitation, CustomerInvitation, CustomerInvitations,
    InvitationState, LoadInvitation, Refusal as InvitationRefusal, SaveRequest,
};
use app::relationships::schedule;
use app::relationships::{
    DapState, GrantState, PartnerRelationship, PartnerRelationships, Removal, RemoveRole,
    ServiceGrant,
};
use app::role::ServiceRole;

fn delegated(refusal: DelegatedRefusal) -> AppError {
    AppError::Refused(Refusal::Delegated(refusal))
}

fn consent(refusal: ConsentRefusal) -> AppError {
    AppError::Refused(Refusal::Consent(refusal))
}

fn invitation(refusal: InvitationRefusal) -> AppError {
    AppError::Refused(Refusal::Invitation(refusal))
}

/// The day `days` days from the test's clock, as the pages write it (the
/// last day in force of a grant accepted now for `days` days).
fn last_day(app: &TestApp, days: i64) -> String {
    app::db::day_of(app.clock.now_ms() + days * app::role::DAY_MS - 1)
}

/// Contoso's admin saves what its links ask for.
async fn ask(
    app: &TestApp,
    roles: &[&str],
    days: &str,
    auto_extend: bool,
) -> Result<Actor, AppError> {
    let carla = app.sign_in_as("admin@contoso.example").await;
    carla
        .run(SaveRequest {
            roles: Some(roles.iter().map(|r| r.to_string()).collect()),
            duration_days: days.into(),
            auto_extend: auto_extend.then(|| "yes".into()),
        })
        .await?;
    Ok(carla)
}

/// Fabrikam's admin accepts Contoso's link keeping `roles` ticked.
async fn fabrikam_accepts(app: &TestApp, roles: &[&str]) -> (Actor, AcceptOutcome) {
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let outcome = fatima
        .run(accept_roles(&code, roles))
        .await
        .expect("accepted");
    (fatima, outcome)
}

async fn contoso_at_fabrikam(actor: &Actor) -> PartnerRelationship {
    actor
        .run(PartnerRelationships {})
        .await
        .expect("partner relationships")
        .into_iter()
        .find(|p| p.partner_slug == "contoso")
        .expect("Contoso")
}

fn service<'a>(partner: &'a PartnerRelationship, id: &str) -> &'a ServiceGrant {
    partner
        .grants
        .iter()
        .find(|g| g.service_id == id)
        .expect("service")
}

async fn customer_list(partner: &Actor) -> app::customers::CustomerList {
    partner
        .run(PartnerCustomers {
            after: None,
            search: None,
        })
        .await
        .expect("customers")
}

async fn directory(actor: &Actor) -> Result<UserDirectory, AppError> {
    actor
        .run(CustomerUsers {
            customer: "fabrikam".into(),
        })
        .await
}

async fn add_user(actor: &Actor, email: &str) -> Result<(), AppError> {
    actor
        .run(CreateCustomerUser {
            customer: "fabrikam".into(),
            display_name: "Nina Fabrikam".into(),
            email: email.into(),
        })
        .await
        .map(|_| ())
}

async fn reset(actor: &Actor, app: &TestApp) -> Result<(), AppError> {
    let user = app
        .text("SELECT id FROM users WHERE email = 'user@fabrikam.example'")
        .await;
    actor
        .run(ResetCustomerPassword {
            customer: "fabrikam".into(),
            user,
        })
        .await
        .map(|_| ())
}

async fn last_event(app: &TestApp, action: &str) -> Detail {
    let stored: String = app::db::query_scalar(
        "SELECT details FROM audit_events WHERE action = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(action)
    .fetch_one(&app.pool)
    .await
    .unwrap_or_else(|e| panic!("no {action} event: {e}"));
    Detail::from_stored(&stored)
}

/// The roles the last `action` event names, with what came with them.
async fn last_roles(app: &TestApp, action: &str) -> RolesDetail {
    match last_event(app, action).await {
        Detail::Roles(roles) => roles,
        other => panic!("{action} names no roles: {other:?}"),
    }
}

#[tokio::test]
async fn the_customer_grants_exactly_the_roles_it_keeps_of_those_asked() {
    let app = TestApp::spawn().await;
    let before = app.link_code("contoso", true).await;
    ask(
        &app,
        &["user-administrator", "helpdesk-administrator", "reader"],
        "90",
        false,
    )
    .await
    .expect("saved");
    // R1, R2: the link stays the same when the ask changes.
    assert_eq!(app.link_code("contoso", true).await, before);

    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let page = fatima
        .run(LoadConsent {
            code: before.clone(),
        })
        .await
        .expect("consent page");
    let asked: Vec<(String, Vec<ServiceRole>)> = page
        .asked
        .iter()
        .map(|s| (s.service.clone(), s.roles.clone()))
        .collect();
    assert_eq!(
        asked,
        [
            (
                "Microsoft 365".to_string(),
                vec![
                    ServiceRole::UserAdministrator,
                    ServiceRole::HelpdeskAdministrator
                ]
            ),
            ("Azure".to_string(), vec![ServiceRole::Reader]),
        ]
    );
    assert_eq!(page.until, last_day(&app, 90));

    let outcome = fatima
        .run(accept_roles(&before, &["helpdesk-administrator"]))
        .await;
    assert_eq!(outcome, Ok(AcceptOutcome::Created));
    let contoso = contoso_at_fabrikam(&fatima).await;
    let m365 = service(&contoso, "microsoft-365");
    assert_eq!(m365.state, GrantState::Active);
    let roles: Vec<ServiceRole> = m365.roles.iter().map(|r| r.role).collect();
    assert_eq!(roles, [ServiceRole::HelpdeskAdministrator]);
    assert_eq!(m365.roles[0].ends_on, last_day(&app, 90));
    assert_eq!(m365.roles[0].last_used_on, None);
    assert_eq!(service(&contoso, "azure").state, GrantState::NotGranted);
    assert_eq!(app.count("SELECT COUNT(*) FROM role_grants").await, 1);
    let granted = last_roles(&app, "dap_granted").await;
    assert_eq!(granted.roles, [ServiceRole::HelpdeskAdministrator]);
    assert_eq!(granted.until, Some(last_day(&app, 90)));
    assert_eq!(
        granted.asked,
        [
            ServiceRole::UserAdministrator,
            ServiceRole::HelpdeskAdministrator,
            ServiceRole::Reader
        ]
    );

    // The partner's side shows the same role and end.
    let carla = app.sign_in_as("admin@contoso.example").await;
    let overview = carla
        .run(app::customers::LoadCustomer {
            customer: "fabrikam".into(),
        })
        .await
        .expect("customer page");
    let m365 = overview
        .grants
        .iter()
        .find(|g| g.service_id == "microsoft-365")
        .expect("Microsoft 365");
    assert_eq!(m365.roles.len(), 1);
    assert_eq!(m365.roles[0].ends_on, last_day(&app, 90));
}

#[tokio::test]
async fn a_role_the_link_does_not_ask_for_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    for roles in [
        &["owner"][..],
        &["reader", "root"],
        &["global-administrator"],
    ] {
        assert_eq!(
            fatima.run(accept_roles(&code, roles)).await,
            Err(consent(ConsentRefusal::RoleNotAsked)),
            "{roles:?}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, 0);
    // The link without privileges grants none, whatever is sent.
    let without = app.link_code("contoso", false).await;
    assert_eq!(
        fatima
            .run(accept_roles(&without, &["reader", "owner"]))
            .await,
        Ok(AcceptOutcome::Created)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM role_grants").await, 0);
}

#[tokio::test]
async fn an_ask_is_refused_with_its_reason_and_only_admin_agents_change_it() {
    let app = TestApp::spawn().await;
    for (roles, days, extend, refusal) in [
        (
            &["global-administrator", "reader"][..],
            "730",
            true,
            invitation(InvitationRefusal::ExtendWithGlobalAdministrator),
        ),
        (
            &[][..],
            "30",
            false,
            invitation(InvitationRefusal::NoRoleChosen),
        ),
        (
            &["reader"][..],
            "731",
            false,
            AppError::Invalid(Invalid::OutOfRange {
                field: Field::DurationDays,
                min: 1,
                max: 730,
            }),
        ),
        (
            &["reader"][..],
            "0",
            false,
            AppError::Invalid(Invalid::OutOfRange {
                field: Field::DurationDays,
                min: 1,
                max: 730,
            }),
        ),
        (
            &["superuser"][..],
            "30",
            false,
            AppError::Invalid(Invalid::Malformed(Field::Role)),
        ),
    ] {
        assert_eq!(
            ask(&app, roles, days, extend).await.err(),
            Some(refusal),
            "{roles:?} {days} {extend}"
        );
    }
    let sales = app.sign_in_as("sales@contoso.example").await;
    assert_eq!(
        sales
            .run(SaveRequest {
                roles: Some(vec!["reader".into()]),
                duration_days: "30".into(),
                auto_extend: None,
            })
            .await,
        Err(invitation(InvitationRefusal::OnlyAdminAgentsAsk))
    );
    // Nothing was stored: the page still shows the default ask.
    let page = sales.run(LoadInvitation {}).await.expect("page");
    assert_eq!(page.ask, app::role::Ask::default());
    assert_eq!(app.count("SELECT COUNT(*) FROM relationship_asks").await, 0);
}

#[tokio::test]
async fn helpdesk_administrator_alone_resets_passwords_and_cannot_add_users() {
    let app = TestApp::spawn().await;
    ask(&app, &["helpdesk-administrator"], "730", false)
        .await
        .expect("saved");
    let (fatima, _) = fabrikam_accepts(&app, &["helpdesk-administrator"]).await;
    let carla = app.sign_in_as("admin@contoso.example").await;
    let listed = directory(&carla).await.expect("the users, to help one");
    assert_eq!(listed.add_needs, Some(ServiceRole::UserAdministrator));
    assert_eq!(
        add_user(&carla, "nina@fabrikam.example").await,
        Err(delegated(DelegatedRefusal::RoleMissing(
            ServiceRole::UserAdministrator
        )))
    );
    assert_eq!(reset(&carla, &app).await, Ok(()));
    let contoso = contoso_at_fabrikam(&fatima).await;
    let helpdesk = &service(&contoso, "microsoft-365").roles[0];
    let today = app::db::day_of(app.clock.now_ms());
    assert_eq!(helpdesk.last_used_on.as_deref(), Some(today.as_str()));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'nina@fabrikam.example'")
            .await,
        0
    );
}

#[tokio::test]
async fn without_a_user_role_the_refusals_name_the_role_missing() {
    let app = TestApp::spawn().await;
    ask(&app, &["license-administrator", "reader"], "730", false)
        .await
        .expect("saved");
    fabrikam_accepts(&app, &["license-administrator", "reader"]).await;
    let carla = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(
        directory(&carla).await,
        Err(delegated(DelegatedRefusal::RoleMissing(
            ServiceRole::UserAdministrator
        )))
    );
    assert_eq!(
        reset(&carla, &app).await,
        Err(delegated(DelegatedRefusal::RoleMissing(
            ServiceRole::HelpdeskAdministrator
        )))
    );
    // A role on Microsoft 365 is enough to provision it (R5, R7).
    let created: Result<String, AppError> = carla
        .run(app::subscriptions::CreateSubscription {
            customer: "fabrikam".into(),
            service: "microsoft-365".into(),
            offer: "m365-e3".into(),
            seats: "5".into(),
        })
        .await;
    assert!(created.is_ok(), "{created:?}");
    // Dynamics 365 was not granted at all.
    let refused: Result<String, AppError> = carla
        .run(app::subscriptions::CreateSubscription {
            customer: "fabrikam".into(),
            service: "dynamics-365".into(),
            offer: "d365-sales-pro".into(),
            seats: "5".into(),
        })
        .await;
    assert_eq!(
        refused,
        Err(AppError::Refused(Refusal::Subscriptions(
            app::subscriptions::Refusal::NoPrivilegesForService
        )))
    );
}

#[tokio::test]
async fn a_grant_ends_by_itself_at_its_end_date_and_accepting_again_grants_it_anew() {
    let app = TestApp::spawn().await;
    ask(&app, &["user-administrator"], "40", false)
        .await
        .expect("saved");
    let (fatima, _) = fabrikam_accepts(&app, &["user-administrator"]).await;
    let carla = app.sign_in_as("admin@contoso.example").await;
    assert!(directory(&carla).await.is_ok());
    let list = customer_list(&carla).await;
    assert_eq!(list.rows[0].expires_in_days, None, "40 days: not yet");
    app.advance_days(12);
    let list = customer_list(&carla).await;
    assert_eq!(list.rows[0].expires_in_days, Some(28));

    app.advance_days(28);
    // Nothing ran: the check compares with the clock.
    assert_eq!(
        directory(&carla).await,
        Err(delegated(DelegatedRefusal::DapEnded))
    );
    let contoso = contoso_at_fabrikam(&fatima).await;
    assert_eq!(service(&contoso, "microsoft-365").state, GrantState::Ended);
    let list = customer_list(&carla).await;
    assert_eq!(list.rows[0].dap, DapState::Ended);

    // R10: accepting again grants the ask of now, with a new end date.
    let code = app.link_code("contoso", true).await;
    assert_eq!(
        fatima
            .run(accept_roles(&code, &["user-administrator"]))
            .await,
        Ok(AcceptOutcome::Restored)
    );
    assert!(directory(&carla).await.is_ok());
    let contoso = contoso_at_fabrikam(&fatima).await;
    assert_eq!(
        service(&contoso, "microsoft-365").roles[0].ends_on,
        last_day(&app, 40)
    );
    // The history shows both grants.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_events WHERE action IN ('dap_granted', 'dap_restored')"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn the_scheduler_warns_once_per_threshold_extends_and_says_when_roles_ended() {
    let app = TestApp::spawn().await;
    ask(&app, &["reader"], "10", true).await.expect("saved");
    fabrikam_accepts(&app, &["reader"]).await;
    // Northwind's roles end without extension.
    let northwind = app.sign_in_as("admin@northwind.example").await;
    northwind
        .run(SaveRequest {
            roles: Some(vec!["contributor".into()]),
            duration_days: "8".into(),
            auto_extend: None,
        })
        .await
        .expect("saved");
    let code = app.link_code("northwind", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    fatima
        .run(accept_roles(&code, &["contributor"]))
        .await
        .expect("accepted");

    let round = schedule::run_once(&app.pool, &app.clock, "http://liaison.test")
        .await
        .expect("round");
    assert_eq!(
        (round.extended, round.warned, round.ended),
        (0, 1, 0),
        "the 30-day warning for Northwind"
    );
    let again = schedule::run_once(&app.pool, &app.clock, "http://liaison.test")
        .await
        .expect("round");
    assert_eq!(again, schedule::Round::default(), "each warning once");

    app.advance_days(1);
    let round = schedule::run_once(&app.pool, &app.clock, "http://liaison.test")
        .await
        .expect("round");
    assert_eq!(round.warned, 1, "7 days left");
    app.advance_days(6);
    let round = schedule::run_once(&app.pool, &app.clock, "http://liaison.test")
        .await
        .expect("round");
    assert_eq!(round.warned, 1, "1 day left");
    assert_eq!(last_roles(&app, "grant_expiring").await.days_left, Some(1));

    app.advance_days(3);
    // Two processes' rounds at once: one extension, one "ended" event.
    let (a, b) = tokio::join!(
        schedule::run_once(&app.pool, &app.clock, "http://liaison.test"),
        schedule::run_once(&app.pool, &app.clock, "http://liaison.test")
    );
    let (a, b) = (a.expect("round"), b.expect("round"));
    assert_eq!(a.extended + b.extended, 1);
    assert_eq!(a.ended + b.ended, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'grant_extended'")
            .await,
        1
    );
    assert_eq!(
        last_roles(&app, "grant_extended").await,
        RolesDetail::of(&[ServiceRole::Reader])
            .until(&last_day(&app, 180))
            .extending(true)
    );
    assert_eq!(
        last_roles(&app, "grant_ended").await.roles,
        [ServiceRole::Contributor]
    );
    let contoso = contoso_at_fabrikam(&fatima).await;
    let reader = &service(&contoso, "azure").roles[0];
    assert_eq!(reader.state, GrantState::Active);
    assert!(reader.auto_extend);
    assert_eq!(reader.ends_on, last_day(&app, 180));
}

#[tokio::test]
async fn removing_one_role_keeps_the_others() {
    let app = TestApp::spawn().await;
    let (fatima, _) =
        fabrikam_accepts(&app, &["contributor", "reader", "user-administrator"]).await;
    let removal = fatima
        .run(RemoveRole {
            partner: "contoso".into(),
            role: "reader".into(),
        })
        .await;
    assert_eq!(
        removal,
        Ok(Removal {
            partner_name: "Contoso".into(),
            services: vec!["Azure".into()],
            role: Some(ServiceRole::Reader),
        })
    );
    let contoso = contoso_at_fabrikam(&fatima).await;
    let azure: Vec<(ServiceRole, GrantState)> = service(&contoso, "azure")
        .roles
        .iter()
        .map(|r| (r.role, r.state))
        .collect();
    assert_eq!(
        azure,
        [
            (ServiceRole::Contributor, GrantState::Active),
            (ServiceRole::Reader, GrantState::Removed)
        ]
    );
    assert_eq!(service(&contoso, "azure").state, GrantState::Active);
    assert_eq!(
        last_event(&app, "role_removed").await,
        Detail::Roles(RolesDetail::of(&[ServiceRole::Reader]))
    );
    // Again: nothing left to remove, nothing written.
    let events = app.count("SELECT COUNT(*) FROM audit_events").await;
    let again = fatima
        .run(RemoveRole {
            partner: "contoso".into(),
            role: "reader".into(),
        })
        .await
        .expect("answered");
    assert_eq!(again.role, None);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, events);
    assert_eq!(
        fatima
            .run(RemoveRole {
                partner: "contoso".into(),
                role: "root".into(),
            })
            .await,
        Err(AppError::Invalid(Invalid::Malformed(Field::Role)))
    );
    // A partner never removes roles.
    let carla = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(
        carla
            .run(RemoveRole {
                partner: "contoso".into(),
                role: "contributor".into(),
            })
            .await,
        Err(AppError::NotAllowed)
    );
}

async fn invite(carla: &Actor, domain: &str) -> Result<CustomerInvitation, AppError> {
    carla
        .run(CreateCustomerInvitation {
            domain: domain.into(),
        })
        .await
}

async fn states(carla: &Actor) -> Vec<(String, InvitationState)> {
    carla
        .run(CustomerInvitations {})
        .await
        .expect("invitations")
        .into_iter()
        .map(|i| (i.domain, i.state))
        .collect()
}

#[tokio::test]
async fn a_one_customer_invitation_is_accepted_once_by_its_domain_only() {
    let app = TestApp::spawn().await;
    let carla = app.sign_in_as("admin@contoso.example").await;
    let invited = invite(&carla, "Fabrikam.Example").await.expect("created");
    assert_eq!(invited.domain, "fabrikam.example");
    assert_eq!(invited.state, InvitationState::Pending);
    let code = code_of(&invited);

    let tom = app.sign_in_as("admin@tailspin.example").await;
    let page = tom
        .run(LoadConsent { code: code.clone() })
        .await
        .expect("page");
    assert_eq!(page.for_domain.as_deref(), Some("fabrikam.example"));
    assert_eq!(
        page.viewer,
        Viewer::Refused(ConsentRefusal::InvitationForAnotherDomain)
    );
    assert_eq!(
        tom.run(accept_roles(&code, &["reader"])).await,
        Err(consent(ConsentRefusal::InvitationForAnotherDomain))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 0);

    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        fatima.run(accept_roles(&code, &["reader"])).await,
        Ok(AcceptOutcome::Created)
    );
    assert_eq!(
        fatima.run(accept_roles(&code, &["reader"])).await,
        Err(consent(ConsentRefusal::InvitationUsed)),
        "once"
    );
    assert_eq!(
        fatima.run(LoadConsent { code }).await.err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        states(&carla).await,
        [("fabrikam.example".to_string(), InvitationState::Accepted)]
    );
    assert_eq!(
        invite(&carla, "not a domain").await.err(),
        Some(AppError::Invalid(Invalid::Malformed(Field::CustomerDomain)))
    );
    let sales = app.sign_in_as("sales@contoso.example").await;
    assert_eq!(
        invite(&sales, "tailspin.example").await.err(),
        Some(invitation(InvitationRefusal::OnlyAdminAgentsAsk))
    );
}

#[tokio::test]
async fn a_one_customer_invitation_expires_after_90_days_and_can_be_cancelled_or_declined() {
    let app = TestApp::spawn().await;
    let carla = app.sign_in_as("admin@contoso.example").await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;

    let expiring = invite(&carla, "fabrikam.example").await.expect("created");
    app.advance_days(90);
    assert_eq!(
        fatima
            .run(accept_roles(&code_of(&expiring), &["reader"]))
            .await,
        Err(consent(ConsentRefusal::InvitationUsed))
    );
    assert_eq!(
        fatima
            .run(LoadConsent {
                code: code_of(&expiring)
            })
            .await
            .err(),
        Some(AppError::NotFound)
    );

    let cancelled = invite(&carla, "fabrikam.example").await.expect("created");
    // Another partner cannot cancel it.
    let nadia = app.sign_in_as("admin@northwind.example").await;
    assert_eq!(
        nadia
            .run(CancelCustomerInvitation {
                id: cancelled.id.clone()
            })
            .await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        carla
            .run(CancelCustomerInvitation {
                id: cancelled.id.clone()
            })
            .await,
        Ok(())
    );
    assert_eq!(
        carla
            .run(CancelCustomerInvitation {
                id: cancelled.id.clone()
            })
            .await,
        Err(invitation(InvitationRefusal::InvitationNotPending))
    );
    assert_eq!(
        fatima
            .run(accept_roles(&code_of(&cancelled), &["reader"]))
            .await,
        Err(consent(ConsentRefusal::InvitationUsed))
    );

    let declined = invite(&carla, "fabrikam.example").await.expect("created");
    let tom = app.sign_in_as("admin@tailspin.example").await;
    assert_eq!(
        tom.run(app::consent::DeclineInvitation {
            code: code_of(&declined)
        })
        .await,
        Err(consent(ConsentRefusal::InvitationForAnotherDomain))
    );
    assert_eq!(
        fatima
            .run(app::consent::DeclineInvitation {
                code: code_of(&declined)
            })
            .await,
        Ok(())
    );
    assert_eq!(
        last_event(&app, "customer_invitation_declined").await,
        Detail::text("fabrikam.example")
    );
    assert_eq!(
        states(&carla).await,
        [
            ("fabrikam.example".to_string(), InvitationState::Declined),
            ("fabrikam.example".to_string(), InvitationState::Cancelled),
            ("fabrikam.example".to_string(), InvitationState::Expired),
        ]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 0);
}

#[tokio::test]
async fn the_migration_turns_each_grant_into_its_services_roles_for_two_years() {
    let dir = tempfile::tempdir().expect("directory");
    let db_url = crate::common::fresh_database(dir.path()).await;
    let engine = crate::common::engine();
    let folder = match engine {
        app::db::Engine::Sqlite => "sqlite",
        app::db::Engine::Postgres => "postgres",
    };
    let old = crate::common::unmigrated(&db_url).await;
    // The database as issue 20 left it.
    let mut before = sqlx::migrate::Migrator::new(std::path::Path::new(&format!(
        "{}/../migrations/{folder}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .await
    .expect("migrations");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version <= 6)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    crate::common::run_migrator(&before, &old).await;
    crate::common::run_script(
        &old,
        "INSERT INTO organizations (id, slug, name, kind, cloud_id, legal_name, verified_domain, partner_number, created_at)
         VALUES ('p', 'p', 'P', 'partner_csp', 'global', 'P Ltd', 'p.example', '1234567', '2025-01-01T00:00:00Z'),
                ('c', 'c', 'C', 'customer', 'global', NULL, NULL, NULL, '2025-01-01T00:00:00Z');
         INSERT INTO relationships (id, partner_id, customer_id, customer_slug, kind, created_at)
         VALUES ('r', 'p', 'c', 'c', 'reseller', '2025-01-02T00:00:00Z');
         INSERT INTO dap_grants (relationship_id, service_id, state, granted_at, removed_at)
         VALUES ('r', 'microsoft-365', 'active', '2025-01-02T00:00:00Z', NULL),
                ('r', 'azure', 'removed', '2025-01-02T00:00:00Z', '2025-06-01T00:00:00Z');",
    )
    .await;
    old.close().await;

    let pool = crate::common::connect(&db_url).await;
    let count = |sql: &'static str| crate::common::count_in(&pool, sql);
    assert_eq!(
        count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'").await,
        5,
        "every Microsoft 365 role"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM role_grants WHERE state = 'removed'").await,
        3,
        "Azure's roles, removed as the grant was"
    );
    let ends: Vec<i64> = app::db::query_scalar("SELECT DISTINCT ends_ms FROM role_grants")
        .fetch_all(&pool)
        .await
        .expect("ends");
    let two_years = app::db::Clock::default().now_ms() + 730 * app::role::DAY_MS;
    assert_eq!(ends.len(), 1);
    assert!(
        (two_years - ends[0]).abs() < 120_000,
        "{} {}",
        ends[0],
        two_years
    );
    let details: String = app::db::query_scalar(
        "SELECT details FROM audit_events WHERE action = 'roles_migrated' AND customer_id = 'c'",
    )
    .fetch_one(&pool)
    .await
    .expect("the migration's event");
    assert_eq!(
        details,
        format!(
            "Global Administrator, User Administrator, Helpdesk Administrator, \
             License Administrator, Security Reader; until {}",
            app::db::day_of(two_years)
        )
    );
}

#[tokio::test]
async fn nothing_extends_itself_while_global_administrator_is_in_force() {
    let app = TestApp::spawn().await;
    ask(&app, &["global-administrator", "reader"], "365", false)
        .await
        .expect("saved");
    let (fatima, _) = fabrikam_accepts(&app, &["global-administrator", "reader"]).await;
    ask(&app, &["reader", "contributor"], "365", true)
        .await
        .expect("saved");
    let code = app.link_code("contoso", true).await;
    assert_eq!(
        fatima.run(accept_roles(&code, &["contributor"])).await,
        Ok(AcceptOutcome::Granted)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants WHERE auto_extend")
            .await,
        0,
        "Global Administrator is held"
    );
    // Without Global Administrator, the ask's extension holds.
    let tom = app.sign_in_as("admin@tailspin.example").await;
    tom.run(accept_roles(&code, &["contributor"]))
        .await
        .expect("accepted");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants WHERE auto_extend")
            .await,
        1
    );
}

#[tokio::test]
async fn an_acceptance_is_of_the_ask_the_page_showed() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let shown = fatima
        .run(LoadConsent { code: code.clone() })
        .await
        .expect("page")
        .ask_version;
    ask(&app, &["reader"], "730", true).await.expect("saved");
    let mut accepting = accept_roles(&code, &["reader"]);
    accepting.ask = Some(shown);
    assert_eq!(
        fatima.run(accepting).await,
        Err(consent(ConsentRefusal::AskChanged))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 0);
    let fresh = fatima
        .run(LoadConsent { code: code.clone() })
        .await
        .expect("page");
    let mut accepting = accept_roles(&code, &["reader"]);
    accepting.ask = Some(fresh.ask_version);
    assert_eq!(fatima.run(accepting).await, Ok(AcceptOutcome::Created));
}

#[tokio::test]
async fn a_removed_role_is_refused_at_once() {
    let app = TestApp::spawn().await;
    let (fatima, _) =
        fabrikam_accepts(&app, &["user-administrator", "helpdesk-administrator"]).await;
    let carla = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(directory(&carla).await.map(|d| d.add_needs), Ok(None));
    fatima
        .run(RemoveRole {
            partner: "contoso".into(),
            role: "user-administrator".into(),
        })
        .await
        .expect("removed");
    assert_eq!(
        add_user(&carla, "nina@fabrikam.example").await,
        Err(delegated(DelegatedRefusal::RoleMissing(
            ServiceRole::UserAdministrator
        )))
    );
    assert_eq!(
        reset(&carla, &app).await,
        Ok(()),
        "Helpdesk Administrator stays"
    );
}

#[tokio::test]
async fn a_one_customer_invitation_works_on_its_89th_day_and_for_a_new_organization_of_its_domain()
{
    let app = TestApp::spawn().await;
    let carla = app.sign_in_as("admin@contoso.example").await;
    let late = invite(&carla, "fabrikam.example").await.expect("created");
    app.advance_days(89);
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        fatima.run(accept_roles(&code_of(&late), &["reader"])).await,
        Ok(AcceptOutcome::Created)
    );

    // A customer new to Liaison signs up from it, at its domain only.
    let newco = invite(&carla, "newco.example").await.expect("created");
    let visitor = app.visitor();
    let sign_up = |email: &str| app::accounts::SignUp {
        code: code_of(&newco),
        organization_name: "Newco".into(),
        your_name: "Sam Newco".into(),
        email: email.into(),
        password: "plum-orbit-canvas-42".into(),
    };
    assert_eq!(
        visitor.run(sign_up("sam@elsewhere.example")).await.err(),
        Some(consent(ConsentRefusal::InvitationForAnotherDomain))
    );
    assert!(visitor.run(sign_up("sam@newco.example")).await.is_ok());
}
