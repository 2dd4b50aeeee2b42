//! `/partner/team` and `/admin/users`: an organization's administrators
//! invite its people, change their roles and deactivate them.
use super::{
    ChangeMemberRole, DeactivateMember, InviteMember, Member, MemberState, Members,
    ResetMemberTwoStep, members_page,
};
use crate::i18n::*;
use crate::ui::{
    CancelButton, ErrorAlert, Form, FormAction, Loading, OpenButton, PageGuard, SubmitButton,
};
use kernel::identity::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// `/partner/team`, heading "Team" (admin agents).
#[component]
pub fn TeamPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <MembersPage heading=tu_string!(i18n, members.team_heading).to_string() partner=true /> }
}

/// `/admin/users`, heading "Users" (customer administrators).
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <MembersPage heading=tu_string!(i18n, members.users_heading).to_string() partner=false /> }
}

#[component]
fn MembersPage(heading: String, partner: bool) -> impl IntoView {
    crate::ui::provide_form_error();
    let invite = FormAction::new(InviteMember::PATH);
    let change = FormAction::new(ChangeMemberRole::PATH);
    let deactivate = FormAction::new(DeactivateMember::PATH);
    let reset = FormAction::new(ResetMemberTwoStep::PATH);
    let page = crate::ui::data(crate::ui::changes, move |_| members_page(partner));
    view! {
        <crate::ui::PageHeading text=heading />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(members) => view! { <MembersView members partner invite change deactivate reset /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MembersView(
    members: Members,
    partner: bool,
    invite: FormAction,
    change: FormAction,
    deactivate: FormAction,
    reset: FormAction,
) -> impl IntoView {
    let i18n = use_i18n();
    let Members {
        domain,
        members,
        me,
    } = members;
    let at = domain
        .clone()
        .map(|domain| tu_string!(i18n, members.domain_hint, domain = domain.as_str()).to_string());
    let at = StoredValue::new(at);
    let invited = RwSignal::new(false);
    let inviting = RwSignal::new(
        crate::ui::query_value("open").as_deref() == Some("invite")
            || invite.posted_refusal().is_some(),
    );
    let invite_label = if partner {
        tu_string!(i18n, members.invite_agent).to_string()
    } else {
        tu_string!(i18n, members.invite_user).to_string()
    };
    let on_done = Callback::new(move |_: String| {
        inviting.set(false);
        invited.set(true);
    });
    view! {
        <section class="card" aria-labelledby="invite-heading">
            <h2 id="invite-heading" class="visually-hidden">{invite_label.clone()}</h2>
            <Show when=move || invited.get()>
                <p role="status" class="status">{tu_string!(i18n, members.invited)}</p>
            </Show>
            <OpenButton form="invite" open=inviting label=invite_label.clone() anchor="invite-heading" />
            <Show when=move || inviting.get()>
                <Form action=invite class="stack form-card" anchor="invite-heading" on_done>
                    <label>
                        <span>{tu_string!(i18n, login.email)}</span>
                        <input type="email" name="email" required maxlength="254" aria-describedby="domain-hint" />
                    </label>
                    <p id="domain-hint" class="muted">{at.get_value()}</p>
                    <label>
                        <span>{tu_string!(i18n, users.display_name)}</span>
                        <input type="text" name="display_name" required maxlength="100" />
                    </label>
                    {if partner {
                        view! {
                            <div class="field">
                                <label for="invite-role">{tu_string!(i18n, members.role)}</label>
                                <select id="invite-role" name="role">
                                    <RoleOptions selected=Role::SalesAgent />
                                </select>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <label class="check">
                                <input type="checkbox" name="administrator" value="on" />
                                <span>{tu_string!(i18n, members.administrator)}</span>
                            </label>
                        }.into_any()
                    }}
                    <div class="actions">
                        <SubmitButton label=tu_string!(i18n, members.send_invitation) primary=true />
                        <CancelButton close=Callback::new(move |_| inviting.set(false)) anchor="invite-heading" />
                    </div>
                </Form>
            </Show>
        </section>
        <section class="card" aria-labelledby="members-heading">
            <h2 id="members-heading">{tu_string!(i18n, members.list_heading)}</h2>
            {move || change.refusal().map(|error| view! { <ErrorAlert error /> })}
            {move || deactivate.refusal().map(|error| view! { <ErrorAlert error /> })}
            {move || reset.refusal().map(|error| view! { <ErrorAlert error /> })}
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, users.display_name)}</th>
                            <th scope="col">{tu_string!(i18n, login.email)}</th>
                            <th scope="col">{tu_string!(i18n, members.role)}</th>
                            <th scope="col">{tu_string!(i18n, members.state)}</th>
                            <th scope="col">{tu_string!(i18n, relationships.actions)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {
                            let administrators = members
                                .iter()
                                .filter(|m| {
                                    super::domain::is_administrator(m.role)
                                        && m.state == MemberState::Active
                                })
                                .count();
                            members
                                .into_iter()
                                .map(|member| {
                                    let mine = member.id == me;
                                    // The server refuses the last administrator a
                                    // lesser role: it is not offered.
                                    let last_administrator = mine
                                        && administrators <= 1
                                        && super::domain::is_administrator(member.role);
                                    view! { <MemberRow member partner mine last_administrator change deactivate reset /> }
                                })
                                .collect_view()
                        }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn RoleOptions(selected: Role) -> impl IntoView {
    let i18n = use_i18n();
    [Role::AdminAgent, Role::SalesAgent, Role::HelpdeskAgent]
        .into_iter()
        .map(|role| {
            view! {
                <option value=role.as_sql() selected=role == selected>{role_label(i18n, role)}</option>
            }
        })
        .collect_view()
}

/// How a role reads.
pub fn role_label(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::AdminAgent => tu_string!(i18n, members.admin_agent),
        Role::SalesAgent => tu_string!(i18n, members.sales_agent),
        Role::HelpdeskAgent => tu_string!(i18n, members.helpdesk_agent),
        Role::CustomerAdmin => tu_string!(i18n, members.customer_admin),
        Role::CustomerUser => tu_string!(i18n, members.customer_user),
        Role::Operator => tu_string!(i18n, members.operator),
    }
    .to_string()
}

#[component]
fn MemberRow(
    member: Member,
    partner: bool,
    mine: bool,
    /// The reader's own row, the organization's only active administrator.
    last_administrator: bool,
    change: FormAction,
    deactivate: FormAction,
    reset: FormAction,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = match member.state {
        MemberState::Invited => tu_string!(i18n, members.state_invited),
        MemberState::Active => tu_string!(i18n, members.state_active),
        MemberState::Deactivated => tu_string!(i18n, members.state_deactivated),
    };
    let active = member.state != MemberState::Deactivated;
    let id = member.id.clone();
    let own_role_note = (active && partner && last_administrator)
        .then(|| view! { <p class="muted">{tu_string!(i18n, members.only_admin_self)}</p> });
    let role_form = (active && partner && !last_administrator).then(|| {
        let id = id.clone();
        let current = member.role;
        // A change refused goes back to the role the member has.
        let chosen = NodeRef::<leptos::html::Select>::new();
        Effect::watch(
            move || change.refusal().is_some(),
            move |refused, _, _| {
                if *refused && let Some(select) = chosen.get_untracked() {
                    select.set_value(current.as_sql());
                }
            },
            false,
        );
        let role_of = tu_string!(
            i18n,
            members.role_of,
            name = crate::ui::of_name(i18n.get_locale_untracked(), &member.display_name)
        )
        .to_string();
        let select = format!("role-{id}");
        view! {
            <Form action=change quiet=true class="inline">
                <input type="hidden" name="user" value=id />
                <label for=select.clone() class="visually-hidden">
                    {role_of}
                </label>
                <select id=select name="role" node_ref=chosen>
                    <RoleOptions selected=member.role />
                </select>
                <SubmitButton label=tu_string!(i18n, members.change_role) />
            </Form>
        }
    });
    let make_admin = (active && !partner && member.role == Role::CustomerUser).then(|| {
        let id = id.clone();
        view! {
            <Form action=change quiet=true class="inline">
                <input type="hidden" name="user" value=id />
                <input type="hidden" name="role" value="customer_admin" />
                <SubmitButton label=tu_string!(i18n, members.make_admin) />
            </Form>
        }
    });
    let name = member.display_name.as_str();
    let reset_form = (active && !mine && member.two_step).then(|| {
        view! {
            <ConfirmedMemberAction
                id=id.clone()
                action=reset
                label=tu_string!(i18n, members.reset_two_step).to_string()
                title=tu_string!(i18n, members.reset_two_step_title, name = name).to_string()
                body=tu_string!(i18n, members.reset_two_step_body).to_string()
                confirm=tu_string!(i18n, members.reset_two_step_confirm).to_string()
            />
        }
    });
    let deactivate_form = (active && !mine).then(|| {
        view! {
            <ConfirmedMemberAction
                id=id.clone()
                action=deactivate
                label=tu_string!(i18n, members.deactivate).to_string()
                title=tu_string!(i18n, members.deactivate_title, name = name).to_string()
                body=tu_string!(i18n, members.deactivate_body).to_string()
                confirm=tu_string!(i18n, members.deactivate_confirm).to_string()
            />
        }
    });
    view! {
        <tr>
            <th scope="row">{member.display_name.clone()}</th>
            <td>{member.email.clone()}</td>
            <td>{role_label(i18n, member.role)}</td>
            <td>{state}</td>
            <td class="actions">{own_role_note}{role_form}{make_admin}{reset_form}{deactivate_form}</td>
        </tr>
    }
}

/// A button acting on one member ("Deactivate", "Reset two-step
/// verification"), confirmed in a dialog once interactive (a plain post
/// before, which the page answers).
#[component]
fn ConfirmedMemberAction(
    id: String,
    action: FormAction,
    label: String,
    title: String,
    body: String,
    confirm: String,
) -> impl IntoView {
    view! {
        <crate::ui::ConfirmedSubmit
            action
            anchor="members-heading"
            on_done=Callback::new(|_: String| {})
            label
            title
            body
            confirm
        >
            <input type="hidden" name="user" value=id />
        </crate::ui::ConfirmedSubmit>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for super::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use super::Refusal;
        match self {
            Refusal::LinkNotValid => td_string!(locale, password.not_valid).to_string(),
            Refusal::OnlyAdministrators => {
                td_string!(locale, errors.only_administrators).to_string()
            }
            Refusal::OnlyOperators => td_string!(locale, errors.only_operators).to_string(),
            Refusal::EmailOutsideDomain(domain) => td_string!(
                locale,
                errors.email_outside_domain,
                domain = domain.as_str()
            )
            .to_string(),
            Refusal::EmailTaken => td_string!(locale, errors.email_taken_account).to_string(),
            Refusal::LastAdministrator => td_string!(locale, errors.last_administrator).to_string(),
            Refusal::NotAMember => td_string!(locale, errors.not_a_member).to_string(),
            Refusal::NotYourself => td_string!(locale, errors.not_yourself).to_string(),
            Refusal::WrongPassword => td_string!(locale, errors.wrong_password).to_string(),
            Refusal::WrongCode => td_string!(locale, errors.wrong_code).to_string(),
            Refusal::TwoStepNotSetUp => td_string!(locale, errors.two_step_not_set_up).to_string(),
            Refusal::TwoStepAlreadyOn => td_string!(locale, errors.two_step_already_on).to_string(),
            Refusal::TwoStepRequired => td_string!(locale, errors.two_step_required).to_string(),
            Refusal::DomainHasOrganization => {
                td_string!(locale, errors.domain_has_organization).to_string()
            }
            Refusal::PartnerTaken => td_string!(locale, errors.partner_taken).to_string(),
            Refusal::EmailNotVerified => td_string!(locale, errors.email_not_verified).to_string(),
            Refusal::PasswordAgain => td_string!(locale, errors.password_again).to_string(),
            Refusal::SignInAgain => td_string!(locale, errors.sign_in_again).to_string(),
        }
    }
}
