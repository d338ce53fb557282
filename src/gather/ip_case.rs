//! What the IP view reads: the events of one address in a window, with the server-side
//! filter `client.ipAddress eq …` (never the whole org's log), at most [`MAX_IP_EVENTS`].

use std::net::IpAddr;

use super::source::{LogSource, Select};
use super::window::{fetch_events, FetchProgress, Query};
use crate::investigate::LogWindow;
use crate::okta::model::LogEvent;
use crate::okta::ratelimit::Priority;

/// The most events the IP view reads of one address: a spray's source sends thousands, and
/// the view keeps each in full for its event view.
pub const MAX_IP_EVENTS: usize = 5_000;

/// The events of one address.
#[derive(Debug, Clone)]
pub struct IpEvents {
    /// Oldest first.
    pub events: Vec<LogEvent>,
    /// Whether the window held more than [`MAX_IP_EVENTS`]: these are its oldest.
    pub capped: bool,
}

/// Reads the events from `ip` in `window` from `source`, oldest first.
pub async fn fetch_ip_events<S: LogSource>(
    source: &S,
    ip: IpAddr,
    window: LogWindow,
    progress: impl FnMut(FetchProgress),
) -> Result<IpEvents, S::Error> {
    let ips = [ip];
    let query = Query { select: Select::FromIps(&ips), cap: Some(MAX_IP_EVENTS + 1) };
    let mut events = fetch_events(source, window, query, Priority::Interactive, progress).await?;
    let capped = events.len() > MAX_IP_EVENTS;
    events.truncate(MAX_IP_EVENTS);
    Ok(IpEvents { events, capped })
}
