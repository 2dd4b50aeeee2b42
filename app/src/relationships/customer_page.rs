//! The addresses of a partner's page for one customer: the forms an
//! `open=` shows, and what a `done=` says was done. The sections of that
//! page (users, subscriptions, support requests) live in their features and
//! send the browser back here; the page itself is `customers::CustomerPage`.

/// The forms of the page an `open=` in its address shows.
pub const ADD_USER: &str = "user";
pub const ADD_SUBSCRIPTION: &str = "subscription";
pub const OPEN_SUPPORT_REQUEST: &str = "support-request";

/// What an action on the customer page did, carried in the address
/// (`done=`) of the page the browser is sent back to, so the page can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    UserCreated,
    PasswordReset,
    SubscriptionCreated,
    SeatsChanged,
    AddonOrdered,
    Migrated,
    StateChanged,
    TransferAnswered,
    SupportRequestOpened,
}

impl Done {
    const ALL: [Done; 9] = [
        Done::UserCreated,
        Done::PasswordReset,
        Done::SubscriptionCreated,
        Done::SeatsChanged,
        Done::AddonOrdered,
        Done::Migrated,
        Done::StateChanged,
        Done::TransferAnswered,
        Done::SupportRequestOpened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Done::UserCreated => "user-created",
            Done::PasswordReset => "password-reset",
            Done::SubscriptionCreated => "subscription-created",
            Done::SeatsChanged => "seats-changed",
            Done::AddonOrdered => "addon-ordered",
            Done::Migrated => "migrated",
            Done::StateChanged => "state-changed",
            Done::TransferAnswered => "transfer-answered",
            Done::SupportRequestOpened => "support-request-opened",
        }
    }

    pub fn parse(value: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|done| done.as_str() == value)
    }

    /// The id of the section that says it.
    fn anchor(self) -> &'static str {
        match self {
            Done::UserCreated | Done::PasswordReset => "users-heading",
            Done::SupportRequestOpened => "support-heading",
            _ => "subscriptions-heading",
        }
    }

    /// Where a form posted by the browser itself goes once this was done:
    /// the page of `customer` (a slug read from the database), at the section.
    pub fn address(self, customer: &str) -> String {
        // Percent-encoded, so that no slug can make the `Location` header invalid.
        let customer = crate::ui::encode_query_value(customer).replace('/', "%2F");
        format!(
            "/partner/customers/{customer}?done={}#{}",
            self.as_str(),
            self.anchor()
        )
    }

    /// Sends a form the browser posted itself to [`Done::address`].
    #[cfg(feature = "ssr")]
    pub fn answer_form_post(self, customer: &kernel::id::CustomerSlug) {
        crate::request::after_form_post(&self.address(customer.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_done_reads_back_from_the_address_it_is_written_in() {
        for done in Done::ALL {
            assert_eq!(Done::parse(done.as_str()), Some(done));
            let address = done.address("fabrikam");
            assert!(
                address.starts_with("/partner/customers/fabrikam?done="),
                "{address}"
            );
            assert!(
                address.ends_with(&format!("#{}", done.anchor())),
                "{address}"
            );
        }
        assert_eq!(
            Done::UserCreated.address("a/b é\r\n"),
            "/partner/customers/a%2Fb%20%C3%A9%0D%0A?done=user-created#users-heading"
        );
        assert_eq!(Done::parse(""), None);
        assert_eq!(Done::parse("user-created "), None);
        assert_eq!(Done::parse("<script>"), None);
    }
}
