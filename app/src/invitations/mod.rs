//! The partner's invitation: the email with its two editable paragraphs
//! (kept for the partner once saved) and the fixed link (R1, R2), copied,
//! mailed or rotated.
use serde::{Deserialize, Serialize};

mod api;
pub mod domain;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use api::customer_domain;
pub use api::{
    CancelCustomerInvitation, CreateCustomerInvitation, CustomerInvitations, LoadInvitation,
    RotateInvitationLink, SaveInvitationEmail, SaveRequest, cancel_customer_invitation,
    create_customer_invitation, customer_invitations, load_invitation, rotate_invitation_link,
    save_invitation_email, save_request,
};
pub use domain::{
    InvitationCode, PARAGRAPH_MAX, Paragraph, Refusal, compose_email, invitation_path,
    may_view_link,
};
#[cfg(feature = "ssr")]
pub use store::{
    active_codes, ask_of, ask_version, cancel_invitation, customer_invitations as invitations_of,
    invite_customer,
};
pub use view::RequestRelationshipPage;

/// What the request-relationship page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPage {
    pub partner_name: String,
    /// Advisors (non-CSP partners) ask for delegated admin privileges only.
    pub advisor: bool,
    pub link_with_dap: String,
    pub link_without_dap: String,
    pub may_rotate: bool,
    /// What the links ask for (R13).
    pub ask: kernel::role::Ask,
    /// Only admin agents change it.
    pub may_change_ask: bool,
    /// The email's two paragraphs as the partner saved them (R2), or none
    /// when it never did (the page then starts from its default text).
    pub paragraphs: Option<EmailParagraphs>,
}

/// The two editable paragraphs of a partner's invitation email (either may
/// be empty: the partner deleted it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailParagraphs {
    pub first: String,
    pub second: String,
}

/// A one-customer invitation (R14), as the partner lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerInvitation {
    pub id: String,
    /// The domain of the organization that may accept it.
    pub domain: String,
    /// The link, while it can still be accepted; empty after.
    pub link: String,
    pub state: InvitationState,
    pub created_on: String,
    /// The last day it can be accepted.
    pub expires_on: String,
    /// The organization that accepted or declined it.
    pub customer: Option<String>,
}

/// Where a one-customer invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    Pending,
    Accepted,
    Declined,
    Expired,
    Cancelled,
}

impl InvitationState {
    /// The state of a row (`pending`, `accepted`, `declined`, `cancelled`)
    /// at `now_ms`: pending past `expires_ms` is expired.
    pub fn of(state: &str, expires_ms: i64, now_ms: i64) -> Self {
        match state {
            "accepted" => InvitationState::Accepted,
            "declined" => InvitationState::Declined,
            "cancelled" => InvitationState::Cancelled,
            _ if now_ms >= expires_ms => InvitationState::Expired,
            _ => InvitationState::Pending,
        }
    }
}
