//! `success_after_failures`: a login that was sprayed or brute-forced signs in successfully
//! from one of the attacking addresses, at most `success_after_failures_window_mins` after
//! the last failure. The password is then likely known to the attacker.

use std::collections::{BTreeMap, BTreeSet};

use super::{brute_bursts, span, spray_bursts, Caseless};
use crate::investigate::detect::common::{counted, is_success, login_shown, place, span_words};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{behavior_flags, Family, Row, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, MfaState, ProposedAction};

/// What the attack before a success was.
struct Attack<'a> {
    what: String,
    ips: BTreeSet<&'a str>,
    failures: Vec<Row>,
    start: i64,
    end: i64,
}

/// One finding per victim; confidence rises with a new device on the success and when the
/// directory knows the victim has no MFA.
pub fn detect(signals: &Signals, directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let window = config.success_after_failures_window_mins.saturating_mul(60_000);
    let mut attacks: BTreeMap<String, Vec<Attack>> = BTreeMap::new();
    for burst in spray_bursts(signals, config) {
        let Some((start, end)) = span(&burst.rows) else { continue };
        let what =
            format!("a password spray from that address against {}", counted(burst.logins.len(), "login", "logins"));
        for login in &burst.logins {
            let failures: Vec<Row> = burst
                .rows
                .iter()
                .copied()
                .filter(|r| signals.event(*r).actor_login().is_some_and(|l| Caseless(l) == Caseless(login)))
                .collect();
            let ips = [burst.ip].into();
            attacks.entry(login.clone()).or_default().push(Attack { what: what.clone(), ips, failures, start, end });
        }
    }
    for burst in brute_bursts(signals, config) {
        let Some((start, end)) = span(&burst.rows) else { continue };
        let what = counted(burst.rows.len(), "failed sign-in", "failed sign-ins");
        let attack = Attack { what, ips: burst.ips.clone(), failures: burst.rows.clone(), start, end };
        attacks.entry(burst.login.shown()).or_default().push(attack);
    }
    if attacks.is_empty() {
        return Vec::new();
    }
    let mut findings = Vec::new();
    let successes: Vec<Row> = signals
        .rows(Family::SessionStart)
        .iter()
        .copied()
        .filter(|r| r.at.is_some() && is_success(signals.event(*r)))
        .collect();
    for (login, attacks) in &attacks {
        for attack in attacks {
            let hit = successes.iter().copied().find(|r| {
                let event = signals.event(*r);
                let at = r.at.unwrap_or(i64::MIN);
                at >= attack.start
                    && at <= attack.end + window
                    && event.actor_login().is_some_and(|l| Caseless(l) == Caseless(login))
                    && event.client_ip().is_some_and(|ip| attack.ips.contains(ip))
            });
            let Some(hit) = hit else { continue };
            let success = signals.event(hit);
            let mut evidence = Evidence::default();
            attack.failures.iter().for_each(|r| evidence.add(signals.event(*r)));
            evidence.add(success);
            let new_device = behavior_flags(success).new_device;
            let no_mfa = directory.by_login(login).is_some_and(|u| u.mfa == Some(MfaState::None));
            let mut extra = Vec::new();
            if new_device {
                extra.push("on a new device");
            }
            if no_mfa {
                extra.push("the account has no MFA");
            }
            let after = hit.at.unwrap_or(attack.end) - attack.end;
            let summary = format!(
                "{} signed in from {} {} after {}{}",
                login_shown(login),
                place(success),
                span_words(after).trim_start_matches("in "),
                attack.what,
                if extra.is_empty() { String::new() } else { format!(" ({})", extra.join("; ")) },
            );
            let confidence = 0.75 + if new_device { 0.1 } else { 0.0 } + if no_mfa { 0.1 } else { 0.0 };
            findings.push(
                evidence
                    .finding(FindingKind::SuccessAfterFailures, FindingSeverity::Critical, confidence, summary, [
                        login_shown(login),
                    ])
                    .proposing(
                        ProposedAction::Suspend,
                        "signed in from the address that was guessing passwords: the password is likely known to the attacker",
                    ),
            );
            break;
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::KnownUser;
    use crate::okta::model::LogEvent;

    fn sign_in(login: &str, second: i64, ip: &str, result: &str) -> LogEvent {
        let at =
            chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z").unwrap() + chrono::Duration::seconds(second);
        serde_json::from_value(json!({"uuid": format!("{login}-{second}-{result}"), "eventType": "user.session.start",
            "published": at.to_rfc3339(), "outcome": {"result": result}, "actor": {"alternateId": login},
            "client": {"ipAddress": ip}, "debugContext": {"debugData": {"behaviors": "{New Device=POSITIVE}"}}}))
        .unwrap()
    }

    fn brute_force_then(success_at: i64, ip: &str) -> Vec<LogEvent> {
        let mut events: Vec<LogEvent> = (0..5).map(|k| sign_in("bo@x", k * 30, "198.51.100.23", "FAILURE")).collect();
        events.push(sign_in("bo@x", success_at, ip, "SUCCESS"));
        events
    }

    #[test]
    fn a_success_from_the_attacker_within_the_window_fires_and_proposes_suspend() {
        let directory = Directory::new([KnownUser {
            id: "00u1".into(),
            login: "bo@x".into(),
            status: "ACTIVE".into(),
            mfa: Some(MfaState::None),
            admin: false,
        }]);
        let events = brute_force_then(120 + 3600, "198.51.100.23");
        let findings = detect(&Signals::new(&events), &directory, &DetectionConfig::default());
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!((f.severity, f.proposed_action), (FindingSeverity::Critical, ProposedAction::Suspend));
        assert_eq!(f.evidence.len(), 6);
        assert!(f.confidence > 0.9, "{}", f.confidence);
        assert!(f.summary.contains("no MFA") && f.summary.contains("new device"), "{}", f.summary);
    }

    #[test]
    fn too_late_or_from_elsewhere_does_not_fire() {
        let config = DetectionConfig::default();
        for events in [brute_force_then(120 + 3601, "198.51.100.23"), brute_force_then(200, "192.0.2.1")] {
            assert!(detect(&Signals::new(&events), &Directory::default(), &config).is_empty());
        }
    }
}
