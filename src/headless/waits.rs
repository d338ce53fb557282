//! Saying on stderr that a command waits on Okta's rate limit: one line when a wait begins
//! (`waiting on rate limit for bucket GET /api/v1/users until 12:34:56 (Okta answered 429)`),
//! never the same wait twice, and at most one line every few seconds. It is not data, so it
//! goes to stderr whether or not that is a terminal.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use crate::okta::client::Client;
use crate::okta::throttle::RateWait;

/// The least time between two notices.
const MIN_GAP: Duration = Duration::from_secs(5);

/// Prints the client's rate-limit waits on stderr for as long as the client lives. Needs a
/// tokio runtime (does nothing without one). A wait that begins too soon after the last
/// notice is announced once the gap has passed, if it still lasts: never a silent wait.
pub fn announce(client: &Client) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    let mut rx = client.limiter().waits().watch();
    // On a terminal a progress line may be drawn in place: the notice goes on a line of its own.
    let clear = if std::io::stderr().is_terminal() { "\r\x1b[2K" } else { "" };
    runtime.spawn(async move {
        let mut notices = Notices::default();
        let mut later: Option<Instant> = None;
        loop {
            tokio::select! {
                changed = rx.changed() => if changed.is_err() { break },
                () = sleep_until(later) => {}
            }
            later = None;
            let wait = rx.borrow_and_update().clone();
            match wait.map(|w| notices.line(&w, Instant::now())) {
                Some(Notice::Line(line)) => eprintln!("{clear}{line}"),
                Some(Notice::After(at)) => later = Some(at),
                Some(Notice::Said) | None => {}
            }
        }
    });
}

/// Sleeps until `at`; forever when there is no `at`.
async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

/// What to do about a wait.
#[derive(Debug, PartialEq, Eq)]
enum Notice {
    /// Print this line now.
    Line(String),
    /// Too soon after the last notice: look again at this instant.
    After(Instant),
    /// Announced already.
    Said,
}

/// Which waits were announced, and when the last was.
#[derive(Default)]
struct Notices {
    last: Option<RateWait>,
    at: Option<Instant>,
}

impl Notices {
    /// What to do about `wait` at `now`: its line, unless it was announced already or one was
    /// just printed (then when to look again).
    fn line(&mut self, wait: &RateWait, now: Instant) -> Notice {
        let same = self.last.as_ref().is_some_and(|l| l.bucket == wait.bucket && l.until == wait.until);
        if same {
            return Notice::Said;
        }
        if let Some(next) = self.at.and_then(|at| at.checked_add(MIN_GAP)).filter(|next| now < *next) {
            return Notice::After(next);
        }
        self.last = Some(wait.clone());
        self.at = Some(now);
        Notice::Line(wait.to_string())
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
        let Notice::Line(line) = n.line(&a, start) else { panic!("the first wait is announced") };
        assert!(line.starts_with("waiting on rate limit for bucket GET /api/v1/users until "), "{line}");
        assert_eq!(n.line(&a, start + Duration::from_secs(20)), Notice::Said, "the same wait once");
        let b = RateWait::new("GET /api/v1/logs", Duration::from_secs(30), WaitReason::Spent);
        assert_eq!(
            n.line(&b, start + Duration::from_secs(1)),
            Notice::After(start + MIN_GAP),
            "not twice within the gap"
        );
        assert!(matches!(n.line(&b, start + Duration::from_secs(6)), Notice::Line(_)));
    }

    /// Issue 19: a long wait that began just after a short one was announced was never said
    /// (the notice was dropped, not put off): 30–40 s of silence.
    #[test]
    fn a_wait_begun_within_the_gap_is_announced_after_it() {
        let mut n = Notices::default();
        let start = Instant::now();
        let short = RateWait::new("GET /api/v1/logs", Duration::from_secs(2), WaitReason::Spent);
        assert!(matches!(n.line(&short, start), Notice::Line(_)));
        let long = RateWait::new("GET /api/v1/logs", Duration::from_secs(40), WaitReason::TooManyRequests);
        let Notice::After(at) = n.line(&long, start + Duration::from_secs(3)) else { panic!("put off") };
        assert_eq!(at, start + MIN_GAP);
        let Notice::Line(line) = n.line(&long, at) else { panic!("said once the gap has passed") };
        assert!(line.ends_with("(Okta answered 429)"), "{line}");
    }
}
