//! The support pages (partner and operator), and the support section of the customer page.
use super::{
    CloseSupportRequest, OpenSupportRequest, ReplySupportRequest, Severity, SupportSummary,
    SupportThread, partner_support_requests, support_request, support_requests,
};
use crate::i18n::*;
use crate::ui::{
    CancelButton, ErrorAlert, Form, FormAction, Loading, OpenButton, PageGuard, SubmitButton,
};
use kernel::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

pub fn severity_label(i18n: leptos_i18n::I18nContext<Locale>, severity: Severity) -> String {
    match severity {
        Severity::Low => tu_string!(i18n, support.severity_low),
        Severity::Medium => tu_string!(i18n, support.severity_medium),
        Severity::High => tu_string!(i18n, support.severity_high),
    }
    .to_string()
}

fn state_label(i18n: leptos_i18n::I18nContext<Locale>, open: bool) -> String {
    if open {
        tu_string!(i18n, support.state_open).to_string()
    } else {
        tu_string!(i18n, support.state_closed).to_string()
    }
}

/// `/admin/support-requests` and `/operator/support-requests`.
#[component]
pub fn SupportRequestsPage(operator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data(|| (), move |_| support_requests(operator));
    let base = if operator {
        "/operator/support-requests"
    } else {
        "/admin/support-requests"
    };
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, support.heading)} />
        <p class="lead">
            {{
                if operator {
                    tu_string!(i18n, support.intro_operator).to_string()
                } else {
                    tu_string!(i18n, support.intro_customer).to_string()
                }
            }}
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(requests) => view! { <RequestTable requests base show_customer=operator /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequestTable(
    requests: Vec<SupportSummary>,
    base: &'static str,
    show_customer: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if requests.is_empty() {
        return view! { <p class="empty">{tu_string!(i18n, support.empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, support.title)}</th>
                        {show_customer.then(|| view! { <th scope="col">{tu_string!(i18n, support.customer)}</th> })}
                        <th scope="col">{tu_string!(i18n, support.partner)}</th>
                        <th scope="col">{tu_string!(i18n, support.severity)}</th>
                        <th scope="col">{tu_string!(i18n, support.state)}</th>
                        <th scope="col">{tu_string!(i18n, support.opened)}</th>
                    </tr>
                </thead>
                <tbody>
                    {requests
                        .into_iter()
                        .map(|request| {
                            let severity = request.severity;
                            let open = request.open;
                            let opened = crate::ui::short_time(&request.created_at);
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("{base}/{}", request.id)>{request.title.clone()}</a>
                                    </th>
                                    {show_customer.then(|| view! { <td>{request.customer.clone()}</td> })}
                                    <td>{request.partner.clone()}</td>
                                    <td>{move || severity_label(i18n, severity)}</td>
                                    <td>
                                        <span class=if open { "badge warn" } else { "badge" }>
                                            {move || state_label(i18n, open)}
                                        </span>
                                    </td>
                                    <td>
                                        <time datetime=request.created_at.clone()>{opened}</time>
                                        <span class="muted block">{request.opened_by.clone()}</span>
                                    </td>
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

/// One request and its thread, for any of its readers.
#[component]
pub fn SupportRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.read_untracked().get("id").unwrap_or_default();
    // The list this request was opened from: the customer's or the
    // operator's list of requests; a partner's are listed on each
    // customer's page, reached from its customers.
    let path = crate::ui::here_path();
    let i18n = use_i18n();
    let back = match path.rsplit_once('/') {
        Some((list, _)) if list.starts_with("/partner/") => (
            "/partner/customers".to_string(),
            tu_string!(i18n, customers.heading).to_string(),
        ),
        Some((list, _)) => (list.to_string(), tu_string!(i18n, support.back).to_string()),
        None => (String::new(), tu_string!(i18n, support.back).to_string()),
    };
    view! { <SupportRequest id back /> }
}

/// The thread and its reply and close forms; sending reloads the thread.
#[component]
fn SupportRequest(
    id: String,
    /// The list to go back to, and its name.
    back: (String, String),
) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    let reply = FormAction::new(ReplySupportRequest::PATH);
    let close = FormAction::new(CloseSupportRequest::PATH);
    // Loads again after a reply or a close only: a refused reply keeps its text.
    let thread = crate::ui::data(
        move || (id.get_value(), crate::ui::changes()),
        |(id, _)| support_request(id),
    );
    view! {
        <nav class="crumbs" aria-label=tu_string!(i18n, customer.crumbs).to_string()>
            <a href=back.0>{back.1}</a>
        </nav>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match thread.await {
                    Ok(thread) => view! { <Thread thread id=id.get_value() reply close /> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::ui::NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Thread(
    thread: SupportThread,
    id: String,
    reply: FormAction,
    close: FormAction,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = thread.summary;
    let severity = summary.severity;
    let open = summary.open;
    let opened = crate::ui::short_time(&summary.created_at);
    let close_id = id.clone();
    view! {
        <crate::ui::PageHeading text={summary.title.clone()} />
        <dl class="facts">
            <dt>{tu_string!(i18n, support.customer)}</dt>
            <dd>{summary.customer.clone()}</dd>
            <dt>{tu_string!(i18n, support.partner)}</dt>
            <dd>{summary.partner.clone()}</dd>
            <dt>{tu_string!(i18n, support.severity)}</dt>
            <dd>{move || severity_label(i18n, severity)}</dd>
            <dt>{tu_string!(i18n, support.state)}</dt>
            <dd>{move || state_label(i18n, open)}</dd>
        </dl>
        <ol class="thread">
            <li class="card">
                <p class="muted">
                    {summary.opened_by.clone()} " · " {summary.partner.clone()} " · "
                    <time datetime=summary.created_at.clone()>{opened}</time>
                </p>
                <p class="body">{thread.description.clone()}</p>
            </li>
            {thread
                .replies
                .into_iter()
                .map(|reply| {
                    let when = crate::ui::short_time(&reply.created_at);
                    view! {
                        <li class="card">
                            <p class="muted">
                                {reply.author} " · " {reply.organization} " · "
                                <time datetime=reply.created_at.clone()>{when}</time>
                            </p>
                            <p class="body">{reply.body}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        {(!open).then(|| view! { <p role="status" class="status">{tu_string!(i18n, support.closed_note)}</p> })}
        {thread
            .may_reply
            .then(|| {
                view! {
                    <Form action=reply class="stack card">
                        <input type="hidden" name="id" value=id.clone() />
                        <label>
                            <span>{tu_string!(i18n, support.reply)}</span>
                            <textarea name="body" rows="4" required maxlength="5000"></textarea>
                        </label>
                        <div class="actions">
                            <SubmitButton label=tu_string!(i18n, support.send_reply) primary=true />
                        </div>
                    </Form>
                }
            })}
        {thread
            .may_close
            .then(|| {
                view! {
                    <Form action=close class="actions">
                        <input type="hidden" name="id" value=close_id />
                        <SubmitButton label=tu_string!(i18n, support.close) />
                    </Form>
                }
            })}
    }
}

/// The "Support requests" section of the partner's customer page. Rendered
/// on the server first, with the form the address opens
/// (`open=support-request`), so that it works as a plain post before the
/// WASM arrives; once interactive, the form opens and sends in place, and
/// the list follows. The browser checks every field before sending, so a
/// refusal is left to rules the browser cannot check, and what was typed
/// stays.
#[component]
pub fn CustomerSupportSection(
    customer: String,
    may_open: bool,
    opening: bool,
    done: Option<crate::relationships::Done>,
) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let open = FormAction::new(OpenSupportRequest::PATH);
    let opening = RwSignal::new(opening);
    let opened = RwSignal::new(done == Some(crate::relationships::Done::SupportRequestOpened));
    let list = {
        let customer = customer.clone();
        crate::ui::data(
            move || (customer.clone(), crate::ui::changes()),
            |(customer, _)| partner_support_requests(customer),
        )
    };
    let form = move || {
        let customer = customer.clone();
        (may_open && opening.get()).then(|| {
            let first = NodeRef::<leptos::html::Input>::new();
            crate::ui::focus_when_shown(move || first.get().map(Into::into));
            let on_done = Callback::new(move |_: String| {
                opening.set(false);
                opened.set(true);
            });
            view! {
                <Form action=open anchor="support-heading" class="stack form-card" on_done>
                    <input type="hidden" name="customer" value=customer />
                    <label>
                        <span>{tu_string!(i18n, support.title)}</span>
                        <input type="text" name="title" required maxlength="200" pattern=r".*\S.*" node_ref=first />
                    </label>
                    <label>
                        <span>{tu_string!(i18n, support.description)}</span>
                        <textarea name="description" rows="4" required maxlength="5000"></textarea>
                    </label>
                    <label>
                        <span>{tu_string!(i18n, support.severity)}</span>
                        <select name="severity">
                            {Severity::ALL
                                .into_iter()
                                .map(|severity| {
                                    view! {
                                        <option value=severity.as_str() selected=severity == Severity::Medium>
                                            {severity_label(i18n, severity)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <div class="actions">
                        <SubmitButton label=tu_string!(i18n, support.submit) primary=true />
                        <CancelButton close=Callback::new(move |_| opening.set(false)) anchor="support-heading" />
                    </div>
                </Form>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="support-heading">
            <h2 id="support-heading">{tu_string!(i18n, support.heading)}</h2>
            {move || opened.get().then(|| view! { <p role="status" class="status">{tu_string!(i18n, support.opened_note)}</p> })}
            {may_open
                .then(|| {
                    view! {
                        <OpenButton
                            form=crate::relationships::OPEN_SUPPORT_REQUEST
                            open=opening
                            label=tu_string!(i18n, support.open).to_string()
                            anchor="support-heading"
                        />
                    }
                })}
            {form}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(requests) => view! { <RequestTable requests base="/partner/support-requests" show_customer=false /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for kernel::refusal::support::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::refusal::support::Refusal;
        match self {
            Refusal::OnlyAdminOrHelpdeskAgents => {
                td_string!(locale, errors.only_admin_or_helpdesk).to_string()
            }
            Refusal::Closed => td_string!(locale, errors.request_closed).to_string(),
            Refusal::OnlyOperatorsClose => {
                td_string!(locale, errors.only_operators_close).to_string()
            }
        }
    }
}
