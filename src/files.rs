//! oktui's files on this machine: the one road for creating them private and reading them
//! bounded. Every directory oktui creates is 0700 and every file 0600, whatever the umask: the
//! data dir's log, audit journal, caches, exports and the tail's cursor name orgs, users and
//! filters; the config file and stored secrets are the user's alone. oktui's own directories
//! (the data dir and those inside it) and its append-only files, when an older version left
//! them open to group or others, are tightened on the next write. A directory the user chose
//! (where `oktui init` writes the config or a secret) is created private but never changed.
//!
//! Reads take only regular files (a FIFO or a device such as `/dev/zero` is refused before
//! it is read) up to a stated size.

use std::fs::{self, DirBuilder, File, Metadata, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The mode of every directory oktui creates.
const DIR_MODE: u32 = 0o700;
/// The mode of every file oktui creates.
const FILE_MODE: u32 = 0o600;
/// Permission bits for group and others.
const SHARED_BITS: u32 = 0o077;

/// Creates `dir` and its missing parents, each 0700; an existing directory is left as it is.
/// For places the user chose: the config file's directory, a stored secret's.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(DIR_MODE).create(dir)
}

/// oktui's own directory `dir` (the data dir), and `sub` inside it when given (`tail`,
/// `mfa`), ready for its files: each created 0700 with any missing parents, or tightened to
/// 0700 when an older oktui left it open to group or others. Returns the directory to write in.
pub fn own_dir(dir: &Path, sub: Option<&str>) -> io::Result<PathBuf> {
    let target = sub.map_or_else(|| dir.to_path_buf(), |sub| dir.join(sub));
    create_dir(&target)?;
    tighten(dir)?;
    if sub.is_some() {
        tighten(&target)?;
    }
    Ok(target)
}

/// Takes group and others' access away from the directory `dir`.
fn tighten(dir: &Path) -> io::Result<()> {
    if fs::metadata(dir)?.permissions().mode() & SHARED_BITS != 0 {
        fs::set_permissions(dir, Permissions::from_mode(DIR_MODE))?;
    }
    Ok(())
}

/// Opens `path` for appending, created 0600 if missing; an existing file open to group or
/// others is tightened to 0600 first. For the log and the audit journal.
pub fn append(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new().create(true).append(true).mode(FILE_MODE).open(path)?;
    if file.metadata()?.permissions().mode() & SHARED_BITS != 0 {
        file.set_permissions(Permissions::from_mode(FILE_MODE))?;
    }
    Ok(file)
}

/// Creates a new file at `path`, 0600; fails with `AlreadyExists` rather than replace one.
pub fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).mode(FILE_MODE).open(path)
}

/// Replaces the file at `path` whole with `bytes`: written to a new 0600 file beside it
/// (`NAME.tmp`), synced, then renamed over it, so a crash leaves the old file or the new one.
/// A temporary file left by a crash is removed first, so it never lends its mode or owner.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    match fs::remove_file(&temp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = create_new(&temp)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written.and_then(|()| fs::rename(&temp, path)) {
        // Best effort: the error says what failed; a stray temporary file is removed next time.
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

/// `NAME.tmp` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Why a file could not be read.
#[derive(Debug, Error)]
pub enum ReadError {
    /// Opening or reading failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A FIFO, socket or device (a directory is an I/O error, `IsADirectory`).
    #[error("is not a regular file")]
    NotRegular,
    /// Larger than the caller allows.
    #[error("is larger than {0}")]
    TooLarge(&'static str),
    /// Not UTF-8 text where text was expected.
    #[error("is not UTF-8 text")]
    NotText,
}

impl ReadError {
    /// The file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// The most a bounded read may take, and that limit in words for messages ("1 MiB").
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Bytes.
    pub bytes: u64,
    /// The same, in words.
    pub words: &'static str,
}

/// Opens the regular file at `path` for reading, refusing anything else (a FIFO is never
/// waited on); returns it with its metadata as opened.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), ReadError> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::from(io::ErrorKind::IsADirectory).into());
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    // Non-blocking, so a file swapped for a FIFO after the check cannot hang the open.
    let file = OpenOptions::new().read(true).custom_flags(nix::libc::O_NONBLOCK).open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, meta))
}

