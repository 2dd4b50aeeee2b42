//! The partner's "Request a relationship" page: the links and the email to send.
use super::{
    CancelCustomerInvitation, CreateCustomerInvitation, CustomerInvitation, EmailParagraphs,
    InvitationPage, InvitationState, PARAGRAPH_MAX, Paragraph, RotateInvitationLink,
    SaveInvitationEmail, SaveRequest, compose_email, customer_invitations, load_invitation,
    save_invitation_email,
};
use crate::i18n::*;
use crate::relationships::{RoleAbout, role_description};
use crate::ui::{ConfirmDialog, ErrorAlert, PageGuard};
use crate::ui::{Form, FormAction, SubmitButton};
use kernel::error::AppError;
use kernel::role::{Ask, ServiceRole};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The request-relationship page. Rotating the link fetches the new links
/// in place: the forms below (what the link asks for, one-customer
/// invitations) stay as they are.
#[component]
pub fn RequestRelationshipPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let rotate = ServerAction::<RotateInvitationLink>::new();
    let page = crate::ui::data_for((), |_| load_invitation());
    view! {
        <Suspense fallback=crate::ui::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <InvitationEditor page rotate /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InvitationEditor(
    page: InvitationPage,
    rotate: ServerAction<RotateInvitationLink>,
) -> impl IntoView {
    let i18n = use_i18n();
    let partner = page.partner_name.clone();
    // The paragraphs the partner saved, else the default text.
    let EmailParagraphs {
        first: saved_first,
        second: saved_second,
    } = page.paragraphs.clone().unwrap_or_else(|| EmailParagraphs {
        first: tu_string!(i18n, invite.default_first, partner = partner.as_str()).to_string(),
        second: tu_string!(i18n, invite.default_second).to_string(),
    });
    let first = RwSignal::new(saved_first);
    let second = RwSignal::new(saved_second);
    let save_email = FormAction::new(SaveInvitationEmail::PATH);
    let email_saved = RwSignal::new(crate::ui::query_value("saved").as_deref() == Some("email"));
    let include_dap = RwSignal::new(true);
    let status = RwSignal::new(None::<String>);
    let copy_failed = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let advisor = page.advisor;

    let links = RwSignal::new((page.link_with_dap.clone(), page.link_without_dap.clone()));
    let link = Signal::derive(move || {
        let (with_dap, without_dap) = links.get();
        if advisor || include_dap.get() {
            with_dap
        } else {
            without_dap
        }
    });
    let too_long = move |which: u8, text: RwSignal<String>| {
        Paragraph::parse(which, &text.read())
            .err()
            .map(AppError::Invalid)
    };
    let email = move || -> Result<String, AppError> {
        let first = Paragraph::parse(1, &first.read())?;
        let second = Paragraph::parse(2, &second.read())?;
        Ok(compose_email(&first, &second, &link.get()))
    };
    let subject = tu_string!(i18n, invite.subject, partner = partner.as_str()).to_string();
    let mailto = move || match email() {
        Ok(body) => format!(
            "mailto:?subject={}&body={}",
            crate::ui::encode_query_value(&subject),
            crate::ui::encode_query_value(&body)
        ),
        Err(_) => "#".to_string(),
    };
    let copy = move |_| {
        copy_failed.set(false);
        status.set(None);
        let Ok(text) = email() else { return };
        leptos::task::spawn_local(async move {
            if crate::ui::copy_to_clipboard(&text).await {
                status.set(Some(tu_string!(i18n, invite.copied).to_string()));
            } else {
                copy_failed.set(true);
            }
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = rotate.value().get() {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = load_invitation().await {
                    links.set((fresh.link_with_dap, fresh.link_without_dap));
                    status.set(Some(tu_string!(i18n, invite.rotated).to_string()));
                }
            });
        }
    });
    let rotate_error = move || rotate.value().get().and_then(Result::err);

    view! {
        <crate::ui::PageHeading text=if advisor {
            tu_string!(i18n, invite.heading_advisor).to_string()
        } else {
            tu_string!(i18n, invite.heading).to_string()
        } />
        <p class="lead">
            {{
                if advisor {
                    tu_string!(i18n, invite.intro_advisor).to_string()
                } else {
                    tu_string!(i18n, invite.intro).to_string()
                }
            }}
        </p>
        <section class="card stack" aria-labelledby="email-heading">
            <h2 id="email-heading">{tu_string!(i18n, invite.email_heading)}</h2>
            // Saved for the partner (R2): the page starts from them after a reload.
            <Form
                action=save_email
                anchor="email-heading"
                class="stack"
                on_done=Callback::new(move |_: String| email_saved.set(true))
            >
                <ParagraphField id="first-paragraph" name="first_paragraph" text=first label=tu_string!(i18n, invite.first_paragraph).to_string() />
                {move || too_long(1, first).map(|error| view! { <ErrorAlert error /> })}
                <ParagraphField id="second-paragraph" name="second_paragraph" text=second label=tu_string!(i18n, invite.second_paragraph).to_string() />
                {move || too_long(2, second).map(|error| view! { <ErrorAlert error /> })}
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, invite.save_email) />
                </div>
                <Show when=move || email_saved.get() && save_email.refusal().is_none()>
                    <p role="status" class="status">{tu_string!(i18n, invite.email_saved)}</p>
                </Show>
            </Form>
            <Show when=move || !advisor>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || include_dap.get()
                        checked
                        aria-describedby="include-dap-about"
                        on:change=move |ev| include_dap.set(event_target_checked(&ev))
                    />
                    <span>{tu_string!(i18n, invite.include_dap)}</span>
                </label>
                <p id="include-dap-about" class="muted" aria-live="polite">
                    {move || {
                        if include_dap.get() {
                            tu_string!(i18n, invite.include_dap_on).to_string()
                        } else {
                            tu_string!(i18n, invite.include_dap_off).to_string()
                        }
                    }}
                </p>
            </Show>
            <div>
                <p class="field-label" id="link-label">{tu_string!(i18n, invite.link_label)}</p>
                <p class="link-box" aria-labelledby="link-label">
                    <code data-testid="invitation-link">{move || link.get()}</code>
                </p>
                <p class="muted">{tu_string!(i18n, invite.link_note)}</p>
            </div>
            <div class="actions">
                <button type="button" class="primary" on:click=copy>
                    {tu_string!(i18n, invite.copy)}
                </button>
                <a class="button" href=mailto>{tu_string!(i18n, invite.mailto)}</a>
                <Show when=move || page.may_rotate>
                    <button type="button" class="danger" on:click=move |_| confirming.set(true)>
                        {tu_string!(i18n, invite.rotate)}
                    </button>
                </Show>
            </div>
            {move || status.get().map(|message| view! { <p role="status" class="status">{message}</p> })}
            <Show when=move || copy_failed.get()>
                <p role="alert" class="alert">{tu_string!(i18n, invite.copy_failed)}</p>
            </Show>
            {move || rotate_error().map(|error| view! { <ErrorAlert error /> })}
        </section>
        <AskEditor ask=page.ask.clone() may_change=page.may_change_ask advisor include_dap paragraphs=(first, second) />
        <OneCustomerInvitations may_invite=page.may_change_ask />
        <ConfirmDialog
            open=confirming
            title=tu_string!(i18n, invite.rotate_title).to_string()
            body=tu_string!(i18n, invite.rotate_body).to_string()
            confirm=tu_string!(i18n, invite.rotate_confirm).to_string()
            pending=rotate.pending()
            on_confirm=move || {
                status.set(None);
                rotate.dispatch(RotateInvitationLink {});
            }
        />
    }
}

