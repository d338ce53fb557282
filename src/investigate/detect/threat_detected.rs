//! `threat_detected`: Okta's own verdicts. ThreatInsight (`security.threat.detected`, and
//! events marked `debugData.threatSuspected`), grouped by address, naming the users whose
//! events in the window came from it; Identity Threat Protection raising a user's risk
//! (`user.risk.detect`, and the older `user.risk.change`, at MEDIUM or HIGH), a session's
//! context changing (`user.session.context.change`), a session failing its re-evaluation
//! (`policy.auth_reevaluate.*`, the deprecated `policy.continuous_access.*`) and entity-risk
//! policy actions (`policy.entity_risk.action`); a user reporting suspicious activity;
//! FastPass refusing to sign into a phishing site.

use std::collections::{BTreeMap, BTreeSet};

use crate::investigate::detect::common::{counted, login_shown, place, shown, target_logins};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::detect::SignInOutcome;
use crate::investigate::event::{EventRef, RiskLevel};
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// Findings for every verdict.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut by_ip: BTreeMap<String, Vec<EventRow>> = BTreeMap::new();
    let mut sessions: BTreeMap<(String, String), Vec<EventRow>> = BTreeMap::new();
    let mut findings = Vec::new();
    for &row in signals.rows(Family::Threat) {
        let event = signals.event(row);
        match event.event_type() {
            Some("user.risk.detect" | "user.risk.change") => findings.extend(risk_raised(event)),
            Some(kind) if is_session_verdict(kind) => {
                if let Some(user) = user_of(event) {
                    sessions.entry((user, kind.to_string())).or_default().push(row);
                }
            }
            Some("user.account.report_suspicious_activity_by_enduser") => findings.push(reported(event)),
            Some("user.authentication.auth_via_mfa" | "user.session.start")
                if event
                    .outcome_reason()
                    .is_some_and(|r| r.eq_ignore_ascii_case("FastPass declined phishing attempt")) =>
            {
                findings.push(phishing_blocked(event))
            }
            _ => {
                let ip = threat_ip(event);
                by_ip.entry(ip.map(shown).unwrap_or_default()).or_default().push(row);
            }
        }
    }
    let flagged: BTreeSet<&str> = by_ip
        .iter()
        .filter(|(ip, rows)| {
            !ip.is_empty() && rows.iter().any(|r| signals.event(*r).event_type() == Some("security.threat.detected"))
        })
        .map(|(ip, _)| ip.as_str())
        .collect();
    let mut active = users_from(signals, &flagged);
    let threats: Vec<Finding> = by_ip
        .iter()
        .map(|(ip, rows)| threat_insight(signals, ip, rows, active.remove(ip.as_str()).unwrap_or_default()))
        .collect();
    findings.extend(threats);
    findings
        .extend(sessions.into_iter().filter_map(|((user, kind), rows)| session_verdict(signals, user, &kind, &rows)));
    findings
}

/// Identity Threat Protection's verdicts on a session: its context changed, it failed a
/// re-evaluation, or a policy acted on the user's risk.
fn is_session_verdict(kind: &str) -> bool {
    kind == "user.session.context.change"
        || kind == "policy.entity_risk.action"
        || kind.starts_with("policy.auth_reevaluate.")
        || kind.starts_with("policy.continuous_access.")
}

/// The user a verdict is about: the target user, else the actor.
fn user_of(event: EventRef) -> Option<String> {
    target_logins(event).next().or(event.actor_login()).map(login_shown)
}

/// One user's session verdicts of one type. A re-evaluation that passed (`.evaluate` or
/// `.enforce` allowed) is no finding; a failed one, an action taken or a context change is
/// `medium`.
fn session_verdict(signals: &Signals, user: String, kind: &str, rows: &[EventRow]) -> Option<Finding> {
    let counts = |r: &&EventRow| {
        let event = signals.event(**r);
        let checked = kind.ends_with(".evaluate") || kind.ends_with(".enforce");
        !checked || event.is_failure()
    };
    let rows: Vec<EventRow> = rows.iter().filter(counts).copied().collect();
    let first = signals.event(*rows.first()?);
    let mut evidence = Evidence::default();
    rows.iter().for_each(|r| evidence.add(signals.event(*r)));
    let what = if kind == "user.session.context.change" {
        "saw the context of {user}'s session change"
    } else if kind == "policy.entity_risk.action" {
        "acted on {user}'s risk (entity risk policy)"
    } else if kind.ends_with(".fail") || kind.ends_with(".evaluate") || kind.ends_with(".enforce") {
        "found {user}'s session in breach of policy on re-evaluation"
    } else {
        "acted on {user}'s session after re-evaluating it"
    };
    let reason = first.outcome_reason().filter(|r| !r.trim().is_empty()).map(shown);
    let summary = format!(
        "Okta {} ({}, {}){}, from {}",
        what.replace("{user}", &user),
        shown(kind),
        counted(rows.len(), "event", "events"),
        reason.map(|r| format!(": {r}")).unwrap_or_default(),
        place(first)
    );
    Some(
        evidence
            .finding(FindingKind::ThreatDetected, FindingSeverity::Medium, 0.75, summary, [user])
            .proposing(ProposedAction::ClearSessions, "Okta no longer trusts the session: end it"),
    )
}

