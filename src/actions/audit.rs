//! The audit journal: `audit.jsonl` in the data dir, append-only JSON Lines. Each action
//! writes an intent record when approved and an outcome record when it ends, both with
//! the approval's id, each written and fsynced before the next step. The file is opened for
//! appending only and never rewritten. A record holds no secret: ids, logins, statuses,
//! Okta's request ids and the operator's reason, nothing from a credential.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::approval::Approved;
use super::error::ActionError;
use crate::files::{self, ReadError};
use crate::investigate::suppress::SuppressRule;

/// The journal's file name in the data dir.
pub const FILE_NAME: &str = "audit.jsonl";

/// The demo's journal (`oktui demo`, a simulated org) in the data dir: kept apart, so what was
/// done to a simulated org never mixes with the actions on real ones.
pub const DEMO_FILE_NAME: &str = "demo-audit.jsonl";

/// The journal in `data_dir` that actions are written to and read from: the demo's own for
/// a simulated org, else [`FILE_NAME`].
pub fn journal_path(data_dir: &Path, demo: bool) -> PathBuf {
    data_dir.join(if demo { DEMO_FILE_NAME } else { FILE_NAME })
}

/// Which of an action's two records this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Written when approved, before anything is sent.
    Intent,
    /// Written when the action ended (done, failed or unknown).
    Outcome,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The approval's id: an intent and its outcome share it.
    pub id: String,
    pub phase: Phase,
    pub time: DateTime<Utc>,
    pub org: String,
    pub profile: String,
    /// `account@host` of the machine that acted: the passwd name of the uid oktui ran as.
    pub operator: String,
    /// What `$USER` said, when it named someone other than the account: a claim, kept only
    /// as a label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_env: Option<String>,
    /// The command name: `suspend`, `unsuspend`, `clear-sessions`, `unlock`, `reset-factors`,
    /// `remove-factor`, `expire-password`, `logout-everywhere`, `set-risk`, `revoke-session`.
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoke_oauth_tokens: Option<bool>,
    /// clear-sessions: whether every device was made to forget the user's remembered factors
    /// (`forgetDevices`, always sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forget_devices: Option<bool>,
    /// remove-factor: the factor unenrolled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor_id: Option<String>,
    /// revoke-session: the session ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// set-risk: the level set (`HIGH`, `LOW`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_level: Option<String>,
    /// A step of a containment plan: the plan's id (each step's own `id` is `{plan_id}.{step}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    /// A step of a containment plan: its place, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// A step of a containment plan: every step of the plan, in order, so the journal says
    /// which steps did not run when a plan stopped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan_steps: Vec<String>,
    pub target_id: String,
    pub target_login: String,
    /// Intent: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Intent: the `uuid`s of the log events behind a proposal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Intent: the proposal's confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// Outcome: the HTTP status of the one request (none when no answer came).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Outcome: Okta's `X-Okta-Request-Id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Outcome: `verified`, `event-not-seen`, `failed`, `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Outcome: what happened, in words (Okta's errorCode and errorId when it failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Outcome: the user's status when re-read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_status: Option<String>,
    /// Outcome: the `uuid` of the matching System Log event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_uuid: Option<String>,
}

/// A line of the journal that is not an action: something done in the console that the
/// journal must show, such as unmasking a masked screen or marking a finding benign (a
/// suppression rule added to the config file). It has an `event` and none of an
/// action record's `id`, `phase` or `action`, so a reader of action records never takes it
/// for one (and [`read`] skips it rather than counting it unreadable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// What happened: [`SessionRecord::UNMASK`].
    pub event: String,
    pub time: DateTime<Utc>,
    pub org: String,
    pub profile: String,
    /// `account@host`, as for an action.
    pub operator: String,
    /// A suppression: the rule's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A suppression: what the rule matches, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    /// A suppression: why its findings are benign, as the operator typed it (made printable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A suppression: when the rule stops applying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<DateTime<Utc>>,
}

impl SessionRecord {
    /// The `event` of unmasking: logins, emails, names and IPs shown again on a screen that
    /// was masked for onlookers.
    pub const UNMASK: &'static str = "unmask";

    /// The `event` of a suppression rule added to the config file ("mark benign").
    pub const SUPPRESS: &'static str = "suppress";

