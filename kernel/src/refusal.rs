//! Why a rule said no, one enum per feature. Each feature re-exports its own
//! (`app::consent::Refusal`); how each reads in English and French is the
//! interface's business, not the kernel's.
//!
//! Each refusal also has a code, the stable identifier the REST API sends
//! as a problem's `code`: the variant's name in snake_case
//! (`ServiceHeldBy` → `service_held_by`), prefixed with its feature where
//! two features have a variant of the same name (`consent_link_not_valid`,
//! `accounts_link_not_valid`). A code, once published, never changes; what a
//! variant carries (a partner's name) is never part of it.

/// Writes `Refusal::code` and the list of every code (`CODES`) from one
/// table, so that the two cannot drift apart and a new variant without a
/// code does not compile.
macro_rules! codes {
    ($($variant:ident $(($($tuple:tt)*))? $({$($named:tt)*})? => $code:literal,)*) => {
        impl Refusal {
            /// The refusal's stable code, for programs (the REST API's `code`).
            pub fn code(&self) -> &'static str {
                match self {
                    $(Refusal::$variant $(($($tuple)*))? $({$($named)*})? => $code,)*
                }
            }
        }

        /// The code of every refusal of this feature.
        pub const CODES: &[&str] = &[$($code),*];
    };
}

/// The codes of every feature's refusals: what a problem's `code` may say
/// when a rule refused.
pub const CODES: [&[&str]; 9] = [
    auth::CODES,
    consent::CODES,
    invitations::CODES,
    relationships::CODES,
    delegated::CODES,
    support::CODES,
    subscriptions::CODES,
    accounts::CODES,
    integrations::CODES,
];

pub mod auth {
    use serde::{Deserialize, Serialize};

    /// Why a sign-in was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// Unknown email or wrong password: the two are not told apart.
        WrongCredentials,
        /// Too many failed sign-ins for this account or from this address; try
        /// again in this many minutes.
        TooManyAttempts { minutes: u32 },
        /// So many passwords are being checked right now that this one was not:
        /// try again in a moment (nothing was counted).
        Busy,
        /// The password is right, but the address waits for the emailed
        /// link that verifies it.
        AddressNotVerified,
        /// A temporary password (set by a partner on the customer's behalf)
        /// that signed in once already: it works no more.
        TemporaryPasswordUsed,
        /// The password was set by someone else: a new one is chosen before
        /// anything else.
        PasswordChangeRequired,
        /// The new password is the temporary one it replaces.
        SameAsTemporary,
    }

    codes! {
        WrongCredentials => "wrong_credentials",
        TooManyAttempts { .. } => "too_many_attempts",
        Busy => "busy",
        AddressNotVerified => "address_not_verified",
        TemporaryPasswordUsed => "temporary_password_used",
        PasswordChangeRequired => "password_change_required",
        SameAsTemporary => "same_as_temporary",
    }
}

pub mod consent {
    use serde::{Deserialize, Serialize};

    /// Why a signed-in user cannot accept an invitation.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// A customer user who is not an administrator of their organization.
        NotCustomerAdmin,
        /// Partner users accept nothing on a customer's behalf.
        PartnerUser,
        /// Operators run the platform; they do not accept for customers.
        OperatorUser,
        /// The partner and the customer are in different clouds.
        OtherCloud,
        /// The link was rotated (or never existed) by the time of the click.
        LinkNotValid,
        /// The administrator signed up and has not yet verified their
        /// address with the emailed link.
        EmailNotVerified,
        /// A role the link does not ask for cannot be granted with it.
        RoleNotAsked,
        /// The partner changed what its link asks for since the page was
        /// loaded: the customer reads the new ask before accepting it.
        AskChanged,
        /// A one-customer invitation is for another organization's domain.
        InvitationForAnotherDomain,
        /// A one-customer invitation that was accepted, declined, cancelled
        /// or has expired.
        InvitationUsed,
    }

    codes! {
        NotCustomerAdmin => "not_customer_admin",
        PartnerUser => "partner_user",
        OperatorUser => "operator_user",
        OtherCloud => "other_cloud",
        LinkNotValid => "consent_link_not_valid",
        EmailNotVerified => "consent_email_not_verified",
        RoleNotAsked => "role_not_asked",
        AskChanged => "ask_changed",
        InvitationForAnotherDomain => "invitation_for_another_domain",
        InvitationUsed => "invitation_used",
    }
}

pub mod invitations {
    use serde::{Deserialize, Serialize};

    /// Why an invitation action was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// Only admin agents may rotate the link.
        OnlyAdminAgentsRotate,
        /// Only admin agents change what the links ask for, or invite one customer.
        OnlyAdminAgentsAsk,
        /// A link with delegated admin privileges asks for at least one role.
        NoRoleChosen,
        /// Automatic extension is never allowed while Global Administrator
        /// is asked for (R13).
        ExtendWithGlobalAdministrator,
        /// The invitation was accepted, declined, cancelled or has expired.
        InvitationNotPending,
    }

    codes! {
        OnlyAdminAgentsRotate => "only_admin_agents_rotate",
        OnlyAdminAgentsAsk => "only_admin_agents_ask",
        NoRoleChosen => "no_role_chosen",
        ExtendWithGlobalAdministrator => "extend_with_global_administrator",
        InvitationNotPending => "invitation_not_pending",
    }
}

