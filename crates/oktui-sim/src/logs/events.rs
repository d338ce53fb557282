//! System Log events in Okta's `LogEvent` wire format, built as `serde_json::Value`.
//!
//! [`EventBuilder`] assembles one event with every top-level key Okta sends (absent data is
//! JSON `null`, as in real payloads); [`admin_lifecycle_event`] is what the routes log when an
//! API caller changes the org. [`key_paths`] and [`read_samples`] compare the shape of events
//! with the real samples in `shared/okta-samples/`.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::ids;
use crate::org::{Location, SimApp, SimFactor, SimUser, UserAgent};

/// The OAuth client id Okta records in `client.id` for sign-ins through the Okta Dashboard.
pub const DASHBOARD_CLIENT_ID: &str = "okta.2b1959c8-bcc0-56eb-a589-cfcfb7422f26";

/// Okta's defaults per event type: display message, legacy event type, severity.
const CATALOG: &[(&str, &str, Option<&str>, &str)] = &[
    ("user.session.start", "User login to Okta", Some("core.user_auth.login_success"), "INFO"),
    ("user.session.end", "User logout from Okta", Some("core.user_auth.logout_success"), "INFO"),
    ("user.session.clear", "Clear user session", None, "INFO"),
    ("user.session.access_admin_app", "User accessing Okta admin app", Some("app.admin.sso.login.success"), "INFO"),
    (
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        Some("core.user.factor.attempt_success"),
        "INFO",
    ),
    ("user.authentication.sso", "User single sign on to app", Some("app.auth.sso"), "INFO"),
    ("user.authentication.verify", "Verify user identity", None, "INFO"),
    ("policy.evaluate_sign_on", "Evaluation of sign-on policy", Some("core.policy.evaluate_sign_on"), "INFO"),
    ("policy.rule.update", "Update policy rule", None, "INFO"),
    ("system.push.send_factor_verify_push", "Push notification sent for verification", None, "INFO"),
    ("user.mfa.okta_verify.deny_push", "User rejected Okta push verify", Some("core.user.factor.attempt_fail"), "WARN"),
    (
        "user.mfa.factor.activate",
        "Activate factor or authenticator enrollment method for user",
        Some("core.user.factor.activate"),
        "INFO",
    ),
    (
        "user.account.update_password",
        "User update password for Okta",
        Some("core.user.config.password_update.success"),
        "INFO",
    ),
    (
        "user.account.update_profile",
        "Update user profile for Okta",
        Some("core.user.config.profile_update.success"),
        "INFO",
    ),
    ("user.account.lock", "Max sign in attempts exceeded", Some("core.user_auth.account_locked"), "WARN"),
    ("user.account.privilege.grant", "Grant user privilege", Some("core.user.admin_privilege.granted"), "INFO"),
    ("user.lifecycle.suspend", "Suspend Okta user", Some("core.user.config.user_status.suspended"), "INFO"),
    ("user.lifecycle.unsuspend", "Unsuspend Okta user", Some("core.user.config.user_status.unsuspended"), "INFO"),
    ("group.user_membership.add", "Add user to group membership", Some("core.user_group_member.user_add"), "INFO"),
    (
        "application.user_membership.add",
        "Add user to application membership",
        Some("app.generic.provision.assign_user_to_app"),
        "INFO",
    ),
    ("app.oauth2.as.token.grant.access_token", "OAuth2 access token is granted", None, "INFO"),
    ("security.threat.detected", "Request from suspicious actor", Some("security.threat.detected"), "WARN"),
];

/// The legacy event type Okta gives a failed attempt, where it differs from the success one.
fn failure_legacy(event_type: &str) -> Option<&'static str> {
    match event_type {
        "user.session.start" => Some("core.user_auth.login_failed"),
        "user.authentication.auth_via_mfa" => Some("core.user.factor.attempt_fail"),
        _ => None,
    }
}

/// Okta's behavior-detection names, in the order Okta prints them, with the ids of the
/// org's behavior rules (`securityContext.userBehaviors[].id`).
const BEHAVIORS: [(&str, &str); 7] = [
    ("New Geo-Location", "bhv3pcdHYo3rVDL0w0g4"),
    ("New Device", "bhvexm4UkQc71MgEw0g4"),
    ("New IP", "bhv8Rt2sKd0Lq4Xw90g4"),
    ("New State", "bhv1aPz7Jc2Wn5Hy30g4"),
    ("New Country", "bhv5bVd9Qf6Mr2Tz70g4"),
    ("Velocity", "bhv9cKe3Lg8Ps1Ua50g4"),
    ("New City", "bhv2dMf6Nh4Qt7Vb10g4"),
];

/// What Okta's behavior engine concluded about a sign-in (`debugData.behaviors`): each
/// field `true` is that behavior POSITIVE.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Behaviors {
    pub new_geo_location: bool,
    pub new_device: bool,
    pub new_ip: bool,
    pub new_state: bool,
    pub new_country: bool,
    pub velocity: bool,
    pub new_city: bool,
}

impl Behaviors {
    /// A habitual sign-in: every behavior NEGATIVE.
    pub const HABITUAL: Behaviors = Behaviors {
        new_geo_location: false,
        new_device: false,
        new_ip: false,
        new_state: false,
        new_country: false,
        velocity: false,
        new_city: false,
    };

    /// The behaviors of signing in at `here` for someone who lives at `home`.
    pub fn between(home: &Location, here: &Location) -> Behaviors {
        Behaviors {
            new_geo_location: distance_km(home, here) > 100.0,
            new_device: false,
            new_ip: home.ip != here.ip,
            new_state: home.state != here.state || home.country != here.country,
            new_country: home.country != here.country,
            velocity: false,
            new_city: home.city != here.city,
        }
    }

