//! The one road from a finding to what it is about, shared by `:hunt` and `:alerts`:
//! `Enter` opens the IP view of a finding about an address (a spray's source, or a finding
//! naming no user), else its first user's investigation; `a` opens the approval dialog
//! pre-filled with its proposal, for its first user.

use super::effect::Effect;
use super::hunt::WindowChoice;
use super::state::AppState;
use crate::investigate::Finding;

/// Opens what `finding` is about: the address over `window` (with `findings`, the ones the
/// IP view lists beside its events), else its user's investigation.
pub fn open(state: &mut AppState, finding: &Finding, window: WindowChoice, findings: &[Finding]) -> Vec<Effect> {
    if let Some(ip) = finding.subject_ip() {
        return super::ip::open(state, ip, window, findings);
    }
    match finding.users.first() {
        Some(user) => super::investigation::open(state, user.clone(), true),
        None => {
            state.flash = Some("this finding names no user: its IPs are in the row".into());
            Vec::new()
        }
    }
}

/// Investigates `finding`'s first user.
pub fn investigate(state: &mut AppState, finding: &Finding) -> Vec<Effect> {
    match finding.users.first() {
        Some(user) => super::investigation::open(state, user.clone(), true),
        None => {
            state.flash = Some("this finding names no user: its IPs are in the row".into());
            Vec::new()
        }
    }
}

/// The approval dialog, pre-filled with `finding`'s proposal for its first user.
pub fn act(state: &mut AppState, finding: Finding) -> Vec<Effect> {
    match finding.users.first().cloned() {
        Some(user) => super::investigation::propose(state, finding, user),
        None => {
            state.flash = Some("this finding names no user to act on".into());
            Vec::new()
        }
    }
}
