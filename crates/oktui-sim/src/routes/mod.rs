//! The simulated org's endpoints, one file per resource. Handlers read the org under a lock,
//! render with `org::render`, and page with `paging`; authentication and rate limits happen
//! before they run (`server`).

mod apps;
mod clients;
mod groups;
mod iam;
mod logs;
mod policies;
mod respond;
mod users;
mod well_known;

pub use logs::log_filter;

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Uri;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use serde_json::Value;

use super::error::SimError;
use super::paging::{add_link, page_url, paginate};
use super::state::SimState;

type Shared = Arc<SimState>;

/// The query string as ordered pairs, decoded leniently (a malformed escape never fails).
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first non-empty value of `name`.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.trim().is_empty())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        Ok(Params(url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()))
    }
}

/// A JSON array response with `self` and, when there is more, `next` links.
pub fn list_response(items: Vec<Value>, self_url: String, next_url: Option<String>) -> Response {
    let mut headers = HeaderMap::new();
    add_link(&mut headers, &self_url, "self");
    if let Some(next) = next_url {
        add_link(&mut headers, &next, "next");
    }
    (StatusCode::OK, headers, axum::Json(Value::Array(items))).into_response()
}

/// Self and next URLs of a directory list: the request's own query for `self`, and for `next`
/// the same query with `after` replaced by the cursor.
pub fn page_links(base: &str, uri: &Uri, params: &Params, next_after: Option<String>) -> (String, Option<String>) {
    let path = uri.path();
    let keep: Vec<(&str, String)> =
        params.0.iter().filter(|(k, _)| k != "after").map(|(k, v)| (k.as_str(), v.clone())).collect();
    let self_url = page_url(base, path, &params.0.iter().map(|(k, v)| (k.as_str(), v.clone())).collect::<Vec<_>>());
    let next_url = next_after.map(|after| {
        let mut q = keep.clone();
        q.push(("after", after));
        page_url(base, path, &q)
    });
    (self_url, next_url)
}

/// Pages `items` (filtered, in their stable order) by `key` and answers with the rendered
/// page, a `self` link and, when more remain, a `next` link.
pub fn paged<T>(
    state: &SimState,
    uri: &Uri,
    params: &Params,
    items: Vec<&T>,
    limit: usize,
    key: impl Fn(&T) -> &str,
    render: impl Fn(&T) -> Value,
) -> Result<Response, SimError> {
    let page = paginate(items, key, params.get("after"), limit)?;
    let (self_url, next_url) = page_links(&state.base_url, uri, params, page.next_after);
    Ok(list_response(page.items.into_iter().map(render).collect(), self_url, next_url))
}

/// The `id` of a rendered Okta object.
pub fn id_of(v: &Value) -> &str {
    v.get("id").and_then(Value::as_str).unwrap_or("")
}

async fn method_not_allowed(method: Method) -> SimError {
    SimError::method_not_allowed(method.as_str())
}

/// A GET-only route whose other methods answer 405 `E0000022`.
fn get_only<H, T>(handler: H) -> MethodRouter<Shared>
where
    H: axum::handler::Handler<T, Shared>,
    T: 'static,
{
    get(handler).fallback(method_not_allowed)
}

/// A POST-only route whose other methods answer 405 `E0000022`.
fn post_only<H, T>(handler: H) -> MethodRouter<Shared>
where
    H: axum::handler::Handler<T, Shared>,
    T: 'static,
{
    post(handler).fallback(method_not_allowed)
}

/// The org authorization server's token endpoint.
pub fn token() -> Router<Shared> {
    Router::new()
        .route(super::oauth::TOKEN_PATH, post(super::oauth::token).fallback(super::oauth::token_method_not_allowed))
}

/// The org's public metadata, served without a credential as Okta does.
pub fn public() -> Router<Shared> {
    well_known::routes()
}

/// Every authenticated resource endpoint.
pub fn resources() -> Router<Shared> {
    Router::new()
        .merge(users::routes())
        .merge(groups::routes())
        .merge(apps::routes())
        .merge(policies::routes())
        .merge(logs::routes())
        .merge(clients::routes())
        .merge(iam::routes())
        .merge(respond::routes())
}

/// Fallback for paths the org does not serve: 404 `E0000007`.
pub async fn not_found(uri: Uri) -> SimError {
    super::server::unknown_path(uri.path())
}
