//! Counting the answer: users per class, over everyone, per status and per group.

use std::collections::{BTreeMap, HashSet};

use super::cache::SweepRecord;
use super::classify::MfaClass;
use super::groups::GroupMembers;

/// Users per class (users whose factors are not read yet are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub none: usize,
    pub weak_only: usize,
    pub strong: usize,
    pub unknown: usize,
}

impl Counts {
    /// Counts one user of `class`.
    pub fn add(&mut self, class: Option<MfaClass>) {
        match class {
            Some(MfaClass::None) => self.none += 1,
            Some(MfaClass::WeakOnly) => self.weak_only += 1,
            Some(MfaClass::Strong) => self.strong += 1,
            Some(MfaClass::Unknown) => self.unknown += 1,
            None => {}
        }
    }

    /// Users counted.
    pub fn total(&self) -> usize {
        self.none + self.weak_only + self.strong + self.unknown
    }
}

/// Counts over every user of the answer.
pub fn overall(record: &SweepRecord) -> Counts {
    let mut all = Counts::default();
    record.users.iter().for_each(|u| all.add(u.class));
    all
}

/// Counts per user status (`ACTIVE`, `LOCKED_OUT`, …), in name order.
pub fn by_status(record: &SweepRecord) -> BTreeMap<String, Counts> {
    let mut by_status: BTreeMap<String, Counts> = BTreeMap::new();
    for u in &record.users {
        by_status.entry(u.status.clone()).or_default().add(u.class);
    }
    by_status
}

/// One group's counts: its members among the answer's users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCounts {
    /// The group's name, as Okta sent it (sanitise before display).
    pub name: String,
    pub counts: Counts,
    /// Whether every member was read (see `groups::MEMBER_PAGES`); when not, the counts
    /// are a lower bound.
    pub complete: bool,
}

/// Counts per group, in the order of `groups`. Members who are not in the answer (who
/// cannot sign in, so were not swept) are not counted.
pub fn by_group(record: &SweepRecord, groups: &[GroupMembers]) -> Vec<GroupCounts> {
    groups
        .iter()
        .map(|g| {
            let members: HashSet<&str> = g.member_ids.iter().map(String::as_str).collect();
            let mut counts = Counts::default();
            record.users.iter().filter(|u| members.contains(u.id.as_str())).for_each(|u| counts.add(u.class));
            GroupCounts { name: g.name.clone(), counts, complete: g.complete }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::mfa::cache::UserMfa;
    use crate::mfa::scope::Scope;

    fn user(id: &str, status: &str, class: Option<MfaClass>) -> UserMfa {
        UserMfa {
            id: id.into(),
            login: format!("{id}@x.example"),
            name: id.into(),
            status: status.into(),
            last_login: None,
            class,
            factors: Vec::new(),
            admin: None,
            fetched_at: None,
        }
    }

    #[test]
    fn counts_by_status_and_group() {
        let mut r = SweepRecord::new("https://a.okta.com", Scope::All, Utc::now());
        r.users = vec![
            user("a", "ACTIVE", Some(MfaClass::None)),
            user("b", "ACTIVE", Some(MfaClass::Strong)),
            user("c", "LOCKED_OUT", Some(MfaClass::WeakOnly)),
            user("d", "ACTIVE", Some(MfaClass::Unknown)),
            user("e", "ACTIVE", None),
        ];
        assert_eq!(overall(&r), Counts { none: 1, weak_only: 1, strong: 1, unknown: 1 });
        assert_eq!(overall(&r).total(), 4);
        let statuses = by_status(&r);
        assert_eq!(statuses["ACTIVE"], Counts { none: 1, weak_only: 0, strong: 1, unknown: 1 });
        assert_eq!(statuses["LOCKED_OUT"].weak_only, 1);
        let groups = vec![
            GroupMembers {
                name: "Eng".into(),
                member_ids: vec!["a".into(), "c".into(), "gone".into()],
                complete: true,
            },
            GroupMembers { name: "Ops".into(), member_ids: vec!["b".into()], complete: false },
        ];
        let counted = by_group(&r, &groups);
        assert_eq!(counted[0].counts, Counts { none: 1, weak_only: 1, strong: 0, unknown: 0 });
        assert_eq!((counted[1].name.as_str(), counted[1].counts.strong, counted[1].complete), ("Ops", 1, false));
    }
}
