//! A full 10,000-user listing through the Okta client against a simulated org whose users
//! bucket allows 20 requests per 3-second window, compared with the rate-limit floor (pages ÷
//! allowed requests per second). The ratio is printed after criterion's timing; the target is
//! at most 1.10.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use oktui::okta::api::users::{self, UserQuery};
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::ratelimit::Priority;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::{RateLimitConfig, SimConfig, SimServer};
use serde_json::Value;

const USERS: usize = 10_000;
const PAGE: usize = 200;
const LIMIT: u32 = 20;
const WINDOW_SECS: u64 = 3;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let limits = RateLimitConfig {
        window_secs: WINDOW_SECS,
        overrides: vec![("users".into(), LIMIT)],
        ..RateLimitConfig::default()
    };
    let config =
        SimConfig { users: USERS, live_log: false, log_backfill_secs: 0, rate_limits: limits, ..SimConfig::default() };
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("a loopback address");
    let sim = rt.block_on(SimServer::start(addr, config)).expect("the simulated org starts");
    let listed = sim.state().org().users.iter().filter(|u| u.status != "DEPROVISIONED").count();
    let pages = listed.div_ceil(PAGE);
    let floor = Duration::from_secs_f64(pages as f64 / f64::from(LIMIT) * WINDOW_SECS as f64);
    let org = OrgUrl::parse(sim.url()).expect("the sim's URL is a loopback org URL");
    let token = Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into());

    let mut ratios = Vec::new();
    let mut group = c.benchmark_group("client");
    group.sample_size(10).measurement_time(Duration::from_secs(90));
    group.bench_function("list_10000_users_rate_limited", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // A fresh client (and limiter) per listing, after the org's window has reset.
                std::thread::sleep(Duration::from_secs(WINDOW_SECS + 1));
                let client = Client::new(org.clone(), token.clone()).expect("a client");
                let start = Instant::now();
                let users: Vec<Value> = rt
                    .block_on(
                        users::list(&UserQuery { limit: Some(PAGE), ..UserQuery::default() })
                            .all(&client, Priority::Interactive),
                    )
                    .expect("the listing completes");
                let took = start.elapsed();
                assert_eq!(users.len(), listed);
                ratios.push(took.as_secs_f64() / floor.as_secs_f64());
                total += took;
            }
            total
        })
    });
    group.finish();
    let mean = ratios.iter().sum::<f64>() / ratios.len().max(1) as f64;
    let worst = ratios.iter().cloned().fold(0.0, f64::max);
    println!(
        "client/list_10000_users_rate_limited: {pages} pages, floor {:.1} s; time/floor mean {mean:.2}, worst {worst:.2} over {} listings",
        floor.as_secs_f64(),
        ratios.len()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
