//! Okta's Security Detection Catalog, run natively: [`load`] reads catalog folders (one YAML
//! file per detection or hunt) for the org's engine, listing each file that cannot run with
//! why; [`run`] sends each entry's System Log filter to Okta as one bounded query over the
//! hunt's window; [`findings`] turns the matched events into findings of kind `catalog`.
//! Okta evaluates the filters: a detection costs one filtered query, not a read of the log.
//! Over an events file, which cannot filter, [`local`] judges them as Okta would.

pub mod findings;
pub mod load;
pub mod local;
pub mod parse;
pub mod run;

use serde::Serialize;

pub use load::{Catalog, CatalogError, UnusableFile};
pub use parse::{CatalogEntry, Engine, EntryKind, Unusable};
pub use run::{CatalogProgress, RunOutcome};

use crate::investigate::{CatalogEngine, Finding, LogWindow};
use crate::okta::api::org;
use crate::okta::client::Client;
use crate::okta::ratelimit::Priority;

/// What running a catalog over a window came to: every entry's outcome, the files that
/// could not run, and the findings.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogReport {
    /// `OIE` or `Classic`: whose expressions ran.
    pub engine: &'static str,
    /// How the engine was chosen (`the org's pipeline idx`, `the config`, …).
    pub engine_from: String,
    /// Every entry run, in the catalog's order.
    pub entries: Vec<EntryRun>,
    /// Every file that could not run, with why.
    pub unusable: Vec<UnusableRow>,
    /// The hits, worst first.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

/// One entry's run, as reported.
#[derive(Debug, Clone, Serialize)]
pub struct EntryRun {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub file: String,
    pub filter: String,
    /// `matched`, `refused` or `failed`.
    pub status: &'static str,
    /// Events matched (read; at most the runner's cap).
    pub events: usize,
    /// More matched than were read.
    pub capped: bool,
    /// Okta's error code when it refused the filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// What came of it, in a few words (`2 events`, `refused by Okta: E0000053 …`).
    pub result: String,
}

/// A catalog file that could not run.
#[derive(Debug, Clone, Serialize)]
pub struct UnusableRow {
    pub file: String,
    pub reason: String,
}

impl CatalogReport {
    /// The entries Okta refused.
    pub fn refused(&self) -> impl Iterator<Item = &EntryRun> {
        self.entries.iter().filter(|e| e.status == "refused")
    }

    /// One line: entries run, matched, refused, failed, files unusable.
    pub fn summary(&self) -> String {
        let count = |status| self.entries.iter().filter(|e| e.status == status).count();
        let matched = self.entries.iter().filter(|e| e.status == "matched" && e.events > 0).count();
        format!(
            "Okta catalog ({} expressions, {}): {} run, {} matched, {} refused by Okta, {} failed; {} not runnable",
            self.engine,
            self.engine_from,
            self.entries.len(),
            matched,
            count("refused"),
            count("failed"),
            crate::output::plural::count(self.unusable.len(), "file"),
        )
    }
}

/// The engine whose expressions run: the one configured, or what the org says it is
/// (`/.well-known/okta-organization`'s pipeline); OIE when it cannot tell.
pub async fn engine_of(client: &Client, choice: CatalogEngine) -> (Engine, String) {
    match engine_set(choice) {
        Some(set) => set,
        None => match org::pipeline(client, Priority::Background).await {
            Ok(Some(p)) if p == "v1" => (Engine::Classic, "the org's pipeline v1".into()),
            Ok(Some(p)) => (Engine::Oie, format!("the org's pipeline {}", crate::sanitize::clean(&p))),
            Ok(None) => (Engine::Oie, "the default: the org names no pipeline".into()),
            Err(e) => {
                (Engine::Oie, format!("the default: the org's pipeline unread ({})", e.code().unwrap_or("error")))
            }
        },
    }
}

/// The engine `choice` names, and how it was chosen; `None` for `auto` (the org decides).
pub fn engine_set(choice: CatalogEngine) -> Option<(Engine, String)> {
    match choice {
        CatalogEngine::Oie => Some((Engine::Oie, "set in the config".into())),
        CatalogEngine::Classic => Some((Engine::Classic, "set in the config".into())),
        CatalogEngine::Auto => None,
    }
}

/// Runs every entry of `catalog` over `window` of `source`; `progress` hears after each.
pub async fn run<S: crate::gather::LogSource>(
    source: &S,
    catalog: &Catalog,
    engine_from: String,
    window: LogWindow,
    progress: impl FnMut(CatalogProgress),
) -> CatalogReport {
    let outcomes = run::run_entries(source, &catalog.entries, window, progress).await;
    let mut findings = Vec::new();
    let mut entries = Vec::with_capacity(outcomes.len());
    for (entry, outcome) in catalog.entries.iter().zip(outcomes) {
        let result = outcome.words();
        let (status, events, capped, error_code) = match outcome {
            RunOutcome::Matched { events, capped } => {
                findings.extend(findings::findings_of(entry, &events, capped));
                ("matched", events.len(), capped, None)
            }
            RunOutcome::Refused { code, .. } => ("refused", 0, false, code),
            RunOutcome::Failed(_) => ("failed", 0, false, None),
        };
        entries.push(EntryRun {
            id: entry.id.clone(),
            title: entry.title.clone(),
            kind: entry.kind.name(),
            file: entry.file.clone(),
            filter: entry.filter.clone(),
            status,
            events,
            capped,
            error_code,
            result,
        });
    }
    crate::investigate::sort_worst_first(&mut findings);
    CatalogReport {
        engine: catalog.engine.key(),
        engine_from,
        entries,
        unusable: catalog
            .unusable
            .iter()
            .map(|u| UnusableRow { file: u.path.display().to_string(), reason: u.reason.clone() })
            .collect(),
        findings,
    }
}
