//! The console in a pseudo-terminal: a tour of the hostile org (every list, a user's
//! detail, the export, the System Log and an event, an investigation, the hunt, the MFA
//! gaps, the audit journal), checking after each step that the terminal received only the
//! console's own drawing; then absurd rate-limit resets and a 100 MiB body, which must
//! neither crash the console nor swell it.

use std::path::PathBuf;
use std::time::Duration;

use oktui::sim::hostile::transport::HUGE_BODY_BYTES;
use oktui::sim::org::personas;
use oktui::sim::{Faults, SimConfig, SimServer};

use crate::common::{hostile_config, small_config, start};
use crate::harness::{Tui, ENTER, ESC};
use crate::{check, USERS};

/// Until the first users row (the debug build on a busy machine).
const STARTUP: Duration = Duration::from_secs(60);
/// Any one step of the tour.
const STEP: Duration = Duration::from_secs(30);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// `oktui extra…` on `sim`, in a 160×40 terminal, the bell off: every BEL the terminal
/// receives would then be the org's text getting through.
fn console_on(sim: &SimServer, extra: &[&str]) -> Tui {
    let c = sim.credentials();
    let env = [("OKTA_CLIENT_ORGURL", c.url.clone()), ("OKTA_CLIENT_TOKEN", c.api_token.clone())];
    Tui::spawn_with_config(extra, &env, "[console]\nbell = false\n", 160, 40)
}

/// Checks everything the terminal has received so far, and the screen, after `step`.
fn clean(tui: &Tui, step: &str) {
    check::terminal_stream(&tui.raw());
    let titles = tui.titles();
    tui.screen(|s| check::screen(s, &titles, step));
}

/// Types a `:` command and waits for `marker`.
fn command(tui: &mut Tui, line: &str, marker: &str) {
    tui.send(line);
    tui.send(ENTER);
    tui.wait_for(marker, STEP);
    clean(tui, line);
}

/// The users export's files (CSV and JSON).
fn exports(tui: &Tui) -> Vec<PathBuf> {
    let dir = tui.data_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("oktui-users-"))
        .collect();
    files.sort();
    files
}

#[test]
fn a_tour_of_the_hostile_org_shows_only_clean_text() {
    let rt = runtime();
    let sim = rt.block_on(start(hostile_config(USERS)));
    let mut tui = console_on(&sim, &[]);
    tui.wait_until("a users row", STARTUP, |s| s.contents().contains("@acme.example"));
    clean(&tui, "the users list");

    tui.send(ENTER);
    tui.wait_for("Profile", STEP);
    clean(&tui, "a user's detail");
    tui.send(ESC);
    tui.wait_gone("Profile", STEP);

    tui.send("e");
    tui.wait_for(&format!("to {}", tui.data_dir().display()), STEP);
    let files = exports(&tui);
    assert_eq!(files.len(), 2, "a CSV and a JSON export: {files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let what = file.display().to_string();
        if what.ends_with(".csv") {
            assert_eq!(check::csv(&what, &bytes).len(), USERS + 1, "{what}: a header and every user");
        } else {
            check::json(&what, &bytes);
        }
    }

    command(&mut tui, ":apps", "SIGN-ON");
    command(&mut tui, ":groups", "BUILT_IN");
    command(&mut tui, ":policies", "OKTA_SIGN_ON");
    command(&mut tui, ":logs", "● live");
    tui.wait_until("event rows", STEP, |s| s.contents().contains("user.session.start"));
    clean(&tui, "the System Log");
    tui.send(ENTER);
    tui.wait_for("Go to (Enter)", STEP);
    clean(&tui, "an event");
    tui.send(ESC);
    tui.wait_gone("Go to (Enter)", STEP);

    let victim = format!("{}@acme.example", personas::BRUTE_FORCED);
    command(&mut tui, &format!(":investigate {victim}"), "Sign-ins per hour");
    command(&mut tui, ":hunt", "Hunt · last 24h");
    tui.wait_for("events read", Duration::from_secs(120));
    clean(&tui, "the hunt's findings");
    command(&mut tui, ":mfa", "MFA");
    tui.wait_for("all users", Duration::from_secs(120));
    clean(&tui, "the MFA gaps");
    command(&mut tui, ":audit", "Audit journal");

    tui.send("q");
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 0, "exit code; the screen shows:\n{}", tui.screen_text());
    assert!(exit.cooked(), "the terminal is back in cooked mode: {:?}", exit.local_flags);
    clean(&tui, "the exit");
}

/// The console's first frame (its header names the org).
fn first_frame(tui: &Tui) {
    tui.wait_until("the console's first frame", STARTUP, |s| s.contents().contains("http://127.0.0.1"));
}

/// Every request answered 429 with a reset in 10^19 s, at u64::MAX or past it: the console
/// neither panics nor hangs; it stays whole and responsive, and quits cleanly.
#[test]
fn absurd_rate_limit_resets_leave_the_console_whole() {
    let rt = runtime();
    let faults = Faults { rate_absurd_reset: 1.0, ..Faults::default() };
    let sim = rt.block_on(start(SimConfig { faults, ..small_config(USERS) }));
    let mut tui = console_on(&sim, &["--timeout", "2"]);
    first_frame(&tui);
    std::thread::sleep(Duration::from_secs(15));
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(!raw.contains("panicked"), "a panic reached the terminal:\n{}", tui.screen_text());
    tui.screen(|s| assert!(s.alternate_screen(), "the console still owns the screen:\n{}", s.contents()));
    tui.send("?");
    tui.wait_for("Show or close this help page", STEP);
    tui.send(ESC);
    tui.wait_gone("Show or close this help page", STEP);
    clean(&tui, "rate-limited");
    tui.send("q");
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 0, "exit code; the screen shows:\n{}", tui.screen_text());
    assert!(exit.cooked(), "the terminal is back in cooked mode: {:?}", exit.local_flags);
}

/// Peak resident memory of a running process, in KiB (`VmHWM`).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the console is running");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("Linux reports VmHWM");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmHWM is a number of kB")
}

/// Every request answered with a 100 MiB body: the console's peak memory stays well under
/// the body's size, and it quits cleanly.
#[test]
fn a_100_mib_body_keeps_the_console_small() {
    let rt = runtime();
    let faults = Faults { rate_huge_body: 1.0, ..Faults::default() };
    let sim = rt.block_on(start(SimConfig { faults, ..small_config(USERS) }));
    let mut tui = console_on(&sim, &[]);
    first_frame(&tui);
    std::thread::sleep(Duration::from_secs(20));
    let pid = tui.pid().expect("the console is running");
    let peak = peak_rss_kib(pid);
    assert!(peak < (HUGE_BODY_BYTES / 1024) as u64, "the console's peak RSS is {peak} KiB under 100 MiB bodies");
    clean(&tui, "huge bodies");
    tui.send("q");
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 0, "exit code; the screen shows:\n{}", tui.screen_text());
}
