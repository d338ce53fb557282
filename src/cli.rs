//! Command-line definitions (clap). The headless contract in DESIGN.md lives here.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};

use crate::config::ConfigOptions;
use crate::output::format::Format;

/// oktui: investigate and respond to identity threats in an Okta org.
#[derive(Debug, Parser)]
#[command(name = "oktui", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Without a subcommand, oktui opens the console on the chosen profile.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where to connect; every subcommand takes these.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Profile of the config file to use (default: `default_profile`).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Config file to read instead of the platform's (`oktui info` shows it).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Org URL, e.g. https://acme.okta.com (overrides the profile and OKTA_CLIENT_ORGURL).
    #[arg(long, global = true)]
    pub org_url: Option<String>,
    /// Send no request that changes the org.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Monochrome console: meaning never depends on colour (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// ASCII borders and symbols, for terminals without line drawing.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// For shared screens: logins, emails, names and IP addresses shown (and exported, and
    /// written in case files) as pseudonyms, the same for the same person all session; `m`
    /// in the console toggles it.
    #[arg(long, global = true)]
    pub mask: bool,
    /// Log level of the log file in the data dir: error, warn, info, debug, trace.
    #[arg(long, global = true, default_value = "info")]
    pub log_level: String,
    /// Seconds to wait for each answer from Okta.
    #[arg(long, global = true, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
}

impl GlobalArgs {
    /// What the flags say about where to connect: the options the config is read with.
    pub fn config_options(&self) -> ConfigOptions {
        ConfigOptions {
            config_file: self.config.clone(),
            profile: self.profile.clone(),
            org_url: self.org_url.clone(),
            read_only: self.read_only,
        }
    }

    /// `--timeout`: how long each request waits for its answer.
    pub fn request_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout)
    }
}

/// Output format of a headless command.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// table (fitted to the terminal), json (Okta's objects as received), jsonl, csv.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List users.
    Users(UsersArgs),
    /// One user, with factors, groups, admin roles and app links.
    User(UserArgs),
    /// List groups.
    Groups(ListArgs),
    /// List apps.
    Apps(ListArgs),
    /// List policies (all types, or one with --type) with their rules.
    Policies(PoliciesArgs),
    /// System Log events of a time window.
    Logs(LogsArgs),
    /// The investigation report of one user: sign-ins, MFA, changes and findings in the window.
    Investigate(InvestigateArgs),
    /// Org-wide findings of the window (password spray, MFA fatigue, impossible travel, …).
    Hunt(HuntArgs),
    /// Judge the System Log tail as it arrives: each finding printed the moment it is raised
    /// (again, same id, when it grows worse), until interrupted.
    Watch(WatchArgs),
    /// Users who can sign in without MFA (class none; --include-weak adds weak_only).
    MfaGaps(MfaGapsArgs),
    /// Check the connection step by step: URL, auth, token, scopes, admin role, rate limits, clock.
    Doctor,
    /// Print the config, data and log paths.
    Info,
    /// Connect an org step by step (on a terminal): writes a profile without any secret, then runs doctor.
    Init,
    /// Suspend a user: they can no longer sign in; groups and apps are kept. Asks first.
    Suspend(ActArgs),
    /// Unsuspend a suspended user. Asks first.
    Unsuspend(ActArgs),
    /// Sign a user out of every Okta session (and revoke OAuth tokens). Asks first.
    ClearSessions(ClearSessionsArgs),
    /// Unlock a LOCKED_OUT user (reach them first). Asks first.
    Unlock(ActArgs),
    /// Unenroll every MFA factor of a user: they enroll again at the next sign-in. Asks first.
    ResetFactors(ActArgs),
    /// Unenroll one MFA factor of a user (`--factor ID`). Asks first.
    RemoveFactor(RemoveFactorArgs),
    /// Expire a user's password: they must change it at the next sign-in. Asks first.
    ExpirePassword(ActArgs),
    /// Universal Logout: revoke every session and token of a user, in Okta and the apps that
    /// take part. Asks first.
    LogoutEverywhere(ActArgs),
    /// Set a user's risk (`--level high|low`, Identity Threat Protection). Asks first.
    SetRisk(SetRiskArgs),
    /// End one Okta session of a user. Asks first.
    RevokeSession(RevokeSessionArgs),
    /// Run a containment plan on a user: several actions, one reason, one confirmation,
    /// in order, stopping at the first that fails. Asks first.
    Contain(ContainArgs),
    /// Print the audit journal of the actions taken from this machine.
    Audit(FormatArg),
    /// Print a shell completion script: `source <(oktui completions bash)`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `oktui man | man -l -`.
    Man,
    /// Start a fresh simulated Okta org on loopback and open oktui on it.
    Demo(DemoArgs),
    /// The simulated Okta org, for trying oktui and for tests.
    Sim {
        #[command(subcommand)]
        command: SimCommand,
    },
}

