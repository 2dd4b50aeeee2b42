//! `/operator/catalog`: operators set the monthly unit price of each offer
//! and add-on. A new price bills from the next change of a subscription;
//! running billing periods keep the price they started with.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{CatalogService, SetOfferPrice, operator_catalog};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading, PageGuard, PostForm, posted_failure};
use kernel::money::format_cents;

/// Rendered on the server only: each price is a plain form post, answered
/// with this page again, which says what was saved (`?saved=` the offer) or
/// why not (an alert, from the address). The page ships no WASM.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let saved = crate::ui::query_value("saved");
    let catalog = crate::ui::data(|| (), |_| operator_catalog());
    view! {
        <h1>{tu_string!(i18n, catalog.heading)}</h1>
        <p class="lead">{tu_string!(i18n, catalog.intro)}</p>
        {posted_failure(SetOfferPrice::PATH).map(|error| view! { <ErrorAlert error /> })}
        <Suspense fallback=Loading>
            {move || {
                let saved = saved.clone();
                Suspend::new(async move {
                    match catalog.await {
                        Ok(services) => {
                            let saved = saved.and_then(|id| {
                                services.iter().flat_map(|s| &s.offers).find(|o| o.id == id).map(|o| o.name.clone())
                            });
                            view! {
                                {saved.map(|offer| view! {
                                    <p role="status" class="status">
                                        {tu_string!(i18n, catalog.saved, offer = offer.as_str()).to_string()}
                                    </p>
                                })}
                                <CatalogTable services />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <PageGuard error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CatalogTable(services: Vec<CatalogService>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, catalog.offer)}</th>
                        <th scope="col">{tu_string!(i18n, catalog.kind)}</th>
                        <th scope="col">{tu_string!(i18n, catalog.price)}</th>
                    </tr>
                </thead>
                <tbody>
                    {services
                        .into_iter()
                        .flat_map(|service| {
                            let name = service.name.clone();
                            service.offers.into_iter().map(move |offer| (name.clone(), offer))
                        })
                        .map(|(service, offer)| {
                            let addon = offer.addon;
                            let label = offer.name.clone();
                            view! {
                                <tr>
                                    <th scope="row">
                                        {offer.name.clone()}
                                        <span class="muted block">{service}</span>
                                    </th>
                                    <td>
                                        {{
                                            if addon {
                                                tu_string!(i18n, catalog.addon).to_string()
                                            } else {
                                                tu_string!(i18n, catalog.base).to_string()
                                            }
                                        }}
                                    </td>
                                    <td>
                                        <PostForm action=SetOfferPrice::PATH class="inline-form">
                                            <input type="hidden" name="offer" value=offer.id.clone() />
                                            <input
                                                type="text"
                                                inputmode="decimal"
                                                name="price"
                                                required
                                                maxlength="12"
                                                value=format_cents(offer.unit_price_cents)
                                                aria-label=tu_string!(i18n, catalog.price_of, offer = label.as_str()).to_string()
                                            />
                                            " USD "
                                            <button type="submit">{tu_string!(i18n, catalog.save)}</button>
                                        </PostForm>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
