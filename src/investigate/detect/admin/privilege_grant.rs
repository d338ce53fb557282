//! `privilege_grant`: an admin role granted to a user or group
//! (`user.account.privilege.grant`, `group.privilege.grant`, `iam.resourceset.bindings.add`).
//! Super and Organization administrator are `high`; a failed attempt is `low`.

use super::actor_name;
use crate::investigate::detect::common::{did_not_fail, login_shown, place, shown, target_logins};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// Whether a privilege label names a Super or Organization administrator.
pub fn is_top_role(label: &str) -> bool {
    let label = label.to_ascii_lowercase();
    ["super admin", "organization admin", "org admin", "super_admin", "org_admin"].iter().any(|r| label.contains(r))
}

/// What was granted, as `debugData.privilegeGranted` says.
fn granted<'a>(event: EventRef<'a>) -> Option<&'a str> {
    event.privilege_granted().filter(|p| !p.trim().is_empty())
}

/// To whom: the target users' logins, else a group's name.
fn grantees(event: EventRef) -> Vec<String> {
    let users: Vec<String> = target_logins(event).map(login_shown).collect();
    if !users.is_empty() {
        return users;
    }
    event.targets_of_type("UserGroup").filter_map(|t| t.display_name()).map(|n| format!("group {}", shown(n))).collect()
}

/// One finding per grant.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    signals
        .rows(Family::PrivilegeGrant)
        .iter()
        .map(|&row| {
            let event = signals.event(row);
            let role = granted(event).map(shown);
            let top = role.as_deref().is_some_and(is_top_role);
            let ok = did_not_fail(event);
            let to = grantees(event);
            let actor = actor_name(event);
            let summary = format!(
                "{} {} {} to {}, from {}",
                actor.clone().unwrap_or_else(|| "someone".into()),
                if ok { "granted" } else { "tried and failed to grant" },
                role.unwrap_or_else(|| "an admin role".into()),
                if to.is_empty() { "an unknown target".to_string() } else { to.join(", ") },
                place(event)
            );
            let severity = match (ok, top) {
                (false, _) => FindingSeverity::Low,
                (true, true) => FindingSeverity::High,
                (true, false) => FindingSeverity::Medium,
            };
            let mut users: Vec<String> = to.into_iter().filter(|t| !t.starts_with("group ")).collect();
            users.extend(actor);
            let mut evidence = Evidence::default();
            evidence.add(event);
            evidence.finding(FindingKind::PrivilegeGrant, severity, if top { 0.9 } else { 0.75 }, summary, users)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn grant(kind: &str, role: &str, result: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": "g", "eventType": kind, "outcome": {"result": result},
            "actor": {"alternateId": "dana@x"}, "debugContext": {"debugData": {"privilegeGranted": role}},
            "target": [{"type": "User", "alternateId": "Jordan@x"}]}))
        .unwrap()
    }

    #[test]
    fn top_roles_are_high_others_medium_failures_low() {
        let f = with_defaults(
            detect,
            &[grant("user.account.privilege.grant", "Organization administrator, Read only admin", "SUCCESS")],
        );
        assert_eq!(f[0].severity, FindingSeverity::High);
        assert_eq!(f[0].users, ["dana@x", "jordan@x"]);
        assert!(f[0].summary.starts_with("dana@x granted Organization administrator"), "{}", f[0].summary);
        assert_eq!(
            with_defaults(detect, &[grant("group.privilege.grant", "Help Desk administrator", "SUCCESS")])[0].severity,
            FindingSeverity::Medium
        );
        assert_eq!(
            with_defaults(detect, &[grant("group.privilege.grant", "Super administrator", "FAILURE")])[0].severity,
            FindingSeverity::Low
        );
        assert!(with_defaults(detect, &[grant("user.account.privilege.revoke", "Super administrator", "SUCCESS")])
            .is_empty());
    }
}
