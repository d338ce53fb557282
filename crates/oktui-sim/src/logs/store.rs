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

/// One stored event, kept as the JSON text it is served as and nothing more: a filter
/// reads it again when the text may match ([`Filter::may_match_text`]), so the store holds
/// about the size of its JSON (a day of a 300-user org's history in tens of MB, not a GB of
/// parsed values and lower-cased copies).
#[derive(Debug)]
pub struct StoredEvent {
    /// Persistence order, from 1.
    pub seq: u64,
    /// When the event was persisted (polling `since`), in ms since the epoch.
    pub persisted_ms: i64,
    /// The event's `published` time (bounded order and window), in ms since the epoch.
    pub published_ms: i64,
    /// The event as JSON text, served as is.
    pub json: Arc<str>,
}

impl StoredEvent {
    /// The event parsed again (stored events are JSON the store wrote itself).
    fn value(&self) -> Option<Value> {
        serde_json::from_str(&self.json).ok()
    }

    /// Whether the event answers the filter (`None`: every event does).
    fn matches_filter(&self, filter: Option<&Filter>) -> bool {
        filter.is_none_or(|f| f.may_match_text(&self.json) && self.value().is_some_and(|v| f.matches(&v)))
    }

    /// Whether the event's JSON text holds every keyword (lower-cased), ignoring case.
    fn has_keywords(&self, keywords: &[String]) -> bool {
        if keywords.is_empty() {
            return true;
        }
        if self.json.is_ascii() {
            keywords.iter().all(|k| crate::scim::contains_ignoring_ascii_case(&self.json, k))
        } else {
            let lower = self.json.to_lowercase();
            keywords.iter().all(|k| lower.contains(k.as_str()))
        }
    }
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

fn published_of(event: &Value, fallback: DateTime<Utc>) -> i64 {
    event
        .get("published")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map_or(fallback, |t| t.with_timezone(&Utc))
        .timestamp_millis()
}

impl LogStore {
    /// Persists `events` at time `persisted`, in the order given.
    pub fn append(&self, events: Vec<Value>, persisted: DateTime<Utc>) {
        let mut store = self.events.write().unwrap_or_else(|e| e.into_inner());
        let persisted_ms = persisted.timestamp_millis();
        for event in events {
            let seq = store.len() as u64 + 1;
            let published_ms = published_of(&event, persisted);
            store.push(StoredEvent { seq, persisted_ms, published_ms, json: event.to_string().into() });
        }
    }

    /// Persists a stretch of backfilled history: each event persisted at its own
    /// `published` time, in the order given (oldest first). Stretches may come newest first
    /// (`oktui demo` writes the last hour before the ones behind it): each event still gets
    /// the next sequence number, so a polling cursor reads every event persisted after its
    /// `since` exactly once, whatever order the stretches came in.
    pub fn append_history(&self, events: Vec<Value>) {
        let mut store = self.events.write().unwrap_or_else(|e| e.into_inner());
        for event in events {
            let seq = store.len() as u64 + 1;
            let published_ms = published_of(&event, Utc::now());
            let json = event.to_string().into();
            store.push(StoredEvent { seq, persisted_ms: published_ms, published_ms, json });
        }
    }

    /// Renumbers the stored events in `published` order, as Okta persists its log, before
    /// anyone has read them: an org whose history is all written before it serves
    /// ([`crate::BoundSim::serve`]) answers a polling read from a day back oldest first, as
    /// Okta does, though its history was written newest first. (`oktui demo` serves while
    /// its history is written, so its polling order stays the order it was written in.)
    pub fn settle_history(&self) {
        let mut store = self.events.write().unwrap_or_else(|e| e.into_inner());
        store.sort_by_key(|e| e.published_ms);
        for (seq, e) in (1..).zip(store.iter_mut()) {
            e.seq = seq;
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
        e.has_keywords(&q.keywords) && e.matches_filter(q.filter.as_ref())
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
            if e.persisted_ms >= floor && Self::matches(q, e) {
                events.push(e.json.clone());
            }
        }
        LogPage { events, next: Some(Cursor { millis: floor, seq: last_seq }) }
    }

