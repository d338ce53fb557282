//! Admin roles: who holds one (`/api/v1/iam/assignees/users`), a user's roles
//! (`/api/v1/users/{id}/roles`) and a service app's (`/oauth2/v1/clients/{clientId}/roles`).
//! The user the credential acts as is [`super::users::me`].

use std::collections::HashSet;

use serde_json::Value;

use super::{one, Listing};
use crate::okta::client::Client;
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// Pages of role assignees at most (10,000 admins), a guard against a next link that never ends.
const MAX_ASSIGNEE_PAGES: usize = 100;

/// The admin roles assigned to user `id`.
pub fn user_roles(id: &str) -> Listing {
    Listing::new(&format!("/api/v1/users/{}/roles", encode(id)), &[])
}

/// The admin roles assigned to the service app `client_id` (scope `okta.roles.read`).
pub fn client_roles(client_id: &str) -> Listing {
    Listing::new(&format!("/oauth2/v1/clients/{}/roles", encode(client_id)), &[])
}

/// The ids of every user holding an admin role. This list pages through `_links.next` in
/// its body, not the `Link` header.
pub async fn admin_user_ids(client: &Client, priority: Priority) -> Result<HashSet<String>, OktaError> {
    let mut ids = HashSet::new();
    let mut next = Some("/api/v1/iam/assignees/users?limit=100".to_string());
    let mut pages = 0;
    while let Some(target) = next.take() {
        let body: Value = one(client, &target, priority).await?;
        let users = body.get("value").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        ids.extend(users.iter().filter_map(|u| u.get("id").and_then(Value::as_str)).map(str::to_string));
        pages += 1;
        next = body
            .pointer("/_links/next/href")
            .and_then(Value::as_str)
            .filter(|_| pages < MAX_ASSIGNEE_PAGES)
            .map(str::to_string);
    }
    Ok(ids)
}
