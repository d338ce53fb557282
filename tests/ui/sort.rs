//! Issue 19: sort keys on the browse lists (`o` cycles, shift+letter sorts by a column and
//! again reverses it) and wide mode (`W`), through `update` and on screen.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::sort::SortOrder;
use oktui::app::state::AppState;
use oktui::app::update::update;
use oktui::ui::theme::Theme;
use serde_json::Value;

use crate::fixtures::{ch, console, deliver, draw, key, screen, text, type_text, user, users, users_loaded};

const STATUS: usize = 0;
const LOGIN: usize = 1;
const LAST_LOGIN: usize = 3;

/// The cells of column `column` of the users list, in the order shown.
fn shown(state: &AppState, column: usize) -> Vec<String> {
    let list = &state.lists[&ListKind::Users];
    list.visible.iter().map(|&i| list.rows[i].cells[column].clone()).collect()
}

fn logins(state: &AppState) -> Vec<String> {
    shown(state, LOGIN)
}

/// The login of the selected row.
fn selected_login(state: &AppState) -> String {
    state.lists[&ListKind::Users].selected_row().map(|r| r.cells[LOGIN].clone()).unwrap_or_default()
}

fn sorted_copy(mut cells: Vec<String>) -> Vec<String> {
    cells.sort_by_key(|c| c.to_lowercase());
    cells
}

fn order(state: &AppState) -> Option<SortOrder> {
    state.lists[&ListKind::Users].sort_order()
}

#[test]
fn a_letter_sorts_by_its_column_and_again_reverses_it() {
    let mut state = users_loaded(80, 24, 40);
    let loaded = logins(&state);
    update(&mut state, ch('L'));
    assert_eq!(order(&state), Some(SortOrder { column: LOGIN, descending: false }));
    let ascending = logins(&state);
    assert_ne!(ascending, loaded, "the fixture's logins do not arrive sorted");
    assert_eq!(ascending, sorted_copy(loaded.clone()));

    update(&mut state, ch('L'));
    assert_eq!(order(&state), Some(SortOrder { column: LOGIN, descending: true }));
    let descending = logins(&state);
    assert_eq!(descending, ascending.iter().rev().cloned().collect::<Vec<_>>(), "logins are unique: exactly reversed");

    // Another letter: that column, ascending; equal statuses keep the order rows came in.
    update(&mut state, ch('S'));
    assert_eq!(order(&state), Some(SortOrder { column: STATUS, descending: false }));
    let statuses = shown(&state, STATUS);
    assert!(statuses.windows(2).all(|w| w[0] <= w[1]), "{statuses:?}");
    let active: Vec<String> =
        logins(&state).into_iter().zip(&statuses).filter(|(_, s)| *s == "ACTIVE").map(|(l, _)| l).collect();
    let active_loaded: Vec<String> =
        loaded.iter().zip(shown_loaded_statuses(40)).filter(|(_, s)| s == "ACTIVE").map(|(l, _)| l.clone()).collect();
    assert_eq!(active, active_loaded, "a stable sort");
}

