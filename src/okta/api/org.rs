//! The org's public metadata (`/.well-known/okta-organization`): its id and its
//! authentication pipeline, `idx` for Identity Engine or `v1` for Classic Engine.

use serde::Deserialize;

use super::one;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// The org's metadata (`WellKnownOrgMetadata`; other fields ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct OrgMetadata {
    pub id: Option<String>,
    /// `idx` (Identity Engine) or `v1` (Classic Engine).
    pub pipeline: Option<String>,
}

/// The org's metadata (no scope needed).
pub async fn metadata(client: &Client, priority: Priority) -> Result<OrgMetadata, OktaError> {
    one(client, "/.well-known/okta-organization", priority).await
}

/// The org's authentication pipeline (`idx` or `v1`), when it names one.
pub async fn pipeline(client: &Client, priority: Priority) -> Result<Option<String>, OktaError> {
    Ok(metadata(client, priority).await?.pipeline)
}
