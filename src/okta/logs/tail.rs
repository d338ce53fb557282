//! The polling tail, as Okta documents it (API-NOTES §4): one polling request (`since`, no
//! `until`, `sortOrder=ASCENDING`, `limit=1000`), then always the stored `next` link. A
//! full page is followed at once; a short or empty one waits for the poll interval, which
//! stretches while the logs bucket runs low. A failed or unreadable page is asked for again
//! with the same cursor, so nothing is skipped, and the delivered-id set makes sure nothing
//! is delivered twice. Its health (poll state, lag, rate, bucket headroom) goes out with
//! every page.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use tokio::sync::mpsc::Sender;

use super::ingest::{Ingest, TailedEvent};
use super::rate::PublishedRate;
use crate::okta::api::logs::{LogQuery, SortOrder};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::{bucket_key, BucketStatus, Priority};

/// Events per page asked for (Okta's maximum).
pub const PAGE_LIMIT: usize = 1000;
/// The poll interval by default.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(10);
/// How far back the System Log goes (Okta's retention).
pub const RETENTION_DAYS: i64 = 90;
/// The longest wait between polls, however low the bucket.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);
/// The longest wait before asking again after an error.
const MAX_ERROR_BACKOFF: Duration = Duration::from_secs(60);
/// How often a waiting request looks at the bucket, to say "throttled".
const THROTTLE_CHECK: Duration = Duration::from_millis(500);

/// What to tail.
#[derive(Debug, Clone)]
pub struct TailConfig {
    /// Where the window starts (at most [`RETENTION_DAYS`] back).
    pub since: DateTime<Utc>,
    /// Okta's SCIM `filter`.
    pub filter: Option<String>,
    /// Okta's keyword search `q`.
    pub q: Option<String>,
    /// The wait after a short page while the bucket has headroom.
    pub poll_interval: Duration,
    /// A stored `next` link to continue from, instead of starting at `since`.
    pub resume_from: Option<String>,
    /// Delivered ids remembered for de-duplication.
    pub seen_capacity: usize,
}

impl TailConfig {
    /// A tail of the last `window`, no filter, the default interval.
    pub fn last(window: chrono::Duration) -> TailConfig {
        TailConfig {
            since: Utc::now() - window,
            filter: None,
            q: None,
            poll_interval: DEFAULT_POLL_INTERVAL,
            resume_from: None,
            seen_capacity: super::seen::DEFAULT_CAPACITY,
        }
    }

    /// The window's start, moved up to the retention limit if it reaches past it.
    pub fn effective_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.since.max(now - chrono::Duration::days(RETENTION_DAYS))
    }

    /// The polling request that starts the tail.
    pub fn first_request(&self, now: DateTime<Utc>) -> String {
        let given = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        let query = LogQuery {
            since: Some(self.effective_since(now)),
            filter: given(&self.filter),
            q: given(&self.q),
            order: Some(SortOrder::Ascending),
            limit: Some(PAGE_LIMIT),
            ..LogQuery::default()
        };
        query.listing().target().to_string()
    }
}

/// How polling is going.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollState {
    /// The first request is on its way.
    Starting,
    /// Caught up; polling every interval.
    Live,
    /// Pages are full: fetching the next at once.
    CatchingUp,
    /// The logs bucket is spent; the next request goes at its reset.
    Throttled { until: DateTime<Utc> },
    /// The last request failed; the same cursor is asked for again.
    Error { message: String },
}

/// The tail's health, sent with every page.
#[derive(Debug, Clone, PartialEq)]
pub struct TailStatus {
    pub state: PollState,
    /// `published` of the newest event delivered, in ms since the epoch.
    pub newest_published_ms: Option<i64>,
    /// When the last poll that found the tail caught up was sent (ms since the epoch):
    /// every event stored before then has been delivered.
    pub caught_up_ms: Option<i64>,
    /// Events delivered that were published in the last minute (a backfill of the past
    /// does not count).
    pub events_per_min: u64,
    /// The logs bucket: (remaining, limit) as Okta last reported it.
    pub headroom: Option<(u32, u32)>,
    pub delivered: u64,
    pub duplicates: u64,
    pub malformed: u64,
    /// A note for the user (the window was moved to the retention limit, the server
    /// repeated a cursor).
    pub notice: Option<String>,
    /// The stored `next` link: where the tail goes on from.
    pub cursor: Option<String>,
}

impl TailStatus {
    /// The health of a tail whose first read is on its way.
    pub fn starting() -> TailStatus {
        TailStatus {
            state: PollState::Starting,
            newest_published_ms: None,
            caught_up_ms: None,
            events_per_min: 0,
            headroom: None,
            delivered: 0,
            duplicates: 0,
            malformed: 0,
            notice: None,
            cursor: None,
        }
    }

