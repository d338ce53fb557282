//! The `oktui` binary: parses the command line and runs one command.

use std::io::Write;

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Parser;
use oktui::actions::OrgChange;
use oktui::cli::{Cli, Command, GlobalArgs, SimCommand, SimServeArgs};
use oktui::console;
use oktui::headless::{self, act, doctor, follow, lists, mfa_gaps};
use oktui::output::results::Results;
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
    // One masker for the run: its standard output, its case file and its error lines name a
    // person alike.
    let masker = cli.global.mask.then(|| oktui::mask::Masker::new(true));
    let result = runtime.block_on(run(cli, masker.clone()));
    let shown = |e: &anyhow::Error| match &masker {
        Some(m) => m.clone().text(&headless::error_line(e)).into_owned(),
        None => headless::error_line(e),
    };
    // Background work (a demo org still writing its history) must not hold up the exit.
    runtime.shutdown_background();
    match result {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        // The console ended on a panic in one of its tasks, the terminal restored: the code of
        // any Rust panic.
        Err(e) if e.is::<console::panics::ConsolePanicked>() => {
            eprintln!("error: {}", shown(&e));
            std::process::exit(101);
        }
        Err(e) if e.is::<headless::Interrupted>() => {
            eprintln!("{}", shown(&e));
            std::process::exit(headless::EXIT_INTERRUPTED);
        }
        // A usage error, or a refused action: nothing was sent.
        Err(e) if headless::is_usage_error(&e) || act::is_refusal(&e) => {
            eprintln!("error: {}", shown(&e));
            std::process::exit(2);
        }
        Err(e) => {
            let line = shown(&e);
            tracing::warn!("failed: {line}");
            eprintln!("error: {line}");
            std::process::exit(1);
        }
    }
}

