//! `oktui users | user | groups | apps | policies | logs`. Users, groups, apps and events are
//! printed a page at a time as they arrive ([`ReceivedWriter`]), in the memory of one page
//! whatever the listing's length, and kept as the JSON text Okta sent ([`RawValue`]), so
//! `json` and `jsonl` print their numbers exactly as received. A reader that goes away (`|
//! head`) ends the listing at the next page: no further page is requested. Policies (with
//! their rules) and one user are read whole, then printed. `logs --events FILE` prints an
//! exported file's events the same way.

use super::investigate::Reading;
use anyhow::{Context, Result};
use chrono::Utc;
use futures_util::TryStreamExt;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use std::path::Path;

use crate::cli::{ListArgs, LogsArgs, PoliciesArgs, UserArgs, UsersArgs};
use crate::gather::{LogSource, Query};
use crate::okta::api::logs::{Flow, LogQuery, SortOrder, MAX_PAGE as MAX_LOG_PAGE};
use crate::okta::api::{apps as okta_apps, groups as okta_groups, iam, policies as okta_policies, Listing};
use crate::okta::api::{groups::GroupQuery, users as okta_users, users::UserQuery};
use crate::okta::client::Client;
use crate::okta::logs::elements::PageError;
use crate::okta::ratelimit::Priority;
use crate::output::columns;
use crate::output::format::{self as output, terminal_width, Column, Format, ReceivedWriter};
use crate::output::json;
use crate::output::masked::Sink;

fn print(out: &mut impl Sink, format: Format, cols: &[Column], items: &[Value]) -> Result<()> {
    if matches!(format, Format::Table | Format::Csv) {
        items.iter().for_each(|v| out.learn(v));
    }
    output::write(out, format, cols, items, terminal_width()).context("cannot write the output")
}

/// Prints every page of `listing` as it arrives, at most `limit` objects: once
/// they are printed no further page is requested. A read that fails part-way leaves what was
/// printed a complete document (the `json` array closed) and returns the failure.
async fn stream(
    client: &Client,
    listing: &Listing,
    format: Format,
    cols: &[Column],
    limit: Option<usize>,
    out: &mut impl Sink,
) -> Result<()> {
    let mut writer = ReceivedWriter::new(out, format, cols, terminal_width());
    let mut left = limit.unwrap_or(usize::MAX);
    let mut pages = std::pin::pin!(listing.pages::<Box<RawValue>>(client, Priority::Interactive));
    while left > 0 {
        let page = match pages.try_next().await {
            Ok(Some(page)) => page,
            Ok(None) => break,
            Err(e) => {
                // The read's failure is the one to report; a closed stdout is noticed by `main`.
                let _ = writer.end_early();
                return Err(e.into());
            }
        };
        let shown = &page[..page.len().min(left)];
        writer.page(shown).context("cannot write the output")?;
        left -= shown.len();
    }
    writer.finish().context("cannot write the output")
}

/// `oktui users`.
pub async fn users(client: &Client, args: &UsersArgs, out: &mut impl Sink) -> Result<()> {
    let query = UserQuery { search: args.search.clone(), filter: args.filter.clone(), q: args.q.clone(), limit: None };
    stream(client, &okta_users::list(&query), args.format.format, columns::USERS, None, out).await
}

/// `oktui groups`.
pub async fn groups(client: &Client, args: &ListArgs, out: &mut impl Sink) -> Result<()> {
    let query = match &args.q {
        Some(q) => GroupQuery { q: Some(q.clone()), ..GroupQuery::default() },
        None => GroupQuery { limit: Some(200), ..GroupQuery::default() },
    };
    stream(client, &okta_groups::list(&query), args.format.format, columns::GROUPS, None, out).await
}

/// `oktui apps`.
pub async fn apps(client: &Client, args: &ListArgs, out: &mut impl Sink) -> Result<()> {
    let listing = okta_apps::list(args.q.as_deref(), 200);
    stream(client, &listing, args.format.format, columns::APPS, None, out).await
}

