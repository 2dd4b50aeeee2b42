//! Liaison's kernel: the types every layer above shares, and nothing else.
//! It knows no feature and no view: who acts ([`identity`]) and the typed
//! ids of what they act on ([`id`]), a relationship's kind and its grants'
//! states ([`grant`]), the delegated admin roles and their rules of
//! time ([`role`]), what input is valid ([`input`]), money ([`money`]), the
//! interface's languages ([`language`]), text made safe for HTML ([`html`]),
//! what the audit log records ([`audit`]), and how a request fails
//! ([`error`], with each feature's reasons in [`refusal`]). It builds
//! for the browser and the server (`ssr` adds what the server's errors come
//! from: the database and the session store).
pub mod audit;
pub mod error;
pub mod grant;
pub mod html;
pub mod id;
pub mod identity;
pub mod input;
pub mod language;
pub mod money;
pub mod refusal;
pub mod role;
pub mod sql;
