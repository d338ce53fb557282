//! The simulated Okta org: an HTTP server on loopback that speaks Okta's wire format.
//!
//! `oktui demo` runs it in-process and opens the TUI on it; `oktui sim serve` runs it alone;
//! every integration test talks real HTTP to it. It is faithful to Okta's documented
//! behaviour (`shared/okta/`), not to our client: Link paging with opaque cursors,
//! `X-Rate-Limit-*` headers and 429s, Okta error objects, the org authorization server's
//! token endpoint (client secret, private_key_jwt, DPoP), scope checks, lifecycle rules and a
//! live System Log. Everything is deterministic from the seed. It is a crate of its own and
//! depends on nothing of oktui's: it knows the wire format, not the client that reads it.
//!
//! Layout: `org/` the directory and its JSON, `logs/` the System Log (generator, store,
//! queries), `oauth`/`resource_auth`/`keys` the authorization server, `ratelimit` and
//! `faults` the transport behaviour, `routes/` the endpoints, `scim` the filter language,
//! `hostile` what an attacker would send (`--hostile` and the hostile fault knobs).

pub mod admin_roles;
pub mod error;
pub mod factor_changes;
pub mod faults;
pub mod hostile;
pub mod ids;
pub mod keys;
pub mod logs;
pub mod oauth;
pub mod org;
pub mod paging;
pub mod ratelimit;
pub mod requests;
pub mod resource_auth;
pub mod routes;
pub mod scim;
pub mod server;
pub mod sessions;
pub mod state;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use keys::KeyType;
pub use server::{BoundSim, HistoryProgress, SimServer, SimStartError};

/// Everything that shapes a simulated org. `Default` is what `oktui sim serve` runs with, but
/// for the service app's key: P-256 here, quick to draw for the many orgs tests start; RSA
/// there (`--key-type`), as the Admin Console generates and Okta's SDKs sign with.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Number of people in the directory, the API token's service admin included.
    pub users: usize,
    /// Seed of every random choice: same seed, same org.
    pub seed: u64,
    /// The instant the org's history is laid out before. Same seed and anchor give the
    /// same directory byte for byte. Defaults to the start of the current UTC day.
    pub anchor: DateTime<Utc>,
    /// How much System Log history is backfilled before the server starts, in seconds.
    pub log_backfill_secs: u64,
    /// Ordinary events per minute, in the backfilled history and in the live log.
    pub log_events_per_minute: f64,
    /// More ordinary events spread over the backfilled window, made when asked for
    /// ([`logs::bulk`]): an org of millions of events for tests at a real org's scale.
    pub bulk_log_events: u64,
    /// Keep appending events after start (off in tests that want a still log). A living
    /// log also keeps `lastLogin` in step with it (the history's sign-ins and the live
    /// ones); a still org keeps its directory as generated, byte for byte.
    pub live_log: bool,
    /// Lifetime of issued access tokens, in seconds (Okta: 3600).
    pub token_ttl_secs: u64,
    /// The service app requires DPoP-bound tokens (`dpop_bound_access_tokens`).
    pub require_dpop: bool,
    /// Okta API scopes granted to the service app.
    pub granted_scopes: Vec<String>,
    /// The type of the service app's printed key pair (private_key_jwt).
    pub key_type: KeyType,
    /// Further public keys registered on the service app (beyond the printed one).
    pub extra_client_keys: Vec<jsonwebtoken::jwk::Jwk>,
    /// Admin role types (`SUPER_ADMIN`, `READ_ONLY_ADMIN`, …) of the SSWS token's owner,
    /// replacing the generated Read Only + Group Administrator; empty: no role at all.
    pub token_owner_roles: Option<Vec<String>>,
    /// Admin role types assigned to the service app, replacing the generated Read Only +
    /// Group Administrator; empty: scopes but no role (every resource call 403 `E0000006`).
    pub service_app_roles: Option<Vec<String>>,
    /// The SSWS token's owner is deactivated: Okta deprovisions its tokens (401 `E0000011`).
    pub token_owner_deactivated: bool,
    pub rate_limits: RateLimitConfig,
    pub faults: Faults,
    /// Hostile text in every free-text field and error body ([`hostile`]).
    pub hostile: bool,
    /// The org has Universal Logout (`POST /oauth2/v1/global-token-revocation`); without it
    /// Okta answers 401 `E0000015`.
    pub universal_logout: bool,
    /// The org has Identity Threat Protection (`/api/v1/users/{id}/risk`); without it Okta
    /// answers 401 `E0000015`.
    pub identity_threat_protection: bool,
    /// A Classic Engine org: `/.well-known/okta-organization` names pipeline `v1` (an
    /// Identity Engine org, the default, names `idx`).
    pub classic_engine: bool,
    /// Users (ids or logins) whose `GET /api/v1/users/{id}/factors` answers 403 `E0000006`,
    /// as when the caller's admin role does not cover them. Tests may add more at run time
    /// with [`state::SimState::deny_factors`].
    pub factors_denied: Vec<String>,
}

