//! `policy_weakened`: a security control changed. Updates of policies, rules, zones and
//! protected-action settings are `low` (routine admin work) unless the change itself shows
//! a downgrade (an MFA rule from `2FA` to `1FA`, a factor requirement turned off): `high`.
//! Deactivating or deleting a policy, rule or zone, log-stream changes and new identity
//! providers are `medium`; turning an MFA factor off for the whole org is `high`.

use std::collections::BTreeMap;

use super::actor_name;
use crate::investigate::detect::common::{counted, did_not_fail, place, shown};
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
    groups
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
        .collect()
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
    }
}