/// The addresses ThreatInsight flagged in the window (`security.threat.detected`): the
/// client IP, else the actor when it is an IP address.
pub fn flagged_ips(signals: &Signals) -> BTreeSet<String> {
    signals
        .rows(Family::Threat)
        .iter()
        .map(|r| signals.event(*r))
        .filter(|e| e.event_type() == Some("security.threat.detected"))
        .filter_map(|e| threat_ip(e).map(str::to_string))
        .collect()
}

/// The address a ThreatInsight event is about.
fn threat_ip(event: EventRef<'_>) -> Option<&str> {
    event.client_ip().or_else(|| {
        event.actor_type().is_some_and(|t| t.eq_ignore_ascii_case("IP address")).then_some(event.actor_id()?)
    })
}

/// The users with events from each of `ips` in the window that are not guesses: a sign-in
/// that did not fail, or any other kept event (a token, a device, the Admin Console). One
/// pass over the window for all of them.
fn users_from<'a>(signals: &Signals, ips: &BTreeSet<&'a str>) -> BTreeMap<&'a str, BTreeSet<String>> {
    let mut users: BTreeMap<&'a str, BTreeSet<String>> = BTreeMap::new();
    if ips.is_empty() {
        return users;
    }
    let names = signals.names();
    let ids: BTreeMap<_, &'a str> = ips.iter().filter_map(|ip| Some((names.ips.find(ip)?, *ip))).collect();
    for s in signals.sign_ins().iter().filter(|s| s.outcome != SignInOutcome::Failure) {
        if let Some(ip) = s.ip.and_then(|id| ids.get(&id)) {
            users.entry(ip).or_default().extend(signals.event(s.row).actor_login().map(login_shown));
        }
    }
    let families = [Family::AdminConsole, Family::ApiToken, Family::DeviceEnroll, Family::PrivilegeGrant];
    for family in families {
        for &row in signals.rows(family) {
            let event = signals.event(row);
            let Some(ip) = event.client_ip().and_then(|ip| ips.get(ip)) else { continue };
            if !event.is_failure() {
                users.entry(ip).or_default().extend(event.actor_login().map(login_shown));
            }
        }
    }
    users
}

fn single(event: EventRef, severity: FindingSeverity, confidence: f64, summary: String) -> Finding {
    let mut evidence = Evidence::default();
    evidence.add(event);
    let users: Vec<String> = event.actor_login().map(login_shown).into_iter().collect();
    evidence.finding(FindingKind::ThreatDetected, severity, confidence, summary, users)
}

/// ThreatInsight over one address: `high` with a `security.threat.detected`, else `medium`.
fn threat_insight(signals: &Signals, ip: &str, rows: &[EventRow], active: BTreeSet<String>) -> Finding {
    let mut evidence = Evidence::default();
    let mut reasons: BTreeSet<String> = BTreeSet::new();
    let mut users: BTreeSet<String> = BTreeSet::new();
    let (mut detections, mut denied) = (0usize, 0usize);
    for &row in rows {
        let event = signals.event(row);
        evidence.add(event);
        if event.event_type() == Some("security.threat.detected") {
            detections += 1;
            denied += usize::from(
                event
                    .outcome_result()
                    .is_some_and(|r| !r.eq_ignore_ascii_case("ALLOW") && !r.eq_ignore_ascii_case("SUCCESS")),
            );
            for reason in event.outcome_reason().into_iter().flat_map(|r| r.split(',')) {
                if !reason.trim().is_empty() {
                    reasons.insert(shown(reason));
                }
            }
        } else {
            users.extend(event.actor_login().map(login_shown));
        }
    }
    let first = signals.event(rows[0]);
    let at = if ip.is_empty() || first.client_ip().is_some() { place(first) } else { ip.to_string() };
    let summary = if detections > 0 {
        format!(
            "Okta ThreatInsight flagged {at}: {} ({}, {} blocked){}{}",
            if reasons.is_empty() {
                "a threat".to_string()
            } else {
                reasons.into_iter().collect::<Vec<_>>().join(", ")
            },
            counted(detections, "detection", "detections"),
            denied,
            if users.is_empty() {
                String::new()
            } else {
                format!("; it also tried {}", counted(users.len(), "login", "logins"))
            },
            if active.is_empty() {
                String::new()
            } else {
                format!("; in the window {} came from it", active.iter().cloned().collect::<Vec<_>>().join(", "))
            }
        )
    } else {
        format!(
            "Okta suspected {} from {at} (threatSuspected){}",
            counted(rows.len(), "request", "requests"),
            if users.is_empty() { String::new() } else { format!(" for {}", counted(users.len(), "login", "logins")) }
        )
    };
    let (severity, confidence) =
        if detections > 0 { (FindingSeverity::High, 0.9) } else { (FindingSeverity::Medium, 0.6) };
    users.extend(active);
    evidence.finding(FindingKind::ThreatDetected, severity, confidence, summary, users)
}

