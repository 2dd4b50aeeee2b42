//! Integration tests: the real router on a random port over a fresh SQLite
//! file, driven over HTTP as a browser would. One test binary for all of them
//! (each binary links the whole app; one link instead of five saves minutes
//! and gigabytes).
mod common;

mod accounts;
mod api;
mod assets;
mod auth;
mod backup;
mod concurrency;
mod consent;
mod crash;
mod create_operator;
mod customers;
mod french;
mod fuzz;
mod gate;
mod layers;
mod mail;
mod matrix;
mod processes;
mod relationships;
mod request_page;
mod reset_on_behalf;
mod roles;
mod schema;
mod security;
mod statements;
mod subscriptions;
mod support;
mod timeouts;
mod webhooks;
