//! The detections, one module per kind (or family of kinds). Each is a pure function of the
//! classified events ([`Signals`]), the known users and the thresholds.

mod admin;
mod apps;
mod common;
mod credentials;
mod devices;
pub mod evidence;
mod geo;
mod impersonation;
mod lockout;
mod mfa;
mod new_device;
mod proxy_sign_in;
mod risky_sign_in;
mod session_anomaly;
mod sign_in;
mod threat_detected;

pub use sign_in::{SignIn, SignInNames, SignInOutcome};

use crate::investigate::signals::Signals;
use crate::investigate::{DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};

/// A detection: classified events, known users and thresholds in, findings out.
pub type Detector = fn(&Signals, &Directory, &DetectionConfig) -> Vec<Finding>;

/// Every detection the hunts run, in the order of [`crate::investigate::FindingKind::ALL`].
pub const DETECTORS: &[Detector] = &[
    credentials::password_spray::detect,
    credentials::brute_force::detect,
    lockout::detect,
    credentials::success_after_failures::detect,
    mfa::fatigue::detect,
    mfa::failures::detect,
    geo::suspicious_country::detect,
    geo::impossible_travel::detect,
    geo::new_country::detect,
    new_device::detect,
    proxy_sign_in::detect,
    session_anomaly::detect,
    admin::privilege_grant::detect,
    admin::admin_console_access::detect,
    admin::api_token_created::detect,
    admin::policy_weakened::detect,
    admin::factor_reset::detect,
    threat_detected::detect,
    impersonation::detect,
    devices::device_enrolled::detect,
    devices::shared_device::detect,
    devices::shared_phone::detect,
    risky_sign_in::detect,
    apps::rapid_app_access::detect,
    apps::app_access_failures::detect,
    mfa::abandonment::detect,
];

/// The kinds whose findings from an address Okta ThreatInsight flagged are raised to
/// `high`: a foothold taken from a known-bad address.
const RAISED_WHEN_FLAGGED: [FindingKind; 3] =
    [FindingKind::ApiTokenCreated, FindingKind::AdminConsoleAccess, FindingKind::DeviceEnrolled];

/// Raises the findings of [`RAISED_WHEN_FLAGGED`] kinds that came from an address
/// ThreatInsight flagged in the window (`security.threat.detected`) to at least `high`,
/// and says so in their summary.
pub fn escalate_flagged(signals: &Signals, findings: &mut [Finding]) {
    let flagged = threat_detected::flagged_ips(signals);
    if flagged.is_empty() {
        return;
    }
    for finding in findings.iter_mut().filter(|f| RAISED_WHEN_FLAGGED.contains(&f.kind)) {
        let Some(ip) = finding.ips.iter().find(|ip| flagged.contains(*ip)) else { continue };
        finding.severity = finding.severity.max(FindingSeverity::High);
        finding.confidence = (finding.confidence + 0.15).min(1.0);
        finding.summary.push_str(&format!("; Okta ThreatInsight flagged {}", common::shown(ip)));
    }
}

/// Runs `detector` over `events` with no known users and the default thresholds (the
/// detectors' unit tests).
#[cfg(test)]
pub(crate) fn with_defaults(detector: Detector, events: &[crate::okta::model::LogEvent]) -> Vec<Finding> {
    detector(&Signals::new(events), &Directory::default(), &DetectionConfig::default())
}