    fn results(&self) -> [(&'static str, &'static str, &'static str); 7] {
        let flags = [
            self.new_geo_location,
            self.new_device,
            self.new_ip,
            self.new_state,
            self.new_country,
            self.velocity,
            self.new_city,
        ];
        let mut out = [("", "", ""); 7];
        for (slot, ((name, id), positive)) in out.iter_mut().zip(BEHAVIORS.iter().zip(flags)) {
            *slot = (*name, *id, if positive { "POSITIVE" } else { "NEGATIVE" });
        }
        out
    }

    /// The Java-map string of `debugData.behaviors`: `{New Geo-Location=NEGATIVE, …}`.
    pub fn java_map(&self) -> String {
        let parts: Vec<String> = self.results().iter().map(|(name, _, r)| format!("{name}={r}")).collect();
        format!("{{{}}}", parts.join(", "))
    }

    fn json(&self) -> Value {
        let map: Map<String, Value> = self.results().iter().map(|(name, _, r)| (name.to_string(), json!(r))).collect();
        Value::Object(map)
    }

    fn user_behaviors(&self) -> Value {
        Value::Array(self.results().iter().map(|(name, id, r)| json!({"id": id, "name": name, "result": r})).collect())
    }
}

/// Okta's risk verdict on a sign-in (`debugData.risk`, `securityContext.risk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    /// LOW, MEDIUM or HIGH.
    pub level: &'static str,
    /// E.g. `Anomalous Location`, `Anomalous Device`.
    pub reasons: Vec<&'static str>,
    /// The detection that raised it (Identity Threat Protection), if any.
    pub detection: Option<&'static str>,
}

impl Risk {
    /// The everyday verdict: LOW, no reasons.
    pub fn low() -> Risk {
        Risk { level: "LOW", reasons: Vec::new(), detection: None }
    }

    /// A HIGH verdict with its reasons.
    pub fn high(reasons: &[&'static str]) -> Risk {
        Risk { level: "HIGH", reasons: reasons.to_vec(), detection: None }
    }

    /// The Java-map string of `debugData.risk`: `{reasons=Anomalous Device, level=HIGH}`.
    pub fn java_map(&self) -> String {
        if self.reasons.is_empty() {
            format!("{{level={}}}", self.level)
        } else {
            format!("{{reasons={}, level={}}}", self.reasons.join(", "), self.level)
        }
    }

    fn log_only_json(&self) -> Value {
        if self.reasons.is_empty() {
            json!({"level": self.level})
        } else {
            json!({"reasons": self.reasons.join(", "), "level": self.level})
        }
    }
}

/// Great-circle distance between two places, in kilometres.
pub fn distance_km(a: &Location, b: &Location) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher.finalize().into()
}

/// An Okta-style id (`prefix` + 17 base62 characters) derived from stable names (a user id
/// and a purpose), so per-user objects (device ids, enrollments) keep their id across events.
pub fn derived_id(prefix: &str, parts: &[&str]) -> String {
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let bytes = digest(parts);
    let tail = bytes.iter().take(20 - prefix.len().min(20)).map(|b| BASE62[usize::from(*b) % BASE62.len()] as char);
    prefix.chars().chain(tail).collect()
}

/// A stable yes/no derived from names, true with about `share` probability.
pub fn derived_flag(parts: &[&str], share: f64) -> bool {
    f64::from(digest(parts)[0]) / 256.0 < share
}

/// A lowercase hex SHA-256 of stable names (`debugData.dtHash` is one).
pub fn hex_digest(parts: &[&str]) -> String {
    digest(parts).iter().map(|b| format!("{b:02x}")).collect()
}

/// The id (`00T…`) of the SSWS API token a user owns, as `transaction.detail.requestApiTokenId`
/// records it.
pub fn api_token_id(owner_id: &str) -> String {
    derived_id("00T", &[owner_id, "api-token"])
}

/// Okta's reading of a raw user-agent string into `client.userAgent`.
pub fn parse_user_agent(raw: &str) -> UserAgent {
    let os = if raw.contains("iPhone") || raw.contains("iPad") {
        "iOS"
    } else if raw.contains("Android") {
        "Android"
    } else if raw.contains("Windows NT 10") {
        "Windows 10"
    } else if raw.contains("Windows") {
        "Windows"
    } else if raw.contains("Mac OS X") || raw.contains("Macintosh") {
        "Mac OS X"
    } else if raw.contains("Linux") || raw.contains("X11") {
        "Linux"
    } else {
        "Unknown"
    };
    let browser = if raw.contains("Edg/") {
        "EDGE_CHROMIUM"
    } else if raw.contains("Firefox/") {
        "FIREFOX"
    } else if raw.contains("Chrome/") {
        "CHROME"
    } else if raw.contains("Safari/") {
        "SAFARI"
    } else {
        "UNKNOWN"
    };
    UserAgent { raw: raw.to_string(), os: os.to_string(), browser: browser.to_string() }
}

/// Okta's `client.device` for a user agent: Computer, Mobile or Unknown.
fn device_class(agent: &UserAgent) -> &'static str {
    match agent.os.as_str() {
        "iOS" | "Android" => "Mobile",
        "Unknown" => "Unknown",
        _ => "Computer",
    }
}

fn geo_context(loc: &Location) -> Value {
    json!({
        "city": loc.city,
        "state": loc.state,
        "country": loc.country,
        "postalCode": loc.postal_code,
        "geolocation": {"lat": round4(loc.lat), "lon": round4(loc.lon)},
    })
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn ip_version(ip: &str) -> &'static str {
    if ip.contains(':') {
        "V6"
    } else {
        "V4"
    }
}

fn ip_details(loc: &Location) -> Value {
    json!({"asNumber": loc.as_number, "asOrg": loc.as_org, "isp": loc.isp, "domain": loc.domain})
}

/// A `target[]` entry.
pub fn target(id: &str, kind: &str, alternate_id: &str, display_name: &str) -> Value {
    json!({"id": id, "type": kind, "alternateId": alternate_id, "displayName": display_name, "detailEntry": null})
}

