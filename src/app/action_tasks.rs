//! The approval dialog's tasks: re-read the user, execute an approved action or plan, read
//! the audit journal. Each answers with one `Msg`.

use std::path::PathBuf;

use tokio::sync::mpsc::Sender;

use super::approval::{Prepared, Request};
use super::msg::Msg;
use crate::actions::verify::Watch;
use crate::actions::{self, audit, Approved, ApprovedContainment, Journal, StepProgress};
use crate::investigate::suppress::SuppressRule;
use crate::okta::client::Client;

/// Re-reads `user` for the approval dialog of `request` (once, for every step of a plan) and
/// answers with what it prepared.
pub async fn preflight(
    client: Client,
    tx: Sender<Msg>,
    request: Request,
    user: String,
    profile: String,
    generation: u64,
) {
    let result = match request {
        Request::One(action) => {
            actions::prepare(&client, action, &user, &profile, None).await.map(|plan| Prepared::One(Box::new(plan)))
        }
        Request::Plan(steps) => {
            actions::prepare_containment(&client, steps, &user, &profile, None).await.map(Prepared::Plan)
        }
    };
    let _ = tx.send(Msg::Plan { generation, result: result.map_err(|e| clean(&e.to_string())) }).await;
}

/// Executes `approved`, journaled in `journal` (the demo keeps its own:
/// [`audit::journal_path`]), and answers with the outcome or why it was refused.
pub async fn execute(client: Client, tx: Sender<Msg>, journal: PathBuf, approved: Approved, generation: u64) {
    let result = match Journal::open(&journal) {
        Ok(journal) => actions::execute(&client, &journal, approved, Watch::default()).await,
        Err(e) => Err(e),
    };
    let _ = tx.send(Msg::Outcome { generation, result: result.map_err(|e| clean(&e.to_string())) }).await;
}

/// Runs an approved containment plan, journaled in `journal`: each step's start and end is
/// told as it happens (when the channel has room: the outcome at the end carries every
/// step's line whatever was dropped), then the plan's outcome or why it was refused.
pub async fn execute_plan(
    client: Client,
    tx: Sender<Msg>,
    journal: PathBuf,
    approved: ApprovedContainment,
    generation: u64,
) {
    let step_tx = tx.clone();
    let mut progress = move |step: StepProgress| {
        let _ = step_tx.try_send(Msg::PlanStep { generation, step });
    };
    let result = match Journal::open(&journal) {
        Ok(journal) => actions::execute_containment(&client, &journal, approved, Watch::default(), &mut progress).await,
        Err(e) => Err(e),
    };
    let _ = tx.send(Msg::PlanOutcome { generation, result: result.map_err(|e| clean(&e.to_string())) }).await;
}

/// Writes the unmasking of the screen to the journal at `journal` (fsynced, on a blocking
/// thread) and answers whether it was written.
pub async fn journal_unmask(tx: Sender<Msg>, journal: PathBuf, org: String, profile: String, operator: String) {
    let write = move || {
        let record = audit::SessionRecord::new(audit::SessionRecord::UNMASK, org, profile, operator);
        Journal::open(&journal).and_then(|j| j.append_session(&record)).map_err(|e| e.to_string())
    };
    let result = tokio::task::spawn_blocking(write).await.unwrap_or_else(|e| Err(e.to_string()));
    let _ = tx.send(Msg::Unmasked(result)).await;
}

/// Appends `rule` to the config file at `config` and writes `record` of it to the journal at
/// `journal` (on a blocking thread), then answers with the rule, or why it was not written.
pub async fn mark_benign(
    tx: Sender<Msg>,
    config: Option<PathBuf>,
    journal: PathBuf,
    rule: Box<SuppressRule>,
    record: audit::SessionRecord,
) {
    let write = move || {
        let Some(config) = config else {
            return Err("no config file to write the rule to: start oktui with --config FILE".to_string());
        };
        crate::config::append_rule(&config, &rule)
            .map_err(|e| format!("the rule was not written: {}", clean(&e.to_string())))?;
        Journal::open(&journal).and_then(|j| j.append_session(&record)).map_err(|e| {
            format!("the rule {} was written but could not be journaled: {}", rule.name(), clean(&e.to_string()))
        })?;
        Ok(rule)
    };
    let result = tokio::task::spawn_blocking(write).await.unwrap_or_else(|e| Err(e.to_string()));
    let _ = tx.send(Msg::BenignMarked(result)).await;
}

/// Reads the audit journal at `journal` (on a blocking thread) and answers with its records.
pub async fn read_audit(tx: Sender<Msg>, journal: PathBuf, generation: u64) {
    let read = tokio::task::spawn_blocking(move || {
        audit::read_entries(&journal)
            .map(|(entries, _)| entries)
            .map_err(|e| format!("cannot read the audit journal {}: {e}", journal.display()))
    })
    .await;
    let result = read.unwrap_or_else(|e| Err(format!("the audit journal's reader stopped: {e}")));
    let _ = tx.send(Msg::Audit { generation, result }).await;
}

fn clean(text: &str) -> String {
    crate::sanitize::clean(text).into_owned()
}