/// `user.risk.detect`: Identity Threat Protection's verdict on a user.
fn risk_raised(event: EventRef) -> Option<Finding> {
    let (level, reasons) = event.risk()?;
    let severity = match level {
        RiskLevel::High => FindingSeverity::High,
        RiskLevel::Medium => FindingSeverity::Medium,
    };
    let level = level.as_str();
    let reasons = reasons.map(shown).collect::<Vec<_>>().join(", ");
    let hijack = reasons.to_ascii_lowercase().contains("hijack");
    let who = event.actor_login().map(login_shown).unwrap_or_else(|| "a user".into());
    let summary = format!(
        "Okta rated {who}'s risk {level}{}",
        if reasons.is_empty() { String::new() } else { format!(": {reasons}") }
    );
    let finding = single(event, severity, 0.8, summary);
    Some(if hijack {
        finding.proposing(ProposedAction::ClearSessions, "Okta suspects the session was hijacked: end it")
    } else {
        finding
    })
}

/// `user.account.report_suspicious_activity_by_enduser`.
fn reported(event: EventRef) -> Finding {
    let field = |k: &str| event.suspicious_activity(k).filter(|v| !v.trim().is_empty()).map(shown);
    let about: Vec<String> = [
        field("suspiciousActivityEventType"),
        field("suspiciousActivityEventIp").map(|ip| format!("from {ip}")),
        field("suspiciousActivityEventCity"),
        field("suspiciousActivityEventCountry"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let who = event.actor_login().map(login_shown).unwrap_or_else(|| "a user".into());
    let summary = format!(
        "{who} reported activity on their account as not theirs{}",
        if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) }
    );
    single(event, FindingSeverity::Medium, 0.8, summary)
}

/// FastPass declined to sign into a phishing proxy.
fn phishing_blocked(event: EventRef) -> Finding {
    let who = event.actor_login().map(login_shown).unwrap_or_else(|| "a user".into());
    let summary = format!("FastPass refused to sign {who} into a phishing site, from {}", place(event));
    single(event, FindingSeverity::Medium, 0.85, summary)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn event(v: serde_json::Value) -> LogEvent {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn threat_insight_is_grouped_by_address() {
        let threat = |uuid: &str| {
            event(json!({"uuid": uuid, "eventType": "security.threat.detected", "actor": {"id": "192.0.2.231",
                "type": "IP address", "alternateId": "unknown"}, "outcome": {"result": "DENY",
                "reason": "Password Spray, Login failures with high unknown users count"}}))
        };
        let findings = with_defaults(detect, &[threat("t1"), threat("t2")]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, FindingSeverity::High);
        assert!(
            findings[0].summary.starts_with("Okta ThreatInsight flagged 192.0.2.231: Login failures"),
            "{}",
            findings[0].summary
        );
        let suspected =
            event(json!({"uuid": "s", "eventType": "user.session.start", "client": {"ipAddress": "203.0.113.77"},
            "debugContext": {"debugData": {"threatSuspected": "true"}}}));
        assert_eq!(with_defaults(detect, &[suspected])[0].severity, FindingSeverity::Medium);
        let calm = event(
            json!({"eventType": "user.session.start", "debugContext": {"debugData": {"threatSuspected": "false"}}}),
        );
        assert!(with_defaults(detect, &[calm]).is_empty());
    }

    #[test]
    fn user_risk_counts_from_medium() {
        let risk = |level: &str| {
            event(json!({"uuid": "r", "eventType": "user.risk.detect", "actor": {"alternateId": "bo@x"},
                "debugContext": {"debugData": {"risk": format!("{{reasons=Associated sessionId is suspected to be hijacked, level={level}}}")}}}))
        };
        let high = with_defaults(detect, &[risk("HIGH")]);
        assert_eq!((high[0].severity, high[0].proposed_action), (FindingSeverity::High, ProposedAction::ClearSessions));
        assert_eq!(with_defaults(detect, &[risk("MEDIUM")])[0].severity, FindingSeverity::Medium);
        assert!(with_defaults(detect, &[risk("LOW")]).is_empty());
    }
}
