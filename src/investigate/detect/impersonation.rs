//! `impersonation`: someone acting as a user. Support access granted
//! (`user.session.impersonation.grant`, `medium`) or extended, an impersonation session
//! started (`user.session.impersonation.initiate`, `high`), and events carrying
//! `debugData.originalPrincipal`: the real actor behind them (unless it names the actor
//! itself, as Okta writes it on some ordinary sign-ins).

use std::collections::BTreeMap;

use crate::investigate::detect::common::{counted, login_shown, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// The real actor named by `debugData.originalPrincipal` (an object, or JSON in a string).
fn original_principal(event: EventRef) -> Option<String> {
    event.original_principal().map(login_shown)
}

/// One finding per grant or start, and one per real actor behind impersonated events.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut behind: BTreeMap<String, Vec<EventRow>> = BTreeMap::new();
    for &row in signals.rows(Family::Impersonation) {
        let event = signals.event(row);
        let kind = event.event_type().unwrap_or("");
        let who = event.actor_login().map(login_shown);
        let (what, severity) = match kind {
            "user.session.impersonation.grant" => ("granted Okta Support access to the org", FindingSeverity::Medium),
            "user.session.impersonation.extend" => ("extended Okta Support access to the org", FindingSeverity::Medium),
            "user.session.impersonation.initiate" => ("started an impersonation session", FindingSeverity::High),
            _ => {
                if event.principal_is_actor() {
                    continue;
                }
                if let Some(real) = original_principal(event) {
                    behind.entry(real).or_default().push(row);
                }
                continue;
            }
        };
        if event.is_failure() {
            continue;
        }
        let targets: Vec<String> = crate::investigate::detect::common::target_logins(event).map(login_shown).collect();
        let summary = format!(
            "{} {}{}, from {}",
            who.clone().unwrap_or_else(|| "someone".into()),
            what,
            if targets.is_empty() { String::new() } else { format!(" as {}", targets.join(", ")) },
            place(event)
        );
        let mut evidence = Evidence::default();
        evidence.add(event);
        let mut users = targets;
        users.extend(who);
        findings.push(evidence.finding(FindingKind::Impersonation, severity, 0.8, summary, users));
    }
    for (real, rows) in behind {
        let mut evidence = Evidence::default();
        let mut users = vec![real.clone()];
        for &row in &rows {
            let event = signals.event(row);
            evidence.add(event);
            users.extend(event.actor_login().map(login_shown));
        }
        users.sort();
        users.dedup();
        let acted_as: Vec<&String> = users.iter().filter(|u| **u != real).collect();
        let summary = format!(
            "{} were done by {} acting as {}",
            counted(rows.len(), "event", "events"),
            shown(&real),
            if acted_as.is_empty() {
                "another user".to_string()
            } else {
                acted_as.iter().map(|u| u.as_str()).collect::<Vec<_>>().join(", ")
            }
        );
        findings.push(evidence.finding(FindingKind::Impersonation, FindingSeverity::Medium, 0.75, summary, users));
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn run(v: serde_json::Value) -> Vec<Finding> {
        let events = [serde_json::from_value::<LogEvent>(v).unwrap()];
        detect(&Signals::new(&events), &Directory::default(), &DetectionConfig::default())
    }

    #[test]
    fn grants_starts_and_original_principals_fire() {
        let grant = run(
            json!({"uuid": "g", "eventType": "user.session.impersonation.grant", "actor": {"alternateId": "homer@x"}}),
        );
        assert_eq!(grant[0].severity, FindingSeverity::Medium);
        let start = run(json!({"uuid": "i", "eventType": "user.session.impersonation.initiate",
            "actor": {"alternateId": "support@okta.com"}, "target": [{"type": "User", "alternateId": "homer@x"}]}));
        assert_eq!(start[0].severity, FindingSeverity::High);
        assert!(start[0].summary.contains("as homer@x"));
        let behind = run(
            json!({"uuid": "e", "eventType": "user.account.update_profile", "actor": {"alternateId": "homer@x"},
            "debugContext": {"debugData": {"originalPrincipal": {"alternateId": "support@okta.com", "type": "User"}}}}),
        );
        assert_eq!(behind[0].users, ["homer@x", "support@okta.com"]);
        assert!(
            run(json!({"eventType": "user.session.impersonation.end", "actor": {"alternateId": "homer@x"}})).is_empty()
        );
    }

    /// The published event (elastic's test-okta-system-events, a `user.session.start`) whose
    /// `originalPrincipal` is the actor: no one acted as anyone.
    #[test]
    fn an_original_principal_that_is_the_actor_is_no_impersonation() {
        let me = json!({"alternateId": "test@test.com", "displayName": "Test", "id": "00u1abvz4pYqdM8ms4x6", "type": "User"});
        let actor = json!({"alternateId": "test@test.com", "displayName": "test@test.com", "id": "00u1abvz4pYqdM8ms4x6", "type": "User"});
        let event = |principal: serde_json::Value| {
            json!({"uuid": "s", "eventType": "user.session.start",
            "actor": actor, "debugContext": {"debugData": {"originalPrincipal": principal}}})
        };
        assert!(run(event(me.clone())).is_empty(), "the same id");
        let same_login = json!({"alternateId": "TEST@test.com", "type": "User"});
        assert!(run(event(same_login)).is_empty(), "no id: the same login, any case");
        let other_id = json!({"alternateId": "test@test.com", "id": "00u9other", "type": "User"});
        assert_eq!(run(event(other_id)).len(), 1, "another id behind the same login is someone else");
        let support = json!({"alternateId": "support@okta.com", "id": "00u7", "type": "User"});
        assert_eq!(run(event(support))[0].users, ["support@okta.com", "test@test.com"]);
    }
}