/// `oktui policies`: each policy with its rules embedded under `_embedded.rules`.
pub async fn policies(client: &Client, args: &PoliciesArgs, out: &mut impl Sink) -> Result<()> {
    let types: Vec<&str> = match &args.policy_type {
        Some(t) => vec![t.as_str()],
        None => okta_policies::TYPES.to_vec(),
    };
    let mut all = Vec::new();
    for t in types {
        let policies: Vec<Value> = okta_policies::list(t).all(client, Priority::Interactive).await?;
        for mut policy in policies {
            let id = policy.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            let rules: Vec<Value> = okta_policies::rules(&id).all(client, Priority::Interactive).await?;
            if let Some(obj) = policy.as_object_mut() {
                obj.entry("_embedded").or_insert_with(|| json!({}))["rules"] = Value::Array(rules);
            }
            all.push(policy);
        }
    }
    print(out, args.format.format, columns::POLICIES, &all)
}

/// `oktui logs`: a bounded window (its last page has no `next`), at most `--limit` events
/// (pages of fewer than 1,000 when the limit is smaller), printed as they arrive.
pub async fn logs(client: &Client, args: &LogsArgs, out: &mut impl Sink) -> Result<()> {
    let now = Utc::now();
    let window = crate::when::window(args.since_or_last_hour(now), args.until, now).map_err(super::UsageError)?;
    let (since, until) = (window.since, window.until);
    let page_size = args.limit.map_or(MAX_LOG_PAGE, |l| l.clamp(1, MAX_LOG_PAGE));
    let query = LogQuery {
        since: Some(since),
        until: Some(until),
        filter: args.filter.clone(),
        q: args.q.clone(),
        order: Some(SortOrder::Ascending),
        limit: Some(page_size),
    };
    stream(client, &query.listing(), args.format.format, columns::EVENTS, args.limit, out).await
}

/// `oktui logs --events FILE`: the file's events in the window (default: the whole file),
/// printed as `logs` prints Okta's; with `--follow`, then the lines appended to it.
pub async fn logs_from_file(path: &Path, args: &LogsArgs, out: &mut impl Sink) -> Result<()> {
    let reading = if args.follow { Reading::Followed } else { Reading::Window };
    let (source, window) = super::investigate::open_events(path, args.since, args.until, reading)?;
    if args.follow {
        return super::follow::follow(&source, window.since, None, args, out).await;
    }
    let mut writer = ReceivedWriter::new(out, args.format.format, columns::EVENTS, terminal_width());
    let mut left = args.limit.unwrap_or(usize::MAX);
    let mut failed = None;
    let read = source
        .read_window(window, Query::default(), Priority::Interactive, |page, _| {
            let items: Vec<Box<RawValue>> = serde_json::from_slice(page).map_err(|e| PageError(e.to_string()))?;
            let shown = &items[..items.len().min(left)];
            if let Err(e) = writer.page(shown) {
                failed = Some(e);
                return Ok(Flow::Stop);
            }
            left -= shown.len();
            Ok(if left == 0 { Flow::Stop } else { Flow::Go })
        })
        .await;
    if let Some(e) = failed {
        return Err(anyhow::Error::new(e).context("cannot write the output"));
    }
    if let Err(e) = read {
        let _ = writer.end_early();
        return Err(e.into());
    }
    writer.finish().context("cannot write the output")
}

/// `oktui user USER`: the user, then factors, groups, roles and app links fetched together.
pub async fn user(client: &Client, args: &UserArgs, out: &mut impl Sink) -> Result<()> {
    let user: Value = okta_users::get(client, &args.user, Priority::Interactive).await?;
    let id = user.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let (factors, groups, roles, links) = tokio::try_join!(
        okta_users::factors(&id).all::<Value>(client, Priority::Interactive),
        okta_users::groups(&id).all::<Value>(client, Priority::Interactive),
        iam::user_roles(&id).all::<Value>(client, Priority::Interactive),
        okta_users::app_links(&id).all::<Value>(client, Priority::Interactive),
    )?;
    let format = args.format.format;
    if matches!(format, Format::Json | Format::Jsonl) {
        let whole = json!({"user": user, "factors": factors, "groups": groups, "roles": roles, "appLinks": links});
        let written =
            if format == Format::Json { json::write_pretty(out, &whole) } else { json::write_line(out, &whole) };
        return written.context("cannot write the output");
    }
    print(out, format, columns::USERS, std::slice::from_ref(&user))?;
    for (title, cols, items) in [
        ("factors", columns::FACTORS, &factors),
        ("groups", columns::GROUPS, &groups),
        ("admin roles", columns::ROLES, &roles),
        ("app links", columns::APP_LINKS, &links),
    ] {
        if format == Format::Table {
            writeln!(out, "\n{title} ({})", items.len())?;
        }
        print(out, format, cols, items)?;
    }
    Ok(())
}
