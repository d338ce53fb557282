//! `/api/v1/users` and a user's sub-resources, lifecycle operations and sessions.

use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::Uri;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::delete;
use axum::{Extension, Router};
use chrono::Utc;
use serde_json::{json, Value};

use super::{get_only, id_of, list_response, method_not_allowed, page_links, paged, post_only, Params, Shared};
use crate::error::SimError;
use crate::logs::events::{admin_lifecycle_event, ApiActor, ApiRequest};
use crate::org::{render, Org, SimUser};
use crate::paging::parse_limit;
use crate::resource_auth::Principal;
use crate::scim::{self, Filter};
use crate::sessions::{SessionsCleared, FORGET_DEVICES_DEFAULT, OAUTH_TOKENS_DEFAULT};
use crate::state::SimState;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/users", get_only(list))
        .route("/api/v1/users/{id}", get_only(one))
        .route("/api/v1/users/{id}/{collection}", get_only(collection))
        .route("/api/v1/users/{id}/lifecycle/{operation}", post_only(lifecycle))
        .route("/api/v1/users/{id}/sessions", delete(clear_sessions).fallback(method_not_allowed))
        .route("/api/v1/users/{id}/factors/{factor_id}", delete(remove_factor).fallback(method_not_allowed))
}

/// Attributes `filter` accepts, and the operators each allows (API-NOTES §2 Users).
fn check_filter(f: &Filter) -> Result<(), SimError> {
    if f.uses_not() {
        return Err(SimError::invalid_search("The 'not' operator is not supported in filter"));
    }
    for (path, op) in f.comparisons() {
        let ok = match path {
            "status" | "id" | "profile.login" | "profile.email" | "profile.firstName" | "profile.lastName" => {
                op.name() == "eq"
            }
            "lastUpdated" => matches!(op.name(), "eq" | "gt" | "ge" | "lt" | "le"),
            _ => false,
        };
        if !ok {
            return Err(SimError::invalid_search(format!(
                "Filtering on '{path}' with '{}' is not supported; use search instead",
                op.name()
            )));
        }
    }
    Ok(())
}

/// `co` works only on a few profile attributes in `search`.
fn check_search(f: &Filter) -> Result<(), SimError> {
    for (path, op) in f.comparisons() {
        let co_ok = matches!(path, "profile.firstName" | "profile.lastName" | "profile.email" | "profile.login");
        if op.name() == "co" && !co_ok {
            return Err(SimError::invalid_search(format!("The 'co' operator is not supported on '{path}'")));
        }
    }
    Ok(())
}

