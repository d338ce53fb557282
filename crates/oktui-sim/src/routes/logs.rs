//! `GET /api/v1/logs`: parameters checked as Okta checks them, answered by the log store.

use axum::extract::State;
use axum::http::Uri;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::{DateTime, Duration, Utc};

use super::{get_only, Params, Shared};
use crate::error::SimError;
use crate::ids::okta_time;
use crate::logs::store::{Cursor, LogQuery, SortOrder};
use crate::paging::{add_link, page_url, parse_limit};
use crate::scim;

pub fn routes() -> Router<Shared> {
    Router::new().route("/api/v1/logs", get_only(list))
}

fn parse_time(name: &str, raw: &str) -> Result<DateTime<Utc>, SimError> {
    DateTime::parse_from_rfc3339(raw.trim()).map(|t| t.with_timezone(&Utc)).map_err(|_| {
        SimError::validation(format!(
            "{name}: '{raw}' is not a valid date; use ISO 8601 such as 2024-01-31T12:00:00.000Z"
        ))
    })
}

/// A System Log `filter` as Okta takes it, or the 400 it answers: `E0000053` for what its
/// filter language refuses, `E0000031` for a filter on `published`. Public: a reader of
/// exported events that evaluates a filter itself refuses what Okta would, by this.
pub fn log_filter(raw: &str) -> Result<scim::Filter, SimError> {
    let parsed = scim::parse(raw).map_err(|e| SimError::invalid_parameter(format!("filter: {e}")))?;
    if parsed.comparisons().iter().any(|(path, _)| *path == "published") {
        return Err(SimError::invalid_search("Filtering on 'published' is not supported; use since and until"));
    }
    Ok(parsed)
}

/// Turns the request's parameters into a query, or Okta's 400.
fn parse_query(params: &Params, now: DateTime<Utc>) -> Result<LogQuery, SimError> {
    let until = params.non_empty("until").map(|u| parse_time("until", u)).transpose()?;
    let since = match params.non_empty("since") {
        Some(s) => parse_time("since", s)?,
        None => until.unwrap_or(now) - Duration::days(7),
    };
    if since < now - Duration::days(180) {
        return Err(SimError::validation("The since parameter is over 180 days prior to the current day."));
    }
    if until.is_some_and(|u| u < since) {
        return Err(SimError::validation("The until parameter must be after the since parameter."));
    }
    let after = match params.non_empty("after") {
        Some(a) => Some(
            Cursor::parse(a)
                .ok_or_else(|| SimError::invalid_parameter(format!("after: '{a}' is not a valid cursor")))?,
        ),
        None => None,
    };
    let order = match params.non_empty("sortOrder") {
        None | Some("ASCENDING") => SortOrder::Ascending,
        Some("DESCENDING") => SortOrder::Descending,
        Some(o) => {
            return Err(SimError::invalid_parameter(format!("sortOrder: '{o}' must be ASCENDING or DESCENDING")))
        }
    };
    let filter = params.non_empty("filter").map(log_filter).transpose()?;
    let keywords: Vec<String> = params.get("q").unwrap_or("").split_whitespace().map(str::to_lowercase).collect();
    if keywords.len() > 10 || keywords.iter().any(|k| k.chars().count() > 40) {
        return Err(SimError::invalid_parameter("q: at most 10 keywords of at most 40 characters each"));
    }
    let limit = parse_limit(params.get("limit"), 100, 1000)?;
    Ok(LogQuery { since, until, after, filter, keywords, limit, order })
}

/// The `next` link of a page: the same query from the cursor on. A polling link drops
/// `since` (the cursor carries it); a bounded one pins `until` so the window cannot move.
fn next_url(base: &str, params: &Params, q: &LogQuery, cursor: Cursor, now: DateTime<Utc>) -> String {
    let mut query: Vec<(&str, String)> = Vec::new();
    if !q.is_polling() {
        query.push(("since", okta_time(q.since)));
        query.push(("until", okta_time(q.until.unwrap_or(now))));
    }
    for key in ["filter", "q"] {
        if let Some(v) = params.non_empty(key) {
            query.push((key, v.to_string()));
        }
    }
    query.push(("limit", q.limit.to_string()));
    let order = if q.order == SortOrder::Ascending { "ASCENDING" } else { "DESCENDING" };
    query.push(("sortOrder", order.to_string()));
    query.push(("after", cursor.encode()));
    page_url(base, "/api/v1/logs", &query)
}

async fn list(State(state): State<Shared>, uri: Uri, params: Params) -> Result<Response, SimError> {
    let now = Utc::now();
    let mut q = parse_query(&params, now)?;
    if !q.is_polling() && q.until.is_none() {
        q.until = Some(now);
    }
    let span = q.until.map(|until| until - q.since);
    let timeout = state.log_query_timeout().and_then(|s| i64::try_from(s).ok());
    if let (Some(span), Some(over)) = (span, timeout) {
        if span > Duration::seconds(over) {
            return Err(crate::faults::query_timeout());
        }
    }
    if let (Some(until), Some(_)) = (q.until, q.after) {
        if state.log_cursor_times_out((q.since.timestamp_millis(), until.timestamp_millis())) {
            return Err(crate::faults::query_timeout());
        }
    }
    let page = state.logs.query(&q);
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    add_link(&mut headers, &format!("{}{}", state.base_url, uri), "self");
    if let Some(cursor) = page.next {
        add_link(&mut headers, &next_url(&state.base_url, &params, &q, cursor, now), "next");
    }
    let mut body = String::with_capacity(page.events.iter().map(|e| e.len() + 1).sum::<usize>() + 2);
    body.push('[');
    for (i, e) in page.events.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(e);
    }
    body.push(']');
    Ok((StatusCode::OK, headers, body).into_response())
}
