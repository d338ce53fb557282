//! The System Log store and its two query modes, as Okta documents them (API-NOTES §4):
//!
//! - **Polling** (no `until`, `sortOrder=ASCENDING`): events in *persistence* order (which may
//!   differ from `published` order), `since` compared with the persistence time, and a `next`
//!   cursor on every page, even an empty one.
//! - **Bounded** (`until` given, or `DESCENDING`): events with `since <= published < until`,
//!   ordered by `published`, a finite number of pages, the last without `next`.
//!
//! Cursors are opaque to clients: `{millis}_{seq}`, like Okta's `1627500044869_1`.

use std::sync::{Arc, OnceLock, RwLock};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use crate::logs::bulk::BulkHistory;
use crate::scim::Filter;

/// One stored event.
#[derive(Debug)]
pub struct StoredEvent {
    /// Persistence order, from 1.
    pub seq: u64,
    /// When the event was persisted (polling order and polling `since`).
    pub persisted: DateTime<Utc>,
    /// The event's `published` time (bounded order and window).
    pub published: DateTime<Utc>,
    pub event: Value,
    /// The event as JSON text, served as is.
    pub json: Arc<str>,
    /// Lower-cased JSON text, for `q` keyword matching.
    search_text: Box<str>,
}

/// Sort order of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Ascending,
    Descending,
}

/// A parsed `GET /api/v1/logs` request.
#[derive(Debug)]
pub struct LogQuery {
    pub since: DateTime<Utc>,
    /// `None` with ascending order makes a polling query.
    pub until: Option<DateTime<Utc>>,
    pub after: Option<Cursor>,
    pub filter: Option<Filter>,
    /// Lower-cased keywords, every one must match.
    pub keywords: Vec<String>,
    pub limit: usize,
    pub order: SortOrder,
}

impl LogQuery {
    /// Okta's rule: a query without `until` in ascending order is a polling query.
    pub fn is_polling(&self) -> bool {
        self.until.is_none() && self.order == SortOrder::Ascending
    }
}

/// A position in the log: a time in milliseconds and a sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub millis: i64,
    pub seq: u64,
}

impl Cursor {
    /// Parses `{millis}_{seq}`.
    pub fn parse(s: &str) -> Option<Cursor> {
        let (m, q) = s.split_once('_')?;
        Some(Cursor { millis: m.parse().ok()?, seq: q.parse().ok()? })
    }

    /// The opaque text form.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.millis, self.seq)
    }
}

/// The answer to a query: events as JSON text, and the next page's cursor.
#[derive(Debug)]
pub struct LogPage {
    pub events: Vec<Arc<str>>,
    pub next: Option<Cursor>,
}

/// All events of the simulated org, in persistence order, and its bulk history if it has
/// one ([`BulkHistory`]).
#[derive(Debug, Default)]
pub struct LogStore {
    events: RwLock<Vec<StoredEvent>>,
    bulk: OnceLock<BulkHistory>,
}

fn published_of(event: &Value, fallback: DateTime<Utc>) -> DateTime<Utc> {
    event
        .get("published")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map_or(fallback, |t| t.with_timezone(&Utc))
}

impl LogStore {
    /// Persists `events` at time `persisted`, in the order given.
    pub fn append(&self, events: Vec<Value>, persisted: DateTime<Utc>) {
        let mut store = self.events.write().unwrap_or_else(|e| e.into_inner());
        for event in events {
            let seq = store.len() as u64 + 1;
            let json: Arc<str> = event.to_string().into();
            let search_text = json.to_lowercase().into_boxed_str();
            let published = published_of(&event, persisted);
            store.push(StoredEvent { seq, persisted, published, event, json, search_text });
        }
    }

    /// Persists backfilled history: each event persisted at its own `published` time.
    pub fn append_history(&self, events: Vec<Value>) {
        for event in events {
            let at = published_of(&event, Utc::now());
            self.append(vec![event], at);
        }
    }

    /// Gives the log its bulk history (once; a second is ignored).
    pub fn set_bulk(&self, bulk: BulkHistory) {
        let _ = self.bulk.set(bulk);
    }

    /// Number of stored events (the bulk history aside).
    pub fn len(&self) -> usize {
        self.events.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// True when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn matches(q: &LogQuery, e: &StoredEvent) -> bool {
        q.filter.as_ref().is_none_or(|f| f.matches(&e.event))
            && q.keywords.iter().all(|k| e.search_text.contains(k.as_str()))
    }

    /// Answers a query.
    pub fn query(&self, q: &LogQuery) -> LogPage {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        if q.is_polling() {
            Self::poll(&store, q)
        } else {
            self.bounded(&store, q)
        }
    }

    fn poll(store: &[StoredEvent], q: &LogQuery) -> LogPage {
        // The cursor keeps the polling `since` (as millis) so later pages honour it too.
        let (floor, after_seq) = match q.after {
            Some(c) => (c.millis, c.seq),
            None => (q.since.timestamp_millis(), 0),
        };
        let start = usize::try_from(after_seq).unwrap_or(usize::MAX).min(store.len());
        let mut events = Vec::new();
        let mut last_seq = after_seq;
        for e in &store[start..] {
            if events.len() >= q.limit {
                break;
            }
            last_seq = e.seq;
            if e.persisted.timestamp_millis() >= floor && Self::matches(q, e) {
                events.push(e.json.clone());
            }
        }
        LogPage { events, next: Some(Cursor { millis: floor, seq: last_seq }) }
    }