fn parse_expr(raw: &str) -> Result<Filter, SimError> {
    scim::parse(raw).map_err(|e| SimError::invalid_search(e.to_string()))
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.is_char_boundary(prefix.len()) && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

async fn list(State(state): State<Shared>, uri: Uri, params: Params) -> Result<Response, SimError> {
    let base = &state.base_url;
    let org = state.org();
    if let Some(q) = params.non_empty("q").filter(|_| params.non_empty("search").is_none()) {
        // `q`: startsWith on firstName, lastName or email; no paging; no DEPROVISIONED users.
        let limit = parse_limit(params.get("limit"), 10, 200)?;
        let hits: Vec<Value> = org
            .users
            .iter()
            .filter(|u| u.status != "DEPROVISIONED")
            .filter(|u| {
                let p = &u.profile;
                starts_with_ci(&p.first_name, q) || starts_with_ci(&p.last_name, q) || starts_with_ci(&p.email, q)
            })
            .take(limit)
            .map(|u| render::user(u, base))
            .collect();
        let (self_url, _) = page_links(base, &uri, &params, None);
        return Ok(list_response(hits, self_url, None));
    }
    let limit = parse_limit(params.get("limit"), 200, 200)?;
    let expression = match (params.non_empty("search"), params.non_empty("filter")) {
        (Some(expr), _) => {
            let f = parse_expr(expr)?;
            check_search(&f)?;
            Some((f, true))
        }
        (None, Some(expr)) => {
            let f = parse_expr(expr)?;
            check_filter(&f)?;
            Some((f, false))
        }
        (None, None) => None,
    };
    match expression {
        // A plain list pages the directory and renders only the page.
        None => {
            let listed: Vec<&SimUser> = org.users.iter().filter(|u| u.status != "DEPROVISIONED").collect();
            paged(&state, &uri, &params, listed, limit, |u| u.id.as_str(), |u| render::user(u, base))
        }
        // Search and filter match the rendered objects, DEPROVISIONED users included (only a
        // plain list leaves them out).
        Some((f, is_search)) => {
            let rendered: Vec<Value> =
                org.users.iter().map(|u| render::user(u, base)).filter(|v| f.matches(v)).collect();
            let mut selected: Vec<&Value> = rendered.iter().collect();
            if is_search {
                sort_search(&mut selected, &params)?;
            }
            paged(&state, &uri, &params, selected, limit, id_of, Value::clone)
        }
    }
}

/// `sortBy`/`sortOrder`, honoured with `search` only.
fn sort_search(items: &mut [&Value], params: &Params) -> Result<(), SimError> {
    let Some(by) = params.non_empty("sortBy") else { return Ok(()) };
    let desc = match params.get("sortOrder").map(str::to_ascii_lowercase).as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => return Err(SimError::validation(format!("sortOrder: '{other}' must be asc or desc"))),
    };
    let key = |v: &Value| by.split('.').try_fold(v, |cur, seg| cur.get(seg)).map(|x| x.to_string()).unwrap_or_default();
    items.sort_by_key(|v| key(v));
    if desc {
        items.reverse();
    }
    Ok(())
}

/// Finds `{id}`: an id, a login, or `me` (the SSWS token's owner).
fn find<'a>(org: &'a Org, id: &str, principal: &Principal) -> Result<&'a SimUser, SimError> {
    let key = match (id, principal) {
        ("me", Principal::ApiToken { user_id }) => user_id.as_str(),
        _ => id,
    };
    org.find_user(key).ok_or_else(|| SimError::not_found(id, "User"))
}

async fn one(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Extension(p): Extension<Arc<Principal>>,
) -> Result<Response, SimError> {
    let org = state.org();
    let user = find(&org, &id, &p)?;
    Ok(axum::Json(render::user(user, &state.base_url)).into_response())
}

/// A user's factors, groups, app links or admin roles.
async fn collection(
    State(state): State<Shared>,
    Path((id, collection)): Path<(String, String)>,
    uri: Uri,
    Extension(p): Extension<Arc<Principal>>,
) -> Result<Response, SimError> {
    let org = state.org();
    let user = find(&org, &id, &p)?;
    let base = &state.base_url;
    if collection == "factors" && state.factors_denied_for(&user.id, &user.profile.login) {
        return Err(SimError::okta(
            StatusCode::FORBIDDEN,
            "E0000006",
            "You do not have permission to perform the requested action",
        ));
    }
    let items: Vec<Value> = match collection.as_str() {
        "factors" => user.factors.iter().map(|f| render::factor(f, &user.id, base)).collect(),
        "groups" => org.groups_of(&user.id).map(|g| render::group(g, base, false)).collect(),
        "appLinks" => org
            .apps_of(&user.id)
            .filter(|(a, _)| a.status == "ACTIVE")
            .map(|(a, scope)| render::app_link(a, user, scope, base))
            .collect(),
        "roles" => user.roles.iter().map(|r| render::role(r, &user.id, base)).collect(),
        _ => return Err(crate::server::unknown_path(uri.path())),
    };
    Ok(list_response(items, format!("{base}{}", uri.path()), None))
}

/// Okta answers 411 to a body-less POST without `Content-Length: 0`.
fn length_required(headers: &HeaderMap) -> Option<Response> {
    let has_length = headers.contains_key("content-length") || headers.contains_key("transfer-encoding");
    (!has_length).then(|| (StatusCode::LENGTH_REQUIRED, "Length Required").into_response())
}

