//! The transfers section of the customer's subscriptions page, and the transfers a partner is asked to accept.
use super::{
    CancelTransfer, IncomingTransfer, RequestTransfer, Reseller, ServiceHolder, TransfersView,
    customer_transfers,
};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Form, FormAction, SubmitButton};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The customer's "Partner of record per service" section, with the
/// transfer requests. Its forms are plain posts before the page is
/// interactive, answered with this page again (a failure shows as an alert,
/// from the address), and sent in place after: the section loads again.
#[component]
pub fn TransfersSection() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let actions = Actions {
        request: FormAction::new(RequestTransfer::PATH),
        cancel: FormAction::new(CancelTransfer::PATH),
    };
    let view = crate::ui::data(crate::ui::changes, |_| customer_transfers());
    let failed = move || {
        actions
            .request
            .refusal()
            .or_else(|| actions.cancel.refusal())
    };
    view! {
        <section class="card" aria-labelledby="transfers-heading">
            <h2 id="transfers-heading">{tu_string!(i18n, transfers.heading)}</h2>
            <p class="muted">{tu_string!(i18n, transfers.intro)}</p>
            {move || failed().map(|error| view! { <ErrorAlert error /> })}
            <Transition>
                {move || Suspend::new(async move {
                    match view.await {
                        Ok(TransfersView { holders, .. }) if holders.is_empty() => {
                            view! { <p class="empty">{tu_string!(i18n, transfers.none)}</p> }.into_any()
                        }
                        Ok(TransfersView { holders, resellers }) => {
                            view! {
                                <ul class="plain">
                                    {holders
                                        .into_iter()
                                        .map(|holder| view! { <HolderItem holder resellers=resellers.clone() actions /> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The forms of the section, whose refusals the section shows.
#[derive(Clone, Copy)]
struct Actions {
    request: FormAction,
    cancel: FormAction,
}

#[component]
fn HolderItem(holder: ServiceHolder, resellers: Vec<Reseller>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let service = holder.service.clone();
    let partner = holder.partner.clone();
    let others: Vec<Reseller> = resellers
        .into_iter()
        .filter(|r| r.slug != holder.partner_slug)
        .collect();
    let select_id = format!("transfer-{}", holder.service_id);
    let action = match holder.pending {
        Some(pending) => {
            let to = pending.to_partner.clone();
            view! {
                <p>
                    {tu_string!(i18n, transfers.pending, partner = to.as_str()).to_string()}
                </p>
                <Form action=actions.cancel class="inline-form" quiet=true>
                    <input type="hidden" name="transfer" value=pending.id />
                    <SubmitButton label=tu_string!(i18n, transfers.cancel) />
                </Form>
            }
            .into_any()
        }
        None if others.is_empty() => {
            view! { <p class="muted">{tu_string!(i18n, transfers.no_other_reseller)}</p> }
                .into_any()
        }
        None => view! {
            <Form action=actions.request class="inline-form" quiet=true>
                <input type="hidden" name="service" value=holder.service_id.clone() />
                <label for=select_id.clone()>{tu_string!(i18n, transfers.new_partner)}</label>
                <select id=select_id name="partner">
                    {others
                        .into_iter()
                        .map(|r| view! { <option value=r.slug>{r.name}</option> })
                        .collect_view()}
                </select>
                <SubmitButton label=tu_string!(i18n, transfers.request) />
            </Form>
        }
        .into_any(),
    };
    view! {
        <li class="holder">
            <p>
                <strong>{service}</strong>
                " — "
                {tu_string!(i18n, transfers.held_by, partner = partner.as_str()).to_string()}
            </p>
            {action}
        </li>
    }
}

/// The transfers a partner is asked to accept, on its customer page; the
/// section around them shows a refusal of `action` (`AnswerTransfer`) and
/// what `on_done` says.
#[component]
pub fn IncomingTransfers(
    customer: String,
    transfers: Vec<IncomingTransfer>,
    action: FormAction,
    on_done: Callback<String>,
    /// The id of the reason this reader may not answer, said beside
    /// "Add subscription" (answering transacts too).
    refused: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    transfers
        .into_iter()
        .map(|transfer| {
            let (service, from) = (transfer.service, transfer.from_partner);
            let customer = customer.clone();
            view! {
                <div class="note">
                    <p>
                        {tu_string!(
                            i18n,
                            transfers.incoming,
                            service = service.as_str(),
                            partner = from.as_str()
                        )
                            .to_string()}
                    </p>
                    <Form action anchor="subscriptions-heading" class="actions" quiet=true on_done>
                        <input type="hidden" name="customer" value=customer />
                        <input type="hidden" name="transfer" value=transfer.id />
                        <SubmitButton
                            label=tu_string!(i18n, transfers.accept)
                            primary=true
                            choice=("accept", "true")
                            refused=refused.map(str::to_string)
                        />
                        <SubmitButton
                            label=tu_string!(i18n, transfers.decline)
                            choice=("accept", "false")
                            refused=refused.map(str::to_string)
                        />
                    </Form>
                </div>
            }
        })
        .collect_view()
}
