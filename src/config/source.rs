//! Reading one secret from where the configuration says it lives: an environment variable, a
//! file no one else can read, or a command's output. Errors name the source, never what it
//! yielded; every buffer the secret passed through is wiped.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use zeroize::Zeroizing;

use super::command;
use super::file::AuthKind;
use super::ConfigError;
use crate::files::{self, Limit, ReadError};
use crate::secret::Secret;

/// Secret files larger than this are not secrets: refuse them rather than read them whole.
const MAX_SECRET_FILE: Limit = Limit { bytes: 64 * 1024, words: "64 KiB" };

/// Where a secret comes from.
#[derive(Debug)]
pub(super) enum Source {
    /// The named environment variable.
    Env(String),
    /// A file that only its owner may read.
    File(PathBuf),
    /// The standard output of `sh -c COMMAND`, which may run for at most `timeout`.
    Command {
        /// The command; never shown.
        command: String,
        /// How long it may run.
        timeout: Duration,
    },
}

/// One secret to read: what it is, where it lives, and how to name that place in errors.
#[derive(Debug)]
pub(super) struct SecretSpec {
    /// The mode whose secret this is.
    pub kind: AuthKind,
    /// Where it lives.
    pub source: Source,
    /// The place in words, e.g. "token_file /home/ana/t (profile `prod`)".
    pub origin: String,
}

impl SecretSpec {
    /// Reads and checks the secret.
    pub fn read(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Secret, ConfigError> {
        let raw = match &self.source {
            Source::Env(var) => env(var)
                .filter(|v| !v.is_empty())
                .map(Secret::new)
                .ok_or_else(|| ConfigError::EnvNotSet { origin: self.origin.clone(), var: var.clone() })?,
            Source::File(path) => strip_one_newline(read_private_file(path, &self.origin)?),
            Source::Command { command, timeout } => run_command(command, *timeout, &self.origin)?,
        };
        self.check(raw)
    }

    /// Tokens and client secrets must be one word; keys must look like PEM or JWK.
    fn check(&self, raw: Secret) -> Result<Secret, ConfigError> {
        let what = self.kind.secret_noun();
        let text = raw.expose();
        if text.trim().is_empty() {
            return Err(ConfigError::EmptySecret { origin: self.origin.clone(), what });
        }
        match self.kind {
            AuthKind::PrivateKey if !looks_like_key(text) => Err(ConfigError::NotAKey { origin: self.origin.clone() }),
            AuthKind::PrivateKey => Ok(raw.map_text(str::trim)),
            _ if text.contains(char::is_whitespace) => {
                Err(ConfigError::Whitespace { origin: self.origin.clone(), what })
            }
            _ => Ok(raw),
        }
    }
}

/// PEM text (`-----BEGIN …`) or a JSON object (a JWK).
pub(super) fn looks_like_key(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with("-----BEGIN") || text.starts_with('{')
}

/// A regular file's text, refused when group or others may read or write it.
pub(super) fn read_private_file(path: &Path, origin: &str) -> Result<Secret, ConfigError> {
    let read_error = |source| ConfigError::ReadSecretFile { origin: origin.to_string(), source };
    let format = |problem| ConfigError::SecretFileFormat { origin: origin.to_string(), problem };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(format("is not a regular file"));
    }
    check_private(path, &meta, origin)?;
    let mut bytes = Zeroizing::new(Vec::new());
    let opened = match files::read_bounded(path, MAX_SECRET_FILE, &mut bytes) {
        Ok(meta) => meta,
        Err(ReadError::Io(e)) => return Err(read_error(e)),
        Err(ReadError::NotRegular) => return Err(format("is not a regular file")),
        Err(ReadError::TooLarge(_)) => return Err(format("is larger than 64 KiB")),
        Err(ReadError::NotText) => return Err(format(NOT_TEXT)),
    };
    // The file as opened, in case it was swapped after the first look.
    check_private(path, &opened, origin)?;
    Secret::from_utf8(bytes).ok_or_else(|| format(NOT_TEXT))
}

/// Why a key file that is not text is refused, and what to do.
const NOT_TEXT: &str = "is not UTF-8 text (a DER key must first be converted to PEM: openssl pkey -inform DER)";

fn check_private(path: &Path, meta: &std::fs::Metadata, origin: &str) -> Result<(), ConfigError> {
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ConfigError::InsecureFile { origin: origin.to_string(), path: path.to_path_buf(), mode });
    }
    Ok(())
}

/// Drops one trailing line break (`\n` or `\r\n`), as editors and `echo` add.
fn strip_one_newline(secret: Secret) -> Secret {
    secret.map_text(|text| match text.strip_suffix('\n') {
        Some(stripped) => stripped.strip_suffix('\r').unwrap_or(stripped),
        None => text,
    })
}

