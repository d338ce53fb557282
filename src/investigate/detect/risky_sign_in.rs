//! `risky_sign_in`: Okta's own risk verdict on any authentication event
//! (`user.session.start`, `user.authentication.verify`, `auth_via_mfa`, `sso`), not only the
//! session start: a HIGH risk with `New Device` and `Velocity` both `POSITIVE` is `high`
//! (someone new, far away, too fast), and proposes ending the sessions. One finding per
//! user; failed attempts are left to the credential detections.

use std::collections::{BTreeMap, BTreeSet};

use crate::investigate::detect::common::{counted, login_shown, place};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// The authentication events Okta rates.
const AUTHENTICATIONS: [&str; 4] =
    ["user.session.start", "user.authentication.verify", "user.authentication.auth_via_mfa", "user.authentication.sso"];

/// Whether Okta rated the event HIGH risk with a new device at velocity.
fn is_risky(event: EventRef) -> bool {
    let flags = event.behaviors();
    event.event_type().is_some_and(|k| AUTHENTICATIONS.contains(&k))
        && event.risk_is_high()
        && flags.new_device
        && flags.velocity
        && !event.is_failure()
}

/// One finding per user with such authentications.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut by_login: BTreeMap<String, Vec<EventRow>> = BTreeMap::new();
    for &row in signals.rows(Family::SessionUse).iter().chain(signals.rows(Family::Mfa)) {
        let event = signals.event(row);
        if !is_risky(event) || !seen.insert(row.index) {
            continue;
        }
        if let Some(login) = event.actor_login() {
            by_login.entry(login_shown(login)).or_default().push(row);
        }
    }
    by_login
        .into_iter()
        .map(|(login, mut rows)| {
            rows.sort_by_key(|r| (r.at.is_none(), r.at));
            let mut evidence = Evidence::default();
            rows.iter().for_each(|r| evidence.add(signals.event(*r)));
            let first = signals.event(rows[0]);
            let kinds: BTreeSet<&str> = rows.iter().filter_map(|r| signals.event(*r).event_type()).collect();
            let summary = format!(
                "Okta rated {} of {login} HIGH risk, on a new device at impossible velocity, from {} ({})",
                counted(rows.len(), "authentication", "authentications"),
                place(first),
                kinds.into_iter().collect::<Vec<_>>().join(", ")
            );
            evidence.finding(FindingKind::RiskySignIn, FindingSeverity::High, 0.85, summary, [login]).proposing(
                ProposedAction::ClearSessions,
                "Okta judged the sign-in high risk: end the session until the user confirms it",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::detect::with_defaults;
    use crate::okta::model::LogEvent;

    fn auth(kind: &str, behaviors: &str, risk: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": kind, "eventType": kind, "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "Lee@x"}, "client": {"ipAddress": "203.0.113.30"},
            "debugContext": {"debugData": {"behaviors": behaviors, "risk": risk}}}))
        .unwrap()
    }

    #[test]
    fn high_risk_with_a_new_device_at_velocity_fires_on_every_authentication() {
        let both = "{New Device=POSITIVE, Velocity=POSITIVE, New Geo-Location=POSITIVE}";
        for kind in AUTHENTICATIONS {
            let found = with_defaults(detect, &[auth(kind, both, "{level=HIGH}")]);
            assert_eq!((found.len(), found[0].severity), (1, FindingSeverity::High), "{kind}");
            assert_eq!(
                (found[0].users.as_slice(), found[0].ips.as_slice()),
                (&["lee@x".to_string()][..], &["203.0.113.30".to_string()][..])
            );
        }
        let one_flow = [
            auth("user.authentication.verify", both, "{level=HIGH}"),
            auth("user.authentication.auth_via_mfa", both, "{level=HIGH}"),
        ];
        assert_eq!(with_defaults(detect, &one_flow).len(), 1, "one finding per user");
        assert!(with_defaults(detect, &[auth("user.authentication.sso", both, "{level=MEDIUM}")]).is_empty());
        let no_velocity = "{New Device=POSITIVE, Velocity=NEGATIVE}";
        assert!(with_defaults(detect, &[auth("user.authentication.sso", no_velocity, "{level=HIGH}")]).is_empty());
        assert!(with_defaults(detect, &[auth("policy.evaluate_sign_on", both, "{level=HIGH}")]).is_empty());
    }
}
