//! Liaison: partners ask customers for a relationship; customers grant, review
//! and withdraw delegated admin privileges.
//!
//! One module per feature, each of the same shape: the types that cross the
//! wire in `mod.rs`, server functions in `api.rs`, components in `view.rs`
//! (or a file per page), rules in `domain.rs`, and (behind the `ssr`
//! feature) every query, transaction and audit write in `store.rs`.
//!
//! The layers, bottom to top; an import may only point down, and features
//! of one layer do not import each other:
//! the `kernel` crate (errors and refusals, identity, input, grant states,
//! money, audit actions) → `db` (the pool, either engine) → `request` →
//! `audit_log` (the audit log's writer, and `Actor`: who changes what, from where, when), `outbox` (the email a change
//! queues) → `notify` (the events a change publishes: email and webhooks)
//! → `ui` → `auth` → `accounts`, `relationships`, `integrations` → `invitations`,
//! `delegated`, `support`, `subscriptions` → `consent`, `billing` → `audit`
//! → `customers`
//! → `shell` (document, routes, header, home page, language switch), `api`
//! (the partner REST API), `demo`, `scale` → this file. `python3 scripts/imports.py --check` (run by the test
//! command) fails when an import breaks the order.
#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod accounts;
#[cfg(feature = "ssr")]
pub mod api;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod consent;
pub mod customers;
pub mod delegated;
pub mod integrations;
pub mod invitations;
pub mod relationships;
pub mod shell;
pub mod subscriptions;
pub mod support;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod audit_log;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod scale;

pub use shell::{App, shell};
// The kernel's errors and input types, at the paths the server and the
// tests have always used.
pub use kernel::{error, id, input, role};
