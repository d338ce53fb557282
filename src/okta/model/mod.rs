//! Lenient typed views of Okta's objects: users, groups, apps, factors, policies, roles,
//! System Log events, and error bodies.
//!
//! Okta's payloads gain fields, drop them, send `null`, and disagree with the spec on types
//! (see `../shared/okta/API-NOTES.md` §5 and the samples' README). So every type here:
//!
//! - has only optional fields, and parses from any JSON object without error;
//! - keeps every key it does not name in a flattened `extra` map, with known keys sent as
//!   `null` or with an unexpected type, so serializing gives back what Okta sent (compared as
//!   JSON values) and `--format json` can print Okta's objects faithfully;
//! - uses [`Scalar`] where real data mixes strings and numbers (`version`, `postalCode`,
//!   `lat`/`lon`).
//!
//! Accessor methods answer the common questions (`User::login`, `LogEvent::client_ip`, …)
//! without panicking, whatever is missing.

mod app;
mod debug_data;
mod error_body;
mod factor;
mod group;
mod lenient;
mod log_event;
mod policy;
mod role;
mod scalar;
mod time;
mod user;

pub use app::{App, AppLink, AppUser};
pub use debug_data::{behaviors_from, parse_java_map, risk_from, DebugData, Risk};
pub use error_body::{ErrorCause, ErrorCauses, OAuthErrorBody, OktaErrorBody};
pub use factor::Factor;
pub use group::{Group, GroupProfile};
pub use log_event::{
    behaviors_of, events_from_json, normalize_top_level_keys, risk_of, usable_lat_lon, Actor, AuthenticationContext,
    BotProtection, ChangeDetails, Client, DebugContext, Device, EventParseError, GeographicalContext, Geolocation,
    IpChainEntry, IpDetails, IpServiceCategory, Issuer, LogEvent, Outcome, Request, SecurityContext, SecurityRisk,
    Target, Transaction, UserAgent, UserBehavior, TOP_LEVEL_KEYS,
};
pub use policy::{Policy, PolicyRule};
pub use role::Role;
pub use scalar::Scalar;
pub use time::parse_okta_time;
pub use user::{User, UserProfile};
