//! `oktui investigate` and `oktui hunt` against a simulated org with hours of history and
//! its seeded attacks: the report objects' shape, the findings of each attack, and what the
//! commands ask of Okta (only filtered log queries for one user).

use std::collections::BTreeSet;

use oktui::sim::{SimConfig, SimServer};
use serde_json::Value;

use crate::common::start;
use crate::run::{oktui, ssws_env, Home};
use crate::seeded::{assert_every_seeded_attack_found, expected_findings, strings};

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
    let by_or_about = format!("actor.id eq \"{id}\" or target.id eq \"{id}\"");
    let from_ips = |f: &str| f.split(" or ").all(|t| t.starts_with("client.ipAddress eq \""));
    for r in &logs {
        let filter = r.param("filter").unwrap_or_default();
        assert!(filter == by_or_about || from_ips(&filter), "a log query not filtered to the user: {}", r.target);
    }
    let context = logs.iter().filter_map(|r| r.param("filter")).find(|f| from_ips(f));
    assert!(context.is_some_and(|f| f.contains("198.51.100.23")), "the attacker's IP was looked at org-wide: {logs:?}");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hunt_finds_every_seeded_attack_and_nothing_grave_in_ordinary_traffic() {
    let sim = start(day_of_history()).await;
    let report = run_json(&sim, &["hunt", "--since", "24h", "--format", "json"]).await;
    assert!(report["window"]["since"].is_string() && report["window"]["until"].is_string(), "{report}");
    let findings = report["findings"].as_array().unwrap();
    assert_every_seeded_attack_found(findings);
    let attackers = oktui::sim::logs::scenarios::attacker_ips();
    for f in findings {
        let grave = f["severity"] == "high" || f["severity"] == "critical";
        let from_attack = strings(f, "ips").iter().any(|ip| attackers.contains(ip))
            || expected_findings().iter().any(|(_, u, _)| u.as_ref().is_some_and(|u| strings(f, "users").contains(u)));
        assert!(!grave || from_attack, "ordinary traffic raised a grave finding: {f:#}");
    }
    let only = run_json(&sim, &["hunt", "--since", "24h", "--kind", "lockout", "--format", "json"]).await;
    let kinds: BTreeSet<&str> =
        only["findings"].as_array().unwrap().iter().filter_map(|f| f["kind"].as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["lockout"]));
}

/// A hunt whose memory budget cannot take the window reads no further than the budget
/// allows: it stops, says so on stderr, and reports the window it covered, which ends at
/// the last event it read (the 1,000th: with no memory to spare, the first page only).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hunt_past_its_memory_budget_stops_and_reports_the_window_it_covered() {
    let sim = start(day_of_history()).await;
    let home = Home::new();
    let config = home.file("config.toml", "[hunt]\nmemory_budget_mb = 0\n", 0o600);
    let args = ["hunt", "--since", "24h", "--format", "json", "--config", config.to_str().unwrap()];
    let run = oktui(&home, &args, &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    let time = |v: &Value| v.as_str().and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok()).unwrap();
    let (since, until) = (time(&report["window"]["since"]), time(&report["window"]["until"]));
    let first_page = format!(
        "{}/api/v1/logs?since={}&limit=1000&sortOrder=ASCENDING&filter={}",
        sim.credentials().url,
        oktui::okta::encode(&since.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        oktui::okta::encode(&oktui::investigate::signals::hunt_filter())
    );
    let (status, _, page) = crate::common::get(&first_page, &crate::common::ssws(&sim)).await;
    assert_eq!(status, 200);
    let page = page.as_array().unwrap();
    assert_eq!(page.len(), 1000, "the window holds more than a page");
    assert_eq!(until, time(&page[999]["published"]), "the window covered ends at the last event read");
    let warning = format!(
        "warning: the hunt's memory budget (0 MB) was reached after 1000 events; the hunt covers {} to {} only",
        since.to_rfc3339(),
        until.to_rfc3339()
    );
    assert!(run.stderr.contains(&warning), "{}", run.stderr);
    assert!(run.stderr.contains("[hunt] memory_budget_mb"), "it says what to change: {}", run.stderr);
}
