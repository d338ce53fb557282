//! `new_device`: a successful sign-in Okta's behavior engine found new: `New Device`,
//! `New Geo-Location` (or `New IP`, `New Country`, `New City`) `POSITIVE`. Severity counts the
//! corroborating signals: a new device, a new place, a HIGH risk.

use crate::investigate::detect::common::{login_shown, place};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::detect::SignInOutcome;
use crate::investigate::signals::Signals;
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity, ProposedAction};

/// One finding per sign-in with a new device or a new geo-location.
pub fn detect(signals: &Signals, _directory: &Directory, _config: &DetectionConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    for sign_in in signals.starts() {
        let flags = sign_in.behaviors;
        if sign_in.outcome != SignInOutcome::Success || !(flags.new_device || flags.new_geo_location) {
            continue;
        }
        let event = signals.event(sign_in.row);
        let Some(login) = event.actor_login() else { continue };
        let high_risk = sign_in.risk_high;
        let mut what = Vec::new();
        if flags.new_device {
            what.push("a new device");
        }
        if flags.new_place() {
            what.push("a new place");
        }
        let signals_count = usize::from(flags.new_device) + usize::from(flags.new_place()) + usize::from(high_risk);
        let severity = match signals_count {
            3 => FindingSeverity::High,
            2 => FindingSeverity::Medium,
            _ => FindingSeverity::Low,
        };
        let summary = format!(
            "{} signed in from {} on {}{}",
            login_shown(login),
            place(event),
            what.join(" and "),
            if high_risk { "; Okta rated the risk HIGH" } else { "" }
        );
        let mut evidence = Evidence::default();
        evidence.add(event);
        let confidence = 0.4 + 0.15 * signals_count as f64;
        let finding = evidence.finding(FindingKind::NewDevice, severity, confidence, summary, [login_shown(login)]);
        findings.push(if high_risk && flags.new_device {
            finding.proposing(
                ProposedAction::SetRiskHigh,
                "Okta rated a sign-in from a new device HIGH risk: set the user's risk HIGH so Identity Threat \
                 Protection's policies act on it (where the org has it)",
            )
        } else {
            finding
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::okta::model::LogEvent;

    fn sign_in(behaviors: &str, risk: &str) -> LogEvent {
        serde_json::from_value(json!({"uuid": "s", "eventType": "user.session.start", "outcome": {"result": "SUCCESS"},
            "actor": {"alternateId": "ana@x"}, "debugContext": {"debugData": {"behaviors": behaviors, "risk": risk}}}))
        .unwrap()
    }

    fn severity(behaviors: &str, risk: &str) -> Option<FindingSeverity> {
        let events = [sign_in(behaviors, risk)];
        detect(&Signals::new(&events), &Directory::default(), &DetectionConfig::default()).first().map(|f| f.severity)
    }

    #[test]
    fn severity_counts_the_signals() {
        assert_eq!(severity("{New Device=NEGATIVE, New Geo-Location=NEGATIVE}", "{level=HIGH}"), None);
        assert_eq!(severity("{New Device=POSITIVE}", "{level=LOW}"), Some(FindingSeverity::Low));
        assert_eq!(severity("{New Device=POSITIVE, New IP=POSITIVE}", "{level=LOW}"), Some(FindingSeverity::Medium));
        assert_eq!(
            severity("{New Device=POSITIVE, New Geo-Location=POSITIVE}", "{level=HIGH}"),
            Some(FindingSeverity::High)
        );
        assert_eq!(severity("{New IP=POSITIVE}", "{level=HIGH}"), None, "a new IP alone is not a new device or place");
    }
}