/// A user as a `target[]` entry.
pub fn user_target(user: &SimUser) -> Value {
    target(&user.id, "User", &user.profile.login, &user.profile.display_name)
}

/// An app instance as a `target[]` entry.
pub fn app_target(app: &SimApp) -> Value {
    let mut t = target(&app.id, "AppInstance", &app.label, &app.label);
    t["detailEntry"] = json!({"signOnModeType": app.sign_on_mode});
    t
}

/// How Okta names a factor in the System Log: `debugData.factor`, the authenticator's display
/// name, `detailEntry.methodTypeUsed`, and `authenticationContext.credentialType`.
pub struct FactorLabels {
    pub factor: &'static str,
    pub display: &'static str,
    pub method: &'static str,
    pub credential_type: &'static str,
}

/// The System Log names of a factor.
pub fn factor_labels(factor: &SimFactor) -> FactorLabels {
    let (f, display, method, cred) = match (factor.factor_type.as_str(), factor.provider.as_str()) {
        ("push", _) => ("OKTA_VERIFY_PUSH", "Okta Verify", "Okta Verify Push", "OTP"),
        ("signed_nonce", _) => ("SIGNED_NONCE", "Okta Verify", "Okta FastPass", "JWT"),
        ("webauthn", _) | ("u2f", _) => {
            ("FIDO_WEBAUTHN", "Security Key or Biometric", "Security Key or Biometric", "JWT")
        }
        ("token:software:totp", "GOOGLE") => ("GOOGLE_OTP", "Google Authenticator", "Google Authenticator", "OTP"),
        ("token:software:totp", _) => ("OKTA_VERIFY_OTP", "Okta Verify", "Okta Verify TOTP", "OTP"),
        ("token:hardware", _) => ("YUBIKEY_OTP", "YubiKey", "YubiKey OTP", "OTP"),
        ("sms", _) => ("SMS_FACTOR", "Phone", "SMS", "SMS"),
        ("call", _) => ("CALL_FACTOR", "Phone", "Voice Call", "OTP"),
        ("email", _) => ("EMAIL_FACTOR", "Email", "Email", "EMAIL"),
        ("question", _) => ("SECURITY_QUESTION", "Security Question", "Security Question", "PASSWORD"),
        _ => ("UNKNOWN_FACTOR", "Authenticator", "Unknown", "OTP"),
    };
    FactorLabels { factor: f, display, method, credential_type: cred }
}

/// A factor enrollment as a `target[]` entry (`AuthenticatorEnrollment`).
pub fn enrollment_target(factor: &SimFactor) -> Value {
    let labels = factor_labels(factor);
    let mut t = target(&factor.id, "AuthenticatorEnrollment", "unknown", labels.display);
    t["detailEntry"] = json!({"methodTypeUsed": labels.method, "methodUsedVerifiedProperties": "[]"});
    t
}

/// The password enrollment of a user as a `target[]` entry.
pub fn password_target(user: &SimUser) -> Value {
    let id = derived_id("lae", &[&user.id, "password"]);
    let mut t = target(&id, "AuthenticatorEnrollment", "unknown", "Password");
    t["detailEntry"] = json!({"methodTypeUsed": "Password", "methodUsedVerifiedProperties": "[]"});
    t
}

/// One System Log event under construction. Every setter returns the builder; [`build`]
/// renders the event with all of Okta's top-level keys.
///
/// [`build`]: EventBuilder::build
#[derive(Debug, Clone)]
pub struct EventBuilder {
    uuid: String,
    published: DateTime<Utc>,
    event_type: String,
    severity: Option<String>,
    display: Option<String>,
    legacy: Option<Option<String>>,
    actor: Value,
    client: Value,
    device: Value,
    auth: Map<String, Value>,
    outcome: (String, Option<String>),
    security: Map<String, Value>,
    debug: Map<String, Value>,
    transaction: (String, String, Map<String, Value>),
    ip_chain: Vec<Value>,
    targets: Vec<Value>,
}

impl EventBuilder {
    /// A new SUCCESS event of `event_type` at `published`, with a fresh uuid and request id
    /// (also the transaction id, as Okta does for web requests). The actor defaults to Okta
    /// System and the client to all-null.
    pub fn new(rng: &mut impl Rng, event_type: &str, published: DateTime<Utc>) -> Self {
        let uuid = ids::uuid(rng);
        let request_id = ids::base62(rng, 27);
        let mut debug = Map::new();
        debug.insert("requestId".into(), json!(request_id));
        let auth = [
            "authenticationProvider",
            "credentialProvider",
            "credentialType",
            "issuer",
            "interface",
            "rootSessionId",
            "externalSessionId",
        ]
        .iter()
        .map(|k| (k.to_string(), Value::Null))
        .chain([("authenticationStep".to_string(), json!(0))])
        .collect();
        let security =
            ["asNumber", "asOrg", "isp", "domain", "isProxy"].iter().map(|k| (k.to_string(), Value::Null)).collect();
        EventBuilder {
            uuid,
            published,
            event_type: event_type.to_string(),
            severity: None,
            display: None,
            legacy: None,
            actor: json!({"id": "0oa1orzg0CHSgPcjZ0g4", "type": "SystemPrincipal",
                "alternateId": "system@okta.com", "displayName": "Okta System", "detailEntry": null}),
            client: json!({"userAgent": null, "zone": null, "device": null, "id": null,
                "ipAddress": null, "geographicalContext": null}),
            device: Value::Null,
            auth,
            outcome: ("SUCCESS".into(), None),
            security,
            debug,
            transaction: ("WEB".into(), request_id, Map::new()),
            ip_chain: Vec::new(),
            targets: Vec::new(),
        }
    }

    /// The actor is this user.
    pub fn actor_user(mut self, user: &SimUser) -> Self {
        self.actor = json!({"id": user.id, "type": "User", "alternateId": user.profile.login,
            "displayName": user.profile.display_name, "detailEntry": null});
        self
    }

