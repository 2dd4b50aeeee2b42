//! `/operator/catalog`: operators set the monthly unit price of each offer
//! and add-on. A new price bills from the next change of a subscription;
//! running billing periods keep the price they started with.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{CatalogService, SetOfferPrice, operator_catalog};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Form, FormAction, Loading, PageGuard, SubmitButton};
use kernel::money::format_cents;

/// Each price is a form of its own. Sent before the page is interactive, it
/// is a plain post answered with this page again, which says what was saved
/// (`?saved=` the offer) or why not (an alert, from the address); after, it
/// is sent in place and the table loads again.
#[component]
pub fn CatalogPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let set_price = FormAction::new(SetOfferPrice::PATH);
    let saved_offer = crate::ui::query_value("saved");
    // The offer whose price was saved in place (its name, the answer).
    let saved_here = RwSignal::new(None::<String>);
    let catalog = crate::ui::data(crate::ui::changes, |_| operator_catalog());
    let on_done = Callback::new(move |answer: String| {
        saved_here.set(serde_json::from_str::<String>(&answer).ok());
    });
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, catalog.heading)} />
        <p class="lead">{tu_string!(i18n, catalog.intro)}</p>
        {move || set_price.refusal().map(|error| view! { <ErrorAlert error /> })}
        <Transition fallback=Loading>
            {move || {
                let saved_offer = saved_offer.clone();
                Suspend::new(async move {
                    match catalog.await {
                        Ok(services) => {
                            let saved_offer = saved_offer.and_then(|id| {
                                services.iter().flat_map(|s| &s.offers).find(|o| o.id == id).map(|o| o.name.clone())
                            });
                            let saved = move || saved_here.get().or_else(|| saved_offer.clone());
                            view! {
                                {move || saved().map(|offer| view! {
                                    <p role="status" class="status">
                                        {tu_string!(i18n, catalog.saved, offer = offer.as_str()).to_string()}
                                    </p>
                                })}
                                <CatalogTable services set_price on_done />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <PageGuard error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn CatalogTable(
    services: Vec<CatalogService>,
    set_price: FormAction,
    on_done: Callback<String>,
) -> impl IntoView {
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
                                        <Form action=set_price class="inline-form" quiet=true on_done>
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
                                            <SubmitButton label=tu_string!(i18n, catalog.save) />
                                        </Form>
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
