//! Client-side pacing from Okta's `X-Rate-Limit-*` headers, shared by every task of the
//! process.
//!
//! Each request counts against a bucket key (method + path with ids folded, e.g.
//! `GET /api/v1/users/{id}/factors`). The limiter remembers, per key, the last limit,
//! remaining count and reset time Okta reported, and counts requests in flight, so a burst of
//! tasks never spends more than what is left. Background work (sweeps) leaves a reserve for
//! interactive calls, until the last second before the window resets. When a window is
//! spent, callers wait for its reset, measured against the response's `Date` header rather
//! than the local clock, and never longer than [`MAX_WAIT`] whatever the headers say. A
//! global semaphore caps requests in flight well under Okta's concurrency limit. Waits are
//! shown on the limiter's [`WaitBoard`]; an interactive request with a deadline fails
//! rather than wait past it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::throttle::{capped_wait, retry_after, RateWait, WaitBoard, WaitReason, MAX_WAIT};

/// Who is asking: interactive calls may spend a bucket to the last request; background
/// sweeps leave a reserve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Interactive,
    Background,
}

/// Requests in flight at once, whatever the bucket (Okta's org concurrency limit is 35–75).
pub const MAX_IN_FLIGHT: usize = 8;

/// Share of a bucket background work leaves for interactive calls.
const BACKGROUND_RESERVE: f64 = 0.10;

/// How long before a window's reset background work may spend the reserve too: an
/// interactive call then waits at most this long for a new window, and a long sweep is not
/// held to 90% of the limit.
const RESERVE_RELEASE: Duration = Duration::from_secs(1);

/// What the limiter last heard about one bucket.
#[derive(Debug, Clone, Copy)]
struct Window {
    limit: u32,
    remaining: u32,
    resets_at: Instant,
    in_flight: u32,
}

/// A bucket's state for display (header gauge, `oktui doctor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketStatus {
    pub key: String,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets (0 if it already has).
    pub resets_in: u64,
}

/// The process-wide rate limiter. Clone freely: clones share state.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    windows: Arc<Mutex<HashMap<String, Window>>>,
    in_flight: Arc<Semaphore>,
    board: WaitBoard,
}

/// A place to send one request; hand it back with [`RateLimiter::observe`] or drop it.
#[derive(Debug)]
pub struct Permit {
    key: String,
    windows: Arc<Mutex<HashMap<String, Window>>>,
    _slot: OwnedSemaphorePermit,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = windows.get_mut(&self.key) {
            w.in_flight = w.in_flight.saturating_sub(1);
        }
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            windows: Arc::default(),
            in_flight: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            board: WaitBoard::default(),
        }
    }
}

/// The bucket key of a request: method and path with object ids and logins folded to `{id}`.
pub fn bucket_key(method: &str, path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::with_capacity(path.len() + method.len() + 1);
    out.push_str(method);
    out.push(' ');
    for (i, seg) in path.trim_matches('/').split('/').enumerate() {
        out.push('/');
        // /api/v1/<resource>/<id>/…: every segment after the resource that is not a known
        // sub-collection name is an id.
        let is_id = i == 3 || (i > 3 && (seg.contains('@') || looks_like_okta_id(seg)));
        out.push_str(if is_id && seg != "me" { "{id}" } else { seg });
    }
    out
}

fn looks_like_okta_id(seg: &str) -> bool {
    seg.len() == 20 && seg.chars().all(|c| c.is_ascii_alphanumeric())
}

fn now_epoch() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    // Okta may send a header more than once; the smallest positive value is the safe one.
    headers.get_all(name).iter().filter_map(|v| v.to_str().ok()?.trim().parse().ok()).filter(|n| *n > 0).min()
}

/// Seconds until `X-Rate-Limit-Reset`. Okta's SDKs measure it against the response's `Date`
/// header (the server's clock), which has whole-second resolution; when the local clock
/// agrees with `Date` to within a second, the local clock gives the finer answer.
pub fn seconds_until_reset(headers: &HeaderMap) -> Option<f64> {
    let reset = header_u64(headers, "x-rate-limit-reset")? as f64;
    let local_now = now_epoch();
    let server_now = super::throttle::server_now(headers).map(|t| t as f64);
    let now = match server_now {
        Some(server) if (0.0..1.0).contains(&(local_now - server)) => local_now,
        Some(server) => server,
        None => local_now,
    };
    Some((reset - now).max(0.0))
}

impl RateLimiter {
    /// The waits under way, for callers to show.
    pub fn waits(&self) -> &WaitBoard {
        &self.board
    }

