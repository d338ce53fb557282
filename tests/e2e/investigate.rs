//! The investigation view and the hunts end to end: `oktui demo` in a pseudo-terminal.
//! `:investigate` renders the report with its chart and world map; and from a hunt's
//! spray finding, the victim's investigation proposes a suspension that `a` turns into the
//! approval dialog: approved, the user reads SUSPENDED and `:audit` lists the action.

use std::time::Duration;

use crate::console::one_demo;
use crate::harness::{Tui, ENTER};

const STARTUP: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(30);

/// Whether the screen has braille cells (the world map's outline) and block bars (the chart).
fn has_map_and_bars(text: &str) -> bool {
    let braille = text.chars().filter(|c| ('\u{2800}'..='\u{28ff}').contains(c)).count();
    let bars = text.chars().any(|c| ('\u{2581}'..='\u{2588}').contains(&c));
    braille > 50 && bars
}

#[test]
fn the_investigation_view_renders_with_the_map_and_the_chart() {
    let _one = one_demo();
    let mut tui = Tui::spawn(&["demo", "--users", "200"], &[], 120, 40);
    tui.wait_until("a users row", STARTUP, |s| s.contents().contains("@acme."));
    tui.send(":investigate priya.raman@acme.example");
    tui.send(ENTER);
    tui.wait_for("Sign-ins per hour", STEP);
    // The demo may still be writing its history: read again until the brute force is in.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    while !tui.screen_text().contains("was locked out") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_secs(3));
        tui.send("r");
    }
    tui.wait_for("was locked out", STEP);
    tui.wait_for("Chisinau", STEP);
    let screen = tui.screen_text();
    assert!(screen.contains("Where · "), "{screen}");
    assert!(screen.contains("Priya Raman") && screen.contains("LOCKED_OUT"), "{screen}");
    assert!(has_map_and_bars(&screen), "the map and the chart are drawn:\n{screen}");
    tui.send("q");
    assert!(tui.finish(STEP).cooked());
}
