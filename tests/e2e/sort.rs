//! Issue 19, acceptance 1 (sort): `oktui demo` at 80×24 in a pseudo-terminal; once every
//! user has arrived, shift+L sorts the users by login (the header says `LOGIN↑`), again
//! reverses them (`LOGIN↓`), and the rows on screen follow each time.

use std::time::Duration;

use crate::console::one_demo;
use crate::harness::Tui;

const STARTUP: Duration = Duration::from_secs(20);
/// The debug build's simulated org backfills its System Log before the users arrive.
const ALL_USERS: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

/// The logins on screen, top to bottom (rows whose login is drawn whole).
fn logins(screen: &vt100::Screen) -> Vec<String> {
    screen
        .contents()
        .lines()
        .filter_map(|l| l.split_whitespace().find(|w| w.ends_with("@acme.example")).map(str::to_lowercase))
        .collect()
}

/// Whether the screen shows at least a screenful of logins in order (`descending` or not)
/// under a header marked so.
fn sorted_on_screen(screen: &vt100::Screen, mark: &str, descending: bool) -> bool {
    let shown = logins(screen);
    let in_order = shown.windows(2).all(|w| if descending { w[0] >= w[1] } else { w[0] <= w[1] });
    screen.contents().contains(&format!("LOGIN{mark}")) && shown.len() >= 10 && in_order
}

#[test]
fn shift_l_sorts_the_demos_users_by_login_and_again_reverses_them() {
    let _demo = one_demo();
    let mut tui = Tui::spawn(&["demo", "--users", "300"], &[], 80, 24);
    tui.wait_until("the console's first frame", STARTUP, |s| s.alternate_screen() && s.contents().contains("oktui"));
    tui.wait_until("every user", ALL_USERS, |s| {
        let text = s.contents();
        text.contains("Users · ") && !text.contains("more coming") && logins(s).len() >= 10
    });
    let arrived = tui.screen(logins);
    let mut sorted = arrived.clone();
    sorted.sort();
    assert_ne!(arrived, sorted, "the demo's users do not arrive sorted by login: {arrived:?}");

    // `g` after the sort: the selection stayed on its row, wherever that went; the top is
    // the first login of the org.
    tui.send("L");
    tui.send("g");
    tui.wait_until("the users sorted by login", STEP, |s| sorted_on_screen(s, "↑", false));
    let ascending = tui.screen(logins);
    assert_ne!(ascending, arrived, "the order changed");

    tui.send("L");
    tui.send("g");
    // `g` may arrive a frame after `L`: until it does, the selection's row is in view.
    tui.wait_until("the users sorted by login the other way, from the top", STEP, |s| {
        sorted_on_screen(s, "↓", true) && logins(s).first() > ascending.last()
    });
    let descending = tui.screen(logins);
    assert!(descending.iter().all(|l| !ascending.contains(l)), "the other end of the org: {descending:?}");

    tui.send("q");
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 0, "exit code; the screen shows:\n{}", tui.screen_text());
}
