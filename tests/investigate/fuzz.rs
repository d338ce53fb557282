//! Arbitrary System Log JSON never panics the engine, nor the readers (the page reader and
//! `LogEvent`, as the fuzz targets of `fuzz/` call them): events built from Okta's real keys
//! with values that are right, wrong-typed, null, huge or odd, timestamps real, redacted or
//! impossible, and uuids reused; dense enough in logins, IPs and times that the windowed
//! detections run over them too.

use oktui::investigate::{hunt, DetectionConfig, Directory, KnownUser, MfaState};
use oktui::okta::model::LogEvent;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const EVENT_TYPES: &[&str] = &[
    "user.session.start",
    "user.authentication.sso",
    "policy.evaluate_sign_on",
    "user.authentication.auth_via_mfa",
    "user.authentication.verify",
    "system.push.send_factor_verify_push",
    "user.mfa.okta_verify.deny_push",
    "user.account.lock",
    "user.account.privilege.grant",
    "group.privilege.grant",
    "user.session.access_admin_app",
    "system.api_token.create",
    "policy.rule.update",
    "system.mfa.factor.deactivate",
    "user.mfa.factor.reset_all",
    "user.mfa.factor.deactivate",
    "user.account.reset_password",
    "security.threat.detected",
    "user.risk.detect",
    "user.account.report_suspicious_activity_by_enduser",
    "user.session.impersonation.initiate",
    "app.oauth2.token.detect_reuse",
    "system.idp.lifecycle.create",
];

const ODD_TEXT: &[&str] = &[
    "",
    "null",
    "unknown",
    "redacted",
    "2017-09-31T22:23:07.777Z",
    "2022-11-22 18:48:49.177",
    "{New Device=POSITIVE, New Geo-Location=POSITIVE}",
    "{reasons=Anomalous Device, level=HIGH}",
    "{\"risk\":{\"level\":\"HIGH\"},\"behaviors\":{\"New Device\":\"POSITIVE\"}}",
    "{broken",
    "[{\"anonymous\":true}]",
    "true",
    "SUCCESS",
    "FAILURE",
    "OKTA_VERIFY_PUSH",
    "Super administrator",
    "python-requests/2.31.0",
    "FastPass declined phishing attempt",
    "\u{1b}[2J\u{202e}évil\u{0}",
];

