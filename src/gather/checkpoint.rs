//! A hunt's checkpoint: where its read of the System Log had got to and the events it had
//! classified, kept in the data dir (`hunts/<profile>-<hash>.ckpt`, 0600 in a 0700 dir: it
//! names users, IPs and sessions), one file per profile, org, window start and server-side
//! filter. A cancelled or crashed hunt resumes from it; a finished one is judged again from
//! it (new `[detections]` thresholds) without reading Okta again, and a later `until`
//! reads only what follows.
//!
//! **Where a read had got to** is a [`Boundary`]: the `published` time of the newest event
//! read and the uuids of the events read at that instant. A bounded query (`since` and
//! `until`) is ordered by `published`, so every event published before the boundary was
//! read; asking again from the boundary's millisecond and dropping what is older than the
//! boundary or listed in it reads each event once. This is exact whatever the order among
//! events of one instant, and, unlike the `after` cursor of a `next` link (opaque, of no
//! documented lifetime, not to be crafted), it stays valid after any pause and when the
//! window is extended.
//!
//! **The file** is a series of records, each a little-endian `u32` length and that many
//! bytes of `postcard`: a [`Header`] (what the checkpoint is of, the format and oktui's
//! version), then one record per page read (the window's `until`, whether it was read to
//! its end, the boundary and the page's [`ClassifiedDelta`]). Pages are appended as they are
//! read, so a crash loses at most the page being written; a record cut short by one is
//! dropped on the next load. The file is untrusted input: each record is bounded
//! ([`MAX_RECORD`]), the whole by the hunt's memory budget, every id and index in it is
//! checked ([`Classifier::extend`]), and a file of another format, oktui version, org,
//! window start or filter is ignored with a note.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::files;
use crate::gather::budget::MemoryBudget;
use crate::investigate::signals::{ClassifiedDelta, Classifier};

/// Version of the file's layout.
pub const FORMAT: u32 = 2;
/// The first field of every checkpoint.
const MAGIC: &str = "oktui hunt checkpoint";
/// The checkpoints' directory in the data dir.
const DIR: &str = "hunts";
/// The largest record read: a page of 1,000 events takes a few hundred KB.
pub const MAX_RECORD: usize = 64 * 1024 * 1024;
/// Checkpoints kept per data dir; the oldest go first.
const KEPT: usize = 8;
/// Uuids one boundary may list (events of one instant); past it a read is not checkpointed.
const MAX_BOUNDARY: usize = 100_000;

/// What a checkpoint is of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    magic: String,
    format: u32,
    /// The oktui that wrote it.
    version: String,
    org: String,
    since: DateTime<Utc>,
    /// The server-side filter the events were read with.
    filter: Option<String>,
}

/// Where a read of a window had got to: every event published before `at` was read, and
/// those published at `at` (or undated) whose uuids are listed. `at` is `None` before the
/// first dated event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boundary {
    pub at: Option<DateTime<Utc>>,
    pub uuids: Vec<String>,
}

impl Boundary {
    /// Notes an event as read (in the order read).
    pub fn passed(&mut self, at: Option<DateTime<Utc>>, uuid: Option<&str>) {
        match (at, self.at) {
            (Some(at), Some(b)) if at < b => return,
            (Some(at), b) if b != Some(at) => {
                self.at = Some(at);
                self.uuids.clear();
            }
            _ => {}
        }
        if let Some(uuid) = uuid {
            self.uuids.push(uuid.to_string());
        }
    }

    /// What to drop when the window is asked for again from [`Boundary::at`].
    pub fn skip(&self) -> Skip {
        Skip { at: self.at, uuids: self.uuids.iter().cloned().collect() }
    }
}

/// The events of a resumed read that were read before (see [`Boundary`]).
#[derive(Debug, Clone, Default)]
pub struct Skip {
    at: Option<DateTime<Utc>>,
    uuids: HashSet<String>,
}

