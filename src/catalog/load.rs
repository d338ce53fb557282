//! Reads catalog folders from disk: every `.yml`/`.yaml` file of a folder in the catalog's
//! format (`detections/` and `hunts/`, or the folder's own files), each parsed for the org's
//! engine; a file that cannot be run is kept with its reason, never skipped.

use std::path::{Path, PathBuf};

use super::parse::{parse_entry, CatalogEntry, Engine, EntryKind};
use crate::files::{read_text, Limit};

/// The largest catalog file read (Okta's are a few KiB).
const MAX_FILE: Limit = Limit { bytes: 256 * 1024, words: "256 KiB" };

/// The folders of the catalog's format and the kind of entry each holds.
const FOLDERS: [(&str, EntryKind); 2] = [("detections", EntryKind::Detection), ("hunts", EntryKind::Hunt)];

/// A catalog read for one engine: what runs and what does not, each with its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub engine: Engine,
    /// By file path, detections before hunts within a folder.
    pub entries: Vec<CatalogEntry>,
    /// The files that cannot be run, with why.
    pub unusable: Vec<UnusableFile>,
}

/// A catalog file oktui cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusableFile {
    /// The file as found (under the folder given).
    pub path: PathBuf,
    pub reason: String,
}

/// A catalog folder that cannot be read at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the detection catalog {}: {source}", path.display())]
pub struct CatalogError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl Catalog {
    /// Every catalog file under `paths` (folders, or single files), for `engine`. An id met
    /// twice runs once: the later file is listed as unusable.
    pub fn load(paths: &[PathBuf], engine: Engine) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog { engine, entries: Vec::new(), unusable: Vec::new() };
        for path in paths {
            for (file, kind) in catalog_files(path)? {
                catalog.add(&file, kind);
            }
        }
        Ok(catalog)
    }

    /// The entries of kind `detection`.
    pub fn detections(&self) -> impl Iterator<Item = &CatalogEntry> {
        self.entries.iter().filter(|e| e.kind == EntryKind::Detection)
    }

    fn add(&mut self, file: &Path, kind: EntryKind) {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let parsed = match read_text(file, MAX_FILE) {
            Ok(text) => parse_entry(&text, &name, kind, self.engine).map_err(|e| e.to_string()),
            Err(e) => Err(format!("cannot be read: {e}")),
        };
        let parsed = parsed.and_then(|entry| match self.entries.iter().find(|e| e.id == entry.id) {
            Some(first) => Err(format!("the same id {} as {}: run once", entry.id, first.file)),
            None => Ok(entry),
        });
        match parsed {
            Ok(entry) => self.entries.push(entry),
            Err(reason) => self.unusable.push(UnusableFile { path: file.to_path_buf(), reason }),
        }
    }
}

/// The catalog files of `path`: a file itself; a folder's `detections/` and `hunts/` when it
/// has either, else its own `.yml`/`.yaml` files (a folder named `hunts` holds hunts). A
/// file of those folders that is not YAML is listed (with `.yml` kept as the test), so the
/// caller reports it.
fn catalog_files(path: &Path) -> Result<Vec<(PathBuf, EntryKind)>, CatalogError> {
    let err = |source| CatalogError { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(err)?;
    if !meta.is_dir() {
        return Ok(vec![(path.to_path_buf(), kind_of_folder(path.parent()))]);
    }
    let mut found = Vec::new();
    let formatted: Vec<(PathBuf, EntryKind)> =
        FOLDERS.iter().map(|(name, kind)| (path.join(name), *kind)).filter(|(dir, _)| dir.is_dir()).collect();
    if formatted.is_empty() {
        let kind = kind_of_folder(Some(path));
        found.extend(files_of(path).map_err(err)?.into_iter().filter(|f| is_yaml(f)).map(|f| (f, kind)));
    } else {
        for (dir, kind) in formatted {
            let files = files_of(&dir).map_err(|source| CatalogError { path: dir.clone(), source })?;
            found.extend(files.into_iter().map(|f| (f, kind)));
        }
    }
    Ok(found)
}

/// The files of `dir` (not its folders), by name.
fn files_of(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_dir() && !entry.file_name().to_string_lossy().starts_with('.') {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
}

/// A folder named `hunts` holds hunts; anything else detections.
fn kind_of_folder(dir: Option<&Path>) -> EntryKind {
    match dir.and_then(Path::file_name) {
        Some(name) if name == "hunts" => EntryKind::Hunt,
        _ => EntryKind::Detection,
    }
}
