//! One suppression rule: what it matches, why, until when; read from the config file's
//! `[[detections.suppress.rule]]` tables and written back as one.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::Deserialize;

use super::network::Network;
use crate::investigate::{Finding, FindingKind};
use crate::sanitize;

/// The most characters a rule's name may have.
pub const MAX_NAME: usize = 64;

/// The most characters of a reason kept (the rest is cut, ending in `…`).
pub const MAX_REASON: usize = 300;

/// What a rule matches. Each list left empty is a condition not given; every condition given
/// must hold (AND), and within one list any value may match (OR). A finding that names
/// several users, IPs, networks or agents meets a condition only when the condition covers
/// every one of them: a spray from one suppressed IP is suppressed, a finding that also names
/// an address outside the rule's is not. A finding that names none (no user, no IP, no ASN or
/// no agent known) never meets a condition on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    /// The finding is of one of these kinds.
    pub kinds: Vec<FindingKind>,
    /// Every user of the finding is one of these logins (any case).
    pub users: Vec<String>,
    /// Every IP of the finding is inside one of these addresses or blocks.
    pub networks: Vec<Network>,
    /// Every autonomous system of the evidence is one of these.
    pub asns: Vec<i64>,
    /// Every user agent of the evidence contains one of these (any case).
    pub user_agents: Vec<String>,
}

impl Conditions {
    fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.users.is_empty()
            && self.networks.is_empty()
            && self.asns.is_empty()
            && self.user_agents.is_empty()
    }
}

/// Why a rule cannot be made: each says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("a suppression rule needs a name: 1 to {MAX_NAME} letters, digits, - _ or . (name = office-vpn)")]
    NoName,
    #[error("suppression rule name {0} is not usable: use 1 to {MAX_NAME} letters, digits, - _ or .")]
    BadName(String),
    #[error("suppression rule {0} has no reason: say why its findings are benign (reason = ...)")]
    NoReason(String),
    #[error(
        "suppression rule {0} has no condition and would suppress everything: give kind, user, ip, asn or user_agent"
    )]
    NoCondition(String),
    #[error("suppression rule {rule}: kind {kind} is not a finding kind (see oktui hunt --help for the kinds)")]
    UnknownKind { rule: String, kind: String },
    #[error(
        "suppression rule {rule}: ip {ip} is neither an address nor a CIDR block: write 203.0.113.7, \
         203.0.113.0/24 or 2001:db8::/32"
    )]
    BadNetwork { rule: String, ip: String },
    #[error("suppression rule {rule}: an empty {key} matches nothing: remove it or give a value")]
    EmptyValue { rule: String, key: &'static str },
    #[error(
        "suppression rule {rule}: expires {time} is not an RFC 3339 time with its offset: write \
         2025-07-01T00:00:00Z"
    )]
    BadTime { rule: String, time: String },
    #[error("two suppression rules are named {0}: give each its own name")]
    DuplicateName(String),
    #[error("the finding names no user and no IP: write a rule for it by hand in [detections.suppress]")]
    Unspecific,
}

/// A suppression rule: findings it covers are set aside as benign, counted under its name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RuleText")]
pub struct SuppressRule {
    name: String,
    reason: String,
    expires: Option<DateTime<Utc>>,
    when: Conditions,
}

impl SuppressRule {
    /// A rule named `name` (1 to [`MAX_NAME`] of `A-Z a-z 0-9 - _ .`), for `reason` (made
    /// safe to print: controls removed, one line, at most [`MAX_REASON`] characters; it must
    /// not be empty), matching `when` (at least one condition), until `expires` if given
    /// (to the second).
    pub fn new(
        name: &str,
        reason: &str,
        when: Conditions,
        expires: Option<DateTime<Utc>>,
    ) -> Result<SuppressRule, RuleError> {
        let name = checked_name(name)?;
        let reason = sanitize::clean_with_limit(reason.trim(), MAX_REASON).trim().to_string();
        if reason.is_empty() {
            return Err(RuleError::NoReason(name));
        }
        if when.is_empty() {
            return Err(RuleError::NoCondition(name));
        }
        let empty = |key| RuleError::EmptyValue { rule: name.clone(), key };
        let mut users = Vec::with_capacity(when.users.len());
        for user in &when.users {
            let user = user.trim().to_lowercase();
            if user.is_empty() {
                return Err(empty("user"));
            }
            users.push(user);
        }
        let mut user_agents = Vec::with_capacity(when.user_agents.len());
        for agent in &when.user_agents {
            let agent = agent.trim().to_lowercase();
            if agent.is_empty() {
                return Err(empty("user_agent"));
            }
            user_agents.push(agent);
        }
        let when = Conditions { users, user_agents, ..when };
        let expires = expires.map(|at| at.trunc_subsecs(0));
        Ok(SuppressRule { name, reason, expires, when })
    }

