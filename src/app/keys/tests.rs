use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(a, k)| (a.to_string(), k.to_string())).collect()
}

#[test]
fn every_action_has_a_key_and_a_name() {
    let map = KeyMap::defaults();
    for (action, name) in KeyAction::ALL {
        assert_eq!(action.name(), name);
        assert_eq!(KeyAction::from_name(name), Some(action));
        let bound = map.bindings().iter().filter(|b| b.action == action).collect::<Vec<_>>();
        assert!(!bound.is_empty(), "{name} has no binding");
        assert!(bound.iter().all(|b| !b.keys.is_empty()), "{name} has a binding with no key");
    }
}

#[test]
fn defaults_have_no_collisions() {
    assert_eq!(KeyMap::defaults().check_collisions(), Ok(()));
}

#[test]
fn design_keys_map_to_their_actions() {
    let map = KeyMap::defaults();
    let cases = [
        (ch('?'), Context::Global, KeyAction::Help),
        (ch(':'), Context::Apps, KeyAction::CommandLine),
        (ch('1'), Context::Logs, KeyAction::GoUsers),
        (ch('7'), Context::Detail, KeyAction::GoMfa),
        (ch('/'), Context::Apps, KeyAction::Filter),
        (press(KeyCode::Enter, KeyModifiers::NONE), Context::Apps, KeyAction::Open),
        (press(KeyCode::Esc, KeyModifiers::NONE), Context::Detail, KeyAction::Back),
        (ch('j'), Context::Apps, KeyAction::Down),
        (press(KeyCode::Up, KeyModifiers::NONE), Context::Apps, KeyAction::Up),
        (press(KeyCode::Home, KeyModifiers::NONE), Context::Apps, KeyAction::Top),
        (press(KeyCode::PageDown, KeyModifiers::NONE), Context::Logs, KeyAction::PageDown),
        (press(KeyCode::Char('d'), KeyModifiers::CONTROL), Context::Logs, KeyAction::PageDown),
        (press(KeyCode::Char('u'), KeyModifiers::CONTROL), Context::Apps, KeyAction::PageUp),
        (ch('i'), Context::Logs, KeyAction::Investigate),
        (ch('s'), Context::UserDetail, KeyAction::Suspend),
        (ch('a'), Context::Hunt, KeyAction::ActOnFinding),
        (ch('f'), Context::Logs, KeyAction::Follow),
        (ch('y'), Context::Apps, KeyAction::Copy),
        (ch('r'), Context::Apps, KeyAction::Retry),
        (ch('q'), Context::Investigation, KeyAction::Quit),
        (press(KeyCode::Char('c'), KeyModifiers::CONTROL), Context::Apps, KeyAction::Quit),
    ];
    for (event, context, action) in cases {
        assert_eq!(map.action_for(&event, context, false), Some(action), "{event:?} in {context:?}");
    }
    assert_eq!(map.action_for(&ch('f'), Context::Apps, false), None, "follow is for the log tail only");
    assert_eq!(map.action_for(&ch('x'), Context::Apps, false), None);
}

#[test]
fn the_approval_dialog_is_modal_and_keeps_its_own_keys() {
    let map = KeyMap::defaults();
    assert_eq!(map.action_for(&ch('r'), Context::Approval, false), Some(KeyAction::ToggleOauthTokens));
    assert_eq!(map.action_for(&ch('f'), Context::Approval, false), Some(KeyAction::ToggleForgetDevices));
    assert_eq!(map.action_for(&ch('r'), Context::Apps, false), Some(KeyAction::Retry), "r stays retry outside");
    assert_eq!(map.action_for(&ch('q'), Context::Approval, false), None, "global keys do not apply in the dialog");
    assert_eq!(map.key_label(KeyAction::ToggleForgetDevices, Context::Approval).as_deref(), Some("f"));
    // A dialog key may share a global key, but not one the dialog moves, chooses or cancels with.
    assert!(KeyMap::defaults().with_overrides(&overrides(&[("toggle_forget_devices", "q")])).is_ok());
    for key in ["n", "Enter", "Tab", "Esc", "l"] {
        let err = KeyMap::defaults().with_overrides(&overrides(&[("toggle_forget_devices", key)])).unwrap_err();
        assert!(matches!(err, KeyMapError::Reserved { action: "toggle_forget_devices", .. }), "{key}: {err}");
    }
}

