//! The config file: its TOML shape, and reading it without ever echoing a secret.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::io::ErrorKind;
use std::path::Path;
use std::time::Duration;

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::command::{self, Untrusted};
use super::{ConfigError, ConsoleSettings, HuntSettings, LogSettings};
use crate::files::{self, Limit, ReadError};
use crate::investigate::DetectionConfig;

/// A config file is a few profiles and tables: anything larger is not one.
const MAX_SIZE: Limit = Limit { bytes: 1024 * 1024, words: "1 MiB" };

/// The whole config file: a default profile and named profiles.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigFile {
    /// The profile used when `--profile` is not given.
    pub default_profile: Option<String>,
    /// `[profiles.NAME]` tables, by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileFile>,
    /// `[theme]`: element name → style words (`selected_row = "reverse"`).
    #[serde(default)]
    pub theme: BTreeMap<String, String>,
    /// `[keys]`: action name → keys (`suspend = "S"`, `page_down = "PgDn,ctrl-f"`).
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
    /// `[detections]`: the hunts' thresholds; each key left out keeps its default.
    #[serde(default)]
    pub detections: DetectionConfig,
    /// How long a `*_command` may run, in seconds (default 30).
    pub command_timeout_secs: Option<u64>,
    /// `[hunt]`: how the hunts read.
    #[serde(default)]
    pub hunt: HuntSettings,
    /// `[logs]`: what the console's System Log pane keeps.
    #[serde(default)]
    pub logs: LogSettings,
    /// `[console]`: the bell on live findings, the tails' poll interval.
    #[serde(default)]
    pub console: ConsoleSettings,
    /// Why the file may not name a command, when someone besides you or root could change it
    /// (set by [`read`]; text in hand, as `oktui init` checks, is the caller's own).
    #[serde(skip)]
    pub untrusted: Option<Untrusted>,
}

impl ConfigFile {
    /// How long a `*_command` may run.
    pub fn command_timeout(&self) -> Duration {
        self.command_timeout_secs.map_or(command::DEFAULT_TIMEOUT, Duration::from_secs)
    }
}

/// The auth mode of a profile (`auth = "…"`); each mode has one secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum AuthKind {
    /// An SSWS API token.
    Ssws,
    /// OAuth client credentials with a client secret.
    ClientSecret,
    /// OAuth client credentials with private_key_jwt.
    PrivateKey,
}

impl AuthKind {
    /// Every mode, in the order they are listed to users.
    pub const ALL: [AuthKind; 3] = [AuthKind::Ssws, AuthKind::ClientSecret, AuthKind::PrivateKey];

    /// The value of `auth` for this mode.
    pub fn name(self) -> &'static str {
        match self {
            AuthKind::Ssws => "ssws",
            AuthKind::ClientSecret => "client_secret",
            AuthKind::PrivateKey => "private_key",
        }
    }

    /// The stem of the secret's keys: `token`, `client_secret` or `private_key`.
    pub fn secret_key(self) -> &'static str {
        match self {
            AuthKind::Ssws => "token",
            AuthKind::ClientSecret => "client_secret",
            AuthKind::PrivateKey => "private_key",
        }
    }

    /// The secret in words, without article.
    pub fn secret_noun(self) -> &'static str {
        match self {
            AuthKind::Ssws => "API token",
            AuthKind::ClientSecret => "client secret",
            AuthKind::PrivateKey => "private key",
        }
    }

    /// The secret in words, with article.
    pub fn secret_what(self) -> &'static str {
        match self {
            AuthKind::Ssws => "an API token",
            AuthKind::ClientSecret => "a client secret",
            AuthKind::PrivateKey => "a private key",
        }
    }

    /// The Okta SDK variable that holds this mode's secret.
    pub fn env_var(self) -> &'static str {
        match self {
            AuthKind::Ssws => "OKTA_CLIENT_TOKEN",
            AuthKind::ClientSecret => "OKTA_CLIENT_CLIENTSECRET",
            AuthKind::PrivateKey => "OKTA_CLIENT_PRIVATEKEY",
        }
    }
}

