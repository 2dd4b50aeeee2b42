//! The landing page.
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::auth::{AuthActions, OrgKind};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading};

/// The landing page: partners go to their customers; others see where to go.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthActions>();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) if crate::auth::home_of(&user) != "/" => {
                        view! { <Redirect path=crate::auth::home_of(&user) options=replace() /> }.into_any()
                    }
                    Ok(Some(user)) => {
                        let kind = user.organization.kind;
                        view! {
                            <div class="narrow">
                                <crate::ui::PageHeading text=tu_string!(i18n, home.heading, name = user.display_name.clone()).to_string() />
                                <p>
                                    {move || match kind {
                                        OrgKind::Customer => tu_string!(i18n, home.customer).to_string(),
                                        _ => tu_string!(i18n, home.operator).to_string(),
                                    }}
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login" options=replace() /> }.into_any(),
                    Err(error) => view! { <ErrorAlert error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A redirect from `/` takes the place of `/` in the history: going back
/// does not bounce forward again.
fn replace() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        replace: true,
        ..Default::default()
    }
}
