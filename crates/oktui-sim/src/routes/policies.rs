//! `/api/v1/policies?type=…` and a policy's rules.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::Router;

use super::{get_only, list_response, paged, Params, Shared};
use crate::error::SimError;
use crate::org::{render, Org, SimPolicy};
use crate::paging::parse_limit;

/// The policy types Okta's `type` parameter accepts.
const POLICY_TYPES: &[&str] = &[
    "OKTA_SIGN_ON",
    "PASSWORD",
    "MFA_ENROLL",
    "IDP_DISCOVERY",
    "ACCESS_POLICY",
    "PROFILE_ENROLLMENT",
    "POST_AUTH_SESSION",
    "ENTITY_RISK",
    "DEVICE_SIGNAL_COLLECTION",
    "SESSION_VIOLATION_DETECTION",
    "CLIENT_UPDATE",
    "IDENTITY_CLAIM_SOURCING",
];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/policies", get_only(list))
        .route("/api/v1/policies/{id}", get_only(one))
        .route("/api/v1/policies/{id}/rules", get_only(rules))
}

fn find<'a>(org: &'a Org, id: &str) -> Result<&'a SimPolicy, SimError> {
    org.policies.iter().find(|p| p.id == id).ok_or_else(|| SimError::not_found(id, "Policy"))
}

async fn list(State(state): State<Shared>, uri: Uri, params: Params) -> Result<Response, SimError> {
    let Some(kind) = params.non_empty("type") else {
        return Err(SimError::validation(
            "type: The field cannot be left blank; give a policy type such as OKTA_SIGN_ON",
        ));
    };
    if !POLICY_TYPES.contains(&kind) {
        return Err(SimError::validation(format!("type: '{kind}' is not a valid policy type")));
    }
    let status = params.non_empty("status");
    let limit = parse_limit(params.get("limit"), 20, 200)?;
    let org = state.org();
    let mut selected: Vec<&SimPolicy> = org
        .policies
        .iter()
        .filter(|p| p.policy_type == kind && status.is_none_or(|s| s.eq_ignore_ascii_case(&p.status)))
        .collect();
    selected.sort_by_key(|p| p.priority);
    paged(&state, &uri, &params, selected, limit, |p| p.id.as_str(), |p| render::policy(p, &state.base_url))
}

async fn one(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, SimError> {
    let org = state.org();
    Ok(axum::Json(render::policy(find(&org, &id)?, &state.base_url)).into_response())
}

async fn rules(State(state): State<Shared>, Path(id): Path<String>, uri: Uri) -> Result<Response, SimError> {
    let org = state.org();
    let policy = find(&org, &id)?;
    let mut rules: Vec<_> = policy.rules.iter().collect();
    rules.sort_by_key(|r| r.priority);
    let items = rules.into_iter().map(|r| render::policy_rule(policy, r, &state.base_url)).collect();
    Ok(list_response(items, format!("{}{}", state.base_url, uri.path()), None))
}
