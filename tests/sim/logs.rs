//! The System Log: polling requests that always carry `next`, events appended later appearing
//! on the stored `next` link exactly once, bounded windows that end, filters and keywords.

use std::collections::HashSet;
use std::time::Duration;

use chrono::Utc;
use oktui::sim::ids::okta_time;
use oktui::sim::SimConfig;
use serde_json::Value;

use crate::common::{collect_pages, get, next_link, small_config, ssws, start};

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn polling_returns_next_on_an_empty_page() {
    let sim = start(small_config(20)).await;
    let since = okta_time(Utc::now() + chrono::Duration::hours(1));
    let url = format!("{}/api/v1/logs?since={}&sortOrder=ASCENDING&limit=10", sim.url(), enc(&since));
    let (s, h, body) = get(&url, &ssws(&sim)).await;
    assert_eq!(s, 200);
    assert_eq!(body, Value::Array(vec![]));
    let next = next_link(&h).expect("a polling request always has next");
    let (s, h, body) = get(&next, &ssws(&sim)).await;
    assert_eq!((s, body.as_array().map(Vec::len)), (200, Some(0)));
    assert!(next_link(&h).is_some());
}

#[tokio::test]
async fn events_appended_later_appear_on_next_exactly_once() {
    // Generous limits: this test polls far faster than a real tail would.
    let rate_limits = oktui::sim::RateLimitConfig { scale: 100.0, ..Default::default() };
    // A minute of history is enough: the test is about what the live generator appends.
    let config = SimConfig {
        log_events_per_minute: 1200.0,
        log_backfill_secs: 60,
        live_log: true,
        rate_limits,
        ..small_config(100)
    };
    let sim = start(config).await;
    let auth = ssws(&sim);
    let since = okta_time(Utc::now() - chrono::Duration::minutes(30));
    let mut url = format!("{}/api/v1/logs?since={}&sortOrder=ASCENDING&limit=50", sim.url(), enc(&since));
    let mut seen = HashSet::new();
    let mut total = 0;
    let started = std::time::Instant::now();
    let mut live = 0;
    while started.elapsed() < Duration::from_secs(4) {
        let (s, h, body) = get(&url, &auth).await;
        assert_eq!(s, 200, "{body}");
        for e in body.as_array().unwrap() {
            total += 1;
            seen.insert(e["uuid"].as_str().unwrap().to_string());
            if started.elapsed() > Duration::from_millis(200) {
                live += 1;
            }
        }
        url = next_link(&h).expect("polling pages always have next");
        if body.as_array().unwrap().len() < 50 {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    assert!(live > 0, "the live generator's events arrived on the stored next link");
    assert_eq!(seen.len(), total, "no event was served twice");
    // Everything persisted since the start is exactly what was served.
    let stored = sim.state().logs.len();
    assert!(total <= stored);
}

#[tokio::test]
async fn a_bounded_window_ends_in_published_order() {
    let config = SimConfig { log_backfill_secs: 6 * 3600, ..small_config(150) };
    let sim = start(config).await;
    let since = okta_time(Utc::now() - chrono::Duration::hours(5));
    let until = okta_time(Utc::now() - chrono::Duration::hours(1));
    let url = format!("{}/api/v1/logs?since={}&until={}&limit=200", sim.url(), enc(&since), enc(&until));
    let (events, pages) = collect_pages(&url, &ssws(&sim)).await;
    assert!(pages > 1 && !events.is_empty());
    let published: Vec<&str> = events.iter().map(|e| e["published"].as_str().unwrap()).collect();
    assert!(published.windows(2).all(|w| w[0] <= w[1]), "ascending by published");
    assert!(published.iter().all(|p| *p >= since.as_str() && *p < until.as_str()));
    let uuids: HashSet<&str> = events.iter().map(|e| e["uuid"].as_str().unwrap()).collect();
    assert_eq!(uuids.len(), events.len());

    let desc = format!("{url}&sortOrder=DESCENDING");
    let (events_desc, _) = collect_pages(&desc, &ssws(&sim)).await;
    assert_eq!(events_desc.len(), events.len());
    assert_eq!(events_desc.first().unwrap()["uuid"], events.last().unwrap()["uuid"]);
}

#[tokio::test]
async fn filters_and_keywords() {
    let sim = start(SimConfig { log_backfill_secs: 8 * 3600, ..small_config(200) }).await;
    let auth = ssws(&sim);
    let base = sim.url();
    let since = enc(&okta_time(Utc::now() - chrono::Duration::hours(8)));
    let until = enc(&okta_time(Utc::now()));
    let bounded =
        |filter: &str| format!("{base}/api/v1/logs?since={since}&until={until}&limit=1000&filter={}", enc(filter));

    let (starts, _) = collect_pages(&bounded("eventType eq \"user.session.start\""), &auth).await;
    assert!(!starts.is_empty() && starts.iter().all(|e| e["eventType"] == "user.session.start"));
    let (failures, _) =
        collect_pages(&bounded("eventType eq \"user.session.start\" and outcome.result eq \"FAILURE\""), &auth).await;
    assert!(!failures.is_empty() && failures.len() < starts.len());
    let (mfa, _) =
        collect_pages(&bounded("eventType sw \"user.mfa\" or eventType sw \"user.authentication\""), &auth).await;
    assert!(mfa.iter().all(|e| {
        let t = e["eventType"].as_str().unwrap();
        t.starts_with("user.mfa") || t.starts_with("user.authentication")
    }));
    let ip = failures[0]["client"]["ipAddress"].as_str().unwrap().to_string();
    let (from_ip, _) = collect_pages(&bounded(&format!("client.ipAddress eq \"{ip}\"")), &auth).await;
    assert!(from_ip.iter().all(|e| e["client"]["ipAddress"] == ip.as_str()));
    let target = starts.iter().find_map(|e| e["actor"]["id"].as_str()).unwrap().to_string();
    let (by_actor, _) = collect_pages(&bounded(&format!("actor.id eq \"{target}\"")), &auth).await;
    assert!(!by_actor.is_empty() && by_actor.iter().all(|e| e["actor"]["id"] == target.as_str()));

    let (keyword, _) =
        collect_pages(&format!("{base}/api/v1/logs?since={since}&until={until}&limit=1000&q=lock"), &auth).await;
    assert!(!keyword.is_empty());
    assert!(keyword.iter().all(|e| e.to_string().to_lowercase().contains("lock")));
    let (s, _, b) =
        get(&format!("{base}/api/v1/logs?filter={}", enc("published gt \"2020-01-01T00:00:00.000Z\"")), &auth).await;
    assert_eq!((s, b["errorCode"].as_str()), (400, Some("E0000031")));
}
