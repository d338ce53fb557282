//! `oktui investigate USER` and `oktui hunt`: the investigation report of one user, and the
//! org-wide findings of a window, as JSON (the report object) or as an analyst's note.
//! The window is `--since` to `--until`, cut to Okta's retention (said on stderr). With
//! `--events FILE` the events come from an exported file instead of an org (no profile is
//! loaded), the window is the file's span unless `--since`/`--until` bound it. Progress
//! goes to stderr only when stderr is a terminal; Ctrl-C stops the read and says what it
//! covered (exit 130).

use std::future::Future;
use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};

use super::follow::Stop;
use super::note;
use super::progress::ProgressLine;
use super::{Interrupted, UsageError};
use crate::cli::{HuntArgs, InvestigateArgs, ReportFormat};
use crate::gather::{
    self, CheckpointStore, EventsFile, EventsFileError, HuntInput, LogSource, MemoryBudget, Retained, UserCase,
};
use crate::investigate::report::UserReport;
use crate::investigate::suppress::{Suppressed, Suppressions};
use crate::investigate::{self, DetectionConfig, LogWindow};
use crate::okta::client::Client;
use crate::output::json;
use crate::when;

/// `oktui investigate USER`, and its case file with `--case DIR` (profile: the profile's
/// name, for the case's manifest; `mask`: the case file is written masked).
pub async fn investigate(
    client: &Client,
    profile: &str,
    config: &DetectionConfig,
    args: &InvestigateArgs,
    mask: Option<crate::mask::Masker>,
    out: &mut impl Write,
) -> Result<()> {
    if let Some(dir) = &args.case {
        crate::case::check_target(dir).map_err(|e| super::UsageError(e.to_string()))?;
    }
    let window = asked_window(args.since, args.until)?;
    let line = ProgressLine::start(Some(client), "reading the user's events");
    let case = read_case(client, &args.user, window, line).await?;
    let report = case.report(window, config);
    write_report(&report, args.format, out)?;
    if let Some(dir) = &args.case {
        out.flush().context("cannot write the output")?;
        let subject = crate::case::CaseSubject::User { report: Box::new(report), events: case.events.into() };
        let written = super::case::write(client, profile, &subject, dir, mask.clone()).await?;
        let summary = written.summary();
        eprintln!("{}", mask.map_or(summary.clone(), |mut m| m.text(&summary).into_owned()));
    }
    Ok(())
}

/// `oktui investigate USER --events FILE`: the same report from an exported file of events.
pub async fn investigate_events(
    file: &Path,
    config: &DetectionConfig,
    args: &InvestigateArgs,
    out: &mut impl Write,
) -> Result<()> {
    let (source, window) = open_events(file, args.since, args.until, Reading::Window)?;
    let line = ProgressLine::start(None, "reading the user's events");
    let case = read_case(&source, &args.user, window, line).await?;
    write_report(&case.report(window, config), args.format, out)
}

/// Reads the case of `who` over `window` from `source`, Ctrl-C stopping it.
async fn read_case<S: LogSource>(source: &S, who: &str, window: LogWindow, line: ProgressLine) -> Result<UserCase> {
    let case = interruptible(gather::fetch_user_case(source, who, window, line.recorder()), &line, window)
        .await?
        .with_context(|| format!("cannot investigate {}", crate::sanitize::clean(who)))?;
    drop(line);
    Ok(case)
}

fn write_report(report: &UserReport, format: ReportFormat, out: &mut impl Write) -> Result<()> {
    warn_expired(&report.suppressed);
    match format {
        ReportFormat::Json => json::write_pretty(out, report).context("cannot write the output"),
        ReportFormat::Text => Ok(note::user_note(out, report)?),
    }
}

