//! Okta's REST resources, one module each: the only code that builds an Okta path or query
//! string. Callers outside `okta/` reach Okta through these typed functions and never name a
//! path; the client's raw `get`/`pages` are private to `okta/`.
//!
//! A list is a [`Listing`]: the first page's request, built here, read by the caller one
//! page at a time ([`Listing::pages`]), whole ([`Listing::all`]), one page with the next
//! ([`Listing::page`]) or as Okta sent it ([`Listing::probe`]). Items come as the existing
//! model types (`User`, `Group`, `LogEvent`…) or, where a caller prints what Okta sent, as
//! `serde_json::Value` or `RawValue`: the element type is the caller's.

pub mod apps;
pub mod groups;
pub mod iam;
pub mod lifecycle;
pub mod logs;
pub mod org;
pub mod policies;
pub mod sessions;
pub mod users;

use futures_util::{Stream, TryStreamExt};
use serde::de::DeserializeOwned;

use super::client::{Client, Response};
use super::encode;
use super::error::OktaError;
use super::ratelimit::Priority;

/// The first page of an Okta list (a path on the org), or a page a `next` link points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing(String);

impl Listing {
    /// `path` with its query parameters, each value percent-encoded; `None` values are left out.
    fn new(path: &str, params: &[(&str, Option<String>)]) -> Listing {
        let query: Vec<String> =
            params.iter().filter_map(|(key, value)| Some(format!("{key}={}", encode(value.as_deref()?)))).collect();
        if query.is_empty() {
            Listing(path.to_string())
        } else {
            Listing(format!("{path}?{}", query.join("&")))
        }
    }

    /// The request as sent (a path on the org, or a `next` link's URL).
    pub fn target(&self) -> &str {
        &self.0
    }

    /// The pages of the list, following `rel="next"` (see [`Client`]'s paging rules).
    pub fn pages<T: DeserializeOwned + Send + 'static>(
        &self,
        client: &Client,
        priority: Priority,
    ) -> impl Stream<Item = Result<Vec<T>, OktaError>> + Send + 'static {
        client.pages(&self.0, priority)
    }

    /// Every item of the list, all pages.
    pub async fn all<T: DeserializeOwned + Send + 'static>(
        self,
        client: &Client,
        priority: Priority,
    ) -> Result<Vec<T>, OktaError> {
        client.get_all(&self.0, priority).await
    }

    /// At most `cap` items, read page by page until there are that many.
    pub async fn up_to<T: DeserializeOwned + Send + 'static>(
        self,
        client: &Client,
        cap: usize,
        priority: Priority,
    ) -> Result<Vec<T>, OktaError> {
        let mut items = Vec::new();
        let mut pages = std::pin::pin!(self.pages::<T>(client, priority));
        while items.len() < cap {
            let Some(page) = pages.try_next().await? else { break };
            items.extend(page);
        }
        items.truncate(cap);
        Ok(items)
    }

    /// This page alone, and the listing of the next one when Okta links it.
    pub async fn page<T: DeserializeOwned>(
        self,
        client: &Client,
        priority: Priority,
    ) -> Result<(Vec<T>, Option<Listing>), OktaError> {
        let (items, resp) = client.get_json::<Vec<T>>(&self.0, priority).await?;
        Ok((items, resp.next_link().map(Listing)))
    }

    /// This page as Okta answered it (status, headers, body): for checks that read the
    /// answer itself, such as `doctor`'s clock and the acceptance of a log filter.
    pub async fn probe(self, client: &Client, priority: Priority) -> Result<Response, OktaError> {
        client.get(&self.0, priority).await
    }
}

/// One object at `path`.
async fn one<T: DeserializeOwned>(client: &Client, path: &str, priority: Priority) -> Result<T, OktaError> {
    Ok(client.get_json::<T>(path, priority).await?.0)
}
