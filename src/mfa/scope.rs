//! Which users a sweep covers: everyone, one group's members, or an Okta `search` expression.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::MfaError;
use crate::okta::api::users::{self, UserQuery};
use crate::okta::api::{groups, groups::GroupQuery, Listing};
use crate::okta::client::Client;
use crate::okta::model::Group;
use crate::okta::ratelimit::Priority;

/// The users a sweep looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every user (Okta's default list, which leaves out DEPROVISIONED users).
    All,
    /// The members of a group, named by id or by name.
    Group(String),
    /// The users an Okta `search` expression selects.
    Search(String),
}

impl Scope {
    /// The scope from the command line's `--group` and `--search`.
    pub fn from_flags(group: Option<&str>, search: Option<&str>) -> Scope {
        match (group, search) {
            (Some(g), _) => Scope::Group(g.to_string()),
            (None, Some(s)) => Scope::Search(s.to_string()),
            (None, None) => Scope::All,
        }
    }

    /// A stable text naming the scope (part of the cache file's name).
    pub fn key(&self) -> String {
        match self {
            Scope::All => "all".to_string(),
            Scope::Group(g) => format!("group:{g}"),
            Scope::Search(s) => format!("search:{s}"),
        }
    }

    /// What to show: `all users`, `group Admins`, `search status eq "ACTIVE"`.
    pub fn describe(&self) -> String {
        match self {
            Scope::All => "all users".to_string(),
            Scope::Group(g) => format!("group {g}"),
            Scope::Search(s) => format!("search {s}"),
        }
    }

    /// The listing of the scope's users (a group named by name is looked up first).
    pub async fn listing(&self, client: &Client) -> Result<Listing, MfaError> {
        Ok(match self {
            Scope::All => users::list(&UserQuery::default()),
            Scope::Search(expr) => users::list(&UserQuery { search: Some(expr.clone()), ..UserQuery::default() }),
            Scope::Group(g) => groups::members(&group_id(client, g).await?, 1000),
        })
    }

    /// Every user of the scope, all pages, as Okta sent them.
    pub async fn list(&self, client: &Client) -> Result<Vec<Value>, MfaError> {
        Ok(self.listing(client).await?.all(client, Priority::Background).await?)
    }
}

/// Whether `s` reads as a group id (`00g` and 17 more base62 characters).
fn looks_like_group_id(s: &str) -> bool {
    s.len() == 20 && s.starts_with("00g") && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The id of the group named `name_or_id` (exact name, case-insensitive).
async fn group_id(client: &Client, name_or_id: &str) -> Result<String, MfaError> {
    if looks_like_group_id(name_or_id) {
        return Ok(name_or_id.to_string());
    }
    let query = GroupQuery { q: Some(name_or_id.to_string()), limit: Some(200), ..GroupQuery::default() };
    let groups: Vec<Group> = groups::list(&query).all(client, Priority::Interactive).await?;
    groups
        .iter()
        .find(|g| {
            g.profile.as_ref().and_then(|p| p.name.as_deref()).is_some_and(|n| n.eq_ignore_ascii_case(name_or_id))
        })
        .and_then(|g| g.id.clone())
        .ok_or_else(|| MfaError::NoSuchGroup(name_or_id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_choose_the_scope_and_keys_differ() {
        assert_eq!(Scope::from_flags(None, None), Scope::All);
        assert_eq!(Scope::from_flags(Some("Admins"), None), Scope::Group("Admins".into()));
        assert_eq!(Scope::from_flags(None, Some("status eq \"ACTIVE\"")).key(), "search:status eq \"ACTIVE\"");
        assert!(looks_like_group_id("00gabcdefghij1234567") && !looks_like_group_id("Engineering"));
    }
}
