//! A detail view's update: scrolling (never past the last screen) and reading it again.

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
