//! Turns the events a catalog entry's filter matched into findings of kind `catalog`: one
//! per subject (the user who acted, else the user acted on, else the client IP), with the
//! entry's id, title, tactics, techniques and words, the events as evidence, and the
//! severity the catalog gives (else `medium`, `low` for a hunt's leads). Pure.

use std::collections::{BTreeMap, BTreeSet};

use super::parse::{CatalogEntry, EntryKind};
use crate::investigate::{CatalogDetail, Finding, FindingKind, FindingSeverity, MatchedEvent, Origins, ProposedAction};
use crate::okta::model::LogEvent;

/// The most matched events a finding describes in `catalog.matched` (its `evidence` holds every uuid).
pub const MAX_DESCRIBED: usize = 50;

/// The findings of `entry` over `events` (oldest first); `capped`: more matched than were read.
pub fn findings_of(entry: &CatalogEntry, events: &[LogEvent], capped: bool) -> Vec<Finding> {
    let mut by_subject: BTreeMap<String, Vec<&LogEvent>> = BTreeMap::new();
    for event in events {
        by_subject.entry(subject(event)).or_default().push(event);
    }
    by_subject.into_iter().map(|(subject, events)| finding(entry, &subject, &events, capped)).collect()
}

fn finding(entry: &CatalogEntry, subject: &str, events: &[&LogEvent], capped: bool) -> Finding {
    let users: BTreeSet<String> = events.iter().flat_map(|e| users_of(e)).collect();
    let ips: BTreeSet<String> = events.iter().filter_map(|e| e.client_ip()).map(str::to_string).collect();
    let sessions: BTreeSet<String> = events.iter().filter_map(|e| e.top_session()).map(str::to_string).collect();
    let times: Vec<_> = events.iter().filter_map(|e| e.published_at()).collect();
    let origins = Origins {
        asns: events
            .iter()
            .filter_map(|e| e.security_context.as_ref()?.as_number.as_ref()?.as_i64())
            .collect::<BTreeSet<i64>>()
            .into_iter()
            .collect(),
        user_agents: events
            .iter()
            .filter_map(|e| e.user_agent())
            .filter(|a| !a.trim().is_empty())
            .map(str::to_string)
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect(),
    };
    let more = if capped { " (more matched than were read)" } else { "" };
    let (severity, confidence) = match entry.kind {
        EntryKind::Detection => (entry.severity.unwrap_or(FindingSeverity::Medium), 0.7),
        EntryKind::Hunt => (entry.severity.unwrap_or(FindingSeverity::Low), 0.4),
    };
    Finding {
        kind: FindingKind::Catalog,
        severity,
        confidence,
        summary: format!(
            "Okta catalog {}: {} — {} by or about {subject}{more}",
            entry.kind.name(),
            entry.title,
            crate::output::plural::count(events.len(), "event")
        ),
        evidence: events.iter().filter_map(|e| e.uuid.clone()).collect(),
        users: users.into_iter().collect(),
        ips: ips.into_iter().collect(),
        sessions: sessions.into_iter().collect(),
        first_seen: times.iter().min().copied(),
        last_seen: times.iter().max().copied(),
        proposed_action: ProposedAction::None,
        action_reason: String::new(),
        origins,
        catalog: Some(Box::new(CatalogDetail {
            id: entry.id.clone(),
            title: entry.title.clone(),
            entry: entry.kind.name().to_string(),
            tactics: entry.tactics.clone(),
            techniques: entry.techniques.clone(),
            description: entry.description.clone(),
            references: entry.references.clone(),
            prevention: entry.prevention.clone(),
            false_positives: entry.false_positives.clone(),
            filter: entry.filter.clone(),
            matched: events.iter().take(MAX_DESCRIBED).map(|e| matched(e)).collect(),
        })),
    }
}

/// Who or where an event is about: the acting user, else a user acted on, else the IP.
fn subject(event: &LogEvent) -> String {
    acting_user(event)
        .or_else(|| event.target_users().find_map(|t| t.alternate_id.clone()))
        .or_else(|| event.client_ip().map(str::to_string))
        .unwrap_or_else(|| "the org".to_string())
}

/// The actor's login when the actor is a user (not a system principal, an app or an IP).
fn acting_user(event: &LogEvent) -> Option<String> {
    let actor = event.actor.as_ref()?;
    let is_user = actor.actor_type.as_deref().is_none_or(|t| t.eq_ignore_ascii_case("User"));
    is_user.then(|| event.actor_login().map(str::to_string)).flatten().filter(|l| l.contains('@'))
}

/// The users an event names: its acting user and the users it acts on.
fn users_of(event: &LogEvent) -> Vec<String> {
    let mut users: Vec<String> = acting_user(event).into_iter().collect();
    users.extend(event.target_users().filter_map(|t| t.alternate_id.clone()).filter(|l| l.contains('@')));
    users
}

