//! After acting: re-read the user, and watch the System Log for the event Okta writes when
//! the change is done. The watch is a small polling query of its own (`since` the moment
//! before sending, filtered on the event type and the target's id), following the `next`
//! link Okta gives every polling page.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::action::OrgChange;
use crate::okta::api::logs::LogQuery;
use crate::okta::api::{sessions, users};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::{Factor, LogEvent};
use crate::okta::ratelimit::Priority;

/// How long to watch the log, and how often to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watch {
    pub timeout: Duration,
    pub interval: Duration,
}

impl Default for Watch {
    /// Up to 60 s, asking every 2 s (the System Log lags a few seconds behind).
    fn default() -> Self {
        Watch { timeout: Duration::from_secs(60), interval: Duration::from_secs(2) }
    }
}

/// The user's status now.
pub async fn reread_status(client: &Client, user_id: &str) -> Result<String, OktaError> {
    let user: Value = users::get(client, user_id, Priority::Interactive).await?;
    Ok(super::preflight::status_of(&user).unwrap_or_else(|| "UNKNOWN".to_string()))
}

/// What a re-read shows of an action that keeps the user's status: whether it is done, and
/// the fact in words. `None` for an action a re-read cannot show (clearing sessions and
/// Universal Logout: Okta lists no user's sessions or tokens), which the log event alone verifies.
pub async fn check_effect(
    client: &Client,
    action: &OrgChange,
    user_id: &str,
) -> Option<Result<(bool, String), OktaError>> {
    let p = Priority::Interactive;
    Some(match action {
        OrgChange::ResetFactors => users::factors(user_id).all::<Factor>(client, p).await.map(|factors| {
            let active = factors.iter().filter(|f| f.is_active()).count();
            (active == 0, format!("{active} active factors re-read"))
        }),
        OrgChange::RemoveFactor { factor_id } => {
            users::factors(user_id).all::<Factor>(client, p).await.map(|factors| {
                let kept = factors.iter().any(|f| f.id.as_deref() == Some(factor_id.as_str()));
                (
                    !kept,
                    if kept {
                        format!("the factor {factor_id} is still enrolled")
                    } else {
                        format!("the factor {factor_id} is gone")
                    },
                )
            })
        }
        OrgChange::SetRisk { level } => users::risk::<Value>(client, user_id, p).await.map(|risk| {
            let now = risk.get("riskLevel").and_then(Value::as_str).unwrap_or("NONE");
            let now = crate::sanitize::clean(now).into_owned();
            (now == level.as_str(), format!("the risk re-reads {now}"))
        }),
        OrgChange::RevokeSession { session_id } => match sessions::get::<Value>(client, session_id, p).await {
            Err(e) if e.status() == Some(404) => Ok((true, format!("the session {session_id} is gone"))),
            Err(e) => Err(e),
            Ok(_) => Ok((false, format!("the session {session_id} still answers"))),
        },
        _ => return None,
    })
}

/// The `uuid` of the first `action` event on `user_id` published since `since`, watching for
/// up to `watch.timeout`; `None` when none arrived in time.
pub async fn watch_event(
    client: &Client,
    action: &OrgChange,
    user_id: &str,
    since: DateTime<Utc>,
    watch: Watch,
) -> Result<Option<String>, OktaError> {
    let deadline = tokio::time::Instant::now() + watch.timeout;
    let filter = format!(
        "eventType eq \"{}\" and target.id eq \"{}\"",
        action.event_type(),
        user_id.replace('\\', "\\\\").replace('"', "\\\"")
    );
    let mut next =
        LogQuery { since: Some(since), filter: Some(filter), limit: Some(100), ..LogQuery::default() }.listing();
    loop {
        let (events, following) = next.clone().page::<LogEvent>(client, Priority::Interactive).await?;
        if let Some(uuid) = events.iter().find_map(|e| matching(e, action, user_id)) {
            return Ok(Some(uuid));
        }
        if let Some(link) = following {
            next = link;
        }
        if tokio::time::Instant::now() + watch.interval > deadline {
            return Ok(None);
        }
        tokio::time::sleep(watch.interval).await;
    }
}

/// The event's uuid when it is `action` on `user_id`.
fn matching(event: &LogEvent, action: &OrgChange, user_id: &str) -> Option<String> {
    let on_target = event.target_users().any(|t| t.id.as_deref() == Some(user_id));
    (event.event_type() == Some(action.event_type()) && on_target)
        .then(|| crate::sanitize::clean(event.uuid.as_deref().unwrap_or("")).into_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_the_actions_event_on_the_target_matches() {
        let event = |kind: &str, id: &str| -> LogEvent {
            serde_json::from_value(json!({"uuid": "e1", "eventType": kind, "target": [{"id": id, "type": "User"}]}))
                .unwrap()
        };
        assert_eq!(
            matching(&event("user.lifecycle.suspend", "00u1"), &OrgChange::Suspend, "00u1").as_deref(),
            Some("e1")
        );
        assert_eq!(matching(&event("user.lifecycle.suspend", "00u2"), &OrgChange::Suspend, "00u1"), None);
        assert_eq!(matching(&event("user.lifecycle.unsuspend", "00u1"), &OrgChange::Suspend, "00u1"), None);
    }
}
