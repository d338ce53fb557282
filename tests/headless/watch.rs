//! `oktui watch` as on-call engineers run it: a live org (ordinary traffic at 10 events/s)
//! attacked while it watches. A password spray and an MFA push bombing are each raised once,
//! the bombing again (same id, `update`) when the push is accepted, within the poll
//! interval and 2 s of the event reaching the log; ordinary traffic raises nothing high.
//! Stopped mid-attack and started again with `--resume`, nothing is lost or repeated.

use std::collections::{BTreeSet, HashMap};
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::Utc;
use oktui::sim::logs::scenarios;
use oktui::sim::{SimConfig, SimServer};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

use crate::common::{happen, start};
use crate::run::{command, ssws_env, Home};

/// Seconds between polls once caught up.
const POLL: u64 = 1;

pub(crate) fn live_org() -> SimConfig {
    SimConfig { users: 200, log_backfill_secs: 60, log_events_per_minute: 600.0, ..SimConfig::default() }
}

/// `oktui watch …` running, its stdout lines (with when each arrived) on a channel.
pub(crate) struct Watch {
    child: tokio::process::Child,
    lines: mpsc::UnboundedReceiver<(Instant, String)>,
}

impl Watch {
    pub(crate) fn start(sim: &SimServer, extra: &[&str], home: &Home) -> Watch {
        let mut args = vec!["watch", "--format", "jsonl", "--poll-interval", "1"];
        args.extend_from_slice(extra);
        let mut cmd = command(home, &args, &ssws_env(sim));
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                if tx.send((Instant::now(), line)).is_err() {
                    return;
                }
            }
        });
        Watch { child, lines }
    }

    /// Waits until a line satisfies `wanted` (every line read joins `into`), or `limit` passes.
    pub(crate) async fn wait_for(
        &mut self,
        into: &mut Vec<(Instant, Value)>,
        limit: Duration,
        wanted: impl Fn(&Value) -> bool,
    ) -> Option<(Instant, Value)> {
        let until = Instant::now() + limit;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let (at, line) = tokio::time::timeout(left, self.lines.recv()).await.ok()??;
            let v: Value = serde_json::from_str(&line).expect("one JSON object a line");
            into.push((at, v.clone()));
            if wanted(&v) {
                return Some((at, v));
            }
        }
    }

    /// Ctrl-C; the lines still on their way join `into`; the exit code and stderr.
    pub(crate) async fn interrupt(mut self, into: &mut Vec<(Instant, Value)>) -> (i32, String) {
        let pid = self.child.id().unwrap().to_string();
        std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let out = tokio::time::timeout(Duration::from_secs(20), self.child.wait_with_output()).await.unwrap().unwrap();
        while let Some((at, line)) = self.lines.recv().await {
            into.push((at, serde_json::from_str(&line).unwrap()));
        }
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The org's attacks, as its scenarios lay them out, to be replayed live.
pub(crate) struct Attacks {
    /// Failed sign-ins of the spray (one pass: many logins, one IP).
    pub(crate) spray: Vec<Value>,
    /// The bombing's pushes refused or unanswered.
    pub(crate) bombing: Vec<Value>,
    /// The accepted push and what follows.
    accepted: Vec<Value>,
}

pub(crate) fn attacks(sim: &SimServer) -> Attacks {
    let org = sim.state().org.read().unwrap();
    let end = Utc::now();
    let mut rng = ChaCha20Rng::seed_from_u64(20);
    let spray: Vec<Value> = scenarios::password_spray(&mut rng, &org, end)
        .into_iter()
        .filter(|e| e["outcome"]["result"] == "FAILURE")
        .take(12)
        .collect();
    let bombing = scenarios::push_bombing(&mut rng, &org, end);
    let accept = bombing
        .iter()
        .position(|e| e["eventType"] == "user.authentication.auth_via_mfa" && e["outcome"]["result"] == "SUCCESS")
        .expect("the bombing ends in an accepted push");
    let (bombing, accepted) = bombing.split_at(accept);
    Attacks { spray, bombing: bombing.to_vec(), accepted: accepted.to_vec() }
}

pub(crate) fn kind(v: &Value) -> &str {
    v["kind"].as_str().unwrap_or("")
}

/// Each id's lines: (update, severity).
fn by_id(lines: &[(Instant, Value)]) -> HashMap<String, Vec<(bool, String)>> {
    let mut ids: HashMap<String, Vec<(bool, String)>> = HashMap::new();
    for (_, v) in lines {
        let id = v["id"].as_str().expect("every finding has its id").to_string();
        assert!(v["emitted_at"].as_str().is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()), "{v}");
        let severity = v["severity"].as_str().unwrap_or("").to_string();
        ids.entry(id).or_default().push((v["update"].as_bool().expect("update is a boolean"), severity));
    }
    ids
}

