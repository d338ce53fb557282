//! The pure `update` driven by key presses and task results: panes, the breadcrumb,
//! motions, the filter, the command line, generations and errors. No terminal, no network.

use crossterm::event::KeyCode;
use oktui::app::effect::Effect;
use oktui::app::layout::list_rows;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, Load, Mode, Route};
use oktui::app::update::update;

use crate::fixtures::{
    apps, ch, console, deliver, groups, key, list_generation, logs_loaded, name, screen, type_text, user, user_detail,
    users, users_loaded,
};

fn users_list(state: &AppState) -> &oktui::app::lists::ListState {
    &state.lists[&ListKind::Users]
}

fn route(state: &AppState) -> Route {
    state.route().clone()
}

#[test]
fn number_keys_switch_panes_and_load_each_list_once() {
    let mut state = users_loaded(80, 24, 10);
    for (digit, kind) in [('2', ListKind::Apps), ('3', ListKind::Groups), ('4', ListKind::Policies)] {
        let effects = update(&mut state, ch(digit));
        assert_eq!(route(&state), Route::List(kind));
        assert!(matches!(effects.as_slice(), [Effect::LoadList { kind: k, .. }] if *k == kind), "{effects:?}");
        assert_eq!(state.lists[&kind].load, Load::Loading);
    }
    for (digit, kind) in
        [('1', ListKind::Users), ('2', ListKind::Apps), ('3', ListKind::Groups), ('4', ListKind::Policies)]
    {
        assert!(update(&mut state, ch(digit)).is_empty(), "{kind:?} is not loaded twice");
        assert_eq!(route(&state), Route::List(kind));
        assert_eq!(state.stack.len(), 1);
    }
    let first = update(&mut state, ch('5'));
    assert!(
        matches!(first.as_slice(), [Effect::StartTail { .. }]),
        "the log tail starts on the first visit: {first:?}"
    );
    for (digit, expected) in [('5', Route::Logs), ('6', Route::Investigate(None))] {
        assert!(update(&mut state, ch(digit)).is_empty(), "nothing restarts on a later visit");
        assert_eq!(state.stack, vec![expected]);
    }
    // The MFA pane sweeps on its first visit only.
    let first = update(&mut state, ch('7'));
    assert!(matches!(first.as_slice(), [Effect::MfaSweep { .. }]), "{first:?}");
    assert_eq!(state.stack, vec![Route::Mfa]);
    update(&mut state, ch('1'));
    assert!(update(&mut state, ch('7')).is_empty(), "a running sweep is not restarted");
}

#[test]
fn a_load_still_running_is_not_restarted_by_revisiting() {
    let (mut state, _) = console(80, 24);
    let generation = list_generation(&update(&mut state, ch('2')));
    update(&mut state, ch('1'));
    assert!(update(&mut state, ch('2')).is_empty());
    assert_eq!(state.lists[&ListKind::Apps].generation, generation);
}

#[test]
fn enter_opens_the_detail_and_esc_goes_back() {
    let mut state = users_loaded(120, 40, 10);
    update(&mut state, ch('j'));
    update(&mut state, ch('j'));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadDetail { kind: ListKind::Users, id, generation }] = effects.as_slice() else {
        panic!("Enter asks for the detail: {effects:?}");
    };
    assert_eq!(id, "00u00000000000000002");
    assert_eq!(state.stack.len(), 2);
    assert_eq!(route(&state), Route::Detail { kind: ListKind::Users, id: id.clone(), name: "Chiara Rossi".into() });
    assert_eq!(state.detail.load, Load::Loading);
    assert!(screen(&state).contains("Users › Chiara Rossi"), "the breadcrumb shows the path");

    update(&mut state, Msg::Detail { generation: *generation, detail: user_detail() });
    assert_eq!(state.detail.load, Load::Done);
    assert_eq!(state.detail.detail, Some(user_detail()));

    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert_eq!(state.stack, vec![Route::List(ListKind::Users)]);
    assert_eq!(users_list(&state).selected, 2, "the selection survives the round trip");
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.stack, vec![Route::List(ListKind::Users)], "the root is never popped");
}

