//! The customer's own subscriptions page and the subscriptions section of the customer page.
use super::{
    Addon, CatalogService, ChangeSeats, CreateSubscription, MAX_SEATS, MigrateSubscription, Offer,
    OrderAddon, Refusal, SetSubscriptionState, Subscription, SubscriptionState, SubscriptionsView,
    customer_subscriptions, own_subscriptions, transfers,
};
use crate::i18n::*;
use crate::ui::{CancelButton, ErrorAlert, Form, FormAction, Loading, OpenButton, SubmitButton};
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
        <crate::ui::PageHeading text={tu_string!(i18n, subscriptions.heading)} />
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

/// Which change the partner is making to a subscription. Before the page
/// is interactive, `edit=` in the address, beside `subscription=` (its id).
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

/// The id of the sentence saying why this reader may not provision or
/// change subscriptions, beside "Add subscription".
const REFUSED_ID: &str = "subscription-refused";

/// The id of the sentence saying why no service can be added (none with a
/// role in force), beside "Add subscription".
const ADD_REFUSED_ID: &str = "subscription-add-refused";

/// What the subscriptions section holds while it lives: its actions, which
/// form is open, and what was done last.
#[derive(Clone, Copy)]
struct Section {
    create: FormAction,
    seats: FormAction,
    addon: FormAction,
    migrate: FormAction,
    state: FormAction,
    /// "Suspend", confirmed in its dialog, which shows its refusal itself.
    suspend: FormAction,
    answer: FormAction,
    adding: RwSignal<bool>,
    editing: RwSignal<Option<(Edit, String)>>,
    done: RwSignal<Option<crate::relationships::Done>>,
    /// What was done last is about: a subscription (id) and the add-on
    /// ordered (offer id), named from the list once it loads again.
    about: RwSignal<Option<(String, Option<String>)>>,
    /// One more after each change made here: the list loads again (and
    /// the forms inside it are made anew) after this section's changes
    /// only, never while another section's form is half filled.
    reloads: RwSignal<usize>,
}

impl Section {
    /// What closes an open form and says what was done to `subscription`
    /// (the answer names a new subscription, and the add-on ordered).
    fn finished(
        self,
        done: crate::relationships::Done,
        subscription: Option<String>,
    ) -> Callback<String> {
        use crate::relationships::Done;
        Callback::new(move |answer: String| {
            let named = serde_json::from_str::<String>(&answer).ok();
            let about = match done {
                Done::SubscriptionCreated => named.map(|id| (id, None)),
                Done::AddonOrdered => subscription.clone().map(|id| (id, named)),
                _ => subscription.clone().map(|id| (id, None)),
            };
            self.adding.set(false);
            self.editing.set(None);
            self.done.set(Some(done));
            self.about.set(about);
            self.reloads.update(|n| *n += 1);
        })
    }
}