    /// A record of `event` at `now` with nothing else to say (an unmask).
    pub fn new(event: &str, org: String, profile: String, operator: String) -> SessionRecord {
        SessionRecord {
            event: event.to_string(),
            time: Utc::now(),
            org,
            profile,
            operator,
            rule: None,
            conditions: None,
            reason: None,
            expires: None,
        }
    }

    /// The record of `rule` added to the config file by `operator`: its name, conditions,
    /// reason and expiry (each already printable: see [`SuppressRule::new`]).
    pub fn suppression(rule: &SuppressRule, org: String, profile: String, operator: String) -> SessionRecord {
        SessionRecord {
            rule: Some(rule.name().to_string()),
            conditions: Some(rule.conditions_text()),
            reason: Some(rule.reason().to_string()),
            expires: rule.expires(),
            ..SessionRecord::new(SessionRecord::SUPPRESS, org, profile, operator)
        }
    }
}

impl Record {
    /// The intent record of an approval.
    pub fn intent(approved: &Approved) -> Record {
        let plan = approved.plan();
        let evidence = plan.evidence.as_ref();
        Record {
            id: approved.id().to_string(),
            phase: Phase::Intent,
            time: Utc::now(),
            org: plan.org.clone(),
            profile: plan.profile.clone(),
            operator: approved.operator().to_string(),
            user_env: super::operator::claimed_user(),
            action: plan.action.name().to_string(),
            revoke_oauth_tokens: match plan.action {
                super::OrgChange::ClearSessions { revoke_oauth_tokens, .. } => Some(revoke_oauth_tokens),
                _ => None,
            },
            forget_devices: match plan.action {
                super::OrgChange::ClearSessions { forget_devices, .. } => Some(forget_devices),
                _ => None,
            },
            factor_id: match &plan.action {
                super::OrgChange::RemoveFactor { factor_id } => Some(factor_id.clone()),
                _ => None,
            },
            session_id: match &plan.action {
                super::OrgChange::RevokeSession { session_id } => Some(session_id.clone()),
                _ => None,
            },
            risk_level: match &plan.action {
                super::OrgChange::SetRisk { level } => Some(level.as_str().to_string()),
                _ => None,
            },
            plan_id: approved.part_of().map(|p| p.plan_id.clone()),
            step: approved.part_of().map(|p| p.step),
            plan_steps: approved.part_of().map(|p| p.steps.clone()).unwrap_or_default(),
            target_id: plan.target.id.clone(),
            target_login: plan.target.login.clone(),
            reason: Some(approved.reason().to_string()),
            evidence: evidence.map(|e| e.uuids.clone()).unwrap_or_default(),
            confidence: evidence.map(|e| e.confidence.clone()),
            http_status: None,
            request_id: None,
            result: None,
            detail: None,
            user_status: None,
            event_uuid: None,
        }
    }

    /// The outcome record that answers `intent`, its outcome fields empty.
    pub fn outcome_of(intent: &Record) -> Record {
        Record {
            phase: Phase::Outcome,
            time: Utc::now(),
            reason: None,
            evidence: Vec::new(),
            confidence: None,
            ..intent.clone()
        }
    }
}

/// The journal, open for appending.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// The journal in `data_dir` (created, mode 600 in a private data dir, if missing).
    /// Fails when it cannot be written: then no action may go ahead.
    pub fn open_in(data_dir: &Path) -> Result<Journal, ActionError> {
        Journal::open(&data_dir.join(FILE_NAME))
    }

    /// The journal at `path`, in oktui's data dir (made private, as [`files::own_dir`] says).
    pub fn open(path: &Path) -> Result<Journal, ActionError> {
        let unwritable = |e: std::io::Error| {
            ActionError::Refused(format!(
                "the audit journal {} cannot be written ({e}); fix its permissions or free space first",
                path.display()
            ))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::own_dir(dir, None).map_err(unwritable)?;
        }
        let file = files::append(path).map_err(unwritable)?;
        Ok(Journal { path: path.to_path_buf(), file: Mutex::new(file) })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record as one line and fsyncs it before returning.
    pub fn append(&self, record: &Record) -> Result<(), ActionError> {
        self.append_line(record)
    }

    /// Appends and fsyncs a [`SessionRecord`].
    pub fn append_session(&self, record: &SessionRecord) -> Result<(), ActionError> {
        self.append_line(record)
    }

    fn append_line(&self, record: &impl Serialize) -> Result<(), ActionError> {
        let mut line = serde_json::to_vec(record)
            .map_err(|e| ActionError::Refused(format!("cannot encode an audit record: {e}")))?;
        line.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(&line)
            .and_then(|_| file.sync_all())
            .map_err(|e| ActionError::Refused(format!("cannot write the audit journal {}: {e}", self.path.display())))
    }
}

