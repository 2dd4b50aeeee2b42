//! Subscriptions on the partner's customer page (R5, R7, R11): a CSP
//! reseller provisions a service of the catalog for its customer and, as
//! partner of record, changes seats, orders add-ons, migrates, suspends and
//! reactivates. Every rule is checked again on the server, under the write lock.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::billing::money;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{ErrorAlert, FormToggle, Loading};

mod catalog;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;
mod transfers;

pub use catalog::CatalogPage;
pub use domain::{MAX_SEATS, Refusal};
pub use transfers::{IncomingTransfer, TransfersView};

/// An offer or add-on of the catalog, with its monthly unit price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: String,
    pub name: String,
    pub addon: bool,
    pub unit_price_cents: i64,
}

/// A service of the catalog and its offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogService {
    pub id: String,
    pub name: String,
    pub offers: Vec<Offer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscriptionState {
    Active,
    Suspended,
}

impl SubscriptionState {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "active" => Some(SubscriptionState::Active),
            "suspended" => Some(SubscriptionState::Suspended),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addon {
    pub name: String,
    pub quantity: i64,
}

/// A subscription as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub service_id: String,
    pub service: String,
    pub offer_id: String,
    pub offer: String,
    /// The partner of record's name.
    pub partner: String,
    /// The reader's organization is the partner of record.
    pub of_record: bool,
    pub seats: i64,
    pub state: SubscriptionState,
    pub addons: Vec<Addon>,
    pub version: i64,
    pub since: String,
}

/// The "Subscriptions" section's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionsView {
    pub catalog: Vec<CatalogService>,
    pub subscriptions: Vec<Subscription>,
    /// Why the reader cannot transact at all (advisor, helpdesk agent), if so.
    pub blocked: Option<AppError>,
    /// Services the customer asks the reader to take over as partner of record.
    pub incoming: Vec<IncomingTransfer>,
}

#[server(endpoint = "customer_subscriptions")]
pub async fn customer_subscriptions(customer: String) -> Result<SubscriptionsView, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            let pool = crate::request::pool()?;
            let relationship =
                crate::customers::require_relationship(&pool, &user, &customer).await?;
            Ok(SubscriptionsView {
                catalog: store::catalog(&pool).await?,
                subscriptions: store::visible_to(&pool, &user.organization.id, &relationship)
                    .await?,
                blocked: domain::may_transact(&user).err(),
                incoming: transfers::ssr::incoming(
                    &pool,
                    &user.organization.id,
                    &relationship.customer_id,
                )
                .await?,
            })
        }
        .await,
    )
}

/// The customer administrator's view: every subscription of the
/// organization and the partner of record that bills it.
#[server(endpoint = "own_subscriptions")]
pub async fn own_subscriptions() -> Result<Vec<Subscription>, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            crate::relationships::may_manage_partners(&user)?;
            store::of_customer(&crate::request::pool()?, &user.organization.id).await
        }
        .await,
    )
}

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

/// R5, R7: provisions a subscription of `offer` (a base offer of `service`).
#[server(endpoint = "create_subscription")]
pub async fn create_subscription(
    customer: String,
    service: String,
    offer: String,
    seats: String,
) -> Result<String, AppError> {
    use crate::input::Field;
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            let pool = crate::request::pool()?;
            let relationship =
                crate::customers::require_relationship(&pool, &user, &customer).await?;
            domain::may_transact(&user)?;
            let seats = domain::Seats::parse(Field::Seats, &seats)?;
            let ip = crate::request::client_ip().await;
            store::provision(&pool, &user, &relationship, &service, &offer, seats, &ip).await
        }
        .await,
    )
}

/// Who changes which subscription of `customer`, on the version the form
/// was loaded with: the checks every change starts with.
#[cfg(feature = "ssr")]
async fn prepare_change(
    customer: &str,
    subscription: String,
    version: &str,
) -> Result<(sqlx::SqlitePool, store::Change), AppError> {
    let actor = crate::request::require_user().await?;
    let pool = crate::request::pool()?;
    let relationship = crate::customers::require_relationship(&pool, &actor, customer).await?;
    domain::may_transact(&actor)?;
    let change = store::Change {
        version: domain::parse_version(version)?,
        ip_address: crate::request::client_ip().await,
        actor,
        relationship,
        subscription_id: subscription,
    };
    Ok((pool, change))
}

