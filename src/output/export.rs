//! The console's export files: CSV of a kind's columns ([`super::columns`], as the headless
//! listings print them), or JSON of Okta's objects as received; and [`write_new`], the one
//! way an export's file is made (the MFA gaps' too). Files go to the data directory,
//! readable by the user only, and an export never overwrites an earlier one. The console's
//! tasks call this; `ui/` only draws.
//!
//! Exports hold untrusted text from Okta, so neither format may carry a raw control,
//! escape sequence or bidi character into the spreadsheet or pager that opens it: CSV goes
//! through oktui's one CSV writer (cells cleaned, formulas defused); JSON holds the objects
//! with every string (keys too) cleaned, written by oktui's one JSON writer.

use std::fs::{self, File};
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde_json::Value;
use thiserror::Error;

use super::format::{self, Column, Format};
use super::json;
use crate::files;
use crate::sanitize::clean_with_limit;

/// How many numbered names (`-2`, `-3`, …) are tried before giving up.
const MAX_SUFFIX: u32 = 1_000;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The view's columns, one row per object.
    Csv,
    /// The objects as Okta returned them, as a JSON array.
    Json,
}

impl ExportFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The export directory does not exist and cannot be created.
    #[error("cannot create the export directory {}: {source}; check its permissions", dir.display())]
    CreateDir {
        /// The directory.
        dir: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The export file cannot be created.
    #[error("cannot create the export file {}: {source}; check the directory's permissions", path.display())]
    Create {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// Every numbered name for this export is taken.
    #[error("cannot export: {} already holds {MAX_SUFFIX} exports named {stem}*; move some away", dir.display())]
    NoFreeName {
        /// The export directory.
        dir: PathBuf,
        /// The common start of the names tried.
        stem: String,
    },
    /// Writing the file failed part-way; the partial file was removed.
    #[error("cannot write the export file {}: {source}; check free space", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// Writes `rows` to a new file `oktui-{kind}-{YYYYmmdd-HHMMSS}.csv|json` in `dir` (created,
/// private to the user, if missing) and returns its path. The file is created with mode
/// 0600 and never replaces another: a taken name gets `-2`, `-3`, … CSV has a header row of
/// the column names and every cell sanitised; JSON is the array of objects as received.
pub fn export(
    rows: &[Value],
    columns: &[Column],
    kind: &str,
    dir: &Path,
    format: ExportFormat,
    now: DateTime<Utc>,
) -> Result<PathBuf, ExportError> {
    let kind: String = kind.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    let stem = format!("oktui-{kind}-{}", now.format("%Y%m%d-%H%M%S"));
    write_new(dir, &stem, format.extension(), |out| match format {
        ExportFormat::Csv => format::write(out, Format::Csv, columns, rows, usize::MAX),
        ExportFormat::Json => write_json(out, rows),
    })
}

/// Writes a new file `{stem}.{ext}` (or `-2`, `-3`, … if taken) with mode 0600 in the data
/// dir `dir` (made private, as [`files::own_dir`] says) with `write`, and returns its path:
/// every export's file, the MFA gaps' included. A write that fails part-way removes the file.
pub fn write_new(
    dir: &Path,
    stem: &str,
    ext: &str,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<PathBuf, ExportError> {
    let (path, file) = create_private(dir, stem, ext)?;
    let mut out = BufWriter::new(file);
    let written = write(&mut out).and_then(|()| out.flush());
    if let Err(source) = written {
        drop(out);
        // Best effort: a partial export is worse than none, and the error says what failed.
        let _ = fs::remove_file(&path);
        return Err(ExportError::Write { path, source });
    }
    Ok(path)
}

/// Creates a new file `{stem}.{ext}` (or `-2`, `-3`, … if taken) with mode 0600 in `dir`,
/// made private if missing.
fn create_private(dir: &Path, stem: &str, ext: &str) -> Result<(PathBuf, File), ExportError> {
    files::own_dir(dir, None).map_err(|source| ExportError::CreateDir { dir: dir.to_path_buf(), source })?;
    create_new(dir, stem, ext)
}

/// Creates `{stem}.{ext}`, or `{stem}-2.{ext}`, `{stem}-3.{ext}`… if taken, atomically.
fn create_new(dir: &Path, stem: &str, ext: &str) -> Result<(PathBuf, File), ExportError> {
    for n in 1..=MAX_SUFFIX {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        let path = dir.join(name);
        match files::create_new(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(ExportError::Create { path, source }),
        }
    }
    Err(ExportError::NoFreeName { dir: dir.to_path_buf(), stem: stem.to_string() })
}

/// The objects as received, every string (keys too) passed through the sanitiser: an export
/// is read in viewers and terminals, so it holds no control, escape or bidi character.
fn write_json(out: &mut impl Write, rows: &[Value]) -> io::Result<()> {
    let cleaned: Vec<Value> = rows.iter().map(clean_value).collect();
    json::write_pretty(out, &cleaned)
}

fn clean_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(clean_with_limit(s, usize::MAX).into_owned()),
        Value::Array(items) => Value::Array(items.iter().map(clean_value).collect()),
        Value::Object(map) => Value::Object(
            map.iter().map(|(k, v)| (clean_with_limit(k, usize::MAX).into_owned(), clean_value(v))).collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use chrono::TimeZone;
    use serde_json::json;

    use super::*;
    use crate::sanitize::is_plain;

    const COLUMNS: &[Column] = &[
        Column { header: "login", cell: |v| v["profile"]["login"].as_str().unwrap_or_default().to_string() },
        Column { header: "name", cell: |v| v["profile"]["name"].as_str().unwrap_or_default().to_string() },
    ];

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap()
    }

    fn users() -> Vec<Value> {
        vec![
            json!({"id": "00u1", "profile": {"login": "ana@acme.example", "name": "Ana, \"Admin\""}}),
            json!({"id": "00u2", "profile": {"login": "eve@acme.example",
                "name": "Eve\x1b]0;pwned\x07\x1b[2J\u{202e}Smith\u{85}\u{7f}"}}),
        ]
    }

    #[test]
    fn csv_has_the_columns_with_every_cell_sanitised() {
        let dir = tempfile::tempdir().unwrap();
        let path = export(&users(), COLUMNS, "users", dir.path(), ExportFormat::Csv, now()).unwrap();
        assert_eq!(path, dir.path().join("oktui-users-20240102-030405.csv"));
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text, "login,name\nana@acme.example,\"Ana, \"\"Admin\"\"\"\neve@acme.example,EveSmith\n");
    }

    #[test]
    fn json_keeps_the_objects_but_not_their_control_or_bidi_characters() {
        let dir = tempfile::tempdir().unwrap();
        let path = export(&users(), COLUMNS, "users", dir.path(), ExportFormat::Json, now()).unwrap();
        assert_eq!(path.extension().unwrap(), "json");
        let text = fs::read_to_string(&path).unwrap();
        assert!(!text.contains("pwned") && !text.contains("\\u001b") && !text.contains("\\u202e"), "{text}");
        assert!(text.chars().all(|c| c == '\n' || is_plain(c)), "{text:?}");
        assert!(text.starts_with("[\n  {\n"), "pretty printed: {text}");
        let back: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(back.len(), users().len());
        assert_eq!(back[0]["profile"]["login"], "ana@acme.example");
    }

    #[test]
    fn json_drops_invisible_tag_characters() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![json!({"name": "admin\u{e0041}🎉"})];
        let path = export(&rows, COLUMNS, "users", dir.path(), ExportFormat::Json, now()).unwrap();
        let back: Vec<Value> = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back, vec![json!({"name": "admin🎉"})]);
    }

    #[test]
    fn formulas_are_defused() {
        let rows = vec![json!({"profile": {"login": "ana@acme.example", "name": "=HYPERLINK(\"x\")"}})];
        let dir = tempfile::tempdir().unwrap();
        let path = export(&rows, COLUMNS, "users", dir.path(), ExportFormat::Csv, now()).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text, "login,name\nana@acme.example,\"'=HYPERLINK(\"\"x\"\")\"\n");
    }

    #[test]
    fn exports_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let first = export(&users(), COLUMNS, "users", dir.path(), ExportFormat::Csv, now()).unwrap();
        let before = fs::read(&first).unwrap();
        let second = export(&users()[..1], COLUMNS, "users", dir.path(), ExportFormat::Csv, now()).unwrap();
        let third = export(&[], COLUMNS, "users", dir.path(), ExportFormat::Csv, now()).unwrap();
        assert_eq!(second, dir.path().join("oktui-users-20240102-030405-2.csv"));
        assert_eq!(third, dir.path().join("oktui-users-20240102-030405-3.csv"));
        assert_eq!(fs::read(&first).unwrap(), before);
        assert_eq!(fs::read_to_string(&third).unwrap(), "login,name\n");
    }

    #[test]
    fn files_are_private_and_the_directory_is_created() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data").join("exports");
        let path = export(&users(), COLUMNS, "users", &dir, ExportFormat::Json, now()).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn kind_cannot_leave_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = export(&[], COLUMNS, "../mfa gaps", dir.path(), ExportFormat::Csv, now()).unwrap();
        assert_eq!(path, dir.path().join("oktui----mfa-gaps-20240102-030405.csv"));
    }

    #[test]
    fn an_unusable_directory_is_named_in_the_error() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("not-a-dir");
        fs::write(&file, "x").unwrap();
        let err = export(&[], COLUMNS, "users", &file, ExportFormat::Csv, now()).unwrap_err();
        assert!(matches!(err, ExportError::CreateDir { .. }), "{err:?}");
        assert!(err.to_string().contains("not-a-dir"), "{err}");
    }
}
