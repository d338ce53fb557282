//! `LogEvent` (`GET /api/v1/logs`), its parts, and reading events from the wrappers they
//! arrive in.

mod accessors;
mod parts;
mod security;
mod wrappers;

use serde_json::{Map, Value};

use super::lenient::{from_object, lenient_model};
use super::scalar::Scalar;

pub use accessors::{behaviors_of, risk_of, usable_lat_lon};
pub use parts::{
    Actor, AuthenticationContext, ChangeDetails, Client, DebugContext, Device, GeographicalContext, Geolocation,
    IpChainEntry, Issuer, Outcome, Request, Target, Transaction, UserAgent,
};
pub use security::{BotProtection, IpDetails, IpServiceCategory, SecurityContext, SecurityRisk, UserBehavior};
pub use wrappers::{events_from_json, EventParseError};

/// Okta's top-level `LogEvent` keys, in Okta's casing.
pub const TOP_LEVEL_KEYS: [&str; 17] = [
    "uuid",
    "published",
    "eventType",
    "version",
    "severity",
    "legacyEventType",
    "displayMessage",
    "actor",
    "client",
    "device",
    "authenticationContext",
    "outcome",
    "securityContext",
    "debugContext",
    "transaction",
    "request",
    "target",
];

lenient_model! {
    /// One System Log event.
    ///
    /// Top-level keys are matched case-insensitively: exports that lower-case them
    /// (Panther's `eventtype`, `displaymessage`, `debugcontext`, …) read like Okta's own.
    /// Serializing then uses Okta's casing (`eventType`), so a round trip of such an export
    /// gives back the event with its top-level keys renamed, and nothing else changed.
    /// Nested keys are matched exactly. `published` is kept as sent; see
    /// [`LogEvent::published_at`].
    #[serde(rename_all = "camelCase")]
    pub struct LogEvent {
        /// The event id. Not unique across test fixtures: key a dedup cache on
        /// (`uuid`, `published`, `eventType`).
        pub uuid: Option<String>,
        /// When the event happened, as sent (RFC 3339, a Panther form, or `redacted`).
        pub published: Option<String>,
        /// `user.session.start`, `policy.evaluate_sign_on`, …
        pub event_type: Option<String>,
        /// Schema version: `"0"`, or `0` in Okta's spec examples.
        pub version: Option<Scalar>,
        /// `DEBUG`, `INFO`, `WARN` or `ERROR` (other values occur in test data).
        pub severity: Option<String>,
        /// The pre-2017 event type.
        pub legacy_event_type: Option<String>,
        /// A human-readable summary.
        pub display_message: Option<String>,
        /// Who acted.
        pub actor: Option<Actor>,
        /// From where.
        pub client: Option<Client>,
        /// The Okta Verify / FastPass device.
        pub device: Option<Device>,
        /// How the actor authenticated.
        pub authentication_context: Option<AuthenticationContext>,
        /// The result.
        pub outcome: Option<Outcome>,
        /// Network reputation, risk and behaviors.
        pub security_context: Option<SecurityContext>,
        /// Free-form details.
        pub debug_context: Option<DebugContext>,
        /// The operation this event belongs to.
        pub transaction: Option<Transaction>,
        /// The HTTP request and its IP chain.
        pub request: Option<Request>,
        /// What the action applied to.
        pub target: Option<Vec<Target>>,
    }
    prepare = normalize_top_level_keys;
}

impl LogEvent {
    /// Reads an event from a JSON object, as deserializing does: never fails; unknown keys,
    /// nulls and values of unexpected types are kept in `extra`.
    pub fn from_object(mut object: Map<String, Value>) -> Self {
        normalize_top_level_keys(&mut object);
        from_object(object)
    }
}

/// Renames top-level keys that equal one of [`TOP_LEVEL_KEYS`] but for case
/// (`eventtype` → `eventType`). If the correctly cased key is present too, the variant is
/// left alone (it ends up in `extra`).
pub fn normalize_top_level_keys(object: &mut Map<String, Value>) {
    let misnamed: Vec<(String, &str)> = object
        .keys()
        .filter(|key| !TOP_LEVEL_KEYS.contains(&key.as_str()))
        .filter_map(|key| Some((key.clone(), *TOP_LEVEL_KEYS.iter().find(|k| k.eq_ignore_ascii_case(key))?)))
        .collect();
    for (variant, okta_name) in misnamed {
        if object.contains_key(okta_name) {
            continue;
        }
        if let Some(value) = object.remove(&variant) {
            object.insert(okta_name.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn lower_cased_keys_read_like_okta_and_serialize_in_okta_casing() {
        let raw = json!({"eventtype": "user.session.start", "displaymessage": "User login to Okta",
            "debugcontext": {"debugData": {"requestUri": "/login"}}, "eventType": "kept", "EVENTTYPE": "dup",
            "p_log_type": "Okta.SystemLog"});
        let event: LogEvent = serde_json::from_value(raw).unwrap();
        assert_eq!(event.event_type.as_deref(), Some("kept"));
        assert_eq!(event.display_message.as_deref(), Some("User login to Okta"));
        assert_eq!(event.debug_data().unwrap().str("requestUri"), Some("/login"));
        let out = serde_json::to_value(&event).unwrap();
        assert_eq!(out["displayMessage"], "User login to Okta");
        assert_eq!((&out["eventtype"], &out["EVENTTYPE"]), (&json!("user.session.start"), &json!("dup")));
        assert_eq!(out["p_log_type"], "Okta.SystemLog");
    }

    #[test]
    fn wrong_types_are_kept_raw_and_do_not_fail() {
        let raw = json!({"uuid": "u1", "actor": "bob", "target": {"id": "x"}, "version": [0],
            "client": {"ipAddress": "null", "zone": null, "geographicalContext": {"postalCode": 10013,
            "geolocation": {"lat": "40.3", "lon": -74.01}}}, "debugContext": {"debugData": ""}});
        let event: LogEvent = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!((event.actor.is_none(), event.target.is_none(), event.version.is_none()), (true, true, true));
        assert_eq!(event.client_ip(), None);
        let geo = event.client.as_ref().unwrap().geographical_context.as_ref().unwrap();
        assert_eq!(geo.geolocation.as_ref().unwrap().lat_lon(), Some((40.3, -74.01)));
        assert!(event.debug_data().is_none());
        assert_eq!(serde_json::to_value(&event).unwrap(), raw);
    }
}