/// `oktui hunt`, as `profile`: the native detections over the window read (unless `--kind
/// catalog`), and Okta's detection catalog, when one is given, as one filtered query per
/// detection.
pub async fn hunt(
    client: &Client,
    profile: &str,
    config: &DetectionConfig,
    budget: MemoryBudget,
    args: &HuntArgs,
    out: &mut impl Write,
) -> Result<()> {
    let asked = asked_window(args.since, args.until)?;
    let (paths, only_catalog) = catalog_paths(config, args)?;
    let input = if only_catalog {
        None
    } else {
        let checkpoint = hunt_checkpoint(client, profile, asked, args.refresh);
        let line = ProgressLine::start(Some(client), "reading the System Log");
        let read = gather::fetch_hunt_with(client, asked, budget, checkpoint.as_ref(), line.recorder());
        let input = interruptible(read, &line, asked).await?;
        drop(line);
        Some(input.context("cannot read the org's users and System Log window")?)
    };
    let window = input.as_ref().map_or(asked, |i| i.window);
    let catalog = match paths.is_empty() {
        true => None,
        false => {
            let engine = crate::catalog::engine_of(client, args.catalog_engine.unwrap_or(config.catalog_engine)).await;
            Some(run_catalog(client, &paths, engine, window).await?)
        }
    };
    let mut findings = match &input {
        Some(input) => judged(input, config, budget),
        None => Vec::new(),
    };
    if let Some(report) = &catalog {
        findings.extend(report.findings.iter().cloned());
        investigate::sort_worst_first(&mut findings);
    }
    let events = input.as_ref().map_or(0, HuntInput::events_read);
    print_hunt(window, events, findings, catalog.as_ref(), &config.suppress, args, out)
}

/// The catalog folders a hunt runs (`--catalog`, else `[detections] catalog`; none for a
/// `--kind` of the native detections), and whether it runs only the catalog (`--kind catalog`,
/// refused with no catalog to run).
fn catalog_paths(config: &DetectionConfig, args: &HuntArgs) -> Result<(Vec<std::path::PathBuf>, bool)> {
    let paths = match args.kind {
        Some(kind) if kind != investigate::FindingKind::Catalog => Vec::new(),
        _ if args.catalog.is_empty() => config.catalog.clone(),
        _ => args.catalog.clone(),
    };
    let only_catalog = args.kind == Some(investigate::FindingKind::Catalog);
    if only_catalog && paths.is_empty() {
        let why = "--kind catalog runs Okta's detection catalog: give --catalog PATH or set [detections] catalog";
        return Err(UsageError(why.into()).into());
    }
    Ok((paths, only_catalog))
}

/// Runs the catalog at `paths` over `window` of `source` with `engine`'s expressions (and how
/// it was chosen), progress on a terminal's stderr, each entry refused and each file that
/// cannot run said there.
async fn run_catalog<S: gather::LogSource>(
    source: &S,
    paths: &[std::path::PathBuf],
    (engine, from): (crate::catalog::Engine, String),
    window: LogWindow,
) -> Result<crate::catalog::CatalogReport> {
    let catalog = crate::catalog::Catalog::load(paths, engine).map_err(|e| UsageError(e.to_string()))?;
    for file in &catalog.unusable {
        eprintln!("note: catalog file {} not run: {}", file.path.display(), crate::sanitize::clean(&file.reason));
    }
    let terminal = std::io::stderr().is_terminal();
    let progress = |p: crate::catalog::CatalogProgress| {
        if terminal {
            let line = format!("Okta catalog {}/{}: {} — {}", p.done, p.total, p.title, p.result);
            let width = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w)).saturating_sub(1);
            eprint!("\r\x1b[2K{}", crate::sanitize::fit_width(&crate::sanitize::clean(&line), width, "…"));
        }
    };
    let report = crate::catalog::run(source, &catalog, from, window, progress).await;
    if terminal {
        eprint!("\r\x1b[2K");
    }
    for run in report.entries.iter().filter(|e| e.status != "matched") {
        eprintln!(
            "warning: catalog {} \"{}\" ({}) not run: {}",
            run.kind,
            crate::sanitize::clean(&run.title),
            run.file,
            crate::sanitize::clean(&run.result)
        );
    }
    Ok(report)
}