    /// The rule an analyst's "mark benign" writes for `finding`, named after its kind and
    /// `now`: its kind, and its IPs, and its users unless it is about an address (a spray,
    /// whose logins are guesses). A finding that names neither users nor IPs has no such rule.
    pub fn benign(
        finding: &Finding,
        reason: &str,
        expires: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<SuppressRule, RuleError> {
        let about_ip = finding.subject_ip().is_some();
        let users = if about_ip { Vec::new() } else { finding.users.clone() };
        let networks: Vec<Network> = finding.ips.iter().filter_map(|ip| Network::parse(ip)).collect();
        if users.is_empty() && networks.is_empty() {
            return Err(RuleError::Unspecific);
        }
        let when = Conditions { kinds: vec![finding.kind], users, networks, ..Conditions::default() };
        let name = format!("{}-{}", finding.kind.name(), now.format("%Y%m%dT%H%M%SZ"));
        SuppressRule::new(&name, reason, when, expires)
    }

    /// The rule's name: how output says which rule suppressed a finding.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Why its findings are benign (safe to print).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// When it stops applying, if ever.
    pub fn expires(&self) -> Option<DateTime<Utc>> {
        self.expires
    }

    /// What it matches.
    pub fn conditions(&self) -> &Conditions {
        &self.when
    }

    /// Whether it no longer applies at `now`.
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires.is_some_and(|at| at <= now)
    }

    /// Whether `finding` meets every condition given (expiry aside; see [`Conditions`]).
    pub fn covers(&self, finding: &Finding) -> bool {
        let w = &self.when;
        let kind = w.kinds.is_empty() || w.kinds.contains(&finding.kind);
        let users = w.users.is_empty() || all_of(&finding.users, |u| w.users.iter().any(|r| r.eq_ignore_ascii_case(u)));
        let ips = w.networks.is_empty() || all_of(&finding.ips, |ip| w.networks.iter().any(|n| n.contains_text(ip)));
        let origins = &finding.origins;
        let asns = w.asns.is_empty() || all_of(&origins.asns, |a| w.asns.contains(a));
        let agents = w.user_agents.is_empty()
            || all_of(&origins.user_agents, |a| w.user_agents.iter().any(|r| contains_caseless(a, r)));
        kind && users && ips && asns && agents
    }

    /// Its conditions in words, as the journal and notes show them
    /// (`kind password_spray; ip 203.0.113.0/24`); safe to print.
    pub fn conditions_text(&self) -> String {
        let w = &self.when;
        let mut parts = Vec::new();
        let mut part = |key: &str, values: Vec<String>| {
            if !values.is_empty() {
                parts.push(format!("{key} {}", values.join(", ")));
            }
        };
        part("kind", w.kinds.iter().map(|k| k.name().to_string()).collect());
        part("user", w.users.clone());
        part("ip", w.networks.iter().map(Network::to_string).collect());
        part("asn", w.asns.iter().map(i64::to_string).collect());
        part("user_agent", w.user_agents.iter().map(|a| format!("*{a}*")).collect());
        sanitize::clean(&parts.join("; ")).into_owned()
    }

