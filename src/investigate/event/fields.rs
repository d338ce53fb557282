//! One event as both readers see it before it is made compact: borrowed strings, and the
//! `debugData` and `securityContext` it carries. The byte reader ([`super::page`]) and the
//! [`LogEvent`] reader fill the same [`Fields`]; everything the detections derive from an
//! event (Okta's verdicts, the place, the policy downgrade) is then computed here, once,
//! for both.

use serde_json::Value;

use crate::okta::model::{behaviors_of, risk_of, DebugData, LogEvent, SecurityContext, Target};

/// The `debugData` keys the detections read (with [`SUSPICIOUS_KEYS`]); the byte reader
/// keeps only these.
pub const DEBUG_KEYS: [&str; 11] = [
    "behaviors",
    "risk",
    "logOnlySecurityData",
    "threatSuspected",
    "tunnels",
    "originalPrincipal",
    "factor",
    "privilegeGranted",
    "networkConnection",
    "dtHash",
    "initiationType",
];

/// The `debugData` keys of a reported suspicious activity.
pub const SUSPICIOUS_KEYS: [&str; 4] = [
    "suspiciousActivityEventType",
    "suspiciousActivityEventIp",
    "suspiciousActivityEventCity",
    "suspiciousActivityEventCountry",
];

/// Whether the detections read `debugData.key`.
pub fn is_read_debug_key(key: &str) -> bool {
    DEBUG_KEYS.contains(&key) || SUSPICIOUS_KEYS.contains(&key)
}

/// One target as read: type, id, alternate id, display name, and its change details.
#[derive(Debug, Clone, Copy, Default)]
pub struct TargetFields<'a> {
    pub kind: Option<&'a str>,
    pub id: Option<&'a str>,
    pub alternate_id: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub change_from: Option<&'a Value>,
    pub change_to: Option<&'a Value>,
    /// `detailEntry.oktaDeviceId` (a device's id in Okta's device events).
    pub device_id: Option<&'a str>,
}

impl<'a> TargetFields<'a> {
    /// A target of the lenient model.
    pub fn of(t: &'a Target) -> TargetFields<'a> {
        let change = t.change_details.as_ref();
        TargetFields {
            kind: t.target_type.as_deref(),
            id: t.id.as_deref(),
            alternate_id: t.alternate_id.as_deref(),
            display_name: t.display_name.as_deref(),
            change_from: change.and_then(|c| c.from.as_ref()),
            change_to: change.and_then(|c| c.to.as_ref()),
            device_id: t.detail_entry.as_ref().and_then(|d| d.get("oktaDeviceId")?.as_str()),
        }
    }
}

/// The fields of one event, however it was read.
#[derive(Debug, Clone, Default)]
pub struct Fields<'a> {
    pub uuid: Option<&'a str>,
    pub published: Option<&'a str>,
    pub event_type: Option<&'a str>,
    pub result: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub actor_type: Option<&'a str>,
    /// `actor.alternateId` as sent.
    pub actor_login: Option<&'a str>,
    pub actor_name: Option<&'a str>,
    /// As [`LogEvent::client_ip`] reads it.
    pub client_ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// `authenticationContext.externalSessionId` as sent.
    pub session: Option<&'a str>,
    /// `authenticationContext.rootSessionId` as sent.
    pub root_session: Option<&'a str>,
    pub transaction_id: Option<&'a str>,
    /// As [`LogEvent::country`] and [`LogEvent::city`] read them.
    pub country: Option<&'a str>,
    pub city: Option<&'a str>,
    /// As [`LogEvent::geolocation`] reads it.
    pub geo: Option<(f64, f64)>,
    /// `debugContext.debugData` (the byte reader keeps only the [`DEBUG_KEYS`]).
    pub debug: Option<&'a DebugData>,
    pub security: Option<&'a SecurityContext>,
    pub targets: Vec<TargetFields<'a>>,
}