    fn bounded(&self, store: &[StoredEvent], q: &LogQuery) -> LogPage {
        let until = q.until.unwrap_or_else(Utc::now);
        let (since_ms, until_ms) = (ceil_millis(q.since), ceil_millis(until));
        let key = |e: &StoredEvent| Cursor { millis: e.published_ms, seq: e.seq };
        let bulk = self.bulk.get().map(|bulk| bulk.bounded(q, until, q.limit)).unwrap_or_default();
        // When the bulk history fills the page and has more after it, a stored event past the
        // page's last one cannot be on the page, and a next page follows anyway: those are
        // not read (a hunt's page reads the few in its span).
        let full = bulk.len() > q.limit;
        let last_of_page = q.limit.checked_sub(1).and_then(|i| bulk.get(i)).filter(|_| full).map(|(k, _)| *k);
        let within = |k: Cursor| match (last_of_page, q.order) {
            (None, _) => true,
            (Some(last), SortOrder::Ascending) => k <= last,
            (Some(last), SortOrder::Descending) => k >= last,
        };
        let mut candidates: Vec<&StoredEvent> = store
            .iter()
            .filter(|e| e.published_ms >= since_ms && e.published_ms < until_ms)
            .filter(|e| match (q.after, q.order) {
                (None, _) => true,
                (Some(c), SortOrder::Ascending) => key(e) > c,
                (Some(c), SortOrder::Descending) => key(e) < c,
            })
            .filter(|e| within(key(e)))
            .collect();
        candidates.sort_by_key(|e| key(e));
        if q.order == SortOrder::Descending {
            candidates.reverse();
        }
        // In the page's order, the filter reads events only until the page and the one that
        // says a next page follows are found: a window of many pages is not read in whole for
        // each of them.
        let mut page: Vec<(Cursor, Arc<str>)> = candidates
            .into_iter()
            .filter(|e| Self::matches(q, e))
            .take(q.limit + 1)
            .map(|e| (key(e), e.json.clone()))
            .collect();
        if !bulk.is_empty() {
            page.extend(bulk);
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
            .filter(|e| e.persisted_ms >= floor)
            .filter_map(|e| e.value()?.get("uuid").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// The latest `published` of any stored event.
    pub fn newest_published(&self) -> Option<DateTime<Utc>> {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        store.iter().map(|e| e.published_ms).max().map(from_millis)
    }

    /// How many events published in `[since, until)` match `filter`, the bulk history's
    /// among them (what a bounded query with that filter must return).
    pub fn count_matching_between(&self, since: DateTime<Utc>, until: DateTime<Utc>, filter: &Filter) -> usize {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        let bulk = self.bulk.get().map_or(0, |b| b.count_matching(since, until, filter));
        let (since, until) = (ceil_millis(since), ceil_millis(until));
        let stored = store
            .iter()
            .filter(|e| e.published_ms >= since && e.published_ms < until && e.matches_filter(Some(filter)));
        stored.count() + bulk as usize
    }

    /// How many events were published in `[since, until)` (what a bounded query must
    /// return), the bulk history's among them.
    pub fn count_published_between(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> usize {
        let store = self.events.read().unwrap_or_else(|e| e.into_inner());
        let bulk = self.bulk.get().map_or(0, |b| b.count_between(since, until));
        let (since, until) = (ceil_millis(since), ceil_millis(until));
        store.iter().filter(|e| e.published_ms >= since && e.published_ms < until).count() + bulk as usize
    }
}

/// The first whole millisecond at or after `t`: an event published at a whole millisecond
/// `p` is at or after `t` exactly when `p >= ceil_millis(t)` (and before it when less).
fn ceil_millis(t: DateTime<Utc>) -> i64 {
    let whole = t.timestamp_millis();
    if t.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
        whole
    } else {
        whole + 1
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

    fn uuid_of(text: &str) -> String {
        serde_json::from_str::<Value>(text).unwrap()["uuid"].as_str().unwrap().to_string()
    }

    /// Polls from `cursor` (or `since`) until a page comes back empty, as a tail does.
    fn tail(store: &LogStore, since: DateTime<Utc>, cursor: &mut Option<Cursor>, seen: &mut Vec<String>) {
        loop {
            let page = store.query(&query(since, None, *cursor, 7));
            seen.extend(page.events.iter().map(|e| uuid_of(e)));
            *cursor = page.next;
            if page.events.is_empty() {
                return;
            }
        }
    }

    #[test]
    fn history_written_newest_first_is_tailed_once_and_windowed_in_order() {
        let store = LogStore::default();
        let t0 = from_millis((Utc::now() - Duration::hours(3)).timestamp_millis());
        let stretch = |hour: i64, base: u32| -> Vec<Value> {
            (0..50).map(|i| ev(base + i, t0 + Duration::hours(hour) + Duration::minutes(i64::from(i)), "a")).collect()
        };
        // A tail from 90 minutes into the history, started before anything is written.
        let since = t0 + Duration::minutes(90);
        let (mut cursor, mut seen) = (None, Vec::new());
        tail(&store, since, &mut cursor, &mut seen);
        for (hour, base) in [(2, 200), (1, 100), (0, 0)] {
            store.append_history(stretch(hour, base));
            tail(&store, since, &mut cursor, &mut seen);
        }
        let now = Utc::now();
        store.append(vec![ev(999, now, "live")], now);
        tail(&store, since, &mut cursor, &mut seen);
        assert_eq!(seen, store.uuids_persisted_since(since), "every event persisted since, once, in order");
        assert!(seen.contains(&"u130".to_string()) && !seen.contains(&"u129".to_string()), "{seen:?}");
        assert_eq!(seen.len(), 50 + 20 + 1);
        // A window over the whole history reads it in `published` order, whatever came first.
        let (mut after, mut window) = (None, Vec::new());
        loop {
            let page = store.query(&query(t0, Some(t0 + Duration::hours(3)), after, 40));
            window.extend(page.events.iter().map(|e| uuid_of(e)));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let expected: Vec<String> = (0..150).map(|i| format!("u{}", (i / 50) * 100 + i % 50)).collect();
        assert_eq!(window, expected);
    }

    #[test]
    fn a_history_settled_before_serving_is_polled_oldest_first() {
        let store = LogStore::default();
        let t0 = from_millis((Utc::now() - Duration::hours(3)).timestamp_millis());
        for (hour, base) in [(2, 200), (1, 100), (0, 0)] {
            let at = |i: u32| t0 + Duration::hours(hour) + Duration::minutes(i64::from(i));
            store.append_history((0..50).map(|i| ev(base + i, at(i), "a")).collect());
        }
        store.settle_history();
        let (mut cursor, mut seen) = (None, Vec::new());
        tail(&store, t0, &mut cursor, &mut seen);
        let expected: Vec<String> = (0..150).map(|i| format!("u{}", (i / 50) * 100 + i % 50)).collect();
        assert_eq!(seen, expected, "a polling read from the start, in `published` order");
        let now = Utc::now();
        store.append(vec![ev(999, now, "live")], now);
        tail(&store, t0, &mut cursor, &mut seen);
        assert_eq!(seen.last().map(String::as_str), Some("u999"), "then what is persisted live");
    }

    #[test]
    fn filters_and_keywords_read_the_stored_text() {
        let store = LogStore::default();
        let now = from_millis(Utc::now().timestamp_millis());
        let mut odd = ev(3, now, "user.session.start");
        odd["actor"] = json!({"displayName": "Zoë Ünal"});
        store.append(vec![ev(1, now, "user.session.start"), ev(2, now, "user.session.end"), odd], now);
        let ask = |filter: &str, keywords: &[&str]| -> Vec<String> {
            let q = LogQuery {
                filter: (!filter.is_empty()).then(|| crate::scim::parse(filter).unwrap()),
                keywords: keywords.iter().map(|k| k.to_string()).collect(),
                ..query(now - Duration::minutes(1), Some(now + Duration::minutes(1)), None, 10)
            };
            store.query(&q).events.iter().map(|e| uuid_of(e)).collect()
        };
        assert_eq!(ask(r#"eventType eq "USER.SESSION.START""#, &[]), ["u1", "u3"]);
        assert_eq!(ask(r#"eventType ew "end" or uuid eq "u3""#, &[]), ["u2", "u3"]);
        assert_eq!(ask("", &["session.end"]), ["u2"]);
        assert_eq!(ask("", &["zoë", "ünal"]), ["u3"]);
        assert_eq!(ask(r#"actor.displayName sw "ZOË""#, &["u3"]), ["u3"]);
    }

    #[test]
    fn cursors_round_trip() {
        let c = Cursor { millis: 1627500044869, seq: 1 };
        assert_eq!(Cursor::parse(&c.encode()), Some(c));
        assert_eq!(Cursor::parse("junk"), None);
    }
}