/// `G` in a detail scrolls to its last line at the bottom of the pane, no further; `g` back.
#[test]
fn the_end_of_a_detail_is_its_last_line_at_the_bottom() {
    let mut state = users_loaded(80, 24, 10);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadDetail { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::Detail { generation: *generation, detail: user_detail() });
    update(&mut state, ch('G'));
    let text = screen(&state);
    let rows: Vec<&str> = text.lines().collect();
    let last_line = user_detail().sections.last().unwrap().lines.last().unwrap().clone();
    let bottom = rows.iter().rposition(|r| r.starts_with('└')).unwrap();
    // The last section's last line, then its blank line, then the border.
    assert!(rows[bottom - 2].contains(&last_line[..30]), "{text}");
    update(&mut state, ch('j'));
    assert_eq!(screen(&state), text, "no further than the end");
    update(&mut state, ch('g'));
    assert!(screen(&state).contains("Profile"));
}

#[test]
fn a_stale_detail_is_dropped() {
    let mut state = users_loaded(80, 24, 10);
    let first = update(&mut state, key(KeyCode::Enter));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, ch('j'));
    let second = update(&mut state, key(KeyCode::Enter));
    let generation = |effects: &[Effect]| match effects {
        [Effect::LoadDetail { generation, .. }] => *generation,
        other => panic!("{other:?}"),
    };
    assert_ne!(generation(&first), generation(&second));
    update(&mut state, Msg::Detail { generation: generation(&first), detail: user_detail() });
    assert_eq!(state.detail.load, Load::Loading);
    assert_eq!(state.detail.detail, None);
}

/// Checks the selection is `selected` and lies within the rows drawn.
fn assert_in_view(state: &AppState, selected: usize) {
    let list = users_list(state);
    let rows = list_rows(state.size.1);
    assert_eq!(list.selected, selected);
    assert!(list.offset <= selected && selected < list.offset + rows, "{} not in {}+{rows}", selected, list.offset);
    let shown = screen(state);
    let line = shown.lines().find(|l| l.contains('▶')).unwrap_or_default();
    assert!(line.contains(&name(selected)), "the selected row is drawn: {line:?}");
}

#[test]
fn motions_move_the_selection_and_keep_it_in_view() {
    let mut state = users_loaded(80, 24, 100);
    let page = list_rows(24);
    assert_eq!(page, 17);
    assert_in_view(&state, 0);
    update(&mut state, ch('k'));
    assert_in_view(&state, 0);
    update(&mut state, ch('j'));
    update(&mut state, key(KeyCode::Down));
    assert_in_view(&state, 2);
    update(&mut state, key(KeyCode::PageDown));
    assert_in_view(&state, 2 + page);
    update(&mut state, key(KeyCode::PageDown));
    assert_in_view(&state, 2 + 2 * page);
    update(&mut state, ch('G'));
    assert_in_view(&state, 99);
    update(&mut state, ch('j'));
    assert_in_view(&state, 99);
    update(&mut state, key(KeyCode::PageUp));
    assert_in_view(&state, 99 - page);
    update(&mut state, key(KeyCode::Up));
    assert_in_view(&state, 98 - page);
    update(&mut state, ch('g'));
    assert_in_view(&state, 0);
}

#[test]
fn a_resize_keeps_the_selection_in_view() {
    let mut state = users_loaded(120, 40, 100);
    update(&mut state, ch('G'));
    update(&mut state, ch('g'));
    for _ in 0..30 {
        update(&mut state, ch('j'));
    }
    assert_in_view(&state, 30);
    update(&mut state, Msg::Resize(80, 24));
    assert_in_view(&state, 30);
}

#[test]
fn filter_narrows_the_list_and_esc_clears_it() {
    let mut state = users_loaded(80, 24, 64);
    update(&mut state, ch('/'));
    assert!(matches!(state.mode, Mode::Filter(_)));
    type_text(&mut state, "ines");
    let list = users_list(&state);
    assert_eq!(list.filter, "ines");
    assert_eq!(list.visible, vec![8, 24, 40, 56]);
    assert!(list.visible.iter().all(|i| list.rows[*i].cells[1].starts_with("ines.")));
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(users_list(&state).filter, "ine");
    type_text(&mut state, "s okafor");
    assert_eq!(users_list(&state).visible, vec![24], "every word must match");

    update(&mut state, key(KeyCode::Esc));
    assert!(matches!(state.mode, Mode::Normal));
    assert_eq!(users_list(&state).filter, "");
    assert_eq!(users_list(&state).visible.len(), 64);
}

