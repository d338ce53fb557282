//! Applications (`/api/v1/apps`): the listing, one app, its assigned users and groups.

use serde::de::DeserializeOwned;

use super::{one, Listing};
use crate::okta::client::Client;
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

const COLLECTION: &str = "/api/v1/apps";

/// The apps whose name or label starts with `q` (all of them when `None`), `limit` a page.
pub fn list(q: Option<&str>, limit: usize) -> Listing {
    Listing::new(COLLECTION, &[("limit", Some(limit.to_string())), ("q", q.map(str::to_string))])
}

/// One app (`GET /api/v1/apps/{id}`).
pub async fn get<T: DeserializeOwned>(client: &Client, id: &str, priority: Priority) -> Result<T, OktaError> {
    one(client, &format!("{COLLECTION}/{}", encode(id)), priority).await
}

/// The users assigned to the app, 200 a page.
pub fn users(id: &str) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/users", encode(id)), &[("limit", Some("200".into()))])
}

/// The groups assigned to the app, 200 a page.
pub fn groups(id: &str) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/groups", encode(id)), &[("limit", Some("200".into()))])
}
