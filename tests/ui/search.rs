//! The users filter also asks the server, after a pause in typing, while the listing is
//! still streaming; the answers join the list once each.

use oktui::app::effect::Effect;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::update::update;

use crate::fixtures::{ch, console, deliver, type_text, user, users, users_loaded};

fn ticks(state: &mut oktui::app::state::AppState, n: usize) -> Vec<Effect> {
    (0..n).flat_map(|_| update(state, Msg::Tick)).collect()
}

#[test]
fn a_pause_in_typing_searches_the_server_while_the_listing_streams() {
    let (mut state, generation) = console(120, 40);
    deliver(&mut state, ListKind::Users, generation, vec![users(3)], false);
    update(&mut state, ch('/'));
    assert!(type_text(&mut state, "ana").is_empty(), "typing asks nothing at once");
    assert!(ticks(&mut state, 1).is_empty(), "not before the pause");
    let effects = ticks(&mut state, 2);
    assert!(
        matches!(effects.as_slice(), [Effect::SearchUsers { query, generation: g }] if query == "ana" && *g == generation),
        "{effects:?}"
    );
    assert!(ticks(&mut state, 5).is_empty(), "one search per pause");

    // The answer and the listing bring the same user: shown once.
    let found = user(500);
    update(&mut state, Msg::Page { kind: ListKind::Users, generation, items: vec![found.clone()], done: false });
    deliver(&mut state, ListKind::Users, generation, vec![vec![found]], true);
    assert_eq!(state.lists[&ListKind::Users].rows.len(), 4);
}

#[test]
fn no_server_search_once_every_user_is_here() {
    let mut state = users_loaded(120, 40, 5);
    update(&mut state, ch('/'));
    type_text(&mut state, "ana");
    assert!(ticks(&mut state, 5).is_empty());
}
