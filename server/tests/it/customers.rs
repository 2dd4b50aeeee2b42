//! A partner's customer list: what it says of each customer's roles, and
//! at scale: name order, a count, pages both ways, filters by state, the
//! sort by expiry, name search, and nothing of another partner's.
use app::customers::{
    CustomerList, CustomerListPage, PartnerCustomers, RowState, SortOrder, StateFilter, Total,
};
use app::error::{AppError, Invalid};
use app::input::Field;
use app::role::DAY_MS;

use crate::common::{Actor, PASSWORD, TestApp};

const PAGE: usize = app::customers::PAGE_SIZE as usize;

/// One page of `actor`'s list, as the page asks for it.
async fn list(
    actor: &Actor,
    after: Option<&str>,
    before: Option<&str>,
    search: Option<&str>,
    state: Option<&str>,
    sort: Option<&str>,
) -> Result<CustomerList, AppError> {
    let text = |v: Option<&str>| v.map(str::to_string);
    actor
        .run(CustomerListPage {
            after: text(after),
            before: text(before),
            search: text(search),
            state: text(state),
            sort: text(sort),
        })
        .await
}

/// The list's first page in `state` and `sort` order.
async fn first(actor: &Actor, state: Option<&str>, sort: Option<&str>) -> CustomerList {
    list(actor, None, None, None, state, sort)
        .await
        .expect("first page")
}

/// Every customer of the list, page after page (following `next`), then
/// the same walked back from the last page (following `previous`).
async fn walk(actor: &Actor, state: Option<&str>, sort: Option<&str>) -> Vec<String> {
    let mut forward = Vec::new();
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = list(actor, after.as_deref(), None, None, state, sort)
            .await
            .expect("page");
        assert!(page.rows.len() <= PAGE);
        assert_eq!(
            page.previous.is_some(),
            after.is_some(),
            "only the first page has no previous page"
        );
        forward.extend(page.rows.iter().map(|row| row.slug.clone()));
        pages.push(
            page.rows
                .iter()
                .map(|row| row.slug.clone())
                .collect::<Vec<_>>(),
        );
        match page.next {
            Some(next) => after = Some(next),
            None => {
                // Back from the last page to the first, each page as it was.
                let mut before = page.previous;
                let mut index = pages.len() - 1;
                while let Some(cursor) = before {
                    index -= 1;
                    let back = list(actor, None, Some(&cursor), None, state, sort)
                        .await
                        .expect("previous page");
                    let slugs: Vec<String> = back.rows.iter().map(|r| r.slug.clone()).collect();
                    assert_eq!(slugs, pages[index], "page {index}, walked back");
                    assert!(back.next.is_some(), "a previous page has a next page");
                    before = back.previous;
                }
                assert_eq!(index, 0, "walked back to the first page");
                break;
            }
        }
    }
    forward
}

/// The `<tr>` of the page that names `name`.
fn row_of<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html
        .find(&format!(">{name}<"))
        .unwrap_or_else(|| panic!("{name} in {html}"));
    let start = html[..at].rfind("<tr").expect("row start");
    let end = at + html[at..].find("</tr>").expect("row end");
    &html[start..end]
}

