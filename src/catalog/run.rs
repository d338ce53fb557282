//! Runs catalog entries against a log source: each entry's filter as one bounded filtered
//! System Log query over the hunt's window. Against Okta ([`LogSource::FILTERS`]) Okta
//! evaluates it, server-side, through the client's shared rate limiter (the queries share
//! the logs bucket, a few at a time, at background priority); against a source that cannot
//! filter (an events file) the window is read and the filter judged here ([`LocalFilter`]),
//! refusing what Okta refuses. The events matched are read up to [`MAX_MATCHED`]. A filter
//! refused (400) is that entry's outcome, not the run's.

use futures_util::future;
use serde_json::Value;

use super::local::LocalFilter;
use super::parse::CatalogEntry;
use crate::gather::{Flow, LogSource, Query, Select};
use crate::investigate::LogWindow;
use crate::okta::error::OktaError;
use crate::okta::logs::elements::PageError;
use crate::okta::model::LogEvent;
use crate::okta::ratelimit::Priority;

/// The most events read of one entry's matches (one full page): the finding says when more matched.
pub const MAX_MATCHED: usize = 1000;

/// Entries whose queries are in flight at once, a batch at a time (the rate limiter paces them).
const AT_ONCE: usize = 3;

/// What one entry's query came to.
#[derive(Debug)]
pub enum RunOutcome {
    /// Okta ran the filter: the events it matched, oldest first, and whether more matched
    /// than were read.
    Matched { events: Vec<LogEvent>, capped: bool },
    /// Okta refused the filter (400): its error code and words.
    Refused { code: Option<String>, summary: String },
    /// The query failed otherwise (network, timeout, rights).
    Failed(String),
}

/// How far a catalog run has got, after each entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProgress {
    /// Entries run so far, of `total`.
    pub done: usize,
    pub total: usize,
    /// The entry just run and what it came to, in a few words.
    pub title: String,
    pub result: String,
}

/// Runs `entries` over `window` of `source`, in their order; `progress` hears after each.
pub async fn run_entries<S: LogSource>(
    source: &S,
    entries: &[CatalogEntry],
    window: LogWindow,
    mut progress: impl FnMut(CatalogProgress),
) -> Vec<RunOutcome> {
    let total = entries.len();
    let mut outcomes = Vec::with_capacity(total);
    for chunk in entries.chunks(AT_ONCE) {
        let runs: Vec<_> = chunk.iter().map(|entry| run_one(source, entry, window)).collect();
        for (entry, outcome) in chunk.iter().zip(future::join_all(runs).await) {
            let done = outcomes.len() + 1;
            progress(CatalogProgress { done, total, title: entry.title.clone(), result: outcome.words() });
            outcomes.push(outcome);
        }
    }
    outcomes
}

impl RunOutcome {
    /// `3 events`, `1000+ events`, `refused: E0000053 …`, `failed: …`.
    pub fn words(&self) -> String {
        match self {
            RunOutcome::Matched { events, capped: false } => crate::output::plural::count(events.len(), "event"),
            RunOutcome::Matched { events, capped: true } => format!("{}+ events", events.len()),
            RunOutcome::Refused { code, summary } => {
                format!("refused by Okta: {}{summary}", code.as_deref().map(|c| format!("{c} ")).unwrap_or_default())
            }
            RunOutcome::Failed(why) => format!("failed: {why}"),
        }
    }
}

/// One entry's query, read to the end or [`MAX_MATCHED`] events.
async fn run_one<S: LogSource>(source: &S, entry: &CatalogEntry, window: LogWindow) -> RunOutcome {
    let local = match S::FILTERS {
        true => None,
        false => match LocalFilter::parse(&entry.filter) {
            Ok(filter) => Some(filter),
            Err(refused) => return refused,
        },
    };
    let query = Query { select: Select::Filter(&entry.filter), cap: None };
    let (mut events, mut capped) = (Vec::new(), false);
    let read = source.read_window(window, query, Priority::Background, |body, more| {
        let mut page: Vec<Value> = serde_json::from_slice(body).map_err(|e| PageError(e.to_string()))?;
        if let Some(filter) = &local {
            page.retain(|event| filter.matches(event));
        }
        let room = MAX_MATCHED.saturating_sub(events.len());
        // Okta's pages are full ones: a full page with more after it is taken as more matched.
        capped = page.len() > room || (S::FILTERS && more && page.len() == room);
        events.extend(page.into_iter().take(room).filter_map(|v| match v {
            Value::Object(object) => Some(LogEvent::from_object(object)),
            _ => None,
        }));
        Ok(if capped || !more { Flow::Stop } else { Flow::Go })
    });
    match read.await {
        Ok(()) => RunOutcome::Matched { events, capped },
        Err(e) => refused_or_failed(&e),
    }
}

fn refused_or_failed(e: &(dyn std::error::Error + 'static)) -> RunOutcome {
    match e.downcast_ref::<OktaError>() {
        Some(OktaError::Api(api)) if api.status == 400 => {
            RunOutcome::Refused { code: api.code.clone(), summary: crate::sanitize::clean(&api.summary).into_owned() }
        }
        Some(e) if e.is_query_timeout() => {
            RunOutcome::Failed("Okta timed the query out: narrow the window (--since/--until)".into())
        }
        _ => RunOutcome::Failed(crate::sanitize::clean(&e.to_string()).into_owned()),
    }
}
