//! Suppression rules (issue 20, tuning): a rule for the spray's IP keeps the spray out of
//! `watch`'s and `hunt`'s findings, counted as suppressed under the rule's name; an expired
//! rule, or a rule for another IP, suppresses nothing.

use std::time::Duration;

use serde_json::Value;

use crate::common::{happen, start};
use crate::run::{oktui, ssws_env, Home};
use crate::watch::{attacks, kind, live_org, Watch};

/// The spray's source in the simulated org's scenarios.
const SPRAY_IP: &str = "203.0.113.77";

/// A config file of one suppression rule for `ip`, expiring at `expires`.
fn rule(name: &str, ip: &str, expires: &str) -> String {
    format!(
        "# the red team's exercise\n[[detections.suppress.rule]]\nname = \"{name}\"\nreason = \"the red team\"\n\
         ip = \"{ip}\"\nexpires = \"{expires}\"\n"
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The hunt's JSON with the config at `config`.
async fn hunt(sim: &oktui::sim::SimServer, home: &Home, config: &std::path::Path) -> (Value, String) {
    let args = ["hunt", "--since", "1h", "--format", "json", "--config", config.to_str().unwrap()];
    let run = oktui(home, &args, &ssws_env(sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    (json(&run.stdout), run.stderr)
}

fn sprays(report: &Value) -> Vec<&Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "password_spray").collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rule_for_the_spray_ip_keeps_it_out_of_watch_and_hunt_counted_by_name() {
    let sim = start(live_org()).await;
    let home = Home::new();
    let config = home.file("config.toml", &rule("red-team", "203.0.113.0/24", "2999-01-01T00:00:00Z"), 0o600);
    let attacks = attacks(&sim);
    let mut watch = Watch::start(&sim, &["--config", config.to_str().unwrap()], &home);
    let mut lines = Vec::new();
    tokio::time::sleep(Duration::from_secs(3)).await;
    happen(&sim, &attacks.spray, 4).await;
    happen(&sim, &attacks.bombing, 6).await;
    let bombing = watch.wait_for(&mut lines, Duration::from_secs(30), |v| kind(v) == "mfa_fatigue").await;
    assert!(bombing.is_some(), "the bombing, after the spray, is raised: the spray's pages were judged");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (code, stderr) = watch.interrupt(&mut lines).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(lines.iter().all(|(_, v)| kind(v) != "password_spray"), "the spray is suppressed: {lines:?}");
    let summary = lines.iter().map(|(_, v)| v).rfind(|v| v.get("suppressed").is_some());
    let summary = summary.unwrap_or_else(|| panic!("a summary line says what was suppressed: {lines:?}"));
    assert!(summary["suppressed"].as_u64() >= Some(1), "{summary}");
    assert_eq!(summary["by_rule"]["red-team"], summary["suppressed"], "{summary}");

    let (report, _) = hunt(&sim, &home, &config).await;
    assert!(sprays(&report).is_empty(), "the hunt suppresses it too: {report:#}");
    let suppressed = &report["suppressed"];
    let count = suppressed["count"].as_u64().unwrap();
    assert!(count >= 1 && suppressed["by_rule"]["red-team"] == count, "{suppressed:#}");
    let listed = suppressed["findings"].as_array().unwrap();
    let spray = listed.iter().find(|f| kind(f) == "password_spray").expect("the spray is listed as suppressed");
    assert_eq!((spray["rule"].as_str(), &spray["ips"]), (Some("red-team"), &serde_json::json!([SPRAY_IP])));
    let text = oktui(&home, &["hunt", "--since", "1h", "--config", config.to_str().unwrap()], &ssws_env(&sim)).await;
    let said = format!("Suppressed ({count}): {count} by red-team.");
    assert!(text.stdout.contains(&said), "{said}: {}", text.stdout);
    assert!(text.stdout.contains("password_spray by rule red-team"), "{}", text.stdout);

    let expired = home.file("expired.toml", &rule("red-team-may", SPRAY_IP, "2025-05-31T00:00:00Z"), 0o600);
    let (report, stderr) = hunt(&sim, &home, &expired).await;
    assert_eq!(sprays(&report).len(), 1, "an expired rule suppresses nothing: {report:#}");
    assert_eq!(report["suppressed"]["count"], 0);
    assert_eq!(report["suppressed"]["expired_rules"][0]["name"], "red-team-may");
    assert!(stderr.contains("suppression rule red-team-may expired at 2025-05-31T00:00:00Z"), "{stderr}");

    let other = home.file("other.toml", &rule("office", "198.51.100.0/24", "2999-01-01T00:00:00Z"), 0o600);
    let (report, _) = hunt(&sim, &home, &other).await;
    assert_eq!(sprays(&report).len(), 1, "a rule for another IP suppresses nothing: {report:#}");
    assert_eq!(report["suppressed"]["count"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_rule_is_a_config_error_naming_the_rule_and_the_fix() {
    let home = Home::new();
    let config = home.file("config.toml", &rule("red-team", "203.0.113/24", "2999-01-01T00:00:00Z"), 0o600);
    let env = [("OKTA_CLIENT_ORGURL", "https://acme.okta.com".to_string()), ("OKTA_CLIENT_TOKEN", "x".to_string())];
    let run = oktui(&home, &["hunt", "--config", config.to_str().unwrap()], &env).await;
    run.fails_as_usage(&["line 2", "suppression rule red-team", "203.0.113.0/24"]);
}
