//! The Okta API client: the only code that speaks HTTP to Okta. Knows nothing of the UI.
//!
//! `url` validates org URLs; `auth` turns a credential into request headers (SSWS, OAuth
//! client credentials with a secret or private_key_jwt, DPoP); `ratelimit` paces requests
//! from Okta's `X-Rate-Limit-*` headers, reading resets on the org's clock (`server_clock`),
//! and `throttle` keeps its waits bounded and visible;
//! `body` reads bodies under a cap; `client` sends requests, retries what is safe to
//! retry and pages through `Link` headers; `error` is the one error type callers see;
//! `model` holds lenient typed views of Okta's objects; `api` has one module per Okta
//! resource, the only code that builds an Okta path or query (its `lifecycle` the only calls
//! that change the org, reachable only with an approval).

pub mod api;
pub mod auth;
pub mod body;
pub mod client;
pub mod credential;
pub mod error;
pub mod logs;
pub mod model;
pub mod ratelimit;
pub mod server_clock;
pub mod throttle;
pub mod url;

/// Percent-encodes one query value or path segment (a login, a filter expression).
pub fn encode(value: &str) -> String {
    ::url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
