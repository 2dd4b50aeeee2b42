//! The partner's customer list (R5): every customer that accepted, and only those.
use serde::{Deserialize, Serialize};

use crate::auth::Role;
use crate::relationships::ServiceGrant;

mod api;
mod detail;
pub mod domain;
#[cfg(feature = "ssr")]
mod live;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

pub use crate::relationships::{DapState, may_list_customers};

pub use detail::CustomerPage;
pub use domain::{PAGE_SIZE, RoleCounts, RowState, Search, SortOrder, StateFilter, Total};

pub use api::{
    CustomerListPage, LoadCustomer, PartnerCustomers, customer_list_page, load_customer,
    partner_customers,
};
#[cfg(feature = "ssr")]
pub use live::{events as live_events, stop_live_streams};
pub use view::CustomersPage;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub slug: String,
    pub name: String,
    pub advisor: bool,
    pub since: String,
    pub dap: DapState,
    /// Days left before the nearest end of a role, within 30 days of it.
    pub expires_in_days: Option<u32>,
    /// How many roles are in force, removed, ended: what the list says.
    pub roles: RoleCounts,
    /// The last day of the first role to end (not removed, not extending
    /// itself), past or to come: what the sort by expiry follows.
    pub first_end: Option<String>,
    /// A role in force extends itself.
    pub extends: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerList {
    pub advisor: bool,
    pub rows: Vec<CustomerRow>,
    /// The `after` of the next page, when there is one.
    pub next: Option<String>,
    /// The `before` of the previous page, when there is one.
    pub previous: Option<String>,
    /// How many customers the list holds (with its search and state).
    pub total: Total,
    /// The state the list was filtered by, as the server read the address.
    pub filter: Option<StateFilter>,
    pub sort: SortOrder,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOverview {
    pub slug: String,
    pub name: String,
    pub advisor: bool,
    pub since: String,
    pub grants: Vec<ServiceGrant>,
    pub dap: DapState,
    /// The viewer's role decides which actions the page offers; the server
    /// checks each action again.
    pub role: Role,
}
