//! What a hunt reads: the org's users and every event of the window, up to
//! [`MAX_HUNT_EVENTS`] (a busy org's week would not fit in memory); when the cap cuts the
//! window short, the window returned ends at the last event read, so what is reported
//! covered is what was covered. Events are classified for the detections as they are read
//! ([`Classifier`]), so judging a million of them afterwards is quick.

use crate::gather::directory::fetch_directory;
use crate::gather::window::{fetch_events_each, FetchProgress, Query};
use crate::investigate::signals::{Classified, Classifier, Signals};
use crate::investigate::{Directory, LogWindow};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::LogEvent;
use crate::okta::ratelimit::Priority;

/// Events a hunt reads at most. A read event takes about 14 KB of memory in the lenient
/// model (measured with the hunt bench's million events: 15 GB resident), so two million
/// would not fit a 24 GB machine.
pub const MAX_HUNT_EVENTS: usize = 1_000_000;

/// A hunt's input.
#[derive(Debug)]
pub struct HuntInput {
    pub directory: Directory,
    pub events: Vec<LogEvent>,
    /// The events' classification.
    pub classified: Classified,
    /// The window the events cover (shorter than asked when the cap was reached).
    pub window: LogWindow,
    /// Whether the cap cut the window short.
    pub truncated: bool,
}

/// Reads the users and the events of `window` together.
pub async fn fetch_hunt(
    client: &Client,
    window: LogWindow,
    progress: impl FnMut(FetchProgress),
) -> Result<HuntInput, OktaError> {
    let query = Query { filter: None, cap: Some(MAX_HUNT_EVENTS) };
    let mut classifier = Classifier::default();
    let each = |event: &LogEvent| classifier.push(event);
    let (directory, events) = tokio::join!(
        fetch_directory(client, Priority::Interactive),
        fetch_events_each(client, window, query, Priority::Interactive, progress, each),
    );
    let (directory, events) = (directory?, events?);
    classifier.truncate(events.len());
    let truncated = events.len() >= MAX_HUNT_EVENTS;
    let covered = match (truncated, events.last().and_then(LogEvent::published_at)) {
        (true, Some(last)) => LogWindow { since: window.since, until: last },
        _ => window,
    };
    Ok(HuntInput { directory, events, classified: classifier.finish(), window: covered, truncated })
}

impl HuntInput {
    /// The events as the detections read them.
    pub fn signals(&self) -> Signals<'_> {
        Signals::classified(&self.events, &self.classified)
    }
}
