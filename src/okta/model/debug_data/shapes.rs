//! Reading behaviors and risk from each shape they come in: Java-map strings, JSON strings,
//! objects and lists.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::java_map::{parse_java_map, parse_pair};

/// Okta's risk verdict on a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// `LOW`, `MEDIUM` or `HIGH`, as sent.
    pub level: Option<String>,
    /// Why, e.g. `Anomalous Device`, `Anomalous Location`; empty if none given.
    pub reasons: Vec<String>,
}

/// Adds the behaviors in `value` to `out` (names not already present only). Accepts a
/// Java-map string, a JSON string, an object (`{"New Device": "POSITIVE"}`, or YAML-mangled
/// `{"New Device=POSITIVE": null}`) and a list (`["New Device=POSITIVE"]` or
/// `[{"name": "New Device", "result": "POSITIVE"}]`). Anything else adds nothing.
pub fn behaviors_from(value: &Value, out: &mut BTreeMap<String, String>) {
    let mut add = |name: &str, result: String| {
        let name = name.trim();
        if !name.is_empty() {
            out.entry(name.to_string()).or_insert_with(|| result.trim().to_string());
        }
    };
    match value {
        Value::String(text) => match parse_json(text) {
            Some(parsed) => behaviors_from(&parsed, out),
            None => parse_java_map(text).into_iter().flatten().for_each(|(k, v)| add(&k, v)),
        },
        Value::Object(map) => {
            for (key, result) in map {
                match result {
                    Value::Null => parse_pair(key).into_iter().for_each(|(k, v)| add(&k, v)),
                    other => add(key, text_of(other)),
                }
            }
        }
        Value::Array(items) => items.iter().filter_map(behavior_item).for_each(|(k, v)| add(&k, v)),
        _ => {}
    }
}

/// One list entry: `"New Device=POSITIVE"` or `{"name": …, "result": …}`.
fn behavior_item(item: &Value) -> Option<(String, String)> {
    match item {
        Value::String(text) => parse_pair(text),
        Value::Object(map) => Some((map.get("name")?.as_str()?.to_string(), text_of(map.get("result")?))),
        _ => None,
    }
}

/// Reads a risk verdict from a Java-map string, a JSON string or an object with `level`
/// and `reasons` (an array, or a comma-separated string). `None` if neither is present.
pub fn risk_from(value: &Value) -> Option<Risk> {
    match value {
        Value::String(text) => match parse_json(text) {
            Some(parsed) => risk_from(&parsed),
            None => {
                let entries: Map<String, Value> =
                    parse_java_map(text)?.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
                risk_from_object(&entries)
            }
        },
        Value::Object(map) => risk_from_object(map),
        _ => None,
    }
}

fn risk_from_object(map: &Map<String, Value>) -> Option<Risk> {
    let level = map.get("level").and_then(Value::as_str).map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
    let reasons: Vec<String> = match map.get("reasons") {
        Some(Value::String(text)) => text.split(',').map(str::to_string).collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let reasons: Vec<String> = reasons.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
    (level.is_some() || !reasons.is_empty()).then_some(Risk { level, reasons })
}

/// A JSON object or array inside a string; `None` for anything else.
fn parse_json(text: &str) -> Option<Value> {
    let text = text.trim();
    if !(text.starts_with('{') || text.starts_with('[')) {
        return None;
    }
    serde_json::from_str(text).ok()
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn behaviors(v: Value) -> Vec<(String, String)> {
        let mut out = BTreeMap::new();
        behaviors_from(&v, &mut out);
        out.into_iter().collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn every_behaviors_shape() {
        let expected = pairs(&[("New Device", "POSITIVE"), ("New IP", "NEGATIVE")]);
        for v in [
            json!("{New Device=POSITIVE, New IP=NEGATIVE}"),
            json!("{\"New Device\":\"POSITIVE\",\"New IP\":\"NEGATIVE\"}"),
            json!({"New Device": "POSITIVE", " New IP": "NEGATIVE"}),
            json!({"New Device=POSITIVE": null, "New IP=NEGATIVE": null}),
            json!(["New Device=POSITIVE", "New IP=NEGATIVE"]),
            json!([{"id": "bhv1", "name": "New Device", "result": "POSITIVE"}, {"name": "New IP", "result": "NEGATIVE"}]),
        ] {
            assert_eq!(behaviors(v.clone()), expected, "{v}");
        }
        for v in [json!(null), json!(3), json!("NEGATIVE"), json!("{broken"), json!([1, true])] {
            assert!(behaviors(v.clone()).is_empty(), "{v}");
        }
    }

    #[test]
    fn every_risk_shape() {
        let high =
            Some(Risk { level: Some("HIGH".into()), reasons: vec!["Anomalous Device".into(), "New ASN".into()] });
        for v in [
            json!("{reasons=Anomalous Device, New ASN, level=HIGH}"),
            json!("{\"reasons\":\"Anomalous Device, New ASN\",\"level\":\"HIGH\"}"),
            json!({"level": "HIGH", "reasons": ["Anomalous Device", "New ASN"], "detectionName": "x"}),
        ] {
            assert_eq!(risk_from(&v), high, "{v}");
        }
        assert_eq!(risk_from(&json!("{level=LOW}")), Some(Risk { level: Some("LOW".into()), reasons: vec![] }));
        for v in [json!("{}"), json!({}), json!("LOW"), json!(7), json!({"level": ""})] {
            assert_eq!(risk_from(&v), None, "{v}");
        }
    }
}
