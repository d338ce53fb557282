//! The System Log pane's update: tail updates, the server-side filter prompt, follow mode,
//! the window presets, and opening an event. Called from `update`; no I/O.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use crate::app::effect::Effect;
use crate::app::event::EventView;
use crate::app::keys::KeyAction;
use crate::app::logs::ServerQuery;
use crate::app::state::{AppState, Load, Mode, Route};
use crate::okta::logs::TailUpdate;

/// Goes to the log pane; starts the tail the first time.
pub fn open_logs(state: &mut AppState) -> Vec<Effect> {
    state.stack = vec![Route::Logs];
    if state.logs.started {
        Vec::new()
    } else {
        vec![restart_tail(state)]
    }
}

/// Starts the tail over with the pane's window and server-side query.
pub fn restart_tail(state: &mut AppState) -> Effect {
    let generation = state.generation();
    state.logs.reset(generation);
    Effect::StartTail { generation, window: state.logs.window.duration(), query: state.logs.query.clone() }
}

/// An update from the tail task.
pub fn on_tail(state: &mut AppState, generation: u64, update: TailUpdate) {
    if state.logs.generation != generation {
        return;
    }
    match update {
        TailUpdate::Events(events, status) => {
            state.online = Some(true);
            state.logs.push(events);
            state.logs.status = Some(status);
        }
        TailUpdate::Status(status) => state.logs.status = Some(status),
        TailUpdate::Rejected(e) => {
            state.logs.rejected = Some(crate::sanitize::clean(&e.to_string()).into_owned());
        }
    }
}

/// Okta's verdict on a server-side query typed at the prompt: accepted, the tail restarts
/// with it; refused, the error shows in the pane and the current tail goes on.
pub fn on_query_checked(state: &mut AppState, generation: u64, error: Option<String>) -> Vec<Effect> {
    let Some((query, asked)) = state.logs.pending_query.take() else { return Vec::new() };
    if asked != generation {
        state.logs.pending_query = Some((query, asked));
        return Vec::new();
    }
    match error {
        None => {
            state.flash = Some(format!("Okta filters by '{}'", crate::sanitize::clean(&query.text())));
            state.logs.query = query;
            vec![restart_tail(state)]
        }
        Some(e) => {
            state.flash = None;
            state.logs.rejected = Some(format!("Okta refused the filter '{}': {e}", query.text()));
            Vec::new()
        }
    }
}

/// The whole JSON of an event read back from Okta.
pub fn on_event_loaded(state: &mut AppState, generation: u64, result: Result<String, String>) {
    let Some(view) = state.event.as_mut().filter(|v| v.generation == generation) else { return };
    match result {
        Ok(raw) => view.fill(&raw),
        Err(message) => view.load = Load::Failed { message, code: None },
    }
}

/// Keys typed at the server-side filter prompt.
pub fn on_prompt_key(state: &mut AppState, mut input: Input, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => state.mode = Mode::Normal,
        KeyCode::Enter => {
            state.mode = Mode::Normal;
            return ask_for(state, ServerQuery::parse(input.value()));
        }
        _ => {
            input.handle_event(&Event::Key(key));
            state.mode = Mode::ServerFilter(input);
        }
    }
    Vec::new()
}

/// Checks a query with Okta before the tail switches to it; clearing needs no check.
pub fn ask_for(state: &mut AppState, query: ServerQuery) -> Vec<Effect> {
    state.logs.rejected = None;
    if query.is_empty() {
        state.logs.query = query;
        return vec![restart_tail(state)];
    }
    let generation = state.generation();
    state.logs.pending_query = Some((query.clone(), generation));
    state.flash = Some(format!("asking Okta to filter by '{}'…", crate::sanitize::clean(&query.text())));
    vec![Effect::CheckLogQuery { generation, query }]
}

/// An action on the log pane; `None` when it is not the pane's to handle.
pub fn on_logs_action(state: &mut AppState, action: KeyAction) -> Option<Vec<Effect>> {
    let rows = crate::app::layout::list_rows(state.size.1).saturating_sub(1) as isize;
    let logs = &mut state.logs;
    match action {
        KeyAction::Follow => logs.toggle_follow(),
        KeyAction::Up => logs.move_by(-1),
        KeyAction::Down => logs.move_by(1),
        KeyAction::PageUp => logs.move_by(-rows),
        KeyAction::PageDown => logs.move_by(rows),
        KeyAction::Top => logs.move_by(isize::MIN / 2),
        KeyAction::Bottom => logs.move_by(isize::MAX / 2),
        KeyAction::Window => {
            logs.window = logs.window.next();
            state.flash = Some(format!("window: last {}; reading it again", state.logs.window.label()));
            return Some(vec![restart_tail(state)]);
        }
        KeyAction::ServerFilter => state.mode = Mode::ServerFilter(Input::new(logs.query.text())),
        KeyAction::Filter => state.mode = Mode::Filter(Input::new(logs.filter.clone())),
        KeyAction::Open => return Some(open_event(state)),
        KeyAction::Investigate => {
            let login = logs.selected_event().map(|e| e.actor_label().to_string()).filter(|l| !l.is_empty());
            return Some(investigate(state, login));
        }
        KeyAction::Copy => {
            let id = logs.selected_event().and_then(|e| e.id.as_ref()).map(ToString::to_string);
            return Some(id.map(Effect::Copy).into_iter().collect());
        }
        KeyAction::Retry => {
            state.flash = Some(format!("reading the last {} again", logs.window.label()));
            return Some(vec![restart_tail(state)]);
        }
        _ => return None,
    }
    Some(Vec::new())
}

pub fn investigate(state: &mut AppState, login: Option<String>) -> Vec<Effect> {
    match login {
        Some(login) => crate::app::investigation::open(state, login, true),
        None => {
            state.flash = Some("this event has no user to investigate".into());
            Vec::new()
        }
    }
}

/// Opens the selected event in full: at once if its JSON is still kept, else read back.
fn open_event(state: &mut AppState) -> Vec<Effect> {
    let Some(event) = state.logs.selected_event().cloned() else { return Vec::new() };
    let raw = event.id.as_ref().and_then(|id| state.logs.ring.raw(id)).map(str::to_string);
    let generation = state.generation();
    let name = event.event_type.as_deref().unwrap_or("event").to_string();
    let mut view = EventView::new(event, raw.as_deref(), generation);
    let mut effects = Vec::new();
    if raw.is_none() {
        match &view.id {
            Some(id) => effects.push(Effect::LoadEvent {
                generation,
                uuid: id.to_string(),
                published_ms: view.event.published_ms,
            }),
            None => {
                view.load = Load::Failed { message: "this event has no uuid to read it back by".into(), code: None }
            }
        }
    }
    state.event = Some(view);
    state.stack.push(Route::Event { name });
    effects
}
