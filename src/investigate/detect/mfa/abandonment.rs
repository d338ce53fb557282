//! `mfa_abandonment`: MFA prompts left unanswered or abandoned
//! (`user.authentication.auth_via_mfa` `UNANSWERED` or `ABANDONED`) from one IP: at least
//! `mfa_abandonment_min_prompts` for one user, or prompts for at least
//! `mfa_abandonment_min_users` distinct users, within `mfa_abandonment_window_mins`; or any
//! through an anonymising proxy. Someone holding passwords and hoping a prompt gets
//! answered. Users ignoring prompts on a corporate VPN are the usual innocent cause.

use std::collections::BTreeMap;

use crate::investigate::detect::common::{bursts, counted, login_shown, place};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

fn is_abandoned(event: EventRef) -> bool {
    event.event_type() == Some("user.authentication.auth_via_mfa")
        && event
            .outcome_result()
            .is_some_and(|r| r.eq_ignore_ascii_case("UNANSWERED") || r.eq_ignore_ascii_case("ABANDONED"))
}

/// One finding per IP whose abandoned prompts pass a threshold.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let mut by_ip: BTreeMap<&str, Vec<(i64, String, EventRow)>> = BTreeMap::new();
    for &row in signals.rows(Family::Mfa) {
        let event = signals.event(row);
        let (Some(at), Some(ip), Some(login)) = (row.at, event.client_ip(), event.actor_login()) else { continue };
        if is_abandoned(event) {
            by_ip.entry(ip).or_default().push((at, login_shown(login), row));
        }
    }
    let window = config.mfa_abandonment_window_mins.saturating_mul(60_000);
    let mut findings = Vec::new();
    for (_, prompts) in by_ip {
        let mut hit = vec![false; prompts.len()];
        let mut why: Vec<&str> = Vec::new();
        let mut per_user: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, p) in prompts.iter().enumerate() {
            per_user.entry(p.1.as_str()).or_default().push(i);
        }
        for at in per_user.values() {
            let keyed: Vec<(i64, ())> = at.iter().map(|&i| (prompts[i].0, ())).collect();
            for range in bursts(&keyed, window, config.mfa_abandonment_min_prompts.max(1), false) {
                at[range].iter().for_each(|&i| hit[i] = true);
                if !why.contains(&"for one user") {
                    why.push("for one user");
                }
            }
        }
        let keyed: Vec<(i64, &str)> = prompts.iter().map(|p| (p.0, p.1.as_str())).collect();
        for range in bursts(&keyed, window, config.mfa_abandonment_min_users.max(2), true) {
            range.for_each(|i| hit[i] = true);
            if !why.contains(&"for many users") {
                why.push("for many users");
            }
        }
        for (i, p) in prompts.iter().enumerate() {
            if signals.event(p.2).is_proxy() {
                hit[i] = true;
                if !why.contains(&"through an anonymising proxy") {
                    why.push("through an anonymising proxy");
                }
            }
        }
        let kept: Vec<&(i64, String, EventRow)> =
            prompts.iter().zip(&hit).filter(|(_, h)| **h).map(|(p, _)| p).collect();
        let Some(first) = kept.first() else { continue };
        let mut users: Vec<String> = kept.iter().map(|p| p.1.clone()).collect();
        users.sort();
        users.dedup();
        let mut evidence = Evidence::default();
        kept.iter().for_each(|p| evidence.add(signals.event(p.2)));
        let summary = format!(
            "{} left unanswered or abandoned for {} from {} ({})",
            counted(kept.len(), "MFA prompt", "MFA prompts"),
            users.join(", "),
            place(signals.event(first.2)),
            why.join(", ")
        );
        let many = why.contains(&"for many users");
        let (severity, confidence) = if many { (FindingSeverity::High, 0.75) } else { (FindingSeverity::Medium, 0.6) };
        findings.push(evidence.finding(FindingKind::MfaAbandonment, severity, confidence, summary, users));
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn prompt(user: &str, minute: u32, result: &str, proxy: bool) -> LogEvent {
        serde_json::from_value(
            json!({"uuid": format!("{user}-{minute}"), "eventType": "user.authentication.auth_via_mfa",
            "published": format!("2026-11-30T10:{minute:02}:00Z"), "outcome": {"result": result},
            "actor": {"alternateId": user}, "client": {"ipAddress": "203.0.113.50"},
            "securityContext": {"isProxy": proxy}, "debugContext": {"debugData": {"factor": "OKTA_VERIFY_PUSH"}}}),
        )
        .unwrap()
    }

    fn run(events: &[LogEvent]) -> Vec<Finding> {
        detect(&Signals::new(events), &Directory::default(), &DetectionConfig::default())
    }

    #[test]
    fn five_prompts_for_one_user_or_five_users_or_a_proxy() {
        let one: Vec<LogEvent> = (0..5).map(|m| prompt("ann@x", m * 10, "UNANSWERED", false)).collect();
        let found = run(&one);
        assert_eq!((found.len(), found[0].severity, found[0].users.len()), (1, FindingSeverity::Medium, 1));
        assert!(run(&one[..4]).is_empty(), "four prompts");
        let spread: Vec<LogEvent> = (0..5).map(|m| prompt("ann@x", m * 20, "UNANSWERED", false)).collect();
        assert!(run(&spread).is_empty(), "five over 80 minutes");
        let users: Vec<LogEvent> = (0..5).map(|m| prompt(&format!("u{m}@x"), m, "ABANDONED", false)).collect();
        let found = run(&users);
        assert_eq!((found[0].severity, found[0].users.len()), (FindingSeverity::High, 5));
        assert!(run(&users[..4]).is_empty(), "four users");
        assert_eq!(run(&[prompt("ann@x", 0, "ABANDONED", true)]).len(), 1, "through a proxy");
        assert!(run(&[prompt("ann@x", 0, "SUCCESS", true)]).is_empty());
    }
}
