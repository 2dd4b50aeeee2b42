//! The consent page a customer administrator accepts an invitation on.
use super::{
    AcceptInvitation, AcceptOutcome, ConsentPage, DeclineInvitation, Refusal, Viewer, load_consent,
};
use crate::i18n::*;
use crate::relationships::{DapState, RoleGrant};
use crate::ui::{ErrorAlert, Form, FormAction, Loading, SubmitButton};
use kernel::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ConsentRoute() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let page = crate::ui::data(code, load_consent);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Consent page code=code() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotValidLink /> }.into_any(),
                    Err(error) => view! { <ErrorAlert error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The consent page's content: what the partner asks for, and the answer
/// (accept, decline).
#[component]
fn Consent(page: ConsentPage, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let partner = page.partner.clone();
    let name = partner.name.clone();
    let advisor = partner.advisor;
    let include_dap = page.include_dap;
    let viewer = page.viewer.clone();
    let refusal = match &viewer {
        Viewer::Refused(refusal) => Some(*refusal),
        _ => None,
    };
    let asked = page.asked.clone();
    let (until, auto_extend) = (page.until.clone(), page.auto_extend);
    let existing_note = match &viewer {
        Viewer::Admin {
            existing: Some(DapState::Removed | DapState::Ended),
            ..
        } => Some(tu_string!(i18n, consent.existing_removed).to_string()),
        Viewer::Admin {
            existing: Some(_), ..
        } => Some(tu_string!(i18n, consent.existing_active).to_string()),
        _ => None,
    };
    let signed_in = !matches!(viewer, Viewer::SignedOut);
    // What accepting changed: in place, the answer; after a plain post, the
    // address. Once accepted, the choices above are no longer editable.
    let outcome = RwSignal::new(
        crate::ui::query_value("accepted").and_then(|outcome| AcceptOutcome::parse(&outcome)),
    );
    // What the partner holds now: known from the page after a plain post;
    // read again after an acceptance in place.
    let held = RwSignal::new(match &viewer {
        Viewer::Admin { held, .. } if outcome.get_untracked().is_some() => Some(held.clone()),
        _ => None,
    });
    let sign_up = crate::accounts::SignUpState::new();
    let one_customer = page.for_domain.is_some();
    let for_domain = page.for_domain.clone();
    let organization = match &viewer {
        Viewer::Admin { organization, .. } => Some(organization.clone()),
        _ => None,
    };
    view! {
        <crate::ui::PageHeading text=tu_string!(i18n, consent.heading, partner = name.as_str()).to_string() />
        <p class="lead">
            {organization.map(|org| tu_string!(i18n, consent.for_organization, organization = org.as_str()).to_string())}
        </p>
        {for_domain.map(|domain| view! {
            <p class="note">{tu_string!(i18n, consent.one_customer, domain = domain.as_str()).to_string()}</p>
        })}
        {(!signed_in).then(|| view! { <crate::accounts::SignUpNotice state=sign_up /> })}
        <section class="card" aria-labelledby="who-heading">
            <h2 id="who-heading">{tu_string!(i18n, consent.who_heading)}</h2>
            <dl class="facts">
                <dt>{tu_string!(i18n, consent.legal_name)}</dt>
                <dd>{partner.legal_name.clone()}</dd>
                <dt>{tu_string!(i18n, consent.verified_domain)}</dt>
                <dd>
                    {partner.verified_domain.clone()}
                    {partner.domain_verified_on.clone().map(|day| view! {
                        <span class="muted">" · " {tu_string!(i18n, consent.verified_on, date = day.as_str()).to_string()}</span>
                    })}
                </dd>
                <dt>{tu_string!(i18n, consent.two_step)}</dt>
                <dd>
                    {if partner.requires_two_step {
                        tu_string!(i18n, consent.two_step_required).to_string()
                    } else {
                        tu_string!(i18n, consent.two_step_not_required).to_string()
                    }}
                </dd>
                <dt>{tu_string!(i18n, consent.partner_id)}</dt>
                <dd>{partner.partner_number.clone()}</dd>
                <dt>{tu_string!(i18n, consent.partner_kind)}</dt>
                <dd>
                    {{
                        if advisor {
                            tu_string!(i18n, consent.kind_advisor).to_string()
                        } else {
                            tu_string!(i18n, consent.kind_reseller).to_string()
                        }
                    }}
                </dd>
                <dt>{tu_string!(i18n, consent.cloud)}</dt>
                <dd>{partner.cloud_name.clone()}</dd>
            </dl>
            <p class="muted">{tu_string!(i18n, consent.impostor_note)}</p>
        </section>
        <section class="card" aria-labelledby="grant-heading">
            <h2 id="grant-heading">{tu_string!(i18n, consent.grant_heading)}</h2>
            <ul class="grants">
                {(!advisor)
                    .then(|| {
                        view! {
                            <li>
                                <strong>{tu_string!(i18n, consent.grant_reseller)}</strong>
                                " "
                                <span>{tu_string!(i18n, consent.grant_reseller_detail)}</span>
                            </li>
                        }
                    })}
            </ul>
            {if include_dap {
                let may_choose = matches!(viewer, Viewer::Admin { .. });
                view! {
                    <p>{tu_string!(i18n, consent.roles_intro)}</p>
                    <div class="table-wrap">
                    <table class="consent-roles">
                        <caption>{tu_string!(i18n, consent.dap_caption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tu_string!(i18n, consent.service)}</th>
                                <th scope="col">{tu_string!(i18n, consent.roles)}</th>
                            </tr>
                        </thead>
                        <tbody>
                    {asked
                        .iter()
                        .map(|service| {
                            let roles = service
                                .roles
                                .iter()
                                .map(|role| {
                                    let role = *role;
                                    let id = format!("grant-{}", role.as_sql());
                                    let label_for = id.clone();
                                    let about = format!("{id}-about");
                                    let description = crate::relationships::role_description(i18n, role);
                                    view! {
                                        <li>
                                            <label class="check" for=label_for>
                                                <input
                                                    type="checkbox"
                                                    id=id
                                                    form="accept-form"
                                                    name="roles[]"
                                                    value=role.as_sql()
                                                    checked
                                                    disabled=move || !may_choose || outcome.get().is_some()
                                                    aria-describedby=about.clone()
                                                />
                                                <span>{move || crate::ui::role_name(i18n.get_locale(), role)}</span>
                                            </label>
                                            <crate::relationships::RoleAbout id=about role description />
                                        </li>
                                    }
                                })
                                .collect_view();
                            view! {
                                <tr>
                                    <th scope="row">{service.service.clone()}</th>
                                    <td><ul class="role-choices">{roles}</ul></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <p>
                        <strong>
                            {if auto_extend {
                                tu_string!(i18n, consent.until_extends, date = until.as_str()).to_string()
                            } else {
                                tu_string!(i18n, consent.until, date = until.as_str()).to_string()
                            }}
                        </strong>
                    </p>
                    <p class="muted">{tu_string!(i18n, consent.dap_removable)}</p>
                }
                    .into_any()
            } else {
                view! { <p>{tu_string!(i18n, consent.no_dap)}</p> }.into_any()
            }}
        </section>
        {existing_note.map(|note| view! { <p class="note">{note}</p> })}
        <ConsentAnswer
            partner=name
            code
            signed_in
            refusal
            one_customer
            ask_version=page.ask_version.clone()
            outcome
            held
            sign_up
        />
    }
}

/// The customer's answer: accept (the form), decline, and what came of it.
/// A visitor signed in who may not accept is offered to sign in as
/// someone else instead of a form the server would refuse.
#[allow(clippy::too_many_arguments)]
#[component]
fn ConsentAnswer(
    partner: String,
    code: String,
    signed_in: bool,
    /// Why this visitor cannot accept, known before any click.
    refusal: Option<Refusal>,
    /// A one-customer invitation: declining is recorded.
    one_customer: bool,
    /// The version of the ask shown, sent back with the acceptance.
    ask_version: String,
    outcome: RwSignal<Option<AcceptOutcome>>,
    /// The partner's roles in force once accepted, when known.
    held: RwSignal<Option<Vec<RoleGrant>>>,
    sign_up: crate::accounts::SignUpState,
) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let accept = FormAction::new(AcceptInvitation::PATH);
    let decline = FormAction::new(DeclineInvitation::PATH);
    let declined = RwSignal::new(crate::ui::query_value("declined").is_some());
    let accepted = move || outcome.get();
    let finished = move || declined.get() || accepted().is_some();
    // One alert region: a refusal known in advance, replaced by the answer to a click.
    let alert = move || {
        accept.refusal().or_else(|| decline.refusal()).or_else(|| {
            accepted()
                .is_none()
                .then(|| refusal.map(AppError::from))
                .flatten()
        })
    };
    // Accepted in place: the status takes the focus the button had, and
    // says what the partner holds now once the page is read again.
    let status = NodeRef::<leptos::html::Div>::new();
    let in_place = RwSignal::new(false);
    crate::ui::focus_when_shown(move || {
        in_place
            .get()
            .then(|| status.get())
            .flatten()
            .map(Into::into)
    });
    let on_done = {
        let code = code.clone();
        Callback::new(move |answer: String| {
            held.set(None);
            outcome.set(serde_json::from_str::<AcceptOutcome>(&answer).ok());
            in_place.set(true);
            let code = code.clone();
            leptos::task::spawn_local(async move {
                if let Ok(ConsentPage {
                    viewer: Viewer::Admin { held: now, .. },
                    ..
                }) = load_consent(code).await
                {
                    held.set(Some(now));
                }
            });
        })
    };
    let grant_label =
        tu_string!(i18n, consent.authorize_label, partner = partner.as_str()).to_string();
    let outcome_text = {
        let partner = partner.clone();
        move |outcome: AcceptOutcome| {
            let partner = partner.as_str();
            match outcome {
                AcceptOutcome::Created => {
                    tu_string!(i18n, consent.accepted_created, partner = partner)
                }
                AcceptOutcome::Granted => {
                    tu_string!(i18n, consent.accepted_granted, partner = partner)
                }
                AcceptOutcome::Restored => {
                    tu_string!(i18n, consent.accepted_restored, partner = partner)
                }
                AcceptOutcome::Unchanged => {
                    tu_string!(i18n, consent.accepted_unchanged, partner = partner)
                }
            }
            .to_string()
        }
    };
    let holds_text = {
        let partner = partner.clone();
        move || {
            let roles = held.get().filter(|roles| !roles.is_empty())?;
            let roles = holdings(i18n, &roles);
            Some(
                tu_string!(
                    i18n,
                    consent.now_holds,
                    partner = partner.as_str(),
                    roles = roles.as_str()
                )
                .to_string(),
            )
        }
    };
    let path = crate::invitations::invitation_path(&code);
    let login = crate::ui::login_url(&path);
    view! {
        {move || alert().map(|error| view! { <ErrorAlert error /> })}
        {move || {
            let holds_text = holds_text.clone();
            accepted()
                .map(|outcome| {
                    view! {
                        <div role="status" class="status stack" tabindex="-1" node_ref=status>
                            <p>{outcome_text(outcome)}</p>
                            {move || holds_text().map(|text| view! { <p>{text}</p> })}
                            <p>
                                {tu_string!(i18n, consent.review_in)}
                                " "
                                <a href="/admin/partner-relationships">
                                    {tu_string!(i18n, relationships.heading)}
                                </a>
                                "."
                            </p>
                        </div>
                    }
                })
        }}
        <Show when=move || declined.get()>
            <p role="status" class="status">{tu_string!(i18n, consent.declined)}</p>
        </Show>
        <Show when=move || !finished()>
            {if signed_in && refusal.is_none() {
                let code = code.clone();
                let grant_label = grant_label.clone();
                let decline_button = if one_customer {
                    view! {
                        <button
                            type="submit"
                            form="decline-form"
                        >
                            {tu_string!(i18n, consent.decline)}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button type="button" on:click=move |_| declined.set(true)>
                            {tu_string!(i18n, consent.decline)}
                        </button>
                    }
                        .into_any()
                };
                let decline_code = code.clone();
                let ask_version = ask_version.clone();
                view! {
                    <Form action=accept class="card stack" id="accept-form" quiet=true on_done>
                        <input type="hidden" name="code" value=code.clone() />
                        <input type="hidden" name="ask" value=ask_version.clone() />
                        <label class="check">
                            <input type="checkbox" name="authorize" value="yes" required />
                            <span>{grant_label.clone()}</span>
                        </label>
                        <div class="actions">
                            <SubmitButton label=tu_string!(i18n, consent.accept) primary=true />
                            {decline_button}
                        </div>
                    </Form>
                    {one_customer.then(|| view! {
                        <Form action=decline id="decline-form" quiet=true on_done=Callback::new(move |_| declined.set(true))>
                            <input type="hidden" name="code" value=decline_code.clone() />
                        </Form>
                    })}
                }
                    .into_any()
            } else if signed_in {
                // Refused before any click (the alert above says why): no
                // form the server would refuse, but the way to the account
                // that may accept. Signing in again replaces this session.
                let login = login.clone();
                view! {
                    <div class="card stack">
                        <p>{tu_string!(i18n, consent.switch_account)}</p>
                        <div class="actions">
                            <a class="button primary" href=login rel="external">
                                {tu_string!(i18n, consent.sign_in_other)}
                            </a>
                            <button type="button" on:click=move |_| declined.set(true)>
                                {tu_string!(i18n, consent.decline)}
                            </button>
                        </div>
                    </div>
                }
                    .into_any()
            } else {
                let login = login.clone();
                view! {
                    <div class="card stack">
                        <p>{tu_string!(i18n, consent.sign_in_first)}</p>
                        <div class="actions">
                            <a class="button primary" href=login>{tu_string!(i18n, consent.sign_in)}</a>
                            <button type="button" on:click=move |_| declined.set(true)>
                                {tu_string!(i18n, consent.decline)}
                            </button>
                        </div>
                    </div>
                    <crate::accounts::SignUpSection code=code.clone() state=sign_up />
                }
                    .into_any()
            }}
        </Show>
    }
}

/// `User Administrator, Reader until 2028-12-06; Global Administrator until
/// 2027-01-01`: roles in force grouped by their end, in the order given.
fn holdings(i18n: leptos_i18n::I18nContext<Locale>, roles: &[RoleGrant]) -> String {
    let mut groups: Vec<(&str, bool, Vec<&str>)> = Vec::new();
    for grant in roles {
        match groups
            .iter_mut()
            .find(|(ends, extends, _)| *ends == grant.ends_on && *extends == grant.auto_extend)
        {
            Some((_, _, names)) => names.push(crate::ui::role_name(
                i18n.get_locale_untracked(),
                grant.role,
            )),
            None => groups.push((
                &grant.ends_on,
                grant.auto_extend,
                vec![crate::ui::role_name(
                    i18n.get_locale_untracked(),
                    grant.role,
                )],
            )),
        }
    }
    groups
        .into_iter()
        .map(|(ends, extends, names)| {
            let until = if extends {
                tu_string!(i18n, relationships.until_extends, date = ends).to_string()
            } else {
                tu_string!(i18n, relationships.until, date = ends).to_string()
            };
            format!("{} {until}", names.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A rotated or unknown invitation link.
#[component]
pub fn NotValidLink() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::request::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <div class="narrow">
            <crate::ui::PageHeading text={tu_string!(i18n, consent.not_valid_heading)} />
            <p>{tu_string!(i18n, consent.not_valid_body)}</p>
        </div>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for kernel::refusal::consent::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::refusal::consent::Refusal;
        match self {
            Refusal::NotCustomerAdmin => td_string!(locale, errors.consent_not_admin).to_string(),
            Refusal::PartnerUser => td_string!(locale, errors.consent_partner_user).to_string(),
            Refusal::OperatorUser => td_string!(locale, errors.consent_operator).to_string(),
            Refusal::OtherCloud => td_string!(locale, errors.consent_other_cloud).to_string(),
            Refusal::LinkNotValid => td_string!(locale, errors.link_not_valid).to_string(),
            Refusal::EmailNotVerified => td_string!(locale, errors.email_not_verified).to_string(),
            Refusal::RoleNotAsked => td_string!(locale, errors.role_not_asked).to_string(),
            Refusal::AskChanged => td_string!(locale, errors.ask_changed).to_string(),
            Refusal::InvitationForAnotherDomain => {
                td_string!(locale, errors.invitation_for_another_domain).to_string()
            }
            Refusal::InvitationUsed => td_string!(locale, errors.invitation_used).to_string(),
        }
    }
}
