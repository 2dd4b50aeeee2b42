//! Subscriptions, the multichannel rule, the partner of record and invoices
//! over real HTTP (R5, R7, R11), and every refusal on the way.
use app::billing::PartnerInvoice;
use app::error::{AppError, Invalid, Refusal};
use app::input::Field;
use app::relationships::RemoveDap;
use app::subscriptions::{
    AnswerTransfer, CancelTransfer, ChangeSeats, CreateSubscription, CustomerSubscriptions,
    MigrateSubscription, OrderAddon, Refusal as SubRefusal, RequestTransfer, SetOfferPrice,
    SetSubscriptionState, Subscription,
};
use futures_util::future::join_all;

use crate::common::{Actor, TestApp, from_role};

fn refused(refusal: SubRefusal) -> AppError {
    AppError::Refused(Refusal::Subscriptions(refusal))
}

async fn subscriptions(actor: &Actor, customer: &str) -> Vec<Subscription> {
    let view = actor
        .run(CustomerSubscriptions {
            customer: customer.into(),
        })
        .await
        .expect("subscriptions");
    view.subscriptions
}

/// The transfers waiting for `actor`'s answer at Fabrikam.
async fn incoming(actor: &Actor) -> Vec<app::subscriptions::IncomingTransfer> {
    let view = actor
        .run(CustomerSubscriptions {
            customer: "fabrikam".into(),
        })
        .await
        .expect("subscriptions");
    view.incoming
}

async fn create(
    actor: &Actor,
    customer: &str,
    service: &str,
    offer: &str,
    seats: &str,
) -> Result<String, AppError> {
    actor
        .run(CreateSubscription {
            customer: customer.into(),
            service: service.into(),
            offer: offer.into(),
            seats: seats.into(),
        })
        .await
}

async fn change_seats(actor: &Actor, sub: &Subscription, seats: &str) -> Result<(), AppError> {
    actor
        .run(ChangeSeats {
            customer: "fabrikam".into(),
            subscription: sub.id.clone(),
            version: sub.version.to_string(),
            seats: seats.into(),
        })
        .await
}

/// Fabrikam accepts Contoso's and Northwind's links; Contoso provisions
/// Microsoft 365 E3 for it. Returns (Contoso's admin, Northwind's admin, the subscription).
async fn contoso_sells_m365(app: &TestApp) -> (Actor, Actor, Subscription) {
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    app.accepts("admin@fabrikam.example", "northwind", true)
        .await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    create(&contoso, "fabrikam", "microsoft-365", "m365-e3", "10")
        .await
        .expect("provisioned");
    let northwind = app.sign_in_as("admin@northwind.example").await;
    let subs = subscriptions(&contoso, "fabrikam").await;
    assert_eq!(subs.len(), 1);
    let sub = subs.into_iter().next().expect("subscription");
    (contoso, northwind, sub)
}

#[tokio::test]
async fn the_provisioning_partner_becomes_partner_of_record() {
    let app = TestApp::spawn().await;
    let (contoso, _, sub) = contoso_sells_m365(&app).await;
    assert_eq!(
        (
            sub.offer.as_str(),
            sub.partner.as_str(),
            sub.seats,
            sub.of_record
        ),
        ("Microsoft 365 E3", "Contoso", 10, true)
    );
    // A sales agent sells too.
    let sales = app.sign_in_as("sales@contoso.example").await;
    create(&sales, "fabrikam", "microsoft-365", "m365-copilot", "1")
        .await
        .expect_err("an add-on is not a base offer");
    create(
        &sales,
        "fabrikam",
        "microsoft-365",
        "m365-business-basic",
        "5",
    )
    .await
    .expect("sales agents provision");
    assert_eq!(subscriptions(&contoso, "fabrikam").await.len(), 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'subscription_created'")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM billing_periods WHERE ends_on IS NULL")
            .await,
        2
    );
}

#[tokio::test]
async fn a_second_csp_reseller_is_refused_the_service_but_may_take_another() {
    let app = TestApp::spawn().await;
    let (_, northwind, _) = contoso_sells_m365(&app).await;
    assert_eq!(
        create(
            &northwind,
            "fabrikam",
            "microsoft-365",
            "m365-business-basic",
            "3"
        )
        .await,
        Err(refused(SubRefusal::ServiceHeldBy("Contoso".into())))
    );
    create(&northwind, "fabrikam", "azure", "azure-standard", "1")
        .await
        .expect("Azure is free to take");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM subscriptions s JOIN organizations p ON p.id = s.partner_id
             WHERE p.slug = 'northwind'"
        )
        .await,
        1
    );
    // Northwind sees Contoso's subscription (it holds privileges for the
    // service), but not as its own.
    let seen = subscriptions(&northwind, "fabrikam").await;
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().any(|s| s.partner == "Contoso" && !s.of_record));
}

