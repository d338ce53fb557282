//! The org's clock as its answers tell it, for rate-limit resets.
//!
//! `X-Rate-Limit-Reset` is a time on the server's clock (epoch seconds), so how long to wait
//! for it depends on what the server's clock reads now. Each answer's `Date` says so to the
//! whole second, stamped at some moment between the request's sending and its answer's
//! arrival: the offset from this process's monotonic clock to the server's is then within
//! `(Date − arrival, Date + 1 − sending)`. [`ServerClock`] intersects these bounds over every
//! answer and reads a reset both ways: at the latest (with the lower bound), so a window is
//! never taken for reset before the server's clock says it is, whatever the local wall clock
//! says (it may be off, or step), and at the earliest (with the upper one);
//! after an answer whose `Date` has just ticked, the estimate is within that request's round
//! trip of the truth, where `Date` alone is up to a second off. Bounds that no longer meet
//! (the server's clock stepped) start again from the latest answer.

use tokio::time::Instant;

/// The offset of the server's clock from this process's, as bounded by the answers so far.
#[derive(Debug, Clone, Copy)]
pub struct ServerClock {
    /// Offsets are measured from this instant (seconds since it).
    anchor: Instant,
    /// The server's epoch seconds minus the seconds since `anchor`: at least `.0`, at most
    /// `.1`. `None` until an answer with a `Date` arrives.
    offset: Option<(f64, f64)>,
}

impl Default for ServerClock {
    fn default() -> Self {
        ServerClock { anchor: Instant::now(), offset: None }
    }
}

impl ServerClock {
    /// Counts in an answer dated `date` (the server's epoch seconds, `Date`) to a request
    /// sent at `sent` and answered at `received`.
    pub fn observe(&mut self, date: i64, sent: Instant, received: Instant) {
        let date = date as f64;
        let low = date - self.seconds(received);
        let high = date + 1.0 - self.seconds(sent);
        self.offset = match self.offset {
            Some((l, h)) if l.max(low) <= h.min(high) => Some((l.max(low), h.min(high))),
            _ => Some((low, high)),
        };
    }

    /// Seconds from `now` until the server's clock reads `epoch`: at the earliest and at the
    /// latest, as far as the answers so far tell (negative when it already has); `None`
    /// before any answer had a `Date`.
    pub fn seconds_until(&self, epoch: u64, now: Instant) -> Option<(f64, f64)> {
        let (low, high) = self.offset?;
        let left = epoch as f64 - self.seconds(now);
        Some((left - high, left - low))
    }

    fn seconds(&self, t: Instant) -> f64 {
        t.saturating_duration_since(self.anchor).as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A server whose clock reads `server_at_anchor` at the clock's anchor.
    fn answer(clock: &mut ServerClock, server_at_anchor: f64, sent_ms: u64, received_ms: u64, stamped_ms: u64) {
        let at = |ms: u64| clock.anchor + Duration::from_millis(ms);
        let date = (server_at_anchor + stamped_ms as f64 / 1000.0).floor() as i64;
        let (sent, received) = (at(sent_ms), at(received_ms));
        clock.observe(date, sent, received);
    }

    #[test]
    fn a_reset_is_never_read_early_and_is_read_closely_once_a_date_ticks() {
        let server = 1_700_000_000.3;
        let mut clock = ServerClock::default();
        let now = clock.anchor;
        let latest = |clock: &ServerClock| clock.seconds_until(1_700_000_010, now).map(|(_, latest)| latest);
        assert_eq!(latest(&clock), None, "no Date heard yet");
        // One answer: the Date alone, up to a second pessimistic.
        answer(&mut clock, server, 0, 50, 25);
        let first = latest(&clock).unwrap();
        assert!((9.7 - 1e-9..=10.7).contains(&first), "{first}");
        // Answers every 100 ms; one is stamped just after the server's second ticks.
        for i in 1..20u64 {
            answer(&mut clock, server, i * 100, i * 100 + 50, i * 100 + 25);
            let (earliest, until) = clock.seconds_until(1_700_000_010, now).unwrap();
            assert!(until >= 9.7 - 1e-9, "never early: {until}");
            assert!(earliest <= 9.7 + 1e-9 && earliest <= until, "never late: {earliest}");
        }
        let settled = latest(&clock).unwrap();
        assert!(settled <= 9.7 + 0.11, "within a round trip and the answers' spacing: {settled}");
    }

    #[test]
    fn a_server_clock_that_steps_is_followed() {
        let mut clock = ServerClock::default();
        for i in 0..10u64 {
            answer(&mut clock, 1_700_000_000.0, i * 100, i * 100 + 20, i * 100 + 10);
        }
        // The server's clock jumps back a minute: the old bounds no longer meet the new.
        answer(&mut clock, 1_699_999_940.0, 1_000, 1_020, 1_010);
        let (_, until) = clock.seconds_until(1_699_999_950, clock.anchor + Duration::from_millis(1_020)).unwrap();
        assert!((8.9..=10.1).contains(&until), "{until}");
    }
}
