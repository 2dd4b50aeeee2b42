//! The site's header: where each kind of user goes, who is signed in, the
//! language switch.
use leptos::prelude::*;

use crate::auth::{AuthActions, OrgKind, Role};
use crate::i18n::*;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthActions>();
    let user = move || auth.user.get().and_then(Result::ok).flatten();
    view! {
        <header class="site">
            <a class="brand" href="/">"Liaison"</a>
            <nav aria-label=tu_string!(i18n, common.main_nav).to_string()>
                <Transition>
                    {move || {
                        user()
                            .map(|user| match (user.organization.kind, user.role) {
                                (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, role) => {
                                    view! {
                                        <a href="/partner/customers">{tu_string!(i18n, nav.customers)}</a>
                                        <a href="/partner/customers/request-relationship">
                                            {tu_string!(i18n, nav.request)}
                                        </a>
                                        <a href="/partner/billing">{tu_string!(i18n, nav.billing)}</a>
                                        {(role == Role::AdminAgent).then(|| view! {
                                            <a href="/partner/team">{tu_string!(i18n, nav.team)}</a>
                                            <a href="/partner/integrations">{tu_string!(i18n, nav.integrations)}</a>
                                        })}
                                    }
                                        .into_any()
                                }
                                (OrgKind::Customer, Role::CustomerAdmin) => {
                                    view! {
                                        <a href="/admin/partner-relationships">
                                            {tu_string!(i18n, nav.relationships)}
                                        </a>
                                        <a href="/admin/subscriptions">{tu_string!(i18n, nav.subscriptions)}</a>
                                        <a href="/admin/support-requests">{tu_string!(i18n, nav.support)}</a>
                                        <a href="/admin/audit-log">{tu_string!(i18n, nav.audit)}</a>
                                        <a href="/admin/users">{tu_string!(i18n, nav.users)}</a>
                                    }
                                        .into_any()
                                }
                                (OrgKind::Operator, _) => {
                                    view! {
                                        <a href="/operator/support-requests">{tu_string!(i18n, nav.support)}</a>
                                        <a href="/operator/catalog">{tu_string!(i18n, nav.catalog)}</a>
                                        <a href="/operator/partners">{tu_string!(i18n, nav.partners)}</a>
                                        <a href="/operator/outbox">{tu_string!(i18n, nav.outbox)}</a>
                                    }
                                        .into_any()
                                }
                                _ => ().into_any(),
                            })
                    }}
                </Transition>
            </nav>
            <div class="tools">
                <LanguageSwitch />
                <Transition>
                    {move || {
                        user()
                            .map(|user| {
                                let org = user.organization.name.clone();
                                view! {
                                    <span class="who">
                                        <a href="/account" title=tu_string!(i18n, nav.account).to_string()>{user.email.clone()}</a>
                                        " · "
                                        {org}
                                    </span>
                                    <ActionForm action=auth.sign_out>
                                        <button type="submit">{tu_string!(i18n, common.sign_out)}</button>
                                    </ActionForm>
                                }
                            })
                    }}
                </Transition>
            </div>
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