impl<'a> Fields<'a> {
    /// The fields of an event of the lenient model.
    pub fn of(e: &'a LogEvent) -> Fields<'a> {
        let actor = e.actor.as_ref();
        Fields {
            uuid: e.uuid.as_deref(),
            published: e.published.as_deref(),
            event_type: e.event_type(),
            result: e.outcome_result(),
            reason: e.outcome_reason(),
            actor_id: actor.and_then(|a| a.id.as_deref()),
            actor_type: actor.and_then(|a| a.actor_type.as_deref()),
            actor_login: actor.and_then(|a| a.alternate_id.as_deref()),
            actor_name: actor.and_then(|a| a.display_name.as_deref()),
            client_ip: e.client_ip(),
            user_agent: e.user_agent(),
            session: e.authentication_context.as_ref().and_then(|a| a.external_session_id.as_deref()),
            root_session: e.authentication_context.as_ref().and_then(|a| a.root_session_id.as_deref()),
            transaction_id: e.transaction.as_ref().and_then(|t| t.id.as_deref()),
            country: e.country(),
            city: e.city(),
            geo: e.geolocation(),
            debug: e.debug_data(),
            security: e.security_context.as_ref(),
            targets: e.target.iter().flatten().map(TargetFields::of).collect(),
        }
    }

    /// A `debugData` value that is a string.
    pub fn debug_str(&self, key: &str) -> Option<&'a str> {
        self.debug?.str(key)
    }

    /// Whether `debugData` has `key`, whatever its value.
    fn has_debug(&self, key: &str) -> bool {
        self.debug.is_some_and(|d| d.0.contains_key(key))
    }

    /// Whether `debugData`'s `key` is `true` as SCIM's `eq "true"` compares: the boolean,
    /// or the text in any case (an array: any item).
    pub fn debug_is_true(&self, key: &str) -> bool {
        let leaf = |v: &Value| match v {
            Value::Bool(b) => *b,
            Value::String(s) => s.eq_ignore_ascii_case("true"),
            _ => false,
        };
        match self.debug.and_then(|d| d.0.get(key)) {
            Some(Value::Array(items)) => items.iter().any(leaf),
            Some(v) => leaf(v),
            None => false,
        }
    }

    /// Whether `debugData`'s `key` holds a value SCIM's `pr` calls present: not null, `""`,
    /// `{}`, or an array of none but those.
    pub fn debug_is_present(&self, key: &str) -> bool {
        let leaf = |v: &Value| match v {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Object(o) => !o.is_empty(),
            _ => true,
        };
        match self.debug.and_then(|d| d.0.get(key)) {
            None => false,
            Some(Value::Array(items)) => items.iter().any(leaf),
            Some(v) => leaf(v),
        }
    }

    /// The autonomous system of the request, if known.
    pub fn as_number(&self) -> Option<i64> {
        self.security?.as_number.as_ref()?.as_i64()
    }