/// `oktui hunt --events FILE`: the findings of an exported file of events (no checkpoint:
/// the file is read whole each time).
pub async fn hunt_events(
    file: &Path,
    config: &DetectionConfig,
    budget: MemoryBudget,
    args: &HuntArgs,
    out: &mut impl Write,
) -> Result<()> {
    if args.refresh {
        eprintln!("note: --refresh does nothing with --events: a file is read whole, with no checkpoint");
    }
    let (paths, only_catalog) = catalog_paths(config, args)?;
    let (source, asked) = open_events(file, args.since, args.until, Reading::Window)?;
    let input = if only_catalog {
        None
    } else {
        let line = ProgressLine::start(None, "reading the events file");
        let read = gather::fetch_hunt(&source, asked, budget, line.recorder());
        let input = interruptible(read, &line, asked).await?;
        drop(line);
        Some(input.context("cannot read the events file")?)
    };
    let window = input.as_ref().map_or(asked, |i| i.window);
    let catalog = match paths.is_empty() {
        true => None,
        false => {
            let engine = crate::catalog::engine_set(args.catalog_engine.unwrap_or(config.catalog_engine))
                .unwrap_or_else(|| {
                    (crate::catalog::Engine::Oie, "the default: an events file names no org's engine".into())
                });
            Some(run_catalog(&source, &paths, engine, window).await?)
        }
    };
    let mut findings = input.as_ref().map_or_else(Vec::new, |input| judged(input, config, budget));
    if let Some(report) = &catalog {
        findings.extend(report.findings.iter().cloned());
        investigate::sort_worst_first(&mut findings);
    }
    let events = input.as_ref().map_or(0, HuntInput::events_read);
    print_hunt(window, events, findings, catalog.as_ref(), &config.suppress, args, out)
}

/// The native findings of what a hunt read, said on stderr first: its notes, and where the
/// memory budget cut the window.
fn judged(input: &HuntInput, config: &DetectionConfig, budget: MemoryBudget) -> Vec<investigate::Finding> {
    for note in &input.notes {
        eprintln!("note: {}", crate::sanitize::clean(note));
    }
    let window = input.window;
    if input.truncated {
        eprintln!(
            "warning: the hunt's memory budget ({} MB) was reached after {} events; the hunt covers {} to {} only: \
             narrow the window with --since, or raise [hunt] memory_budget_mb in the config file",
            budget.mb(),
            input.events_read(),
            window.since.to_rfc3339(),
            window.until.to_rfc3339()
        );
    }
    investigate::judge(&input.signals(), &input.directory, config)
}

/// Prints a hunt's findings (of `--kind` only, when given), those the suppression rules in
/// force at the window's end set aside (JSON `suppressed`: count, by rule, the findings),
/// and what the catalog run came to.
fn print_hunt(
    window: LogWindow,
    events: usize,
    mut findings: Vec<investigate::Finding>,
    catalog: Option<&crate::catalog::CatalogReport>,
    suppress: &Suppressions,
    args: &HuntArgs,
    out: &mut impl Write,
) -> Result<()> {
    if let Some(kind) = args.kind {
        findings.retain(|f| f.kind == kind);
    }
    let (findings, suppressed) = suppress.sift(findings, window.until);
    warn_expired(&suppressed);
    match args.format {
        ReportFormat::Json => {
            let mut report = serde_json::json!({"window": window, "findings": findings, "suppressed": suppressed});
            if let Some(catalog) = catalog {
                report["catalog"] = serde_json::to_value(catalog).context("cannot write the output")?;
            }
            json::write_pretty(out, &report).context("cannot write the output")?
        }
        ReportFormat::Text => {
            note::hunt_note(out, window, events, &findings, &suppressed)?;
            if let Some(catalog) = catalog {
                note::catalog_note(out, catalog)?;
            }
        }
    }
    Ok(())
}

/// Says on stderr which suppression rules had expired by the end of the window, so none
/// stops applying silently.
pub(super) fn warn_expired(suppressed: &Suppressed) {
    for rule in &suppressed.expired_rules {
        eprintln!(
            "note: suppression rule {} expired at {}: it suppresses nothing now; remove it or move its expires",
            rule.name,
            rule.expired_at.to_rfc3339_opts(SecondsFormat::Secs, true)
        );
    }
}

