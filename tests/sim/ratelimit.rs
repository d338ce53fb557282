//! Rate limits: headers on every response, 429 `E0000047` past a bucket's limit, a `Reset`
//! that is honoured, and the concurrency limit.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oktui::sim::{Faults, RateLimitConfig, SimConfig};

use crate::common::{get, small_config, ssws, start};

fn header_u64(h: &reqwest::header::HeaderMap, name: &str) -> u64 {
    h.get(name).unwrap_or_else(|| panic!("{name} missing")).to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn exceeding_a_bucket_gives_429_until_reset() {
    let limits = RateLimitConfig { window_secs: 2, overrides: vec![("logs".into(), 5)], ..RateLimitConfig::default() };
    let sim = start(SimConfig { rate_limits: limits, ..small_config(10) }).await;
    let url = format!("{}/api/v1/logs?limit=1", sim.url());
    let auth = ssws(&sim);
    for i in 0..5u64 {
        let (s, h, _) = get(&url, &auth).await;
        assert_eq!(s, 200);
        assert_eq!(header_u64(&h, "x-rate-limit-limit"), 5);
        assert_eq!(header_u64(&h, "x-rate-limit-remaining"), 4 - i);
        assert!(h.contains_key("x-okta-request-id"));
    }
    let (s, h, body) = get(&url, &auth).await;
    assert_eq!((s, body["errorCode"].as_str()), (429, Some("E0000047")), "{body}");
    assert_eq!(header_u64(&h, "x-rate-limit-remaining"), 0);
    let reset = header_u64(&h, "x-rate-limit-reset");
    // Other buckets are not affected.
    assert_eq!(get(&format!("{}/api/v1/users?limit=1", sim.url()), &auth).await.0, 200);

    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let wait = Duration::from_secs(reset).saturating_sub(now);
    assert!(wait <= Duration::from_secs(3), "reset {reset} is within the window");
    tokio::time::sleep(wait + Duration::from_millis(50)).await;
    let (s, h, _) = get(&url, &auth).await;
    assert_eq!(s, 200, "the window has reset at X-Rate-Limit-Reset");
    assert_eq!(header_u64(&h, "x-rate-limit-remaining"), 4);
}

#[tokio::test]
async fn concurrency_limit_answers_429_with_zero_limit() {
    let limits = RateLimitConfig { concurrency: 1, ..RateLimitConfig::default() };
    let faults = Faults { latency_ms: 200, ..Faults::default() };
    let sim = start(SimConfig { rate_limits: limits, faults, ..small_config(50) }).await;
    let url = format!("{}/api/v1/users?limit=200", sim.url());
    let auth = ssws(&sim);
    let calls: Vec<_> = (0..8).map(|_| get(&url, &auth)).collect();
    let results = futures_util::future::join_all(calls).await;
    let refused: Vec<_> = results.iter().filter(|(s, _, _)| *s == 429).collect();
    assert!(!refused.is_empty(), "8 parallel calls against a concurrency limit of 1");
    for (_, h, body) in refused {
        assert_eq!(body["errorCode"], "E0000047");
        assert_eq!(header_u64(h, "x-rate-limit-limit"), 0);
    }
    assert!(results.iter().any(|(s, _, _)| *s == 200));
}

#[tokio::test]
async fn fault_flags_inject_429_5xx_and_broken_bodies() {
    let url_of = |sim: &oktui::sim::SimServer| format!("{}/api/v1/users?limit=1", sim.url());
    let sim = start(SimConfig { faults: Faults { rate_429: 1.0, ..Faults::default() }, ..small_config(5) }).await;
    let (s, _, b) = get(&url_of(&sim), &ssws(&sim)).await;
    assert_eq!((s, b["errorCode"].as_str()), (429, Some("E0000047")));

    let sim = start(SimConfig { faults: Faults { rate_5xx: 1.0, ..Faults::default() }, ..small_config(5) }).await;
    let (s, _, b) = get(&url_of(&sim), &ssws(&sim)).await;
    assert!(s == 500 || s == 503, "{s}");
    assert!(b["errorCode"].as_str().is_some());

    let sim = start(SimConfig { faults: Faults { rate_malformed: 1.0, ..Faults::default() }, ..small_config(5) }).await;
    let resp = crate::common::http().get(url_of(&sim)).header("Authorization", ssws(&sim)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err(), "a truncated body: {text}");

    let sim = start(SimConfig { faults: Faults { rate_drop: 1.0, ..Faults::default() }, ..small_config(5) }).await;
    let result = async {
        crate::common::http().get(url_of(&sim)).header("Authorization", ssws(&sim)).send().await?.text().await
    };
    assert!(result.await.is_err(), "the connection drops mid-response");

    let sim = start(SimConfig { faults: Faults { latency_ms: 300, ..Faults::default() }, ..small_config(5) }).await;
    let t = std::time::Instant::now();
    assert_eq!(get(&url_of(&sim), &ssws(&sim)).await.0, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn injected_503s_carry_rate_limit_headers_and_500s_stay_bare() {
    let faults = Faults { rate_5xx: 1.0, ..Faults::default() };
    let sim = start(SimConfig { faults, ..small_config(5) }).await;
    let url = format!("{}/api/v1/users?limit=1", sim.url());
    let auth = ssws(&sim);
    let (mut unavailable, mut internal) = (0, 0);
    for _ in 0..64 {
        let (s, h, body) = get(&url, &auth).await;
        match s {
            503 => {
                unavailable += 1;
                assert_eq!(body["errorCode"], "E0000010", "{body}");
                // Okta's SDKs retry a 503 only with X-Rate-Limit-Reset and Date.
                assert!(h.contains_key("date"), "{h:?}");
                assert_eq!(header_u64(&h, "x-rate-limit-limit"), 600);
                assert_eq!(header_u64(&h, "x-rate-limit-remaining"), 600, "a 503 is not counted");
                assert!(header_u64(&h, "x-rate-limit-reset") > 1_700_000_000);
            }
            500 => {
                internal += 1;
                assert_eq!(body["errorCode"], "E0000009", "{body}");
            }
            other => panic!("only 5xx were injected, got {other}: {body}"),
        }
    }
    assert!(unavailable > 0 && internal > 0, "{unavailable} 503s, {internal} 500s");
}
