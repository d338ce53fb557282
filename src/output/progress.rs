//! How far a long System Log read has got, in one line for the console's gauge and for
//! stderr: events and pages read, how much of the window is covered, the logs bucket's
//! headroom, and an estimate of the time left from the rate measured so far, or, while the
//! read waits on a rate limit, until when it waits.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::count;
use crate::gather::FetchProgress;
use crate::okta::ratelimit::BucketStatus;
use crate::okta::throttle::{RateWait, WaitReason};

/// The rate-limit bucket a System Log read spends.
pub const LOGS_BUCKET: &str = "GET /api/v1/logs";

/// Below this share of the window read, the rate says too little for an estimate.
const ESTIMATE_FROM: f64 = 0.01;

/// What the line is made of.
#[derive(Debug, Clone, Copy)]
pub struct ReadStatus<'a> {
    /// The read's progress, `None` before its first page.
    pub progress: Option<&'a FetchProgress>,
    /// The client's rate-limit buckets (the logs bucket is looked for among them).
    pub buckets: &'a [BucketStatus],
    /// The wait on a rate limit under way, if any.
    pub wait: Option<&'a RateWait>,
    pub now: DateTime<Utc>,
}

impl ReadStatus<'_> {
    /// `12,000 events · 12 pages · covered to 11-23 10:00 (45%) · logs bucket 80/120 · about 1m20s left`,
    /// or `… · throttled by Okta until 12:34:56 (reset in 12s)` while waiting.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        match self.progress {
            None => parts.push("starting".to_string()),
            Some(p) => {
                parts.push(format!("{} events · {} pages", count(p.events), count(p.pages)));
                let percent = (p.fraction * 100.0).floor();
                parts.push(match p.covered {
                    Some(at) => format!("covered to {} ({percent:.0}%)", at.format("%m-%d %H:%M")),
                    None => format!("{percent:.0}% of the window"),
                });
            }
        }
        if let Some(b) = self.buckets.iter().find(|b| b.key == LOGS_BUCKET) {
            parts.push(format!("logs bucket {}/{}", b.remaining, b.limit));
        }
        match (self.wait, self.progress.and_then(estimate)) {
            (Some(wait), _) => parts.push(waiting(wait, self.now)),
            (None, Some(left)) => parts.push(format!("about {} left", short(left))),
            (None, None) => {}
        }
        parts.join(" · ")
    }
}

/// `throttled by Okta until 12:34:56 (reset in 12s)`.
fn waiting(wait: &RateWait, now: DateTime<Utc>) -> String {
    let secs = (wait.until - now).num_seconds().max(0);
    let until = wait.until.format("%H:%M:%S");
    match wait.reason {
        WaitReason::Reserve => format!("pacing: leaving the bucket's reserve until {until} (in {secs}s)"),
        _ => format!("throttled by Okta until {until} (reset in {secs}s)"),
    }
}

/// The time left at the rate measured so far, once there is a rate to speak of.
fn estimate(p: &FetchProgress) -> Option<Duration> {
    if !(ESTIMATE_FROM..1.0).contains(&p.fraction) || p.elapsed.is_zero() {
        return None;
    }
    Duration::try_from_secs_f64(p.elapsed.as_secs_f64() * (1.0 - p.fraction) / p.fraction).ok()
}

/// `45s`, `3m05s`, `2h07m`.
fn short(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, s / 60 % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn bucket(key: &str, remaining: u32) -> BucketStatus {
        BucketStatus { key: key.into(), limit: 120, remaining, resets_in: 30 }
    }

    #[test]
    fn the_line_says_what_was_read_what_is_left_and_the_headroom() {
        let progress = FetchProgress {
            pages: 12,
            events: 12_000,
            skipped: 0,
            fraction: 0.25,
            covered: Some(at("2026-11-23T10:00:00Z")),
            elapsed: Duration::from_secs(20),
        };
        let buckets = [bucket("GET /api/v1/users", 5), bucket(LOGS_BUCKET, 80)];
        let now = at("2026-11-23T12:00:00Z");
        let status = ReadStatus { progress: Some(&progress), buckets: &buckets, wait: None, now };
        assert_eq!(
            status.line(),
            "12,000 events · 12 pages · covered to 11-23 10:00 (25%) · logs bucket 80/120 · about 1m00s left"
        );
        let wait =
            RateWait { bucket: LOGS_BUCKET.into(), until: at("2026-11-23T12:00:12Z"), reason: WaitReason::Spent };
        let status = ReadStatus { wait: Some(&wait), ..status };
        assert!(status.line().ends_with("logs bucket 80/120 · throttled by Okta until 12:00:12 (reset in 12s)"));
        let status = ReadStatus { progress: None, buckets: &[], wait: None, now };
        assert_eq!(status.line(), "starting");
    }

    #[test]
    fn no_estimate_without_a_rate() {
        let mut p = FetchProgress { fraction: 0.005, elapsed: Duration::from_secs(3), ..FetchProgress::default() };
        assert_eq!(estimate(&p), None, "too little read");
        p.fraction = 1.0;
        assert_eq!(estimate(&p), None, "done");
        p.fraction = 0.5;
        assert_eq!(estimate(&p), Some(Duration::from_secs(3)));
        assert_eq!(short(Duration::from_secs(7625)), "2h07m");
        assert_eq!(short(Duration::from_secs(185)), "3m05s");
    }
}
