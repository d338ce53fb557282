//! Suppression rules: findings an analyst judged benign, set aside by rule rather than
//! dropped. The config file's `[[detections.suppress.rule]]` tables ([`Suppressions`]) are
//! read with the rest of `[detections]`; `hunt`, investigations and `watch` sift their
//! findings through them ([`Suppressions::sift`], or [`Suppressions::rule_for`] one at a
//! time) and say how many each rule set aside. A rule matches on a finding's kind, users,
//! IPs (or CIDR blocks), ASNs and user agents ([`Conditions`]: every condition given must
//! hold, and cover every user, IP, ASN or agent the finding names). A rule past its
//! `expires` no longer applies, and is listed as expired wherever the rules are applied.
//! The console's "mark benign" makes a rule with [`SuppressRule::benign`]; the config module
//! appends it to the file (`config::append_rule`). Pure: no clock, no file.

mod network;
mod rule;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::investigate::Finding;
pub use network::Network;
pub use rule::{Conditions, RuleError, SuppressRule, MAX_NAME, MAX_REASON};

/// The rules of `[detections.suppress]`, in the file's order, names distinct.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "SuppressTable")]
pub struct Suppressions {
    rules: Vec<SuppressRule>,
}

/// `[detections.suppress]` as written: its `[[detections.suppress.rule]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressTable {
    #[serde(default)]
    rule: Vec<SuppressRule>,
}

impl TryFrom<SuppressTable> for Suppressions {
    type Error = RuleError;

    fn try_from(table: SuppressTable) -> Result<Suppressions, RuleError> {
        let mut rules = Suppressions::default();
        table.rule.into_iter().try_for_each(|r| rules.add(r))?;
        Ok(rules)
    }
}

impl Suppressions {
    /// Adds `rule` (the console, after "mark benign"); a name already taken is refused.
    pub fn add(&mut self, rule: SuppressRule) -> Result<(), RuleError> {
        if self.get(rule.name()).is_some() {
            return Err(RuleError::DuplicateName(rule.name().to_string()));
        }
        self.rules.push(rule);
        Ok(())
    }

    /// The rule named `name`.
    pub fn get(&self, name: &str) -> Option<&SuppressRule> {
        self.rules.iter().find(|r| r.name() == name)
    }

    /// Every rule, in the file's order.
    pub fn rules(&self) -> &[SuppressRule] {
        &self.rules
    }

    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first rule in force at `now` that covers `finding`: it is suppressed by that rule.
    pub fn rule_for(&self, finding: &Finding, now: DateTime<Utc>) -> Option<&SuppressRule> {
        self.rules.iter().find(|r| !r.is_expired(now) && r.covers(finding))
    }

    /// The rules past their expiry at `now`: they suppress nothing, and are listed so.
    pub fn expired(&self, now: DateTime<Utc>) -> Vec<ExpiredRule> {
        self.rules
            .iter()
            .filter_map(|r| {
                let at = r.expires().filter(|_| r.is_expired(now))?;
                Some(ExpiredRule { name: r.name().to_string(), expired_at: at })
            })
            .collect()
    }

    /// Sets aside the findings a rule in force at `now` covers: the others, in their order,
    /// and what was suppressed, by which rule.
    pub fn sift(&self, findings: Vec<Finding>, now: DateTime<Utc>) -> (Vec<Finding>, Suppressed) {
        let mut suppressed = Suppressed { expired_rules: self.expired(now), ..Suppressed::default() };
        let mut kept = Vec::with_capacity(findings.len());
        for finding in findings {
            match self.rule_for(&finding, now) {
                Some(rule) => suppressed.push(rule.name(), finding),
                None => kept.push(finding),
            }
        }
        (kept, suppressed)
    }
}

/// A rule past its expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiredRule {
    pub name: String,
    pub expired_at: DateTime<Utc>,
}

/// A finding set aside, and the rule that did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuppressedFinding {
    /// The rule's name.
    pub rule: String,
    #[serde(flatten)]
    pub finding: Finding,
}

/// What the rules set aside (the JSON's `suppressed`): how many, by rule, the findings
/// themselves, and the rules that expired and so set nothing aside.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Suppressed {
    pub count: usize,
    /// Rule name → findings it suppressed.
    pub by_rule: BTreeMap<String, usize>,
    pub expired_rules: Vec<ExpiredRule>,
    pub findings: Vec<SuppressedFinding>,
}

impl Suppressed {
    fn push(&mut self, rule: &str, finding: Finding) {
        self.count += 1;
        *self.by_rule.entry(rule.to_string()).or_insert(0) += 1;
        self.findings.push(SuppressedFinding { rule: rule.to_string(), finding });
    }

    /// `2 by office-vpn, 1 by pentest` (rule names are safe to print), or `None` when none.
    pub fn by_rule_text(&self) -> Option<String> {
        let parts: Vec<String> = self.by_rule.iter().map(|(rule, n)| format!("{n} by {rule}")).collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The expired rules in words (`office-vpn (expired 2025-07-01T00:00:00Z)`), or `None`.
    pub fn expired_text(&self) -> Option<String> {
        let parts: Vec<String> = self
            .expired_rules
            .iter()
            .map(|r| {
                format!("{} (expired {})", r.name, r.expired_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// How many findings each rule suppressed, without the findings (`watch`, which runs for
/// days): bounded by the number of rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Findings suppressed in all.
    pub suppressed: usize,
    /// Rule name → findings it suppressed.
    pub by_rule: BTreeMap<String, usize>,
}

impl Tally {
    /// Counts one finding suppressed by `rule`.
    pub fn count(&mut self, rule: &str) {
        self.suppressed += 1;
        match self.by_rule.get_mut(rule) {
            Some(n) => *n += 1,
            None => {
                self.by_rule.insert(rule.to_string(), 1);
            }
        }
    }

    /// `3 by red-team, 1 by probe`; empty when none.
    pub fn by_rule_text(&self) -> String {
        self.by_rule.iter().map(|(rule, n)| format!("{n} by {rule}")).collect::<Vec<_>>().join(", ")
    }
}
