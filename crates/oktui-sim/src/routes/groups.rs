//! `/api/v1/groups`, a group's members and its apps.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;

use super::{get_only, id_of, list_response, page_links, paged, Params, Shared};
use crate::error::SimError;
use crate::org::{render, Org, SimGroup};
use crate::paging::parse_limit;
use crate::scim;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/groups", get_only(list))
        .route("/api/v1/groups/{id}", get_only(one))
        .route("/api/v1/groups/{id}/users", get_only(members))
        .route("/api/v1/groups/{id}/apps", get_only(apps))
}

fn find<'a>(org: &'a Org, id: &str) -> Result<&'a SimGroup, SimError> {
    org.groups.iter().find(|g| g.id == id).ok_or_else(|| SimError::not_found(id, "UserGroup"))
}

fn with_stats(params: &Params) -> bool {
    params.get("expand").is_some_and(|e| e.split(',').any(|x| x.trim() == "stats"))
}

async fn list(State(state): State<Shared>, uri: Uri, params: Params) -> Result<Response, SimError> {
    let org = state.org();
    let stats = with_stats(&params);
    let rendered: Vec<Value> = org.groups.iter().map(|g| render::group(g, &state.base_url, stats)).collect();
    if let Some(q) = params.non_empty("q") {
        // `q`: name prefix, no paging (default 300 results).
        let limit = parse_limit(params.get("limit"), 300, 10_000)?;
        let q = q.to_lowercase();
        let hits = org
            .groups
            .iter()
            .zip(&rendered)
            .filter(|(g, _)| g.name.to_lowercase().starts_with(&q))
            .take(limit)
            .map(|(_, v)| v.clone())
            .collect();
        let (self_url, _) = page_links(&state.base_url, &uri, &params, None);
        return Ok(list_response(hits, self_url, None));
    }
    let limit = parse_limit(params.get("limit"), 10_000, 10_000)?;
    let expr = params.non_empty("search").or(params.non_empty("filter"));
    let selected: Vec<&Value> = match expr {
        Some(e) => {
            let f = scim::parse(e).map_err(|err| SimError::invalid_search(err.to_string()))?;
            rendered.iter().filter(|v| f.matches(v)).collect()
        }
        None => rendered.iter().collect(),
    };
    paged(&state, &uri, &params, selected, limit, id_of, Value::clone)
}

async fn one(State(state): State<Shared>, Path(id): Path<String>, params: Params) -> Result<Response, SimError> {
    let org = state.org();
    let group = find(&org, &id)?;
    Ok(axum::Json(render::group(group, &state.base_url, with_stats(&params))).into_response())
}

async fn members(
    State(state): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
    params: Params,
) -> Result<Response, SimError> {
    let org = state.org();
    let group = find(&org, &id)?;
    let limit = parse_limit(params.get("limit"), 1000, 10_000)?;
    let users: Vec<_> = group.member_ids.iter().filter_map(|m| org.find_user(m)).collect();
    paged(&state, &uri, &params, users, limit, |u| u.id.as_str(), |u| render::user(u, &state.base_url))
}

async fn apps(
    State(state): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
    params: Params,
) -> Result<Response, SimError> {
    let org = state.org();
    let group = find(&org, &id)?;
    let limit = parse_limit(params.get("limit"), 20, 200)?;
    let assigned: Vec<_> = org.apps.iter().filter(|a| a.group_ids.iter().any(|g| g == &group.id)).collect();
    paged(&state, &uri, &params, assigned, limit, |a| a.id.as_str(), |a| render::app(a, &state.base_url))
}
