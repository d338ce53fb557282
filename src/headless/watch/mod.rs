//! `oktui watch`: the System Log tail judged as it arrives ([`crate::investigate::live`]),
//! each finding one line the moment it is raised: `hunt`'s finding fields, its `id`,
//! `emitted_at` and `update`. A backfill from `--since` first, so the first minutes are not
//! blind. Ctrl-C, SIGTERM and a closed pipe end it cleanly; on a terminal stderr shows the
//! tail's health; `--resume` keeps what was judged per profile ([`state`]).

pub mod exec;
pub mod state;

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::follow::{describe, drive};
use super::investigate::Reading;
use crate::cli::{WatchArgs, WatchFormat};
use crate::gather::LogSource;
use crate::investigate::live::limit::{HeldBack, Limiter};
use crate::investigate::live::{Alert, Interest, LiveJudge};
use crate::investigate::signals::hunt_filter;
use crate::investigate::DetectionConfig;
use crate::okta::credential::Credential;
use crate::okta::logs::tail::TailConfig;
use crate::okta::ratelimit::Priority;
use crate::output::json;
use crate::output::masked::Sink;
use crate::sanitize::clean;
pub use exec::{Exec, ExecSpec};
pub use state::WatchResume;

/// `--exec`'s command as asked, its secrets withheld: those of `credential` (none for a file).
pub fn exec_spec(args: &WatchArgs, credential: Option<&Credential>) -> Result<Option<ExecSpec>> {
    let Some(text) = &args.exec else { return Ok(None) };
    ExecSpec::new(text, args.exec_shell, Duration::from_secs(args.exec_timeout), credential).map(Some)
}

/// Watches the org (or any source that filters): from `--since` (default an hour ago), or
/// from the window's length before where the last `--resume` run stopped.
pub async fn watch(
    source: &impl LogSource,
    config: &DetectionConfig,
    resume: Option<WatchResume>,
    args: &WatchArgs,
    exec: Option<ExecSpec>,
    out: &mut impl Sink,
) -> Result<()> {
    let since = args.since.unwrap_or_else(|| Utc::now() - chrono::Duration::hours(1));
    run(source, config, since, resume, args, exec, out).await
}

/// Watches an events file: its events from `--since` (default its oldest), then every line
/// appended to it.
pub async fn watch_events(
    path: &Path,
    config: &DetectionConfig,
    args: &WatchArgs,
    exec: Option<ExecSpec>,
    out: &mut impl Sink,
) -> Result<()> {
    let (source, window) = super::investigate::open_events(path, args.since, None, Reading::Followed)?;
    run(&source, config, window.since, None, args, exec, out).await
}

async fn run<S: LogSource>(
    source: &S,
    config: &DetectionConfig,
    since: DateTime<Utc>,
    resume: Option<WatchResume>,
    args: &WatchArgs,
    exec: Option<ExecSpec>,
    out: &mut impl Sink,
) -> Result<()> {
    let directory = source.directory(Priority::Background).await.context("cannot read the users")?;
    let interest = Interest { kinds: args.kinds.clone(), min_severity: args.min_severity };
    let mut judge = LiveJudge::new(config.clone(), directory, interest);
    let mut since = since;
    if let Some(state) = resume.as_ref().and_then(WatchResume::load) {
        let back = chrono::Duration::milliseconds(judge.retention_ms());
        if let Some(from) = state.newest_ms.and_then(DateTime::from_timestamp_millis) {
            since = since.min(from - back);
        }
        judge = judge.with_raised(state.raised);
    }
    let tail = TailConfig {
        since,
        filter: S::FILTERS.then(hunt_filter),
        poll_interval: Duration::from_secs(args.poll_interval),
        ..TailConfig::last(chrono::Duration::zero())
    };
    let progress = std::io::stderr().is_terminal();
    let exec = exec.map(Exec::start);
    let mut printer =
        Printer { format: args.format, out, limiter: Limiter::new(limit(args.max_per_minute)), exec: exec.as_ref() };
    let mut raised = 0usize;
    let outcome = drive(source, tail, |events, status| {
        let Some(events) = events else {
            printer.summary(false)?;
            if progress {
                let window = judge.stats();
                eprintln!("{}, {raised} findings raised, {} events in the window", describe(&status), window.kept);
            }
            return Ok(());
        };
        let alerts = match judge.page(&events) {
            Ok(alerts) => alerts,
            Err(e) => {
                eprintln!("warning: a page of the tail could not be judged: {}", clean(&e.to_string()));
                return Ok(());
            }
        };
        raised += alerts.len();
        printer.alerts(&alerts)?;
        if let Some(resume) = &resume {
            resume.save(judge.newest_ms(), judge.raised().cloned())?;
        }
        Ok(())
    })
    .await;
    let closed = printer.summary(true);
    if let Some(exec) = exec {
        exec.finish().await;
    }
    outcome.and(closed)
}

