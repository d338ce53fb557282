//! The detections, one module per kind (or family of kinds). Each is a pure function of the
//! classified events ([`Signals`]), the known users and the thresholds.

mod admin;
mod common;
mod credentials;
pub mod evidence;
mod geo;
mod impersonation;
mod lockout;
mod mfa;
mod new_device;
mod proxy_sign_in;
mod session_anomaly;
mod sign_in;
mod threat_detected;

pub use sign_in::{SignIn, SignInNames, SignInOutcome};

use crate::investigate::signals::Signals;
use crate::investigate::{DetectionConfig, Directory, Finding};

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
];

/// Runs `detector` over `events` with no known users and the default thresholds (the
/// detectors' unit tests).
#[cfg(test)]
pub(crate) fn with_defaults(detector: Detector, events: &[crate::okta::model::LogEvent]) -> Vec<Finding> {
    detector(&Signals::new(events), &Directory::default(), &DetectionConfig::default())
}