    /// The organisation behind the IP (`securityContext.asOrg`, else the ISP).
    pub fn network(&self) -> Option<&'a str> {
        let s = self.security?;
        s.as_org.as_deref().or(s.isp.as_deref()).filter(|n| !n.trim().is_empty())
    }

    /// Okta's behavior verdicts that came out `POSITIVE`. `debugData.behaviors` as a
    /// Java-map string (Okta's usual form) is read without allocating, with the structured
    /// `securityContext.userBehaviors`; any other shape goes through [`behaviors_of`].
    pub fn behaviors(&self) -> BehaviorFlags {
        let mut flags = BehaviorFlags::default();
        let quick = self.debug.and_then(|d| d.str("behaviors")).and_then(java_map_body);
        match quick {
            Some(body) => {
                for pair in body.split(',') {
                    if let Some((name, result)) = pair.split_once('=') {
                        flags.set(name, result);
                    }
                }
                for b in self.security.and_then(|s| s.user_behaviors.as_ref()).into_iter().flatten() {
                    if let (Some(name), Some(result)) = (b.name.as_deref(), b.result.as_deref()) {
                        flags.set(name, result);
                    }
                }
            }
            None => {
                for (name, result) in behaviors_of(self.debug, self.security) {
                    flags.set(&name, &result);
                }
            }
        }
        flags
    }

    /// Whether the event carries behavior verdicts at all (in `debugData` or
    /// `securityContext`).
    pub fn has_behaviors(&self) -> bool {
        self.has_debug("behaviors")
            || self.has_debug("logOnlySecurityData")
            || self.security.is_some_and(|s| s.user_behaviors.is_some())
    }

    /// Whether Okta rated the risk `HIGH`: the Java-map `debugData.risk` read without
    /// allocating, else [`risk_of`].
    pub fn risk_is_high(&self) -> bool {
        let quick = self.debug.and_then(|d| d.str("risk")).and_then(java_map_body);
        if let Some(body) = quick {
            let level = body.split(',').filter_map(|p| p.split_once('=')).find(|(k, _)| k.trim() == "level");
            if let Some((_, level)) = level {
                return level.trim().eq_ignore_ascii_case("HIGH");
            }
        }
        risk_of(self.debug, self.security).and_then(|r| r.level).is_some_and(|l| l.eq_ignore_ascii_case("HIGH"))
    }

    /// Whether the request came through an anonymising proxy, VPN or Tor:
    /// `securityContext.isProxy`, an anonymous IP service category, or anonymous
    /// `debugData.tunnels`.
    pub fn is_proxy(&self) -> bool {
        let security = self.security;
        let flagged = security.is_some_and(|s| s.is_proxy == Some(true));
        let categories = security.and_then(|s| s.ip_details.as_ref()?.ip_service_categories.as_ref());
        flagged || categories.into_iter().flatten().any(|c| c.is_anonymous == Some(true)) || self.tunnelled()
    }

    /// Whether `debugData.tunnels` names an anonymous tunnel.
    fn tunnelled(&self) -> bool {
        match self.debug.and_then(|d| d.json("tunnels")) {
            Some(Value::Array(items)) => items.iter().any(|t| t.get("anonymous") == Some(&Value::Bool(true))),
            _ => false,
        }
    }

    /// `debugData.threatSuspected`.
    pub fn threat_suspected(&self) -> Option<bool> {
        self.debug?.threat_suspected()
    }

    /// Whether [`risk_of`] may rate the event `MEDIUM` or `HIGH`, found without parsing: its
    /// level is read from `debugData.risk`, `logOnlySecurityData` or `securityContext.risk`,
    /// and is a piece of one of these texts unless an escape or a JSON value made it, so it
    /// cannot be `MEDIUM` or `HIGH` when none holds either word, an escape or other JSON.
    pub fn may_rate_medium_or_high(&self) -> bool {
        let may = |text: &str| {
            let t = text.as_bytes();
            let has = |word: &[u8]| t.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
            t.contains(&b'\\') || has(b"high") || has(b"medium")
        };
        let debug = |key: &str| match self.debug.and_then(|d| d.0.get(key)) {
            None => false,
            Some(Value::String(text)) => may(text),
            Some(_) => true,
        };
        let security = self.security.and_then(|s| s.risk.as_ref()?.level.as_deref()).is_some_and(may);
        debug("risk") || debug("logOnlySecurityData") || security
    }

    /// Whether `debugData.originalPrincipal` is present (someone acted as the actor).
    pub fn has_original_principal(&self) -> bool {
        self.has_debug("originalPrincipal")
    }

    /// The real actor named by `debugData.originalPrincipal` (an object, or JSON in a
    /// string): its alternate id, display name or id, as sent.
    pub fn original_principal(&self) -> Option<String> {
        let value = self.debug?.json("originalPrincipal")?;
        ["alternateId", "displayName", "id"]
            .iter()
            .find_map(|k| value.get(*k)?.as_str().filter(|s| !s.trim().is_empty()))
            .map(str::to_string)
    }

    /// Whether `debugData.originalPrincipal` names the actor itself (Okta writes it on some
    /// ordinary events): the same `id`, or, where either has no id, the same `alternateId`
    /// (any case).
    pub fn principal_is_actor(&self) -> bool {
        let Some(value) = self.debug.and_then(|d| d.json("originalPrincipal")) else { return false };
        let field = |k: &str| value.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let same =
            |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b.trim()));
        match (field("id"), self.actor_id.map(str::trim).filter(|s| !s.is_empty())) {
            (Some(id), Some(actor)) => id == actor,
            _ => same(field("alternateId"), self.actor_login),
        }
    }

    /// The first `detailEntry.oktaDeviceId` among the targets.
    pub fn device_id(&self) -> Option<&'a str> {
        self.targets.iter().find_map(|t| t.device_id).filter(|d| !d.trim().is_empty())
    }

    /// Whether the change details show MFA turned down: `factorMode` `2FA` → `1FA`, or a
    /// `requireFactor`-like setting `true` → `false`.
    pub fn is_downgrade(&self) -> bool {
        self.targets.iter().any(|t| {
            let text = |v: Option<&Value>| v.map(|v| v.to_string().replace(['\\', ' '], "")).unwrap_or_default();
            let (from, to) = (text(t.change_from), text(t.change_to));
            (from.contains("\"factorMode\":\"2FA\"") && to.contains("\"factorMode\":\"1FA\""))
                || (from.contains("\"requireFactor\":true") && to.contains("\"requireFactor\":false"))
        })
    }
}

