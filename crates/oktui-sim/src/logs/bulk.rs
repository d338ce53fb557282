//! A bulk history for orgs of a real org's scale (`SimConfig::bulk_log_events`): millions of
//! ordinary events in the backfilled window, made when they are asked for rather than held,
//! so a test org can hold more than a million events without gigabytes of JSON.
//!
//! Event `i` of `n` is ordinary traffic of the org (one of a few thousand events its
//! generator made once, in turn), published at `since + i × (until − since) / n` with a
//! uuid drawn from the seed and `i`: the same seed gives the same history byte for byte,
//! and every event is on Okta's wire format. The events sit in the log beside the stored
//! ones (the seeded attacks among them); bounded queries (`since` and `until`: hunts,
//! investigations, `logs`) see both, in `published` order. Polling queries (the tail) see
//! the stored events only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::ids::okta_time;
use crate::logs::generator::LogGenerator;
use crate::logs::store::{Cursor, LogQuery, SortOrder};
use crate::org::Org;
use crate::scim::Filter;

/// Ordinary events made once and repeated through the history.
const TEMPLATES: usize = 4096;
/// Bulk events' sequence numbers start here, past any stored event's.
pub const FIRST_SEQ: u64 = 1 << 48;
/// Stand-ins for the fields each event gets its own value of.
const PUBLISHED_MARK: &str = "@@bulk-published@@";
const UUID_MARK: &str = "@@bulk-uuid@@";

/// One ordinary event as JSON text, cut where its `published` and `uuid` go.
#[derive(Debug)]
struct Template {
    /// The event, for filters.
    event: Value,
    /// Text before `published`, between it and `uuid` (or the other way round), and after.
    parts: [String; 3],
    /// Whether `uuid` comes before `published` in the text.
    uuid_first: bool,
}

/// The bulk history of an org.
#[derive(Debug)]
pub struct BulkHistory {
    templates: Vec<Template>,
    since: DateTime<Utc>,
    span_ms: i64,
    count: u64,
    seed: u64,
    /// Which templates each filter asked for matches (filters on `uuid` are checked per event).
    matching: Mutex<HashMap<String, Arc<Vec<bool>>>>,
}

impl BulkHistory {
    /// `count` ordinary events of `org` spread over `[since, until)`, drawn from `seed`.
    pub fn new(org: &Org, seed: u64, since: DateTime<Utc>, until: DateTime<Utc>, count: u64) -> BulkHistory {
        let mut generator = LogGenerator::new(seed ^ 0x6b75_6c6b);
        let mut templates = Vec::with_capacity(TEMPLATES);
        let mut t = since;
        for _ in 0..TEMPLATES {
            if templates.len() >= TEMPLATES {
                break;
            }
            for event in generator.live(org, t) {
                if let Some(template) = Template::of(event) {
                    templates.push(template);
                }
            }
            t += Duration::seconds(37);
        }
        let span_ms = (until - since).num_milliseconds().max(1);
        BulkHistory { templates, since, span_ms, count, seed, matching: Mutex::new(HashMap::new()) }
    }

