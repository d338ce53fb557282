//! `shared_phone`: one phone number (`target[type=MobilePhone].id`, the same id for the
//! same number) verified by SMS (`system.sms.send_phone_verification_message`) for at least
//! `shared_phone_min_users` distinct users: an attacker enrolling their own phone on the
//! accounts they took over. Needs SMS allowed as a factor.

use super::{shared_by, shared_finding};
use crate::investigate::event::EventRef;
use crate::investigate::signals::{Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind};

/// The phone an SMS went to.
fn phone_of<'a>(event: EventRef<'a>) -> Option<&'a str> {
    event.targets_of_type("MobilePhone").find_map(|t| t.id()).filter(|id| !id.trim().is_empty())
}

/// One finding per phone verified for several users.
pub fn detect(signals: &Signals, _directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    shared_by(signals, Family::PhoneVerify, phone_of)
        .into_iter()
        .filter_map(|(key, shared)| {
            shared_finding(
                signals,
                FindingKind::SharedPhone,
                "phone number",
                &key,
                shared,
                config.shared_phone_min_users,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn sms(user: &str, phone: &str) -> LogEvent {
        serde_json::from_value(
            json!({"uuid": format!("{user}-{phone}"), "eventType": "system.sms.send_phone_verification_message",
            "outcome": {"result": "SUCCESS"}, "actor": {"alternateId": user}, "client": {"ipAddress": "203.0.113.9"},
            "target": [{"type": "MobilePhone", "id": phone, "alternateId": "+1 XXX-XXX-1234"}]}),
        )
        .unwrap()
    }

    #[test]
    fn a_phone_on_two_users_fires_at_the_threshold() {
        let events = [sms("a@x", "mbl1"), sms("b@x", "mbl1"), sms("a@x", "mbl2")];
        let run = |min: usize| {
            let config = DetectionConfig { shared_phone_min_users: min, ..DetectionConfig::default() };
            detect(&Signals::new(&events), &Directory::default(), &config)
        };
        let found = run(2);
        assert_eq!((found.len(), found[0].users.as_slice()), (1, &["a@x".to_string(), "b@x".to_string()][..]));
        assert!(run(3).is_empty());
    }
}
