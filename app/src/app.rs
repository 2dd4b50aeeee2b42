//! The application shell and its routes.
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{Route, Router, Routes},
    lazy_route, path,
};

use crate::audit::AuditLogPage;
use crate::auth::{AuthActions, LoginPage};
use crate::billing::BillingPage;
use crate::consent::ConsentRoute;
use crate::customers::{CustomerPage, CustomersPage};
use crate::i18n::*;
use crate::invitations::RequestRelationshipPage;
use crate::relationships::PartnerRelationshipsPage;
use crate::support::{SupportRequestPage, SupportRequestsPage};
use crate::ui::{Header, HomePage, NotFoundPage};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <link rel="stylesheet" id="leptos" href="/pkg/liaison.css" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // One site-wide language cookie, kept for a year (leptos-use counts in ms).
    let cookie_options = leptos_i18n::context::CookieOptions::<Locale>::default()
        .path("/")
        .max_age(365 * 24 * 3600 * 1000_i64);
    view! {
        <I18nContextProvider cookie_options>
            <Routed />
        </I18nContextProvider>
    }
}

/// The document title.
const TITLE: &str = "Liaison";

#[component]
fn Routed() -> impl IntoView {
    let i18n = use_i18n();
    AuthActions::provide();
    view! {
        // The product's name, the same in every language. A plain text, not
        // a closure over the language signal: the server reads the title
        // after the page's reactive owner may be gone, and a disposed signal
        // panicked there under load (seen in scripts/bench.sh).
        <Title text=TITLE />
        <Router>
            <a class="skip" href="#main">{t!(i18n, common.skip)}</a>
            <Header />
            <main id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view={Lazy::<Home>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<Login>::new()} />
                    <Route
                        path=path!("/partner/customers")
                        view={Lazy::<Customers>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/partner/customers/request-relationship")
                        view={Lazy::<RequestRelationship>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/partner/customers/:customer")
                        view={Lazy::<Customer>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/partner/billing")
                        view={Lazy::<Billing>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/partner/support-requests/:id")
                        view={Lazy::<SupportRequest>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/invitations/:code")
                        view={Lazy::<Consent>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/partner-relationships")
                        view={Lazy::<PartnerRelationships>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/support-requests")
                        view={Lazy::<CustomerSupportRequests>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/support-requests/:id")
                        view={Lazy::<SupportRequest>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/audit-log")
                        view={Lazy::<AuditLog>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/subscriptions")
                        view={Lazy::<OwnSubscriptions>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/operator/support-requests")
                        view={Lazy::<OperatorSupportRequests>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/operator/catalog")
                        view={Lazy::<Catalog>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/operator/support-requests/:id")
                        view={Lazy::<SupportRequest>::new()}
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// A page whose code the browser loads only when the page is shown: with
/// `cargo leptos build --split`, each one becomes its own WASM chunk, so the
/// first load carries the shell and one page rather than all of them.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $name:ident => $view:expr) => {
        $(#[$doc])*
        struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                $name
            }

            fn view(_this: Self) -> AnyView {
                $view.into_any()
            }
        }
    };
}

lazy_page!(Home => view! { <HomePage /> });
lazy_page!(Login => view! { <LoginPage /> });
lazy_page!(Customers => view! { <CustomersPage /> });
lazy_page!(RequestRelationship => view! { <RequestRelationshipPage /> });
lazy_page!(Customer => view! { <CustomerPage /> });
lazy_page!(Billing => view! { <BillingPage /> });
lazy_page!(SupportRequest => view! { <SupportRequestPage /> });
lazy_page!(Consent => view! { <ConsentRoute /> });
lazy_page!(PartnerRelationships => view! { <PartnerRelationshipsPage /> });
lazy_page!(CustomerSupportRequests => view! { <SupportRequestsPage operator=false /> });
lazy_page!(OperatorSupportRequests => view! { <SupportRequestsPage operator=true /> });
lazy_page!(AuditLog => view! { <AuditLogPage /> });
lazy_page!(OwnSubscriptions => view! { <crate::subscriptions::OwnSubscriptionsPage /> });
lazy_page!(Catalog => view! { <crate::subscriptions::CatalogPage /> });
