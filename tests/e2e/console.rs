//! Acceptance 1 of issue 4: `oktui demo` in a pseudo-terminal, driven as a person would:
//! users appear, filter to one, open the detail and go back, switch panes with `:` and with
//! numbers, open and close help, resize through the too-small screen, quit with `q`, and the
//! terminal is left as it was found. Once with colours, once at 80×24 with `NO_COLOR=1`.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::harness::{has_flags, row_text, Tui, ENTER, ESC};
use crate::sgr::{self, Sgr};

/// Until the console's first frame (it opens before the simulated org is built).
const STARTUP: Duration = Duration::from_secs(20);
/// From the first frame to the first users row (the target is 3 s, release). The
/// debug build's simulated org spends 12–20 s backfilling a day of System Log first.
const FIRST_USERS: Duration = Duration::from_secs(45);
/// Any one step of the tour.
const STEP: Duration = Duration::from_secs(10);

/// The persona the tour filters to.
const PERSONA: &str = "marcus.oyelaran";

/// The screen's rows showing a user of the org (logins may be cut at narrow widths).
fn user_rows(screen: &vt100::Screen) -> Vec<String> {
    screen.contents().lines().filter(|l| l.contains("@acme.")).map(str::to_string).collect()
}

/// Whether the whole screen is a pane drawn for `cols`×`rows`: the hint bar on the last
/// row, a pane border ending in the last column, and `marker` in the pane.
fn drawn_at(screen: &vt100::Screen, cols: u16, rows: u16, marker: &str) -> bool {
    let text = screen.contents();
    let border_at_edge = (0..rows).any(|r| screen.cell(r, cols - 1).is_some_and(|c| c.contents() == "┐"));
    text.contains(marker)
        && !text.contains("too small")
        && row_text(screen, rows - 1).contains("help")
        && border_at_edge
}

/// One `oktui demo` at a time: two simulated orgs backfilling at once on a 2-core machine
/// would double the wait for both.
static DEMO: Mutex<()> = Mutex::new(());

/// Holds [`DEMO`]; a test that failed holding it does not fail the next one.
pub(crate) fn one_demo() -> MutexGuard<'static, ()> {
    DEMO.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts `oktui demo --users 300` at `cols`×`rows` and waits for users; prints the timings.
fn start(label: &str, cols: u16, rows: u16, env: &[(&str, String)]) -> Tui {
    let tui = Tui::spawn(&["demo", "--users", "300"], env, cols, rows);
    tui.wait_until("the console's first frame", STARTUP, |s| s.alternate_screen() && s.contents().contains("oktui"));
    let first_frame = tui.elapsed();
    let to_users = tui.wait_until("a users row", FIRST_USERS, |s| !user_rows(s).is_empty());
    eprintln!("e2e {label}: first frame {first_frame:.1?} after start; first users row {to_users:.1?} after that");
    tui.wait_for("DEMO", STEP);
    let flags = tui.local_flags().expect("the pty's termios are readable");
    assert!(!has_flags(&flags, &["ICANON"]) && !has_flags(&flags, &["ECHO"]), "raw mode while running: {flags}");
    tui
}

/// Filter, detail, panes, help, resizes (`resizes`, ending at the starting size), quit.
fn tour(tui: &mut Tui, resizes: &[(u16, u16)]) {
    tui.send(&format!("/{PERSONA}"));
    tui.wait_until("the filter to leave one user", STEP, |s| {
        let rows = user_rows(s);
        rows.len() == 1 && rows[0].contains(&format!("{PERSONA}@"))
    });
    tui.send(ENTER);
    tui.send(ENTER);
    tui.wait_until("the user's detail", STEP, |s| {
        let text = s.contents();
        text.contains("Profile") && text.contains(&format!("{PERSONA}@acme.example"))
    });
    tui.send(ESC);
    tui.wait_until("the filtered list again", STEP, |s| !s.contents().contains("Profile") && user_rows(s).len() == 1);

    tui.send(":apps");
    tui.send(ENTER);
    tui.wait_until("the apps pane", STEP, |s| s.contents().contains("SIGN-ON") && s.contents().contains("Salesforce"));
    tui.send("3");
    tui.wait_until("the groups pane", STEP, |s| s.contents().contains("Everyone") && s.contents().contains("BUILT_IN"));
    tui.send("4");
    tui.wait_until("the policies pane", STEP, |s| s.contents().contains("OKTA_SIGN_ON"));

    tui.send("?");
    // The policies' own keys come first; the global ones (this one's among them) below.
    tui.wait_until("the help page", STEP, |s| {
        s.contents().contains("Help") && s.contents().contains("Policies list") && s.contents().contains("Esc close")
    });
    tui.send(ESC);
    tui.wait_gone("Esc close", STEP);
    tui.wait_for("OKTA_SIGN_ON", STEP);

    for &(cols, rows) in resizes {
        tui.resize(cols, rows);
        if cols < 60 || rows < 20 {
            tui.wait_for("terminal too small", STEP);
            tui.wait_for(&format!("{cols}×{rows} here"), STEP);
        } else {
            tui.wait_until(&format!("the policies pane at {cols}×{rows}"), STEP, |s| {
                drawn_at(s, cols, rows, "OKTA_SIGN_ON")
            });
        }
    }

    tui.send("q");
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 0, "exit code; the screen shows:\n{}", tui.screen_text());
    assert!(exit.cooked(), "the pty is back in cooked mode (ICANON and ECHO): {:?}", exit.local_flags);
    tui.screen(|s| {
        assert!(!s.alternate_screen(), "back on the main screen");
        assert!(!s.hide_cursor(), "the cursor is visible");
        assert_eq!(s.contents().trim(), "", "nothing printed on the main screen");
    });
}

#[test]
fn demo_console_tour_restores_the_terminal() {
    let _demo = one_demo();
    let mut tui = start("100x30", 100, 30, &[]);
    tour(&mut tui, &[(120, 40), (80, 24), (50, 15), (100, 30)]);
}

#[test]
fn no_color_console_at_80x24_marks_selection_by_reverse_video_only() {
    let _demo = one_demo();
    let mut tui = start("80x24 NO_COLOR", 80, 24, &[("NO_COLOR", "1".to_string())]);
    tui.screen(|s| {
        let (selected, plain) = selection(s);
        assert_eq!(selected.len(), 1, "one selected users row in reverse video:\n{}", s.contents());
        assert!(selected[0].contains('▶'), "the reverse row is the selected one: {selected:?}");
        assert!(!plain.is_empty(), "other users rows are not reversed");
    });
    tour(&mut tui, &[(50, 15), (80, 24)]);
    let params = sgr::parameters(&tui.raw());
    let colours: Vec<&Sgr> = params.iter().filter(|p| matches!(p, Sgr::Colour(_))).collect();
    assert!(colours.is_empty(), "NO_COLOR, yet the stream selects colours: {colours:?}");
    assert!(params.contains(&Sgr::Reverse), "the selection is drawn in reverse video (SGR 7)");
}

/// The users rows whose login is drawn in reverse video, and those that are not.
fn selection(screen: &vt100::Screen) -> (Vec<String>, Vec<String>) {
    let (rows, cols) = screen.size();
    let (mut selected, mut plain) = (Vec::new(), Vec::new());
    for r in 0..rows.get() {
        let at = (0..cols.get()).find(|&c| screen.cell(r, c).is_some_and(|cell| cell.contents() == "@"));
        let Some(at) = at else { continue };
        let reversed = screen.cell(r, at).is_some_and(vt100::Cell::inverse);
        if reversed { &mut selected } else { &mut plain }.push(row_text(screen, r));
    }
    (selected, plain)
}
