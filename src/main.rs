//! The `oktui` binary: parses the command line and runs one command.

use std::io::Write;

use anyhow::{bail, Context, Result};
use clap::Parser;
use oktui::actions::Action;
use oktui::app;
use oktui::cli::{Cli, Command, SimCommand, SimServeArgs};
use oktui::headless::{self, act, doctor, lists, mfa_gaps};
use oktui::sim::{Faults, RateLimitConfig, SimConfig, SimServer, DEFAULT_SCOPES};

fn main() {
    let cli = Cli::parse();
    init_logging(&cli.global.log_level);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let result = runtime.block_on(run(cli));
    // Background work (a demo org still writing its history) must not hold up the exit.
    runtime.shutdown_background();
    match result {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        // The console ended on a panic in one of its tasks, the terminal restored: the code of
        // any Rust panic.
        Err(e) if e.is::<app::panics::ConsolePanicked>() => {
            eprintln!("error: {}", oktui::sanitize::clean(&format!("{e:#}")));
            std::process::exit(101);
        }
        // A reader that went away (`oktui logs | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => {}
        // A refused action: nothing was sent (exit 2, as for a usage error).
        Err(e) if act::is_refusal(&e) => {
            eprintln!("error: {}", oktui::sanitize::clean(&format!("{e:#}")));
            std::process::exit(2);
        }
        Err(e) => {
            let line = oktui::sanitize::clean(&format!("{e:#}")).into_owned();
            tracing::warn!("failed: {line}");
            eprintln!("error: {line}");
            std::process::exit(1);
        }
    }
}

