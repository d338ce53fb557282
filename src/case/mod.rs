//! The case file: what an analyst hands to the next shift about one user's investigation or
//! one hunt finding, as a folder of private files (0600 in a 0700 folder) that is never
//! written over:
//!
//! - `note.md`: the analyst's note (who, what, when, the findings with their explanations, the
//!   actions taken on the user, open questions), every string from Okta escaped for Markdown;
//! - `findings.json`: the report object (`oktui investigate --format json`), or the hunt's
//!   `{window, findings}` with the one finding;
//! - `evidence.jsonl`: every event the findings cite, read back from Okta by uuid exactly as
//!   Okta sends it (one per line; the JSON writer escapes only what a terminal would act on);
//! - `timeline.csv`: one line per event and per journaled action, in time order, UTC;
//! - `actions.jsonl`: the audit journal's records of actions on the user in this org;
//! - `manifest.json`: each file's SHA-256 and size, the org, the window, the operator,
//!   oktui's version, and which cited events Okta no longer returned.
//!
//! The console (`E`) and `oktui investigate --case DIR` both call [`write`]; this module
//! knows nothing of either.

mod folder;
mod manifest;
mod note;
mod timeline;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;

pub use folder::{check_target, console_dir};
pub use manifest::{Manifest, ManifestFile, MANIFEST};

use crate::actions::audit::{self, Record};
use crate::investigate::report::UserReport;
use crate::investigate::{Finding, LogWindow};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::logs::by_uuid::{read_by_uuid, Wanted};
use crate::okta::model::LogEvent;
use crate::okta::ratelimit::Priority;

/// What a case file is about.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseSubject {
    /// One user's investigation: its report and the events it was judged from.
    User { report: Box<UserReport>, events: Arc<[LogEvent]> },
    /// One finding of a hunt over `window`.
    Finding { finding: Box<Finding>, window: LogWindow },
}

impl CaseSubject {
    /// The findings the case holds.
    pub fn findings(&self) -> &[Finding] {
        match self {
            CaseSubject::User { report, .. } => &report.findings,
            CaseSubject::Finding { finding, .. } => std::slice::from_ref(finding.as_ref()),
        }
    }

    /// The window read.
    pub fn window(&self) -> LogWindow {
        match self {
            CaseSubject::User { report, .. } => report.window,
            CaseSubject::Finding { window, .. } => *window,
        }
    }

    /// The uuids the findings cite, each once, in the order first cited.
    fn cited(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.findings().iter().flat_map(|f| f.evidence.iter().map(String::as_str)).filter(|u| seen.insert(*u)).collect()
    }

    /// Whether a journal record is about this case's user (by id or login) in `org`.
    fn concerns(&self, record: &Record, org: &str) -> bool {
        if record.org != org {
            return false;
        }
        let same_login = |login: &str| !login.is_empty() && record.target_login.eq_ignore_ascii_case(login);
        match self {
            CaseSubject::User { report, .. } => {
                (!report.user.id.is_empty() && record.target_id == report.user.id) || same_login(&report.user.login)
            }
            CaseSubject::Finding { finding, .. } => finding.users.iter().any(|u| same_login(u)),
        }
    }
}

/// Who writes the case, for what org, where the audit journal is, and whether it is masked.
#[derive(Debug, Clone)]
pub struct CaseContext {
    /// The org URL, as the journal records it.
    pub org: String,
    /// The profile (or the demo's label).
    pub profile: String,
    /// `account@host`, as the journal records it.
    pub operator: String,
    /// The audit journal to take the user's actions from (a missing one holds none).
    pub journal: PathBuf,
    /// Written while masked (`--mask`, the console's `m`): every login, email, name and IP
    /// in every file (the manifest's subject too) is its pseudonym of this session; the
    /// evidence is then the events as Okta sent them but for those values.
    pub mask: Option<crate::mask::Masker>,
}

/// Why a case file was not written.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The folder exists and holds files: a case file never writes over anything.
    #[error("{0} already holds files: a case file is never written over another; choose a new folder")]
    NotEmpty(PathBuf),
    /// The path is not a folder.
    #[error("{0} exists and is not a folder: choose a new folder for the case file")]
    NotAFolder(PathBuf),
    /// The evidence could not be read back from Okta.
    #[error("cannot read the cited events back from Okta: {0}")]
    Okta(#[from] OktaError),
    /// The audit journal could not be read.
    #[error("cannot read the audit journal {path}: {source}")]
    Journal { path: PathBuf, source: std::io::Error },
    /// A file could not be written.
    #[error("cannot write {path}: {source}; check the folder's permissions and free space")]
    Write { path: PathBuf, source: std::io::Error },
}

