//! The live judge of the console ([`crate::investigate::live::LiveJudge`]), as one task that
//! answers with [`Msg::Judge`]: a backfill from an hour ago, like `oktui watch`, then every
//! page as it arrives, in bounded memory (the judge's window is bounded; so are the ids kept
//! to skip what a switch of feeds delivers twice).
//!
//! **Which tail it reads, and why.** Okta's System Log bucket is the one a console spends
//! most on, so the judge makes no request of its own while the System Log pane's tail runs
//! unfiltered: that tail reads every event already, and hands each page to the judge too
//! (the dispatcher attaches it as a feed). The judge runs a tail of its own only when it
//! must: before the pane is first opened (the pane starts its tail lazily), and while the
//! pane's tail is filtered by Okta (`F`), which would hide from the judge what it needs.
//! Its own tail asks Okta for only the event types the detections read
//! ([`crate::investigate::signals::hunt_filter`], as `oktui watch` does), so its pages are
//! few and small. On each switch the new feed starts a little before the newest event
//! judged ([`OVERLAP_MS`]); what came before that is skipped, what it repeats is skipped
//! by id, and the pane's window (15 min to 7 d) never makes the judge raise old findings:
//! nothing published before the console's backfill start is judged.

use std::time::Duration;

use tokio::sync::mpsc::{self, Receiver, Sender};

use super::alerts::{Feed, JudgeMsg};
use super::msg::Msg;
use crate::gather::LogSource;
use crate::investigate::live::{Interest, LiveJudge};
use crate::investigate::signals::hunt_filter;
use crate::investigate::DetectionConfig;
use crate::okta::client::Client;
use crate::okta::logs::seen::{Seen, DEFAULT_CAPACITY};
use crate::okta::logs::tail::{TailConfig, TailUpdate};
use crate::okta::logs::TailedEvent;
use crate::okta::ratelimit::Priority;

/// How far back the judge reads when it starts, as `oktui watch` does by default.
pub const BACKFILL: chrono::Duration = chrono::Duration::hours(1);

/// How far before the newest event judged a new feed is taken from (events indexed late
/// by Okta); its repeats within it are skipped by id.
pub const OVERLAP_MS: i64 = 2 * 60_000;

/// A feed of pages from the System Log pane's tail, handed to the judge.
pub type PaneFeed = Receiver<Vec<TailedEvent>>;

/// How the judge judges and how often its own tail polls.
#[derive(Debug, Clone)]
pub struct JudgeSettings {
    pub detections: std::sync::Arc<DetectionConfig>,
    pub poll_interval: Duration,
}

/// The judge and what it has taken in.
struct Judging {
    judge: LiveJudge,
    seen: Seen,
    /// Events published before this (ms) are not judged.
    floor_ms: i64,
    tx: Sender<Msg>,
    generation: u64,
}

impl Judging {
    /// Judges the events of a page not judged before; false when the console is gone.
    async fn page(&mut self, events: Vec<TailedEvent>) -> bool {
        let floor = self.floor_ms;
        let fresh: Vec<TailedEvent> = events
            .into_iter()
            .filter(|e| e.event.published_ms.is_some_and(|at| at >= floor))
            .filter(|e| e.event.id.as_ref().is_none_or(|id| self.seen.insert(id)))
            .collect();
        if fresh.is_empty() {
            return true;
        }
        let alerts = match self.judge.page(&fresh) {
            Ok(alerts) => alerts,
            Err(e) => {
                tracing::warn!("a page of the tail could not be judged: {}", crate::sanitize::clean(&e.to_string()));
                return true;
            }
        };
        alerts.is_empty() || self.send(JudgeMsg::Alerts { generation: self.generation, alerts }).await
    }

    /// A new feed: it starts [`OVERLAP_MS`] before the newest event judged.
    fn switching(&mut self) {
        if let Some(newest) = self.judge.newest_ms() {
            self.floor_ms = self.floor_ms.max(newest.saturating_sub(OVERLAP_MS));
        }
    }

