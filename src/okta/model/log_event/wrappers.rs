//! Reading events from the shapes they arrive in: a `/api/v1/logs` page (an array), an
//! event-hook delivery (`{"data": {"events": [...]}}`), or a single event.

use serde_json::{Map, Value};

use super::LogEvent;

/// A JSON value that holds no System Log event where one was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventParseError {
    /// An item was not a JSON object.
    #[error(
        "expected a System Log event (a JSON object) but found {found}; \
         pass LogEvent objects, an array of them, or an event-hook payload"
    )]
    NotAnEvent {
        /// The JSON type found instead: `a string`, `a number`, …
        found: &'static str,
    },
}

/// Every event in `value`, in order: the items of an array (nested arrays and event-hook
/// payloads unwrapped too), the `data.events` of an event-hook payload, or `value` itself if
/// it is a single event. Items that are not JSON objects give an error in their place, so
/// nothing is skipped silently.
pub fn events_from_json(value: Value) -> Vec<Result<LogEvent, EventParseError>> {
    let mut out = Vec::new();
    collect(value, &mut out);
    out
}

fn collect(value: Value, out: &mut Vec<Result<LogEvent, EventParseError>>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|item| collect(item, out)),
        Value::Object(object) => match hook_events(object) {
            Ok(events) => events.into_iter().for_each(|item| collect(item, out)),
            Err(event) => out.push(Ok(LogEvent::from_object(event))),
        },
        other => out.push(Err(EventParseError::NotAnEvent { found: kind(&other) })),
    }
}

/// The `data.events` of an event-hook payload, or the object back if it is not one.
fn hook_events(mut object: Map<String, Value>) -> Result<Vec<Value>, Map<String, Value>> {
    let is_hook = object.get("data").and_then(|d| d.get("events")).is_some_and(Value::is_array);
    if !is_hook {
        return Err(object);
    }
    match object.remove("data").and_then(|mut data| data.get_mut("events").map(Value::take)) {
        Some(Value::Array(events)) => Ok(events),
        _ => Ok(Vec::new()),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn types(value: Value) -> Vec<Result<Option<String>, EventParseError>> {
        events_from_json(value).into_iter().map(|r| r.map(|e| e.event_type)).collect()
    }

    #[test]
    fn arrays_hooks_and_single_events() {
        let a = json!({"eventType": "a"});
        let hook =
            json!({"eventType": "com.okta.event_hook", "data": {"events": [{"eventType": "b"}, {"eventType": "c"}]}});
        assert_eq!(types(a.clone()), [Ok(Some("a".into()))]);
        assert_eq!(types(hook.clone()).len(), 2);
        assert_eq!(types(json!([a, hook, [{"eventtype": "d"}]])).last(), Some(&Ok(Some("d".into()))));
        assert_eq!(types(json!([])), []);
    }

    #[test]
    fn non_objects_give_errors_in_place() {
        let out = types(json!([{"eventType": "a"}, "text", 3, null]));
        assert_eq!(out.len(), 4);
        assert_eq!(out[1], Err(EventParseError::NotAnEvent { found: "a string" }));
        assert!(out[3].as_ref().unwrap_err().to_string().contains("found null"));
    }

    #[test]
    fn an_event_with_a_data_key_that_is_not_a_hook_stays_an_event() {
        let out = events_from_json(json!({"eventType": "x", "data": {"other": 1}}));
        let event = out.into_iter().next().unwrap().unwrap();
        assert_eq!(event.extra["data"], json!({"other": 1}));
    }
}
