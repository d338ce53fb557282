//! Waiting on Okta's rate limits, safely and visibly.
//!
//! Every wait whose length comes from the network (`X-Rate-Limit-Reset`, `Retry-After`) is
//! computed with checked arithmetic and capped at [`MAX_WAIT`]: Okta's windows are a minute,
//! so a longer wait means a clock gone wrong or a hostile answer, never a reason to stall or
//! to overflow an `Instant`. Each wait of a second or more is put on a [`WaitBoard`] while it
//! lasts, so callers can say so: headless commands print one line on stderr, the console's
//! status line shows it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use tokio::sync::watch;

/// The longest single wait for a rate limit, whatever the server says (Okta's windows are a
/// minute; one second more covers the reset's rounding).
pub const MAX_WAIT: Duration = Duration::from_secs(61);

/// Waits shorter than this are not announced (a request settling, a reset a moment away).
const ANNOUNCE_FROM: Duration = Duration::from_secs(1);

/// Why a request waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// The bucket's window is spent: the next request goes at its reset.
    Spent,
    /// Background work leaves the last 10% of the bucket to interactive calls.
    Reserve,
    /// Okta answered 429 Too Many Requests.
    TooManyRequests,
    /// Okta answered 429 for the org's concurrency limit.
    Concurrency,
}

impl fmt::Display for WaitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl WaitReason {
    fn as_str(self) -> &'static str {
        match self {
            WaitReason::Spent => "the bucket is spent",
            WaitReason::Reserve => "the last 10% is kept for interactive calls",
            WaitReason::TooManyRequests => "Okta answered 429",
            WaitReason::Concurrency => "Okta's concurrency limit",
        }
    }
}

/// One wait on the rate limit: which bucket, until when, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateWait {
    /// The bucket key (`GET /api/v1/users`).
    pub bucket: String,
    /// When the wait ends (whole seconds).
    pub until: DateTime<Utc>,
    pub reason: WaitReason,
}

impl RateWait {
    /// A wait of `wait` from now.
    pub fn new(bucket: &str, wait: Duration, reason: WaitReason) -> RateWait {
        let until = chrono::Duration::from_std(wait.min(MAX_WAIT))
            .ok()
            .and_then(|d| Utc::now().checked_add_signed(d))
            .unwrap_or_else(Utc::now);
        // Whole seconds, as shown: one wait does not look like many.
        let until = DateTime::from_timestamp(until.timestamp(), 0).unwrap_or(until);
        // The path may come from a server's `next` link: shown cleaned.
        RateWait { bucket: crate::sanitize::clean(bucket).into_owned(), until, reason }
    }
}

impl fmt::Display for RateWait {
    /// `waiting on rate limit for bucket GET /api/v1/users until 12:34:56 (Okta answered 429)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waiting on rate limit for bucket {} until {} ({})",
            self.bucket,
            self.until.format("%H:%M:%S"),
            self.reason
        )
    }
}

/// The waits under way, shared by every clone of a client. [`WaitBoard::watch`] always holds
/// the one that ends last (or `None` when nothing waits).
#[derive(Debug, Clone)]
pub struct WaitBoard {
    inner: Arc<Mutex<Board>>,
    tx: Arc<watch::Sender<Option<RateWait>>>,
}

#[derive(Debug, Default)]
struct Board {
    next_id: u64,
    active: HashMap<u64, RateWait>,
}

impl Default for WaitBoard {
    fn default() -> Self {
        WaitBoard { inner: Arc::default(), tx: Arc::new(watch::channel(None).0) }
    }
}

impl WaitBoard {
    /// Follows the current wait: `None`, or the wait under way that ends last.
    pub fn watch(&self) -> watch::Receiver<Option<RateWait>> {
        self.tx.subscribe()
    }

    /// The wait under way that ends last, if any.
    pub fn current(&self) -> Option<RateWait> {
        self.tx.borrow().clone()
    }