/// A journal line longer than this is not a record (a record is a few hundred bytes).
const MAX_LINE: u64 = 1024 * 1024;

/// Every record of the journal at `path`, oldest first, and how many lines were not records
/// (a torn last line after a crash, a line too long to be one). A missing journal is empty;
/// anything but a regular file is refused.
pub fn read(path: &Path) -> std::io::Result<(Vec<Record>, usize)> {
    let (entries, bad) = read_entries(path)?;
    Ok((entries.into_iter().filter_map(Entry::into_action).collect(), bad))
}

/// Every line of the journal at `path`, actions and session records alike, oldest first, and
/// how many lines were not records (as [`read`]): what `oktui audit` and `:audit` show.
pub fn read_entries(path: &Path) -> std::io::Result<(Vec<Entry>, usize)> {
    let file = match files::open_regular(path) {
        Ok((file, _)) => file,
        Err(e) if e.is_not_found() => return Ok((Vec::new(), 0)),
        Err(ReadError::Io(e)) => return Err(e),
        Err(e) => return Err(std::io::Error::other(e.to_string())),
    };
    let mut reader = BufReader::new(file);
    let (mut records, mut bad, mut line) = (Vec::new(), 0, Vec::new());
    loop {
        line.clear();
        if (&mut reader).take(MAX_LINE).read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if !line.ends_with(b"\n") && u64::try_from(line.len()).map_or(true, |n| n >= MAX_LINE) {
            bad += 1;
            reader.skip_until(b'\n')?;
            continue;
        }
        match std::str::from_utf8(&line).map(str::trim) {
            Ok("") => {}
            Ok(text) => match serde_json::from_str::<Record>(text) {
                Ok(r) => records.push(Entry::from(r)),
                Err(_) => match serde_json::from_str::<SessionRecord>(text) {
                    Ok(r) => records.push(Entry::Session(r)),
                    Err(_) => bad += 1,
                },
            },
            Err(_) => bad += 1,
        }
    }
    Ok((records, bad))
}

/// One line of the journal as read back: an action's record, or a session's (an unmask).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Entry {
    Action(Box<Record>),
    Session(SessionRecord),
}

impl From<Record> for Entry {
    fn from(record: Record) -> Entry {
        Entry::Action(Box::new(record))
    }
}

impl Entry {
    /// The action's record; `None` for a session record.
    pub fn into_action(self) -> Option<Record> {
        match self {
            Entry::Action(r) => Some(*r),
            Entry::Session(_) => None,
        }
    }

