//! What an incident responder changes beyond a user's lifecycle: the user's risk
//! (`/api/v1/users/{id}/risk`, Identity Threat Protection), one session
//! (`/api/v1/sessions/{id}`) and Universal Logout (`POST /oauth2/v1/global-token-revocation`).
//! Risk and Universal Logout answer 401 `E0000015` where the org is configured without the
//! feature ([`SimConfig`](crate::SimConfig)), and need a Super or Organization Administrator.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::{json, Value};

use super::users::Caller;
use super::{method_not_allowed, Shared};
use crate::error::SimError;
use crate::resource_auth::Principal;

/// The global token revocation endpoint.
pub const GLOBAL_TOKEN_REVOCATION: &str = "/oauth2/v1/global-token-revocation";

/// Roles that may set a user's risk or log a user out everywhere.
const FULL_ADMIN_ROLES: &[&str] = &["SUPER_ADMIN", "ORG_ADMIN"];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/users/{id}/risk", get(get_risk).put(put_risk).fallback(method_not_allowed))
        .route("/api/v1/sessions/{id}", get(get_session).delete(revoke_session).fallback(method_not_allowed))
        .route(GLOBAL_TOKEN_REVOCATION, post(revoke_everything).fallback(method_not_allowed))
}

/// 403 `E0000006` unless the caller holds a Super or Organization Administrator role.
fn full_admin(state: &crate::state::SimState, principal: &Principal) -> Result<(), SimError> {
    let org = state.org();
    let roles = crate::admin_roles::role_types(&org, principal);
    if roles.iter().any(|r| FULL_ADMIN_ROLES.contains(r)) {
        Ok(())
    } else {
        Err(SimError::okta(StatusCode::FORBIDDEN, "E0000006", crate::admin_roles::NO_PERMISSION))
    }
}

fn user_id(state: &crate::state::SimState, id: &str) -> Result<String, SimError> {
    state.org().find_user(id).map(|u| u.id.clone()).ok_or_else(|| SimError::not_found(id, "User"))
}

fn risk_body(state: &crate::state::SimState, user_id: &str) -> Value {
    let (level, reason) = state.risk_of(user_id);
    let base = &state.base_url;
    let mut body = json!({
        "riskLevel": level,
        "_links": {
            "self": {"href": format!("{base}/api/v1/users/{user_id}/risk"), "hints": {"allow": ["GET", "PUT"]}},
            "user": {"href": format!("{base}/api/v1/users/{user_id}"), "hints": {"allow": ["GET"]}}
        }
    });
    if let Some(reason) = reason {
        body["reason"] = json!(reason);
    }
    body
}

async fn get_risk(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, SimError> {
    if !state.config.identity_threat_protection {
        return Err(SimError::feature_not_enabled());
    }
    let user = user_id(&state, &id)?;
    Ok(axum::Json(risk_body(&state, &user)).into_response())
}

/// `PUT …/risk` `{"riskLevel": HIGH|MEDIUM|LOW, "riskReason"?}`: 201 when the user had no
/// risk set, 200 otherwise; `user.risk.change` when the level changes.
async fn put_risk(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Extension(p): Extension<Arc<Principal>>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    if !state.config.identity_threat_protection {
        return Err(SimError::feature_not_enabled());
    }
    full_admin(&state, &p)?;
    let user = user_id(&state, &id)?;
    let body: Value = serde_json::from_slice(&body).map_err(|_| not_well_formed())?;
    let level = match body.get("riskLevel").and_then(Value::as_str) {
        Some(l @ ("HIGH" | "MEDIUM" | "LOW")) => l.to_string(),
        _ => return Err(SimError::validation("riskLevel: must be one of HIGH, MEDIUM, LOW")),
    };
    let reason = match body.get("riskReason") {
        None => "override.by.admin".to_string(),
        Some(Value::String(r))
            if r.len() <= 500 && r.chars().all(|c| c.is_ascii_alphanumeric() || " \t-,.".contains(c)) =>
        {
            r.clone()
        }
        Some(_) => {
            return Err(SimError::validation(
                "riskReason: only letters, digits, spaces, hyphens, commas and periods, at most 500",
            ))
        }
    };
    let before = state.risk_of(&user).0;
    let created = {
        let mut risks = state.risks.lock().unwrap_or_else(|e| e.into_inner());
        risks.insert(user.clone(), (level.clone(), reason)).is_none()
    };
    if before != level {
        let caller = Caller::new(p, addr, &headers, &uri);
        let org = state.org();
        if let Some(u) = org.find_user(&user) {
            caller.log(&state, &org, "user.risk.change", u);
        }
    }
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, axum::Json(risk_body(&state, &user))).into_response())
}

/// `GET /api/v1/sessions/{id}`: the session, or 404 `E0000007` once it ended.
async fn get_session(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, SimError> {
    let s = state.sessions.get(&id).ok_or_else(|| SimError::not_found(&id, "Session"))?;
    let base = &state.base_url;
    let at = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    Ok(axum::Json(json!({
        "id": s.id,
        "userId": s.user_id,
        "login": s.login,
        "createdAt": at(s.created),
        "expiresAt": at(s.expires),
        "status": "ACTIVE",
        "lastPasswordVerification": at(s.created),
        "lastFactorVerification": at(s.created),
        "amr": ["pwd", "mfa"],
        "idp": {"id": "00o1okta", "type": "OKTA"},
        "mfaActive": true,
        "_links": {"self": {"href": format!("{base}/api/v1/sessions/{}", s.id), "hints": {"allow": ["GET", "DELETE"]}}}
    }))
    .into_response())
}

/// `DELETE /api/v1/sessions/{id}`: 204 and `user.session.end`; 404 `E0000007` when unknown.
async fn revoke_session(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Extension(p): Extension<Arc<Principal>>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let s = state.sessions.end(&id).ok_or_else(|| SimError::not_found(&id, "Session"))?;
    let caller = Caller::new(p, addr, &headers, &uri);
    let org = state.org();
    if let Some(u) = org.find_user(&s.user_id) {
        caller.log(&state, &org, "user.session.end", u);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /oauth2/v1/global-token-revocation` `{"sub_id": {"format": "opaque", "id"}}`: every
/// session of the user ends, `user.authentication.universal_logout.scheduled` is logged, 204.
async fn revoke_everything(
    State(state): State<Shared>,
    Extension(p): Extension<Arc<Principal>>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    if !state.config.universal_logout {
        return Err(SimError::feature_not_enabled());
    }
    full_admin(&state, &p)?;
    let body: Value = serde_json::from_slice(&body).map_err(|_| not_well_formed())?;
    let sub = &body["sub_id"];
    let id = match (sub["format"].as_str(), sub["id"].as_str()) {
        (Some("opaque"), Some(id)) => id,
        _ => return Err(SimError::validation("sub_id: an object with format opaque and the user's id")),
    };
    let user = state.org().find_user(id).cloned().ok_or_else(|| SimError::validation("sub_id: no such user"))?;
    state.sessions.end_all_of(&user.id);
    let caller = Caller::new(p, addr, &headers, &uri);
    caller.log(&state, &state.org(), "user.authentication.universal_logout.scheduled", &user);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// 400 `E0000003` for a body that is not JSON.
fn not_well_formed() -> SimError {
    SimError::okta(StatusCode::BAD_REQUEST, "E0000003", "The request body was not well-formed.")
}