/// Rate-limit shape: per-bucket limits per window, and the org's concurrency limit.
#[derive(Debug, Clone)]
pub struct RateLimitConfig {
    /// Length of a rate-limit window in seconds (Okta: 60).
    pub window_secs: u64,
    /// Per-bucket overrides of the default limits, by bucket name (see `ratelimit::Bucket`).
    pub overrides: Vec<(String, u32)>,
    /// Multiplies every default limit (e.g. 0.1 for a tight org); overrides are exact.
    pub scale: f64,
    /// Requests in flight at once before a concurrency 429 (Okta Workforce: 75).
    pub concurrency: u32,
}

/// Fault injection, for tests of the client's resilience. Probabilities are 0.0–1.0 per request.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Added latency on every request, in milliseconds.
    pub latency_ms: u64,
    /// Delay of the answer to a request that changes the org, in milliseconds, after the
    /// change is applied and recorded: an answer that comes too late for the client.
    pub late_change_answer_ms: u64,
    /// Share of requests answered with a spurious 429 `E0000047`.
    pub rate_429: f64,
    /// Share of requests answered with a 500/503.
    pub rate_5xx: f64,
    /// Share of requests whose connection is dropped mid-response.
    pub rate_drop: f64,
    /// Share of requests answered 200 with a truncated, malformed body.
    pub rate_malformed: f64,
    /// Share of list answers whose `next` link points back at the first page.
    pub rate_cycle_next: f64,
    /// Share of requests answered 200 with a 100 MiB body.
    pub rate_huge_body: f64,
    /// Share of answers whose body is dripped a byte at a time.
    pub rate_drip: f64,
    /// Share of requests answered 429 with absurd `X-Rate-Limit-Reset` and `Retry-After`.
    pub rate_absurd_reset: f64,
    /// A bounded System Log query whose window (`since` to `until`) is longer than this many
    /// seconds times out as Okta's does after 30 s: 500 `E0000009`, "took too long".
    pub log_query_timeout_over_secs: Option<u64>,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig { window_secs: 60, overrides: Vec::new(), scale: 1.0, concurrency: 75 }
    }
}

/// The Okta API scopes a service app of the sim is granted by default.
pub const DEFAULT_SCOPES: &[&str] = &[
    "okta.users.read",
    "okta.users.manage",
    "okta.groups.read",
    "okta.apps.read",
    "okta.policies.read",
    "okta.roles.read",
    "okta.logs.read",
    "okta.sessions.read",
    "okta.userRisk.read",
];

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            users: 500,
            seed: 1,
            anchor: start_of_today(),
            log_backfill_secs: 24 * 3600,
            log_events_per_minute: 20.0,
            bulk_log_events: 0,
            live_log: true,
            token_ttl_secs: 3600,
            require_dpop: false,
            granted_scopes: DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
            key_type: KeyType::Ec,
            extra_client_keys: Vec::new(),
            token_owner_roles: None,
            service_app_roles: None,
            token_owner_deactivated: false,
            rate_limits: RateLimitConfig::default(),
            faults: Faults::default(),
            hostile: false,
            universal_logout: true,
            identity_threat_protection: true,
            classic_engine: false,
            factors_denied: Vec::new(),
        }
    }
}

/// 00:00:00 UTC of the current day.
pub fn start_of_today() -> DateTime<Utc> {
    let now = Utc::now();
    now.date_naive().and_hms_opt(0, 0, 0).map(|d| d.and_utc()).unwrap_or(now)
}

/// The credentials a simulated org accepts; `oktui sim serve` prints them as one JSON line.
#[derive(Clone, Serialize)]
pub struct Credentials {
    /// The org URL, `http://127.0.0.1:PORT`.
    pub url: String,
    /// An SSWS API token.
    pub api_token: String,
    /// The OAuth service app's client id.
    pub client_id: String,
    /// Its client secret (client_secret_basic).
    pub client_secret: String,
    /// PKCS#8 PEM of the private key registered on the service app (private_key_jwt): RSA
    /// (sign RS256) or EC P-256 (sign ES256), as [`SimConfig::key_type`] says.
    pub private_key_pem: String,
    /// The `kid` of that key.
    pub key_id: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("url", &self.url)
            .field("client_id", &self.client_id)
            .field("key_id", &self.key_id)
            .field("secrets", &"<redacted>")
            .finish()
    }
}
