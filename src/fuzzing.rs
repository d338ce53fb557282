//! Entry points for the fuzz targets (`fuzz/`) and their proptests (`tests/fuzz_inputs.rs`):
//! each takes arbitrary bytes, hands them to one parser of untrusted input the way oktui
//! does, and checks what must hold whatever the input. A panic is a finding. Not an API.

use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{json, Value};

use crate::okta::logs::compact::{compact_from_model, SymInterner};
use crate::okta::logs::published::published_millis;
use crate::okta::logs::Ingest;
use crate::okta::model::{parse_okta_time, LogEvent};

/// A page of `GET /api/v1/logs` as the tail reads it: every element is delivered, counted
/// as a repeat, or counted as malformed; a second reading of the same page delivers none.
pub fn page_reader(data: &[u8]) {
    // Room for every uuid the page can hold (an element takes a byte at least), so none is
    // forgotten between the two readings.
    let mut ingest = Ingest::new(data.len() + 1);
    let Ok(first) = ingest.page(data, 0) else { return };
    assert_eq!(first.fresh.len() + first.duplicates + first.malformed, first.elements);
    for event in &first.fresh {
        assert!(
            serde_json::from_str::<&serde_json::value::RawValue>(event.raw.as_str()).is_ok(),
            "raw JSON is one value"
        );
    }
    let again = ingest.page(data, 0).expect("a page read once reads again");
    let with_id = first.fresh.iter().filter(|e| e.event.id.is_some()).count();
    assert_eq!(again.fresh.len(), first.fresh.len() - with_id, "events with a uuid are delivered once");
}

/// A System Log event: the lenient model reads any JSON object, and every accessor and the
/// compact form answer without panicking.
pub fn log_event(data: &[u8]) {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(data) else { return };
    let event = LogEvent::from_object(object);
    let _ = (event.event_type(), event.published_at(), event.outcome_result(), event.outcome_reason());
    let _ = (event.is_failure(), event.actor_login(), event.client_ip(), event.country(), event.city());
    let _ = (event.user_agent(), event.session_id(), event.debug_data(), event.behaviors(), event.risk());
    let _ = (event.threat_suspected(), event.target_users().count(), event.ip_chain().count());
    compact_from_model(&event, &mut SymInterner::default(), 0);
    serde_json::to_value(&event).expect("a read event serializes");
}

/// `published`: the fast reader of Okta's form agrees with the general parser.
pub fn published(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    assert_eq!(published_millis(text), parse_okta_time(text).map(|t| t.timestamp_millis()), "{text:?}");
}

/// `Link` header lines (one per line of `data`): a `next` URL found is text of one of them.
pub fn link_header(data: &[u8]) {
    let mut headers = HeaderMap::new();
    for line in data.split(|b| *b == b'\n') {
        if let Ok(v) = HeaderValue::from_bytes(line) {
            headers.append("link", v);
        }
    }
    if let Some(next) = crate::okta::client::next_link(&headers) {
        let found = headers.get_all("link").iter().filter_map(|v| v.to_str().ok()).any(|v| v.contains(&next));
        assert!(found, "{next:?} is not in the header");
    }
}

/// The sim's SCIM filter parser: an expression parses or is refused; a parsed one is
/// evaluated against an event.
pub fn scim_filter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(filter) = crate::sim::scim::parse(text) else { return };
    let event = json!({
        "eventType": "user.session.start",
        "published": "2026-11-30T10:00:00.000Z",
        "actor": {"alternateId": "kevin@acme.example", "id": "00u1", "type": "User"},
        "outcome": {"result": "FAILURE", "reason": null},
        "client": {"geographicalContext": {"geolocation": {"lat": 1.5, "lon": -2}}},
        "target": [{"id": "00u2", "type": "User"}],
    });
    filter.matches(&event);
    filter.comparisons();
    filter.uses_not();
}

/// The config file's text: it parses or is refused, never more.
pub fn config_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    crate::config::parses(text);
}

/// The console's `:` command line: it parses or is refused, and completes.
pub fn command_line(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = crate::app::command::parse(text);
    let profiles = ["default".to_string(), "prod".to_string()];
    for line in crate::app::command::complete(text, &profiles) {
        assert!(!line.is_empty(), "an empty completion of {text:?}");
    }
}