    /// The login acted on; `None` for a session record.
    pub fn target_login(&self) -> Option<&str> {
        match self {
            Entry::Action(r) => Some(&r.target_login),
            Entry::Session(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::preflight::{Plan, Target};
    use crate::actions::{approve, Confirmation, OrgChange};

    /// An approved suspension of `j@x.io`.
    fn approved_suspend() -> Approved {
        let target = Target {
            id: "00u9".into(),
            login: "j@x.io".into(),
            name: "J".into(),
            status: "ACTIVE".into(),
            admin_roles: None,
            active_apps: None,
        };
        let plan = Plan::new(OrgChange::Suspend, target, "https://x".into(), "p".into(), None);
        approve(plan, "why", Confirmation::YesFlag, super::super::approval::Stamp::now()).unwrap()
    }

    #[test]
    fn an_unmask_is_a_line_of_the_journal_that_readers_of_actions_skip() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open_in(dir.path()).unwrap();
        let record = SessionRecord::new(
            SessionRecord::UNMASK,
            "https://acme.okta.com".into(),
            "prod".into(),
            "ana@laptop".into(),
        );
        journal.append_session(&record).unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        let line: SessionRecord = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(line, record, "written with its operator and time");
        let (records, bad) = read(&dir.path().join(FILE_NAME)).unwrap();
        assert!(records.is_empty(), "no action");
        assert_eq!(bad, 0, "and no unreadable line");
    }

    #[test]
    fn the_whole_journal_reads_back_its_unmasks_among_the_actions_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open_in(dir.path()).unwrap();
        let approved = approved_suspend();
        journal.append(&Record::intent(&approved)).unwrap();
        let unmask = SessionRecord::new(SessionRecord::UNMASK, "https://x".into(), "p".into(), "ana@laptop".into());
        journal.append_session(&unmask).unwrap();
        let (entries, bad) = read_entries(&dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(bad, 0);
        assert!(matches!(&entries[..], [Entry::Action(r), Entry::Session(s)] if r.action == "suspend" && *s == unmask));
        assert_eq!(entries[0].target_login(), Some("j@x.io"));
        assert_eq!(entries[1].target_login(), None);
        assert_eq!(serde_json::to_value(&entries[1]).unwrap()["event"], "unmask", "written back as it was read");
    }

    #[test]
    fn records_append_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open_in(dir.path()).unwrap();
        let approved = approved_suspend();
        let intent = Record::intent(&approved);
        journal.append(&intent).unwrap();
        let mut outcome = Record::outcome_of(&intent);
        outcome.result = Some("verified".into());
        journal.append(&outcome).unwrap();
        drop(journal);
        std::fs::OpenOptions::new().append(true).open(dir.path().join(FILE_NAME)).unwrap().write_all(b"{torn").unwrap();
        let (records, bad) = read(&dir.path().join(FILE_NAME)).unwrap();
        assert_eq!((records.len(), bad), (2, 1));
        let mut file = std::fs::OpenOptions::new().append(true).open(dir.path().join(FILE_NAME)).unwrap();
        file.write_all(
            format!("\n{}\n{}\n", "x".repeat(MAX_LINE as usize + 10), serde_json::to_string(&intent).unwrap())
                .as_bytes(),
        )
        .unwrap();
        let (records, bad) = read(&dir.path().join(FILE_NAME)).unwrap();
        assert_eq!((records.len(), bad), (3, 2), "a line too long to be a record is skipped, not held");
        assert_eq!(records[0].id, records[1].id);
        assert_eq!((records[0].phase, records[1].phase), (Phase::Intent, Phase::Outcome));
        assert_eq!(records[1].reason, None);
    }

    #[test]
    fn a_suppression_is_journaled_with_its_rule_and_reason_and_old_lines_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open_in(dir.path()).unwrap();
        let when = crate::investigate::suppress::Conditions {
            networks: vec![crate::investigate::suppress::Network::parse("203.0.113.7").unwrap()],
            ..Default::default()
        };
        let rule = SuppressRule::new("pentest", "the \x1b[2Jjune pentest\n", when, None).unwrap();
        let record = SessionRecord::suppression(&rule, "https://x".into(), "p".into(), "ana@laptop".into());
        journal.append_session(&record).unwrap();
        let unmask = r#"{"event":"unmask","time":"2025-06-01T00:00:00Z","org":"o","profile":"p","operator":"a@b"}"#;
        let mut file = std::fs::OpenOptions::new().append(true).open(dir.path().join(FILE_NAME)).unwrap();
        writeln!(file, "{unmask}").unwrap();
        let (entries, bad) = read_entries(&dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(bad, 0);
        let [Entry::Session(s), Entry::Session(old)] = &entries[..] else { panic!("{entries:?}") };
        assert_eq!((s.event.as_str(), s.rule.as_deref()), ("suppress", Some("pentest")));
        assert_eq!(s.reason.as_deref(), Some("the june pentest"), "made printable");
        assert_eq!(s.conditions.as_deref(), Some("ip 203.0.113.7"));
        assert_eq!((old.event.as_str(), old.rule.as_deref()), ("unmask", None), "an older line reads as before");
        assert!(read(&dir.path().join(FILE_NAME)).unwrap().0.is_empty(), "no action");
    }

    #[test]
    fn the_demo_keeps_a_journal_of_its_own() {
        let dir = Path::new("/data");
        assert_eq!(journal_path(dir, false), dir.join("audit.jsonl"));
        assert_eq!(journal_path(dir, true), dir.join("demo-audit.jsonl"));
    }

    #[test]
    fn an_unwritable_journal_refuses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(FILE_NAME)).unwrap();
        let e = Journal::open_in(dir.path()).unwrap_err();
        assert!(e.is_refusal() && e.to_string().contains("audit journal"), "{e}");
    }
}
