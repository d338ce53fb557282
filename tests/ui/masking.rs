//! Masking for shared screens (issue 19): `m` puts every login, email, name and IP on screen
//! as the session's pseudonyms, with a MASKED badge; copies and exports made while masked are
//! masked too; unmasking waits for its record in the audit journal.

use insta::assert_snapshot;
use oktui::app::effect::Effect;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, Masker};
use oktui::app::update::update;

use crate::fixtures::{bucket, ch, console, deliver, login, screen, tail_events, tail_generation, user, users};

/// The users pane with users `0..n` loaded, its masker's key fixed (so the pseudonyms of the
/// snapshots do not change), then masked with `m`.
fn masked_users(width: u16, height: u16, n: usize) -> AppState {
    let (mut state, generation) = console(width, height);
    state.mask = Masker::with_key([5; 32], false);
    deliver(&mut state, ListKind::Users, generation, vec![users(n)], true);
    update(&mut state, Msg::RateLimits(vec![bucket("/api/v1/users", 600, 561)]));
    let effects = update(&mut state, ch('m'));
    assert!(effects.is_empty(), "masking needs no journal record: {effects:?}");
    state
}

/// Every login, email and name of users `0..n`, and their words.
fn real_values(n: usize) -> Vec<String> {
    let mut values = Vec::new();
    for u in users(n) {
        let p = &u["profile"];
        for field in ["login", "firstName", "lastName"] {
            values.push(p[field].as_str().unwrap().to_string());
        }
        values.push(p["login"].as_str().unwrap().split('@').next().unwrap().to_string());
    }
    values
}

#[test]
fn a_masked_users_pane_shows_pseudonyms_in_the_same_cells() {
    for (width, height) in [(80, 24), (120, 40)] {
        let state = masked_users(width, height, 40);
        let text = screen(&state);
        assert!(text.contains("MASKED"), "{text}");
        for real in real_values(40) {
            assert!(!text.contains(&real), "{real} on a masked screen:\n{text}");
        }
        assert_snapshot!(format!("users_masked_{width}x{height}"), text);
    }
}

#[test]
fn the_logs_pane_masks_addresses_and_actors() {
    let mut state = masked_users(120, 40, 10);
    let generation = tail_generation(&update(&mut state, ch('5')));
    tail_events(&mut state, generation, 0..30);
    let text = screen(&state);
    assert!(!text.contains("198.51.100."), "an address on a masked screen:\n{text}");
    for real in real_values(16) {
        assert!(!text.contains(&real), "{real} on a masked screen:\n{text}");
    }
    assert!(text.contains("ip-"), "{text}");
}

#[test]
fn copies_and_exports_made_while_masked_are_masked() {
    let mut state = masked_users(80, 24, 40);
    let effects = update(&mut state, ch('y'));
    let [Effect::Copy(copied)] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(*copied, state.mask.login(&login()), "the pseudonym on the clipboard");
    let effects = update(&mut state, ch('e'));
    let [Effect::Export { mask: Some(mask), rows, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let mut mask = mask.clone();
    let masked = mask.json(&rows[0]).to_string();
    assert!(!masked.contains(&login()) && masked.contains(&state.mask.login(&login())), "{masked}");
    // One session, one pseudonym: the export's masker agrees with the screen's.
    assert!(screen(&state).contains(&state.mask.login(&login())[..12]));
}

#[test]
fn unmasking_waits_for_the_journal_and_stays_masked_when_it_cannot_be_written() {
    let mut state = masked_users(80, 24, 10);
    let effects = update(&mut state, ch('m'));
    assert!(
        matches!(effects.as_slice(), [Effect::JournalUnmask { operator, .. }] if *operator == state.context.operator),
        "{effects:?}"
    );
    assert!(state.mask.on, "still masked until the record is written");
    update(&mut state, Msg::Unmasked(Err("disk full".into())));
    assert!(state.mask.on, "not written: still masked");
    assert!(state.flash.as_deref().is_some_and(|f| f.contains("still masked") && f.contains("disk full")));
    update(&mut state, ch('m'));
    update(&mut state, Msg::Unmasked(Ok(())));
    assert!(!state.mask.on);
    let text = screen(&state);
    assert!(text.contains(user(0)["profile"]["login"].as_str().unwrap()) && !text.contains("MASKED"), "{text}");
}
