//! The audit log page, and the log the customer page shows.
use super::{Action, AuditPage, read_audit_log};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading, PageGuard};
use kernel::audit::{Detail, RolesDetail};
use kernel::error::AppError;
use leptos::prelude::*;

/// The label of an action in the reader's language.
pub fn action_label(i18n: leptos_i18n::I18nContext<Locale>, action: Action) -> String {
    match action {
        Action::RelationshipCreated => tu_string!(i18n, audit.relationship_created),
        Action::DapGranted => tu_string!(i18n, audit.dap_granted),
        Action::DapRemoved => tu_string!(i18n, audit.dap_removed),
        Action::DapRestored => tu_string!(i18n, audit.dap_restored),
        Action::InvitationLinkRotated => tu_string!(i18n, audit.invitation_link_rotated),
        Action::UserCreated => tu_string!(i18n, audit.user_created),
        Action::UserPasswordReset => tu_string!(i18n, audit.user_password_reset),
        Action::SupportRequestOpened => tu_string!(i18n, audit.support_request_opened),
        Action::SupportRequestReplied => tu_string!(i18n, audit.support_request_replied),
        Action::SupportRequestClosed => tu_string!(i18n, audit.support_request_closed),
        Action::SubscriptionCreated => tu_string!(i18n, audit.subscription_created),
        Action::SeatsChanged => tu_string!(i18n, audit.seats_changed),
        Action::AddonOrdered => tu_string!(i18n, audit.addon_ordered),
        Action::SubscriptionMigrated => tu_string!(i18n, audit.subscription_migrated),
        Action::SubscriptionSuspended => tu_string!(i18n, audit.subscription_suspended),
        Action::SubscriptionReactivated => tu_string!(i18n, audit.subscription_reactivated),
        Action::OfferPriceChanged => tu_string!(i18n, audit.offer_price_changed),
        Action::TransferRequested => tu_string!(i18n, audit.transfer_requested),
        Action::TransferCancelled => tu_string!(i18n, audit.transfer_cancelled),
        Action::TransferDeclined => tu_string!(i18n, audit.transfer_declined),
        Action::PartnerOfRecordChanged => tu_string!(i18n, audit.partner_of_record_changed),
        Action::UserInvited => tu_string!(i18n, audit.user_invited),
        Action::UserActivated => tu_string!(i18n, audit.user_activated),
        Action::UserRoleChanged => tu_string!(i18n, audit.user_role_changed),
        Action::UserDeactivated => tu_string!(i18n, audit.user_deactivated),
        Action::PasswordChanged => tu_string!(i18n, audit.password_changed),
        Action::PasswordResetByEmail => tu_string!(i18n, audit.password_reset_by_email),
        Action::TwoStepEnabled => tu_string!(i18n, audit.two_step_enabled),
        Action::TwoStepDisabled => tu_string!(i18n, audit.two_step_disabled),
        Action::TwoStepReset => tu_string!(i18n, audit.two_step_reset),
        Action::TwoStepRequirementChanged => tu_string!(i18n, audit.two_step_requirement_changed),
        Action::PartnerOnboarded => tu_string!(i18n, audit.partner_onboarded),
        Action::OrganizationSignedUp => tu_string!(i18n, audit.organization_signed_up),
        Action::EmailVerified => tu_string!(i18n, audit.email_verified),
        Action::SignedOutEverywhere => tu_string!(i18n, audit.signed_out_everywhere),
        Action::RoleRemoved => tu_string!(i18n, audit.role_removed),
        Action::RolesMigrated => tu_string!(i18n, audit.roles_migrated),
        Action::GrantExtended => tu_string!(i18n, audit.grant_extended),
        Action::GrantEnded => tu_string!(i18n, audit.grant_ended),
        Action::GrantExpiring => tu_string!(i18n, audit.grant_expiring),
        Action::RelationshipAskChanged => tu_string!(i18n, audit.relationship_ask_changed),
        Action::CustomerInvitationCreated => tu_string!(i18n, audit.customer_invitation_created),
        Action::CustomerInvitationCancelled => {
            tu_string!(i18n, audit.customer_invitation_cancelled)
        }
        Action::CustomerInvitationDeclined => tu_string!(i18n, audit.customer_invitation_declined),
        Action::ApiTokenCreated => tu_string!(i18n, audit.api_token_created),
        Action::ApiTokenRevoked => tu_string!(i18n, audit.api_token_revoked),
        Action::WebhookEndpointAdded => tu_string!(i18n, audit.webhook_endpoint_added),
        Action::WebhookEndpointRemoved => tu_string!(i18n, audit.webhook_endpoint_removed),
    }
    .to_string()
}

