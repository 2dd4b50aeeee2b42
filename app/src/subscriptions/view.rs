//! The customer's own subscriptions page and the subscriptions section of the customer page.
use super::{
    Addon, CatalogService, ChangeSeats, CreateSubscription, MAX_SEATS, MigrateSubscription, Offer,
    OrderAddon, Refusal, SetSubscriptionState, Subscription, SubscriptionState, SubscriptionsView,
    customer_subscriptions, own_subscriptions, transfers,
};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading, OpenButton, PostForm, posted_failure};
use kernel::error::AppError;
use kernel::money::money;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// `/admin/subscriptions`: the customer's own subscriptions and the partner
/// of record that bills each.
#[component]
pub fn OwnSubscriptionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data(|| (), |_| own_subscriptions());
    view! {
        <h1>{tu_string!(i18n, subscriptions.heading)}</h1>
        <p class="lead">{tu_string!(i18n, subscriptions.intro_customer)}</p>
        <transfers::TransfersSection />
        <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty">{tu_string!(i18n, subscriptions.empty)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <div class="table-wrap">
                                    <table>
                                        <thead>
                                            <tr>
                                                <th scope="col">{tu_string!(i18n, subscriptions.offer)}</th>
                                                <th scope="col">{tu_string!(i18n, subscriptions.seats)}</th>
                                                <th scope="col">{tu_string!(i18n, subscriptions.addons)}</th>
                                                <th scope="col">{tu_string!(i18n, subscriptions.billed_by)}</th>
                                                <th scope="col">{tu_string!(i18n, subscriptions.state)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|s| {
                                                    let suspended = s.state == SubscriptionState::Suspended;
                                                    view! {
                                                        <tr>
                                                            <th scope="row">
                                                                {s.offer.clone()}
                                                                <span class="muted block">{s.service.clone()}</span>
                                                            </th>
                                                            <td>{s.seats}</td>
                                                            <td>{addons_text(&s.addons)}</td>
                                                            <td>{s.partner.clone()}</td>
                                                            <td><StateBadge suspended /></td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <crate::ui::PageGuard error /> }.into_any(),
                    }
                })}
        </Suspense>
    }
}

/// `Microsoft 365 Copilot × 2, Teams Phone Standard × 5`.
fn addons_text(addons: &[Addon]) -> String {
    addons
        .iter()
        .map(|a| format!("{} × {}", a.name, a.quantity))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn StateBadge(suspended: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=if suspended { "badge warn" } else { "badge ok" }>
            {{
                if suspended {
                    tu_string!(i18n, subscriptions.suspended).to_string()
                } else {
                    tu_string!(i18n, subscriptions.active).to_string()
                }
            }}
        </span>
    }
}

/// Which change the partner is making to a subscription: `edit=` in the
/// address, beside `subscription=` (its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Seats,
    Addon,
    Migrate,
}

impl Edit {
    const ALL: [Edit; 3] = [Edit::Seats, Edit::Addon, Edit::Migrate];

    fn as_str(self) -> &'static str {
        match self {
            Edit::Seats => "seats",
            Edit::Addon => "addon",
            Edit::Migrate => "migrate",
        }
    }

    fn parse(value: &str) -> Option<Edit> {
        Edit::ALL.into_iter().find(|edit| edit.as_str() == value)
    }
}

/// The id of the form changing a subscription, where its button leads.
const EDIT_ANCHOR: &str = "subscription-edit";

const SECTION_ANCHOR: &str = "subscriptions-heading";

