//! `admin_console_access`: the Admin Console opened (`user.session.access_admin_app`, or a
//! sign-on evaluation for it) in circumstances worth a look: at most
//! `admin_console_after_grant_mins` after the user was granted an admin role (`high`), or from
//! a new device or place, through a proxy, denied, from an address Okta ThreatInsight
//! flagged (raised to `high` by the judge), or by someone the directory does not know as an
//! admin (`medium`). An admin's everyday visit raises nothing.

use std::collections::BTreeMap;

use crate::investigate::detect::common::{login_shown, place, target_logins, Caseless};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// One login's noteworthy visits: the events, the reasons, and the grant before them.
type Visits = (Vec<EventRow>, Vec<&'static str>, Option<EventRow>);

/// One finding per login with such visits.
pub fn detect(signals: &Signals, directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let after = config.admin_console_after_grant_mins.saturating_mul(60_000);
    let grants: Vec<(EventRow, i64)> = signals
        .rows(Family::PrivilegeGrant)
        .iter()
        .filter_map(|r| Some((*r, r.at?)))
        .filter(|(r, _)| crate::investigate::detect::common::did_not_fail(signals.event(*r)))
        .collect();
    let flagged = crate::investigate::detect::threat_detected::flagged_ips(signals);
    let mut by_login: BTreeMap<String, Visits> = BTreeMap::new();
    for &row in signals.rows(Family::AdminConsole) {
        let event = signals.event(row);
        let Some(login) = event.actor_login() else { continue };
        let mut why: Vec<&'static str> = Vec::new();
        let grant = row.at.and_then(|at| {
            grants.iter().find(|(g, g_at)| {
                at >= *g_at
                    && at - g_at <= after
                    && target_logins(signals.event(*g)).any(|t| Caseless(t) == Caseless(login))
            })
        });
        if grant.is_some() {
            why.push("soon after they were granted an admin role");
        }
        let flags = event.behaviors();
        if flags.new_device {
            why.push("from a new device");
        }
        if flags.new_place() {
            why.push("from a new place");
        }
        if event.is_proxy() {
            why.push("through an anonymising proxy");
        }
        if event.is_failure() {
            why.push("and was denied");
        }
        if event.client_ip().is_some_and(|ip| flagged.contains(ip)) {
            why.push("from an address Okta ThreatInsight flagged");
        }
        if directory.by_login(login).is_some_and(|u| u.admin == Some(false)) {
            why.push("without an admin role in the directory");
        }
        if why.is_empty() {
            continue;
        }
        let entry = by_login.entry(login_shown(login)).or_default();
        entry.0.push(row);
        for w in why {
            if !entry.1.contains(&w) {
                entry.1.push(w);
            }
        }
        if entry.2.is_none() {
            entry.2 = grant.map(|g| g.0);
        }
    }
    by_login
        .into_iter()
        .map(|(login, (rows, why, grant))| {
            let mut evidence = Evidence::default();
            if let Some(g) = grant {
                evidence.add(signals.event(g));
            }
            rows.iter().for_each(|r| evidence.add(signals.event(*r)));
            let summary =
                format!("{login} opened the Admin Console from {} {}", place(signals.event(rows[0])), why.join(", "));
            let severity = if grant.is_some() { FindingSeverity::High } else { FindingSeverity::Medium };
            let confidence = (0.45 + 0.15 * why.len() as f64).min(0.95);
            evidence.finding(FindingKind::AdminConsoleAccess, severity, confidence, summary, [login])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn access(minute: i64, behaviors: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("a{minute}"), "eventType": "user.session.access_admin_app",
            "published": format!("2026-11-30T1{}:{:02}:00Z", minute / 60, minute % 60), "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "jordan@x"}, "debugContext": {"debugData": {"behaviors": behaviors}}}))
        .unwrap()
    }

    fn grant() -> LogEvent {
        serde_json::from_value(json!({"uuid": "g", "eventType": "user.account.privilege.grant",
            "published": "2026-11-30T10:00:00Z", "actor": {"alternateId": "dana@x"},
            "target": [{"type": "User", "alternateId": "jordan@x"}]}))
        .unwrap()
    }

    #[test]
    fn soon_after_a_grant_is_high_an_hour_later_is_nothing() {
        let findings = with_defaults(detect, &[grant(), access(60, "{}")]);
        assert_eq!(findings[0].severity, FindingSeverity::High);
        assert_eq!(findings[0].evidence, ["g", "a60"]);
        assert!(with_defaults(detect, &[grant(), access(61, "{}")]).is_empty());
    }

    #[test]
    fn new_behaviors_are_medium() {
        let findings = with_defaults(detect, &[access(5, "{New Device=POSITIVE, New IP=POSITIVE}")]);
        assert_eq!(findings[0].severity, FindingSeverity::Medium);
        assert!(findings[0].summary.contains("from a new device, from a new place"), "{}", findings[0].summary);
    }
}
