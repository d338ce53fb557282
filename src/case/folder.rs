//! The case file's folder: refused when it holds anything, created 0700 when missing, each
//! file created new and 0600 (through [`crate::files`]), the manifest last.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::manifest::{Manifest, ManifestFile, MANIFEST};
use super::CaseError;
use crate::files;

/// Checks that `dir` can take a case file: missing, or an empty folder. Reads nothing from
/// Okta, so a command can refuse before it starts.
pub fn check_target(dir: &Path) -> Result<(), CaseError> {
    let io_error = |source| CaseError::Write { path: dir.to_path_buf(), source };
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(e)),
        Ok(meta) if !meta.is_dir() => Err(CaseError::NotAFolder(dir.to_path_buf())),
        Ok(_) => match std::fs::read_dir(dir).map_err(io_error)?.next() {
            None => Ok(()),
            Some(_) => Err(CaseError::NotEmpty(dir.to_path_buf())),
        },
    }
}

/// A new folder for a case file the console writes: `cases/<who>-<time>` in the data dir
/// (`cases` created 0700), `-2`, `-3`, … after it when the name is taken. `who` (a login
/// from Okta) keeps only letters, digits and `.@_-`.
pub fn console_dir(data_dir: &Path, who: &str, at: DateTime<Utc>) -> io::Result<PathBuf> {
    let cases = files::own_dir(data_dir, Some("cases"))?;
    let slug: String = who
        .chars()
        .take(64)
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '_' | '-') { c } else { '_' })
        .collect();
    let slug = if slug.is_empty() { "case".to_string() } else { slug };
    let stem = format!("{slug}-{}", at.format("%Y%m%d-%H%M%S"));
    (1..=100)
        .map(|n| if n == 1 { cases.join(&stem) } else { cases.join(format!("{stem}-{n}")) })
        .find(|path| matches!(std::fs::symlink_metadata(path), Err(e) if e.kind() == io::ErrorKind::NotFound))
        .ok_or_else(|| io::Error::new(io::ErrorKind::AlreadyExists, format!("{} is taken", cases.join(stem).display())))
}

/// Writes `contents` into `dir` (checked again, created 0700 if missing), each a new 0600
/// file synced to disk, then the manifest listing them with their hashes.
pub(super) fn write_case(
    dir: &Path,
    contents: &[(&'static str, Vec<u8>)],
    mut manifest: Manifest,
) -> Result<Manifest, CaseError> {
    check_target(dir)?;
    files::create_dir(dir).map_err(|source| CaseError::Write { path: dir.to_path_buf(), source })?;
    for (name, content) in contents {
        write_new(&dir.join(name), content)?;
        manifest.files.push(ManifestFile::of(name, content));
    }
    let mut text = Vec::new();
    crate::output::json::write_pretty(&mut text, &manifest)
        .map_err(|source| CaseError::Write { path: dir.join(MANIFEST), source })?;
    write_new(&dir.join(MANIFEST), &text)?;
    Ok(manifest)
}

/// A new private file holding `content`, synced; never replaces one.
fn write_new(path: &Path, content: &[u8]) -> Result<(), CaseError> {
    let written = files::create_new(path).and_then(|mut file| file.write_all(content).and_then(|()| file.sync_all()));
    written.map_err(|source| CaseError::Write { path: path.to_path_buf(), source })
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn only_a_missing_or_empty_folder_takes_a_case() {
        let root = tempfile::tempdir().unwrap();
        assert!(check_target(&root.path().join("new")).is_ok());
        assert!(check_target(root.path()).is_ok());
        std::fs::write(root.path().join("note.md"), "mine").unwrap();
        assert!(matches!(check_target(root.path()), Err(CaseError::NotEmpty(_))));
        assert!(matches!(check_target(&root.path().join("note.md")), Err(CaseError::NotAFolder(_))));
    }

    #[test]
    fn console_folders_are_private_and_never_taken_twice() {
        let data = tempfile::tempdir().unwrap();
        let at = DateTime::parse_from_rfc3339("2026-12-03T00:10:00Z").unwrap().with_timezone(&Utc);
        let first = console_dir(data.path(), "ana/../x\u{1b}@acme.example", at).unwrap();
        assert_eq!(first.file_name().unwrap(), "ana_.._x_@acme.example-20261203-001000");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data.path().join("cases")), 0o700);
        std::fs::create_dir(&first).unwrap();
        let second = console_dir(data.path(), "ana/../x\u{1b}@acme.example", at).unwrap();
        assert_eq!(second.file_name().unwrap(), "ana_.._x_@acme.example-20261203-001000-2");
    }
}