    /// Waits until a request for `key` may go, then holds a place for it. With a `deadline`,
    /// a wait that would end past it is not begun: the wait is returned instead.
    pub async fn acquire(&self, key: &str, priority: Priority, deadline: Option<Instant>) -> Result<Permit, RateWait> {
        while let Some((wait, reason)) = self.try_reserve(key, priority) {
            self.wait(key, wait, reason, deadline).await?;
        }
        let slot = self.in_flight.clone().acquire_owned().await.expect("the in-flight semaphore is never closed");
        Ok(Permit { key: key.to_string(), windows: self.windows.clone(), _slot: slot })
    }

    /// Sleeps `wait` (at most [`MAX_WAIT`]) on the board, unless it would end past `deadline`.
    pub async fn wait(
        &self,
        key: &str,
        wait: Duration,
        reason: WaitReason,
        deadline: Option<Instant>,
    ) -> Result<(), RateWait> {
        let wait = wait.min(MAX_WAIT);
        if deadline.is_some_and(|d| Instant::now().checked_add(wait).is_none_or(|end| end > d)) {
            return Err(RateWait::new(key, wait, reason));
        }
        let _shown = self.board.enter(wait, key, reason);
        tokio::time::sleep(wait).await;
        Ok(())
    }

    /// Counts the request in if the bucket allows it now; otherwise says how long to wait
    /// and why.
    fn try_reserve(&self, key: &str, priority: Priority) -> Option<(Duration, WaitReason)> {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let Some(w) = windows.get_mut(key) else {
            // Nothing known yet: one request at a time until the first headers arrive.
            windows.insert(key.to_string(), Window { limit: 1, remaining: 1, resets_at: now, in_flight: 1 });
            return None;
        };
        if now >= w.resets_at && w.in_flight == 0 {
            // The window has reset: assume the full limit until the server says otherwise.
            // (Whatever was left before, a background reserve included: a reserve left
            // unspent must not hold background work back once the window is new.)
            w.remaining = w.limit;
        }
        let resets_in = w.resets_at.saturating_duration_since(now);
        let reserve = match priority {
            Priority::Interactive => 0,
            Priority::Background if resets_in <= RESERVE_RELEASE => 0,
            Priority::Background => ((f64::from(w.limit) * BACKGROUND_RESERVE).ceil() as u32).max(1),
        };
        if w.remaining > w.in_flight + reserve {
            w.in_flight += 1;
            return None;
        }
        if w.remaining > w.in_flight && resets_in > RESERVE_RELEASE {
            // Held back by the reserve alone: it is released just before the reset.
            return Some((resets_in - RESERVE_RELEASE, WaitReason::Reserve));
        }
        if now < w.resets_at {
            Some((w.resets_at - now, WaitReason::Spent))
        } else {
            // Spent, reset time passed, answers still in flight: poll again shortly.
            Some((Duration::from_millis(50), WaitReason::Spent))
        }
    }

    /// Records what a response said about its bucket.
    pub fn observe(&self, permit: &Permit, headers: &HeaderMap) {
        let limit = header_u64(headers, "x-rate-limit-limit").and_then(|l| u32::try_from(l).ok());
        let (Some(limit), Some(remaining)) = (limit, header_remaining(headers)) else {
            return;
        };
        let resets_in = seconds_until_reset(headers).map_or(Duration::from_secs(60), capped_wait);
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let w = windows.entry(permit.key.clone()).or_insert(Window {
            limit,
            remaining,
            resets_at: Instant::now(),
            in_flight: 1,
        });
        w.limit = limit;
        w.remaining = remaining;
        let now = Instant::now();
        w.resets_at = now.checked_add(resets_in).unwrap_or(now);
    }

    /// Records a 429: nothing more goes to this bucket until its reset (`X-Rate-Limit-Reset`,
    /// else `Retry-After`; at least `floor`, at most [`MAX_WAIT`]).
    pub fn exhausted(&self, permit: &Permit, headers: &HeaderMap, floor: Duration) -> Duration {
        let wait = seconds_until_reset(headers)
            .map(|s| capped_wait(s + 1.0))
            .or_else(|| retry_after(headers))
            .unwrap_or(floor)
            .max(floor)
            .min(MAX_WAIT);
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = windows.get_mut(&permit.key) {
            w.remaining = 0;
            let now = Instant::now();
            w.resets_at = now.checked_add(wait).unwrap_or(now);
        }
        wait
    }

    /// Every bucket the process has used, for display.
    pub fn status(&self) -> Vec<BucketStatus> {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let mut out: Vec<BucketStatus> = windows
            .iter()
            .map(|(key, w)| BucketStatus {
                key: key.clone(),
                limit: w.limit,
                remaining: w.remaining,
                resets_in: w.resets_at.saturating_duration_since(now).as_secs(),
            })
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }
}

