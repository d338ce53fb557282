//! The console's hunt task (issue 15): a hunt superseded by another (a new window, the pane
//! left, another org) is aborted, not left reading: the sim's request record shows its
//! reads stop, and it never answers.

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use oktui::app::findings_tasks::HuntTask;
use oktui::app::hunt::{HuntMsg, HuntWindow};
use oktui::app::msg::Msg;
use oktui::gather::MemoryBudget;
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{Faults, SimConfig, SimServer};

use crate::common::start;

/// How many System Log reads of the hunt whose window starts at `since` the org answered.
fn reads_from(sim: &SimServer, since: &str) -> usize {
    sim.state()
        .requests
        .all()
        .iter()
        .filter(|r| r.path() == "/api/v1/logs" && r.param("since").as_deref() == Some(since))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_superseded_hunt_sends_no_further_request() {
    // Eight hours of history (ten pages and more) answered slowly: a hunt reads for seconds.
    let faults = Faults { latency_ms: 250, ..Faults::default() };
    let sim =
        start(SimConfig { users: 30, log_backfill_secs: 8 * 3600, live_log: false, faults, ..SimConfig::default() })
            .await;
    let credential = Credential::ApiToken(std::sync::Arc::new(Secret::new(sim.credentials().api_token.clone())));
    let client = Client::new(OrgUrl::parse(sim.url()).unwrap(), credential).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Msg>(4096);
    let config = std::sync::Arc::new(oktui::investigate::DetectionConfig::default());
    let budget = MemoryBudget::megabytes(512);
    let first_since = Utc::now() - chrono::Duration::hours(9);
    let first_sent = first_since.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut task = HuntTask::default();
    task.start(&client, &tx, config.clone(), budget, 1, HuntWindow::Range { since: first_since, until: None });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while reads_from(&sim, &first_sent) < 2 {
        assert!(tokio::time::Instant::now() < deadline, "the first hunt reads");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A new window supersedes it.
    let second_since = first_since + chrono::Duration::minutes(30);
    task.start(&client, &tx, config, budget, 2, HuntWindow::Range { since: second_since, until: None });
    let at_supersede = reads_from(&sim, &first_sent);
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
    let after = reads_from(&sim, &first_sent);
    assert!(after <= at_supersede + 1, "the superseded hunt read on: {at_supersede} reads, then {after}");
    let pages = reads_from(&sim, &second_since.to_rfc3339_opts(SecondsFormat::Millis, true));
    assert!(pages > after, "the second hunt read the window ({pages} reads): the first had more to read");
}
