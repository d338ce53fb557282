//! `brute_force`: at least `brute_force_min_failures` failed sign-ins for one login within
//! `brute_force_window_mins`.

use std::collections::BTreeSet;

use super::{brute_bursts, span};
use crate::investigate::detect::common::{counted, is_scripted_agent, place, span_words};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// One finding per burst; `high` when it ended in a lockout, came from a script, or was at
/// least twice the threshold.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let window = config.brute_force_window_mins.saturating_mul(60_000);
    brute_bursts(signals, config)
        .into_iter()
        .filter_map(|burst| {
            let (start, end) = span(&burst.rows)?;
            let first = signals.event(*burst.rows.first()?);
            let mut evidence = Evidence::default();
            let mut scripted = false;
            for &row in &burst.rows {
                let event = signals.event(row);
                evidence.add(event);
                scripted |= event.user_agent().is_some_and(is_scripted_agent);
            }
            let lock = signals
                .rows_between(Family::Lock, start, end + window)
                .iter()
                .copied()
                .find(|r| signals.event(*r).actor_login().is_some_and(|l| burst.login == super::Caseless(l)));
            if let Some(lock) = lock {
                evidence.add(signals.event(lock));
            }
            let count = burst.rows.len();
            let from = if burst.ips.len() == 1 { place(first) } else { format!("{} addresses", burst.ips.len()) };
            let summary = format!(
                "{} for {} from {} {}{}{}",
                counted(count, "failed sign-in", "failed sign-ins"),
                burst.login.shown(),
                from,
                span_words(end - start),
                if scripted { " by a script" } else { "" },
                if lock.is_some() { ", then a lockout" } else { "" },
            );
            let strong = lock.is_some() || scripted || count >= 2 * config.brute_force_min_failures;
            let severity = if strong { FindingSeverity::High } else { FindingSeverity::Medium };
            let confidence = 0.6
                + if lock.is_some() { 0.15 } else { 0.0 }
                + if scripted { 0.1 } else { 0.0 }
                + if count >= 2 * config.brute_force_min_failures { 0.1 } else { 0.0 };
            let users: BTreeSet<String> = [burst.login.shown()].into();
            Some(evidence.finding(FindingKind::BruteForce, severity, confidence, summary, users))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn failure(k: i64, seconds_apart: i64) -> LogEvent {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z").unwrap()
            + chrono::Duration::seconds(k * seconds_apart);
        serde_json::from_value(json!({"uuid": format!("f{k}"), "eventType": "user.session.start",
            "published": at.to_rfc3339(), "outcome": {"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
            "actor": {"alternateId": if k % 2 == 0 { "Bo@acme.example" } else { "bo@acme.example" }},
            "client": {"ipAddress": "198.51.100.23", "userAgent": {"rawUserAgent": "python-requests/2.31.0"},
                "geographicalContext": {"city": "Chisinau", "country": "Moldova"}}}))
        .unwrap()
    }

    #[test]
    fn five_failures_in_fifteen_minutes_fire_four_do_not() {
        let events: Vec<LogEvent> = (0..5).map(|k| failure(k, 200)).collect();
        let findings = with_defaults(detect, &events);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].users, ["bo@acme.example"]);
        assert_eq!(findings[0].evidence.len(), 5);
        assert!(findings[0]
            .summary
            .starts_with("5 failed sign-ins for bo@acme.example from 198.51.100.23 (Chisinau, Moldova)"));
        assert!(with_defaults(detect, &events[..4]).is_empty());
        let slow: Vec<LogEvent> = (0..5).map(|k| failure(k, 240)).collect();
        assert!(with_defaults(detect, &slow).is_empty(), "16 minutes from first to last");
    }

    #[test]
    fn a_lockout_after_the_burst_is_cited() {
        let mut events: Vec<LogEvent> = (0..12).map(|k| failure(k, 20)).collect();
        events.push(
            serde_json::from_value(json!({"uuid": "lock", "eventType": "user.account.lock",
                "published": "2026-11-30T10:04:30Z", "actor": {"alternateId": "bo@acme.example"}}))
            .unwrap(),
        );
        let findings = with_defaults(detect, &events);
        assert_eq!(findings[0].severity, FindingSeverity::High);
        assert!(findings[0].summary.ends_with("in 4 min by a script, then a lockout"), "{}", findings[0].summary);
        assert_eq!(findings[0].evidence.last().map(String::as_str), Some("lock"));
    }
}
