//! Times on the command line: RFC 3339 (`2026-11-23T10:00:00Z`) or a duration before now
//! (`90s`, `15m`, `24h`, `7d`, `2w`).

use chrono::{DateTime, Duration, Utc};

/// Parses `input` as a time, durations counted back from `now`.
pub fn parse_time(input: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    parse_duration(s).map(|d| now - d).map_err(|_| {
        format!("'{input}' is neither a time (2026-11-23T10:00:00Z) nor a duration before now (15m, 24h, 7d)")
    })
}

/// Parses `15m`, `24h`, `7d`, `2w`, `90s`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(|| format!("'{s}' has no unit (s, m, h, d, w)"))?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().map_err(|_| format!("'{s}' does not start with a number"))?;
    let d = match unit {
        "s" => Duration::try_seconds(n),
        "m" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        "w" => Duration::try_weeks(n),
        _ => return Err(format!("'{unit}' is not a unit: use s, m, h, d or w")),
    };
    d.ok_or_else(|| format!("'{s}' is too long a duration"))
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
}