    /// The actor is a login Okta does not know (`id` and `displayName` are `unknown`).
    pub fn actor_unknown_login(mut self, login: &str) -> Self {
        self.actor = json!({"id": "unknown", "type": "User", "alternateId": login,
            "displayName": "unknown", "detailEntry": null});
        self
    }

    /// The actor is an IP address (ThreatInsight events).
    pub fn actor_ip(mut self, ip: &str) -> Self {
        self.actor =
            json!({"id": ip, "type": "IP address", "alternateId": "unknown", "displayName": ip, "detailEntry": null});
        self
    }

    /// The actor is an OAuth client (a service app), which Okta types `PublicClientApp`.
    pub fn actor_client(mut self, client_id: &str, name: &str) -> Self {
        self.actor = json!({"id": client_id, "type": "PublicClientApp", "alternateId": client_id,
            "displayName": name, "detailEntry": null});
        self
    }

    /// The request came from `loc` with browser `agent`: fills `client`, `securityContext`
    /// (with `ipDetails`) and `request.ipChain`.
    pub fn client_at(mut self, loc: &Location, agent: &UserAgent) -> Self {
        let geo = geo_context(loc);
        self.client = json!({
            "userAgent": {"rawUserAgent": agent.raw, "os": agent.os, "browser": agent.browser},
            "zone": "null",
            "device": device_class(agent),
            "id": null,
            "ipAddress": loc.ip,
            "geographicalContext": geo,
        });
        for (k, v) in [
            ("asNumber", json!(loc.as_number)),
            ("asOrg", json!(loc.as_org)),
            ("isp", json!(loc.isp)),
            ("domain", json!(loc.domain)),
            ("isProxy", json!(loc.is_proxy)),
            ("ipDetails", ip_details(loc)),
        ] {
            self.security.insert(k.into(), v);
        }
        self.ip_chain = vec![json!({"ip": loc.ip, "geographicalContext": geo,
            "version": ip_version(&loc.ip), "source": null, "ipDetails": ip_details(loc)})];
        self
    }

    /// The request came from an address Okta cannot place (loopback, private ranges): the
    /// client carries the IP and the parsed user agent, the geography and network are null.
    pub fn client_unplaced(mut self, ip: &str, raw_user_agent: &str) -> Self {
        let agent = parse_user_agent(raw_user_agent);
        self.client = json!({
            "userAgent": {"rawUserAgent": agent.raw, "os": agent.os, "browser": agent.browser},
            "zone": "null",
            "device": device_class(&agent),
            "id": null,
            "ipAddress": ip,
            "geographicalContext": null,
        });
        self.ip_chain = vec![json!({"ip": ip, "geographicalContext": null, "version": ip_version(ip), "source": null})];
        self
    }

    /// `client.id`: the OAuth client the request went through.
    pub fn client_id(mut self, id: &str) -> Self {
        self.client["id"] = json!(id);
        self
    }

    /// The top-level `device` (the Okta Verify device that took part).
    pub fn device(mut self, device: Value) -> Self {
        self.device = device;
        self
    }

    /// The session the event belongs to (`externalSessionId`; the root session is the same).
    pub fn session(mut self, session_id: &str) -> Self {
        self.auth.insert("externalSessionId".into(), json!(session_id));
        self.auth.insert("rootSessionId".into(), json!(session_id));
        self
    }

    /// `authenticationContext.rootSessionId` alone (a child session of another root).
    pub fn root_session(mut self, session_id: &str) -> Self {
        self.auth.insert("rootSessionId".into(), json!(session_id));
        self
    }

    /// `authenticationContext.externalSessionId` alone (e.g. `unknown` for failed sign-ins).
    pub fn external_session(mut self, session_id: &str) -> Self {
        self.auth.insert("externalSessionId".into(), json!(session_id));
        self
    }

    /// `authenticationProvider` and `credentialType` of the authentication.
    pub fn credential(mut self, provider: &str, credential_type: &str) -> Self {
        self.auth.insert("authenticationProvider".into(), json!(provider));
        self.auth.insert("credentialType".into(), json!(credential_type));
        self
    }

    /// `outcome.result` and `outcome.reason`.
    pub fn outcome(mut self, result: &str, reason: Option<&str>) -> Self {
        self.outcome = (result.to_string(), reason.map(str::to_string));
        self
    }

    /// Overrides the severity of the event type.
    pub fn severity(mut self, severity: &str) -> Self {
        self.severity = Some(severity.to_string());
        self
    }

    /// Overrides the display message of the event type.
    pub fn display(mut self, message: &str) -> Self {
        self.display = Some(message.to_string());
        self
    }

    /// Overrides the legacy event type.
    pub fn legacy(mut self, legacy: Option<&str>) -> Self {
        self.legacy = Some(legacy.map(str::to_string));
        self
    }

    /// `debugData.requestUri` and `debugData.url` (the URI with its query string).
    pub fn request_uri(mut self, uri: &str) -> Self {
        let url = if uri.contains('?') { uri.to_string() } else { format!("{uri}?") };
        let path = uri.split('?').next().unwrap_or(uri);
        self.debug.insert("requestUri".into(), json!(path));
        self.debug.insert("url".into(), json!(url));
        self
    }

    /// One `debugData` entry (Okta's values are strings).
    pub fn debug(mut self, key: &str, value: &str) -> Self {
        self.debug.insert(key.to_string(), json!(value));
        self
    }

