//! The customer's "Partner relationships" page, and the badges other pages show a grant with.
use super::{
    GrantState, PartnerRelationship, Removal, RemoveDap, ServiceGrant, partner_relationships,
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
    let list = crate::ui::data(crate::ui::changes, |_| partner_relationships());
    let removed = crate::ui::query_value("removed");
    let services = crate::ui::query_value("services").unwrap_or_default();
    // What a removal in place answered.
    let removed_here = RwSignal::new(None::<Removal>);
    let on_done = Callback::new(move |answer: String| {
        removed_here.set(serde_json::from_str::<Removal>(&answer).ok());
    });
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, relationships.heading)} />
        <p class="lead">{tu_string!(i18n, relationships.intro)}</p>
        // A refusal in place shows in the confirmation, which stays open.
        {move || remove.posted_refusal().map(|error| view! { <ErrorAlert error /> })}
        <Transition fallback=Loading>
            {move || {
                let (removed, services) = (removed.clone(), services.clone());
                Suspend::new(async move {
                    match list.await {
                        Ok(partners) => {
                            let said = removed.and_then(|slug| removal_said(&partners, &slug, &services));
                            let outcome = move || removed_here.get().or_else(|| said.clone());
                            view! {
                                {move || outcome().map(|outcome| view! { <RemovalOutcome outcome /> })}
                                <RelationshipTable partners remove on_done />
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
fn removal_said(partners: &[PartnerRelationship], slug: &str, services: &str) -> Option<Removal> {
    let partner = partners.iter().find(|p| p.partner_slug == slug)?;
    let ids: Vec<&str> = services.split(',').collect();
    Some(Removal {
        partner_name: partner.partner_name.clone(),
        services: partner
            .grants
            .iter()
            .filter(|grant| ids.contains(&grant.service_id.as_str()))
            .map(|grant| grant.service.clone())
            .collect(),
    })
}

#[component]
fn RemovalOutcome(outcome: Removal) -> impl IntoView {
    let i18n = use_i18n();
    let Removal {
        partner_name,
        services,
    } = outcome;
    let said = if services.is_empty() {
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
    view! { <p role="status" class="status">{said}</p> }
}

/// The confirmation of a removal: a `popover` the button opens without any
/// script (focus goes to "Cancel", Escape closes it), holding the form.
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
    let (title, body) = (format!("{id}-title"), format!("{id}-body"));
    let (labelled_by, described_by, cancel) = (title.clone(), body.clone(), id.clone());
    view! {
        <button type="button" class="danger" popovertarget=id.clone()>
            {tu_string!(i18n, relationships.remove)}
        </button>
        <div popover="" id=id role="dialog" aria-labelledby=labelled_by aria-describedby=described_by class="dialog">
            <Form action=remove on_done>
                <h2 id=title>{tu_string!(i18n, relationships.remove_title, partner = name.as_str()).to_string()}</h2>
                <p id=body>{tu_string!(i18n, relationships.remove_body)}</p>
                <input type="hidden" name="partner" value=partner />
                <label class="field">
                    <span>{tu_string!(i18n, relationships.remove_which)}</span>
                    <select name="service">
                        <option value="">{tu_string!(i18n, relationships.all_services)}</option>
                        {active
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id>{name}</option> })
                            .collect_view()}
                    </select>
                </label>
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, relationships.remove_confirm) danger=true />
                    <button type="button" popovertarget=cancel popovertargetaction="hide" autofocus>
                        {tu_string!(i18n, common.cancel)}
                    </button>
                </div>
            </Form>
        </div>
    }
}

#[component]
fn RelationshipTable(
    partners: Vec<PartnerRelationship>,
    remove: FormAction,
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
                        .map(|partner| view! { <RelationshipRow partner remove on_done /> })
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
                    view! {
                        <td>
                            <GrantBadge grant />
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
            GrantState::Removed => "badge warn",
            GrantState::NotGranted => "badge",
        }>
            {move || match state {
                GrantState::Active => tu_string!(i18n, customers.dap_active).to_string(),
                GrantState::Removed => tu_string!(i18n, customers.dap_removed).to_string(),
                GrantState::NotGranted => tu_string!(i18n, customers.dap_none).to_string(),
            }}
        </span>
        {day.map(|day| view! { <span class="muted block"><time datetime=day.clone()>{day.clone()}</time></span> })}
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Reading for kernel::refusal::relationships::Refusal {
    fn reading(&self, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
        use kernel::refusal::relationships::Refusal;
        match self {
            Refusal::OnlyCustomerAdmins => {
                tu_string!(i18n, errors.only_customer_admins).to_string()
            }
        }
    }
}