    /// The rule as one `[[detections.suppress.rule]]` table of TOML, ending in a newline:
    /// every value a TOML string, number or array, escaped by the TOML writer.
    pub fn to_toml(&self) -> String {
        let mut out = String::from("[[detections.suppress.rule]]\n");
        let mut line = |key: &str, value: toml::Value| {
            let _ = writeln!(out, "{key} = {value}");
        };
        let text = |s: &str| toml::Value::String(s.to_string());
        line("name", text(&self.name));
        line("reason", text(&self.reason));
        if let Some(at) = self.expires {
            line("expires", text(&at.to_rfc3339_opts(SecondsFormat::Secs, true)));
        }
        let w = &self.when;
        let mut list = |key: &str, mut values: Vec<toml::Value>| match values.len() {
            0 => {}
            1 => line(key, values.swap_remove(0)),
            _ => line(key, toml::Value::Array(values)),
        };
        list("kind", w.kinds.iter().map(|k| text(k.name())).collect());
        list("user", w.users.iter().map(|u| text(u)).collect());
        list("ip", w.networks.iter().map(|n| text(&n.to_string())).collect());
        list("asn", w.asns.iter().map(|a| toml::Value::Integer(*a)).collect());
        list("user_agent", w.user_agents.iter().map(|a| text(a)).collect());
        out
    }
}

/// Whether `items` is not empty and each meets `covered`.
fn all_of<T>(items: &[T], covered: impl Fn(&T) -> bool) -> bool {
    !items.is_empty() && items.iter().all(covered)
}

/// Whether `haystack` contains `lower` (already lower-case), ignoring ASCII case.
fn contains_caseless(haystack: &str, lower: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), lower.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

fn checked_name(name: &str) -> Result<String, RuleError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(RuleError::NoName);
    }
    let usable = name.chars().count() <= MAX_NAME
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if usable {
        Ok(name.to_string())
    } else {
        Err(RuleError::BadName(sanitize::clean_with_limit(name, MAX_NAME + 1).into_owned()))
    }
}

/// A rule as written in the config file, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleText {
    name: Option<String>,
    reason: Option<String>,
    expires: Option<TimeText>,
    #[serde(default)]
    kind: OneOrMany<String>,
    #[serde(default)]
    user: OneOrMany<String>,
    #[serde(default)]
    ip: OneOrMany<String>,
    #[serde(default)]
    asn: OneOrMany<i64>,
    #[serde(default)]
    user_agent: OneOrMany<String>,
}

/// A time as TOML writes one (`expires = 2025-07-01T00:00:00Z`) or as a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum TimeText {
    Text(String),
    Toml(toml::value::Datetime),
}

/// One value or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(v) => vec![v],
            OneOrMany::Many(vs) => vs,
        }
    }
}

impl TryFrom<RuleText> for SuppressRule {
    type Error = RuleError;

    fn try_from(t: RuleText) -> Result<SuppressRule, RuleError> {
        let name = checked_name(t.name.as_deref().unwrap_or_default())?;
        let shown = |s: &str| sanitize::clean_with_limit(s, 80).into_owned();
        let kinds = t
            .kind
            .into_vec()
            .into_iter()
            .map(|k| {
                FindingKind::from_name(&k).ok_or_else(|| RuleError::UnknownKind { rule: name.clone(), kind: shown(&k) })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let networks = t
            .ip
            .into_vec()
            .into_iter()
            .map(|ip| Network::parse(&ip).ok_or_else(|| RuleError::BadNetwork { rule: name.clone(), ip: shown(&ip) }))
            .collect::<Result<Vec<_>, _>>()?;
        let expires = match t.expires {
            None => None,
            Some(time) => {
                let text = match time {
                    TimeText::Text(s) => s,
                    TimeText::Toml(d) => d.to_string(),
                };
                let at = DateTime::parse_from_rfc3339(text.trim())
                    .map_err(|_| RuleError::BadTime { rule: name.clone(), time: shown(&text) })?;
                Some(at.with_timezone(&Utc))
            }
        };
        let when = Conditions {
            kinds,
            users: t.user.into_vec(),
            networks,
            asns: t.asn.into_vec(),
            user_agents: t.user_agent.into_vec(),
        };
        SuppressRule::new(&name, t.reason.as_deref().unwrap_or_default(), when, expires)
    }
}
