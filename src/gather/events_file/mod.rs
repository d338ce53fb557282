//! An exported file of System Log events as a [`LogSource`] (`oktui hunt --events FILE`,
//! `oktui investigate USER --events FILE`): offline, no org needed. The file is JSON Lines
//! (`oktui logs --format jsonl`), a JSON array (`--format json`, Okta's own pages), one event,
//! or an event hook's delivery ([`elements`] tells which). It is streamed, never read
//! whole: once when opened, to count its events and lines that are not events, find the
//! span of their times and the users they name (the [`Directory`] is what the events say
//! of their actors and targets, no more: no status, factors, roles or groups), then once
//! for each window read, handed on in pages of at most [`MAX_PAGE`] events as Okta's API
//! would send them. Its tail ([`tail`]) follows the lines appended to it. A file cannot filter: every event of the window is handed on and the
//! reader keeps what it asks for (see [`Select`](super::Select)).

pub mod elements;
pub mod tail;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use tokio::sync::mpsc::Sender;

use self::elements::{BrokenFile, Elements, Found, Place};
use super::source::{LogSource, UserLists};
use super::window::{Flow, Query};
use crate::files::{open_regular, ReadError};
use crate::investigate::event::page::read_page;
use crate::investigate::event::Fields;
use crate::investigate::{Directory, KnownUser, LogWindow};
use crate::okta::api::logs::MAX_PAGE;
use crate::okta::logs::elements::PageError;
use crate::okta::logs::published::published_at;
use crate::okta::logs::tail::{TailConfig, TailUpdate};
use crate::okta::model::User;
use crate::okta::ratelimit::Priority;

/// The bytes of a page past which no event is added (a page holds at most [`MAX_PAGE`]
/// events, and at most one event past this).
const PAGE_BYTES: usize = 8 << 20;

/// How many malformed places the summary names.
const NAMED_MALFORMED: usize = 5;

/// Why an events file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EventsFileError {
    /// It cannot be opened (missing, a directory, a FIFO).
    #[error("cannot read the events file {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: ReadError,
    },
    /// Its text stops being JSON where a document's structure is lost.
    #[error("cannot read the events file {path}: {source}")]
    Broken {
        path: String,
        #[source]
        source: BrokenFile,
    },
    /// A page of its events could not be read.
    #[error("cannot read the events file {path}: {source}")]
    Page {
        path: String,
        #[source]
        source: PageError,
    },
    /// Reading it failed part way (while it is followed).
    #[error("cannot read the events file {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The user investigated is named by none of its events.
    #[error("no event of the events file {path} is by or about {who}")]
    UnknownUser { path: String, who: String },
}

/// What the first read of the file found.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Events (JSON objects) in the file.
    pub events: usize,
    /// Lines or items that are not events, skipped.
    pub malformed: usize,
    /// Where the first of them are.
    pub malformed_at: Vec<Place>,
    /// Events without a readable `published`.
    pub undated: usize,
    pub oldest: Option<DateTime<Utc>>,
    pub newest: Option<DateTime<Utc>>,
    /// Whether the file is JSON Lines (else JSON documents).
    pub lines: bool,
}

/// An exported file of events, scanned.
#[derive(Debug)]
pub struct EventsFile {
    path: PathBuf,
    scan: Scan,
    directory: Directory,
    /// Display names of the users, by id.
    names: HashMap<String, String>,
}

impl EventsFile {
    /// Opens and scans the file at `path`.
    pub fn open(path: &Path) -> Result<EventsFile, EventsFileError> {
        let mut file = EventsFile {
            path: path.to_path_buf(),
            scan: Scan::default(),
            directory: Directory::default(),
            names: HashMap::new(),
        };
        let mut elements = Elements::new(file.open_file()?);
        let (mut page, mut scan) = (Vec::new(), Scan::default());
        // By id, in order: a login that events give several ids (test data does) is known by
        // the greatest.
        let mut users: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
        loop {
            let count = fill_page(&mut elements, &mut page, None, &mut |place| {
                scan.malformed += 1;
                if scan.malformed_at.len() < NAMED_MALFORMED {
                    scan.malformed_at.push(place);
                }
            })
            .map_err(|source| file.broken(source))?;
            if count == 0 {
                break;
            }
            scan.events += count;
            read_page(&page, |event| note(event, &mut scan, &mut users)).map_err(|source| file.page(source))?;
        }
        scan.lines = elements.is_lines();
        file.directory = Directory::new(users.iter().map(|(id, (login, _))| KnownUser {
            id: id.clone(),
            login: login.clone(),
            status: String::new(),
            mfa: None,
            admin: None,
        }));
        file.names = users.into_iter().filter_map(|(id, (_, name))| Some((id, name?))).collect();
        file.scan = scan;
        Ok(file)
    }

