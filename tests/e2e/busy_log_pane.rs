//! Issue 5, acceptance 2 and 5: the System Log pane of the real console in a pseudo-terminal
//! on a busy org that answers 10% of requests with 429, 5% with a 5xx and drops 2% of
//! connections. For a minute the pane follows the newest events; scrolling up pauses it and
//! counts what arrives, `f` follows again; when the org falls quiet, the pane's count is the
//! number of events the org recorded. Then an event's actor opens, and Esc comes back.
//! (Named to sort near the top: the binary's longest test, a minute of traffic, starts early.)

use std::time::{Duration, Instant};

use oktui::sim::{Faults, SimConfig, SimServer};
use oktui::ui::list::count;

use crate::common;
use crate::harness::{Tui, ENTER, ESC};

const STARTUP: Duration = Duration::from_secs(40);
const STEP: Duration = Duration::from_secs(20);

fn busy_faulty_org(rt: &tokio::runtime::Runtime) -> SimServer {
    let faults = Faults { rate_429: 0.10, rate_5xx: 0.05, rate_drop: 0.02, ..Faults::default() };
    let config =
        SimConfig { users: 200, log_backfill_secs: 60, log_events_per_minute: 3000.0, faults, ..SimConfig::default() };
    rt.block_on(common::start(config))
}

/// The time cell (`MM-DD HH:MM:SS`) of the pane's last event row.
fn last_row_time(screen: &vt100::Screen) -> Option<String> {
    let text = screen.contents();
    let row = text.lines().rfind(|l| l.contains("@acme.") || l.contains(" INFO ") || l.contains("WARN"))?;
    let start = row.find(|c: char| c.is_ascii_digit())?;
    row.get(start..start + 14).map(str::to_string)
}

#[test]
fn the_pane_follows_pauses_and_counts_every_event_then_pivots_to_the_actor() {
    // No demo lock: this org is no demo and writes a minute of history, not a day; its
    // minute runs beside the demos (the 3 s acceptance, run beside it, shows in about 1 s).
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let sim = busy_faulty_org(&rt);
    let c = sim.credentials();
    let env = [("OKTA_CLIENT_ORGURL", c.url.clone()), ("OKTA_CLIENT_TOKEN", c.api_token.clone())];
    let mut tui = Tui::spawn(&[], &env, 160, 40);
    tui.wait_until("a users row", STARTUP, |s| s.contents().contains("@acme.example"));
    tui.send("5");
    tui.wait_for("● live", STEP);
    tui.wait_for("following", STEP);
    let traffic = Instant::now();
    std::thread::sleep(Duration::from_secs(10));
    tui.send("k");
    tui.wait_for("paused", STEP);
    tui.wait_until("events counted while paused", STEP, |s| {
        s.contents().lines().any(|l| l.contains(" new (f follows)") && !l.contains("· 0 new"))
    });
    tui.send("f");
    tui.wait_for("following", STEP);
    std::thread::sleep(Duration::from_secs(60).saturating_sub(traffic.elapsed()));
    sim.pause_live_log(true);
    let expected = sim.state().logs.uuids_persisted_since(chrono::DateTime::UNIX_EPOCH).len();
    assert!(expected > 2500, "{expected} events in a minute");
    let counted = format!("· {} events", count(expected));
    tui.wait_for(&counted, Duration::from_secs(60));
    let newest = {
        let store = sim.state().logs.uuids_persisted_since(chrono::DateTime::UNIX_EPOCH);
        assert_eq!(store.len(), expected);
        sim.state().logs.newest_published().expect("events")
    };
    let shown = tui.screen(last_row_time);
    assert_eq!(
        shown.as_deref(),
        Some(newest.format("%m-%d %H:%M:%S").to_string().as_str()),
        "following shows the newest"
    );

    // Acceptance 5: from a sign-in to its actor's detail and back.
    tui.send("/");
    tui.send("user.session.start");
    tui.send(ENTER);
    tui.wait_until("only sign-ins", STEP, |s| s.contents().contains("match /user.session.start"));
    tui.send(ENTER);
    tui.wait_for("Go to (Enter)", STEP);
    tui.wait_for("open actor", STEP);
    let login = tui
        .screen(|s| {
            s.contents()
                .lines()
                .find(|l| l.contains("open actor"))
                .map(|l| l.split_whitespace().find(|w| w.contains('@')).unwrap_or("").to_string())
        })
        .expect("the actor's login");
    tui.send(ENTER);
    tui.wait_for("Profile", STEP);
    tui.wait_until("the actor's detail", STEP, |s| {
        s.contents().lines().any(|l| l.contains("  login  ") && l.contains(&login))
    });
    tui.send(ESC);
    tui.wait_for("Go to (Enter)", STEP);
    tui.send(ESC);
    tui.wait_for(&counted, STEP);
    tui.send("q");
    let exit = tui.finish(Duration::from_secs(10));
    assert_eq!(exit.code, 0);
}
