//! The customer's "Partner relationships" page, and the badges other pages show a grant with.
use super::{
    GrantState, PartnerRelationship, Removal, RemoveDap, RemoveRole, RoleGrant, ServiceGrant,
    ServiceRole, partner_relationships,
};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Form, FormAction, Loading, PageGuard, SubmitButton, short_day};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// "Remove delegated admin privileges" opens a confirmation the browser
/// shows by itself (a `popover`). Confirming before the page is interactive
/// is a plain form post, answered with this page again, which says what was
/// removed (`removed=` the partner, `services=` the service ids) or why not;
/// after, it is sent in place and the table loads again.
#[component]
pub fn PartnerRelationshipsPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let remove = FormAction::new(RemoveDap::PATH);
    let remove_role = FormAction::new(RemoveRole::PATH);
    let list = crate::ui::data(crate::ui::changes, |_| partner_relationships());
    let removed = crate::ui::query_value("removed");
    let services = crate::ui::query_value("services").unwrap_or_default();
    let role = crate::ui::query_value("role").unwrap_or_default();
    // What a removal in place answered.
    let removed_here = RwSignal::new(None::<Removal>);
    let on_done = Callback::new(move |answer: String| {
        removed_here.set(serde_json::from_str::<Removal>(&answer).ok());
    });
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, relationships.heading)} />
        <p class="lead">{tu_string!(i18n, relationships.intro)}</p>
        // A refusal in place shows in the confirmation, which stays open.
        {move || {
            remove
                .posted_refusal()
                .or_else(|| remove_role.posted_refusal())
                .map(|error| view! { <ErrorAlert error /> })
        }}
        <Transition fallback=Loading>
            {move || {
                let (removed, services, role) = (removed.clone(), services.clone(), role.clone());
                Suspend::new(async move {
                    match list.await {
                        Ok(partners) => {
                            let said = removed
                                .and_then(|slug| removal_said(&partners, &slug, &services, &role));
                            let outcome = move || removed_here.get().or_else(|| said.clone());
                            // Whom to ask for the link that restores them.
                            let contacts: Vec<(String, Vec<String>)> = partners
                                .iter()
                                .map(|p| (p.partner_name.clone(), p.contacts.clone()))
                                .collect();
                            view! {
                                {move || outcome().map(|outcome| {
                                    let contacts = contacts
                                        .iter()
                                        .find(|(name, _)| *name == outcome.partner_name)
                                        .map(|(_, contacts)| contacts.clone())
                                        .unwrap_or_default();
                                    view! { <RemovalOutcome outcome contacts /> }
                                })}
                                <RelationshipTable partners remove remove_role on_done />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <PageGuard error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// What the address says was removed, in the names the page shows: only a
/// partner of the list and its own services, so an address cannot put other
/// words on the page.
fn removal_said(
    partners: &[PartnerRelationship],
    slug: &str,
    services: &str,
    role: &str,
) -> Option<Removal> {
    let partner = partners.iter().find(|p| p.partner_slug == slug)?;
    let role = ServiceRole::parse(role);
    let ids: Vec<&str> = services.split(',').collect();
    Some(Removal {
        partner_name: partner.partner_name.clone(),
        services: partner
            .grants
            .iter()
            .filter(|grant| {
                ids.contains(&grant.service_id.as_str())
                    || role.is_some_and(|role| role.service() == grant.service_id)
            })
            .map(|grant| grant.service.clone())
            .collect(),
        role,
    })
}

/// What a removal changed and, when it changed something, what comes next:
/// only the partner's invitation link restores privileges (R10), so whom
/// at the partner to ask for it (`contacts`).
#[component]
fn RemovalOutcome(outcome: Removal, contacts: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Removal {
        partner_name,
        services,
        role,
    } = outcome;
    let next = (!services.is_empty()).then(|| {
        let partner = partner_name.as_str();
        if contacts.is_empty() {
            tu_string!(i18n, relationships.restore_next, partner = partner).to_string()
        } else {
            let contacts = contacts.join(", ");
            tu_string!(
                i18n,
                relationships.restore_next_contact,
                partner = partner,
                contacts = contacts.as_str()
            )
            .to_string()
        }
    });
    let said = if let Some(role) = role {
        let services = services.join(", ");
        tu_string!(
            i18n,
            relationships.role_removed,
            partner = partner_name.as_str(),
            role = crate::ui::role_name(i18n.get_locale_untracked(), role),
            service = services.as_str()
        )
        .to_string()
    } else if services.is_empty() {
        tu_string!(
            i18n,
            relationships.nothing_removed,
            partner = partner_name.as_str()
        )
        .to_string()
    } else {
        let services = services.join(", ");
        tu_string!(
            i18n,
            relationships.removed,
            partner = partner_name.as_str(),
            services = services.as_str()
        )
        .to_string()
    };
    view! {
        <div role="status" class="status stack">
            <p>{said}</p>
            {next.map(|next| view! { <p>{next}</p> })}
        </div>
    }
}

/// "Remove delegated admin privileges" (every service, or the one chosen),
/// confirmed in its [`RemovalDialog`].
#[component]
fn RemoveConfirmation(
    partner: String,
    name: String,
    active: Vec<(String, String)>,
    remove: FormAction,
    on_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("remove-{partner}");
    view! {
        <button type="button" class="danger" commandfor=id.clone() command="show-modal">
            {tu_string!(i18n, relationships.remove)}
        </button>
        <RemovalDialog
            id
            title=tu_string!(i18n, relationships.remove_title, partner = name.as_str()).to_string()
            body=tu_string!(i18n, relationships.remove_body).to_string()
            action=remove
            on_done
        >
            <input type="hidden" name="partner" value=partner.clone() />
            <label class="field">
                <span>{tu_string!(i18n, relationships.remove_which)}</span>
                <select name="service">
                    <option value="">{tu_string!(i18n, relationships.all_services)}</option>
                    {active
                        .iter()
                        .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                        .collect_view()}
                </select>
            </label>
        </RemovalDialog>
    }
}

/// A removal's confirmation: a modal `<dialog>` a button with
/// `commandfor=id command="show-modal"` opens without any script (the focus
/// stays inside until it closes, starts on "Cancel"; Escape closes it),
/// holding the form (`children`: its fields) and "Remove".
#[component]
fn RemovalDialog(
    id: String,
    title: String,
    body: String,
    action: FormAction,
    on_done: Callback<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let (title_id, body_id) = (format!("{id}-title"), format!("{id}-body"));
    let (labelled_by, described_by, cancel) = (title_id.clone(), body_id.clone(), id.clone());
    // Done in place: the dialog closes (the focus goes back to its button).
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let on_done = Callback::new(move |answer: String| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
        on_done.run(answer);
    });
    view! {
        <dialog node_ref=dialog id=id role="dialog" aria-labelledby=labelled_by aria-describedby=described_by class="dialog">
            <Form action on_done>
                <h2 id=title_id>{title}</h2>
                <p id=body_id>{body}</p>
                {children()}
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, relationships.remove_confirm) danger=true />
                    <button type="button" commandfor=cancel command="close" autofocus>
                        {tu_string!(i18n, common.cancel)}
                    </button>
                </div>
            </Form>
        </dialog>
    }
}

#[component]
fn RelationshipTable(
    partners: Vec<PartnerRelationship>,
    remove: FormAction,
    remove_role: FormAction,
    on_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(first) = partners.first() else {
        return view! { <p class="empty">{tu_string!(i18n, relationships.empty)}</p> }.into_any();
    };
    let services: Vec<String> = first.grants.iter().map(|g| g.service.clone()).collect();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="muted">{tu_string!(i18n, relationships.caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, relationships.partner)}</th>
                        <th scope="col">{tu_string!(i18n, relationships.relationship)}</th>
                        {services
                            .into_iter()
                            .map(|name| view! { <th scope="col">{name}</th> })
                            .collect_view()}
                        <th scope="col">
                            <span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {partners
                        .into_iter()
                        .map(|partner| view! { <RelationshipRow partner remove remove_role on_done /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn RelationshipRow(
    partner: PartnerRelationship,
    remove: FormAction,
    remove_role: FormAction,
    on_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let advisor = partner.advisor;
    let since = crate::ui::short_day(&partner.since);
    let active: Vec<(String, String)> = partner
        .grants
        .iter()
        .filter(|g| g.state == GrantState::Active)
        .map(|g| (g.service_id.clone(), g.service.clone()))
        .collect();
    let (slug, name) = (partner.partner_slug.clone(), partner.partner_name.clone());
    view! {
        <tr>
            <th scope="row">
                {partner.partner_name.clone()}
                <span class="muted block">
                    {partner.legal_name.clone()} " · " {partner.verified_domain.clone()} " · "
                    {tu_string!(i18n, relationships.partner_id).to_string()} " "
                    {partner.partner_number.clone()}
                </span>
            </th>
            <td>
                {move || relationship_kind(i18n, advisor)}
                <span class="muted block">
                    {tu_string!(i18n, relationships.since, date = since.as_str()).to_string()}
                </span>
            </td>
            {partner
                .grants
                .into_iter()
                .map(|grant| {
                    let transacts = grant.transacts;
                    let remover = RoleRemover {
                        partner: slug.clone(),
                        name: name.clone(),
                        action: remove_role,
                        on_done,
                    };
                    let roles = grant.roles.clone();
                    // The service's name above its cell when rows are cards (a phone).
                    let service = grant.service.clone();
                    view! {
                        <td data-label=service>
                            <GrantBadge grant />
                            <RoleList roles remover=Some(remover) />
                            {transacts
                                .then(|| {
                                    view! {
                                        <span class="badge transacts block">
                                            {tu_string!(i18n, relationships.transacts)}
                                        </span>
                                    }
                                })}
                        </td>
                    }
                })
                .collect_view()}
            <td>
                {(!active.is_empty())
                    .then(|| view! { <RemoveConfirmation partner=slug name active remove on_done /> })}
            </td>
        </tr>
    }
}

/// "Reseller" or "Advisor": the kind of a relationship, in the reader's language.
pub fn relationship_kind(i18n: leptos_i18n::I18nContext<Locale>, advisor: bool) -> String {
    if advisor {
        tu_string!(i18n, customers.kind_advisor).to_string()
    } else {
        tu_string!(i18n, customers.kind_reseller).to_string()
    }
}

/// The state of one service's delegated admin privileges, as a badge.
#[component]
pub fn GrantBadge(grant: ServiceGrant) -> impl IntoView {
    let i18n = use_i18n();
    let state = grant.state;
    let day = grant.changed_at.as_deref().map(short_day);
    view! {
        <span class=match state {
            GrantState::Active => "badge ok",
            GrantState::Removed | GrantState::Ended => "badge warn",
            GrantState::NotGranted => "badge",
        }>
            {move || match state {
                GrantState::Active => tu_string!(i18n, customers.dap_active).to_string(),
                GrantState::Removed => tu_string!(i18n, customers.dap_removed).to_string(),
                GrantState::Ended => tu_string!(i18n, customers.dap_ended).to_string(),
                GrantState::NotGranted => tu_string!(i18n, customers.dap_none).to_string(),
            }}
        </span>
        {day.map(|day| view! { <span class="muted block"><time datetime=day.clone()>{day.clone()}</time></span> })}
    }
}

/// What a "Remove role" button removes from, and how it answers.
#[derive(Clone)]
pub struct RoleRemover {
    pub partner: String,
    pub name: String,
    pub action: FormAction,
    pub on_done: Callback<String>,
}

/// A service's granted roles: each with its end date, when it was last
/// used and, on the customer's side, a "Remove role" button behind a
/// confirmation.
#[component]
pub fn RoleList(roles: Vec<RoleGrant>, remover: Option<RoleRemover>) -> impl IntoView {
    if roles.is_empty() {
        return ().into_any();
    }
    view! {
        <ul class="roles">
            {roles
                .into_iter()
                .map(|grant| {
                    let remover = remover
                        .clone()
                        .filter(|_| grant.state == GrantState::Active);
                    view! { <RoleItem grant remover /> }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn RoleItem(grant: RoleGrant, remover: Option<RoleRemover>) -> impl IntoView {
    let i18n = use_i18n();
    let role = grant.role;
    let ends_on = grant.ends_on.clone();
    let state = grant.state;
    let end = move || match state {
        GrantState::Active if grant.auto_extend => {
            tu_string!(i18n, relationships.until_extends, date = ends_on.as_str()).to_string()
        }
        GrantState::Active => {
            tu_string!(i18n, relationships.until, date = ends_on.as_str()).to_string()
        }
        GrantState::Removed => tu_string!(i18n, relationships.role_removed_state).to_string(),
        _ => tu_string!(i18n, relationships.ended_on, date = ends_on.as_str()).to_string(),
    };
    // What "Remove role" is described by (its accessible name stays "Remove role").
    let name_id = remover
        .as_ref()
        .map(|remover| format!("remove-{}-{}-role", remover.partner, role.as_sql()));
    let last_used = grant.last_used_on.clone();
    let used = move || match &last_used {
        Some(day) => tu_string!(i18n, relationships.last_used, date = day.as_str()).to_string(),
        None => tu_string!(i18n, relationships.last_used_never).to_string(),
    };
    let expires = grant.expires_in_days.map(|days| {
        view! {
            <span class="badge warn block">
                {move || tu_string!(i18n, customers.expires_in, days = crate::ui::days(i18n.get_locale(), days)).to_string()}
            </span>
        }
    });
    view! {
        <li class=if state == GrantState::Active { "role" } else { "role gone" }>
            <span class="role-name" id=name_id>{move || crate::ui::role_name(i18n.get_locale(), role)}</span>
            {role.high_risk().then(|| view! {
                <span class="badge danger">{move || tu_string!(i18n, roles.high_risk_short).to_string()}</span>
            })}
            <span class="muted block">{end}</span>
            <span class="muted block">{used}</span>
            {expires}
            {remover.map(|remover| view! { <RemoveRoleConfirmation role remover /> })}
        </li>
    }
}

/// "Remove role": a confirmation (`popover`) holding the form.
#[component]
fn RemoveRoleConfirmation(role: ServiceRole, remover: RoleRemover) -> impl IntoView {
    let i18n = use_i18n();
    let RoleRemover {
        partner,
        name,
        action,
        on_done,
    } = remover;
    let id = format!("remove-{partner}-{}", role.as_sql());
    let name_id = format!("{id}-role");
    view! {
        <button type="button" class="danger small" commandfor=id.clone() command="show-modal" aria-describedby=name_id>
            {tu_string!(i18n, relationships.remove_role)}
        </button>
        <RemovalDialog
            id
            title=tu_string!(i18n, relationships.remove_role_title, role = crate::ui::role_name(i18n.get_locale_untracked(), role), partner = name.as_str()).to_string()
            body=tu_string!(i18n, relationships.remove_role_body).to_string()
            action
            on_done
        >
            <input type="hidden" name="partner" value=partner.clone() />
            <input type="hidden" name="role" value=role.as_sql() />
        </RemovalDialog>
    }
}

/// What a role allows, said beside its checkbox (its `aria-describedby`):
/// the description and, for a high-risk role, the warning.
#[component]
pub fn RoleAbout(id: String, role: ServiceRole, description: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p id=id class="muted role-about">
            {role.high_risk().then(|| view! {
                <span class="badge danger">{tu_string!(i18n, roles.high_risk_short)}</span>
                " "
            })}
            {description}
            {role.high_risk().then(|| view! { " " <strong>{tu_string!(i18n, roles.high_risk)}</strong> })}
        </p>
    }
}

/// What a role allows, in the reader's language.
pub fn role_description(i18n: leptos_i18n::I18nContext<Locale>, role: ServiceRole) -> String {
    match role {
        ServiceRole::GlobalAdministrator => tu_string!(i18n, roles.global_administrator),
        ServiceRole::UserAdministrator => tu_string!(i18n, roles.user_administrator),
        ServiceRole::HelpdeskAdministrator => tu_string!(i18n, roles.helpdesk_administrator),
        ServiceRole::LicenseAdministrator => tu_string!(i18n, roles.license_administrator),
        ServiceRole::SecurityReader => tu_string!(i18n, roles.security_reader),
        ServiceRole::Owner => tu_string!(i18n, roles.owner),
        ServiceRole::Contributor => tu_string!(i18n, roles.contributor),
        ServiceRole::Reader => tu_string!(i18n, roles.reader),
        ServiceRole::DynamicsAdministrator => tu_string!(i18n, roles.dynamics_365_administrator),
        ServiceRole::DynamicsReader => tu_string!(i18n, roles.dynamics_365_reader),
    }
    .to_string()
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for kernel::refusal::relationships::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::refusal::relationships::Refusal;
        match self {
            Refusal::OnlyCustomerAdmins => {
                td_string!(locale, errors.only_customer_admins).to_string()
            }
        }
    }
}
