//! `/partner/integrations`: a partner's admin agents connect their own
//! tools (R15, R16): API tokens for the REST API (`crate::api`), and the
//! webhook endpoints every event of their relationships is posted to, with
//! the deliveries each got.
use serde::{Deserialize, Serialize};

mod api;
pub mod domain;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

pub use api::{
    AddEndpoint, CreateToken, LoadIntegrations, Redeliver, RemoveEndpoint, RevokeToken,
    add_endpoint, create_token, load_integrations, redeliver, remove_endpoint, revoke_token,
};
#[cfg(feature = "ssr")]
pub use api::{checked_url, checked_url_with};
pub use domain::{Refusal, may_manage};
#[cfg(feature = "ssr")]
pub use store::{
    add_endpoint as add_endpoint_of, bearer, endpoints, looks_like_token,
    remove_endpoint as remove_endpoint_of,
};
pub use view::IntegrationsPage;

/// What the page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrations {
    pub tokens: Vec<ApiToken>,
    pub endpoints: Vec<Endpoint>,
    /// The newest deliveries, newest first.
    pub deliveries: Vec<Delivery>,
}

/// An API token, as listed: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub created_on: String,
    pub created_by: String,
    /// The last day it works, if it expires.
    pub expires_on: Option<String>,
    pub last_used_on: Option<String>,
    pub state: TokenState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenState {
    Active,
    Expired,
    Revoked,
}

/// A token just created, with the one time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    pub token: ApiToken,
    pub secret: String,
}

/// A webhook endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub created_on: String,
}

/// An endpoint just added, with the one time its signing secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEndpoint {
    pub endpoint: Endpoint,
    pub secret: String,
}

/// One event posted (or to be posted) to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: String,
    /// The event's `webhook-id`.
    pub message_id: String,
    pub event_type: String,
    pub endpoint_url: String,
    /// When it was queued (UTC, to the second).
    pub created_at: String,
    pub status: DeliveryStatus,
    /// The HTTP status of the last attempt, if the endpoint answered.
    pub response_code: Option<i64>,
    pub attempts: i64,
    /// Why the last attempt failed, if it did.
    pub error: Option<String>,
    /// Each attempt, oldest first.
    pub history: Vec<Attempt>,
}

/// One attempt of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// When (UTC, to the second).
    pub at: String,
    /// The HTTP status the endpoint answered, if it answered.
    pub status: Option<i64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryStatus {
    /// Not tried yet.
    Pending,
    /// Answered with a 2xx.
    Delivered,
    /// Failed, tried again later.
    Retrying,
    /// Failed every attempt; only a redelivery posts it again.
    Failed,
}
