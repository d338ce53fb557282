//! Effects turned into tokio tasks: each owns a clone of the client and answers with `Msg`s.

use futures_util::StreamExt;
use serde_json::Value;
use tokio::sync::mpsc::Sender;

use super::detail;
use super::effect::Effect;
use super::lists::ListKind;
use super::msg::Msg;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// The message a failed load answers with.
pub fn failed(generation: u64, e: &OktaError) -> Msg {
    Msg::Failed {
        generation,
        message: crate::sanitize::clean(&e.to_string()).into_owned(),
        code: e.code().map(str::to_string),
    }
}

/// Streams every page of a list, page by page, then a final empty `done` page.
async fn load_list(client: Client, tx: Sender<Msg>, kind: ListKind, generation: u64) {
    for path in kind.paths() {
        let mut pages = std::pin::pin!(client.pages::<Value>(&path, Priority::Interactive));
        while let Some(page) = pages.next().await {
            let msg = match page {
                Ok(items) => Msg::Page { kind, generation, items, done: false },
                Err(e) => {
                    let _ = tx.send(failed(generation, &e)).await;
                    return;
                }
            };
            if tx.send(msg).await.is_err() {
                return;
            }
        }
    }
    let _ = tx.send(Msg::Page { kind, generation, items: Vec::new(), done: true }).await;
}

/// Starts the task of a loading effect. Effects that touch the terminal or the config
/// (copy, export, profile switch) are the runtime's.
pub fn spawn_load(effect: Effect, client: &Client, tx: &Sender<Msg>) {
    let (client, tx) = (client.clone(), tx.clone());
    match effect {
        Effect::LoadList { kind, generation } => {
            tokio::spawn(load_list(client, tx, kind, generation));
        }
        Effect::LoadDetail { kind, id, generation } => {
            tokio::spawn(async move {
                let msg = match detail::load(&client, kind, &id).await {
                    Ok(detail) => Msg::Detail { generation, detail },
                    Err(e) => failed(generation, &e),
                };
                let _ = tx.send(msg).await;
            });
        }
        Effect::SearchUsers { query, generation } => {
            tokio::spawn(async move {
                let quoted = query.replace('\\', "\\\\").replace('"', "\\\"");
                let expr = ["profile.login", "profile.email", "profile.firstName", "profile.lastName"]
                    .map(|attr| format!("{attr} sw \"{quoted}\""))
                    .join(" or ");
                let search: String = url::form_urlencoded::byte_serialize(expr.as_bytes()).collect();
                let path = format!("/api/v1/users?limit=200&search={search}");
                // A failed search only costs the shortcut: the listing goes on.
                if let Ok((items, _)) = client.get_json::<Vec<Value>>(&path, Priority::Interactive).await {
                    let _ = tx.send(Msg::Page { kind: ListKind::Users, generation, items, done: false }).await;
                }
            });
        }
        Effect::Copy(_)
        | Effect::Export { .. }
        | Effect::SwitchProfile(_)
        | Effect::MfaSweep { .. }
        | Effect::ExportMfa { .. } => {}
    }
}

/// Progress messages at most this often, so a fast sweep does not flood the channel.
const MFA_PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Runs the MFA sweep for the `:mfa` pane, answering with progress (dropped when the
/// channel is full: the next one supersedes it) and then the outcome.
pub fn spawn_mfa(
    client: &Client,
    tx: &Sender<Msg>,
    store: crate::mfa::CacheStore,
    generation: u64,
    mode: crate::mfa::RefreshMode,
) {
    use super::mfa::MfaMsg;
    let (client, tx) = (client.clone(), tx.clone());
    tokio::spawn(async move {
        let progress_tx = tx.clone();
        let mut last = std::time::Instant::now() - MFA_PROGRESS_EVERY;
        let mut report = move |p: &crate::mfa::Progress| {
            if last.elapsed() >= MFA_PROGRESS_EVERY || p.phase == crate::mfa::Phase::Done {
                last = std::time::Instant::now();
                let _ = progress_tx.try_send(Msg::Mfa(MfaMsg::Progress { generation, progress: p.clone() }));
            }
        };
        let scope = crate::mfa::Scope::All;
        let msg = match crate::mfa::run(&client, Some(&store), &scope, mode, &mut report).await {
            Ok(outcome) => MfaMsg::Done { generation, outcome: Box::new(outcome) },
            Err(e) => MfaMsg::Failed { generation, message: crate::sanitize::clean(&e.to_string()).into_owned() },
        };
        let _ = tx.send(Msg::Mfa(msg)).await;
    });
}

/// Writes the MFA gap rows as `mfa-gaps-<time>.csv` and `.json` in the data dir (the same
/// rows and columns as `oktui mfa-gaps`) and says where.
pub fn export_mfa(rows: Vec<crate::mfa::UserMfa>, dir: &std::path::Path, tx: &Sender<Msg>) {
    let (dir, tx) = (dir.to_path_buf(), tx.clone());
    tokio::task::spawn_blocking(move || {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let refs: Vec<&crate::mfa::UserMfa> = rows.iter().collect();
        let write = |ext: &str| -> std::io::Result<std::path::PathBuf> {
            std::fs::create_dir_all(&dir)?;
            let path = dir.join(format!("mfa-gaps-{stamp}.{ext}"));
            let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
            match ext {
                "csv" => crate::mfa::report::write_csv(&mut file, &refs)?,
                _ => crate::mfa::report::write_json(&mut file, &refs)?,
            }
            std::io::Write::flush(&mut file)?;
            Ok(path)
        };
        let msg = match write("csv").and_then(|csv| Ok((csv, write("json")?))) {
            Ok((csv, json)) => format!("exported {} rows to {} and {}", rows.len(), csv.display(), json.display()),
            Err(e) => format!("cannot export: {e}"),
        };
        let _ = tx.blocking_send(Msg::Flash(msg));
    });
}
