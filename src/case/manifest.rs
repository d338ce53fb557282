//! `manifest.json`: what the case file holds and how to check it (each file's SHA-256 and
//! size), for what org and window, written by whom with which oktui.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{CaseContext, CaseSubject};
use crate::investigate::LogWindow;

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// The manifest's `format`: a reader checks it before trusting the other fields.
const FORMAT: &str = "oktui-case/1";

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    /// `oktui-case/1`.
    pub format: &'static str,
    pub oktui_version: &'static str,
    pub written_at: DateTime<Utc>,
    pub org: String,
    pub profile: String,
    /// `account@host` of who wrote it.
    pub operator: String,
    pub subject: Subject,
    pub window: LogWindow,
    pub evidence: EvidenceCount,
    /// Every other file of the folder, in the order written.
    pub files: Vec<ManifestFile>,
    /// Written while masked: logins, emails, names and IPs are the session's pseudonyms.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub masked: bool,
}

/// What the case is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// One user's investigation.
    Investigation { user: String, user_id: String },
    /// One hunt finding.
    Finding { finding: &'static str, users: Vec<String>, ips: Vec<String> },
}

/// The cited events: how many, how many are in `evidence.jsonl`, and the uuids Okta no
/// longer returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceCount {
    pub cited: usize,
    pub included: usize,
    pub missing: Vec<String>,
}

/// One file: its name in the folder, its size and its SHA-256 (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestFile {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

impl ManifestFile {
    /// The entry of a file named `name` holding `content`.
    pub fn of(name: &str, content: &[u8]) -> ManifestFile {
        ManifestFile {
            name: name.to_string(),
            bytes: u64::try_from(content.len()).unwrap_or(u64::MAX),
            sha256: sha256_hex(content),
        }
    }
}

/// The SHA-256 of `content` in lower-case hex.
pub fn sha256_hex(content: &[u8]) -> String {
    format!("{:x}", Sha256::digest(content))
}

impl Manifest {
    /// Everything but the files, which are listed as they are written.
    pub(super) fn draft(
        subject: &CaseSubject,
        ctx: &CaseContext,
        written_at: DateTime<Utc>,
        cited: usize,
        missing: Vec<String>,
    ) -> Manifest {
        let about = match subject {
            CaseSubject::User { report, .. } => {
                Subject::Investigation { user: report.user.login.clone(), user_id: report.user.id.clone() }
            }
            CaseSubject::Finding { finding, .. } => Subject::Finding {
                finding: finding.kind.name(),
                users: finding.users.clone(),
                ips: finding.ips.clone(),
            },
        };
        Manifest {
            format: FORMAT,
            oktui_version: env!("CARGO_PKG_VERSION"),
            written_at,
            org: ctx.org.clone(),
            profile: ctx.profile.clone(),
            operator: ctx.operator.clone(),
            subject: about,
            window: subject.window(),
            evidence: EvidenceCount { cited, included: cited.saturating_sub(missing.len()), missing },
            files: Vec::new(),
            masked: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_sha256_in_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let f = ManifestFile::of("note.md", b"");
        assert_eq!((f.bytes, f.sha256.len()), (0, 64));
    }
}
