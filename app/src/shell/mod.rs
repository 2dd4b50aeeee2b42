//! The top of the house: the document, the routes, the header, the home
//! page and the language switch. Everything else is below it.
mod header;
mod home;

pub use header::{Header, LanguageSwitch};
pub use home::HomePage;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
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
use crate::ui::NotFoundPage;

/// The stylesheet's file under `/pkg`: named after its content by the
/// release build (the server reads the name at start), `liaison.css`
/// otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stylesheet(pub std::sync::Arc<str>);

impl Default for Stylesheet {
    fn default() -> Stylesheet {
        Stylesheet("liaison.css".into())
    }
}

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = use_context::<Stylesheet>().unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <link rel="stylesheet" id="leptos" href=format!("/pkg/{}", stylesheet.0) />
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
    // The language switch writes the cookie itself (`shell::LanguageSwitch`)
    // and reloads the page.
    view! {
        <I18nContextProvider>
            <Routed />
        </I18nContextProvider>
    }
}

#[component]
fn Routed() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // The product's name, the same in every language. A plain text, not
        // a closure over the language signal: the server reads the title
        // after the page's reactive owner may be gone, and a disposed signal
        // panicked there under load (seen in scripts/bench.sh).
        <Title text=crate::ui::PRODUCT />
        <Router>
            <Signed>
            <a class="skip" href="#main" rel="external">{tu_string!(i18n, common.skip)}</a>
            <Header />
            <main id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/login/forgot") view=crate::auth::ForgotPasswordPage />
                    <Route path=path!("/login/code") view=crate::auth::SignInCodePage ssr=SsrMode::Async />
                    <Route path=path!("/login/new-password") view=crate::auth::NewPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/password/:token") view=crate::auth::SetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=crate::accounts::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/partner/team") view=crate::accounts::TeamPage ssr=SsrMode::Async />
                    <Route path=path!("/partner/integrations") view=crate::integrations::IntegrationsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=crate::accounts::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/operator/partners") view=crate::accounts::PartnersPage ssr=SsrMode::Async />
                    <Route path=path!("/operator/outbox") view=crate::accounts::OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/partner/customers") view=CustomersPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/partner/customers/request-relationship")
                        view=RequestRelationshipPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/partner/customers/:customer")
                        view=CustomerPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/partner/billing") view=BillingPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/partner/support-requests/:id")
                        view=SupportRequestPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/invitations/:code") view=ConsentRoute ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/partner-relationships")
                        view=PartnerRelationshipsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/support-requests")
                        view=|| view! { <SupportRequestsPage operator=false /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/support-requests/:id")
                        view=SupportRequestPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/admin/audit-log") view=AuditLogPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/subscriptions")
                        view=crate::subscriptions::OwnSubscriptionsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/operator/support-requests")
                        view=|| view! { <SupportRequestsPage operator=true /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/operator/catalog")
                        view=crate::subscriptions::CatalogPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/operator/support-requests/:id")
                        view=SupportRequestPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            </Signed>
        </Router>
    }
}

/// Who is signed in and the actions that change it, for everything inside
/// the router: the router gives a form's failure from the address (a
/// sign-in sent before the page was interactive) to actions made inside it.
/// And what the pages' actions change, which their lists follow.
#[component]
fn Signed(children: Children) -> impl IntoView {
    AuthActions::provide();
    crate::ui::Changes::provide();
    children()
}

/// Each refusal reads as its own feature writes it.
impl crate::ui::Sentence for kernel::error::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::error::Refusal;
        match self {
            Refusal::SignIn(refusal) => refusal.sentence(locale),
            Refusal::Consent(refusal) => refusal.sentence(locale),
            Refusal::Invitation(refusal) => refusal.sentence(locale),
            Refusal::Relationships(refusal) => refusal.sentence(locale),
            Refusal::Delegated(refusal) => refusal.sentence(locale),
            Refusal::Support(refusal) => refusal.sentence(locale),
            Refusal::Subscriptions(refusal) => refusal.sentence(locale),
            Refusal::Accounts(refusal) => refusal.sentence(locale),
            Refusal::Integrations(refusal) => refusal.sentence(locale),
        }
    }
}