fn limit(per_minute: u64) -> usize {
    usize::try_from(per_minute).unwrap_or(usize::MAX)
}

/// One finding's line.
#[derive(Serialize)]
struct Line<'a> {
    emitted_at: String,
    #[serde(flatten)]
    alert: &'a Alert,
}

/// Writes findings as they are raised, held back past the limit, flushing after each batch.
struct Printer<'a, W: Sink> {
    format: WatchFormat,
    out: &'a mut W,
    limiter: Limiter,
    /// `--exec`'s runner, handed each finding printed.
    exec: Option<&'a Exec>,
}

impl<W: Sink> Printer<'_, W> {
    fn alerts(&mut self, alerts: &[Alert]) -> Result<()> {
        for alert in alerts {
            let now = Utc::now();
            if let Some(held) = self.limiter.due(now, false) {
                self.held(&held)?;
            }
            if !self.limiter.admit(now, alert.finding.kind, alert.finding.severity) {
                continue;
            }
            let line = Line { emitted_at: now.to_rfc3339_opts(SecondsFormat::Millis, true), alert };
            if let Some(exec) = self.exec {
                let mut json = Vec::new();
                json::write_line(&mut json, &line)?;
                exec.send(json);
            }
            let emitted_at = &line.emitted_at;
            match self.format {
                WatchFormat::Jsonl => json::write_line(self.out, &line)?,
                WatchFormat::Text => {
                    let f = &alert.finding;
                    let update = alert.changed.as_ref().map(|c| format!(" (update: {c})")).unwrap_or_default();
                    let line = format!(
                        "{emitted_at}  {:<8}  {:<22}  {}{update}  {}",
                        f.severity.name().to_uppercase(),
                        f.kind.name(),
                        alert.id,
                        f.summary
                    );
                    writeln!(self.out, "{}", clean(&line))?;
                }
            }
        }
        self.out.flush()?;
        Ok(())
    }

    /// The summary of the findings held back, when due (or now, `closing`).
    fn summary(&mut self, closing: bool) -> Result<()> {
        if let Some(held) = self.limiter.due(Utc::now(), closing) {
            self.held(&held)?;
            self.out.flush()?;
        }
        Ok(())
    }

    fn held(&mut self, held: &HeldBack) -> Result<()> {
        match self.format {
            WatchFormat::Jsonl => json::write_line(self.out, held)?,
            WatchFormat::Text => {
                let kinds: Vec<String> = held.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
                let line = format!(
                    "{}  held back {} findings past --max-per-minute since {}: {}",
                    held.until.to_rfc3339_opts(SecondsFormat::Millis, true),
                    held.held_back,
                    held.since.to_rfc3339_opts(SecondsFormat::Millis, true),
                    kinds.join(", ")
                );
                writeln!(self.out, "{}", clean(&line))?;
            }
        }
        Ok(())
    }
}