#[test]
fn each_pane_takes_only_its_own_keys() {
    let map = KeyMap::defaults();
    let takes = |context, c| map.action_for(&ch(c), context, false);
    assert_eq!(takes(Context::Apps, 'i'), None, "apps, groups and policies have no user to investigate");
    assert_eq!(takes(Context::Apps, 's'), None);
    assert_eq!(takes(Context::Investigation, 'p'), None, "p is :hunt's");
    assert_eq!(takes(Context::Hunt, 'p'), Some(KeyAction::Preset));
    assert_eq!(takes(Context::Audit, '/'), None, "the audit pane has no filter");
    assert_eq!(takes(Context::Ip, '/'), None);
    assert_eq!(takes(Context::Mfa, 'o'), Some(KeyAction::Sort));
    assert_eq!(takes(Context::Mfa, 'w'), Some(KeyAction::IncludeWeak));
    assert_eq!(takes(Context::Mfa, 'e'), Some(KeyAction::Export));
    let mfa: Vec<String> = map.hints(Context::Mfa, false).into_iter().map(|(k, _)| k).collect();
    for key in ["o", "w", "e", "/"] {
        assert!(mfa.contains(&key.to_string()), "{key} missing from {mfa:?}");
    }
}

#[test]
fn uppercase_matches_with_or_without_shift() {
    let map = KeyMap::defaults();
    for event in [
        press(KeyCode::Char('G'), KeyModifiers::NONE),
        press(KeyCode::Char('G'), KeyModifiers::SHIFT),
        press(KeyCode::Char('g'), KeyModifiers::SHIFT),
    ] {
        assert_eq!(map.action_for(&event, Context::Apps, false), Some(KeyAction::Bottom), "{event:?}");
    }
    let question = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(map.action_for(&question, Context::Apps, false), Some(KeyAction::Help));
}

#[test]
fn key_releases_are_ignored() {
    let mut event = ch('q');
    event.kind = KeyEventKind::Release;
    assert_eq!(KeyMap::defaults().action_for(&event, Context::Apps, false), None);
}

#[test]
fn read_only_hides_actions_that_change_the_org() {
    let map = KeyMap::defaults();
    for (event, context) in
        [(ch('s'), Context::Users), (ch('u'), Context::UserDetail), (ch('c'), Context::Users), (ch('a'), Context::Hunt)]
    {
        assert!(map.action_for(&event, context, false).is_some());
        assert_eq!(map.action_for(&event, context, true), None, "{event:?}");
    }
    for context in Context::ALL {
        let hints = map.hints(context, true);
        assert!(hints.iter().all(|(_, label)| !["suspend", "unsuspend", "clear sessions", "act"].contains(label)));
    }
    assert!(map.hints(Context::Users, false).iter().any(|(_, label)| *label == "suspend"));
    assert_eq!(map.action_for(&ch('i'), Context::Users, true), Some(KeyAction::Investigate));
}

#[test]
fn hints_put_context_keys_before_most_global_ones() {
    let hints = KeyMap::defaults().hints(Context::Logs, false);
    assert_eq!(hints[0], ("?".to_string(), "help"));
    assert_eq!(hints[1], ("f".to_string(), "follow"));
    assert!(hints.iter().all(|(_, label)| *label != "suspend"));
}

#[test]
fn remapping_replaces_an_actions_keys_everywhere() {
    let map = KeyMap::defaults().with_overrides(&overrides(&[("suspend", "Z"), ("down", "n,Down")])).unwrap();
    assert_eq!(map.action_for(&ch('Z'), Context::Users, false), Some(KeyAction::Suspend));
    assert_eq!(map.action_for(&ch('Z'), Context::UserDetail, false), Some(KeyAction::Suspend));
    assert_eq!(map.action_for(&ch('s'), Context::Users, false), None);
    assert_eq!(map.action_for(&ch('n'), Context::Logs, false), Some(KeyAction::Down));
    assert_eq!(map.action_for(&ch('j'), Context::Logs, false), None);
    assert!(map.hints(Context::Users, false).contains(&("Z".to_string(), "suspend")));
}

