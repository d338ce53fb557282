//! `factor_reset`: a user's second factors taken away so that someone can enrol their own:
//! all factors reset (`user.mfa.factor.reset_all`), or one deactivated or suspended by
//! someone other than the user (an admin, a service app); and a password reset done by Okta
//! itself with no client context (the 2023 support-system breach pattern). A user resetting
//! their own factor raises nothing.

use super::actor_name;
use crate::investigate::detect::common::{did_not_fail, login_shown, place, target_logins, Caseless};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// Whether the actor is the target user themself.
fn by_themself(event: EventRef) -> bool {
    if event.actor_type().is_some_and(|t| !t.eq_ignore_ascii_case("User")) {
        return false;
    }
    let login = event.actor_login().map(Caseless);
    let actor_id = event.actor_id();
    event.target_users().any(|t| {
        let same_login = login.is_some() && t.alternate_id().map(Caseless) == login;
        let same_id = actor_id.is_some() && t.id() == actor_id;
        same_login || same_id
    })
}

/// Okta's own system account acting with no client behind it.
fn okta_system_without_client(event: EventRef) -> bool {
    let system = event.actor_login().is_some_and(|l| l.eq_ignore_ascii_case("system@okta.com"));
    let no_client = event.user_agent().is_none() || event.transaction_id() == Some("unknown");
    system && no_client
}

/// One finding per reset.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    for &row in signals.rows(Family::FactorChange) {
        let event = signals.event(row);
        let Some(kind) = event.event_type() else { continue };
        if !did_not_fail(event) {
            continue;
        }
        let machine = event.actor_type().is_some_and(|t| !t.eq_ignore_ascii_case("User"));
        let (what, severity) = match kind {
            "user.account.reset_password" if okta_system_without_client(event) => {
                ("reset the password of", FindingSeverity::High)
            }
            "user.account.reset_password" => continue,
            "user.mfa.factor.reset_all" => {
                ("reset all factors of", if machine { FindingSeverity::High } else { FindingSeverity::Medium })
            }
            _ if by_themself(event) => continue,
            "user.mfa.factor.suspend" => ("suspended a factor of", FindingSeverity::Medium),
            _ => ("deactivated a factor of", if machine { FindingSeverity::High } else { FindingSeverity::Medium }),
        };
        let targets: Vec<String> = target_logins(event).map(login_shown).collect();
        let actor = actor_name(event);
        let summary = format!(
            "{} {} {}, from {}{}",
            actor.clone().unwrap_or_else(|| "someone".into()),
            what,
            if targets.is_empty() { "a user".to_string() } else { targets.join(", ") },
            place(event),
            if machine { " (not a person: a service app or Okta itself)" } else { "" }
        );
        let mut evidence = Evidence::default();
        evidence.add(event);
        let mut users = targets;
        users.extend(actor);
        let confidence = if severity == FindingSeverity::High { 0.8 } else { 0.65 };
        findings.push(evidence.finding(FindingKind::FactorReset, severity, confidence, summary, users));
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn reset(kind: &str, actor: serde_json::Value, result: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": "r", "eventType": kind, "outcome": {"result": result}, "actor": actor,
            "target": [{"type": "User", "id": "00u1", "alternateId": "homer@x"}]}))
        .unwrap()
    }

    fn run(e: LogEvent) -> Vec<Finding> {
        detect(&Signals::new(&[e]), &Directory::default(), &DetectionConfig::default())
    }

    #[test]
    fn someone_elses_reset_fires_a_self_reset_does_not() {
        let admin = json!({"alternateId": "dana@x", "id": "00u9", "type": "User"});
        let app = json!({"alternateId": "svc-app", "id": "0oa1", "type": "PublicClientAppEntity"});
        let me = json!({"alternateId": "Homer@x", "id": "00u1", "type": "User"});
        assert_eq!(
            run(reset("user.mfa.factor.reset_all", admin.clone(), "SUCCESS"))[0].severity,
            FindingSeverity::Medium
        );
        assert_eq!(run(reset("user.mfa.factor.deactivate", app.clone(), "SUCCESS"))[0].severity, FindingSeverity::High);
        assert_eq!(run(reset("user.mfa.factor.deactivate", admin, "SUCCESS"))[0].users, ["dana@x", "homer@x"]);
        assert!(run(reset("user.mfa.factor.deactivate", me, "SUCCESS")).is_empty());
        assert!(run(reset("user.mfa.factor.deactivate", app, "FAILURE")).is_empty());
    }

    #[test]
    fn only_okta_systems_password_resets_fire() {
        let system = json!({"alternateId": "system@okta.com", "type": "User"});
        assert_eq!(run(reset("user.account.reset_password", system, "SUCCESS"))[0].severity, FindingSeverity::High);
        let admin = json!({"alternateId": "marge@x", "type": "User"});
        assert!(run(reset("user.account.reset_password", admin, "SUCCESS")).is_empty());
    }
}
