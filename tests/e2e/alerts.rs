//! Issue 20, acceptance 3: a push bombing happens live against the org while the console is
//! open; the live judge raises it, the header counts it (and the terminal bell rings),
//! `:alerts` lists it, `Enter` opens its user's investigation and `a` the approval dialog
//! pre-filled with its proposal; `b` marks it benign (acceptance 5): the rule written to the
//! config file with its reason and journaled. A small org, polled every second: seconds.

use std::time::Duration;

use chrono::Utc;
use oktui::sim::logs::scenarios;
use oktui::sim::SimConfig;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use crate::common::{self, happen};
use crate::harness::Tui;

const STEP: Duration = Duration::from_secs(30);

#[test]
fn a_live_push_bombing_shows_in_alerts_opens_its_investigation_and_proposal_and_is_marked_benign() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let config = SimConfig { users: 30, log_backfill_secs: 600, live_log: false, ..SimConfig::default() };
    let sim = rt.block_on(common::start(config));
    let bombing = {
        let org = sim.state().org.read().unwrap();
        scenarios::push_bombing(&mut ChaCha20Rng::seed_from_u64(20), &org, Utc::now())
    };
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("config.toml");
    std::fs::write(&config_file, "[console]\npoll_interval_secs = 1\n").unwrap();
    let c = sim.credentials();
    let env = [("OKTA_CLIENT_ORGURL", c.url.clone()), ("OKTA_CLIENT_TOKEN", c.api_token.clone())];
    let mut tui = Tui::spawn(&["--config", config_file.to_str().unwrap()], &env, 100, 30);
    tui.wait_until("a users row", STEP, |s| s.contents().contains("@acme."));
    tui.send("8");
    tui.wait_for("judging its own tail", STEP);

    rt.block_on(happen(&sim, &bombing, 3));
    let raised = tui.wait_for("mfa_fatigue", STEP);
    assert!(raised < Duration::from_secs(15), "raised {raised:?} after the bombing began");
    // Critical once the push is accepted (raised again with the same id, counted once).
    tui.wait_until("the header counting it critical", STEP, |s| {
        let header = crate::harness::row_text(s, 0);
        header.contains("alerts 1 crit")
    });
    let text = tui.screen_text();
    assert!(text.contains("marcus.oyelaran@acme.example"), "{text}");
    assert!(tui.raw().contains(&0x07), "the bell rings for a new critical finding");

    // The bombing's own finding (the attacker's sign-in raised others about marcus too).
    crate::investigate::select(&mut tui, "mfa_fatigue", 10);
    tui.send("\r");
    tui.wait_for("Investigate marcus.oyelaran@acme.example", STEP);
    tui.wait_for("Sign-ins per hour", STEP);
    tui.send("\x1b");
    tui.wait_for("Alerts · ", STEP);

    crate::investigate::select(&mut tui, "mfa_fatigue", 10);
    tui.send("a");
    tui.wait_for("approval required", STEP);
    // Pre-filled once the user is read again: the login to type is the bombed user's.
    tui.wait_for("type the login", STEP);
    let dialog = tui.screen_text();
    assert!(dialog.contains("marcus.oyelaran@acme.example"), "{dialog}");
    tui.send("\x1b");
    tui.wait_gone("approval required", STEP);

    // Acceptance 5, the console's half: `b` marks the bombing benign, with its reason; the
    // rule is written to the config file and journaled, and the finding leaves the live list,
    // counted as suppressed.
    crate::investigate::select(&mut tui, "mfa_fatigue", 10);
    tui.send("b");
    tui.wait_for("benign because", STEP);
    tui.send("red team exercise RT-42\r");
    tui.wait_for("marked benign", STEP);
    tui.wait_until("the header counting it suppressed", STEP, |s| crate::harness::row_text(s, 0).contains("1 supp"));
    let written = std::fs::read_to_string(&config_file).unwrap();
    assert!(written.starts_with("[console]\npoll_interval_secs = 1\n"), "the file is kept: {written}");
    assert!(written.contains("[[detections.suppress.rule]]"), "{written}");
    assert!(written.contains("red team exercise RT-42"), "{written}");
    assert!(written.contains("marcus.oyelaran@acme.example") && written.contains("mfa_fatigue"), "{written}");
    tui.send("s");
    tui.wait_for("suppressed finding", STEP);
    tui.wait_for("SUP mfa_fatigue", STEP);
    tui.send(":audit\r");
    tui.wait_for("suppression rule mfa_fatigue-", STEP);
    tui.send("\r");
    tui.wait_for("red team exercise RT-42", STEP);
    // Esc and `q` apart: sent together they read as Alt-q.
    tui.send("\x1b");
    tui.wait_gone("red team exercise RT-42", STEP);
    tui.send("q");
    let exit = tui.finish(Duration::from_secs(20));
    assert_eq!(exit.code, 0);
}
