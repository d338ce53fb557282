//! Unbounded reads: a body past the cap stops the read there (memory stays bounded) with an
//! error naming the URL; paging stops when a `next` link comes round again.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, HeaderValue};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use oktui::okta::api::users::{self, UserQuery};
use oktui::okta::ratelimit::Priority;
use serde_json::Value;

use crate::local::{client, env, serve};
use crate::run::{command, Home};

const MIB: usize = 1024 * 1024;

/// 100 MB of a JSON array of users, sent in 1 MiB chunks without a length.
fn endless_users() -> Body {
    let user = br#"{"id":"00u1","status":"ACTIVE","profile":{"login":"a@acme.example"}},"#;
    let chunk = Bytes::from(user.iter().copied().cycle().take(MIB).collect::<Vec<u8>>());
    let first = Bytes::from_static(b"[");
    let chunks = std::iter::once(first).chain(std::iter::repeat_n(chunk, 100));
    Body::from_stream(futures_util::stream::iter(chunks.map(Ok::<_, std::io::Error>)))
}

/// The peak resident memory (`VmHWM`) of process `pid`, in bytes, if it still runs.
fn peak_rss(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::test]
async fn a_body_past_the_cap_is_refused_naming_the_url_and_not_held() {
    let router = Router::new().route("/api/v1/users", get(|| async { endless_users() }));
    let url = serve(router).await;
    let home = Home::new();
    let mut child = command(&home, &["users", "--format", "json"], &env(&url))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().unwrap();
    let mut peak = 0;
    let started = Instant::now();
    let out = loop {
        if let Some(rss) = peak_rss(pid) {
            peak = peak.max(rss);
        }
        if child.try_wait().unwrap().is_some() {
            break child.wait_with_output().await.unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(120), "oktui finishes");
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    println!("peak resident memory {} MiB", peak / MIB);
    assert!(peak < 140 * MIB, "the body was held past the cap: peak {} MiB", peak / MIB);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = format!("GET {url}/api/v1/users: the answer is larger than 64 MiB");
    assert!(stderr.contains(&line), "{stderr}");
    assert!(!stderr.contains("limit=200"), "no query string: {stderr}");
}

#[tokio::test]
async fn a_content_length_past_the_cap_is_refused_before_reading() {
    let router = Router::new().route(
        "/api/v1/users",
        get(|| async {
            let mut h = HeaderMap::new();
            h.insert("content-length", HeaderValue::from(200 * MIB));
            (h, Body::from_stream(futures_util::stream::pending::<Result<Bytes, std::io::Error>>()))
        }),
    );
    let url = serve(router).await;
    let client = client(&url, Duration::from_secs(5));
    let e = users::list(&UserQuery::default()).probe(&client, Priority::Interactive).await.unwrap_err();
    let line = e.to_string();
    assert!(line.starts_with(&format!("GET {url}/api/v1/users: the answer is larger than 64 MiB")), "{line}");
}

/// A server whose `/api/v1/users` pages follow `links` (query → next query), cycling.
async fn cycling(links: &'static [(&'static str, &'static str)]) -> String {
    let router = Router::new().route(
        "/api/v1/users",
        get(move |RawQuery(query): RawQuery, headers: HeaderMap| async move {
            let query = query.unwrap_or_default();
            let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or_default().to_string();
            let next = links.iter().find(|(from, _)| *from == query).map(|(_, to)| *to).unwrap_or("limit=1");
            let link = format!("<http://{host}/api/v1/users?{next}>; rel=\"next\"");
            let mut h = HeaderMap::new();
            h.insert("link", HeaderValue::from_str(&link).unwrap());
            h.insert("content-type", HeaderValue::from_static("application/json"));
            (h, r#"[{"id":"00u1"}]"#)
        }),
    );
    serve(router).await
}

async fn list_all(url: &str) -> String {
    let client = client(url, Duration::from_secs(5));
    let one_a_page = users::list(&UserQuery { limit: Some(1), ..UserQuery::default() });
    let listing = one_a_page.all::<Value>(&client, Priority::Interactive);
    let result = tokio::time::timeout(Duration::from_secs(20), listing).await.expect("paging ends");
    result.unwrap_err().to_string()
}

#[tokio::test]
async fn paging_stops_when_a_next_link_comes_round_again() {
    let url = cycling(&[("limit=1", "after=b&limit=1"), ("after=b&limit=1", "after=c&limit=1")]).await;
    let line = list_all(&url).await;
    assert!(
        line.starts_with("GET /api/v1/users: paging stopped after 3 pages: Okta sent a next link already followed"),
        "{line}"
    );
    let url = cycling(&[("limit=1", "after=x&limit=1"), ("after=x&limit=1", "after=x&limit=1")]).await;
    let line = list_all(&url).await;
    assert!(line.contains("paging stopped after 2 pages"), "{line}");
}

#[tokio::test]
async fn headless_logs_stop_on_a_cycling_next_link() {
    let router = Router::new().route(
        "/api/v1/logs",
        get(|headers: HeaderMap| async move {
            let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or_default().to_string();
            let link = format!("<http://{host}/api/v1/logs?after=same>; rel=\"next\"");
            let mut h = HeaderMap::new();
            h.insert("link", HeaderValue::from_str(&link).unwrap());
            (h, r#"[{"uuid":"e1","published":"2024-01-01T00:00:00.000Z","eventType":"user.session.start"}]"#)
        }),
    );
    let url = serve(router).await;
    let run = crate::run::oktui(&Home::new(), &["logs", "--since", "1h", "--format", "jsonl"], &env(&url)).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("GET /api/v1/logs: paging stopped after 2 pages"), "{}", run.stderr);
}
