//! Investigation: pure functions from System Log events (and the users where known) to
//! [`Finding`]s with their evidence, confidence and a proposed response. No I/O: the
//! console and the headless commands fetch, this module judges.

mod catalog_detail;
mod config;
pub mod detect;
mod directory;
pub mod event;
mod finding;
pub mod interner;
pub mod live;
pub mod memory;
pub mod report;
pub mod signals;
pub mod suppress;
mod window;

pub use config::{CatalogEngine, DetectionConfig};
pub use directory::{Directory, KnownUser, MfaState};
pub use finding::{
    sort_worst_first, CatalogDetail, Finding, FindingKind, FindingSeverity, MatchedEvent, Origins, ProposedAction,
};
pub use window::LogWindow;

use crate::okta::model::LogEvent;

/// Every detection over `events`, worst first.
pub fn hunt(events: &[LogEvent], directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    judge(&signals::Signals::new(events), directory, config)
}

/// Every detection over events already classified (as a hunt's are, while they are read),
/// worst first.
pub fn judge(signals: &signals::Signals, directory: &Directory, config: &DetectionConfig) -> Vec<Finding> {
    let mut findings: Vec<Finding> = detect::DETECTORS.iter().flat_map(|d| d(signals, directory, config)).collect();
    detect::escalate_flagged(signals, &mut findings);
    sort_worst_first(&mut findings);
    findings
}

/// The findings of a hunt over `events` that concern `login` (any case), worst first.
pub fn findings_for_user(
    events: &[LogEvent],
    login: &str,
    directory: &Directory,
    config: &DetectionConfig,
) -> Vec<Finding> {
    let mut findings = hunt(events, directory, config);
    findings.retain(|f| f.users.iter().any(|u| u.eq_ignore_ascii_case(login)));
    findings
}
