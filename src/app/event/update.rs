//! The event view's update: moving through its pivots, scrolling, following a pivot (a
//! user's detail, or the tail filtered to an actor, IP or session), reading the event back,
//! and revoking its session through the approval dialog. Called from `update`; no I/O.

use crate::app::effect::Effect;
use crate::app::keys::KeyAction;
use crate::app::lists::ListKind;
use crate::app::logs::{ask_for, investigate};
use crate::app::state::{AppState, Load, Route};

use super::state::{EventView, Pivot};

/// An action on the event view; `None` when it is not the view's to handle.
pub fn on_event_action(state: &mut AppState, action: KeyAction) -> Option<Vec<Effect>> {
    let view = state.event.as_mut()?;
    let page = crate::app::layout::list_rows(state.size.1) as i64;
    let scroll = |view: &mut EventView, delta: i64| {
        view.scroll = (i64::from(view.scroll) + delta).clamp(0, i64::from(u16::MAX)) as u16;
    };
    match action {
        KeyAction::Up => view.selected = view.selected.saturating_sub(1),
        KeyAction::Down => view.selected = (view.selected + 1).min(view.pivots.len().saturating_sub(1)),
        KeyAction::PageUp => scroll(view, -page),
        KeyAction::PageDown => scroll(view, page),
        KeyAction::Top => view.scroll = 0,
        KeyAction::Bottom => scroll(view, i64::from(u16::MAX)),
        KeyAction::Open => return Some(go_pivot(state)),
        KeyAction::Investigate => {
            let login = view.investigate_target();
            return Some(investigate(state, login));
        }
        KeyAction::Copy => return Some(view.id.as_ref().map(|id| Effect::Copy(id.to_string())).into_iter().collect()),
        KeyAction::RevokeSession => return Some(revoke_session(state)),
        // Reads the event back from Okta: after a failure, or to see it as Okta has it now.
        KeyAction::Retry => {
            if let Some(id) = &view.id {
                view.load = Load::Loading;
                let uuid = id.to_string();
                let published_ms = view.event.published_ms;
                let generation = state.generation();
                if let Some(v) = state.event.as_mut() {
                    v.generation = generation;
                }
                return Some(vec![Effect::LoadEvent { generation, uuid, published_ms }]);
            }
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// `x`: the approval dialog for revoking the Okta session the event was made in, for its
/// actor (the session's user; the re-read checks the session is theirs).
fn revoke_session(state: &mut AppState) -> Vec<Effect> {
    let Some(e) = state.event.as_ref().map(|v| &v.event) else { return Vec::new() };
    let actor_is_user = e.actor_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("User"));
    let session = e.session_id.as_deref().map(str::to_string);
    match (session, e.actor_id.as_deref().map(str::to_string).filter(|_| actor_is_user)) {
        (Some(session_id), Some(user)) => {
            crate::app::approval::open(state, crate::actions::OrgChange::RevokeSession { session_id }, user)
        }
        (None, _) => {
            state.flash = Some("this event names no session (authenticationContext.externalSessionId)".into());
            Vec::new()
        }
        (Some(_), None) => {
            state.flash = Some("this event's actor is no user: whose session it is cannot be told".into());
            Vec::new()
        }
    }
}

/// Follows the selected pivot: a user opens their detail; an actor, IP or session restarts
/// the tail filtered to it.
fn go_pivot(state: &mut AppState) -> Vec<Effect> {
    let Some(pivot) = state.event.as_ref().and_then(|v| v.pivot()).cloned() else { return Vec::new() };
    match pivot {
        Pivot::OpenUser { id, login, .. } => {
            let generation = state.generation();
            state.detail = crate::app::detail::DetailState::loading(generation);
            state.stack.push(Route::Detail { kind: ListKind::Users, id: id.clone(), name: login });
            vec![Effect::LoadDetail { kind: ListKind::Users, id, generation }]
        }
        tail => tail_pivot(state, tail),
    }
}

/// Goes to the log pane with the tail restarted filtered to `pivot` (an actor, IP or
/// session); a user pivot does nothing here.
pub fn tail_pivot(state: &mut AppState, pivot: Pivot) -> Vec<Effect> {
    let Some(query) = pivot.query() else { return Vec::new() };
    state.stack = vec![Route::Logs];
    state.flash = Some(format!("tailing {}", pivot.label().trim_start_matches("tail ").trim()));
    ask_for(state, query)
}
