//! `oktui investigate` and `oktui hunt` against a simulated org with hours of history and
//! its seeded attacks: the report objects' shape, the findings of each attack, and what the
//! commands ask of Okta (only filtered log queries for one user).

use oktui::sim::{SimConfig, SimServer};
use serde_json::Value;

use crate::common::start;
use crate::run::{oktui, ssws_env, Home};

/// A still org with eight hours of history, every seeded attack in it.
fn day_of_history() -> SimConfig {
    SimConfig { users: 60, log_backfill_secs: 8 * 3600, live_log: false, ..SimConfig::default() }
}

fn login(local: &str) -> String {
    format!("{local}@acme.example")
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("JSON on stdout ({e}): {stdout}"))
}

async fn run_json(sim: &SimServer, args: &[&str]) -> Value {
    let run = oktui(&Home::new(), args, &ssws_env(sim)).await;
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    json(&run.stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn investigate_sends_only_filtered_log_queries_and_prints_the_report() {
    let sim = start(day_of_history()).await;
    let who = login("priya.raman");
    let id = sim.state().org().find_user(&who).unwrap().id.clone();
    sim.state().requests.clear();
    let report = run_json(&sim, &["investigate", &who, "--since", "24h", "--format", "json"]).await;
    for key in ["user", "window", "summary", "findings"] {
        assert!(report.get(key).is_some(), "the report has {key}: {report}");
    }
    for key in [
        "sign_ins",
        "failed_sign_ins",
        "mfa_challenges",
        "mfa_failures",
        "lockouts",
        "privilege_changes",
        "countries",
        "ips",
    ] {
        assert!(report["summary"].get(key).is_some(), "the summary has {key}: {}", report["summary"]);
    }
    assert_eq!(report["user"]["login"], who.as_str());
    assert!(report["summary"]["failed_sign_ins"].as_u64().unwrap() >= 10, "the brute force: {}", report["summary"]);
    assert!(report["summary"]["lockouts"].as_u64().unwrap() >= 1);
    assert!(report["summary"]["ips"].as_array().unwrap().iter().any(|ip| ip == "198.51.100.23"));
    let logs: Vec<_> = sim.state().requests.all().into_iter().filter(|r| r.path() == "/api/v1/logs").collect();
    assert!(!logs.is_empty(), "it read the user's events");
    for r in &logs {
        let filter = r.param("filter").unwrap_or_default();
        assert!(
            filter.contains(&format!("actor.id eq \"{id}\"")) && filter.contains(&format!("target.id eq \"{id}\"")),
            "an unfiltered log query: {}",
            r.target
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_that_does_not_exist_is_oktas_e0000007() {
    let sim = start(day_of_history()).await;
    let run = oktui(&Home::new(), &["investigate", "nobody@acme.example"], &ssws_env(&sim)).await;
    run.fails_with(&["E0000007", "nobody@acme.example"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_text_report_reads_like_a_note_and_hunt_refuses_an_unknown_kind() {
    let sim = start(day_of_history()).await;
    let home = Home::new();
    let run = oktui(&home, &["investigate", &login("priya.raman")], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Investigation of priya.raman@acme.example (Priya Raman)"), "{}", run.stdout);
    assert!(run.stdout.contains("lockout"), "{}", run.stdout);
    let run = oktui(&home, &["hunt", "--kind", "spray"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 2, "a usage error: {}", run.stderr);
    assert!(run.stderr.contains("password_spray"), "it names the kinds: {}", run.stderr);
}
