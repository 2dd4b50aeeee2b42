//! Acting on the customer's behalf, the thing delegated admin privileges
//! exist for: a partner admin agent lists the customer's users, adds one and
//! resets a password (asked first; shown once; temporary: it signs in once,
//! and that sign-in chooses a new password; the user and the customer's
//! administrators are emailed who did it). Without the privileges, every
//! such action is refused on the server with the reason and what to do.
//!
//! The users administered here are Liaison's own users of the customer
//! organization (the `users` table, who sign in to Liaison): the directory
//! the partner administers on the customer's behalf is Liaison's, so the
//! "must choose a new password" rule is enforced where they sign in.
use serde::{Deserialize, Serialize};

mod api;
pub mod domain;
#[cfg(feature = "ssr")]
mod letters;
mod view;

#[cfg(feature = "ssr")]
pub mod shown;

#[cfg(feature = "ssr")]
pub mod store;

pub use domain::{DIRECTORY_SERVICE, Refusal, may_administer};

pub use api::{
    CreateCustomerUser, CustomerUserDomains, CustomerUsers, ResetCustomerPassword,
    create_customer_user, customer_user_domains, customer_users, reset_customer_password,
};
#[cfg(feature = "ssr")]
pub use shown::PasswordsToShow;
pub use view::UsersSection;

/// The customer's users as the partner sees them, and whether it may add one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDirectory {
    pub users: Vec<CustomerUser>,
    /// The role adding a user needs, when the partner holds none that allows it.
    pub add_needs: Option<kernel::role::ServiceRole>,
}

/// A user of the customer's organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUser {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub admin: bool,
}

/// A password set by the partner, shown to it once and stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPassword {
    pub email: String,
    pub password: String,
}
