//! The site's header: where each kind of user goes, who is signed in, the
//! language switch.
use leptos::prelude::*;

use crate::auth::{AuthActions, CurrentUser};
use crate::i18n::*;

/// A page the header's menu may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuPage {
    Customers,
    Request,
    Billing,
    Team,
    Integrations,
    Relationships,
    Subscriptions,
    CustomerSupport,
    Audit,
    Users,
    OperatorSupport,
    Catalog,
    Partners,
    Outbox,
}

impl MenuPage {
    pub fn href(self) -> &'static str {
        match self {
            MenuPage::Customers => "/partner/customers",
            MenuPage::Request => "/partner/customers/request-relationship",
            MenuPage::Billing => "/partner/billing",
            MenuPage::Team => "/partner/team",
            MenuPage::Integrations => "/partner/integrations",
            MenuPage::Relationships => "/admin/partner-relationships",
            MenuPage::Subscriptions => "/admin/subscriptions",
            MenuPage::CustomerSupport => "/admin/support-requests",
            MenuPage::Audit => "/admin/audit-log",
            MenuPage::Users => "/admin/users",
            MenuPage::OperatorSupport => "/operator/support-requests",
            MenuPage::Catalog => "/operator/catalog",
            MenuPage::Partners => "/operator/partners",
            MenuPage::Outbox => "/operator/outbox",
        }
    }

    fn label(self, i18n: leptos_i18n::I18nContext<Locale>) -> String {
        match self {
            MenuPage::Customers => tu_string!(i18n, nav.customers),
            MenuPage::Request => tu_string!(i18n, nav.request),
            MenuPage::Billing => tu_string!(i18n, nav.billing),
            MenuPage::Team => tu_string!(i18n, nav.team),
            MenuPage::Integrations => tu_string!(i18n, nav.integrations),
            MenuPage::Relationships => tu_string!(i18n, nav.relationships),
            MenuPage::Subscriptions => tu_string!(i18n, nav.subscriptions),
            MenuPage::CustomerSupport | MenuPage::OperatorSupport => tu_string!(i18n, nav.support),
            MenuPage::Audit => tu_string!(i18n, nav.audit),
            MenuPage::Users => tu_string!(i18n, nav.users),
            MenuPage::Catalog => tu_string!(i18n, nav.catalog),
            MenuPage::Partners => tu_string!(i18n, nav.partners),
            MenuPage::Outbox => tu_string!(i18n, nav.outbox),
        }
        .to_string()
    }
}

/// The pages the menu offers `user`: those the server lets them open,
/// asked through the very rules the pages' server functions apply.
pub fn menu(user: &CurrentUser) -> Vec<MenuPage> {
    use MenuPage::*;
    let partner = user.organization.kind.is_partner();
    let members = crate::accounts::may_manage_members(user).is_ok();
    let customer_admin = crate::relationships::may_manage_partners(user).is_ok();
    let rules = [
        (
            Customers,
            crate::relationships::may_list_customers(user).is_ok(),
        ),
        (Request, crate::invitations::may_view_link(user).is_ok()),
        (Billing, crate::subscriptions::may_transact(user).is_ok()),
        (Team, partner && members),
        (Integrations, crate::integrations::may_manage(user).is_ok()),
        (Relationships, customer_admin),
        (Subscriptions, customer_admin),
        (
            CustomerSupport,
            crate::support::may_list(user, false).is_ok(),
        ),
        (Audit, customer_admin),
        (Users, !partner && members),
        (
            OperatorSupport,
            crate::support::may_list(user, true).is_ok(),
        ),
        (
            Catalog,
            crate::subscriptions::may_edit_catalog(user).is_ok(),
        ),
        (Partners, crate::accounts::may_operate(user).is_ok()),
        (Outbox, crate::accounts::may_operate(user).is_ok()),
    ];
    rules
        .into_iter()
        .filter(|(_, may)| *may)
        .map(|(page, _)| page)
        .collect()
}

