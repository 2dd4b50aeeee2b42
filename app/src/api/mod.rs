//! The partner REST API under `/api/v1` (R16): what an admin agent does on
//! the pages, for scripts, with `Authorization: Bearer <token>` (tokens from
//! `/partner/integrations`). One module per resource, each with its routes;
//! each handler takes the token's agent ([`auth::Agent`]), then calls the
//! feature that owns the rule and the SQL, as the server functions do; the
//! answers are the resources' own types, so the pages can change without
//! breaking the contract. Errors are RFC 9457 problems ([`problem`]) with a
//! stable `code` and the pages' sentence in the request's language
//! ([`language`]); each partner is rate-limited, all its tokens together
//! ([`rate`]). The OpenAPI 3.1 document is generated from the handlers
//! (`/api/v1/openapi.json`).
use axum::routing::{any, get};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use kernel::error::AppError;

mod auth;
mod customers;
mod endpoints;
mod input;
mod invitations;
mod language;
pub mod problem;
mod rate;
mod relationship_requests;
mod state;
mod subscriptions;

pub use language::in_language;
pub use problem::{ApiError, Problem};
pub use state::ApiState;

/// The API's routes and its OpenAPI document, rate-limited to
/// `per_minute` requests per partner (requests without a valid token: per
/// client address), their problems in the request's language.
pub fn router(state: ApiState, per_minute: u32) -> axum::Router {
    let (routes, document) = OpenApiRouter::with_openapi(Document::openapi())
        .merge(relationship_requests::routes())
        .merge(customers::routes())
        .merge(subscriptions::routes())
        .merge(invitations::routes())
        .merge(endpoints::routes())
        .split_for_parts();
    let document = std::sync::Arc::new(document);
    rate::limit(routes, &state, per_minute)
        .route(
            "/api/v1/{*rest}",
            any(|| async { ApiError::from(AppError::NotFound) }),
        )
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let document = document.clone();
                async move { axum::Json(document.as_ref().clone()) }
            }),
        )
        .layer(axum::middleware::from_fn(language::in_language))
        .with_state(state)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Liaison partner API",
        version = "1",
        description = "What a partner's admin agents do in Liaison, for scripts. Authenticate with `Authorization: Bearer <token>` (create tokens on /partner/integrations). Errors are RFC 9457 problem details: `code` is a stable identifier for programs (one of the values listed in the Problem schema), `detail` the sentence Liaison's pages show, in the language of the request's `Accept-Language` (English, or French). A partner's tokens together may make a limited number of requests per minute (429 with Retry-After)."
    ),
    modifiers(&Bearer),
    components(schemas(Problem)),
    security(("bearer" = [])),
)]
struct Document;

struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("lia_…")
                        .build(),
                ),
            );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_lists_every_code_a_problem_may_carry() {
        use utoipa::OpenApi;
        let document = serde_json::to_value(super::Document::openapi()).expect("document");
        let listed = &document["components"]["schemas"]["Problem"]["properties"]["code"]["enum"];
        let listed: Vec<&str> = listed
            .as_array()
            .expect("an enum")
            .iter()
            .filter_map(|code| code.as_str())
            .collect();
        let all: Vec<&str> = super::problem::all_codes().collect();
        assert_eq!(listed, all);
        for code in [
            "service_held_by",
            "endpoint_private",
            "bad_query",
            "unauthorized",
        ] {
            assert!(listed.contains(&code), "{code}");
        }
    }
}
