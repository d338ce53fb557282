//! What a hunt reads: the org's users and every event of the window. Each page is read
//! straight from its bytes and classified as it arrives ([`Classifier`]): the events the
//! detections read are kept compactly, the others counted and dropped, so judging the
//! window afterwards is quick and memory grows with what is kept, not with the window.
//! Memory is bounded by bytes: the hunt stops reading when the next page would take the
//! classification past its [`MemoryBudget`], and the window returned then ends at the last
//! event read, so what is reported covered is what was covered.

use chrono::{DateTime, Utc};

use crate::gather::budget::MemoryBudget;
use crate::gather::directory::fetch_directory;
use crate::gather::window::{read_window, FetchProgress, Flow, Query};
use crate::investigate::event::page::read_page;
use crate::investigate::signals::{Classified, Classifier, Signals};
use crate::investigate::{Directory, LogWindow};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::logs::published::published_at;
use crate::okta::ratelimit::Priority;

/// A hunt's input.
#[derive(Debug)]
pub struct HuntInput {
    pub directory: Directory,
    /// The events read, classified.
    pub classified: Classified,
    /// The window the events cover (shorter than asked when the budget was reached).
    pub window: LogWindow,
    /// Whether the memory budget cut the window short.
    pub truncated: bool,
}

/// Reads the users and the events of `window` together, within `budget`.
pub async fn fetch_hunt(
    client: &Client,
    window: LogWindow,
    budget: MemoryBudget,
    mut progress: impl FnMut(FetchProgress),
) -> Result<HuntInput, OktaError> {
    let mut classifier = Classifier::default();
    let mut seen = FetchProgress::default();
    let mut newest: Option<DateTime<Utc>> = None;
    let mut truncated = false;
    let started = std::time::Instant::now();
    let each_page = |body: &[u8], more: bool| {
        let mark = classifier.len();
        let mut page_newest = newest;
        let read = read_page(body, |event| {
            let at = event.published.and_then(published_at);
            page_newest = page_newest.max(at);
            classifier.push(event);
        });
        let count = match read {
            Ok(count) => count,
            Err(e) => {
                classifier.truncate(mark);
                return Err(e);
            }
        };
        newest = page_newest;
        seen.pages += 1;
        seen.events = classifier.len();
        seen.skipped += count.skipped;
        seen.elapsed = started.elapsed();
        if let Some(newest) = newest {
            seen.fraction = window.fraction(newest);
            seen.covered = Some(newest);
        }
        progress(seen);
        if more && classifier.held_after(count.elements) > budget.bytes() {
            truncated = true;
            return Ok(Flow::Stop);
        }
        Ok(Flow::Go)
    };
    let (directory, read) = tokio::join!(
        fetch_directory(client, Priority::Interactive),
        read_window(client, window, Query::default(), Priority::Interactive, each_page),
    );
    let (directory, ()) = (directory?, read?);
    seen.fraction = 1.0;
    progress(seen);
    let covered =
        if truncated { LogWindow { since: window.since, until: newest.unwrap_or(window.since) } } else { window };
    Ok(HuntInput { directory, classified: classifier.finish(), window: covered, truncated })
}

impl HuntInput {
    /// How many events were read.
    pub fn events_read(&self) -> usize {
        self.classified.read()
    }

    /// The events as the detections read them.
    pub fn signals(&self) -> Signals<'_> {
        Signals::classified(&self.classified)
    }
}
