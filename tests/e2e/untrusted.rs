//! Acceptance 2 of issue 4: a user whose name carries a title-setting OSC, a screen clear
//! and bidi overrides. Neither the bytes the terminal receives nor the export may carry any
//! of it, and the window title is never touched.

use std::path::PathBuf;
use std::time::Duration;

use oktui::sim::{SimConfig, SimServer};

use crate::common;
use crate::harness::{Tui, ENTER, ESC};

/// Startup without an in-process org is quicker than `oktui demo`'s, but the machine may
/// be busy.
const STARTUP: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// The user renamed.
const LOGIN: &str = "elena.sokolova@acme.example";
/// Sets the window title to "pwned", then clears the screen.
const FIRST: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2JEvil";
/// Right-to-left override: "gnp.exe" would read as "exe.png".
const LAST: &str = "\u{202e}gnp.exe\u{202c}";

/// The injected sequences, as bytes, none of which may reach the terminal or the export.
const FORBIDDEN: &[(&str, &[u8])] = &[
    ("an OSC 0 (window title)", b"\x1b]0;"),
    ("the title's payload", b"pwned"),
    ("BEL, the OSC's terminator", b"\x07"),
    ("the injected screen clear", b"\x1b[2JEvil"),
    ("U+202E RIGHT-TO-LEFT OVERRIDE", "\u{202e}".as_bytes()),
    ("U+202C POP DIRECTIONAL FORMATTING", "\u{202c}".as_bytes()),
];

/// A small, still org on loopback, with one user renamed to the hostile name.
fn hostile_org(rt: &tokio::runtime::Runtime) -> SimServer {
    let config = SimConfig { users: 50, live_log: false, log_backfill_secs: 600, ..SimConfig::default() };
    let sim = rt.block_on(common::start(config));
    {
        let mut org = sim.state().org_mut();
        let user = org.users.iter_mut().find(|u| u.profile.login == LOGIN).expect("the persona exists");
        user.profile.first_name = FIRST.to_string();
        user.profile.last_name = LAST.to_string();
        user.profile.display_name = format!("{FIRST} {LAST}");
    }
    sim
}

/// `oktui` (no subcommand) on `sim`, filtered to the renamed user.
fn console_on(sim: &SimServer) -> Tui {
    let creds = sim.credentials();
    let env = [("OKTA_CLIENT_ORGURL", creds.url.clone()), ("OKTA_CLIENT_TOKEN", creds.api_token.clone())];
    let mut tui = Tui::spawn(&[], &env, 120, 30);
    tui.wait_until("a users row", STARTUP, |s| s.contents().contains("@acme.example"));
    tui.send("/elena.sokolova");
    tui.wait_until("the renamed user alone", STEP, |s| {
        let rows: Vec<String> = s.contents().lines().filter(|l| l.contains("@acme.")).map(str::to_string).collect();
        rows.len() == 1 && rows[0].contains(LOGIN) && rows[0].contains("Evil")
    });
    tui.send(ENTER);
    tui
}

/// Opens the selected user's detail and waits for it.
fn open_detail(tui: &mut Tui) {
    tui.send(ENTER);
    tui.wait_until("the renamed user's detail", STEP, |s| {
        let text = s.contents();
        text.contains("Profile") && text.contains(LOGIN) && text.contains("Evil")
    });
}

/// Presses `e`, waits for the status line naming the data dir, returns the files (CSV and
/// JSON).
fn export(tui: &mut Tui) -> Vec<PathBuf> {
    tui.send("e");
    let dir = tui.data_dir();
    tui.wait_for(&format!("to {}", dir.display()), STEP);
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("oktui-users-"))
        .collect();
    assert_eq!(files.len(), 2, "a CSV and a JSON export in {}: {files:?}", dir.display());
    files
}

/// Quits and checks the stream, the title and the export.
fn quit_and_check(mut tui: Tui, exported: &[PathBuf]) {
    tui.send(ESC);
    tui.wait_gone("Profile", STEP);
    tui.send("q");
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 0, "exit code; the screen shows:\n{}", tui.screen_text());
    let raw = tui.raw();
    for (what, bytes) in FORBIDDEN {
        assert!(!contains(&raw, bytes), "the terminal received {what}");
    }
    assert!(tui.titles().iter().all(|t| !t.contains("pwned")), "window titles set: {:?}", tui.titles());
    for path in exported {
        let text = std::fs::read(path).unwrap();
        for (what, bytes) in FORBIDDEN {
            assert!(!contains(&text, bytes), "the export {} holds {what}", path.display());
        }
        assert!(!text.contains(&0x1b), "the export {} holds an ESC", path.display());
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains(LOGIN) && text.contains("Evil"), "the export lists the user: {text}");
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_hostile_name_never_reaches_the_terminal_or_the_export() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = hostile_org(&rt);
    let mut tui = console_on(&sim);
    let files = export(&mut tui);
    open_detail(&mut tui);
    tui.screen(|s| assert!(s.contents().contains("gnp.exe"), "the last name, cleaned:\n{}", s.contents()));
    quit_and_check(tui, &files);
}

#[test]
fn export_in_a_detail_view_says_how_to_export() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = hostile_org(&rt);
    let mut tui = console_on(&sim);
    open_detail(&mut tui);
    tui.send("e");
    tui.wait_for("e exports a list", STEP);
    quit_and_check(tui, &[]);
}
