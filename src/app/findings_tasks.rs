//! The investigation, IP view and hunt effects as tokio tasks: fetch through `gather`, judge with
//! `investigate` (off the event loop, on a blocking thread), answer with messages.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::Sender;

use super::hunt::{HuntMsg, WindowChoice};
use super::investigation::InvestigationMsg;
use super::ip::IpMsg;
use super::msg::Msg;
use crate::gather::{self, FetchProgress, MemoryBudget};
use crate::investigate::report::IpReport;
use crate::investigate::{self, DetectionConfig};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::sanitize::clean;

/// Progress messages at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// A progress callback that sends at most one message per [`PROGRESS_EVERY`] (dropped,
/// never awaited, when the channel is full).
fn throttled(tx: &Sender<Msg>, wrap: impl Fn(FetchProgress) -> Msg + Send) -> impl FnMut(FetchProgress) + Send {
    let tx = tx.clone();
    let mut last = Instant::now() - PROGRESS_EVERY;
    move |p| {
        if last.elapsed() >= PROGRESS_EVERY {
            last = Instant::now();
            let _ = tx.try_send(wrap(p));
        }
    }
}

/// Investigates `user` over `window` (cut to Okta's retention, said in the status line).
pub async fn investigation(
    client: Client,
    tx: Sender<Msg>,
    config: Arc<DetectionConfig>,
    generation: u64,
    user: String,
    window: WindowChoice,
) {
    let now = chrono::Utc::now();
    let retained = gather::Retained::cut(window.at(now), now);
    if let Some(note) = retained.note() {
        let _ = tx.send(Msg::Flash(note)).await;
    }
    let window = retained.window;
    let progress =
        throttled(&tx, move |progress| Msg::Investigation(InvestigationMsg::Progress { generation, progress }));
    let msg = match gather::fetch_user_case(&client, &user, window, progress).await {
        Ok(case) => {
            let judged = tokio::task::spawn_blocking(move || (case.report(window, &config), case.events)).await;
            match judged {
                Ok((report, events)) => InvestigationMsg::Done { generation, report: Box::new(report), events },
                Err(e) => InvestigationMsg::Failed {
                    generation,
                    message: format!("the investigation stopped: {e}"),
                    code: None,
                },
            }
        }
        Err(e) => failed(&e, |message, code| InvestigationMsg::Failed { generation, message, code }),
    };
    let _ = tx.send(Msg::Investigation(msg)).await;
}

/// Reads what `ip` did over `window` (cut to Okta's retention) for the IP view.
pub async fn ip_view(client: Client, tx: Sender<Msg>, generation: u64, ip: std::net::IpAddr, window: WindowChoice) {
    let now = chrono::Utc::now();
    let window = gather::Retained::cut(window.at(now), now).window;
    let progress = throttled(&tx, move |progress| Msg::Ip(IpMsg::Progress { generation, progress }));
    let msg = match gather::fetch_ip_events(&client, ip, window, progress).await {
        Ok(read) => {
            let report = IpReport::build(&ip.to_string(), window, &read.events, read.capped, Vec::new());
            IpMsg::Done { generation, report: Box::new(report), events: read.events }
        }
        Err(e) => failed(&e, |message, code| IpMsg::Failed { generation, message, code }),
    };
    let _ = tx.send(Msg::Ip(msg)).await;
}

/// What a hunt reads with: the detections' settings and the memory it may hold.
#[derive(Debug, Clone)]
pub struct HuntSettings {
    pub detections: Arc<DetectionConfig>,
    pub budget: MemoryBudget,
}

/// Hunts the org's System Log over `window` (cut to Okta's retention). The dispatcher runs
/// it in its hunt slot: a new hunt, a cancel or a profile switch aborts it, and an aborted
/// hunt sends no further request.
pub async fn hunt(client: Client, tx: Sender<Msg>, settings: HuntSettings, generation: u64, window: WindowChoice) {
    let HuntSettings { detections: config, budget } = settings;
    let now = chrono::Utc::now();
    let retained = gather::Retained::cut(window.at(now), now);
    let window = retained.window;
    let _ = tx.send(Msg::Hunt(HuntMsg::Window { generation, window, note: retained.note() })).await;
    let progress = throttled(&tx, move |progress| Msg::Hunt(HuntMsg::Progress { generation, progress }));
    let msg = match gather::fetch_hunt(&client, window, budget, progress).await {
        Ok(input) => {
            let count = input.events_read();
            let cut = input.truncated.then_some(input.window.until);
            let input_window = input.window;
            let native = config.clone();
            let judge = move || investigate::judge(&input.signals(), &input.directory, &native);
            match tokio::task::spawn_blocking(judge).await {
                Ok(mut findings) => {
                    let catalog = run_catalog(&client, &tx, &config, generation, input_window).await;
                    let summary = catalog.map(|report| {
                        findings.extend(report.findings.iter().cloned());
                        investigate::sort_worst_first(&mut findings);
                        catalog_words(&report)
                    });
                    HuntMsg::Done { generation, findings, events: count, cut, window: input_window, catalog: summary }
                }
                Err(e) => HuntMsg::Failed { generation, message: format!("the hunt stopped: {e}"), code: None },
            }
        }
        Err(e) => failed(&e, |message, code| HuntMsg::Failed { generation, message, code }),
    };
    let _ = tx.send(Msg::Hunt(msg)).await;
}

