//! The page an invitation link opens: who asks, what the customer grants,
//! and the acceptance itself (R3, R4, R10).
use crate::relationships::DapState;
use serde::{Deserialize, Serialize};

mod api;
pub mod domain;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

pub use api::{
    AcceptInvitation, DeclineInvitation, LoadConsent, accept_invitation, decline_invitation,
    load_consent,
};
pub use domain::{Refusal, may_accept};
pub use view::{ConsentRoute, NotValidLink};

/// What a customer checks before trusting a partner: an impostor can copy a
/// name, not a verified domain and a partner id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCard {
    pub name: String,
    pub legal_name: String,
    pub verified_domain: String,
    pub partner_number: String,
    pub advisor: bool,
    pub cloud_name: String,
    /// The day (`YYYY-MM-DD`) an operator verified the partner's domain.
    pub domain_verified_on: Option<String>,
    /// The partner requires two-step verification of its agents.
    pub requires_two_step: bool,
}

/// Who is looking at the consent page, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Viewer {
    SignedOut,
    /// `existing` is `None` while the two have no relationship.
    Admin {
        organization: String,
        existing: Option<DapState>,
        /// The partner's roles in force at the organization now, in
        /// catalog order: what it holds, and until when.
        held: Vec<crate::relationships::RoleGrant>,
    },
    Refused(Refusal),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentPage {
    pub partner: PartnerCard,
    /// A one-customer invitation (R14): the domain of the one organization
    /// that may accept it.
    pub for_domain: Option<String>,
    pub include_dap: bool,
    /// The roles the link asks for, per service of the catalog (a service
    /// it asks nothing of is not listed); empty without delegated admin privileges.
    pub asked: Vec<AskedService>,
    /// The last day the roles would be in force if accepted now (`YYYY-MM-DD`).
    pub until: String,
    /// The roles would extend themselves by 180 days at each end.
    pub auto_extend: bool,
    /// Which version of the partner's ask this page shows: the acceptance
    /// sends it back, and is refused if the ask changed meanwhile.
    pub ask_version: String,
    pub viewer: Viewer,
}

/// One service and the roles a link asks for in it, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskedService {
    pub service: String,
    pub roles: Vec<kernel::role::ServiceRole>,
}

/// What accepting changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AcceptOutcome {
    /// A new relationship (and the privileges the link asked for).
    Created,
    /// The relationship existed; the link's privileges are now granted too.
    Granted,
    /// The relationship existed; privileges that had been removed are back (R10).
    Restored,
    /// Everything the link asks for was already in place (R4: harmless).
    Unchanged,
}

impl AcceptOutcome {
    const ALL: [AcceptOutcome; 4] = [
        AcceptOutcome::Created,
        AcceptOutcome::Granted,
        AcceptOutcome::Restored,
        AcceptOutcome::Unchanged,
    ];

    /// How the consent page's address says it (`accepted=`), after an
    /// answer the browser posted itself.
    pub fn as_str(self) -> &'static str {
        match self {
            AcceptOutcome::Created => "created",
            AcceptOutcome::Granted => "granted",
            AcceptOutcome::Restored => "restored",
            AcceptOutcome::Unchanged => "unchanged",
        }
    }

    pub fn parse(value: &str) -> Option<AcceptOutcome> {
        AcceptOutcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == value)
    }
}

#[cfg(test)]
mod tests {
    use super::AcceptOutcome;

    #[test]
    fn an_outcome_reads_back_from_the_address_it_is_written_in() {
        for outcome in AcceptOutcome::ALL {
            assert_eq!(AcceptOutcome::parse(outcome.as_str()), Some(outcome));
        }
        assert_eq!(AcceptOutcome::parse("Created"), None);
        assert_eq!(AcceptOutcome::parse(""), None);
    }
}