    /// Puts `wait` on the board until the returned guard drops; a short wait is not shown.
    pub fn enter(&self, wait: Duration, bucket: &str, reason: WaitReason) -> Option<WaitGuard> {
        if wait < ANNOUNCE_FROM {
            return None;
        }
        let mut board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        board.next_id = board.next_id.wrapping_add(1);
        let id = board.next_id;
        board.active.insert(id, RateWait::new(bucket, wait, reason));
        self.publish(&board);
        Some(WaitGuard { board: self.clone(), id })
    }

    fn publish(&self, board: &Board) {
        let latest = board.active.values().max_by_key(|w| w.until).cloned();
        self.tx.send_if_modified(|current| {
            let changed = *current != latest;
            *current = latest;
            changed
        });
    }
}

/// Keeps a wait on the board while it lasts.
#[derive(Debug)]
pub struct WaitGuard {
    board: WaitBoard,
    id: u64,
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        let mut board = self.board.inner.lock().unwrap_or_else(|e| e.into_inner());
        board.active.remove(&self.id);
        self.board.publish(&board);
    }
}

/// A wait of `secs` seconds from the network: negative, NaN or absurd values never panic;
/// the result is at most [`MAX_WAIT`].
pub fn capped_wait(secs: f64) -> Duration {
    if secs.is_nan() || secs <= 0.0 {
        return Duration::ZERO;
    }
    Duration::try_from_secs_f64(secs).unwrap_or(MAX_WAIT).min(MAX_WAIT)
}

/// `Retry-After`: seconds or an HTTP date, measured against the response's `Date` when it
/// has one; capped at [`MAX_WAIT`].
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs).min(MAX_WAIT));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.timestamp();
    let now = server_now(headers).unwrap_or_else(|| Utc::now().timestamp());
    Some(Duration::from_secs(u64::try_from(at.saturating_sub(now)).unwrap_or(0)).min(MAX_WAIT))
}

/// The response's `Date`, in seconds since the epoch.
pub fn server_now(headers: &HeaderMap) -> Option<i64> {
    let date = headers.get("date")?.to_str().ok()?;
    Some(DateTime::parse_from_rfc2822(date).ok()?.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn waits_from_the_network_are_capped_and_never_panic() {
        assert_eq!(capped_wait(f64::NAN), Duration::ZERO);
        assert_eq!(capped_wait(-5.0), Duration::ZERO);
        assert_eq!(capped_wait(1.8446744073709552e19), MAX_WAIT);
        assert_eq!(capped_wait(f64::INFINITY), MAX_WAIT);
        assert_eq!(capped_wait(2.5), Duration::from_millis(2500));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("18446744073709551615"));
        assert_eq!(retry_after(&h), Some(MAX_WAIT));
        h.insert("retry-after", HeaderValue::from_static("99999999999999999999999"));
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert("date", HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT"));
        h.insert("retry-after", HeaderValue::from_static("Tue, 14 Nov 2023 22:13:30 GMT"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(10)));
        h.insert("retry-after", HeaderValue::from_static("Fri, 31 Dec 9999 23:59:59 GMT"));
        assert_eq!(retry_after(&h), Some(MAX_WAIT));
    }

    #[tokio::test]
    async fn the_board_shows_the_wait_that_ends_last_while_it_lasts() {
        let board = WaitBoard::default();
        let rx = board.watch();
        assert!(board.enter(Duration::from_millis(200), "GET /a", WaitReason::Spent).is_none());
        let short = board.enter(Duration::from_secs(2), "GET /a", WaitReason::Spent);
        let long = board.enter(Duration::from_secs(30), "GET /b", WaitReason::TooManyRequests);
        assert_eq!(rx.borrow().as_ref().map(|w| w.bucket.as_str()), Some("GET /b"));
        let line = board.current().unwrap().to_string();
        assert!(line.starts_with("waiting on rate limit for bucket GET /b until "), "{line}");
        assert!(line.ends_with("(Okta answered 429)"), "{line}");
        drop(long);
        assert_eq!(board.current().map(|w| w.bucket), Some("GET /a".to_string()));
        drop(short);
        assert_eq!(board.current(), None);
    }
}