#[tokio::test]
async fn delegated_admin_privileges_alone_change_nothing_of_another_partners_subscription() {
    let app = TestApp::spawn().await;
    let (_, northwind, sub) = contoso_sells_m365(&app).await;
    let not_of_record = refused(SubRefusal::NotPartnerOfRecord("Contoso".into()));
    let version = sub.version.to_string();
    assert_eq!(
        change_seats(&northwind, &sub, "50").await,
        Err(not_of_record.clone())
    );
    let addon = northwind
        .run(OrderAddon {
            customer: "fabrikam".into(),
            subscription: sub.id.clone(),
            version: version.clone(),
            addon: "m365-copilot".into(),
            quantity: "2".into(),
        })
        .await;
    assert_eq!(addon, Err(not_of_record.clone()));
    let migrate = northwind
        .run(MigrateSubscription {
            customer: "fabrikam".into(),
            subscription: sub.id.clone(),
            version: version.clone(),
            offer: "m365-business-basic".into(),
        })
        .await;
    assert_eq!(migrate, Err(not_of_record.clone()));
    let suspend = northwind
        .run(SetSubscriptionState {
            customer: "fabrikam".into(),
            subscription: sub.id.clone(),
            version,
            suspend: true,
        })
        .await;
    assert_eq!(suspend, Err(not_of_record));
    // Nothing moved.
    let after = subscriptions(&northwind, "fabrikam").await;
    assert_eq!(
        after,
        vec![Subscription {
            of_record: false,
            ..sub
        }]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM subscription_addons").await,
        0
    );
}

#[tokio::test]
async fn the_partner_of_record_changes_seats_orders_add_ons_migrates_and_suspends() {
    let app = TestApp::spawn().await;
    let (contoso, _, sub) = contoso_sells_m365(&app).await;
    change_seats(&contoso, &sub, "25").await.expect("seats");
    let sub = subscriptions(&contoso, "fabrikam").await.remove(0);
    assert_eq!((sub.seats, sub.version), (25, 2));
    let migrate = |offer: &str, version: &str| MigrateSubscription {
        customer: "fabrikam".into(),
        subscription: sub.id.clone(),
        version: version.into(),
        offer: offer.into(),
    };
    let set_state = |suspend: bool, version: &str| SetSubscriptionState {
        customer: "fabrikam".into(),
        subscription: sub.id.clone(),
        version: version.into(),
        suspend,
    };
    contoso
        .run(OrderAddon {
            customer: "fabrikam".into(),
            subscription: sub.id.clone(),
            version: "2".into(),
            addon: "m365-copilot".into(),
            quantity: "5".into(),
        })
        .await
        .expect("add-on");
    contoso
        .run(migrate("m365-e3", "3"))
        .await
        .expect_err("same offer");
    contoso
        .run(migrate("azure-standard", "3"))
        .await
        .expect_err("another service's offer");
    contoso
        .run(migrate("m365-business-standard", "3"))
        .await
        .expect("migrated");
    contoso.run(set_state(true, "4")).await.expect("suspended");
    let sub = subscriptions(&contoso, "fabrikam").await.remove(0);
    assert_eq!(sub.offer, "Microsoft 365 Business Standard");
    assert_eq!(sub.addons.len(), 1);
    assert_eq!(
        change_seats(&contoso, &sub, "30").await,
        Err(refused(SubRefusal::Suspended))
    );
    // Suspended: nothing is billed from today.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM billing_periods WHERE ends_on IS NULL")
            .await,
        0
    );
    contoso
        .run(set_state(false, "5"))
        .await
        .expect("reactivated");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM billing_periods WHERE ends_on IS NULL")
            .await,
        2
    );
    for action in [
        "seats_changed",
        "addon_ordered",
        "subscription_migrated",
        "subscription_suspended",
        "subscription_reactivated",
    ] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
            ))
            .await,
            1,
            "{action}"
        );
    }
}