#[test]
fn swapping_two_keys_is_allowed() {
    let map = KeyMap::defaults().with_overrides(&overrides(&[("up", "j"), ("down", "k")])).unwrap();
    assert_eq!(map.action_for(&ch('j'), Context::Apps, false), Some(KeyAction::Up));
}

#[test]
fn remapping_refuses_unknown_actions() {
    let err = KeyMap::defaults().with_overrides(&overrides(&[("nuke", "n")])).unwrap_err();
    assert!(matches!(err, KeyMapError::UnknownAction { .. }));
    assert!(err.to_string().contains("nuke") && err.to_string().contains("go_users"));
}

#[test]
fn remapping_refuses_bad_keys() {
    for text in ["", "nope", "j,", "shift-1"] {
        let err = KeyMap::defaults().with_overrides(&overrides(&[("down", text)])).unwrap_err();
        assert!(matches!(err, KeyMapError::BadKey { action: "down", .. }), "{text}: {err}");
    }
}

#[test]
fn remapping_refuses_collisions_in_overlapping_contexts() {
    let err = KeyMap::defaults().with_overrides(&overrides(&[("follow", "j")])).unwrap_err();
    assert_eq!(err, KeyMapError::Collision { key: "j".into(), first: "down", second: "follow", context: "Log tail" });
    assert!(err.to_string().contains("`j`"));
    // Contexts that never meet may share a key.
    assert!(KeyMap::defaults().with_overrides(&overrides(&[("follow", "s")])).is_ok());
}

#[test]
fn remapping_refuses_risky_chords_for_actions_that_change_the_org() {
    for key in ["ctrl-d", "ctrl-k", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-z", "ctrl-s", "ctrl-q", "ctrl-u", "x,ctrl-D"] {
        let err = KeyMap::defaults().with_overrides(&overrides(&[("clear_sessions", key)])).unwrap_err();
        assert!(matches!(err, KeyMapError::RiskyChord { action: "clear_sessions", .. }), "{key}: {err}");
        assert!(err.to_string().contains("ctrl-"), "{err}");
    }
    assert!(KeyMap::defaults().with_overrides(&overrides(&[("suspend", "ctrl-x")])).is_ok());
    let paging = overrides(&[("page_down", "ctrl-f"), ("page_up", "ctrl-b")]);
    assert!(KeyMap::defaults().with_overrides(&paging).is_ok(), "navigation may use any chord");
}

#[test]
fn key_specs_round_trip() {
    for text in [
        "j",
        "G",
        "?",
        ":",
        "/",
        "-",
        "ctrl-u",
        "ctrl--",
        "alt-j",
        "ctrl-alt-x",
        "F5",
        "F12",
        "Enter",
        "Esc",
        "Tab",
        "BackTab",
        "Space",
        "Comma",
        "Backspace",
        "Del",
        "Ins",
        "Up",
        "Down",
        "Left",
        "Right",
        "Home",
        "End",
        "PgUp",
        "PgDn",
        "shift-Up",
        "é",
    ] {
        let spec: KeySpec = text.parse().unwrap();
        assert_eq!(spec.to_string(), text);
        assert_eq!(spec.to_string().parse::<KeySpec>().unwrap(), spec);
    }
}

#[test]
fn key_specs_accept_other_spellings() {
    let same = [
        ("CTRL-U", "ctrl-u"),
        ("ctrl-U", "ctrl-u"),
        ("shift-g", "G"),
        ("shift-tab", "BackTab"),
        ("pagedown", "PgDn"),
        ("escape", "Esc"),
        ("return", "Enter"),
        ("f5", "F5"),
        (" j ", "j"),
    ];
    for (written, canonical) in same {
        assert_eq!(written.parse::<KeySpec>().map(|k| k.to_string()), Ok(canonical.to_string()), "{written:?}");
    }
    for bad in ["", "ctrl-", "F0", "F25", "Hello", "shift-1"] {
        assert!(bad.parse::<KeySpec>().is_err(), "{bad:?}");
    }
    assert_eq!(parse_list("j,Down,j").unwrap().len(), 2);
}
