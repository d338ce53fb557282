//! `policy_weakened`: a security control changed. Updates of policies, rules, zones and
//! protected-action settings are `low` (routine admin work) unless the change itself shows
//! a downgrade (an MFA rule from `2FA` to `1FA`, a factor requirement turned off): `high`.
//! Creating or activating a policy (a new one of higher priority can weaken MFA), adding a
//! rule, creating a zone, deactivating or deleting a policy, rule or zone, authenticator
//! changes, log-stream changes (tampering with what the SIEM sees), identity-provider
//! changes and an OAuth client's secret read are `medium`; turning an MFA factor off for
//! the whole org is `high`, and so are the first sign-ins through an identity provider
//! created in the window (an impersonation IdP at work).

use std::collections::BTreeMap;

use super::actor_name;
use crate::investigate::detect::common::{counted, did_not_fail, place, shown};
use crate::investigate::detect::common::{is_success, login_shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// How much an event weakens the org, before looking at what changed.
fn base_severity(kind: &str) -> FindingSeverity {
    if kind == "system.mfa.factor.deactivate" {
        FindingSeverity::High
    } else if kind.ends_with(".update") {
        FindingSeverity::Low
    } else {
        FindingSeverity::Medium
    }
}

/// What was changed, by name.
fn subject(event: EventRef) -> Option<String> {
    event.targets().find_map(|t| t.display_name()).filter(|n| !n.trim().is_empty()).map(shown)
}

/// One change: the event, its severity, and whether it turned MFA down.
type Change = (EventRow, FindingSeverity, bool);

/// One finding per actor and event type, at the severity of its worst change.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut groups: BTreeMap<(String, String), Vec<Change>> = BTreeMap::new();
    for &row in signals.rows(Family::PolicyChange) {
        let event = signals.event(row);
        let Some(kind) = event.event_type() else { continue };
        if !did_not_fail(event) {
            continue;
        }
        let downgrade = event.is_downgrade();
        let severity = if downgrade { FindingSeverity::High } else { base_severity(kind) };
        let actor = actor_name(event).unwrap_or_default();
        groups.entry((actor, kind.to_string())).or_default().push((row, severity, downgrade));
    }
    let mut findings: Vec<Finding> = groups
        .into_iter()
        .map(|((actor, kind), rows)| {
            let mut evidence = Evidence::default();
            rows.iter().for_each(|r| evidence.add(signals.event(r.0)));
            let severity = rows.iter().map(|r| r.1).max().unwrap_or(FindingSeverity::Low);
            let downgrade = rows.iter().any(|r| r.2);
            let mut names: Vec<String> = rows.iter().filter_map(|r| subject(signals.event(r.0))).collect();
            names.dedup();
            let more = names.len().saturating_sub(3);
            names.truncate(3);
            let first = signals.event(rows[0].0);
            let summary = format!(
                "{} did {} ({}){}{}, from {}",
                if actor.is_empty() { "someone" } else { actor.as_str() },
                counted(rows.len(), &shown(&kind), &shown(&kind)),
                if names.is_empty() { "unnamed".to_string() } else { names.join(", ") },
                if more > 0 { format!(" and {more} more") } else { String::new() },
                if downgrade { "; MFA was turned down" } else { "" },
                place(first)
            );
            let confidence = match severity {
                FindingSeverity::High | FindingSeverity::Critical => 0.85,
                FindingSeverity::Medium => 0.7,
                FindingSeverity::Low => 0.5,
            };
            let users: Vec<String> = (!actor.is_empty()).then_some(actor).into_iter().collect();
            evidence.finding(FindingKind::PolicyWeakened, severity, confidence, summary, users)
        })
        .collect();
    findings.extend(idp_first_sign_ins(signals));
    findings
}

