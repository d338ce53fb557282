//! A bounded window of the System Log (`since` and `until` both given: finite pages, ordered
//! by `published`, the last page without `next`), read page by page with progress.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use crate::gather::source::{LogSource, NoUsableId, Select};
use crate::investigate::LogWindow;
pub use crate::okta::api::logs::Flow;
use crate::okta::api::logs::{read_pages, LogQuery};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
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
    /// The newest event read so far: the window is covered up to here.
    pub covered: Option<DateTime<Utc>>,
    /// How long the read has taken so far (rate-limit waits included).
    pub elapsed: std::time::Duration,
}

/// What of a window to read: the events `select` asks for, all of them or the oldest `cap`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    pub select: Select<'a>,
    pub cap: Option<usize>,
}

/// The events of `window` that `query` asks for, oldest first, read from `source`;
/// `progress` hears after each page. Events a source sends beyond those asked for (a file
/// cannot filter) are left out here, before the `cap` counts them.
pub async fn fetch_events<S: LogSource>(
    source: &S,
    window: LogWindow,
    query: Query<'_>,
    priority: Priority,
    mut progress: impl FnMut(FetchProgress),
) -> Result<Vec<LogEvent>, S::Error> {
    let mut events = Vec::new();
    let mut seen = FetchProgress::default();
    let started = std::time::Instant::now();
    let cap = query.cap.unwrap_or(usize::MAX);
    source
        .read_window(window, query, priority, |body, _| {
            let page: Vec<Value> = serde_json::from_slice(body).map_err(|e| PageError(e.to_string()))?;
            seen.pages += 1;
            for item in page {
                match item {
                    Value::Object(object) => {
                        let event = LogEvent::from_object(object);
                        if query.select.matches(&event) {
                            events.push(event);
                        }
                    }
                    _ => seen.skipped += 1,
                }
            }
            seen.events = events.len();
            seen.elapsed = started.elapsed();
            if let Some(newest) = events.last().and_then(LogEvent::published_at) {
                seen.fraction = window.fraction(newest);
                seen.covered = Some(newest);
            }
            progress(seen);
            Ok(if events.len() < cap { Flow::Go } else { Flow::Stop })
        })
        .await?;
    events.truncate(cap);
    seen.fraction = 1.0;
    progress(seen);
    Ok(events)
}

/// The System Log query of `window` that `query` asks for (its `cap` aside): oldest first,
/// in full pages.
fn log_query(window: LogWindow, query: Query<'_>) -> Result<LogQuery, NoUsableId> {
    Ok(LogQuery::window(window.since, window.until).filtered(query.select.scim()?.as_deref()))
}

/// How long Okta keeps the System Log, in days: a query reaching further back succeeds but
/// returns only what is kept (one whose `since` is over 180 days back is refused).
pub const RETENTION_DAYS: i64 = 90;

/// A window cut to what Okta keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retained {
    /// The part of the window Okta still holds (empty when all of it is older).
    pub window: LogWindow,
    /// The start asked for, when it reached past the retention.
    pub asked_since: Option<DateTime<Utc>>,
}

impl Retained {
    /// `window` cut to the [`RETENTION_DAYS`] before `now`.
    pub fn cut(window: LogWindow, now: DateTime<Utc>) -> Retained {
        let oldest = now.checked_sub_signed(chrono::Duration::days(RETENTION_DAYS)).unwrap_or(window.since);
        if window.since >= oldest {
            return Retained { window, asked_since: None };
        }
        let until = window.until.max(oldest);
        Retained { window: LogWindow { since: oldest, until }, asked_since: Some(window.since) }
    }

    /// What the analyst is told when the window was cut.
    pub fn note(&self) -> Option<String> {
        let asked = self.asked_since?;
        let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        Some(format!(
            "Okta keeps the System Log for {RETENTION_DAYS} days: the window asked from {} is read from {} (nothing older exists)",
            stamp(asked),
            stamp(self.window.since)
        ))
    }
}

/// How many times at most a window is split after Okta's query timeout (halved, or resumed
/// after its last event read): a window is read in at most 2^`MAX_SPLITS` parts.
pub const MAX_SPLITS: u32 = 8;

