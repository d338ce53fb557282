//! Throughput of the simulated org over loopback HTTP: a 200-user page of `GET /api/v1/users`
//! and a 1,000-event page of a bounded `GET /api/v1/logs`, as a client pages them.

use std::net::SocketAddr;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oktui::sim::{ids::okta_time, RateLimitConfig, SimConfig, SimServer};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let config = SimConfig {
        users: 5000,
        log_events_per_minute: 20.0,
        rate_limits: RateLimitConfig { scale: 1e6, ..RateLimitConfig::default() },
        ..SimConfig::default()
    };
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("a loopback address");
    let sim = rt.block_on(SimServer::start(addr, config)).expect("the simulated org starts");
    let auth = format!("SSWS {}", sim.credentials().api_token);
    let client = reqwest::Client::new();
    let fetch = |url: String| {
        let req = client.get(url).header("Authorization", &auth);
        async move {
            let body = req.send().await.expect("a response").bytes().await.expect("a body");
            assert!(body.len() > 2);
        }
    };

    let mut group = c.benchmark_group("sim");
    group.throughput(Throughput::Elements(200));
    let users = format!("{}/api/v1/users?limit=200", sim.url());
    group.bench_function("users_page_200", |b| b.iter(|| rt.block_on(fetch(users.clone()))));

    let now = chrono::Utc::now();
    let since = okta_time(now - chrono::Duration::hours(20));
    let until = okta_time(now - chrono::Duration::hours(1));
    let logs = format!("{}/api/v1/logs?since={since}&until={until}&limit=1000", sim.url());
    group.throughput(Throughput::Elements(1000));
    group.bench_function("logs_page_1000", |b| b.iter(|| rt.block_on(fetch(logs.clone()))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
