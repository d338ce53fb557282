//! Policies (`/api/v1/policies`): the listing of one type, one policy, its rules.

use serde::de::DeserializeOwned;

use super::{one, Listing};
use crate::okta::client::Client;
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

const COLLECTION: &str = "/api/v1/policies";

/// The policy types oktui lists, in this order (Okta's `type` parameter is required).
pub const TYPES: &[&str] =
    &["OKTA_SIGN_ON", "ACCESS_POLICY", "MFA_ENROLL", "PASSWORD", "PROFILE_ENROLLMENT", "IDP_DISCOVERY"];

/// The policies of `policy_type` (one of [`TYPES`], or any type Okta knows).
pub fn list(policy_type: &str) -> Listing {
    Listing::new(COLLECTION, &[("type", Some(policy_type.to_string()))])
}

/// One policy (`GET /api/v1/policies/{id}`).
pub async fn get<T: DeserializeOwned>(client: &Client, id: &str, priority: Priority) -> Result<T, OktaError> {
    one(client, &format!("{COLLECTION}/{}", encode(id)), priority).await
}

/// The policy's rules.
pub fn rules(id: &str) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/rules", encode(id)), &[])
}