/// Whether a finding concerns the attacks: the spray's IP, the bombed user or their attacker.
fn about_the_attacks(v: &Value) -> bool {
    let attackers = scenarios::attacker_ips();
    let named = |key: &str| v[key].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string);
    named("ips").any(|ip| attackers.contains(&ip)) || named("users").any(|u| u.starts_with("marcus.oyelaran@"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_spray_and_a_push_bombing_are_raised_live_once_the_bombing_again_when_accepted() {
    let sim = start(live_org()).await;
    let home = Home::new();
    let attacks = attacks(&sim);
    let mut watch = Watch::start(&sim, &[], &home);
    let mut lines = Vec::new();
    tokio::time::sleep(Duration::from_secs(3)).await;
    happen(&sim, &attacks.spray, 4).await;
    let spray = watch.wait_for(&mut lines, Duration::from_secs(20), |v| kind(v) == "password_spray").await;
    let spray = spray.expect("the spray is raised").1;
    assert_eq!(spray["ips"], serde_json::json!(["203.0.113.77"]));
    happen(&sim, &attacks.bombing, 6).await;
    let bombing = watch.wait_for(&mut lines, Duration::from_secs(20), |v| kind(v) == "mfa_fatigue").await;
    let bombing = bombing.expect("the bombing is raised").1;
    assert_eq!((bombing["severity"].as_str(), bombing["update"].as_bool()), (Some("high"), Some(false)));
    let accepted_at = Instant::now();
    happen(&sim, &attacks.accepted, 1).await;
    let id = bombing["id"].clone();
    let update = watch.wait_for(&mut lines, Duration::from_secs(20), |v| v["id"] == id && v["update"] == true).await;
    let (at, update) = update.expect("the accepted push raises the bombing again");
    assert_eq!(update["severity"], "critical");
    assert_eq!(update["changed"], "severity high → critical");
    let latency = at.duration_since(accepted_at);
    assert!(latency <= Duration::from_secs(POLL + 2), "raised {latency:?} after the push was accepted");
    // Ordinary traffic goes on: nothing more about the attacks, nothing high about anyone else.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (code, stderr) = watch.interrupt(&mut lines).await;
    assert_eq!(code, 0, "Ctrl-C ends watch cleanly: {stderr}");
    let ids = by_id(&lines);
    for (id, seen) in &ids {
        let firsts = seen.iter().filter(|(update, _)| !update).count();
        assert_eq!(firsts, 1, "{id} raised {firsts} times: {seen:?}");
    }
    assert_eq!(ids[spray["id"].as_str().unwrap()].len(), 1, "the spray once");
    assert_eq!(ids[id.as_str().unwrap()].len(), 2, "the bombing, then its update");
    for (_, v) in &lines {
        let severe = matches!(v["severity"].as_str(), Some("high" | "critical"));
        assert!(!severe || about_the_attacks(v), "ordinary traffic raised {v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stopped_mid_attack_and_resumed_nothing_is_lost_or_repeated() {
    let sim = start(live_org()).await;
    let home = Home::new();
    let attacks = attacks(&sim);
    let mut lines = Vec::new();
    let mut first = Watch::start(&sim, &["--resume"], &home);
    tokio::time::sleep(Duration::from_secs(3)).await;
    happen(&sim, &attacks.bombing, 3).await;
    happen(&sim, &attacks.spray[..3], 1).await;
    let bombing = first.wait_for(&mut lines, Duration::from_secs(20), |v| kind(v) == "mfa_fatigue").await;
    assert!(bombing.is_some(), "the bombing is raised before the stop");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (code, stderr) = first.interrupt(&mut lines).await;
    assert_eq!(code, 0, "{stderr}");
    // While nobody watches, the spray goes on and the push is accepted.
    happen(&sim, &attacks.spray[3..], 2).await;
    happen(&sim, &attacks.accepted, 1).await;
    let mut second = Watch::start(&sim, &["--resume"], &home);
    let spray = second.wait_for(&mut lines, Duration::from_secs(30), |v| kind(v) == "password_spray").await;
    assert!(spray.is_some(), "the spray, completed while stopped, is raised on restart");
    tokio::time::sleep(Duration::from_secs(4)).await;
    let (code, stderr) = second.interrupt(&mut lines).await;
    assert_eq!(code, 0, "{stderr}");
    let ids = by_id(&lines);
    for (id, seen) in &ids {
        let firsts = seen.iter().filter(|(update, _)| !update).count();
        assert_eq!(firsts, 1, "{id} raised {firsts} times across the restart: {seen:?}");
    }
    let fatigue: Vec<&Vec<(bool, String)>> =
        ids.iter().filter(|(id, _)| id.starts_with("mfa_fatigue-")).map(|(_, s)| s).collect();
    assert_eq!(fatigue.len(), 1, "one bombing: {ids:?}");
    assert_eq!(fatigue[0], &vec![(false, "high".to_string()), (true, "critical".to_string())]);
    let sprays = ids.keys().filter(|id| id.starts_with("password_spray-")).count();
    assert_eq!(sprays, 1);
    let kinds: BTreeSet<&str> = lines.iter().map(|(_, v)| kind(v)).collect();
    assert!(kinds.contains("password_spray") && kinds.contains("mfa_fatigue"), "{kinds:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exec_is_handed_each_finding_printed_without_the_secret_in_its_environment() {
    let sim = start(live_org()).await;
    let home = Home::new();
    let attacks = attacks(&sim);
    let handed = home.path().join("handed.jsonl");
    let seen_env = home.path().join("env.txt");
    let script = format!("cat >> '{}'; env >> '{}'", handed.display(), seen_env.display());
    let token = sim.credentials().api_token.clone();
    let mut env = ssws_env(&sim);
    env.extend([("COPIED_TOKEN", token.clone()), ("TEAM_WEBHOOK", "https://chat.example/hook".to_string())]);
    let mut args = vec!["watch", "--format", "jsonl", "--poll-interval", "1", "--exec-shell", "--exec", &script];
    args.extend(["--min-severity", "medium"]);
    let mut cmd = command(&home, &args, &env);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
    let child = cmd.spawn().unwrap();
    let mut lines = Vec::new();
    let (tx, rx) = mpsc::unbounded_channel();
    let mut watch = Watch { child, lines: rx };
    let stdout = watch.child.stdout.take().unwrap();
    tokio::spawn(async move {
        let mut reader = BufReader::new(stdout).lines();
        while let Ok(Some(line)) = reader.next_line().await {
            let _ = tx.send((Instant::now(), line));
        }
    });
    tokio::time::sleep(Duration::from_secs(3)).await;
    happen(&sim, &attacks.spray, 2).await;
    let spray = watch.wait_for(&mut lines, Duration::from_secs(20), |v| kind(v) == "password_spray").await;
    assert!(spray.is_some(), "the spray is raised");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (code, stderr) = watch.interrupt(&mut lines).await;
    assert_eq!(code, 0, "{stderr}");
    let printed: Vec<Value> = lines.into_iter().map(|(_, v)| v).collect();
    let handed: Vec<Value> = std::fs::read_to_string(&handed)
        .expect("the command ran")
        .lines()
        .map(|l| serde_json::from_str(l).expect("the command is handed one JSON line a finding"))
        .collect();
    assert_eq!(handed, printed, "the command gets each finding printed, as printed, in order");
    let seen_env = std::fs::read_to_string(&seen_env).unwrap();
    assert!(seen_env.contains("TEAM_WEBHOOK=https://chat.example/hook"), "the rest of the environment is kept");
    assert!(!seen_env.contains(&token), "the token reached the command's environment");
    assert!(!seen_env.contains("OKTA_CLIENT_"), "the SDK's variables reached the command");
}