/// One `[profiles.NAME]` table. Secrets appear only as sources (`*_env`, `*_file`,
/// `*_command`); the plain keys are accepted by the parser only to be refused by name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfileFile {
    /// The org URL, validated later by `OrgUrl::parse`.
    pub org_url: Option<String>,
    /// The auth mode; inferred from the secret sources when absent.
    pub auth: Option<AuthKind>,
    /// The OAuth client id (client_secret and private_key modes).
    pub client_id: Option<String>,
    /// The OAuth scopes to request; the console's defaults when absent.
    pub scopes: Option<Vec<String>>,
    /// The `kid` of the private key registered with the app.
    pub key_id: Option<String>,
    /// Refuse every request that would change the org.
    #[serde(default)]
    pub read_only: bool,
    /// A human name for the org, shown in the UI.
    pub label: Option<String>,
    token_env: Option<String>,
    token_file: Option<String>,
    token_command: Option<String>,
    client_secret_env: Option<String>,
    client_secret_file: Option<String>,
    client_secret_command: Option<String>,
    private_key_env: Option<String>,
    private_key_file: Option<String>,
    private_key_command: Option<String>,
    token: Option<IgnoredAny>,
    client_secret: Option<IgnoredAny>,
    private_key: Option<IgnoredAny>,
}

/// Where a profile says one secret comes from, as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SourceKey {
    /// `*_env`: an environment variable's name.
    Env,
    /// `*_file`: a file's path.
    File,
    /// `*_command`: a shell command.
    Command,
}

impl ProfileFile {
    /// The sources the profile sets for `kind`'s secret, with their key names.
    pub fn sources(&self, kind: AuthKind) -> Vec<(SourceKey, &'static str, &str)> {
        let (env, file, command) = match kind {
            AuthKind::Ssws => (
                ("token_env", &self.token_env),
                ("token_file", &self.token_file),
                ("token_command", &self.token_command),
            ),
            AuthKind::ClientSecret => (
                ("client_secret_env", &self.client_secret_env),
                ("client_secret_file", &self.client_secret_file),
                ("client_secret_command", &self.client_secret_command),
            ),
            AuthKind::PrivateKey => (
                ("private_key_env", &self.private_key_env),
                ("private_key_file", &self.private_key_file),
                ("private_key_command", &self.private_key_command),
            ),
        };
        [(SourceKey::Env, env), (SourceKey::File, file), (SourceKey::Command, command)]
            .into_iter()
            .filter_map(|(source, (key, value))| value.as_deref().map(|v| (source, key, v)))
            .collect()
    }

    /// The first secret written in plain text, by key name.
    fn plaintext_secret(&self) -> Option<&'static str> {
        [("token", &self.token), ("client_secret", &self.client_secret), ("private_key", &self.private_key)]
            .into_iter()
            .find_map(|(key, value)| value.map(|_| key))
    }
}

/// Reads the config file, at most 1 MiB of UTF-8 text in a regular file, and notes whether it
/// may name commands. A missing file is `None` unless it was named explicitly.
pub(super) fn read(path: &Path, explicit: bool) -> Result<Option<ConfigFile>, ConfigError> {
    let (text, meta) = match read_text(path) {
        Ok(read) => read,
        Err(ReadError::Io(e)) if e.kind() == ErrorKind::NotFound && !explicit => return Ok(None),
        Err(ReadError::Io(e)) if e.kind() == ErrorKind::NotFound => {
            return Err(ConfigError::ConfigNotFound { path: path.to_path_buf() })
        }
        Err(ReadError::Io(source)) => return Err(ConfigError::ReadConfig { path: path.to_path_buf(), source }),
        Err(e) => return Err(ConfigError::ConfigFormat { path: path.to_path_buf(), problem: e.to_string() }),
    };
    let mut file = parse(path, &text)?;
    file.untrusted = command::untrusted(path, &meta);
    Ok(Some(file))
}