/// R11: the partner of record changes the number of seats.
#[server(endpoint = "change_seats")]
pub async fn change_seats(
    customer: String,
    subscription: String,
    version: String,
    seats: String,
) -> Result<(), AppError> {
    use crate::input::Field;
    crate::request::answer(
        async move {
            let (pool, change) = prepare_change(&customer, subscription, &version).await?;
            let seats = domain::Seats::parse(Field::Seats, &seats)?;
            store::change_seats(&pool, &change, seats).await
        }
        .await,
    )
}

/// R11: the partner of record orders an add-on.
#[server(endpoint = "order_addon")]
pub async fn order_addon(
    customer: String,
    subscription: String,
    version: String,
    addon: String,
    quantity: String,
) -> Result<(), AppError> {
    use crate::input::Field;
    crate::request::answer(
        async move {
            let (pool, change) = prepare_change(&customer, subscription, &version).await?;
            let quantity = domain::Seats::parse(Field::Quantity, &quantity)?;
            store::order_addon(&pool, &change, &addon, quantity).await
        }
        .await,
    )
}

/// R11: the partner of record migrates the subscription to another offer.
#[server(endpoint = "migrate_subscription")]
pub async fn migrate_subscription(
    customer: String,
    subscription: String,
    version: String,
    offer: String,
) -> Result<(), AppError> {
    crate::request::answer(
        async move {
            let (pool, change) = prepare_change(&customer, subscription, &version).await?;
            store::migrate(&pool, &change, &offer).await
        }
        .await,
    )
}

/// R11: the partner of record suspends or reactivates the subscription.
#[server(endpoint = "set_subscription_state")]
pub async fn set_subscription_state(
    customer: String,
    subscription: String,
    version: String,
    suspend: bool,
) -> Result<(), AppError> {
    crate::request::answer(
        async move {
            let (pool, change) = prepare_change(&customer, subscription, &version).await?;
            store::set_suspended(&pool, &change, suspend).await
        }
        .await,
    )
}

/// The data, actions and form state of the "Subscriptions" section, created
/// at the top of the page (never inside a `Suspense`), so that reloading the
/// list after a change keeps which form is open and what was answered.
#[derive(Clone, Copy)]
pub struct SubscriptionsData {
    pub list: crate::ui::Data<SubscriptionsView>,
    pub create: ServerAction<CreateSubscription>,
    pub seats: ServerAction<ChangeSeats>,
    pub addon: ServerAction<OrderAddon>,
    pub migrate: ServerAction<MigrateSubscription>,
    pub state: ServerAction<SetSubscriptionState>,
    pub answer: ServerAction<transfers::AnswerTransfer>,
    /// Bumped when the list must be read again: after a change, or when a
    /// change was refused because someone else made one first.
    changed: RwSignal<usize>,
    adding: RwSignal<bool>,
    /// The service and offer chosen in the "Add subscription" form (empty:
    /// the first).
    service: RwSignal<String>,
    offer: RwSignal<String>,
    editing: RwSignal<Option<(Edit, Subscription)>>,
    done: RwSignal<Option<Done>>,
}

impl SubscriptionsData {
    pub fn new(customer: Signal<String>) -> Self {
        let changed = RwSignal::new(0);
        let list = crate::ui::data(
            move || (customer.get(), changed.get()),
            |(customer, _)| customer_subscriptions(customer),
        );
        SubscriptionsData {
            list,
            create: ServerAction::new(),
            seats: ServerAction::new(),
            addon: ServerAction::new(),
            migrate: ServerAction::new(),
            state: ServerAction::new(),
            answer: ServerAction::new(),
            changed,
            adding: RwSignal::new(false),
            service: RwSignal::new(String::new()),
            offer: RwSignal::new(String::new()),
            editing: RwSignal::new(None),
            done: RwSignal::new(None),
        }
    }

    /// Changes whenever one of the section's actions answered.
    pub fn version(self) -> Signal<usize> {
        Signal::derive(move || {
            self.create.version().get()
                + self.seats.version().get()
                + self.addon.version().get()
                + self.migrate.version().get()
                + self.state.version().get()
                + self.answer.version().get()
        })
    }