/// The window `--since`/`--until` ask for (`--since` 24h before now when not given), cut to
/// what Okta keeps (said on stderr); a start after the end is a usage error.
fn asked_window(since: Option<DateTime<Utc>>, until: Option<DateTime<Utc>>) -> Result<LogWindow> {
    let now = Utc::now();
    let since = since.unwrap_or(now - chrono::Duration::hours(DEFAULT_HOURS));
    let window = when::window(since, until, now).map_err(UsageError)?;
    let retained = Retained::cut(window, now);
    if let Some(note) = retained.note() {
        eprintln!("note: {note}");
    }
    Ok(retained.window)
}

/// How far back a window starts when `--since` is not given, in hours.
const DEFAULT_HOURS: i64 = 24;

/// How an events file is read: a window of it, or followed as lines are appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// The window asked for, else the file's whole span.
    Window,
    /// From `--since` (else the oldest event), then every line appended.
    Followed,
}

/// The events file at `path`, scanned (said on stderr), and the window to read of it:
/// `--since`/`--until` where given, else the file's span. A file that cannot be opened, and
/// standard input (`-`), are usage errors.
pub(super) fn open_events(
    path: &Path,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    reading: Reading,
) -> Result<(EventsFile, LogWindow)> {
    if path == Path::new("-") {
        let why =
            "--events - (standard input) is not taken: the file is read more than once; save the events to a file";
        return Err(UsageError(why.to_string()).into());
    }
    let source = EventsFile::open(path).map_err(|e| match e {
        e @ EventsFileError::Open { .. } => anyhow::Error::from(UsageError(e.to_string())),
        e => e.into(),
    })?;
    eprintln!("note: {}", crate::sanitize::clean(&source.summary()));
    let now = Utc::now();
    let span = source.span();
    let whole = span.unwrap_or(LogWindow { since: now, until: now });
    let window =
        when::window(since.unwrap_or(whole.since), Some(until.unwrap_or(whole.until)), now).map_err(UsageError)?;
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    match (reading, span) {
        (Reading::Window, _) if since.is_some() || until.is_some() => {}
        (Reading::Window, Some(w)) => {
            eprintln!("note: the window is the file's whole span, {} to {}", stamp(w.since), stamp(w.until));
        }
        (Reading::Window, None) => eprintln!("note: no event of the file has a time: the window is the whole file"),
        (Reading::Followed, _) => {
            eprintln!("note: reading from {}, then every line appended to the file", stamp(window.since));
        }
    }
    Ok((source, window))
}

/// Runs `read` until it ends or Ctrl-C / SIGTERM stops it; stopped, the error says how far
/// the read of `window` got.
async fn interruptible<T>(read: impl Future<Output = T>, line: &ProgressLine, window: LogWindow) -> Result<T> {
    let mut stop = Stop::new()?;
    tokio::select! {
        done = read => Ok(done),
        () = stop.recv() => {
            let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
            let read = line.last().unwrap_or_default();
            let covered = match read.covered {
                Some(to) => format!("covering {} to {}", stamp(window.since), stamp(to)),
                None => "covering none of the window".to_string(),
            };
            Err(Interrupted(format!(
                "interrupted: {} events in {} pages read, {covered} (asked {} to {}); nothing was judged",
                read.events,
                read.pages,
                stamp(window.since),
                stamp(window.until)
            ))
            .into())
        }
    }
}

/// The hunt's checkpoint in the data dir (`--refresh`: forgotten first); none, with a note on
/// stderr, when there is no data dir.
fn hunt_checkpoint(client: &Client, profile: &str, window: LogWindow, refresh: bool) -> Option<CheckpointStore> {
    let Ok(paths) = crate::config::Paths::discover() else {
        eprintln!("note: no data dir (HOME is not set): the hunt is not checkpointed and will not resume if stopped");
        return None;
    };
    let filter = crate::investigate::signals::hunt_filter();
    let store = CheckpointStore::new(&paths.data_dir, profile, client.org().as_str(), window.since, Some(&filter));
    if refresh {
        if let Err(e) = store.remove() {
            eprintln!("warning: cannot remove the hunt's checkpoint {}: {e}", store.path().display());
        }
    }
    Some(store)
}