/// The config file's text and its metadata as opened.
pub(super) fn read_text(path: &Path) -> Result<(String, Metadata), ReadError> {
    let mut bytes = Vec::new();
    let meta = files::read_bounded(path, MAX_SIZE, &mut bytes)?;
    let text = String::from_utf8(bytes).map_err(|_| ReadError::NotText)?;
    Ok((text, meta))
}

/// The config file's text, for `oktui init` to add a profile to; `None` when it does not exist.
pub fn existing_text(path: &Path) -> Result<Option<String>, ConfigError> {
    match read_text(path) {
        Ok((text, _)) => Ok(Some(text)),
        Err(ReadError::Io(e)) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(ReadError::Io(source)) => Err(ConfigError::ReadConfig { path: path.to_path_buf(), source }),
        Err(e) => Err(ConfigError::ConfigFormat { path: path.to_path_buf(), problem: e.to_string() }),
    }
}

/// Parses config text; refuses unknown keys, secrets written in plain text and a command
/// timeout out of range.
pub(super) fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| parse_error(path, text, &e))?;
    for (name, profile) in &file.profiles {
        if let Some(key) = profile.plaintext_secret() {
            return Err(ConfigError::PlaintextSecret { path: path.to_path_buf(), profile: name.clone(), key });
        }
    }
    if let Some(secs) = file.command_timeout_secs.filter(|s| !(1..=command::MAX_TIMEOUT_SECS).contains(s)) {
        return Err(ConfigError::CommandTimeout { path: path.to_path_buf(), secs, max: command::MAX_TIMEOUT_SECS });
    }
    Ok(file)
}

/// A parse error with its position but without the offending line or any quoted value, since
/// either may hold a secret.
fn parse_error(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
    let start = error.span().map_or(0, |span| span.start).min(text.len());
    let before = text.get(..start).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ConfigError::Parse { path: path.to_path_buf(), line, column, message: redact_quoted(error.message()) }
}

/// Every key the format knows; these may be repeated in messages.
const KNOWN_WORDS: &[&str] = &[
    "default_profile",
    "profiles",
    "org_url",
    "auth",
    "client_id",
    "scopes",
    "key_id",
    "read_only",
    "label",
    "token",
    "token_env",
    "token_file",
    "token_command",
    "client_secret",
    "client_secret_env",
    "client_secret_file",
    "client_secret_command",
    "private_key",
    "private_key_env",
    "private_key_file",
    "private_key_command",
    "ssws",
    "command_timeout_secs",
];

