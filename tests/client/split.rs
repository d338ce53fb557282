//! A System Log window Okta times out is read in parts (issue 15): the reader of its pages is
//! told that more follows until the last page of the whole window, not of each part, so a
//! checkpoint is not marked complete and a memory budget is checked at the end of a part.

use chrono::{Duration, Utc};
use oktui::gather::{Flow, LogSource, Query};
use oktui::investigate::LogWindow;
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::ratelimit::Priority;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::SimConfig;

use crate::common::start;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_last_page_of_a_split_window_says_nothing_follows() {
    let sim =
        start(SimConfig { users: 30, log_backfill_secs: 8 * 3600, live_log: false, ..SimConfig::default() }).await;
    sim.state().time_out_log_queries_over(Some(3 * 3600));
    let credential = Credential::ApiToken(std::sync::Arc::new(Secret::new(sim.credentials().api_token.clone())));
    let client = Client::new(OrgUrl::parse(sim.url()).unwrap(), credential).unwrap();
    let now = Utc::now();
    let window = LogWindow { since: now - Duration::hours(9), until: now };
    let mut more_flags = Vec::new();
    client
        .read_window(window, Query::default(), Priority::Interactive, |_, more| {
            more_flags.push(more);
            Ok(Flow::Go)
        })
        .await
        .unwrap();
    let timed_out = sim.state().requests.all().iter().filter(|r| r.path() == "/api/v1/logs" && r.status == 500).count();
    assert_eq!(timed_out, 3, "read in four parts");
    assert!(more_flags.len() >= 4, "{more_flags:?}");
    let (last, before) = more_flags.split_last().unwrap();
    assert!(!last && before.iter().all(|&more| more), "{more_flags:?}");
}