#[tokio::test]
async fn advisors_helpdesk_agents_and_customers_do_not_transact() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    app.accepts("admin@fabrikam.example", "adatum", true).await;
    let adatum = app.sign_in_as("admin@adatum.example").await;
    assert_eq!(
        create(&adatum, "fabrikam", "microsoft-365", "m365-e3", "1").await,
        Err(refused(SubRefusal::AdvisorsDoNotTransact))
    );
    let view = adatum
        .run(CustomerSubscriptions {
            customer: "fabrikam".into(),
        })
        .await
        .expect("view");
    assert_eq!(
        view.blocked,
        Some(refused(SubRefusal::AdvisorsDoNotTransact))
    );
    let helpdesk = app.sign_in_as("helpdesk@contoso.example").await;
    assert_eq!(
        create(&helpdesk, "fabrikam", "microsoft-365", "m365-e3", "1").await,
        Err(refused(SubRefusal::OnlyAdminOrSalesAgents))
    );
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        create(&fatima, "fabrikam", "microsoft-365", "m365-e3", "1").await,
        Err(AppError::NotAllowed)
    );
    // A customer the partner has no relationship with is not found.
    let contoso = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(
        create(&contoso, "tailspin", "microsoft-365", "m365-e3", "1").await,
        Err(AppError::NotFound)
    );
    let visitor = app.visitor();
    assert_eq!(
        create(&visitor, "fabrikam", "microsoft-365", "m365-e3", "1").await,
        Err(AppError::NotSignedIn)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM subscriptions").await, 0);
}

#[tokio::test]
async fn provisioning_needs_privileges_for_the_service() {
    let app = TestApp::spawn().await;
    let fatima = app.accepts("admin@fabrikam.example", "contoso", true).await;
    fatima
        .run(RemoveDap {
            partner: "contoso".into(),
            service: Some("azure".into()),
        })
        .await
        .expect("removed");
    let contoso = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(
        create(&contoso, "fabrikam", "azure", "azure-standard", "1").await,
        Err(refused(SubRefusal::NoPrivilegesForService))
    );
    create(&contoso, "fabrikam", "microsoft-365", "m365-e3", "1")
        .await
        .expect("Microsoft 365 privileges are still active");
    // A relationship without privileges provisions nothing.
    app.accepts("admin@tailspin.example", "contoso", false)
        .await;
    assert_eq!(
        create(&contoso, "tailspin", "microsoft-365", "m365-e3", "1").await,
        Err(refused(SubRefusal::NoPrivilegesForService))
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_the_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let out_of_range = AppError::Invalid(Invalid::OutOfRange {
        field: Field::Seats,
        min: 1,
        max: 10_000,
    });
    for seats in [
        "0",
        "-1",
        "10001",
        "1.5",
        "many",
        "'; DROP TABLE subscriptions; --",
    ] {
        assert_eq!(
            create(&contoso, "fabrikam", "microsoft-365", "m365-e3", seats).await,
            Err(out_of_range.clone()),
            "{seats}"
        );
    }
    assert_eq!(
        create(&contoso, "fabrikam", "microsoft-365", "m365-e3", "").await,
        Err(AppError::Invalid(Invalid::Missing(Field::Seats)))
    );
    let bad_offer = AppError::Invalid(Invalid::Malformed(Field::Offer));
    for (service, offer) in [
        ("microsoft-365", "azure-standard"),
        ("microsoft-365", "m365-copilot"),
        ("microsoft-365", "no-such-offer"),
        ("no-such-service", "m365-e3"),
    ] {
        assert_eq!(
            create(&contoso, "fabrikam", service, offer, "1").await,
            Err(bad_offer.clone()),
            "{service} {offer}"
        );
    }
    // A missing field is a clear refusal, never a 500.
    let (status, _body) = contoso
        .call_raw("create_subscription", &[("customer", "fabrikam")])
        .await;
    assert!(status.is_client_error(), "{status} {_body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM subscriptions").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM service_transactors").await,
        0
    );
}

#[tokio::test]
async fn two_resellers_provisioning_the_same_service_at_once_leave_exactly_one() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    app.accepts("admin@fabrikam.example", "northwind", true)
        .await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let northwind = app.sign_in_as("admin@northwind.example").await;
    let attempts = (0..20).map(|i| {
        let actor = if i % 2 == 0 { &contoso } else { &northwind };
        create(actor, "fabrikam", "microsoft-365", "m365-e3", "1")
    });
    let results = join_all(attempts).await;
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert!(won >= 1);
    for result in &results {
        if let Err(error) = result {
            assert!(
                matches!(
                    error,
                    AppError::Refused(Refusal::Subscriptions(SubRefusal::ServiceHeldBy(_)))
                ),
                "{error:?}"
            );
        }
    }
    assert_eq!(
        app.count("SELECT COUNT(DISTINCT partner_id) FROM subscriptions")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM subscriptions").await,
        won as i64
    );
}

