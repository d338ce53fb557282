//! A browse list's update: going to a list (loading it the first time), moving, opening
//! a row's detail, sorting, wide mode, export, clearing the filter and reloading.

use super::columns::ListKind;
use crate::app::effect::Effect;
use crate::app::keys::KeyAction;
use crate::app::masking;
use crate::app::sort::SortOrder;
use crate::app::state::{AppState, Load, Route};

/// An action on a browse list; `None` when it is not the list's to handle.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let root = state.stack.len() == 1;
    let mask = masking::active(state);
    let list = state.current_list_mut()?;
    match action {
        KeyAction::Up => list.move_by(-1),
        KeyAction::Down => list.move_by(1),
        KeyAction::PageUp => list.move_by(-page),
        KeyAction::PageDown => list.move_by(page),
        KeyAction::Top => list.move_by(isize::MIN / 2),
        KeyAction::Bottom => list.move_by(isize::MAX / 2),
        KeyAction::Back if root => list.set_filter(""),
        KeyAction::Wide => {
            list.wide = !list.wide;
            let columns = list.kind.columns();
            let hidden = list.sort_order().and_then(|o| columns.get(o.column)).filter(|c| c.wide && !list.wide);
            if let Some(column) = hidden {
                // A sort no column on screen shows would order the rows by nothing visible.
                let name = column.spec.header.to_lowercase();
                list.sort_by(None);
                state.flash = Some(format!("no longer sorted by {name}: wide mode alone shows it"));
            }
        }
        KeyAction::Export => {
            let rows = list.visible.iter().filter_map(|i| list.rows.get(*i)).map(|r| r.raw.clone()).collect();
            return Some(vec![Effect::Export { kind: list.kind, rows, mask }]);
        }
        KeyAction::Sort => sort(state, None),
        KeyAction::SortColumn(column) => sort(state, Some(usize::from(column))),
        KeyAction::Open => return Some(open_selected(state)),
        KeyAction::Retry => {
            let kind = list.kind;
            return Some(vec![start_list(state, kind)]);
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Switches to a list pane; loads it the first time.
pub fn go_list(state: &mut AppState, kind: ListKind) -> Vec<Effect> {
    state.stack = vec![Route::List(kind)];
    match state.lists.get(&kind).map(|l| &l.load) {
        Some(Load::Idle) => vec![start_list(state, kind)],
        _ => Vec::new(),
    }
}

/// Starts (or restarts) a list's load.
pub fn start_list(state: &mut AppState, kind: ListKind) -> Effect {
    let generation = state.generation();
    if let Some(list) = state.lists.get_mut(&kind) {
        list.reset(generation);
    }
    Effect::LoadList { kind, generation }
}

fn open_selected(state: &mut AppState) -> Vec<Effect> {
    let Some(list) = state.current_list() else { return Vec::new() };
    let kind = list.kind;
    let Some(row) = list.selected_row() else { return Vec::new() };
    let (id, name) = (row.id.clone(), row.name.clone());
    let generation = state.generation();
    state.detail = crate::app::detail::DetailState::loading(generation);
    state.stack.push(Route::Detail { kind, id: id.clone(), name });
    vec![Effect::LoadDetail { kind, id, generation }]
}

/// `o` (`column` none: the next order over the columns shown) or a column's letter (that
/// column, again the other way; a wide column's shows the wide columns) in a browse list.
fn sort(state: &mut AppState, column: Option<usize>) {
    let Some(list) = state.current_list_mut() else { return };
    let columns = list.kind.columns();
    let by = match column {
        None => {
            let shown = columns.iter().filter(|c| list.wide || !c.wide).count();
            SortOrder::cycled(list.sort_order(), shown)
        }
        Some(column) => {
            list.wide |= columns.get(column).is_some_and(|c| c.wide);
            Some(SortOrder::by(list.sort_order(), column))
        }
    };
    list.sort_by(by);
}
