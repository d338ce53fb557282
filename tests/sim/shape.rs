//! The sim's events have the shape of real ones: for the event types the console leans on,
//! every key path of Okta's published samples (../shared/okta-samples) is present in the
//! events served by `GET /api/v1/logs`, and their top-level keys are the client model's.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Utc;
use oktui::sim::ids::okta_time;
use oktui::sim::logs::events::{event_type_of, key_paths, read_samples};
use oktui::sim::SimConfig;

use crate::common::{collect_pages, small_config, ssws, start};

const TYPES: &[&str] =
    &["user.session.start", "user.authentication.auth_via_mfa", "policy.evaluate_sign_on", "security.threat.detected"];

#[tokio::test]
async fn served_events_have_every_key_path_of_the_real_samples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/okta-samples");
    let samples = read_samples(&root).expect("the samples folder is readable");
    let sim = start(SimConfig { log_backfill_secs: 7 * 3600, ..small_config(200) }).await;
    let since = okta_time(Utc::now() - chrono::Duration::hours(7));
    let until = okta_time(Utc::now());
    for event_type in TYPES {
        let expected: BTreeSet<String> =
            samples.iter().filter(|e| event_type_of(e) == Some(event_type)).flat_map(key_paths).collect();
        assert!(!expected.is_empty(), "no real sample of {event_type}");
        let filter = format!("eventType eq \"{event_type}\"");
        let url = format!(
            "{}/api/v1/logs?since={since}&until={until}&limit=1000&filter={}",
            sim.url(),
            url::form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>()
        );
        let (served, _) = collect_pages(&url, &ssws(&sim)).await;
        assert!(!served.is_empty(), "the sim served no {event_type}");
        let generated: BTreeSet<String> = served.iter().flat_map(key_paths).collect();
        let missing: Vec<_> = expected.difference(&generated).collect();
        assert!(missing.is_empty(), "{event_type}: key paths of real samples missing from the sim: {missing:#?}");
    }
}

/// The sim keeps its own list of Okta's top-level `LogEvent` keys (it knows nothing of the
/// client); every event it serves carries exactly the keys the client's model knows.
#[tokio::test]
async fn served_events_have_exactly_the_client_models_top_level_keys() {
    let sim = start(small_config(30)).await;
    let since = okta_time(Utc::now() - chrono::Duration::hours(1));
    let until = okta_time(Utc::now());
    let url = format!("{}/api/v1/logs?since={since}&until={until}&limit=1000", sim.url());
    let (served, _) = collect_pages(&url, &ssws(&sim)).await;
    assert!(!served.is_empty(), "the sim served no events");
    let expected: BTreeSet<&str> = oktui::okta::model::TOP_LEVEL_KEYS.iter().copied().collect();
    for event in &served {
        let keys: BTreeSet<&str> =
            event.as_object().expect("an event is an object").keys().map(String::as_str).collect();
        assert_eq!(keys, expected, "{event}");
    }
}