/// Reads the regular file at `path` into `buf` (appending), refusing anything else and
/// anything larger than `limit`; returns the metadata of the file as opened. Space for the
/// whole file is reserved before reading, so a buffer that must be wiped afterwards (a
/// secret's) is never reallocated, leaving a copy behind.
pub fn read_bounded(path: &Path, limit: Limit, buf: &mut Vec<u8>) -> Result<Metadata, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit.bytes {
        return Err(ReadError::TooLarge(limit.words));
    }
    let wanted = usize::try_from(meta.len().saturating_add(1)).unwrap_or(usize::MAX);
    buf.reserve_exact(wanted);
    let start = buf.len();
    file.take(limit.bytes.saturating_add(1)).read_to_end(buf)?;
    if u64::try_from(buf.len().saturating_sub(start)).unwrap_or(u64::MAX) > limit.bytes {
        return Err(ReadError::TooLarge(limit.words));
    }
    Ok(meta)
}

/// [`read_bounded`] as UTF-8 text.
pub fn read_text(path: &Path, limit: Limit) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    read_bounded(path, limit, &mut bytes)?;
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    const SMALL: Limit = Limit { bytes: 8, words: "8 bytes" };

    #[test]
    fn own_dirs_are_created_or_tightened_to_0700() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("share/oktui");
        assert_eq!(own_dir(&data, Some("tail")).unwrap(), data.join("tail"));
        assert_eq!((mode(&root.path().join("share")), mode(&data), mode(&data.join("tail"))), (0o700, 0o700, 0o700));
        for dir in [&data, &data.join("tail")] {
            fs::set_permissions(dir, Permissions::from_mode(0o755)).unwrap();
        }
        own_dir(&data, Some("tail")).unwrap();
        assert_eq!((mode(&data), mode(&data.join("tail"))), (0o700, 0o700));
        fs::set_permissions(root.path(), Permissions::from_mode(0o755)).unwrap();
        create_dir(&root.path().join("chosen/by/user")).unwrap();
        assert_eq!(
            (mode(root.path()), mode(&root.path().join("chosen"))),
            (0o755, 0o700),
            "a chosen place's parent is left as it is"
        );
    }

    #[test]
    fn files_are_0600_whatever_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("oktui.log");
        fs::write(&log, "old\n").unwrap();
        fs::set_permissions(&log, Permissions::from_mode(0o644)).unwrap();
        append(&log).unwrap().write_all(b"new\n").unwrap();
        assert_eq!((mode(&log), fs::read_to_string(&log).unwrap().as_str()), (0o600, "old\nnew\n"));

        let cursor = dir.path().join("c.json");
        fs::write(temp_path(&cursor), "left by a crash").unwrap();
        fs::set_permissions(temp_path(&cursor), Permissions::from_mode(0o666)).unwrap();
        replace(&cursor, b"{}").unwrap();
        assert_eq!((mode(&cursor), fs::read(&cursor).unwrap()), (0o600, b"{}".to_vec()));
        assert!(!temp_path(&cursor).exists());
        fs::set_permissions(&cursor, Permissions::from_mode(0o644)).unwrap();
        replace(&cursor, b"[]").unwrap();
        assert_eq!(mode(&cursor), 0o600, "a replaced file gets the new file's mode");

        let export = dir.path().join("e.csv");
        create_new(&export).unwrap();
        assert_eq!(mode(&export), 0o600);
        assert_eq!(create_new(&export).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
    }

    #[test]
    fn reads_are_bounded_and_take_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, "12345678").unwrap();
        assert_eq!(read_text(&file, SMALL).unwrap(), "12345678");
        fs::write(&file, "123456789").unwrap();
        assert!(matches!(read_text(&file, SMALL), Err(ReadError::TooLarge("8 bytes"))));
        fs::write(&file, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_text(&file, SMALL), Err(ReadError::NotText)));
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        for special in [fifo.as_path(), Path::new("/dev/zero"), Path::new("/dev/null")] {
            assert!(matches!(read_text(special, SMALL), Err(ReadError::NotRegular)), "{}", special.display());
        }
        let e = read_text(dir.path(), SMALL).unwrap_err();
        assert!(matches!(&e, ReadError::Io(e) if e.kind() == io::ErrorKind::IsADirectory), "{e}");
        assert!(read_text(&dir.path().join("missing"), SMALL).unwrap_err().is_not_found());
    }
}
