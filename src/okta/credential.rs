//! The three ways an Okta org grants API access, as oktui holds them once configured.

use std::sync::Arc;

use crate::secret::Secret;

/// The Okta API scopes the read-only console needs.
pub const READ_SCOPES: &[&str] = &[
    "okta.users.read",
    "okta.groups.read",
    "okta.apps.read",
    "okta.policies.read",
    "okta.roles.read",
    "okta.logs.read",
];

/// The scope the response actions (suspend, unsuspend, clear sessions) need besides.
pub const ACTION_SCOPE: &str = "okta.users.manage";

/// A configured credential, secrets already read from their source.
///
/// Cloning shares the secret rather than copying it: a profile's credential is held by the
/// profile and by every client made from it at once (the console's, `oktui doctor`'s one per
/// scope, `oktui init`'s one per try, and the client keeps the client secret to scrub it from
/// anything the token endpoint echoes), so the one wiped [`Secret`] sits behind an `Arc`.
#[derive(Debug, Clone)]
pub enum Credential {
    /// An SSWS API token (`Authorization: SSWS …`).
    ApiToken(Arc<Secret>),
    /// OAuth 2.0 client credentials with client_secret_basic (API Service Integrations).
    ClientSecret { client_id: String, secret: Arc<Secret>, scopes: Vec<String> },
    /// OAuth 2.0 client credentials with private_key_jwt (API Services apps). `key` holds the
    /// private key as PEM (PKCS#1, PKCS#8 or SEC1) or as JWK JSON text.
    PrivateKey { client_id: String, key: Arc<Secret>, key_id: Option<String>, scopes: Vec<String> },
}

impl Credential {
    /// The mode's name as the Okta SDKs spell it (`OKTA_CLIENT_AUTHORIZATIONMODE`).
    pub fn mode(&self) -> &'static str {
        match self {
            Credential::ApiToken(_) => "SSWS",
            Credential::ClientSecret { .. } => "ClientSecret",
            Credential::PrivateKey { .. } => "PrivateKey",
        }
    }

    /// The scopes requested at the token endpoint (none for SSWS).
    pub fn scopes(&self) -> &[String] {
        match self {
            Credential::ApiToken(_) => &[],
            Credential::ClientSecret { scopes, .. } | Credential::PrivateKey { scopes, .. } => scopes,
        }
    }

    /// Whether `text` (trimmed) is this credential's secret: the token, the client secret or
    /// the private key. Lets a caller keep the secret out of what it hands on (a child
    /// process's environment) without reading it.
    pub fn is_secret_text(&self, text: &str) -> bool {
        let secret = match self {
            Credential::ApiToken(secret) => secret,
            Credential::ClientSecret { secret, .. } => secret,
            Credential::PrivateKey { key, .. } => key,
        };
        let text = text.trim();
        !text.is_empty() && text == secret.expose().trim()
    }
}
