//! Issue 18: the hunt's roll-up ranks Okta sessions beside users and IPs (a root session
//! standing for its children); `Enter` on a session opens its user's investigation, and `a`
//! on a finding proposing `revoke_session` carries the finding's session into the plan.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::actions::OrgChange;
use oktui::app::approval::Request;
use oktui::app::effect::Effect;
use oktui::app::state::AppState;
use oktui::app::update::update;
use oktui::investigate::{Finding, FindingKind as K, FindingSeverity as S, ProposedAction as P};

use crate::fixtures::{ch, finding, hunt_loaded_with, key, screen};

const SAM: &str = "sam.calder@acme.example";
const ROOT: &str = "102hijackedRootSession";

fn in_session(mut f: Finding, session: &str) -> Finding {
    f.sessions = vec![session.into()];
    f
}

/// A hunt whose session anomaly and new device name sam's root session, beside a lockout
/// that names no session.
fn session_hunt(width: u16, height: u16) -> AppState {
    let findings = vec![
        in_session(finding(K::SessionAnomaly, S::High, SAM, "198.51.100.199", P::RevokeSession), ROOT),
        in_session(finding(K::NewDevice, S::Medium, SAM, "198.51.100.199", P::None), ROOT),
        finding(K::Lockout, S::Medium, "chiara.rossi@acme.example", "198.51.100.23", P::None),
    ];
    hunt_loaded_with(width, height, findings, 2_048)
}

#[test]
fn the_roll_up_ranks_sessions_and_enter_opens_the_sessions_user() {
    let mut state = session_hunt(80, 24);
    update(&mut state, ch('b'));
    let rows: Vec<(&str, usize)> = state.hunt.entities.iter().map(|r| (r.entity.label(), r.findings)).take(3).collect();
    assert_eq!(rows, [("user", 2), ("ip", 2), ("session", 2)], "sam, his address, his session: worst first");
    update(&mut state, ch('j'));
    update(&mut state, ch('j'));
    assert_eq!(state.hunt.selected_entity().map(|r| r.name.as_str()), Some(ROOT));
    assert_snapshot!("hunt_by_entity_sessions_80x24", screen(&state));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Investigate { user, .. }] if user == SAM), "{effects:?}");
}

#[test]
fn a_on_a_revoke_session_proposal_carries_the_findings_session() {
    let mut state = session_hunt(80, 24);
    assert_eq!(state.hunt.selected_finding().map(|f| f.kind), Some(K::SessionAnomaly));
    update(&mut state, ch('a'));
    let request = state.approval.as_ref().map(|d| d.request.clone());
    let Some(Request::Plan(steps)) = request else { panic!("{request:?} {:?}", state.flash) };
    assert!(matches!(steps.first(), Some(OrgChange::RevokeSession { session_id }) if session_id == ROOT), "{steps:?}");
    assert!(matches!(steps.get(1), Some(OrgChange::ClearSessions { .. })), "{steps:?}");
}
