//! `/partner/integrations`, heading "Integrations": API tokens, webhook
//! endpoints, and the deliveries they got.
use super::{
    AddEndpoint, ApiToken, CreateToken, Delivery, DeliveryStatus, Endpoint, Integrations,
    NewEndpoint, NewToken, Redeliver, RemoveEndpoint, RevokeToken, TokenState, load_integrations,
};
use crate::i18n::*;
use crate::ui::{ConfirmedSubmit, Form, FormAction, Loading, PageGuard, SubmitButton};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let actions = Actions {
        create: FormAction::new(CreateToken::PATH),
        revoke: FormAction::new(RevokeToken::PATH),
        add: FormAction::new(AddEndpoint::PATH),
        remove: FormAction::new(RemoveEndpoint::PATH),
        redeliver: FormAction::new(Redeliver::PATH),
    };
    let page = crate::ui::data(crate::ui::changes, |_| load_integrations());
    // The secrets just made, shown once, outside what reloads.
    let token = RwSignal::new(None::<String>);
    let secret = RwSignal::new(None::<String>);
    let on_token = Callback::new(move |answer: String| {
        token.set(
            serde_json::from_str::<NewToken>(&answer)
                .ok()
                .map(|n| n.secret),
        );
    });
    let on_endpoint = Callback::new(move |answer: String| {
        secret.set(
            serde_json::from_str::<NewEndpoint>(&answer)
                .ok()
                .map(|n| n.secret),
        );
    });
    view! {
        <crate::ui::PageHeading text=tu_string!(i18n, integrations.heading).to_string() />
        <p class="muted">{tu_string!(i18n, integrations.intro)}</p>
        <section class="card stack" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{tu_string!(i18n, integrations.tokens_heading)}</h2>
            <p class="muted">{tu_string!(i18n, integrations.tokens_intro)}</p>
            <Form action=actions.create anchor="tokens-heading" class="stack" on_done=on_token>
                <label class="field" for="token-name">{tu_string!(i18n, fields.token_name)}</label>
                <input id="token-name" type="text" name="name" required maxlength="100" autocomplete="off" />
                <label class="field" for="token-expiry">{tu_string!(i18n, integrations.expires_label)}</label>
                <input id="token-expiry" type="number" name="expires_in_days" min="1" max="365" inputmode="numeric" aria-describedby="token-expiry-hint" />
                <p id="token-expiry-hint" class="muted">{tu_string!(i18n, integrations.expires_hint)}</p>
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, integrations.create_token) primary=true />
                </div>
            </Form>
            {move || token.get().map(|token| view! {
                <div role="status" class="status">
                    <p>{tu_string!(i18n, integrations.token_once)}</p>
                    <p class="link-box"><code data-testid="api-token">{token}</code></p>
                </div>
            })}
        </section>
        <section class="card stack" aria-labelledby="webhooks-heading">
            <h2 id="webhooks-heading">{tu_string!(i18n, integrations.webhooks_heading)}</h2>
            <p class="muted">{tu_string!(i18n, integrations.webhooks_intro)}</p>
            <Form action=actions.add anchor="webhooks-heading" class="stack" on_done=on_endpoint>
                <label class="field" for="endpoint-url">{tu_string!(i18n, fields.endpoint_url)}</label>
                <input id="endpoint-url" type="url" name="url" required maxlength="2000" autocomplete="off" spellcheck="false" placeholder="https://psa.example/hooks/liaison" />
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, integrations.add_endpoint) primary=true />
                </div>
            </Form>
            {move || secret.get().map(|secret| view! {
                <div role="status" class="status">
                    <p>{tu_string!(i18n, integrations.secret_once)}</p>
                    <p class="link-box"><code data-testid="webhook-secret">{secret}</code></p>
                </div>
            })}
        </section>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(integrations) => view! { <Lists integrations actions /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    create: FormAction,
    revoke: FormAction,
    add: FormAction,
    remove: FormAction,
    redeliver: FormAction,
}

