//! One user's case file: the user, their factors, admin roles and groups, and the events
//! they did or were the target of in the window — fetched with the server-side filter
//! `actor.id eq … or target.id eq …`, never the whole org's log.

use crate::gather::window::{fetch_events, FetchProgress};
use crate::investigate::LogWindow;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::{Factor, Group, LogEvent, Role, User};
use crate::okta::ratelimit::Priority;

/// Everything an investigation of one user reads.
#[derive(Debug, Clone)]
pub struct UserCase {
    pub user: User,
    /// `None` when the credential may not read them (403).
    pub factors: Option<Vec<Factor>>,
    pub roles: Option<Vec<Role>>,
    pub groups: Option<Vec<Group>>,
    /// The window's events by or about the user, oldest first.
    pub events: Vec<LogEvent>,
}

/// The System Log filter for events by or about user `id`, or `None` if the id is not an
/// Okta id (it goes into a SCIM string, so only `[A-Za-z0-9]` is accepted).
pub fn user_filter(id: &str) -> Option<String> {
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| format!("actor.id eq \"{id}\" or target.id eq \"{id}\""))
}

/// Fetches the case of `who` (an id or a login) over `window`; a user that does not exist
/// is Okta's `E0000007`.
pub async fn fetch_user_case(
    client: &Client,
    who: &str,
    window: LogWindow,
    progress: impl FnMut(FetchProgress),
) -> Result<UserCase, OktaError> {
    let priority = Priority::Interactive;
    let (user, _): (User, _) =
        client.get_json(&format!("/api/v1/users/{}", crate::okta::encode(who)), priority).await?;
    let id = user.id.clone().unwrap_or_default();
    let filter = user_filter(&id).ok_or_else(|| OktaError::Malformed {
        method: "GET".into(),
        path: "/api/v1/users".into(),
        detail: "the user has no usable id".into(),
    })?;
    let [factors, roles, groups] = ["factors", "roles", "groups"].map(|part| format!("/api/v1/users/{id}/{part}"));
    let (factors, roles, groups, events) = tokio::join!(
        client.get_all::<Factor>(&factors, priority),
        client.get_all::<Role>(&roles, priority),
        client.get_all::<Group>(&groups, priority),
        fetch_events(client, window, Some(&filter), priority, progress),
    );
    Ok(UserCase {
        user,
        factors: readable(factors)?,
        roles: readable(roles)?,
        groups: readable(groups)?,
        events: events?,
    })
}

/// A list the credential may not read (403) is `None`; other errors stay errors.
fn readable<T>(result: Result<Vec<T>, OktaError>) -> Result<Option<Vec<T>>, OktaError> {
    match result {
        Ok(items) => Ok(Some(items)),
        Err(e) if e.status() == Some(403) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_okta_ids_go_into_the_filter() {
        assert_eq!(user_filter("00u1abC").as_deref(), Some("actor.id eq \"00u1abC\" or target.id eq \"00u1abC\""));
        assert_eq!(user_filter("00u\" or eventType pr"), None);
        assert_eq!(user_filter(""), None);
    }
}
