//! The MFA-gaps pane's update: opening, sweeping, messages and keys.

use super::state::*;
use crate::app::detail::DetailState;
use crate::app::effect::Effect;
use crate::app::keys::KeyAction;
use crate::app::lists::ListKind;
use crate::app::state::{AppState, Load, Route};
use crate::mfa::totals::{self};
use crate::mfa::{RefreshMode, SweepOutcome, UserMfa};

/// Goes to the pane; the first visit starts a sweep (an incremental refresh when a cached
/// answer exists).
pub fn open(state: &mut AppState) -> Vec<Effect> {
    state.stack = vec![Route::Mfa];
    match state.mfa.load {
        Load::Idle => vec![start(state, RefreshMode::Incremental)],
        _ => Vec::new(),
    }
}

/// Starts a sweep, superseding any running one.
pub fn start(state: &mut AppState, mode: RefreshMode) -> Effect {
    let generation = state.generation();
    state.mfa.generation = generation;
    state.mfa.load = Load::Loading;
    state.mfa.progress = None;
    Effect::MfaSweep { generation, mode }
}

/// A message of the sweep.
pub fn on_msg(state: &mut AppState, msg: MfaMsg) {
    let pane = &mut state.mfa;
    match msg {
        MfaMsg::Progress { generation, progress } if generation == pane.generation => {
            pane.progress = Some(progress);
        }
        MfaMsg::Done { generation, outcome } if generation == pane.generation => {
            state.online = Some(true);
            let SweepOutcome { record, how, warnings } = *outcome;
            if let Some(w) = warnings.first() {
                state.flash = Some(format!("warning: {}", crate::sanitize::clean(w)));
            }
            pane.how = Some(how);
            pane.groups = GroupTotals::Loading;
            pane.load = Load::Done;
            pane.progress = None;
            pane.set_record(record);
        }
        MfaMsg::Failed { generation, message } if generation == pane.generation => {
            pane.load = Load::Failed { message, code: None };
            pane.progress = None;
        }
        MfaMsg::Groups { generation, result } if generation == pane.generation => {
            pane.groups = match (result, &pane.record) {
                (Ok(groups), Some(record)) => GroupTotals::Done(totals::by_group(record, &groups)),
                (Ok(_), None) => GroupTotals::Idle,
                (Err(message), _) => GroupTotals::Failed(message),
            };
        }
        _ => {}
    }
}

/// The pane's keys; `None` for keys it leaves to the rest of the console.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let pane = &mut state.mfa;
    if let Some(delta) = crate::app::viewport::motion(action, page) {
        pane.move_by(delta);
        return Some(Vec::new());
    }
    match action {
        KeyAction::Sort => {
            pane.sort = pane.sort.next();
            pane.refilter();
        }
        KeyAction::IncludeWeak => {
            pane.include_weak = !pane.include_weak;
            pane.rebuild_rows();
        }
        KeyAction::Retry => return Some(vec![start(state, RefreshMode::Incremental)]),
        KeyAction::Export => {
            let rows: Vec<UserMfa> =
                pane.visible.iter().filter_map(|i| pane.rows.get(*i)).map(|r| r.user.clone()).collect();
            return Some(vec![Effect::ExportMfa { rows, mask: crate::app::masking::active(state) }]);
        }
        KeyAction::Open => {
            let Some(row) = pane.selected_row() else { return Some(Vec::new()) };
            let (id, name) = (row.user.id.clone(), row.cells[1].clone());
            let generation = state.generation();
            state.detail = DetailState::loading(generation);
            state.stack.push(Route::Detail { kind: ListKind::Users, id: id.clone(), name });
            return Some(vec![Effect::LoadDetail { kind: ListKind::Users, id, generation }]);
        }
        _ => return None,
    }
    Some(Vec::new())
}
