//! A detail view's update: scrolling (never past the last screen), reading it again, and on
//! a user's detail selecting a factor (Tab) and removing it through the approval dialog.

use crate::app::effect::Effect;
use crate::app::keys::KeyAction;
use crate::app::state::{AppState, Load, Route};

/// An action on a detail view; `None` when it is not the view's to handle.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let delta = match action {
        KeyAction::Up => -1,
        KeyAction::Down => 1,
        KeyAction::PageUp => -page,
        KeyAction::PageDown => page,
        KeyAction::Top => isize::MIN / 2,
        KeyAction::Bottom => isize::MAX / 2,
        KeyAction::Retry => return Some(reload(state)),
        KeyAction::NextPanel => {
            let count = state.detail.detail.as_ref().map_or(0, |d| d.factor_ids.len());
            state.detail.factor = if count == 0 { 0 } else { (state.detail.factor + 1) % count };
            return Some(Vec::new());
        }
        KeyAction::RemoveFactor => return Some(remove_factor(state)),
        _ => return None,
    };
    let last = state.detail.max_scroll(crate::app::describe::viewport(state.size).1);
    let scroll = i64::from(state.detail.scroll).saturating_add(delta as i64);
    state.detail.scroll = u16::try_from(scroll.clamp(0, i64::from(last))).unwrap_or(last);
    Some(Vec::new())
}

/// Reads the object shown again.
fn reload(state: &mut AppState) -> Vec<Effect> {
    let Route::Detail { kind, id, .. } = state.route().clone() else { return Vec::new() };
    let generation = state.generation();
    state.detail.generation = generation;
    state.detail.load = Load::Loading;
    vec![Effect::LoadDetail { kind, id, generation }]
}

/// `x` on a user's detail: the approval dialog for removing its selected factor.
fn remove_factor(state: &mut AppState) -> Vec<Effect> {
    let Route::Detail { kind: crate::app::lists::ListKind::Users, id, .. } = state.route().clone() else {
        return Vec::new();
    };
    match state.detail.selected_factor() {
        Some(factor_id) if !factor_id.is_empty() => {
            let action = crate::actions::OrgChange::RemoveFactor { factor_id: factor_id.to_string() };
            crate::app::approval::open(state, action, id)
        }
        _ => {
            state.flash = Some("this user has no factor listed to remove".into());
            Vec::new()
        }
    }
}