impl CaseError {
    /// Whether the folder itself was refused (a usage error: nothing was read or written).
    pub fn is_refusal(&self) -> bool {
        matches!(self, CaseError::NotEmpty(_) | CaseError::NotAFolder(_))
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseWritten {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

impl CaseWritten {
    /// One line for a status bar or stderr: where, and how much evidence.
    pub fn summary(&self) -> String {
        let e = &self.manifest.evidence;
        let missing = if e.missing.is_empty() {
            String::new()
        } else {
            format!(", {} no longer returned by Okta", e.missing.len())
        };
        format!("case file written to {} ({} of {} cited events{missing})", self.dir.display(), e.included, e.cited)
    }
}

/// The cited events as Okta sends them, oldest first, with the ones it did not return.
struct Evidence {
    events: Vec<(String, Box<RawValue>, LogEvent)>,
    missing: Vec<String>,
}

/// Writes the case file of `subject` into `dir` (created 0700 if missing; refused if it
/// holds anything), reading the cited events back from Okta and the user's actions from the
/// journal.
pub async fn write(
    client: &Client,
    subject: &CaseSubject,
    ctx: &CaseContext,
    dir: &Path,
) -> Result<CaseWritten, CaseError> {
    check_target(dir)?;
    let evidence = read_evidence(client, subject).await?;
    let (records, _) =
        audit::read(&ctx.journal).map_err(|source| CaseError::Journal { path: ctx.journal.clone(), source })?;
    let actions: Vec<Record> = records.into_iter().filter(|r| subject.concerns(r, &ctx.org)).collect();
    let written_at = Utc::now();
    let mut files = render(subject, ctx, &evidence, &actions, written_at)?;
    let mut draft = Manifest::draft(subject, ctx, written_at, evidence.cited(), evidence.missing.clone());
    if let Some(masker) = &ctx.mask {
        mask_case(masker.clone(), subject, &evidence, &mut files, &mut draft)?;
    }
    let target = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let manifest = folder::write_case(&target, &files, draft)?;
        Ok(CaseWritten { dir: target, manifest })
    })
    .await
    .map_err(|e| CaseError::Write { path: dir.to_path_buf(), source: std::io::Error::other(e) })?
}

impl Evidence {
    fn cited(&self) -> usize {
        self.events.len() + self.missing.len()
    }
}

/// Reads the cited events back by uuid, around when they were published where the case
/// knows it; a hunt's finding is looked for between its first and last evidence.
async fn read_evidence(client: &Client, subject: &CaseSubject) -> Result<Evidence, CaseError> {
    let cited = subject.cited();
    let window = subject.window();
    let (wanted, fallback): (Vec<Wanted>, (DateTime<Utc>, DateTime<Utc>)) = match subject {
        CaseSubject::User { events, .. } => {
            let times: std::collections::HashMap<&str, Option<DateTime<Utc>>> =
                events.iter().filter_map(|e| Some((e.uuid.as_deref()?, e.published_at()))).collect();
            let when = |uuid: &str| times.get(uuid).copied().flatten();
            let wanted = cited.iter().map(|u| Wanted { uuid: u.to_string(), published: when(u) }).collect();
            (wanted, (window.since, window.until))
        }
        CaseSubject::Finding { finding, .. } => {
            let second = chrono::Duration::seconds(1);
            let span = match (finding.first_seen, finding.last_seen) {
                (Some(a), Some(b)) => {
                    (a.checked_sub_signed(second).unwrap_or(a), b.checked_add_signed(second).unwrap_or(b))
                }
                _ => (window.since, window.until),
            };
            (cited.iter().map(|u| Wanted { uuid: u.to_string(), published: None }).collect(), span)
        }
    };
    let read = read_by_uuid(client, &wanted, fallback, Priority::Interactive).await?;
    let mut events: Vec<(String, Box<RawValue>, LogEvent)> = read
        .events
        .into_iter()
        .map(|(uuid, raw)| {
            let parsed = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get())
                .map(LogEvent::from_object)
                .unwrap_or_default();
            (uuid, raw, parsed)
        })
        .collect();
    events.sort_by_key(|(_, _, e)| (e.published_at().is_none(), e.published_at()));
    Ok(Evidence { events, missing: read.missing })
}

