//! Okta's rate limits: per-bucket request counts per window, the org concurrency limit, and
//! the `X-Rate-Limit-*` headers every response carries.
//!
//! Buckets and default limits follow Okta's last published Workforce table (API-NOTES §6):
//! an exact path match wins, otherwise the longest prefix. Windows start at a bucket's first
//! request and are not aligned to wall-clock minutes, as Okta's are not.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, Method};

use super::RateLimitConfig;

/// A rate-limit bucket: its name (used by `--rate-limit NAME=N`) and default per-window limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub name: &'static str,
    pub default_limit: u32,
}

/// Every bucket the sim models, with Okta's Workforce defaults per minute.
pub const BUCKETS: &[Bucket] = &[
    Bucket { name: "users", default_limit: 600 },
    Bucket { name: "users_id", default_limit: 2000 },
    Bucket { name: "users_mutate", default_limit: 600 },
    Bucket { name: "logs", default_limit: 120 },
    Bucket { name: "apps", default_limit: 100 },
    Bucket { name: "apps_id", default_limit: 500 },
    Bucket { name: "groups", default_limit: 500 },
    Bucket { name: "groups_id", default_limit: 1000 },
    Bucket { name: "token", default_limit: 600 },
    Bucket { name: "api_v1", default_limit: 1200 },
];

/// The bucket a request counts against.
pub fn bucket_for(method: &Method, path: &str) -> &'static str {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segs.as_slice() {
        ["oauth2", "v1", "token"] => "token",
        ["api", "v1", "logs", ..] => "logs",
        ["api", "v1", "users"] => "users",
        ["api", "v1", "users", _, ..] if method == Method::GET => "users_id",
        ["api", "v1", "users", _, ..] => "users_mutate",
        ["api", "v1", "apps", _] => "apps_id",
        ["api", "v1", "apps", ..] => "apps",
        ["api", "v1", "groups"] => "groups",
        ["api", "v1", "groups", _, ..] => "groups_id",
        _ => "api_v1",
    }
}

/// What the limiter decided for one request.
#[derive(Debug, Clone, Copy)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// UTC epoch seconds when the window resets.
    pub reset: u64,
}

impl Decision {
    /// Writes `X-Rate-Limit-Limit/Remaining/Reset`.
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        headers.insert("x-rate-limit-limit", HeaderValue::from(self.limit));
        headers.insert("x-rate-limit-remaining", HeaderValue::from(self.remaining));
        headers.insert("x-rate-limit-reset", HeaderValue::from(self.reset));
    }
}

#[derive(Debug, Clone, Copy)]
struct Window {
    resets_at: SystemTime,
    used: u32,
}

/// Counts requests per bucket and requests in flight.
#[derive(Debug)]
pub struct RateLimiter {
    limits: BTreeMap<&'static str, u32>,
    window: Duration,
    windows: Mutex<BTreeMap<&'static str, Window>>,
    concurrency: u32,
    in_flight: Arc<AtomicU32>,
}

