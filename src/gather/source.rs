//! The log-source seam: everything `gather` reads of the System Log and of the users goes
//! through [`LogSource`], so a hunt or an investigation does not know where its events come
//! from, and neither does a tail. The Okta API ([`Client`]) is one source: windows read page
//! by page, split when Okta times a query out, the polling tail, the users from the org. An exported file of events
//! ([`super::EventsFile`]) is another, offline (its tail follows lines appended to it). A further source (a SIEM index holding the
//! same events) implements the same trait; `investigate/`, the callers of `gather` and the
//! panes stay as they are.

use std::future::Future;
use std::net::IpAddr;

use tokio::sync::mpsc::Sender;

use crate::gather::user_case::{ips_filter, user_filter};
use crate::gather::window::{read_window, Flow, Query};
use crate::investigate::{Directory, LogWindow};
use crate::okta::api::{iam, users};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::logs::elements::PageError;
use crate::okta::logs::tail::{TailConfig, TailUpdate};
use crate::okta::model::{Factor, Group, LogEvent, Role, User};
use crate::okta::ratelimit::Priority;

/// Which events of a window a read asks for. A source that can filter (Okta, server-side)
/// sends only those; one that cannot (a file) sends the whole window, and the reader keeps
/// what it needs ([`Select::matches`], or the hunt's classifier, which drops the event types
/// no detection reads).
#[derive(Debug, Clone, Copy, Default)]
pub enum Select<'a> {
    /// Every event.
    #[default]
    All,
    /// Those a SCIM filter of event types selects (the hunt's): narrows what Okta sends.
    EventTypes(&'a str),
    /// Those by or about the user with this id (actor or a target).
    ByOrAbout(&'a str),
    /// Those from these client IPs.
    FromIps(&'a [IpAddr]),
    /// Those a System Log filter selects (a catalog entry's). Okta applies it; a source that
    /// cannot filter sends the whole window, and the catalog's runner judges each event
    /// (`catalog::local`), so this keeps every event.
    Filter(&'a str),
}

impl Select<'_> {
    /// The System Log filter asking Okta for these events (`None`: every event); an id that
    /// cannot go into a SCIM string safely is refused.
    pub fn scim(&self) -> Result<Option<String>, NoUsableId> {
        match *self {
            Select::All => Ok(None),
            Select::EventTypes(filter) | Select::Filter(filter) => Ok(Some(filter.to_string())),
            Select::ByOrAbout(id) => user_filter(id).map(Some).ok_or(NoUsableId),
            Select::FromIps(ips) => Ok(ips_filter(ips)),
        }
    }

    /// Whether `event` is one of those asked for ([`Select::EventTypes`] keeps every event:
    /// the hunt's classifier sorts them; so does [`Select::Filter`]: the catalog's runner judges them).
    pub fn matches(&self, event: &LogEvent) -> bool {
        match *self {
            Select::All | Select::EventTypes(_) | Select::Filter(_) => true,
            Select::ByOrAbout(id) => {
                event.actor.as_ref().and_then(|a| a.id.as_deref()) == Some(id)
                    || event.target.iter().flatten().any(|t| t.id.as_deref() == Some(id))
            }
            Select::FromIps(ips) => {
                event.client_ip().and_then(|ip| ip.parse::<IpAddr>().ok()).is_some_and(|ip| ips.contains(&ip))
            }
        }
    }
}

/// A user whose id cannot go into a System Log filter (only `[A-Za-z0-9]` can).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the user has no usable id")]
pub struct NoUsableId;

impl From<NoUsableId> for OktaError {
    fn from(e: NoUsableId) -> OktaError {
        OktaError::Malformed { method: "GET".into(), path: users::COLLECTION.into(), detail: e.to_string() }
    }
}

/// What a source knows of one user's standing: `None` for a list it cannot tell (the
/// credential may not read it, or the source holds only events).
#[derive(Debug, Clone, Default)]
pub struct UserLists {
    pub factors: Option<Vec<Factor>>,
    pub roles: Option<Vec<Role>>,
    pub groups: Option<Vec<Group>>,
}

/// Where the System Log and what is known of the users are read from.
pub trait LogSource: Sync {
    /// Why a read failed.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Whether the source applies a System Log `filter` and `q` itself (a file cannot).
    const FILTERS: bool;

    /// Reads the events of `window` that `query` asks for (its `cap` aside), oldest first
    /// as far as the source keeps them in order, as pages: each a JSON array of events, as
    /// the System Log API sends them. `page` is told whether more follows and says whether
    /// to go on; a page it fails on (undoing what it did) is handed again or the read fails.
    /// Every event of the window is handed on once, whatever the source does to read it
    /// (Okta's window split after a query timeout, or read on from the edge it reached).
    fn read_window(
        &self,
        window: LogWindow,
        query: Query<'_>,
        priority: Priority,
        page: impl FnMut(&[u8], bool) -> Result<Flow, PageError>,
    ) -> impl Future<Output = Result<(), Self::Error>>;

    /// Tails the log from `config.since` on: every event once, oldest first, in pages with
    /// the tail's health after each, and its health alone while waiting; until `tx`'s
    /// receiver goes away. A source that cannot filter is never given a filter (the
    /// caller refuses one first: [`LogSource::FILTERS`]).
    fn tail(&self, config: TailConfig, tx: Sender<TailUpdate>) -> impl Future<Output = ()> + Send;

    /// The users as the detections know them.
    fn directory(&self, priority: Priority) -> impl Future<Output = Result<Directory, Self::Error>>;

    /// The user `who` (an id or a login); one the source does not know is an error.
    fn user(&self, who: &str, priority: Priority) -> impl Future<Output = Result<User, Self::Error>>;

    /// The factors, admin roles and groups of the user with this id, where known.
    fn user_lists(&self, id: &str, priority: Priority) -> impl Future<Output = Result<UserLists, Self::Error>>;
}

/// The Okta API: the org's System Log and users.
impl LogSource for Client {
    type Error = OktaError;
    const FILTERS: bool = true;

    async fn read_window(
        &self,
        window: LogWindow,
        query: Query<'_>,
        priority: Priority,
        page: impl FnMut(&[u8], bool) -> Result<Flow, PageError>,
    ) -> Result<(), OktaError> {
        read_window(self, window, query, priority, page).await
    }

    /// The polling tail ([`crate::okta::logs::tail`]).
    async fn tail(&self, config: TailConfig, tx: Sender<TailUpdate>) {
        crate::okta::logs::tail::run(self.clone(), config, tx).await
    }

    async fn directory(&self, priority: Priority) -> Result<Directory, OktaError> {
        super::directory::fetch_directory(self, priority).await
    }

    /// The user, whose id must go into a filter of the System Log.
    async fn user(&self, who: &str, priority: Priority) -> Result<User, OktaError> {
        let user: User = users::get(self, who, priority).await?;
        user_filter(user.id.as_deref().unwrap_or_default()).ok_or(NoUsableId)?;
        Ok(user)
    }

    async fn user_lists(&self, id: &str, priority: Priority) -> Result<UserLists, OktaError> {
        let (factors, roles, groups) = tokio::join!(
            users::factors(id).all::<Factor>(self, priority),
            iam::user_roles(id).all::<Role>(self, priority),
            users::groups(id).all::<Group>(self, priority),
        );
        Ok(UserLists { factors: readable(factors)?, roles: readable(roles)?, groups: readable(groups)? })
    }
}

/// A list the credential may not read (403) is `None`; other errors stay errors.
fn readable<T>(result: Result<Vec<T>, OktaError>) -> Result<Option<Vec<T>>, OktaError> {
    match result {
        Ok(items) => Ok(Some(items)),
        Err(e) if e.status() == Some(403) => Ok(None),
        Err(e) => Err(e),
    }
}
