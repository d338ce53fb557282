//! The console's effect dispatcher (issues 15 and 16): a task superseded by another of its
//! slot (a hunt by a new window, the pane left, another org) is aborted, not left reading,
//! and a profile switch aborts every slot: the sim's request record shows the reads stop,
//! and the aborted task never answers.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use oktui::app::effect::Effect;
use oktui::app::effects::{Dispatcher, Setup, Slot};
use oktui::app::findings_tasks::HuntSettings;
use oktui::app::hunt::{HuntMsg, WindowChoice};
use oktui::app::lists::ListKind;
use oktui::app::mfa::MfaMsg;
use oktui::app::msg::Msg;
use oktui::config::{Config, ConfigOptions};
use oktui::gather::MemoryBudget;
use oktui::mfa::RefreshMode;
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{Faults, SimConfig, SimServer};
use tokio::sync::mpsc::Receiver;

use crate::common::start;

/// How many System Log reads of the hunt whose window starts at `since` the org answered.
fn reads_from(sim: &SimServer, since: DateTime<Utc>) -> usize {
    let since = since.to_rfc3339_opts(SecondsFormat::Millis, true);
    sim.state()
        .requests
        .all()
        .iter()
        .filter(|r| r.path() == "/api/v1/logs" && r.param("since").as_deref() == Some(since.as_str()))
        .count()
}

/// Users in the org: enough that the MFA sweep reads for seconds.
const USERS: usize = 200;

/// Eight hours of history (ten pages and more) answered slowly: a hunt reads for seconds.
async fn slow_org() -> SimServer {
    let faults = Faults { latency_ms: 250, ..Faults::default() };
    start(SimConfig { users: USERS, log_backfill_secs: 8 * 3600, live_log: false, faults, ..SimConfig::default() })
        .await
}

/// A dispatcher on `sim`, its profile switches read from `config`; its messages on the receiver.
fn dispatcher(sim: &SimServer, config: ConfigOptions, data_dir: &Path) -> (Dispatcher, Receiver<Msg>) {
    dispatcher_with(sim, config, data_dir, Duration::from_secs(30))
}

/// [`dispatcher`], the console started with `--timeout` `timeout`.
fn dispatcher_with(
    sim: &SimServer,
    config: ConfigOptions,
    data_dir: &Path,
    timeout: Duration,
) -> (Dispatcher, Receiver<Msg>) {
    let credential = Credential::ApiToken(std::sync::Arc::new(Secret::new(sim.credentials().api_token.clone())));
    let client = Client::new(OrgUrl::parse(sim.url()).unwrap(), credential).unwrap();
    let (tx, rx) = tokio::sync::mpsc::channel::<Msg>(4096);
    let hunt = HuntSettings {
        detections: std::sync::Arc::new(oktui::investigate::DetectionConfig::default()),
        budget: MemoryBudget::megabytes(512),
    };
    let setup = Setup {
        client,
        profile_name: "first".into(),
        profile_label: "first".into(),
        demo: false,
        config: std::sync::Arc::new(Config::read(config).unwrap()),
        timeout,
        data_dir: data_dir.to_path_buf(),
        hunt,
        poll_interval: Duration::from_secs(1),
    };
    (Dispatcher::new(setup, tx), rx)
}

fn hunt_from(generation: u64, since: DateTime<Utc>) -> Effect {
    Effect::Hunt { generation, window: WindowChoice::Range { since, until: None } }
}

