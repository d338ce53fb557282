//! `oktui watch`: the System Log tail judged as it arrives ([`crate::investigate::live`]),
//! each finding one line the moment it is raised: `hunt`'s finding fields, its `id`,
//! `emitted_at` and `update`. A backfill from `--since` first, so the first minutes are not
//! blind. Ctrl-C, SIGTERM and a closed pipe end it cleanly; on a terminal stderr shows the
//! tail's health; `--resume` keeps what was judged per profile ([`state`]). A finding a
//! suppression rule covers (`[detections.suppress]`, in force at the newest event read) is
//! not printed but counted: in the health line, and in a summary line (`suppressed`,
//! `by_rule`, `expired_rules`) at most once a minute when the count grew, and at the end.

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
use crate::investigate::suppress::{ExpiredRule, Suppressions, Tally};
use crate::investigate::{DetectionConfig, Finding};
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
    let mut printer = Printer {
        format: args.format,
        out,
        limiter: Limiter::new(limit(args.max_per_minute)),
        exec: exec.as_ref(),
        suppress: Suppress::new(&config.suppress),
    };
    let mut raised = 0usize;
    let outcome = drive(source, tail, |events, status| {
        let Some(events) = events else {
            printer.summary(false)?;
            if progress {
                let window = judge.stats();
                eprintln!(
                    "{}, {raised} findings raised, {} suppressed, {} events in the window",
                    describe(&status),
                    printer.suppress.tally.suppressed,
                    window.kept
                );
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
        let at = judge.newest_ms().and_then(DateTime::from_timestamp_millis).unwrap_or_else(Utc::now);
        printer.alerts(&alerts, at)?;
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

/// The suppression rules and what they set aside so far.
struct Suppress<'a> {
    rules: &'a Suppressions,
    tally: Tally,
    /// The count the last summary line gave, and when it was written.
    reported: (usize, Option<DateTime<Utc>>),
    /// The rules found expired (each said once on stderr), as of the newest event read.
    expired: Vec<ExpiredRule>,
}

impl<'a> Suppress<'a> {
    fn new(rules: &'a Suppressions) -> Suppress<'a> {
        Suppress { rules, tally: Tally::default(), reported: (0, None), expired: Vec::new() }
    }

    /// Whether a rule in force at `at` covers `finding` (counted, then); notes on stderr the
    /// rules that expired by `at`.
    fn covers(&mut self, finding: &Finding, at: DateTime<Utc>) -> bool {
        let expired = self.rules.expired(at);
        for rule in expired.iter().filter(|r| !self.expired.contains(r)) {
            eprintln!(
                "note: suppression rule {} expired at {}: it suppresses nothing now; remove it or move its expires",
                rule.name,
                rule.expired_at.to_rfc3339_opts(SecondsFormat::Secs, true)
            );
        }
        self.expired = expired;
        let Some(rule) = self.rules.rule_for(finding, at) else { return false };
        self.tally.count(rule.name());
        true
    }

    /// The summary line, when more were suppressed since the last one and a minute has passed
    /// since it (or at once, `closing`).
    fn due(&mut self, now: DateTime<Utc>, closing: bool) -> Option<SuppressedLine> {
        let (count, last) = self.reported;
        let minute = last.is_none_or(|t| now - t >= chrono::Duration::minutes(1));
        if self.tally.suppressed == count || !(closing || minute) {
            return None;
        }
        self.reported = (self.tally.suppressed, Some(now));
        Some(SuppressedLine {
            emitted_at: now.to_rfc3339_opts(SecondsFormat::Millis, true),
            tally: self.tally.clone(),
            expired_rules: self.expired.clone(),
        })
    }
}

/// What the suppression rules set aside so far (the jsonl summary line).
#[derive(Serialize)]
struct SuppressedLine {
    emitted_at: String,
    #[serde(flatten)]
    tally: Tally,
    expired_rules: Vec<ExpiredRule>,
}

/// Writes findings as they are raised (those suppressed counted instead), held back past the
/// limit, flushing after each batch.
struct Printer<'a, 'r, W: Sink> {
    format: WatchFormat,
    out: &'a mut W,
    limiter: Limiter,
    /// `--exec`'s runner, handed each finding printed.
    exec: Option<&'a Exec>,
    suppress: Suppress<'r>,
}

impl<W: Sink> Printer<'_, '_, W> {
    /// Prints `alerts`, judged with the rules in force at `at` (the newest event read).
    fn alerts(&mut self, alerts: &[Alert], at: DateTime<Utc>) -> Result<()> {
        for alert in alerts {
            if self.suppress.covers(&alert.finding, at) {
                continue;
            }
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

    /// The summaries of the findings held back and of those suppressed, when due (or now,
    /// `closing`).
    fn summary(&mut self, closing: bool) -> Result<()> {
        let now = Utc::now();
        if let Some(held) = self.limiter.due(now, closing) {
            self.held(&held)?;
            self.out.flush()?;
        }
        if let Some(line) = self.suppress.due(now, closing) {
            match self.format {
                WatchFormat::Jsonl => json::write_line(self.out, &line)?,
                WatchFormat::Text => {
                    let text = format!(
                        "{}  suppressed {} findings so far: {}",
                        line.emitted_at,
                        line.tally.suppressed,
                        line.tally.by_rule_text()
                    );
                    writeln!(self.out, "{}", clean(&text))?;
                }
            }
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
