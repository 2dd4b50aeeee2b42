//! The operators' pages: `/operator/partners` (onboarding) and
//! `/operator/outbox` (the email waiting to leave).
use super::{CreatePartner, Outbox, OutboxState, Partners, outbox_page, partners_page};
use crate::i18n::*;
use crate::ui::{Form, FormAction, Loading, OpenButton, PageGuard, SubmitButton};
use kernel::identity::OrgKind;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// `/operator/partners`, heading "Partners": the list, and "Add partner".
#[component]
pub fn PartnersPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let create = FormAction::new(CreatePartner::PATH);
    let adding = RwSignal::new(
        crate::ui::query_value("open").as_deref() == Some("partner")
            || create.posted_refusal().is_some(),
    );
    let created = RwSignal::new(false);
    let page = crate::ui::data(crate::ui::changes, |_| partners_page());
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, partners.heading)} />
        <p class="lead">{tu_string!(i18n, partners.intro)}</p>
        <Show when=move || created.get()>
            <p role="status" class="status">{tu_string!(i18n, partners.created)}</p>
        </Show>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <PartnersView page create adding created /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PartnersView(
    page: Partners,
    create: FormAction,
    adding: RwSignal<bool>,
    created: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Partners { partners, clouds } = page;
    let clouds = StoredValue::new(clouds);
    let on_done = Callback::new(move |_| {
        adding.set(false);
        created.set(true);
    });
    view! {
        <section class="card" aria-labelledby="add-partner">
            <h2 id="add-partner" class="visually-hidden">{tu_string!(i18n, partners.add)}</h2>
            <OpenButton form="partner" open=adding label=tu_string!(i18n, partners.add).to_string() anchor="add-partner" />
            <Show when=move || adding.get()>
                <Form action=create class="stack form-card" anchor="add-partner" on_done>
                    <label>
                        <span>{tu_string!(i18n, partners.name)}</span>
                        <input type="text" name="name" required maxlength="100" />
                    </label>
                    <label>
                        <span>{tu_string!(i18n, partners.legal_name)}</span>
                        <input type="text" name="legal_name" required maxlength="200" />
                    </label>
                    <label>
                        <span>{tu_string!(i18n, partners.domain)}</span>
                        <input type="text" name="domain" required maxlength="253" placeholder="contoso.com" />
                    </label>
                    <label>
                        <span>{tu_string!(i18n, partners.partner_id)}</span>
                        <input type="text" name="partner_id" required inputmode="numeric" pattern="[0-9]{6,10}" maxlength="10" />
                    </label>
                    <div class="field">
                        <label for="partner-kind">{tu_string!(i18n, partners.kind)}</label>
                        <select id="partner-kind" name="kind">
                            <option value="partner_csp">{tu_string!(i18n, partners.csp)}</option>
                            <option value="partner_advisor">{tu_string!(i18n, partners.advisor)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="partner-cloud">{tu_string!(i18n, partners.cloud)}</label>
                        <select id="partner-cloud" name="cloud">
                            {clouds
                                .get_value()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id>{name}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <label>
                        <span>{tu_string!(i18n, partners.admin_email)}</span>
                        <input type="email" name="administrator_email" required maxlength="254" />
                    </label>
                    <div class="actions">
                        <SubmitButton label=tu_string!(i18n, partners.submit) primary=true />
                        <crate::ui::CancelButton close=Callback::new(move |_| adding.set(false)) anchor="add-partner" />
                    </div>
                </Form>
            </Show>
        </section>
        <section class="card">
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">{tu_string!(i18n, partners.heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, partners.name)}</th>
                            <th scope="col">{tu_string!(i18n, partners.legal_name)}</th>
                            <th scope="col">{tu_string!(i18n, partners.domain)}</th>
                            <th scope="col">{tu_string!(i18n, partners.partner_id)}</th>
                            <th scope="col">{tu_string!(i18n, partners.kind)}</th>
                            <th scope="col">{tu_string!(i18n, partners.cloud)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {partners
                            .into_iter()
                            .map(|p| {
                                let kind = match p.kind {
                                    OrgKind::PartnerAdvisor => tu_string!(i18n, partners.advisor),
                                    _ => tu_string!(i18n, partners.csp),
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{p.name}</th>
                                        <td>{p.legal_name}</td>
                                        <td>{p.domain}</td>
                                        <td>{p.partner_number}</td>
                                        <td>{kind}</td>
                                        <td>{p.cloud}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// `/operator/outbox`: the newest email, and while no SMTP server is
/// configured, the text of what waits.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = crate::ui::data(|| (), |_| outbox_page());
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, outbox.heading)} />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(outbox) => view! { <OutboxView outbox /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OutboxView(outbox: Outbox) -> impl IntoView {
    let i18n = use_i18n();
    let intro = if outbox.smtp {
        tu_string!(i18n, outbox.intro_smtp)
    } else {
        tu_string!(i18n, outbox.intro_no_smtp)
    };
    let empty = outbox
        .entries
        .is_empty()
        .then(|| view! { <p class="muted">{tu_string!(i18n, outbox.empty)}</p> });
    view! {
        <p class="lead">{intro}</p>
        {empty}
        <ul class="stack plain">
            {outbox
                .entries
                .into_iter()
                .map(|m| {
                    let state = match m.state {
                        OutboxState::Queued => tu_string!(i18n, outbox.queued),
                        OutboxState::Sent => tu_string!(i18n, outbox.sent),
                        OutboxState::Failed => tu_string!(i18n, outbox.failed),
                    };
                    let text = (!m.text.is_empty()).then(|| view! { <pre class="mail">{m.text.clone()}</pre> });
                    let error = m.last_error.clone().map(|e| view! { <p class="muted">{e}</p> });
                    view! {
                        <li class="card">
                            <h2>{m.subject.clone()}</h2>
                            <p>
                                {tu_string!(i18n, outbox.to, to = m.recipient.as_str()).to_string()} " · "
                                {crate::ui::short_time(&m.created_at)} " · " {state} " · "
                                {tu_string!(i18n, outbox.attempts, count = m.attempts).to_string()}
                            </p>
                            {error}
                            {text}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
