//! Client-side pacing from Okta's `X-Rate-Limit-*` headers, shared by every task of the
//! process.
//!
//! Each request counts against a bucket key (method + path with ids folded, e.g.
//! `GET /api/v1/users/{id}/factors`). The limiter remembers, per key, the last limit,
//! remaining count and reset time Okta reported, and counts requests in flight, so a burst of
//! tasks never sends more than what is left: a request goes only if the bucket can take it.
//! Answers that arrive out of order cannot raise what is left: within one window (one
//! `X-Rate-Limit-Reset`) the smallest `remaining` holds, and an answer from a window already
//! over is ignored. Once a window's reset has passed, what the new window holds is not
//! assumed: one request goes first, and its answer says (a window may reset to its full
//! limit, or, on a server that counts a sliding window, free only what has aged out).
//!
//! Background work (sweeps) leaves a reserve for interactive calls, until the window may
//! reset (the header names whole seconds), while someone may make them (the console); an unattended
//! process ([`RateLimiter::set_unattended`], a headless sweep) spends the whole bucket. When a
//! window is spent, callers wait for its reset, read against the server's clock as its
//! answers' `Date` headers tell it ([`ServerClock`]) rather than the local clock, and never
//! longer than [`MAX_WAIT`] whatever the headers say. A global semaphore caps requests in
//! flight well under Okta's concurrency limit. Waits are shown on the limiter's
//! [`WaitBoard`]; an interactive request with a deadline fails rather than wait past it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::server_clock::ServerClock;
use super::throttle::{capped_wait, retry_after, server_now, RateWait, WaitBoard, WaitReason, MAX_WAIT};

/// Who is asking: interactive calls may spend a bucket to the last request; background
/// sweeps leave a reserve while the process is attended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Interactive,
    Background,
}

/// Requests in flight at once, whatever the bucket (Okta's org concurrency limit is 35–75).
pub const MAX_IN_FLIGHT: usize = 8;

/// Share of a bucket background work leaves for interactive calls.
const BACKGROUND_RESERVE: f64 = 0.10;

/// The resolution of `X-Rate-Limit-Reset` (whole seconds): a window may reset up to this
/// long before the second it names. Background work spends the reserve too from the earliest
/// moment the window may reset: an interactive call then waits about this long at most for a
/// new window, and a long sweep is not held to 90% of the limit.
const RESET_RESOLUTION: Duration = Duration::from_secs(1);

/// How long a request waiting for an answer in flight (the first of a new window) sleeps at
/// most before it looks again; an answer wakes it sooner.
const ANSWER_POLL: Duration = Duration::from_millis(100);

/// Reset time assumed for an answer with a limit but no `X-Rate-Limit-Reset`.
const UNSAID_RESET: Duration = Duration::from_secs(60);

/// What the limiter last heard about one bucket.
#[derive(Debug, Clone, Copy)]
struct Window {
    limit: u32,
    remaining: u32,
    /// When the window has reset at the latest (the server's clock read with the least
    /// offset it may have).
    resets_at: Instant,
    /// When it may have reset at the earliest: the reserve is spent from then on.
    may_reset_at: Instant,
    in_flight: u32,
    /// The window's `X-Rate-Limit-Reset` as the server said it: answers with the same value
    /// belong to the same window; a smaller one, to a request sent before this window was
    /// heard of, to a window already over.
    reset_epoch: Option<u64>,
    /// When the answer that told of this window arrived.
    heard_at: Instant,
    /// Whether `remaining` is what an answer of the current window said. False before the
    /// first answer and once a reset has passed: then one request goes, to hear it.
    heard: bool,
}

impl Window {
    fn unheard(now: Instant) -> Window {
        Window {
            limit: 1,
            remaining: 1,
            resets_at: now,
            may_reset_at: now,
            in_flight: 0,
            reset_epoch: None,
            heard_at: now,
            heard: false,
        }
    }
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

/// What the limiter knows, under one lock.
#[derive(Debug, Default)]
struct State {
    windows: HashMap<String, Window>,
    clock: ServerClock,
}

/// What every clone of a limiter, and every permit, shares.
#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    /// Woken whenever an answer arrives or a permit is given back.
    answered: Notify,
    /// No one makes interactive calls in this process: background work keeps no reserve.
    unattended: AtomicBool,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The process-wide rate limiter. Clone freely: clones share state.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    shared: Arc<Shared>,
    in_flight: Arc<Semaphore>,
    board: WaitBoard,
}