/// Runs Okta's catalog of `[detections] catalog` over `window`, when one is configured,
/// each detection's progress sent as it runs; a catalog that cannot be read is said in the
/// status line and left out.
async fn run_catalog(
    client: &Client,
    tx: &Sender<Msg>,
    config: &DetectionConfig,
    generation: u64,
    window: investigate::LogWindow,
) -> Option<crate::catalog::CatalogReport> {
    if config.catalog.is_empty() {
        return None;
    }
    let (engine, from) = crate::catalog::engine_of(client, config.catalog_engine).await;
    let paths = config.catalog.clone();
    let loaded = tokio::task::spawn_blocking(move || crate::catalog::Catalog::load(&paths, engine)).await;
    let catalog = match loaded {
        Ok(Ok(catalog)) => catalog,
        Ok(Err(e)) => {
            let _ = tx.send(Msg::Flash(clean(&e.to_string()).into_owned())).await;
            return None;
        }
        Err(_) => return None,
    };
    let sender = tx.clone();
    let progress = move |progress| {
        let _ = sender.try_send(Msg::Hunt(HuntMsg::Catalog { generation, progress }));
    };
    Some(crate::catalog::run(client, &catalog, from, window, progress).await)
}

/// The pane's line on a catalog run, short enough for one row: entries run, matched,
/// refused by Okta (with its codes), failed, and files that cannot run.
fn catalog_words(report: &crate::catalog::CatalogReport) -> String {
    let count = |status| report.entries.iter().filter(|e| e.status == status).count();
    let matched = report.entries.iter().filter(|e| e.status == "matched" && e.events > 0).count();
    let mut codes: Vec<&str> = report.refused().map(|r| r.error_code.as_deref().unwrap_or("400")).collect();
    codes.dedup();
    let codes = if codes.is_empty() { String::new() } else { format!(" ({})", codes.join(", ")) };
    clean(&format!(
        "Okta catalog, {}: {} run · {matched} matched · {} refused by Okta{codes} · {} failed · {} not runnable",
        report.engine,
        report.entries.len(),
        count("refused"),
        count("failed"),
        report.unusable.len()
    ))
    .into_owned()
}

/// Where the console's case files go, and the journal they take the user's actions from.
pub struct CasePlace {
    pub data_dir: std::path::PathBuf,
    pub journal: std::path::PathBuf,
    /// The session's masker when the case is written masked.
    pub mask: Option<crate::mask::Masker>,
}

/// Writes the case file of `subject` into a new folder of the data dir's `cases` (named
/// after `who` and the time) and says where, or why not.
pub async fn write_case(
    client: Client,
    tx: Sender<Msg>,
    subject: crate::case::CaseSubject,
    who: String,
    profile: String,
    place: CasePlace,
) {
    let ctx = crate::case::CaseContext {
        org: client.org().as_str().to_string(),
        profile,
        operator: crate::actions::operator::local_operator(),
        journal: place.journal,
        mask: place.mask,
    };
    let data_dir = place.data_dir;
    let written = match crate::case::console_dir(&data_dir, &who, chrono::Utc::now()) {
        Ok(dir) => crate::case::write(&client, &subject, &ctx, &dir).await.map_err(|e| e.to_string()),
        Err(e) => Err(format!("cannot make a folder for it in {}: {e}", data_dir.display())),
    };
    let msg = match written {
        Ok(case) => case.summary(),
        Err(e) => format!("cannot write the case file: {}", clean(&e)),
    };
    let _ = tx.send(Msg::Flash(msg)).await;
}

fn failed<T>(e: &OktaError, make: impl FnOnce(String, Option<String>) -> T) -> T {
    make(clean(&e.to_string()).into_owned(), e.code().map(str::to_string))
}