    /// Reacts to one action's answer: a success closes its form, says what
    /// changed and reloads the list; a stale version reloads the list too.
    fn follow<T: 'static>(
        self,
        value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
        done: Done,
    ) {
        Effect::new(move |_| match value.get() {
            Some(Ok(_)) => {
                self.adding.set(false);
                self.editing.set(None);
                self.done.set(Some(done));
                self.changed.update(|n| *n += 1);
            }
            Some(Err(AppError::Refused(crate::error::Refusal::Subscriptions(
                Refusal::ChangedElsewhere,
            )))) => self.changed.update(|n| *n += 1),
            _ => {}
        });
    }
}

/// Which change the partner is making to which subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Seats,
    Addon,
    Migrate,
}

/// What the last successful action did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    Created,
    SeatsChanged,
    AddonOrdered,
    Migrated,
    StateChanged,
    TransferAnswered,
}

/// The "Subscriptions" section of the partner's customer page.
#[component]
pub fn SubscriptionsSection(customer: String, data: SubscriptionsData) -> impl IntoView {
    let i18n = use_i18n();
    let customer = StoredValue::new(customer);
    data.follow(data.create.value(), Done::Created);
    data.follow(data.seats.value(), Done::SeatsChanged);
    data.follow(data.addon.value(), Done::AddonOrdered);
    data.follow(data.migrate.value(), Done::Migrated);
    data.follow(data.state.value(), Done::StateChanged);
    data.follow(data.answer.value(), Done::TransferAnswered);
    // One form at a time: the add form and a change form both have "Seats".
    Effect::new(move |_| {
        if data.adding.get() {
            data.editing.set(None);
        }
    });
    let done = move || {
        data.done.get().map(|done| {
            let message = match done {
                Done::Created => tu_string!(i18n, subscriptions.created),
                Done::SeatsChanged => tu_string!(i18n, subscriptions.seats_changed),
                Done::AddonOrdered => tu_string!(i18n, subscriptions.addon_ordered),
                Done::Migrated => tu_string!(i18n, subscriptions.migrated),
                Done::StateChanged => tu_string!(i18n, subscriptions.state_changed),
                Done::TransferAnswered => tu_string!(i18n, transfers.answered),
            };
            view! { <p role="status" class="status">{message}</p> }
        })
    };
    view! {
        <section class="card" aria-labelledby="subscriptions-heading">
            <h2 id="subscriptions-heading">{tu_string!(i18n, subscriptions.heading)}</h2>
            {done}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.list.await {
                        Ok(view) => {
                            view! { <Subscriptions view customer=customer.get_value() data /> }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Subscriptions(
    view: SubscriptionsView,
    customer: String,
    data: SubscriptionsData,
) -> impl IntoView {
    let i18n = use_i18n();
    let SubscriptionsView {
        catalog,
        subscriptions,
        blocked,
        incoming,
    } = view;
    let catalog = StoredValue::new(catalog);
    let customer = StoredValue::new(customer);
    let blocked = StoredValue::new(blocked);
    let SubscriptionsData {
        create,
        state,
        adding,
        editing,
        ..
    } = data;
    let first = catalog
        .with_value(|c| c.first().map(|s| s.id.clone()))
        .unwrap_or_default();
    let service = Signal::derive(move || {
        let chosen = data.service.get();
        if chosen.is_empty() {
            first.clone()
        } else {
            chosen
        }
    });
    let base_offers_of = move |service_id: String| {
        catalog.with_value(|c| {
            c.iter()
                .find(|s| s.id == service_id)
                .map(|s| {
                    s.offers
                        .iter()
                        .filter(|o| !o.addon)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let empty = subscriptions.is_empty();
    view! {
        {move || {
            state
                .value()
                .get()
                .and_then(Result::err)
                .or_else(|| data.answer.value().get().and_then(Result::err))
                .map(|error| view! { <ErrorAlert error /> })
        }}
        <transfers::IncomingTransfers customer=customer.get_value() transfers=incoming answer=data.answer />
        <FormToggle open=adding label=Signal::stored(tu_string!(i18n, subscriptions.add).to_string())>
            <ActionForm action=create attr:class="stack form-card">
                {move || {
                    create
                        .value()
                        .get()
                        .and_then(Result::err)
                        .or_else(|| blocked.get_value())
                        .map(|error| view! { <ErrorAlert error /> })
                }}
                <input type="hidden" name="customer" value=customer.get_value() />
                <div class="field">
                    <label for="new-subscription-service">{tu_string!(i18n, subscriptions.service)}</label>
                    <select
                        id="new-subscription-service"
                        name="service"
                        prop:value=move || service.get()
                        on:change=move |ev| {
                            data.service.set(event_target_value(&ev));
                            data.offer.set(String::new());
                        }
                    >
                        {catalog
                            .get_value()
                            .into_iter()
                            .map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <OfferSelect
                    id="new-subscription-offer"
                    name="offer"
                    label=Signal::stored(tu_string!(i18n, subscriptions.offer).to_string())
                    offers=Signal::derive(move || base_offers_of(service.get()))
                    chosen=data.offer
                />
                <label>
                    <span>{tu_string!(i18n, subscriptions.seats)}</span>
                    <input type="number" name="seats" required min="1" max=MAX_SEATS.to_string() value="1" />
                </label>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || create.pending().get()>
                        {tu_string!(i18n, subscriptions.create)}
                    </button>
                </div>
            </ActionForm>
        </FormToggle>
        {if empty {
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
                                .map(|subscription| view! { <SubscriptionRow subscription data customer=customer.get_value() /> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {move || {
            editing
                .get()
                .map(|(edit, subscription)| {
                    view! {
                        <EditForm
                            edit
                            subscription
                            customer=customer.get_value()
                            data
                            editing
                            catalog=catalog.get_value()
                            blocked=blocked.get_value()
                        />
                    }
                })
        }}
    }
}

#[component]
fn SubscriptionRow(
    subscription: Subscription,
    data: SubscriptionsData,
    customer: String,
) -> impl IntoView {
    let state = data.state;
    let i18n = use_i18n();
    let suspended = subscription.state == SubscriptionState::Suspended;
    let addons = addons_text(&subscription.addons);
    let stored = StoredValue::new(subscription.clone());
    let open = move |edit: Edit| {
        move |_| {
            // A form opened afresh starts without the last answer.
            data.seats.value().set(None);
            data.addon.value().set(None);
            data.migrate.value().set(None);
            data.adding.set(false);
            data.editing.set(Some((edit, stored.get_value())));
        }
    };
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
                <button type="button" on:click=open(Edit::Seats)>{tu_string!(i18n, subscriptions.change_seats)}</button>
                <button type="button" on:click=open(Edit::Addon)>{tu_string!(i18n, subscriptions.add_addon)}</button>
                <button type="button" on:click=open(Edit::Migrate)>{tu_string!(i18n, subscriptions.migrate)}</button>
                <button
                    type="button"
                    disabled=move || state.pending().get()
                    on:click=move |_| {
                        let subscription = stored.get_value();
                        state.dispatch(SetSubscriptionState {
                            customer: customer.clone(),
                            subscription: subscription.id,
                            version: subscription.version.to_string(),
                            suspend: !suspended,
                        });
                    }
                >
                    {{
                        if suspended {
                            tu_string!(i18n, subscriptions.reactivate).to_string()
                        } else {
                            tu_string!(i18n, subscriptions.suspend).to_string()
                        }
                    }}
                </button>
            </td>
        </tr>
    }
}

/// A select of offers (or add-ons) by name, with the monthly unit price of
/// the one picked beside it. `chosen` holds the picked id (empty: the first).
#[component]
fn OfferSelect(
    id: &'static str,
    name: &'static str,
    label: Signal<String>,
    offers: Signal<Vec<Offer>>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let picked = Signal::derive(move || {
        let picked = chosen.get();
        offers.with(|offers| {
            offers
                .iter()
                .find(|o| o.id == picked)
                .or(offers.first())
                .cloned()
        })
    });
    let hint = format!("{id}-price");
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <select
                id=id
                name=name
                aria-describedby=hint.clone()
                prop:value=move || picked.get().map(|o| o.id).unwrap_or_default()
                on:change=move |ev| chosen.set(event_target_value(&ev))
            >
                {move || {
                    offers
                        .get()
                        .into_iter()
                        .map(|o| view! { <option value=o.id.clone()>{o.name.clone()}</option> })
                        .collect_view()
                }}
            </select>
            <span id=hint class="muted">
                {move || {
                    picked
                        .get()
                        .map(|o| {
                            tu_string!(i18n, subscriptions.unit_price, price = money(o.unit_price_cents))
                                .to_string()
                        })
                }}
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
    data: SubscriptionsData,
    editing: RwSignal<Option<(Edit, Subscription)>>,
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
    let title = subscription.offer.clone();
    // The offer picked in the form's select (empty: its first).
    let chosen = RwSignal::new(String::new());
    let hidden = view! {
        <input type="hidden" name="customer" value=customer.clone() />
        <input type="hidden" name="subscription" value=subscription.id.clone() />
        <input type="hidden" name="version" value=subscription.version.to_string() />
    };
    let cancel = view! {
        <button type="button" on:click=move |_| editing.set(None)>{tu_string!(i18n, common.cancel)}</button>
    };
    let alert = move |error: Option<AppError>| {
        let precheck = precheck.clone();
        move || {
            error
                .clone()
                .or_else(|| precheck.clone())
                .map(|error| view! { <ErrorAlert error /> })
        }
    };
    let form = match edit {
        Edit::Seats => {
            let action = data.seats;
            view! {
                <ActionForm action attr:class="stack form-card">
                    <h3>{tu_string!(i18n, subscriptions.change_seats_of, offer = title.as_str()).to_string()}</h3>
                    {move || alert(action.value().get().and_then(Result::err))()}
                    {hidden}
                    <label>
                        <span>{tu_string!(i18n, subscriptions.seats)}</span>
                        <input type="number" name="seats" required min="1" max=MAX_SEATS.to_string() value=subscription.seats.to_string() />
                    </label>
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || action.pending().get()>
                            {tu_string!(i18n, subscriptions.save_seats)}
                        </button>
                        {cancel}
                    </div>
                </ActionForm>
            }
            .into_any()
        }
        Edit::Addon => {
            let action = data.addon;
            let addons: Vec<Offer> = offers.iter().filter(|o| o.addon).cloned().collect();
            view! {
                <ActionForm action attr:class="stack form-card">
                    <h3>{tu_string!(i18n, subscriptions.add_addon_to, offer = title.as_str()).to_string()}</h3>
                    {move || alert(action.value().get().and_then(Result::err))()}
                    {hidden}
                    <OfferSelect
                        id="edit-addon"
                        name="addon"
                        label=Signal::stored(tu_string!(i18n, subscriptions.addon).to_string())
                        offers=Signal::stored(addons)
                        chosen
                    />
                    <label>
                        <span>{tu_string!(i18n, subscriptions.quantity)}</span>
                        <input type="number" name="quantity" required min="1" max=MAX_SEATS.to_string() value="1" />
                    </label>
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || action.pending().get()>
                            {tu_string!(i18n, subscriptions.order_addon)}
                        </button>
                        {cancel}
                    </div>
                </ActionForm>
            }
            .into_any()
        }
        Edit::Migrate => {
            let action = data.migrate;
            let current = subscription.offer_id.clone();
            let others: Vec<Offer> = offers
                .iter()
                .filter(|o| !o.addon && o.id != current)
                .cloned()
                .collect();
            view! {
                <ActionForm action attr:class="stack form-card">
                    <h3>{tu_string!(i18n, subscriptions.migrate_of, offer = title.as_str()).to_string()}</h3>
                    {move || alert(action.value().get().and_then(Result::err))()}
                    {hidden}
                    <OfferSelect
                        id="edit-offer"
                        name="offer"
                        label=Signal::stored(tu_string!(i18n, subscriptions.new_offer).to_string())
                        offers=Signal::stored(others)
                        chosen
                    />
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || action.pending().get()>
                            {tu_string!(i18n, subscriptions.migrate_submit)}
                        </button>
                        {cancel}
                    </div>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! { <div class="edit-panel">{form}</div> }
}