/// A filter kept with Enter in the System Log is cleared by Esc, as in the lists.
#[test]
fn esc_clears_a_kept_filter_in_the_logs_too() {
    let (mut state, _) = logs_loaded(80, 24, 20);
    update(&mut state, ch('/'));
    type_text(&mut state, "nothing-matches-this");
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.mode, Mode::Normal));
    assert_eq!((state.logs.filter.as_str(), state.logs.visible.len()), ("nothing-matches-this", 0));
    update(&mut state, key(KeyCode::Esc));
    assert_eq!((state.logs.filter.as_str(), state.logs.visible.len()), ("", 20));
}

#[test]
fn enter_keeps_the_filter_and_pages_arriving_later_are_filtered() {
    let (mut state, generation) = console(80, 24);
    deliver(&mut state, ListKind::Users, generation, vec![users(32)], false);
    update(&mut state, ch('/'));
    type_text(&mut state, "MINA");
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.mode, Mode::Normal));
    assert_eq!(users_list(&state).visible, vec![12, 28], "case-insensitive");
    let page: Vec<_> = (32..64).map(user).collect();
    deliver(&mut state, ListKind::Users, generation, vec![page], true);
    assert_eq!(users_list(&state).visible, vec![12, 28, 44, 60]);
    assert!(screen(&state).contains("4 match /MINA"));
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(users_list(&state).visible.len(), 64, "Esc at the root clears the kept filter");
}

#[test]
fn command_line_switches_panes() {
    let mut state = users_loaded(80, 24, 10);
    update(&mut state, ch(':'));
    assert!(matches!(state.mode, Mode::Command(_)));
    let effects = type_text(&mut state, "apps");
    assert!(effects.is_empty());
    assert_eq!(route(&state), Route::List(ListKind::Users), "nothing happens before Enter");
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::LoadList { kind: ListKind::Apps, .. }]), "{effects:?}");
    assert_eq!(route(&state), Route::List(ListKind::Apps));
    assert!(matches!(state.mode, Mode::Normal));

    update(&mut state, ch(':'));
    type_text(&mut state, "logs");
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.stack, vec![Route::Logs]);

    update(&mut state, ch(':'));
    type_text(&mut state, "inv ana.silva0@acme.example");
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.stack, vec![Route::Investigate(Some("ana.silva0@acme.example".into()))]);
}

#[test]
fn tab_completes_the_command_line() {
    let mut state = users_loaded(80, 24, 10);
    update(&mut state, ch(':'));
    type_text(&mut state, "gr");
    update(&mut state, key(KeyCode::Tab));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(route(&state), Route::List(ListKind::Groups));
    assert_eq!(effects.len(), 1);

    update(&mut state, ch(':'));
    type_text(&mut state, "profile st");
    update(&mut state, key(KeyCode::Tab));
    assert!(
        matches!(update(&mut state, key(KeyCode::Enter)).as_slice(), [Effect::SwitchProfile(name)] if name == "staging")
    );
}

#[test]
fn profile_command_asks_to_switch() {
    let mut state = users_loaded(80, 24, 10);
    update(&mut state, ch(':'));
    type_text(&mut state, "profile x");
    assert!(matches!(update(&mut state, key(KeyCode::Enter)).as_slice(), [Effect::SwitchProfile(name)] if name == "x"));
    assert!(state.flash.as_deref().unwrap_or_default().contains('x'));
}

#[test]
fn unknown_command_flashes_an_error() {
    let mut state = users_loaded(80, 24, 10);
    update(&mut state, ch(':'));
    type_text(&mut state, "pods");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let flash = state.flash.clone().unwrap_or_default();
    assert!(flash.contains("unknown command `pods`") && flash.contains(":users"), "{flash}");
    assert_eq!(route(&state), Route::List(ListKind::Users));
    assert!(screen(&state).contains("unknown command `pods`"), "the status line shows it");
}

#[test]
fn esc_abandons_the_command_line() {
    let mut state = users_loaded(80, 24, 10);
    update(&mut state, ch(':'));
    type_text(&mut state, "quit");
    update(&mut state, key(KeyCode::Esc));
    assert!(matches!(state.mode, Mode::Normal));
    assert!(!state.quit);
}

