//! `device_enrolled`: a device enrolled (`device.enrollment.create`) or added to a user
//! (`device.user.add`), possibly the attacker's own after a factor reset: `low`, one
//! finding per user; `medium` through an anonymising proxy. From an address ThreatInsight
//! flagged, the judge raises it (see [`crate::investigate::detect::escalate_flagged`]).

use std::collections::BTreeMap;

use super::device_of;
use crate::investigate::detect::common::{counted, login_shown, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// One finding per user who enrolled or was given devices.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut by_user: BTreeMap<String, Vec<EventRow>> = BTreeMap::new();
    for &row in signals.rows(Family::DeviceEnroll) {
        let event = signals.event(row);
        if event.is_failure() {
            continue;
        }
        let user = event.target_users().find_map(|t| t.alternate_id()).or(event.actor_login());
        if let Some(user) = user {
            by_user.entry(login_shown(user)).or_default().push(row);
        }
    }
    by_user
        .into_iter()
        .map(|(user, rows)| {
            let mut evidence = Evidence::default();
            rows.iter().for_each(|r| evidence.add(signals.event(*r)));
            let mut devices: Vec<String> = rows
                .iter()
                .filter_map(|r| {
                    let e = signals.event(*r);
                    e.targets().find_map(|t| t.display_name()).or(device_of(e)).map(shown)
                })
                .collect();
            devices.sort();
            devices.dedup();
            let proxy = rows.iter().any(|r| signals.event(*r).is_proxy());
            let first = signals.event(rows[0]);
            let summary = format!(
                "{} for {user} ({}) from {}{}",
                counted(rows.len(), "device enrollment", "device enrollments"),
                if devices.is_empty() { "unnamed".to_string() } else { devices.join(", ") },
                place(first),
                if proxy { ", through an anonymising proxy" } else { "" }
            );
            let (severity, confidence) =
                if proxy { (FindingSeverity::Medium, 0.6) } else { (FindingSeverity::Low, 0.4) };
            evidence.finding(FindingKind::DeviceEnrolled, severity, confidence, summary, [user])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    #[test]
    fn an_enrollment_is_low_and_a_failed_one_nothing() {
        let enroll = |result: &str, proxy: bool| -> LogEvent {
            serde_json::from_value(json!({"uuid": "d", "eventType": "device.enrollment.create",
                "outcome": {"result": result}, "actor": {"alternateId": "Kim@x", "type": "User"},
                "client": {"ipAddress": "192.0.2.62"}, "securityContext": {"isProxy": proxy},
                "target": [{"displayName": "KIM-LAPTOP", "detailEntry": {"oktaDeviceId": "guo1"}}]}))
            .unwrap()
        };
        let found = with_defaults(detect, &[enroll("SUCCESS", false)]);
        assert_eq!((found[0].severity, found[0].users.as_slice()), (FindingSeverity::Low, &["kim@x".to_string()][..]));
        assert!(found[0].summary.contains("KIM-LAPTOP"), "{}", found[0].summary);
        assert_eq!(with_defaults(detect, &[enroll("SUCCESS", true)])[0].severity, FindingSeverity::Medium);
        assert!(with_defaults(detect, &[enroll("FAILURE", false)]).is_empty());
    }
}
