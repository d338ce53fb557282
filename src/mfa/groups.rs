//! Group memberships for the totals by group, read through the shared client at background
//! priority and bounded for large orgs: Okta has no "groups of many users" call, so the
//! groups are listed once (`expand=stats` gives each one's member count), the built-in
//! `Everyone` is left out (it is "all users"), and the members of the [`MAX_GROUPS`]
//! largest groups are read, at most [`MEMBER_PAGES`] pages each. A group cut short is
//! marked incomplete, and its counts are a lower bound.

use futures_util::{StreamExt, TryStreamExt};
use serde_json::Value;

use crate::okta::api::groups::{self, GroupQuery};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::Group;
use crate::okta::ratelimit::Priority;

/// Groups whose members are read.
pub const MAX_GROUPS: usize = 10;
/// Pages of the group list looked at (200 groups each).
pub const GROUP_LIST_PAGES: usize = 10;
/// Pages of members read per group (1,000 members each).
pub const MEMBER_PAGES: usize = 20;
/// Groups whose members are read at once.
const GROUPS_AT_ONCE: usize = 4;

/// One group and the ids of its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMembers {
    /// The group's name, as Okta sent it (sanitise before display).
    pub name: String,
    pub member_ids: Vec<String>,
    /// Whether every member was read.
    pub complete: bool,
}

/// The members of the org's largest groups, largest first.
pub async fn largest_groups(client: &Client) -> Result<Vec<GroupMembers>, OktaError> {
    let mut groups: Vec<Group> = groups::list(&GroupQuery { limit: Some(200), stats: true, ..GroupQuery::default() })
        .pages::<Group>(client, Priority::Background)
        .take(GROUP_LIST_PAGES)
        .try_concat()
        .await?;
    groups.retain(|g| g.id.is_some() && g.group_type.as_deref() != Some("BUILT_IN"));
    groups.sort_by(|a, b| b.users_count().cmp(&a.users_count()).then_with(|| a.name().cmp(&b.name())));
    groups.truncate(MAX_GROUPS);
    futures_util::stream::iter(groups).map(|g| members(client, g)).buffered(GROUPS_AT_ONCE).try_collect().await
}

async fn members(client: &Client, group: Group) -> Result<GroupMembers, OktaError> {
    let id = group.id.clone().unwrap_or_default();
    let pages: Vec<Vec<Value>> = groups::members(&id, 1000)
        .pages::<Value>(client, Priority::Background)
        .take(MEMBER_PAGES)
        .try_collect()
        .await?;
    let cut_short = pages.len() == MEMBER_PAGES;
    let member_ids: Vec<String> =
        pages.iter().flatten().filter_map(|u| u.get("id").and_then(Value::as_str)).map(str::to_string).collect();
    // Okta's count says whether the last page read was the last one; without it, a full
    // set of pages may have been cut short.
    let complete = match group.users_count() {
        Some(n) => member_ids.len() as u64 >= n,
        None => !cut_short,
    };
    Ok(GroupMembers { name: group.name().unwrap_or(&id).to_string(), member_ids, complete })
}
