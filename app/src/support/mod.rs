//! Support requests on the customer's behalf (R9): a partner admin or
//! helpdesk agent opens one, with or without delegated admin privileges;
//! operators answer and close it; the customer's administrators read it; each
//! side sees the whole thread.
use serde::{Deserialize, Serialize};

mod api;
pub mod domain;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

pub use api::{
    CloseSupportRequest, OpenSupportRequest, PartnerSupportRequests, ReplySupportRequest,
    SupportRequest, SupportRequests, close_support_request, open_support_request,
    partner_support_requests, reply_support_request, support_request, support_requests,
};
pub use domain::{Refusal, Severity, may_list, may_open_role};
pub use view::{CustomerSupportSection, SupportRequestPage, SupportRequestsPage, severity_label};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSummary {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub open: bool,
    pub customer: String,
    pub partner: String,
    pub opened_by: String,
    pub created_at: String,
    pub replies: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SupportReply {
    pub author: String,
    pub organization: String,
    pub body: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportThread {
    pub summary: SupportSummary,
    pub description: String,
    pub replies: Vec<SupportReply>,
    pub may_reply: bool,
    pub may_close: bool,
}
