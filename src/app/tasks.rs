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
        | Effect::Preflight { .. }
        | Effect::Execute { .. }
        | Effect::LoadAudit { .. } => {}
    }
}