#[component]
fn Lists(integrations: Integrations, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let Integrations {
        tokens,
        endpoints,
        deliveries,
    } = integrations;
    let redelivered = RwSignal::new(crate::ui::query_value("redelivered").is_some());
    let on_redelivered = Callback::new(move |_: String| redelivered.set(true));
    view! {
        <section class="card stack" aria-labelledby="token-list-heading">
            <h2 id="token-list-heading">{tu_string!(i18n, integrations.token_list)}</h2>
            {move || actions.revoke.refusal().map(|error| view! { <crate::ui::ErrorAlert error /> })}
            <TokenTable tokens revoke=actions.revoke />
        </section>
        <section class="card stack" aria-labelledby="endpoint-list-heading">
            <h2 id="endpoint-list-heading">{tu_string!(i18n, integrations.endpoint_list)}</h2>
            {move || actions.remove.refusal().map(|error| view! { <crate::ui::ErrorAlert error /> })}
            <EndpointTable endpoints remove=actions.remove />
        </section>
        <section class="card stack" aria-labelledby="deliveries-heading">
            <h2 id="deliveries-heading">{tu_string!(i18n, integrations.deliveries)}</h2>
            <Show when=move || redelivered.get()>
                <p role="status" class="status">{tu_string!(i18n, integrations.redelivered)}</p>
            </Show>
            {move || actions.redeliver.refusal().map(|error| view! { <crate::ui::ErrorAlert error /> })}
            <DeliveryTable deliveries redeliver=actions.redeliver on_redelivered />
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiToken>, revoke: FormAction) -> impl IntoView {
    let i18n = use_i18n();
    if tokens.is_empty() {
        return view! { <p class="empty">{tu_string!(i18n, integrations.no_tokens)}</p> }
            .into_any();
    }
    let done = Callback::new(|_: String| {});
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{tu_string!(i18n, integrations.token_list)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, fields.token_name)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.token)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.created)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.expires)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.last_used)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.state)}</th>
                        <th scope="col"><span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {tokens.into_iter().map(|token| {
                        let (badge, word) = match token.state {
                            TokenState::Active => ("badge ok", tu_string!(i18n, integrations.state_active)),
                            TokenState::Expired => ("badge", tu_string!(i18n, integrations.state_expired)),
                            TokenState::Revoked => ("badge warn", tu_string!(i18n, integrations.state_revoked)),
                        };
                        let name = token.name.clone();
                        view! {
                            <tr>
                                <th scope="row">{token.name.clone()}<span class="muted block">{token.created_by.clone()}</span></th>
                                <td><code>{format!("{}…", token.prefix)}</code></td>
                                <td>{token.created_on.clone()}</td>
                                <td>{token.expires_on.clone().unwrap_or_else(|| tu_string!(i18n, integrations.never_expires).to_string())}</td>
                                <td>{token.last_used_on.clone().unwrap_or_else(|| tu_string!(i18n, integrations.never_used).to_string())}</td>
                                <td><span class=badge>{word.to_string()}</span></td>
                                <td>
                                    {(token.state == TokenState::Active).then(|| view! {
                                        <ConfirmedSubmit
                                            action=revoke
                                            anchor="token-list-heading"
                                            on_done=done
                                            label=tu_string!(i18n, integrations.revoke).to_string()
                                            title=tu_string!(i18n, integrations.revoke_title, name = name.as_str()).to_string()
                                            body=tu_string!(i18n, integrations.revoke_body).to_string()
                                            confirm=tu_string!(i18n, integrations.revoke).to_string()
                                        >
                                            <input type="hidden" name="id" value=token.id.clone() />
                                        </ConfirmedSubmit>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn EndpointTable(endpoints: Vec<Endpoint>, remove: FormAction) -> impl IntoView {
    let i18n = use_i18n();
    if endpoints.is_empty() {
        return view! { <p class="empty">{tu_string!(i18n, integrations.no_endpoints)}</p> }
            .into_any();
    }
    let done = Callback::new(|_: String| {});
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{tu_string!(i18n, integrations.endpoint_list)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, fields.endpoint_url)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.created)}</th>
                        <th scope="col"><span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {endpoints.into_iter().map(|endpoint| {
                        let url = endpoint.url.clone();
                        view! {
                            <tr>
                                <th scope="row"><code class="wrap">{endpoint.url.clone()}</code></th>
                                <td>{endpoint.created_on.clone()}</td>
                                <td>
                                    <ConfirmedSubmit
                                        action=remove
                                        anchor="endpoint-list-heading"
                                        on_done=done
                                        label=tu_string!(i18n, integrations.remove_endpoint).to_string()
                                        title=tu_string!(i18n, integrations.remove_title, url = url.as_str()).to_string()
                                        body=tu_string!(i18n, integrations.remove_body).to_string()
                                        confirm=tu_string!(i18n, relationships.remove_confirm).to_string()
                                    >
                                        <input type="hidden" name="id" value=endpoint.id.clone() />
                                    </ConfirmedSubmit>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn DeliveryTable(
    deliveries: Vec<Delivery>,
    redeliver: FormAction,
    on_redelivered: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    if deliveries.is_empty() {
        return view! { <p class="empty">{tu_string!(i18n, integrations.no_deliveries)}</p> }
            .into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{tu_string!(i18n, integrations.deliveries)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, integrations.event)}</th>
                        <th scope="col">{tu_string!(i18n, fields.endpoint_url)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.queued)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.state)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.response_code)}</th>
                        <th scope="col">{tu_string!(i18n, integrations.attempts)}</th>
                        <th scope="col"><span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {deliveries.into_iter().map(|delivery| {
                        let (badge, word) = match delivery.status {
                            DeliveryStatus::Pending => ("badge", tu_string!(i18n, integrations.pending)),
                            DeliveryStatus::Delivered => ("badge ok", tu_string!(i18n, integrations.delivered)),
                            DeliveryStatus::Retrying => ("badge warn", tu_string!(i18n, integrations.retrying)),
                            DeliveryStatus::Failed => ("badge warn", tu_string!(i18n, integrations.failed)),
                        };
                        view! {
                            <tr>
                                <th scope="row"><code>{delivery.event_type.clone()}</code><span class="muted block">{delivery.message_id.clone()}</span></th>
                                <td><code class="wrap">{delivery.endpoint_url.clone()}</code></td>
                                <td>{delivery.created_at.clone()}</td>
                                <td>
                                    <span class=badge>{word.to_string()}</span>
                                    {delivery.error.clone().map(|error| view! { <span class="muted block">{error}</span> })}
                                    {(!delivery.history.is_empty()).then(|| view! {
                                        <details>
                                            <summary>{tu_string!(i18n, integrations.each_attempt)}</summary>
                                            <ol class="attempts">
                                                {delivery.history.iter().map(|attempt| {
                                                    let answer = match (attempt.status, &attempt.error) {
                                                        (Some(code), _) => code.to_string(),
                                                        (None, Some(error)) => error.clone(),
                                                        (None, None) => "—".to_string(),
                                                    };
                                                    view! { <li>{attempt.at.clone()} " · " {answer}</li> }
                                                }).collect_view()}
                                            </ol>
                                        </details>
                                    })}
                                </td>
                                <td>{delivery.response_code.map_or_else(|| "—".to_string(), |code| code.to_string())}</td>
                                <td>{delivery.attempts}</td>
                                <td>
                                    <Form action=redeliver anchor="deliveries-heading" quiet=true class="inline" on_done=on_redelivered>
                                        <input type="hidden" name="id" value=delivery.id.clone() />
                                        <SubmitButton label=tu_string!(i18n, integrations.redeliver) />
                                    </Form>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for super::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use super::Refusal;
        use super::domain::{MAX_ENDPOINTS, REDELIVERIES_PER_MINUTE};
        match self {
            Refusal::OnlyAdminAgents => {
                td_string!(locale, integrations.only_admin_agents).to_string()
            }
            Refusal::EndpointUrl => {
                td_string!(locale, integrations.endpoint_url_refused).to_string()
            }
            Refusal::EndpointUnresolved => {
                td_string!(locale, integrations.endpoint_unresolved).to_string()
            }
            Refusal::EndpointPrivate => {
                td_string!(locale, integrations.endpoint_private).to_string()
            }
            Refusal::AlreadyRevoked => td_string!(locale, integrations.already_revoked).to_string(),
            Refusal::TooManyEndpoints => {
                td_string!(locale, integrations.too_many_endpoints, max = MAX_ENDPOINTS).to_string()
            }
            Refusal::RedeliveryWaiting => {
                td_string!(locale, integrations.redelivery_waiting).to_string()
            }
            Refusal::TooManyRedeliveries => td_string!(
                locale,
                integrations.too_many_redeliveries,
                max = REDELIVERIES_PER_MINUTE
            )
            .to_string(),
        }
    }
}
