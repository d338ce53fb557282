//! Issue 19: a finding about an address (a password spray, whose logins are guesses) opens
//! the IP view: its place and network, the findings that name it, every user it touched
//! (worst first) and its events; Enter on a user investigates them, Tab and Enter open an
//! event, `t` tails the address, `y` copies, `d` describes.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::effect::Effect;
use oktui::app::state::Route;
use oktui::app::update::update;

use crate::fixtures::{ch, ip_view, key, screen, spray_hunt, spray_window, SPRAYER};

#[test]
fn enter_on_a_spray_opens_its_address_not_a_guessed_login() {
    let mut state = spray_hunt(80, 24);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::InvestigateIp { ip, window: chosen, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(ip.to_string(), SPRAYER);
    let oktui::app::hunt::WindowChoice::Range { since, until } = chosen else { panic!("{chosen:?}") };
    assert_eq!(
        (*since, *until),
        (spray_window().since, Some(spray_window().until)),
        "the hunt's window, as it was read"
    );
    assert_eq!(state.stack, [Route::Hunt, Route::Ip(SPRAYER.into())]);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Investigate { .. })), "no investigation of a guessed login");
    // A finding about a user still opens the user.
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, ch('j'));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Investigate { user, .. }] if user == "ana.silva@acme.example"));
}

#[test]
fn ip_view_snapshots() {
    for (width, height) in [(80, 24), (120, 40)] {
        let state = ip_view(width, height);
        let shown = screen(&state);
        assert!(shown.contains("Lagos, Nigeria") && shown.contains("AS64500 Example Transit"), "{shown}");
        assert!(shown.contains("password_spray"), "the finding that names it:\n{shown}");
        assert!(shown.contains("admin@acme.example"), "every user it touched:\n{shown}");
        assert_snapshot!(format!("ip_view_{width}x{height}"), shown);
    }
}

#[test]
fn enter_on_a_user_investigates_them_by_id_and_tab_enter_opens_an_event() {
    let mut state = ip_view(80, 24);
    // Worst first: ana (2 events, 1 failure, 1 success) leads the one-failure users by events.
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Investigate { user, .. }] if user == "00u1"), "{effects:?}");
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.route(), &Route::Ip(SPRAYER.into()));

    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.route(), Route::Event { name } if name == "user.session.start"), "{:?}", state.route());
    let view = state.event.as_ref().unwrap();
    assert_eq!(view.event.outcome.as_deref(), Some("SUCCESS"), "the newest event first");
}

#[test]
fn t_tails_the_address_and_y_copies_the_selected_user() {
    let mut state = ip_view(80, 24);
    let effects = update(&mut state, ch('y'));
    assert!(matches!(effects.as_slice(), [Effect::Copy(text)] if text == "ana.silva@acme.example"), "{effects:?}");
    let effects = update(&mut state, ch('t'));
    assert_eq!(state.route(), &Route::Logs);
    let [Effect::CheckLogQuery { query, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(query.filter.as_deref(), Some("client.ipAddress eq \"198.51.100.9\""));
}

#[test]
fn d_describes_a_user_the_address_touched() {
    let mut state = ip_view(80, 24);
    // ana (two events) leads; admin comes next, by login among the one-event users.
    update(&mut state, ch('j'));
    update(&mut state, ch('d'));
    let shown = screen(&state);
    assert!(shown.contains("admin@acme.example") && shown.contains("Okta resolved no user"), "{shown}");
}
