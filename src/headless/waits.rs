//! Saying on stderr that a command waits on Okta's rate limit: one line when a wait begins
//! (`waiting on rate limit for bucket GET /api/v1/users until 12:34:56 (Okta answered 429)`),
//! never the same wait twice, and at most one line every few seconds. It is not data, so it
//! goes to stderr whether or not that is a terminal.

use std::time::{Duration, Instant};

use crate::okta::client::Client;
use crate::okta::throttle::RateWait;

/// The least time between two notices.
const MIN_GAP: Duration = Duration::from_secs(5);

/// Prints the client's rate-limit waits on stderr for as long as the client lives. Needs a
/// tokio runtime (does nothing without one).
pub fn announce(client: &Client) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    let mut rx = client.limiter().waits().watch();
    runtime.spawn(async move {
        let mut notices = Notices::default();
        while rx.changed().await.is_ok() {
            let wait = rx.borrow_and_update().clone();
            if let Some(line) = wait.and_then(|w| notices.line(&w, Instant::now())) {
                eprintln!("{line}");
            }
        }
    });
}

/// Which waits were announced, and when the last was.
#[derive(Default)]
struct Notices {
    last: Option<RateWait>,
    at: Option<Instant>,
}

impl Notices {
    /// The line for `wait` at `now`, unless it was announced already or one was just printed.
    fn line(&mut self, wait: &RateWait, now: Instant) -> Option<String> {
        let same = self.last.as_ref().is_some_and(|l| l.bucket == wait.bucket && l.until == wait.until);
        let recent = self.at.is_some_and(|at| now.saturating_duration_since(at) < MIN_GAP);
        if same || recent {
            return None;
        }
        self.last = Some(wait.clone());
        self.at = Some(now);
        Some(wait.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::throttle::WaitReason;

    #[test]
    fn one_line_per_wait_and_not_too_often() {
        let mut n = Notices::default();
        let start = Instant::now();
        let a = RateWait::new("GET /api/v1/users", Duration::from_secs(30), WaitReason::TooManyRequests);
        let line = n.line(&a, start).unwrap();
        assert!(line.starts_with("waiting on rate limit for bucket GET /api/v1/users until "), "{line}");
        assert_eq!(n.line(&a, start + Duration::from_secs(20)), None, "the same wait once");
        let b = RateWait::new("GET /api/v1/logs", Duration::from_secs(30), WaitReason::Spent);
        assert_eq!(n.line(&b, start + Duration::from_secs(1)), None, "not twice within the gap");
        assert!(n.line(&b, start + Duration::from_secs(6)).is_some());
    }
}
