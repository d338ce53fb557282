//! Carrying out an approved action: intent record, one request, verification, outcome record.
//!
//! One request: never resent after a 429, a 5xx or a lost answer (a lost answer is settled by
//! re-reading the user). The client's one exception is a 401 to an OAuth token, which Okta
//! answers before applying anything: the refused token is dropped and the request sent once
//! more with a new token, never with the refused one (see `okta::client`).

use chrono::Utc;

use super::action::OrgChange;
use super::approval::{Approved, InFlight};
use super::audit::{Journal, Record};
use super::error::ActionError;
use super::verify::{self, Watch};
use crate::okta::client::Client;
use crate::okta::error::OktaError;

/// How an action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Okta accepted it, the user re-reads as expected and the log event was seen.
    Verified,
    /// Okta accepted it, but the log event did not show within the watch.
    EventNotSeen,
    /// Okta refused it (its error code and id are in the detail).
    Failed,
    /// No answer came and oktui could not learn whether it happened.
    Unknown,
}

impl Verdict {
    /// The journal's word for it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::EventNotSeen => "event-not-seen",
            Verdict::Failed => "failed",
            Verdict::Unknown => "unknown",
        }
    }
}

/// The outcome of one action, as shown and journaled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeOutcome {
    /// The approval's id (the journal's records share it).
    pub id: String,
    pub action: OrgChange,
    pub target_login: String,
    pub verdict: Verdict,
    pub http_status: Option<u16>,
    pub request_id: Option<String>,
    /// The status re-read after acting.
    pub user_status: Option<String>,
    pub event_uuid: Option<String>,
    /// What happened, in words.
    pub detail: String,
}

impl ChangeOutcome {
    /// Whether the change is made (verified or not yet seen in the log).
    pub fn is_done(&self) -> bool {
        matches!(self.verdict, Verdict::Verified | Verdict::EventNotSeen)
    }

    /// One line for the operator: "done — verified: …".
    pub fn line(&self) -> String {
        let head = match self.verdict {
            Verdict::Verified => "done — verified",
            Verdict::EventNotSeen => "done — log event not yet seen",
            Verdict::Failed => "failed",
            Verdict::Unknown => "unknown",
        };
        format!("{head}: {} {}: {}", self.action.name(), self.target_login, self.detail)
    }
}

/// Executes `approved`: refuses in read-only mode or when the same action is in flight;
/// writes and fsyncs the intent record (refusing when it cannot); sends the one request;
/// verifies; writes and fsyncs the outcome record.
pub async fn execute(
    client: &Client,
    journal: &Journal,
    approved: Approved,
    watch: Watch,
) -> Result<ChangeOutcome, ActionError> {
    let _place = InFlight::enter(&approved)?;
    if client.is_read_only() {
        return Err(ActionError::Refused(
            "this profile is read-only (--read-only or read_only = true): oktui sends no change to the org".into(),
        ));
    }
    let intent = Record::intent(&approved);
    journal.append(&intent)?;
    // The log's clock and ours may differ a little: look a few seconds back.
    let since = Utc::now() - chrono::Duration::seconds(5);
    let sent = client.send_change(&approved).await;
    let mut outcome = match sent {
        Ok(resp) => {
            let mut o = blank(&approved, Verdict::Verified);
            o.http_status = Some(resp.status.as_u16());
            o.request_id = resp.request_id();
            confirm(client, &approved, since, watch, o, "Okta accepted it").await
        }
        Err(e @ OktaError::Network { .. }) => lost_answer(client, &approved, since, watch, &e).await,
        Err(e) => refused_by_okta(&approved, &e),
    };
    let mut record = Record::outcome_of(&intent);
    record.http_status = outcome.http_status;
    record.request_id = outcome.request_id.clone();
    record.result = Some(outcome.verdict.as_str().to_string());
    record.detail = Some(outcome.detail.clone());
    record.user_status = outcome.user_status.clone();
    record.event_uuid = outcome.event_uuid.clone();
    if let Err(e) = journal.append(&record) {
        tracing::warn!("the outcome of {} was not journaled: {e}", approved.id());
        outcome.detail.push_str(&format!(" (and the audit journal could not record this outcome: {e})"));
    }
    Ok(outcome)
}

fn blank(approved: &Approved, verdict: Verdict) -> ChangeOutcome {
    ChangeOutcome {
        id: approved.id().to_string(),
        action: approved.action().clone(),
        target_login: approved.plan().target.login.clone(),
        verdict,
        http_status: None,
        request_id: None,
        user_status: None,
        event_uuid: None,
        detail: String::new(),
    }
}

