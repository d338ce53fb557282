//! The approval dialog's tasks: re-read the user, execute an approved action, read the
//! audit journal. Each answers with one `Msg`.

use std::path::Path;

use tokio::sync::mpsc::Sender;

use super::effect::Effect;
use super::msg::Msg;
use crate::actions::verify::Watch;
use crate::actions::{self, audit, Journal};
use crate::okta::client::Client;

/// Starts the task of a dialog or audit effect; other effects are ignored here.
pub fn spawn(effect: Effect, client: &Client, profile: &str, data_dir: &Path, tx: &Sender<Msg>) {
    let (client, tx, profile, data_dir) = (client.clone(), tx.clone(), profile.to_string(), data_dir.to_path_buf());
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
                let result = match Journal::open_in(&data_dir) {
                    Ok(journal) => actions::execute(&client, &journal, approved, Watch::default()).await,
                    Err(e) => Err(e),
                };
                let _ = tx.send(Msg::Outcome { generation, result: result.map_err(|e| clean(&e.to_string())) }).await;
            });
        }
        Effect::LoadAudit { generation } => {
            tokio::task::spawn_blocking(move || {
                let path = data_dir.join(audit::FILE_NAME);
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