impl Skip {
    /// Whether an event was read before the checkpoint.
    pub fn read_before(&self, at: Option<DateTime<Utc>>, uuid: Option<&str>) -> bool {
        let older = matches!((at, self.at), (Some(at), Some(b)) if at < b);
        older || uuid.is_some_and(|u| self.uuids.contains(u))
    }

    /// Whether an event at `at` is past the boundary: no later event was read before.
    pub fn is_passed_by(&self, at: Option<DateTime<Utc>>) -> bool {
        matches!((at, self.at), (Some(at), Some(b)) if at > b)
    }
}

/// One page read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PageRecord {
    /// The end of the window it was read for.
    until: DateTime<Utc>,
    /// The window was read to its end with this page.
    complete: bool,
    boundary: Boundary,
    delta: ClassifiedDelta,
}

/// A checkpoint as loaded: the classification rebuilt and where the read had got to.
#[derive(Debug)]
pub struct Resume {
    pub classifier: Classifier,
    pub boundary: Boundary,
    /// The end of the window last read.
    pub until: DateTime<Utc>,
    /// Whether that window was read to its end.
    pub complete: bool,
    /// The bytes of whole records (a record cut short by a crash ends there).
    whole: u64,
}

/// What loading a checkpoint found.
#[derive(Debug)]
pub enum Loaded {
    /// There is none.
    Nothing,
    Found(Box<Resume>),
    /// There is one that cannot be used; the note says why.
    Ignored(String),
}

/// Why a checkpoint could not be written (the hunt goes on in memory).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the hunt's checkpoint {path}: {source}")]
pub struct CheckpointError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// The checkpoint of one profile's hunts of one org from one `since`, with one filter.
#[derive(Debug, Clone)]
pub struct CheckpointStore {
    data_dir: PathBuf,
    path: PathBuf,
    header: Header,
}