/// Options of `oktui users`.
#[derive(Debug, Args)]
pub struct UsersArgs {
    /// Okta search expression, e.g. 'status eq "SUSPENDED"' (sees deprovisioned users too).
    #[arg(long)]
    pub search: Option<String>,
    /// Okta filter expression (eq on status, id, login, email, names; lastUpdated ranges).
    #[arg(long, conflicts_with = "search")]
    pub filter: Option<String>,
    /// Name or email prefix (Okta returns at most one page for this).
    #[arg(long, conflicts_with_all = ["search", "filter"])]
    pub q: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

/// Options of `oktui user`.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// The user's id or login.
    pub user: String,
    #[command(flatten)]
    pub format: FormatArg,
}

/// Options of `oktui groups` and `oktui apps`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Name or label prefix.
    #[arg(long)]
    pub q: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

/// Options of `oktui policies`.
#[derive(Debug, Args)]
pub struct PoliciesArgs {
    /// One policy type: OKTA_SIGN_ON, PASSWORD, MFA_ENROLL, ACCESS_POLICY, PROFILE_ENROLLMENT, …
    #[arg(long = "type")]
    pub policy_type: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

/// Options of `oktui logs`.
#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Start of the window: RFC 3339 or a duration before now (15m, 24h, 7d) (default: 1h;
    /// with --events, the file's oldest event).
    #[arg(long, value_parser = parse_when)]
    pub since: Option<DateTime<Utc>>,
    /// End of the window (default: now).
    #[arg(long, value_parser = parse_when)]
    pub until: Option<DateTime<Utc>>,
    /// Okta SCIM filter, e.g. 'eventType eq "user.session.start"'.
    #[arg(long, conflicts_with = "events")]
    pub filter: Option<String>,
    /// Keywords that must all match.
    #[arg(long, conflicts_with = "events")]
    pub q: Option<String>,
    /// Print at most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Keep polling for new events until interrupted (Ctrl-C), printing each once; from
    /// --since on.
    #[arg(long, conflicts_with_all = ["until", "limit"])]
    pub follow: bool,
    /// With --follow: go on from where the last --resume run of this profile stopped (same
    /// filter and keywords), else start at --since.
    #[arg(long, requires = "follow", conflicts_with = "events")]
    pub resume: bool,
    /// With --follow: seconds between polls once caught up; longer while the logs rate-limit
    /// bucket runs low.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub poll_interval: u64,
    #[command(flatten)]
    pub format: FormatArg,
    /// With --follow on a JSON Lines file, the lines appended to it are followed.
    #[command(flatten)]
    pub events: EventsArg,
}

impl LogsArgs {
    /// The window's start: `--since`, else an hour before `now`.
    pub fn since_or_last_hour(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.since.unwrap_or(now - chrono::Duration::hours(1))
    }
}

/// Options of `oktui suspend` and `oktui unsuspend`.
#[derive(Debug, Args)]
pub struct ActArgs {
    /// The user's id or login.
    pub user: String,
    /// Why: recorded in the audit journal (required).
    #[arg(long)]
    pub reason: String,
    /// Approve without asking (scripts). Without it oktui asks on a terminal, and refuses
    /// (exit 2) when there is none.
    #[arg(long)]
    pub yes: bool,
}

/// Options of `oktui clear-sessions`.
#[derive(Debug, Args)]
pub struct ClearSessionsArgs {
    #[command(flatten)]
    pub act: ActArgs,
    /// Also revoke the user's OAuth access and refresh tokens (`oauthTokens=true`).
    #[arg(long)]
    pub revoke_oauth_tokens: bool,
    /// Also make every device forget the user's remembered factors, so the next sign-in asks
    /// for MFA again everywhere (`forgetDevices=true`). Without it oktui sends
    /// `forgetDevices=false`: Okta's Identity Engine default would forget them silently.
    #[arg(long)]
    pub forget_devices: bool,
}

/// Options of `oktui remove-factor`.
#[derive(Debug, Args)]
pub struct RemoveFactorArgs {
    #[command(flatten)]
    pub act: ActArgs,
    /// The factor's id (`oktui user USER` lists them).
    #[arg(long)]
    pub factor: String,
}

