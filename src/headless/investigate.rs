//! `oktui investigate USER` and `oktui hunt`: the investigation report of one user, and the
//! org-wide findings of a window, as JSON (the report object) or as an analyst's note.
//! Progress goes to stderr only when stderr is a terminal.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};

use super::note;
use crate::cli::{HuntArgs, InvestigateArgs, ReportFormat};
use crate::gather::{self, CheckpointStore, FetchProgress, MemoryBudget};
use crate::investigate::{self, DetectionConfig, LogWindow};
use crate::okta::client::Client;
use crate::output::json;

/// `oktui investigate USER`.
pub async fn investigate(
    client: &Client,
    config: &DetectionConfig,
    args: &InvestigateArgs,
    out: &mut impl Write,
) -> Result<()> {
    let window = LogWindow::until_now(args.since);
    let case = gather::fetch_user_case(client, &args.user, window, progress_line("reading the user's events"))
        .await
        .with_context(|| format!("cannot investigate {}", crate::sanitize::clean(&args.user)))?;
    clear_progress();
    let report = case.report(window, config);
    match args.format {
        ReportFormat::Json => json::write_pretty(out, &report).context("cannot write the output")?,
        ReportFormat::Text => note::user_note(out, &report)?,
    }
    Ok(())
}

/// `oktui hunt`, as `profile`.
pub async fn hunt(
    client: &Client,
    profile: &str,
    config: &DetectionConfig,
    budget: MemoryBudget,
    args: &HuntArgs,
    out: &mut impl Write,
) -> Result<()> {
    let asked = LogWindow { since: args.since, until: args.until.unwrap_or_else(chrono::Utc::now) };
    if asked.until <= asked.since {
        return Err(super::UsageError("--until must be after --since".into()).into());
    }
    let checkpoint = hunt_checkpoint(client, profile, asked, args.refresh);
    let progress = progress_line("reading the System Log");
    let input = gather::fetch_hunt_with(client, asked, budget, checkpoint.as_ref(), progress).await;
    clear_progress();
    let input = input.context("cannot read the org's users and System Log window")?;
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
    let mut findings = investigate::judge(&input.signals(), &input.directory, config);
    if let Some(kind) = args.kind {
        findings.retain(|f| f.kind == kind);
    }
    match args.format {
        ReportFormat::Json => json::write_pretty(out, &serde_json::json!({"window": window, "findings": findings}))
            .context("cannot write the output")?,
        ReportFormat::Text => note::hunt_note(out, window, input.events_read(), &findings)?,
    }
    Ok(())
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

/// A progress printer for stderr, silent unless stderr is a terminal.
fn progress_line(what: &'static str) -> impl FnMut(FetchProgress) {
    let tty = std::io::stderr().is_terminal();
    move |p: FetchProgress| {
        if tty {
            eprint!("\r\x1b[2K{what}: {} events, {} pages, {:.0}%", p.events, p.pages, p.fraction * 100.0);
        }
    }
}

fn clear_progress() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
}