    /// The verdicts of Okta's behavior and risk engines: `debugData.behaviors`, `risk` and
    /// `logOnlySecurityData`, and the structured `securityContext.userBehaviors`, `risk`,
    /// `botProtection` of Identity Threat Protection orgs.
    pub fn sign_in_risk(mut self, behaviors: &Behaviors, risk: &Risk) -> Self {
        let log_only = json!({"risk": risk.log_only_json(), "behaviors": behaviors.json()});
        self.debug.insert("behaviors".into(), json!(behaviors.java_map()));
        self.debug.insert("risk".into(), json!(risk.java_map()));
        self.debug.insert("logOnlySecurityData".into(), json!(log_only.to_string()));
        self.security.insert("userBehaviors".into(), behaviors.user_behaviors());
        self.security.insert(
            "risk".into(),
            json!({"level": risk.level, "reasons": risk.reasons, "detectionName": risk.detection}),
        );
        let bot = if risk.level == "HIGH" { "LOW" } else { "NONE" };
        self.security.insert("botProtection".into(), json!({"level": bot}));
        self
    }

    /// Appends a `target[]` entry.
    pub fn target(mut self, target: Value) -> Self {
        self.targets.push(target);
        self
    }

    /// One `transaction.detail` entry.
    pub fn transaction_detail(mut self, key: &str, value: Value) -> Self {
        self.transaction.2.insert(key.to_string(), value);
        self
    }

    /// The event as Okta's API returns it.
    pub fn build(self) -> Value {
        let catalog = CATALOG.iter().find(|(t, ..)| *t == self.event_type);
        let failed = self.outcome.0 == "FAILURE";
        let legacy = match self.legacy {
            Some(explicit) => explicit,
            None => failure_legacy(&self.event_type)
                .filter(|_| failed)
                .or_else(|| catalog.and_then(|c| c.2))
                .map(str::to_string),
        };
        let display = self.display.unwrap_or_else(|| catalog.map_or(self.event_type.clone(), |c| c.1.to_string()));
        let severity = self.severity.unwrap_or_else(|| catalog.map_or("INFO", |c| c.3).to_string());
        let (tx_type, tx_id, tx_detail) = self.transaction;
        json!({
            "uuid": self.uuid,
            "published": ids::okta_time(self.published),
            "eventType": self.event_type,
            "version": "0",
            "severity": severity,
            "legacyEventType": legacy,
            "displayMessage": display,
            "actor": self.actor,
            "client": self.client,
            "device": self.device,
            "authenticationContext": Value::Object(self.auth),
            "outcome": {"result": self.outcome.0, "reason": self.outcome.1},
            "securityContext": Value::Object(self.security),
            "debugContext": {"debugData": Value::Object(self.debug)},
            "transaction": {"type": tx_type, "id": tx_id, "detail": Value::Object(tx_detail)},
            "request": {"ipChain": self.ip_chain},
            "target": if self.targets.is_empty() { Value::Null } else { Value::Array(self.targets) },
        })
    }
}

/// Who made an API call, as the log records it.
#[derive(Debug, Clone, Copy)]
pub enum ApiActor<'a> {
    /// The owner of the SSWS API token used.
    User(&'a SimUser),
    /// An OAuth service app (`actor.type` `PublicClientApp`).
    Client { client_id: &'a str, name: &'a str },
}

/// What the caller's request looked like (for `client`, `request` and `debugData`).
#[derive(Debug, Clone, Copy)]
pub struct ApiRequest<'a> {
    pub ip: &'a str,
    pub user_agent: &'a str,
    pub request_id: &'a str,
    pub request_uri: &'a str,
}

/// The event Okta logs when an API caller suspends or unsuspends a user or clears their
/// sessions (`user.lifecycle.suspend`, `user.lifecycle.unsuspend`, `user.session.clear`, or
/// any other admin action on one user).
pub fn admin_lifecycle_event(
    rng: &mut impl Rng,
    event_type: &str,
    actor: &ApiActor,
    req: &ApiRequest,
    target: &SimUser,
    published: DateTime<Utc>,
) -> Value {
    let mut builder = EventBuilder::new(rng, event_type, published)
        .client_unplaced(req.ip, req.user_agent)
        .request_uri(req.request_uri)
        .debug("requestId", req.request_id)
        .debug("threatSuspected", "false")
        .target(user_target(target));
    builder.transaction.1 = req.request_id.to_string();
    match actor {
        ApiActor::User(owner) => {
            builder.actor_user(owner).transaction_detail("requestApiTokenId", json!(api_token_id(&owner.id))).build()
        }
        ApiActor::Client { client_id, name } => builder.actor_client(client_id, name).client_id(client_id).build(),
    }
}

/// The key paths of an event, for comparing its shape with real samples: dotted paths,
/// array elements flattened as `[]` (`request.ipChain[].ip`). Normalised so that Okta's
/// payloads and the published fixtures compare fairly:
/// - top-level keys are lower-cased (57 Panther events lower-case them) and Panther's `p_*`
///   metadata keys are dropped;
/// - a key whose value is `null` is absent (Okta sends `null` for what it does not know);
/// - a string holding a JSON object or array is descended into, because Okta sends
///   `logOnlySecurityData`/`threatDetections` as JSON strings and some fixtures pre-parse them;
/// - keys are trimmed (one Panther fixture spells ` New Geo-Location` with a blank);
/// - `client.ipChain` (the event-hook delivery form) is read as `request.ipChain`, and the
///   `ip`/`version`/`source` that Panther fixtures nest inside `ipChain[].geographicalContext`
///   are read as siblings of it, where every Okta-authored sample puts them.
pub fn key_paths(event: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Value::Object(map) = event {
        for (key, value) in map {
            if !key.starts_with("p_") {
                walk(&key.trim().to_ascii_lowercase(), value, &mut out);
            }
        }
    }
    out
}

fn walk(path: &str, value: &Value, out: &mut BTreeSet<String>) {
    if value.is_null() {
        return;
    }
    let path = canonical_path(path);
    out.insert(path.clone());
    descend(&path, value, out);
}

