//! The describe view (`d`, issue 19): the selected row of every list pane whole, every field
//! `name: value` wrapped to the width, scrolled with the motion keys and clamped at the end,
//! Esc back; snapshots at 80×24 and 120×40.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::keys::{Context, KeyAction, KeyMap};
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, Route};
use oktui::app::update::update;
use serde_json::json;

use crate::fixtures::{
    apps, ch, console, deliver, groups, hunt_loaded, key, logs_loaded, open_pane, policy_pages, screen, users_loaded,
};

/// The value of field `name` in the open describe view.
fn field(state: &AppState, name: &str) -> String {
    let view = state.describe.as_ref().expect("the describe view is open");
    view.fields.iter().find(|f| f.name == name).map(|f| f.value.clone()).unwrap_or_else(|| panic!("no {name}"))
}

fn described(mut state: AppState) -> AppState {
    update(&mut state, ch('d'));
    state
}

#[test]
fn d_describes_the_selected_user_whole_and_esc_goes_back() {
    let mut state = described(users_loaded(80, 24, 40));
    assert_eq!(field(&state, "login"), "ana.silva0@acme.example");
    assert_eq!(field(&state, "last_login"), "2026-03-01T00:00:00.000Z", "the list cuts it to the minute");
    assert_eq!(field(&state, "id"), "00u00000000000000000");
    let text = screen(&state);
    assert!(text.contains("last_login: 2026-03-01T00:00:00.000Z"), "{text}");
    update(&mut state, key(KeyCode::Esc));
    assert!(state.describe.is_none());
    assert_eq!(state.route(), &Route::List(ListKind::Users));
    assert!(screen(&state).contains("LAST LOGIN"));
}

#[test]
fn describe_snapshots() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut state = users_loaded(width, height, 40);
        update(&mut state, ch('j'));
        update(&mut state, ch('d'));
        assert_snapshot!(format!("describe_user_{width}x{height}"), screen(&state));
        let state = described(hunt_loaded(width, height));
        assert_snapshot!(format!("describe_hunt_finding_{width}x{height}"), screen(&state));
    }
}

#[test]
fn every_list_pane_describes_its_row() {
    let mut state = users_loaded(120, 40, 5);
    open_pane(&mut state, '2', ListKind::Apps, vec![apps()]);
    update(&mut state, ch('d'));
    assert_eq!(field(&state, "label"), "Okta Admin Console");
    assert_eq!(field(&state, "sign_on"), "OPENID_CONNECT");
    update(&mut state, key(KeyCode::Esc));
    open_pane(&mut state, '3', ListKind::Groups, vec![groups()]);
    update(&mut state, ch('d'));
    assert_eq!(field(&state, "description"), "All users in your organization");
    update(&mut state, key(KeyCode::Esc));
    open_pane(&mut state, '4', ListKind::Policies, policy_pages());
    update(&mut state, ch('d'));
    assert_eq!(field(&state, "name"), "Admins: MFA every sign-in");
    assert_eq!(field(&state, "id"), "00p0000000000000001");

    let (mut logs, _) = logs_loaded(80, 24, 12);
    update(&mut logs, ch('d'));
    assert_eq!(field(&logs, "event type"), "user.authentication.sso");
    assert_eq!(field(&logs, "ip"), "198.51.100.11");
    assert_eq!(field(&logs, "country"), "Norway");
    assert_eq!(field(&logs, "uuid"), "00000000-0000-4000-8000-000000000011");

    let hunt = described(hunt_loaded(80, 24));
    assert_eq!(field(&hunt, "finding"), "success_after_failures");
    assert_eq!(field(&hunt, "ips"), "203.0.113.77");
    assert_eq!(field(&hunt, "evidence"), "ev-1, ev-2");
}

