//! The approval dialog's tasks: re-read the user, execute an approved action, read the
//! audit journal. Each answers with one `Msg`.

use std::path::Path;

use tokio::sync::mpsc::Sender;

use super::effect::Effect;
use super::msg::Msg;
use crate::actions::verify::Watch;
use crate::actions::{self, audit, Journal};
use crate::okta::client::Client;

/// Starts the task of a dialog or audit effect, the journal at `journal` (the demo keeps
/// its own: [`audit::journal_path`]); other effects are ignored here.
pub fn spawn(effect: Effect, client: &Client, profile: &str, journal: &Path, tx: &Sender<Msg>) {
    let (client, tx, profile, path) = (client.clone(), tx.clone(), profile.to_string(), journal.to_path_buf());
    match effect {
        Effect::Preflight { action, user, generation } => {
            tokio::spawn(async move {
                let result =
                    actions::prepare(&client, action, &user, &profile, None).await.map_err(|e| clean(&e.to_string()));
                let _ = tx.send(Msg::Plan { generation, result }).await;
            });
        }
        Effect::Execute { approval, generation } => {
            let Some(approved) = approval.take() else { return };
            tokio::spawn(async move {
                let result = match Journal::open(&path) {
                    Ok(journal) => actions::execute(&client, &journal, approved, Watch::default()).await,
                    Err(e) => Err(e),
                };
                let _ = tx.send(Msg::Outcome { generation, result: result.map_err(|e| clean(&e.to_string())) }).await;
            });
        }
        Effect::LoadAudit { generation } => {
            tokio::task::spawn_blocking(move || {
                let result = audit::read(&path)
                    .map(|(records, _)| records)
                    .map_err(|e| format!("cannot read the audit journal {}: {e}", path.display()));
                let _ = tx.blocking_send(Msg::Audit { generation, result });
            });
        }
        _ => {}
    }
}

fn clean(text: &str) -> String {
    crate::sanitize::clean(text).into_owned()
}
