//! What a hunt reads: the org's users and every event of the window. Each page is read
//! straight from its bytes and classified as it arrives ([`Classifier`]): the events the
//! detections read are kept compactly, the others counted and dropped, so judging the
//! window afterwards is quick and memory grows with what is kept, not with the window.
//! Memory is bounded by bytes: the hunt stops reading when the next page would take the
//! classification past its [`MemoryBudget`], and the window returned then ends at the last
//! event read, so what is reported covered is what was covered.

use crate::gather::budget::MemoryBudget;
use crate::gather::checkpoint::{Boundary, CheckpointStore, Loaded, Writer};
use crate::gather::source::{LogSource, Select};
use crate::gather::window::{FetchProgress, Flow, Query};
use crate::investigate::event::page::read_page;
use crate::investigate::signals::{hunt_filter, Classified, Classifier, Signals};
use crate::investigate::{Directory, LogWindow};
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
    /// What the analyst should know of the checkpoint: resumed, judged again from it,
    /// ignored, or not written (the hunt then went on in memory).
    pub notes: Vec<String>,
    /// Pages read by this run from the source (`GET /api/v1/logs` pages from Okta; none when
    /// judged again from a checkpoint).
    pub pages: usize,
}

/// Reads the users and the events of `window` from `source` together, within `budget`, without a
/// checkpoint.
pub async fn fetch_hunt<S: LogSource>(
    source: &S,
    window: LogWindow,
    budget: MemoryBudget,
    progress: impl FnMut(FetchProgress),
) -> Result<HuntInput, S::Error> {
    fetch_hunt_with(source, window, budget, None, progress).await
}

/// Reads the users and the events of `window` from `source` together, within `budget`, resuming from and
/// writing to `checkpoint` when one is given (see [`super::checkpoint`]): a checkpoint of
/// the whole window is judged again without reading the System Log, one of part of it (or
/// of a window that ended earlier) is read on from where it stopped.
pub async fn fetch_hunt_with<S: LogSource>(
    source: &S,
    window: LogWindow,
    budget: MemoryBudget,
    checkpoint: Option<&CheckpointStore>,
    mut progress: impl FnMut(FetchProgress),
) -> Result<HuntInput, S::Error> {
    let mut notes = Vec::new();
    let (mut classifier, mut boundary, mut writer, done) = start(checkpoint, window, budget, &mut notes);
    let mut skip = (boundary != Boundary::default()).then(|| boundary.skip());
    let mut mark = classifier.mark();
    let mut seen = FetchProgress { events: classifier.len(), ..FetchProgress::default() };
    let mut truncated = false;
    let started = std::time::Instant::now();
    let filter = hunt_filter();
    let from = LogWindow { since: boundary.at.unwrap_or(window.since), until: window.until };
    let each_page = |body: &[u8], more: bool| {
        let start = classifier.len();
        let mut page_boundary = boundary.clone();
        let mut page_skip = skip.clone();
        let read = read_page(body, |event| {
            let at = event.published.and_then(published_at);
            if let Some(s) = &page_skip {
                if s.read_before(at, event.uuid) {
                    return;
                }
                if s.is_passed_by(at) {
                    page_skip = None;
                }
            }
            page_boundary.passed(at, event.uuid);
            classifier.push(event);
        });
        let count = match read {
            Ok(count) => count,
            Err(e) => {
                classifier.truncate(start);
                return Err(e);
            }
        };
        (boundary, skip) = (page_boundary, page_skip);
        seen.pages += 1;
        seen.events = classifier.len();
        seen.skipped += count.skipped;
        seen.elapsed = started.elapsed();
        if let Some(newest) = boundary.at {
            seen.fraction = window.fraction(newest);
            seen.covered = Some(newest);
        }
        progress(seen);
        let stop = more && classifier.held_after(count.elements) > budget.bytes();
        if let Some(w) = writer.as_mut() {
            let delta = classifier.delta_since(&mark);
            mark = classifier.mark();
            if let Err(e) = w.page(window.until, !more, &boundary, delta) {
                notes.push(format!("{e}; the hunt goes on in memory and will not resume if stopped"));
                writer = None;
            }
        }
        if stop {
            truncated = true;
            return Ok(Flow::Stop);
        }
        Ok(Flow::Go)
    };
    let read = async {
        if done {
            return Ok(());
        }
        let query = Query { select: Select::EventTypes(&filter), cap: None };
        source.read_window(from, query, Priority::Interactive, each_page).await
    };
    let (directory, read) = tokio::join!(source.directory(Priority::Interactive), read);
    let (directory, ()) = (directory?, read?);
    seen.fraction = 1.0;
    progress(seen);
    let covered =
        if truncated { LogWindow { since: window.since, until: boundary.at.unwrap_or(window.since) } } else { window };
    let pages = seen.pages;
    Ok(HuntInput { directory, classified: classifier.finish(), window: covered, truncated, notes, pages })
}

/// Where a hunt of `window` starts: from its checkpoint when there is one that fits (the
/// classification so far, the boundary, a writer to go on with, and whether the window is
/// already read whole), else afresh (with a new checkpoint when one can be written).
fn start(
    checkpoint: Option<&CheckpointStore>,
    window: LogWindow,
    budget: MemoryBudget,
    notes: &mut Vec<String>,
) -> (Classifier, Boundary, Option<Writer>, bool) {
    let Some(store) = checkpoint else { return (Classifier::default(), Boundary::default(), None, false) };
    match store.load(budget) {
        Loaded::Found(resume) => {
            let fits = if resume.complete {
                resume.until <= window.until
            } else {
                resume.boundary.at.is_none_or(|at| at < window.until)
            };
            if fits {
                let done = resume.complete && resume.until == window.until;
                let events = resume.classifier.len();
                notes.push(if done {
                    format!("judged again from the hunt's checkpoint ({events} events); the System Log was not read (--refresh reads it again)")
                } else {
                    format!("resumed the hunt from its checkpoint: {events} events were read before")
                });
                let writer = match store.resume(&resume) {
                    Ok(writer) => Some(writer),
                    Err(e) => {
                        notes.push(format!("{e}; the hunt goes on in memory"));
                        None
                    }
                };
                let resume = *resume;
                return (resume.classifier, resume.boundary, writer, done);
            }
            notes.push(format!(
                "the hunt's checkpoint {} covers a longer window than asked; it is ignored and the window read afresh",
                store.path().display()
            ));
        }
        Loaded::Ignored(note) => notes.push(note),
        Loaded::Nothing => {}
    }
    let writer = match store.create() {
        Ok(writer) => Some(writer),
        Err(e) => {
            notes.push(format!("{e}; the hunt goes on in memory and will not resume if stopped"));
            None
        }
    };
    (Classifier::default(), Boundary::default(), writer, false)
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
