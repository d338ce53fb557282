//! Groups (`/api/v1/groups`): the listing, one group, its members and its apps.

use serde::de::DeserializeOwned;

use super::{one, Listing};
use crate::okta::client::Client;
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

const COLLECTION: &str = "/api/v1/groups";

/// The groups a listing asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupQuery {
    /// A name prefix (Okta's `q`).
    pub q: Option<String>,
    /// Groups a page; Okta's default of 200 when unset.
    pub limit: Option<usize>,
    /// Ask for each group's member and app counts (`expand=stats`).
    pub stats: bool,
}

/// The groups `query` asks for.
pub fn list(query: &GroupQuery) -> Listing {
    Listing::new(
        COLLECTION,
        &[
            ("q", query.q.clone()),
            ("limit", query.limit.map(|l| l.to_string())),
            ("expand", query.stats.then(|| "stats".to_string())),
        ],
    )
}

/// One group (`GET /api/v1/groups/{id}`).
pub async fn get<T: DeserializeOwned>(client: &Client, id: &str, priority: Priority) -> Result<T, OktaError> {
    one(client, &format!("{COLLECTION}/{}", encode(id)), priority).await
}

/// The group's members, `limit` a page (Okta allows up to 1,000 here).
pub fn members(id: &str, limit: usize) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/users", encode(id)), &[("limit", Some(limit.to_string()))])
}

/// The apps assigned to the group.
pub fn apps(id: &str) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/apps", encode(id)), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_listing_is_okta_s_request() {
        assert_eq!(
            list(&GroupQuery { limit: Some(200), ..GroupQuery::default() }).target(),
            "/api/v1/groups?limit=200"
        );
        let named = GroupQuery { q: Some("Eng ops".into()), limit: Some(200), stats: true };
        assert_eq!(list(&named).target(), "/api/v1/groups?q=Eng+ops&limit=200&expand=stats");
        assert_eq!(members("00g1", 1000).target(), "/api/v1/groups/00g1/users?limit=1000");
    }
}
