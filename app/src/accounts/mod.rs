//! People and their accounts, from an empty database (R17): operators
//! onboard partners; partners run their team and customers their users;
//! customers sign up from an invitation link; everyone changes their
//! password, signs out everywhere and turns on two-step verification; an
//! organization may require it. Invitations and links go out by email,
//! through the outbox, in the transaction of the change.

mod account;
mod api;
pub mod domain;
mod members;
mod operators;
mod signup;
#[cfg(feature = "ssr")]
pub mod store;

use kernel::identity::{OrgKind, Role};
use serde::{Deserialize, Serialize};

pub use kernel::refusal::accounts::Refusal;

pub use account::AccountPage;
pub use api::*;
pub use domain::{may_manage_members, may_operate, parse_domain};
pub use members::{TeamPage, UsersPage, role_label};
pub use operators::{OutboxPage, PartnersPage};
pub use signup::{SignUpNotice, SignUpSection, SignUpState};
#[cfg(feature = "ssr")]
pub use store::{domain_of, email_unverified};

/// A member of an organization, as its administrators see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub state: MemberState,
    pub two_step: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberState {
    /// Invited: has not chosen a password yet.
    Invited,
    Active,
    Deactivated,
}

/// The members page: who may be invited where, and the members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Members {
    /// The domain addresses of new members are at.
    pub domain: Option<String>,
    pub members: Vec<Member>,
    pub me: String,
}

/// A partner as the operators' list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRow {
    pub name: String,
    pub legal_name: String,
    pub domain: String,
    pub partner_number: String,
    pub kind: OrgKind,
    pub cloud: String,
    pub created_at: String,
}

/// The operators' partner page: the partners and the clouds to pick from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partners {
    pub partners: Vec<PartnerRow>,
    /// `(id, name)` of each cloud.
    pub clouds: Vec<(String, String)>,
}

/// A message of the outbox as operators read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub recipient: String,
    pub subject: String,
    /// The text, while it waits (what was sent is not kept).
    pub text: String,
    pub created_at: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxState {
    Queued,
    Sent,
    Failed,
}

/// The outbox page: whether SMTP is configured, and the newest messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub smtp: bool,
    pub entries: Vec<OutboxEntry>,
}

/// The signed-in user's account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    pub display_name: String,
    pub organization: String,
    pub two_step: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: i64,
    /// The organization requires two-step verification of its members.
    pub required: bool,
    /// The user administers the organization (may require it).
    pub administrator: bool,
    /// Setting up two-step verification asks for the password again (not
    /// given in this session in the last minutes).
    pub password_again: bool,
}

/// A secret to set up two-step verification with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepSetup {
    pub secret: String,
    /// The QR code of the `otpauth://` address, an SVG image.
    pub qr_svg: String,
}

/// The configured SMTP, as the server provides it: whether email leaves
/// the outbox by itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct MailSettings {
    pub smtp: bool,
}