#[tokio::test]
async fn concurrent_seat_changes_on_one_version_keep_exactly_one() {
    let app = TestApp::spawn().await;
    let (contoso, _, sub) = contoso_sells_m365(&app).await;
    let seats: Vec<String> = (11..31).map(|n| n.to_string()).collect();
    let results = join_all(seats.iter().map(|n| change_seats(&contoso, &sub, n))).await;
    let winners: Vec<&String> = seats
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.is_ok())
        .map(|(n, _)| n)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for result in &results {
        if let Err(error) = result {
            assert_eq!(error, &refused(SubRefusal::ChangedElsewhere));
        }
    }
    let now = subscriptions(&contoso, "fabrikam").await.remove(0);
    assert_eq!(now.seats.to_string(), *winners[0]);
    assert_eq!(now.version, 2);
}

#[tokio::test]
async fn invoices_hold_only_what_the_partner_is_partner_of_record_for() {
    let app = TestApp::spawn().await;
    let (contoso, northwind, _) = contoso_sells_m365(&app).await;
    create(&northwind, "fabrikam", "azure", "azure-standard", "2")
        .await
        .expect("Azure");
    let contoso_invoice = contoso
        .run(PartnerInvoice { month: None })
        .await
        .expect("invoice");
    assert_eq!(contoso_invoice.lines.len(), 1);
    let line = &contoso_invoice.lines[0];
    assert_eq!(
        (line.customer.as_str(), line.offer.as_str(), line.quantity),
        ("Fabrikam", "Microsoft 365 E3", 10)
    );
    assert!(line.amount_cents > 0 && line.amount_cents <= 36_000);
    let northwind_invoice = northwind
        .run(PartnerInvoice { month: None })
        .await
        .expect("invoice");
    assert_eq!(
        northwind_invoice
            .lines
            .iter()
            .map(|l| l.offer.as_str())
            .collect::<Vec<_>>(),
        vec!["Azure Standard support"]
    );

    // The CSV says the same, for the partner only.
    let (status, kind, csv) = contoso.download("/partner/billing/invoice.csv").await;
    assert!(status.is_success(), "{status}");
    assert!(kind.starts_with("text/csv"), "{kind}");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].contains("Fabrikam,Microsoft 365 E3,subscription,10,36.00"));
    assert!(rows[2].contains("total"));
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let (status, _, _) = fatima.download("/partner/billing/invoice.csv").await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    let (status, _, _) = app
        .visitor()
        .download("/partner/billing/invoice.csv?month=2026-11")
        .await;
    assert!(status.is_redirection(), "{status}");
    let (status, _, _) = contoso
        .download("/partner/billing/invoice.csv?month=2026-13")
        .await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let adatum = app.sign_in_as("admin@adatum.example").await;
    assert_eq!(
        adatum.run(PartnerInvoice { month: None }).await,
        Err(refused(SubRefusal::AdvisorsDoNotTransact))
    );
}

async fn answer_transfer(actor: &Actor, transfer: &str, accept: bool) -> Result<(), AppError> {
    actor
        .run(AnswerTransfer {
            customer: "fabrikam".into(),
            transfer: transfer.into(),
            accept,
        })
        .await
}

async fn request_transfer(actor: &Actor, service: &str, partner: &str) -> Result<(), AppError> {
    actor
        .run(RequestTransfer {
            service: service.into(),
            partner: partner.into(),
        })
        .await
}