/// Reads the pages of `window` that `query` asks for (its `cap` aside) as [`read_pages`]
/// does, `page` told whether more follows in the whole window, not only in its part. Okta times a query out after 30 s
/// (500 `E0000009`, "use a smaller range"). When it does so on the first page of a part of
/// the window, the part is halved and the halves read one after the other, oldest first.
/// When it does so later, the rest of the part is read on from the millisecond of the last
/// event handed on, the events of that millisecond already handed on left out. At most
/// [`MAX_SPLITS`] deep (a part resumed further on is not deeper: it reads on). Parts are `[since, until)` as Okta bounds them, so the events handed
/// on are those of an unsplit read, each once, oldest first.
pub(crate) async fn read_window(
    client: &Client,
    window: LogWindow,
    query: Query<'_>,
    priority: Priority,
    mut page: impl FnMut(&[u8], bool) -> Result<Flow, PageError>,
) -> Result<(), OktaError> {
    let query_of = |part| log_query(part, query).map(|q| q.listing());
    // The parts still to read, the oldest last.
    let mut parts = vec![(window, 0u32)];
    // The events of the millisecond a resumed part starts at that were handed on already.
    let mut edge: Option<Edge> = None;
    // The last two pages handed on: where a part cut short by a timeout ended.
    let (mut before, mut last) = (Vec::new(), Vec::new());
    while let Some((part, depth)) = parts.pop() {
        let (mut heard, mut stopped) = (false, false);
        let read = read_pages(client, &query_of(part)?, priority, |body, more| {
            let unseen = match &edge {
                Some(e) => e.unseen(body).ok_or_else(|| PageError("it is not a JSON array".into()))?,
                None => None,
            };
            let body = unseen.as_deref().unwrap_or(body);
            let flow = page(body, more || !parts.is_empty())?;
            if edge.as_ref().is_some_and(|e| e.passed(body)) {
                edge = None;
            }
            heard = true;
            stopped = flow == Flow::Stop;
            std::mem::swap(&mut before, &mut last);
            last.clear();
            last.extend_from_slice(body);
            Ok(flow)
        })
        .await;
        match read {
            Ok(()) if stopped => break,
            Ok(()) => {}
            Err(e) if depth < MAX_SPLITS && e.is_query_timeout() => {
                // A resumed part that moved on is no deeper: only a split that gained nothing counts.
                let mut deeper = depth + 1;
                let rest = if heard {
                    let Some(reached) = Edge::of(&[&before, &last], edge.take()) else { return Err(e) };
                    let rest = LogWindow { since: reached.at, until: part.until };
                    if reached.at > part.since {
                        deeper = depth;
                    }
                    edge = Some(reached);
                    vec![rest]
                } else {
                    let Some(mid) = midpoint(part) else { return Err(e) };
                    vec![LogWindow { since: mid, until: part.until }, LogWindow { since: part.since, until: mid }]
                };
                tracing::info!("the System Log query timed out: reading {} to {} in parts", part.since, part.until);
                parts.extend(rest.into_iter().map(|w| (w, deeper)));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The newest millisecond of the events handed on, and the uuids of those events published
/// in it: a part resumed from that millisecond leaves them out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    at: DateTime<Utc>,
    handed: std::collections::HashSet<String>,
}

/// What the edge reads of an event.
#[derive(serde::Deserialize)]
struct Stamp {
    uuid: Option<String>,
    published: Option<String>,
}

impl Stamp {
    fn at(&self) -> Option<DateTime<Utc>> {
        self.published.as_deref().and_then(crate::okta::logs::published::published_at)
    }
}

/// The events of a page as raw JSON, each with what the edge reads of it (`None` for an
/// item that is not an event).
fn stamped(body: &[u8]) -> Option<Vec<(&serde_json::value::RawValue, Option<Stamp>)>> {
    let items: Vec<&serde_json::value::RawValue> = serde_json::from_slice(body).ok()?;
    Some(items.into_iter().map(|raw| (raw, serde_json::from_str(raw.get()).ok())).collect())
}

impl Edge {
    /// Where `pages` (handed on in this order) end; `earlier`, the edge before them, counts
    /// too when they end in its millisecond. `None` when no event in them has a time.
    fn of(pages: &[&[u8]], earlier: Option<Edge>) -> Option<Edge> {
        let stamps: Vec<Stamp> =
            pages.iter().filter_map(|p| stamped(p)).flatten().filter_map(|(_, stamp)| stamp).collect();
        let at = stamps.iter().filter_map(Stamp::at).max()?;
        let mut handed: std::collections::HashSet<String> =
            stamps.into_iter().filter(|s| s.at() == Some(at)).filter_map(|s| s.uuid).collect();
        if let Some(earlier) = earlier.filter(|e| e.at == at) {
            handed.extend(earlier.handed);
        }
        Some(Edge { at, handed })
    }

    /// `body` without the events handed on already (`Some(None)`: nothing to leave out);
    /// `None` when it is no JSON array.
    fn unseen(&self, body: &[u8]) -> Option<Option<Vec<u8>>> {
        let items = stamped(body)?;
        let seen = |stamp: &Option<Stamp>| {
            stamp
                .as_ref()
                .is_some_and(|s| s.at() == Some(self.at) && s.uuid.as_ref().is_some_and(|u| self.handed.contains(u)))
        };
        if !items.iter().any(|(_, stamp)| seen(stamp)) {
            return Some(None);
        }
        let kept: Vec<&str> = items.iter().filter(|(_, stamp)| !seen(stamp)).map(|(raw, _)| raw.get()).collect();
        Some(Some(format!("[{}]", kept.join(",")).into_bytes()))
    }

    /// Whether `body` reaches past the edge's millisecond: later pages need no filtering.
    fn passed(&self, body: &[u8]) -> bool {
        stamped(body).is_some_and(|items| items.iter().any(|(_, s)| s.as_ref().and_then(Stamp::at) > Some(self.at)))
    }
}

/// The middle of `window`, to the millisecond, when it lies strictly inside.
fn midpoint(window: LogWindow) -> Option<DateTime<Utc>> {
    let half = (window.until - window.since).num_milliseconds() / 2;
    (half > 0).then(|| window.since + chrono::Duration::milliseconds(half))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_window_past_retention_is_cut_to_what_okta_keeps() {
        let now = at("2026-11-23T12:00:00Z");
        let inside = LogWindow { since: at("2026-11-01T00:00:00Z"), until: now };
        assert_eq!(Retained::cut(inside, now), Retained { window: inside, asked_since: None });
        assert_eq!(Retained::cut(inside, now).note(), None);
        let long = LogWindow { since: at("2026-06-01T00:00:00Z"), until: now };
        let cut = Retained::cut(long, now);
        assert_eq!(cut.window, LogWindow { since: at("2026-08-25T12:00:00Z"), until: now });
        let note = cut.note().unwrap();
        assert!(
            note.contains("90 days") && note.contains("2026-06-01T00:00:00Z") && note.contains("2026-08-25T12:00:00Z")
        );
        let gone = LogWindow { since: at("2026-01-01T00:00:00Z"), until: at("2026-02-01T00:00:00Z") };
        let cut = Retained::cut(gone, now).window;
        assert_eq!((cut.since, cut.until), (at("2026-08-25T12:00:00Z"), at("2026-08-25T12:00:00Z")), "empty");
    }

    fn event(uuid: &str, published: &str) -> String {
        format!(r#"{{"uuid":"{uuid}","published":"{published}","eventType":"user.session.start"}}"#)
    }

    fn page(events: &[String]) -> Vec<u8> {
        format!("[{}]", events.join(",")).into_bytes()
    }

    #[test]
    fn a_part_read_on_leaves_out_the_events_of_its_edge_already_handed_on() {
        let (a, b) = ("2026-11-23T10:00:00.001Z", "2026-11-23T10:00:00.002Z");
        let before = page(&[event("u1", a), event("u2", b)]);
        let last = page(&[event("u3", b), "7".to_string(), event("u4", b)]);
        let edge = Edge::of(&[&before, &last], None).unwrap();
        assert_eq!(edge.at, at(b));
        assert_eq!(edge.handed, ["u2", "u3", "u4"].map(String::from).into());
        // Read on from `b`: Okta sends b's events again, and one more of b, then later ones.
        let again = page(&[event("u2", b), event("u3", b), event("u5", b), event("u4", b)]);
        let unseen = edge.unseen(&again).unwrap().unwrap();
        assert_eq!(String::from_utf8(unseen).unwrap(), format!("[{}]", event("u5", b)));
        assert!(!edge.passed(&again), "still in the edge's millisecond");
        let later = page(&[event("u6", "2026-11-23T10:00:01Z")]);
        assert_eq!(edge.unseen(&later), Some(None), "nothing to leave out: the page as sent");
        assert!(edge.passed(&later));
        assert_eq!(edge.unseen(b"[1,"), None, "no array");
        // An edge in the same millisecond as the one before keeps what that one had handed on.
        let next = Edge::of(&[&page(&[event("u5", b)])], Some(edge.clone())).unwrap();
        assert_eq!(next.handed.len(), 4);
        assert_eq!(Edge::of(&[b"[]", b"[1]"], None), None, "no event with a time");
    }

    #[test]
    fn halves_meet_at_the_millisecond() {
        let w = LogWindow { since: at("2026-11-23T00:00:00Z"), until: at("2026-11-23T00:00:00.003Z") };
        assert_eq!(midpoint(w), Some(at("2026-11-23T00:00:00.001Z")));
        let w = LogWindow { since: w.since, until: at("2026-11-23T00:00:00.001Z") };
        assert_eq!(midpoint(w), None, "a millisecond is not split");
    }
}