/// Options of `oktui set-risk`.
#[derive(Debug, Args)]
pub struct SetRiskArgs {
    #[command(flatten)]
    pub act: ActArgs,
    /// `high` (flag the user for risk policies) or `low` (clear a flag).
    #[arg(long, value_parser = parse_risk)]
    pub level: crate::actions::RiskLevel,
}

fn parse_risk(text: &str) -> Result<crate::actions::RiskLevel, String> {
    crate::actions::RiskLevel::parse(text).ok_or_else(|| format!("{text:?}: the level is high or low"))
}

/// Options of `oktui revoke-session`.
#[derive(Debug, Args)]
pub struct RevokeSessionArgs {
    /// The session's id (a log event's `authenticationContext.externalSessionId`).
    pub session_id: String,
    /// The user the session belongs to (id or login): checked before anything is sent.
    #[arg(long)]
    pub user: String,
    /// Why: recorded in the audit journal (required).
    #[arg(long)]
    pub reason: String,
    /// Approve without asking (scripts).
    #[arg(long)]
    pub yes: bool,
}

/// Options of `oktui contain`.
#[derive(Debug, Args)]
pub struct ContainArgs {
    #[command(flatten)]
    pub act: ActArgs,
    /// The steps, in order, comma-separated: suspend, clear-sessions (with OAuth tokens),
    /// logout-everywhere, reset-factors, expire-password, unlock, set-risk-high.
    #[arg(long, value_delimiter = ',', required = true)]
    pub plan: Vec<String>,
}

/// How `investigate` and `hunt` print their report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// An analyst's note.
    Text,
    /// The report object.
    Json,
}

fn parse_kind(name: &str) -> Result<crate::investigate::FindingKind, String> {
    crate::investigate::FindingKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = crate::investigate::FindingKind::ALL.iter().map(|k| k.name()).collect();
        format!("not a finding kind; use one of: {}", names.join(", "))
    })
}

/// Options of `oktui investigate`.
#[derive(Debug, Args)]
pub struct InvestigateArgs {
    /// The user's id or login.
    pub user: String,
    /// Start of the window: RFC 3339 or a duration before now (24h, 7d) (default: 24h;
    /// with --events, the file's oldest event).
    #[arg(long, value_parser = parse_when)]
    pub since: Option<DateTime<Utc>>,
    /// End of the window: RFC 3339 or a duration before now (default: now; with --events,
    /// just after the file's newest event).
    #[arg(long, value_parser = parse_when)]
    pub until: Option<DateTime<Utc>>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Also write the case file (note, findings, evidence as Okta sent it, timeline, the
    /// journal's actions on the user, manifest with SHA-256s) into this new or empty folder.
    #[arg(long, value_name = "DIR", conflicts_with = "events")]
    pub case: Option<PathBuf>,
    #[command(flatten)]
    pub events: EventsArg,
}

/// Offline analysis of an exported System Log.
#[derive(Debug, Args)]
pub struct EventsArg {
    /// Read the events from this file instead of an org (no profile needed): JSON Lines
    /// (`oktui logs --format jsonl`), a JSON array, one event or an event hook's delivery.
    /// What is known of the users is what the events say.
    #[arg(id = "events", long = "events", value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// Options of `oktui hunt`.
#[derive(Debug, Args)]
pub struct HuntArgs {
    /// Start of the window: RFC 3339 or a duration before now (24h, 7d, 90d) (default: 24h;
    /// with --events, the file's oldest event).
    #[arg(long, value_parser = parse_when)]
    pub since: Option<DateTime<Utc>>,
    /// End of the window: RFC 3339 or a duration before now (default: now; with --events,
    /// just after the file's newest event).
    #[arg(long, value_parser = parse_when)]
    pub until: Option<DateTime<Utc>>,
    /// Read the window from Okta again rather than resume or re-judge the hunt's checkpoint
    /// (a file given with --events is always read whole: it has no checkpoint).
    #[arg(long)]
    pub refresh: bool,
    /// Only findings of this kind (password_spray, mfa_fatigue, impossible_travel, …;
    /// `catalog` runs only Okta's catalog, with no read of the whole window).
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<crate::investigate::FindingKind>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Also run Okta's detection catalog from this folder (its format: detections/ and
    /// hunts/ of YAML files) or file; repeatable; instead of `[detections] catalog`. With
    /// --events, each filter is judged over the file as Okta would.
    #[arg(long, value_name = "PATH")]
    pub catalog: Vec<PathBuf>,
    /// Whose catalog expressions run: oie or classic (default: what the org says it is).
    #[arg(long, value_name = "ENGINE", value_parser = parse_engine)]
    pub catalog_engine: Option<crate::investigate::CatalogEngine>,
    #[command(flatten)]
    pub events: EventsArg,
}

fn parse_engine(name: &str) -> Result<crate::investigate::CatalogEngine, String> {
    match crate::catalog::Engine::from_name(name) {
        Some(crate::catalog::Engine::Oie) => Ok(crate::investigate::CatalogEngine::Oie),
        Some(crate::catalog::Engine::Classic) => Ok(crate::investigate::CatalogEngine::Classic),
        None => Err("use oie or classic".into()),
    }
}

/// Options of `oktui watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Judge from here on (a backfill, so the first minutes are not blind): RFC 3339 or a
    /// duration before now (default: 1h; with --events, the file's oldest event).
    #[arg(long, value_parser = parse_when)]
    pub since: Option<DateTime<Utc>>,
    /// Only findings of this kind (repeat for more).
    #[arg(long = "kind", value_parser = parse_kind)]
    pub kinds: Vec<crate::investigate::FindingKind>,
    /// Only findings at least this severe: low, medium, high or critical.
    #[arg(long, value_parser = parse_severity, default_value = "low")]
    pub min_severity: crate::investigate::FindingSeverity,
    /// Seconds between polls once caught up; longer while the logs rate-limit bucket runs low.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub poll_interval: u64,
    /// Go on from where the last --resume run of this profile stopped: its window read again,
    /// the findings it printed not printed again (unless worse).
    #[arg(long, conflicts_with = "events")]
    pub resume: bool,
    /// At most this many findings a minute; past it they are counted and one summary line
    /// says how many of each kind were held back.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_per_minute: u64,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: WatchFormat,
    /// Run this command for each finding printed, its JSON line on the command's stdin (split
    /// into words as a shell would, but run without one; one at a time, in order).
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Run --exec's text with `sh -c` (pipes, redirections) instead of as one command.
    #[arg(long, requires = "exec")]
    pub exec_shell: bool,
    /// Seconds one run of --exec may take before it is killed.
    #[arg(long, requires = "exec", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub exec_timeout: u64,
    /// Judge a JSON Lines file and the lines appended to it, instead of an org.
    #[command(flatten)]
    pub events: EventsArg,
}

/// How `oktui watch` writes findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WatchFormat {
    /// One JSON object a line: the finding as `hunt` writes it, with `id`, `emitted_at`, `update`.
    Jsonl,
    /// One line of text a finding.
    Text,
}