/// Runs the command (see [`command`]) and takes its trimmed standard output; neither its
/// output, its stderr nor the command itself may reach a message.
fn run_command(command: &str, timeout: Duration, origin: &str) -> Result<Secret, ConfigError> {
    let failed = |problem: String| ConfigError::Command { origin: origin.to_string(), problem };
    let secret = command::run(command, timeout).map_err(|f| failed(f.describe()))?.map_text(str::trim);
    if secret.expose().is_empty() {
        return Err(failed("it printed nothing".into()));
    }
    Ok(secret)
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;

    use super::*;

    const CANARY: &str = "canary-51c0";

    fn spec(kind: AuthKind, source: Source) -> SecretSpec {
        SecretSpec { kind, source, origin: "test source".into() }
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    /// Reads `text` as `kind`'s secret, as if from an environment variable.
    fn value(kind: AuthKind, text: &str) -> Result<Secret, ConfigError> {
        spec(kind, Source::Env("V".into())).read(&|_| Some(text.to_string()))
    }

    fn private_file(dir: &Path, name: &str, content: &str, mode: u32) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, content).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    fn assert_clean(e: &ConfigError) {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(CANARY), "{shown}");
    }

    #[test]
    fn env_source_needs_the_variable() {
        let env = |k: &str| (k == "T").then(|| "00abc".to_string());
        assert_eq!(spec(AuthKind::Ssws, Source::Env("T".into())).read(&env).unwrap().expose(), "00abc");
        let e = spec(AuthKind::Ssws, Source::Env("MISSING".into())).read(&env).unwrap_err();
        assert!(matches!(e, ConfigError::EnvNotSet { .. }) && e.to_string().contains("MISSING"), "{e}");
        let empty = |_: &str| Some(String::new());
        assert!(matches!(
            spec(AuthKind::Ssws, Source::Env("T".into())).read(&empty),
            Err(ConfigError::EnvNotSet { .. })
        ));
    }

    #[test]
    fn file_source_trims_one_newline_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = private_file(dir.path(), "t", "00abc\n", 0o600);
        assert_eq!(spec(AuthKind::Ssws, Source::File(path)).read(&no_env).unwrap().expose(), "00abc");
        let path = private_file(dir.path(), "crlf", "00abc\r\n", 0o400);
        assert_eq!(spec(AuthKind::ClientSecret, Source::File(path)).read(&no_env).unwrap().expose(), "00abc");
        let path = private_file(dir.path(), "two", &format!("{CANARY}\n\n"), 0o600);
        let e = spec(AuthKind::Ssws, Source::File(path)).read(&no_env).unwrap_err();
        assert!(matches!(e, ConfigError::Whitespace { .. }), "{e}");
        assert_clean(&e);
    }

    #[test]
    fn pasted_secrets_with_spaces_refused() {
        for text in [format!(" {CANARY}"), format!("{CANARY} "), format!("abc {CANARY}"), format!("{CANARY}\nurl: x")] {
            let e = value(AuthKind::ClientSecret, &text).unwrap_err();
            assert!(e.to_string().contains("client secret from test source contains whitespace"), "{e}");
            assert_clean(&e);
        }
    }

    #[test]
    fn insecure_files_refused_with_chmod() {
        let dir = tempfile::tempdir().unwrap();
        for mode in [0o644, 0o640, 0o604, 0o660, 0o602, 0o610] {
            let path = private_file(dir.path(), "t", CANARY, mode);
            let e = spec(AuthKind::Ssws, Source::File(path.clone())).read(&no_env).unwrap_err();
            assert!(matches!(e, ConfigError::InsecureFile { .. }), "{mode:o}: {e}");
            assert!(e.to_string().contains(&format!("chmod 600 {}", path.display())), "{e}");
            assert!(e.to_string().contains(&format!("mode {mode:04o}")), "{e}");
            assert_clean(&e);
        }
    }

    #[test]
    fn unreadable_binary_empty_and_huge_files_refused() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let e = spec(AuthKind::Ssws, Source::File(missing)).read(&no_env).unwrap_err();
        assert!(matches!(e, ConfigError::ReadSecretFile { .. }), "{e}");
        let binary = dir.path().join("key.der");
        fs::write(&binary, [0x30, 0x82, 0xff, 0xfe]).unwrap();
        fs::set_permissions(&binary, fs::Permissions::from_mode(0o600)).unwrap();
        let e = spec(AuthKind::PrivateKey, Source::File(binary)).read(&no_env).unwrap_err();
        assert!(e.to_string().contains("not UTF-8"), "{e}");
        let empty = private_file(dir.path(), "empty", "\n", 0o600);
        let e = spec(AuthKind::Ssws, Source::File(empty)).read(&no_env).unwrap_err();
        assert!(matches!(e, ConfigError::EmptySecret { .. }), "{e}");
        let huge = private_file(dir.path(), "huge", &"a".repeat(70_000), 0o600);
        let e = spec(AuthKind::Ssws, Source::File(huge)).read(&no_env).unwrap_err();
        assert!(e.to_string().contains("larger than 64 KiB"), "{e}");
    }

    #[test]
    fn private_keys_must_look_like_pem_or_jwk() {
        let pem = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";
        let key = value(AuthKind::PrivateKey, pem).unwrap();
        assert_eq!(key.expose(), pem.trim());
        assert!(value(AuthKind::PrivateKey, " {\"kty\":\"EC\"}").is_ok());
        let e = value(AuthKind::PrivateKey, CANARY).unwrap_err();
        assert!(matches!(e, ConfigError::NotAKey { .. }), "{e}");
        assert_clean(&e);
    }

    #[test]
    fn command_source_takes_trimmed_stdout() {
        let read = |cmd: &str| {
            let source = Source::Command { command: cmd.into(), timeout: Duration::from_secs(10) };
            spec(AuthKind::Ssws, source).read(&no_env)
        };
        assert_eq!(read("printf '  00tok\\n'").unwrap().expose(), "00tok");
        for (cmd, problem) in [
            (format!("printf {CANARY}; false"), "ended with exit status: 1"),
            (format!("printf {CANARY} >&2; exit 3"), "ended with exit status: 3"),
            ("printf '\\n'".to_string(), "printed nothing"),
            ("true".to_string(), "printed nothing"),
        ] {
            let e = read(&cmd).unwrap_err();
            let msg = e.to_string();
            assert!(matches!(e, ConfigError::Command { .. }) && msg.contains(problem), "{cmd}: {msg}");
            let shown = format!("{msg} {e:?}").replace(&cmd, "");
            assert!(!shown.contains(CANARY), "{shown}");
        }
    }
}
