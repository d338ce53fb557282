//! `/api/v1/apps`, an app's assigned users and groups.

use std::collections::HashSet;

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;

use super::{get_only, id_of, paged, Params, Shared};
use crate::error::SimError;
use crate::org::{render, Org, SimApp};
use crate::paging::parse_limit;
use crate::scim;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/apps", get_only(list))
        .route("/api/v1/apps/{id}", get_only(one))
        .route("/api/v1/apps/{id}/users", get_only(users))
        .route("/api/v1/apps/{id}/groups", get_only(groups))
}

fn find<'a>(org: &'a Org, id: &str) -> Result<&'a SimApp, SimError> {
    org.apps.iter().find(|a| a.id == id).ok_or_else(|| SimError::not_found(id, "AppInstance"))
}

async fn list(State(state): State<Shared>, uri: Uri, params: Params) -> Result<Response, SimError> {
    let org = state.org();
    let limit = parse_limit(params.get("limit"), 20, 200)?;
    let rendered: Vec<Value> = org.apps.iter().map(|a| render::app(a, &state.base_url)).collect();
    let filter = match params.non_empty("filter") {
        Some(e) => Some(scim::parse(e).map_err(|err| SimError::invalid_search(err.to_string()))?),
        None => None,
    };
    let q = params.non_empty("q").map(str::to_lowercase);
    let selected: Vec<&Value> = org
        .apps
        .iter()
        .zip(&rendered)
        .filter(|(a, _)| {
            q.as_ref().is_none_or(|q| a.label.to_lowercase().starts_with(q) || a.name.to_lowercase().starts_with(q))
        })
        .filter(|(_, v)| filter.as_ref().is_none_or(|f| f.matches(v)))
        .map(|(_, v)| v)
        .collect();
    paged(&state, &uri, &params, selected, limit, id_of, Value::clone)
}

async fn one(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, SimError> {
    let org = state.org();
    Ok(axum::Json(render::app(find(&org, &id)?, &state.base_url)).into_response())
}

async fn users(
    State(state): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
    params: Params,
) -> Result<Response, SimError> {
    let org = state.org();
    let app = find(&org, &id)?;
    let limit = parse_limit(params.get("limit"), 50, 500)?;
    let direct: HashSet<&str> = app.user_ids.iter().map(String::as_str).collect();
    let via_group: HashSet<&str> = org
        .groups
        .iter()
        .filter(|g| app.group_ids.contains(&g.id))
        .flat_map(|g| g.member_ids.iter().map(String::as_str))
        .collect();
    let assigned: Vec<_> = org
        .users
        .iter()
        .filter_map(|u| {
            if direct.contains(u.id.as_str()) {
                Some((u, "USER"))
            } else {
                via_group.contains(u.id.as_str()).then_some((u, "GROUP"))
            }
        })
        .collect();
    let refs: Vec<&(_, _)> = assigned.iter().collect();
    paged(
        &state,
        &uri,
        &params,
        refs,
        limit,
        |(u, _)| u.id.as_str(),
        |(u, scope)| render::app_user(app, u, scope, &state.base_url),
    )
}

async fn groups(
    State(state): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
    params: Params,
) -> Result<Response, SimError> {
    let org = state.org();
    let app = find(&org, &id)?;
    let limit = parse_limit(params.get("limit"), 20, 200)?;
    let assigned: Vec<(usize, _)> =
        app.group_ids.iter().filter_map(|g| org.groups.iter().find(|grp| &grp.id == g)).enumerate().collect();
    let refs: Vec<&(usize, _)> = assigned.iter().collect();
    paged(
        &state,
        &uri,
        &params,
        refs,
        limit,
        |(_, g)| g.id.as_str(),
        |(i, g)| render::app_group(app, g, *i, &state.base_url),
    )
}