fn parse_severity(name: &str) -> Result<crate::investigate::FindingSeverity, String> {
    crate::investigate::live::raised::severity_named(name)
        .ok_or_else(|| "not a severity; use one of: low, medium, high, critical".to_string())
}

/// Options of `oktui mfa-gaps`.
#[derive(Debug, Args)]
pub struct MfaGapsArgs {
    /// Only this group's members (its name or id).
    #[arg(long)]
    pub group: Option<String>,
    /// Only the users an Okta search expression selects, e.g. 'profile.department eq "Sales"'.
    #[arg(long, conflicts_with = "group")]
    pub search: Option<String>,
    /// Also list users whose only factors are weak (SMS, voice, email, security question).
    #[arg(long)]
    pub include_weak: bool,
    /// full: read every user's factors again; incremental: only those the System Log says
    /// changed since the last sweep (a full sweep when there is none to start from).
    #[arg(long, value_enum, default_value = "incremental")]
    pub refresh: crate::mfa::RefreshMode,
    #[command(flatten)]
    pub format: FormatArg,
}

/// Options of `oktui completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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
    /// Admin roles of the demo's API token owner (comma-separated role types, e.g.
    /// SUPER_ADMIN); default READ_ONLY_ADMIN,USER_ADMIN, which may not log a user out
    /// everywhere (Universal Logout) or set a user's risk.
    #[arg(long, value_delimiter = ',')]
    pub token_owner_roles: Option<Vec<String>>,
}

