//! Users (`/api/v1/users`): the listing with its `search`, `filter` and `q`, one user by id
//! or login, and what hangs off a user (factors, groups, app links). A user's admin roles
//! are [`super::iam`]'s.

use serde::de::DeserializeOwned;

use super::{one, Listing};
use crate::okta::client::Client;
use crate::okta::encode;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;

/// The users collection, for a request that names it without a query (an OAuth token's
/// audience check in `doctor` and the setup wizard).
pub const COLLECTION: &str = "/api/v1/users";

/// The users a listing asks for. Okta takes one of `search` (a SCIM expression on the
/// search index), `filter` (a few exact fields) or `q` (a name or login prefix).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    pub search: Option<String>,
    pub filter: Option<String>,
    pub q: Option<String>,
    /// Users a page; Okta's default of 200 when unset.
    pub limit: Option<usize>,
}

impl UserQuery {
    /// The users whose login, email, first or last name starts with `text`.
    pub fn starting_with(text: &str) -> UserQuery {
        let quoted = text.replace('\\', "\\\\").replace('"', "\\\"");
        let expr = ["profile.login", "profile.email", "profile.firstName", "profile.lastName"]
            .map(|attr| format!("{attr} sw \"{quoted}\""))
            .join(" or ");
        UserQuery { search: Some(expr), ..UserQuery::default() }
    }
}

/// The users `query` asks for.
pub fn list(query: &UserQuery) -> Listing {
    Listing::new(
        COLLECTION,
        &[
            ("limit", Some(query.limit.unwrap_or(200).to_string())),
            ("search", query.search.clone()),
            ("filter", query.filter.clone()),
            ("q", query.q.clone()),
        ],
    )
}

/// One user, by id or login (`GET /api/v1/users/{id}`).
pub async fn get<T: DeserializeOwned>(client: &Client, id_or_login: &str, priority: Priority) -> Result<T, OktaError> {
    one(client, &format!("{COLLECTION}/{}", encode(id_or_login)), priority).await
}

/// The user the credential acts as (`GET /api/v1/users/me`; an API token's own admin).
pub async fn me<T: DeserializeOwned>(client: &Client, priority: Priority) -> Result<T, OktaError> {
    one(client, &format!("{COLLECTION}/me"), priority).await
}

/// The user's risk level (`GET /api/v1/users/{id}/risk`, Identity Threat Protection;
/// Okta answers 401 `E0000015` where the org does not have it).
pub async fn risk<T: DeserializeOwned>(client: &Client, id: &str, priority: Priority) -> Result<T, OktaError> {
    one(client, &format!("{COLLECTION}/{}/risk", encode(id)), priority).await
}

/// The user's enrolled factors.
pub fn factors(id: &str) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/factors", encode(id)), &[])
}

/// The groups the user is a member of.
pub fn groups(id: &str) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/groups", encode(id)), &[])
}

/// The apps assigned to the user, as links.
pub fn app_links(id: &str) -> Listing {
    Listing::new(&format!("{COLLECTION}/{}/appLinks", encode(id)), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_sends_only_what_is_asked_each_value_encoded() {
        assert_eq!(list(&UserQuery::default()).target(), "/api/v1/users?limit=200");
        let q = UserQuery { search: Some("status eq \"ACTIVE\"".into()), limit: Some(1), ..UserQuery::default() };
        assert_eq!(list(&q).target(), "/api/v1/users?limit=1&search=status+eq+%22ACTIVE%22");
        assert_eq!(factors("a b@x").target(), "/api/v1/users/a+b%40x/factors");
        let typed = list(&UserQuery::starting_with("jo\"")).target().to_string();
        assert!(typed.contains("search=profile.login+sw+%22jo%5C%22%22+or+profile.email"), "{typed}");
    }
}