/// Holds one request's place under the concurrency limit until dropped.
#[derive(Debug)]
pub struct InFlight(Arc<AtomicU32>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn epoch_secs_ceil(t: SystemTime) -> u64 {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl RateLimiter {
    /// A limiter with the configured limits, overrides and window.
    pub fn new(config: &RateLimitConfig) -> Self {
        let limits = BUCKETS
            .iter()
            .map(|b| {
                let scaled = ((f64::from(b.default_limit) * config.scale).round() as u32).max(1);
                let limit = config.overrides.iter().find(|(name, _)| name == b.name).map_or(scaled, |(_, n)| *n);
                (b.name, limit)
            })
            .collect();
        RateLimiter {
            limits,
            window: Duration::from_secs(config.window_secs.max(1)),
            windows: Mutex::new(BTreeMap::new()),
            concurrency: config.concurrency,
            in_flight: Arc::new(AtomicU32::new(0)),
        }
    }

    /// Counts one request against `bucket` and says whether it may proceed.
    pub fn check(&self, bucket: &'static str) -> Decision {
        self.check_at(bucket, SystemTime::now())
    }

    fn check_at(&self, bucket: &'static str, now: SystemTime) -> Decision {
        let limit = self.limits.get(bucket).copied().unwrap_or(u32::MAX);
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let w = windows.entry(bucket).or_insert(Window { resets_at: now + self.window, used: 0 });
        if now >= w.resets_at {
            *w = Window { resets_at: now + self.window, used: 0 };
        }
        let allowed = w.used < limit;
        if allowed {
            w.used += 1;
        }
        Decision { allowed, limit, remaining: limit - w.used, reset: epoch_secs_ceil(w.resets_at) }
    }

    /// The state of `bucket`'s window, without counting a request: for answers that never
    /// reached the bucket (an injected 503).
    pub fn peek(&self, bucket: &'static str) -> Decision {
        let now = SystemTime::now();
        let limit = self.limits.get(bucket).copied().unwrap_or(u32::MAX);
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        match windows.get(bucket).filter(|w| now < w.resets_at) {
            Some(w) => Decision {
                allowed: w.used < limit,
                limit,
                remaining: limit.saturating_sub(w.used),
                reset: epoch_secs_ceil(w.resets_at),
            },
            None => Decision { allowed: true, limit, remaining: limit, reset: epoch_secs_ceil(now + self.window) },
        }
    }

    /// A `Decision` that reports `bucket` spent for the next second (injected 429s).
    pub fn spent(&self, bucket: &'static str) -> Decision {
        let limit = self.limits.get(bucket).copied().unwrap_or(u32::MAX);
        Decision {
            allowed: false,
            limit,
            remaining: 0,
            reset: epoch_secs_ceil(SystemTime::now() + Duration::from_secs(1)),
        }
    }

    /// Takes a place under the concurrency limit, or `None` when the org is at its limit.
    pub fn enter(&self) -> Option<InFlight> {
        let prev = self.in_flight.fetch_add(1, Ordering::SeqCst);
        let guard = InFlight(self.in_flight.clone());
        (prev < self.concurrency).then_some(guard)
    }

    /// The `Decision` Okta reports for a concurrency 429: limit and remaining 0, reset an estimate.
    pub fn concurrency_exceeded(&self) -> Decision {
        Decision {
            allowed: false,
            limit: 0,
            remaining: 0,
            reset: epoch_secs_ceil(SystemTime::now() + Duration::from_secs(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(overrides: Vec<(String, u32)>, window: u64) -> RateLimiter {
        RateLimiter::new(&RateLimitConfig { window_secs: window, overrides, scale: 1.0, concurrency: 2 })
    }

    #[test]
    fn buckets_match_paths() {
        assert_eq!(bucket_for(&Method::GET, "/api/v1/users"), "users");
        assert_eq!(bucket_for(&Method::GET, "/api/v1/users/00u1/factors"), "users_id");
        assert_eq!(bucket_for(&Method::POST, "/api/v1/users/00u1/lifecycle/suspend"), "users_mutate");
        assert_eq!(bucket_for(&Method::GET, "/api/v1/logs"), "logs");
        assert_eq!(bucket_for(&Method::GET, "/api/v1/apps/0oa1"), "apps_id");
        assert_eq!(bucket_for(&Method::GET, "/api/v1/apps/0oa1/users"), "apps");
        assert_eq!(bucket_for(&Method::GET, "/api/v1/policies"), "api_v1");
        assert_eq!(bucket_for(&Method::POST, "/oauth2/v1/token"), "token");
    }

    #[test]
    fn peek_reports_a_window_without_counting() {
        let l = limiter(vec![("logs".into(), 2)], 60);
        assert_eq!((l.peek("logs").limit, l.peek("logs").remaining), (2, 2));
        assert!(l.check("logs").allowed);
        assert_eq!(l.peek("logs").remaining, 1);
        assert_eq!(l.peek("logs").remaining, 1);
    }

    #[test]
    fn window_counts_and_resets() {
        let l = limiter(vec![("logs".into(), 2)], 60);
        let t0 = SystemTime::now();
        assert!(l.check_at("logs", t0).allowed);
        let d = l.check_at("logs", t0);
        assert!(d.allowed);
        assert_eq!(d.remaining, 0);
        let over = l.check_at("logs", t0 + Duration::from_secs(1));
        assert!(!over.allowed);
        assert_eq!(over.limit, 2);
        let after = l.check_at("logs", t0 + Duration::from_secs(61));
        assert!(after.allowed);
        assert_eq!(after.remaining, 1);
    }

    #[test]
    fn scale_and_overrides() {
        let l = RateLimiter::new(&RateLimitConfig {
            window_secs: 60,
            overrides: vec![("apps".into(), 7)],
            scale: 0.5,
            concurrency: 75,
        });
        assert_eq!(l.check("apps").limit, 7);
        assert_eq!(l.check("logs").limit, 60);
    }

    #[test]
    fn concurrency_limit_holds_places() {
        let l = limiter(vec![], 60);
        let a = l.enter();
        let b = l.enter();
        assert!(a.is_some() && b.is_some());
        assert!(l.enter().is_none());
        drop(a);
        assert!(l.enter().is_some());
    }
}
