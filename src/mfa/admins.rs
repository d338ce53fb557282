//! Who holds an admin role, learned cheaply.
//!
//! `GET /api/v1/users/{id}/roles` per user would cost as much as the factor sweep itself, in
//! the same rate-limit bucket. Okta's `GET /api/v1/iam/assignees/users` lists every user with
//! a role assignment in a few pages (100 per page) from the catch-all bucket, so the sweep
//! reads that once. When the token may not read it (403) or the org does not serve it (404),
//! the sweep falls back to per-user roles, but only for users with a gap, whose admin flag
//! is what the report sorts on; everyone else's flag stays unknown.

use std::collections::HashSet;

use serde_json::Value;

use crate::okta::client::Client;
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// Pages at most (10,000 admins), a guard against a next link that never ends.
const MAX_PAGES: usize = 100;

/// The ids of every user holding an admin role.
pub async fn admin_ids(client: &Client) -> Result<HashSet<String>, OktaError> {
    let mut ids = HashSet::new();
    let mut next = Some("/api/v1/iam/assignees/users?limit=100".to_string());
    let mut pages = 0;
    while let Some(target) = next.take() {
        let (body, _): (Value, _) = client.get_json(&target, Priority::Background).await?;
        let users = body.get("value").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        ids.extend(users.iter().filter_map(|u| u.get("id").and_then(Value::as_str)).map(str::to_string));
        pages += 1;
        next =
            body.pointer("/_links/next/href").and_then(Value::as_str).filter(|_| pages < MAX_PAGES).map(str::to_string);
    }
    Ok(ids)
}

/// Whether the answer means the list is not available to this token or org, so the
/// per-user fallback applies.
pub fn is_unavailable(e: &OktaError) -> bool {
    matches!(e.status(), Some(403 | 404))
}

/// Whether one user holds an admin role (`GET /api/v1/users/{id}/roles`).
pub async fn is_admin(client: &Client, user_id: &str) -> Result<bool, OktaError> {
    let roles: Vec<Value> =
        client.get_all(&format!("/api/v1/users/{}/roles", encode(user_id)), Priority::Background).await?;
    Ok(!roles.is_empty())
}