fn header_remaining(headers: &HeaderMap) -> Option<u32> {
    let v = headers.get("x-rate-limit-remaining")?.to_str().ok()?.trim().parse::<u64>().ok()?;
    u32::try_from(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(limit: u32, remaining: u32, reset_in: u64) -> HeaderMap {
        let mut h = HeaderMap::new();
        let reset = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + reset_in;
        h.insert("x-rate-limit-limit", HeaderValue::from(limit));
        h.insert("x-rate-limit-remaining", HeaderValue::from(remaining));
        h.insert("x-rate-limit-reset", HeaderValue::from(reset));
        h
    }

    #[test]
    fn keys_fold_ids_and_logins() {
        assert_eq!(bucket_key("GET", "/api/v1/users"), "GET /api/v1/users");
        assert_eq!(bucket_key("GET", "/api/v1/users?limit=200&after=00u1"), "GET /api/v1/users");
        assert_eq!(bucket_key("GET", "/api/v1/users/00uabcdefghijklmnopq/factors"), "GET /api/v1/users/{id}/factors");
        assert_eq!(bucket_key("GET", "/api/v1/users/jo@acme.example"), "GET /api/v1/users/{id}");
        assert_eq!(bucket_key("GET", "/api/v1/users/me"), "GET /api/v1/users/me");
        assert_eq!(
            bucket_key("POST", "/api/v1/users/00uabcdefghijklmnopq/lifecycle/suspend"),
            "POST /api/v1/users/{id}/lifecycle/suspend"
        );
    }

    #[test]
    fn reset_is_measured_against_the_date_header() {
        let mut h = HeaderMap::new();
        h.insert("x-rate-limit-reset", HeaderValue::from(1_700_000_030u64));
        h.insert("date", HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT"));
        assert_eq!(seconds_until_reset(&h), Some(30.0));
    }

    #[tokio::test]
    async fn spends_what_is_left_then_waits_for_the_reset() {
        let limiter = RateLimiter::default();
        let first = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        limiter.observe(&first, &headers(3, 2, 1));
        drop(first);
        let a = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        let b = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        assert!(limiter.try_reserve("k", Priority::Interactive).is_some(), "2 left, 2 in flight");
        drop((a, b));
        let status = limiter.status();
        assert_eq!(status[0].limit, 3);
    }

    #[tokio::test]
    async fn background_leaves_a_reserve() {
        let limiter = RateLimiter::default();
        let first = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        limiter.observe(&first, &headers(100, 20, 30));
        drop(first);
        for _ in 0..10 {
            assert!(limiter.try_reserve("k", Priority::Background).is_none());
        }
        assert!(limiter.try_reserve("k", Priority::Background).is_some(), "the last 10% is kept");
        assert!(limiter.try_reserve("k", Priority::Interactive).is_none());
    }

    #[tokio::test]
    async fn background_spends_the_reserve_just_before_the_reset() {
        let limiter = RateLimiter::default();
        let first = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        limiter.observe(&first, &headers(100, 5, 30));
        drop(first);
        let (wait, reason) = limiter.try_reserve("k", Priority::Background).expect("the reserve is kept");
        assert_eq!(reason, WaitReason::Reserve);
        assert!(wait > Duration::from_secs(25) && wait < Duration::from_secs(30), "{wait:?}");
        let first = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        limiter.observe(&first, &headers(100, 5, 1));
        drop(first);
        assert!(limiter.try_reserve("k", Priority::Background).is_none(), "released in the last second");
    }

    #[tokio::test]
    async fn absurd_resets_are_capped_and_a_deadline_refuses_the_wait() {
        let limiter = RateLimiter::default();
        let first = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-rate-limit-limit", HeaderValue::from(100u32));
        h.insert("x-rate-limit-remaining", HeaderValue::from(0u32));
        h.insert("x-rate-limit-reset", HeaderValue::from(u64::MAX));
        limiter.observe(&first, &h);
        assert_eq!(limiter.exhausted(&first, &h, Duration::from_secs(1)), MAX_WAIT);
        drop(first);
        assert!(limiter.status()[0].resets_in <= MAX_WAIT.as_secs());
        let deadline = Instant::now() + Duration::from_secs(2);
        let wait = limiter.acquire("k", Priority::Interactive, Some(deadline)).await.unwrap_err();
        assert_eq!((wait.bucket.as_str(), wait.reason), ("k", WaitReason::Spent));
    }

    #[tokio::test]
    async fn background_resumes_after_the_reset_with_its_reserve_unspent() {
        let limiter = RateLimiter::default();
        let first = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        limiter.observe(&first, &headers(100, 10, 0));
        drop(first);
        assert!(limiter.try_reserve("k", Priority::Background).is_none(), "a new window has the full limit");
    }
}
