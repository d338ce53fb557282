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

use crate::okta::api::iam;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// The ids of every user holding an admin role.
pub async fn admin_ids(client: &Client) -> Result<HashSet<String>, OktaError> {
    iam::admin_user_ids(client, Priority::Background).await
}

/// Whether the answer means the list is not available to this token or org, so the
/// per-user fallback applies.
pub fn is_unavailable(e: &OktaError) -> bool {
    matches!(e.status(), Some(403 | 404))
}

/// Whether one user holds an admin role (`GET /api/v1/users/{id}/roles`).
pub async fn is_admin(client: &Client, user_id: &str) -> Result<bool, OktaError> {
    let roles: Vec<Value> = iam::user_roles(user_id).all(client, Priority::Background).await?;
    Ok(!roles.is_empty())
}