/// Waits until the hunt from `since` has read at least `reads` pages.
async fn until_reading(sim: &SimServer, since: DateTime<Utc>, reads: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while reads_from(sim, since) < reads {
        assert!(tokio::time::Instant::now() < deadline, "the hunt reads");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_superseded_hunt_sends_no_further_request() {
    let sim = slow_org().await;
    let dir = tempfile::tempdir().unwrap();
    let (mut dispatcher, mut rx) = dispatcher(&sim, ConfigOptions::default(), dir.path());
    let first_since = Utc::now() - chrono::Duration::hours(9);
    dispatcher.dispatch(hunt_from(1, first_since)).await;
    until_reading(&sim, first_since, 2).await;
    // A new window supersedes it: the second effect of the hunt slot.
    let second_since = first_since + chrono::Duration::minutes(30);
    dispatcher.dispatch(hunt_from(2, second_since)).await;
    let at_supersede = reads_from(&sim, first_since);
    // The second hunt reads to its end.
    let done = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match rx.recv().await {
                Some(Msg::Hunt(HuntMsg::Done { generation, .. })) => break generation,
                Some(Msg::Hunt(HuntMsg::Failed { message, .. })) => panic!("{message}"),
                Some(_) => {}
                None => panic!("the channel closed"),
            }
        }
    })
    .await
    .expect("the second hunt finishes");
    assert_eq!(done, 2, "the superseded hunt never answers");
    // A read in flight when it was aborted may still have been answered; no more.
    let after = reads_from(&sim, first_since);
    assert!(after <= at_supersede + 1, "the superseded hunt read on: {at_supersede} reads, then {after}");
    let pages = reads_from(&sim, second_since);
    assert!(pages > after, "the second hunt read the window ({pages} reads): the first had more to read");
}

/// A config file with one profile, `other`, on `sim`, its token in a private file.
fn config_for(sim: &SimServer, dir: &Path) -> ConfigOptions {
    let token = dir.join("token");
    std::fs::write(&token, &sim.credentials().api_token).unwrap();
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    let file = dir.join("config.toml");
    let text = format!("[profiles.other]\norg_url = \"{}\"\ntoken_file = \"{}\"\n", sim.url(), token.display());
    std::fs::write(&file, text).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    ConfigOptions { config_file: Some(file), ..ConfigOptions::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_switch_aborts_every_running_task() {
    let sim = slow_org().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let (mut dispatcher, mut rx) = dispatcher(&sim, config_for(&sim, dir.path()), dir.path());
    let since = Utc::now() - chrono::Duration::hours(9);
    dispatcher.dispatch(hunt_from(1, since)).await;
    dispatcher.dispatch(Effect::MfaSweep { generation: 2, mode: RefreshMode::Full }).await;
    until_reading(&sim, since, 2).await;
    while factor_reads(&sim) < 2 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(dispatcher.is_running(Slot::Hunt) && dispatcher.is_running(Slot::Mfa), "both read");
    dispatcher.dispatch(Effect::SwitchProfile("other".into())).await;
    let (at_switch, factors_at_switch) = (reads_from(&sim, since), factor_reads(&sim));
    assert!(!dispatcher.is_running(Slot::Hunt) && !dispatcher.is_running(Slot::Mfa), "nothing runs on");
    // The switch says so; nothing of the old tasks answers after it, and their reads stop.
    let mut connected = false;
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(3), rx.recv()).await {
        match msg {
            Msg::Connected(header) => connected = header.profile == "other",
            Msg::Hunt(HuntMsg::Done { .. } | HuntMsg::Failed { .. }) => panic!("the aborted hunt answered"),
            Msg::Mfa(MfaMsg::Done { .. } | MfaMsg::Failed { .. }) => panic!("the aborted sweep answered"),
            Msg::Flash(text) => panic!("{text}"),
            _ => {}
        }
    }
    assert!(connected, "the switch connected");
    let after = reads_from(&sim, since);
    assert!(after <= at_switch + 1, "the aborted hunt read on: {at_switch} reads, then {after}");
    // The sweep's reads in flight may still be answered; no more.
    let (factors_after, in_flight) = (factor_reads(&sim), oktui::okta::ratelimit::MAX_IN_FLIGHT);
    assert!(
        factors_after <= factors_at_switch + in_flight,
        "the sweep read on: {factors_at_switch}, then {factors_after}"
    );
    assert!(factors_after < USERS, "the sweep had more to read");
}

/// How many users' factor lists the org was asked for.
fn factor_reads(sim: &SimServer) -> usize {
    sim.state().requests.all().iter().filter(|r| r.path().ends_with("/factors")).count()
}

/// Issue 16: a profile switched to with `:profile` keeps the options the console was started
/// with. Its org answers in 3 s; the console was started with `--timeout 1`: the switched-to
/// profile's reads time out (after their retries) rather than wait for the answer, as the
/// first profile's would. (The switch once built its client with the 30 s default.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_switched_to_keeps_the_timeout_the_console_started_with() {
    let faults = Faults { latency_ms: 3_000, ..Faults::default() };
    let sim = start(SimConfig { users: 5, live_log: false, faults, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let config = config_for(&sim, dir.path());
    let (mut dispatcher, mut rx) = dispatcher_with(&sim, config, dir.path(), Duration::from_secs(1));
    dispatcher.dispatch(Effect::SwitchProfile("other".into())).await;
    let answer = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match rx.recv().await {
                Some(Msg::Connected(header)) => {
                    assert_eq!(header.profile, "other");
                    dispatcher.dispatch(Effect::LoadList { kind: ListKind::Users, generation: 7 }).await;
                }
                Some(Msg::Flash(text)) => panic!("{text}"),
                Some(Msg::Page { generation: 7, .. }) => break Ok(()),
                Some(Msg::Failed { generation: 7, message, .. }) => break Err(message),
                Some(_) => {}
                None => panic!("the channel closed"),
            }
        }
    })
    .await
    .expect("the list answers");
    let message = answer.expect_err("the 3 s answer was waited for: the switch lost --timeout 1");
    assert!(message.contains("timed out"), "{message}");
}

