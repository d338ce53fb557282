//! Reading events back from Okta by `uuid`, each exactly as Okta sends it: the console's event
//! view reads an event whose JSON it no longer holds, and a case file reads the events its
//! findings cite. Each query is a bounded window (`since` and `until`, so Okta filters by
//! `published`) around the events' times with `filter=uuid eq "…" or …`, a few uuids at a time.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use futures_util::TryStreamExt;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::okta::api::logs::LogQuery;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// The uuids asked for in one query (a filter of about 1,000 characters).
const BATCH: usize = 20;

/// The longest uuid put into a filter; Okta's are 36 characters.
const MAX_UUID: usize = 64;

/// An event to read back: its uuid, and when it was published, when known (the query then
/// covers a second either side of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub uuid: String,
    pub published: Option<DateTime<Utc>>,
}

/// What Okta gave back, in the order asked for, and the uuids it did not return.
#[derive(Debug, Default)]
pub struct ReadBack {
    /// `(uuid, the event's JSON as Okta sent it)`.
    pub events: Vec<(String, Box<RawValue>)>,
    /// Asked for and not returned (past retention, not yet indexed, or not a uuid at all).
    pub missing: Vec<String>,
}

/// Reads the `wanted` events back from Okta, each once. An event without a known time is
/// looked for in `fallback` (the window it was read from); an id that is not a uuid
/// (`[A-Za-z0-9-]`, at most 64 characters: it goes into a SCIM string) is never sent and
/// counts as missing.
pub async fn read_by_uuid(
    client: &Client,
    wanted: &[Wanted],
    fallback: (DateTime<Utc>, DateTime<Utc>),
    priority: Priority,
) -> Result<ReadBack, OktaError> {
    let mut asked: HashSet<&str> = HashSet::new();
    let mut queries: Vec<&Wanted> =
        wanted.iter().filter(|w| is_uuid(&w.uuid) && asked.insert(w.uuid.as_str())).collect();
    queries.sort_by_key(|w| (w.published.is_none(), w.published));
    let mut found: HashMap<String, Box<RawValue>> = HashMap::new();
    for batch in queries.chunk_by(|a, b| a.published.is_some() == b.published.is_some()).flat_map(|c| c.chunks(BATCH)) {
        let (since, until) = batch_window(batch, fallback);
        let filter = batch.iter().map(|w| format!("uuid eq \"{}\"", w.uuid)).collect::<Vec<_>>().join(" or ");
        let query = LogQuery { filter: Some(filter), order: None, ..LogQuery::window(since, until) };
        let mut pages = std::pin::pin!(query.listing().pages::<Box<RawValue>>(client, priority));
        while let Some(page) = pages.try_next().await? {
            for raw in page {
                if let Some(uuid) = uuid_of(&raw).filter(|u| asked.contains(u.as_str())) {
                    found.entry(uuid).or_insert(raw);
                }
            }
        }
    }
    let mut read = ReadBack::default();
    let mut done: HashSet<&str> = HashSet::new();
    for w in wanted.iter().filter(|w| done.insert(w.uuid.as_str())) {
        match found.remove(&w.uuid) {
            Some(raw) => read.events.push((w.uuid.clone(), raw)),
            None => read.missing.push(w.uuid.clone()),
        }
    }
    Ok(read)
}

/// Whether `id` may go into a SCIM string as a uuid.
fn is_uuid(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_UUID && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A second either side of the batch's events, never past now; `fallback` for events of
/// unknown time.
fn batch_window(batch: &[&Wanted], fallback: (DateTime<Utc>, DateTime<Utc>)) -> (DateTime<Utc>, DateTime<Utc>) {
    let times = || batch.iter().filter_map(|w| w.published);
    match (times().min(), times().max()) {
        (Some(first), Some(last)) => {
            let second = Duration::seconds(1);
            // `published` comes from the org: at the edge of chrono's range it must not overflow.
            let since = first.checked_sub_signed(second).unwrap_or(first);
            let until = last.checked_add_signed(second).unwrap_or(last).min(Utc::now()).max(since);
            (since, until)
        }
        _ => fallback,
    }
}

/// The `uuid` of an event's JSON, if it has one.
fn uuid_of(raw: &RawValue) -> Option<String> {
    #[derive(Deserialize)]
    struct Id {
        uuid: Option<String>,
    }
    serde_json::from_str::<Id>(raw.get()).ok()?.uuid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuids_go_into_the_filter() {
        assert!(is_uuid("f3b7c5e0-6a1d-11ef-9d2a-8f1e2b3c4d5e"));
        for bad in ["", "a\" or true", "x y", &"a".repeat(65)] {
            assert!(!is_uuid(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_batch_covers_a_second_either_side_of_its_events() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let at = |s: &str| Wanted { uuid: "u".into(), published: Some(t(s)) };
        let (a, b) = (at("2026-01-01T10:00:00Z"), at("2026-01-01T10:05:00Z"));
        let fallback = (t("2025-12-31T00:00:00Z"), t("2026-01-02T00:00:00Z"));
        assert_eq!(batch_window(&[&a, &b], fallback), (t("2026-01-01T09:59:59Z"), t("2026-01-01T10:05:01Z")));
        let unknown = Wanted { uuid: "u".into(), published: None };
        assert_eq!(batch_window(&[&unknown], fallback), fallback);
        let edge = Wanted { uuid: "u".into(), published: Some(DateTime::<Utc>::MIN_UTC) };
        let (since, until) = batch_window(&[&edge], fallback);
        assert!(since <= until);
    }
}