/// A user whose profile carries a long note and escape sequences, as an attacker can set.
fn hostile_users(width: u16, height: u16) -> AppState {
    let (mut state, generation) = console(width, height);
    let long = "x".repeat(900);
    let user = json!({
        "id": "00uhostile",
        "status": "ACTIVE",
        "profile": {
            "login": format!("{long}@acme.example"),
            "firstName": "Eve\u{1b}]52;c;cm0gLXJmIH4=\u{7}",
            "lastName": "\u{1b}[2J\u{202e}Mallory"
        }
    });
    deliver(&mut state, ListKind::Users, generation, vec![vec![user]], true);
    update(&mut state, ch('d'));
    state
}

#[test]
fn values_from_the_org_are_sanitised_and_shown_whole() {
    let state = hostile_users(80, 24);
    assert_eq!(field(&state, "name"), "Eve Mallory");
    assert!(field(&state, "login").starts_with(&"x".repeat(600)));
    let text = screen(&state);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "{text}");
}

#[test]
fn motions_scroll_the_view_and_g_stops_at_the_end() {
    let mut state = hostile_users(60, 20);
    let (width, height) = oktui::app::describe::viewport(state.size);
    let view = state.describe.clone().unwrap();
    let last = view.max_scroll((width, height));
    assert!(last > 0, "the login wraps over more than a screen");
    update(&mut state, ch('G'));
    assert_eq!(state.describe.as_ref().unwrap().scroll, last);
    update(&mut state, ch('j'));
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(state.describe.as_ref().unwrap().scroll, last, "never past the end");
    let text = screen(&state);
    assert!(text.contains("id: 00uhostile"), "the last field is on screen at the end:\n{text}");
    update(&mut state, ch('k'));
    assert_eq!(state.describe.as_ref().unwrap().scroll, last - 1);
    update(&mut state, ch('g'));
    assert_eq!(state.describe.as_ref().unwrap().scroll, 0);
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(state.describe.as_ref().unwrap().scroll, height.min(last));
    update(&mut state, key(KeyCode::PageUp));
    assert_eq!(state.describe.as_ref().unwrap().scroll, 0);
    update(&mut state, ch('d'));
    assert!(state.describe.is_none(), "d closes it again");
}

#[test]
fn the_view_is_modal_and_keys_of_the_pane_do_not_act() {
    let mut state = described(users_loaded(80, 24, 10));
    for c in ['s', 'i', '2', '/', 'c'] {
        let effects = update(&mut state, ch(c));
        assert!(effects.is_empty(), "{c}: {effects:?}");
        assert!(state.approval.is_none());
    }
    assert_eq!(state.route(), &Route::List(ListKind::Users));
    assert!(state.describe.is_some());
    update(&mut state, Msg::Resize(60, 20));
    assert!(screen(&state).contains("login: ana.silva0"));
}

#[test]
fn nothing_to_describe_says_so() {
    let (mut state, _) = console(80, 24);
    update(&mut state, ch('d'));
    assert!(state.describe.is_none());
    assert!(state.flash.as_deref().unwrap_or_default().contains("select"), "{:?}", state.flash);
}

#[test]
fn d_is_registered_where_rows_are_listed_and_shown_in_hints_and_help() {
    let keys = KeyMap::defaults();
    for context in [Context::Users, Context::Apps, Context::Mfa, Context::Logs, Context::Hunt, Context::Investigation] {
        assert_eq!(keys.key_label(KeyAction::Describe, context).as_deref(), Some("d"), "{context:?}");
        assert!(keys.hints(context, false).iter().any(|(k, label)| k == "d" && *label == "describe"));
    }
    let open: Vec<String> = keys.hints(Context::Describe, false).into_iter().map(|(k, _)| k).collect();
    assert_eq!(open, ["Esc", "j", "g", "G", "q"], "only the keys the view takes");
    assert_eq!(keys.key_label(KeyAction::Describe, Context::Detail), None);
    let mut state = users_loaded(120, 40, 3);
    update(&mut state, ch('?'));
    assert!(screen(&state).contains("Describe the selected row"));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, ch('d'));
    let hints = screen(&state).lines().last().unwrap_or_default().to_string();
    assert!(hints.contains("<Esc> back") && !hints.contains("suspend") && !hints.contains("filter"), "{hints}");
}
