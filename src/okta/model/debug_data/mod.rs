//! `debugContext.debugData`: free-form, "not a data contract" (Okta), so it is kept untyped
//! and read through defensive helpers.
//!
//! Every value is a string in real events, often encoding something else: `behaviors` and
//! `risk` are Java-map strings (`{New Device=POSITIVE, …}`, `{reasons=…, level=HIGH}`),
//! `logOnlySecurityData` and `tunnels` are JSON inside a string, `threatSuspected` is
//! `"true"`/`"false"`. Test fixtures also use parsed objects and lists. The helpers accept all
//! of these: try JSON, then `k=v` parsing, then give up with an empty result.

mod java_map;
mod shapes;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use java_map::parse_java_map;
pub use shapes::{behaviors_from, risk_from, Risk};

/// The `debugData` object, exactly as received.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DebugData(pub Map<String, Value>);

impl DebugData {
    /// The value of `key` if it is a string (`requestUri`, `url`, `factor`, `grantType`, …).
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.as_str()
    }

    /// A value that may be JSON inside a string (`logOnlySecurityData`, `tunnels`,
    /// `threatDetections`): the parsed JSON, or the value itself if it is already an object
    /// or array; `None` if absent or not JSON.
    pub fn json(&self, key: &str) -> Option<Value> {
        match self.0.get(key)? {
            Value::String(text) => serde_json::from_str(text.trim()).ok().filter(|v: &Value| !v.is_string()),
            v @ (Value::Object(_) | Value::Array(_)) => Some(v.clone()),
            _ => None,
        }
    }

    /// `logOnlySecurityData` as a JSON object (`{"risk":{…},"behaviors":{…}}`), from its
    /// JSON-in-string or object form.
    pub fn log_only_security_data(&self) -> Option<Value> {
        self.json("logOnlySecurityData").filter(Value::is_object)
    }

    /// Behavior name → result (`New Device` → `POSITIVE`), from `behaviors` (Java-map
    /// string, JSON string, object or list), then from `logOnlySecurityData.behaviors`;
    /// the first source to name a behavior wins. Names and results are trimmed; spellings
    /// (`Velocity`, `Velocity Behavior`) are kept as sent. Empty if nothing readable.
    pub fn behaviors(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(v) = self.0.get("behaviors") {
            behaviors_from(v, &mut out);
        }
        if let Some(v) = self.log_only_security_data().as_ref().and_then(|d| d.get("behaviors")) {
            behaviors_from(v, &mut out);
        }
        out
    }

    /// The risk verdict, from `risk` (Java-map string, JSON string or object), else from
    /// `logOnlySecurityData.risk`.
    pub fn risk(&self) -> Option<Risk> {
        self.0
            .get("risk")
            .and_then(risk_from)
            .or_else(|| self.log_only_security_data().as_ref().and_then(|d| d.get("risk")).and_then(risk_from))
    }

    /// `threatSuspected`: the strings `"true"`/`"false"` (any case) or a JSON boolean.
    pub fn threat_suspected(&self) -> Option<bool> {
        match self.0.get("threatSuspected")? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn data(v: Value) -> DebugData {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn java_map_behaviors_and_json_string_log_only_data() {
        let d = data(json!({
            "behaviors": "{New Geo-Location=NEGATIVE, New Device=POSITIVE}",
            "logOnlySecurityData": "{\"risk\":{\"level\":\"LOW\"},\"behaviors\":{\" New IP\":\"BAD_REQUEST\",\"New Device\":\"NEGATIVE\"}}",
            "threatSuspected": "false",
            "requestUri": "/idp/idx/identify"
        }));
        let b = d.behaviors();
        assert_eq!(b["New Device"], "POSITIVE");
        assert_eq!(b["New IP"], "BAD_REQUEST");
        assert_eq!(b.len(), 3);
        assert_eq!(d.risk(), Some(Risk { level: Some("LOW".into()), reasons: vec![] }));
        assert_eq!(d.threat_suspected(), Some(false));
        assert_eq!(d.str("requestUri"), Some("/idp/idx/identify"));
        assert_eq!(d.log_only_security_data().unwrap()["risk"]["level"], "LOW");
    }

    #[test]
    fn risk_java_map_keeps_commas_in_reasons() {
        let d = data(json!({"risk": "{reasons=Anomalous Device, Anomalous Location, level=HIGH}"}));
        let risk = d.risk().unwrap();
        assert_eq!(risk.level.as_deref(), Some("HIGH"));
        assert_eq!(risk.reasons, ["Anomalous Device", "Anomalous Location"]);
    }

    #[test]
    fn unreadable_values_give_empty_results() {
        let d = data(json!({"behaviors": "garbage", "risk": "{nope}", "logOnlySecurityData": "{not json",
            "threatSuspected": "maybe", "tunnels": "[OKTA_SIGN_ON]"}));
        assert!(d.behaviors().is_empty());
        assert_eq!((d.risk(), d.log_only_security_data(), d.threat_suspected()), (None, None, None));
        assert_eq!(d.json("tunnels"), None);
        assert_eq!(d.str("absent"), None);
    }

    #[test]
    fn json_in_string_fields() {
        let d = data(json!({"tunnels": "[{\"anonymous\":true,\"operator\":\"WARP_VPN\",\"type\":\"VPN\"}]",
            "threatSuspected": true}));
        assert_eq!(d.json("tunnels").unwrap()[0]["operator"], "WARP_VPN");
        assert_eq!(d.threat_suspected(), Some(true));
    }
}
