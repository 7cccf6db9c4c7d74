//! The router: every endpoint of the guide, the collector, the admin API, static files.
//!
//! Layers, outside in: CORS (answers preflights; any origin, echoed, with credentials;
//! exposes `Retry-After`) → `faults::gate` (per-route counters, fault injection) →
//! per group: `auth::require_token` on the Open API, `auth::loopback_only` on
//! `/__admin/*` and `/demo/token`.

pub mod admin;
pub mod channels;
pub mod contacts;
pub mod events;
pub mod groups;
pub mod identifiers;
pub mod static_files;
pub mod token;
pub mod util;
pub mod wechat;

use std::time::Duration;

use axum::http::{header, HeaderName, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::state::AppState;
use crate::{auth, collector, faults};

/// The CORS policy for browser callers (the SDK in a page, the tracker).
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            HeaderName::from_static("x-openapi-token"),
            HeaderName::from_static("x-openapi-key"),
            HeaderName::from_static("x-openapi-secret"),
            header::CONTENT_TYPE,
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

async fn method_not_allowed() -> impl IntoResponse {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "B00405", "method not allowed on this path")
}

/// Builds the whole application around `state`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/contacts", get(contacts::list))
        .route("/contacts/meta/userfields", get(contacts::userfields))
        .route("/v2/contacts/meta/properties", get(contacts::properties))
        .route("/v2/contacts", get(contacts::find))
        .route("/v2/contacts_bulk", get(contacts::bulk))
        .route("/v2/contacts_bulk/ids", get(contacts::bulk_ids))
        .route("/v2/contacts/{id}", put(contacts::update))
        .route("/identifiers", post(identifiers::identify).get(identifiers::lookup))
        .route("/contacts/{id}/identities", get(identifiers::identities))
        .route("/v1/wx/{app_id}/user", get(wechat::user))
        .route("/udc", post(channels::create_udc))
        .route("/channels/meta/types", get(channels::types))
        .route("/ude", post(events::create_ude))
        .route("/contacts/{id}/events", get(events::of_contact))
        .route("/events/lite", get(events::lite))
        .route("/v2/groups", get(groups::list).post(groups::create))
        .route("/v2/contacts/{id}/groups", get(groups::of_contact))
        .route("/v2/groups/{id}/contacts", get(groups::members).post(groups::add).delete(groups::remove))
        .route_layer(from_fn_with_state(state.clone(), auth::require_token));

    let local = Router::new()
        .route("/demo/token", get(token::demo))
        .route("/__admin/faults", get(admin::get_faults).post(admin::set_faults))
        .route("/__admin/stats", get(admin::stats))
        .route("/__admin/reset", post(admin::reset))
        .route_layer(from_fn(auth::loopback_only));

    Router::new()
        .route("/token", get(token::issue))
        .route("/api/sdk/v2/batch_messages", post(collector::batch))
        .route("/pkg/{*path}", get(static_files::pkg))
        .merge(api)
        .merge(local)
        .fallback(static_files::www)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(state.clone(), faults::gate))
        .layer(cors())
        .with_state(state)
}