impl CheckpointStore {
    /// The checkpoint for `profile`'s hunt of `org` from `since` read with `filter`, under
    /// `data_dir/hunts/`.
    pub fn new(
        data_dir: &Path,
        profile: &str,
        org: &str,
        since: DateTime<Utc>,
        filter: Option<&str>,
    ) -> CheckpointStore {
        let header = Header {
            magic: MAGIC.into(),
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").into(),
            org: org.into(),
            since,
            filter: filter.map(str::to_string),
        };
        let key = format!("{org}\n{}\n{}", since.timestamp_nanos_opt().unwrap_or(0), filter.unwrap_or(""));
        let hash: String = Sha256::digest(key.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect();
        let profile: String =
            profile.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
        let path = data_dir.join(DIR).join(format!("{profile}-{hash}.ckpt"));
        CheckpointStore { data_dir: data_dir.to_path_buf(), path, header }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Forgets the checkpoint (`--refresh`); none is not an error.
    pub fn remove(&self) -> io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Loads the checkpoint, its classification held within `budget`.
    pub fn load(&self, budget: MemoryBudget) -> Loaded {
        let ignored = |why: String| {
            Loaded::Ignored(format!(
                "the hunt's checkpoint {} {why}; it is ignored and the window read afresh",
                self.path.display()
            ))
        };
        let file = match files::open_regular(&self.path) {
            Ok((file, _)) => file,
            Err(e) if e.is_not_found() => return Loaded::Nothing,
            Err(e) => return ignored(format!("cannot be read ({e})")),
        };
        let mut reader = Records { inner: BufReader::new(file), offset: 0 };
        let header: Header = match reader.next() {
            Ok(Some(bytes)) => match postcard::from_bytes(&bytes) {
                Ok(header) => header,
                Err(_) => return ignored("is not one this oktui can read".into()),
            },
            Ok(None) | Err(RecordError::CutShort) => return ignored("is empty or cut short".into()),
            Err(RecordError::Other(e)) => return ignored(e),
        };
        if header.magic != MAGIC || header.format != FORMAT || header.version != self.header.version {
            return ignored(format!("was written by another oktui version ({})", clean(&header.version)));
        }
        if header.org != self.header.org {
            return ignored(format!("is of another org ({})", clean(&header.org)));
        }
        if header != self.header {
            return ignored("is of another window or filter".into());
        }
        let mut resume: Option<Resume> = None;
        let mut classifier = Classifier::default();
        loop {
            let bytes = match reader.next() {
                Ok(Some(bytes)) => bytes,
                // The end, or a record a crash cut short: what came before stands.
                Ok(None) | Err(RecordError::CutShort) => break,
                Err(RecordError::Other(e)) => return ignored(e),
            };
            let record: PageRecord = match postcard::from_bytes(&bytes) {
                Ok(record) => record,
                Err(e) => return ignored(format!("is damaged ({e})")),
            };
            if let Err(e) = classifier.extend(record.delta) {
                return ignored(format!("is damaged ({e})"));
            }
            if classifier.held_bytes() > budget.bytes() {
                return ignored(format!("holds more than the hunt's memory budget ({} MB)", budget.mb()));
            }
            resume = Some(Resume {
                classifier: Classifier::default(),
                boundary: record.boundary,
                until: record.until,
                complete: record.complete,
                whole: reader.offset,
            });
        }
        match resume {
            Some(mut r) => {
                r.classifier = classifier;
                Loaded::Found(Box::new(r))
            }
            None => Loaded::Nothing,
        }
    }

    /// Starts the checkpoint afresh: the header alone, written whole (0600, in the 0700
    /// `hunts/`); older checkpoints past the [`KEPT`] newest are removed.
    pub fn create(&self) -> Result<Writer, CheckpointError> {
        let err = |source| CheckpointError { path: self.path.clone(), source };
        let dir = files::own_dir(&self.data_dir, Some(DIR)).map_err(err)?;
        prune(&dir, &self.path);
        let header = postcard::to_stdvec(&self.header).map_err(|e| err(io::Error::other(e)))?;
        files::replace(&self.path, &framed(&header)).map_err(err)?;
        self.open(None)
    }

    /// Goes on writing after what `resume` was loaded from (a record cut short is cut off).
    pub fn resume(&self, resume: &Resume) -> Result<Writer, CheckpointError> {
        self.open(Some(resume.whole))
    }

    fn open(&self, keep: Option<u64>) -> Result<Writer, CheckpointError> {
        let err = |source| CheckpointError { path: self.path.clone(), source };
        files::own_dir(&self.data_dir, Some(DIR)).map_err(err)?;
        let file = files::append(&self.path).map_err(err)?;
        if let Some(len) = keep {
            file.set_len(len).map_err(err)?;
        }
        Ok(Writer { file, path: self.path.clone() })
    }
}

/// Appends a hunt's pages to its checkpoint.
#[derive(Debug)]
pub struct Writer {
    file: File,
    path: PathBuf,
}

impl Writer {
    /// Appends one page: the classification since the last page, where the read has got to,
    /// and whether the window (to `until`) is read whole.
    pub fn page(
        &mut self,
        until: DateTime<Utc>,
        complete: bool,
        boundary: &Boundary,
        delta: ClassifiedDelta,
    ) -> Result<(), CheckpointError> {
        let err = |source| CheckpointError { path: self.path.clone(), source };
        if boundary.uuids.len() > MAX_BOUNDARY {
            return Err(err(io::Error::other("too many events at one instant to mark where the read got to")));
        }
        let record = PageRecord { until, complete, boundary: boundary.clone(), delta };
        let bytes = postcard::to_stdvec(&record).map_err(|e| err(io::Error::other(e)))?;
        if bytes.len() > MAX_RECORD {
            return Err(err(io::Error::other("a page's record is larger than a checkpoint may hold")));
        }
        self.file.write_all(&framed(&bytes)).map_err(err)
    }
}

/// `bytes` behind their length.
fn framed(bytes: &[u8]) -> Vec<u8> {
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(bytes.len() + 4);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(bytes);
    out
}

/// The records of a checkpoint file, each bounded by [`MAX_RECORD`].
struct Records<R> {
    inner: R,
    /// Bytes of whole records read.
    offset: u64,
}

/// Why a record could not be read.
enum RecordError {
    /// The file ends inside it (a crash while it was written).
    CutShort,
    Other(String),
}

impl<R: Read> Records<R> {
    /// The next record; `Ok(None)` at the end of the file.
    fn next(&mut self) -> Result<Option<Vec<u8>>, RecordError> {
        let mut len = [0u8; 4];
        let mut got = 0;
        while got < len.len() {
            match self.inner.read(&mut len[got..]) {
                Ok(0) if got == 0 => return Ok(None),
                Ok(0) => return Err(RecordError::CutShort),
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(RecordError::Other(format!("cannot be read ({e})"))),
            }
        }
        let len = u32::from_le_bytes(len) as usize;
        if len > MAX_RECORD {
            return Err(RecordError::Other(format!("has a record larger than {} MiB", MAX_RECORD / 1024 / 1024)));
        }
        let mut bytes = Vec::new();
        match (&mut self.inner).take(len as u64).read_to_end(&mut bytes) {
            Ok(n) if n == len => {}
            Ok(_) => return Err(RecordError::CutShort),
            Err(e) => return Err(RecordError::Other(format!("cannot be read ({e})"))),
        }
        self.offset = self.offset.saturating_add(4).saturating_add(len as u64);
        Ok(Some(bytes))
    }
}

/// Text from the file, made safe to print.
fn clean(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    crate::sanitize::clean(&short).into_owned()
}

/// Removes the oldest checkpoints in `dir` beyond the [`KEPT`] newest, `keep` aside.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p != keep && p.extension().is_some_and(|x| x == "ckpt"))
        .filter_map(|p| Some((std::fs::symlink_metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    found.sort();
    let extra = found.len().saturating_sub(KEPT - 1);
    for (_, path) in found.into_iter().take(extra) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use serde_json::json;

    use super::*;
    use crate::investigate::signals::ClassifierMark;
    use crate::okta::model::LogEvent;

    const ORG: &str = "https://acme.okta.com";

    fn since() -> DateTime<Utc> {
        "2026-11-30T00:00:00Z".parse().unwrap()
    }

    fn store(dir: &Path) -> CheckpointStore {
        CheckpointStore::new(dir, "prod", ORG, since(), Some("eventType eq \"x\""))
    }

    fn budget() -> MemoryBudget {
        MemoryBudget::megabytes(64)
    }

    /// Two pages of sign-ins written to `store`, the second cut short when `cut`.
    fn write_two_pages(store: &CheckpointStore) -> Classifier {
        let mut classifier = Classifier::default();
        let mut writer = store.create().unwrap();
        let mut boundary = Boundary::default();
        let mut mark = ClassifierMark::default();
        for page in 0..2 {
            for i in 0..3 {
                let at = format!("2026-11-30T10:0{page}:0{i}.000Z");
                let e: LogEvent = serde_json::from_value(json!({"uuid": format!("e{page}{i}"), "published": at,
                    "eventType": "user.session.start", "actor": {"alternateId": "a@x"}}))
                .unwrap();
                boundary.passed(e.published_at(), Some(&format!("e{page}{i}")));
                classifier.push_event(&e);
            }
            let delta = classifier.delta_since(&mark);
            mark = classifier.mark();
            writer.page(since() + chrono::Duration::days(1), page == 1, &boundary, delta).unwrap();
        }
        classifier
    }

    fn found(loaded: Loaded) -> Resume {
        match loaded {
            Loaded::Found(resume) => *resume,
            other => panic!("a checkpoint was expected: {other:?}"),
        }
    }

    #[test]
    fn pages_are_loaded_back_private_and_a_record_cut_short_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        assert!(matches!(store.load(budget()), Loaded::Nothing));
        let live = write_two_pages(&store);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(store.path()), mode(store.path().parent().unwrap())), (0o600, 0o700));
        let resume = found(store.load(budget()));
        assert!(resume.complete);
        assert_eq!(resume.boundary.uuids, ["e12"]);
        assert_eq!(resume.classifier.finish(), live.finish());
        let whole = std::fs::metadata(store.path()).unwrap().len();
        let file = std::fs::OpenOptions::new().write(true).open(store.path()).unwrap();
        file.set_len(whole - 5).unwrap();
        let resume = found(store.load(budget()));
        assert_eq!((resume.classifier.len(), resume.complete), (3, false), "the first page stands");
        store.resume(&resume).unwrap();
        assert!(std::fs::metadata(store.path()).unwrap().len() < whole - 5, "the piece is cut off before appending");
        assert_eq!(found(store.load(budget())).classifier.len(), 3);
        store.remove().unwrap();
        store.remove().unwrap();
        assert!(matches!(store.load(budget()), Loaded::Nothing));
    }

    #[test]
    fn a_checkpoint_of_another_version_org_or_window_or_a_damaged_one_is_ignored_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let mine = store(dir.path());
        let ignored = |loaded: Loaded, why: &str| match loaded {
            Loaded::Ignored(note) => assert!(note.contains(why) && note.contains("ignored"), "{note}"),
            other => panic!("{why}: {other:?}"),
        };
        for (header, why) in [
            (Header { version: "0.0.9".into(), ..mine.header.clone() }, "another oktui version (0.0.9)"),
            (Header { org: "https://evil.okta.com".into(), ..mine.header.clone() }, "another org"),
            (Header { filter: None, ..mine.header.clone() }, "another window or filter"),
            (Header { format: FORMAT + 1, ..mine.header.clone() }, "another oktui version"),
        ] {
            let other = CheckpointStore { header, ..mine.clone() };
            write_two_pages(&other);
            ignored(mine.load(budget()), why);
        }
        std::fs::write(mine.path(), b"\xff\xff\xff\xffjunk").unwrap();
        ignored(mine.load(budget()), "larger than 64 MiB");
        write_two_pages(&mine);
        let mut bytes = std::fs::read(mine.path()).unwrap();
        let at = bytes.len() - 40;
        bytes[at..].fill(0xfe);
        std::fs::write(mine.path(), &bytes).unwrap();
        ignored(mine.load(budget()), "damaged");
        write_two_pages(&mine);
        ignored(mine.load(MemoryBudget::megabytes(0)), "memory budget");
    }

