//! `--resume`: the tail's last `next` link, kept per profile in the data dir, so a restart
//! goes on where the last run stopped. A stored cursor is used only for the same org,
//! filter and keywords; anything else starts fresh from `--since`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files::{self, Limit};

/// A stored cursor is a link and a filter: anything larger is not one.
const MAX_SIZE: Limit = Limit { bytes: 1024 * 1024, words: "1 MiB" };

/// What was tailed and where it had got to. Holds no secret: a `next` link carries only the
/// cursor and the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCursor {
    pub org: String,
    pub filter: Option<String>,
    pub q: Option<String>,
    pub next: String,
}

/// The cursor files' directory in the data dir.
const DIR: &str = "tail";

/// Why a cursor could not be kept.
#[derive(Debug, thiserror::Error)]
#[error("cannot save the tail's position to {path}: {source}. Check that the data dir is writable")]
pub struct ResumeError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// The cursor file of one profile, private to the user (0600 in the 0700 `tail/` of the data
/// dir): it names the org and the filter, which may name users.
#[derive(Debug, Clone)]
pub struct CursorFile {
    data_dir: PathBuf,
    path: PathBuf,
}

impl CursorFile {
    /// The file for `profile` in `data_dir`.
    pub fn new(data_dir: &Path, profile: &str) -> CursorFile {
        let safe: String =
            profile.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
        CursorFile { data_dir: data_dir.to_path_buf(), path: data_dir.join(DIR).join(format!("{safe}.json")) }
    }

    /// Where it lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored `next` link for this org, filter and keywords, if there is one.
    pub fn load(&self, org: &str, filter: Option<&str>, q: Option<&str>) -> Option<String> {
        let text = files::read_text(&self.path, MAX_SIZE).ok()?;
        let stored: StoredCursor = serde_json::from_str(&text).ok()?;
        (stored.org == org && stored.filter.as_deref() == filter && stored.q.as_deref() == q).then_some(stored.next)
    }

    /// Replaces the stored cursor (written to a temporary file, then renamed into place).
    pub fn save(&self, cursor: &StoredCursor) -> Result<(), ResumeError> {
        let err = |source| ResumeError { path: self.path.clone(), source };
        let text = serde_json::to_vec(cursor).map_err(|e| err(std::io::Error::other(e)))?;
        files::own_dir(&self.data_dir, Some(DIR)).map_err(err)?;
        files::replace(&self.path, &text).map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn a_cursor_is_used_only_for_the_same_tail() {
        let dir = tempfile::tempdir().unwrap();
        let file = CursorFile::new(dir.path(), "prod/eu");
        assert!(file.path().ends_with("tail/prod_eu.json"));
        assert_eq!(file.load("https://a", None, None), None);
        let stored = StoredCursor {
            org: "https://a".into(),
            filter: Some("x".into()),
            q: None,
            next: "https://a/api/v1/logs?after=1_2".into(),
        };
        file.save(&stored).unwrap();
        assert_eq!(file.load("https://a", Some("x"), None).as_deref(), Some("https://a/api/v1/logs?after=1_2"));
        assert_eq!(file.load("https://a", None, None), None);
        assert_eq!(file.load("https://b", Some("x"), None), None);
        fs::write(file.path(), "garbage").unwrap();
        assert_eq!(file.load("https://a", Some("x"), None), None);
    }

    #[test]
    fn the_cursor_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = CursorFile::new(&dir.path().join("oktui"), "prod");
        let stored = StoredCursor { org: "https://a".into(), filter: None, q: None, next: "https://a/n".into() };
        file.save(&stored).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(file.path()), mode(file.path().parent().unwrap())), (0o600, 0o700));
        assert_eq!(mode(&dir.path().join("oktui")), 0o700, "the data dir it creates is private too");
    }
}
