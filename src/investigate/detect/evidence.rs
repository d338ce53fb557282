//! Collecting the events behind a finding: their uuids, IPs, sessions, networks, agents and
//! time span.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::investigate::event::EventRef;
use crate::investigate::{Finding, FindingKind, FindingSeverity, Origins, ProposedAction};

/// The events a finding cites, gathered as a detector walks the log.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    events: usize,
    uuids: Vec<String>,
    ips: BTreeSet<String>,
    sessions: BTreeSet<String>,
    asns: BTreeSet<i64>,
    agents: BTreeSet<String>,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
}

impl Evidence {
    /// Cites `event` (an event without a uuid still counts for its IP, session and time).
    pub fn add(&mut self, event: EventRef) {
        self.events += 1;
        if let Some(uuid) = event.uuid().filter(|u| !u.trim().is_empty()) {
            self.uuids.push(uuid.into_owned());
        }
        if let Some(ip) = event.client_ip() {
            self.ips.insert(ip.to_string());
        }
        if let Some(session) = event.top_session() {
            self.sessions.insert(session.to_string());
        }
        if let Some(asn) = event.as_number() {
            self.asns.insert(asn);
        }
        if let Some(agent) = event.user_agent().filter(|a| !a.trim().is_empty() && !self.agents.contains(*a)) {
            self.agents.insert(agent.to_string());
        }
        if let Some(at) = event.published_at() {
            self.first = Some(self.first.map_or(at, |f| f.min(at)));
            self.last = Some(self.last.map_or(at, |l| l.max(at)));
        }
    }

    /// How many events were cited.
    pub fn len(&self) -> usize {
        self.events
    }

    /// Whether nothing was cited.
    pub fn is_empty(&self) -> bool {
        self.events == 0
    }

    /// The finding these events justify, proposing nothing yet.
    pub fn finding(
        self,
        kind: FindingKind,
        severity: FindingSeverity,
        confidence: f64,
        summary: String,
        users: impl IntoIterator<Item = String>,
    ) -> Finding {
        let users: BTreeSet<String> = users.into_iter().collect();
        Finding {
            kind,
            severity,
            confidence: confidence.clamp(0.0, 1.0),
            summary,
            evidence: self.uuids,
            users: users.into_iter().collect(),
            ips: self.ips.into_iter().collect(),
            sessions: self.sessions.into_iter().collect(),
            first_seen: self.first,
            last_seen: self.last,
            proposed_action: ProposedAction::None,
            action_reason: String::new(),
            catalog: None,
            origins: Origins { asns: self.asns.into_iter().collect(), user_agents: self.agents.into_iter().collect() },
        }
    }
}

impl Finding {
    /// The same finding, proposing `action` for `reason`.
    pub fn proposing(mut self, action: ProposedAction, reason: &str) -> Finding {
        self.proposed_action = action;
        self.action_reason = reason.to_string();
        self
    }
}
