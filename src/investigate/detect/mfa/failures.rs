//! `mfa_failures`: at least `mfa_failures_min` failed second-factor verifications for one
//! user within `mfa_failures_window_mins`. Push refusals are `mfa_fatigue`'s, and a failed
//! password-as-factor is a failed sign-in, so neither counts here.

use std::collections::HashMap;

use super::{factor, is_push};
use crate::investigate::detect::common::{bursts, counted, is_success, login_shown, place, span_words, Caseless};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

fn is_counted_failure(event: EventRef) -> bool {
    matches!(event.event_type(), Some("user.authentication.auth_via_mfa" | "user.authentication.verify"))
        && event.is_failure()
        && !is_push(event)
        && !factor(event).is_some_and(|f| f.eq_ignore_ascii_case("PASSWORD_AS_FACTOR"))
}

/// One finding per burst; `high` when a verification then succeeded.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let mut by_login: HashMap<Caseless, Vec<(i64, (), EventRow)>> = HashMap::new();
    for &row in signals.rows(Family::Mfa) {
        let (Some(at), event) = (row.at, signals.event(row)) else { continue };
        if let Some(login) = event.actor_login().filter(|_| is_counted_failure(event)) {
            by_login.entry(Caseless(login)).or_default().push((at, (), row));
        }
    }
    let window = config.mfa_failures_window_mins.saturating_mul(60_000);
    let mut findings = Vec::new();
    for (login, rows) in by_login {
        let keyed: Vec<(i64, ())> = rows.iter().map(|r| (r.0, r.1)).collect();
        for range in bursts(&keyed, window, config.mfa_failures_min.max(1), false) {
            let part = &rows[range];
            let (start, end) = (part[0].0, part[part.len() - 1].0);
            let mut evidence = Evidence::default();
            part.iter().for_each(|r| evidence.add(signals.event(r.2)));
            let passed = signals.rows_between(Family::Mfa, end + 1, end + window).iter().copied().find(|r| {
                let e = signals.event(*r);
                is_success(e) && e.actor_login().is_some_and(|l| Caseless(l) == login)
            });
            if let Some(p) = passed {
                evidence.add(signals.event(p));
            }
            let summary = format!(
                "{} for {} from {} {}{}",
                counted(part.len(), "failed MFA verification", "failed MFA verifications"),
                login.shown(),
                place(signals.event(part[0].2)),
                span_words(end - start),
                if passed.is_some() { ", then one succeeded" } else { "" }
            );
            let (severity, confidence) =
                if passed.is_some() { (FindingSeverity::High, 0.75) } else { (FindingSeverity::Medium, 0.6) };
            findings.push(evidence.finding(
                FindingKind::MfaFailures,
                severity,
                confidence,
                summary,
                [login_shown(login.0)],
            ));
        }
    }
    findings.sort_by_key(|f| f.first_seen);
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn verify(second: i64, result: &str, factor: &str) -> LogEvent {
        let at =
            chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z").unwrap() + chrono::Duration::seconds(second);
        serde_json::from_value(json!({"uuid": format!("v{second}"), "eventType": "user.authentication.auth_via_mfa",
            "published": at.to_rfc3339(), "outcome": {"result": result, "reason": "INVALID_CREDENTIALS"},
            "actor": {"alternateId": "ana@x"}, "debugContext": {"debugData": {"factor": factor}}}))
        .unwrap()
    }

    #[test]
    fn five_failures_fire_four_do_not_and_pushes_are_left_to_fatigue() {
        let five: Vec<LogEvent> = (0..5).map(|k| verify(k * 60, "FAILURE", "OKTA_VERIFY_TOTP")).collect();
        assert_eq!(with_defaults(detect, &five).len(), 1);
        assert_eq!(with_defaults(detect, &five)[0].severity, FindingSeverity::Medium);
        assert!(with_defaults(detect, &five[..4]).is_empty());
        let pushes: Vec<LogEvent> = (0..5).map(|k| verify(k * 60, "FAILURE", "OKTA_VERIFY_PUSH")).collect();
        assert!(with_defaults(detect, &pushes).is_empty());
        let passwords: Vec<LogEvent> = (0..5).map(|k| verify(k * 60, "FAILURE", "PASSWORD_AS_FACTOR")).collect();
        assert!(with_defaults(detect, &passwords).is_empty());
    }

    #[test]
    fn a_success_after_the_failures_makes_it_high() {
        let mut events: Vec<LogEvent> = (0..5).map(|k| verify(k * 60, "FAILURE", "SMS")).collect();
        events.push(verify(400, "SUCCESS", "SMS"));
        let findings = with_defaults(detect, &events);
        assert_eq!(findings[0].severity, FindingSeverity::High);
        assert!(findings[0].summary.ends_with("then one succeeded"));
    }
}
