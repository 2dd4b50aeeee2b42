//! The partner's "Request a relationship" page: the links and the email to send.
use super::{
    InvitationPage, PARAGRAPH_MAX, Paragraph, RotateInvitationLink, compose_email, load_invitation,
};
use crate::i18n::*;
use crate::ui::{ConfirmDialog, ErrorAlert, PageGuard};
use kernel::error::AppError;
use leptos::prelude::*;

/// The request-relationship page: rotating the link reloads its data.
#[component]
pub fn RequestRelationshipPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let rotate = ServerAction::<RotateInvitationLink>::new();
    let page = crate::ui::data(move || rotate.version().get(), |_| load_invitation());
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
    let first = RwSignal::new(
        tu_string!(i18n, invite.default_first, partner = partner.as_str()).to_string(),
    );
    let second = RwSignal::new(tu_string!(i18n, invite.default_second).to_string());
    let include_dap = RwSignal::new(true);
    let status = RwSignal::new(None::<String>);
    let copy_failed = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let advisor = page.advisor;

    let with_dap = page.link_with_dap.clone();
    let without_dap = page.link_without_dap.clone();
    let link = Signal::derive(move || {
        if advisor || include_dap.get() {
            with_dap.clone()
        } else {
            without_dap.clone()
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
            status.set(Some(tu_string!(i18n, invite.rotated).to_string()));
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
            <ParagraphField id="first-paragraph" text=first label=tu_string!(i18n, invite.first_paragraph).to_string() />
            {move || too_long(1, first).map(|error| view! { <ErrorAlert error /> })}
            <ParagraphField id="second-paragraph" text=second label=tu_string!(i18n, invite.second_paragraph).to_string() />
            {move || too_long(2, second).map(|error| view! { <ErrorAlert error /> })}
            <Show when=move || !advisor>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || include_dap.get()
                        checked
                        on:change=move |ev| include_dap.set(event_target_checked(&ev))
                    />
                    <span>{tu_string!(i18n, invite.include_dap)}</span>
                </label>
                <p class="muted">
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

#[component]
fn ParagraphField(id: &'static str, text: RwSignal<String>, label: String) -> impl IntoView {
    let i18n = use_i18n();
    let count_id = format!("{id}-count");
    let count = move || text.read().chars().count();
    view! {
        <label class="field" for=id>{label}</label>
        <textarea
            id=id
            rows="4"
            aria-describedby=count_id.clone()
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
        >
            {text.get_untracked()}
        </textarea>
        <p
            id=count_id
            class=move || { if count() > PARAGRAPH_MAX { "muted counter over" } else { "muted counter" } }
        >
            {move || tu_string!(i18n, invite.count, count = count(), max = PARAGRAPH_MAX).to_string()}
        </p>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Reading for kernel::refusal::invitations::Refusal {
    fn reading(&self, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
        use kernel::refusal::invitations::Refusal;
        match self {
            Refusal::OnlyAdminAgentsRotate => {
                tu_string!(i18n, errors.only_admin_agents_rotate).to_string()
            }
        }
    }
}
