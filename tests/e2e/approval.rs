//! The approval dialog end to end: `oktui demo` in a pseudo-terminal; `s` on a user, the
//! reason and the login typed, Approve chosen deliberately; the outcome is verified, the row
//! reads SUSPENDED, `:audit` lists the intent and the outcome, and the journal on disk has
//! both records with one id, in the demo's own journal. Esc in a first dialog sends nothing. And headless, without
//! `--yes` on a terminal: the same facts, and a typed login that must match: the whole login
//! or its local part, never a tail of the domain that every user shares.

use std::time::Duration;

use crate::common;
use crate::console::one_demo;
use crate::harness::{Tui, ENTER, ESC};

const STEP: Duration = Duration::from_secs(20);
const LOGIN: &str = "marcus.oyelaran@acme.example";

#[test]
fn suspend_from_the_users_list_through_the_dialog() {
    let _one = one_demo();
    let mut tui = Tui::demo(200, 120, 40);
    tui.send("/marcus");
    tui.wait_for("1 match", STEP);
    tui.send(ENTER);
    // A cancelled dialog: opened, then Esc.
    tui.send("s");
    tui.wait_for("approval required", STEP);
    tui.wait_for("type the login", STEP);
    tui.send(ESC);
    tui.wait_for("cancelled: nothing was changed", STEP);

    tui.send("s");
    tui.wait_for("type the login", STEP);
    let screen = tui.screen_text();
    assert!(screen.contains("Marcus Oyelaran can no longer sign in; group and app assignments are"), "{screen}");
    assert!(screen.contains("ACTIVE") && screen.contains("active apps"), "{screen}");
    tui.send("push bombing accepted");
    tui.send(ENTER);
    assert!(tui.screen_text().contains("or marcus.oyelaran to approve"), "{}", tui.screen_text());
    tui.approve_typing("marcus.oyelaran", STEP);
    tui.wait_until("the row reads SUSPENDED", STEP, |s| {
        s.contents().lines().any(|l| l.contains("marcus.oyelaran") && l.contains("SUSPENDED"))
    });

    tui.send(":audit");
    tui.send(ENTER);
    tui.wait_for("Audit journal · 2 records", STEP);
    let screen = tui.screen_text();
    assert!(screen.contains("push bombing accepted") && screen.contains("verified"), "{screen}");

    let token = oktui::sim::keys::issue(1).api_token;
    assert!(!tui.screen_text().contains(&token), "the API token is never on screen");
    // The demo's journal is its own: the real orgs' journal, and `oktui audit`, never see it.
    let journal = std::fs::read_to_string(tui.data_dir().join("demo-audit.jsonl")).unwrap();
    assert!(!tui.data_dir().join("audit.jsonl").exists(), "the demo wrote to the real orgs' journal");
    let audit = tui.headless(&["audit", "--format", "jsonl"], &[]);
    assert!(audit.status.success() && audit.stdout.is_empty(), "{}", String::from_utf8_lossy(&audit.stdout));
    let log = std::fs::read_to_string(tui.data_dir().join("oktui.log")).unwrap_or_default();
    assert!(!journal.contains(&token) && !log.contains(&token), "the API token is never written");
    let records: Vec<serde_json::Value> = journal.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 2, "{journal}");
    assert_eq!(records[0]["id"], records[1]["id"]);
    assert_eq!(records[1]["result"], "verified");
    tui.send("q");
    assert!(tui.finish(STEP).cooked());
}

/// Changes the sim answered (the OAuth token endpoint aside; SSWS here has none).
fn changes(sim: &oktui::sim::SimServer) -> usize {
    sim.state().requests.all().iter().filter(|r| r.is_mutating()).count()
}

#[test]
fn headless_without_yes_asks_on_the_terminal_for_the_login() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let config = oktui::sim::SimConfig { users: 20, live_log: false, log_backfill_secs: 600, ..Default::default() };
    let sim = rt.block_on(common::start(config));
    let creds = sim.credentials();
    let env = [("OKTA_CLIENT_ORGURL", creds.url.clone()), ("OKTA_CLIENT_TOKEN", creds.api_token.clone())];
    let args = ["suspend", LOGIN, "--reason", "push bombing accepted"];

    let mut tui = Tui::spawn(&args, &env, 120, 30);
    tui.wait_for("type the login", STEP);
    let screen = tui.screen_text();
    assert!(screen.contains("Marcus Oyelaran can no longer sign in") && screen.contains("active apps"), "{screen}");
    tui.send("someone.else@acme.example");
    tui.send(ENTER);
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 2, "a wrong login refuses: {}", tui.screen_text());
    assert!(tui.screen_text().contains("does not match"), "{}", tui.screen_text());
    assert_eq!(changes(&sim), 0);

    // The domain's tail, the same for every user of the org, names no one.
    let mut tui = Tui::spawn(&args, &env, 120, 30);
    tui.wait_for("type the login", STEP);
    tui.send("xample");
    tui.send(ENTER);
    assert_eq!(tui.finish(STEP).code, 2, "a shared tail refuses: {}", tui.screen_text());
    assert_eq!(changes(&sim), 0);

    let mut tui = Tui::spawn(&args, &env, 120, 30);
    tui.wait_for("type the login", STEP);
    tui.send(LOGIN);
    tui.send(ENTER);
    tui.wait_for("done — verified", Duration::from_secs(70));
    assert_eq!(tui.finish(STEP).code, 0);
    assert_eq!(changes(&sim), 1);
    assert_eq!(sim.state().org().find_user(LOGIN).unwrap().status, "SUSPENDED");
}
