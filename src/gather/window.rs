//! A bounded window of the System Log (`since` and `until` both given: finite pages, ordered
//! by `published`, the last page without `next`), read page by page with progress.

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::TryStreamExt;
use serde_json::Value;

use crate::investigate::LogWindow;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
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
    progress: impl FnMut(FetchProgress),
) -> Result<Vec<LogEvent>, OktaError> {
    fetch_events_each(client, window, query, priority, progress, |_| {}).await
}

/// [`fetch_events`], handing `each` every event right after it is read, in order (while the
/// event is still in the cache).
pub async fn fetch_events_each(
    client: &Client,
    window: LogWindow,
    query: Query<'_>,
    priority: Priority,
    mut progress: impl FnMut(FetchProgress),
    mut each: impl FnMut(&LogEvent),
) -> Result<Vec<LogEvent>, OktaError> {
    let stamp = |t: DateTime<Utc>| crate::okta::encode(&t.to_rfc3339_opts(SecondsFormat::Millis, true));
    let mut path = format!(
        "/api/v1/logs?since={}&until={}&limit=1000&sortOrder=ASCENDING",
        stamp(window.since),
        stamp(window.until)
    );
    if let Some(filter) = query.filter {
        path.push_str(&format!("&filter={}", crate::okta::encode(filter)));
    }
    let mut events = Vec::new();
    let mut seen = FetchProgress::default();
    let mut pages = std::pin::pin!(client.pages::<Value>(&path, priority));
    let cap = query.cap.unwrap_or(usize::MAX);
    while events.len() < cap {
        let Some(page) = pages.try_next().await? else { break };
        seen.pages += 1;
        for item in page {
            match item {
                Value::Object(object) => {
                    let event = LogEvent::from_object(object);
                    each(&event);
                    events.push(event);
                }
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
