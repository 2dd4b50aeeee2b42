//! Why a rule said no, one enum per feature. Each feature re-exports its own
//! (`app::consent::Refusal`); how each reads in English and French is the
//! interface's business, not the kernel's.

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
}

pub mod relationships {
    use serde::{Deserialize, Serialize};

    /// Why a change of partner relationships was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Refusal {
        /// A customer user who is not an administrator.
        OnlyCustomerAdmins,
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
