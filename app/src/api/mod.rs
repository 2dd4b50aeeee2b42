//! The partner REST API under `/api/v1` (R16): what an admin agent does on
//! the pages, for scripts, with `Authorization: Bearer <token>` (tokens from
//! `/partner/integrations`). Each handler checks the token, then calls the
//! feature that owns the rule and the SQL, as the server functions do; the
//! answers are this module's own types, so the pages can change without
//! breaking the contract. Errors are RFC 9457 `application/problem+json`;
//! each partner is rate-limited, all its tokens together (429 with
//! `Retry-After`). The OpenAPI 3.1 document is generated from these
//! handlers (`/api/v1/openapi.json`).
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::db::Pool;
use crate::request::SiteSettings;
use kernel::error::AppError;
use kernel::identity::CurrentUser;

mod rate;

/// What every handler works with.
#[derive(Clone)]
pub struct ApiState {
    pub pool: Pool,
    pub site: SiteSettings,
    pub allow_private: crate::notify::AllowPrivate,
    /// The time tokens expire by (real time, unless a test moves it).
    pub clock: crate::db::Clock,
}

/// The API's routes and its OpenAPI document, rate-limited to
/// `per_minute` requests per partner (requests without a valid token: per
/// client address).
pub fn router(state: ApiState, per_minute: u32) -> axum::Router {
    let (routes, document) = OpenApiRouter::with_openapi(Document::openapi())
        .routes(routes!(relationship_requests))
        .routes(routes!(customers))
        .routes(routes!(subscriptions))
        .routes(routes!(invitations, create_invitation))
        .routes(routes!(cancel_invitation))
        .routes(routes!(endpoints, add_endpoint))
        .routes(routes!(remove_endpoint))
        .split_for_parts();
    let document = std::sync::Arc::new(document);
    rate::limit(routes, &state, per_minute)
        .route(
            "/api/v1/{*rest}",
            axum::routing::any(|| async { Problem::from(AppError::NotFound) }),
        )
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "This address does not answer this method.",
            )
        })
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let document = document.clone();
                async move { axum::Json(document.as_ref().clone()) }
            }),
        )
        .with_state(state)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Liaison partner API",
        version = "1",
        description = "What a partner's admin agents do in Liaison, for scripts. Authenticate with `Authorization: Bearer <token>` (create tokens on /partner/integrations). Errors are RFC 9457 problem details; a partner's tokens together may make a limited number of requests per minute (429 with Retry-After)."
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

