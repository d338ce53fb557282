//! Command-line definitions (clap). The headless contract in DESIGN.md lives here.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

/// oktui: investigate and respond to identity threats in an Okta org.
#[derive(Debug, Parser)]
#[command(name = "oktui", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a fresh simulated Okta org on loopback and open oktui on it.
    Demo(DemoArgs),
    /// The simulated Okta org, for trying oktui and for tests.
    Sim {
        #[command(subcommand)]
        command: SimCommand,
    },
}

/// Options of `oktui demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of users in the simulated org.
    #[arg(long, default_value_t = 500)]
    pub users: usize,
    /// Seed of the simulated org.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// `oktui sim …`
#[derive(Debug, Subcommand)]
pub enum SimCommand {
    /// Serve a simulated org on loopback; prints one JSON line with its URL and credentials.
    Serve(SimServeArgs),
}

/// Options of `oktui sim serve`.
#[derive(Debug, Args)]
pub struct SimServeArgs {
    /// Address to listen on; loopback only. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Number of users in the directory.
    #[arg(long, default_value_t = 500)]
    pub users: usize,
    /// Seed of the org: the same seed gives the same org.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Hours of System Log history to backfill.
    #[arg(long, default_value_t = 24.0)]
    pub backfill_hours: f64,
    /// Ordinary System Log events appended per minute (0 stops the live log).
    #[arg(long, default_value_t = 20.0)]
    pub events_per_minute: f64,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    pub token_ttl: u64,
    /// The service app requires DPoP-bound tokens.
    #[arg(long)]
    pub require_dpop: bool,
    /// Okta API scopes granted to the service app (comma-separated); default: the read
    /// scopes oktui uses plus okta.users.manage.
    #[arg(long, value_delimiter = ',')]
    pub scopes: Option<Vec<String>>,
    /// Override one rate-limit bucket's limit per window, e.g. `logs=10` (repeatable).
    /// Buckets: users, users_id, users_mutate, logs, apps, apps_id, groups, groups_id, token, api_v1.
    #[arg(long = "rate-limit", value_parser = parse_bucket_limit)]
    pub rate_limits: Vec<(String, u32)>,
    /// Multiply every default rate limit (e.g. 0.1 for a small org).
    #[arg(long, default_value_t = 1.0)]
    pub rate_limit_scale: f64,
    /// Rate-limit window in seconds.
    #[arg(long, default_value_t = 60)]
    pub rate_window: u64,
    /// Requests in flight at once before a concurrency 429.
    #[arg(long, default_value_t = 75)]
    pub concurrency_limit: u32,
    /// Latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests (0–1) answered with a spurious 429.
    #[arg(long, default_value_t = 0.0)]
    pub fault_429: f64,
    /// Share of requests (0–1) answered with a 500 or 503.
    #[arg(long, default_value_t = 0.0)]
    pub fault_5xx: f64,
    /// Share of requests (0–1) whose connection drops mid-response.
    #[arg(long, default_value_t = 0.0)]
    pub fault_drop: f64,
    /// Share of requests (0–1) answered with a truncated body.
    #[arg(long, default_value_t = 0.0)]
    pub fault_malformed: f64,
}

fn parse_bucket_limit(s: &str) -> Result<(String, u32), String> {
    let (name, n) = s.split_once('=').ok_or_else(|| format!("'{s}': expected BUCKET=LIMIT, e.g. logs=10"))?;
    let known = crate::sim::ratelimit::BUCKETS.iter().any(|b| b.name == name);
    if !known {
        let names: Vec<_> = crate::sim::ratelimit::BUCKETS.iter().map(|b| b.name).collect();
        return Err(format!("unknown bucket '{name}'; buckets are {}", names.join(", ")));
    }
    let n = n.parse().map_err(|_| format!("'{n}' is not a whole number"))?;
    Ok((name.to_string(), n))
}
