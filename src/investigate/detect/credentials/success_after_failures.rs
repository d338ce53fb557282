//! `success_after_failures`: a login that was sprayed or brute-forced signs in successfully
//! from one of the attacking addresses, at most `success_after_failures_window_mins` after
//! the last failure. The password is then likely known to the attacker. After a brute force
//! (not a spray) a success that looks habitual is the user themself and is not raised.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use super::{brute_bursts, span, spray_bursts, Caseless};
use crate::investigate::detect::common::{counted, login_shown, place, span_words};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::detect::{SignIn, SignInOutcome};
use crate::investigate::interner::Id;
use crate::investigate::signals::{EventRow, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, MfaState, ProposedAction};

/// What the attack before a success was.
struct Attack<'a> {
    what: String,
    ips: BTreeSet<&'a str>,
    failures: Vec<EventRow>,
    start: i64,
    end: i64,
    /// A spray (its IP tried many logins) rather than one login's brute force.
    spray: bool,
}

/// The dated successful sign-ins of the attacked logins, by login id, in one pass.
fn successes_of<'s>(signals: &'s Signals, attacks: &BTreeMap<String, Vec<Attack>>) -> FxHashMap<Id, Vec<&'s SignIn>> {
    let logins = &signals.names().logins;
    let wanted: FxHashSet<Id> = attacks.keys().filter_map(|l| logins.find(l)).collect();
    let mut out: FxHashMap<Id, Vec<&SignIn>> = FxHashMap::default();
    for sign_in in signals.starts() {
        let Some(login) = sign_in.login.filter(|l| wanted.contains(l)) else { continue };
        if sign_in.row.at.is_some() && sign_in.outcome == SignInOutcome::Success {
            out.entry(login).or_default().push(sign_in);
        }
    }
    out
}

/// Whether a success looks like the user at their usual place: Okta's behaviors all
/// negative (no new device, place or IP), no HIGH risk, no proxy; or, with no behaviors
/// recorded, an earlier success of theirs from the same IP. A user who mistyped their
/// password at home is not an attacker who guessed it.
fn habitual(signals: &Signals, success: &SignIn) -> bool {
    if success.has_behaviors {
        return !success.behaviors.any() && !success.risk_high && !success.proxy;
    }
    let (Some(at), Some(ip), Some(login)) = (success.row.at, success.ip, success.login) else { return false };
    signals
        .starts_before(at)
        .iter()
        .any(|s| s.outcome == SignInOutcome::Success && s.ip == Some(ip) && s.login == Some(login))
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
            let failures: Vec<EventRow> = burst
                .rows
                .iter()
                .copied()
                .filter(|r| signals.event(*r).actor_login().is_some_and(|l| Caseless(l) == Caseless(login)))
                .collect();
            let ips = [burst.ip].into();
            let attack = Attack { what: what.clone(), ips, failures, start, end, spray: true };
            attacks.entry(login.clone()).or_default().push(attack);
        }
    }
    for burst in brute_bursts(signals, config) {
        let Some((start, end)) = span(&burst.rows) else { continue };
        let what = counted(burst.rows.len(), "failed sign-in", "failed sign-ins");
        let attack = Attack { what, ips: burst.ips.clone(), failures: burst.rows.clone(), start, end, spray: false };
        attacks.entry(burst.login.shown()).or_default().push(attack);
    }
    if attacks.is_empty() {
        return Vec::new();
    }
    let successes = successes_of(signals, &attacks);
    let mut findings = Vec::new();
    for (login, attacks) in &attacks {
        let Some(theirs) = signals.names().logins.find(login).and_then(|id| successes.get(&id)) else { continue };
        for attack in attacks {
            let hit = theirs.iter().copied().find(|s| {
                s.row.at.is_some_and(|at| at >= attack.start && at <= attack.end + window)
                    && s.ip.is_some_and(|ip| attack.ips.contains(signals.names().ips.text(ip)))
                    && (attack.spray || !habitual(signals, s))
            });
            let Some(hit) = hit else { continue };
            let success = signals.event(hit.row);
            let mut evidence = Evidence::default();
            attack.failures.iter().for_each(|r| evidence.add(signals.event(*r)));
            evidence.add(success);
            let new_device = hit.behaviors.new_device;
            let no_mfa = directory.by_login(login).is_some_and(|u| u.mfa == Some(MfaState::None));
            let mut extra = Vec::new();
            if new_device {
                extra.push("on a new device");
            }
            if no_mfa {
                extra.push("the account has no MFA");
            }
            let after = hit.row.at.unwrap_or(attack.end) - attack.end;
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
            admin: Some(false),
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
    fn the_user_at_their_usual_place_does_not_fire() {
        let mut events = brute_force_then(200, "198.51.100.23");
        let habitual =
            serde_json::json!({"behaviors": "{New Device=NEGATIVE, New IP=NEGATIVE}", "risk": "{level=LOW}"});
        if let Some(debug) = events[5].debug_context.as_mut() {
            debug.debug_data = Some(serde_json::from_value(habitual).unwrap());
        }
        assert!(detect(&Signals::new(&events), &Directory::default(), &DetectionConfig::default()).is_empty());
    }

    #[test]
    fn too_late_or_from_elsewhere_does_not_fire() {
        let config = DetectionConfig::default();
        for events in [brute_force_then(120 + 3601, "198.51.100.23"), brute_force_then(200, "192.0.2.1")] {
            assert!(detect(&Signals::new(&events), &Directory::default(), &config).is_empty());
        }
    }
}