/// The first sign-in of each user through an identity provider after one was created in
/// the window (`system.idp.lifecycle.create`), cited with the creation.
fn idp_first_sign_ins(signals: &Signals) -> Option<Finding> {
    let created = signals.rows(Family::PolicyChange).iter().copied().filter(|r| r.at.is_some()).find(|r| {
        signals.event(*r).event_type() == Some("system.idp.lifecycle.create") && did_not_fail(signals.event(*r))
    })?;
    let since = created.at?;
    let mut firsts: BTreeMap<String, EventRow> = BTreeMap::new();
    for &row in signals.rows(Family::IdpSignIn).iter().filter(|r| r.at.is_some_and(|at| at >= since)) {
        let event = signals.event(row);
        if let Some(login) = event.actor_login().filter(|_| is_success(event)) {
            firsts.entry(login_shown(login)).or_insert(row);
        }
    }
    let first = *firsts.values().next()?;
    let creation = signals.event(created);
    let mut evidence = Evidence::default();
    evidence.add(creation);
    firsts.values().for_each(|r| evidence.add(signals.event(*r)));
    let mut users: Vec<String> = firsts.keys().cloned().collect();
    let summary = format!(
        "{} signed in through an identity provider after {} created one ({}), first from {}",
        users.join(", "),
        actor_name(creation).unwrap_or_else(|| "someone".into()),
        subject(creation).unwrap_or_else(|| "unnamed".into()),
        place(signals.event(first))
    );
    users.extend(actor_name(creation));
    Some(evidence.finding(FindingKind::PolicyWeakened, FindingSeverity::High, 0.8, summary, users))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn change(kind: &str, details: serde_json::Value) -> LogEvent {
        serde_json::from_value(json!({"uuid": kind, "eventType": kind, "actor": {"alternateId": "dana@x"},
            "target": [{"type": "PolicyRule", "displayName": "Default Rule", "changeDetails": details}]}))
        .unwrap()
    }

    fn severity(e: LogEvent) -> Option<FindingSeverity> {
        detect(&Signals::new(&[e]), &Directory::default(), &DetectionConfig::default()).first().map(|f| f.severity)
    }

    #[test]
    fn severity_follows_what_changed() {
        assert_eq!(severity(change("policy.rule.update", json!(null))), Some(FindingSeverity::Low));
        let down = json!({"from": {"policyRuleActionJson": "{\"appSignOn\":{\"verificationMethod\":{\"factorMode\":\"2FA\"}}}"},
            "to": {"policyRuleActionJson": "{\"appSignOn\":{\"verificationMethod\":{\"factorMode\":\"1FA\"}}}"}});
        assert_eq!(severity(change("policy.rule.update", down)), Some(FindingSeverity::High));
        assert_eq!(severity(change("policy.rule.delete", json!(null))), Some(FindingSeverity::Medium));
        assert_eq!(severity(change("system.mfa.factor.deactivate", json!(null))), Some(FindingSeverity::High));
        assert_eq!(severity(change("policy.rule.activate", json!(null))), None);
        for kind in [
            "policy.lifecycle.create",
            "policy.lifecycle.activate",
            "policy.rule.add",
            "zone.create",
            "security.authenticator.lifecycle.deactivate",
            "system.log_stream.lifecycle.deactivate",
            "system.idp.lifecycle.create",
            "app.oauth2.client.read_client_secret",
        ] {
            assert_eq!(severity(change(kind, json!(null))), Some(FindingSeverity::Medium), "{kind}");
        }
        assert_eq!(
            severity(change("security.authenticator.lifecycle.update", json!(null))),
            Some(FindingSeverity::Low)
        );
    }

    #[test]
    fn sign_ins_through_an_idp_created_in_the_window_are_high() {
        let at = |m: u32| format!("2026-11-30T10:{m:02}:00Z");
        let idp = |m: u32| -> LogEvent {
            serde_json::from_value(json!({"uuid": format!("c{m}"), "eventType": "system.idp.lifecycle.create",
                "published": at(m), "outcome": {"result": "SUCCESS"}, "actor": {"alternateId": "dana@x"},
                "target": [{"type": "IdentityProvider", "displayName": "Corp SSO 2"}]}))
            .unwrap()
        };
        let via = |m: u32, user: &str| -> LogEvent {
            serde_json::from_value(json!({"uuid": format!("v{m}"), "eventType": "user.authentication.auth_via_IDP",
                "published": at(m), "outcome": {"result": "SUCCESS"}, "actor": {"alternateId": user},
                "client": {"ipAddress": "198.51.100.40"}}))
            .unwrap()
        };
        let run =
            |events: &[LogEvent]| detect(&Signals::new(events), &Directory::default(), &DetectionConfig::default());
        let found = run(&[idp(0), via(5, "ceo@x"), via(6, "ceo@x"), via(7, "cfo@x")]);
        let signed: Vec<&Finding> =
            found.iter().filter(|f| f.summary.contains("through an identity provider")).collect();
        assert_eq!(signed.len(), 1, "{found:#?}");
        assert_eq!(
            (signed[0].severity, signed[0].users.as_slice()),
            (FindingSeverity::High, &["ceo@x".to_string(), "cfo@x".to_string(), "dana@x".to_string()][..])
        );
        assert_eq!(signed[0].evidence, ["c0", "v5", "v7"]);
        let before = run(&[via(0, "ceo@x"), idp(5)]);
        assert!(before.iter().all(|f| f.severity == FindingSeverity::Medium), "a sign-in before the IdP existed");
    }
}
