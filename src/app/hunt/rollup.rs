//! The hunt's per-entity roll-up (`b`): the users, IPs and Okta sessions the findings name,
//! each with its findings together, worst first, so the analyst sees who and where before what.

use std::collections::BTreeMap;

use crate::investigate::{Finding, FindingKind, FindingSeverity};

/// What a roll-up row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entity {
    User,
    Ip,
    /// An Okta session (a root session stands for its children too).
    Session,
}

impl Entity {
    /// `user`, `ip`, `session`.
    pub fn label(self) -> &'static str {
        match self {
            Entity::User => "user",
            Entity::Ip => "ip",
            Entity::Session => "session",
        }
    }
}

/// One user, IP or session and the findings that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRow {
    pub entity: Entity,
    /// The login or address, as the findings name it.
    pub name: String,
    /// How many findings name it.
    pub findings: usize,
    /// The worst of their severities.
    pub worst: FindingSeverity,
    /// How many of them are `high` or `critical`.
    pub loud: usize,
    /// Their kinds, in the order of [`FindingKind::ALL`], each once.
    pub kinds: Vec<FindingKind>,
    /// The users those findings name, sorted (whose the session or address is).
    pub users: Vec<String>,
}

/// The users, IPs and sessions the `findings` name, worst first: the worst severity, then the
/// count of `high` or worse, then the count of findings, then users, IPs, sessions, then by name.
pub fn roll_up<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<EntityRow> {
    let mut rows: BTreeMap<(Entity, &str), EntityRow> = BTreeMap::new();
    for f in findings {
        let named = (f.users.iter().map(|u| (Entity::User, u)))
            .chain(f.ips.iter().map(|ip| (Entity::Ip, ip)))
            .chain(f.sessions.iter().map(|s| (Entity::Session, s)));
        for (entity, name) in named {
            let row = rows.entry((entity, name.as_str())).or_insert_with(|| EntityRow {
                entity,
                name: name.clone(),
                findings: 0,
                worst: f.severity,
                loud: 0,
                kinds: Vec::new(),
                users: Vec::new(),
            });
            row.findings += 1;
            row.worst = row.worst.max(f.severity);
            row.loud += usize::from(f.severity >= FindingSeverity::High);
            if !row.kinds.contains(&f.kind) {
                row.kinds.push(f.kind);
            }
            row.users.extend(f.users.iter().cloned());
        }
    }
    let mut rows: Vec<EntityRow> = rows.into_values().collect();
    for row in &mut rows {
        row.kinds.sort();
        row.users.sort();
        row.users.dedup();
    }
    rows.sort_by(|a, b| {
        b.worst
            .cmp(&a.worst)
            .then(b.loud.cmp(&a.loud))
            .then(b.findings.cmp(&a.findings))
            .then(a.entity.cmp(&b.entity))
            .then(a.name.cmp(&b.name))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::investigate::ProposedAction;

    fn finding(kind: FindingKind, severity: FindingSeverity, users: &[&str], ips: &[&str]) -> Finding {
        in_sessions(kind, severity, users, ips, &[])
    }

    fn in_sessions(
        kind: FindingKind,
        severity: FindingSeverity,
        users: &[&str],
        ips: &[&str],
        sessions: &[&str],
    ) -> Finding {
        Finding {
            kind,
            severity,
            confidence: 0.5,
            summary: String::new(),
            evidence: Vec::new(),
            users: users.iter().map(|u| u.to_string()).collect(),
            ips: ips.iter().map(|i| i.to_string()).collect(),
            sessions: sessions.iter().map(|s| s.to_string()).collect(),
            first_seen: None,
            last_seen: None,
            proposed_action: ProposedAction::None,
            action_reason: String::new(),
            catalog: None,
            origins: Default::default(),
        }
    }

    #[test]
    fn entities_rank_by_their_worst_then_by_how_many() {
        use FindingKind as K;
        use FindingSeverity as S;
        let findings = [
            finding(K::NewDevice, S::Medium, &["ann@x"], &["192.0.2.1"]),
            finding(K::ApiTokenCreated, S::High, &["bob@x"], &["203.0.113.66"]),
            finding(K::ThreatDetected, S::High, &["bob@x"], &["203.0.113.66"]),
            finding(K::DeviceEnrolled, S::Low, &["ann@x"], &["192.0.2.1"]),
            finding(K::MfaFailures, S::Medium, &["ann@x"], &[]),
        ];
        let rows = roll_up(&findings);
        let order: Vec<(&str, usize, S)> = rows.iter().map(|r| (r.name.as_str(), r.findings, r.worst)).collect();
        assert_eq!(
            order,
            [("bob@x", 2, S::High), ("203.0.113.66", 2, S::High), ("ann@x", 3, S::Medium), ("192.0.2.1", 2, S::Medium)]
        );
        assert_eq!(rows[0].kinds, [K::ApiTokenCreated, K::ThreatDetected]);
        assert_eq!((rows[0].loud, rows[2].loud, rows[1].entity), (2, 0, Entity::Ip));
        assert!(roll_up(&[]).is_empty());
    }

    #[test]
    fn sessions_rank_with_users_and_ips_and_know_their_users() {
        use FindingKind as K;
        use FindingSeverity as S;
        let findings = [
            in_sessions(K::SessionAnomaly, S::High, &["sam@x"], &["198.51.100.199"], &["102root"]),
            in_sessions(K::NewDevice, S::Medium, &["sam@x"], &["198.51.100.199"], &["102root"]),
            in_sessions(K::NewCountry, S::Medium, &["ann@x"], &["192.0.2.1"], &["102ann"]),
            finding(K::MfaFailures, S::Low, &["ann@x"], &[]),
        ];
        let rows = roll_up(&findings);
        let order: Vec<(Entity, &str, usize)> = rows.iter().map(|r| (r.entity, r.name.as_str(), r.findings)).collect();
        assert_eq!(
            order,
            [
                (Entity::User, "sam@x", 2),
                (Entity::Ip, "198.51.100.199", 2),
                (Entity::Session, "102root", 2),
                (Entity::User, "ann@x", 2),
                (Entity::Ip, "192.0.2.1", 1),
                (Entity::Session, "102ann", 1),
            ]
        );
        assert_eq!((rows[2].worst, rows[2].loud), (S::High, 1));
        assert_eq!(rows[2].kinds, [K::NewDevice, K::SessionAnomaly]);
        assert_eq!(rows[2].users, ["sam@x"]);
        assert_eq!(rows[5].users, ["ann@x"]);
    }
}