/// What one mutation needs to know about its request, to log it as Okta does.
pub(super) struct Caller {
    principal: Arc<Principal>,
    ip: String,
    user_agent: String,
    uri: String,
}

impl Caller {
    pub(super) fn new(principal: Arc<Principal>, addr: std::net::SocketAddr, headers: &HeaderMap, uri: &Uri) -> Self {
        let user_agent = headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        Caller { principal, ip: addr.ip().to_string(), user_agent, uri: uri.to_string() }
    }

    /// Appends the System Log event of a change made to `target`.
    pub(super) fn log(&self, state: &SimState, org: &Org, event_type: &str, target: &SimUser) {
        let request_id = crate::ids::base62(&mut rand::thread_rng(), 27);
        let req =
            ApiRequest { ip: &self.ip, user_agent: &self.user_agent, request_id: &request_id, request_uri: &self.uri };
        let owner;
        let actor = match self.principal.as_ref() {
            Principal::ApiToken { user_id } => match org.find_user(user_id) {
                Some(u) => {
                    owner = u.clone();
                    ApiActor::User(&owner)
                }
                None => ApiActor::Client { client_id: user_id, name: "API token" },
            },
            Principal::OAuth { client_id, .. } => ApiActor::Client { client_id, name: crate::server::SERVICE_APP_NAME },
        };
        let now = Utc::now();
        let event = admin_lifecycle_event(&mut rand::thread_rng(), event_type, &actor, &req, target, now);
        state.logs.append(vec![event], now);
    }
}

/// One lifecycle operation: the status it needs, the status it leaves, its event, and how
/// Okta refuses the wrong status.
struct Operation {
    from: &'static str,
    to: &'static str,
    event_type: &'static str,
    /// Suspend and unsuspend answer 400 `E0000001`; the others 403 `E0000038`.
    wrong_status: fn(&str, &str) -> SimError,
}

fn validation_error(op: &str, status: &str) -> SimError {
    SimError::validation(format!("Cannot {op} a user that is {status}"))
}

fn status_error(_: &str, _: &str) -> SimError {
    SimError::wrong_status()
}

/// Moves a user as `op` says, or answers Okta's error for the wrong status.
fn transition(state: &SimState, id: &str, caller: &Caller, name: &str, op: &Operation) -> Result<Response, SimError> {
    let mut org = state.org_mut();
    let key = find(&org, id, &caller.principal)?.id.clone();
    let Some(user) = org.find_user_mut(&key) else { return Err(SimError::not_found(id, "User")) };
    if user.status != op.from {
        return Err((op.wrong_status)(name, &user.status));
    }
    if name == "expire_password" && user.password_changed.is_none() {
        return Err(SimError::wrong_status());
    }
    let now = Utc::now();
    user.status = op.to.to_string();
    user.status_changed = Some(now);
    user.last_updated = now;
    let snapshot = user.clone();
    if name == "suspend" {
        state.sessions.end_all_of(&snapshot.id);
    }
    caller.log(state, &org, op.event_type, &snapshot);
    // Expiring the password answers the user; the others an empty object.
    let body = if name == "expire_password" { render::user(&snapshot, &state.base_url) } else { json!({}) };
    Ok(axum::Json(body).into_response())
}

/// `POST /lifecycle/reset_factors`: every factor unenrolled; 403 `E0000038` with none.
fn reset_factors(state: &SimState, id: &str, caller: &Caller) -> Result<Response, SimError> {
    let mut org = state.org_mut();
    let key = find(&org, id, &caller.principal)?.id.clone();
    let Some(user) = org.find_user_mut(&key) else { return Err(SimError::not_found(id, "User")) };
    if user.factors.is_empty() || user.status == "DEPROVISIONED" {
        return Err(SimError::wrong_status());
    }
    user.factors.clear();
    user.last_updated = Utc::now();
    let snapshot = user.clone();
    caller.log(state, &org, "user.mfa.factor.reset_all", &snapshot);
    Ok(axum::Json(json!({})).into_response())
}