pub mod relationships {
    use serde::{Deserialize, Serialize};

    /// Why a change of partner relationships was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// A customer user who is not an administrator.
        OnlyCustomerAdmins,
    }

    codes! {
        OnlyCustomerAdmins => "only_customer_admins",
    }
}

pub mod delegated {
    use serde::{Deserialize, Serialize};

    /// Why an action on the customer's behalf was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// Sales and helpdesk agents do not administer customers.
        OnlyAdminAgents,
        /// The customer removed the partner's privileges (R8).
        DapRemoved,
        /// The relationship was formed without delegated admin privileges.
        DapNotGranted,
        /// The partner's roles reached their end date (R13).
        DapEnded,
        /// The action needs this role (R13), which the partner does not hold.
        RoleMissing(crate::role::ServiceRole),
        /// A partner never takes over a customer administrator's account.
        AdministratorAccount,
        /// Another account of the customer already uses this email.
        EmailTaken,
        /// A user the partner adds gets an address at one of the customer's own
        /// domains (the domains of its administrators' addresses), as a tenant's
        /// users do: the answer then never depends on other organizations'
        /// accounts.
        EmailOutsideCustomerDomains,
    }

    codes! {
        OnlyAdminAgents => "delegated_only_admin_agents",
        DapRemoved => "dap_removed",
        DapNotGranted => "dap_not_granted",
        DapEnded => "dap_ended",
        RoleMissing(_) => "role_missing",
        AdministratorAccount => "administrator_account",
        EmailTaken => "delegated_email_taken",
        EmailOutsideCustomerDomains => "email_outside_customer_domains",
    }
}

pub mod support {
    use serde::{Deserialize, Serialize};

    /// Why a support action was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// Sales agents sell; admin and helpdesk agents handle support.
        OnlyAdminOrHelpdeskAgents,
        /// A closed request takes no more replies.
        Closed,
        /// Only operators close requests.
        OnlyOperatorsClose,
    }

    codes! {
        OnlyAdminOrHelpdeskAgents => "only_admin_or_helpdesk_agents",
        Closed => "closed",
        OnlyOperatorsClose => "only_operators_close",
    }
}

pub mod subscriptions {
    use serde::{Deserialize, Serialize};

    /// Why a subscription action was refused.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// Advisors (non-CSP partners) never transact (R7).
        AdvisorsDoNotTransact,
        /// Helpdesk agents do not sell.
        OnlyAdminOrSalesAgents,
        /// The partner holds no active delegated admin privileges for the service.
        NoPrivilegesForService,
        /// R7: another CSP reseller already transacts this service for the
        /// customer; it is named.
        ServiceHeldBy(String),
        /// R11: only the partner of record, named, changes the subscription.
        NotPartnerOfRecord(String),
        /// Someone changed the subscription since the form was loaded.
        ChangedElsewhere,
        /// A suspended subscription is reactivated before it is changed.
        Suspended,
        /// Migrating to the offer the subscription already has.
        SameOffer,
        /// A transfer goes to another CSP reseller the customer has a
        /// relationship with, for a service someone transacts.
        TransferTargetInvalid,
        /// The transfer was accepted, declined or cancelled already.
        TransferNotPending,
        /// A transfer of this service is already waiting for an answer.
        TransferAlreadyPending,
    }

    codes! {
        AdvisorsDoNotTransact => "advisors_do_not_transact",
        OnlyAdminOrSalesAgents => "only_admin_or_sales_agents",
        NoPrivilegesForService => "no_privileges_for_service",
        ServiceHeldBy(_) => "service_held_by",
        NotPartnerOfRecord(_) => "not_partner_of_record",
        ChangedElsewhere => "changed_elsewhere",
        Suspended => "suspended",
        SameOffer => "same_offer",
        TransferTargetInvalid => "transfer_target_invalid",
        TransferNotPending => "transfer_not_pending",
        TransferAlreadyPending => "transfer_already_pending",
    }
}

pub mod accounts {
    use serde::{Deserialize, Serialize};

