//! `GET /api/v1/iam/assignees/users`: the users holding an admin role, as Okta's
//! `RoleAssignedUsers` object (`{value: [{id, orn, _links}], _links: {next}}`): paged by the
//! body's `_links.next.href`, not by a `Link` header.

use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

use super::{get_only, page_links, Params, Shared};
use crate::error::SimError;
use crate::paging::{paginate, parse_limit};

pub fn routes() -> Router<Shared> {
    Router::new().route("/api/v1/iam/assignees/users", get_only(assignees))
}

async fn assignees(State(state): State<Shared>, uri: Uri, params: Params) -> Result<Response, SimError> {
    let org = state.org();
    let limit = parse_limit(params.get("limit"), 100, 100)?;
    let admins: Vec<_> = org.users.iter().filter(|u| !u.roles.is_empty()).collect();
    let page = paginate(admins, |u| u.id.as_str(), params.get("after"), limit)?;
    let (self_url, next_url) = page_links(&state.base_url, &uri, &params, page.next_after);
    let base = &state.base_url;
    let value: Vec<Value> = page
        .items
        .iter()
        .map(|u| {
            json!({
                "id": u.id,
                "orn": format!("orn:okta:directory:{}:users:{}", org.domain, u.id),
                "_links": {
                    "self": {"href": format!("{base}/api/v1/users/{}", u.id)},
                    "roles": {"href": format!("{base}/api/v1/users/{}/roles", u.id)},
                },
            })
        })
        .collect();
    let mut links = json!({"self": {"href": self_url}});
    if let Some(next) = next_url {
        links["next"] = json!({"href": next});
    }
    Ok(axum::Json(json!({"value": value, "_links": links})).into_response())
}