/// Sends `tracing` to the log file in the data dir, never to the terminal; level from
/// `OKTUI_LOG`, else `--log-level`. Best effort: without a writable data dir, no log.
fn init_logging(level: &str) {
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(paths) = oktui::config::Paths::discover() else { return };
    if let Some(dir) = paths.log_file.parent() {
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
    }
    let Ok(file) = std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(&paths.log_file) else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("OKTUI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("oktui={level}")));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
}

/// Runs one command; `Ok(false)` is a clean failure already reported (doctor's ✗ lines).
async fn run(cli: Cli) -> Result<bool> {
    let global = &cli.global;
    let Some(command) = &cli.command else {
        app::launch::open(global).await?;
        return Ok(true);
    };
    let mut out = std::io::stdout().lock();
    tracing::info!("oktui {} {}", env!("CARGO_PKG_VERSION"), command_name(command));
    match command {
        Command::Users(args) => lists::users(&headless::connect(global)?, args, &mut out).await?,
        Command::User(args) => lists::user(&headless::connect(global)?, args, &mut out).await?,
        Command::Groups(args) => lists::groups(&headless::connect(global)?, args, &mut out).await?,
        Command::Apps(args) => lists::apps(&headless::connect(global)?, args, &mut out).await?,
        Command::Policies(args) => lists::policies(&headless::connect(global)?, args, &mut out).await?,
        Command::Logs(args) if args.follow => {
            let (client, profile) = headless::connect_profile(global)?;
            headless::follow::follow(&client, &profile, args, &mut out).await?
        }
        Command::Logs(args) => lists::logs(&headless::connect(global)?, args, &mut out).await?,
        Command::Investigate(args) => {
            let config = headless::detection_settings(global)?;
            headless::investigate::investigate(&headless::connect(global)?, &config, args, &mut out).await?
        }
        Command::Hunt(args) => {
            let (config, budget) = (headless::detection_settings(global)?, headless::hunt_budget(global)?);
            headless::investigate::hunt(&headless::connect(global)?, &config, budget, args, &mut out).await?
        }
        Command::MfaGaps(args) => mfa_gaps::run(global, args, &mut out).await?,
        Command::Doctor => return doctor::run(global, &mut out).await,
        Command::Info => headless::info(&mut out)?,
        Command::Init => {
            drop(out);
            return oktui::setup::run(global).await;
        }
        Command::Suspend(args) => return act::run(global, Action::Suspend, args, &mut out).await,
        Command::Unsuspend(args) => return act::run(global, Action::Unsuspend, args, &mut out).await,
        Command::ClearSessions(args) => {
            let action = Action::ClearSessions {
                revoke_oauth_tokens: args.revoke_oauth_tokens,
                forget_devices: args.forget_devices,
            };
            return act::run(global, action, &args.act, &mut out).await;
        }
        Command::Audit(args) => headless::audit::print(args.format, &mut out)?,
        Command::Demo(args) => {
            drop(out);
            app::launch::demo(global, args).await?
        }
        Command::Sim { command: SimCommand::Serve(args) } => {
            drop(out);
            sim_serve(args).await?
        }
    }
    Ok(true)
}

fn sim_config(a: &SimServeArgs) -> Result<SimConfig> {
    for (name, rate) in [
        ("--fault-429", a.fault_429),
        ("--fault-5xx", a.fault_5xx),
        ("--fault-drop", a.fault_drop),
        ("--fault-malformed", a.fault_malformed),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            bail!("{name} {rate}: a share of requests must be between 0 and 1");
        }
    }
    if a.backfill_hours < 0.0 || a.events_per_minute < 0.0 || a.rate_limit_scale <= 0.0 {
        bail!("--backfill-hours and --events-per-minute must not be negative, --rate-limit-scale must be positive");
    }
    Ok(SimConfig {
        users: a.users,
        seed: a.seed,
        log_backfill_secs: (a.backfill_hours * 3600.0) as u64,
        log_events_per_minute: a.events_per_minute,
        token_ttl_secs: a.token_ttl,
        require_dpop: a.require_dpop,
        granted_scopes: a.scopes.clone().unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect()),
        token_owner_roles: a.token_owner_roles.as_deref().map(role_list),
        service_app_roles: a.service_app_roles.as_deref().map(role_list),
        token_owner_deactivated: a.token_owner_deactivated,
        rate_limits: RateLimitConfig {
            window_secs: a.rate_window,
            overrides: a.rate_limits.clone(),
            scale: a.rate_limit_scale,
            concurrency: a.concurrency_limit,
        },
        faults: Faults {
            latency_ms: a.latency_ms,
            late_change_answer_ms: a.late_change_answer_ms,
            rate_429: a.fault_429,
            rate_5xx: a.fault_5xx,
            rate_drop: a.fault_drop,
            rate_malformed: a.fault_malformed,
        },
        factors_denied: a.deny_factors.clone(),
        ..SimConfig::default()
    })
}

/// Role types from the command line; `none` stands for no role.
fn role_list(types: &[String]) -> Vec<String> {
    types.iter().filter(|t| !t.eq_ignore_ascii_case("none")).map(|t| t.to_ascii_uppercase()).collect()
}

/// `oktui sim serve`: one JSON line with the URL and credentials, then serve until killed.
async fn sim_serve(args: &SimServeArgs) -> Result<()> {
    let config = sim_config(args)?;
    let server = SimServer::start(args.addr, config).await?;
    let line = serde_json::to_string(server.credentials()).context("cannot encode the credentials line")?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").context("cannot write to stdout")?;
    out.flush().context("cannot write to stdout")?;
    drop(out);
    tokio::signal::ctrl_c().await.context("cannot wait for Ctrl-C")?;
    Ok(())
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Users(_) => "users",
        Command::User(_) => "user",
        Command::Groups(_) => "groups",
        Command::Apps(_) => "apps",
        Command::Policies(_) => "policies",
        Command::Logs(_) => "logs",
        Command::Investigate(_) => "investigate",
        Command::Hunt(_) => "hunt",
        Command::MfaGaps(_) => "mfa-gaps",
        Command::Doctor => "doctor",
        Command::Info => "info",
        Command::Init => "init",
        Command::Suspend(_) => "suspend",
        Command::Unsuspend(_) => "unsuspend",
        Command::ClearSessions(_) => "clear-sessions",
        Command::Audit(_) => "audit",
        Command::Demo(_) => "demo",
        Command::Sim { .. } => "sim serve",
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
