//! Liaison: partners ask customers for a relationship; customers grant, review
//! and withdraw delegated admin privileges.
//!
//! One module per feature; each holds its pages, its server functions, its
//! domain rules and (behind the `ssr` feature) its SQL.
#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

mod app;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod consent;
pub mod customers;
pub mod delegated;
pub mod error;
pub mod input;
pub mod invitations;
pub mod relationships;
pub mod subscriptions;
pub mod support;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod scale;

pub use app::{App, shell};
