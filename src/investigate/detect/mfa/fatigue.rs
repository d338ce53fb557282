//! `mfa_fatigue`: at least `mfa_fatigue_min_pushes` Okta Verify pushes denied or left
//! unanswered for one user within `mfa_fatigue_window_mins`; critical when a push was then
//! accepted.

use std::collections::{BTreeSet, HashMap};

use super::is_push;
use crate::investigate::detect::common::{is_success, login_shown, place, span_words, Caseless};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// What one MFA event says about a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Push {
    Sent,
    /// `user.mfa.okta_verify.deny_push`.
    Denied,
    /// A push answer that was not an approval (denied, unanswered, abandoned, wrong number).
    Refused,
    Accepted,
}

fn push_of(event: EventRef) -> Option<Push> {
    match event.event_type()? {
        "system.push.send_factor_verify_push" => Some(Push::Sent),
        "user.mfa.okta_verify.deny_push" => Some(Push::Denied),
        "user.authentication.auth_via_mfa" if is_push(event) => {
            Some(if is_success(event) { Push::Accepted } else { Push::Refused })
        }
        _ => None,
    }
}

/// One finding per burst of refusals.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let mut by_login: HashMap<Caseless, Vec<(EventRow, i64, Push)>> = HashMap::new();
    for &row in signals.rows(Family::Mfa) {
        let (Some(at), event) = (row.at, signals.event(row)) else { continue };
        let (Some(login), Some(push)) = (event.actor_login(), push_of(event)) else { continue };
        by_login.entry(Caseless(login)).or_default().push((row, at, push));
    }
    let window = config.mfa_fatigue_window_mins.saturating_mul(60_000);
    let min = config.mfa_fatigue_min_pushes.max(1);
    let mut findings = Vec::new();
    for (login, rows) in by_login {
        let refusals: Vec<&(EventRow, i64, Push)> =
            rows.iter().filter(|r| matches!(r.2, Push::Denied | Push::Refused)).collect();
        if refusals.len() < min {
            continue;
        }
        let Some((start, end)) = burst(&refusals, window, min) else { continue };
        findings.push(finding(signals, login, &rows, start, end, window));
    }
    findings.sort_by_key(|f| f.first_seen);
    findings
}

/// The span (ms) of the refusals whose windows hold `min` refusals (denials and refused
/// answers of one push counted once: the larger of the two counts).
fn burst(refusals: &[&(EventRow, i64, Push)], window: i64, min: usize) -> Option<(i64, i64)> {
    let (mut left, mut denied, mut refused) = (0, 0usize, 0usize);
    let mut span: Option<(i64, i64)> = None;
    for right in 0..refusals.len() {
        match refusals[right].2 {
            Push::Denied => denied += 1,
            _ => refused += 1,
        }
        while refusals[right].1 - refusals[left].1 > window {
            match refusals[left].2 {
                Push::Denied => denied -= 1,
                _ => refused -= 1,
            }
            left += 1;
        }
        if denied.max(refused) >= min {
            let (from, to) = (refusals[left].1, refusals[right].1);
            span = Some(span.map_or((from, to), |(f, _)| (f, to)));
        }
    }
    span
}

