//! The System Log (`/api/v1/logs`): [`LogQuery`] builds every log query oktui sends (a
//! bounded window, a tail's polling start, a filter check, a recent-events panel), and
//! [`read_pages`] reads a listing's pages as Okta sent them, asking for the next while the
//! caller reads this one.

use chrono::{DateTime, SecondsFormat, Utc};

use super::Listing;
use crate::okta::client::Client;
use crate::okta::error::{strip_query, OktaError};
use crate::okta::logs::elements::PageError;
use crate::okta::ratelimit::Priority;

/// The log, for a request that names it without a query (the rate-limit bucket shown).
pub const COLLECTION: &str = "/api/v1/logs";

/// The most events one System Log page holds (Okta's `limit` bound).
pub const MAX_PAGE: usize = 1000;

/// The order of a log listing (Okta's `sortOrder`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Ascending,
    Descending,
}

impl SortOrder {
    fn as_str(self) -> &'static str {
        match self {
            SortOrder::Ascending => "ASCENDING",
            SortOrder::Descending => "DESCENDING",
        }
    }
}

/// One System Log query. With both `since` and `until` it is a bounded window (finite pages,
/// the last without `next`); without `until`, a polling query whose `next` never ends.
/// Unset fields are left to Okta's defaults (`since` 7 days back, ascending, 100 a page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogQuery {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// A SCIM filter expression (`eventType eq "user.session.start"`).
    pub filter: Option<String>,
    /// Keywords (Okta's `q`).
    pub q: Option<String>,
    pub order: Option<SortOrder>,
    /// Events a page, at most [`MAX_PAGE`].
    pub limit: Option<usize>,
}

impl LogQuery {
    /// The window from `since` to `until`, oldest first, in full pages.
    pub fn window(since: DateTime<Utc>, until: DateTime<Utc>) -> LogQuery {
        LogQuery {
            since: Some(since),
            until: Some(until),
            order: Some(SortOrder::Ascending),
            limit: Some(MAX_PAGE),
            ..LogQuery::default()
        }
    }

    /// The same query with `filter`.
    pub fn filtered(mut self, filter: Option<&str>) -> LogQuery {
        self.filter = filter.map(str::to_string);
        self
    }

    /// The query's first page.
    pub fn listing(&self) -> Listing {
        let stamp = |t: &DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
        Listing::new(
            COLLECTION,
            &[
                ("since", self.since.as_ref().map(stamp)),
                ("until", self.until.as_ref().map(stamp)),
                ("limit", self.limit.map(|l| l.min(MAX_PAGE).to_string())),
                ("sortOrder", self.order.map(|o| o.as_str().to_string())),
                ("filter", self.filter.clone()),
                ("q", self.q.clone()),
            ],
        )
    }
}

/// Whether to read on after a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

/// Reads the pages of `listing`, following `rel="next"`, handing `page` each body as
/// Okta sent it and whether a next page follows; `page` says whether to go on. The next
/// page is asked for as soon as its link is known, while `page` reads this one, so reading
/// and Okta's answering overlap (a hunt's pace is then the slower of the two, not their
/// sum); when `page` says stop, that one request was sent for nothing. A body `page` cannot
/// read (a truncated answer: `page` must have undone what it did with it) is asked for
/// again, twice, before it counts as an error.
pub async fn read_pages(
    client: &Client,
    listing: &Listing,
    priority: Priority,
    mut page: impl FnMut(&[u8], bool) -> Result<Flow, PageError>,
) -> Result<(), OktaError> {
    const ATTEMPTS: usize = 3;
    let path = listing.target();
    let fetch = |target: String| {
        let client = client.clone();
        AbortOnDrop(tokio::spawn(async move {
            let resp = client.get(&target, priority).await;
            (target, resp)
        }))
    };
    let mut next = Some(fetch(path.to_string()));
    while let Some(mut ahead) = next.take() {
        let (target, resp) = (&mut ahead.0).await.map_err(|e| OktaError::Network {
            method: "GET".into(),
            path: strip_query(path),
            host: String::new(),
            detail: format!("the page's reader stopped: {e}"),
            hint: "try again",
        })?;
        let mut resp = resp?;
        let mut attempt = 1;
        loop {
            let more = resp.next_link();
            let following = more.clone().map(fetch);
            match page(&resp.body, more.is_some()) {
                Ok(Flow::Go) => {
                    next = following;
                    break;
                }
                Ok(Flow::Stop) => return Ok(()),
                Err(e) if attempt >= ATTEMPTS => {
                    let path = url::Url::parse(&target).map_or_else(|_| strip_query(&target), |u| u.path().to_string());
                    return Err(OktaError::Malformed { method: "GET".into(), path, detail: e.to_string() });
                }
                Err(_) => {
                    drop(following);
                    attempt += 1;
                    resp = client.get(&target, priority).await?;
                }
            }
        }
    }
    Ok(())
}

/// A page asked for ahead, abandoned (its request cancelled) when dropped unread.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_window_is_bounded_ascending_in_full_pages() {
        let q = LogQuery::window(at("2026-11-23T00:00:00Z"), at("2026-11-23T01:00:00Z"))
            .filtered(Some("eventType eq \"user.session.start\""));
        assert_eq!(
            q.listing().target(),
            "/api/v1/logs?since=2026-11-23T00%3A00%3A00.000Z&until=2026-11-23T01%3A00%3A00.000Z&limit=1000\
             &sortOrder=ASCENDING&filter=eventType+eq+%22user.session.start%22"
        );
    }

    #[test]
    fn unset_fields_are_left_to_okta_and_the_page_is_capped() {
        assert_eq!(LogQuery::default().listing().target(), "/api/v1/logs");
        let q = LogQuery {
            order: Some(SortOrder::Descending),
            limit: Some(5000),
            q: Some("lock out".into()),
            ..LogQuery::default()
        };
        assert_eq!(q.listing().target(), "/api/v1/logs?limit=1000&sortOrder=DESCENDING&q=lock+out");
    }
}