    #[test]
    fn an_unwritable_or_full_checkpoint_dir_is_an_error_to_go_on_without() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data");
        std::fs::write(&file, b"not a dir").unwrap();
        assert!(store(&file).create().is_err(), "the data dir is a file");
        let store = store(dir.path());
        store.create().unwrap();
        std::fs::remove_file(store.path()).unwrap();
        std::os::unix::fs::symlink("/dev/full", store.path()).unwrap();
        let mut writer = store.open(None).unwrap();
        let delta = Classifier::default().delta_since(&ClassifierMark::default());
        let e = writer.page(since(), false, &Boundary::default(), delta).unwrap_err();
        assert!(e.to_string().contains("cannot write the hunt's checkpoint"), "{e}");
    }

    #[test]
    fn the_boundary_lists_the_events_of_its_instant_and_skips_what_was_read() {
        let t = |s: u32| Some(since() + chrono::Duration::seconds(s.into()));
        let mut b = Boundary::default();
        b.passed(t(1), Some("a"));
        b.passed(t(2), Some("b"));
        b.passed(t(2), Some("c"));
        b.passed(None, Some("d"));
        b.passed(t(1), Some("late"));
        assert_eq!((b.at, b.uuids.clone()), (t(2), vec!["b".to_string(), "c".into(), "d".into()]));
        let skip = b.skip();
        assert!(skip.read_before(t(1), Some("x")) && skip.read_before(t(2), Some("c")));
        assert!(!skip.read_before(t(2), Some("e")) && !skip.read_before(t(3), None));
        assert!(skip.is_passed_by(t(3)) && !skip.is_passed_by(t(2)));
    }
}