/// After Okta accepted it (or a lost answer turned out applied): re-read and watch the log.
async fn confirm(
    client: &Client,
    approved: &Approved,
    since: chrono::DateTime<Utc>,
    watch: Watch,
    mut o: ChangeOutcome,
    how: &str,
) -> ChangeOutcome {
    let action = approved.action();
    let mut facts = vec![how.to_string()];
    let mut reread_ok = true;
    match verify::reread_status(client, approved.target_id()).await {
        Ok(status) => {
            if let Some(expected) = action.resulting_status() {
                reread_ok = status == expected;
                facts.push(if reread_ok {
                    format!("the user is {status}")
                } else {
                    format!("but the user reads {status}, not {expected}")
                });
            }
            o.user_status = Some(status);
        }
        Err(e) => facts.push(format!("re-reading the user failed ({})", crate::sanitize::clean(&e.to_string()))),
    }
    match verify::check_effect(client, action, approved.target_id()).await {
        Some(Ok((done, fact))) => {
            reread_ok &= done;
            facts.push(if done { fact } else { format!("but {fact}") });
        }
        Some(Err(e)) => {
            reread_ok = false;
            facts.push(format!("re-reading failed ({})", crate::sanitize::clean(&e.to_string())));
        }
        None => {}
    }
    match verify::watch_event(client, action, approved.target_id(), since, watch).await {
        Ok(Some(uuid)) => {
            facts.push(format!("{} is in the System Log (event {uuid})", action.event_type()));
            o.event_uuid = Some(uuid);
        }
        Ok(None) => facts.push(format!(
            "{} has not shown in the System Log within {} s",
            action.event_type(),
            watch.timeout.as_secs()
        )),
        Err(e) => facts.push(format!("watching the System Log failed ({})", crate::sanitize::clean(&e.to_string()))),
    }
    o.verdict = if reread_ok && o.event_uuid.is_some() { Verdict::Verified } else { Verdict::EventNotSeen };
    if let Some(id) = &o.request_id {
        facts.push(format!("request {id}"));
    }
    o.detail = facts.join("; ");
    o
}

/// Whether a re-read shows `approved` applied: `Some(true)` it is, `Some(false)` it is not
/// (with what was read), `None` when no re-read can tell (then the log event decides).
async fn reread_shows(client: &Client, approved: &Approved) -> Result<Option<(bool, String)>, OktaError> {
    let action = approved.action();
    if let Some(expected) = action.resulting_status() {
        let status = verify::reread_status(client, approved.target_id()).await?;
        return Ok(Some((status == expected, format!("the user re-reads {status}"))));
    }
    verify::check_effect(client, action, approved.target_id()).await.transpose()
}

/// No answer after the request left: never resend; learn from a re-read (and the log)
/// whether it happened, and say so.
async fn lost_answer(
    client: &Client,
    approved: &Approved,
    since: chrono::DateTime<Utc>,
    watch: Watch,
    e: &OktaError,
) -> ChangeOutcome {
    let action = approved.action();
    let why = crate::sanitize::clean(&e.to_string()).into_owned();
    let mut unknown = blank(approved, Verdict::Unknown);
    match reread_shows(client, approved).await {
        Ok(Some((true, _))) => {
            confirm(
                client,
                approved,
                since,
                watch,
                blank(approved, Verdict::Verified),
                &format!("no answer came ({why}), not retried, but the re-read shows it happened"),
            )
            .await
        }
        Ok(Some((false, read))) => {
            unknown.detail = format!(
                "no answer came ({why}); not retried; {read}, so it has not happened yet: check the user before running it again"
            );
            if action.resulting_status().is_some() {
                unknown.user_status = read.strip_prefix("the user re-reads ").map(str::to_string);
            }
            unknown
        }
        Err(e2) => {
            unknown.detail = format!(
                "no answer came ({why}); not retried; re-reading the user failed too ({}): check the user before running it again",
                crate::sanitize::clean(&e2.to_string())
            );
            unknown
        }
        Ok(None) => match verify::watch_event(client, action, approved.target_id(), since, watch).await {
            Ok(Some(uuid)) => {
                let mut o = blank(approved, Verdict::Verified);
                o.detail = format!(
                    "no answer came ({why}), not retried, but {} is in the System Log (event {uuid})",
                    action.event_type()
                );
                o.event_uuid = Some(uuid);
                o
            }
            Ok(None) | Err(_) => {
                unknown.detail = format!(
                    "no answer came ({why}); not retried; {} has not shown in the System Log: check before running it again",
                    action.event_type()
                );
                unknown
            }
        },
    }
}

/// Okta answered with an error: nothing changed. The detail keeps its code and errorId.
fn refused_by_okta(approved: &Approved, e: &OktaError) -> ChangeOutcome {
    let mut o = blank(approved, Verdict::Failed);
    o.http_status = e.status();
    if let OktaError::Api(api) = e {
        o.request_id = api.request_id.clone();
    }
    o.detail = explain(approved.action(), e);
    o
}

/// Okta's refusal of `action` in words: its error (code and errorId kept), and what it
/// means: a 403 names the scope and the admin role, `E0000015` the feature the org lacks,
/// `E0000038` the user's state.
pub(crate) fn explain(action: &OrgChange, e: &OktaError) -> String {
    let mut detail = crate::sanitize::clean(&e.to_string()).into_owned();
    let feature = action.feature().unwrap_or("this feature");
    match (e.status(), e.code()) {
        (_, Some(crate::okta::auth::FEATURE_NOT_ENABLED)) => detail.push_str(&format!(
            " — this org does not have {feature}: Okta offers {} only where it is licensed and enabled",
            action.name()
        )),
        (Some(403), Some("E0000038")) => {
            detail.push_str(" — Okta does not allow this in the user's current status: re-read the user")
        }
        (Some(403), _) => detail.push_str(&format!(
            " — {} needs the {} scope (OAuth apps) and an admin role allowed to do it for this user: {}",
            action.name(),
            action.scope(),
            action.admin_role()
        )),
        (Some(404), _) if action.feature().is_some() => {
            detail.push_str(&format!(" — not found: this org may not have {feature}, or the user is unknown"))
        }
        (Some(429), _) => detail.push_str(" — not retried: wait for the rate limit to reset, then run it again"),
        _ => {}
    }
    detail
}