/// Sends `tracing` to the log file in the data dir, never to the terminal; level from
/// `OKTUI_LOG`, else `--log-level`. Best effort: without a writable data dir, no log.
fn init_logging(level: &str) {
    let Ok(paths) = oktui::config::Paths::discover() else { return };
    if oktui::files::own_dir(&paths.data_dir, None).is_err() {
        return;
    }
    let Ok(file) = oktui::files::append(&paths.log_file) else { return };
    let filter = tracing_subscriber::EnvFilter::try_from_env("OKTUI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("oktui={level}")));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
}

/// Runs one command; `Ok(false)` is a clean failure already reported (doctor's ✗ lines).
/// A command whose reader went away (`oktui users | head`) has ended normally, whatever
/// error the closed pipe caused on its way up.
async fn run(cli: Cli, masker: Option<oktui::mask::Masker>) -> Result<bool> {
    let global = &cli.global;
    let Some(command) = &cli.command else {
        console::launch::open(global).await?;
        return Ok(true);
    };
    tracing::info!("oktui {} {}", env!("CARGO_PKG_VERSION"), command_name(command));
    // Not locked: the console and the setup wizard write to the terminal themselves.
    let mut out = Results::new(std::io::stdout());
    let result = if let Some(masker) = &masker {
        let mut masked = oktui::output::masked::MaskedWriter::new(&mut out, masker.clone());
        let result = dispatch(global, command, Some(masker.clone()), &mut masked).await;
        let flushed = masked.flush();
        result.and_then(|ok| flushed.map(|()| ok).map_err(Into::into))
    } else {
        dispatch(global, command, None, &mut out).await
    };
    if out.reader_gone() {
        tracing::info!("stdout was closed by its reader: stopping");
        return Ok(true);
    }
    result
}

/// Runs one subcommand, its results to `out` (already masked with `--mask`; `mask` is the
/// run's masker, for what is written elsewhere: a case file).
async fn dispatch(
    global: &GlobalArgs,
    command: &Command,
    mask: Option<oktui::mask::Masker>,
    out: &mut impl oktui::output::masked::Sink,
) -> Result<bool> {
    match command {
        Command::Users(args) => lists::users(&headless::client(global)?, args, out).await?,
        Command::User(args) => lists::user(&headless::client(global)?, args, out).await?,
        Command::Groups(args) => lists::groups(&headless::client(global)?, args, out).await?,
        Command::Apps(args) => lists::apps(&headless::client(global)?, args, out).await?,
        Command::Policies(args) => lists::policies(&headless::client(global)?, args, out).await?,
        Command::Logs(args) => match &args.events.file {
            Some(file) => lists::logs_from_file(file, args, out).await?,
            None if args.follow => {
                let (client, profile) = headless::connect(&headless::read_config(global)?, global)?;
                let (since, resume) = (args.since_or_last_hour(Utc::now()), follow::Resume::of(&profile, args)?);
                follow::follow(&client, since, resume, args, out).await?
            }
            None => lists::logs(&headless::client(global)?, args, out).await?,
        },
        Command::Investigate(args) => {
            let config = headless::read_config(global)?;
            if let Some(file) = &args.events.file {
                headless::investigate::investigate_events(file, &config.detections(), args, out).await?
            } else {
                let (client, profile) = headless::connect(&config, global)?;
                headless::investigate::investigate(&client, &profile.name, &config.detections(), args, mask, out)
                    .await?
            }
        }
        Command::Hunt(args) => {
            let config = headless::read_config(global)?;
            let budget = oktui::gather::MemoryBudget::configured(config.hunt().memory_budget_mb);
            if let Some(file) = &args.events.file {
                headless::investigate::hunt_events(file, &config.detections(), budget, args, out).await?
            } else {
                let (client, profile) = headless::connect(&config, global)?;
                headless::investigate::hunt(&client, &profile.name, &config.detections(), budget, args, out).await?
            }
        }
        Command::Watch(args) => {
            let config = headless::read_config(global)?;
            if let Some(file) = &args.events.file {
                let exec = headless::watch::exec_spec(args, None)?;
                headless::watch::watch_events(file, &config.detections(), args, exec, out).await?
            } else {
                let (client, profile) = headless::connect(&config, global)?;
                let resume = headless::watch::WatchResume::of(&profile, args)?;
                let exec = headless::watch::exec_spec(args, Some(&profile.credential))?;
                headless::watch::watch(&client, &config.detections(), resume, args, exec, out).await?
            }
        }
        Command::MfaGaps(args) => mfa_gaps::run(global, args, out).await?,
        Command::Doctor => return doctor::run(global, out).await,
        Command::Info => headless::info(out)?,
        Command::Suspend(args) => return act::run(global, OrgChange::Suspend, args, out).await,
        Command::Unsuspend(args) => return act::run(global, OrgChange::Unsuspend, args, out).await,
        Command::ClearSessions(args) => {
            let action = OrgChange::ClearSessions {
                revoke_oauth_tokens: args.revoke_oauth_tokens,
                forget_devices: args.forget_devices,
            };
            return act::run(global, action, &args.act, out).await;
        }
        Command::Unlock(args) => return act::run(global, OrgChange::Unlock, args, out).await,
        Command::ResetFactors(args) => return act::run(global, OrgChange::ResetFactors, args, out).await,
        Command::RemoveFactor(args) => {
            let action = OrgChange::RemoveFactor { factor_id: args.factor.clone() };
            return act::run(global, action, &args.act, out).await;
        }
        Command::ExpirePassword(args) => return act::run(global, OrgChange::ExpirePassword, args, out).await,
        Command::LogoutEverywhere(args) => return act::run(global, OrgChange::LogoutEverywhere, args, out).await,
        Command::SetRisk(args) => {
            return act::run(global, OrgChange::SetRisk { level: args.level }, &args.act, out).await;
        }
        Command::RevokeSession(args) => {
            let action = OrgChange::RevokeSession { session_id: args.session_id.clone() };
            let act_args = oktui::cli::ActArgs { user: args.user.clone(), reason: args.reason.clone(), yes: args.yes };
            return act::run(global, action, &act_args, out).await;
        }
        Command::Contain(args) => return act::contain(global, &args.plan, &args.act, out).await,
        Command::Audit(args) => headless::audit::print(args.format, out)?,
        Command::Init => return oktui::setup::run(global).await,
        Command::Completions(args) => headless::shell::completions(args.shell, out)?,
        Command::Man => headless::shell::man(out)?,
        Command::Demo(args) => console::launch::demo(global, args).await?,
        Command::Sim { command: SimCommand::Serve(args) } => sim_serve(args, out).await?,
    }
    Ok(true)
}

/// A refused flag value: a usage error (exit 2).
fn usage(message: impl Into<String>) -> anyhow::Error {
    headless::UsageError(message.into()).into()
}

/// The most System Log history `oktui sim serve` backfills: a (leap) year.
const MAX_BACKFILL_HOURS: f64 = 8_784.0;

fn sim_config(a: &SimServeArgs) -> Result<SimConfig> {
    for (name, rate) in [
        ("--fault-429", a.fault_429),
        ("--fault-5xx", a.fault_5xx),
        ("--fault-drop", a.fault_drop),
        ("--fault-malformed", a.fault_malformed),
        ("--fault-cycle-next", a.fault_cycle_next),
        ("--fault-huge-body", a.fault_huge_body),
        ("--fault-drip", a.fault_drip),
        ("--fault-absurd-reset", a.fault_absurd_reset),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(usage(format!("{name} {rate}: a share of requests must be between 0 and 1")));
        }
    }
    let faulted = a.fault_429
        + a.fault_5xx
        + a.fault_drop
        + a.fault_malformed
        + a.fault_cycle_next
        + a.fault_huge_body
        + a.fault_drip
        + a.fault_absurd_reset;
    if faulted > 1.0 {
        return Err(usage(format!("the --fault-* shares add up to {faulted}: together they must not exceed 1")));
    }
    if a.backfill_hours < 0.0 || a.events_per_minute < 0.0 || a.rate_limit_scale <= 0.0 {
        return Err(usage(
            "--backfill-hours and --events-per-minute must not be negative, --rate-limit-scale must be positive",
        ));
    }
    if a.backfill_hours.is_nan() || a.backfill_hours > MAX_BACKFILL_HOURS {
        return Err(usage(format!(
            "--backfill-hours {}: at most {MAX_BACKFILL_HOURS} (a year) of history",
            a.backfill_hours
        )));
    }
    Ok(SimConfig {
        users: a.users,
        seed: a.seed,
        log_backfill_secs: (a.backfill_hours * 3600.0) as u64,
        log_events_per_minute: a.events_per_minute,
        token_ttl_secs: a.token_ttl,
        require_dpop: a.require_dpop,
        key_type: a.key_type,
        granted_scopes: a.scopes.clone().unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect()),
        token_owner_roles: a.token_owner_roles.as_deref().map(oktui::cli::role_list),
        service_app_roles: a.service_app_roles.as_deref().map(oktui::cli::role_list),
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
            rate_cycle_next: a.fault_cycle_next,
            rate_huge_body: a.fault_huge_body,
            rate_drip: a.fault_drip,
            rate_absurd_reset: a.fault_absurd_reset,
            log_query_timeout_over_secs: a.fault_log_query_timeout_over,
        },
        hostile: a.hostile,
        universal_logout: !a.without_universal_logout,
        identity_threat_protection: !a.without_itp,
        classic_engine: a.classic_engine,
        factors_denied: a.deny_factors.clone(),
        ..SimConfig::default()
    })
}