/// What the links ask for (R13): the roles per service, the duration, and
/// automatic extension, saved with "Save request"; the links stay the same.
/// Automatic extension is disabled, with the reason, while Global
/// Administrator is ticked (the server refuses the pair too).
#[component]
fn AskEditor(
    ask: Ask,
    may_change: bool,
    advisor: bool,
    include_dap: RwSignal<bool>,
    /// The email's paragraphs, kept too when the request is saved.
    paragraphs: (RwSignal<String>, RwSignal<String>),
) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let save = FormAction::new(SaveRequest::PATH);
    let saved = RwSignal::new(crate::ui::query_value("saved").as_deref() == Some("ask"));
    let global = RwSignal::new(ask.roles.contains(&ServiceRole::GlobalAdministrator));
    let extend = RwSignal::new(ask.auto_extend);
    let on_done = Callback::new(move |_: String| {
        saved.set(true);
        // "Save request" keeps the whole request, the email's paragraphs too.
        let (first, second) = paragraphs;
        let (first, second) = (first.get_untracked(), second.get_untracked());
        leptos::task::spawn_local(async move {
            let _ = save_invitation_email(first, second).await;
        });
    });
    let services = [
        ("microsoft-365", "Microsoft 365"),
        ("azure", "Azure"),
        ("dynamics-365", "Dynamics 365"),
    ];
    let groups = services
        .into_iter()
        .map(|(service, service_name)| {
            let roles = ServiceRole::of_service(service)
                .map(|role| {
                    let id = format!("ask-{}", role.as_sql());
                    let label_for = id.clone();
                    let about = format!("{id}-about");
                    let checked = ask.roles.contains(&role);
                    let description = role_description(i18n, role);
                    view! {
                        <li>
                            <label class="check" for=label_for>
                                <input
                                    type="checkbox"
                                    id=id
                                    name="roles[]"
                                    value=role.as_sql()
                                    checked=checked
                                    aria-describedby=about.clone()
                                    on:change=move |ev| {
                                        if role == ServiceRole::GlobalAdministrator {
                                            let ticked = event_target_checked(&ev);
                                            global.set(ticked);
                                            // R13: never both; the box below is
                                            // unticked and disabled, and says why.
                                            if ticked {
                                                extend.set(false);
                                            }
                                        }
                                    }
                                />
                                <span>{move || crate::ui::role_name(i18n.get_locale(), role)}</span>
                            </label>
                            <RoleAbout id=about role description />
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="service-roles">
                    <legend>{service_name}</legend>
                    <ul class="role-choices">{roles}</ul>
                </fieldset>
            }
        })
        .collect_view();
    // Not offered with Global Administrator, and said why; the server
    // refuses the pair (a plain post before the page is interactive).
    let extend_blocked = move || global.get();
    view! {
        <section class="card stack" aria-labelledby="roles-heading">
            <h2 id="roles-heading">{tu_string!(i18n, invite.ask_heading)}</h2>
            <p class="muted">
                {move || {
                    if advisor || include_dap.get() {
                        tu_string!(i18n, invite.ask_intro).to_string()
                    } else {
                        tu_string!(i18n, invite.ask_unused).to_string()
                    }
                }}
            </p>
            <Form action=save anchor="roles-heading" class="stack" on_done>
                <fieldset class="roles" disabled=!may_change>
                    <legend>{tu_string!(i18n, invite.roles)}</legend>
                    {groups}
                </fieldset>
                <label class="field" for="duration-days">{tu_string!(i18n, invite.duration)}</label>
                <input
                    id="duration-days"
                    type="number"
                    name="duration_days"
                    min="1"
                    max="730"
                    step="1"
                    required
                    value=ask.duration_days.to_string()
                    disabled=!may_change
                    aria-describedby="duration-hint"
                />
                <p id="duration-hint" class="muted">{tu_string!(i18n, invite.duration_hint)}</p>
                <label class="check" for="auto-extend">
                    <input
                        id="auto-extend"
                        type="checkbox"
                        name="auto_extend"
                        value="yes"
                        checked=ask.auto_extend
                        prop:checked=move || extend.get()
                        disabled=move || !may_change || global.get()
                        aria-describedby="auto-extend-hint"
                        on:change=move |ev| extend.set(event_target_checked(&ev))
                    />
                    <span>{tu_string!(i18n, invite.auto_extend)}</span>
                </label>
                <p id="auto-extend-hint" class=move || if extend_blocked() { "warn-text" } else { "muted" }>
                    {move || {
                        if extend_blocked() {
                            tu_string!(i18n, invite.auto_extend_blocked).to_string()
                        } else {
                            tu_string!(i18n, invite.auto_extend_hint).to_string()
                        }
                    }}
                </p>
                {if may_change {
                    view! {
                        <div class="actions">
                            <SubmitButton label=tu_string!(i18n, invite.save_request) primary=true />
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <p class="muted">{tu_string!(i18n, invite.ask_admin_only)}</p> }.into_any()
                }}
                <Show when=move || saved.get() && save.refusal().is_none()>
                    <p role="status" class="status">{tu_string!(i18n, invite.ask_saved)}</p>
                </Show>
            </Form>
        </section>
    }
}

/// R14: "Invite one customer": a link for the organization of one domain,
/// accepted once within 90 days, and the table of the partner's
/// invitations with their states; a pending one can be cancelled at once.
#[component]
fn OneCustomerInvitations(may_invite: bool) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let create = FormAction::new(CreateCustomerInvitation::PATH);
    let cancel = FormAction::new(CancelCustomerInvitation::PATH);
    let reloads = RwSignal::new(0_usize);
    let list = crate::ui::data(move || reloads.get(), |_| customer_invitations());
    // The invitation just made: in place, the answer; after a plain post, the address.
    let fresh = RwSignal::new(None::<CustomerInvitation>);
    let invited = crate::ui::query_value("invited");
    let cancelled = RwSignal::new(crate::ui::query_value("cancelled").is_some());
    let on_created = Callback::new(move |answer: String| {
        fresh.set(serde_json::from_str::<CustomerInvitation>(&answer).ok());
        cancelled.set(false);
        reloads.update(|n| *n += 1);
    });
    let on_cancelled = Callback::new(move |_: String| {
        cancelled.set(true);
        reloads.update(|n| *n += 1);
    });
    view! {
        <section class="card stack" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{tu_string!(i18n, invite.one_heading)}</h2>
            <p class="muted">{tu_string!(i18n, invite.one_intro)}</p>
            {may_invite.then(|| view! {
                <Form action=create anchor="invite-heading" class="stack" on_done=on_created>
                    <label class="field" for="customer-domain">{tu_string!(i18n, invite.customer_domain)}</label>
                    <input
                        id="customer-domain"
                        type="text"
                        name="domain"
                        required
                        maxlength="253"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="fabrikam.example"
                    />
                    <div class="actions">
                        <SubmitButton label=tu_string!(i18n, invite.create_invitation) primary=true />
                    </div>
                </Form>
            })}
            <Transition fallback=crate::ui::Loading>
                {move || {
                    let invited = invited.clone();
                    Suspend::new(async move {
                        match list.await {
                            Ok(invitations) => {
                                let shown = fresh.get().or_else(|| {
                                    invited.and_then(|id| invitations.iter().find(|i| i.id == id).cloned())
                                });
                                view! {
                                    {shown.filter(|i| !i.link.is_empty()).map(|invitation| view! {
                                        <div role="status" class="status">
                                            <p>{tu_string!(i18n, invite.one_created, domain = invitation.domain.as_str()).to_string()}</p>
                                            <p class="link-box">
                                                <code data-testid="customer-invitation-link">{invitation.link.clone()}</code>
                                            </p>
                                        </div>
                                    })}
                                    <Show when=move || cancelled.get()>
                                        <p role="status" class="status">{tu_string!(i18n, invite.one_cancelled)}</p>
                                    </Show>
                                    <InvitationTable invitations cancel may_cancel=may_invite on_cancelled />
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ErrorAlert error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn InvitationTable(
    invitations: Vec<CustomerInvitation>,
    cancel: FormAction,
    may_cancel: bool,
    on_cancelled: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    if invitations.is_empty() {
        return view! { <p class="empty">{tu_string!(i18n, invite.no_invitations)}</p> }.into_any();
    }
    view! {
        {move || cancel.refusal().map(|error| view! { <ErrorAlert error /> })}
        <div class="table-wrap">
            <table>
                <caption>{tu_string!(i18n, invite.invitations)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, invite.customer_domain)}</th>
                        <th scope="col">{tu_string!(i18n, invite.state)}</th>
                        <th scope="col">{tu_string!(i18n, invite.created)}</th>
                        <th scope="col">{tu_string!(i18n, invite.expires)}</th>
                        <th scope="col"><span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {invitations
                        .into_iter()
                        .map(|invitation| {
                            let state = invitation.state;
                            let (badge, word) = match state {
                                InvitationState::Pending => ("badge ok", tu_string!(i18n, invite.state_pending)),
                                InvitationState::Accepted => ("badge ok", tu_string!(i18n, invite.state_accepted)),
                                InvitationState::Declined => ("badge warn", tu_string!(i18n, invite.state_declined)),
                                InvitationState::Expired => ("badge", tu_string!(i18n, invite.state_expired)),
                                InvitationState::Cancelled => ("badge", tu_string!(i18n, invite.state_cancelled)),
                            };
                            let pending = state == InvitationState::Pending;
                            view! {
                                <tr>
                                    <th scope="row">
                                        {invitation.domain.clone()}
                                        {invitation.customer.clone().map(|name| view! { <span class="muted block">{name}</span> })}
                                    </th>
                                    <td><span class=badge>{word.to_string()}</span></td>
                                    <td>{invitation.created_on.clone()}</td>
                                    <td>{invitation.expires_on.clone()}</td>
                                    <td>
                                        {(pending && may_cancel).then(|| view! {
                                            <Form action=cancel anchor="invite-heading" quiet=true on_done=on_cancelled>
                                                <input type="hidden" name="id" value=invitation.id.clone() />
                                                <SubmitButton label=tu_string!(i18n, invite.cancel_invitation) />
                                            </Form>
                                        })}
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

#[component]
fn ParagraphField(
    id: &'static str,
    name: &'static str,
    text: RwSignal<String>,
    label: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let count_id = format!("{id}-count");
    let count = move || text.read().chars().count();
    view! {
        <label class="field" for=id>{label}</label>
        <textarea
            id=id
            name=name
            rows="4"
            aria-describedby=count_id.clone()
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
        >
            // The server writes a textarea's text as it is: escaped here, so
            // a saved paragraph cannot close the textarea. The browser reads
            // the entities back; once interactive, `value` holds the text.
            {escape_textarea(&text.get_untracked())}
        </textarea>
        <p
            id=count_id
            class=move || { if count() > PARAGRAPH_MAX { "muted counter over" } else { "muted counter" } }
        >
            {move || tu_string!(i18n, invite.count, count = count(), max = PARAGRAPH_MAX).to_string()}
        </p>
    }
}

/// `text` as the content of a `<textarea>` in the server's HTML.
fn escape_textarea(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for kernel::refusal::invitations::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::refusal::invitations::Refusal;
        match self {
            Refusal::OnlyAdminAgentsRotate => {
                td_string!(locale, errors.only_admin_agents_rotate).to_string()
            }
            Refusal::OnlyAdminAgentsAsk => {
                td_string!(locale, errors.only_admin_agents_ask).to_string()
            }
            Refusal::NoRoleChosen => td_string!(locale, errors.no_role_chosen).to_string(),
            Refusal::ExtendWithGlobalAdministrator => {
                td_string!(locale, errors.extend_with_global_administrator).to_string()
            }
            Refusal::InvitationNotPending => {
                td_string!(locale, errors.invitation_not_pending).to_string()
            }
        }
    }
}