/// The "Subscriptions" section of the partner's customer page. Rendered on
/// the server first, with any form the address opens (`open=subscription`;
/// `edit=` and `subscription=`), so that every form works as a plain post
/// before the WASM arrives. Once interactive, forms open, close and send in
/// place: the list and the page's audit log load again after each change.
#[component]
pub fn SubscriptionsSection(
    customer: String,
    adding: bool,
    done: Option<crate::relationships::Done>,
) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let section = Section {
        create: FormAction::new(CreateSubscription::PATH),
        seats: FormAction::new(ChangeSeats::PATH),
        addon: FormAction::new(OrderAddon::PATH),
        migrate: FormAction::new(MigrateSubscription::PATH),
        state: FormAction::new(SetSubscriptionState::PATH),
        suspend: FormAction::new(SetSubscriptionState::PATH),
        answer: FormAction::new(transfers::AnswerTransfer::PATH),
        adding: RwSignal::new(adding),
        editing: RwSignal::new(
            crate::ui::query_value("edit")
                .and_then(|edit| Edit::parse(&edit))
                .zip(crate::ui::query_value("subscription")),
        ),
        done: RwSignal::new(done),
        about: RwSignal::new(
            crate::ui::query_value("subscription")
                .filter(|_| done.is_some())
                .map(|id| (id, crate::ui::query_value("addon"))),
        ),
        reloads: RwSignal::new(0),
    };
    // What was done last is said until another form opens.
    Effect::watch(
        move || section.adding.get() || section.editing.with(Option::is_some),
        move |opened, _, _| {
            if *opened {
                section.done.set(None);
            }
        },
        false,
    );
    let list = {
        let customer = customer.clone();
        crate::ui::data(
            move || (customer.clone(), section.reloads.get()),
            |(customer, _)| customer_subscriptions(customer),
        )
    };
    // The forms of the table's rows leave their refusals to the section.
    let failed = move || section.state.refusal().or_else(|| section.answer.refusal());
    view! {
        <section class="card" aria-labelledby=SECTION_ANCHOR>
            <h2 id=SECTION_ANCHOR>{tu_string!(i18n, subscriptions.heading)}</h2>
            {move || failed().map(|error| view! { <ErrorAlert error /> })}
            <Transition fallback=Loading>
                {move || {
                    let customer = customer.clone();
                    Suspend::new(async move {
                        match list.await {
                            Ok(view) => view! { <Subscriptions view customer section /> }.into_any(),
                            Err(error) => view! { <ErrorAlert error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

/// Why this reader may not provision or change any subscription, as the
/// sentence beside the buttons says it.
fn refused_reading(i18n: leptos_i18n::I18nContext<Locale>, blocked: &AppError) -> String {
    match blocked {
        AppError::Refused(kernel::error::Refusal::Subscriptions(
            Refusal::AdvisorsDoNotTransact,
        )) => tu_string!(i18n, subscriptions.advisors_may_not).to_string(),
        AppError::Refused(kernel::error::Refusal::Subscriptions(
            Refusal::OnlyAdminOrSalesAgents,
        )) => tu_string!(i18n, subscriptions.agents_may_not).to_string(),
        other => crate::ui::error_message(i18n, other),
    }
}

#[component]
fn Subscriptions(view: SubscriptionsView, customer: String, section: Section) -> impl IntoView {
    let i18n = use_i18n();
    let SubscriptionsView {
        catalog,
        subscriptions,
        blocked,
        incoming,
        provisionable,
    } = view;
    let refused = blocked
        .as_ref()
        .map(|blocked| refused_reading(i18n, blocked));
    let may_transact = blocked.is_none();
    // What was done last, in the names of the list just loaded.
    let message = {
        let (subscriptions, catalog) = (subscriptions.clone(), catalog.clone());
        move || {
            let done = section.done.get()?;
            let about = section.about.get();
            done_said(i18n, done, about.as_ref(), &subscriptions, &catalog)
        }
    };
    // "Add subscription" offers only the services with a role in force (R5).
    let offered: Vec<CatalogService> = catalog
        .iter()
        .filter(|service| provisionable.contains(&service.id))
        .cloned()
        .collect();
    let some_left_out = offered.len() < catalog.len();
    let add_refused = refused
        .clone()
        .map(|reason| (REFUSED_ID, reason))
        .or_else(|| {
            offered.is_empty().then(|| {
                (
                    ADD_REFUSED_ID,
                    tu_string!(i18n, subscriptions.no_service_in_force).to_string(),
                )
            })
        });
    // One form at a time: the add form and a change form both have "Seats".
    let edit_form = {
        let (customer, catalog, subscriptions) =
            (customer.clone(), catalog.clone(), subscriptions.clone());
        move || {
            let (edit, id) = section
                .editing
                .get()
                .filter(|_| may_transact && !section.adding.get())?;
            let subscription = subscriptions.iter().find(|s| s.id == id)?.clone();
            Some(view! {
                <EditForm
                    edit
                    subscription
                    customer=customer.clone()
                    catalog=catalog.clone()
                    section
                />
            })
        }
    };
    let add_form = {
        let customer = customer.clone();
        move || {
            (may_transact && !offered.is_empty() && section.adding.get()).then(|| {
                view! {
                    <AddForm
                        catalog=offered.clone()
                        customer=customer.clone()
                        section
                        some_left_out
                    />
                }
            })
        }
    };
    let table = if subscriptions.is_empty() {
        view! { <p class="empty">{tu_string!(i18n, subscriptions.empty)}</p> }.into_any()
    } else {
        let refused = refused.is_some().then_some(REFUSED_ID);
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
                            .map(|subscription| {
                                view! { <SubscriptionRow subscription customer=customer.clone() section refused /> }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
            .into_any()
    };
    view! {
        {move || message().map(|message| view! { <p role="status" class="status">{message}</p> })}
        <transfers::IncomingTransfers
            customer=customer.clone()
            transfers=incoming
            action=section.answer
            on_done=section.finished(crate::relationships::Done::TransferAnswered, None)
            refused=refused.is_some().then_some(REFUSED_ID)
        />
        <OpenButton
            form=crate::relationships::ADD_SUBSCRIPTION
            open=section.adding
            label=tu_string!(i18n, subscriptions.add).to_string()
            anchor=SECTION_ANCHOR
            refused=add_refused
        />
        {add_form}
        {table}
        {edit_form}
    }
}

/// The "Add subscription" form, over the services `catalog` offers (those
/// with a role in force; `some_left_out` when the catalog has others).
/// Before the page is interactive, "Offer" lists every service's offers,
/// grouped, and the server refuses an offer of another service than the
/// one chosen; once interactive, it lists only the chosen service's offers
/// and their prices.
#[component]
fn AddForm(
    catalog: Vec<CatalogService>,
    customer: String,
    section: Section,
    some_left_out: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let interactive = crate::ui::interactive();
    let service = RwSignal::new(catalog.first().map(|s| s.id.clone()).unwrap_or_default());
    let first = NodeRef::<leptos::html::Select>::new();
    crate::ui::focus_when_shown(move || first.get().map(Into::into));
    // A service chosen before the page was interactive is the one followed.
    Effect::watch(
        move || interactive.get(),
        move |_, _, _| {
            if let Some(select) = first.get_untracked() {
                service.set(select.value());
            }
        },
        false,
    );
    // The services whose offers are offered: all of them until the page can
    // follow the choice of service.
    let chosen = {
        let catalog = catalog.clone();
        move || -> Vec<CatalogService> {
            let service = interactive.get().then(|| service.get());
            catalog
                .iter()
                .filter(|s| service.as_ref().is_none_or(|id| *id == s.id))
                .cloned()
                .collect()
        }
    };
    let offers = {
        let chosen = chosen.clone();
        move || {
            let services = chosen();
            let grouped = services.len() > 1;
            services
                .into_iter()
                .map(|service| {
                    let options = service
                        .offers
                        .into_iter()
                        .filter(|o| !o.addon)
                        .map(|o| view! { <option value=o.id>{o.name}</option> })
                        .collect_view();
                    if grouped {
                        view! { <optgroup label=service.name>{options}</optgroup> }.into_any()
                    } else {
                        options.into_any()
                    }
                })
                .collect_view()
        }
    };
    let prices = move || {
        let prices = unit_prices(
            chosen()
                .iter()
                .flat_map(|service| service.offers.iter().filter(|o| !o.addon)),
        );
        tu_string!(i18n, subscriptions.unit_prices, prices = prices.as_str()).to_string()
    };
    view! {
        <Form
            action=section.create
            anchor=SECTION_ANCHOR
            class="stack form-card"
            on_done=section.finished(crate::relationships::Done::SubscriptionCreated, None)
        >
            <input type="hidden" name="customer" value=customer />
            <div class="field">
                <label for="new-subscription-service">{tu_string!(i18n, subscriptions.service)}</label>
                <select
                    id="new-subscription-service"
                    name="service"
                    node_ref=first
                    aria-describedby=some_left_out.then_some("new-subscription-service-note")
                    on:change=move |event| service.set(event_target_value(&event))
                >
                    {catalog
                        .iter()
                        .map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> })
                        .collect_view()}
                </select>
                {some_left_out.then(|| view! {
                    <span id="new-subscription-service-note" class="muted">
                        {tu_string!(i18n, subscriptions.services_in_force_only)}
                    </span>
                })}
            </div>
            <div class="field">
                <label for="new-subscription-offer">{tu_string!(i18n, subscriptions.offer)}</label>
                <select id="new-subscription-offer" name="offer" aria-describedby="new-subscription-offer-price">
                    {offers}
                </select>
                <span id="new-subscription-offer-price" class="muted">{prices}</span>
            </div>
            <label>
                <span>{tu_string!(i18n, subscriptions.seats)}</span>
                <input type="number" name="seats" required min="1" max=MAX_SEATS.to_string() value="1" />
            </label>
            <div class="actions">
                <SubmitButton label=tu_string!(i18n, subscriptions.create) primary=true />
                <CancelButton close=Callback::new(move |_| section.adding.set(false)) anchor=SECTION_ANCHOR />
            </div>
        </Form>
    }
}

/// One subscription, with the changes its partner of record may make. For
/// another partner, or a reader who may not transact, the buttons are
/// disabled and the reason is said beside them (`refused` is the id of a
/// reason said once for the whole table).
#[component]
fn SubscriptionRow(
    subscription: Subscription,
    customer: String,
    section: Section,
    refused: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let suspended = subscription.state == SubscriptionState::Suspended;
    let addons = addons_text(&subscription.addons);
    let reason_id = format!("subscription-{}-refused", subscription.id);
    let (refused, reason) = match refused {
        Some(id) => (Some(id.to_string()), None),
        None if !subscription.of_record => {
            let partner = subscription.partner.as_str();
            let reason = tu_string!(
                i18n,
                subscriptions.only_partner_of_record,
                partner = partner
            )
            .to_string();
            (
                Some(reason_id.clone()),
                Some(view! { <p id=reason_id class="muted reason">{reason}</p> }),
            )
        }
        None => (None, None),
    };
    let disabled = refused.is_some();
    let edit_button = |edit: Edit, label: String| {
        let id = subscription.id.clone();
        view! {
            <button
                type="submit"
                name="edit"
                value=edit.as_str()
                disabled=disabled
                aria-describedby=refused.clone()
                on:click=move |event| {
                    event.prevent_default();
                    section.adding.set(false);
                    section.editing.set(Some((edit, id.clone())));
                }
            >
                {label}
            </button>
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
                <form method="get" action=format!("{}#{EDIT_ANCHOR}", crate::ui::here_path())>
                    <input type="hidden" name="subscription" value=subscription.id.clone() />
                    {edit_button(Edit::Seats, tu_string!(i18n, subscriptions.change_seats).to_string())}
                    {edit_button(Edit::Addon, tu_string!(i18n, subscriptions.add_addon).to_string())}
                    {edit_button(Edit::Migrate, tu_string!(i18n, subscriptions.migrate).to_string())}
                </form>
                {if suspended || disabled {
                    // Reactivating is undone by suspending: one click. A
                    // reader who may not do either sees the button disabled.
                    view! {
                        <Form
                            action=section.state
                            anchor=SECTION_ANCHOR
                            quiet=true
                            on_done=section.finished(
                                crate::relationships::Done::StateChanged,
                                Some(subscription.id.clone()),
                            )
                        >
                            <input type="hidden" name="customer" value=customer />
                            <input type="hidden" name="subscription" value=subscription.id.clone() />
                            <input type="hidden" name="version" value=subscription.version.to_string() />
                            <input type="hidden" name="suspend" value=(!suspended).to_string() />
                            <SubmitButton
                                label={
                                    if suspended {
                                        tu_string!(i18n, subscriptions.reactivate).to_string()
                                    } else {
                                        tu_string!(i18n, subscriptions.suspend).to_string()
                                    }
                                }
                                refused=refused.clone()
                            />
                        </Form>
                    }
                        .into_any()
                } else {
                    view! { <SuspendConfirmation subscription=subscription.clone() customer section /> }
                        .into_any()
                }}
                {reason}
            </td>
        </tr>
    }
}

/// "Suspend": a confirmation the browser shows by itself (a modal
/// `<dialog>` its button opens with `command="show-modal"`, so it asks
/// before the WASM arrives too, as "Remove delegated admin privileges"
/// does), holding the form; its refusal shows inside it.
#[component]
fn SuspendConfirmation(
    subscription: Subscription,
    customer: String,
    section: Section,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("suspend-{}", subscription.id);
    let (title_id, body_id) = (format!("{id}-title"), format!("{id}-body"));
    let (labelled_by, described_by, cancel) = (title_id.clone(), body_id.clone(), id.clone());
    let title = tu_string!(
        i18n,
        subscriptions.suspend_title,
        offer = subscription.offer.as_str()
    )
    .to_string();
    view! {
        <button type="button" commandfor=id.clone() command="show-modal">
            {tu_string!(i18n, subscriptions.suspend)}
        </button>
        <dialog id=id role="dialog" aria-labelledby=labelled_by aria-describedby=described_by class="dialog">
            <Form
                action=section.suspend
                anchor=SECTION_ANCHOR
                on_done=section.finished(
                    crate::relationships::Done::StateChanged,
                    Some(subscription.id.clone()),
                )
            >
                <h2 id=title_id>{title}</h2>
                <p id=body_id>{tu_string!(i18n, subscriptions.suspend_body)}</p>
                <input type="hidden" name="customer" value=customer />
                <input type="hidden" name="subscription" value=subscription.id.clone() />
                <input type="hidden" name="version" value=subscription.version.to_string() />
                <input type="hidden" name="suspend" value="true" />
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, subscriptions.suspend) danger=true />
                    <button type="button" commandfor=cancel command="close" autofocus>
                        {tu_string!(i18n, common.cancel)}
                    </button>
                </div>
            </Form>
        </dialog>
    }
}

/// What was done last to a subscription, in the names the list (and the
/// catalog) shows: "Microsoft 365 E3 suspended". The address of a plain post
/// carries only ids, so it cannot put other words on the page; without
/// them (or once the subscription is gone), the general sentence.
fn done_said(
    i18n: leptos_i18n::I18nContext<Locale>,
    done: crate::relationships::Done,
    about: Option<&(String, Option<String>)>,
    subscriptions: &[Subscription],
    catalog: &[CatalogService],
) -> Option<String> {
    use crate::relationships::Done;
    let subscription = about.and_then(|(id, _)| subscriptions.iter().find(|s| s.id == *id));
    let addon = about
        .and_then(|(_, addon)| addon.as_ref())
        .and_then(|addon| {
            catalog
                .iter()
                .flat_map(|service| &service.offers)
                .find(|offer| offer.id == *addon && offer.addon)
        });
    Some(match (done, subscription) {
        (Done::SubscriptionCreated, Some(s)) => {
            tu_string!(i18n, subscriptions.created_named, offer = s.offer.as_str()).to_string()
        }
        (Done::SeatsChanged, Some(s)) => {
            let seats = s.seats.to_string();
            tu_string!(
                i18n,
                subscriptions.seats_changed_named,
                offer = s.offer.as_str(),
                seats = seats.as_str()
            )
            .to_string()
        }
        (Done::AddonOrdered, Some(s)) => match addon {
            Some(addon) => tu_string!(
                i18n,
                subscriptions.addon_ordered_named,
                addon = addon.name.as_str(),
                offer = s.offer.as_str()
            )
            .to_string(),
            None => tu_string!(i18n, subscriptions.addon_ordered).to_string(),
        },
        (Done::Migrated, Some(s)) => {
            tu_string!(i18n, subscriptions.migrated_named, offer = s.offer.as_str()).to_string()
        }
        (Done::StateChanged, Some(s)) if s.state == SubscriptionState::Suspended => tu_string!(
            i18n,
            subscriptions.suspended_named,
            offer = s.offer.as_str()
        )
        .to_string(),
        (Done::StateChanged, Some(s)) => tu_string!(
            i18n,
            subscriptions.reactivated_named,
            offer = s.offer.as_str()
        )
        .to_string(),
        (Done::SubscriptionCreated, None) => tu_string!(i18n, subscriptions.created).to_string(),
        (Done::SeatsChanged, None) => tu_string!(i18n, subscriptions.seats_changed).to_string(),
        (Done::AddonOrdered, None) => tu_string!(i18n, subscriptions.addon_ordered).to_string(),
        (Done::Migrated, None) => tu_string!(i18n, subscriptions.migrated).to_string(),
        (Done::StateChanged, None) => tu_string!(i18n, subscriptions.state_changed).to_string(),
        (Done::TransferAnswered, _) => tu_string!(i18n, transfers.answered).to_string(),
        (Done::UserCreated | Done::PasswordReset | Done::SupportRequestOpened, _) => return None,
    })
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

/// The form of one change to one subscription. Opened from the address
/// (before the page is interactive) by a reader who may not make it (not
/// the partner of record, R11; not allowed to transact at all), it says so
/// before anything is sent; the server refuses anyway.
#[component]
fn EditForm(
    edit: Edit,
    subscription: Subscription,
    customer: String,
    catalog: Vec<CatalogService>,
    section: Section,
) -> impl IntoView {
    use crate::relationships::Done;
    let i18n = use_i18n();
    let offers: Vec<Offer> = catalog
        .iter()
        .find(|s| s.id == subscription.service_id)
        .map(|s| s.offers.clone())
        .unwrap_or_default();
    let action = match edit {
        Edit::Seats => section.seats,
        Edit::Addon => section.addon,
        Edit::Migrate => section.migrate,
    };
    // Said once: the form's own alert shows the server's refusal instead.
    let precheck = {
        let partner = subscription.partner.clone();
        let of_record = subscription.of_record;
        move || {
            (!of_record && action.refusal().is_none()).then(|| {
                let error = Refusal::NotPartnerOfRecord(partner.clone()).into();
                view! { <ErrorAlert error /> }
            })
        }
    };
    let panel = NodeRef::<leptos::html::Div>::new();
    crate::ui::focus_when_shown(move || panel.get().map(Into::into));
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
    let about = Some(subscription.id.clone());
    // Made inside its form, whose buttons it holds.
    let body = move || {
        view! {
            <h3>{heading}</h3>
            {precheck}
            <input type="hidden" name="customer" value=customer />
            <input type="hidden" name="subscription" value=subscription.id.clone() />
            <input type="hidden" name="version" value=subscription.version.to_string() />
            {fields}
            <div class="actions">
                <SubmitButton label=submit primary=true />
                <CancelButton close=Callback::new(move |_| section.editing.set(None)) anchor=SECTION_ANCHOR />
            </div>
        }
    };
    let class = "stack form-card";
    let form = match edit {
        Edit::Seats => view! {
            <Form action=section.seats anchor=SECTION_ANCHOR class on_done=section.finished(Done::SeatsChanged, about.clone())>
                {body()}
            </Form>
        }
        .into_any(),
        Edit::Addon => view! {
            <Form action=section.addon anchor=SECTION_ANCHOR class on_done=section.finished(Done::AddonOrdered, about.clone())>
                {body()}
            </Form>
        }
        .into_any(),
        Edit::Migrate => view! {
            <Form action=section.migrate anchor=SECTION_ANCHOR class on_done=section.finished(Done::Migrated, about.clone())>
                {body()}
            </Form>
        }
        .into_any(),
    };
    view! {
        <div class="edit-panel" id=EDIT_ANCHOR tabindex="-1" node_ref=panel>
            {form}
        </div>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for kernel::refusal::subscriptions::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::refusal::subscriptions::Refusal;
        match self {
            Refusal::AdvisorsDoNotTransact => {
                td_string!(locale, errors.advisors_do_not_transact).to_string()
            }
            Refusal::OnlyAdminOrSalesAgents => {
                td_string!(locale, errors.only_admin_or_sales).to_string()
            }
            Refusal::NoPrivilegesForService => {
                td_string!(locale, errors.no_privileges_for_service).to_string()
            }
            Refusal::ServiceHeldBy(partner) => {
                td_string!(locale, errors.service_held_by, partner = partner.as_str()).to_string()
            }
            Refusal::NotPartnerOfRecord(partner) => td_string!(
                locale,
                errors.not_partner_of_record,
                partner = partner.as_str()
            )
            .to_string(),
            Refusal::ChangedElsewhere => td_string!(locale, errors.changed_elsewhere).to_string(),
            Refusal::Suspended => td_string!(locale, errors.subscription_suspended).to_string(),
            Refusal::SameOffer => td_string!(locale, errors.same_offer).to_string(),
            Refusal::TransferTargetInvalid => {
                td_string!(locale, errors.transfer_target_invalid).to_string()
            }
            Refusal::TransferNotPending => {
                td_string!(locale, errors.transfer_not_pending).to_string()
            }
            Refusal::TransferAlreadyPending => {
                td_string!(locale, errors.transfer_already_pending).to_string()
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
