//! The MFA sweep of the acceptance scenario: 2,000 users, 60 ms added latency, and a
//! factors bucket (`users_id`) of 1,200 requests per 60-second window. Prints the wall time
//! against the rate-limit floor (users read ÷ allowed requests per second; the target is at
//! most 1.10) and the share of 429s (target under 1%). One sweep takes about a minute, so
//! this is a plain bench binary (`cargo bench --bench mfa_sweep`), not a criterion loop.
//! `MFA_BENCH_USERS`, `MFA_BENCH_LIMIT` and `MFA_BENCH_WINDOW_SECS` change the scenario.

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

fn main() {
    let users = knob("MFA_BENCH_USERS", 2000) as usize;
    let limit = knob("MFA_BENCH_LIMIT", 1200) as u32;
    let window = knob("MFA_BENCH_WINDOW_SECS", 60);
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let config = SimConfig {
        users,
        live_log: false,
        log_backfill_secs: 0,
        rate_limits: RateLimitConfig {
            window_secs: window,
            overrides: vec![("users_id".into(), limit)],
            ..RateLimitConfig::default()
        },
        faults: Faults { latency_ms: 60, ..Faults::default() },
        ..SimConfig::default()
    };
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("a loopback address");
    let sim = rt.block_on(SimServer::start(addr, config)).expect("the simulated org starts");
    let org = OrgUrl::parse(sim.url()).expect("the sim's URL is a loopback org URL");
    let client = Client::new(org, Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into()))
        .expect("a client");

    let started = Instant::now();
    let mut quiet = |_: &Progress| {};
    let out =
        rt.block_on(mfa::run(&client, None, &Scope::All, RefreshMode::Full, &mut quiet)).expect("the sweep completes");
    let took = started.elapsed();

    let read = out.record.users.len();
    let floor = Duration::from_secs_f64(read as f64 / (f64::from(limit) / window as f64));
    let requests = sim.state().requests.all();
    let throttled = requests.iter().filter(|r| r.status == 429).count();
    let share = throttled as f64 / requests.len().max(1) as f64;
    println!(
        "mfa/sweep_{users}_users: {read} factor reads at {limit} per {window} s, 60 ms latency; \
         took {:.1} s, floor {:.1} s, time/floor {:.2}; {throttled} 429s of {} requests ({:.2}%)",
        took.as_secs_f64(),
        floor.as_secs_f64(),
        took.as_secs_f64() / floor.as_secs_f64(),
        requests.len(),
        share * 100.0
    );
}
