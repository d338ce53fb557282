//! Complete listings through every auth mode while the org misbehaves, token renewal
//! mid-listing, and System Log windows returned exactly once.

use std::collections::HashSet;

use chrono::{SecondsFormat, Utc};
use oktui::sim::{Faults, SimConfig, SimServer};
use p256::pkcs8::DecodePrivateKey;
use serde_json::Value;

use crate::common::start;
use crate::run::{oktui, ssws_env, Home};

const USERS: usize = 1234;

/// An org that answers 10% of requests with 429 and 2% with a 5xx.
fn flaky(users: usize) -> SimConfig {
    SimConfig {
        users,
        log_backfill_secs: 600,
        live_log: false,
        faults: Faults { rate_429: 0.10, rate_5xx: 0.02, ..Faults::default() },
        ..SimConfig::default()
    }
}

fn listed_ids(stdout: &str) -> Vec<String> {
    let users: Vec<Value> = serde_json::from_str(stdout).expect("--format json prints one JSON array");
    users.iter().map(|u| u["id"].as_str().unwrap().to_string()).collect()
}

fn expected_listed(sim: &SimServer) -> usize {
    sim.state().org().users.iter().filter(|u| u.status != "DEPROVISIONED").count()
}

async fn assert_lists_everyone(sim: &SimServer, env: Vec<(&'static str, String)>) {
    let home = Home::new();
    let run = oktui(&home, &["users", "--format", "json"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = listed_ids(&run.stdout);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), expected_listed(sim), "every user listed");
    assert_eq!(unique.len(), ids.len(), "no user twice");
}

fn oauth_env(sim: &SimServer, mode: &str) -> Vec<(&'static str, String)> {
    let c = sim.credentials();
    vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", mode.to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_SCOPES", "okta.users.read okta.logs.read".to_string()),
    ]
}

#[tokio::test]
async fn ssws_lists_every_user_through_429s_and_5xx() {
    let sim = start(flaky(USERS)).await;
    assert_lists_everyone(&sim, ssws_env(&sim)).await;
}

#[tokio::test]
async fn client_secret_lists_every_user() {
    let sim = start(flaky(USERS)).await;
    let mut env = oauth_env(&sim, "ClientSecret");
    env.push(("OKTA_CLIENT_CLIENTSECRET", sim.credentials().client_secret.clone()));
    assert_lists_everyone(&sim, env).await;
}

#[tokio::test]
async fn private_key_pem_lists_every_user() {
    let sim = start(flaky(USERS)).await;
    let mut env = oauth_env(&sim, "PrivateKey");
    env.push(("OKTA_CLIENT_PRIVATEKEY", sim.credentials().private_key_pem.clone()));
    env.push(("OKTA_CLIENT_PRIVATEKEYID", sim.credentials().key_id.clone()));
    assert_lists_everyone(&sim, env).await;
}

#[tokio::test]
async fn private_key_jwk_with_dpop_lists_every_user() {
    let sim = start(SimConfig { require_dpop: true, ..flaky(USERS) }).await;
    let secret = p256::SecretKey::from_pkcs8_pem(&sim.credentials().private_key_pem).unwrap();
    let mut jwk: Value = serde_json::from_str(&secret.to_jwk_string()).unwrap();
    jwk["kid"] = Value::String(sim.credentials().key_id.clone());
    let mut env = oauth_env(&sim, "PrivateKey");
    env.push(("OKTA_CLIENT_PRIVATEKEY", jwk.to_string()));
    assert_lists_everyone(&sim, env).await;
}

#[tokio::test]
async fn a_token_expiring_mid_listing_is_renewed_and_the_listing_completes() {
    let config =
        SimConfig { token_ttl_secs: 2, faults: Faults { latency_ms: 400, ..Faults::default() }, ..flaky(USERS) };
    let sim = start(config).await;
    let mut env = oauth_env(&sim, "ClientSecret");
    env.push(("OKTA_CLIENT_CLIENTSECRET", sim.credentials().client_secret.clone()));
    assert_lists_everyone(&sim, env).await;
    assert!(sim.state().oauth().tokens_minted() >= 2, "the listing outlived its first token");
}

#[tokio::test]
async fn a_log_window_comes_back_exactly_once_across_pages_of_1000() {
    let config = SimConfig { log_backfill_secs: 3 * 3600, log_events_per_minute: 60.0, live_log: false, ..flaky(200) };
    let sim = start(config).await;
    let since = (Utc::now() - chrono::Duration::minutes(170)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let until = (Utc::now() - chrono::Duration::minutes(10)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let home = Home::new();
    let run = oktui(&home, &["logs", "--since", &since, "--until", &until, "--format", "jsonl"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let uuids: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["uuid"].as_str().unwrap().to_string())
        .collect();
    let unique: HashSet<&String> = uuids.iter().collect();
    assert_eq!(unique.len(), uuids.len(), "no event twice");
    let (from, to) =
        (chrono::DateTime::parse_from_rfc3339(&since).unwrap(), chrono::DateTime::parse_from_rfc3339(&until).unwrap());
    let expected = sim.state().logs.count_published_between(from.into(), to.into());
    assert!(expected > 1000, "the window spans more than one page ({expected} events)");
    assert_eq!(uuids.len(), expected, "every event of the window");
}

#[tokio::test]
async fn the_other_read_commands_answer() {
    let sim = start(SimConfig {
        live_log: false,
        log_backfill_secs: 600,
        ..SimConfig { users: 120, ..SimConfig::default() }
    })
    .await;
    let env = ssws_env(&sim);
    let home = Home::new();
    let domain = sim.state().org().domain.clone();
    for args in [
        vec!["groups", "--format", "json"],
        vec!["apps", "--format", "csv"],
        vec!["policies", "--type", "OKTA_SIGN_ON", "--format", "json"],
        vec!["users", "--search", "status eq \"SUSPENDED\"", "--format", "jsonl"],
    ] {
        let run = oktui(&home, &args, &env).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(!run.stdout.trim().is_empty(), "{args:?}");
    }
    let login = format!("dana.whitfield@{domain}");
    let run = oktui(&home, &["user", &login, "--format", "json"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let whole: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(whole["user"]["profile"]["login"], login.as_str());
    assert!(whole["roles"].as_array().unwrap().iter().any(|r| r["type"] == "SUPER_ADMIN"));
    assert!(!whole["factors"].as_array().unwrap().is_empty());
    let table = oktui(&home, &["user", &login], &env).await;
    assert!(table.stdout.contains("admin roles (") && table.stdout.contains("SUPER_ADMIN"), "{}", table.stdout);
    let suspended = oktui(&home, &["users", "--search", "status eq \"SUSPENDED\"", "--format", "csv"], &env).await;
    assert!(suspended.stdout.starts_with("login,name,status,last_login,id\n"));
    assert!(suspended.stdout.lines().skip(1).all(|l| l.contains(",SUSPENDED,")));
}
