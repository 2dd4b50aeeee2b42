//! Subscriptions on the partner's customer page (R5, R7, R11): a CSP
//! reseller provisions a service of the catalog for its customer and, as
//! partner of record, changes seats, orders add-ons, migrates, suspends and
//! reactivates. Every rule is checked again on the server, under the write lock.
use kernel::error::AppError;
use serde::{Deserialize, Serialize};

mod api;
mod catalog;
mod view;

pub mod domain;

#[cfg(feature = "ssr")]
pub mod store;

mod transfers;

pub use catalog::CatalogPage;

pub use domain::{MAX_SEATS, OfferKind, Refusal, may_edit_catalog, may_transact};
#[cfg(feature = "ssr")]
pub use store::visible_to;

pub use transfers::{
    AnswerTransfer, CancelTransfer, CustomerTransfers, IncomingTransfer, RequestTransfer,
    TransfersView,
};

pub use api::{
    ChangeSeats, CreateSubscription, CustomerSubscriptions, MigrateSubscription, OperatorCatalog,
    OrderAddon, OwnSubscriptions, SetOfferPrice, SetSubscriptionState, change_seats,
    create_subscription, customer_subscriptions, migrate_subscription, operator_catalog,
    order_addon, own_subscriptions, set_offer_price, set_subscription_state,
};
pub use view::{OwnSubscriptionsPage, SubscriptionsSection};

/// An offer or add-on of the catalog, with its monthly unit price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: String,
    pub name: String,
    pub addon: bool,
    pub unit_price_cents: i64,
}

/// A service of the catalog and its offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogService {
    pub id: String,
    pub name: String,
    pub offers: Vec<Offer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscriptionState {
    Active,
    Suspended,
}

kernel::sql_text!(SubscriptionState {
    Active => "active",
    Suspended => "suspended",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addon {
    pub name: String,
    pub quantity: i64,
}

/// A subscription as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub service_id: String,
    pub service: String,
    pub offer_id: String,
    pub offer: String,
    /// The partner of record's name.
    pub partner: String,
    /// The reader's organization is the partner of record.
    pub of_record: bool,
    pub seats: i64,
    pub state: SubscriptionState,
    pub addons: Vec<Addon>,
    pub version: i64,
    pub since: String,
}

/// The "Subscriptions" section's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionsView {
    pub catalog: Vec<CatalogService>,
    pub subscriptions: Vec<Subscription>,
    /// Why the reader cannot transact at all (advisor, helpdesk agent), if so.
    pub blocked: Option<AppError>,
    /// Services the customer asks the reader to take over as partner of record.
    pub incoming: Vec<IncomingTransfer>,
    /// The services (ids) of the catalog the reader's organization holds a
    /// delegated admin role in force for at the customer: the only ones
    /// "Add subscription" offers (the server refuses the others, R5).
    pub provisionable: Vec<String>,
}
