//! Issue 5, acceptance 3: the tail engine against simulated orgs over HTTP. While the logs
//! bucket has headroom, the lag it reports stays within the poll interval plus 2 s; when the
//! bucket is spent, it says "throttled until …" and then recovers without losing or
//! repeating an event.

#[path = "common/mod.rs"]
mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::logs::tail::{self, PollState, TailConfig, TailStatus, TailUpdate};
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{RateLimitConfig, SimConfig, SimServer};
use tokio::sync::mpsc;

fn client(sim: &SimServer) -> Client {
    let c = sim.credentials();
    Client::new(OrgUrl::parse(&c.url).unwrap(), Credential::ApiToken(Secret::new(c.api_token.clone()).into())).unwrap()
}

/// What a tail delivered and said.
#[derive(Default)]
struct Seen {
    uuids: Vec<String>,
    statuses: Vec<(Instant, TailStatus)>,
}

impl Seen {
    fn take(&mut self, update: TailUpdate) {
        match update {
            TailUpdate::Events(events, status) => {
                for e in events {
                    let v: serde_json::Value = serde_json::from_str(&e.raw).unwrap();
                    self.uuids.push(v["uuid"].as_str().unwrap().to_string());
                }
                self.statuses.push((Instant::now(), status));
            }
            TailUpdate::Status(status) => self.statuses.push((Instant::now(), status)),
            TailUpdate::Rejected(e) => panic!("the tail was refused: {e}"),
        }
    }

    /// Receives for `time`.
    async fn run(&mut self, rx: &mut mpsc::Receiver<TailUpdate>, time: Duration) {
        let end = tokio::time::Instant::now() + time;
        while let Ok(Some(update)) = tokio::time::timeout_at(end, rx.recv()).await {
            self.take(update);
        }
    }

    /// Receives until `n` events arrived, for at most `limit`.
    async fn until(&mut self, rx: &mut mpsc::Receiver<TailUpdate>, n: usize, limit: Duration) {
        let end = tokio::time::Instant::now() + limit;
        while self.uuids.len() < n {
            match tokio::time::timeout_at(end, rx.recv()).await {
                Ok(Some(update)) => self.take(update),
                _ => break,
            }
        }
    }
}

fn exactly_once(sim: &SimServer, since: chrono::DateTime<Utc>, got: &[String]) {
    let expected = sim.state().logs.uuids_persisted_since(since);
    let unique: HashSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "an event was delivered twice");
    let expected: HashSet<&String> = expected.iter().collect();
    let (missing, extra) = (expected.difference(&unique).count(), unique.difference(&expected).count());
    assert_eq!((missing, extra), (0, 0), "{} expected, {} delivered", expected.len(), got.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lag_stays_within_the_poll_interval_while_the_bucket_has_headroom() {
    let sim = common::start(SimConfig {
        users: 100,
        log_backfill_secs: 60,
        log_events_per_minute: 600.0,
        ..SimConfig::default()
    })
    .await;
    let since = Utc::now() - chrono::Duration::minutes(5);
    let interval = Duration::from_secs(2);
    let config = TailConfig { since, poll_interval: interval, ..TailConfig::last(chrono::Duration::zero()) };
    let (tx, mut rx) = mpsc::channel(16);
    let engine = tokio::spawn(tail::run(client(&sim), config, tx));
    let mut seen = Seen::default();
    seen.run(&mut rx, Duration::from_secs(3)).await;
    // From here on the tail is caught up: sample the lag it reports, as the pane shows it.
    let mut worst = 0;
    let sampling = Instant::now();
    while sampling.elapsed() < Duration::from_secs(12) {
        seen.run(&mut rx, Duration::from_millis(200)).await;
        let (_, status) = seen.statuses.last().expect("a status");
        assert!(status.headroom_share().unwrap_or(1.0) > 0.25, "the bucket has headroom here");
        worst = worst.max(status.lag_ms(Utc::now().timestamp_millis()).expect("a lag"));
    }
    let bound = (interval + Duration::from_secs(2)).as_millis() as i64;
    assert!(worst <= bound, "lag reached {worst} ms, over {bound} ms");
    sim.pause_live_log(true);
    let expected = sim.state().logs.uuids_persisted_since(since).len();
    seen.until(&mut rx, expected, Duration::from_secs(10)).await;
    engine.abort();
    exactly_once(&sim, since, &seen.uuids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_logs_bucket_says_throttled_and_the_tail_recovers_without_loss() {
    let rate_limits =
        RateLimitConfig { window_secs: 4, overrides: vec![("logs".into(), 3)], ..RateLimitConfig::default() };
    let config = SimConfig {
        users: 100,
        log_backfill_secs: 60,
        log_events_per_minute: 1200.0,
        rate_limits,
        ..SimConfig::default()
    };
    let sim = common::start(config).await;
    let since = Utc::now() - chrono::Duration::minutes(5);
    let tail_config =
        TailConfig { since, poll_interval: Duration::from_millis(500), ..TailConfig::last(chrono::Duration::zero()) };
    let (tx, mut rx) = mpsc::channel(16);
    let engine = tokio::spawn(tail::run(client(&sim), tail_config, tx));
    let mut seen = Seen::default();
    seen.run(&mut rx, Duration::from_secs(15)).await;
    let throttled: Vec<&PollState> =
        seen.statuses.iter().map(|(_, s)| &s.state).filter(|s| matches!(s, PollState::Throttled { .. })).collect();
    assert!(
        !throttled.is_empty(),
        "the status said throttled: {:?}",
        seen.statuses.iter().map(|(_, s)| &s.state).collect::<Vec<_>>()
    );
    if let PollState::Throttled { until } = throttled[0] {
        assert!(
            *until > Utc::now() - chrono::Duration::seconds(20) && *until < Utc::now() + chrono::Duration::seconds(10)
        );
    }
    sim.pause_live_log(true);
    let expected = sim.state().logs.uuids_persisted_since(since).len();
    seen.until(&mut rx, expected, Duration::from_secs(30)).await;
    engine.abort();
    exactly_once(&sim, since, &seen.uuids);
    assert!(matches!(seen.statuses.last().map(|(_, s)| &s.state), Some(PollState::Live)), "the tail recovered");
}