#[tokio::test]
async fn the_customer_moves_a_service_and_it_moves_when_the_new_reseller_accepts() {
    let app = TestApp::spawn().await;
    let (contoso, northwind, sub) = contoso_sells_m365(&app).await;
    app.accepts("admin@fabrikam.example", "adatum", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;

    // Partners never move a partner of record themselves, even with privileges.
    assert_eq!(
        request_transfer(&northwind, "microsoft-365", "northwind").await,
        Err(AppError::NotAllowed)
    );
    // Only to another reseller of the customer, for a service someone transacts.
    for (service, partner) in [
        ("microsoft-365", "adatum"),
        ("microsoft-365", "contoso"),
        ("microsoft-365", "no-such-partner"),
        ("azure", "northwind"),
    ] {
        assert_eq!(
            request_transfer(&fatima, service, partner).await,
            Err(refused(SubRefusal::TransferTargetInvalid)),
            "{service} {partner}"
        );
    }
    request_transfer(&fatima, "microsoft-365", "northwind")
        .await
        .expect("requested");
    assert_eq!(
        request_transfer(&fatima, "microsoft-365", "northwind").await,
        Err(refused(SubRefusal::TransferAlreadyPending))
    );

    // Until Northwind accepts, Contoso stays partner of record.
    change_seats(&contoso, &sub, "11")
        .await
        .expect("still Contoso's");
    let waiting = incoming(&northwind).await;
    assert_eq!(waiting.len(), 1);
    let transfer = waiting[0].id.clone();
    // The transfer is not Contoso's to answer.
    assert_eq!(
        answer_transfer(&contoso, &transfer, true).await,
        Err(AppError::NotFound)
    );
    let emails_before = app
        .count("SELECT COUNT(*) FROM outbox WHERE recipient = 'admin@fabrikam.example'")
        .await;
    answer_transfer(&northwind, &transfer, true)
        .await
        .expect("accepted");
    assert_eq!(
        answer_transfer(&northwind, &transfer, true).await,
        Err(refused(SubRefusal::TransferNotPending))
    );
    // R15: both partners' webhooks hear of it; Fabrikam's administrator
    // is emailed once.
    for partner in ["contoso", "northwind"] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM events e JOIN organizations p ON p.id = e.partner_id
                 WHERE p.slug = '{partner}' AND e.type = 'subscription.changed'
                   AND e.payload LIKE '%Contoso → Northwind Traders%'"
            ))
            .await,
            1,
            "{partner}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'admin@fabrikam.example'")
            .await,
        emails_before + 1
    );

    let now = subscriptions(&northwind, "fabrikam").await.remove(0);
    assert_eq!(
        (now.partner.as_str(), now.of_record, now.seats),
        ("Northwind Traders", true, 11)
    );
    assert_eq!(
        change_seats(&contoso, &now, "1").await,
        Err(refused(SubRefusal::NotPartnerOfRecord(
            "Northwind Traders".into()
        )))
    );
    change_seats(&northwind, &now, "15")
        .await
        .expect("Northwind is partner of record now");
    // From today the subscription bills to Northwind, not to Contoso.
    let northwind_invoice = northwind
        .run(PartnerInvoice { month: None })
        .await
        .expect("invoice");
    assert!(
        northwind_invoice
            .lines
            .iter()
            .any(|l| l.offer == "Microsoft 365 E3" && l.quantity == 15)
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM billing_periods b JOIN organizations p ON p.id = b.partner_id
             WHERE b.ends_on IS NULL AND p.slug = 'contoso'"
        )
        .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'partner_of_record_changed'")
            .await,
        2
    );
}

#[tokio::test]
async fn only_operators_set_prices_and_a_new_price_bills_from_the_next_change() {
    let app = TestApp::spawn().await;
    let (contoso, _, sub) = contoso_sells_m365(&app).await;
    let operator = app.sign_in_as("operator@liaison.example").await;
    let price = |offer: &str, price: &str| SetOfferPrice {
        offer: offer.into(),
        price: price.into(),
    };
    let name = operator
        .run(price("m365-e3", "40.00"))
        .await
        .expect("price set");
    assert_eq!(name, "Microsoft 365 E3");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'offer_price_changed'")
            .await,
        1
    );
    let refused_price = contoso.run(price("m365-e3", "1.00")).await;
    assert_eq!(refused_price, Err(AppError::NotAllowed));
    let bad = operator.run(price("m365-e3", "-4")).await;
    assert_eq!(
        bad,
        Err(AppError::Invalid(Invalid::Malformed(Field::Price)))
    );
    let unknown = operator.run(price("nope", "4")).await;
    assert_eq!(unknown, Err(AppError::NotFound));
    // The running period keeps its price; the next one bills the new price.
    assert_eq!(
        app.count("SELECT unit_price_cents FROM billing_periods WHERE ends_on IS NULL")
            .await,
        3600
    );
    change_seats(&contoso, &sub, "12").await.expect("seats");
    assert_eq!(
        app.count("SELECT unit_price_cents FROM billing_periods WHERE ends_on IS NULL")
            .await,
        4000
    );
}

#[tokio::test]
async fn a_cancelled_or_declined_transfer_moves_nothing_and_cannot_be_answered_again() {
    let app = TestApp::spawn().await;
    let (contoso, northwind, sub) = contoso_sells_m365(&app).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;

    // Cancelled by the customer: Northwind can no longer accept it.
    request_transfer(&fatima, "microsoft-365", "northwind")
        .await
        .expect("requested");
    let transfer = incoming(&northwind).await.remove(0).id;
    let cancel = || CancelTransfer {
        transfer: transfer.clone(),
    };
    fatima.run(cancel()).await.expect("cancelled");
    let again = fatima.run(cancel()).await;
    assert_eq!(again, Err(refused(SubRefusal::TransferNotPending)));
    assert_eq!(
        answer_transfer(&northwind, &transfer, true).await,
        Err(refused(SubRefusal::TransferNotPending))
    );
    assert!(incoming(&northwind).await.is_empty());

    // Declined by Northwind: Contoso stays partner of record.
    request_transfer(&fatima, "microsoft-365", "northwind")
        .await
        .expect("requested again");
    let transfer = incoming(&northwind).await.remove(0).id;
    answer_transfer(&northwind, &transfer, false)
        .await
        .expect("declined");
    assert_eq!(
        answer_transfer(&northwind, &transfer, true).await,
        Err(refused(SubRefusal::TransferNotPending))
    );
    change_seats(&contoso, &sub, "20")
        .await
        .expect("still Contoso's");
    for action in [
        "transfer_requested",
        "transfer_cancelled",
        "transfer_declined",
    ] {
        let expected = if action == "transfer_requested" { 2 } else { 1 };
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
            ))
            .await,
            expected,
            "{action}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'partner_of_record_changed'")
            .await,
        0
    );
}