    async fn send(&self, msg: JudgeMsg) -> bool {
        self.tx.send(Msg::Judge(msg)).await.is_ok()
    }
}

/// Runs the judge of `generation` until it is aborted or the console quits: on its own tail
/// until the pane's tail is handed over on `feeds`, on that one until it ends (the pane's
/// tail restarted or filtered), then on its own again.
pub async fn judge(
    client: Client,
    tx: Sender<Msg>,
    settings: JudgeSettings,
    generation: u64,
    mut feeds: Receiver<PaneFeed>,
) {
    let directory = match client.directory(Priority::Background).await {
        Ok(directory) => directory,
        Err(e) => {
            let message = format!("cannot read the users: {}", crate::sanitize::clean(&e.to_string()));
            let _ = tx.send(Msg::Judge(JudgeMsg::Failed { generation, message })).await;
            return;
        }
    };
    let since = chrono::Utc::now() - BACKFILL;
    let judge = LiveJudge::new((*settings.detections).clone(), directory, Interest::default());
    let mut judging =
        Judging { judge, seen: Seen::new(DEFAULT_CAPACITY), floor_ms: since.timestamp_millis(), tx, generation };
    let mut pane: Option<PaneFeed> = None;
    loop {
        let feed = match pane.take() {
            Some(feed) => feed,
            None => match own_tail(&client, &mut judging, &settings, &mut feeds).await {
                Some(feed) => feed,
                None => return,
            },
        };
        judging.switching();
        pane = match pane_tail(&mut judging, feed, &mut feeds).await {
            Ok(next) => next,
            Err(Gone) => return,
        };
        judging.switching();
    }
}

/// The console, or the dispatcher's side of the feeds, is gone.
struct Gone;

/// Judges the judge's own tail until a pane feed is handed over (returned); `None` when the
/// console is gone or Okta refused the tail.
async fn own_tail(
    client: &Client,
    judging: &mut Judging,
    settings: &JudgeSettings,
    feeds: &mut Receiver<PaneFeed>,
) -> Option<PaneFeed> {
    let since = chrono::DateTime::from_timestamp_millis(judging.floor_ms).unwrap_or_else(chrono::Utc::now);
    let config = TailConfig {
        since,
        filter: Some(hunt_filter()),
        poll_interval: settings.poll_interval,
        ..TailConfig::last(chrono::Duration::zero())
    };
    if !judging.send(JudgeMsg::Feed { generation: judging.generation, feed: Feed::Own }).await {
        return None;
    }
    let (tail_tx, mut updates) = mpsc::channel(8);
    let tail = client.tail(config, tail_tx);
    tokio::pin!(tail);
    loop {
        tokio::select! {
            biased;
            feed = feeds.recv() => return feed,
            update = updates.recv() => match update {
                Some(TailUpdate::Events(events, _)) => {
                    if !judging.page(events).await {
                        return None;
                    }
                }
                Some(TailUpdate::Status(_)) => {}
                Some(TailUpdate::Rejected(e)) => {
                    let message = format!("Okta refused the judge's tail: {}", crate::sanitize::clean(&e.to_string()));
                    judging.send(JudgeMsg::Failed { generation: judging.generation, message }).await;
                    return None;
                }
                None => return None,
            },
            () = &mut tail => return None,
        }
    }
}

/// Judges the pages the System Log pane's tail hands over until it ends: `Ok(Some)` when a
/// newer pane feed replaced it, `Ok(None)` when it ended without one.
async fn pane_tail(
    judging: &mut Judging,
    mut feed: PaneFeed,
    feeds: &mut Receiver<PaneFeed>,
) -> Result<Option<PaneFeed>, Gone> {
    if !judging.send(JudgeMsg::Feed { generation: judging.generation, feed: Feed::LogPane }).await {
        return Err(Gone);
    }
    loop {
        tokio::select! {
            biased;
            newer = feeds.recv() => return newer.map(Some).ok_or(Gone),
            page = feed.recv() => match page {
                Some(events) => {
                    if !judging.page(events).await {
                        return Err(Gone);
                    }
                }
                None => return Ok(None),
            },
        }
    }
}