    fn bounded(&self, store: &[StoredEvent], q: &LogQuery) -> LogPage {
        let until = q.until.unwrap_or_else(Utc::now);
        let key = |e: &StoredEvent| Cursor { millis: e.published.timestamp_millis(), seq: e.seq };
        let mut hits: Vec<&StoredEvent> = store
            .iter()
            .filter(|e| e.published >= q.since && e.published < until && Self::matches(q, e))
            .filter(|e| match (q.after, q.order) {
                (None, _) => true,
                (Some(c), SortOrder::Ascending) => key(e) > c,
                (Some(c), SortOrder::Descending) => key(e) < c,
            })
            .collect();
        hits.sort_by_key(|e| key(e));
        if q.order == SortOrder::Descending {
            hits.reverse();
        }
        let mut page: Vec<(Cursor, Arc<str>)> =
            hits.iter().take(q.limit + 1).map(|e| (key(e), e.json.clone())).collect();
        if let Some(bulk) = self.bulk.get() {
            page.extend(bulk.bounded(q, until, q.limit));
            page.sort_by_key(|(k, _)| *k);
            if q.order == SortOrder::Descending {
                page.reverse();
            }
        }
        let more = page.len() > q.limit;
        page.truncate(q.limit);
        let next = if more { page.last().map(|(k, _)| *k) } else { None };
        LogPage { events: page.into_iter().map(|(_, json)| json).collect(), next }
    }

    /// The uuids of the events persisted at or after `since`, in persistence order: what a
    /// polling tail from `since` must deliver.
    pub fn uuids_persisted_since(&self, since: DateTime<Utc>) -> Vec<String> {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        let floor = since.timestamp_millis();
        store
            .iter()
            .filter(|e| e.persisted.timestamp_millis() >= floor)
            .filter_map(|e| e.event.get("uuid").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// The latest `published` of any stored event.
    pub fn newest_published(&self) -> Option<DateTime<Utc>> {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        store.iter().map(|e| e.published).max()
    }

    /// How many events published in `[since, until)` match `filter`, the bulk history's
    /// among them (what a bounded query with that filter must return).
    pub fn count_matching_between(&self, since: DateTime<Utc>, until: DateTime<Utc>, filter: &Filter) -> usize {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        let bulk = self.bulk.get().map_or(0, |b| b.count_matching(since, until, filter));
        let stored = store.iter().filter(|e| e.published >= since && e.published < until && filter.matches(&e.event));
        stored.count() + bulk as usize
    }

    /// How many events were published in `[since, until)` (what a bounded query must
    /// return), the bulk history's among them.
    pub fn count_published_between(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> usize {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        let bulk = self.bulk.get().map_or(0, |b| b.count_between(since, until));
        store.iter().filter(|e| e.published >= since && e.published < until).count() + bulk as usize
    }
}

/// Milliseconds since the epoch back to a time (for cursors carried in links).
pub fn from_millis(millis: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis).single().unwrap_or_else(Utc::now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use serde_json::json;

    fn ev(n: u32, published: DateTime<Utc>, kind: &str) -> Value {
        json!({"uuid": format!("u{n}"), "published": crate::ids::okta_time(published), "eventType": kind})
    }

    fn query(since: DateTime<Utc>, until: Option<DateTime<Utc>>, after: Option<Cursor>, limit: usize) -> LogQuery {
        LogQuery { since, until, after, filter: None, keywords: vec![], limit, order: SortOrder::Ascending }
    }

    #[test]
    fn polling_pages_carry_next_even_when_empty_and_see_new_events_once() {
        let store = LogStore::default();
        let t0 = Utc::now() - Duration::hours(1);
        store.append((0..5).map(|i| ev(i, t0, "a")).collect(), t0);
        let p1 = store.query(&query(t0 - Duration::minutes(1), None, None, 3));
        assert_eq!(p1.events.len(), 3);
        let p2 = store.query(&query(t0, None, p1.next, 3));
        assert_eq!(p2.events.len(), 2);
        let p3 = store.query(&query(t0, None, p2.next, 3));
        assert!(p3.events.is_empty());
        assert!(p3.next.is_some());
        store.append(vec![ev(9, t0, "b")], Utc::now());
        let p4 = store.query(&query(t0, None, p3.next, 3));
        assert_eq!(p4.events.len(), 1);
        let p5 = store.query(&query(t0, None, p4.next, 3));
        assert!(p5.events.is_empty());
    }

    #[test]
    fn polling_since_in_the_future_skips_older_events_on_later_pages() {
        let store = LogStore::default();
        let now = Utc::now();
        store.append(vec![ev(1, now, "a")], now);
        let p = store.query(&query(now + Duration::hours(1), None, None, 10));
        assert!(p.events.is_empty());
        store.append(vec![ev(2, now, "a")], now);
        assert!(store.query(&query(now, None, p.next, 10)).events.is_empty());
    }

    #[test]
    fn bounded_window_orders_by_published_and_ends() {
        let store = LogStore::default();
        let t0 = from_millis((Utc::now() - Duration::hours(2)).timestamp_millis());
        store.append(
            vec![ev(1, t0 + Duration::seconds(5), "a"), ev(2, t0, "a"), ev(3, t0 + Duration::seconds(9), "a")],
            t0,
        );
        let until = Some(t0 + Duration::minutes(1));
        let p1 = store.query(&query(t0, until, None, 2));
        assert!(p1.events[0].contains("\"u2\""));
        assert!(p1.next.is_some());
        let p2 = store.query(&query(t0, until, p1.next, 2));
        assert_eq!(p2.events.len(), 1);
        assert!(p2.next.is_none());
    }

    #[test]
    fn cursors_round_trip() {
        let c = Cursor { millis: 1627500044869, seq: 1 };
        assert_eq!(Cursor::parse(&c.encode()), Some(c));
        assert_eq!(Cursor::parse("junk"), None);
    }
}