/// The catalog's forms are plain posts (the page ships no WASM): the server
/// answers each with the catalog again, saying what was saved or why not.
#[tokio::test]
async fn a_price_posted_as_a_plain_form_comes_back_to_the_catalog_saying_what_happened() {
    let app = TestApp::spawn().await;
    let operator = app.sign_in_as("operator@liaison.example").await;
    let price = [("offer", "m365-e3"), ("price", "41.00")];
    let location = operator
        .post_form("set_offer_price", &price, "/operator/catalog")
        .await;
    assert_eq!(location, "/operator/catalog?saved=m365-e3");
    let (status, _, page) = operator.page(&location).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let said = from_role(&page, "status").expect("a status on the page");
    assert!(said.contains("The price of Microsoft 365 E3 was saved."));
    assert!(page.contains("value=\"41.00\""));

    // A mistyped price: back to the catalog with the reason, nothing changed.
    let mistyped = [("offer", "m365-e3"), ("price", "12,50")];
    let location = operator
        .post_form("set_offer_price", &mistyped, "/operator/catalog")
        .await;
    assert!(
        location.starts_with("/operator/catalog?__path=") && location.contains("&__err="),
        "{location}"
    );
    let (status, _, page) = operator.page(&location).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let alert = from_role(&page, "alert").expect("an alert on the page");
    assert!(alert.contains("Price is not valid."));
    assert!(!page.contains("role=\"status\""));
    assert!(page.contains("value=\"41.00\""));
}

#[tokio::test]
async fn the_customer_pages_forms_work_as_plain_posts_and_come_back_to_the_section() {
    let app = TestApp::spawn().await;
    let (contoso, northwind, sub) = contoso_sells_m365(&app).await;
    let page = "/partner/customers/fabrikam";

    // Provisioning from the open form: back to the page, which says so.
    let form = [
        ("customer", "fabrikam"),
        ("service", "azure"),
        ("offer", "azure-standard"),
        ("seats", "2"),
    ];
    let location = contoso
        .post_form(
            "create_subscription",
            &form,
            &format!("{page}?open=subscription"),
        )
        .await;
    assert_eq!(
        location,
        format!(
            "/partner/customers/fabrikam?done=subscription-created&subscription={}#subscriptions-heading",
            subscriptions(&contoso, "fabrikam")
                .await
                .iter()
                .find(|s| s.service_id == "azure")
                .expect("the new subscription")
                .id
        )
    );
    let (_, _, shown) = contoso.page(&location).await;
    let said = from_role(&shown, "status").expect("a status");
    assert!(said.contains("You are its partner of record."), "{said}");
    assert!(!shown.contains("name=\"seats\""), "the add form is closed");
    assert_eq!(subscriptions(&contoso, "fabrikam").await.len(), 2);

    // An offer of another service than the one chosen: back to the open
    // form with the reason, nothing created.
    let mixed = [
        ("customer", "fabrikam"),
        ("service", "azure"),
        ("offer", "m365-business-basic"),
        ("seats", "1"),
    ];
    let location = contoso
        .post_form(
            "create_subscription",
            &mixed,
            &format!("{page}?open=subscription"),
        )
        .await;
    assert!(location.starts_with("/partner/customers/fabrikam?open=subscription&__path="));
    let (_, _, shown) = contoso.page(&location).await;
    let alert = from_role(&shown, "alert").expect("an alert");
    assert!(alert.contains("Offer is not valid."), "{alert}");
    assert!(
        alert.contains("name=\"seats\""),
        "the alert is in the open form"
    );
    assert_eq!(subscriptions(&contoso, "fabrikam").await.len(), 2);

    // R11 through a plain form: Northwind is refused Contoso's subscription,
    // the change form stays open with the reason, and the seats stay.
    let edit = format!("{page}?subscription={}&edit=seats", sub.id);
    let (_, _, shown) = northwind.page(&edit).await;
    let alert = from_role(&shown, "alert").expect("the form says so before anything is sent");
    assert!(
        alert.contains("Contoso is the partner of record"),
        "{alert}"
    );
    let seats = [
        ("customer", "fabrikam"),
        ("subscription", sub.id.as_str()),
        ("version", &sub.version.to_string()),
        ("seats", "1"),
    ];
    let location = northwind.post_form("change_seats", &seats, &edit).await;
    assert!(
        location.contains("edit=seats&__path=%2Fapi%2Fchange_seats"),
        "{location}"
    );
    assert_eq!(subscriptions(&contoso, "fabrikam").await[0].seats, 10);

    // The partner of record changes them; the same form sent again (a
    // second click, the back button) is refused as stale, not applied twice.
    let seats = [
        ("customer", "fabrikam"),
        ("subscription", sub.id.as_str()),
        ("version", &sub.version.to_string()),
        ("seats", "12"),
    ];
    let location = contoso.post_form("change_seats", &seats, &edit).await;
    assert_eq!(
        location,
        format!(
            "/partner/customers/fabrikam?done=seats-changed&subscription={}#subscriptions-heading",
            sub.id
        )
    );
    let location = contoso.post_form("change_seats", &seats, &edit).await;
    let (_, _, shown) = contoso.page(&location).await;
    let alert = from_role(&shown, "alert").expect("an alert");
    assert!(alert.contains("changed"), "{alert}");
    assert!(
        alert.contains("value=\"12\""),
        "the form shows the seats as they are now"
    );
    let now = subscriptions(&contoso, "fabrikam").await;
    assert_eq!(
        now.iter().find(|s| s.id == sub.id).map(|s| s.seats),
        Some(12)
    );
}