/// `oktui sim serve`: one JSON line with the URL and credentials, then serve until killed.
async fn sim_serve(args: &SimServeArgs, out: &mut impl Write) -> Result<()> {
    let config = sim_config(args)?;
    let server = SimServer::start(args.addr, config).await?;
    oktui::output::json::write_line(out, server.credentials()).context("cannot write to stdout")?;
    out.flush().context("cannot write to stdout")?;
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
        Command::Watch(_) => "watch",
        Command::MfaGaps(_) => "mfa-gaps",
        Command::Doctor => "doctor",
        Command::Info => "info",
        Command::Init => "init",
        Command::Suspend(_) => "suspend",
        Command::Unsuspend(_) => "unsuspend",
        Command::ClearSessions(_) => "clear-sessions",
        Command::Unlock(_) => "unlock",
        Command::ResetFactors(_) => "reset-factors",
        Command::RemoveFactor(_) => "remove-factor",
        Command::ExpirePassword(_) => "expire-password",
        Command::LogoutEverywhere(_) => "logout-everywhere",
        Command::SetRisk(_) => "set-risk",
        Command::RevokeSession(_) => "revoke-session",
        Command::Contain(_) => "contain",
        Command::Audit(_) => "audit",
        Command::Completions(_) => "completions",
        Command::Man => "man",
        Command::Demo(_) => "demo",
        Command::Sim { .. } => "sim serve",
    }
}
