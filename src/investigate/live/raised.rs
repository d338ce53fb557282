//! Which findings were raised: each under a stable id, with the severity it was last
//! raised at, so a finding is raised once when first justified and again (same id) only
//! when it grows worse.
//!
//! The id is the finding's kind, its principal (the spray's source IP, else its first user,
//! else its first IP) and its first evidence event, hashed: the same events give the same
//! id on every run. A finding judged again after more of its events arrived (or after its
//! oldest left the window, or after a late event joined it before its start) is the same
//! finding when it has the same kind and principal and its time span overlaps one raised:
//! it keeps that one's id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::investigate::{Finding, FindingKind, FindingSeverity};

/// The entity a finding is about: the spray's source IP (or the IP of a finding naming no
/// user), else its first user, else nothing.
pub fn principal(finding: &Finding) -> &str {
    finding.subject_ip().or(finding.users.first().map(String::as_str)).unwrap_or("")
}

/// The id of a finding first raised as `finding`.
pub fn finding_id(finding: &Finding) -> String {
    let mut hash = Sha256::new();
    for part in [finding.kind.name(), principal(finding), finding.evidence.first().map_or("", String::as_str)] {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}", finding.kind.name())
}

/// A finding as raised: what later judgements are matched against (and what `--resume`
/// keeps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Stored", into = "Stored")]
pub struct Raised {
    pub id: String,
    pub kind: FindingKind,
    pub principal: String,
    pub severity: FindingSeverity,
    /// The span of its evidence so far, ms since the epoch.
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

/// A [`Raised`] as a file keeps it: kind and severity by their stable names.
#[derive(Serialize, Deserialize)]
struct Stored {
    id: String,
    kind: String,
    principal: String,
    severity: String,
    first_ms: Option<i64>,
    last_ms: Option<i64>,
}

impl From<Raised> for Stored {
    fn from(r: Raised) -> Stored {
        let (kind, severity) = (r.kind.name().to_string(), r.severity.name().to_string());
        Stored { id: r.id, kind, principal: r.principal, severity, first_ms: r.first_ms, last_ms: r.last_ms }
    }
}

impl TryFrom<Stored> for Raised {
    type Error = String;

    fn try_from(s: Stored) -> Result<Raised, String> {
        let kind = FindingKind::from_name(&s.kind).ok_or_else(|| format!("no finding kind {:?}", s.kind))?;
        let severity = severity_named(&s.severity).ok_or_else(|| format!("no severity {:?}", s.severity))?;
        Ok(Raised { id: s.id, kind, principal: s.principal, severity, first_ms: s.first_ms, last_ms: s.last_ms })
    }
}

/// The severity with this name (`low`, `medium`, `high`, `critical`; any case).
pub fn severity_named(name: &str) -> Option<FindingSeverity> {
    use FindingSeverity::{Critical, High, Low, Medium};
    [Low, Medium, High, Critical].into_iter().find(|s| s.name().eq_ignore_ascii_case(name.trim()))
}

impl Raised {
    fn overlaps(&self, first: Option<i64>, last: Option<i64>) -> bool {
        match (self.first_ms, self.last_ms, first, last) {
            (Some(a), Some(b), Some(c), Some(d)) => a <= d && c <= b,
            _ => false,
        }
    }
}

/// What a judgement of a finding comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Raised for the first time, under this id.
    New(String),
    /// Raised before under this id, now worse: what changed, in one line.
    Worse { id: String, changed: String },
    /// Raised before, no worse.
    Known,
}

/// The findings raised, by kind and principal; those whose evidence ended long before the
/// window's newest event are forgotten (they cannot be judged again), and at most `cap`
/// are held.
#[derive(Debug, Clone, Default)]
pub struct RaisedTable {
    by_key: BTreeMap<(FindingKind, String), Vec<Raised>>,
    len: usize,
}

/// The most findings the table holds; past it the ones that ended first are forgotten.
pub const RAISED_CAP: usize = 100_000;

impl RaisedTable {
    /// A table holding `raised` (as a `--resume` file kept them).
    pub fn of(raised: impl IntoIterator<Item = Raised>) -> RaisedTable {
        let mut table = RaisedTable::default();
        for r in raised {
            table.len += 1;
            table.by_key.entry((r.kind, r.principal.clone())).or_default().push(r);
        }
        table
    }

    /// How many findings are held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every finding held.
    pub fn all(&self) -> impl Iterator<Item = &Raised> {
        self.by_key.values().flatten()
    }

    /// Judges `finding` against what was raised, recording it.
    pub fn judge(&mut self, finding: &Finding) -> Verdict {
        let first = finding.first_seen.map(|t| t.timestamp_millis());
        let last = finding.last_seen.map(|t| t.timestamp_millis());
        let id = finding_id(finding);
        let key = (finding.kind, principal(finding).to_string());
        let raised = self.by_key.entry(key.clone()).or_default();
        let known = raised.iter_mut().find(|r| r.id == id || r.overlaps(first, last));
        let Some(known) = known else {
            raised.push(Raised {
                id: id.clone(),
                kind: key.0,
                principal: key.1,
                severity: finding.severity,
                first_ms: first,
                last_ms: last,
            });
            self.len += 1;
            return Verdict::New(id);
        };
        known.first_ms = earlier(known.first_ms, first);
        known.last_ms = known.last_ms.max(last);
        if finding.severity <= known.severity {
            return Verdict::Known;
        }
        let changed = format!("severity {} → {}", known.severity.name(), finding.severity.name());
        known.severity = finding.severity;
        Verdict::Worse { id: known.id.clone(), changed }
    }

    /// Forgets the findings whose evidence ended before `before_ms` (undated ones too), and
    /// the earliest ended past [`RAISED_CAP`].
    pub fn forget_before(&mut self, before_ms: i64) {
        for raised in self.by_key.values_mut() {
            raised.retain(|r| r.last_ms.is_some_and(|l| l >= before_ms));
        }
        self.by_key.retain(|_, r| !r.is_empty());
        self.len = self.by_key.values().map(Vec::len).sum();
        if self.len > RAISED_CAP {
            let mut ends: Vec<i64> = self.all().filter_map(|r| r.last_ms).collect();
            if ends.is_empty() {
                return;
            }
            let cut = self.len.saturating_sub(RAISED_CAP);
            let nth = cut.min(ends.len().saturating_sub(1));
            let (_, &mut end, _) = ends.select_nth_unstable(nth);
            self.forget_before(end.saturating_add(1));
        }
    }
}

/// The earlier of two times, either may be unknown.
fn earlier(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
