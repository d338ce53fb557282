//! The tail of an events file: its events from the tail's `since` on, then, for JSON Lines,
//! every line appended to it while it is followed (`tail -f` of an export a forwarder keeps
//! writing), in the same pages, with the same de-duplication and health as the org's tail.
//!
//! Only whole lines are read: a line still being written (no newline yet) waits for the
//! next poll. A file that shrinks was rotated or truncated: it is read again from its start,
//! and what was delivered before is not delivered again. A JSON document (an array, an event
//! hook's delivery) cannot grow: the tail hands on what it holds and stays caught up.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use chrono::Utc;
use tokio::sync::mpsc::Sender;

use super::elements::Elements;
use super::{fill_page, EventsFile, EventsFileError};
use crate::okta::logs::ingest::Ingest;
use crate::okta::logs::rate::PublishedRate;
use crate::okta::logs::tail::{PollState, TailConfig, TailStatus, TailUpdate};

/// The most bytes read from the file at once: a line longer than an event may be is skipped.
const CHUNK: u64 = super::elements::MAX_EVENT as u64 + 1;

/// Tails `file` as [`crate::gather::LogSource::tail`] says, until `tx`'s receiver goes away.
pub async fn tail(file: &EventsFile, config: TailConfig, tx: Sender<TailUpdate>) {
    let mut tail = FileTail {
        ingest: Ingest::new(config.seen_capacity),
        status: TailStatus::starting(),
        rate: PublishedRate::default(),
        // A file keeps what it keeps: Okta's retention does not cut it.
        since_ms: config.since.timestamp_millis(),
        read: 0,
        skipping: false,
    };
    match tail.run(file, &config, &tx).await {
        Ok(()) => {}
        Err(e) => {
            tail.status.state = PollState::Error { message: crate::sanitize::clean(&e.to_string()).into_owned() };
            let _ = tx.send(TailUpdate::Status(tail.status)).await;
        }
    }
}

/// Where the tail of a file is.
struct FileTail {
    ingest: Ingest,
    status: TailStatus,
    rate: PublishedRate,
    /// Events published before this (ms since the epoch) are not handed on.
    since_ms: i64,
    /// Bytes of the file read and handed on.
    read: u64,
    /// Inside a line longer than [`CHUNK`], skipped up to its newline.
    skipping: bool,
}

impl FileTail {
    /// Hands on the file and then what is appended to it; `Ok` when the receiver has gone.
    async fn run(
        &mut self,
        file: &EventsFile,
        config: &TailConfig,
        tx: &Sender<TailUpdate>,
    ) -> Result<(), EventsFileError> {
        if !self.is_lines(file)? {
            self.status.notice = Some("a JSON document does not grow: the tail shows what it holds".into());
            let mut elements = Elements::new(file.open_file()?);
            while self.hand_on(file, &mut elements, tx).await? {}
            return self.wait_forever(tx).await;
        }
        loop {
            match self.read_appended(file)? {
                Some(lines) => {
                    let mut elements = Elements::new(lines.as_slice());
                    while self.hand_on(file, &mut elements, tx).await? {}
                }
                None => {
                    self.status.state = PollState::Live;
                    self.status.caught_up_ms = Some(Utc::now().timestamp_millis());
                    self.status.events_per_min = self.rate.per_minute(Utc::now().timestamp_millis());
                    if tx.send(TailUpdate::Status(self.status.clone())).await.is_err() {
                        return Ok(());
                    }
                    tokio::time::sleep(config.poll_interval).await;
                }
            }
            if tx.is_closed() {
                return Ok(());
            }
        }
    }

    /// Whether the file is JSON Lines (an empty file is taken to be: lines may come).
    fn is_lines(&self, file: &EventsFile) -> Result<bool, EventsFileError> {
        let mut elements = Elements::new(file.open_file()?);
        let mut first = Vec::new();
        let found = elements.next(&mut first).map_err(|source| file.broken(source))?;
        Ok(found.is_none() || elements.is_lines())
    }

    /// The whole lines appended since the last read (at most [`CHUNK`] bytes of them), or
    /// `None` when there are none yet.
    fn read_appended(&mut self, file: &EventsFile) -> Result<Option<Vec<u8>>, EventsFileError> {
        let mut handle: File = file.open_file()?;
        let len = handle.metadata().map_err(|e| file.io(e))?.len();
        if len < self.read {
            self.status.notice = Some("the file shrank (rotated or truncated): reading it again from its start".into());
            (self.read, self.skipping) = (0, false);
        }
        if len == self.read {
            return Ok(None);
        }
        handle.seek(SeekFrom::Start(self.read)).map_err(|e| file.io(e))?;
        let mut chunk = Vec::new();
        handle.take(CHUNK).read_to_end(&mut chunk).map_err(|e| file.io(e))?;
        let Some(last_newline) = chunk.iter().rposition(|&b| b == b'\n') else {
            if chunk.len() as u64 == CHUNK {
                // A line longer than any event: skipped up to its end.
                self.read += CHUNK;
                if !self.skipping {
                    self.status.malformed += 1;
                }
                self.skipping = true;
            }
            return Ok(None);
        };
        let whole = last_newline + 1;
        self.read += whole as u64;
        chunk.truncate(whole);
        if std::mem::take(&mut self.skipping) {
            let end_of_long_line = chunk.iter().position(|&b| b == b'\n').map_or(0, |at| at + 1);
            chunk.drain(..end_of_long_line);
        }
        Ok(Some(chunk))
    }

    /// Hands on the next page of `elements`' events published since the tail's start;
    /// `false` at their end or when the receiver has gone.
    async fn hand_on<R: Read>(
        &mut self,
        file: &EventsFile,
        elements: &mut Elements<R>,
        tx: &Sender<TailUpdate>,
    ) -> Result<bool, EventsFileError> {
        let mut page = Vec::new();
        let mut malformed = 0u64;
        let count =
            fill_page(elements, &mut page, None, &mut |_| malformed += 1).map_err(|source| file.broken(source))?;
        self.status.malformed += malformed;
        if count == 0 {
            return Ok(false);
        }
        let now_ms = Utc::now().timestamp_millis();
        let read = self.ingest.page(&page, now_ms).map_err(|source| file.page(source))?;
        self.status.duplicates += read.duplicates as u64;
        let since_ms = self.since_ms;
        let fresh: Vec<_> =
            read.fresh.into_iter().filter(|e| e.event.published_ms.is_none_or(|p| p >= since_ms)).collect();
        self.status.delivered += fresh.len() as u64;
        for published in fresh.iter().filter_map(|e| e.event.published_ms) {
            self.rate.record(published, now_ms);
            self.status.newest_published_ms =
                Some(self.status.newest_published_ms.map_or(published, |n| n.max(published)));
        }
        self.status.events_per_min = self.rate.per_minute(now_ms);
        self.status.state = PollState::CatchingUp;
        let update = if fresh.is_empty() {
            TailUpdate::Status(self.status.clone())
        } else {
            TailUpdate::Events(fresh, self.status.clone())
        };
        Ok(tx.send(update).await.is_ok())
    }

    /// Caught up for good: says so, then waits for the receiver to go.
    async fn wait_forever(&mut self, tx: &Sender<TailUpdate>) -> Result<(), EventsFileError> {
        self.status.state = PollState::Live;
        self.status.caught_up_ms = Some(Utc::now().timestamp_millis());
        if tx.send(TailUpdate::Status(self.status.clone())).await.is_ok() {
            tx.closed().await;
        }
        Ok(())
    }
}