fn descend(path: &str, value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                walk(&format!("{path}.{}", key.trim()), child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                descend(&format!("{path}[]"), item, out);
            }
        }
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
            if let Ok(inner @ (Value::Object(_) | Value::Array(_))) = serde_json::from_str::<Value>(s) {
                descend(path, &inner, out);
            }
        }
        _ => {}
    }
}

fn canonical_path(path: &str) -> String {
    let path = match path.strip_prefix("client.ipChain") {
        Some(rest) => format!("request.ipChain{rest}"),
        None => path.to_string(),
    };
    for leaf in ["ip", "version", "source"] {
        if path.ends_with(&format!("ipChain[].geographicalContext.{leaf}")) {
            return path.replace(&format!("ipChain[].geographicalContext.{leaf}"), &format!("ipChain[].{leaf}"));
        }
    }
    path
}

/// The `eventType` of an event, whatever the case of its key.
pub fn event_type_of(event: &Value) -> Option<&str> {
    event.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case("eventType")).and_then(|(_, v)| v.as_str())
}

/// Every LogEvent under a samples folder (`shared/okta-samples`): the `.json` files of
/// `okta-developer-docs/` (event-hook payloads unwrapped) and `okta-openapi/ListLogs*`, and
/// each line of `panther-analysis/*.ndjson`. Unparseable lines are skipped.
pub fn read_samples(root: &Path) -> std::io::Result<Vec<Value>> {
    let mut events = Vec::new();
    for dir in ["okta-developer-docs", "okta-openapi", "panther-analysis"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let text = std::fs::read_to_string(&path)?;
            if name.ends_with(".ndjson") {
                events.extend(text.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()));
            } else if name.ends_with(".json") && (dir != "okta-openapi" || name.starts_with("ListLogs")) {
                if let Ok(doc) = serde_json::from_str::<Value>(&text) {
                    events.extend(unwrap_sample(doc));
                }
            }
        }
    }
    Ok(events)
}

