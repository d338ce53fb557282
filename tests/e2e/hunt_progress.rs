//! Issue 15: a headless hunt on a terminal says how far it has got on stderr (events, pages,
//! time covered, the logs bucket's headroom) and, while the logs bucket is spent, until when
//! Okta throttles it, never silence; the line is cleared before the report.

use std::time::Duration;

use oktui::sim::{RateLimitConfig, SimConfig};

use crate::common;
use crate::harness::Tui;

#[test]
fn a_hunt_on_a_terminal_shows_its_progress_and_its_waits() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    // Eight hours of history (ten pages and more); the logs bucket takes 3 reads per 3 s:
    // the hunt waits three times and more, each long enough to be seen.
    let rate_limits =
        RateLimitConfig { window_secs: 3, overrides: vec![("logs".into(), 3)], ..RateLimitConfig::default() };
    let config =
        SimConfig { users: 30, log_backfill_secs: 8 * 3600, live_log: false, rate_limits, ..SimConfig::default() };
    let sim = rt.block_on(common::start(config));
    let c = sim.credentials();
    let env = [("OKTA_CLIENT_ORGURL", c.url.clone()), ("OKTA_CLIENT_TOKEN", c.api_token.clone())];
    let mut tui = Tui::spawn(&["hunt", "--since", "9h", "--kind", "lockout"], &env, 200, 60);
    let step = Duration::from_secs(30);
    tui.wait_until("the progress line", step, |s| {
        let text = s.contents();
        text.contains("reading the System Log: ") && text.contains(" events · ") && text.contains("logs bucket ")
    });
    tui.wait_for("throttled by Okta until ", step);
    let exit = tui.finish(Duration::from_secs(120));
    assert_eq!(exit.code, 0);
    let text = tui.screen_text();
    assert!(text.contains("Hunt over "), "the report: {text}");
    assert!(!text.contains("reading the System Log: "), "the line is cleared before the report: {text}");
}