/// Replaces quoted and backticked text with `…` unless it is a known key, the name in
/// "unknown field `name`", or a token of at most three characters; joins lines.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message.trim();
    while let Some(start) = rest.find(['"', '`']) {
        let delim = if rest[start..].starts_with('"') { '"' } else { '`' };
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find(delim) else {
            out.push(delim);
            out.push('…');
            rest = "";
            break;
        };
        let inner = &after[..end];
        let keep = delim == '`'
            && (inner.chars().count() <= 3 || KNOWN_WORDS.contains(&inner) || out.ends_with("unknown field "));
        out.push(delim);
        out.push_str(if keep { inner } else { "…" });
        out.push(delim);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out.replace('\n', "; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "canary-9d1e";

    fn parse_str(text: &str) -> Result<ConfigFile, ConfigError> {
        parse(Path::new("/cfg/config.toml"), text)
    }

    fn assert_no_canary(e: &ConfigError) {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(CANARY), "{shown}");
    }

    #[test]
    fn parses_profiles() {
        let file = parse_str(
            r#"
            default_profile = "prod"
            [profiles.prod]
            org_url = "https://acme.okta.com"
            auth = "private_key"
            client_id = "0oa1"
            key_id = "k1"
            private_key_file = "~/k.pem"
            scopes = ["okta.users.read"]
            read_only = true
            label = "Production"
            [profiles.dev]
            token_command = "pass show dev"
            "#,
        )
        .unwrap();
        assert_eq!(file.default_profile.as_deref(), Some("prod"));
        let prod = &file.profiles["prod"];
        assert_eq!(prod.auth, Some(AuthKind::PrivateKey));
        assert!(prod.read_only);
        assert_eq!(prod.sources(AuthKind::PrivateKey), vec![(SourceKey::File, "private_key_file", "~/k.pem")]);
        assert!(prod.sources(AuthKind::Ssws).is_empty());
        assert_eq!(
            file.profiles["dev"].sources(AuthKind::Ssws),
            vec![(SourceKey::Command, "token_command", "pass show dev")]
        );
    }

    #[test]
    fn plaintext_secrets_refused_by_name_without_the_value() {
        for key in ["token", "client_secret", "private_key"] {
            let e = parse_str(&format!("[profiles.prod]\n{key} = \"{CANARY}\"\n")).unwrap_err();
            let msg = e.to_string();
            assert!(matches!(e, ConfigError::PlaintextSecret { .. }), "{msg}");
            assert!(msg.contains(&format!("`{key}`")) && msg.contains("profile `prod`"), "{msg}");
            assert!(msg.contains(&format!("{key}_env, {key}_file or {key}_command")), "{msg}");
            assert_no_canary(&e);
        }
    }

    #[test]
    fn unknown_keys_refused_by_name() {
        let e = parse_str(&format!("[profiles.prod]\napi_token = \"{CANARY}\"\n")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("unknown field `api_token`") && msg.contains("line 2, column 1"), "{msg}");
        assert_no_canary(&e);
        let e = parse_str("org_url = \"https://acme.okta.com\"\n").unwrap_err();
        assert!(e.to_string().contains("`org_url`"), "{e}");
    }

    #[test]
    fn syntax_and_type_errors_never_echo_values() {
        for text in [
            format!("[profiles.prod]\ntoken_env = \"{CANARY}"),
            format!("[profiles.prod]\ntoken = \"{CANARY}"),
            format!("[profiles.prod]\nread_only = \"{CANARY}\""),
            format!("[profiles.prod]\nscopes = \"{CANARY}\""),
            format!("[profiles.prod]\nauth = \"{CANARY}\""),
            format!("[profiles.prod]\ntoken = {CANARY}\n"),
            format!("[profiles.prod]\nclient_secret = '''{CANARY}"),
        ] {
            let e = parse_str(&text).unwrap_err();
            assert!(matches!(e, ConfigError::Parse { line: 2, .. }), "{text}: {e}");
            assert!(e.to_string().starts_with("config file /cfg/config.toml, line 2"), "{e}");
            assert_no_canary(&e);
        }
    }

    #[test]
    fn missing_file_is_none_unless_explicit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert!(read(&path, false).unwrap().is_none());
        let e = read(&path, true).unwrap_err();
        assert!(matches!(e, ConfigError::ConfigNotFound { .. }) && e.to_string().contains("--config"), "{e}");
        let e = read(dir.path(), false).unwrap_err();
        assert!(matches!(e, ConfigError::ReadConfig { .. }), "{e}");
    }

    #[test]
    fn redaction_keeps_key_names_only() {
        assert_eq!(
            redact_quoted("invalid type: string \"x\", expected `=`\nmore"),
            "invalid type: string \"…\", expected `=`; more"
        );
        assert_eq!(redact_quoted("unterminated \"abc"), "unterminated \"…");
        assert_eq!(
            redact_quoted("unknown field `api_tok`, expected `org_url`"),
            "unknown field `api_tok`, expected `org_url`"
        );
        assert_eq!(
            redact_quoted("unknown variant `c4n4ry`, expected one of `ssws`, `client_secret`"),
            "unknown variant `…`, expected one of `ssws`, `client_secret`"
        );
        assert_eq!(redact_quoted("invalid type: integer `123456`"), "invalid type: integer `…`");
    }
}
