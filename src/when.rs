//! Times on the command line: RFC 3339 (`2026-11-23T10:00:00Z`) or a duration before now
//! (`90s`, `15m`, `24h`, `7d`, `2w`).

use chrono::{DateTime, Duration, Utc};

use crate::investigate::LogWindow;

/// Parses `input` as a time, durations counted back from `now`. A duration reaching back
/// before the calendar's start (chrono's, some 262,000 years ago) is refused, not a panic.
pub fn parse_time(input: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let too_far = || format!("'{input}' is too far back: give a shorter duration (15m, 24h, 7d) or a time");
    match parse_duration(s) {
        Ok(d) => now.checked_sub_signed(d).ok_or_else(too_far),
        Err(DurationError::TooLong) => Err(too_far()),
        Err(DurationError::Invalid) => {
            Err(format!("'{input}' is neither a time (2026-11-23T10:00:00Z) nor a duration before now (15m, 24h, 7d)"))
        }
    }
}

/// The window from `since` to `until` (now when not given), or why it is no window: a
/// `since` after its `until` (a usage error for the caller).
pub fn window(since: DateTime<Utc>, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<LogWindow, String> {
    let until = until.unwrap_or(now);
    if since > until {
        return Err(format!(
            "the window's start ({}) is after its end ({}): give the start first",
            since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
    }
    Ok(LogWindow { since, until })
}

/// Why a duration was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationError {
    /// Not a number and a unit.
    Invalid,
    /// More than a duration can hold (some 292 million years).
    TooLong,
}

/// Parses `15m`, `24h`, `7d`, `2w`, `90s`.
pub fn parse_duration(s: &str) -> Result<Duration, DurationError> {
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or(DurationError::Invalid)?;
    let (n, unit) = s.split_at(split);
    if n.is_empty() {
        return Err(DurationError::Invalid);
    }
    // All digits: a number too large for an i64 is too long a duration.
    let n: i64 = n.parse().map_err(|_| DurationError::TooLong)?;
    let d = match unit {
        "s" => Duration::try_seconds(n),
        "m" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        "w" => Duration::try_weeks(n),
        _ => return Err(DurationError::Invalid),
    };
    d.ok_or(DurationError::TooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(parse_time("15m", now).unwrap().to_rfc3339(), "2026-11-23T11:45:00+00:00");
        assert_eq!(parse_time("7d", now).unwrap().to_rfc3339(), "2026-11-16T12:00:00+00:00");
        assert_eq!(parse_time("2026-11-01T00:00:00.000Z", now).unwrap().to_rfc3339(), "2026-11-01T00:00:00+00:00");
        assert!(parse_time("yesterday", now).is_err());
        assert!(parse_time("15", now).is_err());
        assert!(parse_time("99999999999999d", now).is_err());
    }

    #[test]
    fn a_window_starts_before_it_ends() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap().with_timezone(&Utc);
        let since = parse_time("7d", now).unwrap();
        assert_eq!(window(since, None, now), Ok(LogWindow { since, until: now }));
        let until = parse_time("8d", now).unwrap();
        let e = window(since, Some(until), now).unwrap_err();
        assert!(e.contains("start (2026-11-16T12:00:00Z) is after its end (2026-11-15T12:00:00Z)"), "{e}");
        assert!(window(since, Some(since), now).is_ok(), "an empty window is a window");
    }

    #[test]
    fn durations_past_the_calendar_are_refused_not_a_panic() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap().with_timezone(&Utc);
        for input in ["100000000d", "99999999999999d", "9999999999w", "9223372036854775807s"] {
            let e = parse_time(input, now).unwrap_err();
            assert!(e.contains("too far back") && e.contains(input), "{input}: {e}");
        }
        assert!(parse_time("90000000d", now).is_ok(), "within the calendar");
    }
}
