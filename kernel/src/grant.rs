//! Delegated admin privileges: the state of one service's grant.
use serde::{Deserialize, Serialize};

/// The state of one service's delegated admin privileges in a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantState {
    Active,
    /// The customer removed them (R8); accepting the link again restores them (R10).
    Removed,
    /// The relationship was formed without them.
    NotGranted,
}

impl GrantState {
    /// From the `dap_grants.state` column, `None` when there is no row.
    pub fn from_column(state: Option<&str>) -> Self {
        match state {
            Some("active") => GrantState::Active,
            Some(_) => GrantState::Removed,
            None => GrantState::NotGranted,
        }
    }
}