/// `/admin/audit-log`: the customer administrator's log.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = audit_resource(None);
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, audit.heading)} />
        <p class="lead">{tu_string!(i18n, audit.intro_customer)}</p>
        <AuditLog page />
    }
}

/// The log of `customer` (a partner's view) or of the signed-in customer,
/// filtered by the page's query string so that a filtered or paged view is a
/// link anyone can reload. Every action that adds to the log loads it
/// again: a plain post loads the page, an action in place counts in
/// `ui::changes`.
pub fn audit_resource(customer: Option<String>) -> crate::ui::Data<AuditPage> {
    let param = crate::ui::query_value;
    let key = (
        customer,
        param("action"),
        param("from"),
        param("to"),
        param("before"),
    );
    // Every action of the page writes to the log.
    crate::ui::data(
        move || (key.clone(), crate::ui::changes()),
        |((customer, action, from, to, before), _)| {
            read_audit_log(customer, action, from, to, before)
        },
    )
}

/// The log with its filters.
#[component]
pub fn AuditLog(page: crate::ui::Data<AuditPage>) -> impl IntoView {
    view! {
        <AuditFilters />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <AuditTable page /> }.into_any(),
                    Err(error @ AppError::Invalid(_)) => view! { <ErrorAlert error /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A plain GET form: it works before the WASM arrives and keeps the URL honest.
#[component]
fn AuditFilters() -> impl IntoView {
    let i18n = use_i18n();
    let value = |name: &'static str| crate::ui::query_value(name).unwrap_or_default();
    let chosen = value("action");
    view! {
        <form method="get" action=crate::ui::here_path() class="filters">
            <label>
                <span>{tu_string!(i18n, audit.filter_action)}</span>
                <select name="action">
                    <option value="" selected=chosen.is_empty()>
                        {tu_string!(i18n, audit.all_actions)}
                    </option>
                    {Action::about_customers()
                        .map(|action| {
                            view! {
                                <option
                                    value=action.as_str()
                                    selected=chosen == action.as_str()
                                >
                                    {move || action_label(i18n, action)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{tu_string!(i18n, audit.filter_from)}</span>
                <input type="date" name="from" value=value("from") />
            </label>
            <label>
                <span>{tu_string!(i18n, audit.filter_to)}</span>
                <input type="date" name="to" value=value("to") />
            </label>
            <button type="submit">{tu_string!(i18n, audit.filter)}</button>
        </form>
    }
}

/// The details of an event as the reader's language says them: roles by
/// the names the cloud gives them in that language, with their end, what
/// was asked and how long; people's roles; the kind of a new relationship.
/// Titles, addresses, offers and numbers are shown as written, and so is
/// every event written before details were data.
pub fn details(
    i18n: leptos_i18n::I18nContext<Locale>,
    action: Option<Action>,
    detail: &Detail,
) -> String {
    use kernel::grant::RelationshipKind;
    let locale = i18n.get_locale();
    match detail {
        Detail::Text { text } => match (action, RelationshipKind::parse(text)) {
            (Some(Action::RelationshipCreated), Some(kind)) => {
                crate::relationships::relationship_kind(i18n, kind == RelationshipKind::Advisor)
            }
            _ => text.clone(),
        },
        Detail::Roles(roles) => roles_detail(locale, roles),
        Detail::TwoStepRequired { required: true } => {
            td_string!(locale, audit.detail_two_step_required).to_string()
        }
        Detail::TwoStepRequired { required: false } => {
            td_string!(locale, audit.detail_two_step_not_required).to_string()
        }
        Detail::MemberRole {
            email,
            from: None,
            to,
        } => td_string!(
            locale,
            audit.detail_member_invited,
            email = email.as_str(),
            role = crate::accounts::role_label(i18n, *to)
        )
        .to_string(),
        Detail::MemberRole {
            email,
            from: Some(from),
            to,
        } => td_string!(
            locale,
            audit.detail_member_role,
            email = email.as_str(),
            from = crate::accounts::role_label(i18n, *from),
            to = crate::accounts::role_label(i18n, *to)
        )
        .to_string(),
    }
}

/// "Helpdesk Administrator; until 2028-12-06, extends automatically; asked
/// for User Administrator, Helpdesk Administrator", in `locale`.
fn roles_detail(locale: Locale, detail: &RolesDetail) -> String {
    let mut parts = vec![if detail.roles.is_empty() {
        td_string!(locale, audit.detail_no_role).to_string()
    } else {
        crate::ui::role_names(locale, &detail.roles)
    }];
    match (&detail.until, detail.auto_extend) {
        (Some(day), false) => {
            parts.push(td_string!(locale, audit.detail_until, date = day.as_str()).to_string())
        }
        (Some(day), true) => parts
            .push(td_string!(locale, audit.detail_until_extends, date = day.as_str()).to_string()),
        (None, _) => {}
    }
    if let Some(days) = detail.duration_days {
        parts.push(crate::ui::days(locale, days));
    }
    if detail.until.is_none() && detail.auto_extend {
        parts.push(td_string!(locale, audit.detail_extends).to_string());
    }
    if let Some(days) = detail.days_left {
        let days = crate::ui::days(locale, days);
        parts.push(td_string!(locale, audit.detail_left, days = days).to_string());
    }
    if !detail.asked.is_empty() {
        let roles = crate::ui::role_names(locale, &detail.asked);
        parts.push(td_string!(locale, audit.detail_asked, roles = roles).to_string());
    }
    // French sets a narrow no-break space before a semicolon.
    let separator = match locale {
        Locale::fr => "\u{202F}; ",
        Locale::en => "; ",
    };
    parts.join(separator)
}

#[component]
fn AuditTable(page: AuditPage) -> impl IntoView {
    let i18n = use_i18n();
    if page.entries.is_empty() {
        return view! { <p class="empty">{tu_string!(i18n, audit.empty)}</p> }.into_any();
    }
    let older = page.next.map(|before| {
        let href = {
            let mut parts = Vec::new();
            for name in ["action", "from", "to"] {
                if let Some(value) = crate::ui::query_value(name) {
                    parts.push(format!("{name}={}", crate::ui::encode_query_value(&value)));
                }
            }
            parts.push(format!("before={}", crate::ui::encode_query_value(&before)));
            format!("{}?{}", crate::ui::here_path(), parts.join("&"))
        };
        view! {
            <nav class="pager" aria-label=tu_string!(i18n, audit.pages).to_string()>
                // Loads the page anew: the log reads its filters from the
                // address once.
                <a href=href rel="external">
                    {tu_string!(i18n, audit.older)}
                </a>
            </nav>
        }
    });
    view! {
        <div class="table-wrap">
            <table class="audit">
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, audit.when)}</th>
                        <th scope="col">{tu_string!(i18n, audit.what)}</th>
                        <th scope="col">{tu_string!(i18n, audit.who)}</th>
                        <th scope="col">{tu_string!(i18n, audit.partner)}</th>
                        <th scope="col">{tu_string!(i18n, audit.details)}</th>
                        <th scope="col">{tu_string!(i18n, audit.address)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .entries
                        .into_iter()
                        .map(|entry| {
                            let action = Action::parse(&entry.action);
                            let raw = entry.action.clone();
                            let when = crate::ui::short_time(&entry.occurred_at);
                            view! {
                                <tr>
                                    <td>
                                        <time datetime=entry.occurred_at.clone()>{when}</time>
                                    </td>
                                    <td>
                                        {move || action.map(|a| action_label(i18n, a)).unwrap_or_else(|| raw.clone())}
                                    </td>
                                    <td>
                                        {entry.actor_email}
                                        <span class="muted">" · " {entry.actor_organization}</span>
                                    </td>
                                    <td>{entry.partner.unwrap_or_default()}</td>
                                    <td>{move || details(i18n, action, &entry.details)}</td>
                                    <td>{entry.ip_address}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {older}
    }
    .into_any()
}