    /// Why an action on accounts (invitations of people, passwords,
    /// two-step verification, onboarding) was refused.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// An emailed link that was used already, has expired, or never
        /// existed: the three are not told apart.
        LinkNotValid,
        /// Only the organization's administrators (admin agents, customer
        /// administrators) manage its people.
        OnlyAdministrators,
        /// Only operators onboard partners and read the outbox.
        OnlyOperators,
        /// A person is invited at the organization's own domain, named.
        EmailOutsideDomain(String),
        /// Someone already has an account with this email.
        EmailTaken,
        /// The organization keeps at least one active administrator.
        LastAdministrator,
        /// The user is not a member of the actor's organization (or is gone).
        NotAMember,
        /// People do not deactivate themselves (another administrator does).
        NotYourself,
        /// The current password given to change it is wrong.
        WrongPassword,
        /// The verification code is wrong, expired or used already.
        WrongCode,
        /// Two-step verification is to be set up first (the secret is shown).
        TwoStepNotSetUp,
        /// Two-step verification is on already.
        TwoStepAlreadyOn,
        /// The organization requires two-step verification: it is set up
        /// before anything else, and not turned off.
        TwoStepRequired,
        /// An organization already has this email's domain: its
        /// administrator invites the person.
        DomainHasOrganization,
        /// Another partner already uses this domain or partner id.
        PartnerTaken,
        /// The address is not verified yet (the emailed link does it).
        EmailNotVerified,
        /// Changing how someone signs in asks for their password again.
        PasswordAgain,
        /// Changing how another member signs in needs a sign-in of the
        /// last minutes.
        SignInAgain,
    }

    codes! {
        LinkNotValid => "accounts_link_not_valid",
        OnlyAdministrators => "only_administrators",
        OnlyOperators => "only_operators",
        EmailOutsideDomain(_) => "email_outside_domain",
        EmailTaken => "accounts_email_taken",
        LastAdministrator => "last_administrator",
        NotAMember => "not_a_member",
        NotYourself => "not_yourself",
        WrongPassword => "wrong_password",
        WrongCode => "wrong_code",
        TwoStepNotSetUp => "two_step_not_set_up",
        TwoStepAlreadyOn => "two_step_already_on",
        TwoStepRequired => "two_step_required",
        DomainHasOrganization => "domain_has_organization",
        PartnerTaken => "partner_taken",
        EmailNotVerified => "accounts_email_not_verified",
        PasswordAgain => "password_again",
        SignInAgain => "sign_in_again",
    }
}

pub mod integrations {
    use serde::{Deserialize, Serialize};

    /// Why a change of a partner's integrations (API tokens, webhook
    /// endpoints) was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// Only admin agents manage tokens and endpoints.
        OnlyAdminAgents,
        /// An endpoint's address is an `http` or `https` URL with a host.
        EndpointUrl,
        /// The endpoint's host name does not resolve.
        EndpointUnresolved,
        /// The endpoint is on a loopback, private or link-local address,
        /// which would let a webhook reach Liaison's own network.
        EndpointPrivate,
        /// The token or endpoint was revoked or removed already.
        AlreadyRevoked,
        /// A partner has at most ten webhook endpoints: one is removed
        /// before another is added.
        TooManyEndpoints,
        /// The event is already waiting to be posted to this endpoint (a
        /// redelivery, or its retries): it is not queued twice.
        RedeliveryWaiting,
        /// A partner redelivers at most ten events a minute.
        TooManyRedeliveries,
    }

    codes! {
        OnlyAdminAgents => "integrations_only_admin_agents",
        EndpointUrl => "endpoint_url",
        EndpointUnresolved => "endpoint_unresolved",
        EndpointPrivate => "endpoint_private",
        AlreadyRevoked => "already_revoked",
        TooManyEndpoints => "too_many_endpoints",
        RedeliveryWaiting => "redelivery_waiting",
        TooManyRedeliveries => "too_many_redeliveries",
    }

    impl Refusal {
        /// In English, for logs and the record of an attempt.
        pub fn as_english(self) -> &'static str {
            match self {
                Refusal::OnlyAdminAgents => "only admin agents manage integrations",
                Refusal::EndpointUrl => "the endpoint is not an http(s) URL",
                Refusal::EndpointUnresolved => "the endpoint's host does not resolve",
                Refusal::EndpointPrivate => "the endpoint is on a private address",
                Refusal::AlreadyRevoked => "revoked already",
                Refusal::TooManyEndpoints => "the partner has as many endpoints as allowed",
                Refusal::RedeliveryWaiting => "the event is already waiting to be posted",
                Refusal::TooManyRedeliveries => "too many redeliveries this minute",
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_is_unique_across_features_and_in_snake_case() {
        let all: Vec<&str> = super::CODES
            .iter()
            .flat_map(|codes| codes.iter().copied())
            .collect();
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), all.len(), "a code is used twice: {all:?}");
        for code in all {
            assert!(
                !code.is_empty()
                    && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    && !code.starts_with('_')
                    && !code.ends_with('_'),
                "{code}"
            );
        }
    }

    #[test]
    fn a_code_names_the_variant_and_nothing_it_carries() {
        use super::{accounts, delegated, integrations, subscriptions};
        assert_eq!(
            subscriptions::Refusal::ServiceHeldBy("Contoso".into()).code(),
            "service_held_by"
        );
        assert_eq!(
            accounts::Refusal::EmailOutsideDomain("secret.example".into()).code(),
            "email_outside_domain"
        );
        assert_eq!(
            delegated::Refusal::RoleMissing(crate::role::ServiceRole::Owner).code(),
            "role_missing"
        );
        assert_eq!(
            integrations::Refusal::EndpointPrivate.code(),
            "endpoint_private"
        );
        assert_eq!(
            integrations::Refusal::OnlyAdminAgents.code(),
            "integrations_only_admin_agents"
        );
        assert!(subscriptions::CODES.contains(&"service_held_by"));
    }
}
