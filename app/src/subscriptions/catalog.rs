//! `/operator/catalog`: operators set the monthly unit price of each offer
//! and add-on. A new price bills from the next change of a subscription;
//! running billing periods keep the price they started with.
use leptos::prelude::*;

use super::CatalogService;
use crate::billing::format_cents;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading, PageGuard};

#[server(endpoint = "operator_catalog")]
pub async fn operator_catalog() -> Result<Vec<CatalogService>, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            super::domain::may_edit_catalog(&user)?;
            super::store::catalog(&crate::request::pool()?).await
        }
        .await,
    )
}

/// Sets the monthly unit price of `offer` (`36.00`); returns the offer's name.
#[server(endpoint = "set_offer_price")]
pub async fn set_offer_price(offer: String, price: String) -> Result<String, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            super::domain::may_edit_catalog(&user)?;
            let cents = super::domain::parse_price(&price)?;
            let ip = crate::request::client_ip().await;
            super::store::set_price(&crate::request::pool()?, &user, &offer, cents, &ip).await
        }
        .await,
    )
}

/// The whole page is one island: a saved price reloads the catalog.
#[island]
pub fn CatalogPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let save = ServerAction::<SetOfferPrice>::new();
    let catalog = crate::ui::data(move || save.version().get(), |_| operator_catalog());
    view! {
        <h1>{tu_string!(i18n, catalog.heading)}</h1>
        <p class="lead">{tu_string!(i18n, catalog.intro)}</p>
        {move || {
            save.value()
                .get()
                .map(|result| match result {
                    Ok(offer) => {
                        view! {
                            <p role="status" class="status">
                                {tu_string!(i18n, catalog.saved, offer = offer.as_str()).to_string()}
                            </p>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorAlert error /> }.into_any(),
                })
        }}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match catalog.await {
                    Ok(services) => view! { <CatalogTable services save /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CatalogTable(services: Vec<CatalogService>, save: ServerAction<SetOfferPrice>) -> impl IntoView {
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
                                        <ActionForm action=save attr:class="inline-form">
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
                                            <button type="submit" disabled=move || save.pending().get()>
                                                {tu_string!(i18n, catalog.save)}
                                            </button>
                                        </ActionForm>
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
