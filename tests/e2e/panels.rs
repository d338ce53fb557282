//! Issue 19, acceptance 1: at 80×24 in a pseudo-terminal, `oktui demo`'s cut cells are
//! whole in the describe view (`d`), and `z` shows one panel of an investigation on the
//! whole screen, Tab moving to the next.

use std::time::Duration;

use crate::console::one_demo;
use crate::harness::{Tui, ENTER, ESC};

/// The MFA sweep of the demo's 300 users, in the debug build.
const SWEEP: Duration = Duration::from_secs(90);
const STEP: Duration = Duration::from_secs(10);

/// The selected row's line (marked `▶`), if one is on screen.
fn selected(screen: &vt100::Screen) -> Option<String> {
    screen.contents().lines().find(|l| l.contains('▶')).map(str::to_string)
}

/// The text before the `…` of the first cut word of `line`.
fn cut_prefix(line: &str) -> Option<String> {
    let word = line.split(|c: char| c.is_whitespace() || c == '│').find(|w| w.ends_with('…'))?;
    let prefix = word.trim_start_matches('▶').trim_end_matches('…');
    (prefix.chars().count() >= 4).then(|| prefix.to_string())
}

/// A word on screen that starts with `prefix`, is longer and is not cut.
fn whole_word(screen: &vt100::Screen, prefix: &str) -> Option<String> {
    screen
        .contents()
        .split(|c: char| c.is_whitespace() || c == '│')
        .find(|w| w.starts_with(prefix) && w.len() > prefix.len() && !w.contains('…'))
        .map(str::to_string)
}

#[test]
fn a_cut_row_of_the_mfa_gaps_is_whole_in_its_describe_view_at_80x24() {
    let _one = one_demo();
    let mut tui = Tui::demo(300, 80, 24);
    tui.send("7");
    // At 80 columns the gap list cuts its logins and names (`chris.doyle@acme.exam…`).
    tui.wait_until("a cut row selected in the MFA gaps", SWEEP, |s| {
        selected(s).as_deref().and_then(cut_prefix).is_some()
    });
    let prefix = tui.screen(|s| selected(s).as_deref().and_then(cut_prefix)).expect("a cut cell");

    tui.send("d");
    tui.wait_until("the describe view with the cut value whole", STEP, |s| {
        s.contents().contains("Esc back") && whole_word(s, &prefix).is_some()
    });
    let whole = tui.screen(|s| whole_word(s, &prefix)).expect("the whole value");
    eprintln!("e2e: `{prefix}…` is `{whole}` in the describe view");

    tui.send(ESC);
    tui.wait_until("back on the gaps, the cell cut again", STEP, |s| whole_word(s, &prefix).is_none());
    tui.send("q");
    assert!(tui.finish(STEP).cooked());
}

#[test]
fn z_shows_one_panel_of_an_investigation_on_the_whole_screen_and_tab_the_next_at_80x24() {
    let _one = one_demo();
    let mut tui = Tui::demo(300, 80, 24);
    tui.send(":investigate marcus.oyelaran@acme.example");
    tui.send(ENTER);
    let both = |s: &vt100::Screen| {
        let text = s.contents();
        text.contains("Findings (") && text.contains("Sign-ins per hour")
    };
    tui.wait_until("the findings beside the chart", STEP, |s| both(s) && s.contents().contains("mfa_fatigue"));
    // Unzoomed, a finding's summary is cut by the chart beside it.
    let summary = |s: &vt100::Screen| s.contents().contains("Okta Verify pushes to");

    tui.send("z");
    tui.wait_until("the findings alone, their summaries wider", STEP, |s| {
        let text = s.contents();
        text.contains("Findings (") && !text.contains("Sign-ins per hour") && summary(s)
    });

    tui.send("\t");
    tui.wait_until("the chart alone", STEP, |s| {
        let text = s.contents();
        text.contains("Sign-ins per hour") && !text.contains("Findings (")
    });

    tui.send("z");
    tui.wait_until("both panels again", STEP, both);
    tui.send("q");
    assert!(tui.finish(STEP).cooked());
}
