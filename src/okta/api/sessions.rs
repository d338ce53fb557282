//! Sessions (`/api/v1/sessions`): one Okta session by its id.

use serde::de::DeserializeOwned;

use super::one;
use crate::okta::client::Client;
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// One session (`GET /api/v1/sessions/{id}`, scope `okta.sessions.read`); 404 once it ended.
pub async fn get<T: DeserializeOwned>(client: &Client, id: &str, priority: Priority) -> Result<T, OktaError> {
    one(client, &format!("/api/v1/sessions/{}", encode(id)), priority).await
}