    /// How far behind real time the tail can be at `now_ms`: since the newest event, or
    /// since the last poll that found nothing more waiting, whichever is less.
    pub fn lag_ms(&self, now_ms: i64) -> Option<i64> {
        let behind = |t: Option<i64>| t.map(|t| now_ms.saturating_sub(t).max(0));
        match (behind(self.newest_published_ms), behind(self.caught_up_ms)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The bucket's headroom as a share (0–1).
    pub fn headroom_share(&self) -> Option<f64> {
        self.headroom.filter(|(_, limit)| *limit > 0).map(|(r, l)| f64::from(r) / f64::from(l))
    }
}

/// What the tail sends its consumer.
#[derive(Debug)]
pub enum TailUpdate {
    /// New events, in the order Okta persisted them, and the status after them.
    Events(Vec<TailedEvent>, TailStatus),
    /// The status changed without new events (waiting, throttled, an error).
    Status(TailStatus),
    /// Okta refused the first request (an invalid filter, say): the tail has stopped.
    Rejected(OktaError),
}

/// Runs the tail of the org's System Log until the consumer goes away (through
/// [`LogSource::tail`](crate::gather::LogSource::tail)).
pub async fn run(client: Client, config: TailConfig, tx: Sender<TailUpdate>) {
    let mut tail = Tail::new(client, config);
    tail.run(tx).await;
}

struct Tail {
    client: Client,
    config: TailConfig,
    ingest: Ingest,
    status: TailStatus,
    /// The events of the last minute, for the rate.
    rate: PublishedRate,
    bucket: String,
}

impl Tail {
    fn new(client: Client, config: TailConfig) -> Tail {
        let ingest = Ingest::new(config.seen_capacity);
        Tail {
            client,
            config,
            ingest,
            status: TailStatus::starting(),
            rate: PublishedRate::default(),
            bucket: bucket_key("GET", crate::okta::api::logs::COLLECTION),
        }
    }

    async fn run(&mut self, tx: Sender<TailUpdate>) {
        let now = Utc::now();
        if self.config.since < now - chrono::Duration::days(RETENTION_DAYS) && self.config.resume_from.is_none() {
            self.status.notice = Some(format!("the System Log keeps {RETENTION_DAYS} days: the window starts there"));
        }
        let mut target = self.config.resume_from.clone().unwrap_or_else(|| self.config.first_request(now));
        let mut first = true;
        let mut failures: u32 = 0;
        loop {
            let sent_ms = Utc::now().timestamp_millis();
            let answer = match self.fetch(&target, &tx).await {
                Some(a) => a,
                None => return,
            };
            let (body, next) = match answer {
                Ok(resp) => (resp.body.clone(), resp.next_link()),
                Err(e) if first && e.status() == Some(400) => {
                    let _ = tx.send(TailUpdate::Rejected(e)).await;
                    return;
                }
                Err(e) => {
                    failures += 1;
                    self.status.state =
                        PollState::Error { message: crate::sanitize::clean(&e.to_string()).into_owned() };
                    if !self.send_status(&tx).await {
                        return;
                    }
                    tokio::time::sleep(error_backoff(failures)).await;
                    continue;
                }
            };
            let page = match self.ingest.page(&body, Utc::now().timestamp_millis()) {
                Ok(p) => p,
                Err(e) => {
                    failures += 1;
                    self.status.state = PollState::Error { message: format!("an unreadable page ({e}); asking again") };
                    if !self.send_status(&tx).await {
                        return;
                    }
                    tokio::time::sleep(error_backoff(failures)).await;
                    continue;
                }
            };
            first = false;
            failures = 0;
            self.refresh_headroom();
            let full = page.elements >= PAGE_LIMIT;
            let repeated = next.as_deref() == Some(target.as_str()) && page.elements > 0;
            self.status.duplicates += page.duplicates as u64;
            self.status.malformed += page.malformed as u64;
            self.status.delivered += page.fresh.len() as u64;
            if let Some(newest) = page.fresh.iter().filter_map(|e| e.event.published_ms).max() {
                self.status.newest_published_ms =
                    Some(self.status.newest_published_ms.map_or(newest, |n| n.max(newest)));
            }
            let now_ms = Utc::now().timestamp_millis();
            for published in page.fresh.iter().filter_map(|e| e.event.published_ms) {
                self.rate.record(published, now_ms);
            }
            self.status.events_per_min = self.rate.per_minute(now_ms);
            if repeated {
                self.status.notice =
                    Some("Okta answered a page with the same cursor; waiting before asking again".into());
            }
            let catching_up = full && !repeated;
            if !catching_up {
                self.status.caught_up_ms = Some(sent_ms);
            }
            self.status.state = if catching_up { PollState::CatchingUp } else { PollState::Live };
            // Without a `next` link (a polling answer always has one), poll the same page again.
            if let Some(next) = next {
                target = next;
            }
            self.status.cursor = Some(target.clone());
            let update = if page.fresh.is_empty() {
                TailUpdate::Status(self.status.clone())
            } else {
                TailUpdate::Events(page.fresh, self.status.clone())
            };
            if tx.send(update).await.is_err() {
                return;
            }
            if !catching_up {
                tokio::time::sleep(self.poll_wait(page.elements)).await;
            }
        }
    }

    /// GETs `target`; while the request waits on a spent bucket, says "throttled". `None`
    /// when the consumer has gone.
    async fn fetch(
        &mut self,
        target: &str,
        tx: &Sender<TailUpdate>,
    ) -> Option<Result<crate::okta::client::Response, OktaError>> {
        let client = self.client.clone();
        let owned = target.to_string();
        let request = client.get(&owned, Priority::Background);
        tokio::pin!(request);
        let mut check = tokio::time::interval(THROTTLE_CHECK);
        check.tick().await;
        loop {
            tokio::select! {
                answer = &mut request => return Some(answer),
                _ = check.tick() => {
                    if let Some(until) = self.throttled_until() {
                        if self.status.state != (PollState::Throttled { until }) {
                            self.status.state = PollState::Throttled { until };
                            if !self.send_status(tx).await {
                                return None;
                            }
                        }
                    }
                }
            }
        }
    }

    fn logs_bucket(&self) -> Option<BucketStatus> {
        self.client.limiter().status().into_iter().find(|b| b.key == self.bucket)
    }

    /// The reset time of the logs bucket, if it is spent for background work.
    fn throttled_until(&self) -> Option<DateTime<Utc>> {
        let b = self.logs_bucket()?;
        let reserve = (f64::from(b.limit) * 0.10).ceil() as u32;
        if b.resets_in == 0 || b.remaining > reserve.max(1) {
            return None;
        }
        let resets_in = chrono::Duration::try_seconds(i64::try_from(b.resets_in).ok()?)?;
        let until = Utc::now().checked_add_signed(resets_in)?;
        // Whole seconds, so the status does not change on every check.
        Utc.timestamp_opt(until.timestamp(), 0).single()
    }

    fn refresh_headroom(&mut self) {
        if let Some(b) = self.logs_bucket() {
            self.status.headroom = Some((b.remaining, b.limit));
        }
    }

    /// The wait after a page of `elements`: shorter while pages are half full, longer while
    /// the bucket runs low.
    fn poll_wait(&self, elements: usize) -> Duration {
        let base = self.config.poll_interval;
        let wait = if elements > PAGE_LIMIT / 2 { base / 4 } else { base };
        let stretch = match self.status.headroom_share() {
            Some(h) if h < 0.10 => 4,
            Some(h) if h < 0.25 => 2,
            _ => 1,
        };
        (wait * stretch).min(MAX_POLL_INTERVAL.max(base))
    }

    async fn send_status(&self, tx: &Sender<TailUpdate>) -> bool {
        tx.send(TailUpdate::Status(self.status.clone())).await.is_ok()
    }
}

/// 1 s, 2 s, 4 s, … up to a minute.
fn error_backoff(failures: u32) -> Duration {
    Duration::from_secs(1u64 << failures.saturating_sub(1).min(6)).min(MAX_ERROR_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_request_is_a_polling_one_within_retention() {
        let now = Utc::now();
        let mut config = TailConfig::last(chrono::Duration::days(200));
        config.filter = Some("eventType eq \"user.session.start\"".into());
        config.q = Some("  ".into());
        let path = config.first_request(now);
        assert!(path.starts_with("/api/v1/logs?since="));
        assert!(path.contains("sortOrder=ASCENDING") && path.contains("limit=1000") && !path.contains("until"));
        assert!(path.contains("filter=eventType+eq+%22user.session.start%22") && !path.contains("q="));
        assert_eq!(config.effective_since(now), now - chrono::Duration::days(RETENTION_DAYS));
    }

    #[test]
    fn lag_is_the_lesser_of_the_newest_event_and_the_last_caught_up_poll() {
        let mut s = TailStatus::starting();
        assert_eq!(s.lag_ms(10_000), None);
        s.newest_published_ms = Some(1_000);
        assert_eq!(s.lag_ms(10_000), Some(9_000));
        s.caught_up_ms = Some(8_000);
        assert_eq!(s.lag_ms(10_000), Some(2_000));
    }

    #[test]
    fn errors_back_off_to_a_minute() {
        assert_eq!(error_backoff(1), Duration::from_secs(1));
        assert_eq!(error_backoff(3), Duration::from_secs(4));
        assert_eq!(error_backoff(30), MAX_ERROR_BACKOFF);
    }
}