/// A place to send one request; hand it back with [`RateLimiter::observe`] or drop it.
#[derive(Debug)]
pub struct Permit {
    key: String,
    /// When the place was given: the request is sent after it.
    sent: Instant,
    shared: Arc<Shared>,
    _slot: OwnedSemaphorePermit,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        if let Some(w) = state.windows.get_mut(&self.key) {
            w.in_flight = w.in_flight.saturating_sub(1);
        }
        drop(state);
        self.shared.answered.notify_waiters();
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            shared: Arc::default(),
            in_flight: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            board: WaitBoard::default(),
        }
    }
}

/// Why a request may not go yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hold {
    /// Wait this long, for this reason (a reset, the reserve's release).
    Wait(Duration, WaitReason),
    /// Wait for an answer in flight: the first of a new window, or the last of a spent one.
    Answer,
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

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    // Okta may send a header more than once; the smallest positive value is the safe one.
    headers.get_all(name).iter().filter_map(|v| v.to_str().ok()?.trim().parse().ok()).filter(|n| *n > 0).min()
}

/// When a window whose `X-Rate-Limit-Reset` is `reset` may have reset at the earliest and
/// has at the latest: the server's clock read by `clock` once an answer had a `Date`, else
/// the local wall clock; the second named less [`RESET_RESOLUTION`], and the second named.
/// Each at most [`MAX_WAIT`] away.
fn reset_between(clock: &ServerClock, reset: u64, now: Instant) -> (Instant, Instant) {
    let (earliest, latest) = clock.seconds_until(reset, now).unwrap_or_else(|| {
        let local = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
        (reset as f64 - local, reset as f64 - local)
    });
    let at = |seconds: f64| now.checked_add(capped_wait(seconds)).unwrap_or(now);
    (at(earliest - RESET_RESOLUTION.as_secs_f64()), at(latest))
}

impl RateLimiter {
    /// The waits under way, for callers to show.
    pub fn waits(&self) -> &WaitBoard {
        &self.board
    }

    /// No one makes interactive calls in this process from now on (a headless sweep): its
    /// background work spends the whole bucket rather than leave a reserve. Clones share it.
    pub fn set_unattended(&self) {
        self.shared.unattended.store(true, Ordering::Relaxed);
    }