/// `POST /lifecycle/suspend` (ACTIVE only) and `/lifecycle/unsuspend` (SUSPENDED only).
async fn lifecycle(
    State(state): State<Shared>,
    Path((id, operation)): Path<(String, String)>,
    Extension(p): Extension<Arc<Principal>>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let op = |from, to, event_type, wrong_status| Operation { from, to, event_type, wrong_status };
    let op = match operation.as_str() {
        "suspend" => {
            op("ACTIVE", "SUSPENDED", "user.lifecycle.suspend", validation_error as fn(&str, &str) -> SimError)
        }
        "unsuspend" => op("SUSPENDED", "ACTIVE", "user.lifecycle.unsuspend", validation_error),
        // An admin's unlock; Okta's automatic one is `user.account.unlock`.
        "unlock" => op("LOCKED_OUT", "ACTIVE", "user.account.unlock_by_admin", status_error),
        "expire_password" => op("ACTIVE", "PASSWORD_EXPIRED", "user.account.expire_password", status_error),
        "reset_factors" => {
            if let Some(refusal) = length_required(&headers) {
                return Ok(refusal);
            }
            return reset_factors(&state, &id, &Caller::new(p, addr, &headers, &uri));
        }
        _ => return Err(crate::server::unknown_path(uri.path())),
    };
    if let Some(refusal) = length_required(&headers) {
        return Ok(refusal);
    }
    let caller = Caller::new(p, addr, &headers, &uri);
    transition(&state, &id, &caller, &operation, &op)
}

/// `DELETE /api/v1/users/{id}/factors/{factorId}`: unenrolls the factor (an Okta Verify push
/// or signed_nonce takes the user's other Okta Verify factors with it), one
/// `user.mfa.factor.deactivate` each; 404 for an unknown factor, 403 `E0000038` for a
/// deactivated user.
async fn remove_factor(
    State(state): State<Shared>,
    Path((id, factor_id)): Path<(String, String)>,
    Extension(p): Extension<Arc<Principal>>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let caller = Caller::new(p, addr, &headers, &uri);
    let gone = {
        let mut org = state.org_mut();
        let key = find(&org, &id, &caller.principal)?.id.clone();
        let Some(user) = org.find_user_mut(&key) else { return Err(SimError::not_found(&id, "User")) };
        if user.status == "DEPROVISIONED" {
            return Err(SimError::wrong_status());
        }
        let Some(factor) = user.factors.iter().find(|f| f.id == factor_id).cloned() else {
            return Err(SimError::not_found(&factor_id, "UserFactor"));
        };
        let okta_verify = |t: &str| matches!(t, "push" | "signed_nonce" | "token:software:totp");
        let takes_verify = matches!(factor.factor_type.as_str(), "push" | "signed_nonce");
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut user.factors)
            .into_iter()
            .partition(|f| f.id == factor_id || (takes_verify && f.provider == "OKTA" && okta_verify(&f.factor_type)));
        user.factors = kept;
        user.last_updated = Utc::now();
        (user.clone(), gone.len())
    };
    let org = state.org();
    for _ in 0..gone.1 {
        caller.log(&state, &org, "user.mfa.factor.deactivate", &gone.0);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn clear_sessions(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Extension(p): Extension<Arc<Principal>>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, SimError> {
    let oauth_tokens = flag(&params, "oauthTokens", OAUTH_TOKENS_DEFAULT)?;
    let forget_devices = flag(&params, "forgetDevices", FORGET_DEVICES_DEFAULT)?;
    let caller = Caller::new(p, addr, &headers, &uri);
    let org = state.org();
    let user = find(&org, &id, &caller.principal)?.clone();
    state.sessions.end_all_of(&user.id);
    state.sessions_cleared.push(SessionsCleared {
        at: Utc::now(),
        user_id: user.id.clone(),
        oauth_tokens,
        forget_devices,
    });
    caller.log(&state, &org, "user.session.clear", &user);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A boolean query parameter, `default` when left out.
fn flag(params: &Params, name: &str, default: bool) -> Result<bool, SimError> {
    match params.get(name) {
        None => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(v) => Err(SimError::validation(format!("{name}: '{v}' is not a boolean"))),
    }
}
