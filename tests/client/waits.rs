//! Rate-limit headers from the network: an absurd `X-Rate-Limit-Reset` or `Retry-After`
//! neither panics nor stalls; a wait is said once on stderr; `--timeout` bounds it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Router;
use oktui::okta::api::users::{self, UserQuery};
use oktui::okta::ratelimit::Priority;

use crate::local::{client, env, reset_in, serve};
use crate::run::{oktui, Home};

const PAST_ANY_INSTANT: &str = "18446744073709551615";

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, HeaderValue::from_str(v).unwrap());
    }
    h
}

/// A server whose `/api/v1/users` answers 429 with `limit_headers` to the first `throttled`
/// requests, then one user; with the count of requests.
async fn throttling(throttled: usize, limit_headers: Vec<(&'static str, String)>) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().route(
        "/api/v1/users",
        get(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let limit_headers = limit_headers.clone();
            async move {
                let pairs: Vec<(&'static str, &str)> = limit_headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
                if n < throttled {
                    let body = r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#;
                    (StatusCode::TOO_MANY_REQUESTS, headers(&pairs), body.to_string())
                } else {
                    let body = r#"[{"id":"00u1","status":"ACTIVE","profile":{"login":"a@acme.example"}}]"#;
                    (StatusCode::OK, headers(&pairs), body.to_string())
                }
            }
        }),
    );
    (serve(router).await, hits)
}

/// GETs the users in a task of its own, so a panic shows as an error; with how long it took.
async fn get_users(url: &str, timeout: Duration) -> (Result<String, String>, Duration) {
    let client = client(url, timeout);
    let started = Instant::now();
    let task = tokio::spawn(async move {
        let listing = users::list(&UserQuery::default());
        listing.probe(&client, Priority::Interactive).await.map(|_| "ok".to_string()).map_err(|e| e.to_string())
    });
    let joined = tokio::time::timeout(Duration::from_secs(60), task).await.expect("the request ends");
    (joined.map_err(|e| format!("the request panicked: {e}")).and_then(|r| r), started.elapsed())
}

#[tokio::test]
async fn a_reset_past_any_instant_neither_panics_nor_waits_past_the_timeout() {
    let limits = vec![
        ("x-rate-limit-limit", "600".to_string()),
        ("x-rate-limit-remaining", "0".to_string()),
        ("x-rate-limit-reset", PAST_ANY_INSTANT.to_string()),
    ];
    let (url, hits) = throttling(usize::MAX, limits).await;
    let (result, took) = get_users(&url, Duration::from_secs(2)).await;
    let error = result.unwrap_err();
    assert!(!error.contains("panicked"), "{error}");
    assert!(error.contains("throttled by the rate limit of bucket GET /api/v1/users until"), "{error}");
    assert!(error.contains("past the 2 s timeout") && error.contains("--timeout"), "{error}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "the 61 s wait was not begun, nothing resent");
}

#[tokio::test]
async fn a_reset_past_any_instant_on_a_success_does_not_panic() {
    let limits = vec![
        ("x-rate-limit-limit", "600".to_string()),
        ("x-rate-limit-remaining", "599".to_string()),
        ("x-rate-limit-reset", PAST_ANY_INSTANT.to_string()),
    ];
    let (url, _) = throttling(0, limits).await;
    for _ in 0..2 {
        let (result, _) = get_users(&url, Duration::from_secs(5)).await;
        assert_eq!(result, Ok("ok".to_string()));
    }
}

#[tokio::test]
async fn retry_after_is_read_and_capped() {
    let (url, _) = throttling(usize::MAX, vec![("retry-after", PAST_ANY_INSTANT.to_string())]).await;
    let (result, took) = get_users(&url, Duration::from_secs(2)).await;
    let error = result.unwrap_err();
    assert!(error.contains("throttled by the rate limit") && error.contains("Okta answered 429"), "{error}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[tokio::test]
async fn a_headless_command_says_once_that_it_waits_then_goes_on() {
    let limits = vec![
        ("x-rate-limit-limit", "600".to_string()),
        ("x-rate-limit-remaining", "0".to_string()),
        ("x-rate-limit-reset", reset_in(2)),
    ];
    let (url, hits) = throttling(1, limits).await;
    let run = oktui(&Home::new(), &["users", "--format", "jsonl", "--timeout", "20"], &env(&url)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("a@acme.example"), "{}", run.stdout);
    let waits: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("waiting on rate limit")).collect();
    assert_eq!(waits.len(), 1, "{}", run.stderr);
    assert!(waits[0].starts_with("waiting on rate limit for bucket GET /api/v1/users until "), "{}", waits[0]);
    assert!(waits[0].ends_with("(Okta answered 429)"), "{}", waits[0]);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_headless_wait_past_the_timeout_fails_at_once_saying_until_when() {
    let limits = vec![
        ("x-rate-limit-limit", "600".to_string()),
        ("x-rate-limit-remaining", "0".to_string()),
        ("x-rate-limit-reset", reset_in(40)),
    ];
    let (url, hits) = throttling(usize::MAX, limits).await;
    let started = Instant::now();
    let run = oktui(&Home::new(), &["users", "--timeout", "3"], &env(&url)).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("throttled by the rate limit of bucket GET /api/v1/users until"), "{}", run.stderr);
    assert!(run.stderr.contains("past the 3 s timeout"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}