/// Masks every file and the manifest's subject: first learns the users the case names (its
/// user, the findings' users, every event's actors and targets), then replaces each login,
/// email, name and IP: JSON string by string (so it stays JSON), text as text.
fn mask_case(
    mut masker: crate::mask::Masker,
    subject: &CaseSubject,
    evidence: &Evidence,
    files: &mut [(&'static str, Vec<u8>)],
    draft: &mut Manifest,
) -> Result<(), CaseError> {
    match subject {
        CaseSubject::User { report, events } => {
            masker.learn_user(&report.user.login, &report.user.name);
            for event in events.iter() {
                if let Ok(value) = serde_json::to_value(event) {
                    masker.learn_json(&value);
                }
            }
        }
        CaseSubject::Finding { finding, .. } => finding.users.iter().for_each(|u| masker.learn_user(u, "")),
    }
    for (_, raw, _) in &evidence.events {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(raw.get()) {
            masker.learn_json(&value);
        }
    }
    for (name, content) in files.iter_mut() {
        let failed = |source| CaseError::Write { path: PathBuf::from(*name), source };
        let masked = if name.ends_with(".json") || name.ends_with(".jsonl") {
            let text = String::from_utf8_lossy(content);
            let mut out = Vec::with_capacity(content.len());
            if name.ends_with(".jsonl") {
                for line in text.lines() {
                    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| failed(e.into()))?;
                    crate::output::json::write_line(&mut out, &masker.json(&value)).map_err(failed)?;
                }
            } else {
                let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| failed(e.into()))?;
                crate::output::json::write_pretty(&mut out, &masker.json(&value)).map_err(failed)?;
            }
            out
        } else {
            masker.text(&String::from_utf8_lossy(content)).into_owned().into_bytes()
        };
        *content = masked;
    }
    draft.subject = match &draft.subject {
        manifest::Subject::Investigation { user, user_id } => {
            manifest::Subject::Investigation { user: masker.text(user).into_owned(), user_id: user_id.clone() }
        }
        manifest::Subject::Finding { finding, users, ips } => manifest::Subject::Finding {
            finding,
            users: users.iter().map(|u| masker.text(u).into_owned()).collect(),
            ips: ips.iter().map(|i| masker.text(i).into_owned()).collect(),
        },
    };
    draft.masked = true;
    Ok(())
}

/// The files' contents, by name, in the order they are listed in the manifest.
fn render(
    subject: &CaseSubject,
    ctx: &CaseContext,
    evidence: &Evidence,
    actions: &[Record],
    written_at: DateTime<Utc>,
) -> Result<Vec<(&'static str, Vec<u8>)>, CaseError> {
    let failed = |name: &str| {
        let name = name.to_string();
        move |source| CaseError::Write { path: PathBuf::from(name), source }
    };
    let mut findings = Vec::new();
    match subject {
        CaseSubject::User { report, .. } => crate::output::json::write_pretty(&mut findings, report),
        CaseSubject::Finding { finding, window } => crate::output::json::write_pretty(
            &mut findings,
            &serde_json::json!({"window": window, "findings": [finding]}),
        ),
    }
    .map_err(failed("findings.json"))?;
    let mut jsonl = Vec::new();
    for (_, raw, _) in &evidence.events {
        crate::output::json::write_raw_line(&mut jsonl, raw.get()).map_err(failed("evidence.jsonl"))?;
    }
    let mut journal = Vec::new();
    for record in actions {
        crate::output::json::write_line(&mut journal, record).map_err(failed("actions.jsonl"))?;
    }
    let timeline_events: Vec<&LogEvent> = match subject {
        CaseSubject::User { report, events } => {
            let cited: HashSet<&str> = subject.cited().into_iter().collect();
            let (id, login) = (report.user.id.as_str(), report.user.login.as_str());
            events
                .iter()
                .filter(|e| {
                    e.uuid.as_deref().is_some_and(|u| cited.contains(u))
                        || crate::investigate::report::is_actor(e, id, login)
                        || crate::investigate::report::is_target(e, id, login)
                })
                .collect()
        }
        CaseSubject::Finding { .. } => evidence.events.iter().map(|(_, _, e)| e).collect(),
    };
    let timeline = timeline::csv(&timeline_events, actions, subject.findings()).map_err(failed("timeline.csv"))?;
    let note = note::markdown(
        subject,
        ctx,
        &note::Facts { evidence: &evidence.events, missing: &evidence.missing, actions, written_at },
    );
    Ok(vec![
        ("note.md", note.into_bytes()),
        ("findings.json", findings),
        ("evidence.jsonl", jsonl),
        ("timeline.csv", timeline),
        ("actions.jsonl", journal),
    ])
}
