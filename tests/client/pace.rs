//! The client's pace on orgs that are not the simulated one: a server whose clock runs a
//! fraction of a second behind ours (its `Date` and `X-Rate-Limit-Reset` on its own clock),
//! and one that counts a sliding window (a request frees its place a window after it was
//! made, not all at once). A sweep of 600 reads at 200 per window, 8 in flight, 50 ms
//! latency, must still run within 1.10× the floor (reads ÷ limit × window, timed from the
//! first request) with at most 1% of its requests answered 429; a listing, one page at a
//! time, sends no page the bucket cannot take.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Router;
use futures_util::{StreamExt, TryStreamExt};
use oktui::okta::api::users::{self, UserQuery};
use oktui::okta::ratelimit::{Priority, MAX_IN_FLIGHT};

use crate::local::{client, serve};

const READS: usize = 600;
const LIMIT: usize = 200;
const WINDOW: Duration = Duration::from_secs(4);
const LATENCY: Duration = Duration::from_millis(50);
/// Pages of the listing.
const PAGES: usize = 16;

/// How the server counts its rate limit.
#[derive(Clone, Copy)]
enum Counting {
    /// Okta's way: a window starts at the first request after the last one ended (and ends
    /// on a whole second of the org's clock).
    FixedFromFirstRequest,
    /// Each request holds its place for a window after it was made.
    Sliding,
}

/// An org of our own making: its clock `skew` from ours, counting `counting`.
struct Org {
    counting: Counting,
    skew: Duration,
    behind: bool,
    limit: usize,
    length: Duration,
    /// Fixed windows: the current window's end and count.
    window: Mutex<(SystemTime, usize)>,
    /// Sliding: the times of the requests counted in the last window.
    recent: Mutex<VecDeque<SystemTime>>,
    requests: AtomicUsize,
    throttled: AtomicUsize,
}

impl Org {
    fn new(counting: Counting, skew: Duration, behind: bool, limit: usize, window: Duration) -> Arc<Org> {
        Arc::new(Org {
            counting,
            skew,
            behind,
            limit,
            length: window,
            window: Mutex::new((UNIX_EPOCH, 0)),
            recent: Mutex::new(VecDeque::new()),
            requests: AtomicUsize::new(0),
            throttled: AtomicUsize::new(0),
        })
    }

    /// Requests answered, and of them 429s.
    fn counts(&self) -> (usize, usize) {
        (self.requests.load(Ordering::SeqCst), self.throttled.load(Ordering::SeqCst))
    }

    /// The server's clock.
    fn now(&self) -> SystemTime {
        let local = SystemTime::now();
        if self.behind {
            local - self.skew
        } else {
            local + self.skew
        }
    }

    /// Counts one request: whether it may go, what is left, when the window resets.
    fn count(&self, now: SystemTime) -> (bool, usize, SystemTime) {
        match self.counting {
            Counting::FixedFromFirstRequest => {
                let mut window = self.window.lock().unwrap();
                if now >= window.0 {
                    // Its end on a whole second: `X-Rate-Limit-Reset` says it exactly.
                    let end = UNIX_EPOCH + Duration::from_secs(epoch_ceil(now + self.length));
                    *window = (end, 0);
                }
                let allowed = window.1 < self.limit;
                if allowed {
                    window.1 += 1;
                }
                (allowed, self.limit - window.1, window.0)
            }
            Counting::Sliding => {
                let mut recent = self.recent.lock().unwrap();
                while recent.front().is_some_and(|t| *t + self.length <= now) {
                    recent.pop_front();
                }
                let allowed = recent.len() < self.limit;
                if allowed {
                    recent.push_back(now);
                }
                let frees_at = recent.front().map_or(now, |t| *t + self.length);
                (allowed, self.limit - recent.len(), frees_at)
            }
        }
    }
}

