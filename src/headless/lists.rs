//! `oktui users | user | groups | apps | policies | logs`. Users, groups, apps and events are
//! printed a page at a time as they arrive ([`ReceivedWriter`]), in the memory of one page
//! whatever the listing's length, and kept as the JSON text Okta sent ([`RawValue`]), so
//! `json` and `jsonl` print their numbers exactly as received. A reader that goes away (`|
//! head`) ends the listing at the next page: no further page is requested. Policies (with
//! their rules) and one user are read whole, then printed.

use std::io::Write;

use anyhow::{Context, Result};
use chrono::{SecondsFormat, Utc};
use futures_util::TryStreamExt;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::columns;
use super::output::{self, terminal_width, Column, Format, ReceivedWriter};
use crate::cli::{ListArgs, LogsArgs, PoliciesArgs, UserArgs, UsersArgs};
use crate::okta::client::Client;
use crate::okta::ratelimit::Priority;
use crate::okta::{encode as enc, POLICY_TYPES};
use crate::output::json;

/// The most events one System Log page holds (Okta's `limit` bound).
const MAX_LOG_PAGE: usize = 1000;

fn print(out: &mut impl Write, format: Format, cols: &[Column], items: &[Value]) -> Result<()> {
    output::write(out, format, cols, items, terminal_width()).context("cannot write the output")
}

/// Prints every page of the listing at `path` as it arrives, at most `limit` objects: once
/// they are printed no further page is requested. A read that fails part-way leaves what was
/// printed a complete document (the `json` array closed) and returns the failure.
async fn stream(
    client: &Client,
    path: &str,
    format: Format,
    cols: &[Column],
    limit: Option<usize>,
    out: &mut impl Write,
) -> Result<()> {
    let mut writer = ReceivedWriter::new(out, format, cols, terminal_width());
    let mut left = limit.unwrap_or(usize::MAX);
    let mut pages = std::pin::pin!(client.pages::<Box<RawValue>>(path, Priority::Interactive));
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
pub async fn users(client: &Client, args: &UsersArgs, out: &mut impl Write) -> Result<()> {
    let mut path = "/api/v1/users?limit=200".to_string();
    for (key, value) in [("search", &args.search), ("filter", &args.filter), ("q", &args.q)] {
        if let Some(v) = value {
            path.push_str(&format!("&{key}={}", enc(v)));
        }
    }
    stream(client, &path, args.format.format, columns::USERS, None, out).await
}

/// `oktui groups`.
pub async fn groups(client: &Client, args: &ListArgs, out: &mut impl Write) -> Result<()> {
    let path = match &args.q {
        Some(q) => format!("/api/v1/groups?q={}", enc(q)),
        None => "/api/v1/groups?limit=200".to_string(),
    };
    stream(client, &path, args.format.format, columns::GROUPS, None, out).await
}

/// `oktui apps`.
pub async fn apps(client: &Client, args: &ListArgs, out: &mut impl Write) -> Result<()> {
    let mut path = "/api/v1/apps?limit=200".to_string();
    if let Some(q) = &args.q {
        path.push_str(&format!("&q={}", enc(q)));
    }
    stream(client, &path, args.format.format, columns::APPS, None, out).await
}

/// `oktui policies`: each policy with its rules embedded under `_embedded.rules`.
pub async fn policies(client: &Client, args: &PoliciesArgs, out: &mut impl Write) -> Result<()> {
    let types: Vec<&str> = match &args.policy_type {
        Some(t) => vec![t.as_str()],
        None => POLICY_TYPES.to_vec(),
    };
    let mut all = Vec::new();
    for t in types {
        let policies: Vec<Value> =
            client.get_all(&format!("/api/v1/policies?type={}", enc(t)), Priority::Interactive).await?;
        for mut policy in policies {
            let id = policy.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            let rules: Vec<Value> =
                client.get_all(&format!("/api/v1/policies/{}/rules", enc(&id)), Priority::Interactive).await?;
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
pub async fn logs(client: &Client, args: &LogsArgs, out: &mut impl Write) -> Result<()> {
    let window = super::when::window(args.since, args.until, Utc::now()).map_err(super::UsageError)?;
    let (since, until) = (window.since, window.until);
    let page_size = args.limit.map_or(MAX_LOG_PAGE, |l| l.clamp(1, MAX_LOG_PAGE));
    let mut path = format!(
        "/api/v1/logs?since={}&until={}&limit={page_size}&sortOrder=ASCENDING",
        enc(&since.to_rfc3339_opts(SecondsFormat::Millis, true)),
        enc(&until.to_rfc3339_opts(SecondsFormat::Millis, true))
    );
    for (key, value) in [("filter", &args.filter), ("q", &args.q)] {
        if let Some(v) = value {
            path.push_str(&format!("&{key}={}", enc(v)));
        }
    }
    stream(client, &path, args.format.format, columns::EVENTS, args.limit, out).await
}

/// `oktui user USER`: the user, then factors, groups, roles and app links fetched together.
pub async fn user(client: &Client, args: &UserArgs, out: &mut impl Write) -> Result<()> {
    let (user, _): (Value, _) =
        client.get_json(&format!("/api/v1/users/{}", enc(&args.user)), Priority::Interactive).await?;
    let id = user.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let [factors, groups, roles, links] =
        ["factors", "groups", "roles", "appLinks"].map(|name| format!("/api/v1/users/{}/{name}", enc(&id)));
    let (factors, groups, roles, links) = tokio::try_join!(
        client.get_all::<Value>(&factors, Priority::Interactive),
        client.get_all::<Value>(&groups, Priority::Interactive),
        client.get_all::<Value>(&roles, Priority::Interactive),
        client.get_all::<Value>(&links, Priority::Interactive),
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