/// An RFC 9457 problem: what went wrong, for a program and for a person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank`: the status says it).
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Which rule refused, for programs (for example `Integrations.EndpointPrivate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Problem {
    fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank".to_string(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            code: None,
        }
    }

    fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }
}

/// A refusal's stable code, `Feature.Variant` (`Integrations.EndpointPrivate`):
/// the names of the two enums' variants, never what a variant carries.
fn refusal_code(refusal: &kernel::error::Refusal) -> String {
    format!("{refusal:?}")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|name| !name.is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join(".")
}

/// What is wrong with a request's input, in plain English (never Rust's
/// debugging text).
fn describe(invalid: &kernel::error::Invalid) -> String {
    use kernel::error::Invalid;
    match invalid {
        Invalid::ParagraphTooLong { paragraph, max } => {
            format!("Paragraph {paragraph} is longer than {max} characters.")
        }
        Invalid::AuthorizationNotGiven => "The authorization was not given.".to_string(),
        Invalid::Missing(field) => format!("The {} is missing.", field.label()),
        Invalid::TooLong { field, max } => {
            format!("The {} is longer than {max} characters.", field.label())
        }
        Invalid::TooShort { field, min } => {
            format!("The {} is shorter than {min} characters.", field.label())
        }
        Invalid::Malformed(field) => format!("The {} is not valid.", field.label()),
        Invalid::OutOfRange { field, min, max } => {
            format!("The {} must be from {min} to {max}.", field.label())
        }
        Invalid::CommonPassword => "This password is among the most common ones.".to_string(),
        Invalid::PasswordsDiffer => "The password and its confirmation differ.".to_string(),
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        let status = crate::request::status_of(&error);
        let (detail, code) = match &error {
            AppError::NotSignedIn => (
                "A valid API token is needed: Authorization: Bearer <token>.".to_string(),
                None,
            ),
            AppError::NotAllowed => ("This token may not do this.".to_string(), None),
            AppError::NotFound => ("Nothing here for this token.".to_string(), None),
            AppError::Refused(refusal) => {
                let code = refusal_code(refusal);
                (format!("Refused by a rule: {code}."), Some(code))
            }
            AppError::Invalid(invalid) => (describe(invalid), None),
            AppError::Internal(reference) => (
                format!("Something failed on our side (reference {reference})."),
                None,
            ),
            AppError::Request(text) => (text.clone(), None),
        };
        Problem {
            code,
            ..Problem::new(status, detail)
        }
    }
}

impl From<kernel::error::Invalid> for Problem {
    fn from(invalid: kernel::error::Invalid) -> Problem {
        AppError::from(invalid).into()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut response = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body,
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

type Answer<T> = Result<axum::Json<T>, Problem>;

/// What every operation may answer besides its own: no valid token, or too
/// many requests with it.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
enum Refused {
    /// No valid token
    #[response(status = 401, content_type = "application/problem+json")]
    NoToken(Problem),
    /// Too many requests
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait"))
    )]
    TooMany(Problem),
}

/// The admin agent a request's bearer token acts as.
struct Agent(CurrentUser);

impl FromRequestParts<ApiState> for Agent {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Agent, Problem> {
        // Looked up already, before the rate limit: not twice.
        if let Some(rate::TokenAgent(found)) = parts.extensions.get::<rate::TokenAgent>() {
            return found
                .clone()
                .map(Agent)
                .ok_or_else(|| AppError::NotSignedIn.into());
        }
        let Some(token) = bearer_token(&parts.headers) else {
            return Err(AppError::NotSignedIn.into());
        };
        match crate::integrations::bearer(&state.pool, token, state.clock.now_ms()).await? {
            Some(user) => Ok(Agent(user)),
            None => Err(AppError::NotSignedIn.into()),
        }
    }
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// The site's address as this request reaches it (the configured public
/// URL, else the request's Host, which the server has checked).
fn base(state: &ApiState, headers: &HeaderMap) -> String {
    if !state.site.public_url.is_empty() {
        return state.site.public_url.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// Query parameters, read without ever failing the way axum's extractor
/// does (a plain-text answer): unknown ones are ignored.
fn query_pairs(query: &Option<String>) -> Vec<(String, String)> {
    query
        .as_deref()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
}

/// A JSON body, or a 400 problem saying why not.
fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("The body is not the JSON expected: {e}.")))
}

/// The client address the audit log records (as the server found it,
/// behind trusted proxies too).
fn client(address: Option<axum::Extension<crate::request::ClientAddress>>) -> String {
    address.map_or_else(|| "unknown".to_string(), |a| a.0.0.to_string())
}

/// The reseller relationship request of Partner Center: the partner's
/// invitation link (with delegated admin privileges).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RelationshipRequest {
    pub url: String,
    pub attributes: Attributes,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Attributes {
    #[serde(rename = "objectType")]
    #[schema(rename = "objectType")]
    pub object_type: String,
}

/// The link a customer accepts, as Partner Center's endpoint of the same path answers.
#[utoipa::path(
    get,
    path = "/api/v1/customers/relationshiprequests",
    tag = "customers",
    responses(
        (status = 200, description = "The invitation link", body = RelationshipRequest),
        (status = 403, description = "Refused", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn relationship_requests(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Agent(user): Agent,
) -> Answer<RelationshipRequest> {
    let (with_dap, _) =
        crate::invitations::active_codes(&state.pool, &user.organization.id).await?;
    Ok(axum::Json(RelationshipRequest {
        url: format!(
            "{}{}",
            base(&state, &headers),
            crate::invitations::invitation_path(&with_dap)
        ),
        attributes: Attributes {
            object_type: "RelationshipRequest".to_string(),
        },
    }))
}

/// A customer of the partner, with its roles.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    /// The customer's name in addresses (`/partner/customers/{slug}`).
    pub slug: String,
    pub name: String,
    /// `reseller` (with a cloud reseller) or `advisor`.
    pub relationship: String,
    pub since: String,
    pub roles: Vec<Role>,
}

/// A role granted to the partner.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: String,
    pub name: String,
    pub service: String,
    /// `active`, `removed` or `ended`.
    pub state: String,
    /// The last day it is in force (YYYY-MM-DD), or the day it ended.
    pub ends_on: String,
    pub auto_extend: bool,
    pub last_used_on: Option<String>,
}

/// One page of customers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustomerPage {
    pub items: Vec<Customer>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct PageParams {
    /// How many customers per page (1 to 100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// The `next` of the page before.
    after: Option<String>,
}

/// The partner's customers by slug, keyset-paged, with their roles and end dates.
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "customers",
    params(PageParams),
    responses(
        (status = 200, description = "A page of customers", body = CustomerPage),
        (status = 400, description = "Bad parameters", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn customers(
    State(state): State<ApiState>,
    Agent(user): Agent,
    RawQuery(query): RawQuery,
) -> Answer<CustomerPage> {
    let mut limit = 50_i64;
    let mut after = String::new();
    for (key, value) in query_pairs(&query) {
        match key.as_str() {
            "limit" => {
                limit = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| Problem::bad_request("limit is a number from 1 to 100."))?;
            }
            "after" => after = value.chars().take(200).collect(),
            _ => {}
        }
    }
    let page = crate::relationships::customers_after(
        &state.pool,
        &user.organization.id,
        &after,
        limit + 1,
    )
    .await?;
    let more = page.len() as i64 > limit;
    let mut items = Vec::new();
    for relationship in page.into_iter().take(limit as usize) {
        let grants = crate::relationships::grants_of(&state.pool, &relationship.id).await?;
        items.push(Customer {
            id: relationship.customer_id.to_string(),
            slug: relationship.customer_slug.to_string(),
            name: relationship.customer_name.clone(),
            relationship: relationship.kind.as_str().to_string(),
            since: relationship.since.clone(),
            roles: grants
                .iter()
                .flat_map(|service| {
                    service.roles.iter().map(|grant| Role {
                        id: grant.role.as_sql().to_string(),
                        name: grant.role.name().to_string(),
                        service: service.service.clone(),
                        state: format!("{:?}", grant.state).to_lowercase(),
                        ends_on: grant.ends_on.clone(),
                        auto_extend: grant.auto_extend,
                        last_used_on: grant.last_used_on.clone(),
                    })
                })
                .collect(),
        });
    }
    let next = if more {
        items.last().map(|c| c.slug.clone())
    } else {
        None
    };
    Ok(axum::Json(CustomerPage { items, next }))
}

/// A subscription of a customer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub id: String,
    pub service: String,
    pub offer: String,
    /// The partner of record's name.
    pub partner_of_record: String,
    pub seats: i64,
    /// `active` or `suspended`.
    pub state: String,
    pub since: String,
}

/// The subscriptions of one of the partner's customers (its own, and those
/// of services it holds a role of).
#[utoipa::path(
    get,
    path = "/api/v1/customers/{customer}/subscriptions",
    tag = "customers",
    params(("customer" = String, Path, description = "The customer's slug")),
    responses(
        (status = 200, description = "The subscriptions", body = [Subscription]),
        (status = 400, description = "Bad input", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a customer of the partner", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn subscriptions(
    State(state): State<ApiState>,
    Agent(user): Agent,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Answer<Vec<Subscription>> {
    let Ok(Path(customer)) = path else {
        return Err(AppError::NotFound.into());
    };
    let partner = &user.organization.id;
    let relationship = crate::relationships::relationship_with(&state.pool, partner, &customer)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = crate::subscriptions::visible_to(&state.pool, partner, &relationship).await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|s| Subscription {
                id: s.id,
                service: s.service,
                offer: s.offer,
                partner_of_record: s.partner,
                seats: s.seats,
                state: format!("{:?}", s.state).to_lowercase(),
                since: s.since,
            })
            .collect(),
    ))
}

/// A one-customer invitation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: String,
    pub domain: String,
    /// The link, while it can be accepted.
    pub url: Option<String>,
    /// `pending`, `accepted`, `declined`, `expired` or `cancelled`.
    pub state: String,
    pub created_on: String,
    pub expires_on: String,
    pub customer: Option<String>,
}

/// What creates a one-customer invitation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewInvitation {
    /// The domain of the organization that may accept it (for example `fabrikam.example`).
    pub domain: String,
}

fn invitation(base: &str, code: &str, found: crate::invitations::CustomerInvitation) -> Invitation {
    use crate::invitations::InvitationState;
    let pending = found.state == InvitationState::Pending;
    Invitation {
        url: pending.then(|| format!("{base}{}", crate::invitations::invitation_path(code))),
        id: found.id,
        domain: found.domain,
        state: format!("{:?}", found.state).to_lowercase(),
        created_on: found.created_on,
        expires_on: found.expires_on,
        customer: found.customer,
    }
}

/// The partner's one-customer invitations, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/invitations",
    tag = "invitations",
    responses(
        (status = 200, description = "The invitations", body = [Invitation]),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn invitations(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Agent(user): Agent,
) -> Answer<Vec<Invitation>> {
    let base = base(&state, &headers);
    let found = crate::invitations::invitations_of(&state.pool, &user.organization.id).await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|(code, found)| invitation(&base, &code, found))
            .collect(),
    ))
}

/// Invites one customer, by domain: only an administrator of the
/// organization owning it can accept, once, within 90 days.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "invitations",
    request_body = NewInvitation,
    responses(
        (status = 201, description = "The invitation", body = Invitation),
        (status = 400, description = "Not the JSON expected", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid domain", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn create_invitation(
    State(state): State<ApiState>,
    headers: HeaderMap,
    address: Option<axum::Extension<crate::request::ClientAddress>>,
    Agent(user): Agent,
    body: axum::body::Bytes,
) -> Result<(StatusCode, axum::Json<Invitation>), Problem> {
    let NewInvitation { domain } = json_body(&body)?;
    let domain = crate::invitations::customer_domain(&domain)?;
    let client = client(address);
    let code = crate::invitations::invite_customer(&state.pool, &user, &domain, &client).await?;
    let base = base(&state, &headers);
    let found = crate::invitations::invitations_of(&state.pool, &user.organization.id).await?;
    let (code, found) = found
        .into_iter()
        .find(|(found, _)| *found == code)
        .ok_or_else(|| AppError::internal("the new invitation is missing"))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(invitation(&base, &code, found)),
    ))
}

/// Cancels a pending one-customer invitation.
#[utoipa::path(
    delete,
    path = "/api/v1/invitations/{id}",
    tag = "invitations",
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 400, description = "Bad input", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "No longer pending", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation of the partner", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn cancel_invitation(
    State(state): State<ApiState>,
    address: Option<axum::Extension<crate::request::ClientAddress>>,
    Agent(user): Agent,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<StatusCode, Problem> {
    let Ok(Path(id)) = path else {
        return Err(AppError::NotFound.into());
    };
    let client = client(address);
    crate::invitations::cancel_invitation(&state.pool, &user, &id, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A webhook endpoint.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub created_on: String,
    /// The signing secret (`whsec_…`), only in the answer that created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// What adds a webhook endpoint.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewEndpoint {
    /// An http(s) address on a public network.
    pub url: String,
}

/// The partner's webhook endpoints.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/endpoints",
    tag = "webhooks",
    responses(
        (status = 200, description = "The endpoints", body = [Endpoint]),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn endpoints(State(state): State<ApiState>, Agent(user): Agent) -> Answer<Vec<Endpoint>> {
    let found = crate::integrations::endpoints(&state.pool, &user.organization.id).await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|e| Endpoint {
                id: e.id,
                url: e.url,
                created_on: e.created_on,
                secret: None,
            })
            .collect(),
    ))
}

/// Adds a webhook endpoint; the answer holds its signing secret, once.
/// Loopback, private and link-local addresses are refused.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/endpoints",
    tag = "webhooks",
    request_body = NewEndpoint,
    responses(
        (status = 201, description = "The endpoint, with its secret", body = Endpoint),
        (status = 400, description = "Not the JSON expected", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The address is refused", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No address", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn add_endpoint(
    State(state): State<ApiState>,
    address: Option<axum::Extension<crate::request::ClientAddress>>,
    Agent(user): Agent,
    body: axum::body::Bytes,
) -> Result<(StatusCode, axum::Json<Endpoint>), Problem> {
    let NewEndpoint { url } = json_body(&body)?;
    let url = crate::integrations::checked_url_with(&url, state.allow_private).await?;
    let client = client(address);
    let added = crate::integrations::add_endpoint_of(&state.pool, &user, &url, &client).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Endpoint {
            id: added.endpoint.id,
            url: added.endpoint.url,
            created_on: added.endpoint.created_on,
            secret: Some(added.secret),
        }),
    ))
}

/// Removes a webhook endpoint: nothing more is posted to it.
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/endpoints/{id}",
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Bad input", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint of the partner", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn remove_endpoint(
    State(state): State<ApiState>,
    address: Option<axum::Extension<crate::request::ClientAddress>>,
    Agent(user): Agent,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<StatusCode, Problem> {
    let Ok(Path(id)) = path else {
        return Err(AppError::NotFound.into());
    };
    let client = client(address);
    crate::integrations::remove_endpoint_of(&state.pool, &user, &id, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use kernel::error::Refusal;

    #[test]
    fn a_refusals_code_names_its_variant_and_nothing_it_carries() {
        use kernel::refusal::{accounts, auth, integrations};
        assert_eq!(
            super::refusal_code(&Refusal::Integrations(
                integrations::Refusal::EndpointPrivate
            )),
            "Integrations.EndpointPrivate"
        );
        assert_eq!(
            super::refusal_code(&Refusal::Accounts(accounts::Refusal::EmailOutsideDomain(
                "secret.example".into()
            ))),
            "Accounts.EmailOutsideDomain"
        );
        assert_eq!(
            super::refusal_code(&Refusal::SignIn(auth::Refusal::TooManyAttempts {
                minutes: 5
            })),
            "SignIn.TooManyAttempts"
        );
    }
}