#[test]
fn stale_pages_change_nothing() {
    let (mut state, old) = console(80, 24);
    deliver(&mut state, ListKind::Users, old, vec![users(5)], false);
    let new = list_generation(&update(&mut state, ch('r')));
    assert_ne!(old, new);
    assert!(users_list(&state).rows.is_empty(), "a retry starts over");
    update(&mut state, Msg::Page { kind: ListKind::Users, generation: old, items: users(20), done: true });
    assert!(users_list(&state).rows.is_empty());
    assert_eq!(users_list(&state).load, Load::Loading);
    update(&mut state, Msg::Failed { generation: old, message: "late".into(), code: Some("E0000009".into()) });
    assert_eq!(users_list(&state).load, Load::Loading, "a stale failure changes nothing");
    deliver(&mut state, ListKind::Users, new, vec![users(3)], true);
    assert_eq!(users_list(&state).rows.len(), 3);
    assert_eq!(users_list(&state).load, Load::Done);
}

#[test]
fn a_page_for_another_list_is_not_taken() {
    let (mut state, users_generation) = console(80, 24);
    update(&mut state, Msg::Page { kind: ListKind::Apps, generation: users_generation, items: apps(), done: true });
    assert!(state.lists[&ListKind::Apps].rows.is_empty());
    assert!(users_list(&state).rows.is_empty());
}

#[test]
fn a_failure_marks_its_pane_with_the_code_and_r_retries() {
    let mut state = users_loaded(120, 40, 10);
    let generation = list_generation(&update(&mut state, ch('3')));
    deliver(&mut state, ListKind::Groups, generation, vec![groups()], false);
    let message = "The request was rejected because it contained an invalid token".to_string();
    update(&mut state, Msg::Failed { generation, message: message.clone(), code: Some("E0000011".into()) });
    assert_eq!(state.lists[&ListKind::Groups].load, Load::Failed { message, code: Some("E0000011".into()) });
    assert_eq!(users_list(&state).load, Load::Done, "the other panes are untouched");
    assert_eq!(state.lists[&ListKind::Groups].rows.len(), 6, "what arrived stays");
    let shown = screen(&state);
    assert!(shown.contains("✗ E0000011 The request was rejected"), "{shown}");
    assert!(shown.contains("r to retry"));

    let retry = list_generation(&update(&mut state, ch('r')));
    assert!(retry > generation);
    assert_eq!(state.lists[&ListKind::Groups].load, Load::Loading);
}

#[test]
fn a_failure_without_an_answer_shows_the_org_offline() {
    let (mut state, generation) = console(80, 24);
    update(&mut state, Msg::Failed { generation, message: "connection refused".into(), code: None });
    assert_eq!(state.online, Some(false));
    assert!(matches!(users_list(&state).load, Load::Failed { code: None, .. }));
    let retry = list_generation(&update(&mut state, ch('r')));
    deliver(&mut state, ListKind::Users, retry, vec![users(2)], true);
    assert_eq!(state.online, Some(true));
}

#[test]
fn q_quits() {
    let mut state = users_loaded(80, 24, 10);
    assert!(!state.quit);
    assert!(update(&mut state, ch('q')).is_empty());
    assert!(state.quit);

    let mut state = users_loaded(80, 24, 10);
    update(&mut state, ch(':'));
    type_text(&mut state, "quit");
    update(&mut state, key(KeyCode::Enter));
    assert!(state.quit);
}

#[test]
fn keys_typed_into_the_filter_or_help_do_not_act() {
    let mut state = users_loaded(80, 24, 10);
    update(&mut state, ch('/'));
    type_text(&mut state, "q2:");
    assert!(!state.quit);
    assert_eq!(route(&state), Route::List(ListKind::Users));
    update(&mut state, key(KeyCode::Esc));

    update(&mut state, ch('?'));
    assert!(matches!(state.mode, Mode::Help(0)));
    update(&mut state, ch('j'));
    assert!(matches!(state.mode, Mode::Help(1)));
    update(&mut state, ch('q'));
    assert!(matches!(state.mode, Mode::Normal), "q closes help first");
    assert!(!state.quit);
}