/// Okta's behavior verdicts that came out `POSITIVE` on an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BehaviorFlags {
    pub new_device: bool,
    pub new_geo_location: bool,
    pub new_ip: bool,
    pub new_country: bool,
    pub new_city: bool,
    pub velocity: bool,
}

impl BehaviorFlags {
    fn set(&mut self, name: &str, result: &str) {
        if !result.trim().eq_ignore_ascii_case("POSITIVE") {
            return;
        }
        match name.trim() {
            n if n.eq_ignore_ascii_case("New Device") => self.new_device = true,
            n if n.eq_ignore_ascii_case("New Geo-Location") => self.new_geo_location = true,
            n if n.eq_ignore_ascii_case("New IP") => self.new_ip = true,
            n if n.eq_ignore_ascii_case("New Country") => self.new_country = true,
            n if n.eq_ignore_ascii_case("New City") => self.new_city = true,
            n if n.eq_ignore_ascii_case("Velocity") || n.eq_ignore_ascii_case("Velocity Behavior") => {
                self.velocity = true
            }
            _ => {}
        }
    }

    /// Whether any new-place verdict is positive (geo-location, country, city or IP).
    pub fn new_place(&self) -> bool {
        self.new_geo_location || self.new_country || self.new_city || self.new_ip
    }

    /// Whether anything is positive.
    pub fn any(&self) -> bool {
        self.new_device || self.new_place() || self.velocity
    }
}

/// The inside of `{k=v, …}` when the text is a Java map, not JSON.
fn java_map_body(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    (!inner.trim_start().starts_with('"')).then_some(inner)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(v: Value) -> LogEvent {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn behaviors_and_risk_in_every_shape() {
        let java = event(json!({"debugContext": {"debugData": {
            "behaviors": "{New Geo-Location=NEGATIVE, New Device=POSITIVE, Velocity Behavior=POSITIVE}",
            "risk": "{reasons=Anomalous Device, Anomalous Location, level=HIGH}"}}}));
        let flags = Fields::of(&java).behaviors();
        assert!(flags.new_device && flags.velocity && !flags.new_geo_location);
        assert!(Fields::of(&java).risk_is_high());
        let log_only = event(json!({"debugContext": {"debugData": {
            "logOnlySecurityData": "{\"risk\":{\"level\":\"HIGH\"},\"behaviors\":{\"New IP\":\"POSITIVE\"}}"}}}));
        assert!(Fields::of(&log_only).behaviors().new_ip && Fields::of(&log_only).risk_is_high());
        let structured =
            event(json!({"securityContext": {"userBehaviors": [{"name": "New Country", "result": "POSITIVE"}],
            "risk": {"level": "LOW"}}}));
        assert!(Fields::of(&structured).behaviors().new_country && !Fields::of(&structured).risk_is_high());
        let nothing = event(json!({"debugContext": {"debugData": {"behaviors": 7, "risk": "{level=LOW}"}}}));
        assert_eq!(Fields::of(&nothing).behaviors(), BehaviorFlags::default());
        assert!(!Fields::of(&nothing).risk_is_high());
    }

    #[test]
    fn proxies_tunnels_and_downgrades() {
        let tunnel = event(json!({"debugContext": {"debugData": {
            "tunnels": "[{\"anonymous\":true,\"operator\":\"WARP_VPN\",\"type\":\"VPN\"}]"}}}));
        assert!(Fields::of(&tunnel).is_proxy());
        let category = event(json!({"securityContext": {"isProxy": false,
            "ipDetails": {"ipServiceCategories": [{"type": "Tor", "isAnonymous": true}]}}}));
        assert!(Fields::of(&category).is_proxy());
        assert!(!Fields::of(&event(json!({"securityContext": {"isProxy": false}}))).is_proxy());
        let rule = event(json!({"target": [{"type": "PolicyRule", "changeDetails": {
            "from": {"factorMode": "2FA"}, "to": {"factorMode": "1FA"}}}]}));
        assert!(Fields::of(&rule).is_downgrade());
        let principal = event(
            json!({"debugContext": {"debugData": {"originalPrincipal": "{\"alternateId\": \"  \", \"id\": \"00u9\"}"}}}),
        );
        assert_eq!(Fields::of(&principal).original_principal().as_deref(), Some("00u9"));
        assert!(Fields::of(&principal).has_original_principal());
    }
}
