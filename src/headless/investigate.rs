//! `oktui investigate USER` and `oktui hunt`: the investigation report of one user, and the
//! org-wide findings of a window, as JSON (the report object) or as an analyst's note.
//! Progress goes to stderr only when stderr is a terminal.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};

use super::note;
use crate::cli::{HuntArgs, InvestigateArgs, ReportFormat};
use crate::gather::{self, FetchProgress, MemoryBudget};
use crate::investigate::{self, DetectionConfig, LogWindow};
use crate::okta::client::Client;
use crate::output::json;

/// `oktui investigate USER`, and its case file with `--case DIR` (profile: the profile's
/// name, for the case's manifest).
pub async fn investigate(
    client: &Client,
    profile: &str,
    config: &DetectionConfig,
    args: &InvestigateArgs,
    out: &mut impl Write,
) -> Result<()> {
    if let Some(dir) = &args.case {
        crate::case::check_target(dir).map_err(|e| super::UsageError(e.to_string()))?;
    }
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
    if let Some(dir) = &args.case {
        out.flush().context("cannot write the output")?;
        let subject = crate::case::CaseSubject::User { report: Box::new(report), events: case.events.into() };
        let written = super::case::write(client, profile, &subject, dir).await?;
        eprintln!("{}", written.summary());
    }
    Ok(())
}

/// `oktui hunt`.
pub async fn hunt(
    client: &Client,
    config: &DetectionConfig,
    budget: MemoryBudget,
    args: &HuntArgs,
    out: &mut impl Write,
) -> Result<()> {
    let asked = LogWindow::until_now(args.since);
    let input = gather::fetch_hunt(client, asked, budget, progress_line("reading the System Log")).await;
    clear_progress();
    let input = input.context("cannot read the org's users and System Log window")?;
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