    /// What the first read found.
    pub fn scan(&self) -> &Scan {
        &self.scan
    }

    /// The window from the oldest event to the newest (its end just after it); `None` when
    /// no event has a time.
    pub fn span(&self) -> Option<LogWindow> {
        let (since, newest) = (self.scan.oldest?, self.scan.newest?);
        Some(LogWindow { since, until: newest + chrono::Duration::milliseconds(1) })
    }

    /// The file's summary for stderr: its events, their span, and the places that held no
    /// event.
    pub fn summary(&self) -> String {
        let s = &self.scan;
        let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
        let mut line = format!(
            "read {} event{} from {} ({})",
            s.events,
            if s.events == 1 { "" } else { "s" },
            self.path.display(),
            if s.lines { "JSON Lines" } else { "JSON" }
        );
        if let (Some(oldest), Some(newest)) = (s.oldest, s.newest) {
            line.push_str(&format!(", published {} to {}", stamp(oldest), stamp(newest)));
        }
        if s.undated > 0 {
            line.push_str(&format!(", {} without a time", s.undated));
        }
        if s.malformed > 0 {
            let places: Vec<String> = s.malformed_at.iter().map(Place::to_string).collect();
            let more = if s.malformed > places.len() { ", …" } else { "" };
            line.push_str(&format!(
                "; skipped {} {} that held no event ({}{more})",
                s.malformed,
                if s.lines { "lines" } else { "items" },
                places.join(", ")
            ));
        }
        line
    }

    fn open_file(&self) -> Result<File, EventsFileError> {
        open_regular(&self.path)
            .map(|(file, _)| file)
            .map_err(|source| EventsFileError::Open { path: self.path.display().to_string(), source })
    }

    fn broken(&self, source: BrokenFile) -> EventsFileError {
        EventsFileError::Broken { path: self.path.display().to_string(), source }
    }

    fn io(&self, source: std::io::Error) -> EventsFileError {
        EventsFileError::Io { path: self.path.display().to_string(), source }
    }

    fn page(&self, source: PageError) -> EventsFileError {
        EventsFileError::Page { path: self.path.display().to_string(), source }
    }
}

/// What the scan takes of one event: its time and the users it names.
fn note(event: &Fields<'_>, scan: &mut Scan, users: &mut BTreeMap<String, (String, Option<String>)>) {
    match event.published.and_then(published_at) {
        Some(at) => {
            scan.oldest = Some(scan.oldest.map_or(at, |t| t.min(at)));
            scan.newest = Some(scan.newest.map_or(at, |t| t.max(at)));
        }
        None => scan.undated += 1,
    }
    let actor = (event.actor_type, event.actor_id, event.actor_login, event.actor_name);
    let targets = event.targets.iter().map(|t| (t.kind, t.id, t.alternate_id, t.display_name));
    for (kind, id, login, name) in std::iter::once(actor).chain(targets) {
        if let (Some(kind), Some(id), Some(login)) = (kind, id, login) {
            if kind.eq_ignore_ascii_case("User") && !id.is_empty() && !login.is_empty() {
                let known = users.entry(id.to_string()).or_insert_with(|| (login.to_string(), None));
                if known.1.is_none() {
                    known.1 = name.filter(|n| !n.trim().is_empty()).map(str::to_string);
                }
            }
        }
    }
}