/// "Add subscription" offers only the services the partner holds a role in
/// force for; the server refuses the others anyway.
#[tokio::test]
async fn add_subscription_offers_only_services_with_a_role_in_force() {
    let app = TestApp::spawn().await;
    let fatima = app.accepts("admin@fabrikam.example", "contoso", true).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let view = |customer: &str| CustomerSubscriptions {
        customer: customer.into(),
    };
    let offered = contoso.run(view("fabrikam")).await.expect("view");
    assert_eq!(
        offered.provisionable,
        ["microsoft-365", "azure", "dynamics-365"]
    );
    fatima
        .run(RemoveDap {
            partner: "contoso".into(),
            service: Some("azure".into()),
        })
        .await
        .expect("removed");
    let offered = contoso.run(view("fabrikam")).await.expect("view");
    assert_eq!(offered.provisionable, ["microsoft-365", "dynamics-365"]);
    assert_eq!(
        create(&contoso, "fabrikam", "azure", "azure-standard", "1").await,
        Err(refused(SubRefusal::NoPrivilegesForService))
    );
    let (_, _, page) = contoso
        .page("/partner/customers/fabrikam?open=subscription")
        .await;
    let form = &page[page
        .find("id=\"new-subscription-service\"")
        .expect("the add form")..];
    let select = &form[..form.find("</select>").expect("the service select")];
    assert!(select.contains("value=\"microsoft-365\""), "{select}");
    assert!(!select.contains("value=\"azure\""), "{select}");
    assert!(form.contains("Only the services you hold a delegated admin role in force for"));

    // A relationship without privileges: nothing to add, and the page says why.
    app.accepts("admin@tailspin.example", "contoso", false)
        .await;
    let offered = contoso.run(view("tailspin")).await.expect("view");
    assert!(offered.provisionable.is_empty());
    let (_, _, page) = contoso
        .page("/partner/customers/tailspin?open=subscription")
        .await;
    assert!(
        page.contains("No service can be added"),
        "the reason is said"
    );
    assert!(!page.contains("id=\"new-subscription-service\""), "no form");
}

