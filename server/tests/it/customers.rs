//! A partner's customer list at scale: keyset pages and name search.
use app::customers::PartnerCustomers;
use app::error::{AppError, Invalid};
use app::input::Field;

use crate::common::{PASSWORD, TestApp};

#[tokio::test]
async fn a_long_list_pages_without_gaps_and_search_finds_any_part_of_a_name() {
    let app = TestApp::spawn().await;
    let scale = app::scale::Scale {
        partners: 2,
        customers_per_partner: 120,
    };
    let written = app::scale::seed(&app.pool, scale, PASSWORD)
        .await
        .expect("seeded");
    assert_eq!(written.customers, 240);
    let partner = app.sign_in_as("admin@scale-p0.example").await;
    let list = |after: Option<String>, search: Option<&str>| {
        partner.run(PartnerCustomers {
            after,
            search: search.map(str::to_string),
        })
    };

    // Every customer of this partner exactly once, in slug order, none of the other's.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = list(after.clone(), None).await.expect("page");
        assert!(page.rows.len() <= app::customers::PAGE_SIZE as usize);
        seen.extend(page.rows.into_iter().map(|row| row.slug));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 120);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "slug order");
    assert!(seen.iter().all(|slug| slug.starts_with("scale-p0-")));

    // Any part of a name, in any case; only this partner's customers.
    let found = list(None, Some("rthern vall")).await.expect("search");
    let expected: Vec<String> = (0..120)
        .map(app::scale::customer_name)
        .filter(|name| name.to_lowercase().contains("rthern vall"))
        .collect();
    assert!(!expected.is_empty());
    let names: Vec<String> = found.rows.iter().map(|row| row.name.clone()).collect();
    assert_eq!(names.len(), expected.len(), "{names:?}");
    assert!(
        found
            .rows
            .iter()
            .all(|row| row.slug.starts_with("scale-p0-"))
    );

    // A search pages too.
    let first = list(None, Some("Logistics")).await.expect("search");
    assert_eq!(first.rows.len(), app::customers::PAGE_SIZE as usize);
    let second = list(first.next.clone(), Some("Logistics"))
        .await
        .expect("next page");
    assert!(second.rows.iter().all(|row| row.name.contains("Logistics")));
    assert!(
        second
            .rows
            .iter()
            .all(|row| first.rows.iter().all(|f| f.slug != row.slug)),
        "no customer on both pages"
    );
    let all = (0..120)
        .filter(|&i| app::scale::customer_name(i).contains("Logistics"))
        .count();
    assert!(all > app::customers::PAGE_SIZE as usize);
    assert_eq!(
        first.rows.len() + second.rows.len(),
        all.min(2 * app::customers::PAGE_SIZE as usize)
    );
    // A search's cursor is a position in the FTS index on SQLite (a
    // number); on PostgreSQL it is a slug, as the list's, and any text is one.
    if crate::common::engine() == app::db::Engine::Sqlite {
        assert_eq!(
            list(Some("not-a-cursor".into()), Some("Logistics"))
                .await
                .map(|l| l.rows.len()),
            Err(AppError::Invalid(Invalid::Malformed(Field::Search)))
        );
    }

    // Search operators are plain text; too short is refused with the field.
    for hostile in [
        r#"" OR "x"#,
        "NEAR(a b)",
        "Logi*",
        "'; DROP TABLE organizations; --",
    ] {
        let result = list(None, Some(hostile)).await.expect("searched");
        assert!(result.rows.is_empty(), "{hostile}");
    }
    assert_eq!(
        list(None, Some("ab")).await.map(|l| l.rows.len()),
        Err(AppError::Invalid(Invalid::TooShort {
            field: Field::Search,
            min: 3
        }))
    );

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