/// Fills `page` with the next events (at most [`MAX_PAGE`], and no more once it holds
/// [`PAGE_BYTES`]; those of `window` when given) as a JSON array; returns how many (0 at
/// the end of the file). `malformed` hears of each element that is not an event.
fn fill_page<R: std::io::Read>(
    elements: &mut Elements<R>,
    page: &mut Vec<u8>,
    window: Option<LogWindow>,
    malformed: &mut impl FnMut(Place),
) -> Result<usize, BrokenFile> {
    page.clear();
    page.push(b'[');
    let mut count = 0;
    while count < MAX_PAGE && page.len() < PAGE_BYTES {
        let mark = page.len();
        if count > 0 {
            page.push(b',');
        }
        match elements.next(page)? {
            None => {
                page.truncate(mark);
                break;
            }
            Some(Found::Event(range)) => {
                if window.is_some_and(|w| !in_window(&page[range], w)) {
                    page.truncate(mark);
                } else {
                    count += 1;
                }
            }
            Some(Found::Malformed(place)) => {
                page.truncate(mark);
                malformed(place);
            }
        }
    }
    page.push(b']');
    Ok(count)
}

/// Whether `event` was published in `window` (one without a time is in none).
fn in_window(event: &[u8], window: LogWindow) -> bool {
    #[derive(Deserialize)]
    struct Stamp<'a> {
        #[serde(borrow)]
        published: Option<Cow<'a, str>>,
    }
    serde_json::from_slice::<Stamp<'_>>(event)
        .ok()
        .and_then(|s| s.published)
        .and_then(|p| published_at(&p))
        .is_some_and(|t| window.since <= t && t < window.until)
}

/// The file: every read goes through it again, streamed.
impl LogSource for EventsFile {
    type Error = EventsFileError;
    const FILTERS: bool = false;

    /// Every event of `window` (the file's order kept), in pages; the window is checked
    /// event by event only when it leaves out part of the file's span (then the events
    /// without a time are left out too; else they are read with the others).
    async fn read_window(
        &self,
        window: LogWindow,
        _query: Query<'_>,
        _priority: Priority,
        mut page: impl FnMut(&[u8], bool) -> Result<Flow, PageError>,
    ) -> Result<(), EventsFileError> {
        let whole =
            self.scan.oldest.is_none_or(|t| window.since <= t) && self.scan.newest.is_none_or(|t| t < window.until);
        let only = (!whole).then_some(window);
        let mut elements = Elements::new(self.open_file()?);
        let (mut this, mut next) = (Vec::new(), Vec::new());
        let fill = |elements: &mut Elements<File>, buf: &mut Vec<u8>| {
            fill_page(elements, buf, only, &mut |_| {}).map_err(|source| self.broken(source))
        };
        let mut count = fill(&mut elements, &mut this)?;
        while count > 0 {
            let following = fill(&mut elements, &mut next)?;
            if page(&this, following > 0).map_err(|source| self.page(source))? == Flow::Stop {
                break;
            }
            std::mem::swap(&mut this, &mut next);
            count = following;
            // Reading a file never waits: let a Ctrl-C and the progress line be heard.
            tokio::task::yield_now().await;
        }
        Ok(())
    }

    /// Its events from `since` on, then the lines appended to it ([`tail`]).
    async fn tail(&self, config: TailConfig, tx: Sender<TailUpdate>) {
        tail::tail(self, config, tx).await
    }

    async fn directory(&self, _priority: Priority) -> Result<Directory, EventsFileError> {
        Ok(self.directory.clone())
    }

    /// The user the events name with this id or login, with what they say of them.
    async fn user(&self, who: &str, _priority: Priority) -> Result<User, EventsFileError> {
        let known = self.directory.by_id(who).or_else(|| self.directory.by_login(who));
        let unknown = || EventsFileError::UnknownUser { path: self.path.display().to_string(), who: who.to_string() };
        let known = known.ok_or_else(unknown)?;
        let profile = serde_json::json!({"login": known.login, "displayName": self.names.get(&known.id)});
        serde_json::from_value(serde_json::json!({"id": known.id, "profile": profile})).map_err(|_| unknown())
    }

    /// Nothing: a file of events holds no factors, roles or groups.
    async fn user_lists(&self, _id: &str, _priority: Priority) -> Result<UserLists, EventsFileError> {
        Ok(UserLists::default())
    }
}