#[tokio::test]
async fn the_list_says_what_is_true_of_the_roles_some_removed_all_removed_ended() {
    let app = TestApp::spawn().await;
    let fabrikam = app.accepts("admin@fabrikam.example", "contoso", true).await;
    app.accepts("admin@tailspin.example", "contoso", true).await;
    // Northwind's customer, and Northwind's list, stay Northwind's.
    app.accepts("admin@tailspin.example", "northwind", false)
        .await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let northwind = app.sign_in_as("admin@northwind.example").await;

    let state_of = |list: &CustomerList, name: &str| {
        let row = list.rows.iter().find(|r| r.name == name).expect("listed");
        (row.roles.state(), row.roles)
    };
    let all = first(&contoso, None, None).await;
    let granted = all.rows[0].roles.in_force;
    assert!(granted >= 2, "the default ask grants several roles");
    assert_eq!(state_of(&all, "Fabrikam").0, RowState::Active);
    assert_eq!(all.total, Total::Exactly(2));

    // Fabrikam removes one role and keeps the others: not "removed".
    fabrikam
        .run(app::relationships::RemoveRole {
            partner: "contoso".into(),
            role: "helpdesk-administrator".into(),
        })
        .await
        .expect("removed one role");
    let all = first(&contoso, None, None).await;
    let (state, roles) = state_of(&all, "Fabrikam");
    assert_eq!(state, RowState::PartlyRemoved);
    assert_eq!(
        (roles.in_force, roles.removed, roles.ended),
        (granted - 1, 1, 0)
    );
    assert_eq!(state_of(&all, "Tailspin Toys").0, RowState::Active);
    let (_, _, html) = contoso.page("/partner/customers").await;
    let row = row_of(&html, "Fabrikam");
    assert!(row.contains("Some roles removed"), "{row}");
    assert!(
        row.contains(&format!(
            "Roles in force: {} of {granted} · removed by the customer: 1",
            granted - 1
        )),
        "{row}"
    );
    assert!(!row.contains("Removed by the customer"), "{row}");
    assert!(row_of(&html, "Tailspin Toys").contains(">Active<"));
    assert!(html.contains("Customers: 2"), "the count");
    let french = contoso
        .client
        .get(format!("{}/partner/customers", app.base))
        .header("Accept", "text/html")
        .header("Accept-Language", "fr")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(french.contains("Certains rôles retirés"), "{french}");

    // Filters: in force holds both; removed, Fabrikam; nothing is expiring or ended.
    let names = |list: CustomerList| list.rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(
        names(first(&contoso, Some("in-force"), None).await),
        ["Fabrikam", "Tailspin Toys"]
    );
    assert_eq!(
        names(first(&contoso, Some("removed"), None).await),
        ["Fabrikam"]
    );
    assert!(
        first(&contoso, Some("expiring"), None)
            .await
            .rows
            .is_empty()
    );
    assert!(first(&contoso, Some("ended"), None).await.rows.is_empty());

    // 20 days before the end: both expiring, both sorted first by expiry.
    app.advance_days(u64::from(app::role::MAX_DURATION_DAYS) - 20);
    let expiring = first(&contoso, Some("expiring"), None).await;
    assert_eq!(names(expiring.clone()), ["Fabrikam", "Tailspin Toys"]);
    assert_eq!(expiring.total, Total::Exactly(2));
    assert_eq!(expiring.filter, Some(StateFilter::Expiring));

    // Fabrikam removes the rest: removed by the customer, not expiring.
    fabrikam
        .run(app::relationships::RemoveDap {
            partner: "contoso".into(),
            service: None,
        })
        .await
        .expect("removed every role");
    let all = first(&contoso, None, None).await;
    assert_eq!(state_of(&all, "Fabrikam").0, RowState::Removed);
    assert_eq!(
        names(first(&contoso, Some("expiring"), None).await),
        ["Tailspin Toys"]
    );
    assert_eq!(
        names(first(&contoso, Some("in-force"), None).await),
        ["Tailspin Toys"]
    );
    let (_, _, html) = contoso.page("/partner/customers").await;
    assert!(row_of(&html, "Fabrikam").contains("Removed by the customer"));

    // Past the end: Tailspin's roles ended.
    app.advance_days(21);
    let all = first(&contoso, None, None).await;
    let (state, roles) = state_of(&all, "Tailspin Toys");
    assert_eq!(state, RowState::Ended);
    assert_eq!((roles.in_force, roles.ended), (0, granted));
    assert_eq!(
        names(first(&contoso, Some("ended"), None).await),
        ["Tailspin Toys"]
    );
    assert!(
        first(&contoso, Some("in-force"), None)
            .await
            .rows
            .is_empty()
    );
    assert_eq!(
        first(&contoso, Some("in-force"), None).await.total,
        Total::Exactly(0)
    );
    let (_, _, html) = contoso.page("/partner/customers?state=in-force").await;
    assert!(html.contains("No customer is in this state."), "{html}");
    let (_, _, html) = contoso.page("/partner/customers").await;
    assert!(row_of(&html, "Tailspin Toys").contains(">Ended<"));

    // Northwind sees its one customer, without privileges, and nothing of Contoso's.
    let theirs = first(&northwind, None, None).await;
    assert_eq!(names(theirs.clone()), ["Tailspin Toys"]);
    assert_eq!(theirs.rows[0].roles.state(), RowState::NotGranted);
    assert_eq!(theirs.total, Total::Exactly(1));
    for state in ["in-force", "expiring", "removed", "ended"] {
        assert!(
            first(&northwind, Some(state), None).await.rows.is_empty(),
            "{state}"
        );
    }
    // Contoso's customer as a cursor means nothing on Northwind's list.
    let page = list(&northwind, Some("fabrikam"), None, None, None, None)
        .await
        .expect("list");
    assert_eq!(names(page.clone()), ["Tailspin Toys"]);
    assert_eq!(page.previous, None);
}

