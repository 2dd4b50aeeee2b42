//! Support requests on the customer's behalf (R9): a partner admin or
//! helpdesk agent opens one, with or without delegated admin privileges;
//! operators answer and close it; the customer's administrators read it; each
//! side sees the whole thread.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::i18n::*;
#[cfg(feature = "ssr")]
use crate::request::Context;
use crate::ui::{ErrorAlert, Loading, OpenButton, PageGuard, PostForm, posted_failure};
use kernel::error::AppError;

pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;

pub use domain::{Refusal, Severity, may_open_role};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSummary {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub open: bool,
    pub customer: String,
    pub partner: String,
    pub opened_by: String,
    pub created_at: String,
    pub replies: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportReply {
    pub author: String,
    pub organization: String,
    pub body: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportThread {
    pub summary: SupportSummary,
    pub description: String,
    pub replies: Vec<SupportReply>,
    pub may_reply: bool,
    pub may_close: bool,
}

#[server(endpoint = "open_support_request")]
pub async fn open_support_request(
    customer: String,
    title: String,
    description: String,
    severity: String,
) -> Result<String, AppError> {
    use kernel::input::{Field, required_text};
    let Context {
        user,
        pool,
        client: ip,
    } = Context::signed_in().await?;
    domain::may_open(&user)?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    let title = required_text(Field::Title, &title, domain::TITLE_MAX)?;
    let description = required_text(Field::Description, &description, domain::TEXT_MAX)?;
    let severity =
        Severity::parse(&severity).ok_or(kernel::error::Invalid::Malformed(Field::Severity))?;
    let id = store::open(
        &pool,
        &user,
        store::NewRequest {
            customer_id: &relationship.customer_id,
            title: &title,
            description: &description,
            severity,
        },
        &ip,
    )
    .await?;
    crate::relationships::customer_page::Done::SupportRequestOpened
        .answer_form_post(&relationship.customer_slug);
    Ok(id)
}

/// The requests one partner opened for one of its customers.
#[server(endpoint = "partner_support_requests")]
pub async fn partner_support_requests(customer: String) -> Result<Vec<SupportSummary>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    store::list(
        &pool,
        store::Scope::PartnerCustomer {
            partner_id: &user.organization.id,
            customer_id: &relationship.customer_id,
        },
    )
    .await
}

/// The customer administrator's requests (`/admin/support-requests`) or, for
/// an operator, every request (`/operator/support-requests`).
#[server(endpoint = "support_requests")]
pub async fn support_requests(operator: bool) -> Result<Vec<SupportSummary>, AppError> {
    use crate::auth::OrgKind;
    let Context { user, pool, .. } = Context::signed_in().await?;
    match (operator, user.organization.kind) {
        (true, OrgKind::Operator) => store::list(&pool, store::Scope::All).await,
        (false, OrgKind::Customer) => {
            crate::relationships::may_manage_partners(&user)?;
            store::list(&pool, store::Scope::Customer(&user.organization.id)).await
        }
        _ => Err(AppError::NotAllowed),
    }
}

#[server(endpoint = "support_request")]
pub async fn support_request(id: String) -> Result<SupportThread, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let (summary, parties, description) =
        store::find(&pool, &id).await?.ok_or(AppError::NotFound)?;
    if !domain::may_read(&user, &parties) {
        return Err(AppError::NotFound);
    }
    Ok(SupportThread {
        may_reply: domain::may_reply(&user, &parties, summary.open).is_ok(),
        may_close: domain::may_close(&user, &parties, summary.open).is_ok(),
        replies: store::replies(&pool, &id).await?,
        summary,
        description,
    })
}

#[server(endpoint = "reply_support_request")]
pub async fn reply_support_request(id: String, body: String) -> Result<(), AppError> {
    use kernel::input::{Field, required_text};
    let Context {
        user,
        pool,
        client: ip,
    } = Context::signed_in().await?;
    let body = required_text(Field::Reply, &body, domain::TEXT_MAX)?;
    store::reply(&pool, &user, &id, &body, &ip).await
}

#[server(endpoint = "close_support_request")]
pub async fn close_support_request(id: String) -> Result<(), AppError> {
    let Context {
        user,
        pool,
        client: ip,
    } = Context::signed_in().await?;

    store::close(&pool, &user, &id, &ip).await
}

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
        <h1>{tu_string!(i18n, support.heading)}</h1>
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
    // The list this request was opened from: `/admin/…`, `/partner/…` or `/operator/…`.
    let path = crate::ui::here_path();
    let back = path
        .rsplit_once('/')
        .map(|(list, _)| list.to_string())
        .unwrap_or_default();
    view! { <SupportRequest id back /> }
}

