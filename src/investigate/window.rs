//! The time range a hunt or investigation covers.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A closed time range of the System Log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LogWindow {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

impl LogWindow {
    /// The window from `since` to now.
    pub fn until_now(since: DateTime<Utc>) -> LogWindow {
        LogWindow { since, until: Utc::now() }
    }

    /// How far through the window `at` is, 0–1.
    pub fn fraction(&self, at: DateTime<Utc>) -> f64 {
        let span = (self.until - self.since).num_milliseconds().max(1) as f64;
        ((at - self.since).num_milliseconds() as f64 / span).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn fraction_is_clamped_to_the_window() {
        let since = Utc::now() - Duration::hours(10);
        let window = LogWindow { since, until: since + Duration::hours(10) };
        assert_eq!(window.fraction(since + Duration::hours(5)), 0.5);
        assert_eq!(window.fraction(since - Duration::hours(1)), 0.0);
        assert_eq!(window.fraction(since + Duration::hours(11)), 1.0);
    }
}
