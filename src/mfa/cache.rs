//! The sweep's answer and its file: one JSON file per profile, org and scope in the data dir
//! (`mfa/<profile>-<hash>.json`), written atomically (a temporary file, then a rename) after
//! every checkpoint, so a cancelled sweep resumes and a finished one is refreshed from the
//! System Log. A file that does not parse, or of another format version, is ignored (the
//! caller warns and rebuilds it).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::classify::{FactorBrief, MfaClass};
use super::scope::Scope;
use crate::files::{self, Limit, ReadError};

/// Version of the file's layout; a file of another version is rebuilt.
pub const FORMAT: u32 = 1;

/// One user as the sweep knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMfa {
    pub id: String,
    pub login: String,
    pub name: String,
    pub status: String,
    /// Okta's `lastLogin`, as sent.
    pub last_login: Option<String>,
    /// `None` until the factors have been read.
    pub class: Option<MfaClass>,
    pub factors: Vec<FactorBrief>,
    /// Whether the user holds an admin role; `None` when roles could not be read.
    pub admin: Option<bool>,
    /// When the factors were read.
    pub fetched_at: Option<DateTime<Utc>>,
}

/// A sweep's whole answer, finished or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRecord {
    pub format: u32,
    /// The org URL it was taken from.
    pub org: String,
    pub scope: Scope,
    /// When the full sweep this answer comes from started.
    pub started_at: DateTime<Utc>,
    /// When it finished; `None` while it runs or after it was cancelled.
    pub completed_at: Option<DateTime<Utc>>,
    /// The System Log has been read up to here (the next incremental refresh starts here).
    pub log_checked_until: Option<DateTime<Utc>>,
    /// The users the sweep looks at, by login.
    pub users: Vec<UserMfa>,
    /// Users listed but gone (404) by the time their factors were read.
    pub deleted: u32,
}

impl SweepRecord {
    /// A new, empty record for `org` and `scope`, started now.
    pub fn new(org: &str, scope: Scope, started_at: DateTime<Utc>) -> SweepRecord {
        SweepRecord {
            format: FORMAT,
            org: org.to_string(),
            scope,
            started_at,
            completed_at: None,
            log_checked_until: None,
            users: Vec::new(),
            deleted: 0,
        }
    }

    /// Whether the full sweep finished.
    pub fn is_complete(&self) -> bool {
        self.completed_at.is_some()
    }

    /// Users whose factors are not read yet.
    pub fn pending(&self) -> usize {
        self.users.iter().filter(|u| u.class.is_none()).count()
    }

    /// How many users are in `class`.
    pub fn count(&self, class: MfaClass) -> usize {
        self.users.iter().filter(|u| u.class == Some(class)).count()
    }
}

/// The cache files' directory in the data dir.
const DIR: &str = "mfa";
/// Far more than the record of the largest org (some 300 bytes a user); a larger file is not
/// oktui's.
const MAX_SIZE: Limit = Limit { bytes: 1024 * 1024 * 1024, words: "1 GiB" };

/// Why a cache file was not used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot read the MFA cache {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the MFA cache {path} is corrupt ({detail}); it is ignored and will be rebuilt")]
    Corrupt { path: PathBuf, detail: String },
    #[error("cannot write the MFA cache {path}: {source}. Check that the data directory is writable")]
    Write { path: PathBuf, source: std::io::Error },
}

/// Where one profile's answer for one org and scope is kept.
#[derive(Debug, Clone)]
pub struct CacheStore {
    data_dir: PathBuf,
    path: PathBuf,
}

impl CacheStore {
    /// The file for `profile`'s sweep of `org` over `scope`, under `data_dir/mfa/`.
    pub fn new(data_dir: &Path, profile: &str, org: &str, scope: &Scope) -> CacheStore {
        let digest = Sha256::digest(format!("{org}\n{}", scope.key()).as_bytes());
        let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        let profile: String =
            profile.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
        CacheStore { data_dir: data_dir.to_path_buf(), path: data_dir.join(DIR).join(format!("{profile}-{hash}.json")) }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The kept record: `Ok(None)` when there is none yet; an error when it is unreadable
    /// or corrupt (the caller warns and starts afresh).
    pub fn load(&self) -> Result<Option<SweepRecord>, CacheError> {
        let corrupt = |detail: String| CacheError::Corrupt { path: self.path.clone(), detail };
        let mut text = Vec::new();
        match files::read_bounded(&self.path, MAX_SIZE, &mut text) {
            Ok(_) => {}
            Err(e) if e.is_not_found() => return Ok(None),
            Err(ReadError::Io(source)) => return Err(CacheError::Read { path: self.path.clone(), source }),
            Err(e) => return Err(corrupt(format!("it {e}"))),
        }
        let record: SweepRecord = serde_json::from_slice(&text).map_err(|e| corrupt(e.to_string()))?;
        if record.format != FORMAT {
            return Err(corrupt(format!("format {} is not {FORMAT}", record.format)));
        }
        Ok(Some(record))
    }

    /// Writes `record` atomically, private to the user (file 0600 in a 0700 directory: it
    /// lists who lacks MFA, by login).
    pub fn save(&self, record: &SweepRecord) -> Result<(), CacheError> {
        let write_err = |source| CacheError::Write { path: self.path.clone(), source };
        let body = serde_json::to_vec(record).map_err(|e| write_err(std::io::Error::other(e)))?;
        files::own_dir(&self.data_dir, Some(DIR)).map_err(write_err)?;
        files::replace(&self.path, &body).map_err(write_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> SweepRecord {
        let at: DateTime<Utc> = "2026-11-30T12:00:00Z".parse().unwrap();
        let mut r = SweepRecord::new("https://acme.okta.com", Scope::All, at);
        r.users.push(UserMfa {
            id: "00u1".into(),
            login: "a@x.example".into(),
            name: "A".into(),
            status: "ACTIVE".into(),
            last_login: None,
            class: Some(MfaClass::None),
            factors: vec![],
            admin: Some(true),
            fetched_at: Some(at),
        });
        r
    }

    #[test]
    fn saves_and_loads_per_profile_and_scope() {
        let dir = tempfile::tempdir().unwrap();
        let store = CacheStore::new(dir.path(), "prod", "https://acme.okta.com", &Scope::All);
        assert!(store.load().unwrap().is_none());
        store.save(&record()).unwrap();
        assert_eq!(store.load().unwrap(), Some(record()));
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(store.path()), mode(store.path().parent().unwrap())), (0o600, 0o700));
        let tmp = store.path().with_extension("json.tmp");
        std::fs::write(&tmp, b"left by a crash").unwrap();
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644)).unwrap();
        store.save(&record()).unwrap();
        assert_eq!(mode(store.path()), 0o600, "a stale temporary file does not lend its mode");
        let other = CacheStore::new(dir.path(), "prod", "https://acme.okta.com", &Scope::Group("Admins".into()));
        assert_ne!(other.path(), store.path());
        assert!(other.load().unwrap().is_none());
    }

    #[test]
    fn a_corrupt_file_is_reported_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let store = CacheStore::new(dir.path(), "p/../x", "https://acme.okta.com", &Scope::All);
        assert!(store.path().starts_with(dir.path().join("mfa")));
        std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        std::fs::write(store.path(), b"{\"format\": 1, \"users\": [tru").unwrap();
        assert!(matches!(store.load(), Err(CacheError::Corrupt { .. })));
        store.save(&record()).unwrap();
        assert_eq!(store.load().unwrap().unwrap().users.len(), 1);
    }
}