/// The header. Below 45rem the menu (the pages, who is signed in, the
/// language) folds into a `<details>` "Menu", without any script; wider,
/// the stylesheet shows it open and hides its summary. "Sign out" stays
/// outside.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthActions>();
    let user = move || auth.user.get().and_then(Result::ok).flatten();
    // A link followed in the app leaves the document: the menu folds again.
    let details = NodeRef::<leptos::html::Details>::new();
    let fold = move |_| {
        if let Some(details) = details.get_untracked() {
            let _ = details.remove_attribute("open");
        }
    };
    view! {
        <header class="site">
            <a class="brand" href="/">"Liaison"</a>
            <details class="menu" node_ref=details>
                <summary>{tu_string!(i18n, nav.menu)}</summary>
                <nav aria-label=tu_string!(i18n, common.main_nav).to_string() on:click=fold>
                    <Transition>
                        {move || {
                            user()
                                .map(|user| {
                                    menu(&user)
                                        .into_iter()
                                        .map(|page| view! { <a href=page.href()>{page.label(i18n)}</a> })
                                        .collect_view()
                                })
                        }}
                    </Transition>
                </nav>
                <div class="tools">
                    <Transition>
                        {move || {
                            user()
                                .map(|user| {
                                    let org = user.organization.name.clone();
                                    view! {
                                        <span class="who">
                                            <a href="/account" title=tu_string!(i18n, nav.account).to_string() on:click=fold>
                                                {user.email.clone()}
                                            </a>
                                            " · "
                                            {org}
                                        </span>
                                    }
                                })
                        }}
                    </Transition>
                    <LanguageSwitch />
                </div>
            </details>
            <Transition>
                {move || {
                    user()
                        .map(|_| {
                            view! {
                                <ActionForm action=auth.sign_out attr:class="sign-out">
                                    <button type="submit">{tu_string!(i18n, common.sign_out)}</button>
                                </ActionForm>
                            }
                        })
                }}
            </Transition>
        </header>
    }
}

/// The language buttons. The rest of the page is rendered on the server in
/// the chosen language, so a choice writes the site-wide cookie (a year) and
/// reloads the page.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let label = move || tu_string!(i18n, common.language).to_string();
    let choose = move |locale: Locale| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(document) =
                document.and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            {
                let _ = document.set_cookie(&format!(
                    "{LANGUAGE_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                    locale.as_str()
                ));
                let _ = document.location().map(|l| l.reload());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = locale;
    };
    view! {
        <div class="lang" role="group" aria-label=label>
            <button
                type="button"
                lang="en"
                aria-pressed=move || (i18n.get_locale() == Locale::en).to_string()
                on:click=move |_| choose(Locale::en)
            >
                "English"
            </button>
            <button
                type="button"
                lang="fr"
                aria-pressed=move || (i18n.get_locale() == Locale::fr).to_string()
                on:click=move |_| choose(Locale::fr)
            >
                "Français"
            </button>
        </div>
    }
}

/// The cookie leptos_i18n reads the chosen language from.
#[cfg(feature = "hydrate")]
const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

#[cfg(test)]
mod tests {
    use super::MenuPage::*;
    use super::*;
    use crate::auth::{OrgKind, Role, test_user};

    /// The menu offers exactly the pages `server/tests/it/matrix.rs` lets
    /// each kind of user open (a helpdesk agent neither the link nor the
    /// invoices, an advisor no invoices).
    #[test]
    fn the_menu_offers_only_what_the_server_opens() {
        let cases = [
            (
                OrgKind::PartnerCsp,
                Role::AdminAgent,
                vec![Customers, Request, Billing, Team, Integrations],
            ),
            (
                OrgKind::PartnerCsp,
                Role::SalesAgent,
                vec![Customers, Request, Billing],
            ),
            (OrgKind::PartnerCsp, Role::HelpdeskAgent, vec![Customers]),
            (
                OrgKind::PartnerAdvisor,
                Role::AdminAgent,
                vec![Customers, Request, Team, Integrations],
            ),
            (
                OrgKind::PartnerAdvisor,
                Role::SalesAgent,
                vec![Customers, Request],
            ),
            (
                OrgKind::PartnerAdvisor,
                Role::HelpdeskAgent,
                vec![Customers],
            ),
            (
                OrgKind::Customer,
                Role::CustomerAdmin,
                vec![Relationships, Subscriptions, CustomerSupport, Audit, Users],
            ),
            (OrgKind::Customer, Role::CustomerUser, vec![]),
            (
                OrgKind::Operator,
                Role::Operator,
                vec![OperatorSupport, Catalog, Partners, Outbox],
            ),
        ];
        for (kind, role, pages) in cases {
            assert_eq!(
                menu(&test_user(kind, role, "global")),
                pages,
                "{kind:?} {role:?}"
            );
        }
    }
}