fn unwrap_sample(doc: Value) -> Vec<Value> {
    match doc {
        Value::Array(items) => items,
        Value::Object(ref map) if map.get("data").and_then(|d| d.get("events")).is_some() => {
            doc["data"]["events"].as_array().cloned().unwrap_or_default()
        }
        other => vec![other],
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A small hand-built org with every persona, for the log tests.

    use chrono::{Duration, TimeZone, Utc};
    use serde_json::json;

    use crate::org::{
        personas, Location, Org, SimApp, SimFactor, SimGroup, SimPolicy, SimPolicyRule, SimRole, SimUser, UserAgent,
        UserProfile,
    };

    /// Okta's top-level `LogEvent` keys, in Okta's casing: what every event the sim makes
    /// carries. The client's model keeps its own list (`oktui::okta::model::TOP_LEVEL_KEYS`);
    /// `tests/sim/shape.rs` checks the sim serves exactly that one.
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

    /// The anchor of the fixture org.
    pub fn anchor() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 12, 0, 0, 0).unwrap()
    }

    fn place(i: usize) -> Location {
        let cities = [
            (
                "San Francisco",
                "California",
                "94107",
                37.7697,
                -122.3933,
                7922,
                "comcast cable communications, llc",
                "comcast.net",
            ),
            ("New York", "New York", "10001", 40.7506, -73.9972, 701, "verizon business", "verizon.net"),
            ("Chicago", "Illinois", "60601", 41.8858, -87.6181, 7018, "at&t services, inc.", "att.net"),
            ("Austin", "Texas", "78701", 30.2711, -97.7437, 11427, "charter communications inc", "spectrum.com"),
        ];
        let c = cities[i % cities.len()];
        Location {
            city: c.0.into(),
            state: c.1.into(),
            country: "United States".into(),
            postal_code: c.2.into(),
            lat: c.3,
            lon: c.4,
            ip: format!("{}.{}.{}.{}", 24 + i % 4, 10 + i % 200, 20 + i % 100, 2 + i % 250),
            as_number: c.5,
            as_org: c.6.into(),
            isp: c.6.into(),
            domain: c.7.into(),
            is_proxy: false,
        }
    }

    fn agent(i: usize) -> UserAgent {
        if i.is_multiple_of(3) {
            UserAgent {
                raw: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36".into(),
                os: "Windows 10".into(),
                browser: "CHROME".into(),
            }
        } else {
            UserAgent {
                raw: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36".into(),
                os: "Mac OS X".into(),
                browser: "CHROME".into(),
            }
        }
    }

    fn factor(i: usize, kind: &str) -> SimFactor {
        let t = anchor() - Duration::days(100);
        SimFactor {
            id: format!("mfa{:017}", i),
            factor_type: kind.into(),
            provider: "OKTA".into(),
            vendor_name: "OKTA".into(),
            status: "ACTIVE".into(),
            created: t,
            last_updated: t,
            profile: json!({}),
        }
    }

    fn role(kind: &str) -> SimRole {
        SimRole {
            id: format!("ra1{:0>17}", kind.len()),
            role_type: kind.into(),
            label: kind.into(),
            assignment_type: "USER".into(),
            created: anchor() - Duration::days(300),
        }
    }

    fn user(i: usize, local: &str, status: &str, factors: &[&str], roles: &[&str]) -> SimUser {
        let t = anchor() - Duration::days(400);
        let (first, last) = local.split_once('.').unwrap_or((local, "user"));
        SimUser {
            id: format!("00u{:017}", i),
            status: status.into(),
            created: t,
            activated: Some(t),
            status_changed: None,
            last_login: None,
            last_updated: t,
            password_changed: Some(t),
            profile: UserProfile {
                login: format!("{local}@acme.example"),
                email: format!("{local}@acme.example"),
                first_name: first.into(),
                last_name: last.into(),
                display_name: format!("{first} {last}"),
                department: "Engineering".into(),
                title: "Engineer".into(),
                city: place(i).city,
                state: place(i).state,
                country_code: "US".into(),
                mobile_phone: None,
                employee_number: format!("{i}"),
                user_type: "Employee".into(),
            },
            factors: factors.iter().enumerate().map(|(k, f)| factor(i * 10 + k, f)).collect(),
            roles: roles.iter().map(|r| role(r)).collect(),
            home: place(i),
            user_agent: agent(i),
        }
    }

    /// The fixture org: every persona plus `extra` ordinary people with mixed factors,
    /// statuses, groups and apps.
    pub fn org(extra: usize) -> Org {
        let mut users = vec![
            user(0, personas::API_TOKEN_OWNER, "ACTIVE", &[], &["READ_ONLY_ADMIN", "USER_ADMIN"]),
            user(1, personas::SUPER_ADMIN, "ACTIVE", &["webauthn", "push"], &["SUPER_ADMIN"]),
            user(2, personas::PUSH_BOMBED, "ACTIVE", &["push"], &[]),
            user(3, personas::BRUTE_FORCED, "LOCKED_OUT", &["push"], &[]),
            user(4, personas::FLAGGED_COUNTRY, "ACTIVE", &["signed_nonce"], &[]),
            user(5, personas::TRAVELLER, "ACTIVE", &["push"], &[]),
            user(6, personas::NEW_ADMIN, "ACTIVE", &["push"], &["ORG_ADMIN"]),
            user(7, personas::SESSION_HIJACKED, "ACTIVE", &["signed_nonce"], &[]),
            user(8, personas::ADMIN_NO_MFA, "ACTIVE", &[], &["HELP_DESK_ADMIN"]),
        ];
        let kinds: [&[&str]; 5] = [&["push"], &["signed_nonce"], &["sms"], &[], &["token:software:totp", "email"]];
        let statuses =
            ["ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "SUSPENDED", "PASSWORD_EXPIRED", "DEPROVISIONED", "STAGED"];
        for k in 0..extra {
            let i = 9 + k;
            users.push(user(i, &format!("staff.member{k}"), statuses[k % statuses.len()], kinds[k % kinds.len()], &[]));
        }
        let t = anchor() - Duration::days(500);
        let everyone: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
        let half: Vec<String> = users.iter().step_by(2).map(|u| u.id.clone()).collect();
        let groups = vec![
            SimGroup {
                id: "00g00000000000000001".into(),
                name: "Everyone".into(),
                description: "All users".into(),
                group_type: "BUILT_IN".into(),
                created: t,
                last_updated: t,
                last_membership_updated: t,
                member_ids: everyone.clone(),
            },
            SimGroup {
                id: "00g00000000000000002".into(),
                name: "Engineering".into(),
                description: "Engineers".into(),
                group_type: "OKTA_GROUP".into(),
                created: t,
                last_updated: t,
                last_membership_updated: t,
                member_ids: half,
            },
        ];
        let app =
            |n: usize, name: &str, label: &str, mode: &str, user_ids: Vec<String>, group_ids: Vec<String>| SimApp {
                id: format!("0oa{:017}", n),
                name: name.into(),
                label: label.into(),
                status: "ACTIVE".into(),
                sign_on_mode: mode.into(),
                created: t,
                last_updated: t,
                user_ids,
                group_ids,
            };
        let apps = vec![
            app(1, "salesforce", "Salesforce", "SAML_2_0", vec![], vec!["00g00000000000000001".into()]),
            app(2, "github", "GitHub Enterprise", "SAML_2_0", vec![], vec!["00g00000000000000002".into()]),
            app(3, "oidc_client", "Expenses", "OPENID_CONNECT", vec![everyone[2].clone(), everyone[3].clone()], vec![]),
        ];
        let rule = SimPolicyRule {
            id: "0pr00000000000000001".into(),
            name: "Require MFA".into(),
            priority: 1,
            status: "ACTIVE".into(),
            system: false,
            rule_type: "SIGN_ON".into(),
            created: t,
            last_updated: t,
            conditions: json!({}),
            actions: json!({}),
        };
        let policies = vec![SimPolicy {
            id: "00p00000000000000001".into(),
            policy_type: "OKTA_SIGN_ON".into(),
            name: "Default Policy".into(),
            description: "The default policy".into(),
            priority: 1,
            status: "ACTIVE".into(),
            system: true,
            created: t,
            last_updated: t,
            conditions: json!({}),
            settings: json!({}),
            rules: vec![rule],
        }];
        Org {
            domain: "acme.example".into(),
            api_token_owner_id: users[0].id.clone(),
            users,
            groups,
            apps,
            policies,
            service_app_roles: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::TOP_LEVEL_KEYS;
    use super::*;
    use chrono::TimeZone;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn rng() -> ChaCha20Rng {
        ChaCha20Rng::seed_from_u64(7)
    }

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 11, 14, 0, 0).unwrap()
    }

    #[test]
    fn builder_emits_every_top_level_key() {
        let e = EventBuilder::new(&mut rng(), "user.session.start", at()).build();
        let keys: BTreeSet<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, TOP_LEVEL_KEYS.iter().copied().collect());
        assert_eq!(e["version"], "0");
        assert_eq!(e["displayMessage"], "User login to Okta");
        assert_eq!(e["legacyEventType"], "core.user_auth.login_success");
        assert_eq!(e["published"], "2025-03-11T14:00:00.000Z");
        assert_eq!(e["transaction"]["id"], e["debugContext"]["debugData"]["requestId"]);
    }

    #[test]
    fn failed_sign_in_gets_the_failure_legacy_type() {
        let e = EventBuilder::new(&mut rng(), "user.session.start", at())
            .outcome("FAILURE", Some("INVALID_CREDENTIALS"))
            .build();
        assert_eq!(e["legacyEventType"], "core.user_auth.login_failed");
        assert_eq!(e["outcome"]["reason"], "INVALID_CREDENTIALS");
    }

    #[test]
    fn risk_strings_have_okta_shapes() {
        let b = Behaviors { new_country: true, ..Behaviors::HABITUAL };
        assert_eq!(
            b.java_map(),
            "{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New State=NEGATIVE, \
             New Country=POSITIVE, Velocity=NEGATIVE, New City=NEGATIVE}"
        );
        assert_eq!(Risk::low().java_map(), "{level=LOW}");
        assert_eq!(
            Risk::high(&["Anomalous Device", "Anomalous Location"]).java_map(),
            "{reasons=Anomalous Device, Anomalous Location, level=HIGH}"
        );
        let e = EventBuilder::new(&mut rng(), "policy.evaluate_sign_on", at()).sign_in_risk(&b, &Risk::low()).build();
        let log_only: Value =
            serde_json::from_str(e["debugContext"]["debugData"]["logOnlySecurityData"].as_str().unwrap()).unwrap();
        assert_eq!(log_only["behaviors"]["New Country"], "POSITIVE");
        assert_eq!(log_only["risk"]["level"], "LOW");
    }

    #[test]
    fn every_debug_value_is_a_string() {
        let org = fixtures::org(0);
        let u = &org.users[1];
        let e = EventBuilder::new(&mut rng(), "user.session.start", at())
            .actor_user(u)
            .client_at(&u.home, &u.user_agent)
            .request_uri("/idp/idx/identify")
            .debug("threatSuspected", "false")
            .sign_in_risk(&Behaviors::HABITUAL, &Risk::low())
            .build();
        for (k, v) in e["debugContext"]["debugData"].as_object().unwrap() {
            assert!(v.is_string(), "{k} is not a string");
        }
        assert_eq!(e["debugContext"]["debugData"]["url"], "/idp/idx/identify?");
    }

    #[test]
    fn admin_lifecycle_event_by_token_owner() {
        let org = fixtures::org(0);
        let (owner, victim) = (&org.users[0], &org.users[2]);
        let req = ApiRequest {
            ip: "127.0.0.1",
            user_agent: "oktui/0.1.0 reqwest",
            request_id: "req-1",
            request_uri: "/api/v1/users/00u/lifecycle/suspend",
        };
        let e = admin_lifecycle_event(&mut rng(), "user.lifecycle.suspend", &ApiActor::User(owner), &req, victim, at());
        assert_eq!(e["displayMessage"], "Suspend Okta user");
        assert_eq!(e["actor"]["type"], "User");
        assert_eq!(e["actor"]["alternateId"], owner.profile.login.as_str());
        assert_eq!(e["transaction"]["detail"]["requestApiTokenId"], json!(api_token_id(&owner.id)));
        assert!(api_token_id(&owner.id).starts_with("00T"));
        assert_eq!(e["transaction"]["id"], "req-1");
        assert_eq!(e["debugContext"]["debugData"]["requestId"], "req-1");
        assert_eq!(e["client"]["ipAddress"], "127.0.0.1");
        assert_eq!(e["request"]["ipChain"][0]["ip"], "127.0.0.1");
        assert_eq!(e["target"][0]["id"], victim.id.as_str());
        assert_eq!(e["target"][0]["type"], "User");
    }

    #[test]
    fn admin_lifecycle_event_by_service_app() {
        let org = fixtures::org(0);
        let req = ApiRequest { ip: "127.0.0.1", user_agent: "curl/8.5.0", request_id: "r", request_uri: "/x" };
        let actor = ApiActor::Client { client_id: "0oaclient", name: "oktui" };
        let e = admin_lifecycle_event(&mut rng(), "user.session.clear", &actor, &req, &org.users[3], at());
        assert_eq!(e["actor"]["type"], "PublicClientApp");
        assert_eq!(e["actor"]["id"], "0oaclient");
        assert_eq!(e["client"]["id"], "0oaclient");
        assert_eq!(e["client"]["userAgent"]["browser"], "UNKNOWN");
        assert!(e["transaction"]["detail"].get("requestApiTokenId").is_none());
        assert_eq!(e["displayMessage"], "Clear user session");
    }

    #[test]
    fn key_paths_normalises_fixture_quirks() {
        let sample = json!({
            "eventtype": "x",
            "p_log_type": "Okta.SystemLog",
            "legacyEventType": null,
            "client": {"ipChain": [{"ip": "1.2.3.4"}]},
            "request": {"ipChain": [{"geographicalContext": {"city": "A", "ip": "1.2.3.4", "version": "V4"}}]},
            "debugContext": {"debugData": {
                "logOnlySecurityData": "{\"risk\":{\"level\":\"LOW\"},\"behaviors\":{\" New IP\":\"NEGATIVE\"}}",
                "behaviors": "{New IP=NEGATIVE}",
            }},
        });
        let paths = key_paths(&sample);
        for p in [
            "eventtype",
            "request.ipChain[].ip",
            "request.ipChain[].version",
            "request.ipChain[].geographicalContext.city",
            "debugcontext.debugData.logOnlySecurityData.risk.level",
            "debugcontext.debugData.logOnlySecurityData.behaviors.New IP",
            "debugcontext.debugData.behaviors",
        ] {
            assert!(paths.contains(p), "{p} missing from {paths:?}");
        }
        assert!(!paths
            .iter()
            .any(|p| p.starts_with("p_") || p.starts_with("legacy") || p.starts_with("client.ipChain")));
    }

    #[test]
    fn user_agents_parse_like_okta() {
        let ua = parse_user_agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
        assert_eq!((ua.os.as_str(), ua.browser.as_str()), ("Mac OS X", "CHROME"));
        let ua = parse_user_agent("python-requests/2.31.0");
        assert_eq!((ua.os.as_str(), ua.browser.as_str()), ("Unknown", "UNKNOWN"));
    }

    #[test]
    fn samples_are_readable() {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/okta-samples"));
        let samples = read_samples(root).unwrap();
        assert!(samples.len() > 140, "{}", samples.len());
        assert!(samples.iter().all(|s| s.is_object()));
    }
}
