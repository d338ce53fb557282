//! One user's case file: the user, their factors, admin roles and groups, and the events
//! they did or were the target of in the window — fetched with the server-side filter
//! `actor.id eq … or target.id eq …`, never the whole org's log — plus what the IPs they
//! signed in from did to others in the window (`client.ipAddress eq …`), so a spray that
//! reached them, or a session taken over from an attacker's address, can be told apart
//! from their own habits.

use std::collections::{BTreeMap, HashSet};
use std::net::IpAddr;

use crate::gather::source::{LogSource, Select, UserLists};
use crate::gather::window::{fetch_events, FetchProgress, Query};
use crate::investigate::report::{CaseParts, UserReport};
use crate::investigate::{DetectionConfig, Directory, LogWindow};
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
    /// The window's events by or about the user, then the other events from the IPs they
    /// signed in from (at most [`MAX_CONTEXT_IPS`] of them), oldest first.
    pub events: Vec<LogEvent>,
}

impl UserCase {
    /// Judges the case over `window` (the window it was fetched for).
    pub fn report(&self, window: LogWindow, config: &DetectionConfig) -> UserReport {
        let parts = CaseParts {
            user: &self.user,
            factors: self.factors.as_deref(),
            roles: self.roles.as_deref(),
            groups: self.groups.as_deref(),
            events: &self.events,
            window,
        };
        UserReport::build(parts, &Directory::default(), config)
    }
}

/// The sign-in IPs whose org-wide events an investigation reads, at most.
pub const MAX_CONTEXT_IPS: usize = 10;

/// The context events read at most (a shared office address can be busy).
pub const MAX_CONTEXT_EVENTS: usize = 20_000;

/// The System Log filter for events by or about user `id`, or `None` if the id is not an
/// Okta id (it goes into a SCIM string, so only `[A-Za-z0-9]` is accepted).
pub fn user_filter(id: &str) -> Option<String> {
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| format!("actor.id eq \"{id}\" or target.id eq \"{id}\""))
}

/// Fetches the case of `who` (an id or a login) over `window` from `source`; a user that
/// does not exist is the source's error (Okta's `E0000007`).
pub async fn fetch_user_case<S: LogSource>(
    source: &S,
    who: &str,
    window: LogWindow,
    mut progress: impl FnMut(FetchProgress),
) -> Result<UserCase, S::Error> {
    let priority = Priority::Interactive;
    let user: User = source.user(who, priority).await?;
    let id = user.id.clone().unwrap_or_default();
    let query = Query { select: Select::ByOrAbout(&id), cap: None };
    let (lists, events) =
        tokio::join!(source.user_lists(&id, priority), fetch_events(source, window, query, priority, &mut progress));
    let (lists, mut events) = (lists?, events?);
    let ips = context_ips(&events, &id);
    if !ips.is_empty() {
        let query = Query { select: Select::FromIps(&ips), cap: Some(MAX_CONTEXT_EVENTS) };
        let context = fetch_events(source, window, query, priority, &mut progress).await?;
        events = merged(events, context);
    }
    let UserLists { factors, roles, groups } = lists;
    Ok(UserCase { user, factors, roles, groups, events })
}

/// The IPs the user's sign-in attempts came from, the rarest first (an attacker's address is
/// seldom the one used most), at most [`MAX_CONTEXT_IPS`].
fn context_ips(events: &[LogEvent], id: &str) -> Vec<IpAddr> {
    let mut counts: BTreeMap<IpAddr, usize> = BTreeMap::new();
    for e in events {
        let signing_in =
            e.event_type().is_some_and(|t| t == "user.session.start" || t.starts_with("user.authentication."));
        let by_user = e.actor.as_ref().and_then(|a| a.id.as_deref()) == Some(id);
        if let (true, true, Some(ip)) = (signing_in, by_user, e.client_ip().and_then(|ip| ip.parse::<IpAddr>().ok())) {
            *counts.entry(ip).or_default() += 1;
        }
    }
    let mut ips: Vec<(IpAddr, usize)> = counts.into_iter().collect();
    ips.sort_by_key(|(ip, n)| (*n, *ip));
    ips.into_iter().take(MAX_CONTEXT_IPS).map(|(ip, _)| ip).collect()
}

/// The System Log filter for events from these IPs (parsed addresses only, so nothing but
/// an address goes into the SCIM strings); `None` for none.
pub(super) fn ips_filter(ips: &[IpAddr]) -> Option<String> {
    let terms: Vec<String> = ips.iter().map(|ip| format!("client.ipAddress eq \"{ip}\"")).collect();
    (!terms.is_empty()).then(|| terms.join(" or "))
}

/// The user's events and the context events, each once (by uuid, type and time), oldest first.
fn merged(mut events: Vec<LogEvent>, context: Vec<LogEvent>) -> Vec<LogEvent> {
    let key = |e: &LogEvent| (e.uuid.clone(), e.event_type.clone(), e.published.clone());
    let mut seen: HashSet<_> = events.iter().map(key).collect();
    events.extend(context.into_iter().filter(|e| seen.insert(key(e))));
    events.sort_by_key(|e| e.published_at());
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_ips_are_the_users_sign_in_addresses_rarest_first() {
        let event = |ip: &str, actor: &str, kind: &str| -> LogEvent {
            serde_json::from_value(serde_json::json!({"eventType": kind, "actor": {"id": actor},
                "client": {"ipAddress": ip}}))
            .unwrap()
        };
        let events = [
            event("192.0.2.1", "00u1", "user.session.start"),
            event("192.0.2.1", "00u1", "user.authentication.sso"),
            event("203.0.113.77", "00u1", "user.session.start"),
            event("198.51.100.9", "00u2", "user.session.start"),
            event("not an ip\" or true", "00u1", "user.session.start"),
            event("192.0.2.50", "00u1", "user.account.update_profile"),
        ];
        let ips = context_ips(&events, "00u1");
        assert_eq!(ips, ["203.0.113.77".parse::<IpAddr>().unwrap(), "192.0.2.1".parse().unwrap()]);
        assert_eq!(
            ips_filter(&ips).as_deref(),
            Some("client.ipAddress eq \"203.0.113.77\" or client.ipAddress eq \"192.0.2.1\"")
        );
        assert_eq!(ips_filter(&[]), None);
    }

    #[test]
    fn only_okta_ids_go_into_the_filter() {
        assert_eq!(user_filter("00u1abC").as_deref(), Some("actor.id eq \"00u1abC\" or target.id eq \"00u1abC\""));
        assert_eq!(user_filter("00u\" or eventType pr"), None);
        assert_eq!(user_filter(""), None);
    }
}