fn epoch_ceil(t: SystemTime) -> u64 {
    let d = t.duration_since(UNIX_EPOCH).unwrap();
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

fn http_date(t: SystemTime) -> HeaderValue {
    let secs = i64::try_from(t.duration_since(UNIX_EPOCH).unwrap().as_secs()).unwrap();
    let at = chrono::DateTime::from_timestamp(secs, 0).unwrap();
    HeaderValue::from_str(&at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).unwrap()
}

async fn factors(State(org): State<Arc<Org>>) -> (StatusCode, HeaderMap, &'static str) {
    answer(&org, "[]", None).await
}

/// Pages of users: `?page=N`, each but the last with a `next` link.
async fn users(
    State(org): State<Arc<Org>>,
    Query(query): Query<HashMap<String, String>>,
) -> (StatusCode, HeaderMap, &'static str) {
    let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let next = (page + 1 < PAGES).then(|| format!("</api/v1/users?page={}>; rel=\"next\"", page + 1));
    answer(&org, r#"[{"id":"00u1","status":"ACTIVE","profile":{"login":"a@acme.example"}}]"#, next).await
}

/// One answer after the latency: `body` if the rate limit lets the request through, else 429.
async fn answer(org: &Org, body: &'static str, next: Option<String>) -> (StatusCode, HeaderMap, &'static str) {
    tokio::time::sleep(LATENCY).await;
    org.requests.fetch_add(1, Ordering::SeqCst);
    let now = org.now();
    let (allowed, remaining, resets_at) = org.count(now);
    let mut headers = HeaderMap::new();
    headers.insert("date", http_date(now));
    headers.insert("x-rate-limit-limit", HeaderValue::from(org.limit));
    headers.insert("x-rate-limit-remaining", HeaderValue::from(remaining));
    headers.insert("x-rate-limit-reset", HeaderValue::from(epoch_ceil(resets_at)));
    if let Some(link) = next.filter(|_| allowed) {
        headers.insert("link", HeaderValue::from_str(&link).unwrap());
    }
    if allowed {
        (StatusCode::OK, headers, body)
    } else {
        org.throttled.fetch_add(1, Ordering::SeqCst);
        (
            StatusCode::TOO_MANY_REQUESTS,
            headers,
            r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
        )
    }
}

/// Sweeps `READS` factor lists of an org counting `counting` with its clock `skew` behind
/// (or ahead of) ours, as a headless sweep does; asserts the pace and the 429s.
async fn sweep(counting: Counting, skew: Duration, behind: bool) {
    let org = Org::new(counting, skew, behind, LIMIT, WINDOW);
    let router = Router::new().route("/api/v1/users/{id}/factors", get(factors)).with_state(org.clone());
    let url = serve(router).await;
    let client = client(&url, Duration::from_secs(30)).unattended();
    let started = Instant::now();
    let mut reads = futures_util::stream::iter(0..READS)
        .map(|i| {
            let client = client.clone();
            async move {
                let factors = users::factors(&format!("00u{i:017}"));
                factors.page::<serde_json::Value>(&client, Priority::Background).await.map(|_| ())
            }
        })
        .buffer_unordered(MAX_IN_FLIGHT);
    while let Some(read) = reads.next().await {
        read.unwrap();
    }
    let took = started.elapsed();
    let floor = WINDOW.mul_f64(READS as f64 / LIMIT as f64);
    let ratio = took.as_secs_f64() / floor.as_secs_f64();
    let (requests, throttled) = org.counts();
    println!("took {took:?}, floor {floor:?}, ratio {ratio:.2}; {throttled} 429s of {requests} requests");
    assert!(ratio <= 1.10, "the sweep took {took:?}, the floor is {floor:?}");
    assert!(throttled * 100 <= requests, "{throttled} 429s of {requests} requests");
}

#[tokio::test]
async fn at_the_floor_on_an_org_whose_clock_is_behind() {
    sweep(Counting::FixedFromFirstRequest, Duration::from_millis(300), true).await;
}

#[tokio::test]
async fn at_the_floor_on_an_org_counting_a_sliding_window() {
    sweep(Counting::Sliding, Duration::from_millis(300), false).await;
}

#[tokio::test]
async fn a_listing_sends_no_page_the_bucket_cannot_take() {
    // 16 pages at 4 per 2-second window: three window edges, each read on the org's clock.
    let org = Org::new(Counting::FixedFromFirstRequest, Duration::from_millis(300), true, 4, Duration::from_secs(2));
    let router = Router::new().route("/api/v1/users", get(users)).with_state(org.clone());
    let url = serve(router).await;
    let client = client(&url, Duration::from_secs(30));
    let started = Instant::now();
    let pages: Vec<Vec<serde_json::Value>> =
        users::list(&UserQuery::default()).pages(&client, Priority::Interactive).try_collect().await.unwrap();
    let took = started.elapsed();
    assert_eq!(pages.len(), PAGES);
    let (requests, throttled) = org.counts();
    println!("{PAGES} pages in {took:?}; {throttled} 429s of {requests} requests");
    assert_eq!(throttled, 0, "a page sent before the org's window reset");
    assert!(took < Duration::from_secs(4 * 2 + 3), "{took:?}");
}
