//! Issue 17, acceptance 4: from the investigation of the push-bombing persona in `oktui demo`,
//! `a` on the finding's proposal opens the containment plan in one dialog; approved with the
//! reason it carries and the typed login, every step is sent in order and verified, and
//! `:audit` lists each step's intent and outcome under the plan.

use std::time::Duration;

use crate::console::one_demo;
use crate::harness::{Tui, ENTER, RIGHT};
use crate::investigate::select;

const STEP: Duration = Duration::from_secs(30);
const MARCUS: &str = "marcus.oyelaran@acme.example";

#[test]
fn the_push_bombing_victims_containment_plan_is_approved_from_the_investigation_and_audited() {
    let _one = one_demo();
    // The demo's token owner is a Group Administrator by default, whom Okta refuses Universal
    // Logout (the plan would stop at its third step, 403): here it is a Super Administrator.
    let mut tui = Tui::spawn(&["demo", "--users", "60", "--token-owner-roles", "SUPER_ADMIN"], &[], 120, 40);
    tui.wait_until("a users row", Duration::from_secs(60), |s| s.contents().contains("@acme."));
    tui.send(&format!(":investigate {MARCUS}"));
    tui.send(ENTER);
    tui.wait_for("Sign-ins per hour", STEP);
    // The demo may still be writing its history: read again until the push bombing is in.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        tui.wait_until("the read to finish", STEP, |s| !s.contents().contains("reading"));
        if tui.screen_text().contains("mfa_fatigue") || std::time::Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_secs(3));
        tui.send("r");
    }
    // A read again for the demo's history may still be under way (the last report shown,
    // nothing to act on yet), and a new report may order the findings anew: `a` on the
    // push bombing once it is read, again if a re-read came in between.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    let opened = std::cell::Cell::new(false);
    loop {
        tui.wait_until("the read to finish", STEP, |s| !s.contents().contains("reading"));
        select(&mut tui, "mfa_fatigue", 20);
        tui.wait_for("proposed: contain", STEP);
        tui.send("a");
        tui.wait_until("an answer to a", STEP, |s| {
            let text = s.contents();
            opened.set(text.contains("Containment plan: 4 steps"));
            // The status line's answers when `a` met no finding, or another one.
            opened.get() || text.contains("no finding selected") || text.contains("proposes no action: review it, or")
        });
        std::thread::sleep(Duration::from_secs(1));
        opened.set(tui.screen_text().contains("Containment plan: 4 steps"));
        if opened.get() || std::time::Instant::now() >= deadline {
            break;
        }
    }
    assert!(opened.get(), "a never opened the plan:\n{}", tui.screen_text());
    tui.wait_for("type the login", STEP);
    let screen = tui.screen_text();
    for step in ["1. Suspend user", "2. Clear sessions and revoke OAuth tokens", "3. Universal Logout", "4. Reset all"]
    {
        assert!(screen.contains(step), "the dialog lists {step}:\n{screen}");
    }
    assert!(screen.contains("push"), "the factors a reset removes are listed:\n{screen}");
    // The proposal's reason is filled in: the login, Enter, onto Approve, Enter.
    tui.send("marcus.oyelaran");
    tui.wait_for("marcus.oyelaran_", STEP);
    tui.send(ENTER);
    tui.send(RIGHT);
    tui.send(ENTER);
    tui.wait_for("every step done", Duration::from_secs(240));
    let screen = tui.screen_text();
    for (n, action) in ["suspend", "clear-sessions", "logout-everywhere", "reset-factors"].iter().enumerate() {
        let line = format!("step {}: done — verified: {action}", n + 1);
        assert!(screen.contains(&line), "{line}:\n{screen}");
    }
    tui.send(" ");
    tui.wait_gone("approval required", STEP);
    tui.send(":audit");
    tui.send(ENTER);
    tui.wait_for("Audit journal · 8 records", STEP);
    let screen = tui.screen_text();
    // Each step's intent and outcome, its place in the plan first (the long reason may leave
    // the action's name cut).
    for step in ["1/4 ", "2/4 ", "3/4 ", "4/4 "] {
        assert!(screen.matches(step).count() == 2, "an intent and an outcome of step {step}:\n{screen}");
    }
    let journal = std::fs::read_to_string(tui.data_dir().join("demo-audit.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = journal.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 8, "{journal}");
    let plan = records[0]["plan_id"].as_str().expect("a plan id").to_string();
    for (i, pair) in records.chunks(2).enumerate() {
        let (intent, outcome) = (&pair[0], &pair[1]);
        assert_eq!(intent["id"], outcome["id"], "one id for a step's two records");
        assert_eq!(intent["id"].as_str(), Some(format!("{plan}.{}", i + 1).as_str()));
        assert_eq!((intent["plan_id"].as_str(), intent["step"].as_u64()), (Some(plan.as_str()), Some(i as u64 + 1)));
        assert!(intent["evidence"].as_array().is_some_and(|e| !e.is_empty()), "the intent cites the evidence");
        assert_eq!(outcome["result"], "verified", "{journal}");
    }
    tui.send("q");
    assert!(tui.finish(STEP).cooked());
}
