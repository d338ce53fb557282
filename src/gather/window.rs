//! A bounded window of the System Log (`since` and `until` both given: finite pages, ordered
//! by `published`, the last page without `next`), read page by page with progress.

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::TryStreamExt;
use serde_json::Value;

use crate::investigate::LogWindow;
use crate::okta::client::Client;
use crate::okta::error::{strip_query, OktaError};
use crate::okta::logs::elements::PageError;
use crate::okta::model::LogEvent;
use crate::okta::ratelimit::Priority;

/// How far a window's fetch has got.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FetchProgress {
    pub pages: usize,
    pub events: usize,
    /// Array items that were not events (counted, skipped).
    pub skipped: usize,
    /// 0–1: where the newest event read so far sits in the window.
    pub fraction: f64,
}

/// What of a window to read: the events matching `filter` (a SCIM expression), all of
/// them or the oldest `cap`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    pub filter: Option<&'a str>,
    pub cap: Option<usize>,
}

/// The events of `window` that `query` asks for, oldest first; `progress` hears after each
/// page.
pub async fn fetch_events(
    client: &Client,
    window: LogWindow,
    query: Query<'_>,
    priority: Priority,
    mut progress: impl FnMut(FetchProgress),
) -> Result<Vec<LogEvent>, OktaError> {
    let path = window_path(window, query);
    let mut events = Vec::new();
    let mut seen = FetchProgress::default();
    let mut pages = std::pin::pin!(client.pages::<Value>(&path, priority));
    let cap = query.cap.unwrap_or(usize::MAX);
    while events.len() < cap {
        let Some(page) = pages.try_next().await? else { break };
        seen.pages += 1;
        for item in page {
            match item {
                Value::Object(object) => events.push(LogEvent::from_object(object)),
                _ => seen.skipped += 1,
            }
        }
        seen.events = events.len();
        if let Some(newest) = events.last().and_then(LogEvent::published_at) {
            seen.fraction = window.fraction(newest);
        }
        progress(seen);
    }
    events.truncate(cap);
    seen.fraction = 1.0;
    progress(seen);
    Ok(events)
}

/// The first page of `window` that `query` asks for (its `cap` aside), oldest first, in
/// pages of 1,000 events.
pub fn window_path(window: LogWindow, query: Query<'_>) -> String {
    let stamp = |t: DateTime<Utc>| crate::okta::encode(&t.to_rfc3339_opts(SecondsFormat::Millis, true));
    let mut path = format!(
        "/api/v1/logs?since={}&until={}&limit=1000&sortOrder=ASCENDING",
        stamp(window.since),
        stamp(window.until)
    );
    if let Some(filter) = query.filter {
        path.push_str(&format!("&filter={}", crate::okta::encode(filter)));
    }
    path
}

/// Whether to read on after a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

/// Reads the pages from `path` on, following `rel="next"`, handing `page` each body as
/// Okta sent it and whether a next page follows; `page` says whether to go on. The next
/// page is asked for as soon as its link is known, while `page` reads this one, so reading
/// and Okta's answering overlap (a hunt's pace is then the slower of the two, not their
/// sum); when `page` says stop, that one request was sent for nothing. A body `page` cannot
/// read (a truncated answer: `page` must have undone what it did with it) is asked for
/// again, twice, before it counts as an error.
pub async fn read_pages(
    client: &Client,
    path: &str,
    priority: Priority,
    mut page: impl FnMut(&[u8], bool) -> Result<Flow, PageError>,
) -> Result<(), OktaError> {
    const ATTEMPTS: usize = 3;
    let fetch = |target: String| {
        let client = client.clone();
        AbortOnDrop(tokio::spawn(async move {
            let resp = client.get(&target, priority).await;
            (target, resp)
        }))
    };
    let mut next = Some(fetch(path.to_string()));
    while let Some(mut ahead) = next.take() {
        let (target, resp) = (&mut ahead.0).await.map_err(|e| OktaError::Network {
            method: "GET".into(),
            path: strip_query(path),
            host: String::new(),
            detail: format!("the page's reader stopped: {e}"),
            hint: "try again",
        })?;
        let mut resp = resp?;
        let mut attempt = 1;
        loop {
            let more = resp.next_link();
            let following = more.clone().map(fetch);
            match page(&resp.body, more.is_some()) {
                Ok(Flow::Go) => {
                    next = following;
                    break;
                }
                Ok(Flow::Stop) => return Ok(()),
                Err(e) if attempt >= ATTEMPTS => {
                    let path = url::Url::parse(&target).map_or_else(|_| strip_query(&target), |u| u.path().to_string());
                    return Err(OktaError::Malformed { method: "GET".into(), path, detail: e.to_string() });
                }
                Err(_) => {
                    drop(following);
                    attempt += 1;
                    resp = client.get(&target, priority).await?;
                }
            }
        }
    }
    Ok(())
}

/// A page asked for ahead, abandoned (its request cancelled) when dropped unread.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