/// The statuses of users `0..n` in the order they came.
fn shown_loaded_statuses(n: usize) -> Vec<String> {
    (0..n).map(|i| user(i)["status"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn last_login_sorts_by_time_with_the_never_signed_in_last_both_ways() {
    let mut state = users_loaded(80, 24, 40);
    update(&mut state, ch('A'));
    let times: Vec<String> =
        (0..40).filter_map(|i| user(i)["lastLogin"].as_str().map(str::to_string)).collect::<Vec<_>>();
    let mut expected = times.clone();
    expected.sort();
    let shown_times = |state: &AppState| -> Vec<String> {
        let list = &state.lists[&ListKind::Users];
        list.visible.iter().filter_map(|&i| list.rows[i].raw["lastLogin"].as_str().map(str::to_string)).collect()
    };
    assert_eq!(shown_times(&state), expected);
    let cells = shown(&state, LAST_LOGIN);
    let never = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |last| cells.len() - 1 - last);
    assert_eq!(never, 40 - times.len(), "the users never signed in come last: {cells:?}");

    update(&mut state, ch('A'));
    expected.reverse();
    assert_eq!(shown_times(&state), expected, "latest first");
    assert!(shown(&state, LAST_LOGIN).iter().rev().take(never).all(String::is_empty), "and still last");
}

#[test]
fn o_cycles_the_shown_columns_each_way_then_the_order_they_came() {
    let mut state = users_loaded(80, 24, 20);
    let loaded = logins(&state);
    let mut seen = Vec::new();
    for _ in 0..9 {
        update(&mut state, ch('o'));
        seen.push(order(&state).map(|o| (o.column, o.descending)));
    }
    let expected: Vec<Option<(usize, bool)>> =
        (0..4).flat_map(|c| [Some((c, false)), Some((c, true))]).chain([None]).collect();
    assert_eq!(seen, expected, "the four columns shown without wide mode");
    assert_eq!(logins(&state), loaded, "back in the order they came");

    update(&mut state, ch('W'));
    for _ in 0..9 {
        update(&mut state, ch('o'));
    }
    assert_eq!(order(&state), Some(SortOrder { column: 4, descending: false }), "wide mode cycles its columns too");
}

#[test]
fn sorting_keeps_the_selected_row() {
    let mut state = users_loaded(80, 24, 60);
    for _ in 0..17 {
        update(&mut state, ch('j'));
    }
    let chosen = selected_login(&state);
    for letter in ['L', 'L', 'N', 'A', 'S', 'o'] {
        update(&mut state, ch(letter));
        assert_eq!(selected_login(&state), chosen, "after {letter}");
    }
    // And it is in view.
    let list = &state.lists[&ListKind::Users];
    let rows = oktui::app::layout::list_rows(24);
    assert!(list.selected >= list.offset && list.selected < list.offset + rows);
    assert!(screen(&state).lines().any(|l| l.contains('▶') && l.contains(&chosen[..12])));
}

#[test]
fn a_filter_and_a_sort_compose_either_way_round() {
    let mut state = users_loaded(80, 24, 60);
    update(&mut state, ch('/'));
    type_text(&mut state, "active");
    update(&mut state, key(KeyCode::Enter));
    let filtered = logins(&state);
    assert!(filtered.len() < 60 && !filtered.is_empty());
    update(&mut state, ch('L'));
    update(&mut state, ch('L'));
    let mut expected = sorted_copy(filtered.clone());
    expected.reverse();
    assert_eq!(logins(&state), expected, "the filtered rows, sorted");

    // Typing more narrows within the sort; clearing it shows every row, still sorted.
    update(&mut state, ch('/'));
    type_text(&mut state, " ana");
    let narrowed = logins(&state);
    assert!(!narrowed.is_empty() && narrowed.iter().all(|l| l.contains("ana")), "{narrowed:?}");
    assert!(narrowed.windows(2).all(|w| w[0].to_lowercase() >= w[1].to_lowercase()));
    update(&mut state, key(KeyCode::Esc));
    let mut all = sorted_copy(users(60).iter().map(|u| u["profile"]["login"].as_str().unwrap().to_string()).collect());
    all.reverse();
    assert_eq!(logins(&state), all);
}

#[test]
fn pages_arriving_while_sorted_land_in_place_and_keep_the_selection() {
    let (mut state, generation) = console(80, 24);
    let everyone = users(300);
    deliver(&mut state, ListKind::Users, generation, vec![everyone[..100].to_vec()], false);
    update(&mut state, ch('/'));
    type_text(&mut state, "o");
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, ch('L'));
    for _ in 0..5 {
        update(&mut state, ch('j'));
    }
    let chosen = selected_login(&state);
    for page in everyone[100..].chunks(70) {
        update(&mut state, Msg::Page { kind: ListKind::Users, generation, items: page.to_vec(), done: false });
        assert_eq!(selected_login(&state), chosen, "the selection stays on its row");
    }
    let list = &state.lists[&ListKind::Users];
    assert_eq!(list.rows.len(), 300);
    let matching: Vec<String> = list
        .rows
        .iter()
        .filter(|r| r.cells[..4].join(" ").to_lowercase().contains('o'))
        .map(|r| r.cells[LOGIN].clone())
        .collect();
    assert!(matching.len() < 300 && matching.len() > 100, "{}", matching.len());
    assert_eq!(logins(&state), sorted_copy(matching), "as if every row had been there when sorted");
}

/// Users with the fields wide mode shows.
fn wide_users(n: usize) -> Vec<Value> {
    const DEPARTMENTS: [&str; 5] = ["Engineering", "Finance", "Sales", "IT", "Marketing"];
    (0..n)
        .map(|i| {
            let mut u = user(i);
            u["created"] = Value::String(format!("2024-{:02}-{:02}T08:00:00.000Z", 1 + i % 12, 1 + i % 27));
            u["profile"]["department"] = Value::String(DEPARTMENTS[i % DEPARTMENTS.len()].into());
            u
        })
        .collect()
}

fn wide_loaded(width: u16, height: u16) -> AppState {
    let (mut state, generation) = console(width, height);
    deliver(&mut state, ListKind::Users, generation, vec![wide_users(40)], true);
    state
}

#[test]
fn sorted_users_pane_80x24() {
    let mut state = wide_loaded(80, 24);
    update(&mut state, ch('A'));
    update(&mut state, ch('A'));
    let shown = screen(&state);
    assert!(shown.contains("LAST LOGIN↓"), "{shown}");
    assert_snapshot!("users_sorted_by_last_login_80x24", shown);
    let ascii = text(&draw(&state, &Theme::default().ascii()));
    assert!(ascii.contains("LAST LOGINv") && !ascii.contains('↓'), "{ascii}");
    update(&mut state, ch('L'));
    let ascii = text(&draw(&state, &Theme::default().ascii()));
    assert!(ascii.contains("LOGIN^"), "{ascii}");
}

#[test]
fn wide_mode_120x40() {
    let mut state = wide_loaded(120, 40);
    let narrow = screen(&state);
    assert!(!narrow.contains("DEPARTMENT") && !narrow.contains("00u000"));
    update(&mut state, ch('W'));
    update(&mut state, ch('D'));
    let wide = screen(&state);
    assert!(wide.contains("DEPARTMENT↑") && wide.contains("CREATED") && wide.contains("00u000"), "{wide}");
    assert_snapshot!("users_wide_by_department_120x40", wide);
    update(&mut state, ch('W'));
    assert!(!screen(&state).contains("DEPARTMENT"), "W again hides them");
}

/// Leaving wide mode while sorted by a column it alone shows drops that sort and says so; a
/// sort on a column still shown stays.
#[test]
fn leaving_wide_mode_drops_a_sort_by_a_column_it_hides() {
    let mut state = wide_loaded(120, 40);
    update(&mut state, ch('W'));
    update(&mut state, ch('D'));
    update(&mut state, ch('W'));
    assert_eq!(order(&state), None);
    let shown = screen(&state);
    assert!(shown.contains("no longer sorted by department: wide mode alone shows it"), "{shown}");
    update(&mut state, ch('W'));
    update(&mut state, ch('L'));
    update(&mut state, ch('W'));
    assert_eq!(order(&state), Some(SortOrder { column: LOGIN, descending: false }));
}

#[test]
fn a_wide_columns_letter_shows_the_wide_columns() {
    let mut state = wide_loaded(120, 40);
    update(&mut state, ch('I'));
    assert!(state.lists[&ListKind::Users].wide);
    assert!(screen(&state).contains("ID↑"));
}

#[test]
fn every_list_sorts_by_its_letters() {
    use crate::fixtures::{apps, groups, open_pane, policy_pages};
    let mut state = users_loaded(80, 24, 5);
    open_pane(&mut state, '4', ListKind::Policies, policy_pages());
    update(&mut state, ch('P'));
    update(&mut state, ch('P'));
    let list = &state.lists[&ListKind::Policies];
    let priorities: Vec<i64> = list.visible.iter().map(|&i| list.rows[i].cells[1].parse().unwrap()).collect();
    assert!(priorities.windows(2).all(|w| w[0] >= w[1]) && priorities[0] == 2, "numbers: {priorities:?}");
    assert!(screen(&state).contains("PRIORITY↓"));

    open_pane(&mut state, '2', ListKind::Apps, vec![apps()]);
    update(&mut state, ch('L'));
    let list = &state.lists[&ListKind::Apps];
    let labels: Vec<String> = list.visible.iter().map(|&i| list.rows[i].cells[0].to_lowercase()).collect();
    assert!(labels.windows(2).all(|w| w[0] <= w[1]), "{labels:?}");

    open_pane(&mut state, '3', ListKind::Groups, vec![groups()]);
    update(&mut state, ch('T'));
    let list = &state.lists[&ListKind::Groups];
    assert_eq!(list.rows[list.visible[0]].cells[1], "APP_GROUP");
}
