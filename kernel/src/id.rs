//! Typed ids and slugs: an organization's id cannot be passed where a user's
//! or a subscription's is expected. Each wraps the text the database holds
//! (`sqlx(transparent)` behind the `ssr` feature) and travels as that text
//! (`serde(transparent)`), so nothing on the wire or in the tables changes.
use serde::{Deserialize, Serialize};

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_string())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_id!(
    /// An organization: a partner, a customer or the operator.
    OrgId
);
text_id!(
    /// A user of any organization.
    UserId
);
text_id!(
    /// A partner's relationship with one customer.
    RelationshipId
);
text_id!(
    /// A customer's slug as its partners' addresses name it
    /// (`/partner/customers/{slug}`).
    CustomerSlug
);
text_id!(
    /// A service of the catalog (`svc-m365`).
    ServiceId
);
text_id!(
    /// A subscription of a customer.
    SubscriptionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_travels_as_its_text() {
        let id = OrgId::new("org-1");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"org-1\"");
        assert_eq!(serde_json::from_str::<OrgId>("\"org-1\"").unwrap(), id);
        assert_eq!(id.to_string(), "org-1");
        assert_eq!(id.as_str(), "org-1");
    }
}