/// The "Subscriptions" section of the partner's customer page, rendered on
/// the server. "Add subscription" and each change open their form through
/// the address (`open=subscription`; `edit=` and `subscription=`); every
/// form is a plain post, answered with the page again, which says what was
/// done or why not.
#[component]
pub fn SubscriptionsSection(
    customer: String,
    adding: bool,
    done: Option<crate::relationships::Done>,
) -> impl IntoView {
    use crate::relationships::Done;
    let i18n = use_i18n();
    let list = crate::ui::data_for(customer.clone(), customer_subscriptions);
    let editing = crate::ui::query_value("edit")
        .and_then(|edit| Edit::parse(&edit))
        .zip(crate::ui::query_value("subscription"));
    let message = done.and_then(|done| match done {
        Done::SubscriptionCreated => Some(tu_string!(i18n, subscriptions.created)),
        Done::SeatsChanged => Some(tu_string!(i18n, subscriptions.seats_changed)),
        Done::AddonOrdered => Some(tu_string!(i18n, subscriptions.addon_ordered)),
        Done::Migrated => Some(tu_string!(i18n, subscriptions.migrated)),
        Done::StateChanged => Some(tu_string!(i18n, subscriptions.state_changed)),
        Done::TransferAnswered => Some(tu_string!(i18n, transfers.answered)),
        Done::UserCreated | Done::PasswordReset | Done::SupportRequestOpened => None,
    });
    let failed = posted_failure(SetSubscriptionState::PATH)
        .or_else(|| posted_failure(transfers::AnswerTransfer::PATH));
    view! {
        <section class="card" aria-labelledby=SECTION_ANCHOR>
            <h2 id=SECTION_ANCHOR>{tu_string!(i18n, subscriptions.heading)}</h2>
            {message.map(|message| view! { <p role="status" class="status">{message}</p> })}
            {failed.map(|error| view! { <ErrorAlert error /> })}
            <Suspense fallback=Loading>
                {move || {
                    let (customer, editing) = (customer.clone(), editing.clone());
                    Suspend::new(async move {
                        match list.await {
                            Ok(view) => view! { <Subscriptions view customer adding editing /> }.into_any(),
                            Err(error) => view! { <ErrorAlert error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Subscriptions(
    view: SubscriptionsView,
    customer: String,
    adding: bool,
    editing: Option<(Edit, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let SubscriptionsView {
        catalog,
        subscriptions,
        blocked,
        incoming,
    } = view;
    // One form at a time: the add form and a change form both have "Seats".
    let edit_form = editing.filter(|_| !adding).and_then(|(edit, id)| {
        let subscription = subscriptions.iter().find(|s| s.id == id)?.clone();
        Some(view! {
            <EditForm
                edit
                subscription
                customer=customer.clone()
                catalog=catalog.clone()
                blocked=blocked.clone()
            />
        })
    });
    let add_form = adding.then(|| {
        view! { <AddForm catalog customer=customer.clone() blocked /> }
    });
    let table = if subscriptions.is_empty() {
        view! { <p class="empty">{tu_string!(i18n, subscriptions.empty)}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, subscriptions.offer)}</th>
                            <th scope="col">{tu_string!(i18n, subscriptions.seats)}</th>
                            <th scope="col">{tu_string!(i18n, subscriptions.addons)}</th>
                            <th scope="col">{tu_string!(i18n, subscriptions.partner_of_record)}</th>
                            <th scope="col">{tu_string!(i18n, subscriptions.state)}</th>
                            <th scope="col">
                                <span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {subscriptions
                            .into_iter()
                            .map(|subscription| view! { <SubscriptionRow subscription customer=customer.clone() /> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
            .into_any()
    };
    view! {
        <transfers::IncomingTransfers customer=customer.clone() transfers=incoming />
        <OpenButton
            form=crate::relationships::ADD_SUBSCRIPTION
            open=adding
            label=tu_string!(i18n, subscriptions.add).to_string()
            anchor=SECTION_ANCHOR
        />
        {add_form}
        {table}
        {edit_form}
    }
}

/// The "Add subscription" form. Offers are grouped by service; the server
/// refuses an offer of another service than the one chosen.
#[component]
fn AddForm(
    catalog: Vec<CatalogService>,
    customer: String,
    blocked: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = posted_failure(CreateSubscription::PATH).or(blocked);
    let prices = unit_prices(
        catalog
            .iter()
            .flat_map(|service| service.offers.iter().filter(|o| !o.addon)),
    );
    view! {
        <PostForm action=CreateSubscription::PATH anchor=SECTION_ANCHOR class="stack form-card">
            {failed.map(|error| view! { <ErrorAlert error /> })}
            <input type="hidden" name="customer" value=customer />
            <div class="field">
                <label for="new-subscription-service">{tu_string!(i18n, subscriptions.service)}</label>
                <select id="new-subscription-service" name="service">
                    {catalog
                        .iter()
                        .map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="new-subscription-offer">{tu_string!(i18n, subscriptions.offer)}</label>
                <select id="new-subscription-offer" name="offer" aria-describedby="new-subscription-offer-price">
                    {catalog
                        .iter()
                        .map(|service| {
                            view! {
                                <optgroup label=service.name.clone()>
                                    {service
                                        .offers
                                        .iter()
                                        .filter(|o| !o.addon)
                                        .map(|o| view! { <option value=o.id.clone()>{o.name.clone()}</option> })
                                        .collect_view()}
                                </optgroup>
                            }
                        })
                        .collect_view()}
                </select>
                <span id="new-subscription-offer-price" class="muted">
                    {tu_string!(i18n, subscriptions.unit_prices, prices = prices.as_str()).to_string()}
                </span>
            </div>
            <label>
                <span>{tu_string!(i18n, subscriptions.seats)}</span>
                <input type="number" name="seats" required min="1" max=MAX_SEATS.to_string() value="1" />
            </label>
            <div class="actions">
                <button type="submit" class="primary">{tu_string!(i18n, subscriptions.create)}</button>
            </div>
        </PostForm>
    }
}

#[component]
fn SubscriptionRow(subscription: Subscription, customer: String) -> impl IntoView {
    let i18n = use_i18n();
    let suspended = subscription.state == SubscriptionState::Suspended;
    let addons = addons_text(&subscription.addons);
    view! {
        <tr>
            <th scope="row">
                {subscription.offer.clone()}
                <span class="muted block">{subscription.service.clone()}</span>
            </th>
            <td>{subscription.seats}</td>
            <td>{addons}</td>
            <td>
                {subscription.partner.clone()}
                {subscription.of_record.then(|| view! { <span class="muted block">{tu_string!(i18n, subscriptions.you)}</span> })}
            </td>
            <td><StateBadge suspended /></td>
            <td class="row-actions">
                <form method="get" action=format!("{}#{EDIT_ANCHOR}", crate::ui::here_path())>
                    <input type="hidden" name="subscription" value=subscription.id.clone() />
                    <button type="submit" name="edit" value=Edit::Seats.as_str()>
                        {tu_string!(i18n, subscriptions.change_seats)}
                    </button>
                    <button type="submit" name="edit" value=Edit::Addon.as_str()>
                        {tu_string!(i18n, subscriptions.add_addon)}
                    </button>
                    <button type="submit" name="edit" value=Edit::Migrate.as_str()>
                        {tu_string!(i18n, subscriptions.migrate)}
                    </button>
                </form>
                <PostForm action=SetSubscriptionState::PATH anchor=SECTION_ANCHOR>
                    <input type="hidden" name="customer" value=customer />
                    <input type="hidden" name="subscription" value=subscription.id.clone() />
                    <input type="hidden" name="version" value=subscription.version.to_string() />
                    <input type="hidden" name="suspend" value=(!suspended).to_string() />
                    <button type="submit">
                        {{
                            if suspended {
                                tu_string!(i18n, subscriptions.reactivate).to_string()
                            } else {
                                tu_string!(i18n, subscriptions.suspend).to_string()
                            }
                        }}
                    </button>
                </PostForm>
            </td>
        </tr>
    }
}

/// `Azure Developer support 29.00 USD · Azure Standard support 100.00 USD`:
/// the monthly unit price of each offer, for the hint under a select.
fn unit_prices<'a>(offers: impl IntoIterator<Item = &'a Offer>) -> String {
    offers
        .into_iter()
        .map(|offer| format!("{} {}", offer.name, money(offer.unit_price_cents)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A select of offers (or add-ons) by name, with the monthly unit price of
/// each beside it.
#[component]
fn OfferSelect(
    id: &'static str,
    name: &'static str,
    label: String,
    offers: Vec<Offer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint = format!("{id}-price");
    let prices = unit_prices(&offers);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name aria-describedby=hint.clone()>
                {offers
                    .into_iter()
                    .map(|o| view! { <option value=o.id>{o.name}</option> })
                    .collect_view()}
            </select>
            <span id=hint class="muted">
                {tu_string!(i18n, subscriptions.unit_prices, prices = prices.as_str()).to_string()}
            </span>
        </div>
    }
}

/// The form of one change to one subscription. When the reader may not make
/// it (not the partner of record, R11; not allowed to transact at all), the
/// form says so before anything is sent; the server refuses anyway.
#[component]
fn EditForm(
    edit: Edit,
    subscription: Subscription,
    customer: String,
    catalog: Vec<CatalogService>,
    blocked: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offers: Vec<Offer> = catalog
        .iter()
        .find(|s| s.id == subscription.service_id)
        .map(|s| s.offers.clone())
        .unwrap_or_default();
    let precheck: Option<AppError> = blocked.or_else(|| {
        (!subscription.of_record)
            .then(|| Refusal::NotPartnerOfRecord(subscription.partner.clone()).into())
    });
    let action = match edit {
        Edit::Seats => ChangeSeats::PATH,
        Edit::Addon => OrderAddon::PATH,
        Edit::Migrate => MigrateSubscription::PATH,
    };
    let alert = posted_failure(action)
        .or(precheck)
        .map(|error| view! { <ErrorAlert error /> });
    let title = subscription.offer.as_str();
    let (heading, fields, submit) = match edit {
        Edit::Seats => (
            tu_string!(i18n, subscriptions.change_seats_of, offer = title).to_string(),
            view! {
                <label>
                    <span>{tu_string!(i18n, subscriptions.seats)}</span>
                    <input type="number" name="seats" required min="1" max=MAX_SEATS.to_string() value=subscription.seats.to_string() />
                </label>
            }
            .into_any(),
            tu_string!(i18n, subscriptions.save_seats),
        ),
        Edit::Addon => (
            tu_string!(i18n, subscriptions.add_addon_to, offer = title).to_string(),
            view! {
                <OfferSelect
                    id="edit-addon"
                    name="addon"
                    label=tu_string!(i18n, subscriptions.addon).to_string()
                    offers=offers.iter().filter(|o| o.addon).cloned().collect()
                />
                <label>
                    <span>{tu_string!(i18n, subscriptions.quantity)}</span>
                    <input type="number" name="quantity" required min="1" max=MAX_SEATS.to_string() value="1" />
                </label>
            }
            .into_any(),
            tu_string!(i18n, subscriptions.order_addon),
        ),
        Edit::Migrate => (
            tu_string!(i18n, subscriptions.migrate_of, offer = title).to_string(),
            view! {
                <OfferSelect
                    id="edit-offer"
                    name="offer"
                    label=tu_string!(i18n, subscriptions.new_offer).to_string()
                    offers=offers
                        .iter()
                        .filter(|o| !o.addon && o.id != subscription.offer_id)
                        .cloned()
                        .collect()
                />
            }
            .into_any(),
            tu_string!(i18n, subscriptions.migrate_submit),
        ),
    };
    view! {
        <div class="edit-panel" id=EDIT_ANCHOR>
            <PostForm action anchor=SECTION_ANCHOR class="stack form-card">
                <h3>{heading}</h3>
                {alert}
                <input type="hidden" name="customer" value=customer />
                <input type="hidden" name="subscription" value=subscription.id.clone() />
                <input type="hidden" name="version" value=subscription.version.to_string() />
                {fields}
                <div class="actions">
                    <button type="submit" class="primary">{submit}</button>
                    // Loads the page anew (the router would keep the open form).
                    <a
                        class="button"
                        href=format!("{}#{SECTION_ANCHOR}", crate::ui::here_path())
                        rel="external"
                    >
                        {tu_string!(i18n, common.cancel)}
                    </a>
                </div>
            </PostForm>
        </div>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Reading for kernel::refusal::subscriptions::Refusal {
    fn reading(&self, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
        use kernel::refusal::subscriptions::Refusal;
        match self {
            Refusal::AdvisorsDoNotTransact => {
                tu_string!(i18n, errors.advisors_do_not_transact).to_string()
            }
            Refusal::OnlyAdminOrSalesAgents => {
                tu_string!(i18n, errors.only_admin_or_sales).to_string()
            }
            Refusal::NoPrivilegesForService => {
                tu_string!(i18n, errors.no_privileges_for_service).to_string()
            }
            Refusal::ServiceHeldBy(partner) => {
                tu_string!(i18n, errors.service_held_by, partner = partner.as_str()).to_string()
            }
            Refusal::NotPartnerOfRecord(partner) => tu_string!(
                i18n,
                errors.not_partner_of_record,
                partner = partner.as_str()
            )
            .to_string(),
            Refusal::ChangedElsewhere => tu_string!(i18n, errors.changed_elsewhere).to_string(),
            Refusal::Suspended => tu_string!(i18n, errors.subscription_suspended).to_string(),
            Refusal::SameOffer => tu_string!(i18n, errors.same_offer).to_string(),
            Refusal::TransferTargetInvalid => {
                tu_string!(i18n, errors.transfer_target_invalid).to_string()
            }
            Refusal::TransferNotPending => {
                tu_string!(i18n, errors.transfer_not_pending).to_string()
            }
            Refusal::TransferAlreadyPending => {
                tu_string!(i18n, errors.transfer_already_pending).to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Edit, Offer, unit_prices};

    #[test]
    fn the_price_hint_names_each_offer_with_its_monthly_price() {
        let offer = |name: &str, cents| Offer {
            id: String::new(),
            name: name.to_string(),
            addon: false,
            unit_price_cents: cents,
        };
        let offers = [
            offer("Azure Developer support", 2900),
            offer("Azure Standard support", 10000),
        ];
        assert_eq!(
            unit_prices(&offers),
            "Azure Developer support 29.00 USD · Azure Standard support 100.00 USD"
        );
        assert_eq!(unit_prices(&[]), "");
    }

    #[test]
    fn a_change_reads_back_from_the_address_it_is_written_in() {
        for edit in Edit::ALL {
            assert_eq!(Edit::parse(edit.as_str()), Some(edit));
        }
        assert_eq!(Edit::parse("delete"), None);
        assert_eq!(Edit::parse(""), None);
    }
}