fn finding(
    signals: &Signals,
    login: Caseless,
    rows: &[(EventRow, i64, Push)],
    start: i64,
    end: i64,
    window: i64,
) -> Finding {
    let mut evidence = Evidence::default();
    let mut sent_from: BTreeSet<&str> = BTreeSet::new();
    let mut answered_from: BTreeSet<&str> = BTreeSet::new();
    let (mut sent, mut refused, mut denied) = (0usize, 0usize, 0usize);
    let mut first_sent = None;
    for r in rows.iter().filter(|r| r.1 >= start - window && r.1 <= end) {
        let event = signals.event(r.0);
        match r.2 {
            Push::Sent => {
                sent += 1;
                first_sent.get_or_insert(event);
                sent_from.extend(event.client_ip());
            }
            Push::Denied => denied += 1,
            Push::Refused => {
                refused += 1;
                answered_from.extend(event.client_ip());
            }
            Push::Accepted => continue,
        }
        evidence.add(event);
    }
    let accepted = rows.iter().find(|r| r.2 == Push::Accepted && r.1 > end && r.1 <= end + window);
    let mut session = None;
    if let Some(accept) = accepted {
        let event = signals.event(accept.0);
        evidence.add(event);
        session = signals.rows_between(Family::SessionStart, accept.1, accept.1 + window).iter().copied().find(|s| {
            let e = signals.event(*s);
            is_success(e) && e.actor_login().is_some_and(|l| Caseless(l) == login)
        });
        if let Some(s) = session {
            evidence.add(signals.event(s));
        }
    }
    let split = !sent_from.is_empty() && !answered_from.is_empty() && sent_from.is_disjoint(&answered_from);
    let high_risk = accepted.is_some_and(|a| signals.event(a.0).risk_is_high());
    let requested = first_sent.map(|e| format!(", requested from {}", place(e))).unwrap_or_default();
    let ending = match (accepted, session) {
        (Some(_), Some(s)) => format!("; then one was accepted and a session started from {}", place(signals.event(s))),
        (Some(_), None) => "; then one was accepted".to_string(),
        (None, _) => String::new(),
    };
    let summary = format!(
        "{} Okta Verify pushes to {} refused or unanswered {} ({} sent){}{}",
        refused.max(denied),
        login.shown(),
        span_words(end - start),
        sent,
        requested,
        ending
    );
    let confidence = 0.7
        + if accepted.is_some() { 0.1 } else { 0.0 }
        + if split { 0.1 } else { 0.0 }
        + if high_risk { 0.05 } else { 0.0 };
    let users = [login_shown(login.0)];
    match accepted {
        Some(_) => {
            evidence.finding(FindingKind::MfaFatigue, FindingSeverity::Critical, confidence, summary, users).proposing(
                ProposedAction::Contain,
                "accepted a push after a burst of refused ones: the attacker likely holds a session and the password; \
                 contain: suspend, end every session and token, reset the factors",
            )
        }
        None => evidence.finding(FindingKind::MfaFatigue, FindingSeverity::High, confidence, summary, users),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn mfa(kind: &str, second: i64, result: &str, ip: &str) -> LogEvent {
        let at =
            chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z").unwrap() + chrono::Duration::seconds(second);
        serde_json::from_value(
            json!({"uuid": format!("{kind}-{second}"), "eventType": kind, "published": at.to_rfc3339(),
            "outcome": {"result": result}, "actor": {"alternateId": "marcus@x"}, "client": {"ipAddress": ip},
            "debugContext": {"debugData": {"factor": "OKTA_VERIFY_PUSH"}}}),
        )
        .unwrap()
    }

    fn bombing(refusals: i64, gap: i64) -> Vec<LogEvent> {
        let mut events = Vec::new();
        for k in 0..refusals {
            events.push(mfa("system.push.send_factor_verify_push", k * gap, "SUCCESS", "203.0.113.140"));
            events.push(mfa("user.mfa.okta_verify.deny_push", k * gap + 5, "FAILURE", "192.0.2.5"));
            events.push(mfa("user.authentication.auth_via_mfa", k * gap + 6, "FAILURE", "192.0.2.5"));
        }
        events
    }

    #[test]
    fn five_refusals_fire_four_do_not_and_denials_are_not_counted_twice() {
        let findings = with_defaults(detect, &bombing(5, 60));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, FindingSeverity::High);
        assert!(findings[0].summary.starts_with("5 Okta Verify pushes to marcus@x"), "{}", findings[0].summary);
        assert!(with_defaults(detect, &bombing(4, 60)).is_empty());
        assert!(with_defaults(detect, &bombing(5, 160)).is_empty(), "spread over more than 10 minutes");
    }

    #[test]
    fn an_accepted_push_after_the_burst_is_critical_and_proposes_suspend() {
        let mut events = bombing(6, 30);
        events.push(mfa("user.authentication.auth_via_mfa", 240, "SUCCESS", "192.0.2.5"));
        let findings = with_defaults(detect, &events);
        assert_eq!(findings[0].severity, FindingSeverity::Critical);
        assert_eq!(findings[0].proposed_action, ProposedAction::Contain);
        assert!(findings[0].confidence > 0.85, "sent and answered from different IPs");
    }
}
