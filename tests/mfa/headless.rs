//! `oktui mfa-gaps` as scripts run it: the real binary, its CSV and JSON, 403s as unknown,
//! the cache in the data dir and its refresh.

use std::collections::BTreeSet;

use oktui::sim::{RateLimitConfig, SimConfig};
use serde_json::Value;

use crate::common::{small_config, start};
use crate::run::{oktui, ssws_env, Home};
use crate::truth::{ids_in, truth};

fn logins(sim: &oktui::sim::SimServer, ids: &[String]) -> BTreeSet<String> {
    let org = sim.state().org();
    ids.iter().map(|id| org.find_user(id).unwrap().profile.login.clone()).collect()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), oktui::mfa::report::COLUMNS);
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

#[tokio::test]
async fn csv_lists_the_gaps_and_403s_as_unknown() {
    let sim = start(small_config(150)).await;
    let truth = truth(&sim);
    let strong = ids_in(&truth, "strong");
    let denied = logins(&sim, &strong[..3]);
    sim.state().deny_factors(denied.iter().map(String::as_str));
    let home = Home::new();
    let env = ssws_env(&sim);
    let run = oktui(&home, &["mfa-gaps", "--format", "csv"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no progress when stderr is not a terminal");
    let rows = csv_rows(&run.stdout);
    let by_class = |class: &str| rows.iter().filter(|r| r[3] == class).map(|r| r[0].clone()).collect::<BTreeSet<_>>();
    assert_eq!(by_class("none"), logins(&sim, &ids_in(&truth, "none")));
    assert_eq!(by_class("unknown"), denied);
    assert!(by_class("weak_only").is_empty());
    let chris = rows.iter().find(|r| r[0].starts_with("chris.doyle@")).unwrap();
    assert_eq!((chris[3].as_str(), chris[4].as_str(), chris[5].as_str()), ("none", "true", ""));
    assert_eq!(rows[0][4], "true", "admins without strong MFA come first");

    let first_reads = sim.state().requests.all().iter().filter(|r| r.path().ends_with("/factors")).count();
    assert_eq!(first_reads, truth.len(), "the first run swept everyone once");
    sim.state().requests.clear();
    let run = oktui(&home, &["mfa-gaps", "--include-weak", "--format", "json"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let weak: BTreeSet<String> =
        items.iter().filter(|i| i["class"] == "weak_only").map(|i| i["login"].as_str().unwrap().to_string()).collect();
    assert_eq!(weak, logins(&sim, &ids_in(&truth, "weak_only")));
    let mut keys: Vec<&str> = items[0].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    let mut expected = oktui::mfa::report::COLUMNS.to_vec();
    expected.sort();
    assert_eq!(keys, expected);
    assert!(items.iter().all(|i| i["factors"].is_array()));
    // Only users the System Log names as changed since the sweep (a minute's margin of the
    // sim's history may name one or two) are read again, never everyone.
    let factor_reads = sim.state().requests.all().iter().filter(|r| r.path().ends_with("/factors")).count();
    assert!(factor_reads * 20 <= truth.len(), "the second run refreshed from the log: {factor_reads} factor reads");
}

#[tokio::test]
async fn a_corrupt_cache_warns_and_an_unknown_group_is_one_clear_line() {
    let sim = start(small_config(40)).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    let run = oktui(&home, &["mfa-gaps", "--format", "csv"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = home.path().join(".local/share/oktui/mfa");
    let file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    std::fs::write(&file, "not json").unwrap();
    let again = oktui(&home, &["mfa-gaps", "--format", "csv", "--refresh", "full"], &env).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.starts_with("warning: the MFA cache") && again.stderr.contains("rebuilt"), "{}", again.stderr);
    assert_eq!(again.stdout, run.stdout);
    let missing = oktui(&home, &["mfa-gaps", "--group", "Nope"], &env).await;
    assert_eq!(missing.code, 1);
    assert_eq!(missing.stderr.lines().count(), 1, "{}", missing.stderr);
    assert!(missing.stderr.contains("no group is named 'Nope'"), "{}", missing.stderr);
}

#[tokio::test]
async fn a_headless_sweep_spends_the_whole_bucket() {
    // The factors bucket holds exactly one read per user for a 30-second window: a sweep
    // that keeps the console's 10% reserve would wait most of the window for the last reads.
    let probe = start(small_config(120)).await;
    let reads = u32::try_from(truth(&probe).len()).unwrap();
    drop(probe);
    let rate_limits =
        RateLimitConfig { window_secs: 30, overrides: vec![("users_id".into(), reads)], ..RateLimitConfig::default() };
    let sim = start(SimConfig { rate_limits, ..small_config(120) }).await;
    let home = Home::new();
    let started = std::time::Instant::now();
    let run = oktui(&home, &["mfa-gaps", "--format", "csv"], &ssws_env(&sim)).await;
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requests = sim.state().requests.all();
    let factor_reads = requests.iter().filter(|r| r.path().ends_with("/factors") && r.status == 200).count();
    assert_eq!(factor_reads, usize::try_from(reads).unwrap());
    assert!(requests.iter().all(|r| r.status != 429), "no 429");
    assert!(took < std::time::Duration::from_secs(15), "the sweep waited on a reserve: {took:?}");
}