/// "Suspend" asks first (a dialog the browser opens without script), and
/// each change comes back saying what changed, by the subscription's name.
#[tokio::test]
async fn suspending_asks_first_and_each_change_says_what_changed() {
    let app = TestApp::spawn().await;
    let (contoso, _, sub) = contoso_sells_m365(&app).await;
    let page = "/partner/customers/fabrikam";
    let (_, _, shown) = contoso.page(page).await;
    let dialog = from_role(&shown, "dialog").expect("a confirmation");
    assert!(
        dialog.contains("Suspend Microsoft 365 E3?"),
        "{}",
        &dialog[..400]
    );
    assert!(shown.contains(&format!("commandfor=\"suspend-{}\"", sub.id)));

    let state = |suspend: &'static str, version: String| {
        vec![
            ("customer", "fabrikam".to_string()),
            ("subscription", sub.id.clone()),
            ("version", version),
            ("suspend", suspend.to_string()),
        ]
    };
    let post = |form: Vec<(&'static str, String)>, function: &'static str| {
        let contoso = &contoso;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            contoso.post_form(function, &form, page).await
        }
    };
    let location = post(
        state("true", sub.version.to_string()),
        "set_subscription_state",
    )
    .await;
    assert_eq!(
        location,
        format!(
            "/partner/customers/fabrikam?done=state-changed&subscription={}#subscriptions-heading",
            sub.id
        )
    );
    let (_, _, shown) = contoso.page(&location).await;
    let said = from_role(&shown, "status").expect("a status");
    assert!(
        said.contains("Microsoft 365 E3 suspended"),
        "{}",
        &said[..200]
    );

    let version = (sub.version + 1).to_string();
    let location = post(state("false", version), "set_subscription_state").await;
    let (_, _, shown) = contoso.page(&location).await;
    let said = from_role(&shown, "status").expect("a status");
    assert!(
        said.contains("Microsoft 365 E3 reactivated"),
        "{}",
        &said[..200]
    );

    let addon = vec![
        ("customer", "fabrikam".to_string()),
        ("subscription", sub.id.clone()),
        ("version", (sub.version + 2).to_string()),
        ("addon", "m365-copilot".to_string()),
        ("quantity", "2".to_string()),
    ];
    let location = post(addon, "order_addon").await;
    assert!(location.contains("&addon=m365-copilot"), "{location}");
    let (_, _, shown) = contoso.page(&location).await;
    let said = from_role(&shown, "status").expect("a status");
    let addon_name = app
        .text("SELECT name FROM offers WHERE id = 'm365-copilot'")
        .await;
    assert!(
        said.contains(&format!("{addon_name} added to Microsoft 365 E3.")),
        "{}",
        &said[..200]
    );
    // In place, the answer names the add-on ordered.
    let sub = subscriptions(&contoso, "fabrikam").await.remove(0);
    assert_eq!(
        contoso
            .run(OrderAddon {
                customer: "fabrikam".into(),
                subscription: sub.id.clone(),
                version: sub.version.to_string(),
                addon: "m365-copilot".into(),
                quantity: "1".into(),
            })
            .await,
        Ok("m365-copilot".to_string())
    );

    // An address naming what is not this customer's says only the general sentence.
    let (_, _, shown) = contoso
        .page("/partner/customers/fabrikam?done=state-changed&subscription=nope&addon=%3Cb%3E")
        .await;
    let said = from_role(&shown, "status").expect("a status");
    assert!(
        said.contains("The subscription's state was changed."),
        "{}",
        &said[..200]
    );
    assert!(!shown.contains("&lt;b&gt;") && !shown.contains("<b>"));
}

/// A partner who receives no invoice (a helpdesk agent, an advisor) opens
/// "Invoices" all the same: the page's heading, then why, never a bare alert.
#[tokio::test]
async fn the_invoices_page_keeps_its_heading_above_the_reason_for_who_gets_none() {
    let app = TestApp::spawn().await;
    for email in ["helpdesk@contoso.example", "admin@adatum.example"] {
        let actor = app.sign_in_as(email).await;
        let (status, _, page) = actor.page("/partner/billing").await;
        assert!(status.is_client_error(), "{email}: {status}");
        let heading = page
            .find("<h1 tabindex=\"-1\">Invoices<")
            .unwrap_or_else(|| panic!("{email}: the heading"));
        let alert = page
            .find("role=\"alert\"")
            .unwrap_or_else(|| panic!("{email}: the reason"));
        assert!(heading < alert, "{email}: the heading first");
        assert!(!page.contains("Export CSV"), "{email}");
    }
}

#[tokio::test]
async fn asking_for_the_state_a_subscription_has_changes_nothing_not_even_when_privileges_were_last_used()
 {
    let app = TestApp::spawn().await;
    let (contoso, _, sub) = contoso_sells_m365(&app).await;
    app::db::query("UPDATE role_grants SET last_used_at = NULL")
        .execute(&app.pool)
        .await
        .expect("not used yet");
    let unused = "SELECT COUNT(*) FROM role_grants WHERE last_used_at IS NULL";
    let before = app.count(unused).await;
    assert!(before > 0);
    let set_state = |suspend: bool, version: &str| SetSubscriptionState {
        customer: "fabrikam".into(),
        subscription: sub.id.clone(),
        version: version.into(),
        suspend,
    };
    // Already active: nothing happens, nothing is marked used.
    contoso
        .run(set_state(false, &sub.version.to_string()))
        .await
        .expect("nothing to do");
    assert_eq!(app.count(unused).await, before);
    // A suspension is a change: the privileges it used are marked.
    contoso
        .run(set_state(true, &sub.version.to_string()))
        .await
        .expect("suspended");
    assert!(app.count(unused).await < before);
}