fn matched(event: &LogEvent) -> MatchedEvent {
    let actor = event.actor.as_ref();
    let outcome = match (event.outcome_result(), event.outcome_reason()) {
        (Some(result), Some(reason)) => format!("{result} ({reason})"),
        (Some(result), None) => result.to_string(),
        (None, _) => String::new(),
    };
    MatchedEvent {
        uuid: event.uuid.clone().unwrap_or_default(),
        published: event.published_at(),
        event_type: event.event_type().unwrap_or_default().to_string(),
        actor: actor
            .and_then(|a| {
                a.alternate_id.clone().filter(|l| !l.eq_ignore_ascii_case("unknown")).or(a.display_name.clone())
            })
            .unwrap_or_default(),
        ip: event.client_ip().map(str::to_string),
        outcome,
        display_message: event.display_message.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::parse::{parse_entry, Engine};

    fn event(json: serde_json::Value) -> LogEvent {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn hits_group_by_subject_with_the_catalogs_words() {
        let text =
            "title: Token\nid: ab12\nthreat:\n  Tactic: [Persistence]\n  Technique:\n    - T1078: Valid Accounts\n\
                    detection:\n  okta_systemlog:\n    OIE: eventType eq \"system.api_token.create\"\n\
                    false_positives:\n  - An admin made one.\n";
        let entry = parse_entry(text, "t.yml", EntryKind::Detection, Engine::Oie).unwrap();
        let by = |uuid: &str, login: &str, at: &str| {
            event(serde_json::json!({
                "uuid": uuid, "published": at, "eventType": "system.api_token.create",
                "actor": {"type": "User", "alternateId": login},
                "client": {"ipAddress": "192.0.2.9"},
                "authenticationContext": {"externalSessionId": format!("idx-{uuid}"), "rootSessionId": if uuid == "u3" { "unknown" } else { "102root" }},
                "outcome": {"result": "SUCCESS"},
                "target": [{"type": "Token", "displayName": "t"}]
            }))
        };
        let events = [
            by("u1", "ann@acme.example", "2026-11-30T10:00:00.000Z"),
            by("u2", "bob@acme.example", "2026-11-30T10:05:00.000Z"),
            by("u3", "ann@acme.example", "2026-11-30T10:09:00.000Z"),
        ];
        let found = findings_of(&entry, &events, false);
        assert_eq!(found.len(), 2);
        let ann = &found[0];
        assert_eq!((ann.kind, ann.severity), (FindingKind::Catalog, FindingSeverity::Medium));
        assert_eq!(ann.evidence, ["u1", "u3"]);
        assert_eq!(
            (ann.users.as_slice(), ann.ips.as_slice()),
            (&["ann@acme.example".to_string()][..], &["192.0.2.9".to_string()][..])
        );
        assert_eq!(ann.sessions, ["102root", "idx-u3"], "the root session where one is named, else the session");
        assert_eq!(found[1].sessions, ["102root"]);
        let detail = ann.catalog.as_ref().unwrap();
        assert_eq!(
            (detail.id.as_str(), detail.techniques.as_slice()),
            ("ab12", &["T1078: Valid Accounts".to_string()][..])
        );
        assert_eq!(detail.false_positives, ["An admin made one."]);
        assert_eq!(detail.matched.len(), 2);
        assert!(ann.summary.contains("Token") && ann.summary.contains("2 events"), "{}", ann.summary);
    }

    #[test]
    fn a_system_actor_leaves_the_user_acted_on_or_the_ip_as_subject() {
        let text = "title: Risk\nid: r1\ndetection:\n  okta_systemlog:\n    OIE: eventType eq \"user.risk.detect\"\n";
        let entry = parse_entry(text, "hunts/r.yml", EntryKind::Hunt, Engine::Oie).unwrap();
        let risk = event(serde_json::json!({
            "uuid": "r", "eventType": "user.risk.detect",
            "actor": {"type": "SystemPrincipal", "alternateId": "system@okta.com"},
            "target": [{"type": "User", "alternateId": "cy@acme.example"}]
        }));
        let threat = event(serde_json::json!({
            "uuid": "t", "eventType": "security.threat.detected",
            "actor": {"type": "IP address", "alternateId": "unknown", "id": "192.0.2.231"},
            "client": {"ipAddress": "192.0.2.231"}
        }));
        let found = findings_of(&entry, &[risk, threat], true);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].users, Vec::<String>::new());
        assert_eq!(found[0].ips, ["192.0.2.231"]);
        assert_eq!(found[1].users, ["cy@acme.example"]);
        assert_eq!(found[1].severity, FindingSeverity::Low);
        assert!(found[1].summary.contains("more matched"));
    }
}