/// The thread and its reply and close forms: an island, as sending reloads the thread.
#[island]
fn SupportRequest(id: String, back: String) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    let reply = ServerAction::<ReplySupportRequest>::new();
    let close = ServerAction::<CloseSupportRequest>::new();
    let thread = crate::ui::data(
        move || (id.get_value(), reply.version().get(), close.version().get()),
        |(id, _, _)| support_request(id),
    );
    let failure = move || {
        reply
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| close.value().get().and_then(Result::err))
    };
    view! {
        <nav class="crumbs" aria-label=tu_string!(i18n, customer.crumbs).to_string()>
            <a href=back>{tu_string!(i18n, support.back)}</a>
        </nav>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match thread.await {
                    Ok(thread) => view! { <Thread thread id=id.get_value() reply close /> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::ui::NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Suspense>
        {move || failure().map(|error| view! { <ErrorAlert error /> })}
    }
}

#[component]
fn Thread(
    thread: SupportThread,
    id: String,
    reply: ServerAction<ReplySupportRequest>,
    close: ServerAction<CloseSupportRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = thread.summary;
    let severity = summary.severity;
    let open = summary.open;
    let opened = crate::ui::short_time(&summary.created_at);
    let close_id = id.clone();
    view! {
        <h1>{summary.title.clone()}</h1>
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
                    <ActionForm action=reply attr:class="stack card">
                        <input type="hidden" name="id" value=id.clone() />
                        <label>
                            <span>{tu_string!(i18n, support.reply)}</span>
                            <textarea name="body" rows="4" required maxlength="5000"></textarea>
                        </label>
                        <div class="actions">
                            <button type="submit" class="primary" aria-busy=move || reply.pending().get().to_string()>
                                {tu_string!(i18n, support.send_reply)}
                            </button>
                        </div>
                    </ActionForm>
                }
            })}
        {thread
            .may_close
            .then(|| {
                view! {
                    <div class="actions">
                        <button
                            type="button"
                            disabled=move || close.pending().get()
                            on:click=move |_| {
                                close.dispatch(CloseSupportRequest { id: close_id.clone() });
                            }
                        >
                            {tu_string!(i18n, support.close)}
                        </button>
                    </div>
                }
            })}
    }
}

/// The "Support requests" section of the partner's customer page, rendered
/// on the server. "Open support request" opens the form through the address
/// (`open=support-request`); the form is a plain post, answered with the
/// page again, which says the request is open or why not. The browser
/// checks every field before sending, so a refusal that would lose the text
/// typed is left to rules the browser cannot check.
#[component]
pub fn CustomerSupportSection(
    customer: String,
    may_open: bool,
    opening: bool,
    done: Option<crate::relationships::customer_page::Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data(
        {
            let customer = customer.clone();
            move || customer.clone()
        },
        partner_support_requests,
    );
    let opened = done == Some(crate::relationships::customer_page::Done::SupportRequestOpened);
    let form = (may_open && opening).then(|| {
        let failed = posted_failure(OpenSupportRequest::PATH);
        view! {
            <PostForm action=OpenSupportRequest::PATH anchor="support-heading" class="stack form-card">
                {failed.map(|error| view! { <ErrorAlert error /> })}
                <input type="hidden" name="customer" value=customer.clone() />
                <label>
                    <span>{tu_string!(i18n, support.title)}</span>
                    <input type="text" name="title" required maxlength="200" pattern=r".*\S.*" />
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
                    <button type="submit" class="primary">{tu_string!(i18n, support.submit)}</button>
                </div>
            </PostForm>
        }
    });
    view! {
        <section class="card" aria-labelledby="support-heading">
            <h2 id="support-heading">{tu_string!(i18n, support.heading)}</h2>
            {opened.then(|| view! { <p role="status" class="status">{tu_string!(i18n, support.opened_note)}</p> })}
            {may_open
                .then(|| {
                    view! {
                        <OpenButton
                            form=crate::relationships::customer_page::OPEN_SUPPORT_REQUEST
                            open=opening
                            label=tu_string!(i18n, support.open).to_string()
                            anchor="support-heading"
                        />
                    }
                })}
            {form}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(requests) => view! { <RequestTable requests base="/partner/support-requests" show_customer=false /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Reading for kernel::refusal::support::Refusal {
    fn reading(&self, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
        use kernel::refusal::support::Refusal;
        match self {
            Refusal::OnlyAdminOrHelpdeskAgents => {
                tu_string!(i18n, errors.only_admin_or_helpdesk).to_string()
            }
            Refusal::Closed => tu_string!(i18n, errors.request_closed).to_string(),
            Refusal::OnlyOperatorsClose => {
                tu_string!(i18n, errors.only_operators_close).to_string()
            }
        }
    }
}
