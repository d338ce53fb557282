//! The sweep's pace against the rate limit: the acceptance scenario's shape (users per
//! window limit 2,000 : 1,200, 60 ms latency) scaled down to 400 users and a 240-request,
//! 12-second window so it runs in seconds.

use std::time::{Duration, Instant};

use oktui::mfa::{self, Progress, RefreshMode, Scope};
use oktui::sim::{Faults, RateLimitConfig, SimConfig};

use crate::common::{small_config, start};
use crate::truth::{client, count, truth};

const USERS: usize = 400;
const LIMIT: u32 = 240;
const WINDOW_SECS: u64 = 12;

#[tokio::test]
async fn a_sweep_runs_at_the_rate_limit_floor_with_almost_no_429s() {
    let rate_limits = RateLimitConfig {
        window_secs: WINDOW_SECS,
        overrides: vec![("users_id".into(), LIMIT)],
        ..RateLimitConfig::default()
    };
    let faults = Faults { latency_ms: 60, ..Faults::default() };
    let sim = start(SimConfig { rate_limits, faults, ..small_config(USERS) }).await;
    let swept = truth(&sim).len();
    let floor = Duration::from_secs_f64(swept as f64 / (f64::from(LIMIT) / WINDOW_SECS as f64));
    let started = Instant::now();
    let mut quiet = |_: &Progress| {};
    let out = mfa::run(&client(&sim), None, &Scope::All, RefreshMode::Full, &mut quiet).await.unwrap();
    let took = started.elapsed();
    assert_eq!(out.record.users.len(), swept);
    let ratio = took.as_secs_f64() / floor.as_secs_f64();
    let requests = sim.state().requests.all();
    let throttled = requests.iter().filter(|r| r.status == 429).count();
    println!("{swept} users, floor {floor:?}, took {took:?}: ratio {ratio:.2}, {throttled} 429s of {}", requests.len());
    assert!(ratio <= 1.10, "the sweep took {took:?}, the floor is {floor:?}");
    assert!(throttled * 100 < requests.len(), "{throttled} 429s of {} requests", requests.len());
    assert_eq!(count(&sim, "/factors"), swept + throttled);
}

/// The scenario as `oktui mfa-gaps` runs it (no console, so no reserve): 600 users,
/// the factors bucket at 200 per 10-second window, 50 ms latency. The floor is the factor
/// reads needed ÷ the limit per window × the window's length; the sweep is timed from its
/// first request. (A shorter window would not keep the ratio meaningful: `X-Rate-Limit-Reset`
/// is whole seconds, so up to a second of each window is the header's rounding, whoever the
/// client.)
#[tokio::test]
async fn an_unattended_sweep_spends_whole_windows_and_runs_at_the_floor() {
    const LIMIT: u32 = 200;
    const WINDOW_SECS: u64 = 10;
    let rate_limits = RateLimitConfig {
        window_secs: WINDOW_SECS,
        overrides: vec![("users_id".into(), LIMIT)],
        ..RateLimitConfig::default()
    };
    let faults = Faults { latency_ms: 50, ..Faults::default() };
    let sim = start(SimConfig { rate_limits, faults, ..small_config(600) }).await;
    let swept = truth(&sim).len();
    let floor = Duration::from_secs_f64(swept as f64 / f64::from(LIMIT) * WINDOW_SECS as f64);
    let started = Instant::now();
    let mut quiet = |_: &Progress| {};
    let client = client(&sim).unattended();
    let out = mfa::run(&client, None, &Scope::All, RefreshMode::Full, &mut quiet).await.unwrap();
    let took = started.elapsed();
    assert_eq!(out.record.users.len(), swept);
    let requests = sim.state().requests.all();
    let throttled = requests.iter().filter(|r| r.status == 429).count();
    let ratio = took.as_secs_f64() / floor.as_secs_f64();
    let factors: Vec<_> = requests.iter().filter(|r| r.path().ends_with("/factors") && r.status == 200).collect();
    let first_window = factors[usize::try_from(LIMIT).unwrap() - 1].at - factors[0].at;
    println!(
        "{swept} factor reads at {LIMIT} per {WINDOW_SECS} s: floor {floor:?}, took {took:?}, ratio {ratio:.2}; \
         {throttled} 429s of {} requests; the first window's {LIMIT} in {} ms",
        requests.len(),
        first_window.num_milliseconds()
    );
    assert!(first_window < chrono::Duration::seconds(3), "no reserve held back: {first_window}");
    assert!(ratio <= 1.10, "the sweep took {took:?}, the floor is {floor:?}");
    assert!(throttled * 100 <= requests.len(), "{throttled} 429s of {} requests", requests.len());
}
