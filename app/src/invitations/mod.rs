//! The partner's invitation: the email with its two editable paragraphs and
//! the fixed link (R1, R2), copied, mailed or rotated.
use serde::{Deserialize, Serialize};

mod api;
pub mod domain;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

pub use api::{LoadInvitation, RotateInvitationLink, load_invitation, rotate_invitation_link};
pub use domain::{
    InvitationCode, PARAGRAPH_MAX, Paragraph, Refusal, compose_email, invitation_path,
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
}