/// `oktui sim …`
#[derive(Debug, Subcommand)]
pub enum SimCommand {
    /// Serve a simulated org on loopback; prints one JSON line with its URL and credentials.
    Serve(Box<SimServeArgs>),
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
    /// Hours of System Log history to backfill (at most a year, 8784).
    #[arg(long, default_value_t = 24.0)]
    pub backfill_hours: f64,
    /// Ordinary System Log events appended per minute (0 stops the live log).
    #[arg(long, default_value_t = 20.0)]
    pub events_per_minute: f64,
    /// Lifetime of issued access tokens, in seconds (at most a day).
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub token_ttl: u64,
    /// The service app requires DPoP-bound tokens.
    #[arg(long)]
    pub require_dpop: bool,
    /// Type of the service app's key pair printed as `private_key_pem` (private_key_jwt): RSA
    /// 2048 signing RS256, as the Admin Console generates, or EC P-256 signing ES256.
    #[arg(long, value_enum, default_value = "rsa")]
    pub key_type: crate::sim::KeyType,
    /// Okta API scopes granted to the service app (comma-separated); default: the read
    /// scopes oktui uses plus okta.users.manage.
    #[arg(long, value_delimiter = ',')]
    pub scopes: Option<Vec<String>>,
    /// Admin roles of the SSWS token's owner (comma-separated role types, e.g. SUPER_ADMIN or
    /// READ_ONLY_ADMIN; `none` for no role); default READ_ONLY_ADMIN,USER_ADMIN.
    #[arg(long, value_delimiter = ',')]
    pub token_owner_roles: Option<Vec<String>>,
    /// Admin roles of the service app (as --token-owner-roles; `none`: scopes but no role).
    #[arg(long, value_delimiter = ',')]
    pub service_app_roles: Option<Vec<String>>,
    /// Deactivate the SSWS token's owner: its token is then refused (401 E0000011).
    #[arg(long)]
    pub token_owner_deactivated: bool,
    /// An org without Universal Logout: `POST /oauth2/v1/global-token-revocation` answers
    /// 401 E0000015 (feature not enabled).
    #[arg(long)]
    pub without_universal_logout: bool,
    /// An org without Identity Threat Protection: `/api/v1/users/{id}/risk` answers 401
    /// E0000015 (feature not enabled).
    #[arg(long)]
    pub without_itp: bool,
    /// A Classic Engine org: `/.well-known/okta-organization` names pipeline `v1` (Okta's
    /// detection catalog then runs its Classic expressions).
    #[arg(long)]
    pub classic_engine: bool,
    /// Override one rate-limit bucket's limit per window, e.g. `logs=10` (repeatable).
    /// Buckets: users, users_id, users_mutate, logs, apps, apps_id, groups, groups_id, token, api_v1.
    #[arg(long = "rate-limit", value_parser = parse_bucket_limit)]
    pub rate_limits: Vec<(String, u32)>,
    /// Multiply every default rate limit (e.g. 0.1 for a small org).
    #[arg(long, default_value_t = 1.0)]
    pub rate_limit_scale: f64,
    /// Rate-limit window in seconds (at most a day).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub rate_window: u64,
    /// Requests in flight at once before a concurrency 429.
    #[arg(long, default_value_t = 75)]
    pub concurrency_limit: u32,
    /// Latency added to every request, in milliseconds (at most 10 minutes).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=600_000))]
    pub latency_ms: u64,
    /// Delay, in milliseconds, of the answer to a change (suspend, …) after it is applied
    /// (at most 10 minutes).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=600_000))]
    pub late_change_answer_ms: u64,
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
    #[arg(long, visible_alias = "fault-truncate", default_value_t = 0.0)]
    pub fault_malformed: f64,
    /// Share of list answers (0–1) whose `next` link points back at the first page.
    #[arg(long, default_value_t = 0.0)]
    pub fault_cycle_next: f64,
    /// Share of requests (0–1) answered with a 100 MiB body.
    #[arg(long, default_value_t = 0.0)]
    pub fault_huge_body: f64,
    /// Share of answers (0–1) whose body is dripped a byte every 100 ms.
    #[arg(long, default_value_t = 0.0)]
    pub fault_drip: f64,
    /// Share of requests (0–1) answered 429 with absurd X-Rate-Limit-Reset and Retry-After.
    #[arg(long, default_value_t = 0.0)]
    pub fault_absurd_reset: f64,
    /// A System Log window longer than this many seconds is answered as Okta answers a query
    /// that took too long (500 E0000009).
    #[arg(long, value_name = "SECS")]
    pub fault_log_query_timeout_over: Option<u64>,
    /// Hostile text (escape sequences, bidi and zero-width characters, spreadsheet
    /// formulas, 10 KB names) in every name, label, message and error the org sends.
    #[arg(long)]
    pub hostile: bool,
    /// Users (logins or ids, comma-separated) whose factor list answers 403 `E0000006`.
    #[arg(long, value_delimiter = ',')]
    pub deny_factors: Vec<String>,
}

fn parse_when(s: &str) -> Result<DateTime<Utc>, String> {
    crate::when::parse_time(s, Utc::now())
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

/// Role types from the command line; `none` stands for no role.
pub fn role_list(types: &[String]) -> Vec<String> {
    types.iter().filter(|t| !t.eq_ignore_ascii_case("none")).map(|t| t.to_ascii_uppercase()).collect()
}
