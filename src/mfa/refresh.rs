//! Keeping a finished sweep fresh from the System Log: the users named in factor and
//! lifecycle events since the log was last read get their factors read again; users new to
//! the scope (or newly able to sign in) are read for the first time; everyone else keeps
//! their answer and its fetch time. The scope is listed again (a few pages, another bucket),
//! which also refreshes statuses and last logins.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::cache::{CacheStore, SweepRecord, UserMfa};
use super::error::MfaError;
use super::progress::{Phase, Progress};
use super::sweep::{gather, Reporter};
use crate::okta::api::logs::LogQuery;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::LogEvent;
use crate::okta::ratelimit::Priority;

/// The events that can change a user's answer.
pub const WATCHED: &str = r#"eventType sw "user.mfa.factor." or eventType sw "user.lifecycle.""#;

/// Events are read from this long before the last read, for events Okta persists late.
pub const LOG_MARGIN_SECS: i64 = 60;

/// Beyond this age the log is not trusted to hold every change (Okta keeps 90 days); a
/// full sweep is run instead.
pub const MAX_AGE_DAYS: i64 = 30;

/// Whether `previous` can be refreshed from the log rather than swept again.
pub fn can_refresh(previous: &SweepRecord, now: DateTime<Utc>) -> bool {
    let Some(checked) = previous.log_checked_until else { return false };
    previous.is_complete() && now - checked < Duration::days(MAX_AGE_DAYS)
}

/// The ids of the users named in watched events published between `since` and `until`.
pub async fn changed_users(
    client: &Client,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<HashSet<String>, OktaError> {
    let query = LogQuery::window(since, until).filtered(Some(WATCHED));
    let events: Vec<Value> = query.listing().all(client, Priority::Background).await?;
    Ok(events.into_iter().filter_map(|v| serde_json::from_value::<LogEvent>(v).ok()).flat_map(user_targets).collect())
}

fn user_targets(event: LogEvent) -> Vec<String> {
    event
        .target
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.target_type.as_deref() == Some("User"))
        .filter_map(|t| t.id)
        .collect()
}

/// Refreshes `previous` (a finished sweep) from the System Log.
pub async fn incremental(
    client: &Client,
    previous: SweepRecord,
    store: Option<&CacheStore>,
    report: Reporter<'_>,
) -> Result<SweepRecord, MfaError> {
    let now = Utc::now();
    // The cache file's time, at the edge of chrono's range, must not overflow.
    let checked = previous.log_checked_until.unwrap_or(previous.started_at);
    let since = checked.checked_sub_signed(Duration::seconds(LOG_MARGIN_SECS)).unwrap_or(checked);
    report(&Progress::start(Phase::Changes));
    let changed = changed_users(client, since, now).await?;
    let kept: HashMap<String, UserMfa> = previous.users.iter().map(|u| (u.id.clone(), u.clone())).collect();
    let mut record = SweepRecord { users: Vec::new(), ..previous };
    gather(client, &mut record, &kept, &changed, None, report).await?;
    record.completed_at = Some(Utc::now());
    record.log_checked_until = Some(now);
    if let Some(store) = store {
        store.save(&record)?;
    }
    Ok(record)
}
