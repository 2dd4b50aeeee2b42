//! A relationship's kind, and the state of its delegated admin privileges
//! per service.
use serde::{Deserialize, Serialize};

use crate::identity::OrgKind;

/// What a relationship lets the partner be for the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RelationshipKind {
    /// A CSP reseller: it may transact (R11).
    Reseller,
    /// An advisor: it advises, never transacts.
    Advisor,
}

crate::sql_text!(RelationshipKind {
    Reseller => "reseller",
    Advisor => "advisor",
});

impl RelationshipKind {
    /// The kind a partner of `kind` forms when a customer accepts its link.
    pub fn of_partner(kind: OrgKind) -> Self {
        match kind {
            OrgKind::PartnerAdvisor => RelationshipKind::Advisor,
            _ => RelationshipKind::Reseller,
        }
    }

    /// As the database and the audit log's details write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationshipKind::Reseller => "reseller",
            RelationshipKind::Advisor => "advisor",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [RelationshipKind::Reseller, RelationshipKind::Advisor]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

/// The state of one service's delegated admin privileges in a relationship.
/// The database holds `active` or `removed`; a service without a row was
/// never granted (read an `Option<GrantState>` and see [`GrantState::or_not_granted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantState {
    Active,
    /// The customer removed them (R8); accepting the link again restores them (R10).
    Removed,
    /// Their end date passed (R13); accepting the link again grants them anew.
    Ended,
    /// The relationship was formed without them.
    NotGranted,
}

crate::sql_text!(GrantState {
    Active => "active",
    Removed => "removed",
    Ended => "ended",
    NotGranted => "notgranted",
});

impl GrantState {
    /// The state of a grant row, `NotGranted` when there is none.
    pub fn or_not_granted(row: Option<GrantState>) -> Self {
        row.unwrap_or(GrantState::NotGranted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relationship_kind_reads_back_from_how_it_is_written() {
        for kind in [RelationshipKind::Reseller, RelationshipKind::Advisor] {
            assert_eq!(RelationshipKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(RelationshipKind::parse("Advisor"), None);
        assert_eq!(
            RelationshipKind::of_partner(OrgKind::PartnerAdvisor),
            RelationshipKind::Advisor
        );
        assert_eq!(
            RelationshipKind::of_partner(OrgKind::PartnerCsp),
            RelationshipKind::Reseller
        );
    }
}
