//! A long read's progress on stderr for someone watching a terminal: one line, redrawn in
//! place twice a second (so a wait on a rate limit shows, with its end, while no page comes),
//! cut to the terminal's width. Nothing at all when stderr is not a terminal: scripts get
//! the results on stdout and the warnings on stderr, no drawing.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::gather::FetchProgress;
use crate::okta::client::Client;
use crate::output::progress::ReadStatus;

/// How often the line is redrawn.
const REDRAW: Duration = Duration::from_millis(500);

/// The progress of one read; the line is cleared when it drops.
pub struct ProgressLine {
    last: Arc<Mutex<Option<FetchProgress>>>,
    drawing: Option<tokio::task::JoinHandle<()>>,
}

impl ProgressLine {
    /// Starts the line `what: …` for a read through `client` (none for a file; drawn only
    /// on a terminal).
    pub fn start(client: Option<&Client>, what: &'static str) -> ProgressLine {
        let last: Arc<Mutex<Option<FetchProgress>>> = Arc::default();
        let drawing = std::io::stderr().is_terminal().then(|| {
            let (client, last) = (client.cloned(), last.clone());
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(REDRAW);
                loop {
                    tick.tick().await;
                    let progress = *last.lock().unwrap_or_else(|e| e.into_inner());
                    let buckets = client.as_ref().map(|c| c.limiter().status()).unwrap_or_default();
                    let wait = client.as_ref().and_then(|c| c.limiter().waits().current());
                    let now = chrono::Utc::now();
                    let status =
                        ReadStatus { progress: progress.as_ref(), buckets: &buckets, wait: wait.as_ref(), now };
                    let width = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w)).saturating_sub(1);
                    let line = format!("{what}: {}", status.line());
                    eprint!("\r\x1b[2K{}", crate::sanitize::fit_width(&line, width, "…"));
                }
            })
        });
        ProgressLine { last, drawing }
    }

    /// What the reader calls after each page.
    pub fn recorder(&self) -> impl FnMut(FetchProgress) + Send + 'static {
        let last = self.last.clone();
        move |p| *last.lock().unwrap_or_else(|e| e.into_inner()) = Some(p)
    }

    /// The progress heard last.
    pub fn last(&self) -> Option<FetchProgress> {
        *self.last.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        if let Some(drawing) = self.drawing.take() {
            drawing.abort();
            eprint!("\r\x1b[2K");
        }
    }
}