/// Issue 19: the demo's console follows how far its org's history is written, in a slot of
/// the dispatcher; a profile switch away from the demo aborts it with every other, so the
/// progress the demo's org makes after the switch never reaches the console.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_switch_stops_the_demos_history_reaching_the_console() {
    // The demo's way: the org serves once its directory exists and writes its day of
    // history behind, newest first, saying how far it has got.
    let bound = SimServer::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let (follow, mut watching) = (bound.history(), bound.history());
    let sim = bound.serve_early(SimConfig { users: 200, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let (mut dispatcher, mut rx) = dispatcher(&sim, config_for(&sim, dir.path()), dir.path());
    dispatcher.follow_history(follow);
    let first = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match rx.recv().await {
                Some(Msg::History(progress)) => break progress,
                Some(_) => {}
                None => panic!("the channel closed"),
            }
        }
    })
    .await
    .expect("the history's progress reaches the console");
    assert!(!first.complete, "the history is written behind the console: {first:?}");
    assert!(dispatcher.is_running(Slot::History));
    dispatcher.dispatch(Effect::SwitchProfile("other".into())).await;
    assert!(!dispatcher.is_running(Slot::History), "nothing follows the demo's history after the switch");
    let at_switch = *watching.borrow_and_update();
    assert!(!at_switch.complete, "the history was still being written at the switch: {at_switch:?}");
    // The demo's org writes the rest of its history; the console hears of none of it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    let mut connected = false;
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(Msg::Connected(header)) => connected = header.profile == "other",
                Some(Msg::History(progress)) if connected => panic!("the demo's history after the switch: {progress:?}"),
                Some(Msg::Flash(text)) => panic!("{text}"),
                Some(_) => {}
                None => panic!("the channel closed"),
            },
            changed = watching.changed() => {
                changed.expect("the org writes on");
                if watching.borrow_and_update().complete {
                    break;
                }
            }
            _ = tokio::time::sleep_until(deadline) => panic!("the history was never all written"),
        }
    }
    // A last look at what was sent as the history ended.
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_millis(500), rx.recv()).await {
        assert!(!matches!(msg, Msg::History(_)), "the demo's history after the switch: {msg:?}");
    }
    assert!(connected, "the switch connected");
}
