//! `password_spray`: one IP failing sign-ins for many different logins within
//! `spray_window_mins` (at least `spray_min_users` logins).

use super::{span, spray_bursts};
use crate::investigate::detect::common::{counted, place, span_words};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::Signals;
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// One finding per burst; confidence rises when the IP is an anonymiser, when Okta
/// suspected it, and with the number of logins tried.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    spray_bursts(signals, config)
        .into_iter()
        .filter_map(|burst| {
            let first = signals.event(*burst.rows.first()?);
            let mut evidence = Evidence::default();
            let (mut proxied, mut suspected) = (false, false);
            for &row in &burst.rows {
                let event = signals.event(row);
                evidence.add(event);
                proxied |= event.is_proxy();
                suspected |= event.threat_suspected() == Some(true);
            }
            let (start, end) = span(&burst.rows)?;
            let mut why = Vec::new();
            if proxied {
                why.push("through an anonymising proxy");
            }
            if suspected {
                why.push("Okta ThreatInsight suspected the address");
            }
            let mut confidence = 0.65;
            confidence += if proxied { 0.1 } else { 0.0 };
            confidence += if suspected { 0.1 } else { 0.0 };
            confidence += if burst.logins.len() >= 2 * config.spray_min_users { 0.1 } else { 0.0 };
            let summary = format!(
                "Password spray from {}: {} against {} {}{}",
                place(first),
                counted(burst.rows.len(), "failed sign-in", "failed sign-ins"),
                counted(burst.logins.len(), "login", "logins"),
                span_words(end - start),
                if why.is_empty() { String::new() } else { format!(" ({})", why.join("; ")) },
            );
            Some(evidence.finding(FindingKind::PasswordSpray, FindingSeverity::High, confidence, summary, burst.logins))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn failure(login: &str, minute: i64, ip: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("{login}-{minute}"), "eventType": "user.session.start",
            "published": format!("2026-11-30T10:{minute:02}:00.000Z"), "outcome": {"result": "FAILURE",
            "reason": "INVALID_CREDENTIALS"}, "actor": {"alternateId": login, "type": "User"},
            "client": {"ipAddress": ip, "geographicalContext": {"city": "Frankfurt", "country": "Germany"}},
            "securityContext": {"isProxy": true}}))
        .unwrap()
    }

    #[test]
    fn five_logins_within_the_window_fire_four_do_not() {
        let five: Vec<LogEvent> = (0..5).map(|k| failure(&format!("u{k}@x"), k * 3, "203.0.113.77")).collect();
        let findings = with_defaults(detect, &five);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].users.len(), 5);
        assert_eq!(findings[0].ips, ["203.0.113.77"]);
        assert!(findings[0].summary.contains("203.0.113.77 (Frankfurt, Germany)"), "{}", findings[0].summary);
        assert!(findings[0].summary.contains("anonymising proxy"));
        assert!(with_defaults(detect, &five[..4]).is_empty());
    }

    #[test]
    fn spread_past_the_window_or_over_ips_does_not_fire() {
        let slow: Vec<LogEvent> = (0..5).map(|k| failure(&format!("u{k}@x"), k * 4, "203.0.113.77")).collect();
        assert!(with_defaults(detect, &slow).is_empty(), "16 minutes apart");
        let spread: Vec<LogEvent> = (0..5).map(|k| failure(&format!("u{k}@x"), k, &format!("192.0.2.{k}"))).collect();
        assert!(with_defaults(detect, &spread).is_empty());
        let same: Vec<LogEvent> = (0..8).map(|k| failure("bo@x", k, "203.0.113.77")).collect();
        assert!(with_defaults(detect, &same).is_empty(), "one login is a brute force, not a spray");
    }
}
