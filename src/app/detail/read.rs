//! Reading a detail view: one object and what hangs off it, turned into sanitised sections.

use chrono::{Duration, Utc};
use serde_json::Value;

use super::state::{Detail, Section};
use crate::app::lists::ListKind;
use crate::okta::api::logs::{LogQuery, SortOrder};
use crate::okta::api::{apps, groups, iam, policies, users, Listing};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::ratelimit::Priority;
use crate::output::format::text_at;
use crate::sanitize::clean;

/// At most this many rows of a sub-list (members, assigned users) are shown.
const SUB_LIST_CAP: usize = 500;

fn section(title: &str, lines: Vec<String>) -> Section {
    Section { title: title.to_string(), lines: lines.into_iter().map(|l| clean(&l).into_owned()).collect() }
}

/// `key: value` lines for the fields that are set.
fn fields(v: &Value, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .filter_map(|(label, path)| {
            let value = text_at(v, path);
            (!value.is_empty()).then(|| format!("{label:<16} {value}"))
        })
        .collect()
}

/// The first [`SUB_LIST_CAP`] items of a sub-list.
async fn all(client: &Client, listing: Listing) -> Result<Vec<Value>, OktaError> {
    listing.up_to(client, SUB_LIST_CAP, Priority::Interactive).await
}

/// Loads the detail of object `id` of `kind`.
pub async fn load(client: &Client, kind: ListKind, id: &str) -> Result<Detail, OktaError> {
    Ok(match kind {
        ListKind::Users => user(client, id).await?,
        ListKind::Apps => Detail { sections: app(client, id).await?, ..Detail::default() },
        ListKind::Groups => Detail { sections: group(client, id).await?, ..Detail::default() },
        ListKind::Policies => Detail { sections: policy(client, id).await?, ..Detail::default() },
    })
}

async fn user(client: &Client, id: &str) -> Result<Detail, OktaError> {
    let quoted = id.replace('\\', "\\\\").replace('"', "\\\"");
    let recent = LogQuery {
        since: Some(Utc::now() - Duration::days(7)),
        filter: Some(format!("actor.id eq \"{quoted}\" or target.id eq \"{quoted}\"")),
        order: Some(SortOrder::Descending),
        limit: Some(20),
        ..LogQuery::default()
    };
    let (user, factors, groups, roles, links, events) = tokio::try_join!(
        users::get::<Value>(client, id, Priority::Interactive),
        all(client, users::factors(id)),
        all(client, users::groups(id)),
        all(client, iam::user_roles(id)),
        all(client, users::app_links(id)),
        async { Ok(recent.listing().page::<Value>(client, Priority::Interactive).await?.0) },
    )?;
    let profile = fields(
        &user,
        &[
            ("status", "status"),
            ("login", "profile.login"),
            ("email", "profile.email"),
            ("first name", "profile.firstName"),
            ("last name", "profile.lastName"),
            ("title", "profile.title"),
            ("department", "profile.department"),
            ("city", "profile.city"),
            ("created", "created"),
            ("activated", "activated"),
            ("last login", "lastLogin"),
            ("password changed", "passwordChanged"),
            ("status changed", "statusChanged"),
            ("id", "id"),
        ],
    );
    let factor_ids = factors.iter().map(|f| clean(&text_at(f, "id")).into_owned()).collect();
    let sections = vec![
        section("Profile", profile),
        section(
            &format!("Factors ({})", factors.len()),
            factors
                .iter()
                .map(|f| {
                    format!("{:<22} {:<8} {}", text_at(f, "factorType"), text_at(f, "provider"), text_at(f, "status"))
                })
                .collect(),
        ),
        section(
            &format!("Admin roles ({})", roles.len()),
            roles
                .iter()
                .map(|r| {
                    format!("{:<22} {} ({})", text_at(r, "type"), text_at(r, "label"), text_at(r, "assignmentType"))
                })
                .collect(),
        ),
        section(&format!("Groups ({})", groups.len()), groups.iter().map(|g| text_at(g, "profile.name")).collect()),
        section(&format!("App links ({})", links.len()), links.iter().map(|l| text_at(l, "label")).collect()),
        section(
            "Recent events (7 days, newest first)",
            events
                .iter()
                .map(|e| {
                    format!(
                        "{}  {:<36} {:<8} {:<15} {}",
                        text_at(e, "published").get(..19).unwrap_or_default(),
                        text_at(e, "eventType"),
                        text_at(e, "outcome.result"),
                        text_at(e, "client.ipAddress"),
                        text_at(e, "client.geographicalContext.country")
                    )
                })
                .collect(),
        ),
    ];
    Ok(Detail { sections, factor_ids })
}

async fn app(client: &Client, id: &str) -> Result<Vec<Section>, OktaError> {
    let (app, users, groups) = tokio::try_join!(
        apps::get::<Value>(client, id, Priority::Interactive),
        all(client, apps::users(id)),
        all(client, apps::groups(id)),
    )?;
    Ok(vec![
        section(
            "App",
            fields(
                &app,
                &[
                    ("label", "label"),
                    ("name", "name"),
                    ("status", "status"),
                    ("sign-on mode", "signOnMode"),
                    ("created", "created"),
                    ("id", "id"),
                ],
            ),
        ),
        section(
            &format!("Assigned users ({}{})", users.len(), if users.len() >= SUB_LIST_CAP { "+" } else { "" }),
            users
                .iter()
                .map(|u| {
                    format!(
                        "{:<40} {:<6} {}",
                        text_at(u, "credentials.userName"),
                        text_at(u, "scope"),
                        text_at(u, "status")
                    )
                })
                .collect(),
        ),
        section(&format!("Assigned groups ({})", groups.len()), groups.iter().map(|g| text_at(g, "id")).collect()),
    ])
}

async fn group(client: &Client, id: &str) -> Result<Vec<Section>, OktaError> {
    let (group, members, apps) = tokio::try_join!(
        groups::get::<Value>(client, id, Priority::Interactive),
        all(client, groups::members(id, 200)),
        all(client, groups::apps(id)),
    )?;
    Ok(vec![
        section(
            "Group",
            fields(
                &group,
                &[
                    ("name", "profile.name"),
                    ("description", "profile.description"),
                    ("type", "type"),
                    ("created", "created"),
                    ("id", "id"),
                ],
            ),
        ),
        section(
            &format!("Members ({}{})", members.len(), if members.len() >= SUB_LIST_CAP { "+" } else { "" }),
            members.iter().map(|u| format!("{:<40} {}", text_at(u, "profile.login"), text_at(u, "status"))).collect(),
        ),
        section(&format!("Apps ({})", apps.len()), apps.iter().map(|a| text_at(a, "label")).collect()),
    ])
}

async fn policy(client: &Client, id: &str) -> Result<Vec<Section>, OktaError> {
    let (policy, rules) =
        tokio::try_join!(policies::get::<Value>(client, id, Priority::Interactive), all(client, policies::rules(id)))?;
    Ok(vec![
        section(
            "Policy",
            fields(
                &policy,
                &[
                    ("name", "name"),
                    ("type", "type"),
                    ("status", "status"),
                    ("priority", "priority"),
                    ("description", "description"),
                    ("id", "id"),
                ],
            ),
        ),
        section(
            &format!("Rules ({})", rules.len()),
            rules
                .iter()
                .map(|r| format!("{:>3}  {:<40} {}", text_at(r, "priority"), text_at(r, "name"), text_at(r, "status")))
                .collect(),
        ),
    ])
}