#[tokio::test]
async fn a_long_list_is_in_name_order_counted_and_pages_both_ways() {
    let app = TestApp::spawn().await;
    let scale = app::scale::Scale {
        partners: 2,
        customers_per_partner: 120,
        names: app::scale::Names::Numbered,
    };
    app::scale::seed(&app.pool, &app.clock, scale, PASSWORD)
        .await
        .expect("seeded");
    let partner = app.sign_in_as("admin@scale-p0.example").await;

    // Name order, whatever the case, each customer once, none of the other partner's.
    let mut expected: Vec<(String, String)> = (0..120)
        .map(|c| (app::scale::customer_name(c), format!("scale-p0-c{c:06}")))
        .collect();
    expected.sort_by_key(|(name, slug)| (name.to_lowercase(), slug.clone()));
    let seen = walk(&partner, None, None).await;
    let slugs: Vec<String> = expected.iter().map(|(_, slug)| slug.clone()).collect();
    assert_eq!(seen, slugs);
    let page = first(&partner, None, None).await;
    assert_eq!(page.total, Total::Exactly(120));
    assert_eq!(page.rows[0].name, expected[0].0);
    assert_eq!(page.sort, SortOrder::Name);

    // The page: the count, and plain links that keep the view.
    let (status, _, html) = partner.page("/partner/customers").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(html.contains("Customers: 120"), "{html}");
    assert!(html.contains("Next page"));
    assert!(!html.contains("Previous page"));
    let after = page.next.expect("a second page");
    let (_, _, html) = partner
        .page(&format!(
            "/partner/customers?state=in-force&sort=expires&after={after}"
        ))
        .await;
    assert!(
        html.contains("Previous page") && html.contains("Next page"),
        "{html}"
    );
    assert!(
        html.contains("/partner/customers?state=in-force&amp;sort=expires&amp;before=")
            || html.contains("/partner/customers?state=in-force&sort=expires&before="),
        "previous keeps the state and the order: {html}"
    );
    assert!(
        html.contains(r#"<option value="expires" selected"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="in-force" selected"#),
        "{html}"
    );

    // A partner with 120 customers in a database of 240 counts 120; the other too.
    let other = app.sign_in_as("admin@scale-p1.example").await;
    assert_eq!(first(&other, None, None).await.total, Total::Exactly(120));
    assert!(
        walk(&other, Some("removed"), Some("expires"))
            .await
            .iter()
            .all(|slug| slug.starts_with("scale-p1-"))
    );
}

#[tokio::test]
async fn the_list_filters_by_state_and_sorts_by_expiry() {
    let app = TestApp::spawn().await;
    let scale = app::scale::Scale {
        partners: 2,
        customers_per_partner: 120,
        names: app::scale::Names::Numbered,
    };
    app::scale::seed(&app.pool, &app.clock, scale, PASSWORD)
        .await
        .expect("seeded");
    let partner = app.sign_in_as("admin@scale-p0.example").await;
    let now = app::db::Clock::default().now_ms();
    // The other partner's customers with the same numbers expire and end
    // too: they must not show.
    let set_end = |c: usize, ends_ms: i64| {
        let pool = app.pool.clone();
        async move {
            for p in 0..2 {
                app::db::query(
                    "UPDATE role_grants SET ends_ms = $1 WHERE relationship_id =
                        (SELECT id FROM relationships WHERE customer_slug = $2)",
                )
                .bind(ends_ms)
                .bind(format!("scale-p{p}-c{c:06}"))
                .execute(&pool)
                .await
                .expect("end moved");
            }
        }
    };
    // Customers 0-4 expire within 30 days (0 last), 5-7 have ended, 10's
    // roles end in 40 days (not expiring). One in ten (9, 19, …) removed Azure.
    for c in 0..5 {
        set_end(c, now + (25 - 4 * c as i64) * DAY_MS).await;
    }
    for c in 5..8 {
        set_end(c, now - (c as i64) * DAY_MS).await;
    }
    set_end(10, now + 40 * DAY_MS).await;
    let slug = |c: usize| format!("scale-p0-c{c:06}");
    let by_name = |mut cs: Vec<usize>| {
        cs.sort_by_key(|&c| app::scale::customer_name(c).to_lowercase());
        cs.into_iter().map(slug).collect::<Vec<_>>()
    };

    let expiring = walk(&partner, Some("expiring"), None).await;
    assert_eq!(expiring, by_name((0..5).collect()));
    let page = first(&partner, Some("expiring"), None).await;
    assert_eq!(page.total, Total::Exactly(5));
    assert!(page.rows.iter().all(|r| r.expires_in_days.is_some()));

    let ended = walk(&partner, Some("ended"), None).await;
    assert_eq!(ended, by_name((5..8).collect()));
    assert!(
        first(&partner, Some("ended"), None)
            .await
            .rows
            .iter()
            .all(|r| r.roles.state() == RowState::Ended)
    );

    let removed_expected = by_name((0..120).filter(|c| c % 10 == 9).collect());
    assert_eq!(
        walk(&partner, Some("removed"), None).await,
        removed_expected
    );
    let removed = first(&partner, Some("removed"), None).await;
    assert_eq!(removed.total, Total::Exactly(12));
    assert!(
        removed
            .rows
            .iter()
            .all(|r| r.roles.state() == RowState::PartlyRemoved)
    );

    let in_force = walk(&partner, Some("in-force"), None).await;
    assert_eq!(
        in_force,
        by_name((0..120).filter(|c| !(5..8).contains(c)).collect())
    );
    assert_eq!(
        first(&partner, Some("in-force"), None).await.total,
        Total::Exactly(117)
    );

    // By expiry: what ended first (7, 6, 5), then the soonest end (4 … 0),
    // then 10, then everyone else by name, across pages both ways.
    let sorted = walk(&partner, None, Some("expires")).await;
    let mut expected: Vec<String> = [7, 6, 5, 4, 3, 2, 1, 0, 10].into_iter().map(slug).collect();
    expected.extend(by_name(
        (0..120)
            .filter(|c| !(0..8).contains(c) && *c != 10)
            .collect(),
    ));
    assert_eq!(sorted, expected);
    let page = first(&partner, None, Some("expires")).await;
    assert_eq!(page.sort, SortOrder::Expires);
    assert_eq!(
        page.rows[0].first_end.as_deref(),
        Some(app::db::day_of(now - 7 * DAY_MS - 1).as_str())
    );
    // Filter and order together.
    assert_eq!(
        walk(&partner, Some("expiring"), Some("expires")).await,
        [4, 3, 2, 1, 0].into_iter().map(slug).collect::<Vec<_>>()
    );

    // The page shows the ends, in the address's order.
    let (_, _, html) = partner
        .page("/partner/customers?sort=expires&state=expiring")
        .await;
    let positions: Vec<usize> = [4, 3, 2, 1, 0]
        .into_iter()
        .map(|c| {
            html.find(&format!(">{}<", app::scale::customer_name(c)))
                .expect("shown")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(html.contains("Customers: 5"));
    assert!(html.contains("Expires in"));
}

#[tokio::test]
async fn unknown_parameters_are_ignored_and_said_never_an_error() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    for (state, sort) in [
        (Some("bogus"), None),
        (None, Some("slug")),
        (
            Some("in-force' OR 1=1 --"),
            Some("expires; DROP TABLE relationships"),
        ),
        (Some(""), Some("")),
    ] {
        let page = first(&contoso, state, sort).await;
        assert_eq!(page.rows.len(), 1, "{state:?} {sort:?}");
        assert_eq!(page.filter, None);
        assert_eq!(page.sort, SortOrder::Name);
    }
    for cursor in [
        "unknown-customer",
        "",
        "'; --",
        "scale-p9-c1",
        "%00",
        &"x".repeat(5000),
    ] {
        for (after, before) in [(Some(cursor), None), (None, Some(cursor))] {
            let page = list(&contoso, after, before, None, None, None)
                .await
                .expect("a cursor the list does not know is ignored");
            assert_eq!(page.rows.len(), 1);
            assert_eq!((page.previous, page.next), (None, None));
        }
    }
    let (status, _, html) = contoso
        .page("/partner/customers?state=bogus&sort=sideways&after=nobody&before=nobody")
        .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(
        html.contains("“bogus” is not a state this list knows, so every state is shown."),
        "{html}"
    );
    assert!(html.contains("“sideways” is not an order this list knows, so it is sorted by name."));
    assert!(row_of(&html, "Fabrikam").contains("Fabrikam"));
    let (status, _, html) = contoso.page("/partner/customers?state=removed&q=ab").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(html.contains("needs at least 3 characters"), "{html}");
    assert!(
        html.contains(r#"<option value="removed" selected"#),
        "the form keeps the state"
    );

    // A customer administrator has no customer list.
    let customer = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        list(&customer, None, None, None, Some("removed"), None)
            .await
            .map(|l| l.rows.len()),
        Err(AppError::NotAllowed)
    );
}

#[tokio::test]
async fn search_finds_any_part_of_a_name_pages_and_counts() {
    let app = TestApp::spawn().await;
    let scale = app::scale::Scale {
        partners: 2,
        customers_per_partner: 120,
        names: app::scale::Names::Numbered,
    };
    let written = app::scale::seed(&app.pool, &app.clock, scale, PASSWORD)
        .await
        .expect("seeded");
    assert_eq!(written.customers, 240);
    let partner = app.sign_in_as("admin@scale-p0.example").await;
    let search = |after: Option<String>, text: &str| {
        let text = text.to_string();
        let partner = &partner;
        async move { list(partner, after.as_deref(), None, Some(&text), None, None).await }
    };

    // Any part of a name, in any case; only this partner's customers.
    let found = search(None, "rthern vall").await.expect("search");
    let expected: Vec<String> = (0..120)
        .map(app::scale::customer_name)
        .filter(|name| name.to_lowercase().contains("rthern vall"))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(found.rows.len(), expected.len());
    assert_eq!(found.total, Total::Exactly(expected.len() as u64));
    assert!(
        found
            .rows
            .iter()
            .all(|row| row.slug.starts_with("scale-p0-"))
    );

    // A search pages forward and back, and filters by state.
    let all = (0..120)
        .filter(|&i| app::scale::customer_name(i).contains("Logistics"))
        .count();
    assert!(all > PAGE);
    let first_page = search(None, "Logistics").await.expect("search");
    assert_eq!(first_page.rows.len(), PAGE);
    assert_eq!(first_page.total, Total::Exactly(all as u64));
    let second = search(first_page.next.clone(), "Logistics")
        .await
        .expect("next page");
    assert!(second.rows.iter().all(|row| row.name.contains("Logistics")));
    assert!(
        second
            .rows
            .iter()
            .all(|row| first_page.rows.iter().all(|f| f.slug != row.slug)),
        "no customer on both pages"
    );
    assert_eq!(first_page.rows.len() + second.rows.len(), all.min(2 * PAGE));
    let back = list(
        &partner,
        None,
        second.previous.as_deref(),
        Some("Logistics"),
        None,
        None,
    )
    .await
    .expect("previous page");
    assert_eq!(
        back.rows.iter().map(|r| &r.slug).collect::<Vec<_>>(),
        first_page.rows.iter().map(|r| &r.slug).collect::<Vec<_>>()
    );
    let removed = list(
        &partner,
        None,
        None,
        Some("Logistics"),
        Some("removed"),
        None,
    )
    .await
    .expect("search and filter");
    assert!(!removed.rows.is_empty());
    assert!(
        removed
            .rows
            .iter()
            .all(|r| r.name.contains("Logistics") && r.roles.state() == RowState::PartlyRemoved)
    );
    // A cursor that is not one is ignored: the first page.
    assert_eq!(
        search(Some("not-a-cursor".into()), "Logistics")
            .await
            .map(|l| l.rows.len()),
        Ok(PAGE)
    );

    // Search operators are plain text; too short is refused with the field.
    for hostile in [
        r#"" OR "x"#,
        "NEAR(a b)",
        "Logi*",
        "'; DROP TABLE organizations; --",
    ] {
        let result = search(None, hostile).await.expect("searched");
        assert!(result.rows.is_empty(), "{hostile}");
    }
    assert_eq!(
        search(None, "ab").await.map(|l| l.rows.len()),
        Err(AppError::Invalid(Invalid::TooShort {
            field: Field::Search,
            min: 3
        }))
    );
    // The older function answers the first page in name order.
    let old = partner
        .run(PartnerCustomers {
            after: None,
            search: None,
        })
        .await
        .expect("list");
    assert_eq!(old.rows.len(), PAGE);
    assert_eq!(old.total, Total::Exactly(120));

    // The page shows the search box, the results and a next link that keeps the search.
    let (status, _, html) = partner.page("/partner/customers?q=Logistics").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(html.contains("Search customers"));
    assert!(
        html.contains("q=Logistics"),
        "the next page keeps the search"
    );
    let (status, _, html) = partner.page("/partner/customers?q=ab").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(html.contains("needs at least 3 characters"), "{html}");
}

#[tokio::test]
async fn search_ignores_case_accented_letters_included_and_keeps_the_accents() {
    let app = TestApp::spawn().await;
    let scale = app::scale::Scale {
        partners: 1,
        customers_per_partner: 60,
        names: app::scale::Names::Numbered,
    };
    app::scale::seed(&app.pool, &app.clock, scale, PASSWORD)
        .await
        .expect("seeded");
    // Customers renamed since: the list and its search follow the new names.
    let names = [
        "Élan Vital Bakery",
        "ÉLAN Motors",
        "élan & Co",
        "Café Müller GmbH",
        "CAFÉ MÜLLER",
        "Cafe Muller",
        "50%_off Outlet",
    ];
    for (c, name) in names.iter().enumerate() {
        app::db::query("UPDATE organizations SET name = $1 WHERE id = $2")
            .bind(name.to_string())
            .bind(format!("scale-p0-c{c:06}"))
            .execute(&app.pool)
            .await
            .expect("renamed");
    }
    let partner = app.sign_in_as("admin@scale-p0.example").await;
    for (text, expected) in [
        ("élan", &names[..3]),
        ("ÉLAN", &names[..3]),
        ("Elan", &[][..]),
        ("café müller", &names[3..5]),
        ("CAFÉ MÜLLER", &names[3..5]),
        ("cafe muller", &names[5..6]),
        ("%_o", &names[6..7]),
    ] {
        let found = list(&partner, None, None, Some(text), None, None)
            .await
            .expect("searched");
        let mut found_names: Vec<&str> = found.rows.iter().map(|r| r.name.as_str()).collect();
        found_names.sort_unstable();
        let mut expected = expected.to_vec();
        expected.sort_unstable();
        assert_eq!(found_names, expected, "{text}");
        assert_eq!(found.total, Total::Exactly(expected.len() as u64), "{text}");
    }
}

#[tokio::test]
async fn a_customer_some_of_whose_roles_ended_shows_both_counts_and_the_nearest_end_ahead() {
    let app = TestApp::spawn().await;
    let scale = app::scale::Scale {
        partners: 1,
        customers_per_partner: 3,
        names: app::scale::Names::Numbered,
    };
    app::scale::seed(&app.pool, &app.clock, scale, PASSWORD)
        .await
        .expect("seeded");
    let now = app.clock.now_ms();
    // Customer 1: one role ended yesterday, one ends in 10 days, the
    // others in two years.
    for (role, ends_ms) in [
        ("helpdesk-administrator", now - DAY_MS),
        ("license-administrator", now + 10 * DAY_MS),
    ] {
        app::db::query(
            "UPDATE role_grants SET ends_ms = $1 WHERE role_id = $2 AND relationship_id =
                (SELECT id FROM relationships WHERE customer_slug = 'scale-p0-c000001')",
        )
        .bind(ends_ms)
        .bind(role)
        .execute(&app.pool)
        .await
        .expect("end moved");
    }
    let partner = app.sign_in_as("admin@scale-p0.example").await;
    let row = |list: CustomerList| {
        list.rows
            .into_iter()
            .find(|r| r.slug == "scale-p0-c000001")
            .expect("listed")
    };
    let all = first(&partner, None, None).await;
    let granted = all.rows[0].roles.total();
    let one = row(all);
    assert_eq!(one.roles.state(), RowState::PartlyEnded);
    assert_eq!(
        (one.roles.in_force, one.roles.removed, one.roles.ended),
        (granted - 1, 0, 1)
    );
    assert_eq!(one.expires_in_days, Some(10), "the nearest end still ahead");
    let (_, _, html) = partner.page("/partner/customers").await;
    let line = row_of(&html, &one.name);
    assert!(line.contains("Some roles ended"), "{line}");
    assert!(
        line.contains(&format!(
            "Roles in force: {} of {granted} · ended: 1",
            granted - 1
        )),
        "{line}"
    );

    // 11 days on, the second has ended too, and nothing ends within 30 days.
    app.advance_days(11);
    let one = row(first(&partner, None, None).await);
    assert_eq!((one.roles.in_force, one.roles.ended), (granted - 2, 2));
    assert_eq!(one.expires_in_days, None);

    // Past every end: all ended.
    app.advance_days(u64::from(app::role::MAX_DURATION_DAYS));
    let one = row(first(&partner, None, None).await);
    assert_eq!(one.roles.state(), RowState::Ended);
    assert_eq!((one.roles.in_force, one.roles.ended), (0, granted));
}
