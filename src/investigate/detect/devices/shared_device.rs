//! `shared_device`: one device (`detailEntry.oktaDeviceId`) added to at least
//! `shared_device_min_users` distinct users (`device.user.add`, `device.enrollment.create`):
//! an attacker's device registered as the factor of accounts they took over. Okta's catalog
//! notes shared phones of customer identities and service accounts as the usual innocent
//! cause.

use super::{device_of, shared_by, shared_finding};
use crate::investigate::signals::{Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind};

/// One finding per device registered to several users.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    shared_by(signals, Family::DeviceEnroll, device_of)
        .into_iter()
        .filter_map(|(key, shared)| {
            shared_finding(signals, FindingKind::SharedDevice, "device", &key, shared, config.shared_device_min_users)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn added(user: &str, device: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": format!("{user}-{device}"), "eventType": "device.user.add",
            "outcome": {"result": "SUCCESS"}, "actor": {"alternateId": user}, "client": {"ipAddress": "198.51.100.5"},
            "target": [{"type": "UDDevice", "displayName": "DESKTOP-1", "detailEntry": {"oktaDeviceId": device}}]}))
        .unwrap()
    }

    fn run(events: &[LogEvent], min: usize) -> Vec<Finding> {
        let config = DetectionConfig { shared_device_min_users: min, ..DetectionConfig::default() };
        detect(&Signals::new(events), &Directory::default(), &config)
    }

    #[test]
    fn a_device_on_two_users_fires_at_the_threshold() {
        let two = [added("a@x", "guo9"), added("b@x", "guo9"), added("c@x", "guo1")];
        let found = run(&two, 2);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].users, ["a@x", "b@x"]);
        assert_eq!(found[0].ips, ["198.51.100.5"]);
        assert!(run(&two, 3).is_empty(), "below the threshold");
        assert!(run(&[added("a@x", "guo9"), added("A@x", "guo9")], 2).is_empty(), "one user twice");
    }
}
