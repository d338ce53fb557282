//! The MFA sweep against the rate-limit floor, in the scenario: 600 users, the
//! factors bucket (`users_id`) at 200 requests per 10-second window, 50 ms added latency.
//!
//! **The floor** is the time the bucket allows for the sweep's factor reads: the reads
//! needed (one per user who can sign in) ÷ the limit per window × the window's length. A
//! sweep is timed from its first request (its start: it lists the users at once) to its
//! answer, and reported as a ratio to the floor (the target: at most 1.10), with the share of
//! requests answered 429 (the target: at most 1%).
//!
//! Two sweeps run, each against a fresh org: the headless one (`oktui mfa-gaps`: an
//! unattended client, which spends the whole bucket) and the console's (which leaves 10% of
//! each window to the analyst's own calls until the last second before its reset). One sweep
//! takes about a window per 200 users, so this is a plain bench binary (`cargo bench --bench
//! mfa_sweep`), not a criterion loop. `MFA_BENCH_USERS`, `MFA_BENCH_LIMIT`,
//! `MFA_BENCH_WINDOW_SECS` and `MFA_BENCH_LATENCY_MS` change the scenario.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use oktui::mfa::{self, Progress, RefreshMode, Scope};
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{Faults, RateLimitConfig, SimConfig, SimServer};

fn knob(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The scenario.
struct Scenario {
    users: usize,
    limit: u32,
    window_secs: u64,
    latency_ms: u64,
}

/// Sweeps a fresh org of the scenario and prints the figures.
fn sweep(rt: &tokio::runtime::Runtime, s: &Scenario, headless: bool) {
    let config = SimConfig {
        users: s.users,
        live_log: false,
        log_backfill_secs: 0,
        rate_limits: RateLimitConfig {
            window_secs: s.window_secs,
            overrides: vec![("users_id".into(), s.limit)],
            ..RateLimitConfig::default()
        },
        faults: Faults { latency_ms: s.latency_ms, ..Faults::default() },
        ..SimConfig::default()
    };
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("a loopback address");
    let sim = rt.block_on(SimServer::start(addr, config)).expect("the simulated org starts");
    let org = OrgUrl::parse(sim.url()).expect("the sim's URL is a loopback org URL");
    let client = Client::new(org, Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into()))
        .expect("a client");
    let client = if headless { client.unattended() } else { client };

    let started = Instant::now();
    let mut quiet = |_: &Progress| {};
    let out =
        rt.block_on(mfa::run(&client, None, &Scope::All, RefreshMode::Full, &mut quiet)).expect("the sweep completes");
    let took = started.elapsed();

    let reads = out.record.users.len();
    let floor = Duration::from_secs_f64(reads as f64 / f64::from(s.limit) * s.window_secs as f64);
    let requests = sim.state().requests.all();
    let throttled = requests.iter().filter(|r| r.status == 429).count();
    let share = throttled as f64 / requests.len().max(1) as f64;
    println!(
        "mfa/sweep_{}_users/{}: {reads} factor reads at {} per {} s, {} ms latency; \
         took {:.1} s, floor {:.1} s, time/floor {:.2}; {throttled} 429s of {} requests ({:.2}%)",
        s.users,
        if headless { "headless" } else { "console" },
        s.limit,
        s.window_secs,
        s.latency_ms,
        took.as_secs_f64(),
        floor.as_secs_f64(),
        took.as_secs_f64() / floor.as_secs_f64(),
        requests.len(),
        share * 100.0
    );
}

fn main() {
    let scenario = Scenario {
        users: knob("MFA_BENCH_USERS", 600) as usize,
        limit: knob("MFA_BENCH_LIMIT", 200) as u32,
        window_secs: knob("MFA_BENCH_WINDOW_SECS", 10),
        latency_ms: knob("MFA_BENCH_LATENCY_MS", 50),
    };
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    sweep(&rt, &scenario, true);
    sweep(&rt, &scenario, false);
}
