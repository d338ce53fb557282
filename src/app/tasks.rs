//! Effects turned into tokio tasks: each owns a clone of the client and answers with `Msg`s.

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde_json::Value;
use tokio::sync::mpsc::Sender;
use tokio::sync::watch;

use super::detail;
use super::history::HistoryProgress;
use super::lists::ListKind;
use super::logs::ServerQuery;
use super::msg::Msg;
use crate::gather::LogSource;
use crate::okta::api::logs::LogQuery;
use crate::okta::api::users::{self, UserQuery};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::logs::{TailConfig, TailUpdate};
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
pub async fn load_list(client: Client, tx: Sender<Msg>, kind: ListKind, generation: u64) {
    for listing in kind.listings() {
        let mut pages = std::pin::pin!(listing.pages::<Value>(&client, Priority::Interactive));
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

/// Reads one object and what hangs off it.
pub async fn load_detail(client: Client, tx: Sender<Msg>, kind: ListKind, id: String, generation: u64) {
    let msg = match detail::load(&client, kind, &id).await {
        Ok(detail) => Msg::Detail { generation, detail },
        Err(e) => failed(generation, &e),
    };
    let _ = tx.send(msg).await;
}

/// Asks Okta for the users whose login, name or email starts with `query`; the answers join
/// the users list of `generation`.
pub async fn search_users(client: Client, tx: Sender<Msg>, query: String, generation: u64) {
    let listing = users::list(&UserQuery::starting_with(&query));
    // A failed search only costs the shortcut: the listing goes on.
    if let Ok((items, _)) = listing.page::<Value>(&client, Priority::Interactive).await {
        let _ = tx.send(Msg::Page { kind: ListKind::Users, generation, items, done: false }).await;
    }
}

/// Asks Okta whether it accepts a server-side log query and answers with its verdict.
pub async fn check_query(client: Client, tx: Sender<Msg>, query: ServerQuery, generation: u64) {
    let error = check_log_query(&client, &query).await;
    let _ = tx.send(Msg::LogQueryChecked { generation, error }).await;
}

/// Reads one event back by uuid and answers with its whole JSON.
pub async fn read_event(client: Client, tx: Sender<Msg>, uuid: String, published_ms: Option<i64>, generation: u64) {
    let result = load_event(&client, &uuid, published_ms).await;
    let _ = tx.send(Msg::EventLoaded { generation, result }).await;
}

/// Runs the System Log tail of `generation`, forwarding its updates as messages (and each
/// page to the live judge, when it is handed this tail as its feed), until it is aborted (a
/// new tail replaces it) or the console quits.
pub async fn run_tail(
    client: Client,
    tx: Sender<Msg>,
    generation: u64,
    config: TailConfig,
    mut judge: Option<Sender<Vec<crate::okta::logs::TailedEvent>>>,
) {
    let (tail_tx, mut updates) = tokio::sync::mpsc::channel(8);
    let forward = async move {
        while let Some(update) = updates.recv().await {
            if let (Some(feed), TailUpdate::Events(events, _)) = (&judge, &update) {
                if feed.send(events.clone()).await.is_err() {
                    judge = None;
                }
            }
            if tx.send(Msg::Tail { generation, update }).await.is_err() {
                break;
            }
        }
    };
    // One task for both, so aborting it stops the engine too.
    tokio::select! {
        () = client.tail(config, tail_tx) => {}
        _ = forward => {}
    }
}

/// Okta's answer to a log query with this filter: `None` if it accepts it.
async fn check_log_query(client: &Client, query: &ServerQuery) -> Option<String> {
    let now = Utc::now();
    let last_minute = LogQuery {
        since: Some(now - chrono::Duration::minutes(1)),
        until: Some(now),
        filter: query.filter.clone(),
        q: query.q.clone(),
        order: None,
        limit: Some(1),
    };
    match last_minute.listing().probe(client, Priority::Interactive).await {
        Ok(_) => None,
        Err(e) => Some(crate::sanitize::clean(&e.to_string()).into_owned()),
    }
}

/// One event's whole JSON, read back by uuid around its `published` time.
async fn load_event(client: &Client, uuid: &str, published_ms: Option<i64>) -> Result<String, String> {
    use crate::okta::logs::by_uuid::{read_by_uuid, Wanted};
    let now = Utc::now();
    let wanted = Wanted { uuid: uuid.to_string(), published: published_ms.and_then(DateTime::from_timestamp_millis) };
    let fallback = (now - chrono::Duration::days(crate::okta::logs::tail::RETENTION_DAYS), now);
    let read = read_by_uuid(client, &[wanted], fallback, Priority::Interactive)
        .await
        .map_err(|e| crate::sanitize::clean(&e.to_string()).into_owned())?;
    read.events
        .into_iter()
        .next()
        .map(|(_, e)| e.get().to_string())
        .ok_or_else(|| "Okta no longer returns this event (past retention, or not yet indexed): r retries".to_string())
}

/// Copies through [`super::clipboard::copy`], off the runtime (it may ask tmux), and
/// flashes what was done.
pub async fn copy(text: &str, tx: &Sender<Msg>) {
    let text = text.to_string();
    let msg = match tokio::task::spawn_blocking(move || super::clipboard::copy(&text)).await {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => format!("cannot copy: {e}"),
        Err(e) => format!("cannot copy: the copy stopped ({e})"),
    };
    let _ = tx.send(Msg::Flash(msg)).await;
}

/// Writes the rows to a file in the data dir and says where.
pub fn export(
    kind: ListKind,
    rows: Vec<serde_json::Value>,
    mask: Option<crate::mask::Masker>,
    dir: &std::path::Path,
    tx: &Sender<Msg>,
) {
    use crate::output::export::{export, ExportFormat};
    let (dir, tx) = (dir.to_path_buf(), tx.clone());
    tokio::task::spawn_blocking(move || {
        let rows = match mask {
            Some(mut masker) => rows.iter().map(|r| masker.json(r)).collect(),
            None => rows,
        };
        let columns = kind.export_columns();
        let name = kind.title().to_lowercase();
        let now = chrono::Utc::now();
        let written = [ExportFormat::Csv, ExportFormat::Json]
            .into_iter()
            .map(|format| export(&rows, columns, &name, &dir, format, now))
            .collect::<Result<Vec<_>, _>>();
        let msg = match written {
            Ok(paths) => {
                let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                format!("exported {} to {}", crate::output::plural::count(rows.len(), "row"), paths.join(" and "))
            }
            Err(e) => format!("cannot export: {e}"),
        };
        let _ = tx.blocking_send(Msg::Flash(msg));
    });
}

/// Progress messages at most this often, so a fast sweep does not flood the channel.
const MFA_PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Runs the MFA sweep for the `:mfa` pane, answering with progress (dropped when the
/// channel is full: the next one supersedes it) and then the outcome; after a sweep that
/// finished, reads the largest groups' memberships for the totals by group.
pub async fn mfa_sweep(
    client: Client,
    tx: Sender<Msg>,
    store: crate::mfa::CacheStore,
    generation: u64,
    mode: crate::mfa::RefreshMode,
) {
    use super::mfa::MfaMsg;
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
    let swept = matches!(msg, MfaMsg::Done { .. });
    if tx.send(Msg::Mfa(msg)).await.is_err() || !swept {
        return;
    }
    let result = crate::mfa::groups::largest_groups(&client)
        .await
        .map_err(|e| crate::sanitize::clean(&e.to_string()).into_owned());
    let _ = tx.send(Msg::Mfa(MfaMsg::Groups { generation, result })).await;
}

/// Writes the MFA gap rows as `oktui-mfa-gaps-<time>.csv` and `.json` in the data dir (the
/// same rows and columns as `oktui mfa-gaps`; private files, as every export) and says where.
pub fn export_mfa(
    rows: Vec<crate::mfa::UserMfa>,
    mask: Option<crate::mask::Masker>,
    dir: &std::path::Path,
    tx: &Sender<Msg>,
) {
    use crate::output::export::write_new;
    let (dir, tx) = (dir.to_path_buf(), tx.clone());
    tokio::task::spawn_blocking(move || {
        let rows = match mask {
            Some(mut masker) => rows
                .into_iter()
                .map(|mut row| {
                    masker.learn_user(&row.login, &row.name);
                    row.login = masker.text(&row.login).into_owned();
                    row.name = masker.text(&row.name).into_owned();
                    row
                })
                .collect(),
            None => rows,
        };
        let stem = format!("oktui-mfa-gaps-{}", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
        let refs: Vec<&crate::mfa::UserMfa> = rows.iter().collect();
        let csv = || write_new(&dir, &stem, "csv", |out| crate::mfa::report::write_csv(out, &refs));
        let json = || write_new(&dir, &stem, "json", |out| crate::mfa::report::write_json(out, &refs));
        let msg = match csv().and_then(|csv| Ok((csv, json()?))) {
            Ok((csv, json)) => {
                let rows = crate::output::plural::count(rows.len(), "row");
                format!("exported {rows} to {} and {}", csv.display(), json.display())
            }
            Err(e) => format!("cannot export: {e}"),
        };
        let _ = tx.blocking_send(Msg::Flash(msg));
    });
}

/// Forwards how far the demo org's System Log history is written, until it all is (run in
/// the dispatcher's history slot: a profile switch aborts it).
pub async fn follow_history(mut history: watch::Receiver<HistoryProgress>, tx: Sender<Msg>) {
    loop {
        let progress = *history.borrow_and_update();
        if tx.send(Msg::History(progress)).await.is_err() || progress.complete {
            return;
        }
        if history.changed().await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn exporting_one_row_says_one_row() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let row = crate::mfa::UserMfa {
            id: "00u1".into(),
            login: "ana@acme.example".into(),
            name: "Ana".into(),
            status: "ACTIVE".into(),
            last_login: None,
            class: None,
            factors: Vec::new(),
            admin: None,
            fetched_at: None,
        };
        export_mfa(vec![row], None, dir.path(), &tx);
        let Some(Msg::Flash(text)) = rx.recv().await else { panic!("a message") };
        assert!(text.starts_with("exported 1 row to "), "{text}");
    }
}