    /// Waits until a request for `key` may go, then holds a place for it. With a `deadline`,
    /// a wait that would end past it is not begun: the wait is returned instead.
    pub async fn acquire(&self, key: &str, priority: Priority, deadline: Option<Instant>) -> Result<Permit, RateWait> {
        loop {
            // Listening before looking: an answer between the two is not missed.
            let answered = self.shared.answered.notified();
            let mut answered = std::pin::pin!(answered);
            answered.as_mut().enable();
            match self.try_reserve(key, priority) {
                None => break,
                Some(Hold::Wait(wait, reason)) => {
                    // An answer may change what is left or when the window resets (the
                    // server's clock better known): the wait is weighed again then.
                    tokio::select! {
                        waited = self.wait(key, wait, reason, deadline) => waited?,
                        () = answered.as_mut() => {}
                    }
                }
                Some(Hold::Answer) => {
                    if deadline.is_some_and(|d| Instant::now().checked_add(ANSWER_POLL).is_none_or(|end| end > d)) {
                        return Err(RateWait::new(key, ANSWER_POLL, WaitReason::Spent));
                    }
                    // Woken by the answer, or looking again after a while regardless.
                    let _ = tokio::time::timeout(ANSWER_POLL, answered).await;
                }
            }
        }
        let slot = self.in_flight.clone().acquire_owned().await.expect("the in-flight semaphore is never closed");
        Ok(Permit { key: key.to_string(), sent: Instant::now(), shared: self.shared.clone(), _slot: slot })
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

    /// Counts the request in if the bucket can take it now; otherwise says what to wait for.
    fn try_reserve(&self, key: &str, priority: Priority) -> Option<Hold> {
        let unattended = self.shared.unattended.load(Ordering::Relaxed);
        let mut state = self.shared.lock();
        let now = Instant::now();
        let w = state.windows.entry(key.to_string()).or_insert_with(|| Window::unheard(now));
        if w.heard && now >= w.resets_at && w.in_flight == 0 {
            // The window has reset: what the new one holds is for its first answer to say.
            w.heard = false;
        }
        if !w.heard {
            if w.in_flight > 0 {
                return Some(Hold::Answer);
            }
            w.in_flight = 1;
            return None;
        }
        let reserve = match priority {
            Priority::Interactive => 0,
            Priority::Background if unattended || now >= w.may_reset_at => 0,
            Priority::Background => ((f64::from(w.limit) * BACKGROUND_RESERVE).ceil() as u32).max(1),
        };
        if w.remaining > w.in_flight.saturating_add(reserve) {
            w.in_flight += 1;
            return None;
        }
        if w.remaining > w.in_flight && now < w.may_reset_at {
            // Held back by the reserve alone: it is released once the window may reset.
            return Some(Hold::Wait(w.may_reset_at - now, WaitReason::Reserve));
        }
        if now < w.resets_at {
            Some(Hold::Wait(w.resets_at - now, WaitReason::Spent))
        } else {
            // Spent, its reset passed, answers still in flight: the window is new once they
            // are in.
            Some(Hold::Answer)
        }
    }

    /// Records what an answer said about its bucket and the server's clock.
    pub fn observe(&self, permit: &Permit, headers: &HeaderMap) {
        let now = Instant::now();
        let mut state = self.shared.lock();
        if let Some(date) = server_now(headers) {
            state.clock.observe(date, permit.sent, now);
        }
        let limit = header_u64(headers, "x-rate-limit-limit").and_then(|l| u32::try_from(l).ok());
        if let (Some(limit), Some(remaining)) = (limit, header_remaining(headers)) {
            let reset = header_u64(headers, "x-rate-limit-reset");
            let unsaid = now.checked_add(UNSAID_RESET).unwrap_or(now);
            let (may_reset_at, resets_at) = reset.map_or((unsaid, unsaid), |r| reset_between(&state.clock, r, now));
            let w = state.windows.entry(permit.key.clone()).or_insert_with(|| Window::unheard(now));
            match (w.heard, w.reset_epoch, reset) {
                // From a window already over (its answer came late): says nothing of this one.
                (true, Some(known), Some(r)) if r < known && permit.sent < w.heard_at => {}
                // The same window: answers may come out of order, the fewest left is the truth.
                (true, Some(known), Some(r)) if r == known => {
                    w.limit = limit;
                    w.remaining = w.remaining.min(remaining);
                    w.resets_at = resets_at;
                    w.may_reset_at = may_reset_at;
                }
                _ => {
                    let in_flight = w.in_flight;
                    *w = Window {
                        limit,
                        remaining,
                        resets_at,
                        may_reset_at,
                        in_flight,
                        reset_epoch: reset,
                        heard_at: now,
                        heard: true,
                    };
                }
            }
        }
        drop(state);
        self.shared.answered.notify_waiters();
    }

    /// Records a 429: nothing more goes to this bucket until its reset (`X-Rate-Limit-Reset`,
    /// else `Retry-After`; at least `floor`, at most [`MAX_WAIT`]).
    pub fn exhausted(&self, permit: &Permit, headers: &HeaderMap, floor: Duration) -> Duration {
        let now = Instant::now();
        let mut state = self.shared.lock();
        let reset = header_u64(headers, "x-rate-limit-reset");
        let wait = reset
            .map(|r| {
                capped_wait(reset_between(&state.clock, r, now).1.saturating_duration_since(now).as_secs_f64() + 1.0)
            })
            .or_else(|| retry_after(headers))
            .unwrap_or(floor)
            .max(floor)
            .min(MAX_WAIT);
        if let Some(w) = state.windows.get_mut(&permit.key) {
            w.remaining = 0;
            w.heard = true;
            if reset.is_some() && reset != w.reset_epoch {
                w.reset_epoch = reset;
                w.heard_at = now;
            }
            w.resets_at = now.checked_add(wait).unwrap_or(now);
            w.may_reset_at = w.resets_at;
        }
        wait
    }

    /// Every bucket the process has used, for display. A window whose reset has passed shows
    /// its full limit (what the next window is expected to hold).
    pub fn status(&self) -> Vec<BucketStatus> {
        let state = self.shared.lock();
        let now = Instant::now();
        let mut out: Vec<BucketStatus> = state
            .windows
            .iter()
            .map(|(key, w)| {
                let reset = !w.heard || now >= w.resets_at;
                BucketStatus {
                    key: key.clone(),
                    limit: w.limit,
                    remaining: if reset { w.limit } else { w.remaining },
                    resets_in: w.resets_at.saturating_duration_since(now).as_secs(),
                }
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
        answer(limit, remaining, in_secs(reset_in))
    }

    /// The epoch second `secs` from now.
    fn in_secs(secs: u64) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + secs
    }

    /// An answer's rate-limit headers, its window resetting at epoch second `reset`.
    fn answer(limit: u32, remaining: u32, reset: u64) -> HeaderMap {
        let mut h = HeaderMap::new();
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

    /// `Date` for `secs` since the epoch.
    fn http_date(secs: i64) -> HeaderValue {
        let at = chrono::DateTime::from_timestamp(secs, 0).unwrap();
        HeaderValue::from_str(&at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).unwrap()
    }

    /// A permit for bucket `k` whose place `try_reserve` counted in.
    fn permit(limiter: &RateLimiter) -> Permit {
        let slot = Arc::new(Semaphore::new(1)).try_acquire_owned().unwrap();
        Permit { key: "k".into(), sent: Instant::now(), shared: limiter.shared.clone(), _slot: slot }
    }

    /// A limiter that has heard one answer with `answer`, its request given back.
    async fn heard(answer: &HeaderMap) -> RateLimiter {
        let limiter = RateLimiter::default();
        let first = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        limiter.observe(&first, answer);
        drop(first);
        limiter
    }

    #[tokio::test]
    async fn reset_is_measured_against_the_date_header() {
        let mut h = HeaderMap::new();
        h.insert("x-rate-limit-limit", HeaderValue::from(10u32));
        h.insert("x-rate-limit-remaining", HeaderValue::from(0u32));
        h.insert("x-rate-limit-reset", HeaderValue::from(1_700_000_030u64));
        h.insert("date", HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT"));
        let limiter = heard(&h).await;
        assert!((29..=30).contains(&limiter.status()[0].resets_in), "{:?}", limiter.status());
    }

    #[tokio::test]
    async fn a_reset_is_read_on_the_servers_clock_when_the_local_one_is_a_little_ahead() {
        // The server's clock has just ticked to the second the local clock is in: the local
        // clock is ahead by its fraction of a second, and `Date` says so.
        let date = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let mut h = headers(10, 0, 0);
        h.insert("x-rate-limit-reset", HeaderValue::from(date + 10));
        h.insert("date", http_date(i64::try_from(date).unwrap()));
        let limiter = heard(&h).await;
        let Some(Hold::Wait(wait, WaitReason::Spent)) = limiter.try_reserve("k", Priority::Interactive) else {
            panic!("the bucket is spent")
        };
        assert!(wait > Duration::from_millis(9_950), "ten seconds on the server's clock, not fewer: {wait:?}");
    }

    #[tokio::test]
    async fn answers_out_of_order_cannot_raise_what_is_left() {
        let reset = in_secs(30);
        let limiter = heard(&answer(10, 9, reset)).await;
        let a = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        let b = limiter.acquire("k", Priority::Interactive, None).await.unwrap();
        // The server counted a, then b; b's answer arrives first.
        limiter.observe(&b, &answer(10, 7, reset));
        drop(b);
        limiter.observe(&a, &answer(10, 8, reset));
        drop(a);
        for _ in 0..7 {
            assert_eq!(limiter.try_reserve("k", Priority::Interactive), None, "7 are left");
        }
        assert!(limiter.try_reserve("k", Priority::Interactive).is_some(), "no eighth: the server has 7 left");
    }

    #[tokio::test]
    async fn an_answer_from_a_window_already_over_says_nothing() {
        let limiter = heard(&headers(100, 0, 1)).await;
        let old = permit(&limiter);
        let new = permit(&limiter);
        limiter.observe(&new, &headers(100, 5, 30));
        limiter.observe(&old, &headers(100, 60, 1));
        drop((old, new));
        assert_eq!(limiter.status()[0].remaining, 5);
    }

    #[tokio::test]
    async fn after_a_reset_one_request_goes_first_and_its_answer_says_what_is_left() {
        let limiter = heard(&headers(200, 0, 0)).await;
        assert_eq!(limiter.try_reserve("k", Priority::Background), None, "the first of the new window");
        assert_eq!(limiter.try_reserve("k", Priority::Interactive), Some(Hold::Answer), "the rest wait for its answer");
        let probe = permit(&limiter);
        // A server counting a sliding window: only 2 have aged out.
        limiter.observe(&probe, &headers(200, 2, 1));
        drop(probe);
        assert_eq!(limiter.try_reserve("k", Priority::Interactive), None);
        assert_eq!(limiter.try_reserve("k", Priority::Interactive), None);
        assert!(limiter.try_reserve("k", Priority::Interactive).is_some(), "2 were left");
    }

    #[tokio::test]
    async fn an_unattended_limiter_spends_the_reserve_too() {
        let limiter = heard(&headers(100, 20, 30)).await;
        limiter.set_unattended();
        for _ in 0..20 {
            assert_eq!(limiter.try_reserve("k", Priority::Background), None);
        }
        assert!(limiter.try_reserve("k", Priority::Background).is_some(), "the bucket is spent");
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
        let Some(Hold::Wait(wait, reason)) = limiter.try_reserve("k", Priority::Background) else {
            panic!("the reserve is kept")
        };
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