/// Any JSON value, a few levels deep, with Okta's nested keys among the random ones.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(ODD_TEXT).prop_map(|s| json!(s)),
        "\\PC{0,40}".prop_map(Value::String),
        (1usize..5000).prop_map(|n| Value::String("x".repeat(n))),
    ];
    let keys = prop_oneof![
        prop::sample::select(
            &[
                "alternateId",
                "id",
                "type",
                "displayName",
                "ipAddress",
                "geographicalContext",
                "geolocation",
                "lat",
                "lon",
                "country",
                "city",
                "userAgent",
                "rawUserAgent",
                "result",
                "reason",
                "debugData",
                "behaviors",
                "risk",
                "threatSuspected",
                "logOnlySecurityData",
                "factor",
                "privilegeGranted",
                "originalPrincipal",
                "dtHash",
                "externalSessionId",
                "isProxy",
                "asNumber",
                "ipChain",
                "ip",
                "changeDetails",
                "from",
                "to",
                "tunnels",
                "userBehaviors",
                "name",
                "level",
                "reasons",
                "networkConnection",
            ][..]
        )
        .prop_map(str::to_string),
        "[a-zA-Z]{1,8}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// An event: each top-level key absent, plausible, or arbitrary.
fn any_event() -> impl Strategy<Value = Value> {
    let plausible = (
        prop::sample::select(EVENT_TYPES),
        0u32..6,
        0u32..4,
        0i64..40,
        prop::sample::select(&["SUCCESS", "FAILURE", "DENY", "ALLOW", "UNANSWERED"][..]),
        0u32..3,
    )
        .prop_map(|(kind, user, ip, minute, result, uuid)| {
            json!({
                "uuid": format!("u{uuid}"),
                "eventType": kind,
                "published": format!("2026-11-30T10:{:02}:{:02}Z", minute % 60, (minute * 7) % 60),
                "actor": {"alternateId": format!("user{user}@acme.example"), "id": format!("00u{user}"), "type": "User"},
                "client": {"ipAddress": format!("198.51.100.{ip}"), "userAgent": {"rawUserAgent": "curl/8"},
                    "geographicalContext": {"country": if ip == 0 { "Russia" } else { "Peru" },
                        "geolocation": {"lat": f64::from(ip) * 30.0, "lon": f64::from(user) * 50.0}}},
                "outcome": {"result": result},
                "authenticationContext": {"externalSessionId": format!("idx{}", user % 2)},
                "securityContext": {"isProxy": ip == 1, "asNumber": ip},
                "debugContext": {"debugData": {"factor": "OKTA_VERIFY_PUSH", "behaviors": "{New Device=POSITIVE}",
                    "threatSuspected": "true", "privilegeGranted": "Super administrator"}},
                "target": [{"type": "User", "alternateId": format!("user{}@acme.example", (user + 1) % 6)}],
            })
        });
    let keys: Vec<&'static str> = oktui::okta::model::TOP_LEVEL_KEYS.to_vec();
    (plausible, prop::collection::vec((prop::sample::select(keys), 0u8..3, any_value()), 0..8)).prop_map(
        |(mut event, overrides)| {
            let object = event.as_object_mut().unwrap();
            for (key, what, value) in overrides {
                match what {
                    0 => {
                        object.remove(key);
                    }
                    1 => {
                        object.insert(key.to_string(), value);
                    }
                    _ => {
                        object.insert(key.to_lowercase(), value);
                    }
                }
            }
            event
        },
    )
}

fn directory() -> Directory {
    Directory::new((0..6).map(|k| KnownUser {
        id: format!("00u{k}"),
        login: format!("user{k}@acme.example"),
        status: "ACTIVE".into(),
        mfa: [None, Some(MfaState::None), Some(MfaState::Strong)][k % 3],
        admin: Some(k == 0),
    }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_events_never_panic_the_engine(raw in prop::collection::vec(any_event(), 0..40)) {
        let events: Vec<LogEvent> = raw.into_iter().map(|v| serde_json::from_value(v).unwrap()).collect();
        let config = DetectionConfig { spray_min_users: 2, brute_force_min_failures: 2, mfa_fatigue_min_pushes: 2,
            mfa_failures_min: 2, ..DetectionConfig::default() };
        for finding in hunt(&events, &directory(), &config) {
            prop_assert!((0.0..=1.0).contains(&finding.confidence));
            prop_assert!(!finding.summary.is_empty());
        }
        hunt(&events, &Directory::default(), &DetectionConfig::default());
    }

    #[test]
    fn arbitrary_events_never_panic_the_readers(raw in prop::collection::vec(any_event(), 0..40)) {
        for event in &raw {
            oktui::fuzzing::log_event(event.to_string().as_bytes());
        }
        let page = Value::Array(raw).to_string();
        oktui::fuzzing::page_reader(page.as_bytes());
        for cut in [page.len() / 3, page.len() / 2, page.len().saturating_sub(1)] {
            if let Some(part) = page.get(..cut) {
                oktui::fuzzing::page_reader(part.as_bytes());
            }
        }
    }

    #[test]
    fn any_json_object_never_panics_the_engine(raw in prop::collection::vec(any_value(), 0..20)) {
        let events: Vec<LogEvent> = raw
            .into_iter()
            .filter_map(|v| match v { Value::Object(m) => Some(LogEvent::from_object(m)), _ => None })
            .collect();
        hunt(&events, &directory(), &DetectionConfig::default());
    }
}