    /// How many events it holds.
    pub fn len(&self) -> u64 {
        if self.templates.is_empty() {
            0
        } else {
            self.count
        }
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// When event `i` was published, in ms since the epoch.
    fn millis(&self, i: u64) -> i64 {
        let offset = i128::from(self.span_ms) * i128::from(i) / i128::from(self.count.max(1));
        self.since.timestamp_millis() + offset as i64
    }

    fn key(&self, i: u64) -> Cursor {
        Cursor { millis: self.millis(i), seq: FIRST_SEQ + i }
    }

    /// The first event whose key is at or after `key`.
    fn first_from(&self, key: Cursor) -> u64 {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.key(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Event `i` as JSON text.
    fn text(&self, i: u64) -> String {
        let template = &self.templates[(i % self.templates.len() as u64) as usize];
        let published = okta_time(crate::logs::store::from_millis(self.millis(i)));
        let uuid = self.uuid(i);
        let [a, b, c] = &template.parts;
        let (first, second) = if template.uuid_first { (&uuid, &published) } else { (&published, &uuid) };
        let mut out = String::with_capacity(a.len() + b.len() + c.len() + 64);
        for piece in [a.as_str(), first, b, second, c] {
            out.push_str(piece);
        }
        out
    }

    fn uuid(&self, i: u64) -> String {
        let mut x = self.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ i;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let bits = (u128::from(next()) << 64) | u128::from(next());
        uuid::Builder::from_random_bytes(bits.to_be_bytes()).into_uuid().hyphenated().to_string()
    }

    /// Whether event `i` answers `q` (its filter and keywords).
    fn matches(&self, q: &LogQuery, i: u64, matching: Option<&[bool]>) -> bool {
        let at = (i % self.templates.len() as u64) as usize;
        let filtered = match (&q.filter, matching) {
            (None, _) => true,
            (Some(_), Some(matching)) => matching[at],
            (Some(f), None) => serde_json::from_str::<Value>(&self.text(i)).is_ok_and(|e| f.matches(&e)),
        };
        if !filtered || q.keywords.is_empty() {
            return filtered;
        }
        let text = self.text(i).to_lowercase();
        q.keywords.iter().all(|k| text.contains(k.as_str()))
    }

    /// Which templates match `filter`, once per filter (`None`: it names a field each event
    /// has its own value of, and is checked per event).
    fn matching(&self, filter: &Filter) -> Option<Arc<Vec<bool>>> {
        if filter.comparisons().iter().any(|(path, _)| *path == "uuid") {
            return None;
        }
        let key = format!("{filter:?}");
        let mut cache = self.matching.lock().unwrap_or_else(|e| e.into_inner());
        let found = cache
            .entry(key)
            .or_insert_with(|| Arc::new(self.templates.iter().map(|t| filter.matches(&t.event)).collect()));
        Some(found.clone())
    }

    /// The bounded query's events after `q.after` (at most `limit + 1`, to tell whether more
    /// follow), with their keys, in the query's order.
    pub fn bounded(&self, q: &LogQuery, until: DateTime<Utc>, limit: usize) -> Vec<(Cursor, Arc<str>)> {
        if self.is_empty() {
            return Vec::new();
        }
        let lo = self.first_from(Cursor { millis: q.since.timestamp_millis(), seq: 0 });
        let hi = self.first_from(Cursor { millis: until.timestamp_millis(), seq: 0 });
        let matching = q.filter.as_ref().and_then(|f| self.matching(f));
        let matching = matching.as_deref().map(Vec::as_slice);
        let mut out = Vec::new();
        match q.order {
            SortOrder::Ascending => {
                let start =
                    q.after.map_or(lo, |c| self.first_from(Cursor { millis: c.millis, seq: c.seq + 1 }).max(lo));
                for i in start..hi {
                    if out.len() > limit {
                        break;
                    }
                    if self.matches(q, i, matching) {
                        out.push((self.key(i), Arc::from(self.text(i))));
                    }
                }
            }
            SortOrder::Descending => {
                let end = q.after.map_or(hi, |c| self.first_from(c).min(hi));
                for i in (lo..end).rev() {
                    if out.len() > limit {
                        break;
                    }
                    if self.matches(q, i, matching) {
                        out.push((self.key(i), Arc::from(self.text(i))));
                    }
                }
            }
        }
        out
    }

    /// How many of its events published in `[since, until)` match `filter`.
    pub fn count_matching(&self, since: DateTime<Utc>, until: DateTime<Utc>, filter: &Filter) -> u64 {
        if self.is_empty() {
            return 0;
        }
        let lo = self.first_from(Cursor { millis: since.timestamp_millis(), seq: 0 });
        let hi = self.first_from(Cursor { millis: until.timestamp_millis(), seq: 0 });
        let query = LogQuery {
            since,
            until: Some(until),
            after: None,
            filter: Some(filter.clone()),
            keywords: Vec::new(),
            limit: 0,
            order: SortOrder::Ascending,
        };
        let matching = self.matching(filter);
        (lo..hi).filter(|&i| self.matches(&query, i, matching.as_deref().map(Vec::as_slice))).count() as u64
    }

    /// How many of its events were published in `[since, until)`.
    pub fn count_between(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> u64 {
        let lo = self.first_from(Cursor { millis: since.timestamp_millis(), seq: 0 });
        let hi = self.first_from(Cursor { millis: until.timestamp_millis(), seq: 0 });
        hi.saturating_sub(lo)
    }
}

impl Template {
    fn of(mut event: Value) -> Option<Template> {
        let object = event.as_object_mut()?;
        object.insert("published".into(), Value::String(PUBLISHED_MARK.into()));
        object.insert("uuid".into(), Value::String(UUID_MARK.into()));
        let text = event.to_string();
        let (p, u) = (text.find(PUBLISHED_MARK)?, text.find(UUID_MARK)?);
        let uuid_first = u < p;
        let (first, second) = if uuid_first { (UUID_MARK, PUBLISHED_MARK) } else { (PUBLISHED_MARK, UUID_MARK) };
        let (a, rest) = text.split_once(first)?;
        let (b, c) = rest.split_once(second)?;
        Some(Template { event, parts: [a.into(), b.into(), c.into()], uuid_first })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::logs::store::{LogStore, SortOrder};
    use crate::org::generate::generate;

    #[test]
    fn a_bulk_history_pages_in_order_through_every_event_once_and_honours_filters() {
        let until = crate::logs::store::from_millis(1_764_504_000_000);
        let since = until - Duration::hours(1);
        let org = generate(3, 40, until);
        let store = LogStore::default();
        store.set_bulk(BulkHistory::new(&org, 3, since, until, 5_000));
        assert_eq!(store.count_published_between(since, until), 5_000);
        let filter =
            crate::scim::parse(r#"eventType eq "user.session.start" or eventType sw "user.authentication""#).unwrap();
        for filter in [None, Some(filter)] {
            let mut q = LogQuery {
                since,
                until: Some(until),
                after: None,
                filter: filter.clone(),
                keywords: vec![],
                limit: 700,
                order: SortOrder::Ascending,
            };
            let (mut seen, mut last) = (HashSet::new(), String::new());
            loop {
                let page = store.query(&q);
                for text in &page.events {
                    let event: Value = serde_json::from_str(text).expect("Okta's JSON");
                    let published = event["published"].as_str().unwrap().to_string();
                    assert!(published >= last && published >= okta_time(since) && published < okta_time(until));
                    assert!(filter.as_ref().is_none_or(|f| f.matches(&event)));
                    assert!(seen.insert(event["uuid"].as_str().unwrap().to_string()), "each event once");
                    last = published;
                }
                match page.next {
                    Some(next) => q.after = Some(next),
                    None => break,
                }
            }
            let expected = filter.as_ref().map_or(5_000, |f| store.count_matching_between(since, until, f));
            assert_eq!(seen.len(), expected);
            assert!(expected > 500, "{expected}");
        }
    }
}
